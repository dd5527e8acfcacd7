/*
 * Reminder schedule math (see sched.h for the rules).  Every local date and
 * time of day goes through localtime_r and mktime, so a DST change moves
 * the instant of "18:00" but never the local day a prompt belongs to; the
 * once-a-day rule is keyed on that local day, which is what keeps a
 * reminder from being doubled on the day the clocks go back, and the
 * window of a day is never empty, which keeps it from being lost on the
 * day they go forward.
 */
#include "core/sched.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/clock.h"
#include "util/i18n.h"

/* Idle days on which a nudge is given; after the last, silence until
 * SCHED_STOP_DAY and beyond. */
static const int nudge_days[] = {2, 5, 10, 17, 24};
#define NNUDGES ((int)(sizeof(nudge_days) / sizeof(nudge_days[0])))

/* A desktop prompt for a planned time may come this long after it. */
#define PLANNED_GRACE (2 * 3600)

void
sched_policy_default(struct sched_policy *p)
{
	p->win_start = 18 * 60;
	p->win_end = 20 * 60;
	p->days = SCHED_ALL_DAYS;
	p->quiet_start = 21 * 60;
	p->quiet_end = 8 * 60;
}

void
sched_state_init(struct sched_state *st)
{
	memset(st, 0, sizeof(*st));
	st->pending_day = SCHED_NO_DAY;
	st->nudge_for = SCHED_NO_DAY;
	st->welcome_for = SCHED_NO_DAY;
}

/* --- calendar ------------------------------------------------------- */

long
sched_days_from_civil(int y, int m, int d)
{
	return clock_days_from_civil(y, m, d);
}

void
sched_civil_from_days(long day, int *y, int *m, int *d)
{
	clock_civil_from_days(day, y, m, d);
}

long
sched_local_day(time_t t)
{
	struct tm tm;

	if (!localtime_r(&t, &tm))
		return SCHED_NO_DAY;
	return sched_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1,
	                             tm.tm_mday);
}

int
sched_local_minute(time_t t)
{
	struct tm tm;

	if (!localtime_r(&t, &tm))
		return 0;
	return tm.tm_hour * 60 + tm.tm_min;
}

int
sched_weekday(long day)
{
	time_t t = (time_t)day * 86400;
	struct tm tm = {0};

	gmtime_r(&t, &tm);
	return tm.tm_wday;
}

static time_t
mk(int y, int m, int d, int minute, int isdst)
{
	struct tm tm = {0};

	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = minute / 60;
	tm.tm_min = minute % 60;
	tm.tm_isdst = isdst;
	return mktime(&tm);
}

/* Does t read as the local y-m-d and minute? */
static bool
reads_as(time_t t, int y, int m, int d, int minute)
{
	struct tm tm;

	return localtime_r(&t, &tm) && tm.tm_year == y - 1900 &&
	       tm.tm_mon == m - 1 && tm.tm_mday == d &&
	       tm.tm_hour * 60 + tm.tm_min == minute;
}

time_t
sched_local_time(long day, int minute)
{
	struct tm chk;
	int y, m, d;
	time_t t, a, b;

	sched_civil_from_days(day, &y, &m, &d);
	/*
	 * mktime's choice for a time that exists twice (the clocks went
	 * back) depends on the zone's history; ask for both readings and
	 * keep the earlier one that really reads as asked.
	 */
	a = mk(y, m, d, minute, 0);
	b = mk(y, m, d, minute, 1);
	if (reads_as(a, y, m, d, minute) && reads_as(b, y, m, d, minute))
		return a < b ? a : b;
	if (reads_as(a, y, m, d, minute))
		return a;
	if (reads_as(b, y, m, d, minute))
		return b;
	/*
	 * A gap: the clocks jumped over this time.  glibc moves it forward
	 * by the size of the jump; should a libc move it backward instead,
	 * walk forward to the end of the gap so the time is never earlier
	 * than asked.
	 */
	t = mk(y, m, d, minute, -1);
	for (int i = 0;
	     i < 24 * 4 && localtime_r(&t, &chk) &&
	     sched_days_from_civil(chk.tm_year + 1900, chk.tm_mon + 1,
	                           chk.tm_mday) == day &&
	     chk.tm_hour * 60 + chk.tm_min < minute;
	     i++)
		t += 15 * 60;
	return t;
}

