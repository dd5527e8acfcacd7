/*
 * The plaintext reminder files: format and parse round trips, the strict
 * grammar (every malformed line refused, with its line number), the size
 * cap, permissions, and remind_update_schedule() as the course engine
 * calls it.  Also the calendar's line folding.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "app/remind.h"
#include "app/remindics.h"
#include "util/atomic.h"
#include "util/file.h"
#include "util/path.h"

static char tmpdir[64];

static int
setup(void **unused)
{
	char *state;

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/tend-remindfile.XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	setenv("TZ", "Europe/London", 1);
	setenv("TEND_SYSCONF_DIR", "/nonexistent", 1);
	tzset();
	assert_int_equal(paths_init(tmpdir), 0);
	state = remind_schedule_path();
	unlink(state);
	free(state);
	state = remind_state_path();
	unlink(state);
	free(state);
	return 0;
}

static int
teardown(void **unused)
{
	char cmd[128];

	paths_free();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static time_t
at(int y, int mo, int d, int h, int mi)
{
	return sched_local_time(sched_days_from_civil(y, mo, d), h * 60 + mi);
}

static void
test_schedule_round_trip(void **unused)
{
	struct remind_settings set;
	struct remind_schedule s, t;
	struct buf b = BUF_INIT, c = BUF_INIT;
	int line;
	const char *why;

	remind_settings_default(&set, REMIND_SHARED);
	set.policy.quiet_start = set.policy.quiet_end = 0;
	set.policy.days = 0x3e;
	remind_schedule_init(&s, &set);
	memcpy(s.id, "0123456789abcdef", 17);
	s.practice_daily = true;
	s.last_active = sched_days_from_civil(2026, 11, 20);
	s.items[0].at = 1795370400;
	s.items[0].kind = SCHED_CHECKIN;
	s.items[1].at = 1795370460;
	s.items[1].kind = SCHED_LESSON;
	s.nitems = 2;
	remind_schedule_format(&s, &b);
	assert_non_null(strstr(b.data, "quiet=none\n"));
	assert_non_null(strstr(b.data, "days=mon,tue,wed,thu,fri\n"));
	assert_non_null(strstr(b.data, "due=2026-11-22T18:00:00Z checkin\n"));
	assert_int_equal(remind_schedule_parse(b.data, b.len, &t, &line, &why),
	                 0);
	remind_schedule_format(&t, &c);
	assert_string_equal(b.data, c.data);
	assert_int_equal(t.set.profile, REMIND_SHARED);
	assert_int_equal(t.set.channels, REMIND_CH_LOGIN);
	assert_int_equal(t.set.wording, WORDING_DISCREET);
	assert_int_equal(t.nitems, 2);
	assert_int_equal(t.last_active, s.last_active);
	buf_free(&b);
	buf_free(&c);
}

struct bad {
	const char *text;
	int line;
};

static void
test_schedule_strict(void **unused)
{
	static const struct bad cases[] = {
	        {"", 0},
	        {"# only a comment\n", 0},
	        {"window=18:00-20:00\n", 1},
	        {"format=2\n", 1},
	        {"format=1", 0},
	        {"format=1\nwindow=18:00-20:00", 0},
	        {"format=1\nwindow=18:00-20:0\n", 2},
	        {"format=1\nwindow=20:00-18:00\n", 0},
	        {"format=1\nwindow=1800-2000\n", 2},
	        {"format=1\nquiet=21:00-08:00x\n", 2},
	        {"format=1\ndays=mon,,tue\n", 2},
	        {"format=1\nchannels=login,pigeon\n", 2},
	        {"format=1\nwording=loud\n", 2},
	        {"format=1\nprofile=clinic\n", 2},
	        {"format=1\npractice=weekly\n", 2},
	        {"format=1\nlast_active=2026-13-01\n", 2},
	        {"format=1\nid=0123\n", 2},
	        {"format=1\nid=0123456789ABCDEF\n", 2},
	        {"format=1\ndue=2026-11-22T18:00:00Z\n", 2},
	        {"format=1\ndue=2026-11-22T18:00:00Z nudge\n", 2},
	        {"format=1\ndue=2026-11-22T18:00:00Z practice extra\n", 2},
	        {"format=1\ndue=2026-11-22 18:00:00Z practice\n", 2},
	        {"format=1\n\nwindow=18:00-20:00\nwindow=18:00-20:00\n", 4},
	        {"format=1\nWindow=18:00-20:00\n", 2},
	        {"format=1\n=x\n", 2},
	        {"format=1\nwindow 18:00-20:00\n", 2},
	        {"format=1\nwindow=18:00-20:00\r\n", 2},
	        {"format=1\ndays=mon\t\n", 2},
	        {"format=1\ndays=l\xc3\xbcn\n", 2},
	        {"format=1\nwindow=23:00-23:30\n", 0}, /* all quiet */
	};
	struct remind_schedule s;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int line = -1;
		const char *why = NULL;

		if (remind_schedule_parse(cases[i].text, strlen(cases[i].text),
		                          &s, &line, &why) != -1)
			fail_msg("case %zu accepted: %s", i, cases[i].text);
		assert_non_null(why);
		if (line != cases[i].line)
			fail_msg("case %zu: line %d, wanted %d (%s)", i, line,
			         cases[i].line, why);
	}
	/* Unknown keys are ignored, comments and blank lines skipped. */
	{
		const char *ok = "format=1\n# hi\n\ncolour=blue\nwindow=07:00-"
		                 "07:30\nquiet=none\n";

		assert_int_equal(
		        remind_schedule_parse(ok, strlen(ok), &s, NULL, NULL),
		        0);
		assert_int_equal(s.set.policy.win_start, 420);
		assert_int_equal(s.set.policy.quiet_start,
		                 s.set.policy.quiet_end);
	}
}

