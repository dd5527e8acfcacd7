/*
 * tend assess: take a questionnaire outside the full-screen program, or
 * enter a paper form (--answers), and see progress (--chart, --table).
 *
 * Safety comes first, as on the screen: when an answer is a risk answer
 * the crisis contacts and what to do now are printed before anything else
 * (in the line-by-line mode, at once, before the next question), and the
 * flag is kept in the vault.  Scores and change come after.
 */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "app/assess.h"
#include "app/chart.h"
#include "app/session.h"
#include "store/assess.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

static const char usage_text[] =
        "assess ID [--answers A,B,...] [--paper] [--region CC]\n"
        "       tend assess ID --chart | --table\n"
        "       tend assess --list | --continue";

struct aopts {
	const char *id;
	const char *answers;
	const char *region;
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

static void
print_contacts(const struct crisis_list *l)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < l->n; i++) {
		const struct crisis_region *r = l->v[i];

		buf_printf(&b, _("%s: emergency %s\n"), r->name, r->emergency);
		for (size_t j = 0; j < r->ncontacts; j++) {
			const struct crisis_contact *c = &r->contacts[j];

			buf_printf(&b, "  %s", c->name);
			if (c->phone)
				buf_printf(&b, _(", call %s"), c->phone);
			if (c->text)
				buf_printf(&b, _(", text %s"), c->text);
			if (c->hours)
				buf_printf(&b, " (%s)", c->hours);
			if (c->web)
				buf_printf(&b, ", %s", c->web);
			buf_addc(&b, '\n');
		}
	}
	print_clean(stdout, b.data ? b.data : "");
	buf_free(&b);
}

/* The safety block: first, before any score. */
static void
print_safety(const char *region)
{
	struct diags d = DIAGS_INIT;
	struct crisis_list *l = assess_crisis(region, &d);
	struct buf b = BUF_INIT;

	printf("\n*** %s ***\n", _("Your safety comes first"));
	assess_safety_text(&b);
	print_clean(stdout, b.data);
	fputs("\n\n", stdout);
	if (l->n == 0)
		fputs(_("No crisis contacts are installed: call your local "
		        "emergency number.\n"),
		      stdout);
	print_contacts(l);
	fputc('\n', stdout);
	fflush(stdout);
	buf_free(&b);
	crisis_list_free(l);
	diag_free(&d);
}

