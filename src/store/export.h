/*
 * A read-only snapshot of what the person made, for `tend export`: the
 * vault's person-facing tables as rows of text, and sealing an export to a
 * clinic's public key.  Soft-deleted worksheet entries are left out.  The
 * snapshot holds plaintext: free it with store_export_free, which wipes.
 */
#ifndef TEND_STORE_EXPORT_H
#define TEND_STORE_EXPORT_H

#include <stddef.h>

#include "store/vault.h"
#include "util/buf.h"

struct export_table {
	const char *name; /* static: "assessments", "entries", ... */
	size_t ncols;
	const char *const *cols; /* static column names */
	size_t nrows;
	char **cells; /* nrows * ncols, row-major; NULL for SQL NULL; owned */
};

/*
 * Reads every exported table, in a fixed order: course, lesson_progress,
 * prompt_answers, entries, entry_fields, assessments, assessment_items,
 * flags, plans, practice.  Returns 0 and *out (an array of *n tables), or
 * -1 on a database error.
 */
int store_export_tables(struct vault *v, struct export_table **out, size_t *n);
/* Wipes and frees tables from store_export_tables; NULL is fine. */
void store_export_free(struct export_table *t, size_t n);
/* The table called name in t[0..n), or NULL. */
const struct export_table *
store_export_find(const struct export_table *t, size_t n, const char *name);
/* Cell (row, col) of t; NULL for SQL NULL. */
const char *
store_export_cell(const struct export_table *t, size_t row, size_t col);
/* Index of column name in t, or -1. */
int store_export_col(const struct export_table *t, const char *name);

/* Length of a public or secret key in a key file, in bytes. */
#define SEAL_KEY_BYTES 32

/*
 * Seals msg[0..len) to the X25519 public key pk (libsodium's sealed box:
 * anonymous sender, only the holder of the secret key can open it) and
 * appends the result, prefixed by the line "tend-sealed-export 1\n".
 */
int store_seal(const unsigned char pk[SEAL_KEY_BYTES], const void *msg,
               size_t len, struct buf *out);
/*
 * Opens what store_seal made with the matching key pair.  Appends the
 * plaintext to out.  Returns 0, or -1 when the data is not a sealed export
 * or the key does not match.
 */
int store_unseal(const unsigned char pk[SEAL_KEY_BYTES],
                 const unsigned char sk[SEAL_KEY_BYTES], const void *data,
                 size_t len, struct buf *out);
/* A fresh key pair.  sk should be wiped after use. */
int store_seal_keypair(unsigned char pk[SEAL_KEY_BYTES],
                       unsigned char sk[SEAL_KEY_BYTES]);
/* The public key of a secret key. */
int store_seal_public(const unsigned char sk[SEAL_KEY_BYTES],
                      unsigned char pk[SEAL_KEY_BYTES]);

#endif
