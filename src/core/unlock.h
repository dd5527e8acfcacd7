/*
 * Unlock rules: which lessons of a course are open, which are locked and
 * why, and which optional lessons the course suggests.  Pure logic: the
 * facts (what was completed and when, homework entries, check-in results)
 * and `now` are parameters, so every rule is tested with a frozen clock.
 *
 * Days are local calendar days (util/clock.h): a lesson with min_days 6
 * whose previous lesson was completed on a Monday at 23:50 opens on the
 * Sunday after at 00:00 local time, whatever daylight saving did between.
 *
 * Check-ins ("assess_first"): an instrument is up to date for a lesson when
 *  - the course's checkins.min_days_between N > 0 and it was taken fewer
 *    than N local days before now (taken Monday, N = 6: still good on
 *    Saturday, due again on Sunday); or
 *  - it was taken at or after the lesson's reference time, when N is 0 or
 *    the reference time is the course start (the baseline).
 */
#ifndef TEND_CORE_UNLOCK_H
#define TEND_CORE_UNLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/course.h"
#include "util/buf.h"

/* A homework entry: a saved worksheet entry and when it was made. */
struct unlock_entry {
	const char *worksheet;
	time_t at;
};

/* A check-in result. items[i] is the answer value of item i+1. */
struct unlock_result {
	const char *instrument;
	time_t at;
	int total;
	const char *band; /* band id, or NULL */
	const int *items;
	size_t nitems;
};

/*
 * Homework the person chose to skip, with a reason (kept in the vault):
 * the homework of worksheet for lesson (an index) counts as done.
 */
struct unlock_skip {
	size_t lesson;
	const char *worksheet;
	time_t at;
};

/* What the person decided about an optional lesson. */
enum unlock_choice { CHOICE_NONE, CHOICE_TAKEN, CHOICE_DECLINED };

/* Everything the rules look at.  Arrays are borrowed for the call. */
struct unlock_facts {
	time_t start; /* when the course was started */
	const time_t *done_at; /* per lesson (c->nlessons); 0: not done */
	const time_t *opened_at; /* per lesson, first opened; NULL or 0:
	                            never */
	const struct unlock_skip *skips;
	size_t nskips;
	const enum unlock_choice *choice; /* per lesson; NULL: all NONE */
	const struct unlock_entry *entries;
	size_t nentries;
	const struct unlock_result *results; /* any order */
	size_t nresults;
};

enum lesson_state {
	LESSON_HIDDEN, /* an optional lesson not (yet) taken up */
	LESSON_LOCKED,
	LESSON_OPEN,
	LESSON_DONE,
};

struct unlock_missing_hw {
	const char *worksheet; /* borrowed from the course */
	int have, need;
	int group; /* 0, or its group: any one member of it will do */
};

/*
 * The state of one lesson and, when locked, every condition that still
 * holds it back.  Fill with unlock_eval; free the arrays with
 * unlock_status_free.  Borrowed strings live as long as the course.
 */
struct unlock_status {
	enum lesson_state state;
	time_t ref; /* the reference time (see struct course_rule) */
	time_t hw_since; /* homework counts from here: when the lesson that
	                    set the reference time was first opened (ref
	                    when it has no such time) */
	bool after_ok, time_ok, homework_ok, assess_ok;
	time_t opens_at; /* local midnight the time conditions are met; 0 */
	size_t *missing_after; /* lesson indexes not completed */
	size_t nmissing_after;
	struct unlock_missing_hw *missing_hw;
	size_t nmissing_hw;
	const char **missing_assess; /* instrument ids due first */
	size_t nmissing_assess;
};

/* Evaluates lesson i of c at time now.  st is overwritten (not freed). */
void unlock_eval(const struct course *c, size_t i, const struct unlock_facts *f,
                 time_t now, struct unlock_status *st);
void unlock_status_free(struct unlock_status *st);

/* True when instrument id counts as up to date for a lesson whose
 * reference time is ref (see the rule at the top). */
bool
unlock_assess_current(const struct course *c, const char *instrument,
                      time_t ref, const struct unlock_facts *f, time_t now);

/*
 * Appends why a locked lesson is locked and what opens it, in one short
 * sentence: "Opens on Thursday, after 2 more Thought record entries." (of
 * alternatives: "after 3 more Exposure log entries or 3 more Activity
 * plan entries") or
 * "Opens after you complete “Noticing thoughts”."  For an open lesson that
 * waits only for a check-in: "Opens after a check-in: PHQ-9, GAD-7."
 * Appends nothing for a lesson that is not locked.
 */
void unlock_explain(const struct course *c, const struct unlock_status *st,
                    time_t now, struct buf *out);

/* Appends "today", "tomorrow", "on Thursday" (within a week) or "on 3
 * December" for the local day of t, seen from now. */
void unlock_day_words(time_t t, time_t now, struct buf *out);

/* A suggested optional lesson and the rule that suggests it. */
struct unlock_suggestion {
	size_t lesson;
	const struct course_suggest *rule; /* rule->because is the reason */
};

/*
 * Optional lessons that the course suggests from the latest result of each
 * instrument, leaving out lessons already taken up, declined or done.
 * Writes at most max suggestions in course order; returns how many there
 * are in all.
 */
size_t unlock_suggest(const struct course *c, const struct unlock_facts *f,
                      struct unlock_suggestion *out, size_t max);

/*
 * The one optional lesson to suggest now (docs/clinical.md 6.6): the first
 * of unlock_suggest, and none while an optional lesson the person took up
 * is not done yet, so that extras come one at a time.  1 and *out, or 0.
 */
int unlock_suggest_one(const struct course *c, const struct unlock_facts *f,
                       struct unlock_suggestion *out);

/* The latest result of an instrument, or NULL. */
const struct unlock_result *
unlock_latest(const struct unlock_facts *f, const char *instrument);

#endif
