/*
 * store/db and store/schema: the query helpers (binding formats, steps,
 * columns, transactions, events, settings), the schema's tables and
 * constraints, migrations that are idempotent and refuse a newer database,
 * and the SQLite hygiene settings every vault connection gets.
 */
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
#include "store/progress.h"
#include "store/vault.h"
#include "util/xalloc.h"

static char dir[64];
static struct vault *v;

static int
setup(void **state)
{
	struct vault_kdf kdf;
	char code[VAULT_CODE_LEN];

	strcpy(dir, "/tmp/tend-db.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	if (vault_kdf_params(VAULT_KDF_TEST, &kdf) != VAULT_OK)
		return -1;
	return vault_create(dir, "pw", &kdf, code, &v) == VAULT_OK ? 0 : -1;
}

static int
teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	int rc;

	vault_close(v);
	v = NULL;
	rc = system(cmd);
	free(cmd);
	return rc;
}

static void
test_schema_tables(void **state)
{
	static const char *const tables[] = {
	        "settings",       "course",           "lesson_progress",
	        "prompt_answers", "entries",          "entry_fields",
	        "assessments",    "assessment_items", "flags",
	        "plans",          "practice",         "reminders",
	        "events",
	};
	int64_t n = -1, ver = -1;

	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		assert_int_equal(db_int(v, &n,
		                        "SELECT count(*) FROM sqlite_schema"
		                        " WHERE type = 'table' AND name = ?",
		                        "t", tables[i]),
		                 1);
		if (n != 1)
			fail_msg("table %s missing", tables[i]);
	}
	assert_int_equal(db_int(v, &ver, "PRAGMA user_version", NULL), 1);
	assert_int_equal(ver, schema_latest());
	/* Migrating again changes nothing. */
	assert_int_equal(schema_migrate(vault_sqlite(v)), VAULT_OK);
	assert_int_equal(db_int(v, &ver, "PRAGMA user_version", NULL), 1);
	assert_int_equal(ver, schema_latest());
	/* The creation was logged. */
	assert_int_equal(db_int(v, &n,
	                        "SELECT count(*) FROM events"
	                        " WHERE kind = 'vault.create'",
	                        NULL),
	                 1);
	assert_int_equal(n, 1);
}

static void
test_newer_schema_refused(void **state)
{
	char *path = xasprintf("%s/vault", dir);
	struct vault *w;

	assert_int_equal(db_exec(v, "PRAGMA user_version = 999", NULL), 0);
	assert_int_equal(schema_migrate(vault_sqlite(v)), VAULT_ERR_VERSION);
	assert_int_equal(vault_save(v), VAULT_OK);
	vault_close(v);
	v = NULL;
	assert_int_equal(vault_open_file(path, &w), VAULT_OK);
	assert_int_equal(vault_unlock(w, "pw"), VAULT_ERR_VERSION);
	vault_close(w);
	free(path);
}

static void
add_done(struct vault *w, const char *sheet, int64_t at)
{
	assert_int_equal(db_exec(w,
	                         "INSERT INTO entries(worksheet, created_at, "
	                         "updated_at, completed_at) VALUES(?1, ?2, "
	                         "?2, ?2)",
	                         "ti", sheet, at),
	                 0);
}

/* Whether the query plan of sql names index. */
static bool
plan_names(struct vault *w, const char *sql, const char *index)
{
	char *eqp = xasprintf("EXPLAIN QUERY PLAN %s", sql);
	sqlite3_stmt *st = db_prepare(w, eqp, NULL);
	bool found = false;

	assert_non_null(st);
	while (db_step(st) == 1)
		found |= strstr(db_col_text(st, 3), index) != NULL;
	db_finalize(st);
	free(eqp);
	return found;
}

/* The homework count (progress_count_entries) and the planned times
 * (entries_dated), as store/ asks them. */
#define COUNT_SQL                                                              \
	"SELECT count(*) FROM (SELECT 1 FROM entries WHERE worksheet = ?1 "    \
	"AND completed_at >= ?2 AND completed_at < ?3 AND completed_at IS "    \
	"NOT NULL AND deleted_at IS NULL LIMIT ?4)"
