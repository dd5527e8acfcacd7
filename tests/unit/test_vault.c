/*
 * store/vault: round trips, wrong secrets, recovery, passphrase change,
 * every single-byte change and every truncation of a small vault rejected
 * as damage, KDF caps, the generation check, a full disk, backups rotated
 * by compactions, two handles on one folder, and the test vector of
 * tend-vault(5).  Uses the cheapest KDF libsodium allows (VAULT_KDF_TEST)
 * so that thousands of unlocks are fast.  With TEND_TEST_VAULT_V1 set
 * (make check runs it both ways) every vault starts in format 1 and is
 * migrated by its first save.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "store/db.h"
#include "store/vault.h"
#include "util/atomic.h"
#include "util/file.h"
#include "util/path.h"
#include "util/xalloc.h"

#define PASS "correct horse battery staple"

static char dir[64];
static struct vault_kdf test_kdf;

static int
setup(void **state)
{
	strcpy(dir, "/tmp/tend-vault.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	return vault_kdf_params(VAULT_KDF_TEST, &test_kdf) == VAULT_OK ? 0 : -1;
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

static char *
in_dir(const char *name)
{
	return path_join(dir, name);
}

static void
read_file(const char *name, char **data, size_t *len)
{
	char *p = in_dir(name);

	assert_int_equal(file_read(p, 1u << 30, 0, data, len), 0);
	free(p);
}

/* Creates a vault holding one answer, closes it; returns the code. */
static void
make_vault(char code[VAULT_CODE_LEN])
{
	struct vault *v;

	assert_int_equal(vault_create(dir, PASS, &test_kdf, code, &v),
	                 VAULT_OK);
	assert_int_equal(db_exec(v,
	                         "INSERT INTO prompt_answers VALUES"
	                         "('c', 'l1', 'p1', ?, 1, 1)",
	                         "t", "the first answer"),
	                 0);
	assert_int_equal(vault_save(v), VAULT_OK);
	vault_close(v);
}

static void
expect_answer(struct vault *v, const char *want)
{
	sqlite3_stmt *st = db_prepare(
	        v, "SELECT text FROM prompt_answers WHERE prompt_id = 'p1'",
	        NULL);

	assert_non_null(st);
	assert_int_equal(db_step(st), 1);
	assert_string_equal(db_col_text(st, 0), want);
	db_finalize(st);
}

/* The backup name opens alone with PASS and holds the answer. */
static void
expect_file_answer_any(const char *name)
{
	char *p = in_dir(name);
	struct vault *v;
	struct vault_info info;

	assert_int_equal(vault_open_file(p, &v), VAULT_OK);
	assert_int_equal(vault_unlock(v, PASS), VAULT_OK);
	vault_get_info(v, &info);
	assert_int_equal(info.journal_records, 0);
	expect_answer(v, "the first answer");
	vault_close(v);
	free(p);
}

static void
test_round_trip(void **state)
{
	char code[VAULT_CODE_LEN];
	struct vault *v;
	struct vault_info info;

	make_vault(code);
	assert_int_equal(strlen(code), VAULT_CODE_LEN - 1);
	assert_int_equal(vault_open(dir, &v, NULL, NULL), VAULT_OK);
	assert_null(vault_sqlite(v)); /* still locked */
	assert_int_equal(vault_unlock(v, PASS), VAULT_OK);
	expect_answer(v, "the first answer");
	vault_get_info(v, &info);
	assert_int_equal(info.generation, 2);
	assert_int_equal(info.schema_version, schema_latest());
	assert_int_equal(info.pass_kdf.opslimit, test_kdf.opslimit);
	vault_close(v);
}

static void
test_create_refuses_existing(void **state)
{
	char code[VAULT_CODE_LEN];
	struct vault *v;

	make_vault(code);
	assert_int_equal(vault_create(dir, "other", &test_kdf, code, &v),
	                 VAULT_ERR_EXISTS);
	assert_null(v);
}

static void
test_open_missing(void **state)
{
	struct vault *v;

	assert_int_equal(vault_open(dir, &v, NULL, NULL), VAULT_ERR_NOENT);
	assert_null(v);
}

static void
test_wrong_passphrase(void **state)
{
	char code[VAULT_CODE_LEN], *before, *after;
	size_t nb, na;
	struct vault *v;

	make_vault(code);
	read_file(VAULT_FILE, &before, &nb);
	assert_int_equal(vault_open(dir, &v, NULL, NULL), VAULT_OK);
	assert_int_equal(vault_unlock(v, "correct horse battery stapl"),
	                 VAULT_ERR_AUTH);
	assert_null(vault_sqlite(v));
	assert_int_equal(vault_save(v), VAULT_ERR_LOCKED);
	/* A retry on the same handle works. */
	assert_int_equal(vault_unlock(v, PASS), VAULT_OK);
	vault_close(v);
	read_file(VAULT_FILE, &after, &na);
	assert_int_equal(na, nb);
	assert_memory_equal(before, after, nb);
	free(before);
	free(after);
}

static void
test_recovery_code(void **state)
{
	char code[VAULT_CODE_LEN], newcode[VAULT_CODE_LEN], typo[64];
	struct vault *v;
	struct vault_kdf k = test_kdf;

	make_vault(code);
	assert_int_equal(vault_open(dir, &v, NULL, NULL), VAULT_OK);
	/* A typo is caught by the check character, before any KDF. */
	strcpy(typo, code);
	typo[1] = typo[1] == 'A' ? 'B' : 'A';
	assert_int_equal(vault_unlock_code(v, typo), VAULT_ERR_CODE_TYPO);
	assert_int_equal(vault_unlock_code(v, "ABCD"), VAULT_ERR_CODE_TYPO);
	/* Lower case, spaces for dashes, O for 0 and l for 1 are fine. */
	strcpy(typo, code);
	for (char *p = typo; *p; p++) {
		if (*p == '-')
			*p = ' ';
		else if (*p == '0')
			*p = 'o';
		else if (*p == '1')
			*p = 'l';
		else if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	}
	assert_int_equal(vault_unlock_code(v, typo), VAULT_OK);
	expect_answer(v, "the first answer");
	/* Recovery: new passphrase, new data key, new code. */
	assert_int_equal(vault_rekey(v, "a new passphrase", &k, newcode),
	                 VAULT_OK);
	assert_string_not_equal(code, newcode);
	assert_int_equal(vault_save(v), VAULT_OK);
	vault_close(v);

	assert_int_equal(vault_open(dir, &v, NULL, NULL), VAULT_OK);
	assert_int_equal(vault_unlock(v, PASS), VAULT_ERR_AUTH);
	assert_int_equal(vault_unlock_code(v, code), VAULT_ERR_AUTH);
	assert_int_equal(vault_unlock_code(v, newcode), VAULT_OK);
	expect_answer(v, "the first answer");
	vault_close(v);
	assert_int_equal(vault_open(dir, &v, NULL, NULL), VAULT_OK);
	assert_int_equal(vault_unlock(v, "a new passphrase"), VAULT_OK);
	vault_close(v);
}

