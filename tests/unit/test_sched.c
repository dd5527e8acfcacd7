/*
 * Table tests for the reminder schedule with a frozen clock: windows,
 * quiet hours, weekdays, DST transitions in Europe/London and
 * America/New_York (no missing or doubled reminder), the back-off
 * sequence, snooze and pause, and the once-a-day rule across channels.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "core/sched.h"

static void
set_tz(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

/* The instant of a local date and time in the current TZ. */
static time_t
at(int y, int mo, int d, int h, int mi)
{
	return sched_local_time(sched_days_from_civil(y, mo, d), h * 60 + mi);
}

static void
input(struct sched_input *in, struct sched_policy *p)
{
	memset(in, 0, sizeof(*in));
	sched_policy_default(p);
	in->policy = *p;
	in->practice_daily = true;
	in->last_active = SCHED_NO_DAY;
}

static void
test_parsers(void **unused)
{
	int a, b;
	unsigned days;
	long s, day;
	time_t t;
	char out[40];

	assert_int_equal(sched_parse_hm("18:05", 5, &a), 0);
	assert_int_equal(a, 18 * 60 + 5);
	assert_int_equal(sched_parse_hm("24:00", 5, &a), 0);
	assert_int_equal(a, 1440);
	assert_int_equal(sched_parse_hm("24:01", 5, &a), -1);
	assert_int_equal(sched_parse_hm("7:00", 4, &a), -1);
	assert_int_equal(sched_parse_hm("07:60", 5, &a), -1);
	assert_int_equal(sched_parse_range("21:00-08:00", &a, &b), 0);
	assert_int_equal(a, 1260);
	assert_int_equal(b, 480);
	assert_int_equal(sched_parse_range("21:00-08:00x", &a, &b), -1);
	assert_int_equal(sched_parse_range("21:00 08:00", &a, &b), -1);

	assert_int_equal(sched_parse_days("mon-fri", &days), 0);
	assert_int_equal(days, 0x3e);
	assert_int_equal(sched_parse_days("fri-mon", &days), 0);
	assert_int_equal(days, (1u << 5) | (1u << 6) | 1u | (1u << 1));
	assert_int_equal(sched_parse_days("Sat,sun", &days), 0);
	assert_int_equal(days, 0x41);
	assert_int_equal(sched_parse_days("all", &days), 0);
	assert_int_equal(days, SCHED_ALL_DAYS);
	assert_int_equal(sched_parse_days("none", &days), 0);
	assert_int_equal(days, 0);
	assert_int_equal(sched_parse_days("", &days), -1);
	assert_int_equal(sched_parse_days("mon,", &days), -1);
	assert_int_equal(sched_parse_days("monday", &days), -1);
	sched_format_days(0x3e, out, sizeof(out));
	assert_string_equal(out, "mon,tue,wed,thu,fri");
	sched_format_days(0x41, out, sizeof(out));
	assert_string_equal(out, "sat,sun");
	sched_format_days(0, out, sizeof(out));
	assert_string_equal(out, "none");

	assert_int_equal(sched_parse_duration("90m", 86400, &s), 0);
	assert_int_equal(s, 5400);
	assert_int_equal(sched_parse_duration("2w", 30 * 86400L, &s), 0);
	assert_int_equal(s, 14 * 86400L);
	assert_int_equal(sched_parse_duration("5w", 30 * 86400L, &s), -1);
	assert_int_equal(sched_parse_duration("0h", 86400, &s), -1);
	assert_int_equal(sched_parse_duration("h", 86400, &s), -1);
	assert_int_equal(sched_parse_duration("3", 86400, &s), -1);
	assert_int_equal(sched_parse_duration("3hh", 86400, &s), -1);
	assert_int_equal(sched_parse_duration("9999999d", 86400, &s), -1);

	assert_int_equal(sched_parse_date("2024-02-29", 10, &day), 0);
	assert_int_equal(day, sched_days_from_civil(2024, 2, 29));
	assert_int_equal(sched_parse_date("2023-02-29", 10, &day), -1);
	assert_int_equal(sched_parse_date("2023-13-01", 10, &day), -1);
	assert_int_equal(sched_parse_utc("2026-11-22T18:00:00Z", 20, &t), 0);
	assert_int_equal((long long)t, 1795370400LL);
	sched_format_utc(t, out, sizeof(out));
	assert_string_equal(out, "2026-11-22T18:00:00Z");
	assert_int_equal(sched_parse_utc("2026-11-22T24:00:00Z", 20, &t), -1);
	assert_int_equal(sched_parse_utc("2026-11-22 18:00:00Z", 20, &t), -1);
	assert_int_equal(sched_kind_from_name("checkin", 7), SCHED_CHECKIN);
	assert_int_equal(sched_kind_from_name("check", 5), SCHED_NONE);
	/* 2026-11-22 is a Sunday. */
	assert_int_equal(sched_weekday(sched_days_from_civil(2026, 11, 22)), 0);
	assert_int_equal(sched_weekday(sched_days_from_civil(1969, 12, 31)), 3);
}

