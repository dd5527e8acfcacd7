/*
 * `tend status [--json]`: the home screen's overview without the full
 * screen: the course and how far the person is, what is due now, what
 * opens next and when, every lesson's state, the latest check-in scores
 * and recent activity.  Read-only: it never starts a course or marks
 * anything.  All content text is sanitised before it is printed.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/course.h"
#include "app/session.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/json.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* Prints content text with anything a terminal would act on removed. */
static void
put(const char *s)
{
	struct buf b = BUF_INIT;

	utf8_sanitize(&b, s ? s : "", s ? strlen(s) : 0, false);
	fputs(b.data ? b.data : "", stdout);
	buf_free(&b);
}

/* A JSON string on stdout, with terminal controls removed first. */
static void
put_json_str(const char *s)
{
	struct buf clean = BUF_INIT, b = BUF_INIT;

	if (s)
		utf8_sanitize(&clean, s, strlen(s), false);
	json_str(&b, s ? (clean.data ? clean.data : "") : NULL);
	fputs(b.data, stdout);
	buf_free(&clean);
	buf_free(&b);
}

static void
day_text(time_t t, char *s, size_t n)
{
	struct tm tm;

	localtime_r(&t, &tm);
	/* TRANSLATORS: a date, strftime-style: %-d the day of the month
	 * without a leading zero, %B the month, %Y the year. */
	clock_strftime(s, n, _("%-d %B %Y"), &tm);
}

static void
iso_text(time_t t, char *s, size_t n)
{
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(s, n, "%Y-%m-%dT%H:%M:%S%z", &tm);
}

static const char *const step_names[] = {
        [STEP_START] = "start",           [STEP_PAUSED] = "paused",
        [STEP_CHECKIN] = "checkin",       [STEP_LESSON] = "lesson",
        [STEP_CONTINUE] = "continue",     [STEP_HOMEWORK] = "homework",
        [STEP_SUGGESTION] = "suggestion", [STEP_DONE] = "done",
};

static const char *const state_names[] = {
        [LESSON_HIDDEN] = "hidden",
        [LESSON_LOCKED] = "locked",
        [LESSON_OPEN] = "open",
        [LESSON_DONE] = "done",
};

static void
print_json(const struct app_course *ac)
{
	const struct course *c = app_course_def(ac);
	const struct app_overview *ov = app_course_overview(ac);
	char iso[40];

	fputs("{\"course\":{\"id\":", stdout);
	put_json_str(c->id);
	fputs(",\"title\":", stdout);
	put_json_str(c->title);
	printf(",\"started\":%s", ov->started ? "true" : "false");
	if (ov->started) {
		iso_text(ov->started_at, iso, sizeof(iso));
		printf(",\"started_at\":\"%s\"", iso);
	}
	printf(",\"paused\":%s,\"lessons_done\":%zu,\"lessons_total\":%zu}",
	       ov->paused ? "true" : "false", ov->core_done, ov->core_total);

	fputs(",\"due\":[", stdout);
	for (size_t i = 0; i < ov->ndue; i++) {
		const struct app_step *s = &ov->due[i];

		printf("%s{\"kind\":\"%s\",\"text\":", i ? "," : "",
		       step_names[s->kind]);
		put_json_str(s->text);
		if (s->lesson >= 0) {
			fputs(",\"lesson\":", stdout);
			put_json_str(c->lessons[s->lesson].id);
		}
		if (s->id) {
			fputs(s->kind == STEP_HOMEWORK ? ",\"worksheet\":"
			                               : ",\"instrument\":",
			      stdout);
			put_json_str(s->id);
		}
		if (s->kind == STEP_HOMEWORK)
			printf(",\"have\":%d,\"need\":%d", s->have, s->need);
		if (s->why) {
			fputs(",\"why\":", stdout);
			put_json_str(s->why);
		}
		putchar('}');
	}
	fputs("],\"next\":", stdout);
	if (ov->next >= 0) {
		fputs("{\"lesson\":", stdout);
		put_json_str(c->lessons[ov->next].id);
		fputs(",\"title\":", stdout);
		put_json_str(c->lessons[ov->next].title);
		if (ov->next_at) {
			iso_text(ov->next_at, iso, sizeof(iso));
			printf(",\"opens_at\":\"%s\"", iso);
		}
		fputs(",\"why\":", stdout);
		put_json_str(ov->next_why);
		putchar('}');
	} else {
		fputs("null", stdout);
	}
	fputs(",\"lessons\":[", stdout);
	for (size_t i = 0; i < c->nlessons; i++) {
		char *why = app_course_why(ac, i);

		printf("%s{\"id\":", i ? "," : "");
		put_json_str(c->lessons[i].id);
		fputs(",\"title\":", stdout);
		put_json_str(c->lessons[i].title);
		printf(",\"optional\":%s,\"state\":\"%s\"",
		       c->lessons[i].optional ? "true" : "false",
		       state_names[app_course_state(ac, i)]);
		if (app_course_done_at(ac, i)) {
			iso_text(app_course_done_at(ac, i), iso, sizeof(iso));
			printf(",\"done_at\":\"%s\"", iso);
		}
		if (why) {
			fputs(",\"why\":", stdout);
			put_json_str(why);
		}
		free(why);
		putchar('}');
	}
	fputs("],\"scores\":[", stdout);
	for (size_t i = 0; i < ov->nscores; i++) {
		const struct app_score *s = &ov->scores[i];

		iso_text(s->at, iso, sizeof(iso));
		printf("%s{\"instrument\":", i ? "," : "");
		put_json_str(s->instrument);
		fputs(",\"name\":", stdout);
		put_json_str(s->name);
		printf(",\"total\":%d,\"band\":", s->total);
		put_json_str(s->band);
		printf(",\"at\":\"%s\"}", iso);
	}
	fputs("],\"recent\":[", stdout);
	for (size_t i = 0; i < ov->nrecent; i++) {
		iso_text(ov->recent[i].at, iso, sizeof(iso));
		printf("%s{\"at\":\"%s\",\"text\":", i ? "," : "", iso);
		put_json_str(ov->recent[i].text);
		putchar('}');
	}
	fputs("]}\n", stdout);
}

