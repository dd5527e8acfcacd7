/*
 * tend assess: take a questionnaire outside the full-screen program, or
 * enter a paper form (--answers), and see progress (--chart, --table).
 *
 * The check-in is the one flow of app/checkin.h, printed line by line
 * (cli/checkin.c): a risk answer shows the safety text at once, before
 * the next question and before any score, and the flag is kept in the
 * vault.  With --answers the answers go into the same flow before the
 * vault is opened, so the crisis lines come before the passphrase is even
 * asked for.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "app/assess.h"
#include "app/chart.h"
#include "app/checkin.h"
#include "app/content.h"
#include "app/risk.h"
#include "app/safety.h"
#include "app/session.h"
#include "cli/checkin.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

static const char usage_text[] =
        "assess ID [--answers A,B,...] [--plan yes|no] [--paper] [--region "
        "CC]\n"
        "       tend assess ID --chart | --table\n"
        "       tend assess --list | --continue";

struct aopts {
	const char *id;
	const char *answers;
	const char *region;
	int plan; /* --plan: RISK_PLAN_YES or _NO; 0: ask when asked */
	bool paper, chart, table, list, cont;
};

/* Prints text with control characters removed (content is untrusted). */
static void
print_clean(FILE *f, const char *s)
{
	struct buf b = BUF_INIT;

	utf8_sanitize(&b, s, strlen(s), false);
	fputs(b.data ? b.data : "", f);
	buf_free(&b);
}

static int
term_size(int *cols, int *rows)
{
	struct winsize ws;
	const char *c = getenv("COLUMNS"), *r = getenv("LINES");

	*cols = 80;
	*rows = 24;
	if (isatty(STDOUT_FILENO) &&
	    ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
		*cols = ws.ws_col;
		*rows = ws.ws_row;
	}
	if (c && atoi(c) > 0)
		*cols = atoi(c);
	if (r && atoi(r) > 0)
		*rows = atoi(r);
	return 0;
}

static bool
ascii_locale(void)
{
	const char *cs = nl_langinfo(CODESET);

	return !cs || strcmp(cs, "UTF-8") != 0;
}

static int
show_progress(struct session *s, const struct instrument *in, bool chart,
              bool table)
{
	struct chart_point *pts;
	size_t n;
	struct buf b = BUF_INIT;
	int cols, rows;

	if (chart_points(s, in->id, &pts, &n) < 0) {
		cli_error(_("could not read the scores"));
		return EXIT_FAIL;
	}
	term_size(&cols, &rows);
	if (chart)
		chart_render(in, pts, n, cols, rows - 1, ascii_locale(), &b);
	if (table) {
		if (chart)
			buf_addc(&b, '\n');
		chart_table(in, pts, n, cols, &b);
	}
	fputs(b.data ? b.data : "", stdout);
	buf_free(&b);
	free(pts);
	return EXIT_OK;
}

/* The line-by-line terminal (cli/checkin.h): lines as they come, with
 * control characters removed (content is untrusted). */
static char *
io_ask(void *arg, const char *prompt)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	(void)arg;
	fputs(prompt, stdout);
	fflush(stdout);
	n = getline(&line, &cap, stdin);
	if (n < 0) {
		free(line);
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	return line;
}

static void
io_say(void *arg, const char *text)
{
	(void)arg;
	print_clean(stdout, text);
	fputc('\n', stdout);
	fflush(stdout);
}

static const struct cli_lines lines = {io_ask, io_say, NULL, NULL, NULL, NULL};

/* After a pause: how to go on from here. */
static const char *
pause_hint(void)
{
	return _("(To continue: tend assess --continue)");
}

static int
list_instruments(const struct opts *opts, const struct inst_set *set)
{
	for (size_t i = 0; i < inst_set_count(set); i++) {
		const struct instrument *in = inst_set_at(set, i);

		if (app_instrument_on(opts, in->id))
			printf("%-8s %s\n", in->id, in->title);
	}
	return EXIT_OK;
}

