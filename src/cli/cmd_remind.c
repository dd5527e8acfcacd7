/*
 * `tend remind`: reminders that work without the passphrase.  Every
 * subcommand reads only the plaintext `schedule` and `remind.state`, never
 * the vault.  --login runs from ~/.profile at every login and must cost
 * nothing and say nothing unless a person is at a terminal; --notify runs
 * from a timer or cron and falls back to "pending for the next login"
 * when there is no desktop.  The rest installs the channels, exports a
 * calendar, and snoozes, pauses or stops the reminders.
 */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/remind.h"
#include "app/remindhook.h"
#include "app/remindics.h"
#include "util/atomic.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/path.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define SNOOZE_MAX (7 * 86400L)
#define PAUSE_MAX (365 * 86400L)

static const char usage_text[] =
        N_("Usage: tend remind [COMMAND]\n"
           "\n"
           "Reminders that work without the passphrase.  They read only a\n"
           "small schedule of times, never what you wrote.\n"
           "\n"
           "  status                      what is set and what comes next "
           "(default)\n"
           "  snooze [DURATION]           remind again later today (default "
           "1h)\n"
           "  pause [DURATION]            no reminders for a while (default "
           "7d)\n"
           "  resume                      end a pause or snooze; turn back "
           "on\n"
           "  off                         stop reminders; keep nothing "
           "outside the vault\n"
           "  set [OPTIONS]               change when and how reminders "
           "come\n"
           "      --window HH:MM-HH:MM    the daily window (18:00-20:00)\n"
           "      --days DAYS             mon,tue,... or mon-fri, all, "
           "weekends\n"
           "      --quiet HH:MM-HH:MM     quiet hours, or none (21:00-08:00)\n"
           "      --channels LIST         login, desktop, login,desktop or "
           "none\n"
           "      --wording SET           neutral or discreet\n"
           "      --profile PROFILE       personal or shared (shared: login "
           "only, discreet)\n"
           "  install login|systemd|cron  add a channel (a login line, a "
           "desktop timer)\n"
           "  uninstall login|systemd|cron|all\n"
           "                              remove it, restoring the file as "
           "it was\n"
           "  ics [-o FILE]               a calendar (RFC 5545) with alarms\n"
           "  --login                     for ~/.profile: one line at most "
           "once a day\n"
           "  --notify [--quiet]          for a timer or cron: a desktop "
           "notification\n"
           "\n"
           "DURATION is a number and a unit: 30m, 2h, 7d, 2w.\n");

static void
print_line(const char *s)
{
	struct buf b = BUF_INIT;

	utf8_sanitize(&b, s, strlen(s), false);
	printf(_("%s\n"), b.data ? b.data : "");
	buf_free(&b);
}

static void
local_time(time_t t, char *out, size_t n)
{
	struct tm tm;

	if (!localtime_r(&t, &tm) ||
	    /* TRANSLATORS: strftime-style: the abbreviated weekday, then
	     * the date and time in digits ("Mon 2026-11-02 18:00"). */
	    clock_strftime(out, n, _("%a %Y-%m-%d %H:%M"), &tm) == 0)
		snprintf(out, n, "?");
}

static int
init_paths(struct opts *opts)
{
	if (paths_init(opts->data_dir) < 0) {
		cli_error(_("HOME is not set; use --data-dir"));
		return -1;
	}
	return 0;
}

/* --- the checkers --------------------------------------------------- */

/*
 * --login: silent unless stdout is a terminal, and silent on any error:
 * a login must never be disturbed by the reminders.
 */
