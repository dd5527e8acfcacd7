/*
 * The vault commands as use cases, one function per command (`tend passwd`,
 * `recover`, `backup`, `restore`, `doctor`, `wipe`; `init` is
 * session_create): the front end reads secrets and prints, these do the
 * work and turn every vault error into an exit status (app/opts.h) and a
 * sentence (session_error_message).
 *
 * Messages come back in *msg as fresh strings (free with free()); msg may
 * be NULL.  Secrets are only borrowed: the caller wipes them.  Nothing here
 * prints.
 */
#ifndef TEND_APP_VAULT_H
#define TEND_APP_VAULT_H

#include <stdbool.h>
#include <stddef.h>

#include "app/session.h"

/* "interactive", "moderate", "sensitive" (the --kdf names): 0, or -1. */
int app_vault_kdf_parse(const char *name, enum vault_kdf_level *out);

/*
 * The cost a new passphrase gets: asked, unless it is
 * VAULT_KDF_CALIBRATED (no --kdf given) and the configuration sets `kdf`
 * (tend-config(5)), which then wins.  session_create, app_vault_passwd and
 * app_recover_finish all go through it.
 */
enum vault_kdf_level app_vault_kdf(enum vault_kdf_level asked);

/*
 * The clinic's cap on the memory of one key derivation (kdf_max_memory in
 * MiB, tend-config(5)), handed to the vault: new passphrase keys stay
 * within it, and a vault whose key was made with more is re-wrapped at its
 * next unlock (session_unlock_pass).  Read once per process; app_vault_kdf
 * and opening a vault call it.
 */
void app_vault_kdf_policy(void);

/*
 * While a key derivation waits its turn for memory on a shared computer
 * (tend-security(7)), hook is called with how many others are in progress
 * and the MiB it needs; once more with others = 0 when the wait is over.
 * The command line prints a line; the full screen a status message.
 */
void
app_vault_wait_hook(void (*hook)(int others, unsigned long long mib, void *ctx),
                    void *ctx);

/*
 * `tend passwd`: a new passphrase slot at cost kdf (same data key), saved
 * at once (session_save: the reminder schedule does not change).  Returns
 * EXIT_OK, or an exit status with *msg.
 */
int app_vault_passwd(struct session *s, const char *pass,
                     enum vault_kdf_level kdf, char **msg);

/*
 * `tend recover`: open and lock the vault of o without unlocking it, try
 * recovery codes, then set a new passphrase with a new data key and a new
 * recovery code.  begin returns EXIT_OK and *out (free with
 * app_recover_end, which unlocks), or an exit status with *msg.
 */
struct app_recovery;
int
app_recover_begin(const struct opts *o, struct app_recovery **out, char **msg);
/*
 * Tries code.  EXIT_OK when it opens the vault.  Otherwise an exit status
 * with *msg, the sentence to end with; *retry (may be NULL) is true when
 * another try makes sense (a wrong code or a typo), and *hint (may be
 * NULL) then holds a short static sentence to show before it.
 */
int app_recover_code(struct app_recovery *r, const char *code, bool *retry,
                     const char **hint, char **msg);
/*
 * After app_recover_code: the new passphrase at cost kdf, a new data key
 * and a new recovery code (into code, to show once), saved.  EXIT_OK, or
 * an exit status with *msg.
 */
int app_recover_finish(struct app_recovery *r, const char *pass,
                       enum vault_kdf_level kdf, char code[VAULT_CODE_LEN],
                       char **msg);
void app_recover_end(struct app_recovery *r); /* NULL is fine */

/*
 * `tend backup -o FILE`: an encrypted copy of the session's vault (same
 * key slots, mode 0600, atomic).  EXIT_OK, or an exit status with *msg.
 */
int app_vault_backup(struct session *s, const char *file, char **msg);

/*
 * `tend restore FILE`: replaces the vault of o with the copy in file after
 * checking that it opens with pass; the vault it replaces becomes
 * VAULT_BAK.  EXIT_OK, or an exit status with *msg (a damaged or foreign
 * file says that the current vault was not changed).
 */
int app_vault_restore(const struct opts *o, const char *file, const char *pass,
                      char **msg);

/* What `tend doctor` learns from a vault file without its passphrase. */
struct app_vault_file {
	size_t size;
	int format; /* 1 or 2 */
	unsigned long long generation; /* save counter, journal included */
	int journal; /* 0 none, 1 live, 2 stale (ignored), 3 of an earlier
	             * tend (taken in at unlock), -1 refused */
	unsigned long long journal_records; /* saves in a live journal */
	unsigned long long journal_bytes;
	unsigned opslimit; /* passphrase key cost: passes */
	unsigned long long memlimit; /* and bytes */
	char id[33]; /* the vault's file id, in hex */
};

/*
 * Reads the header of the vault file at path (a vault, or one of its
 * backups).  EXIT_OK and *out, or EXIT_DATA (damaged, foreign, too new)
 * or EXIT_FAIL with *msg: the short reason (no file name).
 */
int app_vault_inspect(const char *path, struct app_vault_file *out, char **msg);

/*
 * Rollback: the highest save generation seen of the vault with file id
 * hex on this machine (the state folder of o): 1 and *gen, or 0 when none
 * was recorded (-1: unreadable).
 */
int
app_vault_seen(const struct opts *o, const char *hex, unsigned long long *gen);

/*
 * tend doctor with a passphrase: opens the vault (every journal record is
 * checked and replayed) and runs PRAGMA quick_check over it.  EXIT_OK, or
 * the session's exit status with *msg.
 */
int app_vault_check(const struct opts *o, char **msg);

/* The conflict copies and the journal of unsaved changes in dir: how
 * many copies (their names, oldest first, into *names when not NULL: free
 * each and the array) and whether a journal is there. */
size_t app_vault_leftovers(const char *dir, char ***names, bool *journal);

/*
 * Whether a tend process holds the vault in dir: true with *pid and *since
 * (start time, seconds since the epoch; 0 unknown), else false (also when
 * that cannot be told).
 */
bool app_vault_holder(const char *dir, long *pid, long long *since);

/*
 * `tend wipe`: deletes the vault of o, its backups and conflict copies
 * (never copies made with `tend backup`).  EXIT_OK, or an exit status with
 * *msg (EXIT_BUSY while it is open).
 */
int app_vault_wipe(const struct opts *o, char **msg);

#endif
