/*
 * Command-line parsing and dispatch.  Global options are pulled out of the
 * whole argument list first, so they work before or after the subcommand;
 * what is left goes to the subcommand, which parses its own options with
 * getopt_long.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/config.h"
#include "app/vault.h"
#include "cli/charset.h"
#include "cli/plain.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/path.h"
#include "util/xalloc.h"

struct command {
	const char *name;
	cli_cmd_fn *fn;
	const char *usage;
	const char *summary;
};

static const struct command commands[] = {
        {"init", cmd_init, "init [--kdf LEVEL]", N_("create the vault")},
        {"passwd", cmd_passwd, "passwd [--kdf LEVEL]",
         N_("change the passphrase")},
        {"recover", cmd_recover, "recover",
         N_("set a new passphrase with the recovery code")},
        {"backup", cmd_backup, "backup -o FILE",
         N_("write an encrypted copy of the vault")},
        {"restore", cmd_restore, "restore FILE",
         N_("replace the vault with a backup")},
        {"doctor", cmd_doctor, "doctor",
         N_("check permissions, locks and safety settings")},
        {"merge", cmd_merge, "merge [--keep-vault]",
         N_("merge conflict copies into the vault")},
        {"wipe", cmd_wipe, "wipe", N_("delete the vault and everything in it")},
        {"status", cmd_status, "status [--json]",
         N_("course position, what is due, latest scores")},
        {"assess", cmd_assess, "assess ID [--answers a,b,...]",
         N_("take a questionnaire")},
        {"export", cmd_export, "export --format FMT [-o FILE]",
         N_("export your data")},
        {"helper", cmd_helper, "helper [link|summary|inbox|reply|...]",
         N_("a helper who reads your weekly summary")},
        {"import", cmd_import, "import FILE",
         N_("take in a message from your helper")},
        {"notes", cmd_notes, "notes [show ID]",
         N_("everything you wrote, or one note")},
        {"remind", cmd_remind, "remind [--login|--notify|CMD]",
         N_("reminders without the passphrase")},
        {"render", cmd_render, "render FILE [--width N]",
         N_("show a lesson as text")},
        {"check-content", cmd_check_content, "check-content [DIR]",
         N_("validate a content pack")},
};

void
cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("tend: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
cli_commit(struct session *s, char **msg)
{
	int st = session_commit(s, clock_now(), msg);
	char *n = session_take_notice(s);

	if (st == EXIT_OK && session_warning(s))
		cli_error(_("warning: %s"), session_warning(s));
	if (n)
		cli_error("%s", n);
	free(n);
	return st;
}

void
cli_notices(struct session *s)
{
	char *n = session_take_notice(s), *line, *save = NULL;

	for (line = n ? strtok_r(n, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save))
		cli_error("%s", line);
	free(n);
}

int
cli_keep_unsaved(struct session *s)
{
	char *msg = NULL;
	int st;

	if (!session_dirty(s))
		return EXIT_OK;
	st = session_keep_unsaved(s, &msg);
	if (msg)
		cli_error("%s", msg);
	free(msg);
	return st;
}

char *
cli_ask_tty(const char *prompt)
{
	FILE *tty = fopen("/dev/tty", "r+");
	char line[256];
	char *s = NULL;

	if (!tty)
		return NULL;
	fputs(prompt, tty);
	fflush(tty);
	if (fgets(line, sizeof(line), tty)) {
		line[strcspn(line, "\r\n")] = '\0';
		s = xstrdup(line);
	}
	fclose(tty);
	return s;
}

int
cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "tend %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, _("\nTry 'tend %s -h'.\n"), cmd);
	return EXIT_USAGE;
}

static void
usage(FILE *f)
{
	fputs(_("Usage: tend [OPTIONS] [COMMAND [ARGS]]\n"
	        "\n"
	        "A self-guided course for worry and low mood, in the "
	        "terminal.\n"
	        "With no command, tend opens the program.\n"
	        "\n"
	        "Commands:\n"),
	      f);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-32s %s\n", commands[i].usage,
		        _(commands[i].summary));
	fputs(_("\n"
	        "Options (before or after the command):\n"
	        "  --data-dir DIR       keep the vault and settings in DIR\n"
	        "  --content DIR        use the course in DIR\n"
	        "  --passphrase-fd N    read secrets from descriptor N\n"
	        "  --plain              line-oriented output, no full screen\n"
	        "  --no-color           no colour (also NO_COLOR)\n"
	        "  -h, --help           show this help\n"
	        "  -V, --version        show the version\n"
	        "\n"
	        "If you are in crisis, press ! in the program, or see "
	        "tend(1).\n"
	        "See tend(1) for details.\n"),
	      f);
}

/*
 * The configuration's problems on standard error, "tend: FILE:LINE:
 * warning: ...": a clinic's typo must not pass in silence.
 */
static void
config_warnings(void)
{
	struct diags d = DIAGS_INIT;

	app_config_free(app_config_load(&d));
	for (size_t i = 0; i < d.n; i++) {
		char *s = diag_format(&d.items[i]);

		cli_error("%s", s);
		free(s);
	}
	diag_free(&d);
}

static int
parse_fd(const char *s, int *fd)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < 0 || v > 1024)
		return -1;
	*fd = (int)v;
	return 0;
}