static void
test_policy_problem(void **unused)
{
	struct sched_policy p;

	sched_policy_default(&p);
	assert_null(sched_policy_problem(&p));
	p.win_start = 22 * 60;
	p.win_end = 23 * 60;
	assert_non_null(sched_policy_problem(&p)); /* all in quiet hours */
	p.win_end = 22 * 60;
	assert_non_null(sched_policy_problem(&p)); /* empty */
	p.win_start = 20 * 60;
	p.win_end = 22 * 60;
	assert_null(sched_policy_problem(&p)); /* 20:00-21:00 usable */
}

struct win_case {
	int h, m;
	enum sched_channel ch;
	enum sched_why want;
};

static void
test_window_and_quiet(void **unused)
{
	static const struct win_case cases[] = {
	        {7, 30, SCHED_CH_LOGIN, SCHED_QUIET},
	        {9, 0, SCHED_CH_LOGIN, SCHED_NOT_YET},
	        {17, 59, SCHED_CH_NOTIFY, SCHED_NOT_YET},
	        {18, 0, SCHED_CH_NOTIFY, SCHED_DUE},
	        {19, 59, SCHED_CH_NOTIFY, SCHED_DUE},
	        {20, 0, SCHED_CH_NOTIFY, SCHED_LATE},
	        {20, 30, SCHED_CH_LOGIN, SCHED_DUE},
	        {21, 0, SCHED_CH_LOGIN, SCHED_QUIET},
	        {23, 59, SCHED_CH_NOTIFY, SCHED_QUIET},
	};
	struct sched_input in;
	struct sched_policy p;
	struct sched_state st;
	enum sched_kind k;

	set_tz("Europe/London");
	input(&in, &p);
	sched_state_init(&st);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		time_t t = at(2026, 11, 23, cases[i].h, cases[i].m);

		assert_int_equal(sched_decide(&in, &st, cases[i].ch, t, &k),
		                 cases[i].want);
		if (cases[i].want == SCHED_DUE)
			assert_int_equal(k, SCHED_PRACTICE);
		else
			assert_int_equal(k, SCHED_NONE);
	}
	/* A window partly in quiet hours prompts only before they start. */
	in.policy.win_start = 20 * 60;
	in.policy.win_end = 22 * 60;
	assert_int_equal(sched_decide(&in, &st, SCHED_CH_NOTIFY,
	                              at(2026, 11, 23, 20, 30), &k),
	                 SCHED_DUE);
	assert_int_equal(sched_decide(&in, &st, SCHED_CH_NOTIFY,
	                              at(2026, 11, 23, 21, 30), &k),
	                 SCHED_QUIET);
	/* No quiet hours at all. */
	in.policy.quiet_start = in.policy.quiet_end = 0;
	assert_int_equal(sched_decide(&in, &st, SCHED_CH_LOGIN,
	                              at(2026, 11, 23, 23, 30), &k),
	                 SCHED_DUE);
}

