/*
 * Keys, key files and messages for guidance by file (store/guide.h).  The
 * passphrase slot of a helper's secret key file is the vault's own
 * (slot_wrap, slot_unwrap): the same Argon2id costs, caps and wrap, so a
 * weakness fixed there is fixed here.
 */
#include "store/guide.h"

#include <sodium.h>
#include <string.h>

#include "core/fingerprint.h"
#include "store/slot.h"
#include "util/secret.h"

static const char kdf_ctx[crypto_kdf_CONTEXTBYTES] = {'t', 'e', 'n', 'd',
                                                      'g', 'u', 'i', 'd'};
enum { SUB_SIGN = 1, SUB_BOX = 2, SUB_STATE = 3 };

struct guide_keys {
	uint8_t seed[GUIDE_SEED_BYTES];
	uint8_t sign_sk[crypto_sign_SECRETKEYBYTES];
	uint8_t box_sk[crypto_box_SECRETKEYBYTES];
	struct guide_pub pub;
};

static const char msg_magic[] = "tend-message 1\n";
#define MAGIC_LEN (sizeof(msg_magic) - 1)
#define CHECK_LEN 16
static const char pub_magic[] = "tend-helper-key 1\n";
static const char sec_magic[] = "tend-helper-secret 1\n";
#define HDR_LEN (4 + 1 + 1 + 2 + 8 + 8 + 32 + 32 + 32 + 4)

_Static_assert(GUIDE_KEY_BYTES == crypto_sign_PUBLICKEYBYTES, "sign key");
_Static_assert(GUIDE_KEY_BYTES == crypto_box_PUBLICKEYBYTES, "box key");
_Static_assert(GUIDE_SEED_BYTES == crypto_kdf_KEYBYTES, "seed");
_Static_assert(KEY_LEN == GUIDE_SEED_BYTES, "a slot wraps one seed");

void
guide_random(void *p, size_t n)
{
	if (sodium_init() < 0)
		abort();
	randombytes_buf(p, n);
}

static struct guide_keys *
keys_derive(struct guide_keys *k)
{
	uint8_t sub[32];

	crypto_kdf_derive_from_key(sub, sizeof(sub), SUB_SIGN, kdf_ctx,
	                           k->seed);
	crypto_sign_seed_keypair(k->pub.sign, k->sign_sk, sub);
	crypto_kdf_derive_from_key(sub, sizeof(sub), SUB_BOX, kdf_ctx, k->seed);
	crypto_box_seed_keypair(k->pub.box, k->box_sk, sub);
	sodium_memzero(sub, sizeof(sub));
	return k;
}

struct guide_keys *
guide_keys_from_seed(const uint8_t seed[GUIDE_SEED_BYTES])
{
	struct guide_keys *k;

	if (sodium_init() < 0)
		return NULL;
	k = sodium_malloc(sizeof(*k));
	if (!k)
		return NULL;
	memcpy(k->seed, seed, GUIDE_SEED_BYTES);
	return keys_derive(k);
}

struct guide_keys *
guide_keys_new(void)
{
	struct guide_keys *k;

	if (sodium_init() < 0)
		return NULL;
	k = sodium_malloc(sizeof(*k));
	if (!k)
		return NULL;
	crypto_kdf_keygen(k->seed);
	return keys_derive(k);
}

void
guide_keys_free(struct guide_keys *k)
{
	if (k)
		sodium_free(k); /* zeroes before freeing */
}

const struct guide_pub *
guide_keys_pub(const struct guide_keys *k)
{
	return &k->pub;
}

const uint8_t *
guide_keys_seed(const struct guide_keys *k)
{
	return k->seed;
}

void
guide_pub_id(const struct guide_pub *p, uint8_t id[GUIDE_ID_BYTES])
{
	static const char label[] = "tend guide id 1";
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, GUIDE_ID_BYTES);
	crypto_generichash_update(&st, (const uint8_t *)label,
	                          sizeof(label) - 1);
	crypto_generichash_update(&st, p->sign, sizeof(p->sign));
	crypto_generichash_update(&st, p->box, sizeof(p->box));
	crypto_generichash_final(&st, id, GUIDE_ID_BYTES);
}

bool
guide_pub_equal(const struct guide_pub *a, const struct guide_pub *b)
{
	return sodium_memcmp(a->sign, b->sign, sizeof(a->sign)) == 0 &&
	       sodium_memcmp(a->box, b->box, sizeof(a->box)) == 0;
}

