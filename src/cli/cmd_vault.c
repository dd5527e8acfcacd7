/*
 * The vault's subcommands: init, passwd, recover, backup, restore, doctor
 * and wipe.  Secrets come from the terminal (asked twice when new), or,
 * with --passphrase-fd N, one line each from descriptor N in a fixed order
 * and never asked twice, so that scripts and tests can drive them.
 */
#include "cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/config.h"
#include "app/session.h"
#include "app/vault.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/path.h"
#include "util/secret.h"
#include "util/xalloc.h"

static const char *const strength_words[] = {
        N_("very weak"), N_("weak"), N_("fair"), N_("good"), N_("strong")};

/* Common options: -h and --kdf (for init, passwd, recover). */
struct vopts {
	enum vault_kdf_level kdf;
	const char *out; /* backup -o */
};

static int
parse_opts(int argc, char **argv, const char *usage, bool kdf, bool out,
           struct vopts *vo)
{
	static const struct option longopts[] = {
	        {"kdf", required_argument, NULL, 'k'},
	        {"output", required_argument, NULL, 'o'},
	        {"help", no_argument, NULL, 'h'},
	        {NULL, 0, NULL, 0},
	};
	int c;

	vo->kdf = VAULT_KDF_CALIBRATED;
	vo->out = NULL;
	while ((c = getopt_long(argc, argv, "+ho:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			printf(_("Usage: tend %s\n"), usage);
			return -2;
		case 'k':
			if (!kdf)
				return cli_usage_error(
				        argv[0], _("unknown option --kdf"));
			if (app_vault_kdf_parse(optarg, &vo->kdf) < 0)
				return cli_usage_error(
				        argv[0],
				        _("--kdf takes interactive, moderate "
				          "or "
				          "sensitive, not '%s'"),
				        optarg);
			break;
		case 'o':
			if (!out)
				return cli_usage_error(argv[0],
				                       _("unknown option -o"));
			vo->out = optarg;
			break;
		default:
			return cli_usage_error(argv[0], _("unknown option"));
		}
	}
	return 0;
}

static void
print_msg(char *msg)
{
	if (msg)
		cli_error("%s", msg);
	free(msg);
}

/*
 * Reads a new passphrase: once from the descriptor, or twice from the
 * terminal with strength feedback (a weak one must be confirmed).  Returns
 * a secret (secret_free) or NULL after printing why.
 */
static char *
read_new_passphrase(const struct opts *opts)
{
	const char *hint;
	int score;

	if (opts->passphrase_fd >= 0) {
		char *p = session_read_secret(opts, NULL);

		if (!p) {
			if (errno == E2BIG)
				cli_error(_("the passphrase is longer than %d "
				            "bytes, the most tend accepts"),
				          SESSION_PASSPHRASE_MAX);
			else
				cli_error(
				        _("no new passphrase on descriptor %d"),
				        opts->passphrase_fd);
			return NULL;
		}
		if (session_passphrase_problem(p)) {
			cli_error("%s", session_passphrase_problem(p));
			secret_free(p);
			return NULL;
		}
		score = session_passphrase_strength(p, &hint);
		if (score < 2)
			fprintf(stderr,
			        _("tend: warning: this passphrase is %s: %s\n"),
			        _(strength_words[score]), hint);
		return p;
	}
	for (int tries = 0; tries < 3; tries++) {
		char *p = session_read_secret(opts, _("New passphrase: "));
		char *again;

		if (!p && errno == E2BIG) {
			fprintf(stderr,
			        _("That is longer than %d bytes, the "
			          "most tend accepts.\n"),
			        SESSION_PASSPHRASE_MAX);
			continue;
		}
		if (!p) {
			cli_error(errno == ENXIO ? _("no terminal to ask for a "
			                             "passphrase; "
			                             "use --passphrase-fd N")
			                         : _("no passphrase given"));
			return NULL;
		}
		if (session_passphrase_problem(p)) {
			fprintf(stderr, "%s.\n", session_passphrase_problem(p));
			secret_free(p);
			continue;
		}
		score = session_passphrase_strength(p, &hint);
		fprintf(stderr, _("Strength: %s%s%s\n"),
		        _(strength_words[score]), *hint ? " - " : "", hint);
		if (score < 2) {
			char *yes = cli_ask_tty(_("Use it anyway? [y/N] "));
			bool ok = yes && (yes[0] == 'y' || yes[0] == 'Y');

			free(yes);
			if (!ok) {
				secret_free(p);
				continue;
			}
		}
		again = session_read_secret(opts, _("Repeat it: "));
		if (again && strcmp(p, again) == 0) {
			secret_free(again);
			return p;
		}
		fprintf(stderr, _("The two did not match.\n"));
		secret_free(again);
		secret_free(p);
	}
	cli_error(_("no passphrase set"));
	return NULL;
}

/*
 * Shows the recovery code.  With --passphrase-fd it is printed alone on
 * stdout; on a terminal the person is asked to type its last group back.
 */
static void
show_code(const struct opts *opts, const char *code)
{
	const char *last = strrchr(code, '-');

	if (opts->passphrase_fd >= 0 || !isatty(STDOUT_FILENO)) {
		printf("%s\n", code);
		fflush(stdout);
		return;
	}
	printf(_("\nYour recovery code:\n\n    %s\n\n"
	         "It opens the vault if you forget your passphrase.  Write it "
	         "down\nor print it, and keep it somewhere safe: it is shown "
	         "only now.\n\n"),
	       code);
	fflush(stdout);
	last = last ? last + 1 : code;
	for (int i = 0; i < 3; i++) {
		char *typed =
		        cli_ask_tty(_("To confirm you kept it, type its last "
		                      "group of four characters: "));
		bool ok = typed && strcasecmp(typed, last) == 0;

		free(typed);
		if (ok) {
			printf(_("Thank you.\n"));
			return;
		}
		printf(_("That was not it; look again at the code above.\n"));
	}
	printf(_("Please write the code down now: without it, a forgotten "
	         "passphrase means the data cannot be opened.\n"));
}

int
cmd_init(int argc, char **argv, struct opts *opts)
{
	struct vopts vo;
	struct session *s = NULL;
	char code[VAULT_CODE_LEN];
	char *pass = NULL, *msg = NULL, *dir;
	int st;

	st = parse_opts(argc, argv,
	                "init [--kdf interactive|moderate|sensitive]", true,
	                false, &vo);
	if (st != 0)
		return st == -2 ? EXIT_OK : st;
	if (optind < argc)
		return cli_usage_error(argv[0], _("unexpected argument '%s'"),
		                       argv[optind]);
	dir = session_data_dir(opts);
	if (!dir) {
		cli_error(_("HOME is not set; use --data-dir"));
		return EXIT_FAIL;
	}
	if (session_vault_exists(opts)) {
		cli_error(_("a vault already exists in %s; to change its "
		            "passphrase use 'tend passwd'"),
		          dir);
		free(dir);
		return EXIT_FAIL;
	}
	free(dir);
	pass = read_new_passphrase(opts);
	if (!pass)
		return EXIT_FAIL;
	st = session_create(opts, pass, vo.kdf, code, &s, &msg);
	secret_free(pass);
	if (st != EXIT_OK) {
		print_msg(msg);
		return st;
	}
	if (opts->passphrase_fd < 0)
		fprintf(stderr, _("Created the vault in %s.\n"),
		        session_dir(s));
	session_close(s);
	show_code(opts, code);
	secret_wipe(code, sizeof(code));
	return EXIT_OK;
}

int
cmd_passwd(int argc, char **argv, struct opts *opts)
{
	struct vopts vo;
	struct session *s = NULL;
	char *pass = NULL, *msg = NULL;
	int st;

	st = parse_opts(argc, argv,
	                "passwd [--kdf interactive|moderate|sensitive]", true,
	                false, &vo);
	if (st != 0)
		return st == -2 ? EXIT_OK : st;
	if (optind < argc)
		return cli_usage_error(argv[0], _("unexpected argument '%s'"),
		                       argv[optind]);
	st = session_open(opts, &s, &msg);
	if (st != EXIT_OK) {
		print_msg(msg);
		return st;
	}
	cli_notices(s);
	pass = read_new_passphrase(opts);
	if (!pass) {
		session_close(s);
		return EXIT_FAIL;
	}
	st = app_vault_passwd(s, pass, vo.kdf, &msg);
	secret_free(pass);
	session_close(s);
	if (st != EXIT_OK) {
		print_msg(msg);
		return st;
	}
	fprintf(stderr, _("Passphrase changed.  Backups made before now "
	                  "(vault.bak, copies from 'tend backup') still open "
	                  "with the old passphrase.\n"));
	return EXIT_OK;
}

int
cmd_recover(int argc, char **argv, struct opts *opts)
{
	struct vopts vo;
	struct app_recovery *r = NULL;
	char code[VAULT_CODE_LEN];
	char *secret = NULL, *pass = NULL, *msg = NULL;
	int st = EXIT_FAIL;

	st = parse_opts(argc, argv,
	                "recover [--kdf interactive|moderate|sensitive]", true,
	                false, &vo);
	if (st != 0)
		return st == -2 ? EXIT_OK : st;
	if (optind < argc)
		return cli_usage_error(argv[0], _("unexpected argument '%s'"),
		                       argv[optind]);
	st = app_recover_begin(opts, &r, &msg);
	if (st != EXIT_OK)
		goto out;
	for (int i = 0; i < (opts->passphrase_fd >= 0 ? 1 : 3); i++) {
		const char *hint = NULL;
		bool retry = false;

		free(msg); /* the last try's sentence is the one said */
		msg = NULL;
		secret = session_read_secret(opts, _("Recovery code: "));
		if (!secret) {
			cli_error(_("no recovery code given"));
			st = EXIT_FAIL;
			goto out;
		}
		st = app_recover_code(r, secret, &retry, &hint, &msg);
		secret_free(secret);
		secret = NULL;
		if (!retry)
			break;
		if (opts->passphrase_fd < 0)
			fprintf(stderr, "%s.\n", hint);
	}
	if (st != EXIT_OK)
		goto out;
	if (opts->passphrase_fd < 0)
		fprintf(stderr, _("The code is right.  Choose a new "
		                  "passphrase.\n"));
	pass = read_new_passphrase(opts);
	if (!pass) {
		st = EXIT_FAIL;
		goto out;
	}
	st = app_recover_finish(r, pass, vo.kdf, code, &msg);
	if (st != EXIT_OK)
		goto out;
	if (opts->passphrase_fd < 0)
		fprintf(stderr,
		        _("New passphrase set, with a new data key.  The "
		          "old recovery code no longer opens this "
		          "vault.\n"));
	show_code(opts, code);
	secret_wipe(code, sizeof(code));
	st = EXIT_OK;
out:
	print_msg(msg);
	secret_free(pass);
	app_recover_end(r);
	return st;
}

int
cmd_backup(int argc, char **argv, struct opts *opts)
{
	struct vopts vo;
	struct session *s = NULL;
	char *msg = NULL;
	int st;

	st = parse_opts(argc, argv, "backup -o FILE", false, true, &vo);
	if (st != 0)
		return st == -2 ? EXIT_OK : st;
	if (optind < argc)
		return cli_usage_error(argv[0], _("unexpected argument '%s'"),
		                       argv[optind]);
	if (!vo.out)
		return cli_usage_error(argv[0],
		                       _("say where to write: -o FILE"));
	st = session_open(opts, &s, &msg);
	if (st != EXIT_OK) {
		print_msg(msg);
		return st;
	}
	cli_notices(s);
	st = app_vault_backup(s, vo.out, &msg);
	if (st != EXIT_OK) {
		print_msg(msg);
	} else {
		fprintf(stderr,
		        _("Wrote an encrypted copy to %s.  It opens with the "
		          "current passphrase or recovery code.\n"),
		        vo.out);
	}
	session_close(s);
	return st;
}

int
cmd_restore(int argc, char **argv, struct opts *opts)
{
	struct vopts vo;
	char *dir, *pass, *msg = NULL;
	int st;

	st = parse_opts(argc, argv, "restore FILE", false, false, &vo);
	if (st != 0)
		return st == -2 ? EXIT_OK : st;
	if (optind + 1 != argc)
		return cli_usage_error(argv[0], _("name one backup file"));
	if (!path_exists(argv[optind])) {
		cli_error(_("%s: no such file"), argv[optind]);
		return EXIT_FAIL;
	}
	dir = session_data_dir(opts);
	if (!dir) {
		cli_error(_("HOME is not set; use --data-dir"));
		return EXIT_FAIL;
	}
	pass = session_read_secret(opts, _("Passphrase of the backup: "));
	if (!pass) {
		cli_error(_("no passphrase given"));
		free(dir);
		return EXIT_FAIL;
	}
	st = app_vault_restore(opts, argv[optind], pass, &msg);
	secret_free(pass);
	if (st == EXIT_OK)
		fprintf(stderr,
		        _("Restored %s.  The vault it replaced, if any, is now "
		          "%s/%s.\n"),
		        argv[optind], dir, VAULT_BAK);
	else
		print_msg(msg);
	free(dir);
	return st;
}

/* ---- doctor ---- */

struct doc {
	int warnings;
	int damaged;
};

static void doc_line(struct doc *d, int ok, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static void
doc_line(struct doc *d, int ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s ", ok ? "  ok  " : "  !!  ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!ok)
		d->warnings++;
}

static void
doc_file(struct doc *d, const char *dir, const char *name, bool required)
{
	char *path = path_join(dir, name);
	struct stat st;
	struct app_vault_file info;
	char *why = NULL;

	if (lstat(path, &st) < 0) {
		if (required)
			doc_line(d, 0, _("%s: missing (run 'tend init')"),
			         path);
		else
			doc_line(d, 1, _("%s: not there yet"), name);
		free(path);
		return;
	}
	if (!S_ISREG(st.st_mode))
		doc_line(d, 0, _("%s: not a regular file"), path);
	else if (st.st_mode & 077)
		doc_line(d, 0, _("%s: mode %03o, should be 600 (chmod 600 %s)"),
		         path, (unsigned)(st.st_mode & 0777), path);
	if (app_vault_inspect(path, &info, &why) != EXIT_OK) {
		doc_line(d, 0, "%s: %s", path, why);
		d->damaged++;
	} else {
		doc_line(d, 1,
		         _("%s: format v%d, %zu bytes, save %llu, passphrase "
		           "key cost %u passes x %llu MiB"),
		         name, info.format, info.size, info.generation,
		         info.opslimit, info.memlimit >> 20);
		if (info.journal == 1)
			doc_line(d, 1,
			         ngettext("%s.journal: %llu save since %s was "
			                  "last written whole (%llu KiB)",
			                  "%s.journal: %llu saves since %s was "
			                  "last written whole (%llu KiB)",
			                  (unsigned long)info.journal_records),
			         name, info.journal_records, name,
			         (info.journal_bytes + 1023) / 1024);
		else if (info.journal == 2)
			doc_line(
			        d, 1,
			        _("%s.journal: left by a full write cut short; "
			          "its saves are in %s, and the next save "
			          "replaces it"),
			        name, name);
		else if (info.journal == 3)
			doc_line(
			        d, 1,
			        _("%s.journal: changes kept by an earlier tend "
			          "when saves failed; the next unlock takes "
			          "them "
			          "in"),
			        name);
		else if (info.journal < 0) {
			doc_line(d, 0,
			         _("%s.journal: damaged, or not the journal of "
			           "%s: the vault will not open until it is "
			           "restored or the journal is moved away"),
			         name, name);
			d->damaged++;
		}
	}
	free(why);
	free(path);
}

/* With a passphrase (--passphrase-fd): every journal record opened and
 * PRAGMA quick_check over the database. */
static void
doc_contents(struct doc *d, const struct opts *opts)
{
	char *msg = NULL;
	int st = app_vault_check(opts, &msg);

	if (st == EXIT_OK) {
		doc_line(d, 1,
		         _("contents: every save opens, and SQLite's "
		           "quick_check finds nothing wrong"));
	} else {
		doc_line(d, 0, _("contents: %s"), msg ? msg : "?");
		if (st == EXIT_DATA)
			d->damaged++;
	}
	free(msg);
}

/* Rollback: the vault's generation against the highest seen here. */
static void
doc_rollback(struct doc *d, const struct opts *opts, const char *dir)
{
	char *path = path_join(dir, VAULT_FILE);
	struct app_vault_file info;
	unsigned long long seen = 0;

	if (app_vault_inspect(path, &info, NULL) == EXIT_OK) {
		int rc = app_vault_seen(opts, info.id, &seen);

		if (rc == 1 && seen > info.generation)
			doc_line(d, 0,
			         _("the vault is older than one seen here "
			           "before (save %llu, but save %llu was "
			           "seen): it may have been replaced by an "
			           "older copy"),
			         info.generation, seen);
		else if (rc == 1)
			doc_line(d, 1,
			         _("generations: save %llu, the highest seen "
			           "here is %llu"),
			         info.generation, seen);
		else
			doc_line(d, 1,
			         _("generations: save %llu (none "
			           "recorded here yet)"),
			         info.generation);
	}
	free(path);
}

/* Conflict copies and unsaved writing waiting in the journal. */
static void
doc_leftovers(struct doc *d, const char *dir)
{
	char **names = NULL;
	bool journal = false;
	size_t n = app_vault_leftovers(dir, &names, &journal);

	for (size_t i = 0; i < n; i++) {
		doc_line(d, 0,
		         _("%s: a conflict copy (writing saved apart while "
		           "tend was open twice); merge it with 'tend merge'"),
		         names[i]);
		free(names[i]);
	}
	free(names);
	(void)journal; /* a journal is the vault's own: doc_file */
}

static void
doc_swap(struct doc *d)
{
	FILE *f = fopen("/proc/swaps", "r");
	char line[512];
	int n = 0;

	if (!f) {
		doc_line(d, 1, _("swap: cannot tell (no /proc/swaps)"));
		return;
	}
	if (!fgets(line, sizeof(line), f)) /* header */
		line[0] = '\0';
	while (fgets(line, sizeof(line), f)) {
		char dev[256];

		if (sscanf(line, "%255s", dev) != 1)
			continue;
		n++;
		if (strncmp(dev, "/dev/zram", 9) == 0 ||
		    strncmp(dev, "/dev/dm-", 8) == 0 ||
		    strncmp(dev, "/dev/mapper/", 12) == 0)
			doc_line(d, 1,
			         _("swap on %s (zram or device-mapper: "
			           "likely not written in plaintext)"),
			         dev);
		else
			doc_line(d, 0,
			         _("swap on %s may not be encrypted: memory "
			           "holding the open vault could reach the "
			           "disk; use encrypted swap or zram"),
			         dev);
	}
	fclose(f);
	if (n == 0)
		doc_line(d, 1, _("swap: none"));
}

static void
doc_core(struct doc *d)
{
	struct rlimit rl;
	FILE *f;
	char pat[256] = "";

	if (getrlimit(RLIMIT_CORE, &rl) == 0 && rl.rlim_cur == 0 &&
	    prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0)
		doc_line(d, 1, _("core dumps: off while tend runs"));
	else
		doc_line(d, 0, _("core dumps: could not be turned off"));
	f = fopen("/proc/sys/kernel/core_pattern", "r");
	if (f) {
		if (fgets(pat, sizeof(pat), f))
			pat[strcspn(pat, "\n")] = '\0';
		fclose(f);
		if (pat[0] == '|')
			doc_line(d, 1,
			         _("crash handler %s: tend marks itself "
			           "non-dumpable, so it is skipped"),
			         pat);
	}
}

/*
 * The settings as tend will use them, each with where it came from, and
 * every problem in the files (file:line) or against what is installed.
 */
static void
doc_settings(struct doc *d, const struct opts *opts)
{
	struct diags w = DIAGS_INIT;
	struct app_config *c = app_config_load(&w);
	const char *person = app_config_file(c, 1);

	printf(_("Settings (%s, then %s)\n"), app_config_file(c, 0),
	       person ? person : _("no personal file"));
	for (int k = 0; k < APP_CONFIG__COUNT; k++) {
		const char *v = app_config_get(c, (enum app_config_key)k);
		const char *file;
		char *from;
		int line;

		app_config_origin(c, (enum app_config_key)k, &file, &line);
		if (file)
			from = xasprintf("%s:%d", file, line);
		else
			from = xstrdup(v ? _("default") : _("not set"));
		printf("  %-18s %-24s %s\n", app_config_name(k), v ? v : "-",
		       from);
		free(from);
	}
	app_config_verify(c, opts, &w);
	diag_sort(&w);
	for (size_t i = 0; i < w.n; i++) {
		char *s = diag_format(&w.items[i]);

		doc_line(d, 0, "%s", s);
		free(s);
	}
	diag_free(&w);
	app_config_free(c);
}

int
cmd_doctor(int argc, char **argv, struct opts *opts)
{
	struct vopts vo;
	struct doc d = {0, 0};
	struct stat st;
	char *dir;
	long pid = 0;
	long long since = 0;
	int rc;

	rc = parse_opts(argc, argv, "doctor", false, false, &vo);
	if (rc != 0)
		return rc == -2 ? EXIT_OK : rc;
	if (optind < argc)
		return cli_usage_error(argv[0], _("unexpected argument '%s'"),
		                       argv[optind]);
	dir = session_data_dir(opts);
	if (!dir) {
		cli_error(_("HOME is not set; use --data-dir"));
		return EXIT_FAIL;
	}
	printf(_("Data folder %s\n"), dir);
	if (stat(dir, &st) < 0) {
		doc_line(&d, 0,
		         _("the data folder does not exist (run 'tend "
		           "init')"));
	} else {
		if (st.st_uid != getuid())
			doc_line(&d, 0,
			         _("the data folder belongs to uid %u, "
			           "not to you"),
			         (unsigned)st.st_uid);
		if (st.st_mode & 077)
			doc_line(
			        &d, 0,
			        _("the data folder has mode %03o; it should be "
			          "700 (chmod 700 %s)"),
			        (unsigned)(st.st_mode & 0777), dir);
		else
			doc_line(&d, 1, _("data folder: yours, mode 700"));
		doc_file(&d, dir, VAULT_FILE, true);
		doc_file(&d, dir, VAULT_BAK, false);
		doc_file(&d, dir, VAULT_BAK1, false);
		doc_rollback(&d, opts, dir);
		doc_leftovers(&d, dir);
		if (opts->passphrase_fd >= 0 && d.damaged == 0)
			doc_contents(&d, opts);
		if (app_vault_holder(dir, &pid, &since))
			doc_line(&d, 1, _("the vault is open in tend pid %ld"),
			         pid);
		else
			doc_line(&d, 1, _("the vault is not open anywhere"));
	}
	doc_core(&d);
	doc_swap(&d);
	doc_settings(&d, opts);
	free(dir);
	if (d.warnings == 0)
		printf(_("Everything looks right.\n"));
	return d.damaged ? EXIT_DATA : d.warnings ? EXIT_FAIL : EXIT_OK;
}

int
cmd_merge(int argc, char **argv, struct opts *opts)
{
	static const struct option longopts[] = {
	        {"keep-vault", no_argument, NULL, 'k'},
	        {"help", no_argument, NULL, 'h'},
	        {NULL, 0, NULL, 0},
	};
	struct session *s = NULL;
	bool keep = false;
	char *msg = NULL;
	size_t n;
	int c, st;

	while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			printf(_("Usage: tend merge [--keep-vault]\n"));
			return EXIT_OK;
		case 'k':
			keep = true;
			break;
		default:
			return cli_usage_error(argv[0], _("unknown option"));
		}
	}
	if (optind < argc)
		return cli_usage_error(argv[0], _("unexpected argument '%s'"),
		                       argv[optind]);
	st = session_open(opts, &s, &msg);
	if (st != EXIT_OK) {
		print_msg(msg);
		return st;
	}
	free(session_take_notice(s)); /* this command is the answer */
	n = session_conflicts(s);
	if (n == 0) {
		fprintf(stderr, _("There is no conflict copy to merge.\n"));
	} else if (keep) {
		st = session_drop_conflicts(s, &msg);
		if (st == EXIT_OK)
			fprintf(stderr,
			        ngettext("Kept the vault as it is; removed %zu "
			                 "conflict copy.\n",
			                 "Kept the vault as it is; removed %zu "
			                 "conflict copies.\n",
			                 (unsigned long)n),
			        n);
	} else {
		st = session_merge_conflicts(s, clock_now(), &msg);
		if (st == EXIT_OK && msg)
			fprintf(stderr, "%s\n", msg);
		if (st == EXIT_OK) {
			free(msg);
			msg = NULL;
		}
	}
	print_msg(msg);
	session_close(s);
	return st;
}

