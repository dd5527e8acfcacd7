/*
 * The journal (see store/journal.h and tend-vault(5)): SQLite's session
 * extension records every change to the unlocked database since the last
 * save; a save seals those changes as one record and appends it to
 * FILE.journal beside the vault file, so that a save costs what changed,
 * not the whole vault.
 *
 * File: a 48-byte header (magic, version, flags, the vault's file id, the
 * generation of the image it continues, the image's journal id) and
 * records, each a 4-byte length of its ciphertext (the top bit: sealed on
 * leaving after saves had failed), an 8-byte sequence number (1, 2, ...),
 * a 24-byte nonce, an 8-byte check of those 36 bytes (the first bytes of
 * their BLAKE2b: a record whose head is whole tells its true length, so a
 * torn last record is told apart from a changed one) and the changeset
 * sealed with XChaCha20-Poly1305 under the data key.  A record's associated data is the header, its own length
 * and number, and the tag of the record before it (zeros for the first),
 * so a record that is missing, moved, changed or taken from another
 * journal does not open.  All integers are little-endian.
 */
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include "store/journal.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/backup.h"
#include "store/merge.h"
#include "store/vaultpriv.h"
#include "util/atomic.h"
#include "util/path.h"
#include "util/xalloc.h"

static const uint8_t jmagic[8] = {0x89, 'T', 'N', 'D', 'J', 'R', 'N', 'L'};

#define J_VERSION 2
/* Version 1: the journal of tend before incremental saves (written only
 * when saves had failed as the person left), whose record heads have no
 * check: taken in beside a format-1 image (journal_take_legacy). */
#define J_LEGACY 1
#define J_LEGACY_REC_HEAD (4 + 8 + NONCE_LEN)
#define J_HEADER 48
#define J_HEAD_SUM 8
#define J_REC_HEAD (4 + 8 + NONCE_LEN + J_HEAD_SUM)
#define J_AD (J_HEADER + 4 + 8 + TAG_LEN)
#define J_KEPT 0x80000000u
/* The largest record a save appends (ciphertext and tag); a bigger
 * change rewrites the image instead. */
#define J_MAX_RECORD (64u << 20)

