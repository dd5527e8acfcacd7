/*
 * Guidance by file, the person's side (tend(1), HELPER): linking a
 * helper, the weekly summary sealed to them, and taking in their signed
 * replies.  One use case per function, driven alike by the full screen
 * (ui/helper.c, ui/messages.c) and the command line (cli/cmd_helper.c,
 * cli/cmd_import.c).
 *
 * Nothing leaves the machine by itself: a summary is a file in the outbox
 * folder (shown to the person), which they send as they like; a clinic
 * may name a command in its config (outbox_command) that is run with the
 * file's name as its only argument.  A helper reads summaries when they
 * can, never in real time: every screen that mentions the helper says so
 * (helper_not_realtime), and nothing in a crisis waits for them.
 *
 * Replies are checked in the order of the design: the file opens with the
 * person's key for this link; its signer is the helper linked; its
 * sequence number is above the last one taken.  A refusal changes
 * nothing and says which check failed, with exit status EXIT_DATA.
 */
#ifndef TEND_APP_HELPER_H
#define TEND_APP_HELPER_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "app/session.h"
#include "util/buf.h"

/* The sentence every screen that mentions the helper shows (N_). */
const char *helper_not_realtime(void);

/*
 * What the safety and crisis screens add (app/safety.c) when a helper is
 * linked: that they see a risk answer only in the next summary, when they
 * read it: not now, so nobody should wait for them.  Nothing when s is
 * NULL (no vault open) or no helper is linked.
 */
struct paras;
void helper_link_note(struct session *s, struct paras *out);

/* --- A helper's public key file --- */

struct helper_key;

/*
 * Reads a helper's public key file (tend-helper-key, as `tend helper
 * keygen` writes it).  Returns EXIT_OK and *out (free with
 * helper_key_free), EXIT_FAIL when it cannot be read, or EXIT_DATA when
 * it is not a key file or its fingerprint line does not match its key;
 * *msg says which.
 */
int helper_key_load(const char *path, struct helper_key **out, char **msg);
void helper_key_free(struct helper_key *k);
/* The fingerprint words to compare aloud (borrowed from k). */
const char *helper_key_fingerprint(const struct helper_key *k);

/*
 * The key file a clinic installed: config helper_key, else helper.pub in
 * the clinic's folder (/etc/tend) when it exists.  Fresh string, or NULL.
 */
char *helper_clinic_key(void);

/* --- The link --- */

/* Kinds of answer text the person may share (scores, flags and counts
 * are always in a summary). */
enum {
	HELPER_SHARE_LESSONS = 1u << 0, /* answers in lessons */
	HELPER_SHARE_WORKSHEETS = 1u << 1, /* worksheet entries */
};

/* Parses "lessons,worksheets" (or "none", or ""): 0, or -1. */
int helper_share_parse(const char *s, unsigned *out);

struct helper_settings {
	char pseudonym[64]; /* the name the helper sees */
	unsigned share; /* HELPER_SHARE_* */
	int weekday; /* 0 = Monday .. 6 = Sunday; -1: on demand only */
};

struct helper_link {
	bool linked;
	char helper_fp[200]; /* the helper's fingerprint words */
	char own_fp[200]; /* the person's, for the helper to compare */
	struct helper_settings set;
	time_t linked_at;
	time_t last_summary_at; /* 0: none yet */
	long summaries; /* written on this link */
};

/* The current link (out->linked false when none).  EXIT_OK, or EXIT_FAIL
 * with *msg on a database error. */
int helper_link_get(struct session *s, struct helper_link *out, char **msg);

/*
 * Appends what a summary shares with these settings, one line per point,
 * each ending in '\n' (translated): scores and change, risk answers with
 * their dates, pauses, progress and homework counts, last active; the
 * text of answers only for the kinds ticked.
 */
void helper_share_text(unsigned share, struct buf *out);

/*
 * Links the helper of key k with settings set (a pseudonym is required),
 * making the person's own key pair for this link, and commits.  EXIT_OK,
 * EXIT_FAIL with *msg when already linked (unlink first) or on a save
 * error.
 */
int helper_link(struct session *s, const struct helper_key *k,
                const struct helper_settings *set, time_t now, char **msg);
/* Changes pseudonym, shared kinds and day of the current link; commits. */
int helper_settings_set(struct session *s, const struct helper_settings *set,
                        time_t now, char **msg);
/* Ends the link (messages stay); commits.  EXIT_FAIL when not linked. */
int helper_unlink(struct session *s, time_t now, char **msg);

/* --- The summary --- */

/* The outbox folder (fresh string): <data folder>/outbox. */
char *helper_outbox_dir(struct session *s);
/* The inbox folder for replies (fresh string): <data folder>/inbox. */
char *helper_inbox_dir(struct session *s);

/*
 * Appends the summary body (JSON, format tend-summary 1) that the next
 * summary would hold at now, with the person's note (may be NULL), for a
 * preview and for tests.  EXIT_OK, or an exit status with *msg.  out holds
 * plaintext: wipe it.
 */
int helper_summary_json(struct session *s, const char *note, time_t now,
                        struct buf *out, char **msg);

/*
 * Writes a sealed summary to path (NULL: a new file with a neutral name in
 * the outbox folder, made if missing) and commits the link's sequence
 * number.  *written (may be NULL) gets the path written (fresh string).
 * EXIT_OK, or EXIT_FAIL (not linked, cannot write) with *msg; nothing is
 * recorded when the file could not be written.
 */
int helper_summary_write(struct session *s, const char *note, const char *path,
                         time_t now, char **written, char **msg);

/* True when the person chose a day, it has come since the last summary,
 * and a link is open. */
bool helper_summary_due(struct session *s, time_t now);

/*
 * Runs the clinic's outbox command (config outbox_command) with file as
 * its only argument: fork and exec, no shell; standard input from
 * /dev/null, and with quiet its output too (the full screen).  Waits at
 * most two minutes.  Returns 0 when there is no command (nothing run), 1
 * when it ran and succeeded, or -1 with *msg (fresh) saying what failed.
 */
int helper_outbox_run(const char *file, bool quiet, char **msg);

/* --- Replies --- */

/*
 * Takes in a reply file's bytes: checks it as the design orders (see the
 * top), keeps the message with its dates and commits.  EXIT_OK, or
 * EXIT_DATA with *msg naming the check that failed (nothing changed), or
 * EXIT_FAIL on a save error.
 */
int helper_import(struct session *s, const void *data, size_t len, time_t now,
                  char **msg);
/* The same for a file (read through util/file). */
int
helper_import_file(struct session *s, const char *path, time_t now, char **msg);

/*
 * Takes in every message file dropped into the inbox folder; a file
 * taken in is removed from the folder.  *taken gets how many were taken;
 * *refused (may be NULL) a line per file refused ("NAME: reason"), which
 * stay where they are.  EXIT_OK (also when the folder is missing), or
 * EXIT_FAIL on a save error.
 */
int helper_inbox_scan(struct session *s, time_t now, size_t *taken,
                      struct buf *refused, char **msg);

struct helper_msg {
	time_t sent_at; /* the helper's date */
	time_t received_at;
	bool unread;
	char *text; /* Markdown, owned */
};

/* Every message, newest first.  *out fresh (free with helper_msgs_free).
 * 0, or -1 on a database error. */
int helper_messages(struct session *s, struct helper_msg **out, size_t *n);
void helper_msgs_free(struct helper_msg *m, size_t n);
/* Messages not read yet. */
size_t helper_unread(struct session *s);
/* Marks every message read; commits. */
int helper_mark_read(struct session *s, time_t now, char **msg);

#endif
