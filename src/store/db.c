/*
 * Small helpers around SQLite statements for the store's query files:
 * prepare-and-bind from a format string, stepping, columns, transactions,
 * the activity log and settings.  See store/db.h for the conventions.
 */
#include "store/db.h"

#include <sqlite3.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/clock.h"
#include "util/i18n.h"
#include "util/xalloc.h"

static int
bind_args(sqlite3_stmt *st, const char *fmt, va_list ap)
{
	int idx = 1;

	for (const char *f = fmt ? fmt : ""; *f; f++, idx++) {
		int rc;

		switch (*f) {
		case 'i':
			rc = sqlite3_bind_int64(st, idx, va_arg(ap, int64_t));
			break;
		case 'd':
			rc = sqlite3_bind_int(st, idx, va_arg(ap, int));
			break;
		case 'f':
			rc = sqlite3_bind_double(st, idx, va_arg(ap, double));
			break;
		case 't': {
			const char *s = va_arg(ap, const char *);

			rc = s ? sqlite3_bind_text(st, idx, s, -1,
			                           SQLITE_TRANSIENT)
			       : sqlite3_bind_null(st, idx);
			break;
		}
		case 'b': {
			const void *p = va_arg(ap, const void *);
			size_t n = va_arg(ap, size_t);

			rc = p ? sqlite3_bind_blob64(st, idx, p, n,
			                             SQLITE_TRANSIENT)
			       : sqlite3_bind_null(st, idx);
			break;
		}
		case 'n':
			rc = sqlite3_bind_null(st, idx);
			break;
		default:
			/* A format the header does not list is a bug. */
			abort();
		}
		if (rc != SQLITE_OK)
			return -1;
	}
	return 0;
}

static sqlite3_stmt *
vprepare(struct vault *v, const char *sql, const char *fmt, va_list ap)
{
	sqlite3 *db = vault_sqlite(v);
	sqlite3_stmt *st = NULL;

	if (!db)
		return NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return NULL;
	if (bind_args(st, fmt, ap) < 0) {
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

sqlite3_stmt *
db_prepare(struct vault *v, const char *sql, const char *fmt, ...)
{
	sqlite3_stmt *st;
	va_list ap;

	va_start(ap, fmt);
	st = vprepare(v, sql, fmt, ap);
	va_end(ap);
	return st;
}

int
db_step(sqlite3_stmt *st)
{
	int rc;

	if (!st)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return -1;
}

void
db_finalize(sqlite3_stmt *st)
{
	sqlite3_finalize(st);
}

int
db_exec(struct vault *v, const char *sql, const char *fmt, ...)
{
	sqlite3_stmt *st;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	st = vprepare(v, sql, fmt, ap);
	va_end(ap);
	if (!st)
		return -1;
	while ((rc = db_step(st)) == 1)
		;
	sqlite3_finalize(st);
	return rc;
}

static void
int_row(sqlite3_stmt *st, void *out)
{
	*(int64_t *)out = sqlite3_column_int64(st, 0);
}

static void
text_row(sqlite3_stmt *st, void *out)
{
	*(char **)out = db_col_dup(st, 0);
}

int
db_int(struct vault *v, int64_t *out, const char *sql, const char *fmt, ...)
{
	sqlite3_stmt *st;
	va_list ap;

	va_start(ap, fmt);
	st = vprepare(v, sql, fmt, ap);
	va_end(ap);
	return db_row(st, int_row, out);
}

int
db_text(struct vault *v, char **out, const char *sql, const char *fmt, ...)
{
	sqlite3_stmt *st;
	va_list ap;

	*out = NULL;
	va_start(ap, fmt);
	st = vprepare(v, sql, fmt, ap);
	va_end(ap);
	return db_row(st, text_row, out);
}

int
db_row(sqlite3_stmt *st, db_row_fn row, void *out)
{
	int rc;

	if (!st)
		return -1;
	rc = db_step(st);
	if (rc == 1)
		row(st, out);
	sqlite3_finalize(st);
	return rc;
}

int
db_rows(sqlite3_stmt *st, db_row_fn row, size_t size, void **out, size_t *n)
{
	size_t cap = 0;
	unsigned char *v = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return -1;
	while ((rc = db_step(st)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			v = xreallocarray(v, cap, size);
			*out = v;
		}
		memset(v + *n * size, 0, size);
		row(st, v + (*n)++ * size);
	}
	sqlite3_finalize(st);
	return rc < 0 ? -1 : 0;
}

const char *
db_col_text(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);

	return s ? (const char *)s : "";
}

char *
db_col_dup(sqlite3_stmt *st, int col)
{
	const unsigned char *s;

	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return NULL;
	s = sqlite3_column_text(st, col);
	return xstrdup(s ? (const char *)s : "");
}

int64_t
db_col_int(sqlite3_stmt *st, int col)
{
	return sqlite3_column_int64(st, col);
}

bool
db_col_null(sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL;
}

int
db_begin(struct vault *v)
{
	return db_exec(v, "BEGIN IMMEDIATE", NULL);
}

int
db_commit(struct vault *v)
{
	return db_exec(v, "COMMIT", NULL);
}

void
db_rollback(struct vault *v)
{
	sqlite3 *db = vault_sqlite(v);

	if (db && !sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

int64_t
db_last_id(struct vault *v)
{
	sqlite3 *db = vault_sqlite(v);

	return db ? sqlite3_last_insert_rowid(db) : 0;
}

int
db_changes(struct vault *v)
{
	sqlite3 *db = vault_sqlite(v);

	return db ? sqlite3_changes(db) : 0;
}

const char *
db_errmsg(struct vault *v)
{
	sqlite3 *db = vault_sqlite(v);

	return db ? sqlite3_errmsg(db) : _("the vault is locked");
}

int
db_event(struct vault *v, const char *kind, const char *ref)
{
	return db_exec(v, "INSERT INTO events(at, kind, ref) VALUES(?, ?, ?)",
	               "itt", (int64_t)clock_now(), kind, ref);
}

char *
db_setting_get(struct vault *v, const char *key)
{
	char *val;

	(void)db_text(v, &val, "SELECT value FROM settings WHERE key = ?", "t",
	              key);
	return val;
}

int
db_setting_set(struct vault *v, const char *key, const char *value)
{
	if (!value)
		return db_exec(v, "DELETE FROM settings WHERE key = ?", "t",
		               key);
	return db_exec(v,
	               "INSERT INTO settings(key, value) VALUES(?, ?)"
	               " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
	               "tt", key, value);
}
