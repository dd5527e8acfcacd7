/*
 * Queries for questionnaire results and safety flags.  See store/assess.h.
 */
#include "store/assess.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "util/xalloc.h"

int64_t
store_assess_save(struct vault *v, const char *instrument, int64_t taken_at,
                  const int *keys, size_t n, int extra_key, int total,
                  const char *band, const char *source, const char *course,
                  const char *due_key)
{
	int64_t id;

	if (db_begin(v) < 0)
		return -1;
	if (db_exec(v,
	            "INSERT INTO assessments(instrument, taken_at, total, band,"
	            " source, course, due_key) VALUES(?,?,?,?,?,?,?)",
	            "tidtttt", instrument, taken_at, total, band, source,
	            course, due_key) < 0)
		goto fail;
	id = db_last_id(v);
	for (size_t i = 0; i < n; i++) {
		char item[24];

		snprintf(item, sizeof(item), "%zu", i + 1);
		if (db_exec(v,
		            "INSERT INTO assessment_items(assessment_id, item,"
		            " value) VALUES(?,?,?)",
		            "itd", id, item, keys[i]) < 0)
			goto fail;
	}
	if (extra_key >= 0 &&
	    db_exec(v,
	            "INSERT INTO assessment_items(assessment_id, item, value)"
	            " VALUES(?,'extra',?)",
	            "id", id, extra_key) < 0)
		goto fail;
	if (db_event(v, "assess.done", instrument) < 0 || db_commit(v) < 0)
		goto fail;
	return id;
fail:
	db_rollback(v);
	return -1;
}

int
store_assess_scores(struct vault *v, const char *instrument,
                    struct store_score **out, size_t *n)
{
	sqlite3_stmt *st = db_prepare(v,
	                              "SELECT id, taken_at, total, band FROM "
	                              "assessments WHERE instrument = ? AND "
	                              "total IS NOT NULL ORDER BY taken_at, id",
	                              "t", instrument);
	struct store_score *v_ = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return -1;
	while ((rc = db_step(st)) == 1) {
		struct store_score *s;

		v_ = xreallocarray(v_, len + 1, sizeof(*v_));
		s = &v_[len++];
		s->id = db_col_int(st, 0);
		s->taken_at = db_col_int(st, 1);
		s->total = (int)db_col_int(st, 2);
		snprintf(s->band, sizeof(s->band), "%s", db_col_text(st, 3));
	}
	db_finalize(st);
	if (rc < 0) {
		free(v_);
		return -1;
	}
	*out = v_;
	*n = len;
	return 0;
}

int
store_assess_items(struct vault *v, int64_t id, int *keys, size_t n, int *extra)
{
	sqlite3_stmt *st = db_prepare(v,
	                              "SELECT item, value FROM assessment_items"
	                              " WHERE assessment_id = ?",
	                              "i", id);
	int rc;

	for (size_t i = 0; i < n; i++)
		keys[i] = -1;
	*extra = -1;
	if (!st)
		return -1;
	while ((rc = db_step(st)) == 1) {
		const char *item = db_col_text(st, 0);
		int val = db_col_null(st, 1) ? -1 : (int)db_col_int(st, 1);
		long k;
		char *end;

		if (strcmp(item, "extra") == 0) {
			*extra = val;
			continue;
		}
		k = strtol(item, &end, 10);
		if (*end == '\0' && k >= 1 && (size_t)k <= n)
			keys[k - 1] = val;
	}
	db_finalize(st);
	return rc < 0 ? -1 : 0;
}

int
store_assess_instruments(struct vault *v, char ***out, size_t *n)
{
	sqlite3_stmt *st = db_prepare(v,
	                              "SELECT DISTINCT instrument FROM "
	                              "assessments WHERE total IS NOT NULL "
	                              "ORDER BY instrument",
	                              "");
	char **ids = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return -1;
	while ((rc = db_step(st)) == 1) {
		ids = xreallocarray(ids, len + 1, sizeof(*ids));
		ids[len++] = xstrdup(db_col_text(st, 0));
	}
	db_finalize(st);
	if (rc < 0) {
		for (size_t i = 0; i < len; i++)
			free(ids[i]);
		free(ids);
		return -1;
	}
	*out = ids;
	*n = len;
	return 0;
}

int64_t
store_flag_raise(struct vault *v, const char *kind, int64_t at,
                 int64_t assessment_id, const char *note)
{
	/* 0 is "no assessment yet": NULL, for the foreign key. */
	if (db_exec(v,
	            "INSERT INTO flags(kind, raised_at, assessment_id, note)"
	            " VALUES(?1, ?2, NULLIF(?3, 0), ?4)",
	            "tiit", kind, at, assessment_id, note) < 0)
		return -1;
	return db_last_id(v);
}

int
store_flag_link(struct vault *v, int64_t flag_id, int64_t assessment_id)
{
	return db_exec(v, "UPDATE flags SET assessment_id = ? WHERE id = ?",
	               "ii", assessment_id, flag_id);
}

