/*
 * Worksheet use cases (see app/sheet.h).  The order inside a save matters:
 * the answer, then the completion flag, then one vault save, so that the
 * file on disk never holds an answer without its entry's state.
 */
#include "app/sheet.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/session_int.h"
#include "pack/worksheet.h"
#include "store/db.h"
#include "util/i18n.h"
#include "util/path.h"
#include "util/xalloc.h"

int
app_sheets_load(struct sheet_set *set, struct diags *d)
{
	return pack_load_installed_worksheets(set, d);
}

const struct sheet_set *
app_sheets(struct session *s)
{
	if (!s->sheets) {
		struct diags d = DIAGS_INIT;

		s->sheets = xcalloc(1, sizeof(*s->sheets));
		*s->sheets = (struct sheet_set)SHEET_SET_INIT;
		/* Files with errors are reported by check-content. */
		(void)app_sheets_load(s->sheets, &d);
		diag_free(&d);
	}
	return s->sheets;
}

static int
db_fail(struct session *s, char **msg)
{
	if (msg)
		*msg = xasprintf(_("Could not store the answer: %s"),
		                 db_errmsg(session_vault(s)));
	return EXIT_FAIL;
}

static int
complete_and_save(struct session *s, const struct sheet *def, int64_t id,
                  const struct sheet_answers *a, time_t now, char **msg)
{
	struct sheet_problems p = SHEET_PROBLEMS_INIT;
	bool done = sheet_validate(def, a, true, &p) == 0;

	sheet_problems_free(&p);
	if (entries_set_complete(session_vault(s), id, done, now) < 0)
		return db_fail(s, msg);
	return session_commit(s, now, msg);
}

int
app_sheet_begin(struct session *s, const struct sheet *def, const char *course,
                const char *lesson, time_t now, int64_t *id,
                struct sheet_answers **answers, char **msg)
{
	struct vault *v = session_vault(s);
	struct sheet_answers *a = sheet_answers_new();
	int rc;

	if (msg)
		*msg = NULL;
	for (size_t i = 0; i < def->nfields; i++) {
		const struct sheet_field *f = &def->fields[i];
		char *val;

		if (!f->default_now)
			continue;
		val = sheet_value_now(f, now);
		sheet_answers_set(a, f->id, val);
		free(val);
	}
	/* Nothing reaches the disk before the commit, so the two steps
	 * below are one change as far as the vault file is concerned. */
	if (entries_create(v, def->id, course, lesson, now, id) < 0 ||
	    entries_set_answers(v, *id, a, now) < 0) {
		sheet_answers_free(a);
		return db_fail(s, msg);
	}
	rc = complete_and_save(s, def, *id, a, now, msg);
	if (answers)
		*answers = a;
	else
		sheet_answers_free(a);
	return rc;
}

int
app_sheet_save_field(struct session *s, const struct sheet *def, int64_t id,
                     const struct sheet_answers *a, const char *key, time_t now,
                     char **msg)
{
	const struct sheet_field *f = sheet_key_field(def, key, NULL, NULL);
	const char *val = sheet_answers_get(a, key);
	struct buf why = BUF_INIT;

	if (msg)
		*msg = NULL;
	if (!f) {
		if (msg)
			*msg = xasprintf(_("This worksheet has no question "
			                   "'%s'."),
			                 key);
		return EXIT_DATA;
	}
	if (sheet_value_check(f, val, &why) < 0) {
		if (msg)
			*msg = buf_detach(&why);
		buf_free(&why);
		return EXIT_DATA;
	}
	if (entries_set_field(session_vault(s), id, key, val, now) < 0)
		return db_fail(s, msg);
	return complete_and_save(s, def, id, a, now, msg);
}

int
app_sheet_save_all(struct session *s, const struct sheet *def, int64_t id,
                   const struct sheet_answers *a, time_t now, char **msg)
{
	if (msg)
		*msg = NULL;
	if (entries_set_answers(session_vault(s), id, a, now) < 0)
		return db_fail(s, msg);
	return complete_and_save(s, def, id, a, now, msg);
}

int
app_sheet_resume_note(struct session *s, int64_t id, const char *key,
                      size_t cursor, char **msg)
{
	int rc;

	if (msg)
		*msg = NULL;
	if (id == 0)
		rc = entries_resume_clear(session_vault(s));
	else
		rc = entries_resume_set(session_vault(s), id, key, cursor);
	return rc < 0 ? db_fail(s, msg) : EXIT_OK;
}

