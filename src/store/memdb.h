/*
 * How every database of a vault is configured, and checked, internal to
 * the vault's files in store/: the image of an unlocked vault
 * (store/imagevfs.h) and the paged database of an export
 * (store/pagevfs.h).  Other store/ files reach the database through
 * vault_sqlite() (store/db.h).
 */
#ifndef TEND_STORE_MEMDB_H
#define TEND_STORE_MEMDB_H

#include <sqlite3.h>
#include <stddef.h>

#include "store/vault.h"

/* Configures db as a vault's database: no ATTACH of a file, no
 * extensions, temporary tables in memory, foreign keys, secure delete.
 * store/vfs.c does it for every database it opens. */
enum vault_err memdb_setup(sqlite3 *db);

/* PRAGMA quick_check: VAULT_OK, or VAULT_ERR_DAMAGED.  Costs a pass over
 * every page: run after a migration and by tend doctor, not at every
 * unlock (the payload's tag already proves the image is as written). */
enum vault_err memdb_check(sqlite3 *db);

#endif
