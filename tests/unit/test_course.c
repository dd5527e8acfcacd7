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

#include "app/course.h"
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

	assert_int_equal(app_course_open(&fx->o, v, T0, &fx->ac, &msg),
	                 EXIT_OK);
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
	assert_int_equal(app_lesson_opened(fx->ac, v, 0, T0), 0);

	assert_int_equal(app_course_start(fx->ac, v, T0), 0);
	assert_false(app_course_is_onboarded(fx->ac));
	assert_int_equal(app_course_onboarded(fx->ac, v, T0), 0);
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

	/* The baseline: lesson 1 opens; item 2 = 2 suggests the extra. */
	assert_true(store_assess_save(v, "mood2", T0 + 60, keys, 2, -1, 3,
	                              "medium", "self", "demo", NULL) > 0);
	assert_int_equal(app_course_refresh(fx->ac, v, T0 + 90), 0);
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
	assert_int_equal(app_lesson_opened(fx->ac, v, 0, T0 + 100), 0);
	s = app_lesson_missing(fx->ac, v, 0);
	assert_string_equal(s, "To complete this lesson, read to the end "
	                       "and answer 1 more question.");
	free(s);
	assert_int_equal(app_course_overview(fx->ac)->due[0].kind,
	                 STEP_CONTINUE);
	assert_int_equal(app_lesson_read(fx->ac, v, 0, 42, false, T0 + 110), 0);
	assert_int_equal(app_lesson_read_pos(fx->ac, 0), 42);
	assert_int_equal(app_lesson_read(fx->ac, v, 0, 50, true, T0 + 120), 0);
	s = app_lesson_missing(fx->ac, v, 0);
	assert_string_equal(s,
	                    "To complete this lesson, answer 1 more question.");
	free(s);
	/* A blank answer is no answer. */
	assert_int_equal(
	        app_lesson_answer(fx->ac, v, 0, "goal", "  \n", T0 + 125), 0);
	assert_int_equal(
	        app_lesson_answer(fx->ac, v, 0, "goal", "calmer", T0 + 130), 1);
	assert_int_equal(app_course_done_at(fx->ac, 0), T0 + 130);
	assert_null(app_lesson_missing(fx->ac, v, 0));
	assert_int_equal(app_lesson_try_complete(fx->ac, v, 0, T0 + 140), 0);
	s = NULL;
	assert_int_equal(progress_prompt_get(v, "demo", "start", "goal", &s),
	                 1);
	assert_string_equal(s, "calmer");
	free(s);

	/* The next lesson is locked, says why, and cannot be opened. */
	ov = app_course_overview(fx->ac);
	assert_int_equal(ov->core_done, 1);
	assert_int_equal(app_course_state(fx->ac, 1), LESSON_LOCKED);
	assert_string_equal(ov->next_why, "Opens on Wednesday, after 2 more "
	                                  "Mood note entries.");
	assert_int_equal(ov->next_at, T0 + 3 * DAY - 10 * 3600);
	assert_int_equal(count_steps(ov, STEP_HOMEWORK), 1);
	assert_int_equal(app_lesson_opened(fx->ac, v, 1, T0 + 200), 0);
	assert_int_equal(app_lesson_read_pos(fx->ac, 1), 0);
	assert_int_equal(
	        count_steps(app_course_overview(fx->ac), STEP_CONTINUE), 0);
	assert_string_equal(ov->recent[0].text,
	                    "Completed \u201cGetting started\u201d");

	/* Tailoring: declined, then taken from the list. */
	assert_int_equal(app_course_decline(fx->ac, v, 3, T0 + 300), 0);
	ov = app_course_overview(fx->ac);
	assert_int_equal(count_steps(ov, STEP_SUGGESTION), 0);
	assert_int_equal(app_course_state(fx->ac, 3), LESSON_HIDDEN);
	assert_int_equal(app_course_take(fx->ac, v, 3, T0 + 400), 0);
	assert_int_equal(app_course_state(fx->ac, 3), LESSON_OPEN);
	assert_int_equal(app_course_take(fx->ac, v, 0, T0 + 400), -1);

	/* Homework and days: lesson 2 opens at local midnight. */
	assert_int_equal(db_exec(v,
	                         "INSERT INTO entries(worksheet, created_at, "
	                         "updated_at, completed_at) VALUES "
	                         "('mood-note', ?1, ?1, ?1), "
	                         "('mood-note', ?1, ?1, ?1)",
	                         "i", (int64_t)(T0 + DAY)),
	                 0);
	assert_int_equal(app_course_refresh(fx->ac, v, T0 + 2 * DAY), 0);
	assert_string_equal(app_course_overview(fx->ac)->next_why,
	                    "Opens tomorrow.");
	assert_int_equal(app_course_refresh(fx->ac, v, T0 + 3 * DAY - 36000),
	                 0);
	assert_int_equal(app_course_state(fx->ac, 1), LESSON_OPEN);
	assert_int_equal(app_lesson_opened(fx->ac, v, 1, T0 + 3 * DAY), 0);
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

	assert_int_equal(app_course_open(&fx->o, v, T0, &fx->ac, &msg),
	                 EXIT_OK);
	assert_int_equal(app_course_start(fx->ac, v, T0), 0);
	assert_true(store_assess_save(v, "mood2", T0 + 60, keys, 2, -1, 0,
	                              "low", "self", "demo", NULL) > 0);

	/* Paused: the first lesson, never opened, stays closed. */
	flag = store_flag_raise(v, "severe", T0 + 70, 0, NULL);
	assert_true(flag > 0);
	assert_int_equal(store_pause_set(v, flag, T0 + 70), 0);
	assert_int_equal(app_course_refresh(fx->ac, v, T0 + 80), 0);
	ov = app_course_overview(fx->ac);
	assert_true(ov->paused);
	assert_int_equal(ov->due[0].kind, STEP_PAUSED);
	assert_int_equal(app_course_state(fx->ac, 0), LESSON_LOCKED);
	assert_int_equal(app_lesson_opened(fx->ac, v, 0, T0 + 90), 0);
	assert_int_equal(store_pause_override(v, T0 + 100), 0);
	assert_int_equal(app_course_refresh(fx->ac, v, T0 + 110), 0);
	assert_false(app_course_overview(fx->ac)->paused);
	assert_int_equal(app_course_state(fx->ac, 0), LESSON_OPEN);

	/* Every core lesson done: the final check-in is due. */
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(progress_lesson_completed(
		                         v, "demo",
		                         app_course_def(fx->ac)->lessons[i].id,
		                         T0 + DAY + (time_t)i),
		                 0);
	assert_int_equal(app_course_refresh(fx->ac, v, T0 + 2 * DAY), 0);
	ov = app_course_overview(fx->ac);
	assert_int_equal(ov->core_done, 3);
	assert_int_equal(ov->next, -1);
	assert_int_equal(ov->due[0].kind, STEP_CHECKIN);
	assert_string_equal(ov->due[0].text, "Final check-in: Mood-2");
	assert_int_equal(ov->due[ov->ndue - 1].kind, STEP_DONE);
	assert_true(store_assess_save(v, "mood2", T0 + 2 * DAY, keys, 2, -1, 0,
	                              "low", "self", "demo", NULL) > 0);
	assert_int_equal(app_course_refresh(fx->ac, v, T0 + 2 * DAY + 10), 0);
	ov = app_course_overview(fx->ac);
	assert_int_equal(ov->due[0].kind, STEP_DONE);

	/* The follow-up, 30 local days after the last lesson. */
	assert_int_equal(app_course_refresh(fx->ac, v, T0 + 30 * DAY), 0);
	assert_int_equal(app_course_overview(fx->ac)->due[0].kind, STEP_DONE);
	assert_int_equal(app_course_refresh(fx->ac, v, T0 + 31 * DAY), 0);
	ov = app_course_overview(fx->ac);
	assert_int_equal(ov->due[0].kind, STEP_CHECKIN);
	assert_string_equal(ov->due[0].text, "Follow-up check-in: Mood-2");
}

static void
test_missing_course(void **state)
{
	struct fixture *fx = *state;
	struct opts o = fx->o;
	char *msg = NULL;

	o.content_dir = "tests/fixtures/packs/cycle/content";
	assert_int_equal(
	        app_course_open(&o, session_vault(fx->s), T0, &fx->ac, &msg),
	        EXIT_DATA);
	assert_null(fx->ac);
	assert_non_null(strstr(msg, "tend check-content"));
	free(msg);
	o.content_dir = "/nonexistent";
	assert_int_equal(
	        app_course_open(&o, session_vault(fx->s), T0, &fx->ac, &msg),
	        EXIT_FAIL);
	assert_string_equal(msg, "no course is installed");
	free(msg);
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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
