/*
 * `tend helper`: guidance by file, both sides (app/helper.h for the
 * person, app/caseload.h for the helper).
 *
 *   tend helper [status]                        the link, if any
 *   tend helper keygen [-o DIR] [--kdf LEVEL]   the helper's key pair
 *   tend helper link [KEYFILE] [--name NAME] [--share KINDS] [--day DAY]
 *                    [--yes]                    link a helper
 *   tend helper set [--name NAME] [--share KINDS] [--day DAY]
 *   tend helper unlink [--yes]
 *   tend helper summary [-o FILE] [--note-file FILE]
 *   tend helper messages                        replies taken in
 *   tend helper inbox DIR [--json|--plain] [--key DIR]
 *   tend helper reply ID [-o FILE] [--message-file FILE] [--key DIR]
 *
 * Everything the person or the helper reads here is sanitised before it
 * reaches the terminal.  A confirmation is asked on the terminal, never
 * on standard input (which may carry a passphrase or a message); scripts
 * say --yes.
 */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app/caseload.h"
#include "app/helper.h"
#include "app/session.h"
#include "app/vault.h"
#include "cli/charset.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/file.h"
#include "util/i18n.h"
#include "util/path.h"
#include "util/secret.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* The screen the caseload opens in (ui/caseload.c), when there is one:
 * cli/ cannot call ui/, so main.c hands it over. */
static cli_caseload_fn *caseload_screen;

void
cli_set_caseload_screen(cli_caseload_fn *fn)
{
	caseload_screen = fn;
}

static void
usage(FILE *f)
{
	fputs(_("Usage: tend helper [status]\n"
	        "       tend helper link [KEYFILE] [--name NAME] "
	        "[--share KINDS] [--day DAY] [--yes]\n"
	        "       tend helper set [--name NAME] [--share KINDS] "
	        "[--day DAY]\n"
	        "       tend helper unlink [--yes]\n"
	        "       tend helper summary [-o FILE] [--note-file FILE]\n"
	        "       tend helper messages\n"
	        "   for the helper:\n"
	        "       tend helper keygen [-o DIR] [--kdf LEVEL]\n"
	        "       tend helper inbox DIR [--json|--plain] [--key DIR]\n"
	        "       tend helper reply ID [-o FILE] [--message-file FILE] "
	        "[--key DIR]\n"
	        "\n"
	        "A helper (a clinician, or someone you trust) reads a weekly\n"
	        "summary that you send as a file, and can write back.  "
	        "KINDS:\n"
	        "lessons,worksheets or none (the text of your answers).  "
	        "DAY:\n"
	        "mon..sun, or none for summaries on demand only.\n"),
	      f);
}

/* Prints text with anything a terminal would act on removed. */
static void
put(FILE *f, const char *s)
{
	struct buf b = BUF_INIT;

	utf8_sanitize(&b, s ? s : "", s ? strlen(s) : 0, false);
	fputs(b.data ? b.data : "", f);
	buf_free(&b);
}

static bool
confirm(const char *prompt)
{
	char *a = cli_ask_tty(prompt);
	bool yes = a && (a[0] == 'y' || a[0] == 'Y');

	free(a);
	return yes;
}

static const char *const days[] = {"mon", "tue", "wed", "thu",
                                   "fri", "sat", "sun"};

static int
day_parse(const char *s, int *out)
{
	if (strcasecmp(s, "none") == 0) {
		*out = -1;
		return 0;
	}
	for (int i = 0; i < 7; i++)
		if (strncasecmp(s, days[i], 3) == 0) {
			*out = i;
			return 0;
		}
	return -1;
}

static const char *
day_name(int d)
{
	static const char *const names[] = {
	        N_("Monday"), N_("Tuesday"),  N_("Wednesday"), N_("Thursday"),
	        N_("Friday"), N_("Saturday"), N_("Sunday")};

	return d >= 0 && d < 7 ? _(names[d]) : _("on demand only");
}

