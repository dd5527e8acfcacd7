/*
 * The vault: everything a person writes, in one encrypted file and its
 * journal.  A SQLite database lives only in memory; its serialized image is
 * sealed with XChaCha20-Poly1305 under a random data key, which key slots
 * wrap under Argon2id-derived keys (one from the passphrase, one from the
 * recovery code).  A save appends what changed since the last save to the
 * journal (a sealed SQLite changeset, fdatasynced); a compaction writes the
 * image whole and starts a fresh journal.  The format is specified in
 * tend-vault(5).
 *
 * Files in the data folder: vault (the image), vault.journal (the saves
 * since), vault.bak and vault.bak.1 (the images the last two compactions
 * replaced), vault.lock (flock target while a process has the vault open;
 * it holds that process's pid and start time).
 *
 * Every function returns an enum vault_err; VAULT_OK is 0.  No function
 * prints.  Handles are opaque and owned by the caller until vault_close().
 */
#ifndef TEND_STORE_VAULT_H
#define TEND_STORE_VAULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct vault;

enum vault_err {
	VAULT_OK = 0,
	VAULT_ERR_NOENT, /* there is no vault in the folder */
	VAULT_ERR_EXISTS, /* create: a vault is already there */
	VAULT_ERR_AUTH, /* wrong passphrase or recovery code */
	VAULT_ERR_CODE_TYPO, /* recovery code malformed (a check failed) */
	VAULT_ERR_DAMAGED, /* not a vault, damaged, truncated or tampered */
	VAULT_ERR_NOTFILE, /* a link, FIFO, device or folder as the vault */
	VAULT_ERR_VERSION, /* made by a newer tend (format or schema) */
	VAULT_ERR_LIMITS, /* header asks for more KDF work than allowed */
	VAULT_ERR_BUSY, /* another process holds vault.lock */
	VAULT_ERR_CHANGED, /* the file changed on disk since it was loaded */
	VAULT_ERR_NOSPC, /* the disk is full (old vault intact) */
	VAULT_ERR_IO, /* other I/O error; errno is in vault_errno() */
	VAULT_ERR_NOMEM, /* out of memory (KDF or SQLite) */
	VAULT_ERR_SQL, /* a SQLite error (programming or resource) */
	VAULT_ERR_LOCKED, /* the vault is not unlocked yet */
	VAULT_ERR_CRYPTO, /* libsodium could not start */
	VAULT_ERR_SELF, /* restore: the file named is the vault itself */
	VAULT_ERR__COUNT
};

/* A short sentence for e, from one table.  Never NULL; static storage. */
const char *vault_strerror(enum vault_err e);

/*
 * The errno of the last VAULT_ERR_IO or VAULT_ERR_NOSPC in this process
 * (0 when none), and the path it concerned (static, may be "").
 */
int vault_errno(void);
const char *vault_errpath(void);

/* Key-derivation cost.  opslimit and memlimit as crypto_pwhash takes them
 * (memlimit in bytes). */
struct vault_kdf {
	uint32_t opslimit;
	uint64_t memlimit;
};

enum vault_kdf_level {
	VAULT_KDF_CALIBRATED, /* measured at creation: about 0.5 s here */
	VAULT_KDF_INTERACTIVE, /* libsodium's named limits */
	VAULT_KDF_MODERATE,
	VAULT_KDF_SENSITIVE,
	VAULT_KDF_TEST, /* the minimum libsodium allows: unit tests only */
};

/* Parses "interactive", "moderate", "sensitive" (the --kdf names).
 * Returns 0, or -1 for anything else. */
int vault_kdf_parse(const char *name, enum vault_kdf_level *out);

/*
 * Fills *out for a level.  VAULT_KDF_CALIBRATED runs Argon2id once (about
 * 0.1 s) to measure this machine.  Returns VAULT_OK or VAULT_ERR_NOMEM.
 */
enum vault_err
vault_kdf_params(enum vault_kdf_level level, struct vault_kdf *out);

/*
 * A clinic's cap on the memory of one key derivation (tend-config(5)
 * kdf_max_memory; 0, the default: none).  vault_kdf_params never returns
 * more; vault_kdf_apply_cap lowers k's memory to the cap and raises its
 * passes to keep the work (true when it changed k);
 * vault_kdf_over_cap: v's passphrase slot was made with more memory than
 * the cap (re-wrap it after the unlock, which had to use it).
 */
void vault_kdf_set_cap(uint64_t max_memory);
bool vault_kdf_apply_cap(struct vault_kdf *k);
bool vault_kdf_over_cap(const struct vault *v);

