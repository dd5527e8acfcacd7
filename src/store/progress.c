/*
 * Course progress queries: the course, lesson_progress, prompt_answers and
 * settings tables, and read-only views of entries and assessments for the
 * unlock rules.  Small statements, one per function; no user text is ever
 * written to the events log (only kinds and pack ids).
 */
#include "store/progress.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "util/secret.h"
#include "util/xalloc.h"

char *
progress_current_course(struct vault *v)
{
	return db_setting_get(v, "course");
}

int
progress_set_current_course(struct vault *v, const char *course)
{
	return db_setting_set(v, "course", course);
}

int
progress_course_start(struct vault *v, const char *course, int version,
                      time_t now)
{
	char ver[24];

	snprintf(ver, sizeof(ver), "%d", version);
	if (db_exec(v,
	            "INSERT OR IGNORE INTO course(id, started_at, "
	            "pack_version) "
	            "VALUES(?, ?, ?)",
	            "tit", course, (int64_t)now, ver) < 0)
		return -1;
	if (db_changes(v) > 0 && db_event(v, "course.start", course) < 0)
		return -1;
	return 0;
}

int
progress_course_get(struct vault *v, const char *course,
                    struct progress_course *out)
{
	sqlite3_stmt *st = db_prepare(
	        v,
	        "SELECT started_at, onboarded_at, finished_at, paused_at, "
	        "current_lesson FROM course WHERE id = ?",
	        "t", course);
	int r;

	memset(out, 0, sizeof(*out));
	if (!st)
		return -1;
	r = db_step(st);
	if (r == 1) {
		out->started_at = (time_t)db_col_int(st, 0);
		out->onboarded_at = (time_t)db_col_int(st, 1);
		out->finished_at = (time_t)db_col_int(st, 2);
		out->paused_at = (time_t)db_col_int(st, 3);
		out->current_lesson = db_col_dup(st, 4);
	}
	db_finalize(st);
	return r;
}

void
progress_course_clear(struct progress_course *pc)
{
	free(pc->current_lesson);
	memset(pc, 0, sizeof(*pc));
}

int
progress_course_onboarded(struct vault *v, const char *course, time_t now)
{
	return db_exec(v,
	               "UPDATE course SET onboarded_at = ? WHERE id = ? AND "
	               "onboarded_at IS NULL",
	               "it", (int64_t)now, course);
}

int
progress_course_finished(struct vault *v, const char *course, time_t now)
{
	if (db_exec(v,
	            "UPDATE course SET finished_at = ? WHERE id = ? AND "
	            "finished_at IS NULL",
	            "it", (int64_t)now, course) < 0)
		return -1;
	if (db_changes(v) > 0)
		return db_event(v, "course.finish", course);
	return 0;
}

int
progress_lessons(struct vault *v, const char *course,
                 struct progress_lesson **out, size_t *n)
{
	sqlite3_stmt *st = db_prepare(
	        v,
	        "SELECT lesson, opened_at, last_opened_at, completed_at, "
	        "read_end_at, read_pos, read_max FROM lesson_progress "
	        "WHERE course = ? ORDER BY lesson",
	        "t", course);
	struct progress_lesson *v_out = NULL;
	size_t cnt = 0;
	int r;

	*out = NULL;
	*n = 0;
	if (!st)
		return -1;
	while ((r = db_step(st)) == 1) {
		struct progress_lesson *l;

		v_out = xreallocarray(v_out, cnt + 1, sizeof(*v_out));
		l = &v_out[cnt++];
		l->lesson = db_col_dup(st, 0);
		if (!l->lesson)
			l->lesson = xstrdup("");
		l->opened_at = (time_t)db_col_int(st, 1);
		l->last_opened_at = (time_t)db_col_int(st, 2);
		l->completed_at = (time_t)db_col_int(st, 3);
		l->read_end_at = (time_t)db_col_int(st, 4);
		l->read_pos = (int)db_col_int(st, 5);
		l->read_max = (int)db_col_int(st, 6);
	}
	db_finalize(st);
	if (r < 0) {
		progress_lessons_free(v_out, cnt);
		return -1;
	}
	*out = v_out;
	*n = cnt;
	return 0;
}

