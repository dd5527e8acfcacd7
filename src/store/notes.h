/*
 * What the person wrote in lessons, read back for "My notes": every
 * answer to a lesson's prompts (prompt_answers) and the practice plans of
 * tend-plan blocks (plans: the person's own words in `what`).  The
 * worksheet entries are store/entries.h's, the mood notes store/mood.h's.
 *
 * Functions return 0 on success and -1 on a database error (db_errmsg());
 * "get" functions 1 when found, 0 when not.  Strings handed out are fresh:
 * free them with the matching _free function.  Nothing here saves the
 * vault: the caller (app/) commits.
 */
#ifndef TEND_STORE_NOTES_H
#define TEND_STORE_NOTES_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "store/vault.h"

/* A lesson answer or a plan. */
struct note_row {
	int64_t id; /* prompt_answers' rowid, or plans.id */
	char *course, *lesson, *key; /* the prompt or plan id */
	char *text; /* the person's words */
	time_t created, updated;
};

/* Every answer to a lesson prompt, newest change first. */
int notes_answers(struct vault *v, struct note_row **out, size_t *n);
/* The answer with rowid id: 1 and *out (free with note_row_clear), 0. */
int notes_answer_get(struct vault *v, int64_t id, struct note_row *out);

/* Every live plan, newest change first. */
int notes_plans(struct vault *v, struct note_row **out, size_t *n);
int notes_plan_get(struct vault *v, int64_t id, struct note_row *out);
/* The live plan of block key in a lesson: 1 and a fresh *text, or 0. */
int notes_plan_find(struct vault *v, const char *course, const char *lesson,
                    const char *key, char **text);
/* Writes the plan of block key in a lesson (text "" or blank: deletes
 * it), at now. */
int notes_plan_set(struct vault *v, const char *course, const char *lesson,
                   const char *key, const char *text, time_t now);

void note_row_clear(struct note_row *r); /* wipes the text; NULL is fine */
void note_rows_free(struct note_row *r, size_t n);

#endif
