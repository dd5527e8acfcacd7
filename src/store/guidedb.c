/*
 * Queries for the guide_links and guide_messages tables (store/guidedb.h).
 * Keys are kept as hex text; the vault's own encryption protects the seed.
 */
#include "store/guidedb.h"

#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "util/buf.h"
#include "util/secret.h"
#include "util/xalloc.h"

static void
copy(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);

	if (n >= cap)
		n = cap - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

int
guidedb_link_get(struct vault *v, struct guidedb_link *out)
{
	struct sqlite3_stmt *st = db_prepare(
	        v,
	        "SELECT id, helper_sign, helper_box, own_seed, pseudonym, "
	        "share,"
	        " weekday, created_at, out_seq, in_seq, last_summary_at"
	        " FROM guide_links WHERE unlinked_at IS NULL"
	        " ORDER BY id DESC LIMIT 1",
	        "");
	int rc;

	memset(out, 0, sizeof(*out));
	if (!st)
		return -1;
	rc = db_step(st);
	if (rc == 1) {
		out->id = db_col_int(st, 0);
		if (guide_unhex(db_col_text(st, 1), out->helper.sign, 32) < 0 ||
		    guide_unhex(db_col_text(st, 2), out->helper.box, 32) < 0 ||
		    guide_unhex(db_col_text(st, 3), out->seed,
		                GUIDE_SEED_BYTES) < 0) {
			rc = -1;
		} else {
			copy(out->pseudonym, sizeof(out->pseudonym),
			     db_col_text(st, 4));
			copy(out->share, sizeof(out->share),
			     db_col_text(st, 5));
			out->weekday = db_col_null(st, 6)
			                       ? -1
			                       : (int)db_col_int(st, 6);
			out->linked_at = db_col_int(st, 7);
			out->out_seq = db_col_int(st, 8);
			out->in_seq = db_col_int(st, 9);
			out->last_summary_at = db_col_int(st, 10);
		}
	}
	db_finalize(st);
	if (rc < 0)
		guidedb_link_clear(out);
	return rc;
}

void
guidedb_link_clear(struct guidedb_link *l)
{
	secret_wipe(l, sizeof(*l));
}

int
guidedb_link_add(struct vault *v, struct guidedb_link *l)
{
	struct buf sign = BUF_INIT, box = BUF_INIT, seed = BUF_INIT;
	int rc;

	guide_hex(l->helper.sign, 32, &sign);
	guide_hex(l->helper.box, 32, &box);
	guide_hex(l->seed, GUIDE_SEED_BYTES, &seed);
	rc = db_exec(
	        v,
	        "INSERT INTO guide_links(helper_sign, helper_box, own_seed,"
	        " pseudonym, share, weekday, created_at, updated_at)"
	        " VALUES(?, ?, ?, ?, ?, ?, ?, ?)",
	        "ttttttii", sign.data, box.data, seed.data, l->pseudonym,
	        l->share, NULL, (int64_t)l->linked_at, (int64_t)l->linked_at);
	if (rc == 0) {
		l->id = db_last_id(v);
		rc = guidedb_link_update(v, l, l->linked_at);
	}
	buf_free(&sign);
	buf_free(&box);
	buf_wipe(&seed);
	return rc;
}

int
guidedb_link_update(struct vault *v, const struct guidedb_link *l, int64_t now)
{
	if (l->weekday < 0)
		return db_exec(
		        v,
		        "UPDATE guide_links SET pseudonym = ?, share = ?,"
		        " weekday = NULL, updated_at = ? WHERE id = ?",
		        "ttii", l->pseudonym, l->share, now, l->id);
	return db_exec(v,
	               "UPDATE guide_links SET pseudonym = ?, share = ?,"
	               " weekday = ?, updated_at = ? WHERE id = ?",
	               "ttdii", l->pseudonym, l->share, l->weekday, now, l->id);
}

int
guidedb_unlink(struct vault *v, int64_t id, int64_t at)
{
	return db_exec(v,
	               "UPDATE guide_links SET unlinked_at = ?, updated_at = ?"
	               " WHERE id = ?",
	               "iii", at, at, id);
}

int
guidedb_summary_sent(struct vault *v, int64_t id, int64_t seq, int64_t at)
{
	return db_exec(
	        v,
	        "UPDATE guide_links SET out_seq = ?, last_summary_at = ?,"
	        " updated_at = ? WHERE id = ?",
	        "iiii", seq, at, at, id);
}