void
progress_lessons_free(struct progress_lesson *l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(l[i].lesson);
	free(l);
}

/* Makes sure the lesson has a row. */
static int
lesson_row(struct vault *v, const char *course, const char *lesson)
{
	return db_exec(v,
	               "INSERT OR IGNORE INTO lesson_progress(course, lesson) "
	               "VALUES(?, ?)",
	               "tt", course, lesson);
}

int
progress_lesson_opened(struct vault *v, const char *course, const char *lesson,
                       time_t now)
{
	if (lesson_row(v, course, lesson) < 0 ||
	    db_exec(v,
	            "UPDATE lesson_progress SET opened_at = "
	            "coalesce(opened_at, ?1), last_opened_at = ?1 "
	            "WHERE course = ?2 AND lesson = ?3",
	            "itt", (int64_t)now, course, lesson) < 0 ||
	    db_exec(v, "UPDATE course SET current_lesson = ? WHERE id = ?",
	            "tt", lesson, course) < 0)
		return -1;
	return db_event(v, "lesson.open", lesson);
}

int
progress_lesson_read(struct vault *v, const char *course, const char *lesson,
                     int pos, bool at_end, time_t now)
{
	if (lesson_row(v, course, lesson) < 0)
		return -1;
	return db_exec(v,
	               "UPDATE lesson_progress SET read_pos = ?1, "
	               "read_max = max(read_max, ?1), read_end_at = "
	               "CASE WHEN ?2 THEN coalesce(read_end_at, ?3) "
	               "ELSE read_end_at END "
	               "WHERE course = ?4 AND lesson = ?5",
	               "dditt", pos < 0 ? 0 : pos, at_end ? 1 : 0, (int64_t)now,
	               course, lesson);
}

int
progress_lesson_completed(struct vault *v, const char *course,
                          const char *lesson, time_t now)
{
	if (lesson_row(v, course, lesson) < 0 ||
	    db_exec(v,
	            "UPDATE lesson_progress SET completed_at = ? "
	            "WHERE course = ? AND lesson = ? AND completed_at IS NULL",
	            "itt", (int64_t)now, course, lesson) < 0)
		return -1;
	if (db_changes(v) > 0)
		return db_event(v, "lesson.done", lesson);
	return 0;
}

static bool
blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

int
progress_prompt_save(struct vault *v, const char *course, const char *lesson,
                     const char *prompt, const char *text, time_t now)
{
	if (!text || blank(text))
		return db_exec(
		        v,
		        "DELETE FROM prompt_answers WHERE course = ? AND "
		        "lesson = ? AND prompt_id = ?",
		        "ttt", course, lesson, prompt);
	return db_exec(v,
	               "INSERT INTO prompt_answers(course, lesson, prompt_id, "
	               "text, created_at, updated_at) VALUES(?1, ?2, ?3, ?4, "
	               "?5, ?5) ON CONFLICT(course, lesson, prompt_id) DO "
	               "UPDATE SET text = ?4, updated_at = ?5",
	               "tttti", course, lesson, prompt, text, (int64_t)now);
}

int
progress_prompt_get(struct vault *v, const char *course, const char *lesson,
                    const char *prompt, char **text)
{
	return db_text(v, text,
	               "SELECT text FROM prompt_answers WHERE course = ? AND "
	               "lesson = ? AND prompt_id = ?",
	               "ttt", course, lesson, prompt);
}

static char *
choice_key(const char *course, const char *lesson)
{
	return xasprintf("choice:%s:%s", course, lesson);
}

int
progress_choice_get(struct vault *v, const char *course, const char *lesson)
{
	char *key = choice_key(course, lesson), *val = db_setting_get(v, key);
	int c = 0;

	if (val && strcmp(val, "taken") == 0)
		c = 't';
	else if (val && strcmp(val, "declined") == 0)
		c = 'd';
	free(val);
	free(key);
	return c;
}

