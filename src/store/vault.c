/*
 * The vault's life: process set-up, opening (from a folder, a file or
 * memory), unlocking with the passphrase or the recovery code, sealing and
 * saving with the generation check, changing keys, creating, restoring,
 * wiping and closing.  The parts live in their own files: the byte layout
 * in store/vaultfmt.c, key slots and KDF cost in store/slot.c, the
 * recovery code in store/recovery.c, the lock in store/lock.c, backups and
 * leftovers in store/backup.c, the in-memory database in store/memdb.c and
 * the wiping allocator in store/wipealloc.c.  The database only ever exists
 * in memory (sqlite3_deserialize/serialize) and keys live in
 * sodium_malloc'd memory.
 */
#include "store/vault.h"

#include <dirent.h>
#include <errno.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/backup.h"
#include "store/db.h"
#include "store/journal.h"
#include "store/memdb.h"
#include "store/merge.h"
#include "store/recovery.h"
#include "store/vaultpriv.h"
#include "store/wipealloc.h"
#include "util/atomic.h"
#include "util/file.h"
#include "util/i18n.h"
#include "util/path.h"
#include "util/xalloc.h"

static int last_errno;
static char last_path[256];

enum vault_err
vault_io_error(int err, const char *path)
{
	last_errno = err;
	snprintf(last_path, sizeof(last_path), "%s", path ? path : "");
	if (err == ENOSPC || err == EDQUOT)
		return VAULT_ERR_NOSPC;
	if (err == ENOMEM)
		return VAULT_ERR_NOMEM;
	return VAULT_ERR_IO;
}

void
vault_note_path(const char *path)
{
	snprintf(last_path, sizeof(last_path), "%s", path);
}

int
vault_errno(void)
{
	return last_errno;
}

const char *
vault_errpath(void)
{
	return last_path;
}

static const char *const messages[VAULT_ERR__COUNT] = {
        [VAULT_OK] = N_("success"),
        [VAULT_ERR_NOENT] = N_("there is no vault yet"),
        [VAULT_ERR_EXISTS] = N_("a vault already exists"),
        [VAULT_ERR_AUTH] = N_("wrong passphrase or recovery code"),
        [VAULT_ERR_CODE_TYPO] =
                N_("the recovery code has a typo (a check character does not "
                   "match)"),
        [VAULT_ERR_DAMAGED] =
                N_("the vault file is damaged or has been altered"),
        [VAULT_ERR_NOTFILE] = N_("the vault is not a regular file (a link, "
                                 "FIFO, device or folder is in its place)"),
        [VAULT_ERR_VERSION] =
                N_("the vault was made by a newer version of tend"),
        [VAULT_ERR_LIMITS] = N_("the vault file asks for an unreasonable key "
                                "derivation cost"),
        [VAULT_ERR_BUSY] = N_("the vault is open in another tend"),
        [VAULT_ERR_CHANGED] =
                N_("the vault changed on disk since it was opened"),
        [VAULT_ERR_NOSPC] =
                N_("the disk is full; the previous vault is intact"),
        [VAULT_ERR_IO] = N_("a file could not be read or written"),
        [VAULT_ERR_NOMEM] = N_("not enough memory"),
        [VAULT_ERR_SQL] = N_("the database inside the vault reported an error"),
        [VAULT_ERR_LOCKED] = N_("the vault is locked"),
        [VAULT_ERR_CRYPTO] = N_("the cryptography library could not start"),
        [VAULT_ERR_SELF] = N_("that file is the vault itself"),
};

const char *
vault_strerror(enum vault_err e)
{
	if ((unsigned)e >= VAULT_ERR__COUNT || !messages[e])
		return _("unknown vault error");
	return messages[e];
}

enum vault_err
vault_global_init(void)
{
	static int done;

	if (done)
		return VAULT_OK;
	if (sodium_init() < 0)
		return VAULT_ERR_CRYPTO;
	if (wipealloc_install() < 0)
		return VAULT_ERR_SQL;
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_config(SQLITE_CONFIG_URI, 0);
	if (sqlite3_initialize() != SQLITE_OK)
		return VAULT_ERR_SQL;
	done = 1;
	return VAULT_OK;
}

/* ---- the database ---- */

sqlite3 *
vault_sqlite(struct vault *v)
{
	return v ? v->db : NULL;
}

/* ---- opening ---- */

