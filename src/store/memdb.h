/*
 * The in-memory SQLite database of an unlocked vault, internal to the
 * vault's files in store/.  Other store/ files reach the database through
 * vault_sqlite() (store/db.h).
 */
#ifndef TEND_STORE_MEMDB_H
#define TEND_STORE_MEMDB_H

#include <sqlite3.h>
#include <stddef.h>

#include "store/vault.h"

/*
 * Opens an in-memory database on image (n bytes of a block of alloc bytes
 * from sqlite3_malloc64, which SQLite then owns whatever happens and
 * frees, wiped, on close: the database is that very block, no copy; NULL
 * with n 0 for a new, empty database) and configures it.  VAULT_ERR_SQL
 * when the image is not a database, VAULT_ERR_NOMEM.
 */
enum vault_err
memdb_load(sqlite3 **out, unsigned char *image, size_t n, size_t alloc);

/* Configures db as a vault's database: no ATTACH of a file, no
 * extensions, temporary tables in memory, foreign keys, secure delete.
 * memdb_load does it; store/pagevfs.c too. */
enum vault_err memdb_setup(sqlite3 *db);

/* PRAGMA quick_check: VAULT_OK, or VAULT_ERR_DAMAGED.  Costs a pass over
 * every page: run after a migration and by tend doctor, not at every
 * unlock (the payload's tag already proves the image is as written). */
enum vault_err memdb_check(sqlite3 *db);

#endif
