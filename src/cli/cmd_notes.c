/*
 * `tend notes [--kind KIND] [--search TEXT]` and `tend notes show ID`:
 * everything the person wrote (app/notes.h), listed newest first with
 * short ids, and one note printed whole, as plain text for a terminal, a
 * screen reader or a pipe.  Nothing is changed.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/notes.h"
#include "app/session.h"
#include "cli/cli.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/utf8.h"

static void
put(const char *s)
{
	struct buf b = BUF_INIT;

	/* The person's words, but never a terminal's escape sequence. */
	utf8_sanitize(&b, s, strlen(s), false);
	if (b.len)
		fwrite(b.data, 1, b.len, stdout);
	buf_wipe(&b);
}

static void
day_of(time_t t, char *out, size_t n)
{
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, n, "%Y-%m-%d", &tm);
}

static int
list(struct session *s, unsigned mask, const char *needle)
{
	struct app_notes l = APP_NOTES_INIT;
	size_t shown = 0;
	int rc = app_notes_list(s, mask, &l) < 0 ? EXIT_FAIL : EXIT_OK;

	for (size_t i = 0; i < l.n; i++) {
		char day[32];

		if (!app_note_matches(&l.v[i], needle))
			continue;
		day_of(l.v[i].at, day, sizeof(day));
		printf("%-6s %s  %-9s ", l.v[i].id, day,
		       app_note_kind_word(l.v[i].kind));
		put(l.v[i].title);
		putchar('\n');
		shown++;
	}
	if (rc != EXIT_OK)
		cli_error("%s", _("some notes could not be read"));
	else if (shown == 0)
		fputs(needle || mask != APP_NOTES_ALL
		              ? _("No notes match.\n")
		              : _("Nothing written yet.\n"),
		      stderr);
	app_notes_free(&l);
	return rc;
}

static int
show(struct session *s, const char *id)
{
	struct app_note n;
	char day[32];
	int r = app_note_get(s, id, &n);

	if (r != 1) {
		cli_error(r < 0 ? _("cannot read note %s")
		                : _("no note %s: 'tend notes' lists them"),
		          id);
		app_note_clear(&n);
		return EXIT_FAIL;
	}
	day_of(n.at, day, sizeof(day));
	put(n.title);
	printf("\n%s, %s\n\n", app_note_kind_word(n.kind), day);
	put(n.text);
	if (n.text[0] && n.text[strlen(n.text) - 1] != '\n')
		putchar('\n');
	app_note_clear(&n);
	return EXIT_OK;
}

int
cmd_notes(int argc, char **argv, struct opts *opts)
{
	static const struct option longopts[] = {
	        {"kind", required_argument, NULL, 'k'},
	        {"search", required_argument, NULL, 's'},
	        {"help", no_argument, NULL, 'h'},
	        {NULL, 0, NULL, 0},
	};
	struct session *s = NULL;
	const char *needle = NULL;
	unsigned mask = APP_NOTES_ALL;
	char *msg = NULL;
	enum app_note_kind k;
	int c, st;

	while ((c = getopt_long(argc, argv, "hk:s:", longopts, NULL)) != -1) {
		switch (c) {
		case 'k':
			if (app_note_kind_parse(optarg, &k) < 0)
				return cli_usage_error(
				        argv[0],
				        _("--kind takes answers, worksheets, "
				          "plans, mood or messages"));
			mask = 1u << k;
			break;
		case 's':
			needle = optarg;
			break;
		case 'h':
			fputs(_("Usage: tend notes [--kind KIND] [--search "
			        "TEXT]\n"
			        "       tend notes show ID\n"
			        "\n"
			        "Lists everything you wrote, newest first: "
			        "answers in lessons,\n"
			        "worksheet entries, plans and mood notes, each "
			        "with an id.\n"
			        "'show ID' prints one whole.  KIND is answers, "
			        "worksheets,\n"
			        "plans, mood or messages.\n"),
			      stdout);
			return EXIT_OK;
		default:
			return cli_usage_error(argv[0], _("unknown option"));
		}
	}
	if (optind < argc && strcmp(argv[optind], "show") != 0)
		return cli_usage_error(argv[0], _("unexpected argument '%s'"),
		                       argv[optind]);
	if (optind < argc && optind + 2 != argc)
		return cli_usage_error(argv[0],
		                       _("show takes one id, like a1 or w3"));
	st = session_open(opts, &s, &msg);
	if (st != EXIT_OK) {
		cli_error("%s", msg ? msg : _("cannot open the vault"));
		free(msg);
		return st;
	}
	st = optind < argc ? show(s, argv[optind + 1]) : list(s, mask, needle);
	if (fflush(stdout) != 0)
		st = EXIT_FAIL;
	session_close(s);
	return st;
}