int
app_sheet_resume_set(struct session *s, int64_t id, const char *key,
                     size_t cursor, char **msg)
{
	int rc = app_sheet_resume_note(s, id, key, cursor, msg);

	if (rc != EXIT_OK)
		return rc;
	/* Where the cursor is changes nothing the reminders show. */
	return session_save(s, msg);
}

int
app_sheet_resume_get(struct session *s, struct entry_resume *out)
{
	return entries_resume_get(session_vault(s), out);
}

int
app_sheet_list(struct session *s, const char *sheet, enum entries_which which,
               time_t now, struct entry_list *out)
{
	if (entries_list(session_vault(s), sheet, which, now, out) < 0) {
		*out = (struct entry_list)ENTRY_LIST_INIT;
		return -1;
	}
	return 0;
}

int
app_sheet_recent(struct session *s, size_t max, struct entry_list *out)
{
	if (entries_recent(session_vault(s), max, out) < 0) {
		*out = (struct entry_list)ENTRY_LIST_INIT;
		return -1;
	}
	return 0;
}

int
app_sheet_get(struct session *s, int64_t id, struct entry **out)
{
	return entries_get(session_vault(s), id, out);
}

int
app_sheet_delete(struct session *s, int64_t id, time_t now, char **msg)
{
	if (msg)
		*msg = NULL;
	if (entries_delete(session_vault(s), id, now) < 0)
		return db_fail(s, msg);
	return session_commit(s, now, msg);
}

int
app_sheet_restore(struct session *s, int64_t id, time_t now, char **msg)
{
	int rc = entries_restore(session_vault(s), id, now);

	if (msg)
		*msg = NULL;
	if (rc < 0)
		return db_fail(s, msg);
	if (rc > 0) {
		if (msg)
			*msg = xasprintf(_("This entry was deleted more than "
			                   "%d days ago and can no longer be "
			                   "restored."),
			                 ENTRIES_KEEP_DAYS);
		return EXIT_FAIL;
	}
	return session_commit(s, now, msg);
}

int
app_sheet_purge(struct session *s, time_t now, char **msg)
{
	int n;

	if (msg)
		*msg = NULL;
	if (entries_purge(session_vault(s), now, &n) < 0)
		return db_fail(s, msg);
	return n > 0 ? session_commit(s, now, msg) : EXIT_OK;
}

int
app_sheet_count_since(struct session *s, const char *sheet_id, time_t since,
                      long *n)
{
	return entries_count_since(session_vault(s), sheet_id, since, n);
}

static int
cmp_planned(const void *x, const void *y)
{
	const struct app_planned *a = x, *b = y;

	if (a->when != b->when)
		return a->when < b->when ? -1 : 1;
	return (a->entry > b->entry) - (a->entry < b->entry);
}

/* The local date of t, "YYYY-MM-DD", into out (11 bytes). */
static void
local_date(time_t t, char out[11])
{
	struct tm tm;

	if (!localtime_r(&t, &tm) || strftime(out, 11, "%Y-%m-%d", &tm) == 0)
		strcpy(out, t < 0 ? "0000-00-00" : "9999-99-99");
}

int
app_sheet_planned(struct session *s, const struct sheet_set *set, time_t from,
                  time_t to, struct app_planned **out, size_t *n)
{
	/* Only entries whose planned value reads a date within two days of
	 * the range are read (daylight saving moves a local time by hours,
	 * never by a day); sheet_planned_time then decides, as for any. */
	char lo[11], hi[11];
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	if (to <= from)
		return 0;
	local_date(from - 2 * 86400, lo);
	local_date(to + 2 * 86400, hi);
	for (size_t i = 0; i < set->n; i++) {
		const struct sheet *def = set->v[i];
		struct entry_list l = ENTRY_LIST_INIT;
		const char *field = NULL;

		for (size_t k = 0; k < def->nfields && !field; k++)
			if (def->fields[k].planned)
				field = def->fields[k].id;
		if (!field)
			continue;
		if (entries_dated(session_vault(s), def->id, field, lo, hi,
		                  &l) < 0) {
			free(*out);
			*out = NULL;
			*n = 0;
			return -1;
		}
		for (size_t k = 0; k < l.n; k++) {
			time_t when;

			if (sheet_planned_time(def, l.v[k]->answers, &when) <
			            0 ||
			    when < from || when >= to)
				continue;
			if (*n == cap) {
				cap = cap ? cap * 2 : 8;
				*out = xreallocarray(*out, cap, sizeof(**out));
			}
			(*out)[(*n)++] =
			        (struct app_planned){when, l.v[k]->id, def->id};
		}
		entry_list_free(&l);
	}
	if (*n > 1)
		qsort(*out, *n, sizeof(**out), cmp_planned);
	return 0;
}
