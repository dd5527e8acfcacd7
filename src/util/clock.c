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
clock_local_day(time_t t)
{
	struct tm tm;
	long y, m, d;

	localtime_r(&t, &tm);
	/* Days from civil date (proleptic Gregorian), epoch 1970-01-01. */
	y = tm.tm_year + 1900;
	m = tm.tm_mon + 1;
	d = tm.tm_mday;
	y -= m <= 2;
	{
		long era = (y >= 0 ? y : y - 399) / 400;
		long yoe = y - era * 400;
		long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
		long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

		return era * 146097 + doe - 719468;
	}
}

time_t
clock_day_start(long day)
{
	struct tm tm = {0};
	long z = day + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp < 10 ? mp + 3 : mp - 9;
	long y = yoe + era * 400 + (m <= 2);

	tm.tm_year = (int)(y - 1900);
	tm.tm_mon = (int)(m - 1);
	tm.tm_mday = (int)d;
	tm.tm_isdst = -1;
	/* Where midnight does not exist (a DST jump at 00:00), mktime
	 * normalises forward to the first valid time. */
	return mktime(&tm);
}