int
progress_choice_set(struct vault *v, const char *course, const char *lesson,
                    int choice)
{
	char *key = choice_key(course, lesson);
	int r;

	if (choice == 't' || choice == 'd') {
		r = db_setting_set(v, key,
		                   choice == 't' ? "taken" : "declined");
		if (r == 0)
			r = db_event(v,
			             choice == 't' ? "lesson.take"
			                           : "lesson.decline",
			             lesson);
	} else {
		r = db_exec(v, "DELETE FROM settings WHERE key = ?", "t", key);
	}
	free(key);
	return r;
}

int64_t
progress_skip_add(struct vault *v, const char *course, const char *lesson,
                  const char *worksheet, const char *reason, time_t at)
{
	int64_t id;

	if (db_exec(v,
	            "INSERT INTO homework_skips(course, lesson, worksheet, "
	            "reason, at) VALUES (?, ?, ?, ?, ?)",
	            "tttti", course, lesson, worksheet, reason,
	            (int64_t)at) < 0)
		return -1;
	id = db_last_id(v);
	/* The event names the worksheet only, never the reason. */
	if (db_event(v, "homework.skip", worksheet) < 0)
		return -1;
	return id;
}

int
progress_skips(struct vault *v, const char *course, struct progress_skip **out,
               size_t *n)
{
	sqlite3_stmt *st =
	        db_prepare(v,
	                   "SELECT id, lesson, worksheet, reason, at FROM "
	                   "homework_skips WHERE course = ? ORDER BY at, id",
	                   "t", course);
	struct progress_skip *k = NULL;
	size_t cnt = 0;
	int r;

	*out = NULL;
	*n = 0;
	if (!st)
		return -1;
	while ((r = db_step(st)) == 1) {
		k = xreallocarray(k, cnt + 1, sizeof(*k));
		k[cnt].id = db_col_int(st, 0);
		k[cnt].lesson = xstrdup(db_col_text(st, 1));
		k[cnt].worksheet = xstrdup(db_col_text(st, 2));
		k[cnt].reason = xstrdup(db_col_text(st, 3));
		k[cnt].at = (time_t)db_col_int(st, 4);
		cnt++;
	}
	db_finalize(st);
	if (r < 0) {
		progress_skips_free(k, cnt);
		return -1;
	}
	*out = k;
	*n = cnt;
	return 0;
}

void
progress_skips_free(struct progress_skip *k, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(k[i].lesson);
		free(k[i].worksheet);
		secret_free(k[i].reason);
	}
	free(k);
}

int
progress_count_entries(struct vault *v, struct progress_count *q, size_t n)
{
	/* The terms of the partial index entries_done, so that it serves
	 * (schema.c); LIMIT stops the count at the cap. */
	sqlite3_stmt *st = db_prepare(
	        v,
	        "SELECT count(*) FROM (SELECT 1 FROM entries WHERE "
	        "worksheet = ?1 AND completed_at >= ?2 AND completed_at < ?3 "
	        "AND completed_at IS NOT NULL AND deleted_at IS NULL LIMIT ?4)",
	        NULL);
	int rc = 0;

	if (!st)
		return -1;
	for (size_t i = 0; i < n && rc == 0; i++) {
		q[i].n = 0;
		if (q[i].cap <= 0 || q[i].to <= q[i].from)
			continue;
		sqlite3_reset(st);
		if (sqlite3_bind_text(st, 1, q[i].worksheet, -1,
		                      SQLITE_STATIC) != SQLITE_OK ||
		    sqlite3_bind_int64(st, 2, (sqlite3_int64)q[i].from) !=
		            SQLITE_OK ||
		    sqlite3_bind_int64(st, 3, (sqlite3_int64)q[i].to) !=
		            SQLITE_OK ||
		    sqlite3_bind_int64(st, 4, q[i].cap) != SQLITE_OK ||
		    db_step(st) != 1)
			rc = -1;
		else
			q[i].n = (int)db_col_int(st, 0);
	}
	db_finalize(st);
	return rc;
}