void
sched_window(const struct sched_policy *p, long day, time_t *start, time_t *end)
{
	*start = sched_local_time(day, p->win_start);
	*end = p->win_end >= SCHED_MINUTES_PER_DAY
	               ? sched_local_time(day + 1, 0)
	               : sched_local_time(day, p->win_end);
	/* A window swallowed by a DST gap keeps its length after the gap. */
	if (*end <= *start)
		*end = *start + (time_t)(p->win_end - p->win_start) * 60;
}

bool
sched_in_quiet(const struct sched_policy *p, int minute)
{
	if (p->quiet_start == p->quiet_end)
		return false;
	if (p->quiet_start < p->quiet_end)
		return minute >= p->quiet_start && minute < p->quiet_end;
	return minute >= p->quiet_start || minute < p->quiet_end;
}

const char *
sched_policy_problem(const struct sched_policy *p)
{
	int m;

	if (p->win_start < 0 || p->win_start >= SCHED_MINUTES_PER_DAY ||
	    p->win_end <= p->win_start || p->win_end > SCHED_MINUTES_PER_DAY)
		return _(
		        "the window must start before it ends, within one day");
	if (p->quiet_start < 0 || p->quiet_start >= SCHED_MINUTES_PER_DAY ||
	    p->quiet_end < 0 || p->quiet_end >= SCHED_MINUTES_PER_DAY)
		return _("quiet hours must be times of day");
	if ((p->days & ~SCHED_ALL_DAYS) != 0)
		return _("unknown weekday");
	for (m = p->win_start; m < p->win_end; m++)
		if (!sched_in_quiet(p, m))
			return NULL;
	return _("the whole window lies in quiet hours, so no reminder "
	         "could ever come");
}

/* --- deciding ------------------------------------------------------- */

static bool
chosen_day(const struct sched_policy *p, long day)
{
	return (p->days >> sched_weekday(day)) & 1u;
}

long
sched_idle_days(const struct sched_input *in, time_t now)
{
	long today = sched_local_day(now);

	if (in->last_active == SCHED_NO_DAY || in->last_active > today)
		return 0;
	return today - in->last_active;
}

bool
sched_welcome_back(long last_active, time_t now)
{
	long today = sched_local_day(now);

	return last_active != SCHED_NO_DAY && today - last_active >= 2;
}

/*
 * The day idleness is counted from: the last active day, or, when no
 * daily practice is set, the day the first thing became due after it
 * (waiting for a section to open is not missing practice).  SCHED_NO_DAY
 * when there is nothing to miss.
 */
static long
idle_from(const struct sched_input *in, time_t now)
{
	long first = SCHED_NO_DAY;

	if (in->last_active == SCHED_NO_DAY)
		return SCHED_NO_DAY;
	if (in->practice_daily)
		return in->last_active;
	for (size_t i = 0; i < in->nitems; i++) {
		long d;

		if (in->items[i].at > now)
			continue;
		d = sched_local_day(in->items[i].at);
		if (first == SCHED_NO_DAY || d < first)
			first = d;
	}
	if (first == SCHED_NO_DAY)
		return SCHED_NO_DAY;
	return first > in->last_active ? first : in->last_active;
}

/* The nudge step that is due on idle day n, or -1 before the first. */
static int
nudge_step_for(long n)
{
	int s = -1;

	for (int i = 0; i < NNUDGES; i++)
		if (nudge_days[i] <= n)
			s = i;
	return s;
}

/* The window of today has opened for channel ch (and, for the desktop,
 * not yet closed).  Sets *why to NOT_YET or LATE otherwise. */
static bool
window_open(const struct sched_policy *p, long today, enum sched_channel ch,
            time_t now, enum sched_why *why)
{
	time_t ws, we;

	sched_window(p, today, &ws, &we);
	if (now < ws) {
		*why = SCHED_NOT_YET;
		return false;
	}
	if (ch == SCHED_CH_NOTIFY && now >= we) {
		*why = SCHED_LATE;
		return false;
	}
	return true;
}

/* The person snoozed today's prompt and the snooze is over: they asked
 * for one more, whatever the back-off says. */
static bool
snooze_ended_today(const struct sched_state *st, time_t now, long today)
{
	return st->snooze_until != 0 && st->snooze_until <= now &&
	       sched_local_day(st->snooze_until) == today;
}

static enum sched_why
decide_reengage(const struct sched_input *in, const struct sched_state *st,
                enum sched_channel ch, time_t now, long today, long from,
                enum sched_kind *kind)
{
	long idle = today - from;
	int step, done;
	enum sched_why why = SCHED_NOTHING;