static void
test_passphrase_change_keeps_data(void **state)
{
	char code[VAULT_CODE_LEN];
	struct vault *v;

	make_vault(code);
	assert_int_equal(vault_open(dir, &v, NULL, NULL), VAULT_OK);
	assert_int_equal(vault_unlock(v, PASS), VAULT_OK);
	assert_int_equal(vault_set_passphrase(v, "second", &test_kdf),
	                 VAULT_OK);
	assert_int_equal(vault_save(v), VAULT_OK);
	vault_close(v);
	assert_int_equal(vault_open(dir, &v, NULL, NULL), VAULT_OK);
	assert_int_equal(vault_unlock(v, PASS), VAULT_ERR_AUTH);
	assert_int_equal(vault_unlock(v, "second"), VAULT_OK);
	expect_answer(v, "the first answer");
	vault_close(v);
	/* The recovery code is unchanged by a passphrase change. */
	assert_int_equal(vault_open(dir, &v, NULL, NULL), VAULT_OK);
	assert_int_equal(vault_unlock_code(v, code), VAULT_OK);
	vault_close(v);
}

static int
maps_to_damage(enum vault_err e)
{
	return e == VAULT_ERR_DAMAGED || e == VAULT_ERR_VERSION ||
	       e == VAULT_ERR_LIMITS;
}

/* Opens an image held in memory and unlocks it with PASS. */
static enum vault_err
try_image(const void *data, size_t len)
{
	struct vault *v;
	enum vault_err e = vault_open_mem(data, len, &v);

	if (e != VAULT_OK)
		return e;
	e = vault_unlock(v, PASS);
	vault_close(v);
	return e;
}

/*
 * A small vault: the real schema dropped and the page size at its minimum,
 * so that every byte of the file can be changed in turn.
 */
