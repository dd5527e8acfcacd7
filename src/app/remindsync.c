/*
 * From the course to the reminder schedule.  Only times and kinds cross
 * over: the overview's texts, lesson names and worksheet ids stay here.
 */
#include "app/remindsync.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "app/sheet.h"
#include "util/path.h"
#include "util/xalloc.h"

/* Planned times this far ahead go into the schedule. */
#define PLAN_AHEAD (14 * 86400L)

void
remind_due_from_course(struct session *s, const struct app_overview *ov,
                       const struct sheet_set *sheets, time_t now,
                       struct remind_due *due)
{
	struct sheet_set own = SHEET_SET_INIT;
	struct app_planned *planned = NULL;
	time_t *times, *checkins;
	size_t n = 0, nc = 0;

	*due = (struct remind_due){0};
	checkins = xcalloc(ov->ndue + 1, sizeof(*checkins));
	for (size_t i = 0; i < ov->ndue; i++) {
		switch (ov->due[i].kind) {
		case STEP_HOMEWORK:
			due->practice_daily = true;
			break;
		case STEP_CHECKIN:
			/* Due now: once is enough, whatever the number. */
			if (nc == 0)
				checkins[nc++] = now;
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
	due->checkins = checkins;
	due->ncheckins = nc;
	if (!sheets) {
		struct diags d = DIAGS_INIT;

		/* Files with errors are reported by check-content. */
		(void)app_sheets_load(&own, &d);
		diag_free(&d);
		sheets = &own;
	}
	if (s &&
	    app_sheet_planned(s, sheets, now - 86400, now + PLAN_AHEAD,
	                      &planned, &n) == 0 &&
	    n > 0) {
		times = xcalloc(n, sizeof(*times));
		for (size_t i = 0; i < n; i++)
			times[i] = planned[i].when;
		due->planned = times;
		due->nplanned = n;
	}
	free(planned);
	sheet_set_free(&own);
}

void
remind_due_free(struct remind_due *due)
{
	free((void *)(uintptr_t)due->planned);
	free((void *)(uintptr_t)due->checkins);
	*due = (struct remind_due){0};
}

int
remind_sync(const struct opts *opts, struct session *s,
            const struct app_overview *ov, const struct sheet_set *sheets,
            time_t now, const char **welcome)
{
	struct remind_schedule before;
	struct remind_due due;
	int rc, saved;

	if (welcome)
		*welcome = NULL;
	if (!path_state_dir() && paths_init(opts ? opts->data_dir : NULL) < 0) {
		errno = ENOENT;
		return -1;
	}
	/* The last active day before this one decides the welcome. */
	if (remind_schedule_load(&before, NULL) == 0 && welcome &&
	    sched_welcome_back(before.last_active, now))
		*welcome = wording_welcome_back(before.set.wording);
	remind_due_from_course(s, ov, sheets, now, &due);
	rc = remind_update_schedule(&due, now);
	saved = errno;
	remind_due_free(&due);
	errno = saved;
	return rc;
}
