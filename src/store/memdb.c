/*
 * The database of an unlocked vault lives only in memory: it is loaded
 * from the decrypted image with sqlite3_deserialize and configured so that
 * nothing can make SQLite open a file beside it (no ATTACH of a named
 * database, no extensions, temporary tables in memory).  PRAGMA
 * quick_check is there for migrations and tend doctor.
 */
#include "store/memdb.h"

#include <string.h>

static int
deny_attach(void *arg, int action, const char *a, const char *b, const char *c,
            const char *d)
{
	/* "" is a private temporary database, which temp_store=MEMORY keeps
	 * in memory (VACUUM attaches one); any name could be a file. */
	if (action == SQLITE_ATTACH && (!a || *a != '\0'))
		return SQLITE_DENY;
	return SQLITE_OK;
}

enum vault_err
memdb_setup(sqlite3 *db)
{
	static const char pragmas[] = "PRAGMA temp_store=MEMORY;"
	                              "PRAGMA foreign_keys=ON;"
	                              "PRAGMA secure_delete=ON;"
	                              "PRAGMA trusted_schema=OFF;";

	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
	/* No ATTACH of a file: nothing may open a file beside the image. */
	sqlite3_set_authorizer(db, deny_attach, NULL);
	if (sqlite3_exec(db, pragmas, NULL, NULL, NULL) != SQLITE_OK)
		return VAULT_ERR_SQL;
	return VAULT_OK;
}

enum vault_err
memdb_load(sqlite3 **out, unsigned char *image, size_t n, size_t alloc)
{
	sqlite3 *db = NULL;
	enum vault_err e = VAULT_ERR_SQL;

	*out = NULL;
	if (sqlite3_open_v2(":memory:", &db,
	                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
	                    NULL) != SQLITE_OK) {
		sqlite3_free(image);
		e = VAULT_ERR_NOMEM;
		goto out;
	}
	if (sqlite3_deserialize(
	            db, "main", image, (sqlite3_int64)n, (sqlite3_int64)alloc,
	            SQLITE_DESERIALIZE_FREEONCLOSE |
	                    SQLITE_DESERIALIZE_RESIZEABLE) != SQLITE_OK)
		goto out; /* SQLite freed image */
	e = memdb_setup(db);
	if (e != VAULT_OK)
		goto out;
	*out = db;
	return VAULT_OK;
out:
	sqlite3_close(db);
	return e;
}

enum vault_err
memdb_check(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	enum vault_err e = VAULT_ERR_DAMAGED;

	if (sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &st, NULL) !=
	    SQLITE_OK)
		goto out;
	if (sqlite3_step(st) == SQLITE_ROW &&
	    strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0 &&
	    sqlite3_step(st) == SQLITE_DONE)
		e = VAULT_OK;
out:
	sqlite3_finalize(st);
	return e;
}
