/*
 * The journal beside the vault (dir/vault.journal), internal to store/:
 * changes to the database that are not in the vault file yet, as SQLite
 * changesets sealed with the vault's data key (never plaintext).  Today it
 * is written only when a save cannot be made and the person leaves (a full
 * disk): it holds only what changed, so it fits where a whole vault does
 * not, and the next unlock takes it back in.  The record format is meant
 * to carry incremental saves later (numbered, chained records); see
 * tend-vault(5).
 */
#ifndef TEND_STORE_JOURNAL_H
#define TEND_STORE_JOURNAL_H

#include <stdbool.h>

#include "store/vault.h"

/* (Re)starts recording the changes made to v's database.  Called at
 * unlock and create, and after every save. */
enum vault_err journal_track(struct vault *v);

/* Stops recording (vault_close). */
void journal_untrack(struct vault *v);

/* True when changes were made since recording started. */
bool journal_dirty(const struct vault *v);

/* Seals the recorded changes into dir/vault.journal (atomic, 0600). */
enum vault_err journal_write(struct vault *v);

/*
 * Takes dir/vault.journal back in after an unlock: checks every record,
 * then merges the changes (store/merge.h; exactly when the vault is still
 * at the generation they were made on).  Sets v->journal_taken: the rows
 * changed, or -1 when a journal is there that cannot be used (damaged, of
 * another vault, or made by a newer tend), which is left in place.
 */
void journal_replay(struct vault *v);

/* After a successful save: a journal whose changes are now in the vault
 * is removed, and recording starts afresh. */
void journal_saved(struct vault *v);

#endif
