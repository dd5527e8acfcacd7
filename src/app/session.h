/*
 * A session: the vault opened for one command or for the TUI.  It resolves
 * the data folder, takes the lock, reads the passphrase (from the terminal,
 * or one line from --passphrase-fd), unlocks, and maps every failure to an
 * exit status and a message a person understands.  Commands and screens
 * use session_vault() with the store's query functions, then
 * session_save() after every logical change.
 *
 * Nothing here prints: messages come back as fresh strings (free with
 * free()) for ui/ or cli/ to show.
 */
#ifndef TEND_APP_SESSION_H
#define TEND_APP_SESSION_H

#include <stdbool.h>

#include "app/opts.h"
#include "store/vault.h"

struct session;

/*
 * Opens and unlocks the vault for opts (data folder from opts->data_dir or
 * XDG; secrets from opts->passphrase_fd or the terminal).  On the terminal
 * the passphrase is asked up to three times; from a descriptor, once.
 * Returns EXIT_OK and *out, or an exit status (EXIT_AUTH, EXIT_DATA,
 * EXIT_BUSY, EXIT_FAIL) with *out NULL and *msg a message (may be NULL when
 * msg is NULL).  A missing vault is EXIT_FAIL with a message that says to
 * run `tend init`.
 */
int session_open(const struct opts *opts, struct session **out, char **msg);

/*
 * Like session_open, but with the passphrase given (for the TUI's own
 * unlock screen, which reads it itself).  Does not retry.
 */
int session_open_with(const struct opts *opts, const char *passphrase,
                      struct session **out, char **msg);

/* True when the data folder for opts holds a vault. */
bool session_vault_exists(const struct opts *opts);

/*
 * Creates a new vault (for `tend init` and the TUI's first run).  code
 * receives the recovery code to show once.  Returns an exit status as
 * session_open does; EXIT_FAIL with a message when a vault exists.
 */
int session_create(const struct opts *opts, const char *passphrase,
                   enum vault_kdf_level kdf, char code[VAULT_CODE_LEN],
                   struct session **out, char **msg);

/* The unlocked vault (borrowed; lives until session_close). */
struct vault *session_vault(struct session *s);

/* The data folder this session uses (borrowed). */
const char *session_dir(const struct session *s);

/*
 * Saves now.  Returns EXIT_OK, or an exit status with *msg (the previous
 * vault on disk is intact in every failure).
 */
int session_save(struct session *s, char **msg);

/* Closes without saving (call session_save first), wipes, unlocks.  NULL
 * is fine. */
void session_close(struct session *s);

/*
 * The data folder for opts (fresh string, free with free()), or NULL when
 * HOME is unset and no --data-dir was given.
 */
char *session_data_dir(const struct opts *opts);

/* The exit status for a vault error. */
int session_exit_status(enum vault_err e);

/*
 * A message for a vault error: vault_strerror plus what to do, e.g. which
 * backup to try for damage, or which pid holds the vault.  dir may be NULL.
 * Fresh string, free with free().
 */
char *session_error_message(enum vault_err e, const char *dir, long pid,
                            long long since);

/*
 * Reads one secret: from opts->passphrase_fd when set (no prompt), else
 * from the terminal with prompt.  Returns a fresh string (free with
 * secret_free) or NULL (errno: ENXIO no terminal, ENODATA end of input).
 */
char *session_read_secret(const struct opts *opts, const char *prompt);

/*
 * Passphrase strength, 0 (very weak) to 4 (strong), from length, character
 * variety, repetition, sequences and a short list of common passwords.
 * *hint (static text, may be NULL) says what would help ("" at 4).
 */
int session_passphrase_strength(const char *pass, const char **hint);

#endif
