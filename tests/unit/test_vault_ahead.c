/*
 * The read ahead of a format-3 unlock (store/vaultfmt.c): while the key
 * is derived, a thread reads part of the payload into its place in the
 * image, and the unlock opens those chunks in place and reads the rest.
 * The database must be the same whichever chunks were read ahead, a wrong
 * passphrase must stop the thread and leave the next unlock whole, and a
 * changed byte must be refused wherever it lies.  Named test_vault* so
 * that it also runs in the [v1] and [v2] passes ([v2] writes format 2,
 * which has no chunks and reads nothing ahead).  An unlock stops reading
 * ahead once the key is known, and the test key derivation takes no time:
 * TEND_TEST_READ_AHEAD=whole makes it wait for the whole read ahead, so
 * that the chunks read ahead are certain; test_stopped_read_ahead unlocks
 * without it.
 */
#include <setjmp.h>
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

#define PASS "read ahead passphrase"
#include "vault_blob.h"

static int
setup(void **state)
{
	(void)state;
	setenv("TEND_TEST_READ_AHEAD", "whole", 1);
	return blob_setup("/tmp/tend-ahead.XXXXXX");
}

/* Unlocks with pass; the handle on success, NULL with *e set otherwise. */
static struct vault *
unlock_as(const char *pass, enum vault_err *e)
{
	struct vault *v;

	assert_int_equal(vault_open(dir, &v, NULL, NULL), VAULT_OK);
	*e = vault_unlock(v, pass);
	if (*e != VAULT_OK) {
		vault_close(v);
		return NULL;
	}
	return v;
}

/* Part of a large format-3 payload is read ahead, not all of it (the
 * rest is read after the key), and the database is whole. */
static void
test_part_read_ahead(void **state)
{
	struct vault_info info;
	enum vault_err e;
	struct vault *v;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);

	(void)state;
	make_vault(BLOB);
	v = unlock_as(PASS, &e);
	assert_int_equal(e, VAULT_OK);
	vault_get_info(v, &info);
	if (info.format == 3 && cores > 1) {
		assert_true(info.read_ahead >= 32);
		assert_true(info.read_ahead * CHUNK < BLOB);
	} else {
		assert_int_equal(info.read_ahead, 0);
	}
	assert_blob(v, "big", 0, BLOB);
	assert_blob(v, "small", 7, 1000);
	vault_close(v);
}

/* A vault under some 10 MiB reads nothing ahead: less than 2 MiB would
 * fit beside the rest of the process. */
static void
test_small_vault(void **state)
{
	struct vault_info info;
	enum vault_err e;
	struct vault *v;

	(void)state;
	make_vault(BLOB / 4);
	v = unlock_as(PASS, &e);
	assert_int_equal(e, VAULT_OK);
	vault_get_info(v, &info);
	assert_int_equal(info.read_ahead, 0);
	assert_blob(v, "big", 0, BLOB / 4);
	vault_close(v);
}

/* A wrong passphrase stops the thread that was reading; the next unlock
 * reads and opens everything again. */
static void
test_wrong_passphrase(void **state)
{
	enum vault_err e;
	struct vault *v;

	(void)state;
	make_vault(BLOB);
	for (int i = 0; i < 3; i++) {
		v = unlock_as("not the passphrase", &e);
		assert_null(v);
		assert_int_equal(e, VAULT_ERR_AUTH);
	}
	v = unlock_as(PASS, &e);
	assert_int_equal(e, VAULT_OK);
	assert_blob(v, "big", 0, BLOB);
	vault_close(v);
}

/* A byte changed at offset at of the file is refused as damage, and the
 * file is left as it was. */
static void
check_altered(size_t at)
{
	char *path = xasprintf("%s/vault", dir), *data, *after;
	size_t len, alen;
	enum vault_err e;

	assert_int_equal(file_read(path, 1u << 30, 0, &data, &len), 0);
	assert_true(at < len);
	data[at] ^= 0x04;
	assert_int_equal(atomic_write(path, data, len, 0600), 0);
	assert_null(unlock_as(PASS, &e));
	assert_int_equal(e, VAULT_ERR_DAMAGED);
	assert_int_equal(file_read(path, 1u << 30, 0, &after, &alen), 0);
	assert_int_equal(alen, len);
	assert_memory_equal(after, data, len);
	/* Put back, it opens again. */
	data[at] ^= 0x04;
	assert_int_equal(atomic_write(path, data, len, 0600), 0);
	vault_close(unlock_as(PASS, &e));
	assert_int_equal(e, VAULT_OK);
	free(after);
	free(data);
	free(path);
}

/* A changed byte in a chunk read ahead (its body, then its tag), and in
 * one read after the key. */
static void
test_altered(void **state)
{
	struct vault_info info;
	struct vault *v;
	enum vault_err e;

	(void)state;
	make_vault(BLOB);
	v = unlock_as(PASS, &e);
	assert_int_equal(e, VAULT_OK);
	vault_get_info(v, &info);
	vault_close(v);
	check_altered(2 * (CHUNK + 16) + 1000); /* chunk 2's body */
	check_altered(3 * (CHUNK + 16)); /* about chunk 2's tag */
	check_altered(info.file_size - 100); /* the last chunk */
}

/* Stopped when the key is known (here at once): however much was read
 * ahead by then, the database is whole, and never more than the budget
 * was read. */
static void
test_stopped_read_ahead(void **state)
{
	struct vault_info info;
	enum vault_err e;
	struct vault *v;

	(void)state;
	unsetenv("TEND_TEST_READ_AHEAD");
	make_vault(BLOB);
	for (int i = 0; i < 3; i++) {
		v = unlock_as(PASS, &e);
		assert_int_equal(e, VAULT_OK);
		vault_get_info(v, &info);
		assert_true(info.read_ahead * CHUNK < BLOB);
		assert_blob(v, "big", 0, BLOB);
		assert_blob(v, "small", 7, 1000);
		vault_close(v);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_part_read_ahead, setup,
	                                        blob_teardown),
	        cmocka_unit_test_setup_teardown(test_small_vault, setup,
	                                        blob_teardown),
	        cmocka_unit_test_setup_teardown(test_wrong_passphrase, setup,
	                                        blob_teardown),
	        cmocka_unit_test_setup_teardown(test_altered, setup,
	                                        blob_teardown),
	        cmocka_unit_test_setup_teardown(test_stopped_read_ahead, setup,
	                                        blob_teardown),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
