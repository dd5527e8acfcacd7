/*
 * app/sheet over a real session: an entry starts with its "now" defaults;
 * an answer that fails its check is refused and not stored; the
 * completion flag follows the answers; planned times of activity plans
 * (open ones only, in range, earliest first) for reminders; the resume
 * point; delete and restore through the app, refused after 30 days.
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

#include "app/sheet.h"
#include "store/entries.h"
#include "util/xalloc.h"

#define PASS "app sheet test passphrase"
#define T0 ((time_t)1795357800) /* 2026-11-22 14:30 UTC */
#define DAY 86400

static char dir[64];
/* The session keeps a pointer to its options: they outlive it. */
static struct opts o = {dir, NULL, -1, false, false, false};
static struct session *sess;
static struct sheet_set set = SHEET_SET_INIT;

static int
setup(void **state)
{
	char code[VAULT_CODE_LEN];
	struct diags d = DIAGS_INIT;
	char *msg = NULL;

	strcpy(dir, "/tmp/tend-appsheet.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	if (session_create(&o, PASS, VAULT_KDF_TEST, code, &sess, &msg) !=
	    EXIT_OK) {
		fprintf(stderr, "session_create: %s\n", msg ? msg : "?");
		free(msg);
		return -1;
	}
	if (app_sheets_load(&set, &d) != 0 || set.n < 9)
		return -1;
	diag_free(&d);
	return 0;
}

static int
teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	int rc;

	session_close(sess);
	sheet_set_free(&set);
	rc = system(cmd);
	free(cmd);
	return rc;
}

static void
test_begin_and_save(void **state)
{
	const struct sheet *def = sheet_set_find(&set, "worry-log");
	struct sheet_answers *a = NULL;
	struct entry *e;
	int64_t id;
	char *msg = NULL;

	assert_int_equal(app_sheet_begin(sess, def, "steady", "worry", T0, &id,
	                                 &a, &msg),
	                 EXIT_OK);
	assert_string_equal(sheet_answers_get(a, "when"), "2026-11-22 14:30");
	/* A bad value is refused with the check's message. */
	sheet_answers_set(a, "kind", "maybe");
	assert_int_equal(
	        app_sheet_save_field(sess, def, id, a, "kind", T0, &msg),
	        EXIT_DATA);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "choices"));
	free(msg);
	assert_int_equal(
	        app_sheet_save_field(sess, def, id, a, "nope", T0, &msg),
	        EXIT_DATA);
	free(msg);
	assert_int_equal(entries_get(session_vault(sess), id, &e), 1);
	assert_null(sheet_answers_get(e->answers, "kind"));
	assert_string_equal(e->course, "steady");
	assert_int_equal(e->completed, 0);
	entry_free(e);
	/* Filling the required answers completes the entry. */
	sheet_answers_set(a, "kind", "practical");
	assert_int_equal(
	        app_sheet_save_field(sess, def, id, a, "kind", T0, &msg),
	        EXIT_OK);
	sheet_answers_set(a, "worry", "Die Miete \xe2\x82\xac");
	assert_int_equal(
	        app_sheet_save_field(sess, def, id, a, "worry", T0 + 60, &msg),
	        EXIT_OK);
	assert_int_equal(entries_get(session_vault(sess), id, &e), 1);
	assert_int_equal(e->completed, T0 + 60);
	entry_free(e);
	{
		long n;

		assert_int_equal(
		        app_sheet_count_since(sess, "worry-log", T0, &n), 0);
		assert_int_equal(n, 1);
	}
	/* Removing a required answer makes it incomplete again. */
	sheet_answers_set(a, "worry", NULL);
	assert_int_equal(
	        app_sheet_save_field(sess, def, id, a, "worry", T0 + 90, &msg),
	        EXIT_OK);
	assert_int_equal(entries_get(session_vault(sess), id, &e), 1);
	assert_int_equal(e->completed, 0);
	entry_free(e);
	sheet_answers_free(a);
}

static int64_t
plan(const char *when, const char *done)
{
	const struct sheet *def = sheet_set_find(&set, "activity-plan");
	struct sheet_answers *a = NULL;
	int64_t id;

	assert_int_equal(
	        app_sheet_begin(sess, def, NULL, NULL, T0, &id, &a, NULL),
	        EXIT_OK);
	sheet_answers_set(a, "activity", "walk");
	sheet_answers_set(a, "when", when);
	if (done)
		sheet_answers_set(a, "done", done);
	assert_int_equal(app_sheet_save_all(sess, def, id, a, T0, NULL),
	                 EXIT_OK);
	sheet_answers_free(a);
	return id;
}