static void
test_days(void **unused)
{
	struct sched_input in;
	struct sched_policy p;
	struct sched_state st;
	enum sched_kind k;
	/* Monday 2026-11-23 .. Sunday 2026-11-29 */
	static const enum sched_why want[7] = {
	        SCHED_DUE, SCHED_NOTHING, SCHED_DUE,     SCHED_NOTHING,
	        SCHED_DUE, SCHED_NOTHING, SCHED_NOTHING,
	};

	set_tz("America/New_York");
	input(&in, &p);
	assert_int_equal(sched_parse_days("mon,wed,fri", &in.policy.days), 0);
	sched_state_init(&st);
	for (int i = 0; i < 7; i++)
		assert_int_equal(sched_decide(&in, &st, SCHED_CH_NOTIFY,
		                              at(2026, 11, 23 + i, 18, 30), &k),
		                 want[i]);
	/* Nothing to do at all: nothing, even on a chosen day. */
	in.practice_daily = false;
	assert_int_equal(sched_decide(&in, &st, SCHED_CH_NOTIFY,
	                              at(2026, 11, 23, 18, 30), &k),
	                 SCHED_NOTHING);
}

static void
test_once_a_day_across_channels(void **unused)
{
	struct sched_input in;
	struct sched_policy p;
	struct sched_state st;
	enum sched_kind k;
	time_t t;

	set_tz("Europe/London");
	t = at(2026, 11, 23, 18, 10);
	input(&in, &p);
	sched_state_init(&st);
	assert_int_equal(sched_decide(&in, &st, SCHED_CH_NOTIFY, t, &k),
	                 SCHED_DUE);
	sched_record(&st, &in, SCHED_CH_NOTIFY, k, t);
	assert_int_equal(st.rotation, 1);
	assert_int_equal(sched_decide(&in, &st, SCHED_CH_LOGIN, t + 60, &k),
	                 SCHED_DONE_TODAY);
	assert_int_equal(sched_decide(&in, &st, SCHED_CH_NOTIFY, t + 1800, &k),
	                 SCHED_DONE_TODAY);
	/* Just before midnight still today; the next day's window again. */
	in.policy.quiet_start = in.policy.quiet_end = 0;
	assert_int_equal(sched_decide(&in, &st, SCHED_CH_LOGIN,
	                              at(2026, 11, 23, 23, 59), &k),
	                 SCHED_DONE_TODAY);
	assert_int_equal(sched_decide(&in, &st, SCHED_CH_LOGIN,
	                              at(2026, 11, 24, 18, 0), &k),
	                 SCHED_DUE);
	/* A desktop prompt that could not be shown waits for the login. */
	sched_state_init(&st);
	sched_mark_pending(&st, t);
	assert_int_equal(sched_decide(&in, &st, SCHED_CH_LOGIN, t + 60, &k),
	                 SCHED_DUE);
	sched_record(&st, &in, SCHED_CH_LOGIN, k, t + 60);
	assert_int_equal(st.pending_day, SCHED_NO_DAY);
	assert_int_equal(st.last_channel, SCHED_CH_LOGIN);
	assert_int_equal(sched_decide(&in, &st, SCHED_CH_NOTIFY, t + 120, &k),
	                 SCHED_DONE_TODAY);
}

/*
 * Runs a checker every `step` seconds over [from, to) (desktop only, or
 * mixed with logins),
 * recording each prompt, and counts the prompts per local day.
 */
static void
simulate(struct sched_input *in, time_t from, time_t to, int step, bool mixed,
         int *per_day, long first_day, int ndays, int *minute_of)
{
	struct sched_state st;
	enum sched_kind k;

	sched_state_init(&st);
	for (time_t t = from; t < to; t += step) {
		enum sched_channel ch = mixed && (t / step) % 3 == 0
		                                ? SCHED_CH_LOGIN
		                                : SCHED_CH_NOTIFY;

		if (sched_decide(in, &st, ch, t, &k) == SCHED_DUE) {
			long d = sched_local_day(t) - first_day;

			assert_true(d >= 0 && d < ndays);
			per_day[d]++;
			minute_of[d] = sched_local_minute(t);
			sched_record(&st, in, ch, k, t);
			/* Stay active so back-off never starts. */
			in->last_active = sched_local_day(t);
		}
	}
}

struct dst_case {
	const char *tz;
	int y, m, d; /* the day the clocks change */
	int win_start, win_end; /* minutes */
	int quiet_start, quiet_end;
	int min_minute, max_minute; /* where the prompt may land */
};

