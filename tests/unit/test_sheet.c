/*
 * core/sheet and pack/worksheet: the bundled worksheets load and check
 * clean; broken definitions give the right diagnostics; answers validate
 * by type (text limits in characters, ratings, choices, dates and times);
 * typed shortcuts normalise; rows are counted, deleted and sorted; the
 * planned time of an activity plan is found and cleared when done.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/sheet.h"
#include "pack/worksheet.h"
#include "util/path.h"
#include "util/xalloc.h"

static const char *const shipped[] = {
        "thought-record",  "activity-log", "activity-plan",
        "exposure-ladder", "exposure-log", "behavioural-experiment",
        "problem-solving", "worry-log",    "safety-plan",
};

static char tmpdir[64];

static int
setup_tmp(void **state)
{
	strcpy(tmpdir, "/tmp/tend-sheet-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	return 0;
}

static int
teardown_tmp(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);

	assert_int_equal(system(cmd), 0);
	free(cmd);
	return 0;
}

static char *
write_tmp(const char *name, const char *text)
{
	char *path = path_join(tmpdir, name);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static void
dump(const struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		char *s = diag_format(&d->items[i]);

		fprintf(stderr, "%s\n", s);
		free(s);
	}
}

static bool
has_diag(const struct diags *d, enum diag_level lv, const char *needle)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->items[i].level == lv && strstr(d->items[i].msg, needle))
			return true;
	return false;
}

static void
test_shipped_load_clean(void **state)
{
	struct sheet_set set = SHEET_SET_INIT;
	struct diags d = DIAGS_INIT;

	assert_int_equal(pack_load_worksheets("data/worksheets", &set, &d), 0);
	if (d.n)
		dump(&d);
	assert_int_equal(d.n, 0);
	for (size_t i = 0; i < sizeof(shipped) / sizeof(shipped[0]); i++) {
		const struct sheet *s = sheet_set_find(&set, shipped[i]);

		assert_non_null(s);
		assert_true(s->nfields > 0);
	}
	/* The thought record has the columns the clinical spec lists. */
	{
		const struct sheet *tr = sheet_set_find(&set, "thought-record");
		static const char *const ids[] = {
		        "situation",        "feelings", "thoughts",
		        "hot-thought",      "traps",    "evidence-for",
		        "evidence-against", "balanced", "feelings-after"};

		for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
			assert_non_null(sheet_field_find(tr, ids[i]));
		assert_int_equal(sheet_field_find(tr, "feelings")->type,
		                 SHEET_ROWS);
		assert_int_equal(sheet_field_find(tr, "traps")->type,
		                 SHEET_MULTICHOICE);
	}
	/* The activity plan's time is a planned time. */
	assert_true(
	        sheet_field_find(sheet_set_find(&set, "activity-plan"), "when")
	                ->planned);
	sheet_set_free(&set);
	diag_free(&d);
}

