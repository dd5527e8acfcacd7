/*
 * Unit tests of the course loader: front matter, interactive blocks and
 * their defaults and errors, the resolved unlock rules of the example
 * course (tests/fixtures/packs/good), broken packs, and finding courses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/course.h"
#include "pack/pack.h"

#define GOOD "tests/fixtures/packs/good"

static bool
has_diag(const struct diags *d, const char *needle)
{
	for (size_t i = 0; i < d->n; i++) {
		char *s = diag_format(&d->items[i]);
		bool hit = strstr(s, needle) != NULL;

		free(s);
		if (hit)
			return true;
	}
	return false;
}

static void
test_front_matter(void **state)
{
	const char *fm, *body;
	size_t fm_len;
	int line;
	const char *t1 = "---\nid: a\ntitle: b\n---\n\n# Hello\n";
	const char *t2 = "---\r\nid: a\r\n...\r\nText\r\n";
	const char *t3 = "# No front matter\n";
	const char *t4 = "---\nid: a\nnever closed\n";

	assert_true(pack_split_front_matter(t1, strlen(t1), &fm, &fm_len, &body,
	                                    &line));
	assert_int_equal(fm_len, strlen("id: a\ntitle: b\n"));
	assert_memory_equal(fm, "id: a\ntitle: b\n", fm_len);
	assert_string_equal(body, "\n# Hello\n");
	assert_int_equal(line, 5);

	assert_true(pack_split_front_matter(t2, strlen(t2), &fm, &fm_len, &body,
	                                    &line));
	assert_memory_equal(fm, "id: a\r\n", fm_len);
	assert_string_equal(body, "Text\r\n");
	assert_int_equal(line, 4);

	assert_false(pack_split_front_matter(t3, strlen(t3), &fm, &fm_len,
	                                     &body, &line));
	assert_ptr_equal(body, t3);
	assert_int_equal(line, 1);
	assert_false(pack_split_front_matter(t4, strlen(t4), &fm, &fm_len,
	                                     &body, &line));
}

static void
test_blocks(void **state)
{
	struct diags d = DIAGS_INIT;
	struct course_part p;
	const char *prompt = "id: goal\nquestion: \"Why?\"\nrequired: true\n";
	const char *plan = "id: times\nwhat: \"Practise\"\n";
	const char *sheet = "worksheet: thought-record\nhomework: 2\n";
	const char *assess = "instrument: phq9\n";

	assert_int_equal(pack_parse_block("tend-prompt", prompt, strlen(prompt),
	                                  "l.md", 10, &p, &d),
	                 0);
	assert_int_equal(p.kind, PART_PROMPT);
	assert_string_equal(p.id, "goal");
	assert_string_equal(p.text, "Why?");
	assert_true(p.required);
	assert_int_equal(p.lines, 3);
	assert_int_equal(p.line, 9);
	pack_part_clear(&p);

	assert_int_equal(pack_parse_block("tend-plan extra words", plan,
	                                  strlen(plan), "l.md", 1, &p, &d),
	                 0);
	assert_int_equal(p.kind, PART_PLAN);
	assert_int_equal(p.count, 3);
	pack_part_clear(&p);

	assert_int_equal(pack_parse_block("tend-worksheet", sheet,
	                                  strlen(sheet), "l.md", 1, &p, &d),
	                 0);
	assert_int_equal(p.kind, PART_WORKSHEET);
	assert_string_equal(p.id, "thought-record");
	assert_int_equal(p.count, 2);
	pack_part_clear(&p);

	assert_int_equal(pack_parse_block("tend-assess", assess, strlen(assess),
	                                  "l.md", 1, &p, &d),
	                 0);
	assert_string_equal(p.id, "phq9");
	pack_part_clear(&p);
	assert_int_equal(d.n, 0);

	/* Errors carry the line in the lesson file. */
	assert_int_equal(pack_parse_block("tend-quiz", assess, strlen(assess),
	                                  "l.md", 20, &p, &d),
	                 -1);
	assert_true(has_diag(&d, "l.md:19: error: unknown interactive block "
	                         "'tend-quiz'"));
	assert_int_equal(pack_parse_block("tend-prompt", "id: x\n", 6, "l.md",
	                                  20, &p, &d),
	                 -1);
	assert_true(has_diag(&d, "l.md:20: error: missing 'question'"));
	assert_int_equal(pack_parse_block("tend-prompt",
	                                  "id: x\nquestion: q\nlines: 99\n", 28,
	                                  "l.md", 20, &p, &d),
	                 -1);
	assert_true(has_diag(&d, "l.md:22: error: 'lines' must be a whole "
	                         "number from 1 to 30"));
	assert_int_equal(
	        pack_parse_block("tend-assess", "- a\n", 4, "l.md", 5, &p, &d),
	        -1);
	assert_true(has_diag(&d, "must be a mapping"));
	assert_int_equal(
	        pack_parse_block("tend-assess", "", 0, "l.md", 5, &p, &d), -1);
	assert_true(has_diag(&d, "tend-assess is empty"));
	assert_null(p.id);
	diag_free(&d);
}

