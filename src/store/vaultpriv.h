/*
 * What the vault's own files in store/ share and nothing else may see: the
 * open vault handle and the recorder of the last I/O error (vault_errno,
 * vault_errpath).
 */
#ifndef TEND_STORE_VAULTPRIV_H
#define TEND_STORE_VAULTPRIV_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/slot.h"
#include "store/vault.h"
#include "store/vaultfmt.h"

struct vault {
	char *dir; /* NULL for vault_open_file/vault_open_mem */
	char *path;
	struct vault_lock *lock;
	uint8_t file_id[16];
	uint64_t generation; /* as loaded or last saved */
	int nslots;
	struct slot slots[MAX_SLOTS];
	uint8_t *file; /* raw file while locked; freed once unlocked */
	size_t file_len;
	size_t header_len;
	uint8_t *dek; /* sodium_malloc'd; NULL while locked */
	sqlite3 *db;
	int schema_version;
	int fresh; /* not yet on disk: no generation check */
	const char *consumed; /* restore: the backup being put back */
	int dropped; /* backups the last save gave up for room */
	struct sqlite3_session *track; /* changes since the last save */
	int journal_taken; /* rows taken from the journal; -1 unusable */
	int journal_ours; /* dir's journal holds changes the db holds */
	char *conflict; /* the conflict copy this handle saves to */
	int lock_retaken; /* times the lock file had to be taken anew */
	uint64_t gen_floor; /* the next save's generation is above this */
};

/* Records err and path for vault_errno() and vault_errpath(), and returns
 * the error for it: VAULT_ERR_NOSPC, VAULT_ERR_NOMEM or VAULT_ERR_IO. */
enum vault_err vault_io_error(int err, const char *path);

/* Sets what vault_errpath() says (the conflict copy of a refused save). */
void vault_note_path(const char *path);

/*
 * Makes sure lk still holds dir/vault.lock: when the lock file was removed
 * or replaced under it, takes the one now there (creating it).  VAULT_OK
 * (*retaken true when it had to), VAULT_ERR_BUSY when another process holds
 * the new one, or an I/O error.
 */
enum vault_err
lock_recheck(struct vault_lock *lk, const char *dir, bool *retaken);

#endif
