/*
 * Key slots and the cost of deriving their keys (tend-vault(5)).  A slot
 * wraps the vault's data key with XChaCha20-Poly1305 under a key derived by
 * Argon2id from a secret (the passphrase, or the recovery code's 128
 * bits); its associated data binds the slot's own fields and the file id,
 * so a slot cannot be moved to another vault or relabelled.  The cost comes
 * from libsodium's named levels or from a calibration run at creation, and
 * every slot read from a file is held to the hard caps in store/vault.h.
 */
#include "store/slot.h"

#include <sodium.h>
#include <string.h>
#include <time.h>

#include "store/kdfq.h"
#include "store/vaultpriv.h"

/* ---- KDF parameters ---- */

int
vault_kdf_parse(const char *name, enum vault_kdf_level *out)
{
	if (strcmp(name, "interactive") == 0)
		*out = VAULT_KDF_INTERACTIVE;
	else if (strcmp(name, "moderate") == 0)
		*out = VAULT_KDF_MODERATE;
	else if (strcmp(name, "sensitive") == 0)
		*out = VAULT_KDF_SENSITIVE;
	else
		return -1;
	return 0;
}

static double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double
time_pwhash(unsigned long long ops, size_t mem)
{
	static const uint8_t salt[crypto_pwhash_SALTBYTES];
	uint8_t key[KEY_LEN];
	double t0 = now_seconds();

	if (crypto_pwhash(key, sizeof(key), "calibrate", 9, salt, ops, mem,
	                  crypto_pwhash_ALG_ARGON2ID13) != 0)
		return -1;
	sodium_memzero(key, sizeof(key));
	return now_seconds() - t0;
}

/*
 * Measures Argon2id over 64 MiB with one and with two passes: the
 * difference is the cost of a pass, the rest the cost of setting up the
 * memory.  Then picks the most memory (256, 128 or 64 MiB) that still
 * allows at least two passes within the target of 0.5 s, and as many
 * passes (2..4) as fit.
 */
static enum vault_err
calibrate(struct vault_kdf *out)
{
	const uint64_t mib = 1024 * 1024;
	const double target = 0.5;
	double t1, t2, pass, fixed;

	t1 = time_pwhash(1, 64 * mib);
	t2 = time_pwhash(2, 64 * mib);
	if (t1 < 0 || t2 < 0)
		return VAULT_ERR_NOMEM;
	pass = t2 - t1;
	if (pass <= 1e-4)
		pass = t2 / 2 > 1e-4 ? t2 / 2 : 1e-4;
	fixed = t1 > pass ? t1 - pass : 0;
	out->opslimit = 2;
	out->memlimit = 64 * mib;
	for (uint64_t m = 256; m >= 64; m /= 2) {
		double scale = (double)m / 64.0;
		double ops = (target / scale - fixed) / pass;

		if (ops >= 2) {
			out->opslimit = ops >= 4 ? 4 : (uint32_t)ops;
			out->memlimit = m * mib;
			break;
		}
	}
	return VAULT_OK;
}

static uint64_t mem_cap; /* vault_kdf_set_cap; 0: none */

void
vault_kdf_set_cap(uint64_t max_memory)
{
	mem_cap = max_memory & ~(uint64_t)1023;
	if (mem_cap && mem_cap < crypto_pwhash_MEMLIMIT_MIN)
		mem_cap = crypto_pwhash_MEMLIMIT_MIN;
}

bool
vault_kdf_apply_cap(struct vault_kdf *k)
{
	uint64_t ops;

	if (!mem_cap || k->memlimit <= mem_cap)
		return false;
	/* The same work in less memory: passes go up as memory goes down
	 * (within the cap on passes). */
	ops = ((uint64_t)k->opslimit * k->memlimit + mem_cap - 1) / mem_cap;
	k->opslimit =
	        ops > VAULT_MAX_OPSLIMIT ? VAULT_MAX_OPSLIMIT : (uint32_t)ops;
	k->memlimit = mem_cap;
	return true;
}

bool
vault_kdf_over_cap(const struct vault *v)
{
	const struct slot *s =
	        slot_find((struct vault *)(uintptr_t)v, SLOT_PASSPHRASE);

	return mem_cap && s && (uint64_t)s->mem_kib * 1024 > mem_cap;
}

enum vault_err
vault_kdf_params(enum vault_kdf_level level, struct vault_kdf *out)
{
	enum vault_err e = vault_global_init();

	if (e != VAULT_OK)
		return e;
	switch (level) {
	case VAULT_KDF_INTERACTIVE:
		out->opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
		out->memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
		break;
	case VAULT_KDF_MODERATE:
		out->opslimit = crypto_pwhash_OPSLIMIT_MODERATE;
		out->memlimit = crypto_pwhash_MEMLIMIT_MODERATE;
		break;
	case VAULT_KDF_SENSITIVE:
		out->opslimit = crypto_pwhash_OPSLIMIT_SENSITIVE;
		out->memlimit = crypto_pwhash_MEMLIMIT_SENSITIVE;
		break;
	case VAULT_KDF_TEST:
		out->opslimit = crypto_pwhash_OPSLIMIT_MIN;
		out->memlimit = crypto_pwhash_MEMLIMIT_MIN;
		break;
	case VAULT_KDF_CALIBRATED:
		e = calibrate(out);
		break;
	}
	(void)vault_kdf_apply_cap(out);
	return e;
}

