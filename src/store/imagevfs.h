/*
 * The database of an unlocked vault, internal to the vault's files in
 * store/: a SQLite VFS ("tend-image") whose one file is the vault's image
 * in memory, the block its payload was decrypted into (no copy).  While
 * that image is still being opened (store/vaultfmt.h), a read or a write
 * first opens the chunks it touches; a write past the block, a truncation
 * and imagevfs_image wait for the rest.  Nothing is ever written to disk
 * through it (store/vfs.h).
 */
#ifndef TEND_STORE_IMAGEVFS_H
#define TEND_STORE_IMAGEVFS_H

#include <sqlite3.h>
#include <stddef.h>

#include "store/vault.h"
#include "store/vaultfmt.h"

/*
 * Opens the database over the image im is opening (im may still be
 * opening), or over a new, empty database when im is NULL, and
 * configures it (store/memdb.h).  The database owns im whatever happens.
 * VAULT_ERR_SQL, VAULT_ERR_NOMEM.
 */
enum vault_err imagevfs_open(struct vaultfmt_image *im, sqlite3 **out);

/* Waits until the whole image is opened: VAULT_OK when every chunk
 * authenticated, else why not (VAULT_ERR_DAMAGED, an I/O error), each
 * time it is asked.  db is one imagevfs_open made. */
enum vault_err imagevfs_settle(sqlite3 *db);

/* Why a read of db's image failed (VAULT_ERR_DAMAGED, an I/O error), or
 * VAULT_OK: what a failed statement during the opening means. */
enum vault_err imagevfs_failure(sqlite3 *db);

/* The image as the database has it now, without a copy, once settled (as
 * imagevfs_settle): *image (NULL for an empty database) and *n bytes. */
enum vault_err
imagevfs_image(sqlite3 *db, const unsigned char **image, size_t *n);

#endif