/*
 * Key derivations take turns for memory on a shared computer (see
 * tend-security(7)): when one would not fit beside those in progress, it
 * waits, calling hook with how many others are in progress and the memory
 * it needs, once when it starts to wait and once with others = 0 when the
 * wait is over.  NULL: wait quietly.  Process-wide.
 */
void vault_kdf_wait_hook(void (*hook)(int others, uint64_t need, void *ctx),
                         void *ctx);

/* Hard caps applied to every header read (tend-vault(5)). */
#define VAULT_MAX_OPSLIMIT 10u
#define VAULT_MAX_MEMLIMIT (1024ull * 1024 * 1024)
#define VAULT_MAX_HEADER 4096u
#define VAULT_MAX_PAYLOAD (1024ull * 1024 * 1024)

/*
 * The recovery code: 128 random bits as 9 groups of 4 Crockford base32
 * characters, the last of each group a check character, joined by '-'.
 * VAULT_CODE_LEN counts the terminating NUL.
 */
#define VAULT_CODE_LEN 45

/* File names inside the data folder. */
#define VAULT_FILE "vault"
#define VAULT_BAK "vault.bak"
#define VAULT_BAK1 "vault.bak.1"
#define VAULT_LOCK "vault.lock"
#define VAULT_JOURNAL "vault.journal" /* VAULT_FILE ".journal" */
#define VAULT_CONFLICT_PREFIX "vault.conflict-"

/*
 * Process-wide set-up: sodium_init() and a SQLite allocator that wipes
 * memory when it frees it.  Must run before any other SQLite use; every
 * function below that needs it calls it.  Returns VAULT_OK or
 * VAULT_ERR_CRYPTO.  Idempotent.
 */
enum vault_err vault_global_init(void);

/*
 * Takes dir/vault.lock (creating dir with mode 0700 and the lock file with
 * 0600 when missing) with flock(LOCK_EX|LOCK_NB), and writes this process's
 * pid and the time into it.  When another process holds it, returns
 * VAULT_ERR_BUSY and, if holder_pid is not NULL, *holder_pid = its pid (0 if
 * unknown) and *holder_since its start time (seconds, 0 if unknown).  The
 * lock lasts until vault_unlock_dir() or process exit.
 */
struct vault_lock;
enum vault_err vault_lock_dir(const char *dir, struct vault_lock **out,
                              long *holder_pid, long long *holder_since);
void vault_unlock_dir(struct vault_lock *lk);

/*
 * Reads the pid and start time recorded in dir/vault.lock and whether a
 * process holds it now (probed with a non-blocking flock that is released at
 * once).  Returns VAULT_OK, or VAULT_ERR_NOENT when there is no lock file.
 */
enum vault_err
vault_lock_probe(const char *dir, bool *held, long *pid, long long *since);

/* True when dir/vault exists (whatever its state). */
bool vault_exists(const char *dir);

/*
 * Creates a new vault in dir: takes the lock, makes a random data key, the
 * passphrase slot with kdf, a recovery code (written into code, which has
 * VAULT_CODE_LEN bytes) and its slot, runs the schema migrations, and saves.
 * Returns VAULT_ERR_EXISTS when dir/vault exists.  On success *out is open
 * and unlocked and holds the lock.
 */
enum vault_err vault_create(const char *dir, const char *passphrase,
                            const struct vault_kdf *kdf,
                            char code[VAULT_CODE_LEN], struct vault **out);

/*
 * Opens dir/vault: takes the lock (VAULT_ERR_BUSY with the holder as for
 * vault_lock_dir), reads the file and checks its header (magic, version,
 * limits, checksum, length).  The vault is still locked: call
 * vault_unlock() next.  On error nothing is held and *out is NULL.
 */
enum vault_err vault_open(const char *dir, struct vault **out, long *holder_pid,
                          long long *holder_since);

/*
 * Reads and checks a vault file at any path without taking a lock (for
 * restore and checks).  vault_save() refuses on such a handle; use
 * vault_write_copy().
 */
enum vault_err vault_open_file(const char *path, struct vault **out);

/*
 * Checks a vault image held in memory (copied; for tests and fuzzing).  The
 * handle can be unlocked and read but not saved.
 */
enum vault_err vault_open_mem(const void *data, size_t len, struct vault **out);

/*
 * Unlocks with the passphrase (VAULT_ERR_AUTH when wrong; nothing changes
 * and the caller may retry) or with the recovery code
 * (vault_unlock_code: VAULT_ERR_CODE_TYPO when a check character fails,
 * VAULT_ERR_AUTH when it does not open).  Then decrypts the image in place
 * (the database is the very block it was read into), replays the journal
 * beside the file, and runs the schema migrations (PRAGMA quick_check
 * after a migration only).  VAULT_ERR_DAMAGED: the header was fine but the
 * data, or the journal, is not (the files are left as they are).
 */