static void
test_schedule_caps(void **unused)
{
	struct buf b = BUF_INIT;
	struct remind_schedule s;
	int line;
	const char *why;

	buf_adds(&b, "format=1\n");
	for (int i = 0; i < REMIND_MAX_ITEMS; i++)
		buf_adds(&b, "due=2026-11-22T18:00:00Z practice\n");
	assert_int_equal(remind_schedule_parse(b.data, b.len, &s, &line, &why),
	                 0);
	assert_int_equal(s.nitems, REMIND_MAX_ITEMS);
	buf_adds(&b, "due=2026-11-22T18:00:00Z practice\n");
	assert_int_equal(remind_schedule_parse(b.data, b.len, &s, &line, &why),
	                 -1);
	assert_int_equal(line, REMIND_MAX_ITEMS + 2);
	buf_reset(&b);
	buf_adds(&b, "format=1\n");
	while (b.len <= REMIND_FILE_MAX)
		buf_adds(&b, "# padding padding padding padding\n");
	assert_int_equal(remind_schedule_parse(b.data, b.len, &s, &line, &why),
	                 -1);
	assert_string_equal(why, "the file is too large");
	buf_free(&b);
}

static void
test_state_round_trip(void **unused)
{
	struct sched_state st, t;
	struct buf b = BUF_INIT, c = BUF_INIT;
	static const char *const bad[] = {
	        "format=1\noff=2\n",
	        "format=1\nlast_prompt=2026-11-22T18:00:00Z pigeon\n",
	        "format=1\nlast_prompt=2026-11-22T18:00:00Z\n",
	        "format=1\nnudge=2026-11-22\n",
	        "format=1\nnudge=2026-11-22 10\n",
	        "format=1\nrotation=-1\n",
	        "format=1\nrotation=99999999999\n",
	        "format=1\npause_until=soon\n",
	        "format=1\noff=0\noff=1\n",
	};

	sched_state_init(&st);
	st.last_prompt = 1795370400;
	st.last_channel = SCHED_CH_NOTIFY;
	st.pending_day = sched_days_from_civil(2026, 11, 22);
	st.snooze_until = 1795374000;
	st.pause_until = 1795974000;
	st.nudge_for = sched_days_from_civil(2026, 11, 20);
	st.nudge_step = 3;
	st.welcome_for = sched_days_from_civil(2026, 10, 1);
	st.rotation = 41;
	remind_state_format(&st, &b);
	assert_int_equal(remind_state_parse(b.data, b.len, &t, NULL, NULL), 0);
	remind_state_format(&t, &c);
	assert_string_equal(b.data, c.data);
	assert_int_equal(t.last_channel, SCHED_CH_NOTIFY);
	assert_int_equal(t.nudge_step, 3);
	/* Off keeps nothing else. */
	st.off = true;
	buf_reset(&b);
	remind_state_format(&st, &b);
	assert_string_equal(b.data, "format=1\noff=1\n");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (remind_state_parse(bad[i], strlen(bad[i]), &t, NULL,
		                       NULL) != -1)
			fail_msg("accepted: %s", bad[i]);
	buf_free(&b);
	buf_free(&c);
}

static mode_t
mode_of(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_mode & 07777;
}

