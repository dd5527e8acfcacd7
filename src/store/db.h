/*
 * The database inside an unlocked vault, for the query files in src/store/
 * (store/progress.c, store/entries.c, ...).  Each domain writes its own
 * queries against the schema in store/schema.c using these small helpers;
 * nothing outside src/store/ sees SQLite.
 *
 * Conventions: times are INTEGER seconds since the epoch (clock_now());
 * text is UTF-8; ids are INTEGER PRIMARY KEYs.  A query file changes data
 * inside db_begin()/db_commit() when it touches more than one row, then
 * its caller (app/) calls vault_save().
 *
 * Binding format strings (db_prepare, db_exec, db_int):
 *   'i'  int64_t          'd'  int             'f'  double
 *   't'  const char * (NULL binds NULL)         'n'  NULL (no argument)
 *   'b'  const void *, size_t (a blob; NULL pointer binds NULL)
 * Parameters are numbered in order (?1, ?2, ... or plain ?).
 *
 * SQLite's handles are opaque here (struct sqlite3, struct sqlite3_stmt):
 * this header does not include <sqlite3.h>, so a layer above store/ that
 * includes it sees no SQLite API.  Query files that need SQLite's own
 * functions include <sqlite3.h> themselves.
 */
#ifndef TEND_STORE_DB_H
#define TEND_STORE_DB_H

#include <stdbool.h>
#include <stdint.h>

#include "store/vault.h"

struct sqlite3;
struct sqlite3_stmt;

/*
 * The open database of an unlocked vault, or NULL while it is locked.
 * Borrowed: valid until vault_close().  Never ATTACH, VACUUM INTO or load
 * extensions: nothing may reach the disk in plaintext.
 */
struct sqlite3 *vault_sqlite(struct vault *v);

/*
 * Prepares sql and binds the arguments described by fmt.  Returns the
 * statement (finalize with db_finalize), or NULL on error (the message is in
 * db_errmsg()).
 */
struct sqlite3_stmt *
db_prepare(struct vault *v, const char *sql, const char *fmt, ...);

/*
 * Steps a statement: 1 when a row is ready, 0 when done, -1 on error.
 */
int db_step(struct sqlite3_stmt *st);

/* Finalizes; NULL is fine. */
void db_finalize(struct sqlite3_stmt *st);

/*
 * Prepares, binds, steps to the end and finalizes a statement that returns
 * no rows we need.  Returns 0, or -1 on error.
 */
int db_exec(struct vault *v, const char *sql, const char *fmt, ...);

/*
 * Runs a query whose first row's first column is an integer: 1 and *out set
 * when there is a row (NULL reads as 0), 0 when there is none, -1 on error.
 */
int
db_int(struct vault *v, int64_t *out, const char *sql, const char *fmt, ...);

/* The same for a text: 1 and *out a copy (free with free(); NULL for a
 * NULL column), 0 and *out NULL when there is no row, -1 on error. */
int db_text(struct vault *v, char **out, const char *sql, const char *fmt, ...);

/* Fills out from the statement's current row (a row_of of a caller). */
typedef void (*db_row_fn)(struct sqlite3_stmt *st, void *out);

/*
 * Steps st (from db_prepare; NULL is an error) once and finalizes it:
 * 1 after row(st, out) when there is a row, 0 when there is none, -1 on
 * error.
 */
int db_row(struct sqlite3_stmt *st, db_row_fn row, void *out);

/*
 * Steps st (NULL is an error) to the end and finalizes it, appending each
 * row to *out, an array of *n elements of size bytes (grown as needed;
 * each element zeroed, then filled by row).  0, or -1 on error, when *out
 * holds the rows read so far for the caller to free.
 */
int db_rows(struct sqlite3_stmt *st, db_row_fn row, size_t size, void **out,
            size_t *n);

/* Column helpers.  db_col_text never returns NULL ("" for NULL); the pointer
 * lives until the next step or finalize.  db_col_dup returns a fresh copy
 * (free with free()), or NULL for a NULL column. */
const char *db_col_text(struct sqlite3_stmt *st, int col);
char *db_col_dup(struct sqlite3_stmt *st, int col);
int64_t db_col_int(struct sqlite3_stmt *st, int col);
bool db_col_null(struct sqlite3_stmt *st, int col);

/* Transactions.  db_begin/db_commit return 0 or -1; db_rollback is safe to
 * call when no transaction is open. */
int db_begin(struct vault *v);
int db_commit(struct vault *v);
void db_rollback(struct vault *v);

/* The rowid of the last INSERT on this connection. */
int64_t db_last_id(struct vault *v);
/* Rows changed by the last statement. */
int db_changes(struct vault *v);

/* The last SQLite error message for this vault (static or owned by SQLite;
 * valid until the next call).  Never NULL. */
const char *db_errmsg(struct vault *v);

/*
 * Appends to the activity log: events(at = clock_now(), kind, ref).  kind
 * is a short code ("lesson.open", "entry.save", "assess.done", ...), ref
 * an id or NULL.  Never put user text in ref.  Returns 0 or -1.
 */
int db_event(struct vault *v, const char *kind, const char *ref);

/* Settings (key/value text).  db_setting_get returns a fresh string (free
 * with free()) or NULL when unset or on error. */
char *db_setting_get(struct vault *v, const char *key);
int db_setting_set(struct vault *v, const char *key, const char *value);

/*
 * Schema (store/schema.c).  Brings the database to the newest version, each
 * migration in its own transaction.  Returns VAULT_OK, VAULT_ERR_VERSION
 * when the database is newer than this program, or VAULT_ERR_SQL.
 */
enum vault_err schema_migrate(struct sqlite3 *db);
/* The schema version this program writes (PRAGMA user_version). */
int schema_latest(void);

#endif
