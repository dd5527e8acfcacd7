/*
 * The two plaintext reminder files, and the use cases around them.
 *
 * `schedule` (in path_state_dir()) carries the reminder settings and the
 * times of what is due, as neutral kind codes: it is written by the
 * program whenever it saves (remind_update_schedule) and when the settings
 * change, and read by `tend remind`, which never sees the vault.
 * `remind.state` is what the channels did (when the last prompt came,
 * snooze, pause, off, the back-off step); only `tend remind` writes it.
 *
 * Both are 0600, written atomically, capped at REMIND_FILE_MAX bytes and
 * parsed strictly: printable ASCII, "key=value" lines, every value
 * checked.  A damaged or hostile file gives "no reminder" and a message,
 * never a crash.  They hold times, weekdays, kind codes and settings only;
 * nothing a person wrote, no title, no score, no clinical word.
 */
#ifndef TEND_APP_REMIND_H
#define TEND_APP_REMIND_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/sched.h"
#include "core/wording.h"
#include "util/buf.h"

#define REMIND_FILE_MAX 8192
#define REMIND_MAX_ITEMS 64
#define REMIND_LINE_MAX 200

enum remind_profile {
	REMIND_PERSONAL = 0,
	REMIND_SHARED, /* a shared machine or a clinic's install */
};

/* Channel bits. */
#define REMIND_CH_LOGIN 1u
#define REMIND_CH_DESKTOP 2u
#define REMIND_CH_ALL 3u

struct remind_settings {
	enum remind_profile profile;
	struct sched_policy policy;
	unsigned channels; /* REMIND_CH_* */
	enum wording_set wording;
};

struct remind_schedule {
	char id[17]; /* random hex: stable calendar UIDs; "" until set */
	struct remind_settings set;
	bool practice_daily;
	long last_active; /* local day number or SCHED_NO_DAY */
	struct sched_item items[REMIND_MAX_ITEMS];
	size_t nitems;
};

/*
 * Defaults for a profile: personal is login and desktop with neutral
 * wording; shared is login only with the discreet wording.  Both: window
 * 18:00-20:00 every day, quiet hours 21:00-08:00.
 */
void
remind_settings_default(struct remind_settings *s, enum remind_profile profile);
/* An empty schedule with the given settings. */
void remind_schedule_init(struct remind_schedule *s,
                          const struct remind_settings *set);
/* The core's view of a schedule (borrows s->items). */
void
remind_schedule_input(const struct remind_schedule *s, struct sched_input *in);

/*
 * Parse and format.  parse returns 0, or -1 with *line (may be NULL) set
 * to the 1-based line at fault (0: the file as a whole) and *why to a
 * static sentence.  format appends the file's text to out.
 */
int
remind_schedule_parse(const char *text, size_t len, struct remind_schedule *s,
                      int *line, const char **why);
void remind_schedule_format(const struct remind_schedule *s, struct buf *out);
int remind_state_parse(const char *text, size_t len, struct sched_state *st,
                       int *line, const char **why);
void remind_state_format(const struct sched_state *st, struct buf *out);

/*
 * The files.  Need paths_init() first.  load returns 0, 1 when the file
 * does not exist (s or st then hold defaults / an empty state), or -1:
 * errno for I/O errors, EINVAL for a damaged file, with *msg (may be NULL)
 * receiving a fresh "file:line: problem" string to free.  save returns 0
 * or -1 with errno.
 */
int remind_schedule_load(struct remind_schedule *s, char **msg);
int remind_schedule_save(const struct remind_schedule *s);
int remind_schedule_remove(void);
int remind_state_load(struct sched_state *st, char **msg);
int remind_state_save(const struct sched_state *st);
/* The paths (fresh strings, free with free()). */
char *remind_schedule_path(void);
char *remind_state_path(void);

/*
 * The profile this install runs under: the config's `profile`
 * (app_config_load: the person's file, else the clinic's); "shared" and
 * "clinic" are shared, anything else personal.
 */
enum remind_profile remind_profile_detect(void);

/*
 * The settings a new schedule starts with: the defaults of the configured
 * profile (remind_settings_default, remind_profile_detect), then the
 * configuration's reminder_window, reminder_quiet, reminder_days and
 * reminder_channels (tend-config(5)).  The person's own changes, kept in
 * the schedule, come after these.
 */
void remind_settings_configured(struct remind_settings *s);

/* What is due, as the course engine knows it. */
struct remind_due {
	bool practice_daily; /* homework is active */
	const time_t *planned; /* the activity plan's planned times */
	size_t nplanned;
	time_t lesson_at; /* the next section opens; 0: none */
	const time_t *checkins; /* check-ins due; may be NULL */
	size_t ncheckins;
};

/*
 * The one call for the course engine and the TUI, whenever the program
 * saves: rewrites `schedule` from what is due, keeping the settings,
 * with last_active = the local day of now.  Times more than a day in the
 * past are dropped (a planned time that has gone is not a reminder), and
 * at most REMIND_MAX_ITEMS are kept, soonest first.  When reminders are
 * off, nothing is written (and a stale schedule is removed).  Returns 0,
 * or -1 with errno.
 */
int remind_update_schedule(const struct remind_due *due, time_t now);

/*
 * The settings: from the schedule when there is one, else the defaults of
 * remind_profile_detect().  Returns 0, or -1 when the schedule is damaged
 * (s then holds defaults).
 */
int remind_settings_load(struct remind_settings *s);
/*
 * Saves new settings into the schedule, keeping what is due.  Returns 0,
 * 1 when reminders are off (nothing is written then), or -1 with errno
 * (EINVAL: the policy is unusable, see sched_policy_problem()).
 */
int remind_settings_save(const struct remind_settings *s);

/* "login,desktop" / "none" into out (at least 16 bytes); and back. */
void remind_format_channels(unsigned ch, char *out, size_t n);
int remind_parse_channels(const char *s, unsigned *ch);

#endif
