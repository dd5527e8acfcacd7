/*
 * course_seed: drives the course use cases (app/course.h) from the command
 * line, for the CLI and end-to-end tests that need progress in a vault
 * without going through the screens: start the course, open, read and
 * answer a lesson, take up or decline an optional lesson, and add a
 * finished worksheet entry (as the worksheet screens would).
 *
 *   course_seed [--data-dir D] [--content C] --passphrase-fd N ACTION...
 *     start | open LESSON | read LESSON | end LESSON |
 *     answer LESSON PROMPT TEXT | take LESSON | decline LESSON |
 *     entry WORKSHEET | skip LESSON WORKSHEET REASON
 *
 * Several actions may follow each other.  The clock is TEND_NOW.  Prints
 * one line per action ("completed" when that action completed a lesson).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/course.h"
#include "app/session.h"
#include "store/db.h"
#include "util/clock.h"
#include "util/path.h"

static long
lesson(const struct app_course *ac, const char *id)
{
	long i = course_find_lesson(app_course_def(ac), id);

	if (i < 0) {
		fprintf(stderr, "course_seed: no lesson '%s'\n", id);
		exit(1);
	}
	return i;
}

int
main(int argc, char **argv)
{
	struct opts o = {NULL, NULL, -1, false, false, false};
	struct session *s = NULL;
	struct app_course *ac = NULL;
	char *msg = NULL;
	time_t now = clock_now();
	int i = 1, st;

	for (; i + 1 < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
		if (strcmp(argv[i], "--data-dir") == 0)
			o.data_dir = argv[i + 1];
		else if (strcmp(argv[i], "--content") == 0)
			o.content_dir = argv[i + 1];
		else if (strcmp(argv[i], "--passphrase-fd") == 0)
			o.passphrase_fd = atoi(argv[i + 1]);
		else
			break;
	}
	if (paths_init(o.data_dir) < 0)
		return 1;
	st = session_open(&o, &s, &msg);
	if (st != EXIT_OK) {
		fprintf(stderr, "course_seed: %s\n", msg ? msg : "open failed");
		return st;
	}
	st = session_course(s, now, &ac, &msg);
	if (st != EXIT_OK) {
		fprintf(stderr, "course_seed: %s\n", msg ? msg : "no course");
		session_close(s);
		return st;
	}
	for (; i < argc; i++) {
		struct vault *v = session_vault(s);
		const char *a = argv[i];
		int r = 0;

		if (strcmp(a, "start") == 0) {
			r = app_course_start(ac, s, now);
			if (r == 0)
				r = app_course_onboarded(ac, s, now);
		} else if (strcmp(a, "open") == 0 && i + 1 < argc) {
			r = app_lesson_opened(ac, s, lesson(ac, argv[++i]),
			                      now);
		} else if (strcmp(a, "read") == 0 && i + 1 < argc) {
			r = app_lesson_read(ac, s, lesson(ac, argv[++i]), 5,
			                    false, now);
		} else if (strcmp(a, "end") == 0 && i + 1 < argc) {
			r = app_lesson_read(ac, s, lesson(ac, argv[++i]), 99,
			                    true, now);
		} else if (strcmp(a, "answer") == 0 && i + 3 < argc) {
			long l = lesson(ac, argv[i + 1]);

			r = app_lesson_answer(ac, s, l, argv[i + 2],
			                      argv[i + 3], now);
			i += 3;
		} else if (strcmp(a, "skip") == 0 && i + 3 < argc) {
			long l = lesson(ac, argv[i + 1]);

			r = app_homework_skip(ac, s, (size_t)l, argv[i + 2],
			                      argv[i + 3], now);
			if (r == 1)
				r = -1; /* refused: the test expected a skip */
			i += 3;
		} else if (strcmp(a, "take") == 0 && i + 1 < argc) {
			r = app_course_take(ac, s, lesson(ac, argv[++i]), now);
		} else if (strcmp(a, "decline") == 0 && i + 1 < argc) {
			r = app_course_decline(ac, s, lesson(ac, argv[++i]),
			                       now);
		} else if (strcmp(a, "entry") == 0 && i + 1 < argc) {
			r = db_exec(
			        v,
			        "INSERT INTO entries(worksheet, created_at, "
			        "updated_at, completed_at) VALUES(?, ?, ?, ?)",
			        "tiii", argv[++i], (int64_t)now, (int64_t)now,
			        (int64_t)now);
			if (r == 0)
				r = db_event(v, "entry.save", argv[i]);
			if (r == 0)
				r = app_course_refresh(ac, s, now);
		} else {
			fprintf(stderr, "course_seed: bad action '%s'\n", a);
			r = -1;
		}
		if (r < 0) {
			fprintf(stderr, "course_seed: %s failed\n", a);
			st = EXIT_FAIL;
			break;
		}
		printf("%s: %s\n", a, r == 1 ? "completed" : "ok");
	}
	/* The vault only: tests that seed progress decide themselves when
	 * the program first writes the reminder schedule. */
	if (st == EXIT_OK && session_save(s, &msg) != EXIT_OK) {
		fprintf(stderr, "course_seed: %s\n", msg ? msg : "save failed");
		st = EXIT_FAIL;
	}
	free(msg);
	session_close(s); /* ac is the session's */
	paths_free();
	return st;
}
