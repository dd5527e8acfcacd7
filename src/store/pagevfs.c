/*
 * The paged database of store/pagevfs.h: a SQLite VFS ("tend-paged") with
 * one kind of file, the vault's payload seen as the database.  SQLite asks
 * for pages; a page lies in one chunk (CHUNK_LEN is a multiple of every
 * SQLite page size), which is read and opened on the first read of any
 * of its pages and kept among the CACHE last used.  Pages written go to a
 * table in memory that reads look in first.  Every block that held
 * plaintext is wiped before it is freed.
 */
#include "store/pagevfs.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/vaultpriv.h"
#include "store/vfs.h"

#define CACHE 32 /* chunks kept opened: 2 MiB */

struct cached {
	uint64_t idx; /* the chunk it holds */
	uint64_t used; /* when last read (p->tick) */
	uint8_t *data; /* CHUNK_LEN bytes; NULL while empty */
};

/* A page written, in the table of written pages. */
struct written {
	uint64_t no; /* page number from 0 */
	uint8_t *data; /* psz bytes */
};

struct paged {
	int fd;
	struct vaultfmt_chunks c;
	uint8_t *ct; /* one chunk's ciphertext, read before it is opened */
	struct cached cache[CACHE];
	uint64_t tick;
	struct written *tab; /* open addressing on no; data NULL: empty */
	size_t tabcap, npages;
	size_t psz; /* page size, from the image's header or first write */
	uint64_t size; /* the database's length now */
};

/* ---- pages ---- */

static void
wipe_free(void *p, size_t n)
{
	if (p) {
		sodium_memzero(p, n);
		free(p);
	}
}

static size_t
slot_of(const struct paged *p, uint64_t no)
{
	return (size_t)((no * 0x9E3779B97F4A7C15ull) >> 7) & (p->tabcap - 1);
}

static struct written *
find(struct paged *p, uint64_t no)
{
	if (!p->tabcap)
		return NULL;
	for (size_t i = slot_of(p, no);; i = (i + 1) & (p->tabcap - 1)) {
		if (!p->tab[i].data)
			return NULL;
		if (p->tab[i].no == no)
			return &p->tab[i];
	}
}

/* Puts (no, data) in the table, growing it at half full.  -1: no memory
 * (data is not taken). */
static int
insert(struct paged *p, uint64_t no, uint8_t *data)
{
	if (2 * (p->npages + 1) > p->tabcap) {
		size_t cap = p->tabcap ? 2 * p->tabcap : 64;
		struct written *old = p->tab;
		size_t oldcap = p->tabcap;

		p->tab = calloc(cap, sizeof(*p->tab));
		if (!p->tab) {
			p->tab = old;
			return -1;
		}
		p->tabcap = cap;
		for (size_t i = 0; i < oldcap; i++)
			if (old[i].data) {
				size_t k = slot_of(p, old[i].no);

				while (p->tab[k].data)
					k = (k + 1) & (cap - 1);
				p->tab[k] = old[i];
			}
		free(old);
	}
	for (size_t i = slot_of(p, no);; i = (i + 1) & (p->tabcap - 1))
		if (!p->tab[i].data) {
			p->tab[i] = (struct written){no, data};
			p->npages++;
			return 0;
		}
}

/* Drops every written page from page number `from` on (a truncation). */
static void
drop_from(struct paged *p, uint64_t from)
{
	struct written *old = p->tab;
	size_t cap = p->tabcap;

	if (!cap)
		return;
	p->tab = calloc(cap, sizeof(*p->tab));
	if (!p->tab) { /* keep them: reads stop at p->size all the same */
		p->tab = old;
		return;
	}
	p->npages = 0;
	for (size_t i = 0; i < cap; i++) {
		if (!old[i].data)
			continue;
		if (old[i].no >= from)
			wipe_free(old[i].data, p->psz);
		else
			(void)insert(p, old[i].no, old[i].data);
	}
	free(old);
}

