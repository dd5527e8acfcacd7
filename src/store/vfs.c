/*
 * The two VFSs of store/vfs.h.  A file's object and methods reach xOpen
 * through a pointer handed over for the one sqlite3_open_v2 call, so that
 * no table of open files is needed.
 */
#include "store/vfs.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "store/memdb.h"

/* A file of either VFS: the object behind it. */
struct vfs_file {
	sqlite3_file base;
	void *obj;
};

/* What vfs_open hands to the xOpen of the call it makes. */
static _Thread_local struct {
	void *obj;
	const sqlite3_io_methods *methods;
} handing;

static int
v_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags,
       int *out_flags)
{
	struct vfs_file *file = (struct vfs_file *)f;

	(void)vfs;
	(void)name;
	file->base.pMethods = NULL;
	/* Only the database itself: a journal or a temporary file here
	 * would be plaintext on disk. */
	if (!(flags & SQLITE_OPEN_MAIN_DB) || !handing.obj)
		return SQLITE_CANTOPEN;
	file->obj = handing.obj;
	file->base.pMethods = handing.methods;
	handing.obj = NULL;
	if (out_flags)
		*out_flags = flags;
	return SQLITE_OK;
}

static int
vfs_delete(sqlite3_vfs *vfs, const char *name, int sync)
{
	(void)vfs;
	(void)name;
	(void)sync;
	return SQLITE_OK;
}

static int
vfs_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	(void)vfs;
	(void)name;
	(void)flags;
	*out = 0; /* no journal, no WAL: nothing beside the database */
	return SQLITE_OK;
}

static int
vfs_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	(void)vfs;
	if (snprintf(out, (size_t)n, "%s", name) >= n)
		return SQLITE_CANTOPEN;
	return SQLITE_OK;
}

static int
vfs_randomness(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	randombytes_buf(out, (size_t)n);
	return n;
}

static int
vfs_sleep(sqlite3_vfs *vfs, int us)
{
	sqlite3_vfs *d = sqlite3_vfs_find(NULL);

	(void)vfs;
	return d->xSleep(d, us);
}

static int
vfs_current_time(sqlite3_vfs *vfs, double *out)
{
	sqlite3_vfs *d = sqlite3_vfs_find(NULL);

	(void)vfs;
	return d->xCurrentTime(d, out);
}

static int
vfs_last_error(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	if (n > 0)
		*out = '\0';
	return 0;
}

#define VFS(name)                                                              \
	{                                                                      \
		.iVersion = 1, .szOsFile = sizeof(struct vfs_file),            \
		.mxPathname = 64, .zName = name, .xOpen = v_open,              \
		.xDelete = vfs_delete, .xAccess = vfs_access,                  \
		.xFullPathname = vfs_full_pathname,                            \
		.xRandomness = vfs_randomness, .xSleep = vfs_sleep,            \
		.xCurrentTime = vfs_current_time,                              \
		.xGetLastError = vfs_last_error,                               \
	}

static sqlite3_vfs vfses[] = {VFS("tend-paged"), VFS("tend-image")};

enum vault_err
vfs_open(const char *name, const sqlite3_io_methods *methods, void *obj,
         sqlite3 **out, int *taken)
{
	sqlite3_vfs *vfs = NULL;
	sqlite3 *db = NULL;
	enum vault_err e = VAULT_ERR_SQL;

	*out = NULL;
	*taken = 0;
	for (size_t i = 0; i < sizeof(vfses) / sizeof(vfses[0]); i++)
		if (strcmp(vfses[i].zName, name) == 0)
			vfs = &vfses[i];
	if (!vfs || (!sqlite3_vfs_find(name) &&
	             sqlite3_vfs_register(vfs, 0) != SQLITE_OK))
		return VAULT_ERR_SQL;
	handing.obj = obj;
	handing.methods = methods;
	if (sqlite3_open_v2(name, &db, SQLITE_OPEN_READWRITE, name) !=
	    SQLITE_OK) {
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
	*taken = handing.obj == NULL;
	handing.obj = NULL;
	sqlite3_close(db); /* closes the file when it was taken */
	return e;
}

void *
vfs_obj(sqlite3_file *f)
{
	return ((struct vfs_file *)f)->obj;
}

void *
vfs_db_obj(sqlite3 *db, const sqlite3_io_methods *methods)
{
	sqlite3_file *f = NULL;

	if (sqlite3_file_control(db, "main", SQLITE_FCNTL_FILE_POINTER, &f) !=
	            SQLITE_OK ||
	    !f || f->pMethods != methods)
		return NULL;
	return vfs_obj(f);
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