static void
test_broken_definitions(void **state)
{
	struct diags d = DIAGS_INIT;
	struct sheet *s;
	char *p;

	p = write_tmp("bad.yaml", "id: bad\n"
	                          "title: Bad\n"
	                          "fields:\n"
	                          "  - id: a\n"
	                          "    type: choice\n"
	                          "    label: A\n"
	                          "  - id: a\n"
	                          "    type: textt\n"
	                          "    label: B\n"
	                          "  - id: c\n"
	                          "    type: rows\n"
	                          "    label: C\n"
	                          "    requried: true\n"
	                          "    sort_by: x\n"
	                          "    fields:\n"
	                          "      - {id: x, type: text, label: X}\n");
	s = pack_load_worksheet(p, &d);
	assert_null(s);
	assert_true(has_diag(&d, DIAG_ERROR, "has no options"));
	assert_true(has_diag(&d, DIAG_ERROR, "'type'"));
	assert_true(has_diag(&d, DIAG_WARNING, "requried"));
	assert_true(d.items[0].line > 0);
	free(p);
	diag_free(&d);

	/* A planned flag on a text field, a duplicate id and a file name
	 * that is not the id. */
	p = write_tmp("other.yaml", "id: two\n"
	                            "title: Two\n"
	                            "fields:\n"
	                            "  - {id: a, type: text, label: A, "
	                            "planned: true}\n"
	                            "  - {id: a, type: yesno, label: B}\n");
	s = pack_load_worksheet(p, &d);
	assert_null(s);
	assert_true(has_diag(&d, DIAG_ERROR, "planned"));
	assert_true(has_diag(&d, DIAG_ERROR, "used twice"));
	assert_true(has_diag(&d, DIAG_ERROR, "file name"));
	free(p);
	diag_free(&d);

	/* Not a mapping; anchors are refused by the YAML layer. */
	p = write_tmp("list.yaml", "- a\n- b\n");
	assert_null(pack_load_worksheet(p, &d));
	assert_true(d.nerrors > 0);
	free(p);
	diag_free(&d);

	/* Escape sequences in labels are removed on load. */
	p = write_tmp("esc.yaml", "id: esc\n"
	                          "title: \"E\\e[31mvil\"\n"
	                          "fields:\n"
	                          "  - {id: a, type: text, label: "
	                          "\"x\\e]52;c;aGk=\\ay\"}\n");
	s = pack_load_worksheet(p, &d);
	if (!s)
		dump(&d);
	assert_non_null(s);
	assert_string_equal(s->title, "Evil");
	assert_string_equal(s->fields[0].label, "xy");
	sheet_free(s);
	free(p);
	diag_free(&d);

	/* A second file with the same id: its name does not match. */
	{
		struct sheet_set set = SHEET_SET_INIT;
		char *sub = path_join(tmpdir, "dup");
		char *cmd = xasprintf("mkdir -p '%s' && printf 'id: x\\ntitle: "
		                      "X\\nfields:\\n  - {id: a, type: text, "
		                      "label: A}\\n' | tee '%s/x.yaml' "
		                      "'%s/y.yaml' >/dev/null",
		                      sub, sub, sub);

		assert_int_equal(system(cmd), 0);
		assert_int_equal(pack_load_worksheets(sub, &set, &d), 1);
		assert_int_equal(set.n, 1);
		assert_true(has_diag(&d, DIAG_ERROR,
		                     "does not match the file name"));
		sheet_set_free(&set);
		diag_free(&d);
		assert_int_equal(pack_load_worksheets("/nonexistent", &set, &d),
		                 -1);
		diag_free(&d);
		free(cmd);
		free(sub);
	}
}

static struct sheet *
load(const char *id)
{
	struct diags d = DIAGS_INIT;
	char *p = xasprintf("data/worksheets/%s.yaml", id);
	struct sheet *s = pack_load_worksheet(p, &d);

	if (!s)
		dump(&d);
	assert_non_null(s);
	diag_free(&d);
	free(p);
	return s;
}

static bool
value_ok(const struct sheet_field *f, const char *v)
{
	struct buf msg = BUF_INIT;
	int rc = sheet_value_check(f, v, &msg);

	if (rc < 0)
		assert_true(msg.len > 0);
	buf_free(&msg);
	return rc == 0;
}

