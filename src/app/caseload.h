/*
 * Guidance by file, the helper's side (tend(1), HELPER): the helper's key
 * pair, the caseload made from the summaries people send, and replies
 * signed and sealed to one person.  Nothing here touches a vault: the
 * helper's files live in their key folder (helper.key, helper.pub, and
 * `caseload`, the people they have heard from, sealed under their key).
 *
 * A person becomes part of the caseload with their first summary (their
 * keys are pinned then: a later summary from other keys is another
 * person); their latest summary is kept in the caseload, so a summary
 * file may be deleted once read.  Summaries older than one already taken
 * are passed over; a file sealed to another helper, or altered, is
 * refused with its own message and changes nothing.
 *
 * The caseload is sorted risk first (CASE_*): a risk answer since the
 * person's previous summary; then reliable deterioration or a paused
 * course; then no activity for CASELOAD_IDLE_DAYS days or more; then the
 * rest.
 */
#ifndef TEND_APP_CASELOAD_H
#define TEND_APP_CASELOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "app/session.h"
#include "util/buf.h"
#include "util/jv.h"

#define CASELOAD_IDLE_DAYS 14

/* The helper's key folder when none is given: <data folder>/helper. */
char *caseload_default_dir(void);

/*
 * Makes a key pair in dir (created 0700 if missing): helper.key (the
 * secret half under passphrase, Argon2id at kdf, mode 0600) and
 * helper.pub (the public half with its fingerprint).  Refuses to replace
 * either.  *fingerprint gets the words (fresh string).  Returns EXIT_OK,
 * or EXIT_FAIL with *msg.
 */
int caseload_keygen(const char *dir, const char *passphrase,
                    enum vault_kdf_level kdf, char **fingerprint, char **msg);

struct caseload;

/*
 * Opens the key folder dir with passphrase: the secret key and the
 * caseload.  Returns EXIT_OK and *out (close with caseload_close),
 * EXIT_AUTH (wrong passphrase), EXIT_FAIL (no key there) or EXIT_DATA (a
 * damaged key or caseload file), with *msg.
 */
int caseload_open(const char *dir, const char *passphrase,
                  struct caseload **out, char **msg);
void caseload_close(struct caseload *c);
/* The helper's own fingerprint (borrowed). */
const char *caseload_fingerprint(const struct caseload *c);

enum caseload_tier {
	CASE_RISK, /* a risk answer since the previous summary */
	CASE_WORSE, /* reliable deterioration, or the course paused */
	CASE_IDLE, /* no activity for CASELOAD_IDLE_DAYS days or more */
	CASE_OK,
};

struct caseload_person {
	char id[17]; /* the first 8 bytes of the person's key id, in hex */
	char fp[200]; /* the person's fingerprint words */
	char *pseudonym; /* as their latest summary says */
	enum caseload_tier tier;
	char *reason; /* why in this tier, one line (translated); NULL for
	                 CASE_OK */
	time_t when; /* the date that decided the tier (the risk answer,
	                the pause, last activity); 0 if none */
	time_t summary_at; /* when the latest summary was written */
	bool fresh; /* a summary of theirs was taken in this time */
	bool first; /* first heard of this time: compare fingerprints */
	const struct jv *summary; /* the latest summary (borrowed from the
	                             caseload; valid until caseload_close) */
};

/*
 * Reads every message file in dir (files that are not tend messages are
 * passed over), takes in the summaries sealed to this helper, saves the
 * caseload, and lists everyone in it, risk first, at now.  *out a fresh
 * array of *n (free with caseload_people_free).  Returns EXIT_OK, or
 * EXIT_DATA when any file was refused (each as a line "FILE: reason" in
 * refused; the others still count), or EXIT_FAIL with *msg (dir cannot be
 * read, the caseload cannot be saved).
 */
int caseload_inbox(struct caseload *c, const char *dir, time_t now,
                   struct caseload_person **out, size_t *n, struct buf *refused,
                   char **msg);
void caseload_people_free(struct caseload_person *p, size_t n);

/* The caseload as JSON (an array, risk first), for --json. */
void caseload_json(const struct caseload_person *p, size_t n, struct buf *out);
/* One line per person in columns of at most cols: tier, pseudonym, id,
 * reason, last summary. */
void caseload_table(const struct caseload_person *p, size_t n, int cols,
                    struct buf *out);
/*
 * One person in full, as lines of at most cols: the charts of their
 * scores, change and recovery, flags with dates, adherence, homework, the
 * text they shared, their note.  ascii: no box glyphs.
 */
void caseload_person_text(const struct caseload_person *p, int cols, bool ascii,
                          struct buf *out);

/*
 * Signs a reply of text (Markdown) to the person `who` (their id, at
 * least 4 hex digits of it, or their pseudonym) and seals it to them;
 * writes it to path (NULL: a neutral name in <dir>/outbox) and saves the
 * caseload's sequence number.  *written gets the path (fresh).  EXIT_OK,
 * EXIT_USAGE (no such person, or more than one matches) or EXIT_FAIL,
 * with *msg.
 */
int caseload_reply(struct caseload *c, const char *who, const char *text,
                   const char *path, time_t now, char **written, char **msg);

#endif
