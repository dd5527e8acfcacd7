/*
 * Keeping the reminder schedule in step with the course: what is due,
 * built from the course overview (homework means daily practice; an open
 * lesson or a check-in is due now; the next lesson's opening time; the
 * follow-up check-ins at their future date) and the planned times of
 * worksheet entries.  session_commit() and session_sync() (app/commit.c)
 * pass it to remind_update_schedule(); only times and kinds cross over.
 */
#ifndef TEND_APP_REMINDSYNC_H
#define TEND_APP_REMINDSYNC_H

#include <stddef.h>
#include <time.h>

#include "app/course.h"
#include "app/remind.h"
#include "app/session.h"
#include "core/sheet.h"

/* Planned practice times this far ahead go into the schedule. */
#define REMIND_PLAN_AHEAD (14 * 86400L)

/*
 * What is due at now, from the overview and planned practice times
 * (planned[0..nplanned), any order; may be NULL).  Pure.  Writes *due; its
 * arrays are owned by the caller afterwards: free with remind_due_free.
 *  - STEP_HOMEWORK: daily practice;
 *  - STEP_LESSON or STEP_CONTINUE: a lesson now; otherwise the opening
 *    time of the next locked lesson, when it is later than now;
 *  - any STEP_CHECKIN (baseline, before a lesson, end of course, a
 *    follow-up that has come): one check-in now (once is enough);
 *  - ov->followup_at later than now: one check-in then.
 */
void remind_due_build(const struct app_overview *ov, const time_t *planned,
                      size_t nplanned, time_t now, struct remind_due *due);

/*
 * remind_due_build with the planned times of the live entries of sheets
 * from a day before now to REMIND_PLAN_AHEAD after it (sheets NULL: the
 * session's worksheets, app_sheets; s NULL: no planned times).
 */
void remind_due_from_course(struct session *s, const struct app_overview *ov,
                            const struct sheet_set *sheets, time_t now,
                            struct remind_due *due);
void remind_due_free(struct remind_due *due);

#endif