static void
print_text(const struct app_course *ac)
{
	const struct course *c = app_course_def(ac);
	const struct app_overview *ov = app_course_overview(ac);
	char day[64];

	put(c->title);
	if (!ov->started) {
		fputs(_(": not started yet.\n"), stdout);
		fputs(_("Run 'tend' to begin.\n"), stdout);
		return;
	}
	day_text(ov->started_at, day, sizeof(day));
	printf(ngettext(": %zu of %zu lesson done (started %s)\n",
	                ": %zu of %zu lessons done (started %s)\n",
	                ov->core_total),
	       ov->core_done, ov->core_total, day);

	if (ov->ndue) {
		fputs(_("\nNow:\n"), stdout);
		for (size_t i = 0; i < ov->ndue; i++) {
			printf("  %zu. ", i + 1);
			put(ov->due[i].text);
			if (ov->due[i].why) {
				fputs(" - ", stdout);
				put(ov->due[i].why);
			}
			putchar('\n');
		}
	}
	if (ov->next >= 0) {
		fputs(_("\nNext: "), stdout);
		printf("\u201c");
		put(c->lessons[ov->next].title);
		printf("\u201d. ");
		put(ov->next_why);
		putchar('\n');
	}

	fputs(_("\nLessons:\n"), stdout);
	for (size_t i = 0; i < c->nlessons; i++) {
		enum lesson_state s = app_course_state(ac, i);
		char *why;

		if (s == LESSON_HIDDEN)
			continue;
		printf("  [%c] ", s == LESSON_DONE   ? 'x'
		                  : s == LESSON_OPEN ? '>'
		                                     : ' ');
		put(c->lessons[i].title);
		if (c->lessons[i].optional)
			fputs(_(" (extra)"), stdout);
		why = app_course_why(ac, i);
		if (s == LESSON_OPEN)
			fputs(_(" - open"), stdout);
		else if (why && *why) {
			fputs(" - ", stdout);
			put(why);
		}
		free(why);
		putchar('\n');
	}
	if (ov->nscores) {
		fputs(_("\nLatest check-ins:\n"), stdout);
		for (size_t i = 0; i < ov->nscores; i++) {
			const struct app_score *s = &ov->scores[i];

			day_text(s->at, day, sizeof(day));
			fputs("  ", stdout);
			put(s->name);
			printf(": %d", s->total);
			if (s->band) {
				fputs(" (", stdout);
				put(s->band);
				putchar(')');
			}
			printf(", %s\n", day);
		}
	}
	if (ov->nrecent) {
		fputs(_("\nRecent:\n"), stdout);
		for (size_t i = 0; i < ov->nrecent; i++) {
			day_text(ov->recent[i].at, day, sizeof(day));
			printf("  %s  ", day);
			put(ov->recent[i].text);
			putchar('\n');
		}
	}
}

int
cmd_status(int argc, char **argv, struct opts *opts)
{
	static const struct option longopts[] = {
	        {"json", no_argument, NULL, 'j'},
	        {"help", no_argument, NULL, 'h'},
	        {NULL, 0, NULL, 0},
	};
	struct session *s = NULL;
	struct app_course *ac = NULL;
	char *msg = NULL;
	bool json = false;
	int c, st;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'h':
			fputs(_("Usage: tend status [--json]\n"
			        "\n"
			        "Shows where you are in the course, what is "
			        "due "
			        "now, what opens\n"
			        "next and when, and your latest check-ins.\n"),
			      stdout);
			return EXIT_OK;
		default:
			return cli_usage_error(argv[0], _("unknown option"));
		}
	}
	if (optind < argc)
		return cli_usage_error(argv[0], _("unexpected argument '%s'"),
		                       argv[optind]);
	st = session_open(opts, &s, &msg);
	if (st != EXIT_OK) {
		cli_error("%s", msg ? msg : _("cannot open the vault"));
		free(msg);
		return st;
	}
	cli_notices(s);
	st = session_course(s, clock_now(), &ac, &msg);
	if (st != EXIT_OK) {
		cli_error("%s", msg ? msg : _("cannot load the course"));
		free(msg);
		session_close(s);
		return st;
	}
	if (json)
		print_json(ac);
	else
		print_text(ac);
	session_close(s); /* ac is the session's */
	return EXIT_OK;
}