static void
test_dst(void **unused)
{
	static const struct dst_case cases[] = {
	        /* Ordinary evening windows around every transition. */
	        {"Europe/London", 2026, 3, 29, 1080, 1200, 1260, 480, 1080,
	         1200},
	        {"Europe/London", 2026, 10, 25, 1080, 1200, 1260, 480, 1080,
	         1200},
	        {"America/New_York", 2026, 3, 8, 1080, 1200, 1260, 480, 1080,
	         1200},
	        {"America/New_York", 2026, 11, 1, 1080, 1200, 1260, 480, 1080,
	         1200},
	        /* Windows over the very hour that is skipped or repeated
	         * (01:00-02:00 London, 02:00-03:00 New York). */
	        {"Europe/London", 2026, 3, 29, 60, 120, 0, 0, 60, 180},
	        {"Europe/London", 2026, 10, 25, 60, 120, 0, 0, 60, 120},
	        {"America/New_York", 2026, 3, 8, 120, 180, 0, 0, 120, 240},
	        {"America/New_York", 2026, 11, 1, 60, 120, 0, 0, 60, 120},
	        /* A window straddling the change and quiet hours ending in
	         * it. */
	        {"Europe/London", 2026, 3, 29, 30, 150, 1380, 90, 90, 210},
	        {"America/New_York", 2026, 11, 1, 90, 180, 1380, 120, 120, 180},
	};

	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		const struct dst_case *dc = &cases[c];
		struct sched_input in;
		struct sched_policy p;
		int per_day[5] = {0}, minute[5] = {0};
		long day;
		time_t from, to;

		set_tz(dc->tz);
		input(&in, &p);
		in.policy.win_start = dc->win_start;
		in.policy.win_end = dc->win_end;
		in.policy.quiet_start = dc->quiet_start;
		in.policy.quiet_end = dc->quiet_end;
		assert_null(sched_policy_problem(&in.policy));
		day = sched_days_from_civil(dc->y, dc->m, dc->d) - 2;
		from = sched_local_time(day, 0);
		to = sched_local_time(day + 5, 0);
		/* Every 5 minutes, like a timer; and every 7 minutes, which
		 * is not aligned to the hour; desktop checks only, and mixed
		 * with logins. */
		for (int run = 0; run < 4; run++) {
			int step = run & 1 ? 420 : 300;

			memset(per_day, 0, sizeof(per_day));
			in.last_active = SCHED_NO_DAY;
			simulate(&in, from, to, step, run >= 2, per_day, day, 5,
			         minute);
			for (int i = 0; i < 5; i++) {
				if (per_day[i] != 1 ||
				    minute[i] < dc->min_minute ||
				    minute[i] >= dc->max_minute)
					fail_msg("%s %04d-%02d-%02d case %zu "
					         "step %d: day %+d had %d "
					         "prompts, last at minute %d",
					         dc->tz, dc->y, dc->m, dc->d, c,
					         step, i - 2, per_day[i],
					         minute[i]);
			}
		}
	}
}

static void
test_local_time_across_dst(void **unused)
{
	long d;

	set_tz("Europe/London");
	d = sched_days_from_civil(2026, 3, 29);
	/* 18:00 stays 18:00 local: 23 hours between the two evenings. */
	assert_int_equal(sched_local_time(d, 1080) -
	                         sched_local_time(d - 1, 1080),
	                 23 * 3600);
	assert_int_equal(sched_local_minute(sched_local_time(d, 1080)), 1080);
	/* 01:30 does not exist: it moves forward past the gap. */
	assert_true(sched_local_minute(sched_local_time(d, 90)) >= 120);
	assert_int_equal(sched_local_day(sched_local_time(d, 90)), d);
	d = sched_days_from_civil(2026, 10, 25);
	assert_int_equal(sched_local_time(d, 1080) -
	                         sched_local_time(d - 1, 1080),
	                 25 * 3600);
	/* 01:30 exists twice: the first one (BST, 00:30 UTC). */
	assert_int_equal((long long)sched_local_time(d, 90),
	                 (long long)1792888200LL);
	set_tz("America/New_York");
	d = sched_days_from_civil(2026, 11, 1);
	assert_int_equal((long long)sched_local_time(d, 90),
	                 (long long)1793511000LL);
	assert_int_equal(sched_local_day(sched_local_time(d, 0)), d);
}

