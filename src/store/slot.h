/*
 * Key slots, internal to the vault's files in store/: a slot wraps the
 * vault's 32-byte data key under a key that Argon2id derives from a secret
 * (the passphrase, or the recovery code's bytes).  The slot's fields and
 * the file id are the associated data of the wrap.  Its byte layout is
 * store/vaultfmt.h's; the public KDF levels are in store/vault.h.
 */
#ifndef TEND_STORE_SLOT_H
#define TEND_STORE_SLOT_H

#include <stddef.h>
#include <stdint.h>

#include "store/vault.h"

#define KEY_LEN 32
#define NONCE_LEN 24
#define TAG_LEN 16
#define SALT_LEN 16
#define WRAPPED_LEN (KEY_LEN + TAG_LEN)

enum { SLOT_PASSPHRASE = 1, SLOT_RECOVERY = 2 };
enum { KDF_ARGON2ID13 = 1 };

struct slot {
	uint8_t type;
	uint8_t alg;
	uint32_t opslimit;
	uint32_t mem_kib;
	uint8_t salt[SALT_LEN];
	uint8_t nonce[NONCE_LEN];
	uint8_t wrapped[WRAPPED_LEN];
};

/* True (1) when a cost is one this program accepts: within libsodium's
 * range and the caps VAULT_MAX_OPSLIMIT and VAULT_MAX_MEMLIMIT. */
int slot_kdf_ok(uint32_t ops, uint64_t mem);

/*
 * Fills s (type, kdf, a new salt and nonce) wrapping dek under the key
 * derived from secret[0..secret_len).  VAULT_ERR_LIMITS when kdf is not
 * slot_kdf_ok, VAULT_ERR_NOMEM when the derivation cannot get its memory.
 */
enum vault_err slot_wrap(struct slot *s, int type, const struct vault_kdf *kdf,
                         const uint8_t file_id[16], const uint8_t *dek,
                         const uint8_t *secret, size_t secret_len);

/* Unwraps s into dek (KEY_LEN bytes): VAULT_ERR_AUTH when the secret is
 * wrong (or the slot was tampered with). */
enum vault_err
slot_unwrap(const struct slot *s, const uint8_t file_id[16], uint8_t *dek,
            const uint8_t *secret, size_t secret_len);

/* The vault's slot of a type, or NULL.  Borrowed from v. */
struct slot *slot_find(struct vault *v, int type);
/* Puts s in place of v's slot of its type, or appends it. */
void slot_set(struct vault *v, const struct slot *s);

#endif
