/*
 * Worksheet use cases shared by the TUI and the CLI: loading the installed
 * worksheets, starting an entry, saving one answer (then the completion
 * flag, then the vault, so a finished field is on disk before the person
 * moves on), the resume point, delete and restore, the homework count for
 * the course engine, and planned times for reminders.
 *
 * Every function that changes data commits (session_commit: the vault and
 * the reminder schedule) before it returns.  On failure they return an
 * exit status (app/opts.h) and set *msg to a sentence for the person (free
 * with free()); msg may be NULL.
 */
#ifndef TEND_APP_SHEET_H
#define TEND_APP_SHEET_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "app/session.h"
#include "core/sheet.h"
#include "store/entries.h"
#include "util/diag.h"

/*
 * Loads the installed worksheets (worksheets/ in the clinic's folder, a
 * pack's data/ and the bundled data/, the first of the same id winning:
 * path_data_dirs) into set (SHEET_SET_INIT; free with sheet_set_free).
 * Findings go to d.  Returns the number of files with errors, which are
 * skipped (check-content reports them).
 */
int app_sheets_load(struct sheet_set *set, struct diags *d);

/*
 * The installed worksheets as app_sheets_load gives them, loaded on first
 * use and kept by the session (borrowed: valid until session_close).
 */
const struct sheet_set *app_sheets(struct session *s);

/*
 * Starts an entry of def (course and lesson name the homework context, or
 * NULL), fills date/time fields that default to now, and saves.  Sets *id
 * and, when answers is not NULL, *answers to the initial answers (free with
 * sheet_answers_free).
 */
int app_sheet_begin(struct session *s, const struct sheet *def,
                    const char *course, const char *lesson, time_t now,
                    int64_t *id, struct sheet_answers **answers, char **msg);

/*
 * Saves the answer under key from a (absent in a: removed), updates the
 * entry's completion from all of a, and saves the vault.  The value must
 * already pass sheet_value_check (EXIT_DATA with the check's message
 * otherwise; nothing is stored).
 */
int app_sheet_save_field(struct session *s, const struct sheet *def, int64_t id,
                         const struct sheet_answers *a, const char *key,
                         time_t now, char **msg);

/* Replaces every answer of the entry with a (after rows were deleted or
 * sorted), updates completion, saves. */
int app_sheet_save_all(struct session *s, const struct sheet *def, int64_t id,
                       const struct sheet_answers *a, time_t now, char **msg);

/* Records where the person is (entry, field key, cursor) and saves the
 * vault (session_save only: the reminders do not depend on it); a NULL
 * key with id 0 forgets it.  Cheap enough to call on every field change:
 * it is one settings row. */
int app_sheet_resume_set(struct session *s, int64_t id, const char *key,
                         size_t cursor, char **msg);
/*
 * Records the resume point like app_sheet_resume_set, without saving: it
 * reaches the disk with the next save (the next answer, or leaving the
 * form).  For moves between fields, where a save per key would cost a
 * disk write and a backup rotation each.  EXIT_OK, or EXIT_FAIL with *msg.
 */
int app_sheet_resume_note(struct session *s, int64_t id, const char *key,
                          size_t cursor, char **msg);
/* See entries_resume_get: 1 found, 0 none, -1 error. */
int app_sheet_resume_get(struct session *s, struct entry_resume *out);

/*
 * The entries of worksheet sheet (NULL: every worksheet), live or in the
 * bin at now (ENTRIES_LIVE, ENTRIES_BIN), newest first, with their
 * answers, into out (ENTRY_LIST_INIT; free with entry_list_free).
 * Returns 0, or -1 on a database error (out is then empty).
 */
int
app_sheet_list(struct session *s, const char *sheet, enum entries_which which,
               time_t now, struct entry_list *out);
/* The max live entries changed most recently, newest first (by their last
 * change), with their answers; as app_sheet_list otherwise. */
int app_sheet_recent(struct session *s, size_t max, struct entry_list *out);
/* One entry with its answers: 1 and *out (free with entry_free), 0 when
 * there is no such entry, -1 on error. */
int app_sheet_get(struct session *s, int64_t id, struct entry **out);

/* Moves an entry to the bin / back out of it (EXIT_FAIL with a message
 * when it was deleted more than ENTRIES_KEEP_DAYS days ago), and saves. */
int app_sheet_delete(struct session *s, int64_t id, time_t now, char **msg);
int app_sheet_restore(struct session *s, int64_t id, time_t now, char **msg);
/* Erases what stayed in the bin too long; saves when anything went. */
int app_sheet_purge(struct session *s, time_t now, char **msg);

/*
 * Homework: entries of worksheet sheet_id completed at or after since and
 * not deleted.  Returns 0 and *n, or -1 on a database error.
 */
int app_sheet_count_since(struct session *s, const char *sheet_id, time_t since,
                          long *n);

/* A planned time from an entry (see sheet_planned_time). */
struct app_planned {
	time_t when;
	int64_t entry;
	const char *sheet; /* worksheet id; borrowed from the set */
};

/*
 * For reminders: the planned times of live entries of every worksheet in
 * set that plans (a datetime field marked planned, not marked done), with
 * from <= when < to, earliest first.  *out is a fresh array of *n items
 * (free with free()).  Returns 0 or -1.
 */
int
app_sheet_planned(struct session *s, const struct sheet_set *set, time_t from,
                  time_t to, struct app_planned **out, size_t *n);

#endif
