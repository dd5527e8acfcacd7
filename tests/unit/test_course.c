/*
 * Unit tests of the course model (core/course.c) and of the course use
 * cases (app/course.c) over a real vault made with the test KDF: the
 * overview before and after starting, the baseline check-in, lesson
 * completion step by step, a locked lesson that cannot be opened and says
 * why, tailoring (suggest, decline, take), prompt answers, recent activity.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "app/chart.h"
#include "app/course.h"
#include "app/remind.h"
#include "app/session.h"
#include "core/course.h"
#include "store/assess.h"
#include "store/db.h"
#include "store/progress.h"
#include "util/path.h"
#include "util/xalloc.h"

#define GOOD "tests/fixtures/packs/good"
#define T0 ((time_t)1793527200) /* Sunday 1 November 2026, 10:00 UTC */
#define DAY 86400

static void
test_model(void **state)
{
	struct course *c = course_new();

	assert_int_equal(c->reminders.window_start, -1);
	assert_int_equal(c->reminders.days, 0x7f);
	assert_string_equal(course_worksheet_title(c, "x"), "x");
	course_set_worksheet_title(c, "x", "X one");
	course_set_worksheet_title(c, "x", "X two");
	assert_int_equal(c->nworksheets, 1);
	assert_string_equal(course_worksheet_title(c, "x"), "X two");
	course_set_instrument_name(c, "phq9", "PHQ-9");
	assert_string_equal(course_instrument_name(c, "phq9"), "PHQ-9");
	assert_int_equal(course_find_lesson(c, "a"), -1);
	course_free(c);
	course_free(NULL);
}

struct fixture {
	char dir[64];
	struct opts o;
	struct session *s;
	struct app_course *ac;
};

static int
setup(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof(*fx));
	char code[VAULT_CODE_LEN];
	char *msg = NULL;

	strcpy(fx->dir, "/tmp/test_course.XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	fx->o.data_dir = fx->dir;
	fx->o.content_dir = GOOD "/content/demo";
	fx->o.passphrase_fd = -1;
	setenv("TZ", "UTC", 1);
	assert_int_equal(paths_init(fx->dir), 0);
	assert_int_equal(session_create(&fx->o, "a long test passphrase 4711",
	                                VAULT_KDF_TEST, code, &fx->s, &msg),
	                 EXIT_OK);
	free(msg);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;
	char *cmd = xasprintf("rm -rf '%s'", fx->dir);

	app_course_free(fx->ac);
	session_close(fx->s);
	paths_free();
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(fx);
	return 0;
}

static size_t
count_steps(const struct app_overview *ov, enum app_step_kind k)
{
	size_t n = 0;

	for (size_t i = 0; i < ov->ndue; i++)
		n += ov->due[i].kind == k;
	return n;
}