static void
print_plan(struct session *s)
{
	struct buf b = BUF_INIT;

	if (assess_safety_plan_text(s, &b) == 1) {
		print_clean(stdout, b.data);
		fputc('\n', stdout);
	}
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
	struct store_score *sc;
	struct chart_point *pts;
	size_t n;
	struct buf b = BUF_INIT;
	int cols, rows;

	if (store_assess_scores(session_vault(s), in->id, &sc, &n) < 0) {
		cli_error("could not read the scores");
		return EXIT_FAIL;
	}
	pts = xcalloc(n ? n : 1, sizeof(*pts));
	for (size_t i = 0; i < n; i++) {
		pts[i].at = (time_t)sc[i].taken_at;
		pts[i].total = sc[i].total;
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
	free(sc);
	return EXIT_OK;
}

static void
print_header(const struct instrument *in)
{
	printf("%s\n", in->title);
	if (in->instructions) {
		print_clean(stdout, in->instructions);
		fputc('\n', stdout);
	}
	printf("(%s)\n\n", in->attribution);
}

static void
print_item(const struct instrument *in, const struct inst_item *it, size_t i)
{
	if (in->window) {
		print_clean(stdout, in->window);
		fputc('\n', stdout);
	} else if (in->recall) {
		printf(_("About %s:\n"), in->recall);
	}
	if (it == in->extra)
		fputs("   ", stdout);
	else
		printf("%zu/%zu ", i + 1, in->nitems);
	print_clean(stdout, it->text);
	fputc('\n', stdout);
	for (size_t j = 0; j < it->nopts; j++) {
		printf("   %d  ", it->opts[j].key);
		print_clean(stdout, it->opts[j].label ? it->opts[j].label : "");
		fputc('\n', stdout);
	}
}

/* Reads one line from stdin: 0 ok, -1 end of input. */
static int
read_line(char **line, size_t *cap)
{
	ssize_t n = getline(line, cap, stdin);

	if (n < 0)
		return -1;
	while (n > 0 && ((*line)[n - 1] == '\n' || (*line)[n - 1] == '\r'))
		(*line)[--n] = '\0';
	return 0;
}

/*
 * Asks one item until a valid key or "b": returns the key, -2 for back,
 * -1 for end of input.
 */
static int
ask(const struct instrument *in, const struct inst_item *it, size_t i,
    bool can_back, char **line, size_t *cap)
{
	for (;;) {
		char *end;
		long k;

		print_item(in, it, i);
		printf(can_back ? _("Answer (b: back): ") : _("Answer: "));
		fflush(stdout);
		if (read_line(line, cap) < 0)
			return -1;
		if (can_back && strcmp(*line, "b") == 0)
			return -2;
		k = strtol(*line, &end, 10);
		if (**line && *end == '\0' && k >= 0 && k <= 9 &&
		    inst_option_by_key(it, (int)k))
			return (int)k;
		printf(_("Please type one of the numbers shown.\n\n"));
	}
}

/*
 * The line-by-line questionnaire.  A risk answer shows the safety block
 * at once and is flagged in the vault at once (saved), before going on.
 * Returns 0 when the answers are confirmed, -1 when abandoned.
 */
static int
interactive(struct session *s, const struct instrument *in, const char *region,
            int *keys, int *extra, int64_t *flag)
{
	char *line = NULL;
	size_t cap = 0, i = 0;
	int rc = -1;
	bool shown = false;

	print_header(in);
	for (size_t k = 0; k < in->nitems; k++)
		if (in->items[k].critical) {
			struct diags d = DIAGS_INIT;
			struct crisis_list *l = assess_crisis(region, &d);
			struct buf b = BUF_INIT;

			assess_crisis_brief(l, &b);
			print_clean(stdout, b.data);
			fputs("\n\n", stdout);
			buf_free(&b);
			crisis_list_free(l);
			diag_free(&d);
			break;
		}
	while (i <= in->nitems) {
		const struct inst_item *it =
		        i < in->nitems ? &in->items[i] : in->extra;
		int k;

		if (!it)
			break;
		k = ask(in, it, i, i > 0, &line, &cap);
		if (k == -1)
			goto out;
		if (k == -2) {
			i--;
			continue;
		}
		fputc('\n', stdout);
		if (it == in->extra) {
			*extra = k;
		} else {
			keys[i] = k;
			if (inst_item_is_critical(
			            it, inst_option_by_key(it, k)->value)) {
				char *msg = NULL;

				if (!shown) {
					print_safety(region);
					print_plan(s);
				}
				shown = true;
				if (*flag <= 0) {
					*flag = assess_flag_critical(
					        s, in, i, k, clock_now());
					if (*flag < 0 ||
					    cli_commit(s, &msg) != EXIT_OK) {
						cli_error(
						        "%s",
						        msg ? msg
						            : "could not save");
						free(msg);
					}
				}
				printf(_("Press Enter to go on with the "
				         "questions."));
				fflush(stdout);
				if (read_line(&line, &cap) < 0)
					goto out;
				fputc('\n', stdout);
			}
		}
		i++;
	}
	/* Review, then confirm. */
	for (;;) {
		char *end;
		long k;

		printf("%s\n", _("Your answers:"));
		for (size_t j = 0; j < in->nitems; j++) {
			const struct inst_option *o =
			        inst_option_by_key(&in->items[j], keys[j]);

			printf("%3zu. %d %s\n", j + 1, keys[j],
			       o->label ? o->label : "");
		}
		printf(_("Save these answers? (y: save, n: discard, or an "
		         "item number to change it): "));
		fflush(stdout);
		if (read_line(&line, &cap) < 0)
			goto out;
		if (strcmp(line, "y") == 0 || strcmp(line, "yes") == 0) {
			rc = 0;
			goto out;
		}
		if (strcmp(line, "n") == 0 || strcmp(line, "no") == 0)
			goto out;
		k = strtol(line, &end, 10);
		if (*line && *end == '\0' && k >= 1 &&
		    (size_t)k <= in->nitems) {
			int v = ask(in, &in->items[k - 1], (size_t)k - 1, false,
			            &line, &cap);

			if (v < 0)
				goto out;
			keys[k - 1] = v;
			if (inst_item_is_critical(
			            &in->items[k - 1],
			            inst_option_by_key(&in->items[k - 1], v)
			                    ->value) &&
			    !shown) {
				print_safety(region);
				shown = true;
			}
		}
		fputc('\n', stdout);
	}
out:
	free(line);
	return rc;
}

static int
list_instruments(const struct inst_set *set)
{
	for (size_t i = 0; i < inst_set_count(set); i++) {
		const struct instrument *in = inst_set_at(set, i);

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
			if (!crisis_region_valid(optarg))
				return cli_usage_error(
				        argv[0],
				        "--region takes a two-letter country "
				        "code such as GB, not '%s'",
				        optarg);
			o->region = optarg;
			break;
		case 'p':
			o->paper = true;
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
			printf("Usage: tend %s\n", usage_text);
			return -2;
		default:
			return cli_usage_error(argv[0], "unknown option");
		}
	}
	if (optind < argc)
		o->id = argv[optind++];
	if (optind < argc)
		return cli_usage_error(argv[0], "unexpected '%s'",
		                       argv[optind]);
	if (!o->id && !o->list && !o->cont)
		return cli_usage_error(argv[0],
		                       "which questionnaire? (tend assess "
		                       "--list shows them)");
	if (o->answers && (o->chart || o->table))
		return cli_usage_error(argv[0], "--answers cannot be combined "
		                                "with --chart or --table");
	return 0;
}

