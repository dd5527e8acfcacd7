/*
 * The image of an unlocked vault as a SQLite database (store/imagevfs.h).
 * The file is one block of memory from SQLite's allocator, which wipes it
 * when it is freed.  While it is still being opened, the block belongs to
 * the opening (struct vaultfmt_image) and every read and write asks it
 * for the chunks it touches first; once it settles, the file takes the
 * block and grows it as SQLite writes past its end.
 */
#include "store/imagevfs.h"

#include <stdlib.h>
#include <string.h>

#include "store/vfs.h"

#define GROW_MIN (1u << 20) /* a growing image takes at least 1 MiB more */

struct image {
	unsigned char *buf;
	size_t size; /* the database's bytes */
	size_t alloc; /* the block's */
	/* Owns buf until it settles whole; one that failed stays, and
	 * says why each time it is asked. */
	struct vaultfmt_image *opening;
};

/* Settles the opening, if any: VAULT_OK, or why it failed. */
static enum vault_err
settle(struct image *im)
{
	enum vault_err e;

	if (!im->opening)
		return VAULT_OK;
	e = vaultfmt_image_settle(im->opening);
	if (e != VAULT_OK)
		return e;
	im->buf = vaultfmt_image_take(im->opening);
	im->opening = NULL;
	return VAULT_OK;
}

static void
image_free(struct image *im)
{
	if (im->opening)
		vaultfmt_image_free(im->opening); /* and the block */
	else
		sqlite3_free(im->buf); /* wiped by the allocator */
	free(im);
}

static int
i_close(sqlite3_file *f)
{
	image_free(vfs_obj(f));
	return SQLITE_OK;
}

static int
i_read(sqlite3_file *f, void *buf, int iamt, sqlite3_int64 ioff)
{
	struct image *im = vfs_obj(f);
	size_t amt = (size_t)iamt, k;
	size_t off = (size_t)ioff;

	if (ioff < 0 || off >= im->size) {
		memset(buf, 0, amt);
		return SQLITE_IOERR_SHORT_READ;
	}
	k = im->size - off < amt ? im->size - off : amt;
	if (im->opening && vaultfmt_image_need(im->opening, off, k) < 0)
		return SQLITE_IOERR_READ;
	memcpy(buf, im->buf + off, k);
	if (k < amt) {
		memset((unsigned char *)buf + k, 0, amt - k);
		return SQLITE_IOERR_SHORT_READ;
	}
	return SQLITE_OK;
}

/* Makes the block hold at least want bytes. */
static int
grow(struct image *im, size_t want)
{
	size_t alloc = im->alloc + im->alloc / 8;
	unsigned char *p;

	if (settle(im) != VAULT_OK)
		return SQLITE_IOERR_WRITE;
	if (alloc < want)
		alloc = want;
	if (alloc - want < GROW_MIN)
		alloc = want + GROW_MIN;
	p = sqlite3_realloc64(im->buf, alloc);
	if (!p)
		return SQLITE_IOERR_NOMEM;
	im->buf = p;
	im->alloc = alloc;
	return SQLITE_OK;
}

static int
i_write(sqlite3_file *f, const void *buf, int iamt, sqlite3_int64 ioff)
{
	struct image *im = vfs_obj(f);
	size_t amt = (size_t)iamt, off = (size_t)ioff;

	if (ioff < 0)
		return SQLITE_IOERR_WRITE;
	if (off + amt > im->alloc) {
		int rc = grow(im, off + amt);

		if (rc != SQLITE_OK)
			return rc;
	} else if (im->opening &&
	           vaultfmt_image_need(im->opening, off, amt) < 0) {
		return SQLITE_IOERR_WRITE;
	}
	if (off > im->size)
		memset(im->buf + im->size, 0, off - im->size);
	memcpy(im->buf + off, buf, amt);
	if (off + amt > im->size)
		im->size = off + amt;
	return SQLITE_OK;
}

static int
i_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	struct image *im = vfs_obj(f);

	if (size < 0 || (size_t)size >= im->size)
		return SQLITE_OK;
	/* What is cut must not be opened into afterwards. */
	if (settle(im) != VAULT_OK)
		return SQLITE_IOERR_TRUNCATE;
	im->size = (size_t)size;
	return SQLITE_OK;
}

static int
i_size(sqlite3_file *f, sqlite3_int64 *size)
{
	*size = (sqlite3_int64)((struct image *)vfs_obj(f))->size;
	return SQLITE_OK;
}

static const sqlite3_io_methods methods =
        VFS_FILE_METHODS(i_close, i_read, i_write, i_truncate, i_size);

enum vault_err
imagevfs_open(struct vaultfmt_image *opening, sqlite3 **out)
{
	struct image *im = calloc(1, sizeof(*im));
	enum vault_err e;
	int taken;

	*out = NULL;
	if (!im) {
		vaultfmt_image_free(opening);
		return VAULT_ERR_NOMEM;
	}
	if (opening) {
		im->opening = opening;
		im->buf = vaultfmt_image_block(opening, &im->size, &im->alloc);
	}
	e = vfs_open("tend-image", &methods, im, out, &taken);
	if (e != VAULT_OK && !taken)
		image_free(im);
	return e;
}

/* db's file, or NULL when db is not one of this VFS's. */
static struct image *
image_of(sqlite3 *db)
{
	return vfs_db_obj(db, &methods);
}

enum vault_err
imagevfs_settle(sqlite3 *db)
{
	struct image *im = image_of(db);

	if (!im)
		return VAULT_ERR_SQL;
	return settle(im);
}

enum vault_err
imagevfs_failure(sqlite3 *db)
{
	struct image *im = image_of(db);

	if (!im)
		return VAULT_ERR_SQL;
	return im->opening ? vaultfmt_image_failure(im->opening) : VAULT_OK;
}

enum vault_err
imagevfs_image(sqlite3 *db, const unsigned char **image, size_t *n)
{
	struct image *im = image_of(db);
	enum vault_err e = im ? settle(im) : VAULT_ERR_SQL;

	*image = NULL;
	*n = 0;
	if (e != VAULT_OK)
		return e;
	*image = im->size ? im->buf : NULL;
	*n = im->size;
	return VAULT_OK;
}
