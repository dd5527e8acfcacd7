/*
 * Worksheet entry queries over the entries and entry_fields tables (see
 * store/entries.h for the key mapping).  Every change that touches more
 * than one row runs in a transaction, so a crash between statements never
 * leaves half an entry.  The activity log gets neutral event codes with the
 * worksheet id, never an answer.
 */
#include "store/entries.h"

#include <sqlite3.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "util/secret.h"
#include "util/xalloc.h"

#define KEEP_SECS ((int64_t)ENTRIES_KEEP_DAYS * 86400)
#define RESUME_KEY "sheet.resume"

void
entry_free(struct entry *e)
{
	if (!e)
		return;
	free(e->sheet);
	free(e->course);
	free(e->lesson);
	sheet_answers_free(e->answers);
	free(e);
}

void
entry_list_free(struct entry_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		entry_free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/*
 * Splits an answer key into the table's (field, row): "a" -> ("a", 0),
 * "rows.3.sub" -> ("rows.sub", 2).  Returns a fresh field name, or NULL for
 * a malformed row key.
 */
static char *
key_to_field(const char *key, int64_t *row)
{
	const char *d1 = strchr(key, '.'), *d2;
	char *end;
	unsigned long r;

	*row = 0;
	if (!d1)
		return xstrdup(key);
	d2 = strchr(d1 + 1, '.');
	if (!d2 || d1[1] < '1' || d1[1] > '9')
		return NULL;
	errno = 0;
	r = strtoul(d1 + 1, &end, 10);
	if (errno || end != d2 || r > 100000)
		return NULL;
	*row = (int64_t)r - 1;
	return xasprintf("%.*s.%s", (int)(d1 - key), key, d2 + 1);
}

/* The inverse of key_to_field.  Fresh string. */
static char *
field_to_key(const char *field, int64_t row)
{
	const char *dot = strchr(field, '.');

	if (!dot)
		return xstrdup(field);
	return xasprintf("%.*s.%" PRId64 ".%s", (int)(dot - field), field,
	                 row + 1, dot + 1);
}

int
entries_create(struct vault *v, const char *sheet, const char *course,
               const char *lesson, time_t now, int64_t *id)
{
	if (db_exec(v,
	            "INSERT INTO entries(worksheet, course, lesson, "
	            "created_at, updated_at) VALUES(?, ?, ?, ?, ?)",
	            "tttii", sheet, course, lesson, (int64_t)now,
	            (int64_t)now) < 0)
		return -1;
	*id = db_last_id(v);
	db_event(v, "entry.new", sheet);
	return 0;
}

static int
touch(struct vault *v, int64_t id, time_t now)
{
	if (db_exec(v, "UPDATE entries SET updated_at = ? WHERE id = ?", "ii",
	            (int64_t)now, id) < 0)
		return -1;
	return db_changes(v) == 1 ? 0 : -1;
}

static int
put_field(struct vault *v, int64_t id, const char *key, const char *value)
{
	int64_t row;
	char *field = key_to_field(key, &row);
	int rc;

	if (!field)
		return -1;
	if (!value || !*value)
		rc = db_exec(v,
		             "DELETE FROM entry_fields WHERE entry_id = ? AND "
		             "field = ? AND row = ?",
		             "iti", id, field, row);
	else
		rc = db_exec(v,
		             "INSERT INTO entry_fields(entry_id, field, row, "
		             "value) VALUES(?, ?, ?, ?) ON CONFLICT(entry_id, "
		             "field, row) DO UPDATE SET value = excluded.value",
		             "itit", id, field, row, value);
	free(field);
	return rc;
}

int
entries_set_field(struct vault *v, int64_t id, const char *key,
                  const char *value, time_t now)
{
	if (db_begin(v) < 0)
		return -1;
	if (touch(v, id, now) < 0 || put_field(v, id, key, value) < 0 ||
	    db_commit(v) < 0) {
		db_rollback(v);
		return -1;
	}
	return 0;
}

int
entries_set_answers(struct vault *v, int64_t id, const struct sheet_answers *a,
                    time_t now)
{
	if (db_begin(v) < 0)
		return -1;
	if (touch(v, id, now) < 0 ||
	    db_exec(v, "DELETE FROM entry_fields WHERE entry_id = ?", "i", id) <
	            0)
		goto fail;
	for (size_t i = 0; i < sheet_answers_count(a); i++)
		if (put_field(v, id, sheet_answers_key(a, i),
		              sheet_answers_value(a, i)) < 0)
			goto fail;
	if (db_commit(v) < 0)
		goto fail;
	return 0;
fail:
	db_rollback(v);
	return -1;
}

int
entries_set_complete(struct vault *v, int64_t id, bool complete, time_t now)
{
	int64_t was;
	int rc = db_int(v, &was,
	                "SELECT completed_at IS NOT NULL FROM entries "
	                "WHERE id = ?",
	                "i", id);

	if (rc <= 0)
		return -1;
	if (complete && !was) {
		if (db_exec(v,
		            "UPDATE entries SET completed_at = ? WHERE id = ?",
		            "ii", (int64_t)now, id) < 0)
			return -1;
		db_event(v, "entry.done", NULL);
	} else if (!complete && was) {
		if (db_exec(v,
		            "UPDATE entries SET completed_at = NULL WHERE id = "
		            "?",
		            "i", id) < 0)
			return -1;
	}
	return 0;
}

#define ENTRY_COLS                                                             \
	"id, worksheet, course, lesson, created_at, updated_at, "              \
	"completed_at, deleted_at"

static struct entry *
entry_from_row(sqlite3_stmt *st)
{
	struct entry *e = xcalloc(1, sizeof(*e));

	e->id = db_col_int(st, 0);
	e->sheet = xstrdup(db_col_text(st, 1));
	e->course = db_col_dup(st, 2);
	e->lesson = db_col_dup(st, 3);
	e->created = (time_t)db_col_int(st, 4);
	e->updated = (time_t)db_col_int(st, 5);
	e->completed = (time_t)db_col_int(st, 6);
	e->deleted = (time_t)db_col_int(st, 7);
	e->answers = sheet_answers_new();
	return e;
}

static int
load_answers(struct vault *v, struct entry *e)
{
	sqlite3_stmt *st = db_prepare(v,
	                              "SELECT field, row, value FROM "
	                              "entry_fields WHERE entry_id = ?",
	                              "i", e->id);
	int rc;

	if (!st)
		return -1;
	while ((rc = db_step(st)) == 1) {
		char *key = field_to_key(db_col_text(st, 0), db_col_int(st, 1));

		sheet_answers_set(e->answers, key, db_col_text(st, 2));
		free(key);
	}
	db_finalize(st);
	return rc < 0 ? -1 : 0;
}

int
entries_get(struct vault *v, int64_t id, struct entry **out)
{
	sqlite3_stmt *st = db_prepare(
	        v, "SELECT " ENTRY_COLS " FROM entries WHERE id = ?", "i", id);
	struct entry *e = NULL;
	int rc;

	*out = NULL;
	if (!st)
		return -1;
	rc = db_step(st);
	if (rc == 1)
		e = entry_from_row(st);
	db_finalize(st);
	if (rc <= 0)
		return rc;
	if (load_answers(v, e) < 0) {
		entry_free(e);
		return -1;
	}
	*out = e;
	return 1;
}

/* The rows of st (finalized here; NULL: a failed prepare) with their
 * answers, appended to out.  -1 frees out. */
static int
list_rows(struct vault *v, sqlite3_stmt *st, struct entry_list *out)
{
	size_t cap = 0;
	int rc;

	if (!st)
		return -1;
	while ((rc = db_step(st)) == 1) {
		if (out->n == cap) {
			cap = cap ? cap * 2 : 16;
			out->v = xreallocarray(out->v, cap, sizeof(*out->v));
		}
		out->v[out->n++] = entry_from_row(st);
	}
	db_finalize(st);
	if (rc < 0)
		goto fail;
	for (size_t i = 0; i < out->n; i++)
		if (load_answers(v, out->v[i]) < 0)
			goto fail;
	return 0;
fail:
	entry_list_free(out);
	return -1;
}

int
entries_list(struct vault *v, const char *sheet, enum entries_which which,
             time_t now, struct entry_list *out)
{
	static const char *const where[] = {
	        [ENTRIES_LIVE] = "deleted_at IS NULL",
	        [ENTRIES_BIN] = "deleted_at IS NOT NULL AND deleted_at >= ?2",
	        [ENTRIES_ALL] = "?2 = ?2",
	};
	char *sql = xasprintf("SELECT " ENTRY_COLS " FROM entries WHERE "
	                      "(?1 IS NULL OR worksheet = ?1) AND %s "
	                      "ORDER BY created_at DESC, id DESC",
	                      where[which]);
	sqlite3_stmt *st;

	if (which == ENTRIES_LIVE)
		st = db_prepare(v, sql, "t", sheet);
	else
		st = db_prepare(v, sql, "ti", sheet, (int64_t)now - KEEP_SECS);
	free(sql);
	return list_rows(v, st, out);
}

int
entries_recent(struct vault *v, size_t max, struct entry_list *out)
{
	sqlite3_stmt *st = db_prepare(v,
	                              "SELECT " ENTRY_COLS " FROM entries "
	                              "WHERE deleted_at IS NULL "
	                              "ORDER BY updated_at DESC, id DESC "
	                              "LIMIT ?",
	                              "i", (int64_t)max);

	return list_rows(v, st, out);
}

int
entries_dated(struct vault *v, const char *sheet, const char *field,
              const char *lo, const char *hi, struct entry_list *out)
{
	/* The row and GLOB terms are those of the partial index
	 * entry_fields_dates (schema.c), word for word, so that it serves;
	 * the + keeps the planner from walking the worksheet's every entry
	 * (entries_by_sheet) for the sake of the order. */
	sqlite3_stmt *st = db_prepare(
	        v,
	        "SELECT " ENTRY_COLS " FROM entries WHERE id IN (SELECT "
	        "entry_id FROM entry_fields WHERE field = ?2 AND value >= ?3 "
	        "AND value < ?4 AND row = 0 AND value GLOB "
	        "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*') AND "
	        "+worksheet = ?1 AND deleted_at IS NULL "
	        "ORDER BY created_at DESC, id DESC",
	        "tttt", sheet, field, lo, hi);

	return list_rows(v, st, out);
}

int
entries_delete(struct vault *v, int64_t id, time_t now)
{
	if (db_exec(v,
	            "UPDATE entries SET deleted_at = ? WHERE id = ? AND "
	            "deleted_at IS NULL",
	            "ii", (int64_t)now, id) < 0 ||
	    db_changes(v) != 1)
		return -1;
	db_event(v, "entry.delete", NULL);
	return 0;
}

int
entries_restore(struct vault *v, int64_t id, time_t now)
{
	int64_t deleted;
	int rc = db_int(v, &deleted,
	                "SELECT deleted_at FROM entries WHERE id = ? AND "
	                "deleted_at IS NOT NULL",
	                "i", id);

	if (rc <= 0)
		return -1;
	if ((int64_t)now - deleted > KEEP_SECS)
		return 1;
	if (db_exec(v, "UPDATE entries SET deleted_at = NULL WHERE id = ?", "i",
	            id) < 0)
		return -1;
	db_event(v, "entry.restore", NULL);
	return 0;
}

int
entries_purge(struct vault *v, time_t now, int *n)
{
	int64_t cutoff = (int64_t)now - KEEP_SECS;
	int count;

	if (n)
		*n = 0;
	if (db_begin(v) < 0)
		return -1;
	/* Fields first: the foreign key cascade needs PRAGMA foreign_keys,
	 * which this must not depend on. */
	if (db_exec(v,
	            "DELETE FROM entry_fields WHERE entry_id IN (SELECT id "
	            "FROM entries WHERE deleted_at IS NOT NULL AND "
	            "deleted_at < ?)",
	            "i", cutoff) < 0 ||
	    db_exec(v,
	            "UPDATE practice SET entry_id = NULL WHERE entry_id IN "
	            "(SELECT id FROM entries WHERE deleted_at IS NOT NULL AND "
	            "deleted_at < ?)",
	            "i", cutoff) < 0 ||
	    db_exec(v,
	            "DELETE FROM entries WHERE deleted_at IS NOT NULL AND "
	            "deleted_at < ?",
	            "i", cutoff) < 0)
		goto fail;
	count = db_changes(v);
	if (db_commit(v) < 0)
		goto fail;
	if (n)
		*n = count;
	return 0;
fail:
	db_rollback(v);
	return -1;
}

int
entries_count_since(struct vault *v, const char *sheet, time_t since, long *n)
{
	int64_t c;
	int rc = db_int(v, &c,
	                "SELECT count(*) FROM entries WHERE worksheet = ? AND "
	                "completed_at >= ? AND deleted_at IS NULL",
	                "ti", sheet, (int64_t)since);

	if (rc < 0)
		return -1;
	*n = rc == 1 ? (long)c : 0;
	return 0;
}

int
entries_resume_set(struct vault *v, int64_t id, const char *key, size_t cursor)
{
	char *val = xasprintf("%" PRId64 " %zu %s", id, cursor, key ? key : "");
	int rc = db_setting_set(v, RESUME_KEY, val);

	free(val);
	return rc;
}

int
entries_resume_get(struct vault *v, struct entry_resume *out)
{
	char *val = db_setting_get(v, RESUME_KEY), *p, *end;
	long long id;
	unsigned long long cur;
	int64_t live;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (!val)
		return 0;
	errno = 0;
	id = strtoll(val, &end, 10);
	if (errno || end == val || *end != ' ')
		goto out;
	p = end + 1;
	cur = strtoull(p, &end, 10);
	if (errno || end == p || *end != ' ')
		goto out;
	rc = db_int(v, &live,
	            "SELECT count(*) FROM entries WHERE id = ? AND "
	            "deleted_at IS NULL",
	            "i", (int64_t)id);
	if (rc < 0)
		goto out;
	rc = 0;
	if (!live)
		goto out;
	out->id = id;
	out->cursor = (size_t)cur;
	out->key = end[1] ? xstrdup(end + 1) : NULL;
	rc = 1;
out:
	free(val);
	return rc;
}

int
entries_resume_clear(struct vault *v)
{
	return db_setting_set(v, RESUME_KEY, NULL);
}
