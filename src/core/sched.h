/*
 * Reminder schedule math.  Given the person's reminder policy (a daily
 * window, chosen weekdays, quiet hours), what is due (planned practice
 * times, the next section's opening, check-ins, daily practice), the day
 * they were last active and what the reminder channels already did, decide
 * whether a channel may prompt at `now`, and when the next prompt will be.
 * Rules: at most one prompt per local day across all channels; never in
 * quiet hours; after missed practice, nudges on idle days 2, 5, 10, 17 and
 * 24 only, silence from day 28 on except one welcoming line at login;
 * snooze, pause and off.  Local time comes from localtime_r/mktime (the
 * process's TZ), so callers and tests choose the zone with TZ; every local
 * date is computed through them, which is what makes the rules DST-safe.
 * Pure: `now` is always a parameter, nothing is read or written here.
 */
#ifndef TEND_CORE_SCHED_H
#define TEND_CORE_SCHED_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* A local day number: days since 1970-01-01 in the local calendar. */
#define SCHED_NO_DAY (-1000000L)
#define SCHED_ALL_DAYS 0x7fu /* bit d is tm_wday d (0 = Sunday) */
#define SCHED_MINUTES_PER_DAY 1440
/* Idle days after which proactive prompts stop. */
#define SCHED_STOP_DAY 28

enum sched_kind {
	SCHED_NONE = 0,
	SCHED_PRACTICE, /* daily practice, or a planned practice time */
	SCHED_LESSON, /* the next section of the course has opened */
	SCHED_CHECKIN, /* a check-in is due */
	SCHED_NUDGE, /* re-engagement after missed practice */
	SCHED_WELCOME, /* after the nudges stopped: a welcoming line */
};

enum sched_channel {
	SCHED_CH_LOGIN, /* a login shell: any time after the opening */
	SCHED_CH_NOTIFY, /* a desktop notification: only inside the window */
};

/* Why a channel may or may not prompt now. */
enum sched_why {
	SCHED_DUE = 0, /* prompt now, with *kind */
	SCHED_OFF, /* reminders are off */
	SCHED_PAUSED, /* paused until pause_until */
	SCHED_SNOOZED, /* snoozed until snooze_until */
	SCHED_DONE_TODAY, /* a channel already prompted today */
	SCHED_QUIET, /* inside quiet hours */
	SCHED_NOT_YET, /* something is due later today */
	SCHED_LATE, /* the window has closed (desktop channel only) */
	SCHED_NOTHING, /* nothing is due today */
	SCHED_STOPPED, /* idle too long: proactive prompts have stopped */
};

struct sched_policy {
	int win_start, win_end; /* minutes after local midnight, start < end */
	unsigned days; /* SCHED_ALL_DAYS bits; 0 means no day */
	int quiet_start,
	        quiet_end; /* minutes; equal: none; start > end wraps */
};

struct sched_item {
	time_t at;
	enum sched_kind
	        kind; /* SCHED_PRACTICE, SCHED_LESSON or SCHED_CHECKIN */
};

/* What the app knows, as the schedule file carries it. */
struct sched_input {
	struct sched_policy policy;
	bool practice_daily; /* homework is active: practise on chosen days */
	long last_active; /* local day number, or SCHED_NO_DAY */
	const struct sched_item *items; /* borrowed; nitems entries */
	size_t nitems;
};

/* What the channels did, as remind.state carries it. */
struct sched_state {
	bool off;
	time_t pause_until; /* 0: not paused */
	time_t snooze_until; /* 0: not snoozed */
	time_t last_prompt; /* 0: never */
	enum sched_channel last_channel; /* the channel of last_prompt */
	long pending_day; /* a desktop prompt could not be shown that day */
	long nudge_for; /* the last_active day the nudges below count for */
	int nudge_step; /* nudges already given for nudge_for */
	long welcome_for; /* last_active day whose welcome line was shown */
	unsigned rotation; /* advances with every prompt: picks the wording */
};

/* The defaults: window 18:00-20:00 every day, quiet hours 21:00-08:00. */
void sched_policy_default(struct sched_policy *p);
/* A state with nothing recorded. */
void sched_state_init(struct sched_state *st);

/*
 * Checks a policy's ranges.  Returns NULL when usable, else a sentence
 * saying what is wrong (a static string), e.g. when the whole window lies
 * in quiet hours so that no reminder could ever come.
 */