int
cmd_wipe(int argc, char **argv, struct opts *opts)
{
	struct vopts vo;
	char *dir, *typed, *msg = NULL;
	int rc;

	rc = parse_opts(argc, argv, "wipe", false, false, &vo);
	if (rc != 0)
		return rc == -2 ? EXIT_OK : rc;
	if (optind < argc)
		return cli_usage_error(argv[0], _("unexpected argument '%s'"),
		                       argv[optind]);
	dir = session_data_dir(opts);
	if (!dir) {
		cli_error(_("HOME is not set; use --data-dir"));
		return EXIT_FAIL;
	}
	if (!session_vault_exists(opts)) {
		cli_error(_("there is no vault in %s"), dir);
		free(dir);
		return EXIT_FAIL;
	}
	if (opts->passphrase_fd >= 0) {
		typed = secret_read(NULL, opts->passphrase_fd, 64);
	} else {
		fprintf(stderr,
		        _("This deletes the vault in %s and its backups, for "
		          "good.\nCopies made with 'tend backup' are not "
		          "touched.\n"),
		        dir);
		typed = cli_ask_tty(_("Type 'delete' to go ahead: "));
	}
	if (!typed || strcmp(typed, "delete") != 0) {
		cli_error(_("not confirmed; nothing was deleted"));
		free(typed);
		free(dir);
		return EXIT_FAIL;
	}
	free(typed);
	rc = app_vault_wipe(opts, &msg);
	if (rc != EXIT_OK) {
		print_msg(msg);
		free(dir);
		return rc;
	}
	fprintf(stderr, _("Deleted the vault and its backups in %s.\n"), dir);
	free(dir);
	return EXIT_OK;
}
