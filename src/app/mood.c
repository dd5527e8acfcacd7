/*
 * The daily mood rating.  See app/mood.h.
 */
#include "app/mood.h"

#include <stdlib.h>
#include <string.h>

#include "store/mood.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/xalloc.h"

static void
from_row(struct mood_row *r, struct app_mood *m)
{
	m->id = r->id;
	m->day = r->day;
	m->at = r->at;
	m->rating = r->rating;
	m->note = r->note; /* taken */
	r->note = NULL;
}

/* Characters (code points) of s. */
static size_t
chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

int
app_mood_set(struct session *s, long day, int rating, const char *note,
             time_t now, char **msg)
{
	if (msg)
		*msg = NULL;
	if (rating < MOOD_MIN || rating > MOOD_MAX) {
		if (msg)
			*msg = xasprintf(_("A mood rating is a number from %d "
			                   "to %d."),
			                 MOOD_MIN, MOOD_MAX);
		return EXIT_USAGE;
	}
	if (note && chars(note) > MOOD_NOTE_MAX) {
		if (msg)
			*msg = xasprintf(_("A mood note can be at most %d "
			                   "characters."),
			                 MOOD_NOTE_MAX);
		return EXIT_USAGE;
	}
	if (mood_set(session_vault(s), day, rating, note, now) < 0) {
		if (msg)
			*msg = xstrdup(_("Could not keep the rating."));
		return EXIT_FAIL;
	}
	return session_commit(s, now, msg);
}

static int
got(int r, struct mood_row *row, struct app_mood *out)
{
	memset(out, 0, sizeof(*out));
	if (r == 1)
		from_row(row, out);
	mood_row_clear(row);
	return r;
}

int
app_mood_today(struct session *s, time_t now, struct app_mood *out)
{
	struct mood_row row;

	return got(mood_get(session_vault(s), clock_local_day(now), &row), &row,
	           out);
}

int
app_mood_get(struct session *s, int64_t id, struct app_mood *out)
{
	struct mood_row row;

	return got(mood_get_id(session_vault(s), id, &row), &row, out);
}

int
app_mood_list(struct session *s, struct app_mood **out, size_t *n)
{
	struct mood_row *rows = NULL;
	size_t k = 0;

	*out = NULL;
	*n = 0;
	if (mood_list(session_vault(s), &rows, &k) < 0)
		return -1;
	if (k) {
		*out = xcalloc(k, sizeof(**out));
		for (size_t i = 0; i < k; i++)
			from_row(&rows[i], &(*out)[i]);
	}
	*n = k;
	mood_rows_free(rows, k);
	return 0;
}

void
app_mood_clear(struct app_mood *m)
{
	if (!m)
		return;
	mood_row_clear(&(struct mood_row){.note = m->note});
	memset(m, 0, sizeof(*m));
}

void
app_moods_free(struct app_mood *m, size_t n)
{
	for (size_t i = 0; i < n; i++)
		app_mood_clear(&m[i]);
	free(m);
}

int
app_mood_points(struct session *s, struct chart_point **out, size_t *n)
{
	struct app_mood *m = NULL;
	size_t k = 0;

	*out = NULL;
	*n = 0;
	if (app_mood_list(s, &m, &k) < 0)
		return -1;
	if (k) {
		*out = xcalloc(k, sizeof(**out));
		for (size_t i = 0; i < k; i++) {
			(*out)[i].at = clock_day_start(m[i].day) + 12 * 3600;
			(*out)[i].total = m[i].rating;
		}
	}
	*n = k;
	app_moods_free(m, k);
	return 0;
}

struct instrument *
app_mood_instrument(void)
{
	struct instrument *in = inst_new();

	in->id = xstrdup("mood");
	in->title = xstrdup(_("Your mood, day by day"));
	in->short_name = xstrdup(_("Mood"));
	in->min = MOOD_MIN;
	in->max = MOOD_MAX;
	in->direction = INST_HIGHER_BETTER;
	return in;
}