static void
test_value_checks(void **state)
{
	struct sheet *s = load("thought-record");
	const struct sheet_field *sit = sheet_field_find(s, "situation");
	const struct sheet_field *hot = sheet_field_find(s, "hot-thought");
	const struct sheet_field *bel = sheet_field_find(s, "belief-before");
	const struct sheet_field *traps = sheet_field_find(s, "traps");
	const struct sheet_field *when = sheet_field_find(s, "when");
	struct sheet_field num = {.type = SHEET_NUMBER, .min = -5, .max = 5};
	struct sheet_field yn = {.type = SHEET_YESNO};
	struct sheet_field date = {.type = SHEET_DATE};
	struct sheet_field tm = {.type = SHEET_TIME};
	char *big;

	assert_true(value_ok(sit, "line one\nline two \xe4\xb8\xad"));
	assert_true(value_ok(sit, NULL));
	assert_true(value_ok(sit, ""));
	assert_false(value_ok(hot, "no\nnewline in short text"));
	assert_false(value_ok(sit, "bell\x07"));
	assert_false(value_ok(sit, "bad \xff byte"));
	/* Limits count characters, not bytes or marks. */
	big = xmalloc(300 * 3 + 1);
	for (int i = 0; i < 300; i++)
		memcpy(big + i * 3, "\xe4\xb8\xad", 3);
	big[900] = '\0';
	assert_true(value_ok(hot, big));
	strcpy(big + 897, "ab");
	assert_false(value_ok(hot, big));
	free(big);
	assert_true(value_ok(bel, "0"));
	assert_true(value_ok(bel, "100"));
	assert_false(value_ok(bel, "101"));
	assert_false(value_ok(bel, "-1"));
	assert_false(value_ok(bel, "07"));
	assert_false(value_ok(bel, "5.5"));
	assert_false(value_ok(bel, "99999999999999999999999"));
	assert_true(value_ok(&num, "0"));
	assert_false(value_ok(&num, "6"));
	assert_true(value_ok(traps, "mind-reading"));
	assert_true(value_ok(traps, "mind-reading,shoulds"));
	assert_false(value_ok(traps, "mind-reading,mind-reading"));
	assert_false(value_ok(traps, "mind-reading,"));
	assert_false(value_ok(traps, ",shoulds"));
	assert_false(value_ok(traps, "nope"));
	assert_true(value_ok(&yn, "yes"));
	assert_false(value_ok(&yn, "Yes"));
	assert_true(value_ok(&date, "2024-02-29"));
	assert_false(value_ok(&date, "2023-02-29"));
	assert_false(value_ok(&date, "2023-13-01"));
	assert_true(value_ok(&tm, "23:59"));
	assert_false(value_ok(&tm, "24:00"));
	assert_true(value_ok(when, "2026-11-22 09:05"));
	assert_false(value_ok(when, "2026-11-22T09:05"));
	assert_false(value_ok(when, "2026-11-22 9:05"));
	sheet_free(s);
}