#define DATED_SQL                                                              \
	"SELECT id FROM entries WHERE id IN (SELECT entry_id FROM "            \
	"entry_fields WHERE field = ?2 AND value >= ?3 AND value < ?4 AND "    \
	"row = 0 AND value GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'" \
	") AND +worksheet = ?1 AND deleted_at IS NULL ORDER BY created_at "    \
	"DESC, id DESC"

/* The newest entries for the home screen (entries_recent). */
#define RECENT_SQL                                                             \
	"SELECT id FROM entries WHERE deleted_at IS NULL ORDER BY updated_at " \
	"DESC, id DESC LIMIT 3"

/* ... read from the end of their index: no sort of every entry. */
static bool
recent_uses_index(struct vault *w)
{
	return plan_names(w, RECENT_SQL, "entries_recent") &&
	       !plan_names(w, RECENT_SQL, "TEMP B-TREE");
}

static bool
count_uses_index(struct vault *w)
{
	return plan_names(w, COUNT_SQL, "entries_done");
}

/* The planned times read the index of dates, never every entry of the
 * worksheet. */
static bool
dated_uses_index(struct vault *w)
{
	return plan_names(w, DATED_SQL, "entry_fields_dates") &&
	       !plan_names(w, DATED_SQL, "entries_by_sheet");
}

/*
 * Migrations 7 to 9 on a vault made before them (schema 6, neither
 * entries_done, entry_fields_dates nor entries_recent), with entries in
 * its image and a save in its journal: unlock migrates, the homework
 * count, the planned times and the newest entries read the new indexes,
 * nothing is lost, and the next save writes the whole image at the new
 * version.
 */
static void
test_migration_indexes(void **state)
{
	struct progress_count q[3] = {
	        {"a", 100, 200, 10, -1},
	        {"a", 0, 1000, 1, -1},
	        {"b", 0, 1000, 10, -1},
	};
	struct vault_info info;
	int64_t n = -1;

	assert_true(count_uses_index(v));
	assert_true(dated_uses_index(v));
	assert_true(recent_uses_index(v));
	/* Back to what a vault of schema 6 holds. */
	assert_int_equal(db_exec(v, "DROP INDEX entries_done", NULL), 0);
	assert_int_equal(db_exec(v, "DROP INDEX entry_fields_dates", NULL), 0);
	assert_int_equal(db_exec(v, "DROP INDEX entries_recent", NULL), 0);
	assert_int_equal(db_exec(v, "PRAGMA user_version = 6", NULL), 0);
	assert_false(count_uses_index(v));
	assert_false(dated_uses_index(v));
	assert_false(recent_uses_index(v));
	add_done(v, "a", 100);
	add_done(v, "a", 150);
	add_done(v, "b", 150);
	assert_int_equal(vault_save(v), VAULT_OK); /* the whole image */
	add_done(v, "a", 199);
	assert_int_equal(vault_save(v), VAULT_OK); /* a journal record */
	vault_get_info(v, &info);
	assert_int_equal(info.journal_records, 1);
	vault_close(v);
	v = NULL;

	assert_int_equal(vault_open(dir, &v, NULL, NULL), VAULT_OK);
	assert_int_equal(vault_unlock(v, "pw"), VAULT_OK);
	assert_int_equal(db_int(v, &n, "PRAGMA user_version", NULL), 1);
	assert_int_equal(n, schema_latest());
	assert_true(count_uses_index(v));
	assert_true(dated_uses_index(v));
	assert_true(recent_uses_index(v));
	assert_int_equal(db_int(v, &n, "SELECT count(*) FROM entries", NULL),
	                 1);
	assert_int_equal(n, 4);
	assert_int_equal(progress_count_entries(v, q, 3), 0);
	assert_int_equal(q[0].n, 3);
	assert_int_equal(q[1].n, 1); /* the cap */
	assert_int_equal(q[2].n, 1);
	/* A deleted entry leaves the index; an unfinished one never was. */
	assert_int_equal(db_exec(v,
	                         "UPDATE entries SET deleted_at = 300 WHERE "
	                         "completed_at = 150",
	                         NULL),
	                 0);
	assert_int_equal(db_exec(v,
	                         "INSERT INTO entries(worksheet, created_at, "
	                         "updated_at) VALUES('a', 120, 120)",
	                         NULL),
	                 0);
	assert_int_equal(progress_count_entries(v, q, 3), 0);
	assert_int_equal(q[0].n, 2);
	assert_int_equal(q[2].n, 0);
	assert_true(vault_compact_due(v)); /* a schema change is never a
	                                     journal record */
	assert_int_equal(vault_save(v), VAULT_OK);
	vault_get_info(v, &info);
	assert_int_equal(info.journal_records, 0);
	vault_close(v);
	v = NULL;

	assert_int_equal(vault_open(dir, &v, NULL, NULL), VAULT_OK);
	assert_int_equal(vault_unlock(v, "pw"), VAULT_OK);
	assert_int_equal(db_int(v, &n, "PRAGMA user_version", NULL), 1);
	assert_int_equal(n, schema_latest());
	assert_int_equal(progress_count_entries(v, q, 3), 0);
	assert_int_equal(q[0].n, 2);
	assert_true(count_uses_index(v));
}