/* Chunk i opened, from the cache or the file; NULL when it cannot be read
 * or does not open (the file changed since it was checked). */
static const uint8_t *
chunk(struct paged *p, uint64_t i)
{
	struct cached *best = &p->cache[0];
	uint64_t off;
	size_t len, done = 0;

	for (int k = 0; k < CACHE; k++) {
		struct cached *e = &p->cache[k];

		if (e->data && e->idx == i) {
			e->used = ++p->tick;
			return e->data;
		}
		if (!e->data || (best->data && e->used < best->used))
			best = e;
	}
	if (!best->data) {
		best->data = malloc(CHUNK_LEN);
		if (!best->data)
			return NULL;
	}
	vaultfmt_chunk_span(&p->c, i, &off, &len);
	while (done < len) {
		ssize_t r = pread(p->fd, p->ct + done, len - done,
		                  (off_t)(off + done));

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		done += (size_t)r;
	}
	best->used = ++p->tick;
	best->idx = UINT64_MAX;
	if (done < len ||
	    vaultfmt_chunk_open(&p->c, i, p->ct, len, best->data) < 0)
		return NULL;
	best->idx = i;
	return best->data;
}

/* Reads amt bytes at off, within one page, from the written pages or the
 * payload.  SQLITE_OK or SQLITE_IOERR_READ. */
static int
read_page_part(struct paged *p, uint8_t *out, size_t amt, uint64_t off)
{
	struct written *w = p->psz ? find(p, off / p->psz) : NULL;
	const uint8_t *src;

	if (w) {
		memcpy(out, w->data + off % p->psz, amt);
		return SQLITE_OK;
	}
	if (off >= p->c.n) { /* grown, never written: zeros */
		memset(out, 0, amt);
		return SQLITE_OK;
	}
	src = chunk(p, off / CHUNK_LEN);
	if (!src)
		return SQLITE_IOERR_READ;
	memcpy(out, src + off % CHUNK_LEN, amt);
	return SQLITE_OK;
}

/* ---- the file's methods ---- */

/* Frees p, wiping every block that held plaintext. */
static void
paged_free(struct paged *p)
{
	for (size_t i = 0; i < p->tabcap; i++)
		wipe_free(p->tab[i].data, p->psz);
	free(p->tab);
	for (int k = 0; k < CACHE; k++)
		wipe_free(p->cache[k].data, CHUNK_LEN);
	free(p->ct); /* ciphertext only */
	vaultfmt_chunks_done(&p->c);
	if (p->fd >= 0)
		close(p->fd);
	free(p);
}

static int
p_close(sqlite3_file *f)
{
	paged_free(vfs_obj(f));
	return SQLITE_OK;
}

static int
p_read(sqlite3_file *f, void *buf, int iamt, sqlite3_int64 ioff)
{
	struct paged *p = vfs_obj(f);
	uint8_t *out = buf;
	size_t amt = (size_t)iamt;
	uint64_t off = (uint64_t)ioff;

	while (amt > 0) {
		size_t k = amt, rc;

		if (off >= p->size) {
			memset(out, 0, amt);
			return SQLITE_IOERR_SHORT_READ;
		}
		/* Within one page (and so one chunk), and the file. */
		if (p->psz && k > p->psz - off % p->psz)
			k = p->psz - off % p->psz;
		if (k > CHUNK_LEN - off % CHUNK_LEN)
			k = CHUNK_LEN - off % CHUNK_LEN;
		if (k > p->size - off)
			k = (size_t)(p->size - off);
		rc = (size_t)read_page_part(p, out, k, off);
		if (rc != SQLITE_OK)
			return (int)rc;
		out += k;
		off += k;
		amt -= k;
	}
	return SQLITE_OK;
}