static void
test_update_schedule(void **unused)
{
	struct remind_schedule s;
	time_t now = at(2026, 11, 22, 12, 0);
	time_t planned[3], checkins[2];
	struct remind_due due = {0};
	char *path = remind_schedule_path(), *msg = NULL, id[17];

	planned[0] = at(2026, 11, 24, 10, 0);
	planned[1] = at(2026, 11, 20, 10, 0); /* gone: dropped */
	planned[2] = at(2026, 11, 23, 7, 0);
	checkins[0] = at(2026, 11, 10, 9, 0); /* overdue: kept */
	checkins[1] = at(2026, 11, 24, 10, 0);
	due.practice_daily = true;
	due.planned = planned;
	due.nplanned = 3;
	due.lesson_at = at(2026, 11, 29, 0, 0);
	due.checkins = checkins;
	due.ncheckins = 2;
	assert_int_equal(remind_schedule_load(&s, &msg), 1);
	assert_null(msg);
	assert_int_equal(remind_update_schedule(&due, now), 0);
	assert_int_equal(mode_of(path), 0600);
	assert_int_equal(remind_schedule_load(&s, &msg), 0);
	assert_int_equal(s.nitems, 5);
	/* Soonest first; practice before a check-in at the same time. */
	assert_int_equal(s.items[0].at, checkins[0]);
	assert_int_equal(s.items[1].at, planned[2]);
	assert_int_equal(s.items[2].kind, SCHED_PRACTICE);
	assert_int_equal(s.items[3].kind, SCHED_CHECKIN);
	assert_int_equal(s.items[4].kind, SCHED_LESSON);
	assert_int_equal(s.last_active, sched_days_from_civil(2026, 11, 22));
	assert_true(s.practice_daily);
	assert_int_equal(strlen(s.id), 16);
	memcpy(id, s.id, 17);
	/* Settings and id survive the next save. */
	s.set.policy.win_start = 7 * 60 + 30;
	s.set.policy.win_end = 9 * 60;
	assert_int_equal(remind_settings_save(&s.set), 0);
	due.nplanned = 0;
	due.ncheckins = 0;
	due.lesson_at = 0;
	due.practice_daily = false;
	assert_int_equal(remind_update_schedule(&due, now + 86400), 0);
	assert_int_equal(remind_schedule_load(&s, &msg), 0);
	assert_string_equal(s.id, id);
	assert_int_equal(s.set.policy.win_start, 450);
	assert_int_equal(s.nitems, 0);
	assert_false(s.practice_daily);
	/* Off: the program writes nothing, and removes what was there. */
	{
		struct sched_state st;

		sched_state_init(&st);
		st.off = true;
		assert_int_equal(remind_state_save(&st), 0);
		assert_int_equal(remind_update_schedule(&due, now), 0);
		assert_int_equal(access(path, F_OK), -1);
		assert_int_equal(remind_settings_save(&s.set), 1);
		assert_int_equal(access(path, F_OK), -1);
		st.off = false;
		assert_int_equal(remind_state_save(&st), 0);
	}
	/* A damaged file: an error with the line, and defaults. */
	assert_int_equal(atomic_write(path, "format=1\nwindow=x\n", 18, 0600),
	                 0);
	assert_int_equal(remind_schedule_load(&s, &msg), -1);
	assert_int_equal(errno, EINVAL);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "schedule:2: "));
	free(msg);
	assert_int_equal(s.set.policy.win_start, 18 * 60);
	/* ... which the next save replaces. */
	assert_int_equal(remind_update_schedule(&due, now), 0);
	assert_int_equal(remind_schedule_load(&s, NULL), 0);
	free(path);
}

/* A section or check-in due now keeps the time it first was due: the
 * program syncs after every save, and the file (and a calendar's events)
 * stays the same while nothing changes. */
static void
test_due_keeps_first_time(void **unused)
{
	struct remind_schedule s;
	time_t now = at(2026, 11, 22, 12, 0), checkin[1];
	struct remind_due due = {0};
	char *path = remind_schedule_path(), *before, *after;
	size_t blen, alen;

	(void)unused;
	checkin[0] = now;
	due.checkins = checkin;
	due.ncheckins = 1;
	due.lesson_at = now;
	assert_int_equal(remind_update_schedule(&due, now), 0);
	assert_int_equal(file_read(path, 1 << 16, 0, &before, &blen), 0);
	/* Ten minutes on, both still due. */
	checkin[0] = due.lesson_at = now + 600;
	assert_int_equal(remind_update_schedule(&due, now + 600), 0);
	assert_int_equal(file_read(path, 1 << 16, 0, &after, &alen), 0);
	assert_int_equal(alen, blen);
	assert_memory_equal(after, before, blen);
	free(after);
	assert_int_equal(remind_schedule_load(&s, NULL), 0);
	assert_int_equal(s.nitems, 2);
	assert_int_equal(s.items[0].at, now);
	assert_int_equal(s.items[1].at, now);
	/* A time still to come is its own. */
	checkin[0] = now + 7200;
	due.lesson_at = now + 1200;
	assert_int_equal(remind_update_schedule(&due, now + 1200), 0);
	assert_int_equal(remind_schedule_load(&s, NULL), 0);
	assert_int_equal(s.nitems, 2);
	assert_int_equal(s.items[0].kind, SCHED_LESSON);
	assert_int_equal(s.items[0].at, now);
	assert_int_equal(s.items[1].kind, SCHED_CHECKIN);
	assert_int_equal(s.items[1].at, now + 7200);
	/* Done with: once nothing is due, the next one due is new. */
	due.ncheckins = 0;
	due.lesson_at = 0;
	assert_int_equal(remind_update_schedule(&due, now + 1800), 0);
	due.lesson_at = now + 2400;
	assert_int_equal(remind_update_schedule(&due, now + 2400), 0);
	assert_int_equal(remind_schedule_load(&s, NULL), 0);
	assert_int_equal(s.nitems, 1);
	assert_int_equal(s.items[0].at, now + 2400);
	free(before);
	free(path);
}

