/*
 * store/entries: create and save fields one at a time (row keys map to
 * the field/row columns and back), complete, newest-first lists, soft
 * delete, restore within 30 days and not after, purge, the homework count
 * since a time, and the resume point; all survive a save and reopen of the
 * real encrypted vault.
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

#include "store/db.h"
#include "store/entries.h"
#include "store/vault.h"
#include "util/xalloc.h"

#define PASS "entries test passphrase"
#define DAY 86400
#define T0 ((time_t)1795357800) /* 2026-11-22 14:30 UTC */

static char dir[64];

static int
setup(void **state)
{
	struct vault_kdf kdf;
	char code[VAULT_CODE_LEN];
	struct vault *v;

	strcpy(dir, "/tmp/tend-entries.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	if (vault_kdf_params(VAULT_KDF_TEST, &kdf) != VAULT_OK ||
	    vault_create(dir, PASS, &kdf, code, &v) != VAULT_OK)
		return -1;
	*state = v;
	return 0;
}

static int
teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	int rc;

	vault_close(*state);
	rc = system(cmd);
	free(cmd);
	return rc;
}

/* Saves, closes and opens the vault again. */
static struct vault *
reopen(struct vault *v)
{
	assert_int_equal(vault_save(v), VAULT_OK);
	vault_close(v);
	assert_int_equal(vault_open(dir, &v, NULL, NULL), VAULT_OK);
	assert_int_equal(vault_unlock(v, PASS), VAULT_OK);
	return v;
}

static void
test_fields_roundtrip(void **state)
{
	struct vault *v = *state;
	struct entry *e;
	int64_t id, row;

	assert_int_equal(entries_create(v, "thought-record", "steady",
	                                "noticing", T0, &id),
	                 0);
	assert_int_equal(entries_set_field(v, id, "situation",
	                                   "Bus \xe4\xb8\xad\nline 2", T0 + 5),
	                 0);
	assert_int_equal(
	        entries_set_field(v, id, "feelings.1.name", "tense", T0 + 6),
	        0);
	assert_int_equal(
	        entries_set_field(v, id, "feelings.2.strength", "40", T0 + 7),
	        0);
	/* Saving again replaces; an empty value removes. */
	assert_int_equal(
	        entries_set_field(v, id, "feelings.1.name", "anxious", T0 + 8),
	        0);
	assert_int_equal(entries_set_field(v, id, "hot-thought", "x", T0 + 9),
	                 0);
	assert_int_equal(entries_set_field(v, id, "hot-thought", "", T0 + 10),
	                 0);
	/* Bad keys and missing entries are errors. */
	assert_int_equal(entries_set_field(v, id, "feelings.0.name", "x", T0),
	                 -1);
	assert_int_equal(entries_set_field(v, id + 99, "a", "x", T0), -1);

	/* The table holds rows from 0 under "rows.sub". */
	assert_int_equal(db_int(v, &row,
	                        "SELECT row FROM entry_fields WHERE field = "
	                        "'feelings.strength'",
	                        NULL),
	                 1);
	assert_int_equal(row, 1);

	v = reopen(v);
	*state = v;
	assert_int_equal(entries_get(v, id, &e), 1);
	assert_string_equal(e->sheet, "thought-record");
	assert_string_equal(e->course, "steady");
	assert_string_equal(e->lesson, "noticing");
	assert_int_equal(e->created, T0);
	assert_int_equal(e->updated, T0 + 10);
	assert_int_equal(e->completed, 0);
	assert_int_equal(e->deleted, 0);
	assert_int_equal(sheet_answers_count(e->answers), 3);
	assert_string_equal(sheet_answers_get(e->answers, "situation"),
	                    "Bus \xe4\xb8\xad\nline 2");
	assert_string_equal(sheet_answers_get(e->answers, "feelings.1.name"),
	                    "anxious");
	assert_string_equal(
	        sheet_answers_get(e->answers, "feelings.2.strength"), "40");
	assert_null(sheet_answers_get(e->answers, "hot-thought"));

	/* Replace all answers (after rows were renumbered). */
	sheet_answers_set(e->answers, "feelings.2.strength", NULL);
	sheet_answers_set(e->answers, "feelings.1.strength", "40");
	assert_int_equal(entries_set_answers(v, id, e->answers, T0 + 20), 0);
	entry_free(e);
	assert_int_equal(entries_get(v, id, &e), 1);
	assert_int_equal(sheet_answers_count(e->answers), 3);
	assert_string_equal(
	        sheet_answers_get(e->answers, "feelings.1.strength"), "40");
	entry_free(e);
	assert_int_equal(entries_get(v, id + 99, &e), 0);
	assert_null(e);
}

