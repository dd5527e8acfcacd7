/*
 * Wall clock (freezable with TEND_NOW for tests) and a monotonic clock for
 * timers; civil dates; and dates in words, whose names are the message
 * catalogue's (the one place the interface's language comes from).
 */
#include "util/clock.h"

#include <errno.h>
#include <locale.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/i18n.h"

static bool frozen_read;
static bool frozen;
static time_t frozen_at;

void
clock_reset(void)
{
	frozen_read = false;
}

time_t
clock_now(void)
{
	if (!frozen_read) {
		const char *v = getenv("TEND_NOW");
		char *end;
		long long t;

		frozen_read = true;
		frozen = false;
		if (v && *v) {
			errno = 0;
			t = strtoll(v, &end, 10);
			if (!errno && *end == '\0' && t >= 0) {
				frozen = true;
				frozen_at = (time_t)t;
			}
		}
	}
	return frozen ? frozen_at : time(NULL);
}

int64_t
clock_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long
clock_days_from_civil(int y, int m, int d)
{
	struct tm tm = {0};

	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	/* Midnight UTC is a whole number of days from the epoch. */
	return (long)(timegm(&tm) / 86400);
}

void
clock_civil_from_days(long day, int *y, int *m, int *d)
{
	time_t t = (time_t)day * 86400;
	struct tm tm = {0};

	gmtime_r(&t, &tm);
	*y = tm.tm_year + 1900;
	*m = tm.tm_mon + 1;
	*d = tm.tm_mday;
}

bool
clock_date_valid(int y, int m, int d)
{
	int yy, mm, dd;

	if (m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	/* timegm moves 30 February on to March: a real date comes back. */
	clock_civil_from_days(clock_days_from_civil(y, m, d), &yy, &mm, &dd);
	return yy == y && mm == m && dd == d;
}

long
clock_local_day(time_t t)
{
	struct tm tm;

	localtime_r(&t, &tm);
	return clock_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1,
	                             tm.tm_mday);
}

time_t
clock_day_start(long day)
{
	time_t t = (time_t)day * 86400;
	struct tm tm;

	/* The day's date, then its local midnight.  Where midnight does
	 * not exist (a DST jump at 00:00), mktime normalises forward to the
	 * first valid time. */
	gmtime_r(&t, &tm);
	tm.tm_isdst = -1;
	return mktime(&tm);
}

/* The names, indexed as struct tm counts (Sunday 0, January 0). */
static const char *const day_names[7] = {
        N_("Sunday"),   N_("Monday"), N_("Tuesday"),  N_("Wednesday"),
        N_("Thursday"), N_("Friday"), N_("Saturday"),
};
static const char *const day_abbrs[7] = {
        /* TRANSLATORS: abbreviated names of the days (as in "Mon 3 Nov"). */
        N_("Sun"), N_("Mon"), N_("Tue"), N_("Wed"),
        N_("Thu"), N_("Fri"), N_("Sat"),
};
static const char *const month_names[12] = {
        N_("January"),   N_("February"), N_("March"),    N_("April"),
        N_("May"),       N_("June"),     N_("July"),     N_("August"),
        N_("September"), N_("October"),  N_("November"), N_("December"),
};
static const char *const month_abbrs[12] = {
        /* TRANSLATORS: abbreviated names of the months (as in "3 Nov");
         * "May" is both the name and its abbreviation. */
        N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"),
        N_("Jul"), N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec"),
};

static const char *
name_of(char conv, const struct tm *tm)
{
	int d = tm->tm_wday, m = tm->tm_mon;

	switch (conv) {
	case 'A':
		return d >= 0 && d < 7 ? _(day_names[d]) : "?";
	case 'a':
		return d >= 0 && d < 7 ? _(day_abbrs[d]) : "?";
	case 'B':
		return m >= 0 && m < 12 ? _(month_names[m]) : "?";
	default: /* 'b', 'h' */
		return m >= 0 && m < 12 ? _(month_abbrs[m]) : "?";
	}
}

size_t
clock_strftime(char *s, size_t max, const char *fmt, const struct tm *tm)
{
	static locale_t c_loc = (locale_t)0;
	struct buf b = BUF_INIT;
	size_t n = 0;

	if (c_loc == (locale_t)0)
		c_loc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	for (const char *p = fmt; *p;) {
		const char *q = p + 1;
		char spec[16], part[128];
		size_t k;

		if (*p != '%') {
			buf_addc(&b, *p++);
			continue;
		}
		/* Flags, width and the E/O modifiers, then the conversion. */
		while (*q && strchr("_-0^#", *q))
			q++;
		while (*q >= '0' && *q <= '9')
			q++;
		if (*q == 'E' || *q == 'O')
			q++;
		if (!*q) {
			buf_adds(&b, p);
			break;
		}
		q++;
		k = (size_t)(q - p);
		if (strchr("AaBbh", q[-1])) {
			buf_adds(&b, name_of(q[-1], tm));
		} else if (k < sizeof(spec)) {
			memcpy(spec, p, k);
			spec[k] = '\0';
			if (c_loc != (locale_t)0)
				buf_add(&b, part,
				        strftime_l(part, sizeof(part), spec, tm,
				                   c_loc));
		}
		p = q;
	}
	if (b.len < max) {
		memcpy(s, b.data ? b.data : "", b.len);
		s[b.len] = '\0';
		n = b.len;
	} else if (max > 0) {
		s[0] = '\0';
	}
	buf_free(&b);
	return n;
}
