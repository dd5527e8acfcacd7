/*
 * The one commit (see app/session.h): every change, from whichever front
 * end, is saved and then shown to the reminder schedule by the same code,
 * so a check-in taken with `tend assess` or in plain mode moves the
 * schedule exactly as one taken on the full screen.  Also the state the
 * use cases share through the session: the course snapshot.
 *
 * The order is the contract: the vault first (what the person wrote is
 * what matters), the schedule second and best effort (a plaintext file of
 * times that the next commit rewrites whole anyway).
 */
#include "app/session.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "app/course.h"
#include "app/remindsync.h"
#include "app/session_int.h"
#include "store/progress.h"
#include "util/i18n.h"
#include "util/path.h"
#include "util/xalloc.h"

static void
warn(struct session *s, char *msg)
{
	free(s->warning);
	s->warning = msg;
}

int
session_commit(struct session *s, time_t now, char **msg)
{
	int st = session_save(s, msg);

	/* The schedule only learns what is on disk; the snapshot shows
	 * what is in memory either way. */
	if (st != EXIT_OK) {
		if (s->course)
			(void)app_course_refresh(s->course, s, now);
		return st;
	}
	(void)session_sync(s, now);
	return EXIT_OK;
}

int
session_sync(struct session *s, time_t now)
{
	struct remind_schedule before;
	struct app_course *ac;
	struct remind_due due;
	char *msg = NULL;
	int rc;

	warn(s, NULL);
	if (!path_state_dir() &&
	    paths_init(s->opts ? s->opts->data_dir : NULL) < 0) {
		warn(s, xstrdup(_("the reminder schedule was not updated: "
		                  "there is no state folder (HOME is not "
		                  "set)")));
		return -1;
	}
	/* The last active day before this session decides the welcome. */
	if (!s->synced) {
		s->synced = true;
		if (remind_schedule_load(&before, NULL) == 0 &&
		    sched_welcome_back(before.last_active, now))
			s->welcome = wording_welcome_back(before.set.wording);
	}
	if (s->course) {
		ac = s->course;
		if (app_course_refresh(ac, s, now) < 0) {
			warn(s, xstrdup(_("the reminder schedule was not "
			                  "updated: your progress could not "
			                  "be read from the vault")));
			return -1;
		}
	} else if (session_course(s, now, &ac, &msg) != EXIT_OK) {
		warn(s,
		     xasprintf(_("the reminder schedule was not updated: "
		                 "%s"),
		               msg ? msg : _("the course cannot be loaded")));
		free(msg);
		return -1;
	}
	remind_due_from_course(s, app_course_overview(ac), NULL, now, &due);
	rc = remind_update_schedule(&due, now);
	if (rc < 0) {
		char *path = remind_schedule_path();

		warn(s, xasprintf(_("the reminder schedule was not updated "
		                    "(%s: %s)"),
		                  path ? path : "schedule", strerror(errno)));
		free(path);
	}
	remind_due_free(&due);
	return rc < 0 ? -1 : 0;
}

const char *
session_warning(const struct session *s)
{
	return s->warning;
}

const char *
session_welcome(struct session *s)
{
	const char *w = s->welcome;

	s->welcome = NULL;
	return w;
}

int
session_course(struct session *s, time_t now, struct app_course **out,
               char **msg)
{
	int st;

	if (msg)
		*msg = NULL;
	if (!s->course) {
		char *m = NULL;

		st = app_course_open(s, now, &s->course, &m);
		if (st != EXIT_OK) {
			if (msg)
				*msg = m;
			else
				free(m);
			*out = NULL;
			return st;
		}
	}
	*out = s->course;
	return EXIT_OK;
}

struct app_course *
session_course_loaded(struct session *s)
{
	return s->course;
}

int
session_course_choose(struct session *s, const char *id, time_t now, char **msg)
{
	if (msg)
		*msg = NULL;
	if (progress_set_current_course(s->v, id) < 0) {
		if (msg)
			*msg = xstrdup(_("Could not save your choice."));
		return EXIT_FAIL;
	}
	if (s->course && strcmp(app_course_def(s->course)->id, id) != 0) {
		app_course_free(s->course);
		s->course = NULL;
	}
	return session_commit(s, now, msg);
}

void
session_commit_clear(struct session *s)
{
	app_course_free(s->course);
	s->course = NULL;
	if (s->sheets) {
		sheet_set_free(s->sheets);
		free(s->sheets);
		s->sheets = NULL;
	}
	free(s->warning);
	s->warning = NULL;
}