/* Item values of one assessment into r->items. */
static int
load_items(struct vault *v, int64_t id, struct progress_result *r)
{
	sqlite3_stmt *st = db_prepare(v,
	                              "SELECT item, value FROM "
	                              "assessment_items WHERE "
	                              "assessment_id = ?",
	                              "i", id);
	int rc;

	if (!st)
		return -1;
	while ((rc = db_step(st)) == 1) {
		char *end;
		long k = strtol(db_col_text(st, 0), &end, 10);

		if (*end || k < 1 || k > 1000)
			continue;
		if ((size_t)k > r->nitems) {
			r->items = xreallocarray(r->items, (size_t)k,
			                         sizeof(*r->items));
			for (size_t j = r->nitems; j < (size_t)k; j++)
				r->items[j] = -1;
			r->nitems = (size_t)k;
		}
		r->items[k - 1] =
		        db_col_null(st, 1) ? -1 : (int)db_col_int(st, 1);
	}
	db_finalize(st);
	return rc < 0 ? -1 : 0;
}

int
progress_results(struct vault *v, struct progress_result **out, size_t *n)
{
	sqlite3_stmt *st = db_prepare(v,
	                              "SELECT id, instrument, taken_at, total, "
	                              "band FROM assessments ORDER BY "
	                              "taken_at, id",
	                              NULL);
	struct progress_result *res = NULL;
	int64_t *ids = NULL;
	size_t cnt = 0;
	int r;

	*out = NULL;
	*n = 0;
	if (!st)
		return -1;
	while ((r = db_step(st)) == 1) {
		struct progress_result *x;

		res = xreallocarray(res, cnt + 1, sizeof(*res));
		ids = xreallocarray(ids, cnt + 1, sizeof(*ids));
		x = &res[cnt];
		memset(x, 0, sizeof(*x));
		ids[cnt] = db_col_int(st, 0);
		x->instrument = xstrdup(db_col_text(st, 1));
		x->at = (time_t)db_col_int(st, 2);
		x->total = db_col_null(st, 3) ? -1 : (int)db_col_int(st, 3);
		x->band = db_col_dup(st, 4);
		cnt++;
	}
	db_finalize(st);
	/* Items in a second pass: one statement open at a time. */
	for (size_t i = 0; r == 0 && i < cnt; i++)
		if (load_items(v, ids[i], &res[i]) < 0)
			r = -1;
	free(ids);
	if (r < 0) {
		progress_results_free(res, cnt);
		return -1;
	}
	*out = res;
	*n = cnt;
	return 0;
}

void
progress_results_free(struct progress_result *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(r[i].instrument);
		free(r[i].band);
		free(r[i].items);
	}
	free(r);
}

int
progress_events(struct vault *v, size_t max, struct progress_event **out,
                size_t *n)
{
	sqlite3_stmt *st = db_prepare(v,
	                              "SELECT at, kind, ref FROM events "
	                              "ORDER BY at DESC, id DESC LIMIT ?",
	                              "i", (int64_t)max);
	struct progress_event *e = NULL;
	size_t cnt = 0;
	int r;

	*out = NULL;
	*n = 0;
	if (!st)
		return -1;
	while ((r = db_step(st)) == 1) {
		e = xreallocarray(e, cnt + 1, sizeof(*e));
		e[cnt].at = (time_t)db_col_int(st, 0);
		e[cnt].kind = xstrdup(db_col_text(st, 1));
		e[cnt].ref = db_col_dup(st, 2);
		cnt++;
	}
	db_finalize(st);
	if (r < 0) {
		progress_events_free(e, cnt);
		return -1;
	}
	*out = e;
	*n = cnt;
	return 0;
}

void
progress_events_free(struct progress_event *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(e[i].kind);
		free(e[i].ref);
	}
	free(e);
}