static void
date_text(time_t t, char *s, size_t n)
{
	struct tm tm;

	if (!t) {
		snprintf(s, n, "-");
		return;
	}
	localtime_r(&t, &tm);
	strftime(s, n, "%Y-%m-%d %H:%M", &tm);
}

static int
open_session(struct opts *opts, struct session **s)
{
	char *msg = NULL;
	int st = session_open(opts, s, &msg);

	if (st != EXIT_OK) {
		cli_error("%s", msg ? msg : _("cannot open the vault"));
		free(msg);
	}
	return st;
}

static int
fail(int st, char *msg)
{
	cli_error("%s", msg ? msg : _("something went wrong"));
	free(msg);
	return st;
}

/* ---- the person's side ---- */

static void
print_share(unsigned share)
{
	struct buf b = BUF_INIT;
	const char *p;

	helper_share_text(share, &b);
	for (p = b.data; p && *p;) {
		const char *nl = strchr(p, '\n');

		fputs("  - ", stdout);
		fwrite(p, 1, (size_t)(nl - p), stdout);
		fputc('\n', stdout);
		p = nl + 1;
	}
	buf_free(&b);
}

static int
status(struct opts *opts)
{
	struct session *s = NULL;
	struct helper_link l;
	char *msg = NULL, when[32];
	int st = open_session(opts, &s);

	if (st != EXIT_OK)
		return st;
	st = helper_link_get(s, &l, &msg);
	if (st != EXIT_OK) {
		session_close(s);
		return fail(st, msg);
	}
	if (!l.linked) {
		printf("%s\n", _("No helper is linked.  Link one with: tend "
		                 "helper link KEYFILE"));
	} else {
		char *out = helper_outbox_dir(s), *in = helper_inbox_dir(s);

		printf(_("Linked helper: %s\n"), l.helper_fp);
		fputs(_("You appear to them as: "), stdout);
		put(stdout, l.set.pseudonym);
		printf(_(" (your fingerprint: %s)\n"), l.own_fp);
		printf(_("Weekly summary: %s\n"), day_name(l.set.weekday));
		date_text(l.last_summary_at, when, sizeof(when));
		printf(_("Last summary: %s (%ld written)\n"), when,
		       l.summaries);
		printf(_("Outbox (send these files to your helper): %s\n"),
		       out);
		printf(_("Inbox (drop their replies here): %s\n"), in);
		printf("%s\n", _("A summary shares:"));
		print_share(l.set.share);
		free(out);
		free(in);
	}
	printf("%s\n", _(helper_not_realtime()));
	session_close(s);
	return EXIT_OK;
}

struct link_opts {
	const char *name, *share, *day;
	bool yes;
};

static int
parse_link_opts(int argc, char **argv, struct link_opts *lo, bool with_yes,
                const char *cmd)
{
	static const struct option longopts[] = {
	        {"name", required_argument, NULL, 'n'},
	        {"share", required_argument, NULL, 's'},
	        {"day", required_argument, NULL, 'd'},
	        {"yes", no_argument, NULL, 'y'},
	        {"help", no_argument, NULL, 'h'},
	        {NULL, 0, NULL, 0},
	};
	int c;

	memset(lo, 0, sizeof(*lo));
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			lo->name = optarg;
			break;
		case 's':
			lo->share = optarg;
			break;
		case 'd':
			lo->day = optarg;
			break;
		case 'y':
			if (!with_yes)
				return cli_usage_error(cmd, _("bad option"));
			lo->yes = true;
			break;
		case 'h':
			usage(stdout);
			return -1;
		default:
			return cli_usage_error(cmd, _("bad option"));
		}
	}
	return 0;
}

static int
apply_link_opts(const struct link_opts *lo, struct helper_settings *set)
{
	if (lo->name)
		snprintf(set->pseudonym, sizeof(set->pseudonym), "%s",
		         lo->name);
	if (lo->share && helper_share_parse(lo->share, &set->share) < 0)
		return cli_usage_error("helper",
		                       _("--share takes lessons, worksheets "
		                         "(or both, with a comma) or none"));
	if (lo->day && day_parse(lo->day, &set->weekday) < 0)
		return cli_usage_error(
		        "helper", _("--day takes mon, tue, ... sun, or none"));
	return 0;
}

