/*
 * Keeping the reminder schedule in step with the course: builds what is
 * due from the course overview (homework means daily practice; an open
 * lesson or check-in is due now; the next lesson's opening time) and the
 * activity plan's planned times, and rewrites `schedule` through
 * remind_update_schedule().  The home screen calls it whenever it has
 * re-read the vault, which is after every save.
 */
#ifndef TEND_APP_REMINDSYNC_H
#define TEND_APP_REMINDSYNC_H

#include <time.h>

#include "app/course.h"
#include "app/remind.h"
#include "app/session.h"
#include "core/sheet.h"

/*
 * What is due, from the overview and the planned times of sheets (may be
 * NULL: the installed worksheets are loaded).  Writes *due (arrays owned
 * by the caller afterwards: free with remind_due_free).
 */
void remind_due_from_course(struct session *s, const struct app_overview *ov,
                            const struct sheet_set *sheets, time_t now,
                            struct remind_due *due);
void remind_due_free(struct remind_due *due);

/*
 * remind_due_from_course, then remind_update_schedule, in the state folder
 * for opts (paths_init(opts->data_dir) when no folders are set up yet).
 * When the person had been away two days or more before now, *welcome
 * (may be NULL) gets the welcome-back line of their wording set (static,
 * untranslated: pass it to _()), else NULL.  Returns 0 or -1 (errno).
 */
int remind_sync(const struct opts *opts, struct session *s,
                const struct app_overview *ov, const struct sheet_set *sheets,
                time_t now, const char **welcome);

#endif