static void
put_le(uint8_t *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t
get_le(const uint8_t *p, int n)
{
	uint64_t v = 0;

	for (int i = n - 1; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

/* ---- recording the changes ---- */

enum vault_err
journal_track(struct vault *v)
{
	journal_untrack(v);
	if (!v->db)
		return VAULT_ERR_LOCKED;
	if (sqlite3session_create(v->db, "main", &v->track) != SQLITE_OK) {
		v->track = NULL;
		return VAULT_ERR_NOMEM;
	}
	if (sqlite3session_attach(v->track, NULL) != SQLITE_OK) {
		journal_untrack(v);
		return VAULT_ERR_SQL;
	}
	return VAULT_OK;
}

void
journal_untrack(struct vault *v)
{
	if (v->track)
		sqlite3session_delete(v->track);
	v->track = NULL;
}

bool
journal_dirty(const struct vault *v)
{
	return v->track && !sqlite3session_isempty(v->track);
}

char *
journal_path_for(const char *path)
{
	return xasprintf("%s.journal", path);
}

static void
header(const struct vault *v, uint8_t h[J_HEADER])
{
	memset(h, 0, J_HEADER);
	memcpy(h, jmagic, 8);
	put_le(h + 8, J_VERSION, 2);
	memcpy(h + 16, v->file_id, 16);
	put_le(h + 32, v->ids.gen, 8);
	put_le(h + 40, v->ids.jid, 8);
}

/* The check of a record head's first 36 bytes, into sum. */
static void
head_sum(const uint8_t *head, uint8_t sum[J_HEAD_SUM])
{
	uint8_t h[crypto_generichash_BYTES_MIN];

	crypto_generichash(h, sizeof(h), head, 12 + NONCE_LEN, NULL, 0);
	memcpy(sum, h, J_HEAD_SUM);
}

static bool
head_ok(const uint8_t *head)
{
	uint8_t sum[J_HEAD_SUM];

	head_sum(head, sum);
	return memcmp(sum, head + 12 + NONCE_LEN, J_HEAD_SUM) == 0;
}

static void
record_ad(uint8_t ad[J_AD], const uint8_t *hdr, const uint8_t *rec_head,
          const uint8_t prev_tag[TAG_LEN])
{
	memcpy(ad, hdr, J_HEADER);
	memcpy(ad + J_HEADER, rec_head, 12);
	memcpy(ad + J_HEADER + 12, prev_tag, TAG_LEN);
}

/* ---- reading ---- */

/* pread of exactly n bytes: 0, or -1 (errno; EIO for a short read). */
static int
read_at(int fd, void *p, size_t n, uint64_t off)
{
	while (n > 0) {
		ssize_t r = pread(fd, p, n, (off_t)off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EIO;
			return -1;
		}
		p = (uint8_t *)p + r;
		n -= (size_t)r;
		off += (uint64_t)r;
	}
	return 0;
}

/* True when the bytes of fd from off to size are all zero (a file
 * extended by a crash before its data reached the disk). */
static bool
zeros_to_end(int fd, uint64_t off, uint64_t size)
{
	uint8_t buf[4096];

	while (off < size) {
		size_t n = size - off < sizeof(buf) ? (size_t)(size - off)
		                                    : sizeof(buf);

		if (read_at(fd, buf, n, off) < 0)
			return false;
		for (size_t i = 0; i < n; i++)
			if (buf[i])
				return false;
		off += n;
	}
	return true;
}

/* What a walk over a journal's records found. */
struct walk {
	uint64_t base, jid;
	uint64_t n; /* good records */
	uint64_t end; /* offset after the last good record */
	uint64_t size;
	uint8_t tag[TAG_LEN]; /* of the last good record */
	int kept; /* good records marked kept */
	int version; /* J_VERSION or J_LEGACY */
};

/* The header at fd: VAULT_OK and w->base, w->jid, or the error. */
static enum vault_err
read_header(int fd, uint64_t size, const uint8_t file_id[16], uint8_t *hdr,
            struct walk *w)
{
	if (size < J_HEADER || read_at(fd, hdr, J_HEADER, 0) < 0 ||
	    memcmp(hdr, jmagic, 8) != 0)
		return VAULT_ERR_DAMAGED;
	if (get_le(hdr + 8, 2) != J_VERSION && get_le(hdr + 8, 2) != J_LEGACY)
		return get_le(hdr + 8, 2) > J_VERSION ? VAULT_ERR_VERSION
		                                      : VAULT_ERR_DAMAGED;
	if (get_le(hdr + 10, 2) != 0 || get_le(hdr + 12, 4) != 0 ||
	    memcmp(hdr + 16, file_id, 16) != 0)
		return VAULT_ERR_DAMAGED;
	memset(w, 0, sizeof(*w));
	w->version = (int)get_le(hdr + 8, 2);
	w->base = get_le(hdr + 32, 8);
	w->jid = get_le(hdr + 40, 8);
	w->size = size;
	w->end = J_HEADER;
	return VAULT_OK;
}

/* Called with each record's plaintext (changeset) during a walk. */
typedef enum vault_err (*record_fn)(void *ctx, uint8_t *cs, size_t n);

/* A walk's record buffers: the ciphertext, and the plaintext in SQLite's
 * memory (wiped by the allocator when freed). */
struct rec_bufs {
	uint8_t *buf, *plain;
	size_t cap;
};

/*
 * Reads the clen-byte record body at off into b (head: the record's head,
 * its first 12 bytes in the tag's additional data, its nonce at 12) and
 * keeps its tag in w->tag.  With a key, checks the tag against the chain
 * first and hands the plaintext to fn.  VAULT_ERR_AUTH when the record
 * does not open (the caller tells a torn tail from damage), an I/O or
 * memory error, or fn's error.
 */
static enum vault_err
read_record(int fd, uint64_t off, uint64_t clen, const uint8_t *hdr,
            const uint8_t *head, const uint8_t *key, record_fn fn, void *ctx,
            struct walk *w, struct rec_bufs *b)
{
	uint8_t ad[J_AD];
	enum vault_err e = VAULT_OK;

	if (clen > b->cap) {
		b->cap = clen;
		b->buf = xrealloc(b->buf, b->cap);
		if (key) {
			sqlite3_free(b->plain);
			b->plain = sqlite3_malloc64(b->cap);
			if (!b->plain)
				return VAULT_ERR_NOMEM;
		}
	}
	if (read_at(fd, b->buf, clen, off) < 0)
		return vault_io_error(errno, "journal");
	if (key) {
		record_ad(ad, hdr, head, w->tag);
		if (crypto_aead_xchacha20poly1305_ietf_decrypt(
		            b->plain, NULL, NULL, b->buf, clen, ad, sizeof(ad),
		            head + 12, key) != 0)
			return VAULT_ERR_AUTH;
		if (fn) {
			e = fn(ctx, b->plain, clen - TAG_LEN);
			sodium_memzero(b->plain, clen - TAG_LEN);
			if (e != VAULT_OK)
				return e;
		}
	}
	memcpy(w->tag, b->buf + clen - TAG_LEN, TAG_LEN);
	return VAULT_OK;
}

/*
 * Walks the records after the header: checks numbering, lengths and (with
 * a key) every tag in the chain, and hands each plaintext to fn.  Stops at
 * a torn tail (w->end < w->size afterwards).  VAULT_ERR_DAMAGED for any
 * other flaw.
 */
static enum vault_err
walk_records(int fd, const uint8_t *hdr, const uint8_t *key, record_fn fn,
             void *ctx, struct walk *w)
{
	uint8_t head[J_REC_HEAD];
	struct rec_bufs b = {NULL, NULL, 0};
	enum vault_err e = VAULT_OK;

	while (w->end < w->size) {
		uint64_t rem = w->size - w->end, clen, seq, raw;

		if (rem < J_REC_HEAD)
			break; /* torn: not even a record head */
		if (read_at(fd, head, sizeof(head), w->end) < 0) {
			e = vault_io_error(errno, "journal");
			break;
		}
		raw = get_le(head, 4);
		clen = raw & ~(uint64_t)J_KEPT;
		seq = get_le(head + 4, 8);
		if (head_ok(head) && clen > rem - J_REC_HEAD)
			break; /* torn: the record runs past the end */
		if (!head_ok(head) || seq != w->n + 1 || clen < TAG_LEN ||
		    clen > J_MAX_RECORD || clen > rem - J_REC_HEAD) {
			if (!zeros_to_end(fd, w->end, w->size))
				e = VAULT_ERR_DAMAGED;
			break;
		}
		e = read_record(fd, w->end + J_REC_HEAD, clen, hdr, head, key,
		                fn, ctx, w, &b);
		if (e == VAULT_ERR_AUTH) {
			/* A record that does not open: a torn append written
			 * over with zeros, or damage. */
			e = zeros_to_end(fd, w->end, w->size)
			            ? VAULT_OK
			            : VAULT_ERR_DAMAGED;
			break;
		}
		if (e != VAULT_OK)
			break;
		w->n++;
		if (raw & J_KEPT)
			w->kept++;
		w->end += J_REC_HEAD + clen;
	}
	free(b.buf); /* ciphertext */
	sqlite3_free(b.plain); /* wiped by the allocator */
	return e;
}

/* ---- the journal of tend before incremental saves (version 1) ---- */

/*
 * Walks the records of a version-1 journal: each a 4-byte length, an
 * 8-byte number and a nonce, then the ciphertext, chained as in version 2
 * but with no check of the head.  That tend wrote the file whole and
 * atomically, so any flaw, a short tail included, is damage.  With a key
 * every tag is checked and each plaintext handed to fn.
 */
static enum vault_err
legacy_walk(int fd, const uint8_t *hdr, const uint8_t *key, record_fn fn,
            void *ctx, struct walk *w)
{
	uint8_t head[J_LEGACY_REC_HEAD];
	struct rec_bufs b = {NULL, NULL, 0};
	enum vault_err e = VAULT_OK;

	while (w->end < w->size) {
		uint64_t rem = w->size - w->end, clen;

		if (rem < J_LEGACY_REC_HEAD) {
			e = VAULT_ERR_DAMAGED;
			break;
		}
		if (read_at(fd, head, sizeof(head), w->end) < 0) {
			e = vault_io_error(errno, "journal");
			break;
		}
		clen = get_le(head, 4);
		if (get_le(head + 4, 8) != w->n + 1 || clen < TAG_LEN ||
		    clen > VAULT_MAX_PAYLOAD ||
		    clen > rem - J_LEGACY_REC_HEAD) {
			e = VAULT_ERR_DAMAGED;
			break;
		}
		e = read_record(fd, w->end + J_LEGACY_REC_HEAD, clen, hdr, head,
		                key, fn, ctx, w, &b);
		if (e == VAULT_ERR_AUTH)
			e = VAULT_ERR_DAMAGED;
		if (e != VAULT_OK)
			break;
		w->n++;
		w->kept++; /* every one was kept on leaving */
		w->end += J_LEGACY_REC_HEAD + clen;
	}
	free(b.buf); /* ciphertext */
	sqlite3_free(b.plain); /* wiped by the allocator */
	return e;
}

/*
 * A version-1 journal at unlock, its every tag checked.  Beside the
 * format-1 image it was written for, it is held open (v->jfd) to be taken
 * in once changes are recorded (journal_take_legacy).  Beside the format-2/3
 * image of the migration that took it in (prev_journal_id 0), left there
 * by a migration cut short before the image's own journal replaced it, it
 * is stale, as long as this machine has seen no save after that image.
 * Anything else is damage.
 */
static enum vault_err
legacy_open(struct vault *v, int *fd, const uint8_t *hdr, struct walk *w,
            const struct stat *st, uint64_t floor)
{
	enum vault_err e;

	if (w->jid != 0)
		return VAULT_ERR_DAMAGED;
	if (v->ids.format != FORMAT_V1 &&
	    (v->ids.prev_jid != 0 || floor > v->ids.gen))
		return VAULT_ERR_DAMAGED;
	e = legacy_walk(*fd, hdr, v->dek, NULL, NULL, w);
	if (e != VAULT_OK)
		return e;
	v->jdev = st->st_dev;
	v->jino = st->st_ino;
	v->jsize = w->size;
	if (v->ids.format != FORMAT_V1) {
		v->jstate = JOURNAL_STALE;
		return VAULT_OK;
	}
	v->jstate = JOURNAL_LEGACY;
	v->jfd = *fd;
	*fd = -1;
	return VAULT_OK;
}

struct legacy_merge {
	sqlite3 *db;
	bool exact;
};

/* Merges one version-1 record as tend did then (store/merge.h): exactly
 * when the image is the generation it was made on. */
static enum vault_err
legacy_record(void *ctx, uint8_t *cs, size_t n)
{
	struct legacy_merge *m = ctx;
	struct merge_stats st = {0, 0, 0};
	enum vault_err e;

	if (n > INT32_MAX)
		return VAULT_ERR_DAMAGED;
	if (n == 0)
		return VAULT_OK;
	e = merge_changeset(m->db, cs, (int)n, m->exact, &st);
	return e == VAULT_OK || e == VAULT_ERR_NOMEM ? e : VAULT_ERR_DAMAGED;
}

enum vault_err
journal_take_legacy(struct vault *v)
{
	uint8_t hdr[J_HEADER];
	struct legacy_merge m = {v->db, false};
	struct walk w;
	enum vault_err e;

	if (v->jstate != JOURNAL_LEGACY || v->jfd < 0)
		return VAULT_OK;
	e = read_header(v->jfd, v->jsize, v->file_id, hdr, &w);
	if (e == VAULT_OK) {
		m.exact = w.base == v->ids.gen;
		e = legacy_walk(v->jfd, hdr, v->dek, legacy_record, &m, &w);
	}
	journal_close(v);
	if (e == VAULT_OK)
		v->journal_taken = w.kept;
	return e;
}

/* Any conflict in an exact replay means the journal does not fit. */
static int
on_conflict(void *ctx, int why, sqlite3_changeset_iter *it)
{
	return SQLITE_CHANGESET_ABORT;
}

static enum vault_err
apply_record(void *ctx, uint8_t *cs, size_t n)
{
	sqlite3 *db = ctx;

	if (n > INT32_MAX)
		return VAULT_ERR_DAMAGED;
	if (n == 0)
		return VAULT_OK;
	return sqlite3changeset_apply(db, (int)n, cs, NULL, on_conflict,
	                              NULL) == SQLITE_OK
	               ? VAULT_OK
	               : VAULT_ERR_DAMAGED;
}

/* Replays the records of a live journal on v->db.  Each record holds
 * every row a save changed, the cascades of foreign keys included, so
 * the replay runs with foreign keys off (no cascade twice) and in one
 * transaction without a rollback journal (on failure the database is
 * discarded anyway). */
static enum vault_err
replay(struct vault *v, int fd, const uint8_t *hdr, struct walk *w)
{
	enum vault_err e;

	if (sqlite3_exec(v->db,
	                 "PRAGMA foreign_keys=OFF; PRAGMA journal_mode=OFF;"
	                 " BEGIN",
	                 NULL, NULL, NULL) != SQLITE_OK)
		return VAULT_ERR_SQL;
	e = walk_records(fd, hdr, v->dek, apply_record, v->db, w);
	if (e == VAULT_OK &&
	    sqlite3_exec(v->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		e = VAULT_ERR_DAMAGED;
	if (e != VAULT_OK)
		sqlite3_exec(v->db, "ROLLBACK", NULL, NULL, NULL);
	if (sqlite3_exec(v->db,
	                 "PRAGMA journal_mode=MEMORY; PRAGMA foreign_keys=ON",
	                 NULL, NULL, NULL) != SQLITE_OK &&
	    e == VAULT_OK)
		e = VAULT_ERR_SQL;
	return e;
}

static void
forget(struct vault *v)
{
	journal_close(v);
	v->jstate = JOURNAL_NONE;
	v->jn = v->jlen = v->jsize = 0;
	v->jdev = 0;
	v->jino = 0;
	v->jtorn = 0;
	memset(v->jtag, 0, sizeof(v->jtag));
}

enum vault_err
journal_open(struct vault *v, uint64_t floor)
{
	char *path = journal_path_for(v->path);
	uint8_t hdr[J_HEADER];
	struct walk w;
	struct stat st;
	bool live, stale;
	enum vault_err e;
	/* Non-blocking: a FIFO in its place must not hang an unlock. */
	int fd = open(path, (v->lock ? O_RDWR : O_RDONLY) | O_CLOEXEC |
	                            O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);

	forget(v);
	v->journal_taken = 0;
	if (fd < 0) {
		e = errno == ENOENT  ? VAULT_OK
		    : errno == ELOOP ? VAULT_ERR_NOTFILE
		                     : vault_io_error(errno, path);
		goto out;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		e = VAULT_ERR_NOTFILE;
		goto out;
	}
	e = read_header(fd, (uint64_t)st.st_size, v->file_id, hdr, &w);
	if (e != VAULT_OK)
		goto out;
	if (w.version == J_LEGACY) {
		e = legacy_open(v, &fd, hdr, &w, &st, floor);
		goto out;
	}
	live = w.jid == v->ids.jid && w.base == v->ids.gen;
	stale = !live && v->ids.format != FORMAT_V1 && w.jid == v->ids.prev_jid;
	if (!live && !stale) {
		e = VAULT_ERR_DAMAGED; /* another image's journal */
		goto out;
	}
	e = live ? replay(v, fd, hdr, &w)
	         : walk_records(fd, hdr, v->dek, NULL, NULL, &w);
	if (e != VAULT_OK)
		goto out;
	if (stale && w.base + w.n != v->ids.prev_end) {
		e = VAULT_ERR_DAMAGED; /* not where the image took over */
		goto out;
	}
	/* A stale journal is what a compaction cut short leaves; once this
	 * machine has seen a save after the image, the image's own journal
	 * was there, and putting the old one back hides it. */
	if (stale && floor > v->ids.gen) {
		e = VAULT_ERR_DAMAGED;
		goto out;
	}
	/* A torn record was never reported saved, unless this machine has
	 * seen the vault at or past it: then it was cut off on purpose. */
	if (live && w.end < w.size && floor > w.base + w.n) {
		e = VAULT_ERR_DAMAGED;
		goto out;
	}
	v->jstate = live ? JOURNAL_LIVE : JOURNAL_STALE;
	v->jdev = st.st_dev;
	v->jino = st.st_ino;
	v->jsize = w.size;
	if (live) {
		v->jn = w.n;
		v->jlen = w.end;
		v->jtorn = (int)(w.size - w.end);
		memcpy(v->jtag, w.tag, TAG_LEN);
		v->journal_taken = w.kept;
		if (v->lock) {
			v->jfd = fd;
			fd = -1;
		}
	}
out:
	if (fd >= 0)
		close(fd);
	free(path);
	return e;
}

/* ---- writing ---- */

enum vault_err
journal_unchanged(const struct vault *v)
{
	char *path = journal_path_for(v->path);
	struct stat st, held;
	bool same = false;

	if (lstat(path, &st) < 0) {
		same = errno == ENOENT && v->jstate == JOURNAL_NONE;
	} else if (v->jstate == JOURNAL_LIVE) {
		same = v->jfd >= 0 && fstat(v->jfd, &held) == 0 &&
		       held.st_dev == st.st_dev && held.st_ino == st.st_ino &&
		       held.st_nlink > 0 && (uint64_t)st.st_size == v->jsize;
	} else if (v->jstate == JOURNAL_STALE || v->jstate == JOURNAL_LEGACY) {
		same = st.st_dev == v->jdev && st.st_ino == v->jino;
	}
	free(path);
	return same ? VAULT_OK : VAULT_ERR_CHANGED;
}

enum vault_err
journal_drop_stale(struct vault *v)
{
	char *path;

	if (v->jstate != JOURNAL_STALE)
		return VAULT_OK;
	path = journal_path_for(v->path);
	if (unlink(path) < 0 && errno != ENOENT) {
		enum vault_err e = vault_io_error(errno, path);

		free(path);
		return e;
	}
	free(path);
	backup_sync_dir(v->dir);
	forget(v);
	return VAULT_OK;
}

/* A new journal file at path holding hdr and then rec (may be empty),
 * atomically; its descriptor (open for appending) or -1 (errno). */
static int
write_fresh(const char *path, const uint8_t *hdr, const uint8_t *rec,
            size_t len)
{
	struct atomic_file *f = atomic_begin(path, 0600);

	if (!f)
		return -1;
	if (atomic_put(f, hdr, J_HEADER) < 0 ||
	    (len && atomic_put(f, rec, len) < 0)) {
		atomic_abort(f);
		return -1;
	}
	return atomic_commit_keep(f);
}

/* Takes fd as v's live journal of len bytes with n records. */
static void
now_live(struct vault *v, int fd, uint64_t len, uint64_t n,
         const uint8_t tag[TAG_LEN])
{
	struct stat st;

	forget(v);
	v->jfd = fd;
	v->jstate = JOURNAL_LIVE;
	v->jn = n;
	v->jlen = v->jsize = len;
	if (fstat(fd, &st) == 0) {
		v->jdev = st.st_dev;
		v->jino = st.st_ino;
	}
	if (tag)
		memcpy(v->jtag, tag, TAG_LEN);
}

enum vault_err
journal_start(struct vault *v)
{
	char *path = journal_path_for(v->path);
	uint8_t hdr[J_HEADER];
	int fd;
	enum vault_err e = VAULT_OK;

	header(v, hdr);
	fd = write_fresh(path, hdr, NULL, 0);
	if (fd < 0) {
		e = vault_io_error(errno, path);
		/* The old journal, if any, is stale from now on. */
		if (v->jstate == JOURNAL_LIVE) {
			journal_close(v);
			v->jstate = JOURNAL_STALE;
			v->jn = 0;
		}
	} else {
		now_live(v, fd, J_HEADER, 0, NULL);
	}
	free(path);
	return e;
}

enum vault_err
journal_append(struct vault *v, bool kept)
{
	void *cs = NULL;
	int n = 0, given = 0;
	uint8_t hdr[J_HEADER], ad[J_AD], *rec;
	size_t clen, len;
	char *path;
	enum vault_err e = VAULT_OK;

	if (!v->dir || !v->dek)
		return VAULT_ERR_LOCKED;
	if (!v->track)
		return VAULT_ERR_SQL;
	if (sqlite3session_changeset(v->track, &n, &cs) != SQLITE_OK)
		return VAULT_ERR_NOMEM;
	if (n <= 0) {
		/* Changes that cancel out (a value set back as it was):
		 * nothing to keep, and nothing unsaved any more. */
		sqlite3_free(cs);
		return journal_track(v);
	}
	clen = (size_t)n + TAG_LEN;
	if (clen > J_MAX_RECORD) {
		sqlite3_free(cs);
		return VAULT_ERR_NOMEM;
	}
	len = J_REC_HEAD + clen;
	rec = xmalloc(len);
	header(v, hdr);
	put_le(rec, clen | (kept ? J_KEPT : 0), 4);
	put_le(rec + 4, v->jstate == JOURNAL_LIVE ? v->jn + 1 : 1, 8);
	randombytes_buf(rec + 12, NONCE_LEN);
	head_sum(rec, rec + 12 + NONCE_LEN);
	{
		static const uint8_t zero[TAG_LEN];

		record_ad(ad, hdr, rec,
		          v->jstate == JOURNAL_LIVE ? v->jtag : zero);
	}
	crypto_aead_xchacha20poly1305_ietf_encrypt(
	        rec + J_REC_HEAD, NULL, cs, (unsigned long long)n, ad,
	        sizeof(ad), NULL, rec + 12, v->dek);
	sqlite3_free(cs); /* the wiping allocator clears the plaintext */
	path = journal_path_for(v->path);
	for (;;) {
		int err;

		if (v->jstate == JOURNAL_LIVE && v->jfd >= 0) {
			/* Over a torn tail, if one was there. */
			if ((v->jsize == v->jlen ||
			     ftruncate(v->jfd, (off_t)v->jlen) == 0) &&
			    atomic_append(v->jfd, (off_t)v->jlen, rec, len) ==
			            0) {
				v->jlen += len;
				v->jsize = v->jlen;
				v->jn++;
				memcpy(v->jtag, rec + len - TAG_LEN, TAG_LEN);
				break;
			}
			/* atomic_append cut the file back to jlen. */
			v->jsize = v->jlen;
		} else {
			int fd = write_fresh(path, hdr, rec, len);

			if (fd >= 0) {
				now_live(v, fd, J_HEADER + len, 1,
				         rec + len - TAG_LEN);
				break;
			}
		}
		err = errno;
		e = vault_io_error(err, path);
		if (!backup_make_room(v->dir, err, len + 4096, NULL, &given,
		                      &v->dropped))
			break;
		e = VAULT_OK;
	}
	free(rec);
	free(path);
	if (e == VAULT_OK)
		(void)journal_track(v);
	return e;
}

void
journal_close(struct vault *v)
{
	if (v->jfd >= 0)
		close(v->jfd);
	v->jfd = -1;
}

/* ---- without the key ---- */

enum vault_err
journal_inspect(const char *vault_path, const uint8_t file_id[16],
                const struct vaultfmt_ids *ids, struct journal_info *out)
{
	char *path = journal_path_for(vault_path);
	uint8_t hdr[J_HEADER];
	struct walk w;
	struct stat st;
	enum vault_err e;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK |
	                            O_NOCTTY);

	memset(out, 0, sizeof(*out));
	free(path);
	if (fd < 0)
		return errno == ENOENT  ? VAULT_OK
		       : errno == ELOOP ? VAULT_ERR_NOTFILE
		                        : vault_io_error(errno, "journal");
	out->present = true;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return VAULT_ERR_NOTFILE;
	}
	out->bytes = (uint64_t)st.st_size;
	e = read_header(fd, (uint64_t)st.st_size, file_id, hdr, &w);
	if (e == VAULT_OK && w.version == J_LEGACY)
		e = legacy_walk(fd, hdr, NULL, NULL, NULL, &w);
	else if (e == VAULT_OK)
		e = walk_records(fd, hdr, NULL, NULL, NULL, &w);
	close(fd);
	if (e != VAULT_OK)
		return e;
	out->records = w.n;
	out->base = w.base;
	out->torn = w.end < w.size;
	if (w.version == J_LEGACY) {
		/* As legacy_open, without the key. */
		if (w.jid != 0 ||
		    (ids->format != FORMAT_V1 && ids->prev_jid != 0))
			return VAULT_ERR_DAMAGED;
		out->state = ids->format == FORMAT_V1 ? JOURNAL_LEGACY
		                                      : JOURNAL_STALE;
		return VAULT_OK;
	}
	if (w.jid == ids->jid && w.base == ids->gen)
		out->state = JOURNAL_LIVE;
	else if (ids->format != FORMAT_V1 && w.jid == ids->prev_jid &&
	         w.base + w.n == ids->prev_end)
		out->state = JOURNAL_STALE;
	else
		return VAULT_ERR_DAMAGED;
	return VAULT_OK;
}