static int
link_cmd(int argc, char **argv, struct opts *opts)
{
	struct link_opts lo;
	struct helper_settings set = {"", 0, -1};
	struct helper_key *k = NULL;
	struct session *s = NULL;
	struct helper_link l;
	char *path = NULL, *msg = NULL;
	int st = parse_link_opts(argc, argv, &lo, true, "helper link");

	if (st != 0)
		return st < 0 ? EXIT_OK : st;
	if (optind + 1 < argc)
		return cli_usage_error("helper link",
		                       _("one key file at most"));
	if ((st = apply_link_opts(&lo, &set)) != 0)
		return st;
	if (optind < argc)
		path = xstrdup(argv[optind]);
	else if ((path = helper_clinic_key()) == NULL)
		return cli_usage_error("helper link",
		                       _("name your helper's key file (no "
		                         "clinic key is installed)"));
	st = helper_key_load(path, &k, &msg);
	if (st != EXIT_OK) {
		free(path);
		return fail(st, msg);
	}
	printf(_("Helper key: %s\n"), path);
	printf(_("Its fingerprint:\n\n    %s\n\n"), helper_key_fingerprint(k));
	printf("%s\n", _("Read these words to your helper, or have them read "
	                 "theirs to you: they must be the same, word for "
	                 "word.  If they differ, do not link."));
	printf("%s\n", _("Each summary will share:"));
	print_share(set.share);
	printf("%s\n", _("Nothing is sent by itself: tend writes the summary "
	                 "into a folder and you send the file."));
	printf("%s\n", _("You can unlink at any time (tend helper unlink)."));
	printf("%s\n", _(helper_not_realtime()));
	fflush(stdout);
	if (!lo.yes && !confirm(_("Do the words match, and do you want to "
	                          "link this helper? [y/N] "))) {
		cli_error(_("not linked"));
		st = EXIT_FAIL;
		goto out;
	}
	if (!set.pseudonym[0]) {
		char *name =
		        cli_ask_tty(_("The name your helper will see you by "
		                      "(not necessarily your own): "));

		if (name)
			snprintf(set.pseudonym, sizeof(set.pseudonym), "%s",
			         name);
		free(name);
	}
	if ((st = open_session(opts, &s)) != EXIT_OK)
		goto out;
	st = helper_link(s, k, &set, clock_now(), &msg);
	if (st != EXIT_OK) {
		st = fail(st, msg);
		goto out;
	}
	if (helper_link_get(s, &l, &msg) == EXIT_OK && l.linked) {
		printf(_("Linked.  Your own fingerprint, for your helper to "
		         "compare when your first summary arrives:\n\n    "
		         "%s\n\n"),
		       l.own_fp);
		printf(_("Weekly summary: %s.  Write one now with: tend "
		         "helper summary\n"),
		       day_name(l.set.weekday));
	}
	free(msg);
out:
	session_close(s);
	helper_key_free(k);
	free(path);
	return st;
}

static int
settings(int argc, char **argv, struct opts *opts)
{
	struct link_opts lo;
	struct session *s = NULL;
	struct helper_link l;
	char *msg = NULL;
	int st = parse_link_opts(argc, argv, &lo, false, "helper set");

	if (st != 0)
		return st < 0 ? EXIT_OK : st;
	if (optind != argc)
		return cli_usage_error("helper set", _("unexpected argument"));
	if ((st = open_session(opts, &s)) != EXIT_OK)
		return st;
	st = helper_link_get(s, &l, &msg);
	if (st == EXIT_OK && !l.linked) {
		st = EXIT_FAIL;
		msg = xstrdup(_("no helper is linked"));
	}
	if (st == EXIT_OK && (st = apply_link_opts(&lo, &l.set)) != 0)
		goto out;
	if (st == EXIT_OK)
		st = helper_settings_set(s, &l.set, clock_now(), &msg);
	if (st != EXIT_OK)
		st = fail(st, msg);
	else
		printf("%s\n", _("Saved."));
out:
	session_close(s);
	return st;
}

