/*
 * Test tool: calls remind_update_schedule() the way the course engine
 * does when it saves, so the shell tests can drive the app's side of the
 * reminders without a course or a vault.
 *   remind_update DATA-DIR NOW daily|none [p:T ...] [l:T] [c:T ...]
 * p: a planned practice time, l: the next section opens, c: a check-in
 * (T in seconds since the epoch).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/remind.h"
#include "util/path.h"

int
main(int argc, char **argv)
{
	time_t planned[64], checkins[64];
	struct remind_due due = {0};
	time_t now;

	if (argc < 4) {
		fprintf(stderr, "usage: remind_update DIR NOW daily|none "
		                "[p:T] [l:T] [c:T]...\n");
		return 2;
	}
	if (paths_init(argv[1]) < 0)
		return 1;
	now = (time_t)strtoll(argv[2], NULL, 10);
	due.practice_daily = strcmp(argv[3], "daily") == 0;
	due.planned = planned;
	due.checkins = checkins;
	for (int i = 4; i < argc; i++) {
		time_t t = (time_t)strtoll(argv[i] + 2, NULL, 10);

		if (strncmp(argv[i], "p:", 2) == 0 && due.nplanned < 64)
			planned[due.nplanned++] = t;
		else if (strncmp(argv[i], "c:", 2) == 0 && due.ncheckins < 64)
			checkins[due.ncheckins++] = t;
		else if (strncmp(argv[i], "l:", 2) == 0)
			due.lesson_at = t;
		else
			return 2;
	}
	if (remind_update_schedule(&due, now) < 0) {
		fprintf(stderr, "remind_update: %s\n", strerror(errno));
		return 1;
	}
	paths_free();
	return 0;
}
