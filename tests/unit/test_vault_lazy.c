/*
 * The lazy unlock of the full screen (vault_open_lazily): the database
 * can be read once the chunks it needs are opened, while the rest of the
 * vault file is opened on the other cores.  Whatever reads or writes a
 * chunk first, the database is the same as after any unlock; a damaged
 * chunk is never read, and vault_settle reports it, with nothing written
 * over the file.  Named test_vault* so that it also runs in the [v1] and
 * [v2] passes (format 2 has one piece and opens whole, lazily or not: a
 * damaged byte is then refused at the unlock itself, which the tests
 * allow for).
 */
#include <setjmp.h>
#include <stdbool.h>
#include <sodium.h>
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
#include "util/xalloc.h"

#define PASS "lazy unlock passphrase"
#include "vault_blob.h"

static int
setup(void **state)
{
	(void)state;
	return blob_setup("/tmp/tend-lazy.XXXXXX");
}

/* Unlocks, lazily or not; the handle on success, NULL with *e set
 * otherwise. */
static struct vault *
unlock_as(bool lazy, enum vault_err *e)
{
	struct vault *v;

	assert_int_equal(vault_open(dir, &v, NULL, NULL), VAULT_OK);
	if (lazy)
		vault_open_lazily(v);
	*e = vault_unlock(v, PASS);
	if (*e != VAULT_OK) {
		vault_close(v);
		return NULL;
	}
	return v;
}

/* The vault file's bytes. */
static char *
vault_bytes(size_t *len)
{
	char *path = xasprintf("%s/vault", dir), *data;

	assert_int_equal(file_read(path, 1u << 30, 0, &data, len), 0);
	free(path);
	return data;
}

/* Changes one byte at offset at of the vault file (again: puts it back). */
static void
flip(size_t at)
{
	char *path = xasprintf("%s/vault", dir), *data;
	size_t len;

	data = vault_bytes(&len);
	assert_true(at < len);
	data[at] ^= 0x04;
	assert_int_equal(atomic_write(path, data, len, 0600), 0);
	free(data);
	free(path);
}

/* The format of the vault file now. */
static int
format_now(void)
{
	struct vault_info info;
	enum vault_err e;
	struct vault *v = unlock_as(false, &e);

	assert_non_null(v);
	vault_get_info(v, &info);
	vault_close(v);
	return info.format;
}

/* A byte in the middle of the blob: chunk 80's body, which neither the
 * schema, the small row nor the journal's replay needs. */
#define MIDDLE (80 * (CHUNK + 16) + 5000)

/* A lazy unlock of a good vault reads the same database as any, and
 * settles; so does an unlock that is not lazy, at once. */
static void
test_lazy_whole(void **state)
{
	enum vault_err e;
	struct vault *v;

	(void)state;
	make_vault(BLOB);
	for (int lazy = 0; lazy < 2; lazy++) {
		v = unlock_as(lazy, &e);
		assert_int_equal(e, VAULT_OK);
		assert_blob(v, "small", 7, 1000);
		assert_blob(v, "big", 0, BLOB);
		assert_int_equal(vault_settle(v), VAULT_OK);
		assert_int_equal(vault_settle(v), VAULT_OK);
		vault_close(v);
	}
	/* Settled with nothing read yet. */
	v = unlock_as(true, &e);
	assert_int_equal(vault_settle(v), VAULT_OK);
	assert_blob(v, "big", 0, BLOB);
	vault_close(v);
}

/* A damaged chunk that the unlock does not need: the lazy unlock
 * succeeds and reads what is sound, the damaged part fails to read,
 * vault_settle says so every time, and nothing is written over the vault
 * file.  The unlock that is not lazy refuses it outright. */
