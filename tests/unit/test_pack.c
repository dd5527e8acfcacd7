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
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/course.h"
#include "md/md.h"
#include "pack/pack.h"
#include "util/xalloc.h"

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

/* Every lesson of c keeps its text, and its parts are the blocks of a
 * layout of that text, in order, at the same lines. */
static void
check_parts_match_layout(const struct course *c)
{
	for (size_t i = 0; i < c->nlessons; i++) {
		const struct course_lesson *l = &c->lessons[i];
		struct md_doc *doc;

		assert_non_null(l->text);
		assert_true(l->text_len > 0);
		assert_int_equal(strlen(l->text), l->text_len);
		doc = md_layout(l->text, l->text_len, 60);
		assert_int_equal(md_doc_nblocks(doc), l->nparts);
		for (size_t k = 0; k < l->nparts; k++)
			assert_int_equal(md_doc_block(doc, k)->src_line,
			                 l->parts[k].line);
		md_doc_free(doc);
	}
}

/* Lessons are split by md/: blocks nested in lists and quotes count, an
 * indented "```" is code, an unclosed fence is reported where it opens. */
static void
test_lesson_blocks(void **state)
{
	static const char course[] = "id: t\ntitle: T\nlessons:\n  - 01-a.md\n";
	static const char lesson[] =
	        "---\nid: a\ntitle: A\n---\n\nText.\n\n"
	        "- item\n\n  ```tend-prompt\n  id: p1\n  question: Q1\n"
	        "  ```\n\n"
	        "> ```tend-plan\n> id: p2\n> what: W\n> ```\n\n"
	        "    ```tend-prompt\n    id: not-a-block\n\n"
	        "```tend-prompt\nid: p3\nquestion: Q3\n```\n";
	char dir[] = "/tmp/test_pack.XXXXXX";
	struct diags d = DIAGS_INIT;
	struct course *c;
	char *p;
	FILE *f;

	assert_non_null(mkdtemp(dir));
	p = xasprintf("%s/course.yaml", dir);
	assert_non_null(f = fopen(p, "w"));
	fputs(course, f);
	fclose(f);
	free(p);
	p = xasprintf("%s/01-a.md", dir);
	assert_non_null(f = fopen(p, "w"));
	fputs(lesson, f);
	fclose(f);
	c = pack_load_course(dir, NULL, &d);
	assert_non_null(c);
	assert_int_equal(d.nerrors, 0);
	assert_int_equal(c->lessons[0].nparts, 3);
	assert_string_equal(c->lessons[0].parts[0].id, "p1");
	assert_int_equal(c->lessons[0].parts[0].line, 10);
	assert_string_equal(c->lessons[0].parts[1].id, "p2");
	assert_int_equal(c->lessons[0].parts[1].kind, PART_PLAN);
	assert_string_equal(c->lessons[0].parts[2].id, "p3");
	assert_int_equal(c->lessons[0].parts[2].line, 23);
	assert_memory_equal(c->lessons[0].text, lesson, sizeof(lesson) - 1);
	check_parts_match_layout(c);
	course_free(c);
	diag_free(&d);

	/* An unclosed tend-* block is an error at its opening line. */
	assert_non_null(f = fopen(p, "a"));
	fputs("\n```tend-prompt\nid: p4\n", f);
	fclose(f);
	assert_null(pack_load_course(dir, NULL, &d));
	assert_true(has_diag(&d, "01-a.md:28: error: this code block is never "
	                         "closed"));
	diag_free(&d);
	unlink(p);
	free(p);
	p = xasprintf("%s/course.yaml", dir);
	unlink(p);
	free(p);
	rmdir(dir);
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

	check_parts_match_layout(c);
	assert_int_equal(course_find_lesson(c, "next"), 2);
	assert_int_equal(course_find_lesson(c, "nope"), -1);
	char *p = pack_lesson_path(c, 1);
	assert_string_equal(p, GOOD "/content/demo/02-notice.md");
	free(p);
	course_free(c);
	diag_free(&d);
}

