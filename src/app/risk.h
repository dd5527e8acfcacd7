/*
 * The graded risk pathway's records and questions (docs/clinical.md 4.2),
 * shared by the check-in flow (app/checkin.h) and by the front ends when
 * the program opens:
 *
 *   - a critical answer above an item's lowest critical level, or a second
 *     critical answer in a row (the previous administration of the same
 *     questionnaire had one too), asks whether the person has a plan or
 *     has started to act: the plan question.  Its answer is kept as a
 *     dated flag whose kind is the answer ("risk_plan_yes", "_no",
 *     "_none" when left; note "phq9 item 9");
 *   - after any critical answer, the next check-in and the next opening of
 *     the program ask how the person has been since: the follow-up
 *     question, kept as a dated flag ("risk_since_better", "_same",
 *     "_worse", "_none"; note "open" or "checkin").
 *     One answer covers both places when they come in the same run.
 *
 * The questions are items (core/instrument.h) so that every front end
 * draws them as it draws a questionnaire's items; their words are here
 * only.  Nothing here prints; callers commit after a record.
 */
#ifndef TEND_APP_RISK_H
#define TEND_APP_RISK_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "app/paras.h"
#include "app/session.h"
#include "core/instrument.h"

/* The plan question's keys. */
#define RISK_PLAN_YES 1
#define RISK_PLAN_NO 2
/* The follow-up question's keys. */
#define RISK_SINCE_BETTER 1
#define RISK_SINCE_SAME 2
#define RISK_SINCE_WORSE 3
#define RISK_SINCE_UNSAID 4

/* Where the follow-up is asked. */
enum risk_where { RISK_AT_OPEN, RISK_AT_CHECKIN };

/*
 * The two questions as items, in fresh storage (free with
 * risk_item_free): the plan question (1 yes, 2 no) and the follow-up
 * (1 better, 2 about the same, 3 worse, 4 rather not say).  *lead is the
 * sentence shown above the question (static, translated).
 */
struct inst_item *risk_plan_item(const char **lead);
struct inst_item *risk_since_item(const char **lead);
void risk_item_free(struct inst_item *it);

/* True when value on item calls for the plan question by its level alone:
 * above the item's lowest critical level (PHQ-9 item 9 at 2 or 3). */
bool risk_level_high(const struct inst_item *item, int value);

/*
 * Whether the last saved administration of in had a critical answer, or
 * a critical answer to in was given after it in a check-in that was left
 * (its flag kept, no administration): 1, 0, or -1 on a vault error.
 * Flags raised at or after `since` (this check-in's own) do not count.
 */
int risk_previous_critical(struct session *s, const struct instrument *in,
                           time_t since);

/*
 * Keeps the plan question's answer for item (0-based) of in: key
 * RISK_PLAN_YES, RISK_PLAN_NO, or -1 for no answer.  Returns the flag id,
 * or -1.
 */
int64_t risk_plan_record(struct session *s, const struct instrument *in,
                         size_t item, int key, time_t now);

/*
 * 1 when the follow-up is due at where: a critical answer was given before
 * `since` (the start of this run, or of this check-in), it has not been
 * followed up at where yet, and no follow-up was answered in this run
 * (at or after run_start).  0 when not, -1 on a vault error.
 */
int risk_followup_due(struct session *s, enum risk_where where, time_t since,
                      time_t run_start);

/*
 * Keeps the follow-up answer (key RISK_SINCE_*, or -1 for none) for the
 * newest critical answer, at where: a dated flag, and both places marked
 * as done for that answer.  Returns 0 or -1.
 */
int risk_followup_record(struct session *s, enum risk_where where, int key,
                         time_t now);

/*
 * What tend says after a follow-up answer (appended to out): a short,
 * kind reply; for "worse", the safety screen's text follows
 * (safety_screen).  Returns true when it holds the safety text.
 */
bool risk_followup_reply(struct session *s, int key, struct paras *out);

#endif
