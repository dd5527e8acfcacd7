/*
 * From the course to the reminder schedule.  Only times and kinds cross
 * over: the overview's texts, lesson names and worksheet ids stay here.
 */
#include "app/remindsync.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/sheet.h"
#include "util/xalloc.h"

void
remind_due_build(const struct app_overview *ov, const time_t *planned,
                 size_t nplanned, time_t now, struct remind_due *due)
{
	time_t *checkins, *times = NULL;
	size_t nc = 0;
	bool due_now = false;

	*due = (struct remind_due){0};
	for (size_t i = 0; i < ov->ndue; i++) {
		switch (ov->due[i].kind) {
		case STEP_HOMEWORK:
			due->practice_daily = true;
			break;
		case STEP_CHECKIN:
			due_now = true;
			break;
		case STEP_LESSON:
		case STEP_CONTINUE:
			due->lesson_at = now;
			break;
		default:
			break;
		}
	}
	if (!due->lesson_at && ov->next >= 0 && ov->next_at > now)
		due->lesson_at = ov->next_at;
	checkins = xcalloc(2, sizeof(*checkins));
	/* Due now: once is enough, whatever the number. */
	if (due_now)
		checkins[nc++] = now;
	if (ov->followup_at > now)
		checkins[nc++] = ov->followup_at;
	due->checkins = checkins;
	due->ncheckins = nc;
	if (nplanned > 0) {
		times = xcalloc(nplanned, sizeof(*times));
		memcpy(times, planned, nplanned * sizeof(*times));
		due->planned = times;
		due->nplanned = nplanned;
	}
}

void
remind_due_from_course(struct session *s, const struct app_overview *ov,
                       const struct sheet_set *sheets, time_t now,
                       struct remind_due *due)
{
	struct app_planned *planned = NULL;
	time_t *times = NULL;
	size_t n = 0;

	if (s && !sheets)
		sheets = app_sheets(s);
	if (s &&
	    app_sheet_planned(s, sheets, now - 86400, now + REMIND_PLAN_AHEAD,
	                      &planned, &n) == 0 &&
	    n > 0) {
		times = xcalloc(n, sizeof(*times));
		for (size_t i = 0; i < n; i++)
			times[i] = planned[i].when;
	}
	remind_due_build(ov, times, n, now, due);
	free(times);
	free(planned);
}

void
remind_due_free(struct remind_due *due)
{
	free((void *)(uintptr_t)due->planned);
	free((void *)(uintptr_t)due->checkins);
	*due = (struct remind_due){0};
}
