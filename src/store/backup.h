/*
 * The files a save leaves beside dir/vault (vault.bak, vault.bak.1,
 * vault.conflict-TIME) and the leftovers of a save that was killed,
 * internal to the vault's files in store/.  The names are in
 * store/vault.h.
 */
#ifndef TEND_STORE_BACKUP_H
#define TEND_STORE_BACKUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/vault.h"

/*
 * Writes a new vault over dir/vault, keeping the previous file as
 * vault.bak and the one before as vault.bak.1 (with the journals beside
 * them, if any: FILE.journal).  write(ctx, f) puts the new file's bytes
 * into f with atomic_put (it may be called again after a failure, to
 * start over).  consumed names the backup being restored (VAULT_BAK or
 * VAULT_BAK1; NULL for a save): it is replaced by the rotation instead of
 * pushing an older backup out, so that restoring vault.bak keeps
 * vault.bak.1.
 *
 * When the disk is full, backups are given up oldest first (the consumed
 * one before any other) until the new file fits; *dropped (may be NULL)
 * counts the backups lost that way (0, 1 or 2).  On error
 * (VAULT_ERR_NOSPC, VAULT_ERR_IO, or what write returned) dir/vault is the
 * previous file, intact.
 */
struct atomic_file;
typedef enum vault_err (*backup_writer)(void *ctx, struct atomic_file *f);
enum vault_err backup_install(const char *dir, backup_writer write, void *ctx,
                              uint64_t len, const char *consumed, int *dropped);

/*
 * After a write in dir failed with err (for a file of len bytes): gives up
 * the next backup that may make room (vault.bak.1, then vault.bak; the
 * consumed one first), counting it in *given (0 at the first call) and in
 * *dropped.  True when one was given up, so the write is worth trying
 * again.
 */
bool backup_make_room(const char *dir, int err, uint64_t len,
                      const char *consumed, int *given, int *dropped);

/*
 * Writes a vault (through write, as for backup_install) to
 * dir/vault.conflict-TIME (a save refused because the vault changed on
 * disk).  Returns VAULT_ERR_CHANGED with vault_errpath() naming the copy,
 * or the error when it could not be written.
 */
enum vault_err backup_conflict(const char *dir, backup_writer write, void *ctx);

/*
 * Moves dir/vault and its journal aside as vault.bak (a restore that
 * cannot fold the journal into the image keeps the pair: vault.bak then
 * opens with vault.bak.journal), rotating vault.bak (and its journal) to
 * vault.bak.1.  Best effort; call with the lock held, before the restored
 * vault is written.
 */
void backup_keep_pair(const char *dir);

/* Removes the temporary files of a save killed half-way and finishes a
 * backup rotation it cut short.  Call with the lock held. */
void backup_tidy(const char *dir);

/*
 * Removes dir/vault, its backups, a cut-short rotation's vault.prev and the
 * conflict copies (vault_wipe).  The first error that is not "no such
 * file" is returned (the rest are still tried).  Call with the lock held.
 */
enum vault_err backup_remove_all(const char *dir);

/* fsync(2) of the folder, so that renames in it are durable.  Best effort. */
void backup_sync_dir(const char *dir);

#endif