	if (idle >= SCHED_STOP_DAY) {
		if (ch == SCHED_CH_LOGIN && st->welcome_for != from) {
			*kind = SCHED_WELCOME;
			return SCHED_DUE;
		}
		return SCHED_STOPPED;
	}
	step = nudge_step_for(idle);
	done = st->nudge_for == from ? st->nudge_step : 0;
	/* A snooze that ended today asked for this nudge once more. */
	if (step < 0 || (done > step && !snooze_ended_today(st, now, today)))
		return SCHED_NOTHING;
	if (!chosen_day(&in->policy, today))
		return SCHED_NOTHING;
	if (!window_open(&in->policy, today, ch, now, &why))
		return why;
	*kind = SCHED_NUDGE;
	return SCHED_DUE;
}

enum sched_why
sched_decide(const struct sched_input *in, const struct sched_state *st,
             enum sched_channel ch, time_t now, enum sched_kind *kind)
{
	long today, from;
	enum sched_kind best = SCHED_NONE;
	enum sched_why why = SCHED_NOTHING;
	bool later_today = false;

	*kind = SCHED_NONE;
	if (st->off)
		return SCHED_OFF;
	if (st->pause_until > now)
		return SCHED_PAUSED;
	if (st->snooze_until > now)
		return SCHED_SNOOZED;
	today = sched_local_day(now);
	if (st->last_prompt != 0 && sched_local_day(st->last_prompt) == today)
		return SCHED_DONE_TODAY;
	if (sched_in_quiet(&in->policy, sched_local_minute(now)))
		return SCHED_QUIET;

	from = idle_from(in, now);
	if (from != SCHED_NO_DAY && today - from >= 2)
		return decide_reengage(in, st, ch, now, today, from, kind);

	/* A planned practice time today, once it has come. */
	for (size_t i = 0; i < in->nitems; i++) {
		const struct sched_item *it = &in->items[i];

		if (it->kind != SCHED_PRACTICE ||
		    sched_local_day(it->at) != today)
			continue;
		if (it->at > now) {
			later_today = true;
			continue;
		}
		if (ch == SCHED_CH_NOTIFY && now >= it->at + PLANNED_GRACE)
			continue;
		*kind = SCHED_PRACTICE;
		return SCHED_DUE;
	}

	/* Otherwise, on a chosen day inside the window: what is due. */
	for (size_t i = 0; i < in->nitems; i++) {
		const struct sched_item *it = &in->items[i];

		if (it->kind == SCHED_PRACTICE)
			continue;
		if (it->at > now) {
			if (sched_local_day(it->at) == today)
				later_today = true;
			continue;
		}
		if (it->kind == SCHED_CHECKIN)
			best = SCHED_CHECKIN;
		else if (it->kind == SCHED_LESSON && best != SCHED_CHECKIN)
			best = SCHED_LESSON;
	}
	if (best == SCHED_NONE && in->practice_daily)
		best = SCHED_PRACTICE;
	/* A desktop prompt that could not be shown waits for the login. */
	if (best == SCHED_NONE && ch == SCHED_CH_LOGIN &&
	    st->pending_day == today)
		best = SCHED_PRACTICE;
	if (best == SCHED_NONE || !chosen_day(&in->policy, today))
		return later_today ? SCHED_NOT_YET : SCHED_NOTHING;
	if (!(ch == SCHED_CH_LOGIN && st->pending_day == today) &&
	    !window_open(&in->policy, today, ch, now, &why))
		return why == SCHED_LATE && later_today ? SCHED_NOT_YET : why;
	*kind = best;
	return SCHED_DUE;
}

void
sched_record(struct sched_state *st, const struct sched_input *in,
             enum sched_channel ch, enum sched_kind kind, time_t now)
{
	long from = idle_from(in, now);
	long today = sched_local_day(now);

	st->last_prompt = now;
	st->last_channel = ch;
	st->pending_day = SCHED_NO_DAY;
	st->snooze_until = 0;
	st->rotation++;
	if (kind == SCHED_NUDGE && from != SCHED_NO_DAY) {
		st->nudge_step = nudge_step_for(today - from) + 1;
		st->nudge_for = from;
	} else if (kind == SCHED_WELCOME && from != SCHED_NO_DAY) {
		st->welcome_for = from;
	}
}

void
sched_mark_pending(struct sched_state *st, time_t now)
{
	st->pending_day = sched_local_day(now);
}

