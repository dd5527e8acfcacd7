/*
 * The self-assessment screens: the questionnaire, which draws the one
 * check-in flow of app/checkin.h (one item at a time, the recall window
 * always visible, number keys to answer, back to change, a review and a
 * confirmation before saving), the safety screen shown at once on a risk
 * answer, and the progress chart with its table.  They need an unlocked
 * session (ui_session); without one they say so.
 */
#ifndef TEND_UI_ASSESS_H
#define TEND_UI_ASSESS_H

#include <stdbool.h>

#include "app/paras.h"
#include "app/safety.h"
#include "core/instrument.h"
#include "ui/screen.h"

struct inst_set;

/*
 * Pushes the questionnaire for instrument id (from data/instruments and
 * /etc/tend/instruments).  After saving, the screen is replaced by the
 * result: score, change in words, any pause, and the chart.  Returns 0, or
 * -1 when there is no such instrument (an alert says so).
 */
int ui_assess_push(struct ui *ui, const char *id);

/*
 * Pushes the safety screen of a check-in with text, the flow's safety step
 * of kind (app/safety.h builds it: what to do now, that nobody is alerted,
 * the country and its crisis lines, the person's own safety plan), and
 * the keys: c changes the country (the text is built again), p opens the
 * safety plan, q goes back to the questions.
 */
void
ui_safety_push(struct ui *ui, enum safety_kind kind, const struct paras *text);

/*
 * At the program's opening (once a run, with the vault open): when a risk
 * answer was given in an earlier run and not yet followed up, pushes the
 * question "how have you been since then?" (app/risk.h) and returns true;
 * the answer is kept, and "worse" opens the safety screen.
 */
bool ui_followup_check(struct ui *ui);

/*
 * The suitability check of the first run (app/suitability.h) in place of
 * the top screen: the statements, marked by number; Enter (or q) keeps
 * the marks and shows tend's advice for them, if any, then closes and
 * calls done(ui, arg), whose reaction flags apply.  Never a block.
 */
void ui_suitability_replace(struct ui *ui,
                            int (*done)(struct ui *ui, void *arg), void *arg);

/* Pushes the chart of id's scores (t toggles the table view). */
int ui_chart_push(struct ui *ui, const char *id);

/* Pushes the chart of the daily mood ratings (app/mood.h). */
int ui_mood_chart_push(struct ui *ui);

/*
 * From the home screen: the list of every questionnaire taken, and the
 * mood ratings, each opening its chart (ui_progress_push); the list of the
 * course's questionnaires, each taken now (ui_checkin_pick).  Return 0.
 */
int ui_progress_push(struct ui *ui);
int ui_checkin_pick(struct ui *ui);

/*
 * Shows the chart of in, which set owns; the screen takes set and headline
 * (may be NULL; shown above the chart).  replace: in place of the top
 * screen.  Returns 0.
 */
int ui_chart_show(struct ui *ui, struct inst_set *set,
                  const struct instrument *in, char *headline, bool replace);

/* The same screens as a whole program, for `tend` hooks and tests: opens
 * the shell with the questionnaire (or chart) on top.  Returns an exit
 * status. */
int ui_assess_run(const struct opts *opts, struct session *s, const char *id,
                  bool chart);

#endif
