/*
 * Unit tests of the unlock rules with a frozen clock: fixed and free order,
 * prerequisites, homework counts, minimum days across daylight-saving
 * changes in two time zones, release days, check-ins due first, optional
 * lessons and tailoring suggestions, and the sentence that explains a lock.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "core/course.h"
#include "core/unlock.h"
#include "util/xalloc.h"

static void
set_tz(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

/* Local wall-clock time in the current TZ. */
static time_t
local(int y, int mon, int d, int h, int min)
{
	struct tm tm = {0};

	tm.tm_year = y - 1900;
	tm.tm_mon = mon - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = min;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

static char **
strv(const char *a, const char *b)
{
	char **v = xcalloc(2, sizeof(*v));

	v[0] = xstrdup(a);
	if (b)
		v[1] = xstrdup(b);
	return v;
}

/*
 * A course of three core lessons and one optional lesson:
 *   0 welcome:  baseline phq9 first
 *   1 thoughts: after 0, min_days 6, 2 thought records, phq9 first
 *   2 later:    after 1, release_day 14
 *   3 sleep:    optional, suggested by phq9 item 3 >= 2, total >= 15, or
 *               band "severe"
 */
static struct course *
make_course(void)
{
	struct course *c = course_new();
	struct course_lesson *l;

	c->id = xstrdup("t");
	c->title = xstrdup("Test");
	c->checkins.min_days_between = 6;
	c->nlessons = 4;
	c->ncore = 3;
	c->lessons = xcalloc(4, sizeof(*c->lessons));
	static const char *const ids[] = {"welcome", "thoughts", "later",
	                                  "sleep"};
	static const char *const titles[] = {"Welcome", "Noticing thoughts",
	                                     "Later", "Sleep"};
	for (size_t i = 0; i < 4; i++) {
		l = &c->lessons[i];
		l->id = xstrdup(ids[i]);
		l->title = xstrdup(titles[i]);
		l->file = xasprintf("%02zu-%s.md", i + 1, ids[i]);
		l->rule.release_day = -1;
		if (i > 0 && i < 3) {
			l->rule.after = xcalloc(1, sizeof(size_t));
			l->rule.after[0] = i - 1;
			l->rule.nafter = 1;
		}
	}
	c->lessons[0].rule.assess_first = strv("phq9", NULL);
	c->lessons[0].rule.nassess_first = 1;

	l = &c->lessons[1];
	l->rule.min_days = 6;
	l->rule.homework = xcalloc(1, sizeof(*l->rule.homework));
	l->rule.homework[0].worksheet = xstrdup("thought-record");
	l->rule.homework[0].count = 2;
	l->rule.nhomework = 1;
	l->rule.assess_first = strv("phq9", NULL);
	l->rule.nassess_first = 1;

	c->lessons[2].rule.release_day = 14;

	l = &c->lessons[3];
	l->optional = true;
	l->suggest = xcalloc(3, sizeof(*l->suggest));
	l->nsuggest = 3;
	l->suggest[0].kind = SUGGEST_ITEM;
	l->suggest[0].instrument = xstrdup("phq9");
	l->suggest[0].item = 3;
	l->suggest[0].at_least = 2;
	l->suggest[0].because = xstrdup("You said sleep has been hard.");
	l->suggest[1].kind = SUGGEST_TOTAL;
	l->suggest[1].instrument = xstrdup("gad7");
	l->suggest[1].at_least = 15;
	l->suggest[1].because = xstrdup("Worry scores are high.");
	l->suggest[2].kind = SUGGEST_BAND;
	l->suggest[2].instrument = xstrdup("phq9");
	l->suggest[2].bands = strv("moderate", "severe");
	l->suggest[2].nbands = 2;
	l->suggest[2].because = xstrdup("Mood has been low.");

	course_set_worksheet_title(c, "thought-record", "Thought record");
	course_set_instrument_name(c, "phq9", "PHQ-9");
	return c;
}

struct world {
	struct course *c;
	time_t done[4];
	time_t opened[4];
	struct unlock_skip skips[4];
	enum unlock_choice choice[4];
	struct unlock_entry entries[16];
	struct unlock_result results[16];
	int items[16][9];
	struct unlock_facts f;
};

static void
world_init(struct world *w, time_t start)
{
	memset(w, 0, sizeof(*w));
	w->c = make_course();
	w->f.start = start;
	w->f.done_at = w->done;
	w->f.opened_at = w->opened;
	w->f.skips = w->skips;
	w->f.choice = w->choice;
	w->f.entries = w->entries;
	w->f.results = w->results;
}

static void
add_entry(struct world *w, const char *sheet, time_t at)
{
	w->entries[w->f.nentries].worksheet = sheet;
	w->entries[w->f.nentries].at = at;
	w->f.nentries++;
}

static void
add_result(struct world *w, const char *inst, time_t at, int total,
           const char *band, int item3)
{
	size_t n = w->f.nresults++;

	w->items[n][2] = item3;
	w->results[n].instrument = inst;
	w->results[n].at = at;
	w->results[n].total = total;
	w->results[n].band = band;
	w->results[n].items = w->items[n];
	w->results[n].nitems = 9;
}

static enum lesson_state
state(struct world *w, size_t i, time_t now)
{
	struct unlock_status st;
	enum lesson_state s;

	unlock_eval(w->c, i, &w->f, now, &st);
	s = st.state;
	unlock_status_free(&st);
	return s;
}

static char *
explain(struct world *w, size_t i, time_t now)
{
	struct unlock_status st;
	struct buf b = BUF_INIT;

	unlock_eval(w->c, i, &w->f, now, &st);
	unlock_explain(w->c, &st, now, &b);
	unlock_status_free(&st);
	return buf_detach(&b);
}

static void
test_baseline_first(void **state_)
{
	struct world w;
	time_t start;
	char *s;

	set_tz("UTC");
	start = local(2026, 3, 2, 10, 0);
	world_init(&w, start);
	assert_int_equal(state(&w, 0, start), LESSON_LOCKED);
	s = explain(&w, 0, start);
	assert_string_equal(s, "Opens after a check-in (PHQ-9).");
	free(s);
	/* A result from before the course start does not count... */
	add_result(&w, "phq9", start - 86400 * 10, 5, "mild", 0);
	assert_int_equal(state(&w, 0, start), LESSON_LOCKED);
	/* ...one at the start does. */
	add_result(&w, "phq9", start + 60, 5, "mild", 0);
	assert_int_equal(state(&w, 0, start + 120), LESSON_OPEN);
	/* The baseline stays good even when lesson 1 is started late. */
	assert_int_equal(state(&w, 0, start + 86400 * 30), LESSON_OPEN);
	course_free(w.c);
}

static void
test_previous_completed(void **state_)
{
	struct world w;
	time_t start;
	char *s;

	set_tz("UTC");
	start = local(2026, 3, 2, 10, 0);
	world_init(&w, start);
	assert_int_equal(state(&w, 1, start), LESSON_LOCKED);
	s = explain(&w, 1, start);
	assert_string_equal(s, "Opens after you complete \u201cWelcome\u201d.");
	free(s);
	w.done[0] = start + 3600;
	assert_int_equal(state(&w, 0, start), LESSON_DONE);
	assert_int_equal(state(&w, 1, start + 7200), LESSON_LOCKED);
	course_free(w.c);
}

static void
test_homework_counts_since_previous(void **state_)
{
	struct world w;
	time_t mon = 0, now;
	struct unlock_status st;

	set_tz("UTC");
	mon = local(2026, 3, 2, 9, 0); /* a Monday */
	world_init(&w, mon);
	w.done[0] = mon + 3600;
	add_entry(&w, "thought-record", mon); /* before: does not count */
	add_entry(&w, "other-sheet", mon + 7200);
	add_entry(&w, "thought-record", mon + 7200);
	add_result(&w, "phq9", local(2026, 3, 8, 8, 0), 5, "mild", 0);
	now = local(2026, 3, 8, 9, 0); /* Sunday, day 6 */
	unlock_eval(w.c, 1, &w.f, now, &st);
	assert_int_equal(st.state, LESSON_LOCKED);
	assert_true(st.time_ok);
	assert_true(st.assess_ok);
	assert_false(st.homework_ok);
	assert_int_equal(st.nmissing_hw, 1);
	assert_int_equal(st.missing_hw[0].have, 1);
	assert_int_equal(st.missing_hw[0].need, 2);
	unlock_status_free(&st);
	/* An entry dated in the future (clock skew) does not count. */
	add_entry(&w, "thought-record", now + 86400);
	assert_int_equal(state(&w, 1, now), LESSON_LOCKED);
	add_entry(&w, "thought-record", now - 60);
	assert_int_equal(state(&w, 1, now), LESSON_OPEN);
	course_free(w.c);
}

/*
 * min_days 6 from a completion late on a Monday: locked all Saturday,
 * open at local midnight starting Sunday, in zones and weeks where the
 * clocks change in between.
 */
static void
check_min_days(const char *tz, int y, int mon, int day)
{
	struct world w;
	time_t done, sat_late, sun_midnight;
	char *s;

	set_tz(tz);
	done = local(y, mon, day, 23, 50);
	world_init(&w, done - 3600);
	w.done[0] = done;
	add_entry(&w, "thought-record", done + 60);
	add_entry(&w, "thought-record", done + 120);
	sat_late = local(y, mon, day + 5, 23, 59);
	sun_midnight = local(y, mon, day + 6, 0, 0);
	add_result(&w, "phq9", sat_late - 60, 3, "minimal", 0);
	assert_int_equal(state(&w, 1, sat_late), LESSON_LOCKED);
	s = explain(&w, 1, sat_late);
	assert_string_equal(s, "Opens tomorrow.");
	free(s);
	assert_int_equal(state(&w, 1, sun_midnight - 1), LESSON_LOCKED);
	assert_int_equal(state(&w, 1, sun_midnight), LESSON_OPEN);
	course_free(w.c);
}

static void
test_min_days_dst(void **state_)
{
	/* Europe/London: clocks go back on Sunday 25 October 2026 and
	 * forward on Sunday 29 March 2026. */
	check_min_days("Europe/London", 2026, 10, 19);
	check_min_days("Europe/London", 2026, 10, 20);
	check_min_days("Europe/London", 2026, 3, 23);
	check_min_days("Europe/London", 2026, 3, 24);
	/* America/New_York: back on 1 November, forward on 8 March. */
	check_min_days("America/New_York", 2026, 10, 26);
	check_min_days("America/New_York", 2026, 10, 27);
	check_min_days("America/New_York", 2026, 3, 2);
	check_min_days("America/New_York", 2026, 3, 3);
	check_min_days("UTC", 2026, 6, 1);
}

/* The opening moment is a local midnight whatever the offset did. */
static void
test_opens_at_is_local_midnight(void **state_)
{
	struct world w;
	struct unlock_status st;
	struct tm tm;
	time_t done;

	set_tz("America/New_York");
	done = local(2026, 10, 30, 12, 0); /* Friday before the change */
	world_init(&w, done);
	w.done[0] = done;
	unlock_eval(w.c, 1, &w.f, done, &st);
	localtime_r(&st.opens_at, &tm);
	assert_int_equal(tm.tm_hour, 0);
	assert_int_equal(tm.tm_min, 0);
	assert_int_equal(tm.tm_mday, 5);
	assert_int_equal(tm.tm_mon, 10);
	/* 6 days of wall clock, 6 x 24 h + 1 h of real time, minus 12 h */
	assert_int_equal(st.opens_at - done, 6 * 86400 + 3600 - 12 * 3600);
	unlock_status_free(&st);
	course_free(w.c);
}

static void
test_explain_weekday_and_homework(void **state_)
{
	struct world w;
	time_t done;
	char *s;

	set_tz("Europe/London");
	done = local(2026, 11, 2, 20, 0); /* a Monday */
	world_init(&w, done - 86400);
	w.done[0] = done;
	s = explain(&w, 1, local(2026, 11, 3, 9, 0));
	assert_string_equal(s, "Opens on Sunday, after 2 more Thought record "
	                       "entries and a check-in (PHQ-9).");
	free(s);
	add_entry(&w, "thought-record", done + 60);
	add_result(&w, "phq9", local(2026, 11, 7, 9, 0), 3, "minimal", 0);
	s = explain(&w, 1, local(2026, 11, 3, 9, 0));
	/* The check-in from Saturday is in the future as of Tuesday. */
	assert_string_equal(s, "Opens on Sunday, after 1 more Thought record "
	                       "entry and a check-in (PHQ-9).");
	free(s);
	s = explain(&w, 1, local(2026, 11, 7, 10, 0));
	assert_string_equal(s, "Opens tomorrow, after 1 more Thought record "
	                       "entry.");
	free(s);
	add_entry(&w, "thought-record", done + 120);
	s = explain(&w, 1, local(2026, 11, 7, 10, 0));
	assert_string_equal(s, "Opens tomorrow.");
	free(s);
	assert_int_equal(state(&w, 1, local(2026, 11, 8, 0, 0)), LESSON_OPEN);
	course_free(w.c);
}

static void
test_checkin_window(void **state_)
{
	struct world w;
	time_t done, sun;

	set_tz("UTC");
	done = local(2026, 3, 2, 9, 0);
	world_init(&w, done - 3600);
	w.done[0] = done;
	add_entry(&w, "thought-record", done + 60);
	add_entry(&w, "thought-record", done + 120);
	sun = local(2026, 3, 8, 9, 0);
	/* Taken on the day lesson 1 was done: 6 days ago, so due again. */
	add_result(&w, "phq9", done + 300, 5, "mild", 0);
	assert_int_equal(state(&w, 1, sun), LESSON_LOCKED);
	/* Taken 5 days before: within the window. */
	add_result(&w, "phq9", local(2026, 3, 3, 9, 0), 5, "mild", 0);
	assert_int_equal(state(&w, 1, sun), LESSON_OPEN);
	course_free(w.c);

	/* Without a window, anything since the reference time counts. */
	world_init(&w, done - 3600);
	w.c->checkins.min_days_between = 0;
	w.done[0] = done;
	add_entry(&w, "thought-record", done + 60);
	add_entry(&w, "thought-record", done + 120);
	add_result(&w, "phq9", done - 60, 5, "mild", 0);
	assert_int_equal(state(&w, 1, sun), LESSON_LOCKED);
	add_result(&w, "phq9", done + 300, 5, "mild", 0);
	assert_int_equal(state(&w, 1, sun), LESSON_OPEN);
	course_free(w.c);
}

static void
test_release_day(void **state_)
{
	struct world w;
	time_t start;
	char *s;

	set_tz("Europe/London");
	start = local(2026, 10, 20, 15, 0); /* Tuesday */
	world_init(&w, start);
	w.done[0] = start + 60;
	w.done[1] = start + 120;
	assert_int_equal(state(&w, 2, local(2026, 11, 2, 23, 59)),
	                 LESSON_LOCKED);
	s = explain(&w, 2, local(2026, 10, 21, 9, 0));
	assert_string_equal(s, "Opens on 3 November.");
	free(s);
	assert_int_equal(state(&w, 2, local(2026, 11, 3, 0, 0)), LESSON_OPEN);
	course_free(w.c);
}

static void
test_free_order(void **state_)
{
	struct world w;
	time_t start;

	set_tz("UTC");
	start = local(2026, 3, 2, 10, 0);
	world_init(&w, start);
	/* A free-order course gives its lessons no prerequisites. */
	for (size_t i = 0; i < 3; i++) {
		/* Free what the counts below stop course_free from seeing. */
		for (size_t k = 0; k < w.c->lessons[i].rule.nhomework; k++)
			free(w.c->lessons[i].rule.homework[k].worksheet);
		for (size_t k = 0; k < w.c->lessons[i].rule.nassess_first; k++)
			free(w.c->lessons[i].rule.assess_first[k]);
		w.c->lessons[i].rule.nafter = 0;
		w.c->lessons[i].rule.min_days = 0;
		w.c->lessons[i].rule.nhomework = 0;
		w.c->lessons[i].rule.release_day = -1;
		w.c->lessons[i].rule.nassess_first = 0;
	}
	w.c->order = COURSE_ORDER_FREE;
	assert_int_equal(state(&w, 0, start), LESSON_OPEN);
	assert_int_equal(state(&w, 1, start), LESSON_OPEN);
	assert_int_equal(state(&w, 2, start), LESSON_OPEN);
	w.done[2] = start + 5;
	assert_int_equal(state(&w, 2, start + 10), LESSON_DONE);
	assert_int_equal(state(&w, 0, start + 10), LESSON_OPEN);
	course_free(w.c);
}

static void
test_optional_and_suggestions(void **state_)
{
	struct world w;
	struct unlock_suggestion sug[4];
	time_t start;

	set_tz("UTC");
	start = local(2026, 3, 2, 10, 0);
	world_init(&w, start);
	assert_int_equal(state(&w, 3, start), LESSON_HIDDEN);
	assert_int_equal(unlock_suggest(w.c, &w.f, sug, 4), 0);

	/* Item 3 answered 1: no; the latest result decides. */
	add_result(&w, "phq9", start + 10, 8, "mild", 1);
	assert_int_equal(unlock_suggest(w.c, &w.f, sug, 4), 0);
	add_result(&w, "phq9", start + 20, 8, "mild", 2);
	assert_int_equal(unlock_suggest(w.c, &w.f, sug, 4), 1);
	assert_int_equal(sug[0].lesson, 3);
	assert_string_equal(sug[0].rule->because,
	                    "You said sleep has been hard.");

	/* A later result that no longer matches withdraws it. */
	add_result(&w, "phq9", start + 30, 12, "moderate", 0);
	assert_int_equal(unlock_suggest(w.c, &w.f, sug, 4), 1);
	assert_string_equal(sug[0].rule->because, "Mood has been low.");
	w.f.nresults = 0;
	add_result(&w, "gad7", start + 30, 15, "severe", 0);
	assert_int_equal(unlock_suggest(w.c, &w.f, sug, 4), 1);
	assert_string_equal(sug[0].rule->because, "Worry scores are high.");
	add_result(&w, "gad7", start + 40, 14, "moderate", 0);
	assert_int_equal(unlock_suggest(w.c, &w.f, sug, 4), 0);
	add_result(&w, "gad7", start + 50, 21, "severe", 0);

	/* Declined: no longer suggested, still hidden. */
	w.choice[3] = CHOICE_DECLINED;
	assert_int_equal(unlock_suggest(w.c, &w.f, sug, 4), 0);
	assert_int_equal(state(&w, 3, start), LESSON_HIDDEN);
	/* Taken up (accepted or picked from the list): open. */
	w.choice[3] = CHOICE_TAKEN;
	assert_int_equal(unlock_suggest(w.c, &w.f, sug, 4), 0);
	assert_int_equal(state(&w, 3, start + 60), LESSON_OPEN);
	course_free(w.c);
}

static void
test_day_words(void **state_)
{
	struct buf b = BUF_INIT;
	time_t now;

	set_tz("Europe/London");
	now = local(2026, 10, 24, 23, 0); /* Saturday before the change */
	unlock_day_words(now + 1800, now, &b);
	assert_string_equal(b.data, "today");
	buf_reset(&b);
	unlock_day_words(local(2026, 10, 25, 0, 0), now, &b);
	assert_string_equal(b.data, "tomorrow");
	buf_reset(&b);
	unlock_day_words(local(2026, 10, 30, 0, 0), now, &b);
	assert_string_equal(b.data, "on Friday");
	buf_reset(&b);
	unlock_day_words(local(2026, 10, 31, 0, 0), now, &b);
	assert_string_equal(b.data, "on 31 October");
	buf_free(&b);
}

/*
 * Entries made while the lesson that set the homework was open count: the
 * window opens when lesson 0 was first opened, not when it was completed.
 */
static void
test_homework_while_open(void **state_)
{
	struct world w;
	time_t mon, now;
	struct unlock_status st;

	set_tz("UTC");
	mon = local(2026, 3, 2, 9, 0);
	world_init(&w, mon - 3600);
	w.opened[0] = mon;
	w.done[0] = mon + 3600;
	add_entry(&w, "thought-record", mon - 60); /* before it opened */
	add_entry(&w, "thought-record", mon + 1800); /* while open: counts */
	add_result(&w, "phq9", local(2026, 3, 8, 8, 0), 5, "mild", 0);
	now = local(2026, 3, 8, 9, 0);
	unlock_eval(w.c, 1, &w.f, now, &st);
	assert_int_equal(st.hw_since, mon);
	assert_int_equal(st.ref, mon + 3600);
	assert_int_equal(st.nmissing_hw, 1);
	assert_int_equal(st.missing_hw[0].have, 1);
	unlock_status_free(&st);
	add_entry(&w, "thought-record", mon + 2000);
	assert_int_equal(state(&w, 1, now), LESSON_OPEN);
	/* Without the opening time, the window is the completion. */
	w.opened[0] = 0;
	assert_int_equal(state(&w, 1, now), LESSON_LOCKED);
	course_free(w.c);
}

/* Homework of one group: any one member will do; it says "or". */
static void
test_homework_any_of(void **state_)
{
	struct world w;
	time_t done, now;
	struct course_lesson *l;
	struct unlock_status st;
	char *s;

	set_tz("UTC");
	done = local(2026, 3, 2, 9, 0);
	world_init(&w, done - 3600);
	l = &w.c->lessons[1];
	l->rule.homework =
	        xreallocarray(l->rule.homework, 3, sizeof(*l->rule.homework));
	l->rule.homework[0].group = 1;
	l->rule.homework[1] =
	        (struct course_homework){xstrdup("activity-plan"), 3, 1, 0};
	l->rule.homework[2] =
	        (struct course_homework){xstrdup("mood-note"), 1, 0, 0};
	l->rule.nhomework = 3;
	course_set_worksheet_title(w.c, "activity-plan", "Activity plan");
	course_set_worksheet_title(w.c, "mood-note", "Mood note");
	w.done[0] = done;
	add_result(&w, "phq9", local(2026, 3, 8, 8, 0), 5, "mild", 0);
	now = local(2026, 3, 8, 9, 0);
	unlock_eval(w.c, 1, &w.f, now, &st);
	assert_false(st.homework_ok);
	assert_int_equal(st.nmissing_hw, 3);
	assert_int_equal(st.missing_hw[0].group, 1);
	assert_int_equal(st.missing_hw[1].group, 1);
	assert_int_equal(st.missing_hw[2].group, 0);
	unlock_status_free(&st);
	s = explain(&w, 1, now);
	assert_string_equal(s, "Opens after 2 more Thought record entries or "
	                       "3 more Activity plan entries, 1 more Mood "
	                       "note entry.");
	free(s);
	/* The low-mood path: three activity plans and the mood note. */
	for (int k = 0; k < 3; k++)
		add_entry(&w, "activity-plan", done + 60 * (k + 1));
	add_entry(&w, "mood-note", done + 600);
	assert_int_equal(state(&w, 1, now), LESSON_OPEN);
	/* Or the fear path: two thought records and the mood note. */
	w.f.nentries = 0;
	add_entry(&w, "thought-record", done + 60);
	add_entry(&w, "thought-record", done + 120);
	add_entry(&w, "activity-plan", done + 180);
	assert_int_equal(state(&w, 1, now), LESSON_LOCKED);
	add_entry(&w, "mood-note", done + 600);
	assert_int_equal(state(&w, 1, now), LESSON_OPEN);
	course_free(w.c);
}

/* Homework skipped with a reason counts as done for that lesson only. */
static void
test_homework_skipped(void **state_)
{
	struct world w;
	time_t done, now;

	set_tz("UTC");
	done = local(2026, 3, 2, 9, 0);
	world_init(&w, done - 3600);
	w.done[0] = done;
	add_result(&w, "phq9", local(2026, 3, 8, 8, 0), 5, "mild", 0);
	now = local(2026, 3, 8, 9, 0);
	assert_int_equal(state(&w, 1, now), LESSON_LOCKED);
	w.skips[0] = (struct unlock_skip){2, "thought-record", done + 60};
	w.f.nskips = 1;
	assert_int_equal(state(&w, 1, now), LESSON_LOCKED); /* other lesson */
	w.skips[0].lesson = 1;
	w.skips[0].worksheet = "activity-log";
	assert_int_equal(state(&w, 1, now), LESSON_LOCKED); /* other sheet */
	w.skips[0].worksheet = "thought-record";
	assert_int_equal(state(&w, 1, now), LESSON_OPEN);
	course_free(w.c);
}

/* One optional lesson at a time. */
static void
test_suggest_one(void **state_)
{
	struct world w;
	time_t start;
	struct unlock_suggestion sug;

	set_tz("UTC");
	start = local(2026, 3, 2, 10, 0);
	world_init(&w, start);
	add_result(&w, "phq9", start + 20, 8, "mild", 2);
	assert_int_equal(unlock_suggest_one(w.c, &w.f, &sug), 1);
	assert_int_equal(sug.lesson, 3);
	/* Taken up and not done: nothing more is suggested... */
	w.choice[3] = CHOICE_TAKEN;
	assert_int_equal(unlock_suggest_one(w.c, &w.f, &sug), 0);
	course_free(w.c);
	/* ...and while another taken extra is unfinished, none either. */
	world_init(&w, start);
	add_result(&w, "phq9", start + 20, 8, "mild", 2);
	w.c->lessons[2].optional = true; /* lesson 2 as a taken extra */
	w.c->ncore = 2;
	w.choice[2] = CHOICE_TAKEN;
	assert_int_equal(unlock_suggest_one(w.c, &w.f, &sug), 0);
	w.done[2] = start + 30;
	assert_int_equal(unlock_suggest_one(w.c, &w.f, &sug), 1);
	assert_int_equal(sug.lesson, 3);
	course_free(w.c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_baseline_first),
	        cmocka_unit_test(test_previous_completed),
	        cmocka_unit_test(test_homework_counts_since_previous),
	        cmocka_unit_test(test_min_days_dst),
	        cmocka_unit_test(test_opens_at_is_local_midnight),
	        cmocka_unit_test(test_explain_weekday_and_homework),
	        cmocka_unit_test(test_homework_while_open),
	        cmocka_unit_test(test_homework_any_of),
	        cmocka_unit_test(test_homework_skipped),
	        cmocka_unit_test(test_suggest_one),
	        cmocka_unit_test(test_checkin_window),
	        cmocka_unit_test(test_release_day),
	        cmocka_unit_test(test_free_order),
	        cmocka_unit_test(test_optional_and_suggestions),
	        cmocka_unit_test(test_day_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