static int
cmp_time(const void *a, const void *b)
{
	time_t x = *(const time_t *)a, y = *(const time_t *)b;

	return (x > y) - (x < y);
}

time_t
sched_next(const struct sched_input *in, const struct sched_state *st,
           enum sched_channel ch, time_t now, int horizon_days,
           enum sched_kind *kind)
{
	long today = sched_local_day(now);
	size_t cap, n = 0;
	time_t *cand, found = 0;
	enum sched_kind k = SCHED_NONE;

	if (horizon_days < 1)
		horizon_days = 1;
	cap = (size_t)horizon_days * 4 + in->nitems + 3;
	cand = malloc(cap * sizeof(*cand));
	if (!cand)
		return 0;
	/*
	 * The decision only changes at these instants: so the first of them
	 * (from now on) at which it says "due" is the answer.
	 */
	cand[n++] = now;
	cand[n++] = st->pause_until;
	cand[n++] = st->snooze_until;
	for (long d = today; d <= today + horizon_days - 1; d++) {
		time_t ws, we;

		sched_window(&in->policy, d, &ws, &we);
		cand[n++] = ws;
		cand[n++] = sched_local_time(d, in->policy.quiet_end);
		cand[n++] = sched_local_time(d, 0);
		cand[n++] = sched_local_time(d + 1, 0);
	}
	for (size_t i = 0; i < in->nitems; i++)
		cand[n++] = in->items[i].at;
	qsort(cand, n, sizeof(*cand), cmp_time);
	for (size_t i = 0; i < n; i++) {
		if (cand[i] < now || (i > 0 && cand[i] == cand[i - 1]))
			continue;
		if (sched_local_day(cand[i]) >= today + horizon_days)
			break;
		if (sched_decide(in, st, ch, cand[i], &k) == SCHED_DUE) {
			found = cand[i];
			break;
		}
	}
	free(cand);
	if (kind)
		*kind = found ? k : SCHED_NONE;
	return found;
}

/* --- small parsers -------------------------------------------------- */

static int
two_digits(const char *s)
{
	if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]))
		return -1;
	return (s[0] - '0') * 10 + (s[1] - '0');
}

int
sched_parse_hm(const char *s, size_t len, int *minutes)
{
	int h, m;

	if (len != 5 || s[2] != ':')
		return -1;
	h = two_digits(s);
	m = two_digits(s + 3);
	if (h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m != 0))
		return -1;
	*minutes = h * 60 + m;
	return 0;
}

int
sched_parse_range(const char *s, int *a, int *b)
{
	if (strlen(s) != 11 || s[5] != '-')
		return -1;
	if (sched_parse_hm(s, 5, a) < 0 || sched_parse_hm(s + 6, 5, b) < 0)
		return -1;
	return 0;
}

static const char *const day_names[] = {"sun", "mon", "tue", "wed",
                                        "thu", "fri", "sat"};

static int
day_index(const char *s, size_t len)
{
	if (len != 3)
		return -1;
	for (int i = 0; i < 7; i++)
		if (strncasecmp(s, day_names[i], 3) == 0)
			return i;
	return -1;
}

int
sched_parse_days(const char *s, unsigned *days)
{
	unsigned out = 0;
	const char *p = s;

	if (strcasecmp(s, "none") == 0) {
		*days = 0;
		return 0;
	}
	if (*s == '\0')
		return -1;
	for (;;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		const char *dash = memchr(p, '-', len);

		if (len == 3 && strncasecmp(p, "all", 3) == 0) {
			out |= SCHED_ALL_DAYS;
		} else if (len == 5 && strncasecmp(p, "daily", 5) == 0) {
			out |= SCHED_ALL_DAYS;
		} else if (len == 8 && strncasecmp(p, "weekdays", 8) == 0) {
			out |= 0x3eu;
		} else if (len == 8 && strncasecmp(p, "weekends", 8) == 0) {
			out |= 0x41u;
		} else if (dash) {
			int a = day_index(p, (size_t)(dash - p));
			int b = day_index(dash + 1,
			                  len - (size_t)(dash - p) - 1);

			if (a < 0 || b < 0)
				return -1;
			for (int i = a;; i = (i + 1) % 7) {
				out |= 1u << i;
				if (i == b)
					break;
			}
		} else {
			int a = day_index(p, len);

			if (a < 0)
				return -1;
			out |= 1u << a;
		}
		if (!e)
			break;
		p = e + 1;
	}
	*days = out;
	return 0;
}

