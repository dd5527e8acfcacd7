/*
 * The journal beside a vault file (dir/vault.journal; FILE.journal beside
 * any vault file), internal to store/: the saves made since the image was
 * last written whole, as SQLite changesets sealed with the vault's data
 * key (never plaintext), one numbered record per save, each chained to the
 * one before.  A save appends one record and fdatasyncs it; an unlock
 * replays every record on the image; a compaction (store/vault.c) writes
 * the image whole and starts a fresh journal.  tend-vault(5) has the
 * layout and the rules below.
 *
 * A journal belongs to one image: it names the vault's file id, the
 * image's generation (its base) and the image's journal id.  Beside an
 * image it is
 *   live   when it carries the image's journal id and generation: its
 *          records are the saves after the image, replayed at unlock;
 *   stale  when it is the journal the image replaced (the image's
 *          prev_journal_id, and its records end at the image's
 *          prev_journal_end): left by a compaction cut short, its records
 *          are in the image already, and it is ignored until the next
 *          save replaces it;
 * and anything else is refused as damage.  After the last good record,
 * a tail that is shorter than a record head, shorter than the length its
 * record declares, or only zero bytes is a torn append (killed or cut off
 * by a crash before its fdatasync returned, so never reported as saved):
 * it is dropped, and the next append writes over it.  Any other flaw (a
 * record missing, moved, changed, from another journal or another vault,
 * a number out of order) is damage.
 */
#ifndef TEND_STORE_JOURNAL_H
#define TEND_STORE_JOURNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "store/vault.h"
#include "store/vaultfmt.h"

/*
 * A journal of version 1, written by tend before incremental saves (only
 * when saves had failed as the person left: records of changes not in the
 * image, made on it or on an earlier generation), is
 *   legacy  beside the format-1 image of its vault: taken in at unlock by
 *           merging (journal_take_legacy), the changes then unsaved, so
 *           that the save that follows (a migration, which writes the
 *           image whole) holds them and its fresh journal replaces it;
 *   stale   beside a format-2/3 image with prev_journal_id 0 (the migration
 *           that took it in, cut short before its fresh journal), under
 *           the same rule as a stale journal;
 * and anything else, a flaw in any record included, is damage.
 */
enum { JOURNAL_NONE, JOURNAL_LIVE, JOURNAL_STALE, JOURNAL_LEGACY };

/* (Re)starts recording the changes made to v's database.  Called at
 * unlock and create, and after every save. */
enum vault_err journal_track(struct vault *v);

/* Stops recording (vault_close). */
void journal_untrack(struct vault *v);

/* True when changes were made since recording started. */
bool journal_dirty(const struct vault *v);

/*
 * After the image was loaded into v->db at unlock: reads the journal
 * beside v's file, checks every record and the journal's binding to the
 * image, and applies the records of a live journal.  Sets v's journal
 * state (jstate, jn, jlen, jtag, jtorn, journal_taken).  For a vault in
 * its folder a live journal stays open for appending.  The file itself is
 * never changed here.  VAULT_ERR_DAMAGED (anything the rules above
 * refuse, or a torn record when floor says a save at or past it was seen:
 * see vault_seen_generation), VAULT_ERR_VERSION (made by a newer tend),
 * VAULT_ERR_NOMEM or an I/O error; then v->db holds a partial replay and
 * must be discarded.
 */
enum vault_err journal_open(struct vault *v, uint64_t floor);

/*
 * Right after recording starts at unlock: merges the records of a legacy
 * journal (above) into v->db, recorded as unsaved changes, and sets
 * v->journal_taken to their number.  VAULT_OK (also with no legacy
 * journal), VAULT_ERR_DAMAGED (a record does not fit this database),
 * VAULT_ERR_NOMEM or an I/O error; then v->db must be discarded.
 */
enum vault_err journal_take_legacy(struct vault *v);

/*
 * A save: seals the changes recorded since the last save as the next
 * record and appends it durably (fdatasync), or, when the image has no
 * live journal yet, writes a fresh journal holding it (atomically).
 * kept marks a record sealed on leaving after saves had failed (the next
 * unlock counts it in vault_journal_taken).  On a full disk, backups are
 * given up oldest first (v->dropped) while that makes room.  VAULT_OK
 * (also when nothing changed), VAULT_ERR_NOMEM for a change too big for
 * one record (64 MiB: rewrite the image instead), or an I/O error with
 * the journal as it was.  Restarts recording on success.
 */
enum vault_err journal_append(struct vault *v, bool kept);

/* VAULT_OK when the journal on disk is the one v holds (the same file,
 * the same length, or still none), else VAULT_ERR_CHANGED. */
enum vault_err journal_unchanged(const struct vault *v);

/* Before a compaction: removes a stale journal (so that a crash cannot
 * leave an older one beside the new image), durably.  VAULT_OK or an I/O
 * error. */
enum vault_err journal_drop_stale(struct vault *v);

/*
 * After a compaction put the image with v->ids in place: a fresh, empty
 * journal for it, written atomically, replacing the old one (which is
 * stale from the moment the image is in place).  On failure v has no live
 * journal (the next save makes one).
 */
enum vault_err journal_start(struct vault *v);

/* Closes the live journal's descriptor (vault_close). */
void journal_close(struct vault *v);

/* The journal of a vault file, read without the key (tend doctor). */
struct journal_info {
	bool present;
	int state; /* JOURNAL_LIVE, _STALE or _LEGACY; _NONE when refused */
	uint64_t records; /* whole records (their tags are not checked) */
	uint64_t bytes; /* the file's size */
	uint64_t base; /* the generation it continues */
	bool torn; /* a torn last record is there */
};
enum vault_err
journal_inspect(const char *vault_path, const uint8_t file_id[16],
                const struct vaultfmt_ids *ids, struct journal_info *out);

/* The journal's file name beside the vault file at path (fresh string). */
char *journal_path_for(const char *path);

#endif