/* The bundled course: every lesson's parts are its layout's blocks. */
static void
test_bundled_course(void **state)
{
	struct diags d = DIAGS_INIT;
	struct course *c = pack_load_course("content/steady", "data", &d);
	const struct course_lesson *l;

	assert_non_null(c);
	assert_true(c->nlessons > 0);
	check_parts_match_layout(c);
	/* Lesson 7 takes the exposure log or, on the low-mood path of
	 * lesson 6, the activity plan. */
	l = &c->lessons[course_find_lesson(c, "worry-and-problems")];
	assert_int_equal(l->rule.nhomework, 2);
	assert_string_equal(l->rule.homework[0].worksheet, "exposure-log");
	assert_string_equal(l->rule.homework[1].worksheet, "activity-plan");
	assert_int_equal(l->rule.homework[0].count, 3);
	assert_int_equal(l->rule.homework[1].count, 3);
	assert_int_equal(l->rule.homework[0].group, 1);
	assert_int_equal(l->rule.homework[1].group, 1);
	/* The panic lesson comes from the panic question alone. */
	l = &c->lessons[course_find_lesson(c, "body-sensations")];
	assert_int_equal(l->nsuggest, 1);
	assert_string_equal(l->suggest[0].instrument, "phqpanic");
	course_free(c);
	diag_free(&d);
}

/* Writes path with text. */
static void
put(const char *dir, const char *name, const char *text)
{
	char *p = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(p, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(p);
}

/* "any_of": alternatives in groups; one alone is an error. */
static void
test_homework_any_of(void **state)
{
	char dir[] = "/tmp/tend-anyof.XXXXXX", *cmd;
	struct diags d = DIAGS_INIT;
	struct course *c;
	const struct course_rule *r;

	assert_non_null(mkdtemp(dir));
	put(dir, "course.yaml",
	    "id: t\ntitle: \"T\"\nlessons: [01-a.md, 02-b.md, 03-c.md]\n");
	put(dir, "01-a.md", "---\nid: a\ntitle: \"A\"\n---\n# A\n");
	put(dir, "02-b.md",
	    "---\nid: b\ntitle: \"B\"\nunlock:\n  homework:\n"
	    "    mood-note: 1\n    any_of:\n      x-log: 3\n"
	    "      y-plan: 2\n---\n# B\n");
	put(dir, "03-c.md",
	    "---\nid: c\ntitle: \"C\"\nunlock:\n  homework:\n"
	    "    any_of:\n      x-log: 3\n---\n# C\n");
	c = pack_load_course(dir, NULL, &d);
	assert_null(c);
	assert_true(has_diag(&d, "03-c.md:7: error: 'any_of' must map two or "
	                         "more worksheets"));
	assert_int_equal(d.nerrors, 1);
	diag_free(&d);
	put(dir, "03-c.md", "---\nid: c\ntitle: \"C\"\n---\n# C\n");
	c = pack_load_course(dir, NULL, &d);
	assert_non_null(c);
	r = &c->lessons[1].rule;
	assert_int_equal(r->nhomework, 3);
	assert_string_equal(r->homework[0].worksheet, "mood-note");
	assert_int_equal(r->homework[0].group, 0);
	assert_string_equal(r->homework[1].worksheet, "x-log");
	assert_int_equal(r->homework[1].group, 1);
	assert_string_equal(r->homework[2].worksheet, "y-plan");
	assert_int_equal(r->homework[2].group, 1);
	assert_int_equal(r->homework[2].count, 2);
	course_free(c);
	diag_free(&d);
	cmd = xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
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
	        cmocka_unit_test(test_lesson_blocks),
	        cmocka_unit_test(test_blocks),
	        cmocka_unit_test(test_good_course),
	        cmocka_unit_test(test_bundled_course),
	        cmocka_unit_test(test_without_data_dir),
	        cmocka_unit_test(test_broken_courses),
	        cmocka_unit_test(test_find_courses),
	        cmocka_unit_test(test_homework_any_of),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
