/*
 * The journal (format 2): a save appends one sealed record of what changed
 * and leaves the image alone; unlock replays the records; compaction
 * writes the image whole and starts a fresh journal.  Unsaved changes
 * kept on leaving when a full write cannot be made (no plaintext), taken
 * back in by the next unlock; every changed byte, a missing, moved,
 * replayed or foreign record refused as damage with the files untouched; a
 * torn last record dropped only when it was never seen; the stale journal
 * of a compaction cut short ignored; format 1 migrated by the first save;
 * conflict copies merged with nothing dropped; a lock file removed under
 * an open vault taken anew before the next save, with one conflict copy,
 * not one per save.  Run with and without TEND_TEST_VAULT_V1.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
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
#include "store/vaultpriv.h" /* the data key, for a version-1 journal */
#include "util/atomic.h"
#include "util/file.h"
#include "util/path.h"
#include "util/xalloc.h"

/* The format a full write makes: 3, or 2 where the suite runs as the
 * tend before format 3 (TEND_TEST_VAULT_V2). */
static int
written_format(void)
{
	return getenv("TEND_TEST_VAULT_V2") ? 2 : 3;
}

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

/* The disk-full path: a save that has to write the whole image (a new
 * passphrase, or a format-1 vault's first save) fails for room, the
 * unsaved text goes into a small sealed record, the next unlock takes it
 * back exactly and says so. */
