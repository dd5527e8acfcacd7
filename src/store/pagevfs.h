/*
 * A vault's database read from its file a chunk at a time, internal to the
 * vault's files in store/: for a reader of the whole vault (an export),
 * whose memory then stays a few MiB whatever the vault's size, where an
 * ordinary unlock holds the whole image (store/imagevfs.h).
 *
 * The database is a SQLite VFS over the format-3 payload (tend-vault(5)):
 * a page is read by opening the chunk that holds it (a few dozen chunks
 * are kept, opened, for the next pages), and pages written (the journal's
 * replay, a migration) stay in memory.  Nothing is ever written to disk
 * through it: SQLite may open no other file (its journals and temporary
 * files are in memory), and a save writes the vault as any save does.
 */
#ifndef TEND_STORE_PAGEVFS_H
#define TEND_STORE_PAGEVFS_H

#include <sqlite3.h>

#include "store/vaultfmt.h"

/*
 * Opens the database over c's payload in the file fd (which it dup()s:
 * the caller keeps fd) and configures it as every vault's database is (memdb_setup).  c is copied
 * (and wiped with the database).  Every chunk is checked first, so a
 * damaged or altered file is refused here, not in the middle of a read.
 * VAULT_ERR_DAMAGED, VAULT_ERR_NOMEM, VAULT_ERR_SQL or an I/O error.
 */
enum vault_err
pagevfs_open(const struct vault *v, const struct vaultfmt_chunks *c, int fd,
             sqlite3 **out);

#endif
