/*
 * Self-assessment use cases, shared by the assessment screen and `tend
 * assess`: parse and score answers, record them, and make the safety
 * decisions of docs/clinical.md section 4:
 *
 *   - a critical item at or above its threshold: a dated flag with the
 *     exact response, and the safety screen at once, before any score
 *     (app/checkin.h runs that flow; app/safety.h builds its text);
 *   - a reliable deterioration against the person's best score so far
 *     (the baseline until a better one comes: a relapse after improvement
 *     counts, during the course and at follow-up), or a move into a
 *     severe band: course progression pauses (a flag the course engine
 *     sees through assess_paused()) until the person deliberately
 *     continues (assess_continue()) or a later score of that
 *     questionnaire is neither reliably worse than the best nor in a
 *     severe band.
 *
 * It also answers the course engine's two questions: "is progression
 * paused?" (assess_paused) and "which check-ins are due?" (assess_due).
 *
 * Nothing here prints or saves the vault: callers commit after each call
 * that changes it (session_commit), and show the sentences built here.
 */
#ifndef TEND_APP_ASSESS_H
#define TEND_APP_ASSESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "app/session.h"
#include "core/change.h"
#include "core/instrument.h"
#include "pack/instrument.h"
#include "util/buf.h"

/*
 * Parses "--answers" text: comma-separated keys, one per item, optionally
 * one more for the extra question.  Spaces are allowed around each key.
 * Returns 0 with keys[0..in->nitems) and *extra (-1 when not given), or -1
 * with *msg (fresh string) naming the first problem ("item 3: 7 is not one
 * of 0, 1, 2, 3").
 */
int assess_parse_answers(const struct instrument *in, const char *text,
                         int *keys, int *extra, char **msg);

/*
 * Records that a critical answer was given, at once (before the
 * questionnaire is finished, so that abandoning it cannot lose the flag):
 * a "critical_item" flag noting the instrument, the item number and the
 * exact response.  Returns the flag id (> 0), or -1.
 */
int64_t assess_flag_critical(struct session *s, const struct instrument *in,
                             size_t item, int key, time_t now);

/* What recording one administration found. */
struct assess_outcome {
	int64_t id;
	struct inst_result res;
	bool critical; /* the safety screen is due (if not already shown) */
	int64_t critical_flag;
	/* The earlier scores: the first, the best and the one before. */
	struct change_history hist;
	bool has_baseline; /* hist.has_earlier */
	int baseline, previous, best;
	time_t baseline_at, previous_at, best_at;
	bool has_previous; /* hist.has_previous */
	/* What the score means (core/change.h): the message set, the change
	 * against each earlier score, the pair, the pause. */
	struct change_report rep;
	const struct instrument *pair_in; /* when rep.has_pair */
	enum change_pause pause; /* this score paused progression */
	int64_t pause_flag;
	bool resumed; /* this score lifted an earlier pause */
};

/*
 * Days after the baseline from which a case without reliable improvement
 * is told about guided or stepped-up care (docs/clinical.md 4.4: "by
 * mid-course", week 4 of an 8-week course).
 */
#define ASSESS_STEP_UP_DAYS 28

/*
 * Scores keys (see inst_score) and saves the administration with source
 * ("self", "paper" or "cli").  critical_flag: the flag already raised by
 * assess_flag_critical for this administration (0: none; one is raised
 * here when the answers are critical).  set (may be NULL) provides the
 * paired instrument.  Then applies the pause rule.  Returns 0 and *out, or
 * -1 with *msg (fresh string): an invalid answer or a vault error.
 */
int assess_record(struct session *s, const struct inst_set *set,
                  const struct instrument *in, const int *keys, int extra,
                  const char *source, int64_t critical_flag, time_t now,
                  struct assess_outcome *out, char **msg);

/*
 * The change in words, for after a check-in (nothing for a screening
 * question that hides its total): the messages of o->rep (see enum
 * change_msg), for example "7 points lower than when you started: a
 * reliable improvement. 2 points higher than last time." and, on lines of
 * their own, a rise from the best score, recovery, and the advice about
 * stepped-up care.  Appends to out.
 */
void assess_change_text(const struct instrument *in,
                        const struct assess_outcome *o, struct buf *out);

/*
 * The same from its parts, without a vault (for tests over every score
 * history): in and its pair (NULL when none), the history, the new score
 * and its report.
 */
void
assess_report_text(const struct instrument *in, const struct instrument *pair,
                   const struct change_history *h, int latest,
                   const struct change_report *rep, struct buf *out);

/* The score line: "PHQ-9: 12 (range 0 to 27), Moderate, at or above the
 * clinical cut-off." (band and cut-off as the instrument has them); for a
 * screening question that hides its total, its band: "PHQ panic
 * question: Sudden attacks of fear or panic in the last 4 weeks.".
 * Appends to out. */
void assess_score_text(const struct instrument *in,
                       const struct inst_result *res, struct buf *out);

/*
 * What the score means and the next step, from the instrument's file
 * (paragraphs separated by "\n"; a safety point first), or nothing.
 * Appends to out.
 */
void assess_advice_text(const struct instrument *in,
                        const struct inst_result *res, struct buf *out);

/* Whether progression is paused, and why. */
struct assess_pause {
	int64_t flag;
	bool deterioration; /* else a severe band */
	char instrument[48];
	time_t since;
};

/* 1 and *out when progression is paused, 0 when not, -1 on error. */
int assess_paused(struct session *s, struct assess_pause *out);

/*
 * The kind explanation of a pause, with the advice to contact a GP or
 * clinic and how to continue anyway.  in may be NULL.  Appends to out.
 */
void assess_pause_text(const struct assess_pause *p,
                       const struct instrument *in, struct buf *out);

/* The person chooses to continue despite the pause.  0 or -1. */
int assess_continue(struct session *s, time_t now);

/*
 * When instrument was last taken: 1 and *at, 0 when never, -1 on error.
 */
int assess_last_taken(struct session *s, const char *instrument, time_t *at);

/*
 * For each of ids[0..n): due[i] = true when it has not been taken since
 * `since` (0: ever) or was last taken at least min_days local calendar days
 * before now (min_days 0: only the `since` rule).  Returns 0 or -1.
 */
int assess_due(struct session *s, const char *const *ids, size_t n,
               time_t since, int min_days, time_t now, bool *due);

#endif