int64_t
guidedb_message_add(struct vault *v, int64_t link_id, int64_t seq,
                    int64_t sent_at, int64_t received_at, const char *body)
{
	int64_t id;

	if (db_begin(v) < 0)
		return -1;
	if (db_exec(v,
	            "INSERT INTO guide_messages(link_id, seq, sent_at,"
	            " created_at, body) VALUES(?, ?, ?, ?, ?)",
	            "iiiit", link_id, seq, sent_at, received_at, body) < 0)
		goto fail;
	id = db_last_id(v);
	if (db_exec(v,
	            "UPDATE guide_links SET in_seq = ?, updated_at = ?"
	            " WHERE id = ?",
	            "iii", seq, received_at, link_id) < 0 ||
	    db_commit(v) < 0)
		goto fail;
	return id;
fail:
	db_rollback(v);
	return -1;
}

int
guidedb_messages(struct vault *v, struct guidedb_msg **out, size_t *n)
{
	struct sqlite3_stmt *st =
	        db_prepare(v,
	                   "SELECT id, seq, sent_at, created_at, read_at, body"
	                   " FROM guide_messages ORDER BY created_at DESC,"
	                   " id DESC",
	                   "");
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return -1;
	while ((rc = db_step(st)) == 1) {
		struct guidedb_msg *m;

		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xreallocarray(*out, cap, sizeof(**out));
		}
		m = &(*out)[(*n)++];
		m->id = db_col_int(st, 0);
		m->seq = db_col_int(st, 1);
		m->sent_at = db_col_int(st, 2);
		m->received_at = db_col_int(st, 3);
		m->read_at = db_col_int(st, 4);
		m->body = xstrdup(db_col_text(st, 5));
	}
	db_finalize(st);
	if (rc < 0) {
		guidedb_msgs_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

void
guidedb_msgs_free(struct guidedb_msg *m, size_t n)
{
	for (size_t i = 0; m && i < n; i++)
		secret_free(m[i].body);
	free(m);
}

int
guidedb_messages_read(struct vault *v, int64_t at)
{
	return db_exec(v,
	               "UPDATE guide_messages SET read_at = ?"
	               " WHERE read_at IS NULL",
	               "i", at);
}

int
guidedb_last_active(struct vault *v, int64_t *at)
{
	/* What tend does by itself for the link is not the person's
	 * activity. */
	return db_int(v, at,
	              "SELECT MAX(at) FROM events WHERE kind NOT LIKE "
	              "'guide.%'",
	              "") < 0
	               ? -1
	               : 0;
}

int
guidedb_active_days(struct vault *v, int64_t now, int days, int *out)
{
	int64_t n = 0;

	if (db_int(v, &n,
	           "SELECT COUNT(DISTINCT date(at, 'unixepoch', 'localtime'))"
	           " FROM events WHERE at > ? AND at <= ?"
	           " AND kind NOT LIKE 'guide.%'",
	           "ii", now - (int64_t)days * 86400, now) < 0)
		return -1;
	*out = (int)n;
	return 0;
}

int
guidedb_prompts(struct vault *v, const char *course, int64_t since,
                struct guidedb_prompt **out, size_t *n)
{
	struct sqlite3_stmt *st =
	        db_prepare(v,
	                   "SELECT lesson, prompt_id, text, updated_at"
	                   " FROM prompt_answers WHERE course = ?"
	                   " AND updated_at >= ? ORDER BY lesson, prompt_id",
	                   "ti", course, since);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return -1;
	while ((rc = db_step(st)) == 1) {
		struct guidedb_prompt *p;

		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xreallocarray(*out, cap, sizeof(**out));
		}
		p = &(*out)[(*n)++];
		p->lesson = xstrdup(db_col_text(st, 0));
		p->prompt = xstrdup(db_col_text(st, 1));
		p->text = xstrdup(db_col_text(st, 2));
		p->updated_at = db_col_int(st, 3);
	}
	db_finalize(st);
	if (rc < 0) {
		guidedb_prompts_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

void
guidedb_prompts_free(struct guidedb_prompt *p, size_t n)
{
	for (size_t i = 0; p && i < n; i++) {
		free(p[i].lesson);
		free(p[i].prompt);
		secret_free(p[i].text);
	}
	free(p);
}

int
guidedb_entries_done_since(struct vault *v, int64_t since, long *n)
{
	int64_t c = 0;

	if (db_int(v, &c,
	           "SELECT COUNT(*) FROM entries WHERE deleted_at IS NULL"
	           " AND completed_at >= ?",
	           "i", since) < 0)
		return -1;
	*n = (long)c;
	return 0;
}
