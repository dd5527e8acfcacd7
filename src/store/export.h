/*
 * What `tend export` reads, row by row: a cursor over one of a fixed set
 * of queries, stepped as the export is written, so that an export costs
 * the same memory for ten entries as for fifty thousand (nothing is
 * gathered first).  Each query is fixed here, so the export never depends
 * on internal columns that may move.  Soft-deleted worksheet entries are
 * left out.  And sealing an export to a clinic's public key.
 */
#ifndef TEND_STORE_EXPORT_H
#define TEND_STORE_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/vault.h"
#include "util/buf.h"

/*
 * The queries.  The first EXQ__TABLES are the exported tables, in the
 * order of the JSON export; the others serve one format each.
 */
enum export_query {
	EXQ_COURSE,
	EXQ_LESSON_PROGRESS,
	EXQ_PROMPT_ANSWERS,
	EXQ_ENTRIES,
	EXQ_ENTRY_FIELDS,
	EXQ_ASSESSMENTS,
	EXQ_ASSESSMENT_ITEMS,
	EXQ_FLAGS,
	EXQ_PLANS,
	EXQ_PRACTICE,
	EXQ__TABLES,
	/* each check-in with its items (LEFT JOIN: a check-in without items
	 * comes once, item NULL): id, instrument, taken_at, total, band,
	 * item, value; by time, then item number */
	EXQ_CHECKIN_ITEMS = EXQ__TABLES,
	/* each live entry with its fields: id, worksheet, created_at, field,
	 * row, value; by time, then field order */
	EXQ_ENTRY_VALUES,
	EXQ__COUNT
};

/* The table's or query's name ("assessments"), its columns.  Static. */
const char *store_export_name(enum export_query q);
size_t store_export_ncols(enum export_query q);
const char *store_export_col(enum export_query q, size_t i);

struct export_cursor;

/* The SQL of q (static; for tests that check how it is run). */
const char *store_export_sql(enum export_query q);

/* Opens a cursor over q.  Returns 0 and *out (close with
 * store_export_close), or -1 on a database error. */
int store_export_open(struct vault *v, enum export_query q,
                      struct export_cursor **out);
/* Steps to the next row: 1 when there is one, 0 at the end, -1 on error. */
int store_export_step(struct export_cursor *c);
/* Column i of the current row as text, or NULL for SQL NULL.  Borrowed:
 * valid until the next step or close. */
const char *store_export_text(struct export_cursor *c, size_t i);
/* True when column i holds an integer (then store_export_int reads it). */
bool store_export_is_int(struct export_cursor *c, size_t i);
int64_t store_export_int(struct export_cursor *c, size_t i);
/* NULL is fine. */
void store_export_close(struct export_cursor *c);

/*
 * A stable pseudonym for this vault's person in exports (a FHIR
 * Patient's identifier): 32 hex digits derived from the vault's random
 * file id, so two exports of one vault name the same person and nothing
 * about them.  out has 33 bytes.
 */
void store_export_subject(struct vault *v, char out[33]);

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
