/*
 * RFC 5545 output for the reminders.  The time zone definition is derived
 * by probing localtime_r for offset changes around now, so it matches
 * what the schedule math uses; each transition found becomes a STANDARD
 * or DAYLIGHT observance with a yearly rule ("last Sunday of March").
 */
#include "app/remindics.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/i18n.h"
#include "util/xalloc.h"

#define FOLD 75

void
remind_ics_line(struct buf *out, const char *line)
{
	size_t len = strlen(line), pos = 0, room = FOLD;

	while (len - pos > room) {
		size_t n = room;

		/* Never split a UTF-8 sequence across a fold. */
		while (n > 1 && ((unsigned char)line[pos + n] & 0xc0) == 0x80)
			n--;
		buf_add(out, line + pos, n);
		buf_adds(out, "\r\n ");
		pos += n;
		room = FOLD - 1; /* the leading space counts */
	}
	buf_add(out, line + pos, len - pos);
	buf_adds(out, "\r\n");
}

/* Escapes a TEXT value (RFC 5545 3.3.11). */
static void
text_value(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == ';' || *s == ',')
			buf_addc(b, '\\');
		if (*s == '\n') {
			buf_adds(b, "\\n");
			continue;
		}
		buf_addc(b, *s);
	}
}

static void
prop_text(struct buf *out, const char *name, const char *value)
{
	struct buf l = BUF_INIT;

	buf_printf(&l, "%s:", name);
	text_value(&l, value);
	remind_ics_line(out, l.data);
	buf_free(&l);
}

static void
fmt_utc(time_t t, char *out, size_t n)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(out, n, "%04d%02d%02dT%02d%02d%02dZ", tm.tm_year + 1900,
	         tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* A local date and minute as a DATE-TIME without zone. */
static void
fmt_local(long day, int minute, char *out, size_t n)
{
	int y, m, d;

	if (minute >= SCHED_MINUTES_PER_DAY) {
		day++;
		minute -= SCHED_MINUTES_PER_DAY;
	}
	sched_civil_from_days(day, &y, &m, &d);
	snprintf(out, n, "%04d%02d%02dT%02d%02d00", y, m, d, minute / 60,
	         minute % 60);
}

static void
fmt_offset(long off, char *out, size_t n)
{
	char sign = off < 0 ? '-' : '+';
	int a = (int)((off < 0 ? -off : off) % 86400);

	if (a % 60)
		snprintf(out, n, "%c%02d%02d%02d", sign, a / 3600, a / 60 % 60,
		         a % 60);
	else
		snprintf(out, n, "%c%02d%02d", sign, a / 3600, a / 60 % 60);
}

static long
gmtoff(time_t t, char *name, size_t n)
{
	struct tm tm;

	if (!localtime_r(&t, &tm))
		return 0;
	if (name)
		snprintf(name, n, "%s", tm.tm_zone ? tm.tm_zone : "");
	return tm.tm_gmtoff;
}

static const char *const wd2[] = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};

struct transition {
	time_t at;
	long from, to;
	char name[16];
};

static void
observance(struct buf *out, const struct transition *tr)
{
	char start[80], from[16], to[16], line[96];
	time_t wall = tr->at + tr->from;
	struct tm tm;
	int dim;
	static const int days[] = {31, 28, 31, 30, 31, 30,
	                           31, 31, 30, 31, 30, 31};

	gmtime_r(&wall, &tm);
	snprintf(start, sizeof(start), "%04d%02d%02dT%02d%02d%02d",
	         tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	         tm.tm_min, tm.tm_sec);
	fmt_offset(tr->from, from, sizeof(from));
	fmt_offset(tr->to, to, sizeof(to));
	dim = days[tm.tm_mon];
	remind_ics_line(out, tr->to > tr->from ? "BEGIN:DAYLIGHT"
	                                       : "BEGIN:STANDARD");
	snprintf(line, sizeof(line), "DTSTART:%s", start);
	remind_ics_line(out, line);
	snprintf(line, sizeof(line), "RRULE:FREQ=YEARLY;BYMONTH=%d;BYDAY=%d%s",
	         tm.tm_mon + 1,
	         tm.tm_mday + 7 > dim ? -1 : (tm.tm_mday - 1) / 7 + 1,
	         wd2[tm.tm_wday]);
	remind_ics_line(out, line);
	snprintf(line, sizeof(line), "TZOFFSETFROM:%s", from);
	remind_ics_line(out, line);
	snprintf(line, sizeof(line), "TZOFFSETTO:%s", to);
	remind_ics_line(out, line);
	if (tr->name[0]) {
		struct buf l = BUF_INIT;

		buf_adds(&l, "TZNAME:");
		text_value(&l, tr->name);
		remind_ics_line(out, l.data);
		buf_free(&l);
	}
	remind_ics_line(out,
	                tr->to > tr->from ? "END:DAYLIGHT" : "END:STANDARD");
}