static void
test_list_delete_restore(void **state)
{
	struct vault *v = *state;
	struct entry_list l = ENTRY_LIST_INIT;
	int64_t a, b, c;
	int n;

	assert_int_equal(entries_create(v, "worry-log", NULL, NULL, T0, &a), 0);
	assert_int_equal(
	        entries_create(v, "thought-record", NULL, NULL, T0 + 60, &b),
	        0);
	assert_int_equal(
	        entries_create(v, "worry-log", NULL, NULL, T0 + 60, &c), 0);
	entries_set_field(v, a, "worry", "first", T0);

	assert_int_equal(entries_list(v, NULL, ENTRIES_LIVE, T0, &l), 0);
	assert_int_equal(l.n, 3);
	/* Newest first; the same second orders by id. */
	assert_int_equal(l.v[0]->id, c);
	assert_int_equal(l.v[1]->id, b);
	assert_int_equal(l.v[2]->id, a);
	assert_string_equal(sheet_answers_get(l.v[2]->answers, "worry"),
	                    "first");
	entry_list_free(&l);
	assert_int_equal(entries_list(v, "worry-log", ENTRIES_LIVE, T0, &l), 0);
	assert_int_equal(l.n, 2);
	entry_list_free(&l);

	assert_int_equal(entries_delete(v, a, T0 + DAY), 0);
	assert_int_equal(entries_delete(v, a, T0 + DAY), -1);
	assert_int_equal(entries_list(v, NULL, ENTRIES_LIVE, T0, &l), 0);
	assert_int_equal(l.n, 2);
	entry_list_free(&l);
	assert_int_equal(entries_list(v, NULL, ENTRIES_BIN, T0 + 2 * DAY, &l),
	                 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0]->id, a);
	assert_int_equal(l.v[0]->deleted, T0 + DAY);
	entry_list_free(&l);

	/* Restore on day 30 works; then delete again and wait too long. */
	assert_int_equal(entries_restore(v, a, T0 + DAY + 30 * DAY), 0);
	assert_int_equal(entries_restore(v, a, T0), -1);
	assert_int_equal(entries_delete(v, a, T0 + 2 * DAY), 0);
	assert_int_equal(entries_restore(v, a, T0 + 2 * DAY + 30 * DAY + 1), 1);
	assert_int_equal(entries_list(v, NULL, ENTRIES_BIN,
	                              T0 + 2 * DAY + 30 * DAY + 1, &l),
	                 0);
	assert_int_equal(l.n, 0);
	entry_list_free(&l);
	assert_int_equal(entries_list(v, NULL, ENTRIES_ALL, T0, &l), 0);
	assert_int_equal(l.n, 3);
	entry_list_free(&l);

	/* Purge erases only what expired, fields included. */
	assert_int_equal(entries_delete(v, b, T0 + 20 * DAY), 0);
	assert_int_equal(entries_purge(v, T0 + 33 * DAY, &n), 0);
	assert_int_equal(n, 1);
	{
		int64_t left;

		assert_int_equal(db_int(v, &left,
		                        "SELECT count(*) FROM entry_fields "
		                        "WHERE entry_id = ?",
		                        "i", a),
		                 1);
		assert_int_equal(left, 0);
	}
	assert_int_equal(entries_restore(v, b, T0 + 33 * DAY), 0);
	assert_int_equal(entries_list(v, NULL, ENTRIES_ALL, T0, &l), 0);
	assert_int_equal(l.n, 2);
	entry_list_free(&l);
}

static void
test_count_since(void **state)
{
	struct vault *v = *state;
	int64_t a, b, c, d;
	long n;

	assert_int_equal(entries_count_since(v, "thought-record", T0, &n), 0);
	assert_int_equal(n, 0);
	entries_create(v, "thought-record", NULL, NULL, T0 - 10, &a);
	entries_create(v, "thought-record", NULL, NULL, T0, &b);
	entries_create(v, "thought-record", NULL, NULL, T0 + 10, &c);
	entries_create(v, "worry-log", NULL, NULL, T0 + 10, &d);
	/* Only complete entries count. */
	assert_int_equal(entries_count_since(v, "thought-record", T0, &n), 0);
	assert_int_equal(n, 0);
	/* One finished before the reference time, the rest after (begun
	 * before or after: finishing is what counts). */
	assert_int_equal(entries_set_complete(v, a, true, T0 - 5), 0);
	for (int64_t id = b; id <= d; id++)
		assert_int_equal(entries_set_complete(v, id, true, T0 + 20), 0);
	assert_int_equal(entries_count_since(v, "thought-record", T0, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(entries_count_since(v, "thought-record", T0 - 5, &n),
	                 0);
	assert_int_equal(n, 3);
	/* Deleted entries do not count; completing twice keeps the time. */
	entries_delete(v, c, T0 + 30);
	assert_int_equal(entries_count_since(v, "thought-record", T0, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(entries_set_complete(v, b, true, T0 + 99), 0);
	{
		struct entry *e;

		assert_int_equal(entries_get(v, b, &e), 1);
		assert_int_equal(e->completed, T0 + 20);
		entry_free(e);
	}
	assert_int_equal(entries_set_complete(v, b, false, T0 + 99), 0);
	assert_int_equal(entries_count_since(v, "thought-record", T0, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(entries_set_complete(v, 999, true, T0), -1);
}

static void
test_resume(void **state)
{
	struct vault *v = *state;
	struct entry_resume r;
	int64_t id;

	assert_int_equal(entries_resume_get(v, &r), 0);
	entries_create(v, "thought-record", NULL, NULL, T0, &id);
	assert_int_equal(entries_resume_set(v, id, "feelings.2.name", 17), 0);
	v = reopen(v);
	*state = v;
	assert_int_equal(entries_resume_get(v, &r), 1);
	assert_int_equal(r.id, id);
	assert_int_equal(r.cursor, 17);
	assert_string_equal(r.key, "feelings.2.name");
	free(r.key);
	assert_int_equal(entries_resume_set(v, id, NULL, 0), 0);
	assert_int_equal(entries_resume_get(v, &r), 1);
	assert_null(r.key);
	/* A deleted entry is not resumed. */
	entries_delete(v, id, T0);
	assert_int_equal(entries_resume_get(v, &r), 0);
	entries_restore(v, id, T0);
	assert_int_equal(entries_resume_get(v, &r), 1);
	free(r.key);
	assert_int_equal(entries_resume_clear(v), 0);
	assert_int_equal(entries_resume_get(v, &r), 0);
	/* A damaged setting reads as none. */
	db_setting_set(v, "sheet.resume", "garbage");
	assert_int_equal(entries_resume_get(v, &r), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_fields_roundtrip, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_list_delete_restore, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_count_since, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_resume, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