static void
test_course_flow(void **state)
{
	struct fixture *fx = *state;
	struct vault *v = session_vault(fx->s);
	const struct app_overview *ov;
	const struct course *c;
	char *msg = NULL, *s;
	int keys[2] = {1, 2};

	assert_int_equal(app_course_open(fx->s, T0, &fx->ac, &msg), EXIT_OK);
	c = app_course_def(fx->ac);
	assert_int_equal(c->nlessons, 4);
	ov = app_course_overview(fx->ac);
	assert_false(ov->started);
	assert_int_equal(ov->ndue, 1);
	assert_int_equal(ov->due[0].kind, STEP_START);
	assert_int_equal(app_course_state(fx->ac, 0), LESSON_LOCKED);
	s = app_course_why(fx->ac, 0);
	assert_string_equal(s, "Opens when you start the course.");
	free(s);
	/* Nothing can be read before the course starts. */
	assert_int_equal(app_lesson_opened(fx->ac, fx->s, 0, T0), 0);

	assert_int_equal(app_course_start(fx->ac, fx->s, T0), 0);
	assert_false(app_course_is_onboarded(fx->ac));
	assert_int_equal(app_course_onboarded(fx->ac, fx->s, T0), 0);
	assert_true(app_course_is_onboarded(fx->ac));
	ov = app_course_overview(fx->ac);
	assert_true(ov->started);
	assert_int_equal(ov->started_at, T0);
	assert_int_equal(ov->due[0].kind, STEP_CHECKIN);
	assert_string_equal(ov->due[0].id, "mood2");
	assert_string_equal(ov->due[0].text, "Check-in: Mood-2");
	assert_int_equal(ov->next, 0);
	assert_string_equal(ov->next_why, "Opens after a check-in (Mood-2).");
	s = progress_current_course(v);
	assert_string_equal(s, "demo");
	free(s);
	s = app_course_current(fx->s);
	assert_string_equal(s, "demo");
	free(s);
	s = app_lesson_path(fx->ac, 0);
	assert_non_null(strstr(s, "/01-start.md"));
	free(s);

	/* The baseline: lesson 1 opens; item 2 = 2 suggests the extra. */
	assert_true(store_assess_save(v, "mood2", T0 + 60, keys, 2, -1, 3,
	                              "medium", "self", "demo", NULL) > 0);
	assert_int_equal(app_course_refresh(fx->ac, fx->s, T0 + 90), 0);
	ov = app_course_overview(fx->ac);
	assert_int_equal(app_course_state(fx->ac, 0), LESSON_OPEN);
	assert_int_equal(ov->due[0].kind, STEP_LESSON);
	assert_string_equal(ov->due[0].text,
	                    "Read \u201cGetting started\u201d (about 10 min)");
	assert_int_equal(ov->current, 0);
	assert_int_equal(count_steps(ov, STEP_SUGGESTION), 1);
	assert_int_equal(ov->nscores, 1);
	assert_int_equal(ov->scores[0].total, 3);
	assert_string_equal(ov->scores[0].band, "medium");

	/* Completion, one condition at a time. */
	assert_int_equal(app_lesson_opened(fx->ac, fx->s, 0, T0 + 100), 0);
	s = app_lesson_missing(fx->ac, fx->s, 0);
	assert_string_equal(s, "To complete this lesson, read to the end "
	                       "and answer 1 more question.");
	free(s);
	assert_int_equal(app_course_overview(fx->ac)->due[0].kind,
	                 STEP_CONTINUE);
	assert_int_equal(app_lesson_read(fx->ac, fx->s, 0, 42, false, T0 + 110),
	                 0);
	assert_int_equal(app_lesson_read_pos(fx->ac, 0), 42);
	assert_int_equal(app_lesson_read(fx->ac, fx->s, 0, 50, true, T0 + 120),
	                 0);
	s = app_lesson_missing(fx->ac, fx->s, 0);
	assert_string_equal(s,
	                    "To complete this lesson, answer 1 more question.");
	free(s);
	/* A blank answer is no answer. */
	assert_int_equal(
	        app_lesson_answer(fx->ac, fx->s, 0, "goal", "  \n", T0 + 125),
	        0);
	assert_int_equal(
	        app_lesson_answer(fx->ac, fx->s, 0, "goal", "calmer", T0 + 130),
	        1);
	assert_int_equal(app_course_done_at(fx->ac, 0), T0 + 130);
	assert_null(app_lesson_missing(fx->ac, fx->s, 0));
	assert_int_equal(app_lesson_try_complete(fx->ac, fx->s, 0, T0 + 140),
	                 0);
	s = NULL;
	assert_int_equal(progress_prompt_get(v, "demo", "start", "goal", &s),
	                 1);
	assert_string_equal(s, "calmer");
	free(s);
	assert_int_equal(app_lesson_answer_get(fx->ac, fx->s, 0, "goal", &s),
	                 1);
	assert_string_equal(s, "calmer");
	free(s);
	assert_int_equal(app_lesson_answer_get(fx->ac, fx->s, 0, "none", &s),
	                 0);
	assert_null(s);

	/* The next lesson is locked, says why, and cannot be opened. */
	ov = app_course_overview(fx->ac);
	assert_int_equal(ov->core_done, 1);
	assert_int_equal(app_course_state(fx->ac, 1), LESSON_LOCKED);
	assert_string_equal(ov->next_why, "Opens on Wednesday, after 2 more "
	                                  "Mood note entries.");
	assert_int_equal(ov->next_at, T0 + 3 * DAY - 10 * 3600);
	assert_int_equal(count_steps(ov, STEP_HOMEWORK), 1);
	assert_int_equal(app_lesson_opened(fx->ac, fx->s, 1, T0 + 200), 0);
	assert_int_equal(app_lesson_read_pos(fx->ac, 1), 0);
	assert_int_equal(
	        count_steps(app_course_overview(fx->ac), STEP_CONTINUE), 0);
	assert_string_equal(ov->recent[0].text,
	                    "Completed \u201cGetting started\u201d");

	/* Tailoring: declined, then taken from the list. */
	assert_int_equal(app_course_decline(fx->ac, fx->s, 3, T0 + 300), 0);
	ov = app_course_overview(fx->ac);
	assert_int_equal(count_steps(ov, STEP_SUGGESTION), 0);
	assert_int_equal(app_course_state(fx->ac, 3), LESSON_HIDDEN);
	assert_int_equal(app_course_take(fx->ac, fx->s, 3, T0 + 400), 0);
	assert_int_equal(app_course_state(fx->ac, 3), LESSON_OPEN);
	assert_int_equal(app_course_take(fx->ac, fx->s, 0, T0 + 400), -1);

	/* Homework and days: lesson 2 opens at local midnight. */
	assert_int_equal(db_exec(v,
	                         "INSERT INTO entries(worksheet, created_at, "
	                         "updated_at, completed_at) VALUES "
	                         "('mood-note', ?1, ?1, ?1), "
	                         "('mood-note', ?1, ?1, ?1)",
	                         "i", (int64_t)(T0 + DAY)),
	                 0);
	assert_int_equal(app_course_refresh(fx->ac, fx->s, T0 + 2 * DAY), 0);
	assert_string_equal(app_course_overview(fx->ac)->next_why,
	                    "Opens tomorrow.");
	assert_int_equal(
	        app_course_refresh(fx->ac, fx->s, T0 + 3 * DAY - 36000), 0);
	assert_int_equal(app_course_state(fx->ac, 1), LESSON_OPEN);
	assert_int_equal(app_lesson_opened(fx->ac, fx->s, 1, T0 + 3 * DAY), 0);
	assert_int_equal(app_course_overview(fx->ac)->due[0].kind,
	                 STEP_CONTINUE);
}

