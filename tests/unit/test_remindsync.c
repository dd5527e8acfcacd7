/*
 * From the course overview to what the reminders know: homework means
 * daily practice, an open lesson or a check-in is due now, otherwise the
 * next lesson's opening time; and only times cross over.
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_due_from_overview),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
