/*
 * Course progress in the vault: which course the person follows and since
 * when, each lesson's reading and completion, answers to lesson prompts,
 * tailoring choices, and the facts the unlock rules need (homework entries
 * and check-in results, read from the worksheet and assessment tables).
 * Queries over the schema of store/schema.c; the caller (app/) saves the
 * vault after a change.
 *
 * Every function returns 0 on success and -1 on a database error (the
 * message is in db_errmsg()); "get" functions return 1 when found, 0 when
 * not.  Times are seconds since the epoch.  Arrays and strings handed out
 * are fresh: free them with the matching _free function or free().
 */
#ifndef TEND_STORE_PROGRESS_H
#define TEND_STORE_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "store/vault.h"

struct progress_course {
	time_t started_at;
	time_t onboarded_at; /* 0: not yet */
	time_t finished_at; /* 0: not yet */
	time_t paused_at; /* 0: not paused */
	char *current_lesson; /* may be NULL */
};

/* The course the person follows (settings "course"), or NULL (fresh). */
char *progress_current_course(struct vault *v);
int progress_set_current_course(struct vault *v, const char *course);

/* Starts a course (no-op if started), remembering the pack version. */
int progress_course_start(struct vault *v, const char *course, int version,
                          time_t now);
/* 1 and *out filled (free with progress_course_clear), 0 when not started. */
int progress_course_get(struct vault *v, const char *course,
                        struct progress_course *out);
void progress_course_clear(struct progress_course *pc);
int progress_course_onboarded(struct vault *v, const char *course, time_t now);
int progress_course_finished(struct vault *v, const char *course, time_t now);

struct progress_lesson {
	char *lesson;
	time_t opened_at; /* 0: never */
	time_t last_opened_at;
	time_t completed_at; /* 0: not done */
	time_t read_end_at; /* 0: not read to the end */
	int read_pos, read_max;
};

/* Every lesson with a row, any order. */
int progress_lessons(struct vault *v, const char *course,
                     struct progress_lesson **out, size_t *n);
void progress_lessons_free(struct progress_lesson *l, size_t n);

int progress_lesson_opened(struct vault *v, const char *course,
                           const char *lesson, time_t now);
/* Records the reader's position; at_end marks the lesson read through. */
int progress_lesson_read(struct vault *v, const char *course,
                         const char *lesson, int pos, bool at_end, time_t now);
int progress_lesson_completed(struct vault *v, const char *course,
                              const char *lesson, time_t now);

/* Prompt answers.  Saving "" (or only blanks) deletes the answer. */
int
progress_prompt_save(struct vault *v, const char *course, const char *lesson,
                     const char *prompt, const char *text, time_t now);
/* 1 and a fresh *text, or 0 when there is no answer. */
int progress_prompt_get(struct vault *v, const char *course, const char *lesson,
                        const char *prompt, char **text);

/* Tailoring: 't' taken, 'd' declined, 0 undecided. */
int
progress_choice_get(struct vault *v, const char *course, const char *lesson);
int progress_choice_set(struct vault *v, const char *course, const char *lesson,
                        int choice);

/*
 * Homework skipped with a reason (table homework_skips): lesson is the
 * lesson whose unlock rule asks for the worksheet.  Adding returns the new
 * row's id (> 0), or -1.  The list is oldest first.
 */
struct progress_skip {
	int64_t id;
	char *lesson;
	char *worksheet;
	char *reason;
	time_t at;
};
int64_t
progress_skip_add(struct vault *v, const char *course, const char *lesson,
                  const char *worksheet, const char *reason, time_t at);
int progress_skips(struct vault *v, const char *course,
                   struct progress_skip **out, size_t *n);
void progress_skips_free(struct progress_skip *k, size_t n);

/*
 * Homework counts for the unlock rules: for each of q[0..n), the
 * completed, not deleted entries of worksheet completed from `from` to
 * before `to`, counted up to cap (the rules only ask whether there are
 * enough; a cap of 0 or an empty span counts nothing).  Sets each n.  Each
 * count reads one range of an index and stops at its cap, so it costs what
 * the cap allows, however many entries the vault holds.  Returns 0 or -1.
 */
struct progress_count {
	const char *worksheet; /* borrowed */
	time_t from, to;
	int cap;
	int n; /* set: the count, at most cap */
};
int progress_count_entries(struct vault *v, struct progress_count *q, size_t n);

/*
 * Scored check-ins, oldest first.  items[k] is the value of item k+1 (-1
 * when skipped or unknown); assessment_items.item holds the 1-based item
 * number as text.
 */
struct progress_result {
	char *instrument;
	time_t at;
	int total; /* -1 when not scored */
	char *band; /* may be NULL */
	int *items;
	size_t nitems;
};
int progress_results(struct vault *v, struct progress_result **out, size_t *n);
void progress_results_free(struct progress_result *r, size_t n);

/* The latest events, newest first (at most max). */
struct progress_event {
	time_t at;
	char *kind;
	char *ref; /* may be NULL */
};
int progress_events(struct vault *v, size_t max, struct progress_event **out,
                    size_t *n);
void progress_events_free(struct progress_event *e, size_t n);

#endif