static void
make_small_vault(char **data, size_t *len)
{
	char code[VAULT_CODE_LEN];
	struct vault *v;
	sqlite3 *db;

	assert_int_equal(vault_create(dir, PASS, &test_kdf, code, &v),
	                 VAULT_OK);
	db = vault_sqlite(v);
	assert_int_equal(sqlite3_exec(db,

	                              "PRAGMA writable_schema=OFF;", NULL, NULL,
	                              NULL),
	                 SQLITE_OK);
	/* Keep one table with an answer; drop the rest. */
	{
		sqlite3_stmt *st;
		char *names[64];
		int n = 0;

		assert_int_equal(
		        sqlite3_prepare_v2(db,
		                           "SELECT name FROM sqlite_schema "
		                           "WHERE type = 'table' AND name <> "
		                           "'prompt_answers'",
		                           -1, &st, NULL),
		        SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW && n < 64)
			names[n++] = xstrdup(
			        (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
		assert_int_equal(sqlite3_exec(db, "PRAGMA foreign_keys=OFF",
		                              NULL, NULL, NULL),
		                 SQLITE_OK);
		for (int i = 0; i < n; i++) {
			char *sql = xasprintf("DROP TABLE \"%s\"", names[i]);

			assert_int_equal(
			        sqlite3_exec(db, sql, NULL, NULL, NULL),
			        SQLITE_OK);
			free(sql);
			free(names[i]);
		}
	}
	assert_int_equal(db_exec(v,
	                         "INSERT INTO prompt_answers VALUES"
	                         "('c', 'l1', 'p1', ?, 1, 1)",
	                         "t", "small"),
	                 0);
	assert_int_equal(sqlite3_exec(db, "VACUUM", NULL, NULL, NULL),
	                 SQLITE_OK);
	assert_int_equal(vault_save(v), VAULT_OK);
	vault_close(v);
	read_file(VAULT_FILE, data, len);
	if (*len >= 16384)
		fail_msg("small vault is %zu bytes", *len);
}

static void
test_every_byte_and_truncation(void **state)
{
	char *data;
	size_t len, step;
	unsigned char *copy;

	make_small_vault(&data, &len);
	/* The intact file opens (and the migration re-adds the tables). */
	assert_int_equal(try_image(data, len), VAULT_OK);
	copy = xmalloc(len);
	/* Under valgrind every byte would take many minutes: sample. */
	step = getenv("TEND_VALGRIND") ? 37 : 1;
	for (size_t i = 0; i < len; i += step) {
		/* Two different changes per byte: one bit, all bits. */
		static const unsigned char flips[] = {0x01, 0xff};

		for (size_t f = 0; f < 2; f++) {
			enum vault_err e;

			memcpy(copy, data, len);
			copy[i] ^= flips[f];
			e = try_image(copy, len);
			if (!maps_to_damage(e))
				fail_msg("byte %zu ^ %02x: %s", i, flips[f],
				         vault_strerror(e));
		}
	}
	for (size_t n = 0; n < len; n++) {
		enum vault_err e = try_image(data, n);

		if (!maps_to_damage(e))
			fail_msg("truncated to %zu: %s", n, vault_strerror(e));
	}
	/* A byte appended is damage too. */
	copy = xrealloc(copy, len + 1);
	memcpy(copy, data, len);
	copy[len] = 0;
	assert_true(maps_to_damage(try_image(copy, len + 1)));
	free(copy);
	free(data);
}

/* Every byte of a full-size vault's header, all 255 other values. */
static void
test_every_header_byte(void **state)
{
	char code[VAULT_CODE_LEN], *data;
	size_t len;
	unsigned char *copy;
	struct vault *v;
	size_t hlen;

	make_vault(code);
	read_file(VAULT_FILE, &data, &len);
	hlen = (size_t)(unsigned char)data[12] | (size_t)(unsigned char)data[13]
	                                                 << 8;
	assert_true(hlen > 48 && hlen < len);
	copy = xmalloc(len);
	memcpy(copy, data, len);
	for (size_t i = 0; i < hlen; i++) {
		for (int x = 1; x < 256; x++) {
			enum vault_err e;

			copy[i] = (unsigned char)(data[i] ^ x);
			e = vault_open_mem(copy, len, &v);
			if (e == VAULT_OK) {
				/* Only a change the checksum cannot see
				 * could get here: there is none. */
				vault_close(v);
				fail_msg("header byte %zu ^ %02x accepted", i,
				         x);
			}
			if (!maps_to_damage(e))
				fail_msg("header byte %zu: %s", i,
				         vault_strerror(e));
		}
		copy[i] = (unsigned char)data[i];
	}
	/* Payload bytes, sampled: the AEAD rejects them after the slot
	 * opened, so they are damage, not a wrong passphrase. */
	for (size_t i = hlen; i < len; i += 509) {
		copy[i] ^= 0x20;
		assert_int_equal(try_image(copy, len), VAULT_ERR_DAMAGED);
		copy[i] = (unsigned char)data[i];
	}
	free(copy);
	free(data);
}

/* Rewrites the header's checksum after a deliberate change. */
static void
reseal_checksum(unsigned char *buf)
{
	size_t hlen = (size_t)buf[12] | (size_t)buf[13] << 8;

	crypto_generichash(buf + hlen - 32, 32, buf, hlen - 32, NULL, 0);
}

static void put64(unsigned char *p, uint64_t v);

/* Format 3's chunks: each opens only in its own place of its own file. */
static void
test_chunks_bound(void **state)
{
	const size_t ct = 65536 + 16; /* a whole chunk's ciphertext */
	char code[VAULT_CODE_LEN], *a, *b, big[4000];
	size_t la, lb, hl, last;
	unsigned char *copy;
	struct vault *v;

	(void)state;
	big[sizeof(big) - 1] = 0;
	assert_int_equal(vault_create(dir, PASS, &test_kdf, code, &v),
	                 VAULT_OK);
	for (int i = 0; i < 100; i++) { /* some 400 KB: 7 chunks, unlike */
		for (size_t k = 0; k + 1 < sizeof(big); k++)
			big[k] = (char)('a' + randombytes_uniform(26));
		assert_int_equal(db_exec(v,
		                         "INSERT INTO settings(key, value) "
		                         "VALUES(?, ?)",
		                         "it", (int64_t)i, big),
		                 0);
	}
	assert_int_equal(vault_compact(v), VAULT_OK);
	read_file(VAULT_FILE, &a, &la);
	assert_int_equal(vault_compact(v), VAULT_OK); /* a second image */
	vault_close(v);
	read_file(VAULT_FILE, &b, &lb);
	if (a[8] != 3) { /* the [v1] and [v2] runs write format 2 */
		free(a);
		free(b);
		return;
	}
	hl = (size_t)(unsigned char)a[12] | (size_t)(unsigned char)a[13] << 8;
	assert_true(la > hl + 4 * ct);
	assert_int_equal(la, lb);
	last = (la - hl) % ct ? (la - hl) % ct : ct;
	copy = xmalloc(la);
	memcpy(copy, a, la);
	assert_int_equal(try_image(copy, la), VAULT_OK);
	/* Two chunks swapped (not the first: the database's first page
	 * would fail to open for another reason). */
	memcpy(copy + hl + 2 * ct, a + hl + 3 * ct, ct);
	memcpy(copy + hl + 3 * ct, a + hl + 2 * ct, ct);
	assert_int_equal(try_image(copy, la), VAULT_ERR_DAMAGED);
	/* A chunk of the same vault's other image, in its own place. */
	memcpy(copy, a, la);
	memcpy(copy + hl + 2 * ct, b + hl + 2 * ct, ct);
	assert_int_equal(try_image(copy, la), VAULT_ERR_DAMAGED);
	/* One bit of the last chunk. */
	memcpy(copy, a, la);
	copy[la - 20] ^= 1;
	assert_int_equal(try_image(copy, la), VAULT_ERR_DAMAGED);
	/* The last chunk dropped, payload_len and checksum made to fit. */
	memcpy(copy, a, la);
	{
		unsigned char *t = copy + hl - 64 + 24;
		uint64_t plen = 0;

		for (int i = 7; i >= 0; i--)
			plen = plen << 8 | t[i];
		put64(t, plen - last);
	}
	reseal_checksum(copy);
	assert_int_equal(try_image(copy, la - last), VAULT_ERR_DAMAGED);
	free(copy);
	free(a);
	free(b);
}

static void
test_kdf_caps(void **state)
{
	char code[VAULT_CODE_LEN], *data;
	size_t len;
	unsigned char *copy;
	struct vault *v;

	size_t so; /* where the slots start */

	make_vault(code);
	read_file(VAULT_FILE, &data, &len);
	so = data[8] == 1 ? 48 : 80;
	copy = xmalloc(len);
	/* opslimit of slot 1 (offset 4 in it) raised past the cap. */
	memcpy(copy, data, len);
	copy[so + 4] = 200;
	reseal_checksum(copy);
	assert_int_equal(vault_open_mem(copy, len, &v), VAULT_ERR_LIMITS);
	/* memlimit 4 GiB in KiB (offset 8 in the slot). */
	memcpy(copy, data, len);
	copy[so + 8] = 0;
	copy[so + 9] = 0;
	copy[so + 10] = 0;
	copy[so + 11] = 0x01;
	reseal_checksum(copy);
	assert_int_equal(vault_open_mem(copy, len, &v), VAULT_ERR_LIMITS);
	/* A salt changed by someone who also fixed the checksum looks like
	 * a wrong passphrase: the slot's wrap does not open. */
	memcpy(copy, data, len);
	copy[so + 12] ^= 1;
	reseal_checksum(copy);
	assert_int_equal(try_image(copy, len), VAULT_ERR_AUTH);
	/* A newer format version is reported as such. */
	memcpy(copy, data, len);
	copy[8] = 4;
	assert_int_equal(vault_open_mem(copy, len, &v), VAULT_ERR_VERSION);
	/* Costs above the caps are refused when writing a slot, too. */
	{
		struct vault_kdf big = {50, 64u << 20};

		assert_int_equal(vault_open(dir, &v, NULL, NULL), VAULT_OK);
		assert_int_equal(vault_unlock(v, PASS), VAULT_OK);
		assert_int_equal(vault_set_passphrase(v, "x", &big),
		                 VAULT_ERR_LIMITS);
		vault_close(v);
	}
	free(copy);
	free(data);
}

static void
test_generation_check(void **state)
{
	char code[VAULT_CODE_LEN], *before, *after;
	size_t nb, na;
	struct vault *v, *w;
	struct vault_lock *lk;
	char *path;
	DIR *d;
	struct dirent *de;
	int conflicts = 0;

	make_vault(code);
	assert_int_equal(vault_open(dir, &v, NULL, NULL), VAULT_OK);
	assert_int_equal(vault_unlock(v, PASS), VAULT_OK);
	/* Another writer (here: a copy of an older generation put back
	 * by hand while we hold the lock) changes the file under us. */
	assert_int_equal(vault_open_file(path = in_dir(VAULT_FILE), &w),
	                 VAULT_OK);
	assert_int_equal(vault_unlock(w, PASS), VAULT_OK);
	assert_int_equal(db_exec(w, "DELETE FROM prompt_answers", NULL), 0);
	assert_int_equal(vault_write_copy(w, path), VAULT_OK);
	vault_close(w);
	/* vault_write_copy keeps the generation: make it differ. */
	{
		char *p;
		size_t n;

		read_file(VAULT_FILE, &p, &n);
		p[32] ^= 0x40;
		reseal_checksum((unsigned char *)p);
		assert_int_equal(atomic_write(path, p, n, 0600), 0);
		free(p);
	}
	read_file(VAULT_FILE, &before, &nb);
	assert_int_equal(db_event(v, "test", NULL), 0); /* a change to save */
	assert_int_equal(vault_save(v), VAULT_ERR_CHANGED);
	read_file(VAULT_FILE, &after, &na);
	assert_int_equal(na, nb);
	assert_memory_equal(before, after, nb);
	d = opendir(dir);
	while ((de = readdir(d)))
		if (strncmp(de->d_name, "vault.conflict-", 15) == 0)
			conflicts++;
	closedir(d);
	assert_int_equal(conflicts, 1);
	vault_close(v);
	/* The lock is free again. */
	assert_int_equal(vault_lock_dir(dir, &lk, NULL, NULL), VAULT_OK);
	vault_unlock_dir(lk);
	free(path);
	free(before);
	free(after);
}

static int
enospc_hook(char op, int fd, const void *p, size_t n)
{
	if (op == 'w' && n > 1) {
		/* Write half, then the disk is full. */
		ssize_t w = write(fd, p, n / 2);

		(void)w;
		errno = ENOSPC;
		return -1;
	}
	return op == 'w' ? (int)write(fd, p, n) : 0;
}

static size_t
count_entries(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every file of the folder but the lock, names and bytes, as one string
 * (free it): two snapshots are equal when nothing was written. */
static char *
snapshot(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char *names[64], *out = xstrdup("");
	size_t n = 0;

	while ((e = readdir(d)) && n < 64)
		if (e->d_name[0] != '.' && strcmp(e->d_name, VAULT_LOCK) != 0)
			names[n++] = xstrdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		char *data, *hex, *next;
		size_t len;

		read_file(names[i], &data, &len);
		hex = xmalloc(2 * len + 1);
		for (size_t k = 0; k < len; k++)
			snprintf(hex + 2 * k, 3, "%02x",
			         (unsigned char)data[k]);
		next = xasprintf("%s%s:%zu:%s\n", out, names[i], len, hex);
		free(out);
		out = next;
		free(hex);
		free(data);
		free(names[i]);
	}
	return out;
}

/* A save on a full disk (every write fails half-way) changes no file and
 * leaves nothing behind; with room again the same session saves. */
static void
test_full_disk(void **state)
{
	char code[VAULT_CODE_LEN], *before, *after;
	size_t files;
	struct vault *v;

	make_vault(code);
	before = snapshot();
	files = count_entries();
	assert_int_equal(vault_open(dir, &v, NULL, NULL), VAULT_OK);
	assert_int_equal(vault_unlock(v, PASS), VAULT_OK);
	assert_int_equal(db_exec(v, "UPDATE prompt_answers SET text = ?", "t",
	                         "changed"),
	                 0);
	atomic_set_fault_hook(enospc_hook);
	assert_int_equal(vault_save(v), VAULT_ERR_NOSPC);
	assert_int_equal(vault_errno(), ENOSPC);
	/* A compaction, too. */
	assert_int_equal(vault_compact(v), VAULT_ERR_NOSPC);
	atomic_set_fault_hook(NULL);
	after = snapshot();
	assert_string_equal(before, after);
	assert_int_equal(count_entries(), files); /* no temporary left */
	/* Space again: the same session saves. */
	assert_int_equal(vault_save(v), VAULT_OK);
	vault_close(v);
	assert_int_equal(vault_open(dir, &v, NULL, NULL), VAULT_OK);
	assert_int_equal(vault_unlock(v, PASS), VAULT_OK);
	expect_answer(v, "changed");
	vault_close(v);
	free(before);
	free(after);
}

/* Each compaction keeps the image it replaces as vault.bak and the one
 * before as vault.bak.1; a save between compactions leaves them alone. */
static void
test_backups_rotate(void **state)
{
	char code[VAULT_CODE_LEN], *prev, *bak, *bak1, *cur;
	size_t np, nb, nb1, nc;
	struct vault *v;

	make_vault(code);
	assert_int_equal(vault_open(dir, &v, NULL, NULL), VAULT_OK);
	assert_int_equal(vault_unlock(v, PASS), VAULT_OK);
	assert_int_equal(vault_compact(v), VAULT_OK); /* a vault.bak now */
	for (int i = 0; i < 3; i++) {
		read_file(VAULT_FILE, &prev, &np);
		read_file(VAULT_BAK, &bak, &nb);
		assert_int_equal(db_event(v, "test", NULL), 0);
		assert_int_equal(vault_save(v), VAULT_OK);
		/* A save: the image and the backups as they were. */
		read_file(VAULT_FILE, &cur, &nc);
		assert_int_equal(nc, np);
		assert_memory_equal(cur, prev, np);
		free(cur);
		read_file(VAULT_BAK, &cur, &nc);
		assert_int_equal(nc, nb);
		assert_memory_equal(cur, bak, nb);
		free(cur);
		/* A compaction: they rotate. */
		assert_int_equal(vault_compact(v), VAULT_OK);
		read_file(VAULT_BAK, &bak1, &nb1);
		assert_int_equal(nb1, np);
		assert_memory_equal(bak1, prev, np); /* vault -> vault.bak */
		free(bak1);
		read_file(VAULT_BAK1, &bak1, &nb1);
		assert_int_equal(nb1, nb);
		assert_memory_equal(bak1, bak, nb); /* bak -> bak.1 */
		free(prev);
		free(bak);
		free(bak1);
	}
	vault_close(v);
	/* vault, its journal, 2 backups, lock */
	assert_int_equal(count_entries(), 5);
	/* Each backup opens alone, without a journal. */
	expect_file_answer_any(VAULT_BAK);
	expect_file_answer_any(VAULT_BAK1);
}

static void
test_two_handles(void **state)
{
	char code[VAULT_CODE_LEN];
	struct vault *v, *w;
	long pid = -1;
	long long since = -1;
	bool held;

	make_vault(code);
	assert_int_equal(vault_open(dir, &v, NULL, NULL), VAULT_OK);
	/* flock is per open file: a second open in this process is refused
	 * just as another process would be. */
	assert_int_equal(vault_open(dir, &w, &pid, &since), VAULT_ERR_BUSY);
	assert_null(w);
	assert_int_equal(pid, (long)getpid());
	assert_true(since > 0);
	assert_int_equal(vault_wipe(dir, &pid, NULL), VAULT_ERR_BUSY);
	assert_int_equal(vault_lock_probe(dir, &held, &pid, &since), VAULT_OK);
	assert_true(held);
	vault_close(v);
	assert_int_equal(vault_lock_probe(dir, &held, &pid, &since), VAULT_OK);
	assert_false(held);
	assert_int_equal(vault_open(dir, &w, NULL, NULL), VAULT_OK);
	vault_close(w);
}

static void
test_backup_restore_wipe(void **state)
{
	char code[VAULT_CODE_LEN];
	char *copy = in_dir("copy");
	struct vault *v;

	make_vault(code);
	assert_int_equal(vault_open(dir, &v, NULL, NULL), VAULT_OK);
	assert_int_equal(vault_unlock(v, PASS), VAULT_OK);
	assert_int_equal(vault_write_copy(v, copy), VAULT_OK);
	assert_int_equal(
	        db_exec(v, "UPDATE prompt_answers SET text = 'later'", NULL),
	        0);
	assert_int_equal(vault_save(v), VAULT_OK);
	vault_close(v);
	/* The wrong passphrase does not restore anything. */
	assert_int_equal(vault_restore(dir, copy, "nope", NULL, NULL, NULL),
	                 VAULT_ERR_AUTH);
	assert_int_equal(vault_restore(dir, copy, NULL, code, NULL, NULL),
	                 VAULT_OK);
	assert_int_equal(vault_open(dir, &v, NULL, NULL), VAULT_OK);
	assert_int_equal(vault_unlock(v, PASS), VAULT_OK);
	expect_answer(v, "the first answer");
	vault_close(v);
	assert_int_equal(vault_wipe(dir, NULL, NULL), VAULT_OK);
	assert_false(vault_exists(dir));
	assert_int_equal(count_entries(), 1); /* only the outside copy */
	/* Restoring into an empty folder (a new machine) works too. */
	assert_int_equal(vault_restore(dir, copy, PASS, NULL, NULL, NULL),
	                 VAULT_OK);
	assert_int_equal(vault_open(dir, &v, NULL, NULL), VAULT_OK);
	assert_int_equal(vault_unlock(v, PASS), VAULT_OK);
	expect_answer(v, "the first answer");
	vault_close(v);
	free(copy);
}

/* Sets the answer, saves and compacts (the backups rotate). */
static void
set_answer_and_save(const char *text)
{
	struct vault *v;

	assert_int_equal(vault_open(dir, &v, NULL, NULL), VAULT_OK);
	assert_int_equal(vault_unlock(v, PASS), VAULT_OK);
	assert_int_equal(
	        db_exec(v, "UPDATE prompt_answers SET text = ?", "t", text), 0);
	assert_int_equal(vault_save(v), VAULT_OK);
	assert_int_equal(vault_compact(v), VAULT_OK);
	vault_close(v);
}

static void
expect_file_answer(const char *name, const char *want)
{
	char *p = in_dir(name);
	struct vault *v;

	assert_int_equal(vault_open_file(p, &v), VAULT_OK);
	assert_int_equal(vault_unlock(v, PASS), VAULT_OK);
	expect_answer(v, want);
	vault_close(v);
	free(p);
}

/*
 * Restore keeps the backups in order: the current vault becomes vault.bak
 * and the rest shift, but a backup being restored is used up rather than
 * pushing an older one out; restoring the vault onto itself is refused and
 * changes nothing.
 */
static void
test_restore_keeps_order(void **state)
{
	char code[VAULT_CODE_LEN], *self = in_dir(VAULT_FILE), *before, *after;
	char *bak = in_dir(VAULT_BAK), *bak1 = in_dir(VAULT_BAK1);
	char *copy = in_dir("outside-copy");
	size_t nb, na;

	make_vault(code); /* "the first answer" */
	set_answer_and_save("the first answer"); /* whole, in format 2 */
	set_answer_and_save("second");
	set_answer_and_save("third");
	expect_file_answer(VAULT_FILE, "third");
	expect_file_answer(VAULT_BAK, "second");
	expect_file_answer(VAULT_BAK1, "the first answer");

	read_file(VAULT_FILE, &before, &nb);
	assert_int_equal(vault_restore(dir, self, PASS, NULL, NULL, NULL),
	                 VAULT_ERR_SELF);
	read_file(VAULT_FILE, &after, &na);
	assert_int_equal(na, nb);
	assert_memory_equal(before, after, nb);
	free(before);
	free(after);

	/* Back one save: vault.bak comes in, the damaged-or-not vault goes to
	 * vault.bak, and vault.bak.1 stays. */
	assert_int_equal(vault_restore(dir, bak, PASS, NULL, NULL, NULL),
	                 VAULT_OK);
	expect_file_answer(VAULT_FILE, "second");
	expect_file_answer(VAULT_BAK, "third");
	expect_file_answer(VAULT_BAK1, "the first answer");

	/* Two back: vault.bak.1 comes in; the others shift into its place. */
	assert_int_equal(vault_restore(dir, bak1, PASS, NULL, NULL, NULL),
	                 VAULT_OK);
	expect_file_answer(VAULT_FILE, "the first answer");
	expect_file_answer(VAULT_BAK, "second");
	expect_file_answer(VAULT_BAK1, "third");

	/* A copy from elsewhere: an ordinary shift, the oldest goes. */
	{
		struct vault *v;

		assert_int_equal(vault_open(dir, &v, NULL, NULL), VAULT_OK);
		assert_int_equal(vault_unlock(v, PASS), VAULT_OK);
		assert_int_equal(db_exec(v,
		                         "UPDATE prompt_answers SET text = "
		                         "'outside'",
		                         NULL),
		                 0);
		assert_int_equal(vault_write_copy(v, copy), VAULT_OK);
		vault_close(v);
	}
	assert_int_equal(vault_restore(dir, copy, PASS, NULL, NULL, NULL),
	                 VAULT_OK);
	expect_file_answer(VAULT_FILE, "outside");
	expect_file_answer(VAULT_BAK, "the first answer");
	expect_file_answer(VAULT_BAK1, "second");
	free(self);
	free(bak);
	free(bak1);
	free(copy);
}

static void
test_kdf_levels(void **state)
{
	struct vault_kdf k;
	enum vault_kdf_level l;

	assert_int_equal(vault_kdf_parse("interactive", &l), 0);
	assert_int_equal(l, VAULT_KDF_INTERACTIVE);
	assert_int_equal(vault_kdf_parse("moderate", &l), 0);
	assert_int_equal(vault_kdf_parse("sensitive", &l), 0);
	assert_int_equal(vault_kdf_parse("fast", &l), -1);
	assert_int_equal(vault_kdf_params(VAULT_KDF_INTERACTIVE, &k), VAULT_OK);
	assert_int_equal(k.opslimit, crypto_pwhash_OPSLIMIT_INTERACTIVE);
	assert_int_equal(k.memlimit, crypto_pwhash_MEMLIMIT_INTERACTIVE);
	assert_int_equal(vault_kdf_params(VAULT_KDF_SENSITIVE, &k), VAULT_OK);
	assert_true(k.memlimit <= VAULT_MAX_MEMLIMIT);
	assert_true(k.opslimit <= VAULT_MAX_OPSLIMIT);
	assert_int_equal(vault_kdf_params(VAULT_KDF_CALIBRATED, &k), VAULT_OK);
	assert_true(k.opslimit >= 2 && k.opslimit <= 4);
	assert_true(k.memlimit >= (64u << 20) && k.memlimit <= (256u << 20));
}

static void
test_strerror_table(void **state)
{
	for (int e = 0; e < VAULT_ERR__COUNT; e++)
		assert_string_not_equal(vault_strerror((enum vault_err)e),
		                        "unknown vault error");
	assert_string_equal(vault_strerror(VAULT_ERR__COUNT),
	                    "unknown vault error");
}

/* ---- the clinic's memory cap and the queue for key derivations ---- */

static void
test_kdf_cap(void **state)
{
	struct vault_kdf k;
	char code[VAULT_CODE_LEN];
	struct vault *v;
	struct vault_info info;

	vault_kdf_set_cap(32u << 20);
	assert_int_equal(vault_kdf_params(VAULT_KDF_INTERACTIVE, &k), VAULT_OK);
	assert_int_equal(k.memlimit, 32u << 20);
	assert_int_equal(k.opslimit, 2 * 64 / 32); /* the same work */
	assert_int_equal(vault_kdf_params(VAULT_KDF_SENSITIVE, &k), VAULT_OK);
	assert_int_equal(k.memlimit, 32u << 20);
	assert_int_equal(k.opslimit, VAULT_MAX_OPSLIMIT);
	assert_int_equal(vault_kdf_params(VAULT_KDF_TEST, &k), VAULT_OK);
	assert_int_equal(k.memlimit, test_kdf.memlimit); /* under the cap */
	/* A vault made before the cap is over it; re-wrapped, it is not. */
	vault_kdf_set_cap(0);
	k.opslimit = 1;
	k.memlimit = 64u << 10;
	assert_int_equal(vault_create(dir, PASS, &k, code, &v), VAULT_OK);
	vault_close(v);
	vault_kdf_set_cap(16u << 10);
	assert_int_equal(vault_open(dir, &v, NULL, NULL), VAULT_OK);
	assert_true(vault_kdf_over_cap(v));
	assert_int_equal(vault_unlock(v, PASS), VAULT_OK);
	vault_get_info(v, &info);
	assert_true(vault_kdf_apply_cap(&info.pass_kdf));
	assert_int_equal(info.pass_kdf.memlimit, 16u << 10);
	assert_int_equal(info.pass_kdf.opslimit, 4);
	assert_int_equal(vault_set_passphrase(v, PASS, &info.pass_kdf),
	                 VAULT_OK);
	assert_false(vault_kdf_over_cap(v));
	assert_int_equal(vault_save(v), VAULT_OK);
	vault_close(v);
	assert_int_equal(vault_open(dir, &v, NULL, NULL), VAULT_OK);
	assert_false(vault_kdf_over_cap(v));
	assert_int_equal(vault_unlock(v, PASS), VAULT_OK);
	vault_close(v);
	vault_kdf_set_cap(0);
}

static int hook_calls, hook_others[4], release_fd = -1;

/* Records the call; the first one lets the other derivation end. */
static void
wait_hook(int others, uint64_t need, void *ctx)
{
	if (hook_calls < 4)
		hook_others[hook_calls] = others;
	hook_calls++;
	if (release_fd >= 0) {
		close(release_fd);
		release_fd = -1;
	}
}

/* A process that holds a derivation's place in the queue folder qdir
 * (for more memory than any machine has) until its pipe closes. */
static pid_t
hold_place(const char *qdir, int *release)
{
	int p[2], ready[2];
	pid_t pid;
	char c;

	assert_int_equal(pipe(p), 0);
	assert_int_equal(pipe(ready), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char *name = xasprintf("%s/k.%lu.%lu.%llu", qdir,
		                       (unsigned long)getuid(),
		                       (unsigned long)getpid(), 1ull << 40);
		int fd = open(name, O_RDONLY | O_CREAT, 0644);

		close(p[1]);
		if (fd < 0 || flock(fd, LOCK_EX) < 0)
			_exit(1);
		(void)!write(ready[1], "r", 1);
		(void)!read(p[0], &c, 1); /* until the parent closes it */
		unlink(name);
		_exit(0);
	}
	close(p[0]);
	close(ready[1]);
	assert_int_equal(read(ready[0], &c, 1), 1);
	close(ready[0]);
	*release = p[1];
	return pid;
}

/* With another derivation in progress that leaves no memory, an unlock
 * waits its turn (the hook says so), and goes on once it ends; with the
 * folder not shared safely (not sticky), there is no queue. */
static void
test_kdf_queue(void **state)
{
	char code[VAULT_CODE_LEN], *qdir = in_dir("queue");
	struct vault *v;
	pid_t pid;
	int st;

	assert_int_equal(vault_create(dir, PASS, &test_kdf, code, &v),
	                 VAULT_OK);
	vault_close(v);
	setenv("TEND_KDF_DIR", qdir, 1);
	vault_kdf_wait_hook(wait_hook, NULL);
	/* The first derivation makes the folder, sticky and shared. */
	assert_int_equal(vault_open(dir, &v, NULL, NULL), VAULT_OK);
	assert_int_equal(vault_unlock(v, PASS), VAULT_OK);
	vault_close(v);
	assert_int_equal(hook_calls, 0);
	{
		struct stat sq;

		assert_int_equal(lstat(qdir, &sq), 0);
		assert_int_equal(sq.st_mode & 07777, 01777);
	}
	pid = hold_place(qdir, &release_fd);
	assert_int_equal(vault_open(dir, &v, NULL, NULL), VAULT_OK);
	assert_int_equal(vault_unlock(v, PASS), VAULT_OK);
	vault_close(v);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_int_equal(hook_calls, 2);
	assert_int_equal(hook_others[0], 1); /* waited for one */
	assert_int_equal(hook_others[1], 0); /* and then went on */
	/* A folder another could tamper with is no queue: no wait. */
	hook_calls = 0;
	assert_int_equal(chmod(qdir, 0700), 0);
	pid = hold_place(qdir, &release_fd);
	assert_int_equal(vault_open(dir, &v, NULL, NULL), VAULT_OK);
	assert_int_equal(vault_unlock(v, PASS), VAULT_OK);
	vault_close(v);
	assert_int_equal(hook_calls, 0);
	close(release_fd);
	release_fd = -1;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	vault_kdf_wait_hook(NULL, NULL);
	unsetenv("TEND_KDF_DIR");
	free(qdir);
}

/* ---- the test vector in man/tend-vault.5 ---- */

static void
put32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void
put64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void
fill(unsigned char *p, size_t n, unsigned char start)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(start + i);
}

/*
 * Builds the vault vector from the man page's inputs, written from the
 * spec alone (not with vault.c's code): 2 slots, empty payload, in format
 * 3 (one chunk), or 2 (the payload one message), or 1 (which has no
 * journal ids and its slots at 48).
 */
static size_t
build_vector(unsigned char *out, int format)
{
	static const char pass[] = PASS;
	unsigned char dek[32], kek[32], code[16];
	const size_t fixed = format == 1 ? 48 : 80;
	const size_t hlen = fixed + 2 * 100 + 64;
	unsigned char *s, ad[44];

	memset(out, 0, hlen + 16);
	memcpy(out, "\x89TND\r\n\x1a\n", 8);
	out[8] = (unsigned char)format;
	put32(out + 12, (uint32_t)hlen);
	fill(out + 16, 16, 0x00); /* file id */
	put64(out + 32, 1); /* generation */
	out[40] = 2;
	if (format >= 2)
		fill(out + 48, 8, 0xc0); /* journal id; no previous journal */
	fill(dek, 32, 0x40);
	fill(code, 16, 0x60);
	for (int i = 0; i < 2; i++) {
		s = out + fixed + 100 * i;
		s[0] = (unsigned char)(i + 1);
		s[1] = 1;
		put32(s + 4, 1);
		put32(s + 8, 8);
		fill(s + 12, 16, (unsigned char)(0x10 + 0x60 * i)); /* salt */
		fill(s + 28, 24, (unsigned char)(0x20 + 0x60 * i)); /* nonce */
		assert_int_equal(
		        crypto_pwhash(kek, 32,
		                      i == 0 ? pass : (const char *)code,
		                      i == 0 ? strlen(pass) : 16, s + 12, 1,
		                      8192, crypto_pwhash_ALG_ARGON2ID13),
		        0);
		memcpy(ad, s, 28);
		memcpy(ad + 28, out + 16, 16);
		crypto_aead_xchacha20poly1305_ietf_encrypt(s + 52, NULL, dek,
		                                           32, ad, sizeof(ad),
		                                           NULL, s + 28, kek);
	}
	s = out + fixed + 200;
	fill(s, 24, 0xa0); /* payload nonce */
	put64(s + 24, 16);
	crypto_generichash(s + 32, 32, out, hlen - 32, NULL, 0);
	if (format == 3) {
		/* Chunk 0, the last: the header's hash, 0, 1.  Its nonce is
		 * payload_nonce with 0 XORed into the last 8 bytes. */
		unsigned char cad[41];

		crypto_generichash(cad, 32, out, hlen, NULL, 0);
		put64(cad + 32, 0);
		cad[40] = 1;
		crypto_aead_xchacha20poly1305_ietf_encrypt(
		        out + hlen, NULL, (const unsigned char *)"", 0, cad,
		        sizeof(cad), NULL, s, dek);
	} else {
		crypto_aead_xchacha20poly1305_ietf_encrypt(
		        out + hlen, NULL, (const unsigned char *)"", 0, out,
		        hlen, NULL, s, dek);
	}
	return hlen + 16;
}

/* The changeset of the journal vector: INSERT INTO settings(key, value)
 * VALUES('k', 'v'), in SQLite's changeset format. */
static const unsigned char vector_cs[] = {
        0x54, 0x02, 0x01, 0x00, 's',  'e',  't', 't',  'i',  'n', 'g',
        's',  0x00, 0x12, 0x00, 0x03, 0x01, 'k', 0x03, 0x01, 'v'};

/* The journal vector, from the spec alone: the header for the format-2
 * vault vector and one record holding vector_cs. */
static size_t
build_journal_vector(unsigned char *out)
{
	unsigned char dek[32], ad[48 + 12 + 16], h[16];
	unsigned char *r = out + 48;
	const size_t clen = sizeof(vector_cs) + 16;

	memset(out, 0, 48 + 44 + clen);
	memcpy(out, "\x89TNDJRNL", 8);
	out[8] = 2; /* version */
	fill(out + 16, 16, 0x00); /* file id */
	put64(out + 32, 1); /* the image's generation */
	fill(out + 40, 8, 0xc0); /* the image's journal id */
	put32(r, (uint32_t)clen);
	put64(r + 4, 1); /* record 1 */
	fill(r + 12, 24, 0xd0); /* nonce */
	crypto_generichash(h, 16, r, 36, NULL, 0);
	memcpy(r + 36, h, 8);
	memcpy(ad, out, 48);
	memcpy(ad + 48, r, 12);
	memset(ad + 60, 0, 16); /* no record before */
	fill(dek, 32, 0x40);
	crypto_aead_xchacha20poly1305_ietf_encrypt(
	        r + 44, NULL, vector_cs, sizeof(vector_cs), ad, sizeof(ad),
	        NULL, r + 12, dek);
	return 48 + 44 + clen;
}

/* The hex between the comments "test-vector-begin NAME" and
 * "test-vector-end" of man/tend-vault.5. */
static size_t
man_vector(const char *name, unsigned char *out, size_t max)
{
	char *text, *p, *end, mark[64];
	size_t len, n = 0;
	int hi = -1;

	assert_int_equal(file_read("man/tend-vault.5", 1 << 20, 0, &text, &len),
	                 0);
	snprintf(mark, sizeof(mark), ".\\\" test-vector-begin %s\n", name);
	p = strstr(text, mark);
	assert_non_null(p);
	end = strstr(p, ".\\\" test-vector-end");
	assert_non_null(end);
	p = strchr(p, '\n');
	for (; p < end; p++) {
		int v;

		if (*p == '\n' && p[1] == '.') { /* skip macro lines */
			p = strchr(p + 1, '\n') - 1;
			continue;
		}
		if (*p >= '0' && *p <= '9')
			v = *p - '0';
		else if (*p >= 'a' && *p <= 'f')
			v = *p - 'a' + 10;
		else
			continue;
		if (hi < 0) {
			hi = v;
		} else {
			assert_true(n < max);
			out[n++] = (unsigned char)(hi << 4 | v);
			hi = -1;
		}
	}
	assert_int_equal(hi, -1);
	free(text);
	return n;
}

static void
print_vector(const char *name, const unsigned char *v, size_t n)
{
	printf("%s (%zu bytes)\n", name, n);
	for (size_t i = 0; i < n; i++)
		printf("%02x%s", v[i], i % 16 == 15 || i + 1 == n ? "\n" : " ");
}

static void
test_man_vector(void **state)
{
	unsigned char built[512], man[512], v1[512], v2[512];
	size_t nb = build_vector(built, 3), nm, n1 = build_vector(v1, 1);
	size_t n2 = build_vector(v2, 2);
	char code[VAULT_CODE_LEN];
	struct vault *v;

	if (getenv("TEND_PRINT_VECTOR"))
		print_vector("vault", built, nb);
	nm = man_vector("vault", man, sizeof(man));
	assert_int_equal(nm, nb);
	assert_memory_equal(man, built, nb);
	/* vault.c opens it with the passphrase and with the code, and the
	 * same vault in formats 1 and 2. */
	assert_int_equal(try_image(man, nm), VAULT_OK);
	assert_int_equal(try_image(v1, n1), VAULT_OK);
	assert_int_equal(try_image(v2, n2), VAULT_OK);
	assert_int_equal(vault_open_mem(man, nm, &v), VAULT_OK);
	/* The intermediate keys the page lists. */
	{
		static const char *const want[] = {
		        "kek1 90da74e47a1d109c1bb7ad2a81127e20"
		        "89e284ce71c647ebaedc644df9a9f14c",
		        "kek2 e642011e0079af94f42a8d055c557db1"
		        "1ea9b9a36a3be8f641f8a1b9d4a884e2"};
		unsigned char salt[16], key[32], secret[16];
		char line[80], *text;
		size_t len;

		assert_int_equal(
		        file_read("man/tend-vault.5", 1 << 20, 0, &text, &len),
		        0);
		for (int i = 0; i < 2; i++) {
			fill(salt, 16, (unsigned char)(0x10 + 0x60 * i));
			fill(secret, 16, 0x60);
			assert_int_equal(
			        crypto_pwhash(
			                key, 32,
			                i == 0 ? PASS : (const char *)secret,
			                i == 0 ? strlen(PASS) : 16, salt, 1,
			                8192, crypto_pwhash_ALG_ARGON2ID13),
			        0);
			snprintf(line, sizeof(line), "kek%d ", i + 1);
			for (int k = 0; k < 32; k++)
				snprintf(line + 5 + 2 * k, 3, "%02x", key[k]);
			assert_string_equal(line, want[i]);
			assert_non_null(strstr(text, line));
		}
		free(text);
	}
	strcpy(code, "C1G5-P4RK-V4CR-NK64-ET37-9D9Y-NPRH-VBE7-DW0N");
	assert_int_equal(vault_unlock_code(v, code), VAULT_OK);
	vault_close(v);
}

/*
 * The journal vector: the page's bytes are the spec's; beside the vault
 * vector they open as one save (the generation goes from 1 to 2), a
 * changed byte is refused, and the record's plaintext is a changeset that
 * puts the row in a database with tend's schema.
 */
static void
test_man_journal_vector(void **state)
{
	unsigned char built[256], man[256], vault[512];
	size_t nb = build_journal_vector(built), nm, nv;
	char *p;
	struct vault *v;
	struct vault_info info;
	char code[VAULT_CODE_LEN];

	if (getenv("TEND_PRINT_VECTOR"))
		print_vector("journal", built, nb);
	nm = man_vector("journal", man, sizeof(man));
	assert_int_equal(nm, nb);
	assert_memory_equal(man, built, nb);
	nv = man_vector("vault", vault, sizeof(vault));
	p = in_dir(VAULT_FILE);
	assert_int_equal(atomic_write(p, vault, nv, 0600), 0);
	free(p);
	p = in_dir(VAULT_JOURNAL);
	assert_int_equal(atomic_write(p, man, nm, 0600), 0);
	assert_int_equal(vault_open(dir, &v, NULL, NULL), VAULT_OK);
	assert_int_equal(vault_unlock(v, PASS), VAULT_OK);
	vault_get_info(v, &info);
	assert_int_equal(info.generation, 2);
	assert_int_equal(info.journal_records, 1);
	vault_close(v);
	man[nm - 1] ^= 1;
	assert_int_equal(atomic_write(p, man, nm, 0600), 0);
	assert_int_equal(vault_open(dir, &v, NULL, NULL), VAULT_OK);
	assert_int_equal(vault_unlock(v, PASS), VAULT_ERR_DAMAGED);
	vault_close(v);
	free(p);
	/* The plaintext applies as that insert on tend's schema. */
	{
		char *sub = xasprintf("%s/fresh", dir);
		unsigned char cs[sizeof(vector_cs)];
		sqlite3_stmt *st;

		memcpy(cs, vector_cs, sizeof(cs));
		assert_int_equal(vault_create(sub, PASS, &test_kdf, code, &v),
		                 VAULT_OK);
		assert_int_equal(sqlite3changeset_apply(vault_sqlite(v),
		                                        (int)sizeof(cs), cs,
		                                        NULL, NULL, NULL),
		                 SQLITE_OK);
		st = db_prepare(v, "SELECT value FROM settings WHERE key = 'k'",
		                NULL);
		assert_int_equal(db_step(st), 1);
		assert_string_equal(db_col_text(st, 0), "v");
		db_finalize(st);
		vault_close(v);
		free(sub);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_round_trip, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_create_refuses_existing,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(test_open_missing, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_wrong_passphrase, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_recovery_code, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(
	                test_passphrase_change_keeps_data, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_every_byte_and_truncation,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(test_every_header_byte, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_kdf_caps, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_chunks_bound, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_generation_check, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_full_disk, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_backups_rotate, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_two_handles, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_backup_restore_wipe, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_restore_keeps_order, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_kdf_levels, setup,
	                                        teardown),
	        cmocka_unit_test(test_strerror_table),
	        cmocka_unit_test_setup_teardown(test_kdf_cap, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_kdf_queue, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_man_vector, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_man_journal_vector, setup,
	                                        teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
