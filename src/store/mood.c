/*
 * Daily mood queries over the mood table.  See store/mood.h.
 */
#include "store/mood.h"

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

int
mood_set(struct vault *v, long day, int rating, const char *note, time_t now)
{
	if (rating < 0 || rating > 10)
		return -1;
	return db_exec(
	        v,
	        "INSERT INTO mood(day, rating, note, updated_at) VALUES(?1, "
	        "?2, ?3, ?4) ON CONFLICT(day) DO UPDATE SET rating = ?2, "
	        "note = ?3, updated_at = ?4",
	        "idti", (int64_t)day, rating, blank(note) ? NULL : note,
	        (int64_t)now);
}

static void
row_of(struct sqlite3_stmt *st, void *out)
{
	struct mood_row *m = out;

	m->id = db_col_int(st, 0);
	m->day = (long)db_col_int(st, 1);
	m->rating = (int)db_col_int(st, 2);
	m->note = db_col_dup(st, 3);
	m->at = (time_t)db_col_int(st, 4);
}

static int
get_one(struct sqlite3_stmt *st, struct mood_row *out)
{
	memset(out, 0, sizeof(*out));
	return db_row(st, row_of, out);
}

int
mood_get(struct vault *v, long day, struct mood_row *out)
{
	return get_one(
	        db_prepare(
	                v,
	                "SELECT day, day, rating, note, updated_at FROM mood "
	                "WHERE day = ?",
	                "i", (int64_t)day),
	        out);
}

int
mood_get_id(struct vault *v, int64_t id, struct mood_row *out)
{
	/* A rating's id is its day. */
	return mood_get(v, (long)id, out);
}

int
mood_list(struct vault *v, struct mood_row **out, size_t *n)
{
	if (db_rows(db_prepare(v,
	                       "SELECT day, day, rating, note, updated_at "
	                       "FROM mood ORDER BY day",
	                       ""),
	            row_of, sizeof(**out), (void **)out, n) < 0) {
		mood_rows_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

void
mood_row_clear(struct mood_row *m)
{
	if (!m)
		return;
	secret_free(m->note);
	memset(m, 0, sizeof(*m));
}

void
mood_rows_free(struct mood_row *m, size_t n)
{
	for (size_t i = 0; i < n; i++)
		mood_row_clear(&m[i]);
	free(m);
}
