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
#include <sys/types.h>

#include "store/slot.h"
#include "store/vault.h"
#include "store/vaultfmt.h"

struct vault {
	char *dir; /* NULL for vault_open_file/vault_open_mem */
	char *path;
	struct vault_lock *lock;
	uint8_t file_id[16];
	uint64_t generation; /* of the image, as loaded or last written */
	struct vaultfmt_ids ids; /* the image's header, as loaded or written */
	int nslots;
	struct slot slots[MAX_SLOTS];
	int fd; /* the file while locked (read at unlock), or -1 */
	uint8_t *file; /* vault_open_mem: the whole file while locked */
	uint64_t file_len;
	size_t header_len;
	uint64_t payload_len; /* ciphertext, tag included */
	uint8_t *hdr; /* the header's bytes while locked */
	uint8_t *dek; /* sodium_malloc'd; NULL while locked */
	sqlite3 *db;
	int schema_version;
	int fresh; /* not yet on disk: no generation check */
	const char *consumed; /* restore: the backup being put back */
	int dropped; /* backups the last save gave up for room */
	struct sqlite3_session *track; /* changes since the last save */
	int journal_taken; /* records taken from the journal at unlock */
	char *conflict; /* the conflict copy this handle saves to */
	int lock_retaken; /* times the lock file had to be taken anew */
	uint64_t gen_floor; /* the next save's generation is above this */
	uint64_t gen_expect; /* seen here before: a torn record below is not */
	/* The journal beside the image (store/journal.c). */
	int jstate; /* JOURNAL_NONE, _LIVE, _STALE, _LEGACY (journal.h) */
	int jfd; /* the live journal, open for appending (a legacy one
	         * until it is taken in), or -1 */
	uint64_t jn; /* records in it */
	uint64_t jlen; /* its length up to the last good record */
	uint64_t jsize; /* the file's size (a torn tail after jlen) */
	dev_t jdev; /* the journal file seen (live or stale) */
	ino_t jino;
	uint8_t jtag[16]; /* the tag of its last record (zeros: none) */
	int jtorn; /* bytes of a torn last record dropped at unlock */
	/* A save must rewrite the image instead of appending. */
	int keys_changed; /* slots or data key changed in memory */
	int64_t schema_cookie; /* PRAGMA schema_version as last written */
	int64_t user_version; /* PRAGMA user_version as last written */
	int compactions; /* full rewrites by this handle (tests, bench) */
	int paged; /* vault_read_paged: unlock through store/pagevfs.c */
	int paged_open; /* ... and it did (format 3) */
	int lazy; /* vault_open_lazily: the unlock leaves the rest to open */
	uint64_t read_ahead; /* chunks read while the key was derived */
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
