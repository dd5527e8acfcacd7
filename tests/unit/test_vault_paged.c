/*
 * store/pagevfs.c through the vault's API: a vault unlocked with
 * vault_read_paged reads the same database as an ordinary unlock (the
 * image and its journal's records), saves and compacts as any handle
 * does, opens no file beside the vault, and refuses an altered chunk at
 * unlock.  Named test_vault* so that it also runs in the [v1] and [v2]
 * passes, where the image is not in format 3 and the ordinary unlock is
 * used (vault_info.paged says which).
 */
#include <dirent.h>
#include <setjmp.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "store/db.h"
#include "store/vault.h"
#include "util/atomic.h"
#include "util/file.h"
#include "util/xalloc.h"

#define PASS "paged vault passphrase"

static char dir[64];
static struct vault_kdf kdf;

static int
setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/tend-paged.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	return vault_kdf_params(VAULT_KDF_TEST, &kdf) == VAULT_OK ? 0 : -1;
}

static int
teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	int rc = system(cmd);

	(void)state;
	free(cmd);
	return rc;
}

static struct vault *
unlock(bool paged)
{
	struct vault *v;

	assert_int_equal(vault_open(dir, &v, NULL, NULL), VAULT_OK);
	if (paged)
		vault_read_paged(v);
	assert_int_equal(vault_unlock(v, PASS), VAULT_OK);
	return v;
}

/* Adds rows of unlike text (some 2 MB in all: 30 chunks and more). */
static void
add_rows(struct vault *v, int from, int n)
{
	char text[2001];

	for (int i = from; i < from + n; i++) {
		for (size_t k = 0; k + 1 < sizeof(text); k++)
			text[k] = (char)('a' + randombytes_uniform(26));
		text[sizeof(text) - 1] = '\0';
		assert_int_equal(db_exec(v,
		                         "INSERT INTO settings(key, value) "
		                         "VALUES(?, ?)",
		                         "it", (int64_t)i, text),
		                 0);
	}
}

/* A digest of every row of the table the tests write, in key order. */
static void
digest(struct vault *v, unsigned char out[32])
{
	crypto_generichash_state h;
	sqlite3_stmt *st = db_prepare(
	        v, "SELECT key, value FROM settings ORDER BY key", NULL);
	int n = 0;

	assert_non_null(st);
	crypto_generichash_init(&h, NULL, 0, 32);
	while (db_step(st) == 1) {
		const char *k = db_col_text(st, 0), *val = db_col_text(st, 1);

		crypto_generichash_update(&h, (const unsigned char *)k,
		                          strlen(k) + 1);
		crypto_generichash_update(&h, (const unsigned char *)val,
		                          strlen(val) + 1);
		n++;
	}
	db_finalize(st);
	assert_true(n > 0);
	crypto_generichash_final(&h, out, 32);
}

/* The names in dir, sorted, joined by spaces. */
static char *
names(void)
{
	struct dirent **list;
	int n = scandir(dir, &list, NULL, alphasort);
	size_t len = 1;
	char *s;

	assert_true(n >= 0);
	for (int i = 0; i < n; i++)
		len += strlen(list[i]->d_name) + 1;
	s = xcalloc(len, 1);
	for (int i = 0; i < n; i++) {
		if (list[i]->d_name[0] != '.') {
			strcat(s, list[i]->d_name);
			strcat(s, " ");
		}
		free(list[i]);
	}
	free(list);
	return s;
}

/* A vault of 1,000 rows written whole, then three saves in its journal:
 * new rows, a change and a deletion. */
