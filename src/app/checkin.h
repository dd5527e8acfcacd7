/*
 * One check-in, the same in every front end.  A small state machine that
 * the full screen (ui/assess.c), `tend assess` and plain mode drive: it
 * decides what comes next and what is said; the front ends draw the
 * current step and turn keys or lines into the calls below.
 *
 *   INTRO --start--> QUESTION 1 --answer--> QUESTION 2 ... --> REVIEW
 *   QUESTION --back--> the previous QUESTION (or REVIEW when changing)
 *   REVIEW --change i--> QUESTION i --answer--> REVIEW
 *   REVIEW --back--> the last QUESTION
 *   REVIEW --save--> RESULT
 *
 * A risk answer (a critical item at or above its threshold) is flagged in
 * the vault with its date and saved at once (session_commit), so that
 * leaving the questionnaire cannot lose it; then SAFETY comes before
 * anything else: before the next question, the review and any score.
 * checkin_go_on leaves it for the step that was next.
 *
 * The graded pathway (docs/clinical.md 4.2; records in app/risk.h):
 *
 *   a risk answer at the item's lowest critical level  --> SAFETY
 *   a higher one, or a second in a row (the last administration of this
 *   questionnaire had one)  --> QUESTION "a plan, or started to act?"
 *       yes --> SAFETY, the urgent text: the emergency number first, then
 *               the safety plan (offer_plan when there is none), the lines
 *       no, or left unanswered --> SAFETY, the safety text
 *   after a risk answer in an earlier run, the next check-in starts with
 *   QUESTION "how have you been since then?"; "worse" --> SAFETY.
 *
 * Steps have kinds, not screens: those questions are QUESTION steps (ask
 * says which) and the texts SAFETY steps; the front ends draw them as
 * they draw those.
 *
 * Every function that needs the vault takes the session, which may be
 * NULL while none is open (`tend assess --answers` shows the safety text
 * before it asks for the passphrase): a risk flag is then raised when
 * the answers are saved, and the safety plan part of the safety text is
 * shown as a step of its own right after saving, before the result; the
 * "second in a row" rule is then applied at saving too (the plan question
 * comes before the result), and a plan answer given before the vault was
 * open is recorded then.
 */
#ifndef TEND_APP_CHECKIN_H
#define TEND_APP_CHECKIN_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "app/paras.h"
#include "app/safety.h"
#include "app/session.h"
#include "core/instrument.h"

struct checkin;
struct inst_set;

enum checkin_kind {
	CHECKIN_INTRO, /* before the first question: start, or leave */
	CHECKIN_QUESTION, /* one question: answer, back, next */
	CHECKIN_SAFETY, /* show this at once; go on when it was seen */
	CHECKIN_REVIEW, /* every answer: change one, save, or leave */
	CHECKIN_RESULT, /* saved: what the answers mean */
};

/* What a QUESTION step asks. */
enum checkin_ask {
	CHECKIN_ASK_ITEM, /* an item of the questionnaire */
	CHECKIN_ASK_PLAN, /* a plan, or started to act? (RISK_PLAN_*) */
	CHECKIN_ASK_SINCE, /* how have you been since? (RISK_SINCE_*) */
};

/* The current step.  Strings are borrowed: valid until the next call. */
struct checkin_step {
	enum checkin_kind kind;
	const char *name; /* the questionnaire's short name, "PHQ-9" */

	/* CHECKIN_INTRO */
	const char *title;
	const char *instructions; /* may be NULL */
	const char *recall; /* "The questions are about ..."; may be NULL */
	const char *brief; /* the crisis line (safety_brief) before a
	                      questionnaire with a risk item; else NULL */
	const char *attribution;

	/* CHECKIN_QUESTION */
	enum checkin_ask ask;
	const char *heading; /* a pathway question's title, in place of
	                        "question n of m"; NULL for items */
	const struct inst_item *question; /* text and options */
	size_t number; /* 1..count; 0: not one of the numbered items */
	size_t count; /* the numbered items */
	const char *window; /* shown above every item; may be NULL */
	int chosen; /* the key answered so far, -1 for none */
	bool can_back; /* checkin_back goes somewhere */
	bool optional; /* checkin_next may leave it unanswered */