int
slot_kdf_ok(uint32_t ops, uint64_t mem)
{
	return ops >= crypto_pwhash_OPSLIMIT_MIN && ops <= VAULT_MAX_OPSLIMIT &&
	       mem >= crypto_pwhash_MEMLIMIT_MIN && mem <= VAULT_MAX_MEMLIMIT &&
	       mem % 1024 == 0;
}

/* ---- slots ---- */

/* The associated data of a wrap: the slot's first 28 bytes, then the file
 * id, so that a slot cannot be moved to another vault or re-labelled. */
static void
slot_ad(const struct slot *s, const uint8_t file_id[16],
        uint8_t ad[SLOT_AD_LEN + 16])
{
	uint8_t enc[SLOT_SIZE];

	vaultfmt_slot_encode(s, enc);
	memcpy(ad, enc, SLOT_AD_LEN);
	memcpy(ad + SLOT_AD_LEN, file_id, 16);
}

/* Argon2id, in turn with the other derivations on this computer
 * (store/kdfq.h). */
static enum vault_err
derive(uint8_t *kek, const struct slot *s, const uint8_t *secret,
       size_t secret_len)
{
	uint64_t mem = (uint64_t)s->mem_kib * 1024;
	struct kdfq *q = kdfq_enter(mem);
	int rc = crypto_pwhash(kek, KEY_LEN, (const char *)secret, secret_len,
	                       s->salt, s->opslimit, (size_t)mem,
	                       crypto_pwhash_ALG_ARGON2ID13);

	kdfq_leave(q);
	return rc == 0 ? VAULT_OK : VAULT_ERR_NOMEM;
}

/* Fills s (new salt and nonce) wrapping dek under secret. */
enum vault_err
slot_wrap(struct slot *s, int type, const struct vault_kdf *kdf,
          const uint8_t file_id[16], const uint8_t *dek, const uint8_t *secret,
          size_t secret_len)
{
	uint8_t ad[SLOT_AD_LEN + 16];
	uint8_t *kek;
	enum vault_err e;

	if (!slot_kdf_ok(kdf->opslimit, kdf->memlimit))
		return VAULT_ERR_LIMITS;
	kek = sodium_malloc(KEY_LEN);
	if (!kek)
		return VAULT_ERR_NOMEM;
	memset(s, 0, sizeof(*s));
	s->type = (uint8_t)type;
	s->alg = KDF_ARGON2ID13;
	s->opslimit = kdf->opslimit;
	s->mem_kib = (uint32_t)(kdf->memlimit / 1024);
	randombytes_buf(s->salt, SALT_LEN);
	randombytes_buf(s->nonce, NONCE_LEN);
	e = derive(kek, s, secret, secret_len);
	if (e == VAULT_OK) {
		slot_ad(s, file_id, ad);
		crypto_aead_xchacha20poly1305_ietf_encrypt(
		        s->wrapped, NULL, dek, KEY_LEN, ad, sizeof(ad), NULL,
		        s->nonce, kek);
	}
	sodium_free(kek);
	return e;
}

/* Unwraps slot s into dek: VAULT_ERR_AUTH when the secret is wrong. */
enum vault_err
slot_unwrap(const struct slot *s, const uint8_t file_id[16], uint8_t *dek,
            const uint8_t *secret, size_t secret_len)
{
	uint8_t ad[SLOT_AD_LEN + 16];
	uint8_t *kek = sodium_malloc(KEY_LEN);
	enum vault_err e;

	if (!kek)
		return VAULT_ERR_NOMEM;
	e = derive(kek, s, secret, secret_len);
	if (e == VAULT_OK) {
		slot_ad(s, file_id, ad);
		if (crypto_aead_xchacha20poly1305_ietf_decrypt(
		            dek, NULL, NULL, s->wrapped, WRAPPED_LEN, ad,
		            sizeof(ad), s->nonce, kek) != 0)
			e = VAULT_ERR_AUTH;
	}
	sodium_free(kek);
	return e;
}

struct slot *
slot_find(struct vault *v, int type)
{
	for (int i = 0; i < v->nslots; i++)
		if (v->slots[i].type == type)
			return &v->slots[i];
	return NULL;
}

/* Puts s in place of the slot of its type, or appends it. */
void
slot_set(struct vault *v, const struct slot *s)
{
	struct slot *old = slot_find(v, s->type);

	if (old)
		*old = *s;
	else if (v->nslots < MAX_SLOTS)
		v->slots[v->nslots++] = *s;
}
