/*
 * The reminder lines: enough of them to rotate, every one says how to
 * pause, and none names therapy, a condition, a questionnaire, a score or
 * a count of missed days, or scolds.
 */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include "core/wording.h"

static const char *const forbidden[] = {
        "therap",        "cbt",      "cognitive", "behavio",   "depress",
        "anxi",          "worry",    "mood",      "panic",     "mental",
        "health",        "clinic",   "treat",     "patient",   "symptom",
        "diagnos",       "disorder", "illness",   "condition", "score",
        "questionnaire", "assess",   "phq",       "gad",       "pcl",
        "audit",         "core-10",  "suicid",    "crisis",    "missed",
        "streak",        "overdue",  "late",      "failed",    "should",
        "lesson",        "course",   "homework",  "days",      "again?",
};

static void
check_line(const char *line)
{
	char low[256];
	const char *hint;
	size_t n = strlen(line);

	assert_non_null(line);
	assert_true(n > 0 && n < sizeof(low));
	for (size_t i = 0; i < n; i++) {
		assert_true(line[i] >= 0x20 && line[i] < 0x7f);
		low[i] = (char)tolower((unsigned char)line[i]);
	}
	low[n] = '\0';
	hint = strstr(line, WORDING_PAUSE_HINT);
	if (!hint)
		fail_msg("no pause hint: %s", line);
	/* Short enough for one line of a notification or a terminal. */
	assert_true(n <= 100);
	for (size_t i = 0; i < sizeof(forbidden) / sizeof(forbidden[0]); i++)
		if (strstr(low, forbidden[i]))
			fail_msg("'%s' in: %s", forbidden[i], line);
	/* No counts: no digit anywhere before the hint. */
	for (const char *p = line; p < hint; p++)
		if (isdigit((unsigned char)*p))
			fail_msg("a number in: %s", line);
}

static void
test_every_line_is_kind_and_says_how_to_pause(void **unused)
{
	for (int set = WORDING_NEUTRAL; set <= WORDING_DISCREET; set++) {
		size_t n = wording_count((enum wording_set)set);

		for (size_t i = 0; i < n; i++)
			check_line(wording_at((enum wording_set)set, i));
		assert_null(wording_at((enum wording_set)set, n));
	}
}

static void
test_enough_variants(void **unused)
{
	size_t n = wording_count(WORDING_NEUTRAL);

	assert_true(n >= 12);
	assert_true(wording_count(WORDING_DISCREET) >= 4);
	/* All different. */
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			assert_string_not_equal(wording_at(WORDING_NEUTRAL, i),
			                        wording_at(WORDING_NEUTRAL, j));
}

static void
test_rotation(void **unused)
{
	static const enum sched_kind kinds[] = {
	        SCHED_PRACTICE, SCHED_LESSON,  SCHED_CHECKIN,
	        SCHED_NUDGE,    SCHED_WELCOME,
	};

	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		for (unsigned r = 0; r < 40; r++) {
			const char *a =
			        wording_line(WORDING_NEUTRAL, kinds[k], r);
			const char *b =
			        wording_line(WORDING_NEUTRAL, kinds[k], r + 1);

			check_line(a);
			/* The next prompt never repeats the last one. */
			assert_string_not_equal(a, b);
			check_line(wording_line(WORDING_DISCREET, kinds[k], r));
		}
	}
	/* Unknown kinds and huge counters still give a line. */
	check_line(wording_line(WORDING_NEUTRAL, SCHED_NONE, 0));
	check_line(
	        wording_line(WORDING_NEUTRAL, (enum sched_kind)99, UINT32_MAX));
	/* A line fits what is waiting. */
	assert_non_null(strstr(wording_line(WORDING_NEUTRAL, SCHED_CHECKIN, 0),
	                       "check-in"));
}

static void
test_discreet_says_nothing(void **unused)
{
	for (size_t i = 0; i < wording_count(WORDING_DISCREET); i++) {
		const char *l = wording_at(WORDING_DISCREET, i);

		assert_null(strcasestr(l, "practice"));
		assert_null(strcasestr(l, "check-in"));
		assert_null(strcasestr(l, "welcome"));
	}
	assert_string_equal(wording_title(WORDING_DISCREET), "Reminder");
	assert_null(
	        strcasestr(wording_welcome_back(WORDING_DISCREET), "welcome"));
}

static void
test_titles_and_names(void **unused)
{
	enum wording_set s;

	assert_string_equal(wording_title(WORDING_NEUTRAL), "Daily practice");
	assert_non_null(
	        strstr(wording_welcome_back(WORDING_NEUTRAL), "Welcome back"));
	assert_int_equal(wording_set_from_name("discreet", &s), 0);
	assert_int_equal(s, WORDING_DISCREET);
	assert_int_equal(wording_set_from_name("neutral", &s), 0);
	assert_int_equal(s, WORDING_NEUTRAL);
	assert_int_equal(wording_set_from_name("loud", &s), -1);
	assert_string_equal(wording_set_name(WORDING_DISCREET), "discreet");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_every_line_is_kind_and_says_how_to_pause),
	        cmocka_unit_test(test_enough_variants),
	        cmocka_unit_test(test_rotation),
	        cmocka_unit_test(test_discreet_says_nothing),
	        cmocka_unit_test(test_titles_and_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
