/*
 * What store/pagevfs.c and store/imagevfs.c share (store/vfs.h).  A file
 * object reaches the VFS's xOpen through a pointer handed over for the
 * one sqlite3_open_v2 call, so that no table of open files is needed.
 */
#include "store/vfs.h"

#include <sodium.h>
#include <stdio.h>

#include "store/memdb.h"

/* Set by vfs_open for the xOpen of the call it makes. */
static _Thread_local void *handing;

void *
vfs_handed(void)
{
	void *file = handing;

	handing = NULL;
	return file;
}

enum vault_err
vfs_open(sqlite3_vfs *vfs, void *file, sqlite3 **out, int *taken)
{
	sqlite3 *db = NULL;
	enum vault_err e = VAULT_ERR_SQL;

	*out = NULL;
	*taken = 0;
	if (!sqlite3_vfs_find(vfs->zName) &&
	    sqlite3_vfs_register(vfs, 0) != SQLITE_OK)
		return VAULT_ERR_SQL;
	handing = file;
	if (sqlite3_open_v2(vfs->zName, &db, SQLITE_OPEN_READWRITE,
	                    vfs->zName) != SQLITE_OK) {
		if (!db)
			e = VAULT_ERR_NOMEM;
		goto out;
	}
	/* Journals in memory: the VFS opens no file but the database. */
	if (sqlite3_exec(db, "PRAGMA journal_mode=MEMORY;", NULL, NULL, NULL) !=
	            SQLITE_OK ||
	    memdb_setup(db) != VAULT_OK)
		goto out;
	*taken = 1;
	*out = db;
	return VAULT_OK;
out:
	*taken = handing == NULL;
	handing = NULL;
	sqlite3_close(db); /* closes the file when it was taken */
	return e;
}

int
vfs_delete(sqlite3_vfs *vfs, const char *name, int sync)
{
	(void)vfs;
	(void)name;
	(void)sync;
	return SQLITE_OK;
}

int
vfs_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	(void)vfs;
	(void)name;
	(void)flags;
	*out = 0; /* no journal, no WAL: nothing beside the database */
	return SQLITE_OK;
}

int
vfs_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	(void)vfs;
	if (snprintf(out, (size_t)n, "%s", name) >= n)
		return SQLITE_CANTOPEN;
	return SQLITE_OK;
}

int
vfs_randomness(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	randombytes_buf(out, (size_t)n);
	return n;
}

int
vfs_sleep(sqlite3_vfs *vfs, int us)
{
	sqlite3_vfs *d = sqlite3_vfs_find(NULL);

	(void)vfs;
	return d->xSleep(d, us);
}

int
vfs_current_time(sqlite3_vfs *vfs, double *out)
{
	sqlite3_vfs *d = sqlite3_vfs_find(NULL);

	(void)vfs;
	return d->xCurrentTime(d, out);
}

int
vfs_last_error(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	if (n > 0)
		*out = '\0';
	return 0;
}

int
vfs_file_sync(sqlite3_file *f, int flags)
{
	(void)f;
	(void)flags;
	return SQLITE_OK;
}

int
vfs_file_lock(sqlite3_file *f, int level)
{
	(void)f;
	(void)level;
	return SQLITE_OK;
}

int
vfs_file_reserved(sqlite3_file *f, int *out)
{
	(void)f;
	*out = 0;
	return SQLITE_OK;
}

int
vfs_file_control(sqlite3_file *f, int op, void *arg)
{
	(void)f;
	(void)op;
	(void)arg;
	return SQLITE_NOTFOUND;
}

int
vfs_file_sector(sqlite3_file *f)
{
	(void)f;
	return 4096;
}

int
vfs_file_device(sqlite3_file *f)
{
	(void)f;
	return 0;
}
