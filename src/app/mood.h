/*
 * The daily mood rating: one key on the home screen, a number from 0 (the
 * worst) to 10 (the best) and, if the person wants, a line of their own
 * words; never required, never a condition for anything.  One rating per
 * local day (rating again the same day changes it).  The ratings are
 * charted beside the check-ins (app/chart.h) through a small built-in
 * scale, app_mood_instrument.
 *
 * Functions that change data commit (session_commit) before they return.
 */
#ifndef TEND_APP_MOOD_H
#define TEND_APP_MOOD_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "app/chart.h"
#include "app/session.h"
#include "core/instrument.h"

/* The lowest and highest rating. */
#define MOOD_MIN 0
#define MOOD_MAX 10
/* The note is a line or two, not a diary entry (that is a worksheet). */
#define MOOD_NOTE_MAX 500

struct app_mood {
	int64_t id;
	long day; /* local day number (clock_local_day) */
	time_t at; /* when it was given or last changed */
	int rating;
	char *note; /* owned; NULL when none */
};

/*
 * Rates local day `day` (clock_local_day; today is clock_local_day(now)),
 * replacing that day's rating: rating from MOOD_MIN to MOOD_MAX, note NULL
 * or up to MOOD_NOTE_MAX characters.  Commits at now.  Returns EXIT_OK,
 * EXIT_USAGE for a rating or note out of range, or the commit's status,
 * with *msg (fresh; may be NULL when msg is NULL).
 */
int app_mood_set(struct session *s, long day, int rating, const char *note,
                 time_t now, char **msg);

/* The rating of now's day: 1 and *out (free with app_mood_clear), 0 when
 * the day has none, -1 on a database error. */
int app_mood_today(struct session *s, time_t now, struct app_mood *out);
/* The rating with id, as app_mood_today. */
int app_mood_get(struct session *s, int64_t id, struct app_mood *out);
/* Every rating, oldest first: *out (free with app_moods_free), *n. */
int app_mood_list(struct session *s, struct app_mood **out, size_t *n);
void app_mood_clear(struct app_mood *m);
void app_moods_free(struct app_mood *m, size_t n);

/* The ratings as chart points (noon of each day), oldest first: *out a
 * fresh array (free with free(); NULL when none) of *n.  0 or -1. */
int app_mood_points(struct session *s, struct chart_point **out, size_t *n);

/* The scale the chart and the table draw the ratings on: "Mood", 0 to 10,
 * higher is better, no bands.  Fresh; free with inst_free. */
struct instrument *app_mood_instrument(void);

#endif