static void
vtimezone(struct buf *out, const char *tzid, time_t now)
{
	struct transition first[2]; /* [0] standard, [1] daylight */
	bool have[2] = {false, false};
	char name[16];
	struct buf l = BUF_INIT;

	remind_ics_line(out, "BEGIN:VTIMEZONE");
	buf_adds(&l, "TZID:");
	text_value(&l, tzid);
	remind_ics_line(out, l.data);
	buf_free(&l);
	/* Day steps over two years around now; then bisect each change to
	 * the second. */
	for (time_t t = now - 400L * 86400; t < now + 400L * 86400;
	     t += 86400) {
		long a = gmtoff(t, NULL, 0), b = gmtoff(t + 86400, name, 16);
		time_t lo = t, hi = t + 86400;
		int k;

		if (a == b)
			continue;
		while (hi - lo > 1) {
			time_t mid = lo + (hi - lo) / 2;

			if (gmtoff(mid, NULL, 0) == a)
				lo = mid;
			else
				hi = mid;
		}
		k = b > a;
		if (have[k])
			continue;
		have[k] = true;
		first[k].at = hi;
		first[k].from = a;
		first[k].to = b;
		gmtoff(hi, first[k].name, sizeof(first[k].name));
	}
	if (!have[0] && !have[1]) {
		struct transition fixed = {0, 0, 0, ""};

		fixed.from = fixed.to = gmtoff(now, fixed.name, 16);
		remind_ics_line(out, "BEGIN:STANDARD");
		remind_ics_line(out, "DTSTART:19700101T000000");
		{
			char off[16], line[64];

			fmt_offset(fixed.to, off, sizeof(off));
			snprintf(line, sizeof(line), "TZOFFSETFROM:%s", off);
			remind_ics_line(out, line);
			snprintf(line, sizeof(line), "TZOFFSETTO:%s", off);
			remind_ics_line(out, line);
		}
		remind_ics_line(out, "END:STANDARD");
	}
	for (int k = 0; k < 2; k++)
		if (have[k])
			observance(out, &first[k]);
	remind_ics_line(out, "END:VTIMEZONE");
}

/* A reminder line without its pause hint: pausing a calendar is done in
 * the calendar. */
static void
prop_line(struct buf *out, const char *line)
{
	char hint[128];
	size_t n = strlen(line), h;
	char *copy;

	snprintf(hint, sizeof(hint), " %s.", _(WORDING_PAUSE_HINT));
	h = strlen(hint);

	if (n > h && strcmp(line + n - h, hint) == 0)
		n -= h;
	copy = xstrndup(line, n);
	prop_text(out, "DESCRIPTION", copy);
	free(copy);
}

static void
valarm(struct buf *out, const char *text)
{
	remind_ics_line(out, "BEGIN:VALARM");
	remind_ics_line(out, "ACTION:DISPLAY");
	remind_ics_line(out, "TRIGGER:PT0S");
	prop_text(out, "DESCRIPTION", text);
	remind_ics_line(out, "END:VALARM");
}

void
remind_ics(const struct remind_schedule *s, time_t now, const char *tzid,
           struct buf *out)
{
	const struct sched_policy *po = &s->set.policy;
	const char *id = s->id[0] ? s->id : "0000000000000000";
	const char *title = _(wording_title(s->set.wording));
	char stamp[80], a[80], b[80], line[256];
	long today = sched_local_day(now);