/* A pause after a check-in, then the end of the course and the follow-up. */
static void
test_pause_end_followup(void **state)
{
	struct fixture *fx = *state;
	struct vault *v = session_vault(fx->s);
	const struct app_overview *ov;
	int keys[2] = {0, 0};
	char *msg = NULL;
	int64_t flag;

	assert_int_equal(app_course_open(fx->s, T0, &fx->ac, &msg), EXIT_OK);
	assert_int_equal(app_course_start(fx->ac, fx->s, T0), 0);
	assert_true(store_assess_save(v, "mood2", T0 + 60, keys, 2, -1, 0,
	                              "low", "self", "demo", NULL) > 0);

	/* Paused: the first lesson, never opened, stays closed. */
	flag = store_flag_raise(v, "severe", T0 + 70, 0, NULL);
	assert_true(flag > 0);
	assert_int_equal(store_pause_set(v, flag, T0 + 70), 0);
	assert_int_equal(app_course_refresh(fx->ac, fx->s, T0 + 80), 0);
	ov = app_course_overview(fx->ac);
	assert_true(ov->paused);
	assert_int_equal(ov->due[0].kind, STEP_PAUSED);
	assert_int_equal(app_course_state(fx->ac, 0), LESSON_LOCKED);
	assert_int_equal(app_lesson_opened(fx->ac, fx->s, 0, T0 + 90), 0);
	assert_int_equal(store_pause_override(v, T0 + 100), 0);
	assert_int_equal(app_course_refresh(fx->ac, fx->s, T0 + 110), 0);
	assert_false(app_course_overview(fx->ac)->paused);
	assert_int_equal(app_course_state(fx->ac, 0), LESSON_OPEN);

	/* Every core lesson done: the final check-in is due. */
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(progress_lesson_completed(
		                         v, "demo",
		                         app_course_def(fx->ac)->lessons[i].id,
		                         T0 + DAY + (time_t)i),
		                 0);
	assert_int_equal(app_course_refresh(fx->ac, fx->s, T0 + 2 * DAY), 0);
	ov = app_course_overview(fx->ac);
	assert_int_equal(ov->core_done, 3);
	assert_int_equal(ov->next, -1);
	assert_int_equal(ov->due[0].kind, STEP_CHECKIN);
	assert_string_equal(ov->due[0].text, "Final check-in: Mood-2");
	assert_int_equal(ov->due[ov->ndue - 1].kind, STEP_DONE);
	/* The follow-up has a date already: midnight, 30 local days after
	 * the day of the last lesson (T0 + DAY + 2, a Monday). */
	assert_int_equal(ov->followup_at, T0 - 10 * 3600 + 31 * DAY);
	assert_true(store_assess_save(v, "mood2", T0 + 2 * DAY, keys, 2, -1, 0,
	                              "low", "self", "demo", NULL) > 0);
	assert_int_equal(app_course_refresh(fx->ac, fx->s, T0 + 2 * DAY + 10),
	                 0);
	ov = app_course_overview(fx->ac);
	assert_int_equal(ov->due[0].kind, STEP_DONE);
	assert_int_equal(ov->followup_at, T0 - 10 * 3600 + 31 * DAY);

	/* The follow-up, 30 local days after the last lesson. */
	assert_int_equal(app_course_refresh(fx->ac, fx->s, T0 + 30 * DAY), 0);
	assert_int_equal(app_course_overview(fx->ac)->due[0].kind, STEP_DONE);
	assert_int_equal(app_course_refresh(fx->ac, fx->s, T0 + 31 * DAY), 0);
	ov = app_course_overview(fx->ac);
	assert_int_equal(ov->due[0].kind, STEP_CHECKIN);
	assert_string_equal(ov->due[0].text, "Follow-up check-in: Mood-2");
	assert_int_equal(ov->followup_at, T0 - 10 * 3600 + 31 * DAY);
	/* Taken: nothing is left to remind of. */
	assert_true(store_assess_save(v, "mood2", T0 + 31 * DAY, keys, 2, -1, 0,
	                              "low", "self", "demo", NULL) > 0);
	assert_int_equal(app_course_refresh(fx->ac, fx->s, T0 + 31 * DAY + 9),
	                 0);
	ov = app_course_overview(fx->ac);
	assert_int_equal(ov->due[0].kind, STEP_DONE);
	assert_int_equal(ov->followup_at, 0);
}

