/*
 * Worksheet entries in the vault: create, save one field at a time, read
 * back, list newest first, soft delete and restore within 30 days, purge
 * after that, and count completed entries per worksheet (the course
 * engine's homework rule).  Also where a person left off in an entry, so
 * that a dropped connection resumes at the same field and cursor.
 *
 * Storage (store/schema.c): entries(id, worksheet, course, lesson,
 * created_at, updated_at, completed_at, deleted_at) and entry_fields
 * (entry_id, field, row, value).  An answer key "situation" is stored as
 * field "situation", row 0; a row key "feelings.2.name" as field
 * "feelings.name", row 1 (rows counted from 0 in the table, from 1 in
 * keys).  The resume point lives in settings under "sheet.resume".
 *
 * Functions return 0 on success and -1 on a database error (the message is
 * in db_errmsg()), unless they say otherwise.  None of them saves the
 * vault: the caller (app/sheet) calls session_save() after each change.
 */
#ifndef TEND_STORE_ENTRIES_H
#define TEND_STORE_ENTRIES_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "core/sheet.h"
#include "store/vault.h"

/* Days a deleted entry can still be restored. */
#define ENTRIES_KEEP_DAYS 30

struct entry {
	int64_t id;
	char *sheet; /* worksheet id; owned */
	char *course; /* homework context, or NULL; owned */
	char *lesson; /* owned; may be NULL */
	time_t created, updated;
	time_t completed; /* when every required field was filled; 0: not */
	time_t deleted; /* when moved to the bin; 0: not deleted */
	struct sheet_answers *answers; /* owned; never NULL */
};

/* Frees an entry (answers are wiped).  NULL is fine. */
void entry_free(struct entry *e);

struct entry_list {
	struct entry **v; /* owned */
	size_t n;
};

#define ENTRY_LIST_INIT                                                        \
	{                                                                      \
		NULL, 0                                                        \
	}

void entry_list_free(struct entry_list *l);

/* Which entries entries_list returns. */
enum entries_which {
	ENTRIES_LIVE, /* not deleted */
	ENTRIES_BIN, /* deleted and still restorable at now */
	ENTRIES_ALL, /* both, and expired ones not yet purged */
};

/*
 * Creates an empty entry of worksheet sheet (course and lesson may be NULL)
 * at now.  Sets *id.
 */
int entries_create(struct vault *v, const char *sheet, const char *course,
                   const char *lesson, time_t now, int64_t *id);

/*
 * Stores one answer (key as in core/sheet.h; value NULL or "" removes it)
 * and sets updated_at to now.  Does not check the value: app/sheet does.
 * Returns -1 also when the entry does not exist.
 */
int entries_set_field(struct vault *v, int64_t id, const char *key,
                      const char *value, time_t now);

/* Replaces all answers of an entry with a (after a row was deleted or the
 * rows were sorted, which renumbers keys), in one transaction. */
int entries_set_answers(struct vault *v, int64_t id,
                        const struct sheet_answers *a, time_t now);

/*
 * Marks the entry complete (completed_at = now, unless it already was) or
 * incomplete (NULL).
 */
int
entries_set_complete(struct vault *v, int64_t id, bool complete, time_t now);

/* Reads one entry with its answers.  Returns 1 and *out (free with
 * entry_free), 0 when there is no such entry, -1 on error. */
int entries_get(struct vault *v, int64_t id, struct entry **out);

/*
 * Lists entries of worksheet sheet (NULL: every worksheet), newest first
 * (by created_at, then id), with their answers, into out (initialised with
 * ENTRY_LIST_INIT; free with entry_list_free).
 */
int entries_list(struct vault *v, const char *sheet, enum entries_which which,
                 time_t now, struct entry_list *out);

/*
 * The max live entries changed most recently (updated_at, then id), newest
 * first, with their answers: what a screen of recent notes needs, at a
 * cost that does not grow with every entry's answers.
 */
int entries_recent(struct vault *v, size_t max, struct entry_list *out);

/*
 * For reminders: the live entries of worksheet sheet whose answer field (a
 * date or datetime field outside any row, stored "YYYY-MM-DD" or
 * "YYYY-MM-DD HH:MM") holds a value from lo to before hi, compared as
 * text, which orders such values by time; with their answers, newest
 * first.  It reads one range of an index of such values, so it costs what
 * falls in the range, not every entry of the worksheet.
 */
int entries_dated(struct vault *v, const char *sheet, const char *field,
                  const char *lo, const char *hi, struct entry_list *out);

/* Moves an entry to the bin at now.  Returns -1 also when it does not exist
 * or is already deleted. */
int entries_delete(struct vault *v, int64_t id, time_t now);

/*
 * Takes an entry out of the bin.  Returns 0, 1 when it was deleted more
 * than ENTRIES_KEEP_DAYS days before now (too late: it stays deleted), or
 * -1 on error or when it does not exist or is not deleted.
 */
int entries_restore(struct vault *v, int64_t id, time_t now);

/* Erases entries deleted more than ENTRIES_KEEP_DAYS days before now, with
 * their answers.  *n (may be NULL) gets how many. */
int entries_purge(struct vault *v, time_t now, int *n);

/*
 * Counts entries of worksheet sheet completed (every required answer
 * given) at or after since and not deleted.  The course engine's homework
 * rule: "N entries since the previous lesson was completed" (an entry
 * begun before and finished after counts, as store/progress.c counts).
 */
int
entries_count_since(struct vault *v, const char *sheet, time_t since, long *n);

/* Where the person is in an open entry. */
struct entry_resume {
	int64_t id; /* the entry */
	char *key; /* owned: the answer key of the field, or NULL */
	size_t cursor; /* byte offset of the cursor in that field's text */
};

/* Records the resume point (key may be NULL). */
int
entries_resume_set(struct vault *v, int64_t id, const char *key, size_t cursor);
/* Returns 1 and *out (free out->key with free()), 0 when none is set or the
 * entry is gone or deleted, -1 on error. */
int entries_resume_get(struct vault *v, struct entry_resume *out);
/* Forgets the resume point (the entry was closed normally). */
int entries_resume_clear(struct vault *v);

#endif