static int
unlink_cmd(int argc, char **argv, struct opts *opts)
{
	struct session *s = NULL;
	char *msg = NULL;
	bool yes = argc == 2 && strcmp(argv[1], "--yes") == 0;
	int st;

	if (argc > 2 || (argc == 2 && !yes))
		return cli_usage_error("helper unlink", _("bad option"));
	if (!yes && !confirm(_("Unlink your helper?  They will get no more "
	                       "summaries, and replies from them will be "
	                       "refused. [y/N] "))) {
		cli_error(_("nothing changed"));
		return EXIT_FAIL;
	}
	if ((st = open_session(opts, &s)) != EXIT_OK)
		return st;
	st = helper_unlink(s, clock_now(), &msg);
	if (st != EXIT_OK)
		st = fail(st, msg);
	else
		printf("%s\n", _("Unlinked.  Your messages stay in tend."));
	session_close(s);
	return st;
}

static int
summary(int argc, char **argv, struct opts *opts)
{
	static const struct option longopts[] = {
	        {"output", required_argument, NULL, 'o'},
	        {"note-file", required_argument, NULL, 'N'},
	        {"help", no_argument, NULL, 'h'},
	        {NULL, 0, NULL, 0},
	};
	const char *output = NULL, *notefile = NULL;
	char *note = NULL, *msg = NULL, *written = NULL;
	struct session *s = NULL;
	size_t len;
	int c, st;

	while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			output = optarg;
			break;
		case 'N':
			notefile = optarg;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		default:
			return cli_usage_error("helper summary",
			                       _("bad option"));
		}
	}
	if (optind != argc)
		return cli_usage_error("helper summary",
		                       _("unexpected argument"));
	if (notefile &&
	    file_read(strcmp(notefile, "-") == 0 ? "/dev/stdin" : notefile,
	              64 * 1024, FILE_STREAM, &note, &len) < 0) {
		cli_error(_("cannot read %s: %s"), notefile,
		          file_strerror(errno));
		return EXIT_FAIL;
	}
	if ((st = open_session(opts, &s)) != EXIT_OK)
		goto out;
	st = helper_summary_write(s, note, output, clock_now(), &written, &msg);
	if (st != EXIT_OK) {
		st = fail(st, msg);
		goto out;
	}
	printf(_("A sealed summary for your helper is in:\n    %s\n"), written);
	printf("%s\n", _("Only your helper can open it.  Send it to them "
	                 "as you like (an e-mail attachment, a USB stick, "
	                 "a shared folder): tend sends nothing by itself."));
	switch (helper_outbox_run(written, false, &msg)) {
	case 1:
		printf("%s\n", _("Your clinic's outbox command took it."));
		break;
	case -1:
		cli_error(_("the clinic's outbox command failed: %s; send "
		            "the file yourself"),
		          msg);
		st = EXIT_FAIL;
		break;
	default:
		break;
	}
	free(msg);
	printf("%s\n", _(helper_not_realtime()));
out:
	session_close(s);
	secret_free(note);
	free(written);
	return st;
}

static int
messages(int argc, char **argv, struct opts *opts)
{
	struct session *s = NULL;
	struct helper_msg *m = NULL;
	size_t n = 0, taken = 0;
	struct buf refused = BUF_INIT;
	char *msg = NULL, when[32];
	int st;

	if (argc != 1)
		return cli_usage_error("helper messages",
		                       _("unexpected argument"));
	if ((st = open_session(opts, &s)) != EXIT_OK)
		return st;
	st = helper_inbox_scan(s, clock_now(), &taken, &refused, &msg);
	if (st != EXIT_OK) {
		st = fail(st, msg);
		goto out;
	}
	if (refused.len) {
		cli_error(_("files in the inbox folder that were not taken "
		            "in:"));
		put(stderr, refused.data);
	}
	if (helper_messages(s, &m, &n) < 0) {
		cli_error(_("cannot read the messages"));
		st = EXIT_FAIL;
		goto out;
	}
	if (n == 0)
		printf("%s\n", _("No messages from your helper yet."));
	for (size_t i = 0; i < n; i++) {
		date_text(m[i].sent_at, when, sizeof(when));
		printf(_("%sA message from your helper, written %s:\n\n"),
		       i ? "\n" : "", when);
		put(stdout, m[i].text);
		printf("\n");
	}
	printf("%s\n", _(helper_not_realtime()));
	if (n && helper_mark_read(s, clock_now(), &msg) != EXIT_OK)
		st = fail(EXIT_FAIL, msg);
out:
	helper_msgs_free(m, n);
	buf_free(&refused);
	session_close(s);
	return st;
}