/* The schedule's check-in times after a commit (the kind codes only). */
static size_t
schedule_checkins(time_t *at, size_t max)
{
	struct remind_schedule sc;
	size_t n = 0;

	assert_int_equal(remind_schedule_load(&sc, NULL), 0);
	for (size_t i = 0; i < sc.nitems; i++)
		if (sc.items[i].kind == SCHED_CHECKIN && n < max)
			at[n++] = sc.items[i].at;
	return n;
}

/*
 * The one commit: the session's course snapshot, the save and the
 * reminder schedule, whoever commits; end-of-course and follow-up
 * check-ins go into the schedule at their times; a schedule that cannot
 * be written loses nothing but is said.
 */
static void
test_commit_schedule(void **state)
{
	struct fixture *fx = *state;
	struct vault *v = session_vault(fx->s);
	struct app_course *ac, *again;
	const time_t follow = T0 - 10 * 3600 + 31 * DAY;
	int keys[2] = {0, 0};
	char *msg = NULL, *path, *cmd;
	time_t at[4];
	time_t now;

	assert_null(session_course_loaded(fx->s));
	assert_int_equal(session_course(fx->s, T0, &ac, &msg), EXIT_OK);
	assert_int_equal(session_course(fx->s, T0, &again, &msg), EXIT_OK);
	assert_ptr_equal(ac, again);
	assert_ptr_equal(session_course_loaded(fx->s), ac);
	assert_int_equal(app_course_start(ac, fx->s, T0), 0);
	assert_int_equal(session_commit(fx->s, T0, &msg), EXIT_OK);
	assert_null(session_warning(fx->s));
	/* The baseline is due now. */
	assert_int_equal(schedule_checkins(at, 4), 1);
	assert_int_equal(at[0], T0);
	assert_null(session_welcome(fx->s)); /* no earlier schedule */

	/* A change made behind the snapshot's back shows after the commit. */
	assert_true(store_assess_save(v, "mood2", T0 + 60, keys, 2, -1, 0,
	                              "low", "self", "demo", NULL) > 0);
	assert_int_equal(app_course_overview(ac)->due[0].kind, STEP_CHECKIN);
	assert_int_equal(session_commit(fx->s, T0 + 60, &msg), EXIT_OK);
	assert_int_equal(app_course_overview(ac)->due[0].kind, STEP_LESSON);
	assert_int_equal(schedule_checkins(at, 4), 0);

	/* Every core lesson done: the final check-in now, the follow-up at
	 * its date. */
	now = T0 + DAY + 10;
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(progress_lesson_completed(
		                         v, "demo",
		                         app_course_def(ac)->lessons[i].id,
		                         T0 + DAY + (time_t)i),
		                 0);
	assert_int_equal(session_commit(fx->s, now, &msg), EXIT_OK);
	assert_int_equal(schedule_checkins(at, 4), 2);
	assert_int_equal(at[0], now);
	assert_int_equal(at[1], follow);

	/* The final check-in taken: only the follow-up is left. */
	assert_true(store_assess_save(v, "mood2", now + 60, keys, 2, -1, 0,
	                              "low", "self", "demo", NULL) > 0);
	assert_int_equal(session_commit(fx->s, now + 60, &msg), EXIT_OK);
	assert_int_equal(schedule_checkins(at, 4), 1);
	assert_int_equal(at[0], follow);

	/* Its day comes: due now, until taken, and still at the time it
	 * first was due (the schedule does not change while it waits). */
	assert_int_equal(session_commit(fx->s, follow + 3600, &msg), EXIT_OK);
	assert_int_equal(schedule_checkins(at, 4), 1);
	assert_int_equal(at[0], follow);
	assert_true(store_assess_save(v, "mood2", follow + 7200, keys, 2, -1, 0,
	                              "low", "self", "demo", NULL) > 0);
	assert_int_equal(session_commit(fx->s, follow + 7200, &msg), EXIT_OK);
	assert_int_equal(schedule_checkins(at, 4), 0);
	/* The chart's points: every scored check-in, oldest first. */
	{
		struct chart_point *pts;
		size_t n;

		assert_int_equal(chart_points(fx->s, "mood2", &pts, &n), 0);
		assert_int_equal(n, 3);
		assert_int_equal(pts[0].at, T0 + 60);
		assert_int_equal(pts[2].at, follow + 7200);
		free(pts);
		assert_int_equal(chart_points(fx->s, "gad7", &pts, &n), 0);
		assert_int_equal(n, 0);
		assert_null(pts);
	}

	/* The schedule cannot be written: the save still counts, and the
	 * session says what went wrong. */
	path = xasprintf("%s/state", fx->dir);
	cmd = xasprintf("rm -rf '%s' && echo x >'%s'", path, path);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(session_commit(fx->s, follow + 9000, &msg), EXIT_OK);
	assert_null(msg);
	assert_non_null(session_warning(fx->s));
	assert_non_null(strstr(session_warning(fx->s), "reminder schedule"));
	free(cmd);
	cmd = xasprintf("rm -f '%s'", path);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(session_commit(fx->s, follow + 9100, &msg), EXIT_OK);
	assert_null(session_warning(fx->s));
	free(cmd);
	free(path);
}

