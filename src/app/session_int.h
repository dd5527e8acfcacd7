/*
 * The inside of a session, for app/ only (never ui/ or cli/): app/session.c
 * opens and closes the vault, app/commit.c commits changes and keeps what
 * the use cases share (the course snapshot, the reminder sync), and
 * app/sheet.c keeps the installed worksheets here.
 */
#ifndef TEND_APP_SESSION_INT_H
#define TEND_APP_SESSION_INT_H

#include <stdbool.h>
#include <time.h>

#include "app/session.h"
#include "core/sheet.h"
#include "util/buf.h"

struct session {
	const struct opts *opts; /* borrowed: lives as long as the program */
	struct vault *v;
	char *dir;
	struct app_course *course; /* loaded on first use, or NULL */
	struct sheet_set *sheets; /* loaded on first use, or NULL */
	bool synced; /* the schedule was looked at in this session */
	const char *welcome; /* static; NULL once taken */
	char *warning; /* why the last sync failed, or NULL */
	struct buf notice; /* sentences for session_take_notice */
	char *unsaved; /* why the last save failed, until one succeeds */
	bool kept; /* the unsaved changes are sealed in the journal */
	time_t opened_at; /* clock_now() when it was opened */
};

/* Appends a sentence to what session_take_notice returns next. */
void session_note(struct session *s, const char *text);

/*
 * After a session is opened (app/session.c): takes note (a sentence from
 * unlocking, or NULL; freed here) into the notices, then looks at what
 * the last sessions left behind: unsaved writing sealed in the journal, a
 * conflict copy, an older vault than one seen before.
 */
void session_opened(struct session *s, char *note);

/* pass normalised (NFC) for the key derivation: a fresh secret (free with
 * secret_free); a copy of pass when it is not valid UTF-8. */
char *session_pass_nfc(const char *pass);

/*
 * Unlocks v with a typed passphrase under the rule: the normal form (NFC)
 * first; then the bytes as typed (a passphrase set before normalisation:
 * re-wrapped to the normal form and saved); then, for a passphrase longer
 * than tend used to keep, its first 1023 bytes.  *note is NULL or a
 * sentence to tell (free with free()).
 */
enum vault_err
session_unlock_pass(struct vault *v, const char *pass, char **note);

/* vault_set_passphrase with the normal form (NFC) of pass. */
enum vault_err session_set_pass(struct vault *v, const char *pass,
                                const struct vault_kdf *kdf);

/*
 * The shared-server rule: dir (the data folder) and the state folder must
 * belong to this user and be writable by nobody else.  EXIT_OK, or
 * EXIT_FAIL with *msg naming the folder and the fix.
 */
int session_check_folders(const struct opts *opts, const char *dir, char **msg);

/* Frees what app/commit.c keeps in the session (for session_close). */
void session_commit_clear(struct session *s);

#endif