static int
parse_args(int argc, char **argv, struct aopts *o)
{
	static const struct option longopts[] = {
	        {"answers", required_argument, NULL, 'a'},
	        {"region", required_argument, NULL, 'r'},
	        {"plan", required_argument, NULL, 'P'},
	        {"paper", no_argument, NULL, 'p'},
	        {"chart", no_argument, NULL, 'c'},
	        {"table", no_argument, NULL, 't'},
	        {"list", no_argument, NULL, 'l'},
	        {"continue", no_argument, NULL, 'C'},
	        {"help", no_argument, NULL, 'h'},
	        {NULL, 0, NULL, 0},
	};
	int c;

	memset(o, 0, sizeof(*o));
	while ((c = getopt_long(argc, argv, "ha:", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			o->answers = optarg;
			break;
		case 'r':
			if (!safety_region_valid(optarg))
				return cli_usage_error(
				        argv[0],
				        _("--region takes a two-letter country "
				          "code such as GB, not '%s'"),
				        optarg);
			o->region = optarg;
			break;
		case 'p':
			o->paper = true;
			break;
		case 'P':
			if (strcmp(optarg, "yes") == 0)
				o->plan = RISK_PLAN_YES;
			else if (strcmp(optarg, "no") == 0)
				o->plan = RISK_PLAN_NO;
			else
				return cli_usage_error(
				        argv[0],
				        _("--plan takes yes or no, not '%s'"),
				        optarg);
			break;
		case 'c':
			o->chart = true;
			break;
		case 't':
			o->table = true;
			break;
		case 'l':
			o->list = true;
			break;
		case 'C':
			o->cont = true;
			break;
		case 'h':
			printf(_("Usage: tend %s\n"), usage_text);
			return -2;
		default:
			return cli_usage_error(argv[0], _("unknown option"));
		}
	}
	if (optind < argc)
		o->id = argv[optind++];
	if (optind < argc)
		return cli_usage_error(argv[0], _("unexpected '%s'"),
		                       argv[optind]);
	if (!o->id && !o->list && !o->cont)
		return cli_usage_error(argv[0],
		                       _("which questionnaire? (tend assess "
		                         "--list shows them)"));
	if (o->answers && (o->chart || o->table))
		return cli_usage_error(argv[0],
		                       _("--answers cannot be combined "
		                         "with --chart or --table"));
	if (o->plan && !o->answers)
		return cli_usage_error(argv[0],
		                       _("--plan goes with --answers (it "
		                         "answers the question about a "
		                         "plan, asked after a risk "
		                         "answer)"));
	return 0;
}

static int
open_session(const struct opts *opts, struct session **s)
{
	char *msg = NULL;
	int st = session_open(opts, s, &msg);

	if (st != EXIT_OK) {
		cli_error("%s", msg ? msg : _("cannot open the vault"));
		free(msg);
	} else {
		cli_notices(*s);
	}
	return st;
}

static int
do_continue(const struct opts *opts)
{
	struct session *s = NULL;
	struct assess_pause p;
	char *msg = NULL;
	int st = open_session(opts, &s), r;

	if (st != EXIT_OK)
		return st;
	r = assess_paused(s, &p);
	if (r == 0) {
		printf("%s\n", _("Nothing is paused."));
	} else if (r < 0 || assess_continue(s, clock_now()) < 0 ||
	           (st = cli_commit(s, &msg)) != EXIT_OK) {
		cli_error("%s", msg ? msg : _("could not save"));
		st = st == EXIT_OK ? EXIT_FAIL : st;
	} else {
		printf("%s\n", _("The course goes on. If things get harder, "
		                 "please talk to your GP or clinic."));
	}
	free(msg);
	session_close(s);
	return st;
}

/*
 * A pathway question met with --answers: the plan question takes --plan
 * when given, else it is asked on the terminal (a line: 1 or yes, 2 or
 * no; nothing or the end of input leaves it unanswered).  The question is
 * printed as in the line-by-line check-in.
 */
static void
pathway_answer(const struct aopts *o, struct checkin *c, struct session *s)
{
	const struct checkin_step *st = checkin_step(c);
	char *msg = NULL, *a = NULL;
	int key = -1;

	io_say(NULL, "");
	if (st->heading)
		io_say(NULL, st->heading);
	if (st->window)
		io_say(NULL, st->window);
	io_say(NULL, st->question->text);
	for (size_t k = 0; k < st->question->nopts; k++)
		printf("  %d  %s\n", st->question->opts[k].key,
		       st->question->opts[k].label);
	if (st->ask == CHECKIN_ASK_PLAN && o->plan) {
		key = o->plan;
		printf(_("> %d (--plan %s)\n"), key,
		       key == RISK_PLAN_YES ? "yes" : "no");
	} else {
		a = io_ask(NULL, _("> (Enter to skip) "));
		if (a && (strcmp(a, "1") == 0 || strcmp(a, "yes") == 0 ||
		          strcmp(a, "y") == 0))
			key = 1;
		else if (a && (strcmp(a, "2") == 0 || strcmp(a, "no") == 0 ||
		               strcmp(a, "n") == 0))
			key = 2;
		else if (a && *a >= '1' && *a <= '9' && a[1] == '\0')
			key = *a - '0';
		free(a);
	}
	if (key < 0 || checkin_answer(c, s, key, clock_now(), &msg) ==
	                       CHECKIN_NOT_AN_OPTION) {
		free(msg);
		msg = NULL;
		checkin_next(c, s, clock_now(), &msg);
	}
	if (msg)
		cli_error("%s", msg);
	free(msg);
}

/*
 * --answers: the answers go into the flow as if typed, before the vault is
 * open (the safety text is printed as soon as a risk answer is met, and
 * the plan question asked when the pathway asks it); then the vault opens
 * and the flow records them (and may ask the plan question then, for a
 * second risk answer in a row).
 */
static int
paper(const struct opts *opts, const struct aopts *o, struct checkin *c,
      const int *keys, int extra)
{
	const struct instrument *in = checkin_instrument(c);
	struct session *s = NULL;
	char *msg = NULL;
	size_t i = 0;
	int st;

	checkin_start(c);
	while (i <= in->nitems) {
		const struct checkin_step *step = checkin_step(c);

		if (step->kind == CHECKIN_SAFETY) {
			cli_checkin_show(&lines, c, NULL);
			continue;
		}
		if (step->kind != CHECKIN_QUESTION)
			break;
		if (step->ask != CHECKIN_ASK_ITEM) {
			pathway_answer(o, c, NULL);
			continue;
		}
		if (i < in->nitems || extra >= 0)
			checkin_answer(c, NULL,
			               i < in->nitems ? keys[i] : extra,
			               clock_now(), &msg);
		else
			checkin_next(c, NULL, clock_now(), &msg);
		free(msg);
		msg = NULL;
		i++;
	}
	cli_checkin_show(&lines, c, NULL);
	st = open_session(opts, &s);
	if (st != EXIT_OK)
		return st;
	st = checkin_save(c, s, o->paper ? "paper" : "cli", clock_now(), &msg);
	if (msg)
		cli_error("%s", msg);
	else if (session_warning(s))
		cli_error(_("warning: %s"), session_warning(s));
	free(msg);
	/* Nobody to ask here: answers that could not be saved are sealed
	 * for the next open. */
	if (st != EXIT_OK)
		(void)cli_keep_unsaved(s);
	while (checkin_step(c)->kind == CHECKIN_QUESTION)
		pathway_answer(o, c, s);
	cli_checkin_show(&lines, c, pause_hint());
	session_close(s);
	return st;
}

int
cmd_assess(int argc, char **argv, struct opts *opts)
{
	struct aopts o;
	struct diags d = DIAGS_INIT;
	struct inst_set *set = NULL;
	const struct instrument *in;
	struct session *s = NULL;
	struct checkin *c = NULL;
	int *keys = NULL, extra = -1, st;
	char *msg = NULL;

	st = parse_args(argc, argv, &o);
	if (st != 0)
		return st == -2 ? EXIT_OK : st;
	if (o.cont)
		return do_continue(opts);
	set = app_instruments_load(&d);
	for (size_t i = 0; i < d.n; i++) {
		char *line = diag_format(&d.items[i]);

		fprintf(stderr, "%s\n", line);
		free(line);
	}
	if (o.list) {
		st = list_instruments(opts, set);
		goto out;
	}
	in = inst_set_find(set, o.id);
	if (in && !o.chart && !o.table && !app_instrument_on(opts, o.id)) {
		/* The clinic's `instruments` leaves it out (tend-config(5));
		 * results already taken stay the person's to see. */
		cli_error(_("the questionnaire '%s' is not offered here"),
		          o.id);
		st = EXIT_FAIL;
		goto out;
	}
	if (!in) {
		st = cli_usage_error(
		        argv[0],
		        _("no questionnaire called '%s' (tend assess "
		          "--list shows them)"),
		        o.id);
		goto out;
	}
	if (o.answers) {
		/* The crisis lines come before the passphrase: no session. */
		checkin_new(set, o.id, NULL, o.region, &c);
		keys = xcalloc(in->nitems, sizeof(*keys));
		if (assess_parse_answers(in, o.answers, keys, &extra, &msg) <
		    0) {
			st = cli_usage_error(argv[0], "%s", msg);
			goto out;
		}
		st = paper(opts, &o, c, keys, extra);
		goto out;
	}
	st = open_session(opts, &s);
	if (st != EXIT_OK)
		goto out;
	checkin_new(set, o.id, s, o.region, &c);
	if (o.chart || o.table)
		st = show_progress(s, in, o.chart, o.table);
	else
		st = cli_checkin_run(&lines, s, c, "self", pause_hint());
out:
	free(msg);
	free(keys);
	checkin_free(c);
	session_close(s);
	inst_set_free(set);
	diag_free(&d);
	return st;
}