/* ---- the helper's side ---- */

static int
key_dir_opt(const char *given, char **out)
{
	*out = given ? xstrdup(given) : caseload_default_dir();
	return 0;
}

static int
keygen(int argc, char **argv, struct opts *opts)
{
	static const struct option longopts[] = {
	        {"output", required_argument, NULL, 'o'},
	        {"kdf", required_argument, NULL, 'k'},
	        {"help", no_argument, NULL, 'h'},
	        {NULL, 0, NULL, 0},
	};
	enum vault_kdf_level kdf = VAULT_KDF_CALIBRATED;
	const char *out = NULL;
	char *dir = NULL, *pass = NULL, *again = NULL, *fp = NULL, *msg = NULL;
	int c, st = EXIT_FAIL;

	while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'k':
			if (app_vault_kdf_parse(optarg, &kdf) < 0)
				return cli_usage_error(
				        "helper keygen",
				        _("--kdf takes interactive, moderate "
				          "or sensitive"));
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		default:
			return cli_usage_error("helper keygen",
			                       _("bad option"));
		}
	}
	if (optind != argc)
		return cli_usage_error("helper keygen",
		                       _("unexpected argument"));
	key_dir_opt(out, &dir);
	pass = session_read_secret(opts, _("Passphrase for your helper key: "));
	if (!pass || !*pass) {
		cli_error(_("no passphrase given"));
		goto out;
	}
	if (opts->passphrase_fd < 0) {
		again = session_read_secret(opts, _("Repeat it: "));
		if (!again || strcmp(pass, again) != 0) {
			cli_error(_("the two did not match"));
			goto out;
		}
	}
	st = caseload_keygen(dir, pass, kdf, &fp, &msg);
	if (st != EXIT_OK) {
		st = fail(st, msg);
		goto out;
	}
	printf(_("Your helper key is in %s:\n"
	         "  helper.key  the secret half, under your passphrase: "
	         "keep it\n"
	         "  helper.pub  the public half: give it to the people you "
	         "help\n"
	         "\nIts fingerprint, to read to them when they link:\n\n"
	         "    %s\n"),
	       dir, fp);
out:
	secret_free(pass);
	secret_free(again);
	free(fp);
	free(dir);
	return st;
}

static int
open_caseload(struct opts *opts, const char *dir, struct caseload **c)
{
	char *pass = session_read_secret(opts,
	                                 _("Passphrase for your helper key: "));
	char *msg = NULL;
	int st;

	if (!pass) {
		cli_error(_("no passphrase given"));
		return EXIT_FAIL;
	}
	st = caseload_open(dir, pass, c, &msg);
	secret_free(pass);
	if (st != EXIT_OK)
		return fail(st, msg);
	return EXIT_OK;
}