static const char flag_cols[] =
        "SELECT f.id, f.kind, f.raised_at, f.assessment_id,"
        " a.instrument, f.resolved_at, f.override_at, f.note"
        " FROM flags f LEFT JOIN assessments a ON a.id = f.assessment_id";

static void
read_flag(sqlite3_stmt *st, struct store_flag *f)
{
	f->id = db_col_int(st, 0);
	snprintf(f->kind, sizeof(f->kind), "%s", db_col_text(st, 1));
	f->raised_at = db_col_int(st, 2);
	f->assessment_id = db_col_int(st, 3);
	snprintf(f->instrument, sizeof(f->instrument), "%s",
	         db_col_text(st, 4));
	f->resolved_at = db_col_int(st, 5);
	f->override_at = db_col_int(st, 6);
	f->note = db_col_dup(st, 7);
}

/* read_flag as a db_row_fn. */
static void
flag_row(sqlite3_stmt *st, void *out)
{
	read_flag(st, out);
}

int
store_flags(struct vault *v, const char *kind, bool open_only,
            struct store_flag **out, size_t *n)
{
	char *sql = xasprintf("%s WHERE (?1 IS NULL OR f.kind = ?1)%s"
	                      " ORDER BY f.raised_at DESC, f.id DESC",
	                      flag_cols,
	                      open_only ? " AND f.resolved_at IS NULL AND "
	                                  "f.override_at IS NULL"
	                                : "");
	sqlite3_stmt *st = db_prepare(v, sql, "t", kind);
	struct store_flag *fl = NULL;
	size_t len = 0;
	int rc;

	free(sql);
	*out = NULL;
	*n = 0;
	if (!st)
		return -1;
	while ((rc = db_step(st)) == 1) {
		fl = xreallocarray(fl, len + 1, sizeof(*fl));
		read_flag(st, &fl[len++]);
	}
	db_finalize(st);
	if (rc < 0) {
		store_flags_free(fl, len);
		return -1;
	}
	*out = fl;
	*n = len;
	return 0;
}

void
store_flags_free(struct store_flag *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(f[i].note);
	free(f);
}

int
store_pause_get(struct vault *v, struct store_flag *out)
{
	char *sql = xasprintf("%s WHERE f.kind IN ('deterioration','severe')"
	                      " AND f.resolved_at IS NULL AND f.override_at IS"
	                      " NULL ORDER BY f.raised_at DESC, f.id DESC"
	                      " LIMIT 1",
	                      flag_cols);
	sqlite3_stmt *st = db_prepare(v, sql, "");

	free(sql);
	return db_row(st, flag_row, out);
}

int
store_pause_set(struct vault *v, int64_t flag_id, int64_t at)
{
	return db_exec(v,
	               "UPDATE course SET paused_at = ?, pause_flag = ?"
	               " WHERE finished_at IS NULL",
	               "ii", at, flag_id);
}

static int
unpause_if_clear(struct vault *v)
{
	struct store_flag f;
	int rc = store_pause_get(v, &f);

	if (rc < 0)
		return -1;
	if (rc == 1) {
		free(f.note);
		return db_exec(v,
		               "UPDATE course SET pause_flag = ?"
		               " WHERE finished_at IS NULL",
		               "i", f.id);
	}
	return db_exec(v,
	               "UPDATE course SET paused_at = NULL, pause_flag = NULL"
	               " WHERE finished_at IS NULL",
	               "");
}

int
store_pause_override(struct vault *v, int64_t at)
{
	if (db_exec(v,
	            "UPDATE flags SET override_at = ? WHERE kind IN"
	            " ('deterioration','severe') AND resolved_at IS NULL AND"
	            " override_at IS NULL",
	            "i", at) < 0)
		return -1;
	if (db_event(v, "assess.override", NULL) < 0)
		return -1;
	return unpause_if_clear(v);
}

int
store_pause_resolve(struct vault *v, const char *instrument, int64_t at)
{
	if (db_exec(v,
	            "UPDATE flags SET resolved_at = ? WHERE kind IN"
	            " ('deterioration','severe') AND resolved_at IS NULL AND"
	            " override_at IS NULL AND assessment_id IN (SELECT id FROM"
	            " assessments WHERE instrument = ?)",
	            "it", at, instrument) < 0)
		return -1;
	return unpause_if_clear(v);
}

void
store_strings_free(char **s, size_t n)
{
	for (size_t i = 0; s && i < n; i++)
		free(s[i]);
	free(s);
}

int
store_safety_plan_id(struct vault *v, int64_t *id)
{
	return db_int(
	        v, id,
	        "SELECT id FROM entries WHERE worksheet = 'safety-plan'"
	        " AND deleted_at IS NULL ORDER BY updated_at DESC, id DESC"
	        " LIMIT 1",
	        "");
}

int
store_assess_last_taken(struct vault *v, const char *instrument, int64_t *at)
{
	return db_int(v, at,
	              "SELECT max(taken_at) FROM assessments WHERE "
	              "instrument = ? AND total IS NOT NULL HAVING count(*) "
	              "> 0",
	              "t", instrument);
}
