/*
 * The bytes of a vault file, formats 1 to 3 (tend-vault(5)): the fixed
 * header, the key slots' 100-byte records and the tail (payload nonce,
 * payload length, checksum), all integers little-endian, and the payload
 * sealed with XChaCha20-Poly1305 under the data key: in format 3 chunk by
 * chunk, each bound to the whole header, its number and whether it is
 * the last; in formats 1 and 2 in one piece, the header as its associated
 * data.  Parsing holds every field to hard limits before
 * anything is derived or decrypted, so a crafted file costs no more than a
 * real one; damage of any header byte shows as a damaged file (the
 * checksum), never as a wrong passphrase.
 *
 * Sealing is done a piece at a time (in formats 1 and 2 the same bytes
 * as libsodium's one-shot crypto_aead_xchacha20poly1305_ietf_encrypt,
 * built from its HChaCha20, ChaCha20 and Poly1305 parts), so that saving
 * a large vault needs no second copy of it in memory.  Opening a format-3
 * payload splits its chunks among threads (one per core, at most
 * MAX_THREADS): the unlock of a large vault costs its share of the cores,
 * not one core's pass over every byte twice (ChaCha20 and Poly1305).
 */
#include "store/vaultfmt.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "store/vaultpriv.h"

static const uint8_t magic[8] = {0x89, 'T', 'N', 'D', '\r', '\n', 0x1a, '\n'};

