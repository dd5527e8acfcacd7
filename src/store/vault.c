/*
 * The vault's life: process set-up, opening (from a folder, a file or
 * memory), unlocking with the passphrase or the recovery code, saving
 * (one journal record per save, or the whole image: a compaction),
 * changing keys, creating, restoring, wiping and closing.  The parts live
 * in their own files: the byte layout in store/vaultfmt.c, the journal in
 * store/journal.c, key slots and KDF cost in store/slot.c, the recovery
 * code in store/recovery.c, the lock in store/lock.c, backups and
 * leftovers in store/backup.c, the database over the image in memory in
 * store/imagevfs.c (configured in store/memdb.c) and the wiping allocator
 * in store/wipealloc.c.  The database only ever exists in memory, in the
 * very block the payload is decrypted into, and keys live in
 * sodium_malloc'd memory.
 */
#include "store/vault.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/backup.h"
#include "store/db.h"
#include "store/imagevfs.h"
#include "store/journal.h"
#include "store/memdb.h"
#include "store/merge.h"
#include "store/pagevfs.h"
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
	return _(messages[e]);
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

	v->fd = -1;
	v->jfd = -1;
	return v;
}

/* Keeps a copy of the header's bytes for the unlock (the payload's
 * associated data). */
static void
keep_header(struct vault *v, const uint8_t *buf)
{
	v->hdr = xmalloc(v->header_len);
	memcpy(v->hdr, buf, v->header_len);
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
	e = vaultfmt_header_parse(v, data, len, len);
	if (e != VAULT_OK) {
		vault_close(v);
		return e;
	}
	keep_header(v, data);
	v->file = xmalloc(len ? len : 1);
	memcpy(v->file, data, len);
	v->file_len = len;
	v->path = xstrdup("");
	*out = v;
	return VAULT_OK;
}

/*
 * Opens the vault file at path and reads its header; the payload is read
 * at unlock, from the same open file.  In a folder the vault is never a
 * link (saves replace it); a FIFO in its place must not hang the open.
 */
static enum vault_err
load_file(struct vault *v, const char *path)
{
	uint8_t buf[VAULT_MAX_HEADER];
	struct stat st;
	ssize_t n;
	enum vault_err e;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY |
	                            (v->dir ? O_NOFOLLOW : 0));

	if (fd < 0) {
		if (errno == ENOENT)
			return VAULT_ERR_NOENT;
		if (errno == ELOOP || errno == EISDIR)
			return VAULT_ERR_NOTFILE;
		return vault_io_error(errno, path);
	}
	if (fstat(fd, &st) < 0) {
		e = vault_io_error(errno, path);
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		e = VAULT_ERR_NOTFILE;
		goto fail;
	}
	if ((uint64_t)st.st_size > VAULT_MAX_HEADER + VAULT_MAX_PAYLOAD) {
		e = VAULT_ERR_DAMAGED;
		goto fail;
	}
	n = pread(fd, buf, sizeof(buf), 0);
	if (n < 0) {
		e = vault_io_error(errno, path);
		goto fail;
	}
	e = vaultfmt_header_parse(v, buf, (size_t)n, (uint64_t)st.st_size);
	if (e != VAULT_OK)
		goto fail;
	keep_header(v, buf);
	v->fd = fd;
	v->file_len = (uint64_t)st.st_size;
	return VAULT_OK;
fail:
	close(fd);
	return e;
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

/* The cookies that change with the schema, which no journal record can
 * carry: a save after they changed rewrites the image. */