static int
do_login(struct opts *opts)
{
	struct remind_schedule s;
	struct sched_state st;
	struct sched_input in;
	enum sched_kind kind;
	time_t now;

	if (!isatty(STDOUT_FILENO))
		return EXIT_OK;
	if (paths_init(opts->data_dir) < 0)
		return EXIT_OK;
	if (remind_schedule_load(&s, NULL) != 0)
		return EXIT_OK;
	if (!(s.set.channels & REMIND_CH_LOGIN))
		return EXIT_OK;
	/* A damaged state file is replaced by a fresh one. */
	(void)remind_state_load(&st, NULL);
	remind_schedule_input(&s, &in);
	now = clock_now();
	if (sched_decide(&in, &st, SCHED_CH_LOGIN, now, &kind) != SCHED_DUE)
		return EXIT_OK;
	/* Record first: if the state cannot be saved, say nothing rather
	 * than risk saying it at every login. */
	sched_record(&st, &in, SCHED_CH_LOGIN, kind, now);
	if (remind_state_save(&st) < 0)
		return EXIT_OK;
	print_line(_(wording_line(s.set.wording, kind, st.rotation - 1)));
	fflush(stdout);
	return EXIT_OK;
}

static int
do_notify(struct opts *opts, bool quiet)
{
	struct remind_schedule s;
	struct sched_state st;
	struct sched_input in;
	enum sched_kind kind;
	char *msg = NULL;
	time_t now;
	int r;

	if (paths_init(opts->data_dir) < 0) {
		if (!quiet)
			cli_error(_("HOME is not set; use --data-dir"));
		return EXIT_FAIL;
	}
	r = remind_schedule_load(&s, &msg);
	if (r < 0) {
		if (!quiet)
			cli_error(_("%s"), msg);
		free(msg);
		return EXIT_DATA;
	}
	if (r == 1 || !(s.set.channels & REMIND_CH_DESKTOP))
		return EXIT_OK;
	(void)remind_state_load(&st, NULL);
	remind_schedule_input(&s, &in);
	now = clock_now();
	if (sched_decide(&in, &st, SCHED_CH_NOTIFY, now, &kind) != SCHED_DUE)
		return EXIT_OK;
	r = hook_notify(_(wording_title(s.set.wording)),
	                _(wording_title(s.set.wording)),
	                _(wording_line(s.set.wording, kind, st.rotation)));
	if (r == 0)
		sched_record(&st, &in, SCHED_CH_NOTIFY, kind, now);
	else
		sched_mark_pending(&st, now);
	if (remind_state_save(&st) < 0) {
		if (!quiet)
			cli_error(_("cannot save the reminder state: %s"),
			          strerror(errno));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

/* --- status --------------------------------------------------------- */

static const char *
why_text(enum sched_why w)
{
	switch (w) {
	case SCHED_DUE:
		return _("due now");
	case SCHED_OFF:
		return _("reminders are off");
	case SCHED_PAUSED:
		return _("paused");
	case SCHED_SNOOZED:
		return _("snoozed");
	case SCHED_DONE_TODAY:
		return _("already reminded today");
	case SCHED_QUIET:
		return _("quiet hours");
	case SCHED_NOT_YET:
		return _("later today");
	case SCHED_LATE:
		return _("today's window has passed");
	case SCHED_NOTHING:
		return _("nothing due today");
	case SCHED_STOPPED:
		return _("resting until you are back");
	}
	return "?";
}

static int
do_status(struct opts *opts)
{
	struct remind_schedule s;
	struct sched_state st;
	struct sched_input in;
	enum sched_kind kind;
	char *msg = NULL, days[40], ch[16], when[64];
	time_t now = clock_now(), next;
	int r, rc = EXIT_OK;
	const struct sched_policy *po = &s.set.policy;

	if (init_paths(opts) < 0)
		return EXIT_FAIL;
	if (remind_state_load(&st, &msg) < 0) {
		cli_error(_("%s (it will be replaced)"), msg);
		free(msg);
		msg = NULL;
		rc = EXIT_DATA;
	}
	if (st.off) {
		printf(_("Reminders are off. 'tend remind resume' turns them "
		         "on.\n"));
		return rc;
	}
	r = remind_schedule_load(&s, &msg);
	if (r < 0) {
		cli_error(_("%s"), msg);
		free(msg);
		return EXIT_DATA;
	}
	if (r == 1) {
		printf(_("No reminder schedule yet: it is written when you use "
		         "tend,\nor by 'tend remind set'.\n"));
		return rc;
	}
	sched_format_days(po->days, days, sizeof(days));
	remind_format_channels(s.set.channels, ch, sizeof(ch));
	printf(_("Reminders: on (%s profile, %s wording)\n"),
	       s.set.profile == REMIND_SHARED ? "shared" : "personal",
	       wording_set_name(s.set.wording));
	printf(_("Window:    %02d:%02d-%02d:%02d on %s\n"), po->win_start / 60,
	       po->win_start % 60, po->win_end / 60, po->win_end % 60, days);
	if (po->quiet_start == po->quiet_end)
		printf(_("Quiet:     none\n"));
	else
		printf(_("Quiet:     %02d:%02d-%02d:%02d\n"),
		       po->quiet_start / 60, po->quiet_start % 60,
		       po->quiet_end / 60, po->quiet_end % 60);
	printf(_("Channels:  %s\n"), ch);
	printf(_("Installed:"));
	for (int k = HOOK_LOGIN; k <= HOOK_CRON; k++)
		printf(_(" %s %s%s"), hook_kind_name((enum hook_kind)k),
		       hook_installed((enum hook_kind)k) ? _("yes") : _("no"),
		       k < HOOK_CRON ? "," : "\n");
	if (st.pause_until > now) {
		local_time(st.pause_until, when, sizeof(when));
		printf(_("Paused until %s.\n"), when);
	}
	if (st.snooze_until > now) {
		local_time(st.snooze_until, when, sizeof(when));
		printf(_("Snoozed until %s.\n"), when);
	}
	remind_schedule_input(&s, &in);
	printf(_("Now:       %s\n"),
	       why_text(sched_decide(&in, &st, SCHED_CH_LOGIN, now, &kind)));
	next = sched_next(&in, &st, SCHED_CH_LOGIN, now, 35, &kind);
	if (next) {
		local_time(next, when, sizeof(when));
		printf(_("Next:      %s\n"), when);
	} else {
		printf(_("Next:      none planned\n"));
	}
	if (st.last_prompt) {
		local_time(st.last_prompt, when, sizeof(when));
		printf(_("Last:      %s (%s)\n"), when,
		       st.last_channel == SCHED_CH_LOGIN ? "login" : "desktop");
	}
	if (st.pending_day == sched_local_day(now))
		printf(_("A reminder is waiting for your next login.\n"));
	return rc;
}

/* --- snooze, pause, resume, off ------------------------------------- */

static int
change_state(struct opts *opts, const char *verb, const char *arg)
{
	struct sched_state st;
	time_t now = clock_now();
	char when[64];
	long secs = 0;

	if (strcmp(verb, "snooze") == 0 || strcmp(verb, "pause") == 0) {
		bool snooze = verb[0] == 's';

		if (!arg)
			secs = snooze ? 3600 : 7 * 86400L;
		else if (sched_parse_duration(arg,
		                              snooze ? SNOOZE_MAX : PAUSE_MAX,
		                              &secs) < 0)
			return cli_usage_error(
			        "remind",
			        _("'%s' is not a duration up to %s "
			          "(like 30m, 2h, 7d)"),
			        arg, snooze ? "7d" : "365d");
	} else if (arg) {
		return cli_usage_error("remind", _("'%s' takes no argument"),
		                       verb);
	}
	if (init_paths(opts) < 0)
		return EXIT_FAIL;
	/* A damaged state is replaced: that is what the person asked. */
	(void)remind_state_load(&st, NULL);
	if (strcmp(verb, "snooze") == 0) {
		if (st.off) {
			cli_error(_("reminders are off; 'tend remind resume' "
			            "turns them on"));
			return EXIT_FAIL;
		}
		st.snooze_until = now + secs;
		/* Snoozing asks for one more reminder today. */
		st.last_prompt = 0;
		local_time(st.snooze_until, when, sizeof(when));
		printf(_("Snoozed until %s.\n"), when);
	} else if (strcmp(verb, "pause") == 0) {
		if (st.off) {
			cli_error(_("reminders are off; 'tend remind resume' "
			            "turns them on"));
			return EXIT_FAIL;
		}
		st.pause_until = now + secs;
		local_time(st.pause_until, when, sizeof(when));
		printf(_("Paused until %s. 'tend remind resume' ends the pause "
		         "early.\n"),
		       when);
	} else if (strcmp(verb, "off") == 0) {
		sched_state_init(&st);
		st.off = true;
		if (remind_schedule_remove() < 0) {
			cli_error(_("cannot remove the schedule: %s"),
			          strerror(errno));
			return EXIT_FAIL;
		}
		printf(_("Reminders are off, and nothing about them is kept "
		         "outside the vault.\n"
		         "Installed channels stay silent; 'tend remind "
		         "uninstall "
		         "all' removes them.\n"));
	} else {
		bool was_off = st.off;

		st.off = false;
		st.pause_until = 0;
		st.snooze_until = 0;
		if (was_off)
			printf(_("Reminders are on again. Their times are set "
			         "the next time you use tend.\n"));
		else
			printf(_("Reminders are on.\n"));
	}
	if (remind_state_save(&st) < 0) {
		cli_error(_("cannot save the reminder state: %s"),
		          strerror(errno));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

/* --- set ------------------------------------------------------------ */

static int
do_set(int argc, char **argv, struct opts *opts)
{
	static const struct option longopts[] = {
	        {"window", required_argument, NULL, 'w'},
	        {"days", required_argument, NULL, 'd'},
	        {"quiet", required_argument, NULL, 'q'},
	        {"channels", required_argument, NULL, 'c'},
	        {"wording", required_argument, NULL, 'W'},
	        {"profile", required_argument, NULL, 'p'},
	        {"help", no_argument, NULL, 'h'},
	        {NULL, 0, NULL, 0},
	};
	struct remind_settings set;
	struct sched_policy *po = &set.policy;
	const char *problem;
	int c, r, changes = 0;
	int profile = -1;
	bool channels_given = false, wording_given = false;

	if (init_paths(opts) < 0)
		return EXIT_FAIL;
	if (remind_settings_load(&set) < 0) {
		cli_error(_("the reminder schedule is damaged; starting from "
		            "the defaults"));
	}
	optind = 0;
	while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		changes++;
		switch (c) {
		case 'w':
			if (sched_parse_range(optarg, &po->win_start,
			                      &po->win_end) < 0)
				return cli_usage_error(
				        "remind",
				        _("--window wants HH:MM-HH:MM"));
			break;
		case 'd':
			if (sched_parse_days(optarg, &po->days) < 0)
				return cli_usage_error(
				        "remind",
				        _("--days wants mon,tue,... "
				          "mon-fri, all, weekends or none"));
			break;
		case 'q':
			if (strcmp(optarg, "none") == 0) {
				po->quiet_start = po->quiet_end = 0;
				break;
			}
			if (sched_parse_range(optarg, &po->quiet_start,
			                      &po->quiet_end) < 0)
				return cli_usage_error(
				        "remind",
				        _("--quiet wants HH:MM-HH:MM or none"));
			po->quiet_start %= SCHED_MINUTES_PER_DAY;
			po->quiet_end %= SCHED_MINUTES_PER_DAY;
			break;
		case 'c':
			channels_given = true;
			if (remind_parse_channels(optarg, &set.channels) < 0)
				return cli_usage_error(
				        "remind", _("--channels wants login, "
				                    "desktop, login,desktop or "
				                    "none"));
			break;
		case 'W':
			wording_given = true;
			if (wording_set_from_name(optarg, &set.wording) < 0)
				return cli_usage_error(
				        "remind", _("--wording wants neutral "
				                    "or discreet"));
			break;
		case 'p':
			if (strcmp(optarg, "personal") == 0)
				profile = REMIND_PERSONAL;
			else if (strcmp(optarg, "shared") == 0)
				profile = REMIND_SHARED;
			else
				return cli_usage_error("remind",
				                       _("--profile wants "
				                         "personal or shared"));
			break;
		case 'h':
			fputs(_(usage_text), stdout);
			return EXIT_OK;
		default:
			return cli_usage_error("remind", _("unknown option"));
		}
	}
	if (optind < argc)
		return cli_usage_error("remind", _("unexpected '%s'"),
		                       argv[optind]);
	if (changes == 0)
		return cli_usage_error("remind", _("'set' needs an option"));
	/* A profile brings its channels and wording unless they were given;
	 * the times stay as they are. */
	if (profile >= 0) {
		struct remind_settings def;

		remind_settings_default(&def, (enum remind_profile)profile);
		set.profile = def.profile;
		if (!channels_given)
			set.channels = def.channels;
		if (!wording_given)
			set.wording = def.wording;
	}
	problem = sched_policy_problem(po);
	if (problem) {
		cli_error(_("%s"), problem);
		return EXIT_USAGE;
	}
	r = remind_settings_save(&set);
	if (r < 0) {
		cli_error(_("cannot save the reminder settings: %s"),
		          strerror(errno));
		return EXIT_FAIL;
	}
	if (r == 1) {
		cli_error(_("reminders are off; 'tend remind resume' first"));
		return EXIT_FAIL;
	}
	printf(_("Saved.\n"));
	return EXIT_OK;
}

/* --- install -------------------------------------------------------- */

static int
do_hook(struct opts *opts, bool install, const char *what)
{
	enum hook_kind kinds[3];
	int n = 0, rc = EXIT_OK;
	char exe[PATH_MAX], *data_dir = NULL;
	ssize_t len;

	if (!what)
		return cli_usage_error("remind",
		                       _("%s what? login, systemd or "
		                         "cron"),
		                       install ? "install" : "uninstall");
	if (!install && strcmp(what, "all") == 0) {
		kinds[n++] = HOOK_LOGIN;
		kinds[n++] = HOOK_SYSTEMD;
		kinds[n++] = HOOK_CRON;
	} else if (hook_kind_from_name(what, &kinds[0]) == 0) {
		n = 1;
	} else {
		return cli_usage_error("remind",
		                       _("'%s' is not login, systemd "
		                         "or cron"),
		                       what);
	}
	if (init_paths(opts) < 0)
		return EXIT_FAIL;
	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len <= 0) {
		cli_error(_("cannot tell where the tend program is"));
		return EXIT_FAIL;
	}
	exe[len] = '\0';
	if (opts->data_dir) {
		data_dir = realpath(opts->data_dir, NULL);
		if (!data_dir && path_mkdirs(opts->data_dir, 0700) == 0)
			data_dir = realpath(opts->data_dir, NULL);
		if (!data_dir) {
			cli_error(_("%s: %s"), opts->data_dir, strerror(errno));
			return EXIT_FAIL;
		}
	}
	for (int i = 0; i < n; i++) {
		struct hook_cmd cmd = {exe, data_dir};
		struct hook_result res;
		const char *err = NULL;
		const char *name = hook_kind_name(kinds[i]);
		int r = install ? hook_install(kinds[i], &cmd, &res, &err)
		                : hook_uninstall(kinds[i], &res, &err);

		if (r < 0) {
			/* Without cron, "uninstall all" has nothing to do. */
			if (!install && n > 1 && errno == ENOENT) {
				free(res.where);
				continue;
			}
			cli_error(_("%s: %s"), name,
			          err ? err : strerror(errno));
			rc = EXIT_FAIL;
		} else if (install) {
			printf(res.changed
			               ? _("Installed the %s reminder (%s).\n")
			               : _("The %s reminder was already "
			                   "installed (%s).\n"),
			       name, res.where ? res.where : "");
		} else if (res.changed) {
			printf(_("Removed the %s reminder (%s).\n"), name,
			       res.where ? res.where : "");
		} else if (n == 1) {
			printf(_("The %s reminder was not installed.\n"), name);
		}
		if (r == 0 && res.note)
			fprintf(stderr, _("tend: note: %s\n"), res.note);
		free(res.where);
	}
	free(data_dir);
	return rc;
}

/* --- ics ------------------------------------------------------------ */

static int
do_ics(int argc, char **argv, struct opts *opts)
{
	struct remind_schedule s;
	struct buf out = BUF_INIT;
	const char *file = NULL;
	char *msg = NULL, *tz;
	int r, rc = EXIT_OK;

	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			file = argv[++i];
		else if (strncmp(argv[i], "--output=", 9) == 0)
			file = argv[i] + 9;
		else
			return cli_usage_error("remind",
			                       _("ics takes -o FILE"));
	}
	if (init_paths(opts) < 0)
		return EXIT_FAIL;
	r = remind_schedule_load(&s, &msg);
	if (r < 0) {
		cli_error(_("%s"), msg);
		free(msg);
		return EXIT_DATA;
	}
	if (r == 1) {
		cli_error(
		        _("no reminder schedule yet: use tend first, or 'tend "
		          "remind set'"));
		return EXIT_FAIL;
	}
	if (s.set.profile == REMIND_SHARED) {
		cli_error(_("the shared profile keeps reminders off calendars "
		            "(they sync to other devices)"));
		return EXIT_FAIL;
	}
	tz = remind_tz_name();
	remind_ics(&s, clock_now(), tz, &out);
	free(tz);
	if (file) {
		if (atomic_write(file, out.data, out.len, 0600) < 0) {
			cli_error(_("%s: %s"), file, strerror(errno));
			rc = EXIT_FAIL;
		}
	} else if (fwrite(out.data, 1, out.len, stdout) != out.len ||
	           fflush(stdout) != 0) {
		cli_error(_("cannot write the calendar: %s"), strerror(errno));
		rc = EXIT_FAIL;
	}
	if (rc == EXIT_OK)
		fputs(_("tend: note: some calendar apps (Google Calendar among "
		        "them) drop imported\nalarms: set a notification in "
		        "the "
		        "app after importing. Calendars sync to\nother devices "
		        "and services.\n"),
		      stderr);
	buf_free(&out);
	return rc;
}

/* --- dispatch ------------------------------------------------------- */

int
cmd_remind(int argc, char **argv, struct opts *opts)
{
	const char *verb = argc > 1 ? argv[1] : "status";
	const char *arg = argc > 2 ? argv[2] : NULL;

	if (strcmp(verb, "--login") == 0) {
		/* Never an error at login: extra words are ignored. */
		return do_login(opts);
	}
	if (strcmp(verb, "--notify") == 0) {
		bool quiet = false;

		for (int i = 2; i < argc; i++) {
			if (strcmp(argv[i], "--quiet") == 0)
				quiet = true;
			else
				return cli_usage_error("remind",
				                       _("unexpected '%s'"),
				                       argv[i]);
		}
		return do_notify(opts, quiet);
	}
	if (strcmp(verb, "-h") == 0 || strcmp(verb, "--help") == 0 ||
	    strcmp(verb, "help") == 0) {
		fputs(_(usage_text), stdout);
		return EXIT_OK;
	}
	if (strcmp(verb, "set") == 0)
		return do_set(argc - 1, argv + 1, opts);
	if (strcmp(verb, "ics") == 0 || strcmp(verb, "export-ics") == 0)
		return do_ics(argc, argv, opts);
	if (argc > 3)
		return cli_usage_error("remind", _("unexpected '%s'"), argv[3]);
	if (strcmp(verb, "status") == 0) {
		if (arg)
			return cli_usage_error("remind", _("unexpected '%s'"),
			                       arg);
		return do_status(opts);
	}
	if (strcmp(verb, "install") == 0 || strcmp(verb, "uninstall") == 0)
		return do_hook(opts, verb[0] == 'i', arg);
	if (strcmp(verb, "snooze") == 0 || strcmp(verb, "pause") == 0 ||
	    strcmp(verb, "resume") == 0 || strcmp(verb, "on") == 0 ||
	    strcmp(verb, "off") == 0)
		return change_state(opts, verb, arg);
	return cli_usage_error("remind", _("'%s' is not a remind command"),
	                       verb);
}