/*
 * Flexible progression: an entry made while lesson 1 is open counts
 * toward the homework it sets; the rest can be skipped with a reason,
 * kept with the date and listed for the report.
 */
static void
test_homework_skip(void **state)
{
	struct fixture *fx = *state;
	struct vault *v = session_vault(fx->s);
	const struct app_overview *ov;
	const struct app_skip *sk;
	char *msg = NULL;
	int keys[2] = {1, 1};

	assert_int_equal(app_course_open(fx->s, T0, &fx->ac, &msg), EXIT_OK);
	assert_int_equal(app_course_start(fx->ac, fx->s, T0), 0);
	assert_true(store_assess_save(v, "mood2", T0 + 60, keys, 2, -1, 2,
	                              "low", "self", "demo", NULL) > 0);
	assert_int_equal(app_course_refresh(fx->ac, fx->s, T0 + 90), 0);
	assert_int_equal(app_lesson_opened(fx->ac, fx->s, 0, T0 + 100), 0);
	/* A mood note made while the lesson is open, as it invites. */
	assert_int_equal(db_exec(v,
	                         "INSERT INTO entries(worksheet, created_at, "
	                         "updated_at, completed_at) VALUES "
	                         "('mood-note', ?1, ?1, ?1)",
	                         "i", (int64_t)(T0 + 110)),
	                 0);
	assert_int_equal(app_lesson_read(fx->ac, fx->s, 0, 50, true, T0 + 120),
	                 0);
	assert_int_equal(
	        app_lesson_answer(fx->ac, fx->s, 0, "goal", "calmer", T0 + 130),
	        1);
	ov = app_course_overview(fx->ac);
	assert_int_equal(count_steps(ov, STEP_HOMEWORK), 1);
	for (size_t i = 0; i < ov->ndue; i++)
		if (ov->due[i].kind == STEP_HOMEWORK) {
			assert_int_equal(ov->due[i].have, 1);
			assert_int_equal(ov->due[i].need, 2);
			assert_int_equal(ov->due[i].lesson, 1);
			assert_string_equal(ov->due[i].id, "mood-note");
		}
	assert_string_equal(ov->next_why, "Opens on Wednesday, after 1 more "
	                                  "Mood note entry.");
	/* Refused: no reason, or homework the lesson does not ask for. */
	assert_int_equal(app_homework_skip(fx->ac, fx->s, 1, "mood-note",
	                                   "  \n", T0 + 200),
	                 1);
	assert_int_equal(app_homework_skip(fx->ac, fx->s, 1, "other",
	                                   "busy week", T0 + 200),
	                 1);
	assert_int_equal(app_course_skips(fx->ac, &sk), 0);
	/* Skipped with a reason: done, and kept. */
	assert_int_equal(app_homework_skip(fx->ac, fx->s, 1, "mood-note",
	                                   "Away with work all week.",
	                                   T0 + 300),
	                 0);
	ov = app_course_overview(fx->ac);
	assert_int_equal(count_steps(ov, STEP_HOMEWORK), 0);
	assert_string_equal(ov->next_why, "Opens on Wednesday.");
	assert_string_equal(ov->recent[0].text, "Skipped homework: Mood note");
	assert_int_equal(app_course_skips(fx->ac, &sk), 1);
	assert_int_equal(sk[0].lesson, 1);
	assert_string_equal(sk[0].lesson_id, "notice");
	assert_string_equal(sk[0].worksheet, "mood-note");
	assert_string_equal(sk[0].reason, "Away with work all week.");
	assert_int_equal(sk[0].at, T0 + 300);
	assert_int_equal(
	        app_course_refresh(fx->ac, fx->s, T0 + 3 * DAY - 36000), 0);
	assert_int_equal(app_course_state(fx->ac, 1), LESSON_OPEN);
}

