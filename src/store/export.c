/*
 * Export cursors and sealed boxes.  Every query walks a table or an index
 * in the order it is stored (tests/unit/test_export.c checks with EXPLAIN
 * QUERY PLAN that none needs a sort), so a cursor holds one row at a time
 * whatever the size of the vault.
 */
#include "store/export.h"

#include <sodium.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "util/secret.h"
#include "util/xalloc.h"

struct query {
	const char *name;
	const char *const *cols;
	size_t ncols;
	const char *sql;
};

#define COLS(...)                                                              \
	(const char *const[]){__VA_ARGS__},                                    \
	        sizeof((const char *const[]){__VA_ARGS__}) / sizeof(char *)

static const struct query queries[EXQ__COUNT] = {
        [EXQ_COURSE] = {"course",
                        COLS("id", "started_at", "finished_at",
                             "current_lesson"),
                        "SELECT id, started_at, finished_at, current_lesson"
                        " FROM course ORDER BY id"},
        [EXQ_LESSON_PROGRESS] = {"lesson_progress",
                                 COLS("course", "lesson", "opened_at",
                                      "completed_at"),
                                 "SELECT course, lesson, opened_at,"
                                 " completed_at FROM lesson_progress"
                                 " ORDER BY course, lesson"},
        [EXQ_PROMPT_ANSWERS] = {"prompt_answers",
                                COLS("course", "lesson", "prompt_id", "text",
                                     "updated_at"),
                                "SELECT course, lesson, prompt_id, text,"
                                " updated_at FROM prompt_answers"
                                " ORDER BY course, lesson, prompt_id"},
        [EXQ_ENTRIES] = {"entries",
                         COLS("id", "worksheet", "course", "lesson",
                              "created_at", "updated_at", "completed_at"),
                         "SELECT id, worksheet, course, lesson, created_at,"
                         " updated_at, completed_at FROM entries"
                         " WHERE deleted_at IS NULL ORDER BY id"},
        [EXQ_ENTRY_FIELDS] = {"entry_fields",
                              COLS("entry_id", "field", "row", "value"),
                              "SELECT f.entry_id, f.field, f.row, f.value"
                              " FROM entry_fields f"
                              " JOIN entries e ON e.id = f.entry_id"
                              " WHERE e.deleted_at IS NULL"
                              " ORDER BY f.entry_id, f.field, f.row"},
        [EXQ_ASSESSMENTS] = {"assessments",
                             COLS("id", "instrument", "taken_at", "total",
                                  "band", "source"),
                             "SELECT id, instrument, taken_at, total, band,"
                             " source FROM assessments ORDER BY id"},
        [EXQ_ASSESSMENT_ITEMS] = {"assessment_items",
                                  COLS("assessment_id", "item", "value"),
                                  "SELECT assessment_id, item, value"
                                  " FROM assessment_items"
                                  " ORDER BY assessment_id, item"},
        [EXQ_FLAGS] = {"flags",
                       COLS("id", "kind", "raised_at", "assessment_id",
                            "resolved_at", "override_at"),
                       "SELECT id, kind, raised_at, assessment_id,"
                       " resolved_at, override_at FROM flags ORDER BY id"},
        [EXQ_PLANS] = {"plans",
                       COLS("id", "what", "days", "minute", "created_at"),
                       "SELECT id, what, days, minute, created_at FROM plans"
                       " WHERE deleted_at IS NULL ORDER BY id"},
        [EXQ_PRACTICE] = {"practice",
                          COLS("id", "plan_id", "done_at", "entry_id", "note"),
                          "SELECT id, plan_id, done_at, entry_id, note"
                          " FROM practice ORDER BY id"},
        [EXQ_CHECKIN_ITEMS] = {"checkin_items",
                               COLS("id", "instrument", "taken_at", "total",
                                    "band", "item", "value"),
                               "SELECT a.id, a.instrument, a.taken_at,"
                               " a.total, a.band, i.item, i.value"
                               " FROM assessments a LEFT JOIN"
                               " assessment_items i"
                               " ON i.assessment_id = a.id"
                               " ORDER BY a.id, i.item"},
        [EXQ_ENTRY_VALUES] = {"entry_values",
                              COLS("id", "worksheet", "created_at", "field",
                                   "row", "value"),
                              "SELECT e.id, e.worksheet, e.created_at,"
                              " f.field, f.row, f.value FROM entries e"
                              " JOIN entry_fields f ON f.entry_id = e.id"
                              " WHERE e.deleted_at IS NULL"
                              " ORDER BY e.id, f.field, f.row"},
};

