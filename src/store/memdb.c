/*
 * A vault's database is configured so that nothing can make SQLite open a
 * file beside it (no ATTACH of a named database, no extensions, temporary
 * tables in memory).  PRAGMA quick_check is there for migrations and tend
 * doctor.
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