static void
test_many_items_capped(void **unused)
{
	time_t planned[100];
	struct remind_due due = {0};
	struct remind_schedule s;
	time_t now = at(2026, 11, 22, 12, 0);

	for (int i = 0; i < 100; i++)
		planned[i] = now + (100 - i) * 3600;
	planned[5] = planned[6]; /* a duplicate is kept once */
	due.planned = planned;
	due.nplanned = 100;
	assert_int_equal(remind_update_schedule(&due, now), 0);
	assert_int_equal(remind_schedule_load(&s, NULL), 0);
	assert_int_equal(s.nitems, REMIND_MAX_ITEMS);
	assert_int_equal(s.items[0].at, now + 3600);
	for (size_t i = 1; i < s.nitems; i++)
		assert_true(s.items[i].at > s.items[i - 1].at);
}

static void
test_profile_detect(void **unused)
{
	char *cfg = path_join(path_config_dir(), "config");
	struct remind_settings set;

	assert_int_equal(remind_profile_detect(), REMIND_PERSONAL);
	assert_int_equal(path_mkdirs(path_config_dir(), 0700), 0);
	assert_int_equal(atomic_write(cfg, "a=b\nprofile=shared\n", 19, 0600),
	                 0);
	assert_int_equal(remind_profile_detect(), REMIND_SHARED);
	assert_int_equal(remind_settings_load(&set), 0);
	assert_int_equal(set.profile, REMIND_SHARED);
	assert_int_equal(set.channels, REMIND_CH_LOGIN);
	assert_int_equal(atomic_write(cfg,
	                              "region = GB\n  profile = \"clinic\" "
	                              "# ours\n",
	                              40, 0600),
	                 0);
	assert_int_equal(remind_profile_detect(), REMIND_SHARED);
	assert_int_equal(atomic_write(cfg, "profile: personal\n", 18, 0600), 0);
	assert_int_equal(remind_profile_detect(), REMIND_PERSONAL);
	assert_int_equal(atomic_write(cfg, "profiles = shared\n", 18, 0600), 0);
	assert_int_equal(remind_profile_detect(), REMIND_PERSONAL);
	unlink(cfg);
	free(cfg);
}

static void
test_ics_folding(void **unused)
{
	struct buf b = BUF_INIT, un = BUF_INIT;
	char line[400];
	size_t pos = 0;

	/* 150 ASCII octets, then a UTF-8 line whose characters straddle
	 * the fold points. */
	memset(line, 'a', 150);
	memcpy(line, "DESCRIPTION:", 12);
	line[150] = '\0';
	remind_ics_line(&b, line);
	buf_adds(&b, "");
	{
		char u[400] = "SUMMARY:";

		for (int i = 0; i < 60; i++)
			strcat(u, "\xc3\xa9"); /* é, two octets */
		remind_ics_line(&b, u);
	}
	while (pos < b.len) {
		const char *crlf = strstr(b.data + pos, "\r\n");
		size_t n;

		assert_non_null(crlf);
		n = (size_t)(crlf - (b.data + pos));
		assert_true(n <= 75);
		/* A fold never separates a continuation byte from its lead. */
		if (pos > 0 && b.data[pos] == ' ')
			assert_true(((unsigned char)b.data[pos + 1] & 0xc0) !=
			            0x80);
		if (b.data[pos] == ' ')
			buf_add(&un, b.data + pos + 1, n - 1);
		else {
			if (un.len)
				buf_addc(&un, '\n');
			buf_add(&un, b.data + pos, n);
		}
		pos += n + 2;
	}
	assert_int_equal(strncmp(un.data, line, 150), 0);
	assert_int_equal(un.data[150], '\n');
	assert_int_equal(strlen(un.data + 151), 8 + 120);
	buf_free(&b);
	buf_free(&un);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_schedule_round_trip),
	        cmocka_unit_test(test_schedule_strict),
	        cmocka_unit_test(test_schedule_caps),
	        cmocka_unit_test(test_state_round_trip),
	        cmocka_unit_test_setup_teardown(test_update_schedule, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_due_keeps_first_time,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(test_many_items_capped, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_profile_detect, setup,
	                                        teardown),
	        cmocka_unit_test(test_ics_folding),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
