/*
 * From the course overview to what the reminders know: homework means
 * daily practice, an open lesson or a check-in is due now, otherwise the
 * next lesson's opening time; the follow-up check-ins at their date; and
 * only times cross over.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "app/remindsync.h"

static void
test_due_from_overview(void **unused)
{
	struct app_step steps[3];
	struct app_overview ov;
	struct sheet_set none = SHEET_SET_INIT;
	struct remind_due due;
	time_t now = 1795370400;

	memset(&ov, 0, sizeof(ov));
	memset(steps, 0, sizeof(steps));
	steps[0].kind = STEP_CHECKIN;
	steps[1].kind = STEP_CHECKIN;
	steps[2].kind = STEP_HOMEWORK;
	ov.due = steps;
	ov.ndue = 3;
	ov.next = 2;
	ov.next_at = now + 86400;
	remind_due_from_course(NULL, &ov, &none, now, &due);
	assert_true(due.practice_daily);
	assert_int_equal(due.ncheckins, 1); /* once is enough */
	assert_int_equal(due.checkins[0], now);
	assert_int_equal(due.lesson_at, now + 86400);
	assert_int_equal(due.nplanned, 0);
	remind_due_free(&due);

	steps[0].kind = STEP_LESSON;
	steps[1].kind = STEP_SUGGESTION;
	steps[2].kind = STEP_DONE;
	remind_due_from_course(NULL, &ov, &none, now, &due);
	assert_false(due.practice_daily);
	assert_int_equal(due.ncheckins, 0);
	assert_int_equal(due.lesson_at, now); /* open now beats next */
	remind_due_free(&due);

	ov.ndue = 0;
	ov.next = -1;
	remind_due_from_course(NULL, &ov, &none, now, &due);
	assert_int_equal(due.lesson_at, 0);
	assert_false(due.practice_daily);
	remind_due_free(&due);
}

/* The follow-up date goes in while it is ahead; planned times are
 * copied (the caller's array is the caller's). */
static void
test_due_followup_and_planned(void **unused)
{
	struct app_step steps[2];
	struct app_overview ov;
	struct remind_due due;
	time_t now = 1795370400;
	time_t planned[2] = {now + 3600, now - 60};

	memset(&ov, 0, sizeof(ov));
	memset(steps, 0, sizeof(steps));
	ov.next = -1;
	ov.followup_at = now + 30 * 86400;
	/* The final check-in is due now, the follow-up in 30 days. */
	steps[0].kind = STEP_CHECKIN;
	steps[1].kind = STEP_DONE;
	ov.due = steps;
	ov.ndue = 2;
	remind_due_build(&ov, planned, 2, now, &due);
	assert_int_equal(due.ncheckins, 2);
	assert_int_equal(due.checkins[0], now);
	assert_int_equal(due.checkins[1], now + 30 * 86400);
	assert_int_equal(due.lesson_at, 0);
	assert_false(due.practice_daily);
	assert_int_equal(due.nplanned, 2);
	assert_true(due.planned != planned);
	assert_int_equal(due.planned[0], now + 3600);
	assert_int_equal(due.planned[1], now - 60);
	remind_due_free(&due);
	assert_null(due.checkins);

	/* Its day has come (then it is a STEP_CHECKIN): not twice. */
	ov.followup_at = now - 3600;
	remind_due_build(&ov, NULL, 0, now, &due);
	assert_int_equal(due.ncheckins, 1);
	assert_int_equal(due.checkins[0], now);
	assert_int_equal(due.nplanned, 0);
	assert_null(due.planned);
	remind_due_free(&due);

	/* Only the follow-up ahead. */
	ov.ndue = 0;
	ov.followup_at = now + 86400;
	remind_due_build(&ov, NULL, 0, now, &due);
	assert_int_equal(due.ncheckins, 1);
	assert_int_equal(due.checkins[0], now + 86400);
	remind_due_free(&due);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_due_from_overview),
	        cmocka_unit_test(test_due_followup_and_planned),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
