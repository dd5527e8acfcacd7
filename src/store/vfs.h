/*
 * What the two SQLite VFSs of store/ share, internal to store/: the
 * paged database of an export (store/pagevfs.h) and the image of an
 * unlocked vault (store/imagevfs.h).  Each has one kind of file, the
 * database itself, opened by one connection; SQLite may open nothing
 * beside it (journals and temporary files stay in memory), so no byte of
 * plaintext reaches a disk through them.
 */
#ifndef TEND_STORE_VFS_H
#define TEND_STORE_VFS_H

#include <sqlite3.h>

#include "store/vault.h"

/*
 * Opens a database of vfs (registered here the first time) whose file is
 * the object file: vfs's xOpen takes it with vfs_handed().  The database
 * is configured as every vault's is (store/memdb.h), its journal in
 * memory.  When this fails, *taken says whether the file was taken (and
 * so already closed with the database) or is still the caller's.
 * VAULT_ERR_SQL or VAULT_ERR_NOMEM.
 */
enum vault_err
vfs_open(sqlite3_vfs *vfs, void *file, sqlite3 **out, int *taken);

/* In xOpen: the object vfs_open hands over (once), or NULL. */
void *vfs_handed(void);

/* The VFS's own methods: nothing to delete, nothing beside the database,
 * names as they are, libsodium's randomness, the default VFS's clock. */
int vfs_delete(sqlite3_vfs *vfs, const char *name, int sync);
int vfs_access(sqlite3_vfs *vfs, const char *name, int flags, int *out);
int vfs_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out);
int vfs_randomness(sqlite3_vfs *vfs, int n, char *out);
int vfs_sleep(sqlite3_vfs *vfs, int us);
int vfs_current_time(sqlite3_vfs *vfs, double *out);
int vfs_last_error(sqlite3_vfs *vfs, int n, char *out);

/* The file's methods that do nothing: one connection (the vault's own
 * lock is a file lock of its folder), nothing to sync. */
int vfs_file_sync(sqlite3_file *f, int flags);
int vfs_file_lock(sqlite3_file *f, int level);
int vfs_file_reserved(sqlite3_file *f, int *out);
int vfs_file_control(sqlite3_file *f, int op, void *arg);
int vfs_file_sector(sqlite3_file *f);
int vfs_file_device(sqlite3_file *f);

#endif