static void
add_note(struct vault *v, const char *sheet, time_t done, time_t deleted)
{
	assert_int_equal(db_exec(v,
	                         "INSERT INTO entries(worksheet, created_at, "
	                         "updated_at, completed_at, deleted_at) "
	                         "VALUES (?1, ?2, ?2, nullif(?2, 0), "
	                         "nullif(?3, 0))",
	                         "tii", sheet, (int64_t)done, (int64_t)deleted),
	                 0);
}

static int
homework_have(const struct app_overview *ov)
{
	for (size_t i = 0; i < ov->ndue; i++)
		if (ov->due[i].kind == STEP_HOMEWORK)
			return ov->due[i].have;
	return -1; /* no homework due */
}

/*
 * The homework count the snapshot makes: finished, live entries of the
 * worksheet from when lesson 1 was opened to now, whatever else the
 * vault holds (before that, deleted, unfinished, another worksheet, in
 * the future); exact while it falls short, and no step once it is met,
 * however many more there are.
 */
static void
test_homework_counts(void **state)
{
	struct fixture *fx = *state;
	struct vault *v = session_vault(fx->s);
	int keys[2] = {1, 1};
	char *msg = NULL;

	assert_int_equal(app_course_open(fx->s, T0, &fx->ac, &msg), EXIT_OK);
	assert_int_equal(app_course_start(fx->ac, fx->s, T0), 0);
	assert_true(store_assess_save(v, "mood2", T0 + 60, keys, 2, -1, 2,
	                              "low", "self", "demo", NULL) > 0);
	assert_int_equal(app_course_refresh(fx->ac, fx->s, T0 + 90), 0);
	add_note(v, "mood-note", T0 + 95, 0); /* before lesson 1 opened */
	assert_int_equal(app_lesson_opened(fx->ac, fx->s, 0, T0 + 100), 0);
	add_note(v, "mood-note", T0 + 110, T0 + 115); /* deleted */
	add_note(v, "mood-note", 0, 0); /* unfinished */
	add_note(v, "other", T0 + 112, 0); /* another worksheet */
	add_note(v, "mood-note", T0 + 5000, 0); /* after now */
	assert_int_equal(app_lesson_read(fx->ac, fx->s, 0, 50, true, T0 + 120),
	                 0);
	assert_int_equal(
	        app_lesson_answer(fx->ac, fx->s, 0, "goal", "calmer", T0 + 130),
	        1);
	assert_int_equal(homework_have(app_course_overview(fx->ac)), 0);
	/* One made while the lesson was open; then one at now itself. */
	add_note(v, "mood-note", T0 + 105, 0);
	assert_int_equal(app_course_refresh(fx->ac, fx->s, T0 + 200), 0);
	assert_int_equal(homework_have(app_course_overview(fx->ac)), 1);
	add_note(v, "mood-note", T0 + 300, 0);
	assert_int_equal(app_course_refresh(fx->ac, fx->s, T0 + 299), 0);
	assert_int_equal(homework_have(app_course_overview(fx->ac)), 1);
	assert_int_equal(app_course_refresh(fx->ac, fx->s, T0 + 300), 0);
	assert_int_equal(homework_have(app_course_overview(fx->ac)), -1);
	/* The one in the future counts once it is no longer. */
	assert_int_equal(db_exec(v,
	                         "UPDATE entries SET deleted_at = ?1 WHERE "
	                         "completed_at = ?1",
	                         "i", (int64_t)(T0 + 300)),
	                 0);
	assert_int_equal(app_course_refresh(fx->ac, fx->s, T0 + 4999), 0);
	assert_int_equal(homework_have(app_course_overview(fx->ac)), 1);
	assert_int_equal(app_course_refresh(fx->ac, fx->s, T0 + 5000), 0);
	assert_int_equal(homework_have(app_course_overview(fx->ac)), -1);
	/* Many more: met, the same. */
	for (int i = 0; i < 30; i++)
		add_note(v, "mood-note", T0 + 400 + i, 0);
	assert_int_equal(app_course_refresh(fx->ac, fx->s, T0 + 6000), 0);
	assert_int_equal(homework_have(app_course_overview(fx->ac)), -1);
	assert_int_equal(
	        app_course_refresh(fx->ac, fx->s, T0 + 3 * DAY - 36000), 0);
	assert_int_equal(app_course_state(fx->ac, 1), LESSON_OPEN);
}

