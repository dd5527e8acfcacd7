/*
 * Wall clock (freezable with TEND_NOW for tests) and a monotonic clock for
 * timers.
 */
#include "util/clock.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

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
