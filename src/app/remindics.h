/*
 * The reminder calendar for a phone or a desktop calendar (RFC 5545): the
 * practice window as a weekly recurring event in the local time zone
 * (with a VTIMEZONE built from the system's zone rules), and what is due
 * as single events in UTC, each with a display alarm.  Neutral titles
 * only: a phone calendar syncs to a cloud.  Lines end in CRLF and are
 * folded at 75 octets; UIDs come from the schedule's random id, so a
 * second import updates the events instead of duplicating them.
 */
#ifndef TEND_APP_REMINDICS_H
#define TEND_APP_REMINDICS_H

#include <time.h>

#include "app/remind.h"
#include "util/buf.h"

/*
 * Appends the calendar to out.  tzid names the local zone (e.g.
 * "Europe/London", see remind_tz_name) or is NULL for floating local
 * times.  Events before now's local day are left out.
 */
void remind_ics(const struct remind_schedule *s, time_t now, const char *tzid,
                struct buf *out);

/* The IANA name of the local time zone, or NULL when it cannot be told
 * (free with free()). */
char *remind_tz_name(void);

/* Appends one content line, escaped value already in it, folded and
 * ended with CRLF (exposed for tests). */
void remind_ics_line(struct buf *out, const char *line);

#endif