static void
test_backoff(void **unused)
{
	struct sched_input in;
	struct sched_policy p;
	struct sched_state st;
	enum sched_kind k;
	long d0;
	int got[40] = {0};
	enum sched_kind kinds[40] = {0};
	/* Idle days with a prompt: 1 is the ordinary daily prompt. */
	static const int want[] = {1, 2, 5, 10, 17, 24, 28};

	set_tz("Europe/London");
	input(&in, &p);
	d0 = sched_days_from_civil(2026, 11, 2);
	in.last_active = d0;
	sched_state_init(&st);
	for (int i = 0; i < 40; i++) {
		/* A login at 19:00 and a desktop check at 18:30, daily. */
		time_t t1 = sched_local_time(d0 + i, 18 * 60 + 30);
		time_t t2 = sched_local_time(d0 + i, 19 * 60);

		if (sched_decide(&in, &st, SCHED_CH_NOTIFY, t1, &k) ==
		    SCHED_DUE) {
			got[i]++;
			kinds[i] = k;
			sched_record(&st, &in, SCHED_CH_NOTIFY, k, t1);
		}
		if (sched_decide(&in, &st, SCHED_CH_LOGIN, t2, &k) ==
		    SCHED_DUE) {
			got[i]++;
			kinds[i] = k;
			sched_record(&st, &in, SCHED_CH_LOGIN, k, t2);
		}
	}
	/* Day 0: active that day, an ordinary prompt too. */
	assert_int_equal(got[0], 1);
	for (int i = 1; i < 40; i++) {
		int expect = 0;

		for (size_t j = 0; j < sizeof(want) / sizeof(want[0]); j++)
			if (want[j] == i)
				expect = 1;
		if (got[i] != expect)
			fail_msg("idle day %d: %d prompts, wanted %d", i,
			         got[i], expect);
	}
	assert_int_equal(kinds[1], SCHED_PRACTICE);
	for (int i = 2; i <= 24; i++)
		if (got[i])
			assert_int_equal(kinds[i], SCHED_NUDGE);
	assert_int_equal(kinds[28], SCHED_WELCOME);
	/* The desktop never says the welcome line: silence after day 28. */
	assert_int_equal(sched_decide(&in, &st, SCHED_CH_NOTIFY,
	                              sched_local_time(d0 + 30, 1110), &k),
	                 SCHED_STOPPED);
	/* Activity resets everything. */
	in.last_active = d0 + 40;
	assert_int_equal(sched_decide(&in, &st, SCHED_CH_NOTIFY,
	                              sched_local_time(d0 + 41, 1110), &k),
	                 SCHED_DUE);
	assert_int_equal(k, SCHED_PRACTICE);
	assert_true(sched_welcome_back(d0, sched_local_time(d0 + 2, 600)));
	/* A nudge snoozed is given once more after the snooze, then not. */
	in.last_active = d0;
	sched_state_init(&st);
	{
		time_t t = sched_local_time(d0 + 5, 18 * 60);

		assert_int_equal(sched_decide(&in, &st, SCHED_CH_LOGIN, t, &k),
		                 SCHED_DUE);
		assert_int_equal(k, SCHED_NUDGE);
		sched_record(&st, &in, SCHED_CH_LOGIN, k, t);
		st.last_prompt = 0;
		st.snooze_until = t + 3600;
		assert_int_equal(
		        sched_decide(&in, &st, SCHED_CH_LOGIN, t + 1800, &k),
		        SCHED_SNOOZED);
		assert_int_equal(
		        sched_decide(&in, &st, SCHED_CH_LOGIN, t + 3700, &k),
		        SCHED_DUE);
		assert_int_equal(k, SCHED_NUDGE);
		sched_record(&st, &in, SCHED_CH_LOGIN, k, t + 3700);
		assert_int_equal(
		        sched_decide(&in, &st, SCHED_CH_LOGIN, t + 86400, &k),
		        SCHED_NOTHING);
	}
	assert_false(sched_welcome_back(d0, sched_local_time(d0 + 1, 600)));
}