static void
test_good_course(void **state)
{
	struct diags d = DIAGS_INIT;
	struct course *c =
	        pack_load_course(GOOD "/content/demo", GOOD "/data", &d);
	const struct course_lesson *l;

	assert_non_null(c);
	assert_int_equal(d.n, 0);
	assert_string_equal(c->id, "demo");
	assert_string_equal(c->title, "Small Steps");
	assert_int_equal(c->ncore, 3);
	assert_int_equal(c->nlessons, 4);
	assert_int_equal(c->order, COURSE_ORDER_FIXED);
	assert_int_equal(c->checkins.min_days_between, 6);
	assert_int_equal(c->checkins.followup_days, 30);
	assert_int_equal(c->reminders.window_start, 18 * 60);
	assert_int_equal(c->reminders.window_end, 20 * 60);
	assert_int_equal(c->reminders.quiet_start, 21 * 60 + 30);
	assert_int_equal(c->reminders.days, 0x1f);
	assert_string_equal(course_worksheet_title(c, "mood-note"),
	                    "Mood note");
	assert_string_equal(course_instrument_name(c, "mood2"), "Mood-2");

	/* Lesson 1: the baseline first, no prerequisites. */
	l = &c->lessons[0];
	assert_string_equal(l->id, "start");
	assert_int_equal(l->minutes, 10);
	assert_int_equal(l->rule.nafter, 0);
	assert_int_equal(l->rule.nassess_first, 1);
	assert_string_equal(l->rule.assess_first[0], "mood2");
	assert_int_equal(l->nparts, 2);
	assert_int_equal(l->parts[0].kind, PART_PROMPT);
	assert_true(l->parts[0].required);
	assert_int_equal(l->parts[1].kind, PART_WORKSHEET);
	assert_int_equal(l->parts[1].line, 22);

	/* Lesson 2: after lesson 1 by default, homework from its block. */
	l = &c->lessons[1];
	assert_int_equal(l->rule.nafter, 1);
	assert_int_equal(l->rule.after[0], 0);
	assert_int_equal(l->rule.min_days, 3);
	assert_int_equal(l->rule.nhomework, 1);
	assert_string_equal(l->rule.homework[0].worksheet, "mood-note");
	assert_int_equal(l->rule.homework[0].count, 2);
	assert_int_equal(l->rule.release_day, -1);
	assert_string_equal(l->rule.assess_first[0], "mood2");

	/* Lesson 3: its own rule replaces the defaults. */
	l = &c->lessons[2];
	assert_int_equal(l->rule.nafter, 1);
	assert_int_equal(l->rule.after[0], 1);
	assert_int_equal(l->rule.homework[0].count, 1);
	assert_int_equal(l->rule.release_day, 7);

	/* The optional lesson: its own 'after', two suggestion rules. */
	l = &c->lessons[3];
	assert_true(l->optional);
	assert_int_equal(l->rule.nafter, 1);
	assert_int_equal(l->rule.after[0], 0);
	assert_int_equal(l->rule.nassess_first, 0);
	assert_int_equal(l->nsuggest, 2);
	assert_int_equal(l->suggest[0].kind, SUGGEST_ITEM);
	assert_int_equal(l->suggest[0].item, 2);
	assert_int_equal(l->suggest[0].at_least, 2);
	assert_int_equal(l->suggest[1].kind, SUGGEST_BAND);
	assert_int_equal(l->suggest[1].nbands, 1);
	assert_string_equal(l->suggest[1].bands[0], "high");

	assert_int_equal(course_find_lesson(c, "next"), 2);
	assert_int_equal(course_find_lesson(c, "nope"), -1);
	char *p = pack_lesson_path(c, 1);
	assert_string_equal(p, GOOD "/content/demo/02-notice.md");
	free(p);
	course_free(c);
	diag_free(&d);
}

