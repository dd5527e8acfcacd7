/*
 * Never lose a word, at the store: unsaved changes sealed into the journal
 * when no save can be made (no plaintext in it), taken back in by the next
 * unlock exactly, or by ids and times when the vault moved on meanwhile; a
 * tampered journal left alone; conflict copies merged with nothing
 * dropped; a lock file removed under an open vault taken anew before the
 * next save, with one conflict copy, not one per save.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "store/db.h"
#include "store/vault.h"
#include "util/atomic.h"
#include "util/file.h"
#include "util/path.h"
#include "util/xalloc.h"

#define PASS "correct horse battery staple"
#define CANARY "canary-7f3a9c unsaved worry record"

static char dir[64];
static struct vault_kdf kdf;

static int
setup(void **state)
{
	strcpy(dir, "/tmp/tend-journal.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	return vault_kdf_params(VAULT_KDF_TEST, &kdf) == VAULT_OK ? 0 : -1;
}

static int
teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	int rc = system(cmd);

	free(cmd);
	atomic_set_fault_hook(NULL);
	return rc;
}

/* The disk has room for a small file, not for a vault. */
static int
big_writes_fail(char op, int fd, const void *p, size_t n)
{
	if (op == 'w' && n > 16384) {
		errno = ENOSPC;
		return -1;
	}
	return op == 'w' ? (int)write(fd, p, n) : 0;
}

static struct vault *
open_vault(void)
{
	struct vault *v;

	assert_int_equal(vault_open(dir, &v, NULL, NULL), VAULT_OK);
	assert_int_equal(vault_unlock(v, PASS), VAULT_OK);
	return v;
}

static void
make_vault(void)
{
	char code[VAULT_CODE_LEN];
	struct vault *v;

	assert_int_equal(vault_create(dir, PASS, &kdf, code, &v), VAULT_OK);
	assert_false(vault_unsaved(v));
	vault_close(v);
}

static void
add_entry(struct vault *v, long id, long created, const char *text)
{
	char ids[32];

	snprintf(ids, sizeof(ids), "%ld", id);
	assert_int_equal(db_exec(v,
	                         "INSERT INTO entries(id, worksheet, "
	                         "created_at, updated_at) VALUES(?, "
	                         "'thought-record', ?, ?)",
	                         "iii", (int64_t)id, (int64_t)created,
	                         (int64_t)created),
	                 0);
	assert_int_equal(db_exec(v,
	                         "INSERT INTO entry_fields(entry_id, field, "
	                         "value) VALUES(?, 'situation', ?)",
	                         "it", (int64_t)id, text),
	                 0);
}

/* The entry ids holding text, or 0. */
static long
entry_with(struct vault *v, const char *text)
{
	sqlite3_stmt *st = db_prepare(v,
	                              "SELECT entry_id FROM entry_fields "
	                              "WHERE value = ?",
	                              "t", text);
	long id = 0;

	assert_non_null(st);
	if (db_step(st) == 1)
		id = (long)db_col_int(st, 0);
	db_finalize(st);
	return id;
}

static long
count(struct vault *v, const char *sql)
{
	sqlite3_stmt *st = db_prepare(v, sql, NULL);
	long n;

	assert_non_null(st);
	assert_int_equal(db_step(st), 1);
	n = (long)db_col_int(st, 0);
	db_finalize(st);
	return n;
}

static bool
file_has(const char *name, const char *needle)
{
	char *p = path_join(dir, name), *data;
	size_t len;
	bool has;

	assert_int_equal(file_read(p, 1u << 30, 0, &data, &len), 0);
	has = memmem(data, len, needle, strlen(needle)) != NULL;
	free(data);
	free(p);
	return has;
}

static bool
exists(const char *name)
{
	char *p = path_join(dir, name);
	bool yes = path_exists(p);

	free(p);
	return yes;
}

/* The disk-full path: the save fails, the unsaved text goes into a small
 * sealed journal, the next unlock takes it back exactly, and the first
 * save removes the journal. */
static void
test_unsaved_kept_and_taken_back(void **state)
{
	struct vault *v;

	make_vault();
	v = open_vault();
	assert_int_equal(vault_journal_taken(v), 0);
	add_entry(v, 1, 1000, CANARY);
	assert_true(vault_unsaved(v));
	atomic_set_fault_hook(big_writes_fail);
	assert_int_equal(vault_save(v), VAULT_ERR_NOSPC);
	assert_true(vault_unsaved(v)); /* still unsaved */
	assert_int_equal(vault_keep_unsaved(v), VAULT_OK);
	atomic_set_fault_hook(NULL);
	vault_close(v);
	assert_true(exists(VAULT_JOURNAL));
	assert_false(file_has(VAULT_JOURNAL, "canary-7f3a9c"));
	assert_false(file_has(VAULT_FILE, "canary-7f3a9c"));

	v = open_vault();
	assert_true(vault_journal_taken(v) > 0);
	assert_int_equal(entry_with(v, CANARY), 1);
	assert_true(vault_unsaved(v)); /* not in the vault file yet */
	assert_int_equal(vault_save(v), VAULT_OK);
	assert_false(exists(VAULT_JOURNAL));
	assert_false(vault_unsaved(v));
	vault_close(v);
	v = open_vault();
	assert_int_equal(vault_journal_taken(v), 0);
	assert_int_equal(entry_with(v, CANARY), 1);
	vault_close(v);
}

