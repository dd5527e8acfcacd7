/*
 * util/clock's calendar: civil date <-> day number through timegm and
 * gmtime_r, checked against the days-from-civil algorithm it replaced over
 * ±2,000 years, date validity (leap years), and local days across DST
 * changes (including a zone whose clocks jump at midnight).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <time.h>

#include <cmocka.h>

#include "core/sched.h"
#include "util/clock.h"

/* The arithmetic tend used before (H. Hinnant's days_from_civil). */
static long
oracle_days(long y, long m, long d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
test_known_days(void **state)
{
	int y, m, d;

	assert_int_equal(clock_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(clock_days_from_civil(1969, 12, 31), -1);
	assert_int_equal(clock_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(clock_days_from_civil(2024, 2, 29), 19782);
	/* Out-of-range fields carry over, as they did before. */
	assert_int_equal(clock_days_from_civil(2024, 2, 30),
	                 clock_days_from_civil(2024, 3, 1));
	assert_int_equal(clock_days_from_civil(2023, 13, 1),
	                 clock_days_from_civil(2024, 1, 1));
	clock_civil_from_days(-1, &y, &m, &d);
	assert_int_equal(y, 1969);
	assert_int_equal(m, 12);
	assert_int_equal(d, 31);
	clock_civil_from_days(19782, &y, &m, &d);
	assert_int_equal(y * 10000 + m * 100 + d, 20240229);
}

/* Every 37th day from 0030 to 3970: the same numbers as before, and back. */
static void
test_against_oracle(void **state)
{
	long lo = oracle_days(30, 1, 1), hi = oracle_days(3970, 12, 31);

	for (long day = lo; day <= hi; day += 37) {
		int y, m, d;

		clock_civil_from_days(day, &y, &m, &d);
		assert_int_equal(oracle_days(y, m, d), day);
		assert_int_equal(clock_days_from_civil(y, m, d), day);
		assert_true(clock_date_valid(y, m, d));
		/* The weekday: 1970-01-01 was a Thursday. */
		assert_int_equal(sched_weekday(day),
		                 (int)(((day + 4) % 7 + 7) % 7));
	}
}

static void
test_valid(void **state)
{
	assert_true(clock_date_valid(2024, 2, 29));
	assert_true(clock_date_valid(2000, 2, 29));
	assert_false(clock_date_valid(2023, 2, 29));
	assert_false(clock_date_valid(1900, 2, 29));
	assert_false(clock_date_valid(2100, 2, 29));
	assert_false(clock_date_valid(2024, 4, 31));
	assert_true(clock_date_valid(2024, 12, 31));
	assert_false(clock_date_valid(2024, 0, 1));
	assert_false(clock_date_valid(2024, 13, 1));
	assert_false(clock_date_valid(2024, 1, 0));
	assert_false(clock_date_valid(2024, 1, 32));
}

/* day_start(local_day(t)) <= t < day_start(local_day(t) + 1), hourly. */
static void
check_zone(const char *tz, int y, int m, int d)
{
	long first = clock_days_from_civil(y, m, d) - 3;
	time_t t0 = (time_t)first * 86400;

	setenv("TZ", tz, 1);
	tzset();
	for (time_t t = t0; t < t0 + 7 * 86400; t += 1800) {
		long day = clock_local_day(t);
		time_t start = clock_day_start(day);
		struct tm tm;

		assert_true(start <= t);
		assert_true(t < clock_day_start(day + 1));
		/* The start reads as that local date, at or just after 00:00. */
		localtime_r(&start, &tm);
		assert_int_equal(clock_days_from_civil(tm.tm_year + 1900,
		                                       tm.tm_mon + 1,
		                                       tm.tm_mday),
		                 day);
		assert_true(tm.tm_hour <= 1);
		assert_int_equal(sched_local_day(t), day);
	}
}

static void
test_local_days(void **state)
{
	check_zone("Europe/London", 2026, 3, 29);
	check_zone("Europe/London", 2026, 10, 25);
	check_zone("America/New_York", 2026, 11, 1);
	/* Clocks jump from 00:00 to 01:00: midnight does not exist. */
	check_zone("America/Santiago", 2026, 9, 6);
	check_zone("Australia/Lord_Howe", 2026, 4, 5);
	check_zone("Pacific/Auckland", 2026, 9, 27);
	setenv("TZ", "UTC", 1);
	tzset();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_known_days),
	        cmocka_unit_test(test_against_oracle),
	        cmocka_unit_test(test_valid),
	        cmocka_unit_test(test_local_days),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