static void
norm_is(const struct sheet_field *f, const char *typed, time_t now,
        const char *want)
{
	char *got = sheet_value_normalize(f, typed, now);

	if (!want) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void
test_normalize(void **state)
{
	struct sheet *s = load("worry-log");
	const struct sheet_field *when = sheet_field_find(s, "when");
	const struct sheet_field *kind = sheet_field_find(s, "kind");
	const struct sheet_field *anx = sheet_field_find(s, "anxiety");
	const struct sheet_field *post = sheet_field_find(s, "postponed");
	const struct sheet_field *wt = sheet_field_find(s, "worry-time");
	/* 2026-11-22 14:30:00 UTC; the tests run with TZ=UTC. */
	time_t now = 1795357800;
	char *v;

	norm_is(when, "now", now, "2026-11-22 14:30");
	norm_is(when, " 9:05 ", now, "2026-11-22 09:05");
	norm_is(when, "yesterday 2130", now, "2026-11-21 21:30");
	norm_is(when, "Tomorrow 7", now, "2026-11-23 07:00");
	norm_is(when, "2026-01-02 03:04", now, "2026-01-02 03:04");
	norm_is(when, "2026-01-02", now, "2026-01-02 14:30");
	norm_is(when, "soon", now, NULL);
	norm_is(when, "25:00", now, NULL);
	norm_is(wt, "1730", now, "17:30");
	norm_is(wt, "17.30", now, "17:30");
	norm_is(kind, "2", now, "hypothetical");
	norm_is(kind, "practical", now, "practical");
	norm_is(kind, "9", now, NULL);
	norm_is(anx, " 070", now, "70");
	norm_is(anx, "101", now, NULL);
	norm_is(post, "Y", now, "yes");
	norm_is(post, "no", now, "no");
	norm_is(post, "maybe", now, NULL);
	v = sheet_value_now(when, now);
	assert_string_equal(v, "2026-11-22 14:30");
	free(v);
	sheet_free(s);
}

static void
test_validate_and_rows(void **state)
{
	struct sheet *s = load("thought-record");
	const struct sheet_field *feel = sheet_field_find(s, "feelings");
	struct sheet_answers *a = sheet_answers_new();
	struct sheet_problems p = SHEET_PROBLEMS_INIT;
	struct buf sum = BUF_INIT;
	const struct sheet_field *f, *parent;
	size_t row;

	/* Empty: fine as a draft, not complete. */
	assert_int_equal(sheet_validate(s, a, false, &p), 0);
	assert_int_equal(sheet_validate(s, a, true, &p), 5);
	assert_string_equal(p.items[0].key, "situation");
	assert_non_null(strstr(p.items[0].msg, "not answered"));
	assert_string_equal(p.items[1].key, "feelings");
	sheet_problems_free(&p);

	sheet_answers_set(a, "situation",
	                  "On the bus \xe5\x9c\xa8\xe5\xae\xb6");
	sheet_answers_set(a, "feelings.1.name", "worried");
	sheet_answers_set(a, "feelings.1.strength", "80");
	sheet_answers_set(a, "feelings.3.name", "sad");
	sheet_answers_set(a, "thoughts", "They think I am odd.");
	sheet_answers_set(a, "hot-thought", "I am odd");
	sheet_answers_set(a, "balanced", "Most people are busy.");
	/* Row 3 lacks its strength; row 2 is empty and ignored. */
	assert_int_equal(sheet_rows_count(a, feel), 3);
	assert_int_equal(sheet_validate(s, a, true, &p), 1);
	assert_string_equal(p.items[0].key, "feelings.3.strength");
	sheet_problems_free(&p);
	sheet_answers_set(a, "feelings.3.strength", "300");
	assert_int_equal(sheet_validate(s, a, false, &p), 1);
	assert_non_null(strstr(p.items[0].msg, "0 to 100"));
	sheet_problems_free(&p);
	sheet_answers_set(a, "feelings.3.strength", "30");
	assert_int_equal(sheet_validate(s, a, true, &p), 0);

	/* Keys map back to fields. */
	f = sheet_key_field(s, "feelings.3.strength", &row, &parent);
	assert_non_null(f);
	assert_string_equal(f->id, "strength");
	assert_int_equal(row, 3);
	assert_ptr_equal(parent, feel);
	assert_null(sheet_key_field(s, "feelings.0.name", NULL, NULL));
	assert_null(sheet_key_field(s, "feelings.x.name", NULL, NULL));
	assert_null(sheet_key_field(s, "gone", NULL, NULL));
	assert_ptr_equal(sheet_key_field(s, "situation", NULL, NULL),
	                 sheet_field_find(s, "situation"));

	/* Deleting row 1 moves row 3 up to 2 (the empty row 2 stays a
	 * gap no more). */
	sheet_rows_delete(a, feel, 1);
	assert_int_equal(sheet_rows_count(a, feel), 1);
	assert_string_equal(sheet_answers_get(a, "feelings.1.name"), "sad");
	assert_null(sheet_answers_get(a, "feelings.3.name"));

	sheet_summary(s, a, 10, &sum);
	assert_string_equal(sum.data, "On the bus...");
	buf_free(&sum);
	sheet_answers_free(a);
	sheet_free(s);
}

static void
test_rows_sort(void **state)
{
	struct sheet *s = load("exposure-ladder");
	const struct sheet_field *steps = sheet_field_find(s, "steps");
	struct sheet_answers *a = sheet_answers_new(), *c;

	sheet_answers_set(a, "steps.1.situation", "supermarket");
	sheet_answers_set(a, "steps.1.distress", "70");
	sheet_answers_set(a, "steps.2.situation", "corner shop");
	sheet_answers_set(a, "steps.2.distress", "30");
	sheet_answers_set(a, "steps.3.situation", "no rating yet");
	sheet_answers_set(a, "steps.4.situation", "bus");
	sheet_answers_set(a, "steps.4.distress", "30");
	sheet_rows_sort(a, steps);
	assert_string_equal(sheet_answers_get(a, "steps.1.situation"),
	                    "corner shop");
	assert_string_equal(sheet_answers_get(a, "steps.2.situation"), "bus");
	assert_string_equal(sheet_answers_get(a, "steps.3.situation"),
	                    "supermarket");
	assert_string_equal(sheet_answers_get(a, "steps.4.situation"),
	                    "no rating yet");
	assert_null(sheet_answers_get(a, "steps.4.distress"));
	c = sheet_answers_dup(a);
	assert_int_equal(sheet_answers_count(c), 7);
	sheet_answers_set(c, "steps.1.situation", NULL);
	assert_int_equal(sheet_answers_count(c), 6);
	assert_int_equal(sheet_answers_count(a), 7);
	sheet_answers_free(c);
	sheet_answers_free(a);
	sheet_free(s);
}

static void
test_planned_time(void **state)
{
	struct sheet *s = load("activity-plan");
	struct sheet *log = load("activity-log");
	struct sheet_answers *a = sheet_answers_new();
	time_t t;

	assert_int_equal(sheet_planned_time(s, a, &t), -1);
	sheet_answers_set(a, "activity", "walk");
	sheet_answers_set(a, "when", "2026-11-24 18:30");
	assert_int_equal(sheet_planned_time(s, a, &t), 0);
	assert_int_equal(t, 1795545000);
	sheet_answers_set(a, "done", "no");
	assert_int_equal(sheet_planned_time(s, a, &t), 0);
	sheet_answers_set(a, "done", "yes");
	assert_int_equal(sheet_planned_time(s, a, &t), -1);
	/* The log plans nothing. */
	assert_int_equal(sheet_planned_time(log, a, &t), -1);
	sheet_answers_free(a);
	sheet_free(s);
	sheet_free(log);
}

static void
test_format_text(void **state)
{
	struct sheet *s = load("thought-record");
	struct sheet_answers *a = sheet_answers_new();
	struct buf b = BUF_INIT;

	sheet_answers_set(a, "situation", "Bus\nlate");
	sheet_answers_set(a, "feelings.1.name", "sad");
	sheet_answers_set(a, "feelings.1.strength", "70");
	sheet_answers_set(a, "feelings.3.name", "tense");
	sheet_answers_set(a, "traps", "mind-reading,shoulds");
	sheet_answers_set(a, "gone-field", "ignored");
	sheet_format_text(s, a, &b);
	assert_string_equal(b.data,
	                    "What was happening?\n"
	                    "  Bus\n"
	                    "  late\n"
	                    "What did you feel?\n"
	                    "  1. Feeling: sad; How strong (0-100): 70 "
	                    "(0-100)\n"
	                    "  2. Feeling: tense\n"
	                    "Thinking traps you can see in it\n"
	                    "  Mind reading: sure what others think; Shoulds "
	                    "and musts\n");
	buf_free(&b);
	sheet_answers_free(a);
	sheet_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_shipped_load_clean),
	        cmocka_unit_test_setup_teardown(test_broken_definitions,
	                                        setup_tmp, teardown_tmp),
	        cmocka_unit_test(test_value_checks),
	        cmocka_unit_test(test_normalize),
	        cmocka_unit_test(test_validate_and_rows),
	        cmocka_unit_test(test_rows_sort),
	        cmocka_unit_test(test_planned_time),
	        cmocka_unit_test(test_format_text),
	};

	setenv("TZ", "UTC", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
