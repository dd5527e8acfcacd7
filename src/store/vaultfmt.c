/*
 * The bytes of a vault file, format v1 (tend-vault(5)): the fixed header,
 * the key slots' 100-byte records and the tail (payload nonce, payload
 * length, checksum), all integers little-endian, and the payload sealed
 * with XChaCha20-Poly1305 under the data key, the whole header as its
 * associated data.  Parsing holds every
 * field to hard limits before anything is derived or decrypted, so a
 * crafted file costs no more than a real one; damage of any header byte
 * shows as a damaged file (the checksum), never as a wrong passphrase.
 */
#include "store/vaultfmt.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/vaultpriv.h"

static const uint8_t magic[8] = {0x89, 'T', 'N', 'D', '\r', '\n', 0x1a, '\n'};

/* ---- little-endian fields ---- */

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void
put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void
put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t
get32(const uint8_t *p)
{
	uint32_t v = 0;

	for (int i = 3; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static uint64_t
get64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

void
vaultfmt_slot_encode(const struct slot *s, uint8_t *p)
{
	memset(p, 0, SLOT_SIZE);
	p[0] = s->type;
	p[1] = s->alg;
	put32(p + 4, s->opslimit);
	put32(p + 8, s->mem_kib);
	memcpy(p + 12, s->salt, SALT_LEN);
	memcpy(p + 28, s->nonce, NONCE_LEN);
	memcpy(p + 52, s->wrapped, WRAPPED_LEN);
}

/* ---- the header ---- */

size_t
vaultfmt_header_size(int nslots)
{
	return OFF_SLOTS + (size_t)nslots * SLOT_SIZE + TAIL_SIZE;
}

/* Writes the header for v with the given generation, payload nonce and
 * ciphertext length into p (vaultfmt_header_size bytes), checksum included. */
void
vaultfmt_header_encode(const struct vault *v, uint64_t gen,
                       const uint8_t *pnonce, uint64_t clen, uint8_t *p)
{
	size_t hlen = vaultfmt_header_size(v->nslots);
	uint8_t *t;

	memset(p, 0, hlen);
	memcpy(p, magic, sizeof(magic));
	put16(p + OFF_VERSION, FORMAT_VERSION);
	put16(p + OFF_FLAGS, 0);
	put32(p + OFF_HLEN, (uint32_t)hlen);
	memcpy(p + OFF_FILE_ID, v->file_id, 16);
	put64(p + OFF_GEN, gen);
	p[OFF_NSLOTS] = (uint8_t)v->nslots;
	for (int i = 0; i < v->nslots; i++)
		vaultfmt_slot_encode(&v->slots[i],
		                     p + OFF_SLOTS + i * SLOT_SIZE);
	t = p + OFF_SLOTS + v->nslots * SLOT_SIZE;
	memcpy(t, pnonce, NONCE_LEN);
	put64(t + NONCE_LEN, clen);
	crypto_generichash(t + 32, CHECKSUM_LEN, p, hlen - CHECKSUM_LEN, NULL,
	                   0);
}

static int
all_zero(const uint8_t *p, size_t n)
{
	uint8_t acc = 0;

	for (size_t i = 0; i < n; i++)
		acc |= p[i];
	return acc == 0;
}

/*
 * Checks and parses a whole vault file held in buf.  Damage of any byte of
 * the header shows as VAULT_ERR_DAMAGED (the checksum), never as a wrong
 * passphrase; damage of the payload is found by the AEAD on unlock.
 */
enum vault_err
vaultfmt_header_parse(struct vault *v, const uint8_t *buf, size_t len)
{
	uint8_t sum[CHECKSUM_LEN];
	size_t hlen;
	const uint8_t *t;
	uint64_t clen;
	int nslots, seen = 0;

	if (len < OFF_SLOTS || memcmp(buf, magic, sizeof(magic)) != 0)
		return VAULT_ERR_DAMAGED;
	if (get16(buf + OFF_VERSION) != FORMAT_VERSION)
		return get16(buf + OFF_VERSION) > FORMAT_VERSION &&
		                       get16(buf + OFF_VERSION) < 256
		               ? VAULT_ERR_VERSION
		               : VAULT_ERR_DAMAGED;
	hlen = get32(buf + OFF_HLEN);
	if (hlen < vaultfmt_header_size(1) || hlen > VAULT_MAX_HEADER ||
	    hlen > len)
		return VAULT_ERR_DAMAGED;
	crypto_generichash(sum, sizeof(sum), buf, hlen - CHECKSUM_LEN, NULL, 0);
	if (sodium_memcmp(sum, buf + hlen - CHECKSUM_LEN, CHECKSUM_LEN) != 0)
		return VAULT_ERR_DAMAGED;
	/* From here on the header is what its writer wrote: anything odd is
	 * a crafted file, reported as damage (or limits) all the same. */
	nslots = buf[OFF_NSLOTS];
	if (nslots < 1 || nslots > MAX_SLOTS ||
	    hlen != vaultfmt_header_size(nslots) ||
	    get16(buf + OFF_FLAGS) != 0 || !all_zero(buf + OFF_NSLOTS + 1, 7))
		return VAULT_ERR_DAMAGED;
	memcpy(v->file_id, buf + OFF_FILE_ID, 16);
	v->generation = get64(buf + OFF_GEN);
	v->nslots = nslots;
	for (int i = 0; i < nslots; i++) {
		const uint8_t *p = buf + OFF_SLOTS + i * SLOT_SIZE;
		struct slot *s = &v->slots[i];

		s->type = p[0];
		s->alg = p[1];
		s->opslimit = get32(p + 4);
		s->mem_kib = get32(p + 8);
		memcpy(s->salt, p + 12, SALT_LEN);
		memcpy(s->nonce, p + 28, NONCE_LEN);
		memcpy(s->wrapped, p + 52, WRAPPED_LEN);
		if ((s->type != SLOT_PASSPHRASE && s->type != SLOT_RECOVERY) ||
		    (seen & (1 << s->type)) || s->alg != KDF_ARGON2ID13 ||
		    get16(p + 2) != 0)
			return VAULT_ERR_DAMAGED;
		seen |= 1 << s->type;
		if (!slot_kdf_ok(s->opslimit, (uint64_t)s->mem_kib * 1024))
			return VAULT_ERR_LIMITS;
	}
	t = buf + OFF_SLOTS + nslots * SLOT_SIZE;
	clen = get64(t + NONCE_LEN);
	if (clen < TAG_LEN || clen > VAULT_MAX_PAYLOAD || len - hlen != clen)
		return VAULT_ERR_DAMAGED;
	v->header_len = hlen;
	return VAULT_OK;
}

/* Reads the file id and generation of the vault on disk. */
enum vault_err
vaultfmt_disk_generation(const char *path, uint8_t file_id[16], uint64_t *gen)
{
	uint8_t head[OFF_SLOTS];
	/* Non-blocking: a FIFO put in the vault's place must not hang a save
	 * that holds the lock; the type is checked on the open descriptor. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK |
	                            O_NOCTTY);
	struct stat st;
	ssize_t n;

	if (fd < 0) {
		if (errno == ENOENT)
			return VAULT_ERR_NOENT;
		if (errno == ELOOP)
			return VAULT_ERR_NOTFILE;
		return vault_io_error(errno, path);
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return VAULT_ERR_NOTFILE;
	}
	n = pread(fd, head, sizeof(head), 0);
	close(fd);
	if (n != (ssize_t)sizeof(head) || memcmp(head, magic, 8) != 0)
		return VAULT_ERR_DAMAGED;
	memcpy(file_id, head + OFF_FILE_ID, 16);
	*gen = get64(head + OFF_GEN);
	return VAULT_OK;
}

/* ---- the payload ---- */

size_t
vaultfmt_payload_len(const struct vault *v)
{
	return v->file_len - v->header_len - TAG_LEN;
}

enum vault_err
vaultfmt_unseal(const struct vault *v, unsigned char *image)
{
	const uint8_t *t = v->file + v->header_len - TAIL_SIZE;
	size_t clen = v->file_len - v->header_len;

	if (crypto_aead_xchacha20poly1305_ietf_decrypt(
	            image, NULL, NULL, v->file + v->header_len, clen, v->file,
	            v->header_len, t, v->dek) != 0)
		return VAULT_ERR_DAMAGED;
	return VAULT_OK;
}

enum vault_err
vaultfmt_seal(const struct vault *v, uint64_t gen, const unsigned char *image,
              size_t n, uint8_t **out, size_t *outlen)
{
	uint8_t pnonce[NONCE_LEN];
	size_t hlen = vaultfmt_header_size(v->nslots), clen = n + TAG_LEN;
	uint8_t *buf;

	*out = NULL;
	buf = malloc(hlen + clen);
	if (!buf)
		return VAULT_ERR_NOMEM;
	randombytes_buf(pnonce, sizeof(pnonce));
	vaultfmt_header_encode(v, gen, pnonce, clen, buf);
	crypto_aead_xchacha20poly1305_ietf_encrypt(
	        buf + hlen, NULL, image ? image : (const unsigned char *)"",
	        (unsigned long long)n, buf, hlen, NULL, pnonce, v->dek);
	*out = buf;
	*outlen = hlen + clen;
	return VAULT_OK;
}