static int
p_write(sqlite3_file *f, const void *buf, int iamt, sqlite3_int64 ioff)
{
	struct paged *p = vfs_obj(f);
	const uint8_t *in = buf;
	size_t amt = (size_t)iamt;
	uint64_t off = (uint64_t)ioff;

	if (!p->psz) /* an empty database: SQLite writes whole pages */
		p->psz = amt;
	while (amt > 0) {
		uint64_t no = off / p->psz;
		size_t at = (size_t)(off % p->psz), k = p->psz - at;
		struct written *w = find(p, no);

		if (k > amt)
			k = amt;
		if (!w) {
			uint8_t *d = malloc(p->psz);
			int rc = SQLITE_OK;

			if (!d)
				return SQLITE_IOERR_NOMEM;
			/* A part of a page: the rest as it is now. */
			if (k < p->psz) {
				uint64_t base = no * p->psz;

				memset(d, 0, p->psz);
				if (base < p->size)
					rc = p_read(
					        f, d,
					        (int)(p->size - base < p->psz
					                      ? p->size - base
					                      : p->psz),
					        (sqlite3_int64)base);
			}
			if ((rc != SQLITE_OK &&
			     rc != SQLITE_IOERR_SHORT_READ) ||
			    insert(p, no, d) < 0) {
				wipe_free(d, p->psz);
				return rc != SQLITE_OK ? rc
				                       : SQLITE_IOERR_NOMEM;
			}
			w = find(p, no);
		}
		memcpy(w->data + at, in, k);
		in += k;
		off += k;
		amt -= k;
		if (off > p->size)
			p->size = off;
	}
	return SQLITE_OK;
}

static int
p_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	struct paged *p = vfs_obj(f);

	if ((uint64_t)size < p->size) {
		p->size = (uint64_t)size;
		if (p->psz)
			drop_from(p, (p->size + p->psz - 1) / p->psz);
	}
	return SQLITE_OK;
}

static int
p_size(sqlite3_file *f, sqlite3_int64 *size)
{
	*size = (sqlite3_int64)((struct paged *)vfs_obj(f))->size;
	return SQLITE_OK;
}

static const sqlite3_io_methods methods =
        VFS_FILE_METHODS(p_close, p_read, p_write, p_truncate, p_size);

/* ---- opening ---- */

/* The page size a database image states (bytes 16 and 17; 1 is 65536),
 * or 0 when chunk 0 cannot say. */
static size_t
page_size(struct paged *p)
{
	const uint8_t *c0;
	size_t psz;

	if (p->c.n < 100)
		return 0;
	c0 = chunk(p, 0);
	if (!c0)
		return 0;
	psz = (size_t)c0[16] << 8 | c0[17];
	if (psz == 1)
		psz = 65536;
	if (psz < 512 || psz > 65536 || (psz & (psz - 1)))
		return 0;
	return psz;
}

enum vault_err
pagevfs_open(const struct vault *v, const struct vaultfmt_chunks *c, int fd,
             sqlite3 **out)
{
	struct paged *p;
	enum vault_err e;
	int taken;

	*out = NULL;
	e = vaultfmt_verify(v, c);
	if (e != VAULT_OK)
		return e;
	p = calloc(1, sizeof(*p));
	if (!p)
		return VAULT_ERR_NOMEM;
	p->c = *c;
	p->size = c->n;
	p->ct = malloc(CHUNK_LEN + TAG_LEN);
	p->fd = dup(fd);
	if (!p->ct || p->fd < 0) {
		e = p->fd < 0 ? vault_io_error(errno, v->path)
		              : VAULT_ERR_NOMEM;
		goto fail;
	}
	p->psz = page_size(p);
	if (c->n && !p->psz) {
		e = VAULT_ERR_DAMAGED;
		goto fail;
	}
	e = vfs_open("tend-paged", &methods, p, out, &taken);
	if (e == VAULT_OK || taken)
		return e; /* a database that failed closed its file */
fail:
	paged_free(p);
	return e;
}