static void
test_unsaved_kept_and_taken_back(void **state)
{
	struct vault *v;

	make_vault();
	v = open_vault();
	assert_int_equal(vault_journal_taken(v), 0);
	add_entry(v, 1, 1000, CANARY);
	assert_int_equal(vault_set_passphrase(v, PASS, &kdf), VAULT_OK);
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
	assert_int_equal(vault_journal_taken(v), 1);
	assert_int_equal(entry_with(v, CANARY), 1);
	assert_false(vault_unsaved(v)); /* on disk already */
	assert_int_equal(vault_save(v), VAULT_OK);
	vault_close(v);
	v = open_vault();
	assert_int_equal(entry_with(v, CANARY), 1);
	assert_int_equal(vault_compact(v), VAULT_OK);
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

/* ---- the journal's bytes ---- */

#define J_HEADER 48
#define J_REC_HEAD 44

/* Offsets of the records of a journal held in data (at most max; the
 * count is returned), and the end of the last. */
static size_t
records(const char *data, size_t len, size_t *off, size_t max)
{
	size_t n = 0, at = J_HEADER;

	while (at + J_REC_HEAD <= len && n < max) {
		const unsigned char *p = (const unsigned char *)data + at;
		size_t clen =
		        ((size_t)p[0] | (size_t)p[1] << 8 | (size_t)p[2] << 16 |
		         (size_t)(p[3] & 0x7f) << 24);

		off[n++] = at;
		at += J_REC_HEAD + clen;
	}
	off[n] = at;
	return n;
}

static void
put_file(const char *name, const void *data, size_t len)
{
	char *p = path_join(dir, name);

	assert_int_equal(atomic_write(p, data, len, 0600), 0);
	free(p);
}

static char *
get_file(const char *name, size_t *len)
{
	char *p = path_join(dir, name), *data;

	assert_int_equal(file_read(p, 1u << 30, 0, &data, len), 0);
	free(p);
	return data;
}

/* Unlocking refuses the vault as damaged and changes neither file
 * (refused_seen: on a machine that has seen generation seen). */
#define refused() refused_at(__LINE__, where, 0)
#define refused_seen(seen) refused_at(__LINE__, where, seen)
static long where = -1; /* the byte or case being tried, for messages */

static void
refused_at(int line, long at, uint64_t seen)
{
	char *vault, *journal, *v2, *j2;
	size_t nv, nj, nv2, nj2;
	struct vault *v;
	enum vault_err e;

	vault = get_file(VAULT_FILE, &nv);
	journal = get_file(VAULT_JOURNAL, &nj);
	assert_int_equal(vault_open(dir, &v, NULL, NULL), VAULT_OK);
	vault_expect_generation(v, seen);
	e = vault_unlock(v, PASS);
	if (e != VAULT_ERR_DAMAGED && e != VAULT_ERR_VERSION)
		fail_msg("line %d, at %ld: unlock: %s", line, at,
		         vault_strerror(e));
	vault_close(v);
	v2 = get_file(VAULT_FILE, &nv2);
	j2 = get_file(VAULT_JOURNAL, &nj2);
	assert_int_equal(nv, nv2);
	assert_memory_equal(vault, v2, nv);
	assert_int_equal(nj, nj2);
	assert_memory_equal(journal, j2, nj);
	free(vault);
	free(journal);
	free(v2);
	free(j2);
}

/* A vault with three saves in its journal: entries 1, 2, 3. */
static void
three_saves(void)
{
	struct vault *v;

	make_vault();
	v = open_vault();
	assert_int_equal(vault_compact(v), VAULT_OK); /* format 2 */
	for (long i = 1; i <= 3; i++) {
		char text[32];

		snprintf(text, sizeof(text), "save %ld", i);
		add_entry(v, i, 1000 + i, text);
		assert_int_equal(vault_save(v), VAULT_OK);
	}
	vault_close(v);
}

/* A save writes one record of what changed: the image and the backups
 * stay as they are, the journal grows by little, unlock replays it. */
static void
test_save_writes_what_changed(void **state)
{
	struct vault *v;
	struct vault_info info;
	char *image, *image2;
	size_t ni, ni2, nj = 0, nj2;
	uint64_t gen;

	make_vault();
	v = open_vault();
	assert_int_equal(vault_compact(v), VAULT_OK);
	vault_get_info(v, &info);
	gen = info.generation;
	assert_int_equal(info.format, written_format());
	free(get_file(VAULT_JOURNAL, &nj));
	image = get_file(VAULT_FILE, &ni);
	for (long i = 1; i <= 5; i++) {
		add_entry(v, i, 1000 + i, "a line of worry");
		assert_int_equal(vault_save(v), VAULT_OK);
		free(get_file(VAULT_JOURNAL, &nj2));
		assert_true(nj2 > nj && nj2 - nj < 1024);
		nj = nj2;
		vault_get_info(v, &info);
		assert_int_equal(info.generation, gen + (uint64_t)i);
		assert_int_equal(info.journal_records, (uint64_t)i);
	}
	/* Nothing changed: nothing written. */
	assert_int_equal(vault_save(v), VAULT_OK);
	free(get_file(VAULT_JOURNAL, &nj2));
	assert_int_equal(nj2, nj);
	image2 = get_file(VAULT_FILE, &ni2);
	assert_int_equal(ni, ni2);
	assert_memory_equal(image, image2, ni);
	vault_close(v);
	v = open_vault();
	assert_int_equal(count(v, "SELECT count(*) FROM entries"), 5);
	vault_get_info(v, &info);
	assert_int_equal(info.generation, gen + 5);
	assert_int_equal(vault_journal_taken(v), 0); /* ordinary saves */
	vault_close(v);
	free(image);
	free(image2);
}

/* Every byte of a journal changed, in turn: refused, files untouched. */
static void
test_every_journal_byte(void **state)
{
	char *data;
	size_t len;

	three_saves();
	data = get_file(VAULT_JOURNAL, &len);
	for (size_t i = 0; i < len; i++) {
		static const unsigned char flips[] = {0x01, 0x80};

		for (size_t f = 0; f < 2; f++) {
			where = (long)i;
			data[i] ^= (char)flips[f];
			put_file(VAULT_JOURNAL, data, len);
			refused();
			data[i] ^= (char)flips[f];
		}
	}
	/* Bytes added after the last record that are no record.  (Fewer
	 * than a record head's 44 are what an append cut short leaves.) */
	{
		char *more = xmalloc(len + 100);

		memcpy(more, data, len);
		memset(more + len, 0x5a, 100);
		put_file(VAULT_JOURNAL, more, len + 100);
		refused();
		free(more);
	}
	free(data);
}

/* A record missing, two swapped, one replayed, one from the journal
 * before a compaction, a journal of another image: all refused. */
static void
test_records_out_of_place(void **state)
{
	char *data, *copy, *old;
	size_t len, off[8], olen, ooff[8];
	size_t n;
	struct vault *v;

	three_saves();
	data = get_file(VAULT_JOURNAL, &len);
	n = records(data, len, off, 7);
	assert_int_equal(n, 3);
	assert_int_equal(off[3], len);
	copy = xmalloc(2 * len);
	/* The second record removed. */
	memcpy(copy, data, off[1]);
	memcpy(copy + off[1], data + off[2], len - off[2]);
	put_file(VAULT_JOURNAL, copy, len - (off[2] - off[1]));
	refused();
	/* The second and third swapped. */
	memcpy(copy, data, off[1]);
	memcpy(copy + off[1], data + off[2], off[3] - off[2]);
	memcpy(copy + off[1] + (off[3] - off[2]), data + off[1],
	       off[2] - off[1]);
	put_file(VAULT_JOURNAL, copy, len);
	refused();
	/* The third replayed after itself. */
	memcpy(copy, data, len);
	memcpy(copy + len, data + off[2], off[3] - off[2]);
	put_file(VAULT_JOURNAL, copy, len + (off[3] - off[2]));
	refused();
	put_file(VAULT_JOURNAL, data, len);
	/* Another image's journal: the vault compacted, then the old
	 * journal (of the image before) put back with a fourth save. */
	v = open_vault();
	add_entry(v, 4, 2000, "save 4");
	assert_int_equal(vault_save(v), VAULT_OK);
	vault_close(v);
	old = get_file(VAULT_JOURNAL, &olen);
	assert_int_equal(records(old, olen, ooff, 7), 4);
	v = open_vault();
	assert_int_equal(vault_compact(v), VAULT_OK);
	vault_close(v);
	v = open_vault();
	add_entry(v, 5, 3000, "save 5");
	assert_int_equal(vault_save(v), VAULT_OK);
	vault_close(v);
	/* ... a record of the old journal appended to the new one */
	free(data);
	data = get_file(VAULT_JOURNAL, &len);
	copy = xrealloc(copy, len + olen);
	memcpy(copy, data, len);
	memcpy(copy + len, old + ooff[3], ooff[4] - ooff[3]);
	put_file(VAULT_JOURNAL, copy, len + (ooff[4] - ooff[3]));
	refused();
	/* ... and the old journal whole, with its four records: the stale
	 * journal a compaction cut short would leave, but this machine saw
	 * save 5, which the image's own journal held. */
	put_file(VAULT_JOURNAL, old, olen);
	v = open_vault();
	{
		struct vault_info info;

		vault_get_info(v, &info);
		vault_close(v);
		refused_seen(info.generation + 1);
	}
	free(copy);
	free(old);
	free(data);
}

/* A torn last record (an append cut short by a crash: the file ends
 * inside it, or a zero-filled tail) was never reported saved: the unlock
 * drops it, and the next save writes over it.  Unless this machine had
 * seen the vault at that save: then it was cut off on purpose. */
static void
test_torn_last_record(void **state)
{
	char *data, *ext;
	size_t len, off[8];
	struct vault *v;
	struct vault_info info;

	three_saves();
	data = get_file(VAULT_JOURNAL, &len);
	assert_int_equal(records(data, len, off, 7), 3);
	for (size_t cut = off[2] + 1; cut < len; cut += 7) {
		put_file(VAULT_JOURNAL, data, cut);
		v = open_vault();
		assert_int_equal(entry_with(v, "save 2"), 2);
		assert_int_equal(entry_with(v, "save 3"), 0);
		vault_get_info(v, &info);
		assert_int_equal(info.journal_records, 2);
		assert_int_equal(info.torn, (int)(cut - off[2]));
		vault_close(v);
	}
	/* Seen at generation 3 saves on: the torn third was reported. */
	put_file(VAULT_JOURNAL, data, len - 1);
	assert_int_equal(vault_open(dir, &v, NULL, NULL), VAULT_OK);
	vault_get_info(v, &info);
	vault_expect_generation(v, info.generation + 1);
	assert_int_equal(vault_unlock(v, PASS), VAULT_ERR_DAMAGED);
	vault_close(v);
	/* A zero-filled tail after the last record. */
	ext = xcalloc(1, len + 300);
	memcpy(ext, data, len);
	put_file(VAULT_JOURNAL, ext, len + 300);
	v = open_vault();
	assert_int_equal(entry_with(v, "save 3"), 3);
	/* The next save goes over the tail, and all of it opens. */
	add_entry(v, 4, 2000, "save 4");
	assert_int_equal(vault_save(v), VAULT_OK);
	vault_close(v);
	v = open_vault();
	assert_int_equal(entry_with(v, "save 4"), 4);
	vault_get_info(v, &info);
	assert_int_equal(info.torn, 0);
	assert_int_equal(info.journal_records, 4);
	vault_close(v);
	free(ext);
	free(data);
}

/* A compaction killed between putting the new image in and starting its
 * journal leaves the old journal beside the new image: stale, ignored
 * (its saves are in the image), replaced by the next save.  A journal
 * two compactions old is refused. */
static void
test_stale_journal(void **state)
{
	char *old, *older;
	size_t nold, nolder;
	struct vault *v;

	three_saves();
	older = get_file(VAULT_JOURNAL, &nolder);
	v = open_vault();
	assert_int_equal(vault_compact(v), VAULT_OK);
	add_entry(v, 4, 2000, "save 4");
	assert_int_equal(vault_save(v), VAULT_OK);
	vault_close(v);
	old = get_file(VAULT_JOURNAL, &nold);
	v = open_vault();
	assert_int_equal(vault_compact(v), VAULT_OK);
	vault_close(v);
	put_file(VAULT_JOURNAL, old, nold); /* as if the kill came there */
	v = open_vault();
	assert_int_equal(count(v, "SELECT count(*) FROM entries"), 4);
	add_entry(v, 5, 3000, "save 5");
	assert_int_equal(vault_save(v), VAULT_OK);
	vault_close(v);
	v = open_vault();
	assert_int_equal(count(v, "SELECT count(*) FROM entries"), 5);
	vault_close(v);
	put_file(VAULT_JOURNAL, older, nolder);
	refused();
	free(old);
	free(older);
}

/* A format-1 vault opens, and its first save writes it whole in format
 * 2; the format-1 file becomes vault.bak and still opens alone. */
static void
test_migration_from_v1(void **state)
{
	struct vault *v;
	struct vault_info info;
	char *data;
	size_t len;
	char code[VAULT_CODE_LEN];

	setenv("TEND_TEST_VAULT_V1", "1", 1);
	assert_int_equal(vault_create(dir, PASS, &kdf, code, &v), VAULT_OK);
	add_entry(v, 1, 1000, "written in format 1");
	assert_int_equal(vault_keep_unsaved(v), VAULT_OK); /* a v1 journal */
	vault_close(v);
	unsetenv("TEND_TEST_VAULT_V1");
	data = get_file(VAULT_FILE, &len);
	assert_int_equal(data[8], 1);
	free(data);
	v = open_vault();
	vault_get_info(v, &info);
	assert_int_equal(info.format, 1);
	assert_int_equal(info.journal_records, 1);
	assert_int_equal(entry_with(v, "written in format 1"), 1);
	assert_true(vault_compact_due(v)); /* a migration is due */
	add_entry(v, 2, 2000, "the first save after");
	assert_int_equal(vault_save(v), VAULT_OK);
	vault_get_info(v, &info);
	assert_int_equal(info.format, written_format());
	assert_int_equal(info.compactions, 1);
	assert_false(vault_compact_due(v));
	vault_close(v);
	data = get_file(VAULT_FILE, &len);
	assert_int_equal(data[8], written_format());
	free(data);
	data = get_file(VAULT_BAK, &len);
	assert_int_equal(data[8], 1);
	free(data);
	v = open_vault();
	assert_int_equal(entry_with(v, "written in format 1"), 1);
	assert_int_equal(entry_with(v, "the first save after"), 2);
	vault_close(v);
	{
		char *p = path_join(dir, VAULT_BAK);

		assert_int_equal(vault_open_file(p, &v), VAULT_OK);
		assert_int_equal(vault_unlock(v, PASS), VAULT_OK);
		vault_close(v);
		free(p);
	}
}

/* Changes that cancel out (a row added and removed again) leave nothing
 * to save: the save writes nothing and nothing is unsaved after it. */
static void
test_changes_that_cancel_out(void **state)
{
	struct vault *v;
	struct vault_info info;
	uint64_t records;
	size_t before, after;
	char *data;

	make_vault();
	v = open_vault();
	add_entry(v, 1, 1000, "kept");
	assert_int_equal(vault_save(v), VAULT_OK);
	vault_get_info(v, &info);
	records = info.journal_records; /* 0 after a migration from v1 */
	data = get_file(VAULT_JOURNAL, &before);
	free(data);
	add_entry(v, 2, 2000, "gone again");
	assert_int_equal(db_exec(v, "DELETE FROM entries WHERE id = 2", NULL),
	                 0);
	assert_true(vault_unsaved(v));
	assert_int_equal(vault_save(v), VAULT_OK);
	assert_false(vault_unsaved(v));
	vault_get_info(v, &info);
	assert_int_equal(info.journal_records, records);
	data = get_file(VAULT_JOURNAL, &after);
	free(data);
	assert_int_equal(before, after);
	vault_close(v);
}

/* Writes dir/vault.journal as tend did before incremental saves (journal
 * version 1, tend-vault(5)): the changes recorded since the last save
 * (made on generation base), sealed as one record whose head has no
 * check.  Written here from the manual's layout, not with store/journal.c. */
static void
write_v1_journal(struct vault *v, uint64_t base)
{
	void *cs = NULL;
	int n = 0;
	size_t len;
	uint8_t *buf, ad[48 + 12 + 16] = {0};

	assert_int_equal(sqlite3session_changeset(v->track, &n, &cs),
	                 SQLITE_OK);
	assert_true(n > 0);
	len = 48 + 36 + (size_t)n + 16;
	buf = xcalloc(1, len);
	memcpy(buf, "\x89TNDJRNL", 8);
	buf[8] = 1; /* version */
	memcpy(buf + 16, v->file_id, 16);
	for (int i = 0; i < 8; i++)
		buf[32 + i] = (uint8_t)(base >> (8 * i));
	for (int i = 0; i < 4; i++)
		buf[48 + i] = (uint8_t)(((uint32_t)n + 16) >> (8 * i));
	buf[52] = 1; /* the first record */
	randombytes_buf(buf + 60, 24);
	memcpy(ad, buf, 48 + 12); /* header, length, number; no tag before */
	crypto_aead_xchacha20poly1305_ietf_encrypt(
	        buf + 84, NULL, cs, (unsigned long long)n, ad, sizeof(ad), NULL,
	        buf + 60, v->dek);
	sqlite3_free(cs);
	put_file(VAULT_JOURNAL, buf, len);
	free(buf);
}

/* The journal of tend before incremental saves (version 1, kept when
 * saves had failed on leaving) beside its format-1 vault: taken in at
 * unlock as unsaved changes, held by the migration that follows; left
 * beside the migrated image by a migration cut short, it is stale (no
 * change twice) until a save was seen after it; any changed byte of it
 * is refused with both files untouched. */
static void
test_version1_journal(void **state)
{
	struct vault *v;
	struct vault_info info;
	char code[VAULT_CODE_LEN], *old;
	size_t nold;

	setenv("TEND_TEST_VAULT_V1", "1", 1);
	assert_int_equal(vault_create(dir, PASS, &kdf, code, &v), VAULT_OK);
	add_entry(v, 2, 2000, CANARY);
	vault_get_info(v, &info);
	write_v1_journal(v, info.generation);
	vault_close(v);
	unsetenv("TEND_TEST_VAULT_V1");
	old = get_file(VAULT_JOURNAL, &nold);

	for (where = 0; where < (long)nold; where++) {
		old[where] ^= 0x20;
		put_file(VAULT_JOURNAL, old, nold);
		old[where] ^= 0x20;
		refused();
	}
	put_file(VAULT_JOURNAL, old, nold - 1); /* written whole, or not */
	refused();
	put_file(VAULT_JOURNAL, old, nold);

	/* Locked, doctor sees it for what it is. */
	assert_int_equal(vault_open(dir, &v, NULL, NULL), VAULT_OK);
	vault_get_info(v, &info);
	assert_int_equal(info.journal, 3);
	vault_close(v);

	v = open_vault();
	assert_int_equal(vault_journal_taken(v), 1);
	assert_int_equal(entry_with(v, CANARY), 2);
	vault_get_info(v, &info);
	assert_int_equal(info.format, 1);
	assert_int_equal(info.journal, 3);
	assert_true(vault_unsaved(v));
	assert_int_equal(vault_save(v), VAULT_OK); /* the migration */
	vault_get_info(v, &info);
	assert_int_equal(info.format, written_format());
	assert_int_equal(info.journal, 1);
	vault_close(v);
	assert_false(file_has(VAULT_JOURNAL, "TNDJRNL\x01"));
	v = open_vault();
	assert_int_equal(vault_journal_taken(v), 0);
	assert_int_equal(entry_with(v, CANARY), 2);
	assert_int_equal(count(v, "SELECT count(*) FROM entries"), 1);
	vault_close(v);

	/* The migration killed before its own journal: stale. */
	put_file(VAULT_JOURNAL, old, nold);
	v = open_vault();
	vault_get_info(v, &info);
	assert_int_equal(info.journal, 2);
	assert_int_equal(vault_journal_taken(v), 0);
	assert_int_equal(count(v, "SELECT count(*) FROM entries"), 1);
	add_entry(v, 3, 3000, "after the migration");
	assert_int_equal(vault_save(v), VAULT_OK);
	vault_get_info(v, &info);
	assert_int_equal(info.journal, 1);
	vault_close(v);
	v = open_vault();
	assert_int_equal(count(v, "SELECT count(*) FROM entries"), 2);
	vault_get_info(v, &info);
	vault_close(v);
	/* Once a save after the migrated image was seen, putting the old
	 * journal back hides the image's own: damage. */
	put_file(VAULT_JOURNAL, old, nold);
	where = -2;
	refused_seen(info.generation);
	free(old);
}

/* The journal grows until a compaction is due; vault_maintain then
 * writes the image whole and starts an empty journal. */
static void
test_compaction_when_due(void **state)
{
	struct vault *v;
	struct vault_info info;
	char big[2001];
	long i = 0;

	memset(big, 'w', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	make_vault();
	v = open_vault();
	assert_int_equal(vault_maintain(v), VAULT_OK);
	assert_false(vault_compact_due(v));
	while (!vault_compact_due(v)) {
		big[i % 2000] = 'x';
		i++;
		add_entry(v, i, 1000 + i, big);
		assert_int_equal(vault_save(v), VAULT_OK);
		assert_true(i < 1000);
	}
	vault_get_info(v, &info);
	assert_int_equal(info.journal_records, (uint64_t)i);
	assert_int_equal(vault_maintain(v), VAULT_OK);
	vault_get_info(v, &info);
	assert_int_equal(info.journal_records, 0);
	assert_false(vault_compact_due(v));
	vault_close(v);
	v = open_vault();
	assert_int_equal(count(v, "SELECT count(*) FROM entries"), i);
	vault_close(v);
}

/* A schema change cannot go in a record: the save writes the image. */
static void
test_schema_change_compacts(void **state)
{
	struct vault *v;
	struct vault_info info;

	make_vault();
	v = open_vault();
	assert_int_equal(vault_compact(v), VAULT_OK);
	assert_int_equal(db_exec(v,
	                         "CREATE TABLE later(id INTEGER PRIMARY "
	                         "KEY, x TEXT)",
	                         NULL),
	                 0);
	assert_int_equal(db_exec(v, "INSERT INTO later VALUES(1, 'x')", NULL),
	                 0);
	assert_int_equal(vault_save(v), VAULT_OK);
	vault_get_info(v, &info);
	assert_int_equal(info.compactions, 2);
	vault_close(v);
	v = open_vault();
	assert_int_equal(count(v, "SELECT count(*) FROM later"), 1);
	vault_close(v);
}

/* The session extension records changes only to tables with a primary
 * key, and a replay would run triggers twice: the schema has neither
 * kind of table, so every change reaches the journal exactly. */
static void
test_every_table_journaled(void **state)
{
	struct vault *v;

	make_vault();
	v = open_vault();
	assert_int_equal(count(v, "SELECT count(*) FROM sqlite_schema WHERE "
	                          "type = 'trigger'"),
	                 0);
	assert_int_equal(count(v, "SELECT count(*) FROM sqlite_schema s WHERE "
	                          "s.type = 'table' AND s.name NOT LIKE "
	                          "'sqlite_%' AND NOT EXISTS (SELECT 1 FROM "
	                          "pragma_table_info(s.name) WHERE pk > 0)"),
	                 0);
	vault_close(v);
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
	        cmocka_unit_test_setup_teardown(test_save_writes_what_changed,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(test_every_journal_byte, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_records_out_of_place,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(test_torn_last_record, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_stale_journal, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_changes_that_cancel_out,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(test_version1_journal, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_migration_from_v1, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_compaction_when_due, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_schema_change_compacts,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(test_every_table_journaled,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(test_merge_conflict_copy, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_lock_removed_under_us,
	                                        setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
