/*
 * A session: the vault opened for one command or for the TUI, and the
 * handle every use case in app/ takes.  It resolves the data folder, takes
 * the lock, reads the passphrase (from the terminal, or one line from
 * --passphrase-fd), unlocks, and maps every failure to an exit status and
 * a message a person understands.
 *
 * A session also owns what the use cases share while it is open: the
 * course snapshot (session_course, loaded on first use) and the installed
 * worksheets.  After every logical change the use case or the front end
 * calls session_commit(), the one function that saves the vault and brings
 * the reminder schedule up to date, whichever front end made the change.
 *
 * Nothing here prints: messages come back as fresh strings (free with
 * free()) for ui/ or cli/ to show.
 */
#ifndef TEND_APP_SESSION_H
#define TEND_APP_SESSION_H

#include <stdbool.h>
#include <time.h>

#include "app/opts.h"
#include "store/vault.h"

struct session;
struct app_course;

/*
 * Every opening function keeps a pointer to opts: it must live until
 * session_close (the program's options do).
 *
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

/*
 * Like session_open_with, but it returns once the vault's database can be
 * read, with the rest of a large vault file still being opened on the
 * other cores (vault_open_lazily): for the full screen, whose home screen
 * then follows the key derivation at once.  Call session_settle before
 * the person can act on what is shown.
 */
int session_open_lazily(const struct opts *opts, const char *passphrase,
                        struct session **out, char **msg);

/*
 * Waits until the whole vault file of s is opened: EXIT_OK, or the exit
 * status and message of a vault that cannot be opened (EXIT_DATA: a
 * part of the file is not as written; nothing is then written over it).
 */
int session_settle(struct session *s, char **msg);

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

/*
 * The unlocked vault (borrowed; lives until session_close).  For app/
 * only: ui/ and cli/ go through app/ functions (make lint checks it).
 * It moves to app/session_int.h once the last front-end caller is gone.
 */
struct vault *session_vault(struct session *s);

/* The data folder this session uses (borrowed). */
const char *session_dir(const struct session *s);

/* When the session was opened (clock_now(); TEND_NOW in tests): the
 * start of this run, for what is asked "at the next opening". */
time_t session_opened_at(const struct session *s);

/* The options the session was opened with (borrowed). */
const struct opts *session_opts(const struct session *s);

/*
 * Saves the vault only.  Returns EXIT_OK, or an exit status with *msg (the
 * previous vault on disk is intact in every failure).  For changes that
 * the reminder schedule cannot see (a new passphrase, a worksheet's resume
 * point); every other change goes through session_commit.
 */
int session_save(struct session *s, char **msg);

/*
 * The one commit: records a change made through the session.  Saves the
 * vault (as session_save), then refreshes the course snapshot when one is
 * loaded (also when the save failed: it shows what is in memory) and,
 * once saved, brings the reminder schedule up to date at now (see
 * session_sync).  Returns session_save's status and *msg on failure.  The
 * schedule is best effort: when it cannot be written the status is still
 * EXIT_OK (the save is what matters), and session_warning() says what
 * went wrong, for the front end to show.
 */
int session_commit(struct session *s, time_t now, char **msg);

/*
 * Brings the reminder schedule (`schedule` in the state folder) up to date
 * from the course at now, without saving: the next lesson opening, due
 * check-ins, the end-of-course and follow-up check-ins, planned practice
 * times (app/remindsync.h).  For when nothing in the vault changed but
 * time did (the program opens).  Loads the course snapshot if needed.
 * Returns 0, or -1 with session_warning() set.
 */
int session_sync(struct session *s, time_t now);

/*
 * Why the last commit or sync could not update the reminder schedule, as
 * a sentence (borrowed; valid until the next commit, sync or close), or
 * NULL when it is up to date.
 */
const char *session_warning(const struct session *s);

/*
 * The welcome-back line, decided once per session at its first sync from
 * the day the person was last active before it: the line of their wording
 * set (static, untranslated: pass it to _()) when they had been away two
 * days or more, else NULL.  Returns it once; later calls return NULL.
 */
const char *session_welcome(struct session *s);

/*
 * The course snapshot of this session (app/course.h): loaded at now on
 * first use (the course the person follows, else the default course),
 * owned by the session and refreshed in place by every session_commit.
 * Returns EXIT_OK and *out (borrowed: valid until session_close or
 * session_course_choose), or EXIT_DATA (the course files are invalid) or
 * EXIT_FAIL (no course, or a database error) with *out NULL and *msg.
 */
int session_course(struct session *s, time_t now, struct app_course **out,
                   char **msg);

/* The course snapshot if one is loaded, else NULL (borrowed). */
struct app_course *session_course_loaded(struct session *s);

/*
 * The person chose course id: it becomes the current course, a loaded
 * snapshot of another course is dropped (pointers from session_course die
 * here), and the change is committed.  Returns session_commit's status,
 * or EXIT_FAIL with *msg on a database error.
 */
