/*
 * Merging two versions of a vault's database, internal to store/: the rows
 * of a conflict copy, or the changes sealed in a journal, are combined into
 * the open database by their ids and times, and nothing is dropped.
 *
 * The rules are read from the schema itself (PRAGMA table_info and
 * foreign_key_list), so that a migration that adds a table or a column
 * needs no change here as long as it keeps the conventions of store/db.h:
 *
 * - A table whose key is one INTEGER column (an "id table": entries,
 *   assessments, flags, plans, practice, events) identifies a row by its
 *   id and its creation time (the first of created_at, taken_at,
 *   raised_at, done_at, at).  Same id, same creation time: the same row,
 *   and the one with the later updated_at wins.  Same id, another creation
 *   time: two different rows that both sides numbered alike; the incoming
 *   one gets the next free id, and every row that refers to it (by a
 *   foreign key) follows.
 * - A row of any other table (settings, course, lesson progress, lesson
 *   answers, reminders, the fields of an entry, the items of a check-in)
 *   is identified by its key.  When both sides differ, the later
 *   updated_at wins; without one, a row whose parent came from the
 *   incoming side follows it, and otherwise the incoming side only fills
 *   in what this side has left empty (NULL).
 * - Deletions are applied only where they are certain: from a journal
 *   made on this very generation.
 */
#ifndef TEND_STORE_MERGE_H
#define TEND_STORE_MERGE_H

#include <sqlite3.h>
#include <stdbool.h>

#include "store/vault.h"

/* What a merge did, in rows. */
struct merge_stats {
	int added; /* rows this side did not have */
	int updated; /* rows the incoming side had newer */
	int renumbered; /* rows that needed a new id */
};

/*
 * Merges every row of the database from into the database into (main
 * schemas; both at the same schema version).  All or nothing: on error
 * into is as it was.  VAULT_OK, VAULT_ERR_SQL or VAULT_ERR_NOMEM.
 */
enum vault_err merge_rows(sqlite3 *into, sqlite3 *from, struct merge_stats *st);

/*
 * Applies the SQLite changeset cs[0..n) to into.  exact: into is the very
 * database the changes were recorded on (they apply as they are);
 * otherwise the rules above make room for what changed in between.  All
 * or nothing, as merge_rows.  VAULT_ERR_DAMAGED when cs is not a
 * changeset of this schema.
 */
enum vault_err merge_changeset(sqlite3 *into, const void *cs, int n, bool exact,
                               struct merge_stats *st);

#endif
