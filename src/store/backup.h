/*
 * The files a save leaves beside dir/vault (vault.bak, vault.bak.1,
 * vault.conflict-TIME) and the leftovers of a save that was killed,
 * internal to the vault's files in store/.  The names are in
 * store/vault.h.
 */
#ifndef TEND_STORE_BACKUP_H
#define TEND_STORE_BACKUP_H

#include <stddef.h>
#include <stdint.h>

#include "store/vault.h"

/*
 * Writes buf over dir/vault, keeping the previous file as vault.bak and
 * the one before as vault.bak.1.  consumed names the backup being restored
 * (VAULT_BAK or VAULT_BAK1; NULL for a save): it is replaced by the
 * rotation instead of pushing an older backup out, so that restoring
 * vault.bak keeps vault.bak.1.
 *
 * When the disk is full, backups are given up oldest first (the consumed
 * one before any other) until the new file fits; *dropped (may be NULL)
 * counts the backups lost that way (0, 1 or 2).  On error
 * (VAULT_ERR_NOSPC, VAULT_ERR_IO) dir/vault is the previous file, intact.
 */
enum vault_err backup_install(const char *dir, const uint8_t *buf, size_t len,
                              const char *consumed, int *dropped);

/*
 * Writes buf to dir/vault.conflict-TIME (a save refused because the vault
 * changed on disk).  Returns VAULT_ERR_CHANGED with vault_errpath() naming
 * the copy, or the I/O error when it could not be written.
 */
enum vault_err backup_conflict(const char *dir, const uint8_t *buf, size_t len);

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