bool
vault_exists(const char *dir)
{
	char *path = path_join(dir, VAULT_FILE);
	struct stat st;
	bool yes = lstat(path, &st) == 0;

	free(path);
	return yes;
}

static struct vault *
vault_new(void)
{
	struct vault *v = xcalloc(1, sizeof(*v));

	return v;
}

enum vault_err
vault_open_mem(const void *data, size_t len, struct vault **out)
{
	struct vault *v;
	enum vault_err e;

	*out = NULL;
	e = vault_global_init();
	if (e != VAULT_OK)
		return e;
	v = vault_new();
	e = vaultfmt_header_parse(v, data, len);
	if (e != VAULT_OK) {
		vault_close(v);
		return e;
	}
	v->file = xmalloc(len ? len : 1);
	memcpy(v->file, data, len);
	v->file_len = len;
	v->path = xstrdup("");
	*out = v;
	return VAULT_OK;
}

static enum vault_err
load_file(struct vault *v, const char *path)
{
	char *data;
	size_t len;
	enum vault_err e;

	/* The vault in its folder is never a link (saves replace it). */
	if (file_read(path, VAULT_MAX_HEADER + VAULT_MAX_PAYLOAD,
	              v->dir ? FILE_NOFOLLOW : 0, &data, &len) < 0) {
		if (errno == ENOENT)
			return VAULT_ERR_NOENT;
		if (errno == EFBIG)
			return VAULT_ERR_DAMAGED;
		if (errno == ELOOP || errno == EISDIR || errno == ENODEV)
			return VAULT_ERR_NOTFILE;
		return vault_io_error(errno, path);
	}
	e = vaultfmt_header_parse(v, (const uint8_t *)data, len);
	if (e != VAULT_OK) {
		free(data);
		return e;
	}
	v->file = (uint8_t *)data;
	v->file_len = len;
	return VAULT_OK;
}

enum vault_err
vault_open_file(const char *path, struct vault **out)
{
	struct vault *v;
	enum vault_err e;

	*out = NULL;
	e = vault_global_init();
	if (e != VAULT_OK)
		return e;
	v = vault_new();
	v->path = xstrdup(path);
	e = load_file(v, path);
	if (e != VAULT_OK) {
		vault_close(v);
		return e;
	}
	*out = v;
	return VAULT_OK;
}

enum vault_err
vault_open(const char *dir, struct vault **out, long *holder_pid,
           long long *holder_since)
{
	struct vault *v;
	enum vault_err e;

	*out = NULL;
	e = vault_global_init();
	if (e != VAULT_OK)
		return e;
	v = vault_new();
	/* Opening must not create the folder or a lock file where there is
	 * no vault (a mistyped --data-dir, `tend status` before init). */
	if (!vault_exists(dir)) {
		e = VAULT_ERR_NOENT;
		goto fail;
	}
	e = vault_lock_dir(dir, &v->lock, holder_pid, holder_since);
	if (e != VAULT_OK)
		goto fail;
	backup_tidy(dir);
	v->dir = xstrdup(dir);
	v->path = path_join(dir, VAULT_FILE);
	e = load_file(v, v->path);
	if (e != VAULT_OK)
		goto fail;
	*out = v;
	return VAULT_OK;
fail:
	vault_close(v);
	return e;
}

/* Decrypts the payload with v->dek and loads the database. */
static enum vault_err
open_payload(struct vault *v)
{
	size_t plen = vaultfmt_payload_len(v);
	unsigned char *image = NULL;
	enum vault_err e;

	if (plen > 0) {
		image = sqlite3_malloc64(plen);
		if (!image)
			return VAULT_ERR_NOMEM;
	}
	e = vaultfmt_unseal(v, image);
	if (e != VAULT_OK) {
		sqlite3_free(image);
		return e;
	}
	e = memdb_load(&v->db, image, plen);
	if (e != VAULT_OK)
		return e == VAULT_ERR_SQL ? VAULT_ERR_DAMAGED : e;
	e = memdb_check(v->db);
	if (e == VAULT_OK)
		e = schema_migrate(v->db);
	if (e != VAULT_OK) {
		sqlite3_close(v->db);
		v->db = NULL;
		return e == VAULT_ERR_SQL ? VAULT_ERR_DAMAGED : e;
	}
	v->schema_version = schema_latest();
	/* The ciphertext is no longer needed. */
	free(v->file);
	v->file = NULL;
	return VAULT_OK;
}

