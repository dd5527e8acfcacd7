/*
 * Time.  clock_now() is wall-clock seconds since the epoch, frozen to the
 * value of TEND_NOW when that is set (tests).  clock_mono_ms() is a
 * monotonic clock for timers; it never follows TEND_NOW.
 */
#ifndef TEND_UTIL_CLOCK_H
#define TEND_UTIL_CLOCK_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

time_t clock_now(void);
int64_t clock_mono_ms(void);
/* Re-reads TEND_NOW (tests that change it). */
void clock_reset(void);

/*
 * Civil date <-> day number: days since 1970-01-01 in the proleptic
 * Gregorian calendar, no time zone (timegm(3), gmtime_r(3)).  Fields out of
 * range are carried over as timegm does (2024-02-30 is 2024-03-01).
 */
long clock_days_from_civil(int y, int m, int d);
void clock_civil_from_days(long day, int *y, int *m, int *d);
/* True when y-m-d is a real date (29 February only in a leap year). */
bool clock_date_valid(int y, int m, int d);

/*
 * strftime(3) for what a person reads: the names of days and months
 * (%A, %a, %B, %b, %h) come from the message catalogue (util/i18n.h), so a
 * date is always in the language of the rest of the interface, whatever
 * LC_TIME says ("Opens on 6 December" in English, "am 6. Dezember" in
 * German; never "on 6 Dezember").  Every other conversion is strftime's in
 * the C locale (numbers: %d %-d %e %m %Y %H %M ...; flags and widths as
 * strftime takes them); %c %x %X %p and %r would be English words and are
 * not for text.  fmt is usually itself translated, so a language puts the
 * parts in its own order ("%-d. %B").  Returns the number of bytes
 * written without the NUL, or 0 (s[0] = '\0' when max > 0) when the
 * result does not fit in max bytes, as strftime does.
 */
size_t
clock_strftime(char *s, size_t max, const char *fmt, const struct tm *tm);

/* Local calendar day number (days since 1970-01-01 in local time). */
long clock_local_day(time_t t);
/* Local midnight that starts the given local day number. */
time_t clock_day_start(long day);

#endif
