/*
 * The two SQLite VFSs of store/, internal to store/: "tend-paged", the
 * paged database of an export (store/pagevfs.h), and "tend-image", the
 * image of an unlocked vault (store/imagevfs.h).  Each has one kind of
 * file, the database itself, opened by one connection; SQLite may open
 * nothing beside it (journals and temporary files stay in memory), so no
 * byte of plaintext reaches a disk through them.  Their files differ only
 * in their methods and the object behind them; the rest is here.
 */
#ifndef TEND_STORE_VFS_H
#define TEND_STORE_VFS_H

#include <sqlite3.h>

#include "store/vault.h"

/*
 * Opens a database of the VFS named name (registered here the first
 * time) whose file is obj, read and written through methods (whose
 * xClose frees obj).  The database is configured as every vault's is
 * (store/memdb.h), its journal in memory.  When this fails, *taken says
 * whether obj was taken (and so already closed with the database) or is
 * still the caller's.  VAULT_ERR_SQL or VAULT_ERR_NOMEM.
 */
enum vault_err vfs_open(const char *name, const sqlite3_io_methods *methods,
                        void *obj, sqlite3 **out, int *taken);

/* The object behind a file that vfs_open opened. */
void *vfs_obj(sqlite3_file *f);

/* db's main file's object when that file is read through methods, else
 * NULL. */
void *vfs_db_obj(sqlite3 *db, const sqlite3_io_methods *methods);

/* The file's methods that do nothing: one connection (the vault's own
 * lock is a file lock of its folder), nothing to sync.  VFS_FILE_METHODS
 * fills a file's table with them beside its own five. */
int vfs_file_sync(sqlite3_file *f, int flags);
int vfs_file_lock(sqlite3_file *f, int level);
int vfs_file_reserved(sqlite3_file *f, int *out);
int vfs_file_control(sqlite3_file *f, int op, void *arg);
int vfs_file_sector(sqlite3_file *f);
int vfs_file_device(sqlite3_file *f);

#define VFS_FILE_METHODS(close, read, write, truncate, size)                   \
	{                                                                      \
		.iVersion = 1, .xClose = (close), .xRead = (read),             \
		.xWrite = (write), .xTruncate = (truncate),                    \
		.xSync = vfs_file_sync, .xFileSize = (size),                   \
		.xLock = vfs_file_lock, .xUnlock = vfs_file_lock,              \
		.xCheckReservedLock = vfs_file_reserved,                       \
		.xFileControl = vfs_file_control,                              \
		.xSectorSize = vfs_file_sector,                                \
		.xDeviceCharacteristics = vfs_file_device,                     \
	}

#endif