/* ---- little-endian fields ---- */

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void
put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void
put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t
get32(const uint8_t *p)
{
	uint32_t v = 0;

	for (int i = 3; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static uint64_t
get64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

void
vaultfmt_slot_encode(const struct slot *s, uint8_t *p)
{
	memset(p, 0, SLOT_SIZE);
	p[0] = s->type;
	p[1] = s->alg;
	put32(p + 4, s->opslimit);
	put32(p + 8, s->mem_kib);
	memcpy(p + 12, s->salt, SALT_LEN);
	memcpy(p + 28, s->nonce, NONCE_LEN);
	memcpy(p + 52, s->wrapped, WRAPPED_LEN);
}

/* ---- the chunks of format 3 ---- */

#define CHUNK_CT (CHUNK_LEN + TAG_LEN) /* a whole chunk's ciphertext */

/* The number of chunks of a format-3 payload of clen bytes (tags
 * included), or 0 when no payload has that length: every chunk but the
 * last holds CHUNK_LEN bytes, the last 1 to CHUNK_LEN (0 only when it is
 * the only one: an empty image). */
static uint64_t
chunk_count(uint64_t clen)
{
	uint64_t whole = clen / CHUNK_CT, rest = clen % CHUNK_CT;

	if (rest == 0)
		return whole;
	if (rest < TAG_LEN || (rest == TAG_LEN && whole > 0))
		return 0;
	return whole + 1;
}

/* The ciphertext length of an image of n bytes in format 3. */
static uint64_t
chunked_len(uint64_t n)
{
	uint64_t count = n ? (n + CHUNK_LEN - 1) / CHUNK_LEN : 1;

	return n + count * TAG_LEN;
}

/* Chunk i's nonce: payload_nonce with its last 8 bytes XORed with i. */
static void
chunk_nonce(const uint8_t *nonce, uint64_t i, uint8_t out[NONCE_LEN])
{
	memcpy(out, nonce, NONCE_LEN);
	for (int k = 0; k < 8; k++)
		out[16 + k] ^= (uint8_t)(i >> (8 * k));
}

/* Chunk i's associated data: the header's hash, i, and 1 for the last. */
static void
chunk_ad(const uint8_t *hash, uint64_t i, int last, uint8_t out[41])
{
	memcpy(out, hash, 32);
	put64(out + 32, i);
	out[40] = (uint8_t)(last != 0);
}

/* Opens chunk i of c: its len bytes of ciphertext at ct (which may be
 * out) and its tag into out.  0, or -1 when it does not authenticate. */
static int
chunk_open(const struct vaultfmt_chunks *c, uint64_t i, uint8_t *out,
           const uint8_t *ct, size_t len, const uint8_t *tag)
{
	uint8_t nonce[NONCE_LEN], ad[41];

	chunk_nonce(c->nonce, i, nonce);
	chunk_ad(c->ad, i, i + 1 == c->count, ad);
	return crypto_aead_xchacha20poly1305_ietf_decrypt_detached(
	               out, NULL, ct, len, tag, ad, sizeof(ad), nonce,
	               c->key) == 0
	               ? 0
	               : -1;
}

/* ---- the header ---- */

static size_t
fixed_size(int format)
{
	return format == FORMAT_V1 ? FIXED_V1 : FIXED_V2;
}

size_t
vaultfmt_header_size(int format, int nslots)
{
	return fixed_size(format) + (size_t)nslots * SLOT_SIZE + TAIL_SIZE;
}

/* Writes the header for v with ids, the payload nonce and the ciphertext
 * length into p (vaultfmt_header_size bytes), checksum included. */
static void
header_encode(const struct vault *v, const struct vaultfmt_ids *ids,
              const uint8_t *pnonce, uint64_t clen, uint8_t *p)
{
	size_t fixed = fixed_size(ids->format);
	size_t hlen = vaultfmt_header_size(ids->format, v->nslots);
	uint8_t *t;

	memset(p, 0, hlen);
	memcpy(p, magic, sizeof(magic));
	put16(p + OFF_VERSION, (uint16_t)ids->format);
	put16(p + OFF_FLAGS, 0);
	put32(p + OFF_HLEN, (uint32_t)hlen);
	memcpy(p + OFF_FILE_ID, v->file_id, 16);
	put64(p + OFF_GEN, ids->gen);
	p[OFF_NSLOTS] = (uint8_t)v->nslots;
	if (ids->format != FORMAT_V1) {
		put64(p + OFF_JID, ids->jid);
		put64(p + OFF_PREV_JID, ids->prev_jid);
		put64(p + OFF_PREV_END, ids->prev_end);
	}
	for (int i = 0; i < v->nslots; i++)
		vaultfmt_slot_encode(&v->slots[i], p + fixed + i * SLOT_SIZE);
	t = p + fixed + v->nslots * SLOT_SIZE;
	memcpy(t, pnonce, NONCE_LEN);
	put64(t + NONCE_LEN, clen);
	crypto_generichash(t + 32, CHECKSUM_LEN, p, hlen - CHECKSUM_LEN, NULL,
	                   0);
}

static int
all_zero(const uint8_t *p, size_t n)
{
	uint8_t acc = 0;

	for (size_t i = 0; i < n; i++)
		acc |= p[i];
	return acc == 0;
}

/* The format of a file whose first bytes are buf (at least 10), or the
 * error for it. */
static enum vault_err
format_of(const uint8_t *buf, int *format)
{
	uint16_t ver = get16(buf + OFF_VERSION);

	if (memcmp(buf, magic, sizeof(magic)) != 0)
		return VAULT_ERR_DAMAGED;
	if (ver == FORMAT_V1 || ver == FORMAT_V2 || ver == FORMAT_VERSION) {
		*format = ver;
		return VAULT_OK;
	}
	return ver > FORMAT_VERSION && ver < 256 ? VAULT_ERR_VERSION
	                                         : VAULT_ERR_DAMAGED;
}

enum vault_err
vaultfmt_header_parse(struct vault *v, const uint8_t *buf, size_t avail,
                      uint64_t file_size)
{
	uint8_t sum[CHECKSUM_LEN];
	size_t hlen, fixed;
	const uint8_t *t;
	uint64_t clen;
	int nslots, seen = 0, format;
	enum vault_err e;

	if (avail < FIXED_V1 || file_size < avail)
		return VAULT_ERR_DAMAGED;
	e = format_of(buf, &format);
	if (e != VAULT_OK)
		return e;
	fixed = fixed_size(format);
	hlen = get32(buf + OFF_HLEN);
	if (hlen < vaultfmt_header_size(format, 1) || hlen > VAULT_MAX_HEADER ||
	    hlen > avail)
		return VAULT_ERR_DAMAGED;
	crypto_generichash(sum, sizeof(sum), buf, hlen - CHECKSUM_LEN, NULL, 0);
	if (sodium_memcmp(sum, buf + hlen - CHECKSUM_LEN, CHECKSUM_LEN) != 0)
		return VAULT_ERR_DAMAGED;
	/* From here on the header is what its writer wrote: anything odd is
	 * a crafted file, reported as damage (or limits) all the same. */
	nslots = buf[OFF_NSLOTS];
	if (nslots < 1 || nslots > MAX_SLOTS ||
	    hlen != vaultfmt_header_size(format, nslots) ||
	    get16(buf + OFF_FLAGS) != 0 || !all_zero(buf + OFF_NSLOTS + 1, 7))
		return VAULT_ERR_DAMAGED;
	memset(&v->ids, 0, sizeof(v->ids));
	v->ids.format = format;
	if (format != FORMAT_V1) {
		v->ids.jid = get64(buf + OFF_JID);
		v->ids.prev_jid = get64(buf + OFF_PREV_JID);
		v->ids.prev_end = get64(buf + OFF_PREV_END);
		if (v->ids.jid == 0 || !all_zero(buf + OFF_PREV_END + 8, 8))
			return VAULT_ERR_DAMAGED;
	}
	memcpy(v->file_id, buf + OFF_FILE_ID, 16);
	v->ids.gen = get64(buf + OFF_GEN);
	v->generation = v->ids.gen;
	v->nslots = nslots;
	for (int i = 0; i < nslots; i++) {
		const uint8_t *p = buf + fixed + i * SLOT_SIZE;
		struct slot *s = &v->slots[i];

		s->type = p[0];
		s->alg = p[1];
		s->opslimit = get32(p + 4);
		s->mem_kib = get32(p + 8);
		memcpy(s->salt, p + 12, SALT_LEN);
		memcpy(s->nonce, p + 28, NONCE_LEN);
		memcpy(s->wrapped, p + 52, WRAPPED_LEN);
		if ((s->type != SLOT_PASSPHRASE && s->type != SLOT_RECOVERY) ||
		    (seen & (1 << s->type)) || s->alg != KDF_ARGON2ID13 ||
		    get16(p + 2) != 0)
			return VAULT_ERR_DAMAGED;
		seen |= 1 << s->type;
		if (!slot_kdf_ok(s->opslimit, (uint64_t)s->mem_kib * 1024))
			return VAULT_ERR_LIMITS;
	}
	t = buf + fixed + nslots * SLOT_SIZE;
	clen = get64(t + NONCE_LEN);
	if (clen < TAG_LEN || clen > VAULT_MAX_PAYLOAD ||
	    file_size - hlen != clen ||
	    (format == FORMAT_VERSION && chunk_count(clen) == 0))
		return VAULT_ERR_DAMAGED;
	v->header_len = hlen;
	v->payload_len = clen;
	return VAULT_OK;
}

enum vault_err
vaultfmt_disk_ids(const char *path, uint8_t file_id[16],
                  struct vaultfmt_ids *out)
{
	uint8_t head[FIXED_V2];
	/* Non-blocking: a FIFO put in the vault's place must not hang a save
	 * that holds the lock; the type is checked on the open descriptor. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK |
	                            O_NOCTTY);
	struct stat st;
	ssize_t n;
	int format;

	if (fd < 0) {
		if (errno == ENOENT)
			return VAULT_ERR_NOENT;
		if (errno == ELOOP)
			return VAULT_ERR_NOTFILE;
		return vault_io_error(errno, path);
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return VAULT_ERR_NOTFILE;
	}
	n = pread(fd, head, sizeof(head), 0);
	close(fd);
	if (n < FIXED_V1 || format_of(head, &format) != VAULT_OK ||
	    (format != FORMAT_V1 && n < FIXED_V2))
		return VAULT_ERR_DAMAGED;
	memset(out, 0, sizeof(*out));
	out->format = format;
	memcpy(file_id, head + OFF_FILE_ID, 16);
	out->gen = get64(head + OFF_GEN);
	if (format != FORMAT_V1) {
		out->jid = get64(head + OFF_JID);
		out->prev_jid = get64(head + OFF_PREV_JID);
		out->prev_end = get64(head + OFF_PREV_END);
	}
	return VAULT_OK;
}

/* ---- the payload ---- */

size_t
vaultfmt_payload_len(const struct vault *v)
{
	if (v->ids.format == FORMAT_VERSION)
		return v->payload_len - chunk_count(v->payload_len) * TAG_LEN;
	return v->payload_len - TAG_LEN;
}

uint64_t
vaultfmt_file_size(int format, int nslots, size_t n)
{
	return vaultfmt_header_size(format, nslots) +
	       (format == FORMAT_VERSION ? chunked_len(n) : n + TAG_LEN);
}

/* ---- opening the payload ---- */

#define MAX_THREADS 4
#define BATCH 4 /* chunks a thread reads with one pread and opens */
#define AHEAD_BATCH 16 /* chunks read ahead with one preadv */
#define AHEAD_PEAK 125 /* the most an unlock holds, in % of the image */
#define AHEAD_REST (8 << 20) /* bytes for the rest of the process */

/* Where v's payload chunks are (no key needed). */
static void
chunks_geometry(const struct vault *v, struct vaultfmt_chunks *c)
{
	memset(c, 0, sizeof(*c));
	c->base = v->header_len;
	c->count = chunk_count(v->payload_len);
	c->n = v->payload_len - c->count * TAG_LEN;
}

/* Where a payload's bytes are read from: the vault's file, or the whole
 * file in memory (vault_open_mem). */
struct source {
	int fd;
	const uint8_t *file;
};

static struct source
source_of(const struct vault *v)
{
	return (struct source){v->fd, v->file};
}

/* Reads the file from off into the n buffers of iov, in turn (iov is
 * used up): 0, or -1 with errno set (0 for a file shorter than its header
 * says, which is damage). */
static int
readv_at(struct source src, uint64_t off, struct iovec *iov, int n)
{
	size_t left = 0;

	for (int k = 0; k < n; k++)
		left += iov[k].iov_len;
	if (src.file) {
		for (int k = 0; k < n; off += iov[k].iov_len, k++)
			memcpy(iov[k].iov_base, src.file + off, iov[k].iov_len);
		return 0;
	}
	while (left > 0) {
		ssize_t r = preadv(src.fd, iov, n, (off_t)off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = 0;
			return -1;
		}
		off += (uint64_t)r;
		left -= (size_t)r;
		for (; n > 0 && (size_t)r >= iov->iov_len; iov++, n--)
			r -= (ssize_t)iov->iov_len;
		if (n > 0) {
			iov->iov_base = (uint8_t *)iov->iov_base + r;
			iov->iov_len -= (size_t)r;
		}
	}
	return 0;
}

/* Reads len bytes at off of v's file, as readv_at. */
static int
read_at(const struct vault *v, uint64_t off, uint8_t *buf, size_t len)
{
	struct iovec iov = {buf, len};

	return readv_at(source_of(v), off, &iov, 1);
}

/* The error for a failed read_at. */
static enum vault_err
read_error(const char *path, int err)
{
	return err ? vault_io_error(err, path) : VAULT_ERR_DAMAGED;
}

/* Formats 1 and 2: the ciphertext into a block of payload_len bytes,
 * opened in place (libsodium checks the tag over the ciphertext first and
 * then decrypts it with a stream cipher, which may write over the bytes it
 * reads). */
static enum vault_err
load_whole(const struct vault *v, const uint8_t *hdr, unsigned char **image,
           size_t *n, size_t *alloc)
{
	const uint8_t *t = hdr + v->header_len - TAIL_SIZE;
	unsigned char *buf = sqlite3_malloc64(v->payload_len);

	if (!buf)
		return VAULT_ERR_NOMEM;
	if (read_at(v, v->header_len, buf, v->payload_len) < 0) {
		enum vault_err e = read_error(v->path, errno);

		sqlite3_free(buf);
		return e;
	}
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(
	            buf, NULL, NULL, buf, v->payload_len, hdr, v->header_len, t,
	            v->dek) != 0) {
		sqlite3_free(buf);
		return VAULT_ERR_DAMAGED;
	}
	*image = buf;
	*n = v->payload_len - TAG_LEN;
	*alloc = v->payload_len;
	return VAULT_OK;
}

/*
 * A format-3 unlock reads each chunk's ciphertext into the place its
 * plaintext will have in the image block (chunk i's body at i * CHUNK_LEN,
 * its tag in a table of its own) and opens it there, in place.  So the
 * chunks can be read before the key is known: while Argon2id works on one
 * core, a thread reads ahead on another (vaultfmt_read_ahead).
 */

/* Reads chunks [from, to) of c (to - from <= AHEAD_BATCH) into img and
 * tags from src, as readv_at. */
static int
place_chunks(struct source src, const struct vaultfmt_chunks *c,
             unsigned char *img, uint8_t *tags, uint64_t from, uint64_t to)
{
	struct iovec iov[2 * AHEAD_BATCH];
	uint64_t pos, off;
	size_t len;
	int n = 0;

	vaultfmt_chunk_span(c, from, &pos, &len);
	for (uint64_t i = from; i < to; i++) {
		vaultfmt_chunk_span(c, i, &off, &len);
		iov[n++] = (struct iovec){img + i * CHUNK_LEN, len - TAG_LEN};
		iov[n++] = (struct iovec){tags + i * TAG_LEN, TAG_LEN};
	}
	return readv_at(src, pos, iov, n);
}

/* Starts fn(arg) on a thread of its own with every signal blocked (a
 * signal is the main thread's to take: the full screen waits for them
 * there).  True when it started. */
static bool
start_thread(pthread_t *th, void *(*fn)(void *), void *arg)
{
	sigset_t all, old;
	bool ok;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	ok = pthread_create(th, NULL, fn, arg) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return ok;
}

/* The cores to use: those online, at most MAX_THREADS. */
static uint64_t
cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : (uint64_t)n;
}

/* The threads for count chunks: one per core, and one for a small vault
 * (starting threads would cost more). */
static int
thread_count(uint64_t count)
{
	uint64_t t = cores();

	if (t > count / 32) /* 2 MiB a thread at least */
		t = count / 32 ? count / 32 : 1;
	return (int)t;
}

/* ---- checking every chunk (the paged reading) ---- */

/* The chunks being checked, shared by the threads that check them: each
 * takes the next BATCH chunks until none are left or one fails. */
struct checking {
	const struct vault *v;
	const struct vaultfmt_chunks *c;
	atomic_uint_fast64_t next; /* the first chunk of the next batch */
	atomic_bool failed;
};

/* One thread's part: its error, and errno of a failed read. */
struct checker {
	struct checking *o;
	enum vault_err e;
	int err;
};

/* Checks chunks [i, i + k) only: read into ct, each opened into pt and
 * dropped. */
static enum vault_err
check_batch(struct checking *o, uint64_t i, uint64_t k, uint8_t *ct,
            uint8_t *pt)
{
	uint64_t off, first;
	size_t len, all;

	vaultfmt_chunk_span(o->c, i, &first, &len);
	vaultfmt_chunk_span(o->c, i + k - 1, &off, &len);
	all = (size_t)(off - first) + len;
	if (read_at(o->v, first, ct, all) < 0)
		return VAULT_ERR_IO;
	for (uint64_t j = i; j < i + k; j++) {
		vaultfmt_chunk_span(o->c, j, &off, &len);
		if (vaultfmt_chunk_open(o->c, j, ct + (off - first), len, pt) <
		    0)
			return VAULT_ERR_DAMAGED;
	}
	return VAULT_OK;
}

static void *
check_share(void *arg)
{
	struct checker *me = arg;
	struct checking *o = me->o;
	/* A batch's ciphertext and one chunk's plaintext. */
	uint8_t *ct = malloc((size_t)BATCH * CHUNK_CT);
	uint8_t *pt = malloc(CHUNK_LEN);

	if (!ct || !pt) {
		me->e = VAULT_ERR_NOMEM;
		atomic_store(&o->failed, true);
	}
	while (me->e == VAULT_OK && !atomic_load(&o->failed)) {
		uint64_t i = atomic_fetch_add(&o->next, BATCH);
		uint64_t k = o->c->count - i < BATCH ? o->c->count - i : BATCH;

		if (i >= o->c->count)
			break;
		me->e = check_batch(o, i, k, ct, pt);
		if (me->e == VAULT_ERR_IO)
			me->err = errno;
		if (me->e != VAULT_OK)
			atomic_store(&o->failed, true);
	}
	free(ct); /* ciphertext only */
	if (pt) {
		sodium_memzero(pt, CHUNK_LEN);
		free(pt);
	}
	return NULL;
}

enum vault_err
vaultfmt_verify(const struct vault *v, const struct vaultfmt_chunks *c)
{
	struct checking o = {.v = v, .c = c};
	struct checker me[MAX_THREADS];
	pthread_t th[MAX_THREADS];
	bool started[MAX_THREADS] = {false};
	enum vault_err e = VAULT_OK;
	int nt = thread_count(c->count);

	atomic_init(&o.next, 0);
	atomic_init(&o.failed, false);
	for (int t = 0; t < nt; t++) {
		me[t] = (struct checker){&o, VAULT_OK, 0};
		/* The first share is this thread's own. */
		if (t > 0)
			started[t] = start_thread(&th[t], check_share, &me[t]);
	}
	check_share(&me[0]);
	for (int t = 1; t < nt; t++)
		if (started[t])
			pthread_join(th[t], NULL);
	for (int t = 0; t < nt && e == VAULT_OK; t++)
		if (me[t].e != VAULT_OK)
			e = me[t].e == VAULT_ERR_IO
			            ? read_error(v->path, me[t].err)
			            : me[t].e;
	return e;
}

/* ---- reading ahead while the key is derived ---- */

/* The chunks, image block and tag table of v's payload (format 3): 0, or
 * -1 when memory is short. */
static int
ahead_init(struct vaultfmt_ahead *a, const struct vault *v)
{
	a->v = v;
	chunks_geometry(v, &a->c);
	a->img = sqlite3_malloc64(a->c.n + TAG_LEN);
	a->tags = malloc(a->c.count * TAG_LEN);
	return a->img && a->tags ? 0 : -1;
}

static void *
read_ahead(void *arg)
{
	struct vaultfmt_ahead *a = arg;

	while (a->ready < a->want && !atomic_load(&a->stop)) {
		uint64_t to = a->want - a->ready < AHEAD_BATCH
		                      ? a->want
		                      : a->ready + AHEAD_BATCH;

		if (place_chunks(source_of(a->v), &a->c, a->img, a->tags,
		                 a->ready, to) < 0)
			break; /* the unlock reads them again, and says why */
		a->ready = to;
	}
	return NULL;
}

void
vaultfmt_read_ahead(struct vaultfmt_ahead *a, const struct vault *v,
                    uint64_t kdf_mem)
{
	uint64_t n, budget;

	memset(a, 0, sizeof(*a));
	atomic_init(&a->stop, false);
	/* The paged reading keeps no image; one core has none to spare. */
	if (v->ids.format != FORMAT_VERSION || v->paged || cores() < 2)
		return;
	/*
	 * Once the key is derived, the image alone is held (the derivation's
	 * memory is freed by then); before that, the derivation's memory and
	 * what is read ahead both are.  So only what fits beside the
	 * derivation, within AHEAD_PEAK of the image and AHEAD_REST for the
	 * rest of the process, is read: the unlock's peak stays under it.
	 */
	n = vaultfmt_payload_len(v);
	budget = n / 100 * AHEAD_PEAK;
	if (budget <= kdf_mem + AHEAD_REST)
		return;
	a->want = (budget - kdf_mem - AHEAD_REST) / CHUNK_LEN;
	if (a->want < 32) /* 2 MiB: less is not worth a thread */
		return;
	if (ahead_init(a, v) < 0) {
		vaultfmt_ahead_end(a);
		return;
	}
	if (a->want > a->c.count)
		a->want = a->c.count;
	a->running = start_thread(&a->th, read_ahead, a);
	if (!a->running)
		vaultfmt_ahead_end(a);
}

/* Waits for a's thread. */
static void
ahead_join(struct vaultfmt_ahead *a)
{
	if (a->running)
		pthread_join(a->th, NULL);
	a->running = false;
}

void
vaultfmt_ahead_end(struct vaultfmt_ahead *a)
{
	atomic_store(&a->stop, true);
	ahead_join(a);
	sqlite3_free(a->img); /* wiped by the allocator */
	free(a->tags); /* tags only */
	a->img = NULL;
	a->tags = NULL;
}

/* ---- the image, opened a chunk at a time ---- */

/* What has become of a chunk of an image being opened. */
enum {
	CHUNK_WAITING, /* nobody has it yet */
	CHUNK_TAKEN, /* a thread is reading and opening it */
	CHUNK_OPEN, /* its plaintext is in place */
	CHUNK_BAD /* it could not be read, or did not authenticate */
};

struct vaultfmt_image {
	struct source src; /* a descriptor of its own, or the file */
	char *path; /* the file's, for the error of a failed read */
	struct vaultfmt_chunks c;
	unsigned char *img; /* the block: c.n bytes, alloc in all */
	size_t alloc;
	uint8_t *tags; /* each chunk's tag, read beside its body */
	uint64_t placed; /* chunks [0, placed) were read ahead */
	unsigned char *state; /* each chunk's, CHUNK_* (under mu) */
	pthread_mutex_t mu;
	pthread_cond_t done; /* a chunk was opened or found bad */
	atomic_uint_fast64_t next; /* the first chunk of the next batch */
	atomic_bool stop; /* a chunk is bad, or the image is dropped */
	pthread_t th[MAX_THREADS];
	int nth;
	bool settled;
	enum vault_err e; /* the first failure (under mu): VAULT_ERR_IO
	                   * with err, VAULT_ERR_DAMAGED */
	int err; /* errno of a failed read (0: the file is short) */
};

/* Opens chunks [i, i + k) of im whose taken[] is set (the caller took
 * them): reads those not in place, opens each where it lies, then says
 * so to whoever waits. */
static void
open_taken(struct vaultfmt_image *im, uint64_t i, uint64_t k, const bool *taken)
{
	unsigned char result[BATCH];
	enum vault_err e = VAULT_OK;
	int err = 0;

	for (uint64_t j = i; j < i + k && e == VAULT_OK;) {
		uint64_t to = j + 1;

		if (!taken[j - i] || j < im->placed) {
			j++;
			continue;
		}
		while (to < i + k && taken[to - i])
			to++;
		/* Said on the thread that asks (vault_io_error records it
		 * for the process): the errno for now. */
		if (place_chunks(im->src, &im->c, im->img, im->tags, j, to) <
		    0) {
			e = VAULT_ERR_IO;
			err = errno;
		}
		j = to;
	}
	for (uint64_t j = i; j < i + k; j++) {
		uint8_t *at = im->img + j * CHUNK_LEN;
		uint64_t off;
		size_t len;

		if (!taken[j - i])
			continue;
		vaultfmt_chunk_span(&im->c, j, &off, &len);
		result[j - i] =
		        e == VAULT_OK && chunk_open(&im->c, j, at, at,
		                                    len - TAG_LEN,
		                                    im->tags + j * TAG_LEN) == 0
		                ? CHUNK_OPEN
		                : CHUNK_BAD;
		if (result[j - i] == CHUNK_BAD && e == VAULT_OK)
			e = VAULT_ERR_DAMAGED;
	}
	pthread_mutex_lock(&im->mu);
	for (uint64_t j = i; j < i + k; j++)
		if (taken[j - i])
			im->state[j] = result[j - i];
	if (e != VAULT_OK && im->e == VAULT_OK) {
		im->e = e;
		im->err = err;
	}
	pthread_cond_broadcast(&im->done);
	pthread_mutex_unlock(&im->mu);
	if (e != VAULT_OK)
		atomic_store(&im->stop, true); /* the rest is not needed */
}

/* Takes the chunks of [i, i + k) nobody has taken: taken[] says which. */
static void
take(struct vaultfmt_image *im, uint64_t i, uint64_t k, bool *taken)
{
	pthread_mutex_lock(&im->mu);
	for (uint64_t j = i; j < i + k; j++) {
		taken[j - i] = im->state[j] == CHUNK_WAITING;
		if (taken[j - i])
			im->state[j] = CHUNK_TAKEN;
	}
	pthread_mutex_unlock(&im->mu);
}

/* Opens the next BATCH chunks in turn until none are left (or one is
 * bad, or the image is dropped). */
static void
open_rest(struct vaultfmt_image *im)
{
	bool taken[BATCH];

	while (!atomic_load(&im->stop)) {
		uint64_t i = atomic_fetch_add(&im->next, BATCH);
		uint64_t k;

		if (i >= im->c.count)
			break;
		k = im->c.count - i < BATCH ? im->c.count - i : BATCH;
		take(im, i, k, taken);
		open_taken(im, i, k, taken);
	}
}

static void *
open_thread(void *arg)
{
	open_rest(arg);
	return NULL;
}

/* Waits for im's threads. */
static void
image_join(struct vaultfmt_image *im)
{
	for (int t = 0; t < im->nth; t++)
		pthread_join(im->th[t], NULL);
	im->nth = 0;
}

/* Formats 1 and 2: the payload opened whole, before anything is read. */
static enum vault_err
image_whole(struct vaultfmt_image *im, const struct vault *v,
            const uint8_t *hdr)
{
	size_t n = 0;
	enum vault_err e = load_whole(v, hdr, &im->img, &n, &im->alloc);

	im->c.n = n;
	im->settled = true;
	return e;
}

/* Format 3: the block (read ahead in part, or new), and the threads that
 * open the chunks on the other cores. */
static enum vault_err
image_chunks(struct vaultfmt_image *im, const struct vault *v,
             const uint8_t *hdr, struct vaultfmt_ahead *ahead)
{
	struct vaultfmt_ahead own = {0};
	struct vaultfmt_ahead *a = ahead && ahead->img ? ahead : &own;
	enum vault_err e = vaultfmt_chunks_init(v, hdr, &im->c);

	if (e == VAULT_OK && a == &own && ahead_init(a, v) < 0)
		e = VAULT_ERR_NOMEM;
	/* The key is known: what is not read ahead yet is read by the
	 * threads that open, not by the one that was reading.  (Tests can ask
	 * for the whole read ahead, TEND_TEST_READ_AHEAD=whole: their key
	 * derivation takes no time, and chunks read ahead should be certain.) */
	if (!getenv("TEND_TEST_READ_AHEAD"))
		atomic_store(&a->stop, true);
	ahead_join(a);
	if (e == VAULT_OK) {
		im->img = a->img;
		im->tags = a->tags;
		im->placed = a->ready;
		im->alloc = im->c.n + TAG_LEN; /* SQLite may grow it in place */
		a->img = NULL;
		a->tags = NULL;
		im->state = calloc(im->c.count, sizeof(*im->state));
		im->src.fd = v->fd >= 0 ? dup(v->fd) : -1;
		if (!im->state)
			e = VAULT_ERR_NOMEM;
		else if (v->fd >= 0 && im->src.fd < 0)
			e = vault_io_error(errno, v->path);
	}
	vaultfmt_ahead_end(a);
	if (e != VAULT_OK)
		return e;
	/* Every core but this one; this one opens what is read first, and
	 * the rest with them once it settles. */
	for (int t = 1, nt = thread_count(im->c.count); t < nt; t++)
		if (start_thread(&im->th[im->nth], open_thread, im))
			im->nth++;
	return VAULT_OK;
}

enum vault_err
vaultfmt_image_start(const struct vault *v, const uint8_t *hdr,
                     struct vaultfmt_ahead *ahead, struct vaultfmt_image **out)
{
	struct vaultfmt_image *im = calloc(1, sizeof(*im));
	enum vault_err e;

	*out = NULL;
	if (!im)
		return VAULT_ERR_NOMEM;
	im->src = (struct source){-1, v->file};
	im->path = v->path ? strdup(v->path) : NULL;
	atomic_init(&im->next, 0);
	atomic_init(&im->stop, false);
	pthread_mutex_init(&im->mu, NULL);
	pthread_cond_init(&im->done, NULL);
	if (v->path && !im->path)
		e = VAULT_ERR_NOMEM;
	else if (v->ids.format == FORMAT_VERSION)
		e = image_chunks(im, v, hdr, ahead);
	else
		e = image_whole(im, v, hdr);
	if (e != VAULT_OK) {
		vaultfmt_image_free(im);
		return e;
	}
	*out = im;
	return VAULT_OK;
}

unsigned char *
vaultfmt_image_block(const struct vaultfmt_image *im, size_t *n, size_t *alloc)
{
	*n = (size_t)im->c.n;
	*alloc = im->alloc;
	return im->img;
}

int
vaultfmt_image_need(struct vaultfmt_image *im, uint64_t off, uint64_t len)
{
	if (im->settled)
		return im->e == VAULT_OK ? 0 : -1;
	if (len == 0 || off >= im->c.n)
		return 0;
	if (len > im->c.n - off)
		len = im->c.n - off;
	for (uint64_t j = off / CHUNK_LEN; j <= (off + len - 1) / CHUNK_LEN;
	     j++) {
		unsigned char st;

		pthread_mutex_lock(&im->mu);
		while (im->state[j] == CHUNK_TAKEN)
			pthread_cond_wait(&im->done, &im->mu);
		st = im->state[j];
		if (st == CHUNK_WAITING)
			im->state[j] = CHUNK_TAKEN;
		pthread_mutex_unlock(&im->mu);
		if (st == CHUNK_WAITING) {
			bool mine = true;

			open_taken(im, j, 1, &mine);
			pthread_mutex_lock(&im->mu);
			st = im->state[j];
			pthread_mutex_unlock(&im->mu);
		}
		if (st != CHUNK_OPEN)
			return -1;
	}
	return 0;
}

/* im's failure as the caller is told it: an I/O error with its errno and
 * path (recorded for vault_errno), or damage. */
static enum vault_err
failure(struct vaultfmt_image *im, enum vault_err e, int err)
{
	return e == VAULT_ERR_IO ? read_error(im->path, err) : e;
}

enum vault_err
vaultfmt_image_settle(struct vaultfmt_image *im)
{
	if (im->settled)
		return failure(im, im->e, im->err);
	open_rest(im);
	image_join(im);
	im->settled = true;
	if (im->src.fd >= 0)
		close(im->src.fd);
	im->src.fd = -1;
	for (uint64_t j = 0; j < im->c.count && im->e == VAULT_OK; j++)
		if (im->state[j] != CHUNK_OPEN)
			im->e = VAULT_ERR_DAMAGED; /* cannot be: said all the same */
	return failure(im, im->e, im->err);
}

enum vault_err
vaultfmt_image_failure(struct vaultfmt_image *im)
{
	enum vault_err e;
	int err;

	pthread_mutex_lock(&im->mu);
	e = im->e;
	err = im->err;
	pthread_mutex_unlock(&im->mu);
	return failure(im, e, err);
}

unsigned char *
vaultfmt_image_take(struct vaultfmt_image *im)
{
	unsigned char *p = im->img;

	im->img = NULL;
	vaultfmt_image_free(im);
	return p;
}

void
vaultfmt_image_free(struct vaultfmt_image *im)
{
	if (!im)
		return;
	atomic_store(&im->stop, true);
	image_join(im);
	if (im->src.fd >= 0)
		close(im->src.fd);
	sqlite3_free(im->img); /* wiped by the allocator */
	free(im->tags); /* tags only */
	free(im->state);
	free(im->path);
	vaultfmt_chunks_done(&im->c);
	pthread_cond_destroy(&im->done);
	pthread_mutex_destroy(&im->mu);
	free(im);
}

enum vault_err
vaultfmt_chunks_init(const struct vault *v, const uint8_t *hdr,
                     struct vaultfmt_chunks *c)
{
	if (v->ids.format != FORMAT_VERSION || !v->dek) {
		memset(c, 0, sizeof(*c));
		return VAULT_ERR_DAMAGED;
	}
	chunks_geometry(v, c);
	memcpy(c->key, v->dek, KEY_LEN);
	memcpy(c->nonce, hdr + v->header_len - TAIL_SIZE, NONCE_LEN);
	crypto_generichash(c->ad, sizeof(c->ad), hdr, v->header_len, NULL, 0);
	return VAULT_OK;
}

void
vaultfmt_chunk_span(const struct vaultfmt_chunks *c, uint64_t i, uint64_t *off,
                    size_t *len)
{
	*off = c->base + i * CHUNK_CT;
	*len = i + 1 < c->count ? CHUNK_CT
	                        : (size_t)(c->n - i * CHUNK_LEN) + TAG_LEN;
}

int
vaultfmt_chunk_open(const struct vaultfmt_chunks *c, uint64_t i,
                    const uint8_t *ct, size_t len, uint8_t *out)
{
	if (len < TAG_LEN)
		return -1;
	return chunk_open(c, i, out, ct, len - TAG_LEN, ct + len - TAG_LEN);
}

void
vaultfmt_chunks_done(struct vaultfmt_chunks *c)
{
	sodium_memzero(c, sizeof(*c));
}

/*
 * XChaCha20-Poly1305-IETF a piece at a time: a subkey from HChaCha20 over
 * the nonce's first 16 bytes, ChaCha20-IETF with the rest (after 4 zero
 * bytes) from block 1 on, and Poly1305 keyed by block 0 over the
 * associated data, the ciphertext (each padded to 16 bytes) and both
 * lengths, as RFC 8439 section 2.8 describes and libsodium computes.
 */
struct stream {
	uint8_t key[crypto_stream_chacha20_ietf_KEYBYTES];
	uint8_t nonce[crypto_stream_chacha20_ietf_NONCEBYTES];
	crypto_onetimeauth_poly1305_state mac;
	uint64_t adlen, clen;
};

static const uint8_t zeros[16];

static void
stream_start(struct stream *s, const uint8_t *key, const uint8_t *nonce,
             const uint8_t *ad, size_t adlen)
{
	uint8_t block0[64];

	crypto_core_hchacha20(s->key, nonce, key, NULL);
	memset(s->nonce, 0, 4);
	memcpy(s->nonce + 4, nonce + 16, 8);
	crypto_stream_chacha20_ietf(block0, sizeof(block0), s->nonce, s->key);
	crypto_onetimeauth_poly1305_init(&s->mac, block0);
	sodium_memzero(block0, sizeof(block0));
	crypto_onetimeauth_poly1305_update(&s->mac, ad, adlen);
	crypto_onetimeauth_poly1305_update(&s->mac, zeros, (16 - adlen) & 15);
	s->adlen = adlen;
	s->clen = 0;
}

/* Encrypts m[0..n) into c; every piece but the last a multiple of 64. */
static void
stream_put(struct stream *s, uint8_t *c, const uint8_t *m, size_t n)
{
	crypto_stream_chacha20_ietf_xor_ic(
	        c, m, n, s->nonce, (uint32_t)(1 + s->clen / 64), s->key);
	crypto_onetimeauth_poly1305_update(&s->mac, c, n);
	s->clen += n;
}

static void
stream_end(struct stream *s, uint8_t tag[TAG_LEN])
{
	uint8_t len[8];

	crypto_onetimeauth_poly1305_update(&s->mac, zeros, (16 - s->clen) & 15);
	put64(len, s->adlen);
	crypto_onetimeauth_poly1305_update(&s->mac, len, 8);
	put64(len, s->clen);
	crypto_onetimeauth_poly1305_update(&s->mac, len, 8);
	crypto_onetimeauth_poly1305_final(&s->mac, tag);
	sodium_memzero(s, sizeof(*s));
}

#define PIECE (1u << 20) /* a multiple of 64 */

/* Formats 1 and 2: the image as one message, a PIECE at a time. */
static int
seal_whole(const struct vault *v, const uint8_t *hdr, size_t hlen,
           const uint8_t *pnonce, const unsigned char *image, size_t n,
           vaultfmt_put put, void *ctx)
{
	uint8_t *piece = malloc(n < PIECE ? (n ? n : 1) : PIECE);
	uint8_t tag[TAG_LEN];
	struct stream s;
	int r = -1;

	if (!piece) {
		errno = ENOMEM;
		return -1;
	}
	stream_start(&s, v->dek, pnonce, hdr, hlen);
	for (size_t off = 0; off < n; off += PIECE) {
		size_t k = n - off < PIECE ? n - off : PIECE;

		stream_put(&s, piece, image + off, k);
		if (put(ctx, piece, k) < 0)
			goto out;
	}
	stream_end(&s, tag);
	r = put(ctx, tag, TAG_LEN);
out:
	sodium_memzero(&s, sizeof(s));
	free(piece); /* ciphertext only */
	return r;
}

/* Format 3: chunk by chunk, PIECE / CHUNK_LEN chunks to a put. */
static int
seal_chunks(const struct vault *v, const uint8_t *hdr, size_t hlen,
            const uint8_t *pnonce, const unsigned char *image, size_t n,
            vaultfmt_put put, void *ctx)
{
	const size_t per = PIECE / CHUNK_LEN;
	uint64_t count = n ? (n + CHUNK_LEN - 1) / CHUNK_LEN : 1;
	uint8_t hash[32], nonce[NONCE_LEN], ad[41];
	uint8_t *piece = malloc(per * CHUNK_CT);
	size_t fill = 0;
	int r = 0;

	if (!piece) {
		errno = ENOMEM;
		return -1;
	}
	crypto_generichash(hash, sizeof(hash), hdr, hlen, NULL, 0);
	for (uint64_t i = 0; i < count && r == 0; i++) {
		size_t off = (size_t)i * CHUNK_LEN;
		size_t k = n - off < CHUNK_LEN ? n - off : CHUNK_LEN;

		chunk_nonce(pnonce, i, nonce);
		chunk_ad(hash, i, i + 1 == count, ad);
		crypto_aead_xchacha20poly1305_ietf_encrypt(
		        piece + fill, NULL, image ? image + off : NULL, k, ad,
		        sizeof(ad), NULL, nonce, v->dek);
		fill += k + TAG_LEN;
		if (fill + CHUNK_CT > per * CHUNK_CT || i + 1 == count) {
			r = put(ctx, piece, fill);
			fill = 0;
		}
	}
	free(piece); /* ciphertext only */
	return r;
}

enum vault_err
vaultfmt_seal(const struct vault *v, const struct vaultfmt_ids *ids,
              const unsigned char *image, size_t n, vaultfmt_put put, void *ctx,
              const char *path)
{
	uint8_t pnonce[NONCE_LEN], hdr[VAULT_MAX_HEADER];
	size_t hlen = vaultfmt_header_size(ids->format, v->nslots);
	bool chunked = ids->format == FORMAT_VERSION;
	int r;

	randombytes_buf(pnonce, sizeof(pnonce));
	header_encode(v, ids, pnonce,
	              chunked ? chunked_len(n) : (uint64_t)n + TAG_LEN, hdr);
	r = put(ctx, hdr, hlen);
	if (r == 0)
		r = (chunked ? seal_chunks : seal_whole)(v, hdr, hlen, pnonce,
		                                         image, n, put, ctx);
	if (r == 0)
		return VAULT_OK;
	return errno == ENOMEM ? VAULT_ERR_NOMEM : vault_io_error(errno, path);
}