/* The welcome-back line is decided once, at the first sync. */
static void
test_welcome(void **state)
{
	struct fixture *fx = *state;
	struct app_course *ac;
	char *msg = NULL;

	assert_int_equal(session_course(fx->s, T0, &ac, &msg), EXIT_OK);
	assert_int_equal(session_sync(fx->s, T0), 0);
	assert_null(session_welcome(fx->s));
	session_close(fx->s);
	assert_int_equal(session_open_with(&fx->o,
	                                   "a long test passphrase 4711",
	                                   &fx->s, &msg),
	                 EXIT_OK);
	assert_int_equal(session_sync(fx->s, T0 + 3 * DAY), 0);
	assert_int_equal(session_sync(fx->s, T0 + 3 * DAY + 1), 0);
	assert_non_null(session_welcome(fx->s));
	assert_null(session_welcome(fx->s)); /* once */
}

static void
test_missing_course(void **state)
{
	struct fixture *fx = *state;
	char *msg = NULL;

	/* The session reads its options through its pointer to them. */
	fx->o.content_dir = "tests/fixtures/packs/cycle/content";
	assert_int_equal(app_course_open(fx->s, T0, &fx->ac, &msg), EXIT_DATA);
	assert_null(fx->ac);
	assert_non_null(strstr(msg, "tend check-content"));
	free(msg);
	fx->o.content_dir = "/nonexistent";
	assert_int_equal(app_course_open(fx->s, T0, &fx->ac, &msg), EXIT_FAIL);
	assert_non_null(strstr(msg, "no course is installed"));
	assert_non_null(strstr(msg, "/nonexistent")); /* where it looked */
	free(msg);
}