/* ---- hex and key files ---- */

void
guide_hex(const uint8_t *p, size_t n, struct buf *out)
{
	static const char digits[] = "0123456789abcdef";

	buf_grow(out, 2 * n);
	for (size_t i = 0; i < n; i++) {
		buf_addc(out, digits[p[i] >> 4]);
		buf_addc(out, digits[p[i] & 15]);
	}
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
guide_unhex(const char *hex, uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int hi = hexval(hex[2 * i]), lo;

		if (hi < 0)
			return -1;
		lo = hexval(hex[2 * i + 1]);
		if (lo < 0)
			return -1;
		p[i] = (uint8_t)(hi << 4 | lo);
	}
	return hex[2 * n] == '\0' ? 0 : -1;
}

/*
 * Splits text into its lines that are not comments or blank, trailing
 * blanks cut: *nlines of at most max, each a fresh NUL-terminated copy in
 * lines (free with free()).  Returns 0, or -1 when there are more, a line
 * is too long, or a NUL byte is in the text.
 */
static int
key_lines(const char *text, size_t len, char lines[][200], size_t max,
          size_t *nlines)
{
	size_t n = 0, i = 0;

	if (memchr(text, '\0', len))
		return -1;
	while (i < len) {
		size_t j = i, k;

		while (j < len && text[j] != '\n')
			j++;
		k = j;
		while (k > i && strchr(" \t\r", text[k - 1]))
			k--;
		if (k > i && text[i] != '#') {
			if (n == max || k - i >= 200)
				return -1;
			memcpy(lines[n], text + i, k - i);
			lines[n][k - i] = '\0';
			n++;
		}
		i = j + 1;
	}
	*nlines = n;
	return 0;
}

void
guide_pub_encode(const struct guide_pub *p, struct buf *out)
{
	uint8_t id[GUIDE_ID_BYTES];

	guide_pub_id(p, id);
	buf_adds(out, pub_magic);
	guide_hex(p->sign, sizeof(p->sign), out);
	guide_hex(p->box, sizeof(p->box), out);
	buf_adds(out, "\nfingerprint: ");
	fingerprint_words(id, out);
	buf_addc(out, '\n');
}

enum guide_err
guide_pub_decode(const char *text, size_t len, struct guide_pub *out)
{
	char lines[4][200];
	uint8_t raw[64], id[GUIDE_ID_BYTES], fp[FINGERPRINT_WORDS];
	size_t n;

	if (key_lines(text, len, lines, 4, &n) < 0 || n < 2 ||
	    strncmp(lines[0], pub_magic, sizeof(pub_magic) - 2) != 0 ||
	    lines[0][sizeof(pub_magic) - 2] != '\0' ||
	    guide_unhex(lines[1], raw, sizeof(raw)) < 0)
		return GUIDE_ERR_FORMAT;
	memcpy(out->sign, raw, 32);
	memcpy(out->box, raw + 32, 32);
	guide_pub_id(out, id);
	for (size_t i = 2; i < n; i++) {
		if (strncmp(lines[i], "fingerprint:", 12) != 0)
			return GUIDE_ERR_FORMAT;
		if (fingerprint_parse(lines[i] + 12, fp, sizeof(fp)) !=
		            FINGERPRINT_WORDS ||
		    memcmp(fp, id, sizeof(fp)) != 0)
			return GUIDE_ERR_DAMAGED;
	}
	return GUIDE_OK;
}

/* The secret file's bytes: file id, slot fields, public half. */
#define SEC_RAW (16 + 1 + 1 + 4 + 4 + SALT_LEN + NONCE_LEN + WRAPPED_LEN + 64)

static void
put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static void
put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t
get64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static enum guide_err
from_vault_err(enum vault_err e)
{
	switch (e) {
	case VAULT_OK:
		return GUIDE_OK;
	case VAULT_ERR_AUTH:
		return GUIDE_ERR_AUTH;
	case VAULT_ERR_LIMITS:
		return GUIDE_ERR_LIMITS;
	case VAULT_ERR_NOMEM:
		return GUIDE_ERR_NOMEM;
	default:
		return GUIDE_ERR_CRYPTO;
	}
}