int session_course_choose(struct session *s, const char *id, time_t now,
                          char **msg);

/*
 * Nothing typed is ever lost.  session_unsaved: why the work in memory is
 * not in the vault file, as a short sentence for the status line
 * (borrowed; valid until the next save), or NULL when all is saved.  Set
 * by every failed save (a full disk, ...), cleared by the next one that
 * succeeds; a front end shows it until then, and retries.
 */
const char *session_unsaved(const struct session *s);

/* True when the session holds changes that no save has put on disk. */
bool session_dirty(const struct session *s);

/*
 * Leaving with unsaved work, when the person does not retry: seals just
 * the unsaved changes, encrypted with the vault's key (never plaintext),
 * into the journal beside the vault (a small file, which fits where the
 * vault did not); the next open takes them back in.  EXIT_OK with *msg
 * the sentence to tell (NULL when nothing was unsaved, or when these
 * changes were kept already and nothing saved since), or EXIT_FAIL with
 * *msg (the disk is too full even for that: the person should free space
 * and retry).
 */
int session_keep_unsaved(struct session *s, char **msg);

/*
 * Conflict copies (vault.conflict-TIME, written when another tend changed
 * the vault under this one): how many are in the data folder now.
 */
size_t session_conflicts(struct session *s);

/*
 * The offered merge: every conflict copy is merged into the vault
 * (entries, lesson answers and check-ins of both sides combined by their
 * ids and times, nothing dropped), the vault is committed, and then the
 * copies are removed.  EXIT_OK with *msg saying what was combined, or an
 * exit status with *msg (nothing removed).
 */
int session_merge_conflicts(struct session *s, time_t now, char **msg);

/*
 * The other choice: the vault as it is; the conflict copies are removed.
 * (To take a copy's side instead, restore it: `tend restore FILE`.)
 * EXIT_OK, or EXIT_FAIL with *msg.
 */
int session_drop_conflicts(struct session *s, char **msg);

/*
 * The third choice, when there is exactly one conflict copy: the copy
 * becomes the vault (its side's writing, not the vault's).  *sp must hold
 * no unsaved work.  It is closed, the copy is restored with pass (checked
 * against the copy; the vault it replaces becomes vault.bak, the newest
 * backup, from which the other side's writing can be restored until later
 * saves shift it out), the copy is removed, and *sp is
 * opened anew with pass.  EXIT_OK with *msg saying so; otherwise an exit
 * status with *msg, and *sp is open again on the vault as it was (NULL
 * only when even that failed).  pass is the passphrase the session was
 * opened with.
 */
int
session_keep_conflict_copy(struct session **sp, const char *pass, char **msg);

/*
 * What the front end should tell the person once, as one or more
 * sentences separated by newlines (fresh string, free with free()), or NULL:
 * unsaved writing from the last session taken back in, a conflict copy
 * waiting to be merged, a vault older than one seen before, a passphrase
 * re-wrapped, backups given up for room.  Taking it clears it.
 */
char *session_take_notice(struct session *s);

/* Closes without saving (commit first), wipes, unlocks, frees the course
 * snapshot.  NULL is fine. */
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
 * Reads one secret of at most SESSION_SECRET_MAX bytes: from
 * opts->passphrase_fd when set (no prompt), else from the terminal with
 * prompt.  Returns a fresh string (free with secret_free) or NULL (errno:
 * ENXIO no terminal, ENODATA end of input, E2BIG longer than that).
 */
char *session_read_secret(const struct opts *opts, const char *prompt);

/*
 * The one passphrase rule, for every front end (tend(1), PASSPHRASES): a
 * passphrase is valid UTF-8 without control characters, not empty, and at
 * most SESSION_PASSPHRASE_MAX bytes once normalised to NFC.  Unicode
 * passphrases are normalised (NFC) before the key derivation, so the same
 * words typed on two keyboards open the vault.  A passphrase is never cut
 * short: too long is refused with a message.
 *
 * SESSION_SECRET_MAX is how much is read when a passphrase is typed to
 * open the vault: more than the rule, so that a passphrase set before the
 * rule (when tend silently kept only its first 1023 bytes) still opens.
 */
#define SESSION_PASSPHRASE_MAX 1024
#define SESSION_SECRET_MAX 4096

/*
 * What is wrong with pass as a new passphrase under the rule, as a
 * sentence (static, translated), or NULL when it may be used.
 */
const char *session_passphrase_problem(const char *pass);

/*
 * Passphrase strength, 0 (very weak) to 4 (strong), from length, character
 * variety, repetition, sequences and a short list of common passwords.
 * *hint (static text, may be NULL) says what would help ("" at 4).
 */
int session_passphrase_strength(const char *pass, const char **hint);

#endif