static void
test_bind_formats(void **state)
{
	sqlite3_stmt *st;
	char *dup;

	assert_int_equal(
	        db_exec(v, "CREATE TEMP TABLE t(a, b, c, d, e, f)", NULL), 0);
	assert_int_equal(db_exec(v, "INSERT INTO t VALUES(?, ?, ?, ?, ?, ?)",
	                         "idftbn", (int64_t)1 << 40, 7, 2.5, "text",
	                         "\x01\x02", (size_t)2),
	                 0);
	assert_int_equal(db_changes(v), 1);
	st = db_prepare(v, "SELECT a, b, c, d, length(e), f FROM t", NULL);
	assert_non_null(st);
	assert_int_equal(db_step(st), 1);
	assert_true(db_col_int(st, 0) == (int64_t)1 << 40);
	assert_int_equal(db_col_int(st, 1), 7);
	assert_int_equal(sqlite3_column_double(st, 2), 2.5);
	assert_string_equal(db_col_text(st, 3), "text");
	assert_int_equal(db_col_int(st, 4), 2);
	assert_true(db_col_null(st, 5));
	assert_string_equal(db_col_text(st, 5), "");
	assert_null(db_col_dup(st, 5));
	dup = db_col_dup(st, 3);
	assert_string_equal(dup, "text");
	free(dup);
	assert_int_equal(db_step(st), 0);
	db_finalize(st);
	/* NULL text binds NULL. */
	assert_int_equal(db_exec(v, "INSERT INTO t(a) VALUES(?)", "t", NULL),
	                 0);
	assert_int_equal(db_int(v, &(int64_t){0},
	                        "SELECT count(*) FROM t WHERE a IS NULL", NULL),
	                 1);
	/* Errors come back as -1 / NULL with a message. */
	assert_null(db_prepare(v, "SELECT nonsense FROM nowhere", NULL));
	assert_int_equal(db_exec(v, "INSERT INTO nowhere VALUES(1)", NULL), -1);
	assert_non_null(strstr(db_errmsg(v), "nowhere"));
	assert_int_equal(db_int(v, &(int64_t){0}, "SELECT 1 WHERE 0", NULL), 0);
}

static void
test_transactions(void **state)
{
	int64_t n = -1, id;

	assert_int_equal(db_begin(v), 0);
	assert_int_equal(db_exec(v,
	                         "INSERT INTO entries(worksheet, created_at,"
	                         " updated_at) VALUES('thought-record', 1, 1)",
	                         NULL),
	                 0);
	id = db_last_id(v);
	assert_true(id > 0);
	assert_int_equal(db_exec(v,
	                         "INSERT INTO entry_fields VALUES(?, ?, ?, ?)",
	                         "itdt", id, "situation", 0, "at work"),
	                 0);
	db_rollback(v);
	assert_int_equal(db_int(v, &n, "SELECT count(*) FROM entries", NULL),
	                 1);
	assert_int_equal(n, 0);
	db_rollback(v); /* harmless with no transaction open */
	assert_int_equal(db_begin(v), 0);
	assert_int_equal(db_exec(v,
	                         "INSERT INTO entries(worksheet, created_at,"
	                         " updated_at) VALUES('thought-record', 1, 1)",
	                         NULL),
	                 0);
	id = db_last_id(v);
	assert_int_equal(db_exec(v,
	                         "INSERT INTO entry_fields VALUES(?, ?, ?, ?)",
	                         "itdt", id, "situation", 0, "at work"),
	                 0);
	assert_int_equal(db_commit(v), 0);
	/* Foreign keys are on: deleting the entry removes its fields. */
	assert_int_equal(
	        db_exec(v, "DELETE FROM entries WHERE id = ?", "i", id), 0);
	assert_int_equal(
	        db_int(v, &n, "SELECT count(*) FROM entry_fields", NULL), 1);
	assert_int_equal(n, 0);
	/* And a field cannot point at a missing entry. */
	assert_int_equal(db_exec(v,
	                         "INSERT INTO entry_fields VALUES(?, ?, ?, ?)",
	                         "itdt", (int64_t)9999, "x", 0, "y"),
	                 -1);
}