static void
test_planned_times(void **state)
{
	struct app_planned *p;
	size_t n;
	int64_t late = plan("2026-11-25 09:00", NULL);
	int64_t early = plan("2026-11-23 18:30", "no");
	int64_t gone;

	plan("2026-11-24 10:00", "yes"); /* done: not a reminder */
	plan("2027-01-01 10:00", NULL); /* out of range */
	gone = plan("2026-11-24 12:00", NULL);
	assert_int_equal(app_sheet_delete(sess, gone, T0, NULL), EXIT_OK);
	assert_int_equal(
	        app_sheet_planned(sess, &set, T0, T0 + 7 * DAY, &p, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(p[0].entry, early);
	assert_int_equal(p[0].when, 1795458600); /* 2026-11-23 18:30 UTC */
	assert_string_equal(p[0].sheet, "activity-plan");
	assert_int_equal(p[1].entry, late);
	free(p);
	/* An empty range. */
	assert_int_equal(app_sheet_planned(sess, &set, T0, T0, &p, &n), 0);
	assert_int_equal(n, 0);
	free(p);
}

static void
test_resume_and_bin(void **state)
{
	const struct sheet *def = sheet_set_find(&set, "thought-record");
	struct entry_resume r;
	int64_t id;
	char *msg = NULL;

	assert_int_equal(
	        app_sheet_begin(sess, def, NULL, NULL, T0, &id, NULL, NULL),
	        EXIT_OK);
	assert_int_equal(app_sheet_resume_set(sess, id, "situation", 4, NULL),
	                 EXIT_OK);
	assert_int_equal(app_sheet_resume_get(sess, &r), 1);
	assert_int_equal(r.id, id);
	assert_int_equal(r.cursor, 4);
	assert_string_equal(r.key, "situation");
	free(r.key);
	assert_int_equal(app_sheet_resume_set(sess, 0, NULL, 0, NULL), EXIT_OK);
	assert_int_equal(app_sheet_resume_get(sess, &r), 0);

	assert_int_equal(app_sheet_delete(sess, id, T0, NULL), EXIT_OK);
	assert_int_equal(app_sheet_restore(sess, id, T0 + 31 * DAY, &msg),
	                 EXIT_FAIL);
	assert_non_null(strstr(msg, "30 days"));
	free(msg);
	assert_int_equal(app_sheet_restore(sess, id, T0 + 29 * DAY, NULL),
	                 EXIT_OK);
	assert_int_equal(app_sheet_delete(sess, id, T0, NULL), EXIT_OK);
	assert_int_equal(app_sheet_purge(sess, T0 + 31 * DAY, NULL), EXIT_OK);
	{
		struct entry *e;

		assert_int_equal(entries_get(session_vault(sess), id, &e), 0);
	}
}

/* The reads the history and the form use, and the resume point noted
 * without a save. */
static void
test_list_get_note(void **state)
{
	const struct sheet *def = sheet_set_find(&set, "activity-log");
	struct entry_list l = ENTRY_LIST_INIT;
	struct entry_resume r;
	struct entry *e = NULL;
	int64_t a, b;
	char *msg = NULL;

	assert_non_null(def);
	assert_int_equal(
	        app_sheet_begin(sess, def, NULL, NULL, T0, &a, NULL, NULL),
	        EXIT_OK);
	assert_int_equal(
	        app_sheet_begin(sess, def, NULL, NULL, T0 + 60, &b, NULL, NULL),
	        EXIT_OK);
	assert_int_equal(app_sheet_delete(sess, a, T0 + 90, NULL), EXIT_OK);
	assert_int_equal(
	        app_sheet_list(sess, "activity-log", ENTRIES_LIVE, T0 + 99, &l),
	        0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0]->id, b);
	entry_list_free(&l);
	assert_int_equal(
	        app_sheet_list(sess, "activity-log", ENTRIES_BIN, T0 + 99, &l),
	        0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0]->id, a);
	entry_list_free(&l);
	assert_int_equal(app_sheet_get(sess, b, &e), 1);
	assert_string_equal(e->sheet, "activity-log");
	entry_free(e);
	assert_int_equal(app_sheet_get(sess, b + 1000, &e), 0);

	assert_int_equal(app_sheet_resume_note(sess, b, "what", 2, &msg),
	                 EXIT_OK);
	assert_null(msg);
	assert_int_equal(app_sheet_resume_get(sess, &r), 1);
	assert_int_equal(r.id, b);
	assert_int_equal(r.cursor, 2);
	assert_string_equal(r.key, "what");
	free(r.key);
	assert_int_equal(app_sheet_resume_note(sess, 0, NULL, 0, NULL),
	                 EXIT_OK);
	assert_int_equal(app_sheet_resume_get(sess, &r), 0);
}

/* The planned times of the old way, for comparison: every live entry of
 * the worksheet with its answers, sheet_planned_time on each. */