static void
test_backoff_weekdays(void **unused)
{
	struct sched_input in;
	struct sched_policy p;
	struct sched_state st;
	enum sched_kind k;
	long d0 = sched_days_from_civil(2026, 11, 20); /* a Friday */
	int n = 0, first = -1;

	set_tz("Europe/London");
	input(&in, &p);
	assert_int_equal(sched_parse_days("mon-fri", &in.policy.days), 0);
	in.last_active = d0;
	sched_state_init(&st);
	/* Day 2 is a Sunday: the first nudge waits for Monday (day 3). */
	for (int i = 1; i < 5; i++) {
		time_t t = sched_local_time(d0 + i, 18 * 60 + 15);

		if (sched_decide(&in, &st, SCHED_CH_NOTIFY, t, &k) ==
		    SCHED_DUE) {
			n++;
			if (first < 0)
				first = i;
			sched_record(&st, &in, SCHED_CH_NOTIFY, k, t);
		}
	}
	assert_int_equal(n, 1);
	assert_int_equal(first, 3);
}

static void
test_snooze_pause_off(void **unused)
{
	struct sched_input in;
	struct sched_policy p;
	struct sched_state st;
	enum sched_kind k;
	time_t t;

	set_tz("Europe/London");
	t = at(2026, 11, 23, 18, 0);
	input(&in, &p);
	sched_state_init(&st);
	st.pause_until = t + 3 * 86400;
	assert_int_equal(sched_decide(&in, &st, SCHED_CH_LOGIN, t, &k),
	                 SCHED_PAUSED);
	assert_int_equal(sched_decide(&in, &st, SCHED_CH_LOGIN,
	                              t + 2 * 86400 + 3600, &k),
	                 SCHED_PAUSED);
	assert_int_equal(
	        sched_decide(&in, &st, SCHED_CH_LOGIN, t + 3 * 86400 + 60, &k),
	        SCHED_DUE);
	/* The next prompt after a pause is the first window after it. */
	st.pause_until = at(2026, 11, 25, 12, 0);
	assert_int_equal(sched_next(&in, &st, SCHED_CH_NOTIFY, t, 14, &k),
	                 at(2026, 11, 25, 18, 0));
	st.pause_until = 0;
	/* Snooze: after a prompt, one more once the snooze ends. */
	sched_record(&st, &in, SCHED_CH_NOTIFY, SCHED_PRACTICE, t);
	assert_int_equal(sched_decide(&in, &st, SCHED_CH_NOTIFY, t + 60, &k),
	                 SCHED_DONE_TODAY);
	st.last_prompt = 0; /* what `tend remind snooze` does */
	st.snooze_until = t + 3600;
	assert_int_equal(sched_decide(&in, &st, SCHED_CH_NOTIFY, t + 1800, &k),
	                 SCHED_SNOOZED);
	assert_int_equal(sched_decide(&in, &st, SCHED_CH_NOTIFY, t + 3600, &k),
	                 SCHED_DUE);
	sched_record(&st, &in, SCHED_CH_NOTIFY, k, t + 3600);
	assert_int_equal(st.snooze_until, 0);
	assert_int_equal(sched_decide(&in, &st, SCHED_CH_LOGIN, t + 4000, &k),
	                 SCHED_DONE_TODAY);
	st.off = true;
	assert_int_equal(
	        sched_decide(&in, &st, SCHED_CH_LOGIN, t + 2 * 86400, &k),
	        SCHED_OFF);
	assert_int_equal(sched_next(&in, &st, SCHED_CH_LOGIN, t, 30, &k), 0);
}