static void
test_without_data_dir(void **state)
{
	struct diags d = DIAGS_INIT;
	struct course *c = pack_load_course(GOOD "/content/demo", NULL, &d);

	/* No cross-reference checks, no names: ids stand in. */
	assert_non_null(c);
	assert_string_equal(course_worksheet_title(c, "mood-note"),
	                    "mood-note");
	course_free(c);
	diag_free(&d);
}

static void
test_broken_courses(void **state)
{
	struct diags d = DIAGS_INIT;

	assert_null(pack_load_course("tests/fixtures/packs/cycle/content/c",
	                             "tests/fixtures/packs/cycle/data", &d));
	assert_true(has_diag(&d, "form a cycle"));
	diag_free(&d);
	assert_null(pack_load_course("tests/fixtures/packs/bad-refs/content/c",
	                             "tests/fixtures/packs/bad-refs/data", &d));
	assert_int_equal(d.nerrors, 10);
	diag_free(&d);
	/* Warnings alone: the course loads. */
	struct course *c =
	        pack_load_course("tests/fixtures/packs/unreachable/content/c",
	                         "tests/fixtures/packs/unreachable/data", &d);
	assert_non_null(c);
	assert_int_equal(d.nerrors, 0);
	assert_int_equal(d.nwarnings, 4);
	course_free(c);
	diag_free(&d);
	assert_null(pack_load_course("/nonexistent", NULL, &d));
	assert_true(has_diag(&d, "course.yaml: error: cannot open"));
	diag_free(&d);
}

static void
test_find_courses(void **state)
{
	char **v;
	char *id, *title;
	size_t n =
	        pack_find_courses("tests/fixtures/packs/bad-types/content", &v);

	assert_int_equal(n, 2);
	assert_string_equal(v[0], "tests/fixtures/packs/bad-types/content/c");
	assert_string_equal(v[1], "tests/fixtures/packs/bad-types/content/d");
	pack_strv_free(v, n);
	assert_int_equal(pack_find_courses("/nonexistent", &v), 0);
	assert_null(v);

	assert_int_equal(pack_course_title(GOOD "/content/demo", &id, &title),
	                 0);
	assert_string_equal(id, "demo");
	assert_string_equal(title, "Small Steps");
	free(id);
	free(title);
	assert_int_equal(pack_course_title("tests/fixtures/packs/bad-types/"
	                                   "content/c",
	                                   &id, &title),
	                 -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_front_matter),
	        cmocka_unit_test(test_blocks),
	        cmocka_unit_test(test_good_course),
	        cmocka_unit_test(test_without_data_dir),
	        cmocka_unit_test(test_broken_courses),
	        cmocka_unit_test(test_find_courses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
