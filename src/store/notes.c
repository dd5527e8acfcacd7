/*
 * Queries over prompt_answers and plans for "My notes".  See
 * store/notes.h.
 */
#include "store/notes.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "util/secret.h"

static bool
blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n')
			return false;
	return true;
}

static void
row_of(struct sqlite3_stmt *st, void *out)
{
	struct note_row *r = out;

	r->id = db_col_int(st, 0);
	r->course = db_col_dup(st, 1);
	r->lesson = db_col_dup(st, 2);
	r->key = db_col_dup(st, 3);
	r->text = db_col_dup(st, 4);
	r->created = (time_t)db_col_int(st, 5);
	r->updated = (time_t)db_col_int(st, 6);
}

static int
list(struct sqlite3_stmt *st, struct note_row **out, size_t *n)
{
	if (db_rows(st, row_of, sizeof(**out), (void **)out, n) < 0) {
		note_rows_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

static int
one(struct sqlite3_stmt *st, struct note_row *out)
{
	memset(out, 0, sizeof(*out));
	return db_row(st, row_of, out);
}

#define ANSWER_COLS                                                            \
	"SELECT rowid, course, lesson, prompt_id, text, created_at, "          \
	"updated_at FROM prompt_answers"
#define PLAN_COLS                                                              \
	"SELECT id, course, lesson, plan_key, what, created_at, updated_at "   \
	"FROM plans WHERE deleted_at IS NULL"

int
notes_answers(struct vault *v, struct note_row **out, size_t *n)
{
	return list(db_prepare(v,
	                       ANSWER_COLS " ORDER BY updated_at DESC, "
	                                   "rowid DESC",
	                       ""),
	            out, n);
}

int
notes_answer_get(struct vault *v, int64_t id, struct note_row *out)
{
	return one(db_prepare(v, ANSWER_COLS " WHERE rowid = ?", "i", id), out);
}

int
notes_plans(struct vault *v, struct note_row **out, size_t *n)
{
	return list(db_prepare(v,
	                       PLAN_COLS " ORDER BY updated_at DESC, id DESC",
	                       ""),
	            out, n);
}

int
notes_plan_get(struct vault *v, int64_t id, struct note_row *out)
{
	return one(db_prepare(v, PLAN_COLS " AND id = ?", "i", id), out);
}

int
notes_plan_find(struct vault *v, const char *course, const char *lesson,
                const char *key, char **text)
{
	return db_text(v, text,
	               "SELECT what FROM plans WHERE deleted_at IS NULL AND "
	               "course = ? AND lesson = ? AND plan_key = ? ORDER "
	               "BY id DESC LIMIT 1",
	               "ttt", course, lesson, key);
}

int
notes_plan_set(struct vault *v, const char *course, const char *lesson,
               const char *key, const char *text, time_t now)
{
	if (blank(text))
		return db_exec(
		        v,
		        "UPDATE plans SET deleted_at = ?4 WHERE "
		        "deleted_at IS NULL AND course = ?1 AND lesson = "
		        "?2 AND plan_key = ?3",
		        "ttti", course, lesson, key, (int64_t)now);
	if (db_exec(v,
	            "UPDATE plans SET what = ?4, updated_at = ?5 WHERE "
	            "deleted_at IS NULL AND course = ?1 AND lesson = ?2 AND "
	            "plan_key = ?3",
	            "tttti", course, lesson, key, text, (int64_t)now) < 0)
		return -1;
	if (db_changes(v) > 0)
		return 0;
	return db_exec(v,
	               "INSERT INTO plans(course, lesson, plan_key, what, "
	               "created_at, updated_at) VALUES(?1, ?2, ?3, ?4, ?5, ?5)",
	               "tttti", course, lesson, key, text, (int64_t)now);
}

void
note_row_clear(struct note_row *r)
{
	if (!r)
		return;
	free(r->course);
	free(r->lesson);
	free(r->key);
	secret_free(r->text);
	memset(r, 0, sizeof(*r));
}

void
note_rows_free(struct note_row *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		note_row_clear(&r[i]);
	free(r);
}