/* Changes and deletions are journalled too, not only inserts. */
static void
test_journal_updates_and_deletes(void **state)
{
	struct vault *v;

	make_vault();
	v = open_vault();
	add_entry(v, 1, 1000, "to change");
	add_entry(v, 2, 1001, "to delete");
	assert_int_equal(vault_save(v), VAULT_OK);
	assert_int_equal(db_exec(v,
	                         "UPDATE entry_fields SET value = 'changed' "
	                         "WHERE entry_id = 1",
	                         NULL),
	                 0);
	assert_int_equal(db_exec(v, "DELETE FROM entries WHERE id = 2", NULL),
	                 0);
	assert_int_equal(vault_keep_unsaved(v), VAULT_OK);
	vault_close(v);
	v = open_vault();
	assert_int_equal(entry_with(v, "changed"), 1);
	assert_int_equal(entry_with(v, "to delete"), 0);
	assert_int_equal(count(v, "SELECT count(*) FROM entries"), 1);
	vault_close(v);
}

/* A journal made on an older generation: the vault moved on and used the
 * same entry id; both entries are kept, the journal's with a new id and
 * its fields following it. */
static void
test_journal_after_the_vault_moved(void **state)
{
	struct vault *v;

	make_vault();
	v = open_vault();
	add_entry(v, 1, 1000, CANARY);
	assert_int_equal(vault_keep_unsaved(v), VAULT_OK);
	vault_close(v);
	/* Put the journal aside while another session saves its own entry
	 * 1; then bring it back. */
	{
		char *j = path_join(dir, VAULT_JOURNAL);
		char *aside = path_join(dir, "aside");

		assert_int_equal(rename(j, aside), 0);
		v = open_vault();
		add_entry(v, 1, 2000, "the other side");
		assert_int_equal(vault_save(v), VAULT_OK);
		vault_close(v);
		assert_int_equal(rename(aside, j), 0);
		free(j);
		free(aside);
	}
	v = open_vault();
	assert_true(vault_journal_taken(v) > 0);
	assert_int_equal(entry_with(v, "the other side"), 1);
	assert_int_equal(entry_with(v, CANARY), 2);
	assert_int_equal(count(v, "SELECT count(*) FROM entries"), 2);
	vault_close(v);
}

/* Every byte of the journal matters: a changed one leaves it unused and
 * in place, and the vault opens as it was. */
static void
test_tampered_journal(void **state)
{
	struct vault *v;
	char *p = path_join(dir, VAULT_JOURNAL), *data;
	size_t len;

	make_vault();
	v = open_vault();
	add_entry(v, 1, 1000, CANARY);
	assert_int_equal(vault_keep_unsaved(v), VAULT_OK);
	vault_close(v);
	assert_int_equal(file_read(p, 1u << 20, 0, &data, &len), 0);
	for (size_t i = 0; i < len; i += len / 23 + 1) {
		FILE *f;

		data[i] ^= 0x20;
		f = fopen(p, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(data, 1, len, f), len);
		fclose(f);
		v = open_vault();
		assert_int_equal(vault_journal_taken(v), -1);
		assert_int_equal(entry_with(v, CANARY), 0);
		assert_false(vault_unsaved(v));
		vault_close(v);
		assert_true(path_exists(p));
		data[i] ^= 0x20;
	}
	free(data);
	free(p);
}

/* Two writers diverged: the conflict copy and the vault both have an entry
 * 2 (different ones), a check-in 1 each and the same lesson answer; the
 * merge keeps every entry and check-in, moves the copy's to new ids with
 * their fields and items, and takes the newer answer. */
