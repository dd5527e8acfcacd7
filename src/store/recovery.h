/*
 * The recovery code, internal to the vault's files in store/: its text
 * form (VAULT_CODE_LEN, store/vault.h) and the key slot it opens.
 */
#ifndef TEND_STORE_RECOVERY_H
#define TEND_STORE_RECOVERY_H

#include <stdint.h>

#include "store/vault.h"

#define RECOVERY_BYTES 16 /* the code's secret: 128 bits */

/* Writes bytes as a code ("XXXX-XXXX-...", NUL-terminated) into code. */
void
recovery_format(const uint8_t bytes[RECOVERY_BYTES], char code[VAULT_CODE_LEN]);

/* Parses a code as a person types it (any case, spaces or dashes, the
 * usual Crockford confusions) into bytes; -1 when it is malformed (a check
 * character fails, a character is not base32, or the length is wrong). */
int recovery_parse(const char *s, uint8_t bytes[RECOVERY_BYTES]);

/* The KDF cost of a recovery slot for a vault whose passphrase costs kdf:
 * no more than libsodium's interactive level. */
void recovery_kdf(const struct vault_kdf *kdf, struct vault_kdf *out);

/*
 * Makes a new random code (written into code) and puts its slot, wrapping
 * v's data key, in v (replacing an older recovery slot).  v must be
 * unlocked.  In memory only until vault_save().
 */
enum vault_err recovery_new_slot(struct vault *v, const struct vault_kdf *kdf,
                                 char code[VAULT_CODE_LEN]);

#endif