void
sched_format_days(unsigned days, char *out, size_t n)
{
	size_t used = 0;

	if (n == 0)
		return;
	out[0] = '\0';
	/* Monday first: the order people read a week in. */
	for (int k = 1; k <= 7; k++) {
		int i = k % 7;

		if (!((days >> i) & 1u))
			continue;
		used += (size_t)snprintf(out + used, used < n ? n - used : 0,
		                         "%s%s", used ? "," : "", day_names[i]);
	}
	if (used == 0)
		snprintf(out, n, "none");
}

int
sched_parse_duration(const char *s, long max_s, long *seconds)
{
	long v = 0, unit;
	size_t i = 0;

	while (isdigit((unsigned char)s[i])) {
		if (i >= 6)
			return -1;
		v = v * 10 + (s[i] - '0');
		i++;
	}
	if (i == 0 || s[i] == '\0' || s[i + 1] != '\0' || v < 1)
		return -1;
	switch (s[i]) {
	case 'm':
		unit = 60;
		break;
	case 'h':
		unit = 3600;
		break;
	case 'd':
		unit = 86400;
		break;
	case 'w':
		unit = 7 * 86400;
		break;
	default:
		return -1;
	}
	if (v > max_s / unit)
		return -1;
	*seconds = v * unit;
	return 0;
}

static int
digits(const char *s, size_t n, int *v)
{
	*v = 0;
	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

/* "YYYY-MM-DD" (years 1970-9999) at s -> its parts.  0 or -1. */
static int
parse_ymd(const char *s, int *y, int *m, int *d)
{
	if (s[4] != '-' || s[7] != '-' || digits(s, 4, y) < 0 ||
	    digits(s + 5, 2, m) < 0 || digits(s + 8, 2, d) < 0)
		return -1;
	return *y >= 1970 && *y <= 9999 && clock_date_valid(*y, *m, *d) ? 0
	                                                                : -1;
}

int
sched_parse_date(const char *s, size_t len, long *day)
{
	int y, m, d;

	if (len != 10 || parse_ymd(s, &y, &m, &d) < 0)
		return -1;
	*day = clock_days_from_civil(y, m, d);
	return 0;
}

int
sched_parse_utc(const char *s, size_t len, time_t *t)
{
	struct tm tm = {0};
	int y, m, d;

	if (len != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
	    s[19] != 'Z' || parse_ymd(s, &y, &m, &d) < 0)
		return -1;
	if (digits(s + 11, 2, &tm.tm_hour) < 0 ||
	    digits(s + 14, 2, &tm.tm_min) < 0 ||
	    digits(s + 17, 2, &tm.tm_sec) < 0 || tm.tm_hour > 23 ||
	    tm.tm_min > 59 || tm.tm_sec > 59)
		return -1;
	/* time_t may be 32 bits on some systems: refuse what won't fit. */
	if (sizeof(time_t) < 8 && y > 2037)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	*t = timegm(&tm);
	return 0;
}

void
sched_format_date(long day, char *out, size_t n)
{
	int y, m, d;

	sched_civil_from_days(day, &y, &m, &d);
	snprintf(out, n, "%04d-%02d-%02d", y, m, d);
}

void
sched_format_utc(time_t t, char *out, size_t n)
{
	struct tm tm;

	if (!gmtime_r(&t, &tm)) {
		snprintf(out, n, "1970-01-01T00:00:00Z");
		return;
	}
	snprintf(out, n, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
	         tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static const char *const kind_names[] = {
        [SCHED_NONE] = NULL,       [SCHED_PRACTICE] = "practice",
        [SCHED_LESSON] = "lesson", [SCHED_CHECKIN] = "checkin",
        [SCHED_NUDGE] = "nudge",   [SCHED_WELCOME] = "welcome",
};

const char *
sched_kind_name(enum sched_kind k)
{
	if ((unsigned)k >= sizeof(kind_names) / sizeof(kind_names[0]))
		return NULL;
	return kind_names[k];
}

enum sched_kind
sched_kind_from_name(const char *s, size_t len)
{
	for (size_t i = 1; i < sizeof(kind_names) / sizeof(kind_names[0]); i++)
		if (strlen(kind_names[i]) == len &&
		    memcmp(kind_names[i], s, len) == 0)
			return (enum sched_kind)i;
	return SCHED_NONE;
}