static void
test_merge_conflict_copy(void **state)
{
	struct vault *v;
	char *copy = path_join(dir, VAULT_CONFLICT_PREFIX "100");
	struct vault_merge m;

	make_vault();
	v = open_vault();
	add_entry(v, 1, 500, "shared entry");
	assert_int_equal(db_exec(v,
	                         "INSERT INTO prompt_answers VALUES('c', "
	                         "'l1', 'p1', 'old words', 1, 1)",
	                         NULL),
	                 0);
	assert_int_equal(vault_save(v), VAULT_OK);
	vault_close(v);

	/* The copy's side, written as a copy and never saved here. */
	v = open_vault();
	add_entry(v, 2, 3000, "copy side");
	assert_int_equal(db_exec(v,
	                         "INSERT INTO assessments(id, instrument, "
	                         "taken_at, total) VALUES(1, 'gad7', 3100, "
	                         "4)",
	                         NULL),
	                 0);
	assert_int_equal(db_exec(v,
	                         "INSERT INTO assessment_items VALUES(1, "
	                         "'g1', 1)",
	                         NULL),
	                 0);
	assert_int_equal(db_exec(v,
	                         "UPDATE prompt_answers SET text = 'new "
	                         "words', updated_at = 9 WHERE prompt_id = "
	                         "'p1'",
	                         NULL),
	                 0);
	assert_int_equal(vault_write_copy(v, copy), VAULT_OK);
	vault_close(v);

	/* The vault's side, saved. */
	v = open_vault();
	add_entry(v, 2, 1000, "vault side");
	assert_int_equal(db_exec(v,
	                         "INSERT INTO assessments(id, instrument, "
	                         "taken_at, total) VALUES(1, 'phq9', 1100, "
	                         "7)",
	                         NULL),
	                 0);
	assert_int_equal(db_exec(v,
	                         "INSERT INTO assessment_items VALUES(1, "
	                         "'q1', 2)",
	                         NULL),
	                 0);
	assert_int_equal(vault_save(v), VAULT_OK);

	assert_int_equal(vault_merge_file(v, copy, &m), VAULT_OK);
	assert_int_equal(m.renumbered, 2); /* entry 2 and check-in 1 */
	assert_true(m.added >= 4);
	assert_int_equal(entry_with(v, "shared entry"), 1);
	assert_int_equal(entry_with(v, "vault side"), 2);
	assert_int_equal(entry_with(v, "copy side"), 3);
	assert_int_equal(count(v, "SELECT count(*) FROM entries"), 3);
	assert_int_equal(count(v, "SELECT count(*) FROM assessments"), 2);
	assert_int_equal(count(v,
	                       "SELECT count(*) FROM assessment_items i JOIN "
	                       "assessments a ON a.id = i.assessment_id WHERE "
	                       "a.instrument = 'gad7' AND i.item = 'g1'"),
	                 1);
	assert_int_equal(count(v,
	                       "SELECT count(*) FROM assessment_items i JOIN "
	                       "assessments a ON a.id = i.assessment_id WHERE "
	                       "a.instrument = 'phq9' AND i.item = 'q1'"),
	                 1);
	assert_int_equal(count(v, "SELECT count(*) FROM prompt_answers WHERE "
	                          "text = 'new words'"),
	                 1);
	/* Merging the same copy again adds nothing. */
	assert_int_equal(vault_merge_file(v, copy, &m), VAULT_OK);
	assert_int_equal(count(v, "SELECT count(*) FROM entries"), 3);
	assert_int_equal(count(v, "SELECT count(*) FROM assessments"), 2);
	assert_int_equal(vault_save(v), VAULT_OK);
	{
		char **names;
		size_t n;

		assert_int_equal(vault_conflicts(dir, &names, &n), 0);
		assert_int_equal(n, 1);
		assert_string_equal(names[0], VAULT_CONFLICT_PREFIX "100");
		assert_int_equal(vault_conflict_remove(v, names[0]), VAULT_OK);
		assert_int_equal(vault_conflict_remove(v, VAULT_FILE),
		                 VAULT_ERR_NOENT);
		free(names[0]);
		free(names);
	}
	vault_close(v);
	free(copy);
}

static size_t
conflict_files(void)
{
	char **names;
	size_t n;

	assert_int_equal(vault_conflicts(dir, &names, &n), 0);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return n;
}

/* The lock file removed under an open vault: another handle takes a new
 * one and saves; the first notices at its next save, takes the lock anew
 * and, the vault having changed, saves apart: one conflict copy for every
 * later save. */
static void
test_lock_removed_under_us(void **state)
{
	struct vault *v, *w;
	char *lock = path_join(dir, VAULT_LOCK);

	make_vault();
	v = open_vault();
	assert_int_equal(unlink(lock), 0);
	w = open_vault(); /* possible only because the file went */
	add_entry(w, 1, 1000, "the other tend");
	assert_int_equal(vault_save(w), VAULT_OK);
	vault_close(w);
	add_entry(v, 1, 2000, "this tend");
	assert_int_equal(vault_save(v), VAULT_ERR_CHANGED);
	assert_int_equal(vault_lock_retaken(v), 1);
	assert_int_equal(conflict_files(), 1);
	add_entry(v, 2, 2100, "this tend, later");
	assert_int_equal(vault_save(v), VAULT_ERR_CHANGED);
	assert_int_equal(conflict_files(), 1);
	/* And the lock is held again: a third tend is refused. */
	assert_int_equal(vault_open(dir, &w, NULL, NULL), VAULT_ERR_BUSY);
	vault_close(v);
	free(lock);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(
	                test_unsaved_kept_and_taken_back, setup, teardown),
	        cmocka_unit_test_setup_teardown(
	                test_journal_updates_and_deletes, setup, teardown),
	        cmocka_unit_test_setup_teardown(
	                test_journal_after_the_vault_moved, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_tampered_journal, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_merge_conflict_copy, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_lock_removed_under_us,
	                                        setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