enum guide_err
guide_secret_encode(const struct guide_keys *k, const char *passphrase,
                    const struct vault_kdf *kdf, struct buf *out)
{
	uint8_t raw[SEC_RAW], *p = raw;
	struct slot s;
	enum vault_err e;

	if (vault_global_init() != VAULT_OK)
		return GUIDE_ERR_CRYPTO;
	randombytes_buf(p, 16);
	e = slot_wrap(&s, SLOT_PASSPHRASE, kdf, p, k->seed,
	              (const uint8_t *)passphrase, strlen(passphrase));
	if (e != VAULT_OK)
		return from_vault_err(e);
	p += 16;
	*p++ = s.type;
	*p++ = s.alg;
	put32(p, s.opslimit);
	p += 4;
	put32(p, s.mem_kib);
	p += 4;
	memcpy(p, s.salt, SALT_LEN);
	p += SALT_LEN;
	memcpy(p, s.nonce, NONCE_LEN);
	p += NONCE_LEN;
	memcpy(p, s.wrapped, WRAPPED_LEN);
	p += WRAPPED_LEN;
	memcpy(p, k->pub.sign, 32);
	memcpy(p + 32, k->pub.box, 32);
	buf_adds(out, sec_magic);
	guide_hex(raw, sizeof(raw), out);
	buf_addc(out, '\n');
	return GUIDE_OK;
}

enum guide_err
guide_secret_decode(const char *text, size_t len, const char *passphrase,
                    struct guide_pub *pub, struct guide_keys **out)
{
	char lines[3][200];
	char *hex = NULL;
	uint8_t raw[SEC_RAW], *p = raw + 16;
	struct guide_pub filepub;
	struct guide_keys *k = NULL;
	struct slot s;
	size_t n, i = sizeof(sec_magic) - 1;
	enum guide_err ge = GUIDE_ERR_FORMAT;
	enum vault_err e;

	*out = NULL;
	/* The hex line is longer than key_lines' lines: read it here. */
	if (len < i || memcmp(text, sec_magic, i) != 0 ||
	    memchr(text, '\0', len))
		return GUIDE_ERR_FORMAT;
	{
		size_t j = i;

		while (j < len && text[j] != '\n')
			j++;
		if (j - i != 2 * SEC_RAW)
			return GUIDE_ERR_FORMAT;
		hex = strndup(text + i, j - i);
		if (!hex)
			return GUIDE_ERR_NOMEM;
		if (guide_unhex(hex, raw, sizeof(raw)) < 0) {
			free(hex);
			return GUIDE_ERR_FORMAT;
		}
		free(hex);
		if (j < len &&
		    (key_lines(text + j, len - j, lines, 3, &n) < 0 || n))
			return GUIDE_ERR_FORMAT;
	}
	s.type = *p++;
	s.alg = *p++;
	s.opslimit = get32(p);
	p += 4;
	s.mem_kib = get32(p);
	p += 4;
	memcpy(s.salt, p, SALT_LEN);
	p += SALT_LEN;
	memcpy(s.nonce, p, NONCE_LEN);
	p += NONCE_LEN;
	memcpy(s.wrapped, p, WRAPPED_LEN);
	p += WRAPPED_LEN;
	memcpy(filepub.sign, p, 32);
	memcpy(filepub.box, p + 32, 32);
	if (s.type != SLOT_PASSPHRASE || s.alg != KDF_ARGON2ID13)
		return GUIDE_ERR_FORMAT;
	if (!slot_kdf_ok(s.opslimit, (uint64_t)s.mem_kib * 1024))
		return GUIDE_ERR_LIMITS;
	if (pub)
		*pub = filepub;
	if (!passphrase)
		return GUIDE_OK;
	if (vault_global_init() != VAULT_OK)
		return GUIDE_ERR_CRYPTO;
	k = sodium_malloc(sizeof(*k));
	if (!k)
		return GUIDE_ERR_NOMEM;
	e = slot_unwrap(&s, raw, k->seed, (const uint8_t *)passphrase,
	                strlen(passphrase));
	if (e != VAULT_OK) {
		ge = from_vault_err(e);
		goto fail;
	}
	keys_derive(k);
	if (!guide_pub_equal(&k->pub, &filepub)) {
		ge = GUIDE_ERR_DAMAGED;
		goto fail;
	}
	*out = k;
	return GUIDE_OK;
fail:
	guide_keys_free(k);
	return ge;
}

/* ---- messages ---- */

bool
guide_is_message(const void *data, size_t len)
{
	return len >= MAGIC_LEN && memcmp(data, msg_magic, MAGIC_LEN) == 0;
}