/*
 * Takes the global options out of argv (up to a "--"), filling opts and
 * leaving the rest in order in *rest.  Returns -1 after printing an error,
 * 1 for -h/-V handled before a subcommand, 0 otherwise.
 */
static int
split_globals(int argc, char **argv, struct opts *o, int *nrest, char **rest)
{
	bool seen_cmd = false, dashdash = false;
	int n = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *val = NULL;
		size_t len;

		if (dashdash || a[0] != '-' || strcmp(a, "-") == 0) {
			if (!seen_cmd && a[0] != '-')
				seen_cmd = true;
			rest[n++] = argv[i];
			continue;
		}
		if (strcmp(a, "--") == 0) {
			dashdash = true;
			rest[n++] = argv[i];
			continue;
		}
		if (!seen_cmd &&
		    (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)) {
			usage(stdout);
			return 1;
		}
		if (!seen_cmd &&
		    (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0)) {
			printf("tend %s\n", TEND_VERSION);
			return 1;
		}
		if (strcmp(a, "--plain") == 0) {
			o->plain = true;
			continue;
		}
		if (strcmp(a, "--no-color") == 0 ||
		    strcmp(a, "--no-colour") == 0) {
			o->no_color = true;
			continue;
		}
		static const char *const valued[] = {"--data-dir", "--content",
		                                     "--passphrase-fd"};
		int which = -1;

		for (int k = 0; k < 3; k++) {
			len = strlen(valued[k]);
			if (strncmp(a, valued[k], len) == 0 &&
			    (a[len] == '\0' || a[len] == '=')) {
				which = k;
				if (a[len] == '=') {
					val = a + len + 1;
				} else if (i + 1 < argc) {
					val = argv[++i];
				} else {
					cli_error(_("option %s needs a value"),
					          valued[k]);
					return -1;
				}
				break;
			}
		}
		if (which < 0) {
			if (!seen_cmd) {
				cli_error(_("unknown option '%s'\n"
				            "Try 'tend -h'."),
				          a);
				return -1;
			}
			rest[n++] = argv[i]; /* the subcommand's own */
			continue;
		}
		if (*val == '\0') {
			cli_error(_("option %s needs a value"), valued[which]);
			return -1;
		}
		if (which == 0)
			o->data_dir = val;
		else if (which == 1)
			o->content_dir = val;
		else if (parse_fd(val, &o->passphrase_fd) < 0) {
			cli_error(_("--passphrase-fd needs a descriptor "
			            "number, not '%s'"),
			          val);
			return -1;
		}
	}
	*nrest = n;
	return 0;
}

/* A key derivation waiting for memory on a shared computer: say so on
 * stderr (the full screen sets its own hook). */
static void
kdf_wait(int others, unsigned long long mib, void *ctx)
{
	(void)ctx;
	if (others > 0)
		cli_error(
		        ngettext("waiting for memory: %d other unlock on "
		                 "this computer is deriving its key (this one "
		                 "needs %llu MiB)...",
		                 "waiting for memory: %d other unlocks on "
		                 "this computer are deriving their keys (this "
		                 "one needs %llu MiB)...",
		                 (unsigned long)others),
		        others, mib);
}

int
cli_main(int argc, char **argv, cli_cmd_fn *tui)
{
	struct opts opts = {NULL, NULL, -1, false, false, false};
	char **rest = xcalloc((size_t)argc + 1, sizeof(*rest));
	int nrest = 0, rc;
	const char *nc = getenv("NO_COLOR");

	if (nc && *nc)
		opts.no_color = true;
	cli_charset_init();
	rc = split_globals(argc, argv, &opts, &nrest, rest);
	if (rc != 0) {
		rc = rc > 0 ? EXIT_OK : EXIT_USAGE;
		goto out;
	}
	/* The folders are known from the start, so that what is read before
	 * the vault opens (the person's config, their country for crisis
	 * help) comes from the right place.  Without HOME and --data-dir
	 * there are none; the commands that need one say so. */
	(void)paths_init(opts.data_dir);
	app_vault_wait_hook(kdf_wait, NULL);
	/* A pack's own data/ stands in for the bundled data. */
	path_set_pack(opts.content_dir);
	/* `remind` stays silent (a login must never be disturbed), and
	 * doctor lists these itself. */
	if (nrest == 0 ||
	    (strcmp(rest[0], "remind") != 0 && strcmp(rest[0], "doctor") != 0))
		config_warnings();
	if (nrest == 0 || strcmp(rest[0], "--") == 0) {
		char *name[] = {argv[0], NULL};
		const char *term = getenv("TERM");

		/* No full screen where it cannot work or is not wanted. */
		if (opts.plain || !term || !*term ||
		    strcmp(term, "dumb") == 0 || !isatty(STDIN_FILENO) ||
		    !isatty(STDOUT_FILENO))
			rc = plain_main(1, name, &opts);
		else {
			cli_charset_end();
			rc = tui(1, name, &opts);
		}
		goto out;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(rest[0], commands[i].name) == 0) {
			optind = 0; /* fresh getopt for the subcommand */
			rc = commands[i].fn(nrest, rest, &opts);
			goto out;
		}
	}
	cli_error(_("'%s' is not a tend command\nTry 'tend -h'."), rest[0]);
	rc = EXIT_USAGE;
out:
	free(rest);
	return rc;
}
