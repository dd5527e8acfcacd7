/*
 * A course in memory: its lessons, their unlock rules and interactive
 * parts, the check-in schedule and the tailoring rules, as plain C structs.
 * pack/pack.c fills one from the files of a content pack (see
 * docs/pack-format.md and tend-content(5)); core/unlock.c decides from it
 * what is open; app/ and ui/ show it.  Nothing here knows about YAML, the
 * vault or the screen.
 *
 * Ownership: a struct course owns every string and array in it; free the
 * whole tree with course_free().  Lessons are in one array: the core lessons
 * first, in course order (index 0 .. ncore-1), then the optional lessons.
 */
#ifndef TEND_CORE_COURSE_H
#define TEND_CORE_COURSE_H

#include <stdbool.h>
#include <stddef.h>

enum course_order { COURSE_ORDER_FIXED, COURSE_ORDER_FREE };

/*
 * "Entries of worksheet X made since the homework window opened: at least
 * n."  Homework of the same group > 0 are alternatives: any one of them
 * will do (the low-mood path of a lesson, "any_of" in the file).
 */
struct course_homework {
	char *worksheet; /* worksheet id */
	int count;
	int group; /* 0: needed on its own; else its group of alternatives */
	int line; /* where it was declared (0 when implied) */
};

/*
 * When a lesson opens.  Every condition given must hold.  The "reference
 * time" of a lesson is when the latest of its `after` lessons was completed
 * (the course start when `after` is empty); min_days counts from it.
 * Homework counts from when that lesson was first opened: entries made
 * while it is open, as lessons invite, count (core/unlock.h).
 */
struct course_rule {
	size_t *after; /* indexes of lessons that must be completed */
	size_t nafter;
	int min_days; /* local calendar days after the reference time [0] */
	struct course_homework *homework;
	size_t nhomework;
	int release_day; /* not before start day + N; -1: no such condition */
	char **assess_first; /* instrument ids that must be up to date */
	size_t nassess_first;
};

/* An interactive block of a lesson. */
enum course_part_kind {
	PART_PROMPT, /* tend-prompt */
	PART_WORKSHEET, /* tend-worksheet */
	PART_ASSESS, /* tend-assess */
	PART_PLAN, /* tend-plan */
};

/*
 * The most characters an answer to a lesson's question (or a plan) may
 * have: about sixteen pages, room for anything a person writes in one
 * place, and a bound on what one keystroke has to lay out.  The answer box
 * counts towards it and says when it is reached.
 */
#define COURSE_ANSWER_MAX 32768

struct course_part {
	enum course_part_kind kind;
	char *id; /* prompt and plan id; worksheet or instrument id */
	char *text; /* prompt question, plan "what", worksheet note; or NULL */
	int lines; /* prompt: answer box height */
	int count; /* worksheet: homework entries; plan: times per week */
	bool required; /* prompt: needed to complete the lesson */
	int line; /* line of the opening fence in the lesson file */
};

/* Tailoring: an optional lesson is suggested when any rule matches. */
enum course_suggest_kind {
	SUGGEST_ITEM, /* item `item` answered >= at_least */
	SUGGEST_TOTAL, /* total >= at_least */
	SUGGEST_BAND, /* the band is one of bands */
};

struct course_suggest {
	enum course_suggest_kind kind;
	char *instrument;
	int item; /* 1-based (SUGGEST_ITEM) */
	int at_least;
	char **bands; /* SUGGEST_BAND */
	size_t nbands;
	char *because; /* the reason shown to the person */
	int line;
};

struct course_lesson {
	char *id;
	char *file; /* file name inside the course folder */
	char *title;
	char *summary; /* may be NULL */
	int minutes; /* 0 when not given */
	bool optional;
	struct course_rule rule;
	struct course_part *parts; /* the tend-* blocks, in file order */
	size_t nparts;
	struct course_suggest *suggest; /* optional lessons only */
	size_t nsuggest;
	char *text; /* the lesson file as loaded (front matter included) */
	size_t text_len;
};

struct course_checkins {
	char **baseline; /* before the first lesson */
	size_t nbaseline;
	char **before_lesson; /* before each core lesson after the first */
	size_t nbefore_lesson;
	int min_days_between; /* unless taken within this many days */
	char **end; /* after the last core lesson */
	size_t nend;
	int followup_days; /* 0: no follow-up */
	char **followup;
	size_t nfollowup;
};

struct course_reminders {
	int window_start, window_end; /* minutes after local midnight; -1 */
	unsigned days; /* bit 0 = Monday .. bit 6 = Sunday */
	int quiet_start, quiet_end; /* minutes; -1 when not given */
};

/* A worksheet's name, for "after 2 more Thought record entries". */
struct course_name {
	char *id;
	char *title;
};

struct course {
	char *id;
	char *title;
	char *locale;
	char *summary; /* may be NULL */
	char *dir; /* the folder the course was loaded from */
	int version;
	enum course_order order;
	struct course_lesson *lessons;
	size_t nlessons; /* core + optional */
	size_t ncore;
	struct course_checkins checkins;
	struct course_reminders reminders;
	struct course_name *worksheets; /* titles of the worksheets used */
	size_t nworksheets;
	struct course_name *instruments; /* short names of the instruments */
	size_t ninstruments;
};

/* An empty course (everything zero, release days -1).  Free with
 * course_free. */
struct course *course_new(void);
void course_free(struct course *c); /* NULL is fine */

/* Index of the lesson with this id, or -1. */
long course_find_lesson(const struct course *c, const char *id);
/* The worksheet's title, or its id when the title is unknown.  Borrowed. */
const char *course_worksheet_title(const struct course *c, const char *id);
/* The instrument's short name ("PHQ-9"), or its id.  Borrowed. */
const char *course_instrument_name(const struct course *c, const char *id);

/* Adds a name to c->worksheets or c->instruments (copies; replaces). */
void
course_set_worksheet_title(struct course *c, const char *id, const char *title);
void
course_set_instrument_name(struct course *c, const char *id, const char *name);

/* Frees the strings of a string array and the array. */
void course_strv_free(char **v, size_t n);

#endif