const char *sched_policy_problem(const struct sched_policy *p);

/*
 * May channel ch prompt at now?  Returns SCHED_DUE and sets *kind, or the
 * reason it may not (*kind is then SCHED_NONE).
 */
enum sched_why
sched_decide(const struct sched_input *in, const struct sched_state *st,
             enum sched_channel ch, time_t now, enum sched_kind *kind);

/*
 * Records that channel ch showed a prompt of the given kind at now: the day is
 * used up, any snooze and pending mark end, the wording rotates, and a
 * nudge or welcome is counted against in->last_active.
 */
void sched_record(struct sched_state *st, const struct sched_input *in,
                  enum sched_channel ch, enum sched_kind kind, time_t now);

/* Marks that a desktop prompt was due at now but could not be shown. */
void sched_mark_pending(struct sched_state *st, time_t now);

/*
 * The first time t >= now, within `horizon_days` local days, at which
 * channel ch would prompt if nothing else happened in between.  Returns
 * 0 when there is none.  *kind (may be NULL) receives its kind.
 */
time_t sched_next(const struct sched_input *in, const struct sched_state *st,
                  enum sched_channel ch, time_t now, int horizon_days,
                  enum sched_kind *kind);

/* Idle days (0 when last_active is unknown or in the future). */
long sched_idle_days(const struct sched_input *in, time_t now);

/*
 * True when the idle gap is long enough that the program should greet the
 * person with a welcome back (two days or more).
 */
bool sched_welcome_back(long last_active, time_t now);

/* --- local calendar helpers (DST-safe, through localtime_r/mktime) --- */

/* The local day number of t. */
long sched_local_day(time_t t);
/* Minutes after local midnight of t (0..1439). */
int sched_local_minute(time_t t);
/* Weekday of a day number (0 = Sunday), whatever the time zone. */
int sched_weekday(long day);
/*
 * The instant of local time day + minute.  A time that does not exist
 * (skipped by a DST jump) moves forward past the gap; a time
 * that exists twice gives the first.
 */
time_t sched_local_time(long day, int minute);
/* The window of a day as [*start, *end); never empty, even across DST. */
void sched_window(const struct sched_policy *p, long day, time_t *start,
                  time_t *end);
/* True when minute-of-day m falls in the quiet hours. */
bool sched_in_quiet(const struct sched_policy *p, int minute);

/* Civil date <-> day number (proleptic Gregorian, no time zone): the
 * schedule's names for clock_days_from_civil and clock_civil_from_days. */
long sched_days_from_civil(int y, int m, int d);
void sched_civil_from_days(long day, int *y, int *m, int *d);

/* --- parsing and formatting of the small values the files and the CLI use */

/* "HH:MM" (00:00-24:00) -> minutes.  0 or -1. */
int sched_parse_hm(const char *s, size_t len, int *minutes);
/* "HH:MM-HH:MM" -> two minute values.  0 or -1 (no other checks). */
int sched_parse_range(const char *s, int *a, int *b);
/*
 * Weekdays: "mon,tue,...", ranges "mon-fri", "all", "weekdays",
 * "weekends", or "none".  0 or -1.
 */
int sched_parse_days(const char *s, unsigned *days);
/* Writes days as "mon,tue,..." (or "none") into out (at least 32 bytes). */
void sched_format_days(unsigned days, char *out, size_t n);
/* A duration "30m", "2h", "7d", "1w" -> seconds (1 minute .. max_s). */
int sched_parse_duration(const char *s, long max_s, long *seconds);
/* "YYYY-MM-DD" -> day number.  0 or -1. */
int sched_parse_date(const char *s, size_t len, long *day);
/* "YYYY-MM-DDTHH:MM:SSZ" -> time_t.  0 or -1. */
int sched_parse_utc(const char *s, size_t len, time_t *t);
/* Formats as above; out needs 11 and 21 bytes. */
void sched_format_date(long day, char *out, size_t n);
void sched_format_utc(time_t t, char *out, size_t n);

/* "practice", "lesson", ... and back; NULL / SCHED_NONE when unknown. */
const char *sched_kind_name(enum sched_kind k);
enum sched_kind sched_kind_from_name(const char *s, size_t len);

#endif