	/* CHECKIN_SAFETY and CHECKIN_RESULT: the text to show, in order */
	const struct paras *text;
	enum safety_kind safety; /* SAFETY: what text is (checkin_refresh) */
	bool offer_plan; /* SAFETY: the person has no safety plan and the
	                    text asks them to write one: offer it */
	bool paused; /* RESULT: the course waits (assess_continue) */
};

enum checkin_rc {
	CHECKIN_OK,
	CHECKIN_NOT_AN_OPTION, /* that key is not one of the answers */
	CHECKIN_NEEDS_ANSWER, /* this question needs an answer first */
	CHECKIN_NOT_SAVED, /* the risk flag could not be saved: *msg */
};

/*
 * A check-in of the questionnaire id from set (borrowed: it must outlive
 * the check-in).  s: the session when one is open (may be NULL), for the
 * person's country, the last administration (a second risk answer in a
 * row) and the follow-up of an earlier risk answer.  region: the
 * --region flag for the crisis lines (NULL: the person's country,
 * app/country.h).  Returns 0 and *out at CHECKIN_INTRO, or -1 when set
 * has no such questionnaire.
 */
int checkin_new(const struct inst_set *set, const char *id, struct session *s,
                const char *region, struct checkin **out);
/* Frees; nothing is saved that was not saved already.  NULL is fine. */
void checkin_free(struct checkin *c);

/* The current step (borrowed: valid until the next call that changes it). */
const struct checkin_step *checkin_step(const struct checkin *c);

/* The questionnaire (borrowed from the set). */
const struct instrument *checkin_instrument(const struct checkin *c);

/* INTRO: to the first question, or first to the follow-up question of an
 * earlier risk answer (CHECKIN_ASK_SINCE). */
void checkin_start(struct checkin *c);

/*
 * QUESTION: answers with key and moves on (to the next question, or back
 * to the review when the answer was changed from it).  A risk answer
 * raises the flag and commits at once (with s; see above), and the next
 * step is SAFETY, or the plan question (see the pathway above).  A
 * pathway question's answer is recorded and committed (with s).  Returns CHECKIN_OK; CHECKIN_NOT_AN_OPTION (nothing
 * changes); or CHECKIN_NOT_SAVED with *msg (fresh string) when the flag
 * could not be saved: the step is SAFETY all the same.
 */
enum checkin_rc checkin_answer(struct checkin *c, struct session *s, int key,
                               time_t now, char **msg);

/* QUESTION: moves on without a new answer: CHECKIN_OK, or
 * CHECKIN_NEEDS_ANSWER when the question is not optional and unanswered.
 * A pathway question left unanswered is recorded as such (with s), and
 * its answer's step follows; CHECKIN_NOT_SAVED with *msg (fresh) when
 * that record could not be saved. */
enum checkin_rc
checkin_next(struct checkin *c, struct session *s, time_t now, char **msg);

/* QUESTION or REVIEW: back (see the diagram); at the first question, and
 * at a pathway question, it stays. */
void checkin_back(struct checkin *c);

/* SAFETY: it was seen; on to the step that was next. */
void checkin_go_on(struct checkin *c);

/* SAFETY: builds the text again (the country or the safety plan changed
 * while it was shown). */
void checkin_refresh(struct checkin *c, struct session *s);

/* The rows of the review: one per question, numbered ones first. */
size_t checkin_rows(const struct checkin *c);
/* Row i: its question, *number (0 when not numbered) and *key (-1 for no
 * answer). */
const struct inst_item *
checkin_row(const struct checkin *c, size_t i, size_t *number, int *key);

/* REVIEW: change the answer of row i (a QUESTION that returns here). */
void checkin_change(struct checkin *c, size_t row);

/*
 * REVIEW: records the answers (source: "self", "cli" or "paper"), applies
 * the pause rule and commits.  Returns EXIT_OK; else an exit status and
 * *msg (fresh string).  When the answers were recorded, the step is
 * RESULT (or first SAFETY with the safety plan part that was owed) even
 * if the save failed (the next commit saves them); when they were not,
 * it stays REVIEW.  s NULL: EXIT_FAIL, nothing recorded.
 */
int checkin_save(struct checkin *c, struct session *s, const char *source,
                 time_t now, char **msg);

#endif
