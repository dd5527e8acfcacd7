/*
 * app/notes and app/mood over a real session: the daily mood (one a day,
 * replaced the same day, range and note checked, charted at noon), plans
 * of tend-plan blocks, and "My notes": every kind of writing in one list,
 * newest first, with ids that fetch the same note again, titles that say
 * where it was written, a filter by kind and a search; the few newest
 * (the home screen's) by their last change, without listing them all.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "app/course.h"
#include "app/mood.h"
#include "app/notes.h"
#include "app/sheet.h"
#include "store/progress.h"
#include "util/clock.h"
#include "util/xalloc.h"

#define PASS "app notes test passphrase"
#define T0 ((time_t)1795357800) /* 2026-11-22 14:30 UTC */
#define DAY 86400

static char dir[64];
/* The session keeps a pointer to its options: they outlive it. */
static struct opts o = {dir, NULL, -1, false, false, false};
static struct session *sess;

static int
setup(void **state)
{
	char code[VAULT_CODE_LEN];
	char *msg = NULL;

	strcpy(dir, "/tmp/tend-notes.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	if (session_create(&o, PASS, VAULT_KDF_TEST, code, &sess, &msg) !=
	    EXIT_OK) {
		fprintf(stderr, "session_create: %s\n", msg ? msg : "?");
		free(msg);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	int rc;

	session_close(sess);
	rc = system(cmd);
	free(cmd);
	return rc;
}

static void
test_mood(void **state)
{
	struct app_mood m, *all = NULL;
	struct chart_point *pts = NULL;
	struct instrument *in;
	char *msg = NULL, *longnote;
	size_t n = 0;
	long day = clock_local_day(T0);

	assert_int_equal(app_mood_today(sess, T0, &m), 0);
	assert_int_equal(app_mood_set(sess, day, 7, "tired but ok", T0, &msg),
	                 EXIT_OK);
	assert_int_equal(app_mood_today(sess, T0 + 60, &m), 1);
	assert_int_equal(m.rating, 7);
	assert_string_equal(m.note, "tired but ok");
	app_mood_clear(&m);
	/* The same day again: changed, not added. */
	assert_int_equal(app_mood_set(sess, day, 8, NULL, T0 + 3600, &msg),
	                 EXIT_OK);
	assert_int_equal(app_mood_today(sess, T0, &m), 1);
	assert_int_equal(m.rating, 8);
	assert_null(m.note);
	app_mood_clear(&m);
	/* Out of range, or a note too long: refused, nothing changes. */
	assert_int_equal(app_mood_set(sess, day, 11, NULL, T0, &msg),
	                 EXIT_USAGE);
	assert_non_null(msg);
	free(msg);
	msg = NULL;
	assert_int_equal(app_mood_set(sess, day, -1, NULL, T0, &msg),
	                 EXIT_USAGE);
	free(msg);
	msg = NULL;
	longnote = xcalloc(MOOD_NOTE_MAX + 2, 1);
	memset(longnote, 'x', MOOD_NOTE_MAX + 1);
	assert_int_equal(app_mood_set(sess, day, 5, longnote, T0, &msg),
	                 EXIT_USAGE);
	free(msg);
	msg = NULL;
	longnote[MOOD_NOTE_MAX] = '\0';
	assert_int_equal(app_mood_set(sess, day - 1, 3, longnote, T0, &msg),
	                 EXIT_OK);
	free(longnote);
	/* Oldest day first; charted at noon of each day. */
	assert_int_equal(app_mood_list(sess, &all, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(all[0].day, day - 1);
	assert_int_equal(all[0].rating, 3);
	assert_int_equal(all[1].rating, 8);
	app_moods_free(all, n);
	assert_int_equal(app_mood_points(sess, &pts, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(pts[1].total, 8);
	assert_int_equal(pts[1].at, clock_day_start(day) + 12 * 3600);
	free(pts);
	in = app_mood_instrument();
	assert_int_equal(in->min, 0);
	assert_int_equal(in->max, 10);
	assert_int_equal(in->direction, INST_HIGHER_BETTER);
	inst_free(in);
}

/* The index of the lesson with id, and its part with kind. */
static size_t
find(const struct app_course *ac, const char *lesson,
     enum course_part_kind kind, const struct course_part **part)
{
	const struct course *c = app_course_def(ac);

	for (size_t i = 0; i < c->nlessons; i++) {
		if (strcmp(c->lessons[i].id, lesson) != 0)
			continue;
		for (size_t k = 0; k < c->lessons[i].nparts; k++) {
			if (c->lessons[i].parts[k].kind == kind) {
				*part = &c->lessons[i].parts[k];
				return i;
			}
		}
	}
	fail_msg("no part of kind %d in %s", kind, lesson);
	return 0;
}

static void
test_plans_and_notes(void **state)
{
	struct app_course *ac = NULL;
	const struct course_part *prompt, *plan;
	const struct sheet_set *set = app_sheets(sess);
	const struct sheet *def = sheet_set_find(set, "worry-log");
	struct sheet_answers *a = NULL;
	struct app_notes l = APP_NOTES_INIT;
	struct app_note n;
	char *msg = NULL, *text = NULL;
	size_t li, pi;
	int64_t entry;
	enum app_note_kind k;

	assert_int_equal(session_course(sess, T0, &ac, &msg), EXIT_OK);
	assert_int_equal(app_course_start(ac, sess, T0), 0);
	li = find(ac, "welcome", PART_PROMPT, &prompt);
	pi = find(ac, "welcome", PART_PLAN, &plan);
	assert_int_equal(li, pi);

	/* Plans: none, written, read back, blanked away. */
	assert_int_equal(app_plan_get(ac, sess, pi, plan->id, &text), 0);
	assert_null(text);
	assert_int_equal(
	        app_plan_set(ac, sess, pi, plan->id, "Evenings", T0 + 10), 0);
	assert_int_equal(app_plan_set(ac, sess, pi, plan->id,
	                              "Evenings, after the walk", T0 + 20),
	                 0);
	assert_int_equal(app_plan_get(ac, sess, pi, plan->id, &text), 1);
	assert_string_equal(text, "Evenings, after the walk");
	free(text);

	/* An answer (as the reader keeps it), a worksheet entry. */
	assert_int_equal(progress_prompt_save(session_vault(sess), "steady",
	                                      "welcome", prompt->id,
	                                      "Walk every day\nCall my sister",
	                                      T0 + 30),
	                 0);
	assert_int_equal(app_sheet_begin(sess, def, NULL, NULL, T0 + 40, &entry,
	                                 &a, &msg),
	                 EXIT_OK);
	sheet_answers_free(a);

	/* Newest first: the entry, the answer, the plan, then the mood
	 * note of test_mood (a rating without a note is not listed). */
	assert_int_equal(app_notes_list(sess, APP_NOTES_ALL, &l), 0);
	assert_int_equal(l.n, 4);
	assert_int_equal(l.v[0].kind, NOTE_ENTRY);
	assert_int_equal(l.v[1].kind, NOTE_ANSWER);
	assert_int_equal(l.v[2].kind, NOTE_PLAN);
	assert_int_equal(l.v[3].kind, NOTE_MOOD);
	assert_true(l.v[0].id[0] == 'w');
	assert_true(l.v[1].id[0] == 'a');
	assert_true(l.v[2].id[0] == 'p');
	assert_true(l.v[3].id[0] == 'm');
	/* Titles say where; the text is the person's words. */
	assert_non_null(strstr(l.v[1].title, "Welcome: "));
	assert_non_null(strstr(l.v[1].title, prompt->text));
	assert_string_equal(l.v[1].text, "Walk every day\nCall my sister");
	assert_int_equal(l.v[1].lesson, (long)li);
	assert_string_equal(l.v[1].key, prompt->id);
	assert_string_equal(l.v[2].text, "Evenings, after the walk");
	assert_non_null(strstr(l.v[0].title, def->title));
	assert_int_equal(l.v[0].ref, entry);
	/* Search: ASCII case-insensitive, in titles and texts. */
	assert_true(app_note_matches(&l.v[1], "call MY sister"));
	assert_false(app_note_matches(&l.v[2], "sister"));
	assert_true(app_note_matches(&l.v[2], ""));
	/* An id fetches the same note again. */
	assert_int_equal(app_note_get(sess, l.v[1].id, &n), 1);
	assert_string_equal(n.title, l.v[1].title);
	assert_string_equal(n.text, l.v[1].text);
	app_note_clear(&n);
	assert_int_equal(app_note_get(sess, l.v[2].id, &n), 1);
	assert_string_equal(n.text, "Evenings, after the walk");
	app_note_clear(&n);
	assert_int_equal(app_note_get(sess, "a999", &n), 0);
	assert_int_equal(app_note_get(sess, "x1", &n), 0);
	assert_int_equal(app_note_get(sess, "a", &n), 0);
	assert_int_equal(app_note_get(sess, "a1z", &n), 0);
	app_notes_free(&l);

	/* One kind only. */
	assert_int_equal(app_notes_list(sess, 1u << NOTE_PLAN, &l), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0].kind, NOTE_PLAN);
	app_notes_free(&l);

	/* A deleted entry is not among the notes. */
	assert_int_equal(app_sheet_delete(sess, entry, T0 + 50, &msg), EXIT_OK);
	assert_int_equal(app_notes_list(sess, 1u << NOTE_ENTRY, &l), 0);
	assert_int_equal(l.n, 0);
	app_notes_free(&l);

	/* A plan blanked is gone. */
	assert_int_equal(app_plan_set(ac, sess, pi, plan->id, "  ", T0 + 60),
	                 0);
	assert_int_equal(app_plan_get(ac, sess, pi, plan->id, &text), 0);

	assert_int_equal(app_note_kind_parse("Worksheets", &k), 0);
	assert_int_equal(k, NOTE_ENTRY);
	assert_int_equal(app_note_kind_parse("answers", &k), 0);
	assert_int_equal(k, NOTE_ANSWER);
	assert_int_equal(app_note_kind_parse("frogs", &k), -1);
}

/* The newest few, as the home screen shows them: ordered by the last
 * change (an old entry written in today comes first), the same notes as
 * the head of the whole list. */
static void
test_recent(void **state)
{
	const struct sheet *def = sheet_set_find(app_sheets(sess), "worry-log");
	struct app_notes all = APP_NOTES_INIT, few = APP_NOTES_INIT;
	struct sheet_answers *a = NULL;
	int64_t id[5];
	char *msg = NULL;

	for (int i = 0; i < 5; i++) {
		assert_int_equal(app_sheet_begin(sess, def, NULL, NULL,
		                                 T0 + 1000 + i, &id[i], &a,
		                                 &msg),
		                 EXIT_OK);
		sheet_answers_free(a);
		a = NULL;
	}
	/* The oldest of the five is written in last. */
	a = sheet_answers_new();
	sheet_answers_set(a, "worry", "The oldest, changed today");
	assert_int_equal(app_sheet_save_field(sess, def, id[0], a, "worry",
	                                      T0 + 2000, &msg),
	                 EXIT_OK);
	sheet_answers_free(a);

	assert_int_equal(app_notes_recent(sess, 1u << NOTE_ENTRY, 2, &few), 0);
	assert_int_equal(few.n, 2);
	assert_int_equal(few.v[0].ref, id[0]);
	assert_int_equal(few.v[1].ref, id[4]);
	assert_non_null(strstr(few.v[0].text, "The oldest, changed today"));
	app_notes_free(&few);

	/* Every kind: the head of the whole list, note for note. */
	assert_int_equal(app_notes_list(sess, APP_NOTES_ALL, &all), 0);
	assert_true(all.n > 3);
	assert_int_equal(app_notes_recent(sess, APP_NOTES_ALL, 3, &few), 0);
	assert_int_equal(few.n, 3);
	for (size_t i = 0; i < 3; i++) {
		assert_string_equal(few.v[i].id, all.v[i].id);
		assert_string_equal(few.v[i].text, all.v[i].text);
	}
	app_notes_free(&few);
	app_notes_free(&all);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_mood),
	        cmocka_unit_test(test_plans_and_notes),
	        cmocka_unit_test(test_recent),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
