/*
 * For the suites that open large vaults (test_vault_ahead.c,
 * test_vault_lazy.c): a vault in a temporary folder holding random bytes
 * (blob) under keys of its settings table, written whole, with one more
 * save in its journal.  Include after <cmocka.h>, with PASS defined as
 * the vault's passphrase.
 */
#ifndef TEND_TESTS_VAULT_BLOB_H
#define TEND_TESTS_VAULT_BLOB_H

#include <sodium.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/vault.h"
#include "util/xalloc.h"

#define BLOB (10u << 20) /* an image of some 10 MiB: 160 chunks */
#define CHUNK 65536 /* plaintext bytes of a format-3 chunk */

static char dir[64];
static struct vault_kdf kdf;
static unsigned char *blob;

/* A fresh folder from template (mkdtemp's), the test's key derivation
 * and BLOB random bytes: 0, or -1. */
static int
blob_setup(const char *template)
{
	snprintf(dir, sizeof(dir), "%s", template);
	if (!mkdtemp(dir))
		return -1;
	blob = xmalloc(BLOB);
	randombytes_buf(blob, BLOB);
	return vault_kdf_params(VAULT_KDF_TEST, &kdf) == VAULT_OK ? 0 : -1;
}

static int
blob_teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	int rc = system(cmd);

	(void)state;
	free(cmd);
	free(blob);
	return rc;
}

/* sql prepared on v's database, key bound to its first parameter. */
static sqlite3_stmt *
keyed(struct vault *v, const char *sql, const char *key)
{
	sqlite3_stmt *st = NULL;

	assert_int_equal(
	        sqlite3_prepare_v2(vault_sqlite(v), sql, -1, &st, NULL),
	        SQLITE_OK);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	return st;
}

/* Stores n bytes of blob from off under key. */
static void
put_blob(struct vault *v, const char *key, size_t off, size_t n)
{
	sqlite3_stmt *st = keyed(v,
	                         "INSERT OR REPLACE INTO settings(key, value) "
	                         "VALUES(?, ?)",
	                         key);

	sqlite3_bind_blob(st, 2, blob + off, (int)n, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
}

/* The value under key is n bytes of blob from off. */
static void
assert_blob(struct vault *v, const char *key, size_t off, size_t n)
{
	sqlite3_stmt *st =
	        keyed(v, "SELECT value FROM settings WHERE key = ?", key);

	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_bytes(st, 0), (int)n);
	assert_memory_equal(sqlite3_column_blob(st, 0), blob + off, n);
	sqlite3_finalize(st);
}

/* A vault holding n bytes of blob under "big", written whole, and a
 * save in its journal after that ("small"). */
static void
make_vault(size_t n)
{
	char code[VAULT_CODE_LEN];
	struct vault *v;

	assert_int_equal(vault_create(dir, PASS, &kdf, code, &v), VAULT_OK);
	put_blob(v, "big", 0, n);
	assert_int_equal(vault_compact(v), VAULT_OK);
	put_blob(v, "small", 7, 1000);
	assert_int_equal(vault_save(v), VAULT_OK);
	vault_close(v);
}

#endif