/* The course read while the passphrase is typed is the one opened when
 * the vault names it and the folder is the same (even if its files went
 * since), and is left otherwise. */
static void
test_read_ahead(void **state)
{
	struct fixture *fx = *state;
	/* A copy of the whole pack: the course reads its worksheets and
	 * instruments from the pack's data folder. */
	char *copy = xasprintf("%s/pack/content/demo", fx->dir), *msg = NULL;
	char *cmd = xasprintf("cp -R '" GOOD "' '%s/pack'", fx->dir);

	assert_int_equal(system(cmd), 0);
	free(cmd);
	fx->o.content_dir = copy;
	app_course_read_ahead(&fx->o);
	/* Read: the files can go, the open takes what was read. */
	cmd = xasprintf("rm -rf '%s'", copy);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(app_course_open(fx->s, T0, &fx->ac, &msg), EXIT_OK);
	assert_string_equal(app_course_def(fx->ac)->dir, copy);
	assert_int_equal(app_course_def(fx->ac)->nlessons, 4);
	app_course_free(fx->ac);
	fx->ac = NULL;
	/* Taken once: the next open reads the folder, which is gone. */
	assert_int_equal(app_course_open(fx->s, T0, &fx->ac, &msg), EXIT_FAIL);
	free(msg);
	msg = NULL;
	app_course_read_ahead_drop();

	/* Another content folder at the open: the one read ahead is left. */
	fx->o.content_dir = GOOD "/content/demo";
	app_course_read_ahead(&fx->o);
	fx->o.content_dir = "tests/fixtures/packs/cycle/content";
	assert_int_equal(app_course_open(fx->s, T0, &fx->ac, &msg), EXIT_DATA);
	free(msg);
	msg = NULL;
	app_course_read_ahead_drop();

	/* The vault names another course: that one is looked for. */
	fx->o.content_dir = GOOD "/content/demo";
	app_course_read_ahead(&fx->o);
	assert_int_equal(
	        progress_set_current_course(session_vault(fx->s), "another"),
	        0);
	assert_int_equal(app_course_open(fx->s, T0, &fx->ac, &msg), EXIT_FAIL);
	assert_non_null(strstr(msg, "another"));
	free(msg);
	app_course_read_ahead_drop();
	free(cmd);
	free(copy);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_model),
	        cmocka_unit_test_setup_teardown(test_course_flow, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_pause_end_followup, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_missing_course, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_commit_schedule, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_welcome, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_homework_counts, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_homework_skip, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_read_ahead, setup,
	                                        teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