static enum vault_err
unlock_with(struct vault *v, int type, const uint8_t *secret, size_t len)
{
	struct slot *s;
	enum vault_err e;

	if (v->dek)
		return VAULT_OK;
	if (!v->file)
		return VAULT_ERR_LOCKED;
	s = slot_find(v, type);
	if (!s)
		return VAULT_ERR_AUTH;
	v->dek = sodium_malloc(KEY_LEN);
	if (!v->dek)
		return VAULT_ERR_NOMEM;
	e = slot_unwrap(s, v->file_id, v->dek, secret, len);
	if (e == VAULT_OK)
		e = open_payload(v);
	if (e != VAULT_OK) {
		sodium_free(v->dek);
		v->dek = NULL;
		return e;
	}
	/* Record changes from here on; what a journal brings back counts
	 * as unsaved until the next save. */
	if (journal_track(v) == VAULT_OK && v->dir)
		journal_replay(v);
	return VAULT_OK;
}

enum vault_err
vault_unlock(struct vault *v, const char *passphrase)
{
	return unlock_with(v, SLOT_PASSPHRASE, (const uint8_t *)passphrase,
	                   strlen(passphrase));
}

enum vault_err
vault_unlock_code(struct vault *v, const char *code)
{
	uint8_t bytes[RECOVERY_BYTES];
	enum vault_err e;

	if (recovery_parse(code, bytes) < 0)
		return VAULT_ERR_CODE_TYPO;
	e = unlock_with(v, SLOT_RECOVERY, bytes, sizeof(bytes));
	sodium_memzero(bytes, sizeof(bytes));
	return e;
}

/* ---- changing keys ---- */

enum vault_err
vault_set_passphrase(struct vault *v, const char *passphrase,
                     const struct vault_kdf *kdf)
{
	struct slot s;
	enum vault_err e;

	if (!v->dek)
		return VAULT_ERR_LOCKED;
	e = slot_wrap(&s, SLOT_PASSPHRASE, kdf, v->file_id, v->dek,
	              (const uint8_t *)passphrase, strlen(passphrase));
	if (e == VAULT_OK)
		slot_set(v, &s);
	return e;
}

enum vault_err
vault_rekey(struct vault *v, const char *passphrase,
            const struct vault_kdf *kdf, char code[VAULT_CODE_LEN])
{
	struct vault tmp;
	uint8_t *dek;
	enum vault_err e;

	if (!v->dek)
		return VAULT_ERR_LOCKED;
	dek = sodium_malloc(KEY_LEN);
	if (!dek)
		return VAULT_ERR_NOMEM;
	randombytes_buf(dek, KEY_LEN);
	/* Build both slots aside, so that a failure changes nothing. */
	memset(&tmp, 0, sizeof(tmp));
	memcpy(tmp.file_id, v->file_id, 16);
	tmp.dek = dek;
	e = vault_set_passphrase(&tmp, passphrase, kdf);
	if (e == VAULT_OK)
		e = recovery_new_slot(&tmp, kdf, code);
	if (e != VAULT_OK) {
		sodium_free(dek);
		return e;
	}
	sodium_free(v->dek);
	v->dek = dek;
	v->nslots = tmp.nslots;
	memcpy(v->slots, tmp.slots, sizeof(v->slots));
	return VAULT_OK;
}

/* ---- saving ---- */

/*
 * Seals the current database into a fresh buffer (header + ciphertext)
 * with generation gen.  *out is malloc'd (free with free()); it holds only
 * ciphertext.
 */
static enum vault_err
seal(struct vault *v, uint64_t gen, uint8_t **out, size_t *outlen)
{
	sqlite3_int64 sz = 0;
	unsigned char *image, *copy = NULL;
	enum vault_err e;

	*out = NULL;
	/* NOCOPY hands out SQLite's own buffer for a deserialized database:
	 * no second plaintext copy.  A database with no pages yields NULL. */
	image = sqlite3_serialize(v->db, "main", &sz, SQLITE_SERIALIZE_NOCOPY);
	if (!image && sz > 0) {
		copy = image = sqlite3_serialize(v->db, "main", &sz, 0);
		if (!copy)
			return VAULT_ERR_NOMEM;
	}
	if (sz < 0 || (uint64_t)sz > VAULT_MAX_PAYLOAD - TAG_LEN) {
		sqlite3_free(copy);
		return VAULT_ERR_SQL;
	}
	e = vaultfmt_seal(v, gen, image, (size_t)sz, out, outlen);
	sqlite3_free(copy); /* wiped by the allocator */
	return e;
}