/* The recipient check: BLAKE2b-128 keyed with the X25519 shared secret,
 * over the ephemeral public key. */
static int
recipient_check(const uint8_t *pk, const uint8_t *sk, const uint8_t *eph_pk,
                uint8_t check[CHECK_LEN])
{
	static const char label[] = "tend recipient check 1";
	uint8_t shared[crypto_scalarmult_BYTES];
	crypto_generichash_state st;

	if (crypto_scalarmult(shared, sk, pk) != 0)
		return -1;
	crypto_generichash_init(&st, shared, sizeof(shared), CHECK_LEN);
	crypto_generichash_update(&st, (const uint8_t *)label,
	                          sizeof(label) - 1);
	crypto_generichash_update(&st, eph_pk, crypto_box_PUBLICKEYBYTES);
	crypto_generichash_final(&st, check, CHECK_LEN);
	sodium_memzero(shared, sizeof(shared));
	return 0;
}

enum guide_err
guide_seal(const struct guide_keys *from, const struct guide_pub *to,
           enum guide_kind kind, uint64_t seq, int64_t created,
           const void *body, size_t len, struct buf *out)
{
	struct buf m = BUF_INIT;
	uint8_t hdr[HDR_LEN], *p = hdr, id[GUIDE_ID_BYTES];
	uint8_t eph_pk[crypto_box_PUBLICKEYBYTES],
	        eph_sk[crypto_box_SECRETKEYBYTES];
	uint8_t nonce[crypto_box_NONCEBYTES], check[CHECK_LEN];
	uint8_t sig[crypto_sign_BYTES];
	crypto_generichash_state st;
	size_t start, clen;
	enum guide_err ge = GUIDE_ERR_CRYPTO;

	if (len > GUIDE_MAX_BODY)
		return GUIDE_ERR_FORMAT;
	if (sodium_init() < 0)
		return GUIDE_ERR_CRYPTO;
	memcpy(p, "TGM1", 4);
	p[4] = 1;
	p[5] = (uint8_t)kind;
	p[6] = p[7] = 0;
	put64(p + 8, seq);
	put64(p + 16, (uint64_t)created);
	memcpy(p + 24, from->pub.sign, 32);
	memcpy(p + 56, from->pub.box, 32);
	guide_pub_id(to, id);
	memcpy(p + 88, id, 32);
	put32(p + 120, (uint32_t)len);
	buf_add(&m, hdr, sizeof(hdr));
	buf_add(&m, body, len);
	crypto_sign_detached(sig, NULL, (const uint8_t *)m.data, m.len,
	                     from->sign_sk);
	buf_add(&m, sig, sizeof(sig));

	/* crypto_box_seal by hand, to keep the ephemeral secret for the
	 * recipient check; the bytes are crypto_box_seal's. */
	crypto_box_keypair(eph_pk, eph_sk);
	if (recipient_check(to->box, eph_sk, eph_pk, check) < 0)
		goto out;
	crypto_generichash_init(&st, NULL, 0, sizeof(nonce));
	crypto_generichash_update(&st, eph_pk, sizeof(eph_pk));
	crypto_generichash_update(&st, to->box, sizeof(to->box));
	crypto_generichash_final(&st, nonce, sizeof(nonce));
	buf_adds(out, msg_magic);
	buf_add(out, check, sizeof(check));
	buf_add(out, eph_pk, sizeof(eph_pk));
	start = out->len;
	clen = m.len + crypto_box_MACBYTES;
	buf_grow(out, clen);
	if (crypto_box_easy((uint8_t *)out->data + start,
	                    (const uint8_t *)m.data, m.len, nonce, to->box,
	                    eph_sk) != 0)
		goto out;
	out->len = start + clen;
	out->data[out->len] = '\0';
	ge = GUIDE_OK;
out:
	sodium_memzero(eph_sk, sizeof(eph_sk));
	buf_wipe(&m);
	return ge;
}

enum guide_err
guide_open(const struct guide_keys *me, const void *data, size_t len,
           struct guide_header *h, struct buf *body)
{
	const uint8_t *d = data, *eph_pk, *p;
	uint8_t check[CHECK_LEN], myid[GUIDE_ID_BYTES];
	struct buf m = BUF_INIT;
	size_t sealed_len, mlen, blen;
	enum guide_err ge = GUIDE_ERR_DAMAGED;

