/*
 * Time.  clock_now() is wall-clock seconds since the epoch, frozen to the
 * value of TEND_NOW when that is set (tests).  clock_mono_ms() is a
 * monotonic clock for timers; it never follows TEND_NOW.
 */
#ifndef TEND_UTIL_CLOCK_H
#define TEND_UTIL_CLOCK_H

#include <stdint.h>
#include <time.h>

time_t clock_now(void);
int64_t clock_mono_ms(void);
/* Re-reads TEND_NOW (tests that change it). */
void clock_reset(void);

/* Local calendar day number (days since 1970-01-01 in local time). */
long clock_local_day(time_t t);
/* Local midnight that starts the given local day number. */
time_t clock_day_start(long day);

#endif