static int
inbox(int argc, char **argv, struct opts *opts)
{
	static const struct option longopts[] = {
	        {"json", no_argument, NULL, 'j'},
	        {"plain", no_argument, NULL, 'p'},
	        {"key", required_argument, NULL, 'k'},
	        {"help", no_argument, NULL, 'h'},
	        {NULL, 0, NULL, 0},
	};
	bool json = false, plain = opts->plain;
	const char *keydir = NULL;
	struct caseload *c = NULL;
	struct caseload_person *p = NULL;
	struct buf out = BUF_INIT, refused = BUF_INIT;
	char *dir = NULL, *msg = NULL;
	size_t n = 0;
	int ch, st;

	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'j':
			json = true;
			break;
		case 'p':
			plain = true;
			break;
		case 'k':
			keydir = optarg;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		default:
			return cli_usage_error("helper inbox", _("bad option"));
		}
	}
	if (optind + 1 != argc)
		return cli_usage_error("helper inbox",
		                       _("name the folder of summaries"));
	key_dir_opt(keydir, &dir);
	if ((st = open_caseload(opts, dir, &c)) != EXIT_OK)
		goto out;
	st = caseload_inbox(c, argv[optind], clock_now(), &p, &n, &refused,
	                    &msg);
	if (st == EXIT_FAIL) {
		st = fail(st, msg);
		goto out;
	}
	if (refused.len) {
		cli_error(_("these files were refused (nothing was taken from "
		            "them):"));
		put(stderr, refused.data);
	}
	if (json) {
		caseload_json(p, n, &out);
		fputs(out.data, stdout);
		goto out;
	}
	if (!plain && caseload_screen && isatty(STDIN_FILENO) &&
	    isatty(STDOUT_FILENO) && getenv("TERM") &&
	    strcmp(getenv("TERM"), "dumb") != 0) {
		int r;

		cli_charset_end(); /* the full screen needs the real stdout */
		r = caseload_screen(opts, c, p, n);

		if (r != EXIT_OK)
			st = r;
		goto out;
	}
	printf(ngettext("Caseload: %zu person, risk first.\n",
	                "Caseload: %zu people, risk first.\n", n),
	       n);
	printf("%s\n\n", _("These are summaries people sent; they are not "
	                   "live.  A person in crisis should not wait for "
	                   "you: their tend shows crisis contacts."));
	caseload_table(p, n, 100, &out);
	put(stdout, out.data);
	for (size_t i = 0; i < n; i++) {
		buf_reset(&out);
		caseload_person_text(&p[i], 78, utf8_is_ascii(), &out);
		printf("\n");
		put(stdout, out.data);
		if (p[i].first)
			printf(_("  First summary from them: compare the "
			         "fingerprint above with the one they read "
			         "to you.\n"));
	}
out:
	caseload_people_free(p, n);
	caseload_close(c);
	buf_wipe(&out);
	buf_free(&refused);
	free(dir);
	return st;
}

/* Runs $VISUAL or $EDITOR on path, the shell way (the variable may hold
 * arguments).  Returns 0 when it exited with 0. */
