/*
 * The inside of a session, for app/ only (never ui/ or cli/): app/session.c
 * opens and closes the vault, app/commit.c commits changes and keeps what
 * the use cases share (the course snapshot, the reminder sync), and
 * app/sheet.c keeps the installed worksheets here.
 */
#ifndef TEND_APP_SESSION_INT_H
#define TEND_APP_SESSION_INT_H

#include <stdbool.h>

#include "app/session.h"
#include "core/sheet.h"

struct session {
	const struct opts *opts; /* borrowed: lives as long as the program */
	struct vault *v;
	char *dir;
	struct app_course *course; /* loaded on first use, or NULL */
	struct sheet_set *sheets; /* loaded on first use, or NULL */
	bool synced; /* the schedule was looked at in this session */
	const char *welcome; /* static; NULL once taken */
	char *warning; /* why the last sync failed, or NULL */
};

/* Frees what app/commit.c keeps in the session (for session_close). */
void session_commit_clear(struct session *s);

#endif