static void
test_items(void **unused)
{
	struct sched_input in;
	struct sched_policy p;
	struct sched_state st;
	enum sched_kind k;
	struct sched_item items[3];
	long d0;

	set_tz("America/New_York");
	input(&in, &p);
	in.practice_daily = false;
	sched_state_init(&st);
	d0 = sched_days_from_civil(2026, 11, 23);
	in.last_active = d0;
	/* A planned practice at 10:00 today, outside the window. */
	items[0].at = sched_local_time(d0, 600);
	items[0].kind = SCHED_PRACTICE;
	in.items = items;
	in.nitems = 1;
	assert_int_equal(sched_decide(&in, &st, SCHED_CH_NOTIFY,
	                              sched_local_time(d0, 590), &k),
	                 SCHED_NOT_YET);
	assert_int_equal(sched_decide(&in, &st, SCHED_CH_NOTIFY,
	                              sched_local_time(d0, 605), &k),
	                 SCHED_DUE);
	assert_int_equal(k, SCHED_PRACTICE);
	/* Too late for a desktop pop-up, but a login still shows it. */
	assert_int_equal(sched_decide(&in, &st, SCHED_CH_NOTIFY,
	                              sched_local_time(d0, 800), &k),
	                 SCHED_NOTHING);
	assert_int_equal(sched_decide(&in, &st, SCHED_CH_LOGIN,
	                              sched_local_time(d0, 800), &k),
	                 SCHED_DUE);
	assert_int_equal(sched_next(&in, &st, SCHED_CH_NOTIFY,
	                            sched_local_time(d0, 300), 7, &k),
	                 items[0].at);
	/* Yesterday's planned time is not a reminder today. */
	assert_int_equal(sched_decide(&in, &st, SCHED_CH_LOGIN,
	                              sched_local_time(d0 + 1, 1100), &k),
	                 SCHED_NOTHING);
	/* A section opening and a check-in: the check-in comes first, in
	 * the window. */
	items[0].at = sched_local_time(d0, 0);
	items[0].kind = SCHED_LESSON;
	items[1].at = sched_local_time(d0, 1);
	items[1].kind = SCHED_CHECKIN;
	in.nitems = 2;
	assert_int_equal(sched_decide(&in, &st, SCHED_CH_NOTIFY,
	                              sched_local_time(d0, 1085), &k),
	                 SCHED_DUE);
	assert_int_equal(k, SCHED_CHECKIN);
	in.nitems = 1;
	assert_int_equal(sched_decide(&in, &st, SCHED_CH_NOTIFY,
	                              sched_local_time(d0, 1085), &k),
	                 SCHED_DUE);
	assert_int_equal(k, SCHED_LESSON);
	/* Waiting for a section to open is not missed practice: idleness
	 * counts from the day it opened. */
	in.last_active = d0 - 7;
	assert_int_equal(sched_decide(&in, &st, SCHED_CH_NOTIFY,
	                              sched_local_time(d0, 1085), &k),
	                 SCHED_DUE);
	assert_int_equal(k, SCHED_LESSON);
	assert_int_equal(sched_decide(&in, &st, SCHED_CH_NOTIFY,
	                              sched_local_time(d0 + 2, 1085), &k),
	                 SCHED_DUE);
	assert_int_equal(k, SCHED_NUDGE);
	/* Not open yet: nothing. */
	items[0].at = sched_local_time(d0 + 3, 0);
	assert_int_equal(sched_decide(&in, &st, SCHED_CH_LOGIN,
	                              sched_local_time(d0 + 1, 1085), &k),
	                 SCHED_NOTHING);
	assert_int_equal(sched_next(&in, &st, SCHED_CH_LOGIN,
	                            sched_local_time(d0 + 1, 1085), 14, &k),
	                 sched_local_time(d0 + 3, 1080));
}

static void
test_next(void **unused)
{
	struct sched_input in;
	struct sched_policy p;
	struct sched_state st;
	enum sched_kind k;
	long d0;

	set_tz("Europe/London");
	input(&in, &p);
	sched_state_init(&st);
	d0 = sched_days_from_civil(2026, 3, 28);
	in.last_active = d0;
	assert_int_equal(sched_next(&in, &st, SCHED_CH_NOTIFY,
	                            sched_local_time(d0, 600), 7, &k),
	                 sched_local_time(d0, 1080));
	assert_int_equal(k, SCHED_PRACTICE);
	sched_record(&st, &in, SCHED_CH_NOTIFY, k, sched_local_time(d0, 1080));
	/* After today's prompt: tomorrow, across the DST change, 18:00. */
	assert_int_equal(sched_next(&in, &st, SCHED_CH_NOTIFY,
	                            sched_local_time(d0, 1090), 7, &k),
	                 sched_local_time(d0 + 1, 1080));
	assert_int_equal(sched_local_minute(sched_local_time(d0 + 1, 1080)),
	                 1080);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_parsers),
	        cmocka_unit_test(test_policy_problem),
	        cmocka_unit_test(test_window_and_quiet),
	        cmocka_unit_test(test_days),
	        cmocka_unit_test(test_once_a_day_across_channels),
	        cmocka_unit_test(test_dst),
	        cmocka_unit_test(test_local_time_across_dst),
	        cmocka_unit_test(test_backoff),
	        cmocka_unit_test(test_backoff_weekdays),
	        cmocka_unit_test(test_snooze_pause_off),
	        cmocka_unit_test(test_items),
	        cmocka_unit_test(test_next),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