/*
 * A save that found the vault changed on disk: the image goes to this
 * handle's conflict copy (the same file for every later save), so nothing
 * is lost and nothing is written over the other writer's vault.
 */
static enum vault_err
save_apart(struct vault *v, const uint8_t *buf, size_t len)
{
	enum vault_err e;

	if (v->conflict) {
		if (atomic_write(v->conflict, buf, len, 0600) < 0)
			return vault_io_error(errno, v->conflict);
		vault_note_path(v->conflict);
		e = VAULT_ERR_CHANGED;
	} else {
		e = backup_conflict(v->dir, buf, len);
		if (e == VAULT_ERR_CHANGED)
			v->conflict = xstrdup(vault_errpath());
	}
	if (e == VAULT_ERR_CHANGED)
		journal_saved(v); /* the copy holds every change */
	return e;
}

enum vault_err
vault_save(struct vault *v)
{
	uint8_t *buf = NULL, disk_id[16];
	uint64_t disk_gen = 0, gen;
	size_t len;
	bool retaken = false;
	enum vault_err e;

	if (!v->db || !v->dek)
		return VAULT_ERR_LOCKED;
	if (!v->dir || !v->lock)
		return VAULT_ERR_LOCKED;
	gen = (v->generation > v->gen_floor ? v->generation : v->gen_floor) + 1;
	e = seal(v, gen, &buf, &len);
	if (e != VAULT_OK)
		return e;
	/* A lock file removed under us is taken anew; if another tend holds
	 * the new one, the vault is theirs now. */
	e = lock_recheck(v->lock, v->dir, &retaken);
	if (retaken)
		v->lock_retaken++;
	if (e == VAULT_ERR_BUSY || v->conflict) {
		e = save_apart(v, buf, len);
		goto out;
	}
	if (e != VAULT_OK)
		goto out;
	if (!v->fresh) {
		e = vaultfmt_disk_generation(v->path, disk_id, &disk_gen);
		if (e == VAULT_OK && (memcmp(disk_id, v->file_id, 16) != 0 ||
		                      disk_gen != v->generation))
			e = VAULT_ERR_CHANGED;
		if (e == VAULT_ERR_NOENT || e == VAULT_ERR_DAMAGED ||
		    e == VAULT_ERR_NOTFILE)
			e = VAULT_ERR_CHANGED;
		if (e == VAULT_ERR_CHANGED) {
			e = save_apart(v, buf, len);
			goto out;
		}
		if (e != VAULT_OK)
			goto out;
	}
	e = backup_install(v->dir, buf, len, v->consumed, &v->dropped);
	if (e == VAULT_OK) {
		v->generation = gen;
		v->fresh = 0;
		v->consumed = NULL;
		journal_saved(v);
	}
out:
	free(buf);
	return e;
}

bool
vault_unsaved(const struct vault *v)
{
	return journal_dirty(v);
}

enum vault_err
vault_keep_unsaved(struct vault *v)
{
	if (!journal_dirty(v))
		return VAULT_OK;
	return journal_write(v);
}

int
vault_journal_taken(const struct vault *v)
{
	return v->journal_taken;
}

int
vault_lock_retaken(const struct vault *v)
{
	return v->lock_retaken;
}

void
vault_generation_floor(struct vault *v, uint64_t floor)
{
	if (floor > v->gen_floor)
		v->gen_floor = floor;
}

static int
cmp_names(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	size_t lx = strlen(x), ly = strlen(y);

	/* The time in the name: shorter is older, then bytewise. */
	if (lx != ly)
		return lx < ly ? -1 : 1;
	return strcmp(x, y);
}

/* A conflict copy's name: the prefix and digits (a temporary file of
 * one has a ".XXXXXX" after them). */
static bool
is_conflict_name(const char *n)
{
	size_t p = strlen(VAULT_CONFLICT_PREFIX);

	if (strncmp(n, VAULT_CONFLICT_PREFIX, p) != 0 || !n[p])
		return false;
	for (const char *c = n + p; *c; c++)
		if (*c < '0' || *c > '9')
			return false;
	return true;
}