static void
test_settings_and_events(void **state)
{
	char *s;
	int64_t n = 0;

	assert_null(db_setting_get(v, "remind.window"));
	assert_int_equal(db_setting_set(v, "remind.window", "18:00-21:00"), 0);
	s = db_setting_get(v, "remind.window");
	assert_string_equal(s, "18:00-21:00");
	free(s);
	assert_int_equal(db_setting_set(v, "remind.window", "09:00-10:00"), 0);
	s = db_setting_get(v, "remind.window");
	assert_string_equal(s, "09:00-10:00");
	free(s);
	assert_int_equal(db_setting_set(v, "remind.window", NULL), 0);
	assert_null(db_setting_get(v, "remind.window"));
	setenv("TEND_NOW", "1700000000", 1);
	assert_int_equal(db_event(v, "lesson.open", "01-welcome"), 0);
	unsetenv("TEND_NOW");
	assert_int_equal(db_int(v, &n, "SELECT at FROM events WHERE kind = ?",
	                        "t", "lesson.open"),
	                 1);
	assert_true(n > 0);
}

static void
test_hygiene(void **state)
{
	int64_t n = -1;
	int on = -1;
	char *path = xasprintf("%s/attached", dir);
	char *sql = xasprintf("ATTACH '%s' AS x", path);

	assert_int_equal(db_int(v, &n, "PRAGMA temp_store", NULL), 1);
	assert_int_equal(n, 2); /* MEMORY */
	assert_int_equal(db_int(v, &n, "PRAGMA foreign_keys", NULL), 1);
	assert_int_equal(n, 1);
	assert_int_equal(db_int(v, &n, "PRAGMA secure_delete", NULL), 1);
	assert_int_equal(n, 1);
	sqlite3_db_config(vault_sqlite(v), SQLITE_DBCONFIG_DEFENSIVE, -1, &on);
	assert_int_equal(on, 1);
	/* No file may be attached (it would hold plaintext). */
	assert_int_equal(db_exec(v, sql, NULL), -1);
	assert_int_equal(access(path, F_OK), -1);
	/* Sorting a lot stays in memory and works. */
	assert_int_equal(db_int(v, &n,
	                        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL"
	                        " SELECT x + 1 FROM c WHERE x < 20000)"
	                        " SELECT count(DISTINCT x) FROM c",
	                        NULL),
	                 1);
	assert_int_equal(n, 20000);
	/* VACUUM works (its temporary database is in memory). */
	assert_int_equal(db_exec(v, "VACUUM", NULL), 0);
	free(sql);
	free(path);
}

static void
test_locked_vault(void **state)
{
	char *path = xasprintf("%s/vault", dir);
	struct vault *w;

	assert_int_equal(vault_open_file(path, &w), VAULT_OK);
	assert_null(vault_sqlite(w));
	assert_null(db_prepare(w, "SELECT 1", NULL));
	assert_int_equal(db_exec(w, "SELECT 1", NULL), -1);
	assert_string_equal(db_errmsg(w), "the vault is locked");
	assert_int_equal(vault_save(w), VAULT_ERR_LOCKED);
	assert_int_equal(vault_unlock(w, "pw"), VAULT_OK);
	/* A handle from vault_open_file holds no lock: it cannot save. */
	assert_int_equal(vault_save(w), VAULT_ERR_LOCKED);
	vault_close(w);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_schema_tables, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_newer_schema_refused,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(test_migration_indexes, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_bind_formats, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_transactions, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_settings_and_events, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_hygiene, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_locked_vault, setup,
	                                        teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