static int
run_editor(const char *path)
{
	pid_t pid = fork();
	int status;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", "exec $TEND_EDITOR \"$1\"", "sh",
		      path, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/*
 * The reply's text: from --message-file (or "-", standard input), else
 * in $VISUAL or $EDITOR on the terminal, else typed here, ending with a
 * line holding only ".".  Fresh (secret_free), or NULL after saying why.
 */
static char *
read_reply(const char *file, const char *keydir)
{
	const char *editor = getenv("VISUAL");
	char *text = NULL;
	size_t len;

	if (file) {
		if (file_read(strcmp(file, "-") == 0 ? "/dev/stdin" : file,
		              1024 * 1024, FILE_STREAM, &text, &len) < 0)
			cli_error(_("cannot read %s: %s"), file,
			          file_strerror(errno));
		return text;
	}
	if (!editor || !*editor)
		editor = getenv("EDITOR");
	if (editor && *editor && isatty(STDIN_FILENO)) {
		/* The helper's own machine and folder: a draft file there
		 * is theirs (never a person's vault). */
		char *path = path_join(keydir, ".reply-draft.md");
		FILE *f = fopen(path, "wx");

		if (!f) {
			cli_error(_("cannot write %s: %s"), path,
			          strerror(errno));
			free(path);
			return NULL;
		}
		fputs(_("\n<!-- Write your reply above.  It is Markdown.  "
		        "Lines like this one are left out. -->\n"),
		      f);
		fclose(f);
		setenv("TEND_EDITOR", editor, 1);
		if (run_editor(path) == 0 &&
		    file_read(path, 1024 * 1024, FILE_NOFOLLOW, &text, &len) ==
		            0) {
			char *c = strstr(text, "<!--");

			while (c) {
				char *e = strstr(c, "-->");

				if (!e)
					break;
				memmove(c, e + 3, strlen(e + 3) + 1);
				c = strstr(c, "<!--");
			}
		} else {
			cli_error(_("the editor did not finish well: nothing "
			            "was written"));
		}
		unlink(path);
		free(path);
		return text;
	}
	{
		struct buf b = BUF_INIT;
		char line[4096];

		if (isatty(STDIN_FILENO))
			fprintf(stderr, "%s\n",
			        _("Write your reply (Markdown).  End with a "
			          "line holding only a full stop."));
		while (fgets(line, sizeof(line), stdin)) {
			if (strcmp(line, ".\n") == 0 || strcmp(line, ".") == 0)
				break;
			buf_adds(&b, line);
		}
		return buf_detach(&b);
	}
}

static int
reply(int argc, char **argv, struct opts *opts)
{
	static const struct option longopts[] = {
	        {"output", required_argument, NULL, 'o'},
	        {"message-file", required_argument, NULL, 'm'},
	        {"key", required_argument, NULL, 'k'},
	        {"help", no_argument, NULL, 'h'},
	        {NULL, 0, NULL, 0},
	};
	const char *output = NULL, *mfile = NULL, *keydir = NULL;
	struct caseload *c = NULL;
	char *dir = NULL, *text = NULL, *written = NULL, *msg = NULL;
	int ch, st;

	while ((ch = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			output = optarg;
			break;
		case 'm':
			mfile = optarg;
			break;
		case 'k':
			keydir = optarg;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		default:
			return cli_usage_error("helper reply", _("bad option"));
		}
	}
	if (optind + 1 != argc)
		return cli_usage_error("helper reply",
		                       _("name the person (their ID or name)"));
	key_dir_opt(keydir, &dir);
	if ((st = open_caseload(opts, dir, &c)) != EXIT_OK)
		goto out;
	text = read_reply(mfile, dir);
	if (!text) {
		st = EXIT_FAIL;
		goto out;
	}
	st = caseload_reply(c, argv[optind], text, output, clock_now(),
	                    &written, &msg);
	if (st != EXIT_OK) {
		st = fail(st, msg);
		goto out;
	}
	printf(_("Your signed reply, sealed to them, is in:\n    %s\n"),
	       written);
	printf("%s\n", _("Send it to them; they take it in with tend import "
	                 "FILE, or by dropping it into their inbox "
	                 "folder."));
out:
	secret_free(text);
	free(written);
	caseload_close(c);
	free(dir);
	return st;
}

int
cmd_helper(int argc, char **argv, struct opts *opts)
{
	const char *sub = argc > 1 ? argv[1] : "status";

	if (paths_init(opts->data_dir) < 0) {
		cli_error(_("HOME is not set; use --data-dir"));
		return EXIT_FAIL;
	}
	if (strcmp(sub, "-h") == 0 || strcmp(sub, "--help") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	argc = argc > 1 ? argc - 1 : 1;
	argv = argv + (argv[1] ? 1 : 0);
	optind = 0;
	if (strcmp(sub, "status") == 0)
		return argc > 1 ? cli_usage_error("helper status",
		                                  _("unexpected argument"))
		                : status(opts);
	if (strcmp(sub, "link") == 0)
		return link_cmd(argc, argv, opts);
	if (strcmp(sub, "set") == 0)
		return settings(argc, argv, opts);
	if (strcmp(sub, "unlink") == 0)
		return unlink_cmd(argc, argv, opts);
	if (strcmp(sub, "summary") == 0)
		return summary(argc, argv, opts);
	if (strcmp(sub, "messages") == 0)
		return messages(argc, argv, opts);
	if (strcmp(sub, "keygen") == 0)
		return keygen(argc, argv, opts);
	if (strcmp(sub, "inbox") == 0)
		return inbox(argc, argv, opts);
	if (strcmp(sub, "reply") == 0)
		return reply(argc, argv, opts);
	return cli_usage_error("helper", _("unknown command '%s'"), sub);
}