static void
test_lazy_damage(void **state)
{
	char *before, *after;
	size_t blen, alen;
	enum vault_err e;
	struct vault *v;
	sqlite3_stmt *st;
	int format;

	(void)state;
	make_vault(BLOB);
	format = format_now();
	flip(MIDDLE);
	before = vault_bytes(&blen);
	assert_null(unlock_as(false, &e));
	assert_int_equal(e, VAULT_ERR_DAMAGED);
	if (format != 3) { /* one piece: opened whole, lazily or not */
		assert_null(unlock_as(true, &e));
		assert_int_equal(e, VAULT_ERR_DAMAGED);
		free(before);
		return;
	}

	v = unlock_as(true, &e);
	assert_int_equal(e, VAULT_OK);
	assert_blob(v, "small", 7, 1000);
	st = keyed(v, "SELECT value FROM settings WHERE key = ?", "big");
	assert_int_not_equal(sqlite3_step(st), SQLITE_ROW);
	sqlite3_finalize(st);
	assert_int_equal(vault_settle(v), VAULT_ERR_DAMAGED);
	assert_int_equal(vault_settle(v), VAULT_ERR_DAMAGED);
	assert_int_equal(vault_compact(v), VAULT_ERR_DAMAGED);
	vault_close(v);
	after = vault_bytes(&alen);
	assert_int_equal(alen, blen);
	assert_memory_equal(after, before, blen);
	free(after);

	/* Found while settling, with nothing read first. */
	v = unlock_as(true, &e);
	assert_int_equal(e, VAULT_OK);
	assert_int_equal(vault_settle(v), VAULT_ERR_DAMAGED);
	vault_close(v);

	/* Put back, it opens again. */
	flip(MIDDLE);
	v = unlock_as(true, &e);
	assert_int_equal(e, VAULT_OK);
	assert_int_equal(vault_settle(v), VAULT_OK);
	assert_blob(v, "big", 0, BLOB);
	vault_close(v);
	free(before);
}

/* A damaged chunk that the unlock needs (chunk 0, with the schema: the
 * header before it is a few hundred bytes) is refused by the lazy unlock
 * too, as damage. */
static void
test_lazy_damage_first(void **state)
{
	enum vault_err e;

	(void)state;
	make_vault(BLOB);
	flip(1000);
	assert_null(unlock_as(true, &e));
	assert_int_equal(e, VAULT_ERR_DAMAGED);
}

/* Writes before the rest is opened: one over the blob's pages (deleted
 * with secure_delete, so its pages are written over wherever they lie),
 * one that grows the image past its block, and a VACUUM that cuts it
 * short.  What is saved reads back whole. */
static void
test_lazy_writes(void **state)
{
	enum vault_err e;
	struct vault *v;

	(void)state;
	make_vault(BLOB);
	v = unlock_as(true, &e);
	assert_int_equal(e, VAULT_OK);
	assert_int_equal(sqlite3_exec(vault_sqlite(v),
	                              "DELETE FROM settings WHERE key = 'big'",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	put_blob(v, "other", 3, 2u << 20);
	assert_int_equal(vault_compact(v), VAULT_OK);
	vault_close(v);

	v = unlock_as(true, &e);
	assert_int_equal(e, VAULT_OK);
	put_blob(v, "grown", 5, BLOB - 5);
	assert_int_equal(vault_save(v), VAULT_OK);
	vault_close(v);

	v = unlock_as(true, &e);
	assert_int_equal(e, VAULT_OK);
	assert_int_equal(
	        sqlite3_exec(vault_sqlite(v),
	                     "DELETE FROM settings WHERE key = 'grown';"
	                     "VACUUM",
	                     NULL, NULL, NULL),
	        SQLITE_OK);
	assert_int_equal(vault_compact(v), VAULT_OK);
	vault_close(v);

	v = unlock_as(false, &e);
	assert_int_equal(e, VAULT_OK);
	assert_blob(v, "small", 7, 1000);
	assert_blob(v, "other", 3, 2u << 20);
	{
		sqlite3_stmt *st =
		        keyed(v,
		              "SELECT count(*) FROM settings WHERE key IN (?, "
		              "'grown')",
		              "big");

		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(st, 0), 0);
		sqlite3_finalize(st);
	}
	vault_close(v);
}

/* Closed before the rest is opened: the threads stop, nothing leaks
 * (ASan and valgrind), and the file is as it was. */
static void
test_lazy_close(void **state)
{
	char *before, *after;
	size_t blen, alen;
	enum vault_err e;

	(void)state;
	make_vault(BLOB);
	before = vault_bytes(&blen);
	for (int i = 0; i < 5; i++) {
		struct vault *v = unlock_as(true, &e);

		assert_int_equal(e, VAULT_OK);
		vault_close(v);
	}
	after = vault_bytes(&alen);
	assert_int_equal(alen, blen);
	assert_memory_equal(after, before, blen);
	free(after);
	free(before);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_lazy_whole, setup,
	                                        blob_teardown),
	        cmocka_unit_test_setup_teardown(test_lazy_damage, setup,
	                                        blob_teardown),
	        cmocka_unit_test_setup_teardown(test_lazy_damage_first, setup,
	                                        blob_teardown),
	        cmocka_unit_test_setup_teardown(test_lazy_writes, setup,
	                                        blob_teardown),
	        cmocka_unit_test_setup_teardown(test_lazy_close, setup,
	                                        blob_teardown),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