static size_t
planned_by_hand(const struct entry_list *l, const struct sheet *def,
                time_t from, time_t to, struct app_planned *out)
{
	size_t n = 0;

	for (size_t k = 0; k < l->n; k++) {
		time_t when;

		if (sheet_planned_time(def, l->v[k]->answers, &when) < 0 ||
		    when < from || when >= to)
			continue;
		out[n++] = (struct app_planned){when, l->v[k]->id, def->id};
	}
	/* Earliest first, then by entry: insertion sort of a few. */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && (out[j].when < out[j - 1].when ||
		                             (out[j].when == out[j - 1].when &&
		                              out[j].entry < out[j - 1].entry));
		     j--) {
			struct app_planned t = out[j];

			out[j] = out[j - 1];
			out[j - 1] = t;
		}
	return n;
}

/*
 * The planned times read through the index of dates are those of every
 * plan read with its answers, for windows anywhere around two changes of
 * daylight saving time (Central European rules): plans at every hour,
 * date-only ones, done ones, deleted ones, malformed ones, created in any
 * order.
 */
static void
test_planned_as_before(void **state)
{
	const struct sheet *def = sheet_set_find(&set, "activity-plan");
	struct vault *v = session_vault(sess);
	struct entry_list l = ENTRY_LIST_INIT;
	struct app_planned *p, *want;
	time_t base;
	size_t n, nwant, total = 0;
	unsigned seed = 4711;
	struct tm tm = {0};

	setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3", 1);
	tzset();
	tm.tm_year = 2027 - 1900;
	tm.tm_mon = 2; /* 1 March 2027 */
	tm.tm_mday = 1;
	tm.tm_isdst = -1;
	base = mktime(&tm);
	for (int i = 0; i < 400; i++) {
		time_t t = base + (time_t)(rand_r(&seed) % (260 * DAY));
		struct tm lt;
		char when[24];
		int64_t id;

		localtime_r(&t, &lt);
		switch (i % 10) {
		case 0:
			strftime(when, sizeof(when), "%Y-%m-%d", &lt);
			break;
		case 1:
			snprintf(when, sizeof(when), "soon %d", i);
			break;
		default:
			strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &lt);
		}
		assert_int_equal(entries_create(v, "activity-plan", NULL, NULL,
		                                T0 + (i * 7919) % 1000, &id),
		                 0);
		assert_int_equal(entries_set_field(v, id, "when", when, T0), 0);
		if (i % 7 == 3)
			assert_int_equal(
			        entries_set_field(v, id, "done", "yes", T0), 0);
		if (i % 11 == 5)
			assert_int_equal(entries_delete(v, id, T0), 0);
	}
	/* Two at the change itself: 02:30 on 28 March does not exist, on
	 * 31 October it comes twice. */
	{
		int64_t id;

		assert_int_equal(
		        entries_create(v, "activity-plan", NULL, NULL, T0, &id),
		        0);
		assert_int_equal(entries_set_field(v, id, "when",
		                                   "2027-03-28 02:30", T0),
		                 0);
		assert_int_equal(
		        entries_create(v, "activity-plan", NULL, NULL, T0, &id),
		        0);
		assert_int_equal(entries_set_field(v, id, "when",
		                                   "2027-10-31 02:30", T0),
		                 0);
	}
	assert_int_equal(entries_list(v, "activity-plan", ENTRIES_LIVE, T0, &l),
	                 0);
	want = xcalloc(l.n + 1, sizeof(*want));
	for (int w = 0; w < 300; w++) {
		time_t from =
		        base + (time_t)(rand_r(&seed) % (270 * DAY)) - 5 * DAY;
		time_t to = from + (time_t)(rand_r(&seed) % (17 * DAY));

		if (w == 0) { /* around the spring change */
			from = base + 26 * DAY + 3600;
			to = from + 2 * DAY;
		}
		nwant = planned_by_hand(&l, def, from, to, want);
		assert_int_equal(
		        app_sheet_planned(sess, &set, from, to, &p, &n), 0);
		assert_int_equal(n, nwant);
		for (size_t i = 0; i < n; i++) {
			assert_int_equal(p[i].when, want[i].when);
			assert_int_equal(p[i].entry, want[i].entry);
			assert_string_equal(p[i].sheet, "activity-plan");
		}
		total += n;
		free(p);
	}
	assert_true(total > 300); /* the windows did hold plans */
	free(want);
	entry_list_free(&l);
	setenv("TZ", "UTC", 1);
	tzset();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_begin_and_save),
	        cmocka_unit_test(test_planned_times),
	        cmocka_unit_test(test_resume_and_bin),
	        cmocka_unit_test(test_list_get_note),
	        cmocka_unit_test(test_planned_as_before),
	};

	setenv("TZ", "UTC", 1);
	tzset();
	return cmocka_run_group_tests(tests, setup, teardown);
}