struct export_cursor {
	enum export_query q;
	sqlite3_stmt *st;
};

const char *
store_export_name(enum export_query q)
{
	return queries[q].name;
}

size_t
store_export_ncols(enum export_query q)
{
	return queries[q].ncols;
}

const char *
store_export_col(enum export_query q, size_t i)
{
	return queries[q].cols[i];
}

const char *
store_export_sql(enum export_query q)
{
	return queries[q].sql;
}

int
store_export_open(struct vault *v, enum export_query q,
                  struct export_cursor **out)
{
	sqlite3_stmt *st = db_prepare(v, queries[q].sql, "");

	*out = NULL;
	if (!st)
		return -1;
	*out = xcalloc(1, sizeof(**out));
	(*out)->q = q;
	(*out)->st = st;
	return 0;
}

int
store_export_step(struct export_cursor *c)
{
	return db_step(c->st);
}

const char *
store_export_text(struct export_cursor *c, size_t i)
{
	if (sqlite3_column_type(c->st, (int)i) == SQLITE_NULL)
		return NULL;
	return (const char *)sqlite3_column_text(c->st, (int)i);
}

bool
store_export_is_int(struct export_cursor *c, size_t i)
{
	return sqlite3_column_type(c->st, (int)i) == SQLITE_INTEGER;
}

int64_t
store_export_int(struct export_cursor *c, size_t i)
{
	return sqlite3_column_int64(c->st, (int)i);
}

void
store_export_close(struct export_cursor *c)
{
	if (!c)
		return;
	db_finalize(c->st);
	free(c);
}

void
store_export_subject(struct vault *v, char out[33])
{
	static const char label[] = "tend export subject 1";
	struct vault_info info;
	uint8_t h[16];
	crypto_generichash_state st;

	vault_get_info(v, &info);
	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	crypto_generichash_update(&st, (const uint8_t *)label,
	                          sizeof(label) - 1);
	crypto_generichash_update(&st, info.file_id, sizeof(info.file_id));
	crypto_generichash_final(&st, h, sizeof(h));
	for (size_t i = 0; i < sizeof(h); i++) {
		static const char d[] = "0123456789abcdef";

		out[2 * i] = d[h[i] >> 4];
		out[2 * i + 1] = d[h[i] & 15];
	}
	out[32] = '\0';
}

static const char seal_magic[] = "tend-sealed-export 1\n";

int
store_seal(const unsigned char pk[SEAL_KEY_BYTES], const void *msg, size_t len,
           struct buf *out)
{
	size_t start;

	if (sodium_init() < 0)
		return -1;
	buf_adds(out, seal_magic);
	start = out->len;
	buf_grow(out, len + crypto_box_SEALBYTES);
	if (crypto_box_seal((unsigned char *)out->data + start, msg, len, pk) !=
	    0)
		return -1;
	out->len = start + len + crypto_box_SEALBYTES;
	out->data[out->len] = '\0';
	return 0;
}

int
store_unseal(const unsigned char pk[SEAL_KEY_BYTES],
             const unsigned char sk[SEAL_KEY_BYTES], const void *data,
             size_t len, struct buf *out)
{
	const unsigned char *p = data;
	size_t mlen, hl = sizeof(seal_magic) - 1, start;

	if (sodium_init() < 0 || len < hl + crypto_box_SEALBYTES ||
	    memcmp(p, seal_magic, hl) != 0)
		return -1;
	mlen = len - hl - crypto_box_SEALBYTES;
	start = out->len;
	buf_grow(out, mlen);
	if (crypto_box_seal_open((unsigned char *)out->data + start, p + hl,
	                         len - hl, pk, sk) != 0)
		return -1;
	out->len = start + mlen;
	out->data[out->len] = '\0';
	return 0;
}

int
store_seal_keypair(unsigned char pk[SEAL_KEY_BYTES],
                   unsigned char sk[SEAL_KEY_BYTES])
{
	if (sodium_init() < 0)
		return -1;
	return crypto_box_keypair(pk, sk) == 0 ? 0 : -1;
}

int
store_seal_public(const unsigned char sk[SEAL_KEY_BYTES],
                  unsigned char pk[SEAL_KEY_BYTES])
{
	if (sodium_init() < 0)
		return -1;
	return crypto_scalarmult_base(pk, sk) == 0 ? 0 : -1;
}