static void
make_vault(void)
{
	char code[VAULT_CODE_LEN];
	struct vault *v;

	assert_int_equal(vault_create(dir, PASS, &kdf, code, &v), VAULT_OK);
	add_rows(v, 0, 1000);
	assert_int_equal(vault_compact(v), VAULT_OK);
	add_rows(v, 1000, 50);
	assert_int_equal(vault_save(v), VAULT_OK);
	assert_int_equal(db_exec(v,
	                         "UPDATE settings SET value = 'changed' "
	                         "WHERE key = '7'",
	                         NULL),
	                 0);
	assert_int_equal(vault_save(v), VAULT_OK);
	assert_int_equal(
	        db_exec(v, "DELETE FROM settings WHERE key = '8'", NULL), 0);
	assert_int_equal(vault_save(v), VAULT_OK);
	vault_close(v);
}

static void
test_same_database(void **state)
{
	unsigned char whole[32], paged[32];
	struct vault_info info;
	struct vault *v;
	char *before, *after;

	(void)state;
	make_vault();
	v = unlock(false);
	vault_get_info(v, &info);
	assert_false(info.paged);
	assert_int_equal(info.journal_records, 3);
	digest(v, whole);
	vault_close(v);

	before = names();
	v = unlock(true);
	vault_get_info(v, &info);
	/* Format 3 but in the [v2] pass, which writes format 2. */
	assert_int_equal(info.format, getenv("TEND_TEST_VAULT_V2") ? 2 : 3);
	assert_int_equal(info.paged, info.format == 3);
	assert_int_equal(info.journal_records, 3);
	digest(v, paged);
	assert_memory_equal(whole, paged, 32);
	assert_int_equal(vault_check(v), VAULT_OK);
	/* A query that sorts and a temporary table: in memory. */
	assert_int_equal(db_exec(v,
	                         "CREATE TEMP TABLE t AS SELECT value FROM "
	                         "settings ORDER BY value",
	                         NULL),
	                 0);
	after = names();
	assert_string_equal(before, after);
	vault_close(v);
	free(before);
	free(after);
}

/* A paged handle saves (a journal record) and compacts (a full write)
 * like any other, and an ordinary unlock reads what it wrote. */
static void
test_saves(void **state)
{
	unsigned char a[32], b[32];
	struct vault_info info;
	struct vault *v;

	(void)state;
	make_vault();
	v = unlock(true);
	add_rows(v, 5000, 20);
	assert_int_equal(
	        db_exec(v, "DELETE FROM settings WHERE key = '9'", NULL), 0);
	assert_int_equal(vault_save(v), VAULT_OK);
	vault_get_info(v, &info);
	assert_int_equal(info.journal_records, 4);
	digest(v, a);
	vault_close(v);

	v = unlock(false);
	digest(v, b);
	assert_memory_equal(a, b, 32);
	vault_close(v);

	v = unlock(true);
	assert_int_equal(vault_compact(v), VAULT_OK);
	add_rows(v, 6000, 5);
	assert_int_equal(vault_save(v), VAULT_OK);
	digest(v, a);
	vault_close(v);
	v = unlock(false);
	vault_get_info(v, &info);
	assert_int_equal(info.journal_records, 1);
	digest(v, b);
	assert_memory_equal(a, b, 32);
	vault_close(v);
}

/* One byte of a chunk in the middle changed: the paged unlock refuses it
 * as damage before reading anything, and leaves the file as it is. */
static void
test_altered_chunk(void **state)
{
	char *path, *data, *after;
	size_t len, alen;
	struct vault *v;

	(void)state;
	make_vault();
	path = xasprintf("%s/vault", dir);
	assert_int_equal(file_read(path, 1u << 30, 0, &data, &len), 0);
	data[len / 2] ^= 0x20;
	assert_int_equal(atomic_write(path, data, len, 0600), 0);
	assert_int_equal(vault_open(dir, &v, NULL, NULL), VAULT_OK);
	vault_read_paged(v);
	assert_int_equal(vault_unlock(v, PASS), VAULT_ERR_DAMAGED);
	vault_close(v);
	assert_int_equal(file_read(path, 1u << 30, 0, &after, &alen), 0);
	assert_int_equal(alen, len);
	assert_memory_equal(after, data, len);
	free(after);
	free(data);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_same_database, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_saves, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_altered_chunk, setup,
	                                        teardown),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
