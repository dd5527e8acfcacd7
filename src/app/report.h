/*
 * What a clinician reads, as one labelled model: the Markdown and HTML
 * reports (app/export.c) and the weekly summary for a helper
 * (app/helper.c) are views of the same struct report, so that none can
 * say something the others leave out or label it differently.  Every id
 * is turned into the words a person sees: lesson titles and prompt
 * questions from the course, worksheet titles, field labels and choice
 * labels from the worksheets, questionnaire names, item texts, option and
 * band labels from the instruments.  Where a definition is missing (a
 * course since removed), the id stands in.
 *
 * Scores carry change against the first score, judged by core/change.h
 * (reliable change, caseness, recovery); flags carry their dates, the
 * answer that raised a critical one, and whether the person chose to
 * continue past a pause.
 */
#ifndef TEND_APP_REPORT_H
#define TEND_APP_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "app/session.h"
#include "core/change.h"

/* What report_build reads besides scores, flags and progress. */
enum {
	REPORT_ITEMS = 1u << 0, /* every check-in's item answers */
	REPORT_LESSONS = 1u << 1, /* lesson titles and dates */
	REPORT_PROMPTS = 1u << 2, /* the text of answers in lessons */
	REPORT_ENTRIES = 1u << 3, /* the text of worksheet entries */
	REPORT_ALL = 0xfu,
};

struct report_answer {
	int n; /* 1-based item number; 0 for the extra question */
	char *text; /* the item */
	char *answer; /* the option's label, or the key as text */
	int value; /* what it adds to the total (the key when unknown) */
	bool critical; /* a risk answer at or above its threshold */
};

struct report_score {
	int64_t id;
	time_t at;
	int total;
	char *band; /* the band's label; NULL when none */
	struct report_answer *items; /* REPORT_ITEMS */
	size_t nitems;
};

struct report_measure {
	char *id;
	char *name; /* "PHQ-9" */
	char *title; /* "Patient Health Questionnaire" */
	int min, max;
	bool lower_better;
	bool has_caseness;
	int caseness;
	bool has_reliable_change;
	int reliable_change;
	char *loinc; /* the panel, or NULL */
	char *loinc_total; /* the total score, or NULL */
	struct report_score *scores; /* oldest first */
	size_t n;
	bool has_change; /* two scores or more */
	struct change_single change; /* first against latest */
	const struct instrument *def; /* borrowed from the report; NULL when
	                                 the instrument is not installed */
};

struct report_flag {
	char kind[24]; /* critical_item | deterioration | severe */
	time_t raised_at;
	time_t resolved_at; /* 0: open */
	time_t override_at; /* 0: the person did not choose to continue */
	char *measure; /* the questionnaire's name, or NULL */
	char *item; /* critical_item: the item's text, or NULL */
	char *answer; /* critical_item: the answer given, or NULL */
};

struct report_lesson {
	char *title;
	time_t opened_at; /* 0: not opened */
	time_t completed_at; /* 0: not finished */
};

struct report_prompt {
	char *lesson; /* the lesson's title */
	char *question; /* the prompt's question */
	char *text; /* the person's answer */
	time_t at;
};

struct report_field {
	char *label; /* "Feelings 2: How strong" */
	char *value; /* choice labels, not ids: "Catastrophising, ..." */
};

struct report_entry {
	char *sheet; /* the worksheet's title */
	char *lesson; /* homework for this lesson's title; NULL: free use */
	time_t created_at;
	time_t completed_at; /* 0: not finished */
	struct report_field *fields;
	size_t nfields;
};

struct report_skip {
	char *sheet; /* the worksheet's title */
	char *lesson; /* the lesson it stood before (title), or NULL */
	char *reason; /* the person's words */
	time_t at;
};

struct report_homework {
	char *sheet; /* the worksheet's title */
	int have, need;
};

struct report {
	time_t now;
	char *course; /* the course's title; NULL before one is chosen */
	size_t lessons_done, lessons_total; /* core lessons */
	char *current; /* the lesson to work on now, or NULL */
	bool paused;
	time_t paused_at;
	char pause_kind[24]; /* deterioration | severe */
	time_t last_active; /* 0: never */
	int active_days_7, active_days_28;
	long entries_7; /* worksheet entries finished in the last 7 days */
	struct report_homework *homework; /* due now */
	size_t nhomework;
	struct report_skip *skips; /* homework skipped, oldest first */
	size_t nskips;
	struct report_measure *measures; /* by name */
	size_t nmeasures;
	struct report_flag *flags; /* oldest first */
	size_t nflags;
	struct report_lesson *lessons; /* REPORT_LESSONS, course order */
	size_t nlessons;
	struct report_prompt *prompts; /* REPORT_PROMPTS, course order */
	size_t nprompts;
	struct report_entry *entries; /* REPORT_ENTRIES, oldest first */
	size_t nentries;
	void *priv; /* the definitions the labels were taken from */
};

/*
 * Builds the report of the session's vault at now.  what: REPORT_* bits.
 * text_since: prompts and entries changed before it are left out (0:
 * all).  Returns 0 and *out (free with report_free), or -1 when the vault
 * could not be read.  A course or instrument that cannot be loaded costs
 * its labels only.
 */
int report_build(struct session *s, time_t now, unsigned what,
                 time_t text_since, struct report **out);
/* Wipes (the report holds a person's words) and frees; NULL is fine. */
void report_free(struct report *r);

/* "reliable improvement", "reliable deterioration", "no reliable change",
 * "not rated": untranslated (N_), for _() or for a file. */
const char *report_change_word(enum change_kind k);
/* "Risk answer", "Reliable deterioration: progression paused", ... (N_). */
const char *report_flag_word(const char *kind);

#endif