static void
read_cookies(sqlite3 *db, int64_t *schema, int64_t *user)
{
	sqlite3_stmt *st = NULL;

	*schema = *user = -1;
	if (sqlite3_prepare_v2(db,
	                       "SELECT schema_version, user_version FROM "
	                       "pragma_schema_version, pragma_user_version",
	                       -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		*schema = sqlite3_column_int64(st, 0);
		*user = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
}

/*
 * Opens the payload with v->dek as the database (the block decrypted into
 * is the database: one copy of the vault in memory), replays the journal
 * beside the file, and brings the schema up to date.  Unless the vault is
 * opened lazily (vault_open_lazily), every chunk is opened and
 * authenticated before this returns.  PRAGMA quick_check runs only after
 * a migration (format or schema): the payload's tags already prove the
 * image.
 */
static enum vault_err
open_payload(struct vault *v, struct vaultfmt_ahead *ahead)
{
	enum vault_err e;
	int64_t schema = 0;

	if (v->paged && v->ids.format == FORMAT_VERSION && v->fd >= 0) {
		struct vaultfmt_chunks c;

		e = vaultfmt_chunks_init(v, v->hdr, &c);
		if (e == VAULT_OK)
			e = pagevfs_open(v, &c, v->fd, &v->db);
		vaultfmt_chunks_done(&c);
		v->paged_open = e == VAULT_OK;
	} else {
		struct vaultfmt_image *im;

		e = vaultfmt_image_start(v, v->hdr, ahead, &im);
		if (e == VAULT_OK)
			e = imagevfs_open(im, &v->db);
		/* v->file goes below: an image read from it settles here. */
		if (e == VAULT_OK && (!v->lazy || v->fd < 0))
			e = imagevfs_settle(v->db);
	}
	if (e != VAULT_OK) {
		if (v->db)
			sqlite3_close(v->db);
		v->db = NULL;
		return e == VAULT_ERR_SQL ? VAULT_ERR_DAMAGED : e;
	}
	if (v->path && *v->path)
		e = journal_open(v, v->gen_expect);
	if (e == VAULT_OK) {
		read_cookies(v->db, &v->schema_cookie, &v->user_version);
		schema = v->user_version;
		e = schema_migrate(v->db);
	}
	if (e == VAULT_OK &&
	    (schema != schema_latest() || v->ids.format == FORMAT_V1))
		e = memdb_check(v->db);
	if (e != VAULT_OK) {
		/* A chunk that failed to open says what went wrong. */
		enum vault_err why =
		        v->paged_open ? VAULT_OK : imagevfs_failure(v->db);

		if (why != VAULT_OK)
			e = why;
		journal_close(v);
		sqlite3_close(v->db);
		v->db = NULL;
		return e == VAULT_ERR_SQL ? VAULT_ERR_DAMAGED : e;
	}
	v->schema_version = schema_latest();
	/* The file is read: nothing more comes from it (a lazy image has
	 * its own descriptor). */
	if (v->fd >= 0)
		close(v->fd);
	v->fd = -1;
	free(v->file);
	v->file = NULL;
	return VAULT_OK;
}

static enum vault_err
unlock_with(struct vault *v, int type, const uint8_t *secret, size_t len)
{
	struct slot *s;
	struct vaultfmt_ahead ahead;
	enum vault_err e;

	if (v->dek)
		return VAULT_OK;
	if (!v->hdr || (v->fd < 0 && !v->file))
		return VAULT_ERR_LOCKED;
	s = slot_find(v, type);
	if (!s)
		return VAULT_ERR_AUTH;
	v->dek = sodium_malloc(KEY_LEN);
	if (!v->dek)
		return VAULT_ERR_NOMEM;
	/* The payload is read from disk while the key is derived: into the
	 * page cache, and as much as memory allows into its place. */
	if (v->fd >= 0)
		(void)posix_fadvise(v->fd, (off_t)v->header_len,
		                    (off_t)v->payload_len, POSIX_FADV_WILLNEED);
	vaultfmt_read_ahead(&ahead, v, (uint64_t)s->mem_kib * 1024);
	e = slot_unwrap(s, v->file_id, v->dek, secret, len);
	if (e == VAULT_OK)
		e = open_payload(v, &ahead);
	vaultfmt_ahead_end(&ahead);
	v->read_ahead = ahead.ready; /* the thread is done */
	if (e == VAULT_OK)
		e = journal_track(v); /* changes from here on */
	if (e == VAULT_OK)
		e = journal_take_legacy(v); /* as unsaved changes */
	if (e != VAULT_OK) {
		journal_close(v);
		journal_untrack(v);
		if (v->db)
			sqlite3_close(v->db);
		v->db = NULL;
		sodium_free(v->dek);
		v->dek = NULL;
		return e;
	}
	free(v->hdr);
	v->hdr = NULL;
	return VAULT_OK;
}

void
vault_read_paged(struct vault *v)
{
	v->paged = 1;
}

void
vault_open_lazily(struct vault *v)
{
	v->lazy = 1;
}

enum vault_err
vault_settle(struct vault *v)
{
	if (!v->db || !v->dek)
		return VAULT_ERR_LOCKED;
	if (v->paged_open)
		return VAULT_OK; /* every chunk was checked at unlock */
	return imagevfs_settle(v->db);
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

void
vault_expect_generation(struct vault *v, uint64_t seen)
{
	v->gen_expect = seen;
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
	if (e == VAULT_OK) {
		slot_set(v, &s);
		v->keys_changed = 1;
	}
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
	/* The journal is sealed with the old key: the next save rewrites
	 * the image, and a save that cannot is kept in memory only. */
	sodium_free(v->dek);
	v->dek = dek;
	v->nslots = tmp.nslots;
	memcpy(v->slots, tmp.slots, sizeof(v->slots));
	v->keys_changed = 2;
	return VAULT_OK;
}

/* ---- saving ---- */

/* The generation the vault has reached: the image's, and one more for
 * every record of its live journal. */
static uint64_t
logical_generation(const struct vault *v)
{
	return v->generation + (v->jstate == JOURNAL_LIVE ? v->jn : 0);
}

/* The image of the database: the block it lives in, without a copy, once
 * the whole image is opened; for the paged database (which keeps no
 * image), a copy that *copy holds for sqlite3_free after. */
static enum vault_err
image_of(struct vault *v, const unsigned char **image, size_t *n,
         unsigned char **copy)
{
	sqlite3_int64 sz = 0;
	unsigned char *p;

	*copy = NULL;
	if (!v->paged_open)
		return imagevfs_image(v->db, image, n);
	*copy = p = sqlite3_serialize(v->db, "main", &sz, 0);
	if (!p && sz > 0)
		return VAULT_ERR_NOMEM;
	if (sz < 0 || (uint64_t)sz > VAULT_MAX_PAYLOAD - TAG_LEN) {
		sqlite3_free(*copy);
		*copy = NULL;
		return VAULT_ERR_SQL;
	}
	*image = p;
	*n = (size_t)sz;
	return VAULT_OK;
}

/* A whole vault file being written: what backup_install and
 * backup_conflict call to put its bytes into the temporary file. */
struct sealing {
	struct vault *v;
	struct vaultfmt_ids ids;
	const unsigned char *image;
	size_t n;
};

static int
put_file(void *ctx, const void *p, size_t n)
{
	return atomic_put(ctx, p, n);
}

static enum vault_err
write_sealed(void *ctx, struct atomic_file *f)
{
	struct sealing *s = ctx;

	return vaultfmt_seal(s->v, &s->ids, s->image, s->n, put_file, f,
	                     s->v->path);
}

/* A fresh journal id: random, never 0, never the current one. */
static uint64_t
new_jid(const struct vault *v)
{
	uint64_t id;

	do
		randombytes_buf(&id, sizeof(id));
	while (id == 0 || id == v->ids.jid || id == v->ids.prev_jid);
	return id;
}

/* The ids of a full write of v now: format 3, the next generation, a new
 * journal that continues it, and the one it replaces. */
static void
next_ids(const struct vault *v, struct vaultfmt_ids *ids)
{
	uint64_t g = logical_generation(v);

	memset(ids, 0, sizeof(*ids));
	/* Only a test's fresh format-1 vault is written as format 1, and
	 * only tests write format 2 (TEND_TEST_VAULT_V2: to run every vault
	 * test on the format that tend wrote before format 3). */
	ids->format = v->fresh && v->ids.format == FORMAT_V1 ? FORMAT_V1
	              : getenv("TEND_TEST_VAULT_V2")         ? FORMAT_V2
	                                                     : FORMAT_VERSION;
	ids->gen = (g > v->gen_floor ? g : v->gen_floor) + 1;
	if (ids->format == FORMAT_V1)
		return;
	ids->jid = new_jid(v);
	ids->prev_jid = v->ids.jid;
	ids->prev_end = g;
}

/*
 * A save that found the vault changed on disk: the image goes to this
 * handle's conflict copy (the same file for every later save), so nothing
 * is lost and nothing is written over the other writer's vault.
 */
static enum vault_err
save_apart(struct vault *v)
{
	struct sealing s = {v, {0}, NULL, 0};
	unsigned char *copy;
	enum vault_err e = image_of(v, &s.image, &s.n, &copy);

	if (e != VAULT_OK)
		return e;
	next_ids(v, &s.ids);
	if (v->conflict) {
		struct atomic_file *f = atomic_begin(v->conflict, 0600);

		if (!f) {
			e = vault_io_error(errno, v->conflict);
		} else if ((e = write_sealed(&s, f)) != VAULT_OK) {
			atomic_abort(f);
		} else if (atomic_commit(f) < 0) {
			e = vault_io_error(errno, v->conflict);
		} else {
			vault_note_path(v->conflict);
			e = VAULT_ERR_CHANGED;
		}
	} else {
		e = backup_conflict(v->dir, write_sealed, &s);
		if (e == VAULT_ERR_CHANGED)
			v->conflict = xstrdup(vault_errpath());
	}
	sqlite3_free(copy); /* wiped by the allocator */
	if (e == VAULT_ERR_CHANGED)
		(void)journal_track(v); /* the copy holds every change */
	return e;
}

/*
 * Before writing: the lock is still ours and the files on disk are the
 * ones this handle loaded or wrote (the image's generation and journal
 * id, the journal's file and length).  VAULT_OK, or VAULT_ERR_CHANGED
 * (save apart), or an error.
 */
static enum vault_err
check_disk(struct vault *v)
{
	uint8_t id[16];
	struct vaultfmt_ids disk;
	bool retaken = false;
	enum vault_err e;

	/* A lock file removed under us is taken anew; if another tend holds
	 * the new one, the vault is theirs now. */
	e = lock_recheck(v->lock, v->dir, &retaken);
	if (retaken)
		v->lock_retaken++;
	if (e == VAULT_ERR_BUSY || v->conflict)
		return VAULT_ERR_CHANGED;
	if (e != VAULT_OK || v->fresh)
		return e;
	e = vaultfmt_disk_ids(v->path, id, &disk);
	if (e == VAULT_OK &&
	    (memcmp(id, v->file_id, 16) != 0 || disk.gen != v->ids.gen ||
	     disk.jid != v->ids.jid || disk.format != v->ids.format))
		e = VAULT_ERR_CHANGED;
	if (e == VAULT_ERR_NOENT || e == VAULT_ERR_DAMAGED ||
	    e == VAULT_ERR_NOTFILE)
		e = VAULT_ERR_CHANGED;
	if (e == VAULT_OK)
		e = journal_unchanged(v);
	return e;
}

/* True when the next save must write the whole image: nothing on disk
 * yet, an image in format 1 (the save migrates it), new keys, a schema
 * change (no journal record carries one), a restore, or a generation
 * floor the journal cannot reach. */
static bool
needs_full(struct vault *v)
{
	int64_t schema, user;

	if (v->fresh || v->consumed || v->ids.format == FORMAT_V1 ||
	    v->keys_changed || v->gen_floor >= logical_generation(v))
		return true;
	read_cookies(v->db, &schema, &user);
	return schema != v->schema_cookie || user != v->user_version;
}

/*
 * Writes the whole image (format 3) over dir/vault with the backups
 * rotated, then a fresh journal for it.  Crash safety: the new image
 * names the live journal it replaces (prev_journal_id and where it ended),
 * so until the fresh journal is in place the old one reads as stale and
 * is ignored; a stale one from an earlier crash goes first, durably, so
 * that no older journal can meet the new image.
 */
static enum vault_err
compact(struct vault *v)
{
	struct sealing s = {v, {0}, NULL, 0};
	unsigned char *copy = NULL;
	uint64_t len;
	enum vault_err e;

	e = check_disk(v);
	if (e == VAULT_ERR_CHANGED)
		return save_apart(v);
	/* The image first: one that did not open whole touches nothing. */
	if (e == VAULT_OK)
		e = image_of(v, &s.image, &s.n, &copy);
	if (e == VAULT_OK)
		e = journal_drop_stale(v);
	if (e != VAULT_OK) {
		sqlite3_free(copy);
		return e;
	}
	next_ids(v, &s.ids);
	len = vaultfmt_file_size(s.ids.format, v->nslots, s.n);
	e = backup_install(v->dir, write_sealed, &s, len, v->consumed,
	                   &v->dropped);
	sqlite3_free(copy); /* wiped by the allocator */
	if (e != VAULT_OK)
		return e;
	v->file_len = len;
	v->ids = s.ids;
	v->generation = s.ids.gen;
	v->fresh = 0;
	v->consumed = NULL;
	v->keys_changed = 0;
	v->compactions++;
	read_cookies(v->db, &v->schema_cookie, &v->user_version);
	/* A legacy journal taken in is in the image now. */
	if (v->jstate == JOURNAL_LEGACY)
		v->jstate = JOURNAL_STALE;
	/* The image holds everything; a journal that cannot be started now
	 * is made by the next save (a format-1 image gets one only when a
	 * save fails). */
	if (s.ids.format != FORMAT_V1)
		(void)journal_start(v);
	(void)journal_track(v);
	return VAULT_OK;
}

enum vault_err
vault_save(struct vault *v)
{
	enum vault_err e;

	if (!v->db || !v->dek)
		return VAULT_ERR_LOCKED;
	if (!v->dir || !v->lock)
		return VAULT_ERR_LOCKED;
	v->dropped = 0;
	if (needs_full(v))
		return compact(v);
	if (!journal_dirty(v))
		return VAULT_OK;
	e = check_disk(v);
	if (e == VAULT_ERR_CHANGED)
		return save_apart(v);
	if (e != VAULT_OK)
		return e;
	e = journal_append(v, false);
	if (e == VAULT_ERR_NOMEM)
		e = compact(v); /* a change too big for one record */
	return e;
}

enum vault_err
vault_compact(struct vault *v)
{
	if (!v->db || !v->dek)
		return VAULT_ERR_LOCKED;
	if (!v->dir || !v->lock)
		return VAULT_ERR_LOCKED;
	v->dropped = 0;
	return compact(v);
}

/* A compaction is due when the journal has grown past a quarter of the
 * image (plus 64 KiB, so that a small vault is not rewritten every few
 * saves), or when the next save has to write the image anyway. */
#define COMPACT_FLOOR (64u * 1024)

bool
vault_compact_due(struct vault *v)
{
	if (!v->db || !v->dek || !v->dir)
		return false;
	if (needs_full(v))
		return true;
	return v->jstate == JOURNAL_LIVE &&
	       v->jlen > v->file_len / 4 + COMPACT_FLOOR;
}

enum vault_err
vault_maintain(struct vault *v)
{
	if (!vault_compact_due(v))
		return VAULT_OK;
	return vault_compact(v);
}

bool
vault_unsaved(const struct vault *v)
{
	return journal_dirty(v) || v->keys_changed;
}

enum vault_err
vault_keep_unsaved(struct vault *v)
{
	int64_t schema, user;
	enum vault_err e;

	if (!journal_dirty(v))
		return VAULT_OK;
	if (!v->db || !v->dek || !v->dir || !v->lock)
		return VAULT_ERR_LOCKED;
	/* A schema change or a new data key cannot be put in a record for
	 * the image on disk. */
	read_cookies(v->db, &schema, &user);
	if (v->fresh || v->keys_changed == 2 || schema != v->schema_cookie ||
	    user != v->user_version)
		return VAULT_ERR_IO;
	e = check_disk(v);
	if (e == VAULT_ERR_CHANGED)
		return save_apart(v);
	if (e != VAULT_OK)
		return e;
	return journal_append(v, true);
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
	e = open_payload(o, NULL);
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
	struct sealing s = {v, {0}, NULL, 0};
	struct atomic_file *f;
	unsigned char *copy;
	enum vault_err e;

	if (!v->db || !v->dek)
		return VAULT_ERR_LOCKED;
	e = image_of(v, &s.image, &s.n, &copy);
	if (e != VAULT_OK)
		return e;
	/* The same generation: a copy of the vault as it is now. */
	next_ids(v, &s.ids);
	s.ids.gen = logical_generation(v);
	f = atomic_begin(path, 0600);
	if (!f) {
		e = vault_io_error(errno, path);
	} else if ((e = write_sealed(&s, f)) != VAULT_OK) {
		atomic_abort(f);
	} else if (atomic_commit(f) < 0) {
		e = vault_io_error(errno, path);
	}
	sqlite3_free(copy);
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
		e = imagevfs_open(NULL, &v->db);
	if (e == VAULT_OK)
		e = schema_migrate(v->db);
	/* Tests make format-1 vaults, to run every vault test on both
	 * formats: the first save migrates them, as it does a real one. */
	if (getenv("TEND_TEST_VAULT_V1"))
		v->ids.format = FORMAT_V1;
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
	/* Keep generations increasing across the replacement: past the
	 * vault in place, its journal's saves included. */
	{
		struct vaultfmt_ids cur;
		struct journal_info ji;

		if (vaultfmt_disk_ids(path, id, &cur) == VAULT_OK) {
			gen = cur.gen;
			if (journal_inspect(path, id, &cur, &ji) == VAULT_OK &&
			    ji.state == JOURNAL_LIVE)
				gen += ji.records;
			vault_generation_floor(v, gen);
		}
	}
	/* The copy's journal, if it had one, is in its image now; the
	 * vault in place keeps its own (it goes to vault.bak with it). */
	v->generation = logical_generation(v);
	journal_close(v);
	v->jstate = JOURNAL_NONE;
	v->jn = 0;
	backup_keep_pair(dir);
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
	out->generation = logical_generation(v);
	out->format = v->ids.format;
	if (!v->db && v->path && *v->path) {
		/* Locked: the journal's records, counted without the key. */
		struct journal_info ji;

		if (journal_inspect(v->path, v->file_id, &v->ids, &ji) !=
		    VAULT_OK)
			out->journal = -1;
		else if (ji.present)
			out->journal = ji.state == JOURNAL_LIVE     ? 1
			               : ji.state == JOURNAL_LEGACY ? 3
			                                            : 2;
		if (out->journal == 1) {
			out->generation = v->generation + ji.records;
			out->journal_records = ji.records;
			out->journal_bytes = ji.bytes;
		}
	} else if (v->jstate != JOURNAL_NONE) {
		out->journal = v->jstate == JOURNAL_LIVE     ? 1
		               : v->jstate == JOURNAL_LEGACY ? 3
		                                             : 2;
		if (out->journal == 1) {
			out->journal_records = v->jn;
			out->journal_bytes = v->jlen;
		}
	}
	memcpy(out->file_id, v->file_id, 16);
	for (int i = 0; i < v->nslots; i++) {
		struct vault_kdf *k = v->slots[i].type == SLOT_PASSPHRASE
		                              ? &out->pass_kdf
		                              : &out->code_kdf;

		k->opslimit = v->slots[i].opslimit;
		k->memlimit = (uint64_t)v->slots[i].mem_kib * 1024;
	}
	out->file_size = (size_t)v->file_len;
	out->schema_version = v->schema_version;
	out->compactions = v->compactions;
	out->torn = v->jtorn;
	out->paged = v->paged_open;
	out->read_ahead = v->read_ahead;
}

enum vault_err
vault_check(struct vault *v)
{
	if (!v->db)
		return VAULT_ERR_LOCKED;
	return memdb_check(v->db);
}

void
vault_close(struct vault *v)
{
	if (!v)
		return;
	journal_untrack(v); /* before its database closes */
	journal_close(v);
	if (v->db)
		sqlite3_close(v->db); /* the allocator wipes the image */
	if (v->fd >= 0)
		close(v->fd);
	free(v->conflict);
	if (v->dek)
		sodium_free(v->dek);
	vault_unlock_dir(v->lock);
	free(v->file);
	free(v->hdr);
	free(v->dir);
	free(v->path);
	sodium_memzero(v, sizeof(*v));
	free(v);
}
