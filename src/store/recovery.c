/*
 * The recovery code: 128 random bits written as 9 groups of 4 Crockford
 * base32 characters, the last of each group a check character, so a typo
 * is caught before the slow key derivation and said as a typo.  Parsing
 * forgives what people do when copying a code (any case, spaces, O for 0,
 * I and L for 1).  The code opens the vault through its own key slot.
 */
#include "store/recovery.h"

#include <sodium.h>
#include <string.h>

#include "store/vaultpriv.h"

static const char b32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
#define CODE_GROUPS 9
#define CODE_DATA 3 /* data characters per group; the 4th is the check */

static int
check_char(const int v[CODE_DATA], int group)
{
	return (v[0] + 2 * v[1] + 3 * v[2] + 5 * (group + 1)) % 31;
}

static int
bit_at(const uint8_t *bytes, int bit)
{
	if (bit >= RECOVERY_BYTES * 8)
		return 0;
	return (bytes[bit / 8] >> (7 - bit % 8)) & 1;
}

void
recovery_format(const uint8_t bytes[RECOVERY_BYTES], char code[VAULT_CODE_LEN])
{
	char *o = code;

	for (int g = 0; g < CODE_GROUPS; g++) {
		int v[CODE_DATA];

		for (int k = 0; k < CODE_DATA; k++) {
			int bit = (g * CODE_DATA + k) * 5;

			v[k] = 0;
			for (int b = 0; b < 5; b++)
				v[k] = (v[k] << 1) | bit_at(bytes, bit + b);
			*o++ = b32[v[k]];
		}
		*o++ = b32[check_char(v, g)];
		if (g + 1 < CODE_GROUPS)
			*o++ = '-';
	}
	*o = '\0';
}

static int
b32_value(char c)
{
	if (c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 'A');
	if (c == 'O')
		c = '0';
	if (c == 'I' || c == 'L')
		c = '1';
	for (int i = 0; i < 32; i++)
		if (b32[i] == c)
			return i;
	return -1;
}

/* Parses a code as a person types it (any case, spaces or dashes, the
 * usual Crockford confusions); -1 when it is malformed. */
int
recovery_parse(const char *s, uint8_t bytes[RECOVERY_BYTES])
{
	int vals[CODE_GROUPS * (CODE_DATA + 1)];
	int n = 0;

	for (; *s; s++) {
		int v;

		if (*s == '-' || *s == ' ' || *s == '\t')
			continue;
		v = b32_value(*s);
		if (v < 0 || n == CODE_GROUPS * (CODE_DATA + 1))
			return -1;
		vals[n++] = v;
	}
	if (n != CODE_GROUPS * (CODE_DATA + 1))
		return -1;
	memset(bytes, 0, RECOVERY_BYTES);
	for (int g = 0; g < CODE_GROUPS; g++) {
		const int *v = vals + g * (CODE_DATA + 1);

		if (check_char(v, g) != v[CODE_DATA])
			return -1;
		for (int k = 0; k < CODE_DATA; k++)
			for (int b = 0; b < 5; b++) {
				int bit = (g * CODE_DATA + k) * 5 + b;
				int on = (v[k] >> (4 - b)) & 1;

				if (bit >= RECOVERY_BYTES * 8) {
					if (on)
						return -1; /* padding is zero */
				} else if (on) {
					bytes[bit / 8] |=
					        (uint8_t)(0x80 >> (bit % 8));
				}
			}
	}
	return 0;
}

/* The recovery slot needs no more than interactive cost: the code has 128
 * bits of entropy. */
void
recovery_kdf(const struct vault_kdf *kdf, struct vault_kdf *out)
{
	*out = *kdf;
	if (out->memlimit > crypto_pwhash_MEMLIMIT_INTERACTIVE)
		out->memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
	if (out->opslimit > crypto_pwhash_OPSLIMIT_INTERACTIVE)
		out->opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
}

enum vault_err
recovery_new_slot(struct vault *v, const struct vault_kdf *kdf,
                  char code[VAULT_CODE_LEN])
{
	uint8_t bytes[RECOVERY_BYTES];
	struct vault_kdf ck;
	struct slot s;
	enum vault_err e;

	randombytes_buf(bytes, sizeof(bytes));
	recovery_kdf(kdf, &ck);
	e = slot_wrap(&s, SLOT_RECOVERY, &ck, v->file_id, v->dek, bytes,
	              sizeof(bytes));
	if (e == VAULT_OK) {
		recovery_format(bytes, code);
		slot_set(v, &s);
	}
	sodium_memzero(bytes, sizeof(bytes));
	return e;
}