	if (sodium_init() < 0)
		return GUIDE_ERR_CRYPTO;
	if (!guide_is_message(data, len) || len > GUIDE_MAX_MESSAGE)
		return GUIDE_ERR_FORMAT;
	if (len < MAGIC_LEN + CHECK_LEN + crypto_box_SEALBYTES + HDR_LEN +
	                  crypto_sign_BYTES)
		return GUIDE_ERR_DAMAGED;
	eph_pk = d + MAGIC_LEN + CHECK_LEN;
	if (recipient_check(eph_pk, me->box_sk, eph_pk, check) < 0 ||
	    sodium_memcmp(check, d + MAGIC_LEN, CHECK_LEN) != 0)
		return GUIDE_ERR_RECIPIENT;
	sealed_len = len - MAGIC_LEN - CHECK_LEN;
	mlen = sealed_len - crypto_box_SEALBYTES;
	buf_grow(&m, mlen);
	if (crypto_box_seal_open((uint8_t *)m.data, eph_pk, sealed_len,
	                         me->pub.box, me->box_sk) != 0)
		goto out;
	m.len = mlen;
	p = (const uint8_t *)m.data;
	if (memcmp(p, "TGM1", 4) != 0 || p[4] != 1 ||
	    (p[5] != GUIDE_SUMMARY && p[5] != GUIDE_REPLY) || p[6] || p[7])
		goto out;
	blen = get32(p + 120);
	if (blen != mlen - HDR_LEN - crypto_sign_BYTES)
		goto out;
	guide_pub_id(&me->pub, myid);
	if (sodium_memcmp(p + 88, myid, sizeof(myid)) != 0) {
		ge = GUIDE_ERR_RECIPIENT;
		goto out;
	}
	if (crypto_sign_verify_detached(p + HDR_LEN + blen, p, HDR_LEN + blen,
	                                p + 24) != 0)
		goto out;
	h->kind = (enum guide_kind)p[5];
	h->seq = get64(p + 8);
	h->created = (int64_t)get64(p + 16);
	memcpy(h->sender.sign, p + 24, 32);
	memcpy(h->sender.box, p + 56, 32);
	memcpy(h->recipient, p + 88, 32);
	buf_add(body, p + HDR_LEN, blen);
	ge = GUIDE_OK;
out:
	buf_wipe(&m);
	return ge;
}

/* The key of the helper's own state box. */
static void
state_key(const struct guide_keys *k,
          uint8_t key[crypto_aead_xchacha20poly1305_ietf_KEYBYTES])
{
	crypto_kdf_derive_from_key(key,
	                           crypto_aead_xchacha20poly1305_ietf_KEYBYTES,
	                           SUB_STATE, kdf_ctx, k->seed);
}

void
guide_box_seal(const struct guide_keys *k, const void *data, size_t len,
               struct buf *out)
{
	uint8_t key[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
	uint8_t nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
	size_t start;
	unsigned long long clen;

	state_key(k, key);
	randombytes_buf(nonce, sizeof(nonce));
	buf_add(out, nonce, sizeof(nonce));
	start = out->len;
	buf_grow(out, len + crypto_aead_xchacha20poly1305_ietf_ABYTES);
	crypto_aead_xchacha20poly1305_ietf_encrypt((uint8_t *)out->data + start,
	                                           &clen, data, len, NULL, 0,
	                                           NULL, nonce, key);
	out->len = start + (size_t)clen;
	out->data[out->len] = '\0';
	sodium_memzero(key, sizeof(key));
}

enum guide_err
guide_box_open(const struct guide_keys *k, const void *data, size_t len,
               struct buf *out)
{
	uint8_t key[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
	const uint8_t *d = data;
	size_t nl = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
	       al = crypto_aead_xchacha20poly1305_ietf_ABYTES, start;
	unsigned long long mlen;
	int rc;

	if (len < nl + al)
		return GUIDE_ERR_DAMAGED;
	state_key(k, key);
	start = out->len;
	buf_grow(out, len - nl - al);
	rc = crypto_aead_xchacha20poly1305_ietf_decrypt(
	        (uint8_t *)out->data + start, &mlen, NULL, d + nl, len - nl,
	        NULL, 0, d, key);
	sodium_memzero(key, sizeof(key));
	if (rc != 0)
		return GUIDE_ERR_DAMAGED;
	out->len = start + (size_t)mlen;
	out->data[out->len] = '\0';
	return GUIDE_OK;
}