/*
 * Asks that the unlock of v that follows read the database from the vault
 * file a chunk at a time (store/pagevfs.h) where it can (a vault file in
 * format 3): for a command that reads the vault through once, such as an
 * export, whose memory then stays a few MiB whatever the vault's size.
 * Everything works as after any unlock; a save that must write the whole
 * image (a compaction) holds it in memory while it writes.
 */
void vault_read_paged(struct vault *v);

/*
 * Asks that the unlock of v that follows return once the database can be
 * read, with the rest of the vault file still being opened on the other
 * cores: for the full screen, whose home screen needs a few of a large
 * vault's chunks, not all of them.  Every chunk is authenticated before a
 * byte of it is read, whatever reads it.  vault_settle waits for the
 * rest, and says whether the whole file was as written; until then, a
 * damaged chunk shows only as a failed read of what it holds.
 */
void vault_open_lazily(struct vault *v);

/*
 * Waits until every chunk of the unlocked v is opened: VAULT_OK, or
 * VAULT_ERR_DAMAGED (or an I/O error) when any was not as written, each
 * time it is asked; nothing is then written over the vault file (a
 * save that needs the whole image fails the same way).  Immediate after
 * an unlock that was not lazy (vault_open_lazily).
 */
enum vault_err vault_settle(struct vault *v);

enum vault_err vault_unlock(struct vault *v, const char *passphrase);
enum vault_err vault_unlock_code(struct vault *v, const char *code);

/*
 * Before unlocking: the highest generation this machine has seen of the
 * vault (state/generations).  A journal whose last record is torn is
 * taken without it only when that record was never seen; a torn record
 * at or below seen was reported saved, so cutting it off is damage.
 */
void vault_expect_generation(struct vault *v, uint64_t seen);

/*
 * Saves the database.  Checks that the files on disk are the ones this
 * handle loaded or wrote (VAULT_ERR_CHANGED otherwise: the whole image is
 * then written to dir/vault.conflict-TIME instead and the vault is left
 * alone).  Usually appends the changes since the last save to
 * dir/vault.journal as one sealed record and fdatasyncs it: the cost of
 * what changed.  The whole image is written instead (a compaction, as
 * vault_compact) when the vault was never written, is in format 1, has new
 * keys or a new schema, or must pass a generation floor.  On any error
 * the vault and its journal are as they were.  Call after every logical
 * change; nothing is written when nothing changed.
 */
enum vault_err vault_save(struct vault *v);

/*
 * Compaction: writes the whole image (format 3) with a fresh nonce to a
 * temporary file, fsyncs it and renames it over dir/vault, keeping the
 * images the last two compactions replaced as vault.bak and vault.bak.1,
 * then starts a fresh, empty journal.  Costs a write of the whole vault:
 * never while someone types.  vault_compact_due: the journal has grown
 * past a quarter of the image (plus 64 KiB), or the next save must write
 * the image anyway.  vault_maintain compacts when it is due; call it at
 * unlock and at exit.
 */
enum vault_err vault_compact(struct vault *v);
bool vault_compact_due(struct vault *v);
enum vault_err vault_maintain(struct vault *v);

/*
 * Unsaved work.  vault_unsaved: the database holds changes that no save
 * has put on disk yet (a save failed, or none was tried).
 * vault_keep_unsaved seals just those changes, encrypted with the vault's
 * data key (never plaintext), into dir/vault.journal, marked as kept on
 * leaving: a record needs little room where a whole image (a save that had
 * to compact) may not fit.  The next unlock takes them back in and counts
 * them in vault_journal_taken.  VAULT_OK (also when nothing is unsaved),
 * or an I/O error such as VAULT_ERR_NOSPC; VAULT_ERR_IO when the changes
 * cannot go in a record (new keys or schema).
 */
bool vault_unsaved(const struct vault *v);
enum vault_err vault_keep_unsaved(struct vault *v);

/*
 * How many records the last unlock took back in from dir/vault.journal
 * that were kept on leaving by vault_keep_unsaved (ordinary saves are not
 * counted): 0 or more.  They are on disk already; nothing needs saving,
 * except those of a journal written by tend before incremental saves
 * (tend-vault(5)), which are unsaved changes until the next save.
 */
int vault_journal_taken(const struct vault *v);

/*
 * Conflict copies: a save that finds the vault changed on disk (another
 * tend wrote it, perhaps after the lock file was removed) writes its image
 * to dir/vault.conflict-TIME instead, and every later save of the same
 * handle goes to that same copy.
 *
 * vault_conflicts lists the copies in dir, oldest first, as fresh names
 * (free each, then the array); 0, or -1 with errno.
 */
int vault_conflicts(const char *dir, char ***names, size_t *n);