static int
open_session(const struct opts *opts, struct session **s)
{
	char *msg = NULL;
	int st = session_open(opts, s, &msg);

	if (st != EXIT_OK) {
		cli_error("%s", msg ? msg : "cannot open the vault");
		free(msg);
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
		cli_error("%s", msg ? msg : "could not save");
		st = st == EXIT_OK ? EXIT_FAIL : st;
	} else {
		printf("%s\n", _("The course goes on. If things get harder, "
		                 "please talk to your GP or clinic."));
	}
	free(msg);
	session_close(s);
	return st;
}

static void
print_outcome(const struct instrument *in, const struct assess_outcome *o)
{
	struct buf b = BUF_INIT;

	assess_score_text(in, &o->res, &b);
	buf_addc(&b, '\n');
	assess_change_text(in, o, &b);
	buf_addc(&b, '\n');
	if (o->pause != PAUSE_NONE) {
		struct assess_pause p = {
		        o->pause_flag, o->pause == PAUSE_DETERIORATION, "", 0};

		buf_addc(&b, '\n');
		assess_pause_text(&p, in, &b);
		buf_adds(&b, _("\n(To continue: tend assess --continue)\n"));
	} else if (o->resumed) {
		buf_adds(&b,
		         _("\nThe pause is lifted: the course can go on.\n"));
	}
	print_clean(stdout, b.data);
	buf_free(&b);
}

int
cmd_assess(int argc, char **argv, struct opts *opts)
{
	struct aopts o;
	struct diags d = DIAGS_INIT;
	struct inst_set *set = NULL;
	const struct instrument *in;
	struct session *s = NULL;
	struct assess_outcome out;
	int *keys = NULL, extra = -1, st;
	int64_t flag = 0;
	char *msg = NULL;

	st = parse_args(argc, argv, &o);
	if (st != 0)
		return st == -2 ? EXIT_OK : st;
	if (o.cont)
		return do_continue(opts);
	set = pack_load_instruments(&d);
	for (size_t i = 0; i < d.n; i++) {
		char *line = diag_format(&d.items[i]);

		fprintf(stderr, "%s\n", line);
		free(line);
	}
	if (o.list) {
		st = list_instruments(set);
		goto out;
	}
	in = inst_set_find(set, o.id);
	if (!in) {
		st = cli_usage_error(
		        argv[0],
		        "no questionnaire called '%s' (tend assess "
		        "--list shows them)",
		        o.id);
		goto out;
	}
	keys = xcalloc(in->nitems, sizeof(*keys));
	if (o.answers) {
		struct inst_result res;

		if (assess_parse_answers(in, o.answers, keys, &extra, &msg) <
		    0) {
			st = cli_usage_error(argv[0], "%s", msg);
			goto out;
		}
		/* A risk answer: the contacts first, before anything. */
		if (inst_score(in, keys, in->nitems, &res) == 0 &&
		    res.ncritical > 0)
			print_safety(o.region);
	}
	st = open_session(opts, &s);
	if (st != EXIT_OK)
		goto out;
	if (o.answers && inst_score(in, keys, in->nitems, &out.res) == 0 &&
	    out.res.ncritical > 0)
		print_plan(s);
	if (o.chart || o.table) {
		st = show_progress(s, in, o.chart, o.table);
		goto out;
	}
	if (!o.answers &&
	    interactive(s, in, o.region, keys, &extra, &flag) < 0) {
		printf("%s\n", _("Nothing was saved."));
		st = EXIT_FAIL;
		goto out;
	}
	if (assess_record(s, set, in, keys, extra,
	                  o.answers ? (o.paper ? "paper" : "cli") : "self",
	                  flag, clock_now(), &out, &msg) < 0) {
		cli_error("%s", msg);
		st = EXIT_FAIL;
		goto out;
	}
	st = cli_commit(s, &msg);
	if (st != EXIT_OK) {
		cli_error("%s", msg ? msg : "could not save");
		goto out;
	}
	print_outcome(in, &out);
out:
	free(msg);
	free(keys);
	session_close(s);
	inst_set_free(set);
	diag_free(&d);
	return st;
}