	fmt_utc(now, stamp, sizeof(stamp));
	remind_ics_line(out, "BEGIN:VCALENDAR");
	remind_ics_line(out, "VERSION:2.0");
	remind_ics_line(out, "PRODID:-//tend//reminders//EN");
	remind_ics_line(out, "CALSCALE:GREGORIAN");
	remind_ics_line(out, "METHOD:PUBLISH");
	if (tzid && po->days)
		vtimezone(out, tzid, now);
	if (po->days) {
		struct buf rr = BUF_INIT;
		long d = today;

		while (!((po->days >> sched_weekday(d)) & 1u))
			d++;
		remind_ics_line(out, "BEGIN:VEVENT");
		snprintf(line, sizeof(line), "UID:window-%s@tend.invalid", id);
		remind_ics_line(out, line);
		snprintf(line, sizeof(line), "DTSTAMP:%s", stamp);
		remind_ics_line(out, line);
		fmt_local(d, po->win_start, a, sizeof(a));
		fmt_local(d, po->win_end, b, sizeof(b));
		if (tzid) {
			struct buf l = BUF_INIT;

			buf_printf(&l, "DTSTART;TZID=%s:%s", tzid, a);
			remind_ics_line(out, l.data);
			buf_reset(&l);
			buf_printf(&l, "DTEND;TZID=%s:%s", tzid, b);
			remind_ics_line(out, l.data);
			buf_free(&l);
		} else {
			snprintf(line, sizeof(line), "DTSTART:%s", a);
			remind_ics_line(out, line);
			snprintf(line, sizeof(line), "DTEND:%s", b);
			remind_ics_line(out, line);
		}
		buf_adds(&rr, "RRULE:FREQ=WEEKLY;BYDAY=");
		for (int k = 1, n = 0; k <= 7; k++) {
			int w = k % 7;

			if ((po->days >> w) & 1u)
				buf_printf(&rr, "%s%s", n++ ? "," : "", wd2[w]);
		}
		remind_ics_line(out, rr.data);
		buf_free(&rr);
		prop_text(out, "SUMMARY", title);
		prop_line(out,
		          _(wording_line(s->set.wording, SCHED_PRACTICE, 0)));
		remind_ics_line(out, "TRANSP:TRANSPARENT");
		valarm(out, title);
		remind_ics_line(out, "END:VEVENT");
	}
	for (size_t i = 0; i < s->nitems; i++) {
		const struct sched_item *it = &s->items[i];
		time_t start = it->at, ws, we;
		long day = sched_local_day(it->at);
		char key[80];

		/* A section or check-in becomes due at some hour; remind in
		 * the window of that day (or of the next chosen day). */
		if (it->kind != SCHED_PRACTICE) {
			if (day < today)
				day = today;
			for (int k = 0;
			     k < 7 && po->days &&
			     !((po->days >> sched_weekday(day)) & 1u);
			     k++)
				day++;
			sched_window(po, day, &ws, &we);
			start = ws > it->at ? ws : it->at;
			if (start >= we)
				start = ws;
		}
		if (sched_local_day(start) < today)
			continue;
		fmt_utc(it->at, key, sizeof(key));
		remind_ics_line(out, "BEGIN:VEVENT");
		/* The kind as a number: a UID is shown by some calendars. */
		snprintf(line, sizeof(line), "UID:t%d-%s-%s@tend.invalid",
		         (int)it->kind, key, id);
		remind_ics_line(out, line);
		snprintf(line, sizeof(line), "DTSTAMP:%s", stamp);
		remind_ics_line(out, line);
		fmt_utc(start, a, sizeof(a));
		snprintf(line, sizeof(line), "DTSTART:%s", a);
		remind_ics_line(out, line);
		remind_ics_line(out, "DURATION:PT15M");
		prop_text(out, "SUMMARY", title);
		prop_line(out,
		          wording_line(s->set.wording, it->kind, (unsigned)i));
		remind_ics_line(out, "TRANSP:TRANSPARENT");
		valarm(out, title);
		remind_ics_line(out, "END:VEVENT");
	}
	remind_ics_line(out, "END:VCALENDAR");
}

/* An IANA zone name: letters, digits and _+-/ only, no "..". */
static bool
zone_like(const char *s)
{
	if (!*s || *s == '/' || strstr(s, ".."))
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("_+-/", *s))
			return false;
	return true;
}

static char *
after_zoneinfo(const char *p)
{
	const char *z = strstr(p, "zoneinfo/");

	if (!z)
		return NULL;
	z += strlen("zoneinfo/");
	/* Debian's posix/ and right/ trees hold the same zones. */
	if (strncmp(z, "posix/", 6) == 0)
		z += 6;
	return zone_like(z) ? xstrdup(z) : NULL;
}

char *
remind_tz_name(void)
{
	const char *tz = getenv("TZ");
	char link[PATH_MAX];
	ssize_t n;

	if (tz && *tz) {
		if (*tz == ':')
			tz++;
		if (*tz == '/')
			return after_zoneinfo(tz);
		/* "EST5EDT"-style rules have no name a calendar knows. */
		if (strchr(tz, '/') || strcmp(tz, "UTC") == 0)
			return zone_like(tz) ? xstrdup(tz) : NULL;
		return NULL;
	}
	n = readlink("/etc/localtime", link, sizeof(link) - 1);
	if (n > 0) {
		link[n] = '\0';
		return after_zoneinfo(link);
	}
	return NULL;
}