/* What a merge combined, in rows. */
struct vault_merge {
	int added; /* rows the vault did not have */
	int updated; /* rows the copy had newer */
	int renumbered; /* rows both sides had numbered alike */
};

/*
 * Merges the vault file at path (a conflict copy or backup of v, sealed
 * with the same data key) into v: entries, lesson answers and check-ins
 * from both are combined by their ids and times and nothing is dropped
 * (store/merge.h has the rules).  In memory: vault_save makes it durable.
 * VAULT_ERR_AUTH when the copy is sealed under another data key (made
 * before a recovery); VAULT_ERR_DAMAGED, VAULT_ERR_NOTFILE as for opening.
 */
enum vault_err
vault_merge_file(struct vault *v, const char *path, struct vault_merge *out);

/* Removes the conflict copy name (a bare name from vault_conflicts) from
 * v's folder.  VAULT_ERR_NOENT when it is not a conflict copy's name. */
enum vault_err vault_conflict_remove(struct vault *v, const char *name);

/* How many times this handle found its lock file removed or replaced and
 * took it anew before a save. */
int vault_lock_retaken(const struct vault *v);

/*
 * Makes the next save's generation at least floor + 1, so that a vault
 * that was rolled back (an older copy put in place) moves past the
 * generation seen before once it saves.  The on-disk check still compares
 * with the generation loaded.
 */
void vault_generation_floor(struct vault *v, uint64_t floor);

/*
 * How many backups (vault.bak.1, then vault.bak) the last vault_save gave
 * up because the disk was full: 0, 1 or 2 (a failed save may have given
 * some up too).  A save needs room for the new file only: backups are given
 * up only when that makes the room.
 */
int vault_backups_given_up(const struct vault *v);

/*
 * Writes an encrypted copy (same format, same key slots) to path, with the
 * same atomic write.  Mode 0600.
 */
enum vault_err vault_write_copy(struct vault *v, const char *path);

/*
 * Replaces the passphrase slot (new salt and cost; same data key).  In
 * memory only: vault_save() makes it durable.
 */
enum vault_err vault_set_passphrase(struct vault *v, const char *passphrase,
                                    const struct vault_kdf *kdf);

/*
 * New data key, new passphrase slot and a new recovery code (into code) and
 * its slot: used after recovery, or when keys may have leaked.  In memory
 * only until vault_save().
 */
enum vault_err
vault_rekey(struct vault *v, const char *passphrase,
            const struct vault_kdf *kdf, char code[VAULT_CODE_LEN]);

/*
 * Replaces dir/vault with the vault file at src after checking that it opens
 * with passphrase (or, when passphrase is NULL, with code) and passes
 * quick_check.  Takes the lock; the current vault, if any, becomes
 * vault.bak and the older backups shift, except that restoring vault.bak or
 * vault.bak.1 uses that backup up instead of pushing one out.  Restoring
 * dir/vault onto itself is VAULT_ERR_SELF.  The installed copy is re-sealed
 * with a fresh nonce and a generation above both files'.
 */
enum vault_err
vault_restore(const char *dir, const char *src, const char *passphrase,
              const char *code, long *holder_pid, long long *holder_since);

/*
 * Deletes dir/vault, its backups and conflict copies, then the lock file.
 * Takes the lock first (VAULT_ERR_BUSY as above).
 */
enum vault_err
vault_wipe(const char *dir, long *holder_pid, long long *holder_since);

/* Facts about an open vault (valid after vault_open*). */
struct vault_info {
	uint64_t generation; /* the image's, plus its journal's records */
	uint8_t file_id[16];
	struct vault_kdf pass_kdf; /* passphrase slot */
	struct vault_kdf code_kdf; /* recovery slot (0s when absent) */
	size_t file_size; /* the image file */
	int format; /* of the image: 1, 2 or 3 */
	uint64_t journal_records; /* saves in the live journal */
	uint64_t journal_bytes;
	int journal; /* 0 none, 1 live, 2 stale (ignored), 3 of an earlier
	             * tend (taken in at unlock), -1 refused */
	int compactions; /* full writes by this handle */
	int torn; /* bytes of a torn last record dropped at unlock */
	int schema_version; /* 0 until unlocked */
	int paged; /* read from the file a chunk at a time (vault_read_paged) */
	uint64_t read_ahead; /* payload chunks read while the key was derived */
};
void vault_get_info(const struct vault *v, struct vault_info *out);

/* PRAGMA quick_check over the unlocked database (tend doctor): VAULT_OK,
 * VAULT_ERR_DAMAGED or VAULT_ERR_LOCKED. */
enum vault_err vault_check(struct vault *v);

/* Closes the database (its memory is wiped on free), wipes the keys and
 * releases the lock.  NULL is fine. */
void vault_close(struct vault *v);

#endif
