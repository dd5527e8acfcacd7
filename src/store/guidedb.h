/*
 * The person's side of guidance by file in the vault (tables guide_links
 * and guide_messages of store/schema.c): the link to one helper at a time,
 * with the person's own key pairs for that link, and the replies taken in.
 * Functions return 0 (or 1 for "found") on success and -1 on a SQLite
 * error; callers commit afterwards.
 */
#ifndef TEND_STORE_GUIDEDB_H
#define TEND_STORE_GUIDEDB_H

#include <stddef.h>
#include <stdint.h>

#include "store/guide.h"
#include "store/vault.h"

struct guidedb_link {
	int64_t id;
	struct guide_pub helper;
	uint8_t seed[GUIDE_SEED_BYTES]; /* the person's keys for this link */
	char pseudonym[64];
	char share[64]; /* "lessons,worksheets", "" for none */
	int weekday; /* 0 = Monday .. 6; -1: on demand only */
	int64_t linked_at;
	int64_t out_seq, in_seq;
	int64_t last_summary_at; /* 0: none yet */
};

/* The open link: 1 and *out, 0 when there is none, -1.  Wipe out->seed
 * when done (guidedb_link_clear). */
int guidedb_link_get(struct vault *v, struct guidedb_link *out);
void guidedb_link_clear(struct guidedb_link *l);
/* Adds a link (l->id is set).  There must be no open link. */
int guidedb_link_add(struct vault *v, struct guidedb_link *l);
/* Pseudonym, share and weekday of link l->id, changed at now. */
int
guidedb_link_update(struct vault *v, const struct guidedb_link *l, int64_t now);
/* Ends link id at `at`. */
int guidedb_unlink(struct vault *v, int64_t id, int64_t at);
/* A summary numbered seq was written at `at`. */
int guidedb_summary_sent(struct vault *v, int64_t id, int64_t seq, int64_t at);

struct guidedb_msg {
	int64_t id;
	int64_t seq;
	int64_t sent_at; /* the helper's clock */
	int64_t received_at;
	int64_t read_at; /* 0: not read yet */
	char *body; /* owned */
};

/* Keeps a reply taken in on link link_id and raises its in_seq to seq, in
 * one transaction.  Returns the message id, or -1. */
int64_t
guidedb_message_add(struct vault *v, int64_t link_id, int64_t seq,
                    int64_t sent_at, int64_t received_at, const char *body);
/* Every message, newest first (of every link).  Free with
 * guidedb_msgs_free. */
int guidedb_messages(struct vault *v, struct guidedb_msg **out, size_t *n);
void guidedb_msgs_free(struct guidedb_msg *m, size_t n);
/* Marks every unread message read at `at`. */
int guidedb_messages_read(struct vault *v, int64_t at);

/* The time of the newest entry of the activity log (0: none), or -1. */
int guidedb_last_active(struct vault *v, int64_t *at);
/* Days (local, counted from the day of `now` back) with any activity in
 * the last `days` days. */
int guidedb_active_days(struct vault *v, int64_t now, int days, int *out);

/* An answer in a lesson (prompt_answers). */
struct guidedb_prompt {
	char *lesson; /* owned ids */
	char *prompt;
	char *text; /* owned */
	int64_t updated_at;
};
/* The answers in lessons of course changed at or after since.  Free with
 * guidedb_prompts_free. */
int guidedb_prompts(struct vault *v, const char *course, int64_t since,
                    struct guidedb_prompt **out, size_t *n);
void guidedb_prompts_free(struct guidedb_prompt *p, size_t n);
/* Worksheet entries finished at or after since and not deleted. */
int guidedb_entries_done_since(struct vault *v, int64_t since, long *n);

#endif