int
vault_conflicts(const char *dir, char ***names, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	*names = NULL;
	*n = 0;
	if (!d)
		return errno == ENOENT ? 0 : -1;
	while ((de = readdir(d)) != NULL) {
		if (!is_conflict_name(de->d_name))
			continue;
		*names = xreallocarray(*names, *n + 1, sizeof(**names));
		(*names)[(*n)++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (*n > 1)
		qsort(*names, *n, sizeof(**names), cmp_names);
	return 0;
}

enum vault_err
vault_merge_file(struct vault *v, const char *path, struct vault_merge *out)
{
	struct vault *o = NULL;
	struct merge_stats st = {0, 0, 0};
	enum vault_err e;

	memset(out, 0, sizeof(*out));
	if (!v->db || !v->dek)
		return VAULT_ERR_LOCKED;
	e = vault_open_file(path, &o);
	if (e != VAULT_OK)
		return e;
	/* A copy of this vault is sealed with the same data key. */
	o->dek = sodium_malloc(KEY_LEN);
	if (!o->dek) {
		vault_close(o);
		return VAULT_ERR_NOMEM;
	}
	memcpy(o->dek, v->dek, KEY_LEN);
	e = open_payload(o);
	if (e == VAULT_ERR_DAMAGED && memcmp(o->file_id, v->file_id, 16) == 0)
		e = VAULT_ERR_AUTH; /* same vault, another data key */
	if (e == VAULT_OK)
		e = merge_rows(v->db, o->db, &st);
	vault_close(o);
	out->added = st.added;
	out->updated = st.updated;
	out->renumbered = st.renumbered;
	return e;
}

enum vault_err
vault_conflict_remove(struct vault *v, const char *name)
{
	char *p;
	int rc;

	if (!v->dir || !is_conflict_name(name))
		return VAULT_ERR_NOENT;
	p = path_join(v->dir, name);
	rc = unlink(p);
	free(p);
	if (rc < 0)
		return errno == ENOENT ? VAULT_ERR_NOENT
		                       : vault_io_error(errno, name);
	backup_sync_dir(v->dir);
	return VAULT_OK;
}

int
vault_backups_given_up(const struct vault *v)
{
	return v->dropped;
}

enum vault_err
vault_write_copy(struct vault *v, const char *path)
{
	uint8_t *buf;
	size_t len;
	enum vault_err e;

	if (!v->db || !v->dek)
		return VAULT_ERR_LOCKED;
	e = seal(v, v->generation, &buf, &len);
	if (e != VAULT_OK)
		return e;
	if (atomic_write(path, buf, len, 0600) < 0)
		e = vault_io_error(errno, path);
	free(buf);
	return e;
}

/* ---- creating, restoring, wiping ---- */

enum vault_err
vault_create(const char *dir, const char *passphrase,
             const struct vault_kdf *kdf, char code[VAULT_CODE_LEN],
             struct vault **out)
{
	struct vault *v;
	enum vault_err e;

	*out = NULL;
	e = vault_global_init();
	if (e != VAULT_OK)
		return e;
	v = vault_new();
	e = vault_lock_dir(dir, &v->lock, NULL, NULL);
	if (e != VAULT_OK)
		goto fail;
	if (vault_exists(dir)) {
		e = VAULT_ERR_EXISTS;
		goto fail;
	}
	backup_tidy(dir);
	v->dir = xstrdup(dir);
	v->path = path_join(dir, VAULT_FILE);
	v->fresh = 1;
	randombytes_buf(v->file_id, sizeof(v->file_id));
	v->dek = sodium_malloc(KEY_LEN);
	if (!v->dek) {
		e = VAULT_ERR_NOMEM;
		goto fail;
	}
	randombytes_buf(v->dek, KEY_LEN);
	e = vault_set_passphrase(v, passphrase, kdf);
	if (e == VAULT_OK)
		e = recovery_new_slot(v, kdf, code);
	if (e == VAULT_OK)
		e = memdb_load(&v->db, NULL, 0);
	if (e == VAULT_OK)
		e = schema_migrate(v->db);
	if (e == VAULT_OK)
		e = journal_track(v);
	if (e != VAULT_OK)
		goto fail;
	v->schema_version = schema_latest();
	if (db_event(v, "vault.create", NULL) < 0) {
		e = VAULT_ERR_SQL;
		goto fail;
	}
	e = vault_save(v);
	if (e != VAULT_OK)
		goto fail;
	*out = v;
	return VAULT_OK;
fail:
	if (code)
		sodium_memzero(code, VAULT_CODE_LEN);
	vault_close(v);
	return e;
}

/* True when a and b name the same file (both exist). */
static bool
same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/*
 * What restoring src means for the files in dir: VAULT_ERR_SELF when src is
 * the vault itself; *consumed is VAULT_BAK or VAULT_BAK1 when src is one of
 * the backups (so that the rotation uses it up), else NULL.
 */
static enum vault_err
restore_source(const char *dir, const char *src, const char **consumed)
{
	static const char *const baks[] = {VAULT_BAK, VAULT_BAK1};
	char *p = path_join(dir, VAULT_FILE);
	bool self = same_file(src, p);

	free(p);
	*consumed = NULL;
	if (self)
		return VAULT_ERR_SELF;
	for (int i = 0; i < 2 && !*consumed; i++) {
		p = path_join(dir, baks[i]);
		if (same_file(src, p))
			*consumed = baks[i];
		free(p);
	}
	return VAULT_OK;
}

enum vault_err
vault_restore(const char *dir, const char *src, const char *passphrase,
              const char *code, long *holder_pid, long long *holder_since)
{
	struct vault_lock *lk = NULL;
	struct vault *v = NULL;
	char *path = NULL;
	const char *consumed = NULL;
	uint8_t id[16];
	uint64_t gen;
	enum vault_err e;

	e = vault_global_init();
	if (e != VAULT_OK)
		return e;
	e = vault_lock_dir(dir, &lk, holder_pid, holder_since);
	if (e != VAULT_OK)
		return e;
	e = restore_source(dir, src, &consumed);
	if (e == VAULT_OK)
		e = vault_open_file(src, &v);
	if (e == VAULT_OK)
		e = passphrase ? vault_unlock(v, passphrase)
		               : vault_unlock_code(v, code ? code : "");
	if (e != VAULT_OK)
		goto out;
	path = path_join(dir, VAULT_FILE);
	/* Keep generations increasing across the replacement. */
	if (vaultfmt_disk_generation(path, id, &gen) == VAULT_OK &&
	    gen > v->generation)
		v->generation = gen;
	v->dir = xstrdup(dir);
	free(v->path);
	v->path = path;
	path = NULL;
	v->lock = lk;
	lk = NULL;
	v->fresh = 1;
	v->consumed = consumed;
	if (db_event(v, "vault.restore", NULL) < 0) {
		e = VAULT_ERR_SQL;
		goto out;
	}
	e = vault_save(v);
out:
	vault_close(v);
	vault_unlock_dir(lk);
	free(path);
	return e;
}

enum vault_err
vault_wipe(const char *dir, long *holder_pid, long long *holder_since)
{
	struct vault_lock *lk;
	enum vault_err e;

	e = vault_lock_dir(dir, &lk, holder_pid, holder_since);
	if (e != VAULT_OK)
		return e;
	e = backup_remove_all(dir);
	if (e == VAULT_OK) {
		char *p = path_join(dir, VAULT_LOCK);

		unlink(p);
		free(p);
		backup_sync_dir(dir);
	}
	vault_unlock_dir(lk);
	return e;
}

/* ---- facts and closing ---- */

void
vault_get_info(const struct vault *v, struct vault_info *out)
{
	memset(out, 0, sizeof(*out));
	out->generation = v->generation;
	memcpy(out->file_id, v->file_id, 16);
	for (int i = 0; i < v->nslots; i++) {
		struct vault_kdf *k = v->slots[i].type == SLOT_PASSPHRASE
		                              ? &out->pass_kdf
		                              : &out->code_kdf;

		k->opslimit = v->slots[i].opslimit;
		k->memlimit = (uint64_t)v->slots[i].mem_kib * 1024;
	}
	out->file_size = v->file_len;
	out->schema_version = v->schema_version;
}

void
vault_close(struct vault *v)
{
	if (!v)
		return;
	journal_untrack(v); /* before its database closes */
	if (v->db)
		sqlite3_close(v->db); /* the allocator wipes the image */
	free(v->conflict);
	if (v->dek)
		sodium_free(v->dek);
	vault_unlock_dir(v->lock);
	free(v->file);
	free(v->dir);
	free(v->path);
	sodium_memzero(v, sizeof(*v));
	free(v);
}
