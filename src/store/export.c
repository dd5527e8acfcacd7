/*
 * Export snapshot and sealed boxes.  Each table has one fixed query so the
 * export never depends on internal columns that may move; plaintext cells
 * are wiped when the snapshot is freed.
 */
#include "store/export.h"

#include <sqlite3.h>
#include <sodium.h>
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

static const struct query queries[] = {
        {"course", COLS("id", "started_at", "finished_at", "current_lesson"),
         "SELECT id, started_at, finished_at, current_lesson FROM course"
         " ORDER BY started_at"},
        {"lesson_progress",
         COLS("course", "lesson", "opened_at", "completed_at"),
         "SELECT course, lesson, opened_at, completed_at FROM lesson_progress"
         " ORDER BY course, opened_at, lesson"},
        {"prompt_answers",
         COLS("course", "lesson", "prompt_id", "text", "updated_at"),
         "SELECT course, lesson, prompt_id, text, updated_at"
         " FROM prompt_answers ORDER BY course, lesson, prompt_id"},
        {"entries",
         COLS("id", "worksheet", "course", "lesson", "created_at", "updated_at",
              "completed_at"),
         "SELECT id, worksheet, course, lesson, created_at, updated_at,"
         " completed_at FROM entries WHERE deleted_at IS NULL"
         " ORDER BY created_at, id"},
        {"entry_fields", COLS("entry_id", "field", "row", "value"),
         "SELECT f.entry_id, f.field, f.row, f.value FROM entry_fields f"
         " JOIN entries e ON e.id = f.entry_id WHERE e.deleted_at IS NULL"
         " ORDER BY f.entry_id, f.rowid"},
        {"assessments",
         COLS("id", "instrument", "taken_at", "total", "band", "source"),
         "SELECT id, instrument, taken_at, total, band, source"
         " FROM assessments ORDER BY taken_at, id"},
        {"assessment_items", COLS("assessment_id", "item", "value"),
         "SELECT assessment_id, item, value FROM assessment_items"
         " ORDER BY assessment_id, CAST(item AS INTEGER), item"},
        {"flags",
         COLS("id", "kind", "raised_at", "assessment_id", "resolved_at",
              "override_at"),
         "SELECT id, kind, raised_at, assessment_id, resolved_at, override_at"
         " FROM flags ORDER BY raised_at, id"},
        {"plans", COLS("id", "what", "days", "minute", "created_at"),
         "SELECT id, what, days, minute, created_at FROM plans"
         " WHERE deleted_at IS NULL ORDER BY created_at, id"},
        {"practice", COLS("id", "plan_id", "done_at", "entry_id", "note"),
         "SELECT id, plan_id, done_at, entry_id, note FROM practice"
         " ORDER BY done_at, id"},
};

#define NQUERIES (sizeof(queries) / sizeof(queries[0]))

static int
read_table(struct vault *v, const struct query *q, struct export_table *t)
{
	sqlite3_stmt *st = db_prepare(v, q->sql, "");
	size_t cap = 0;
	int rc;

	t->name = q->name;
	t->cols = q->cols;
	t->ncols = q->ncols;
	t->nrows = 0;
	t->cells = NULL;
	if (!st)
		return -1;
	while ((rc = db_step(st)) == 1) {
		if (t->nrows == cap) {
			cap = cap ? cap * 2 : 16;
			t->cells = xreallocarray(t->cells, cap * t->ncols,
			                         sizeof(char *));
		}
		for (size_t c = 0; c < t->ncols; c++)
			t->cells[t->nrows * t->ncols + c] =
			        db_col_null(st, (int)c)
			                ? NULL
			                : db_col_dup(st, (int)c);
		t->nrows++;
	}
	db_finalize(st);
	return rc < 0 ? -1 : 0;
}

int
store_export_tables(struct vault *v, struct export_table **out, size_t *n)
{
	struct export_table *t = xcalloc(NQUERIES, sizeof(*t));

	*out = NULL;
	*n = 0;
	for (size_t i = 0; i < NQUERIES; i++) {
		if (read_table(v, &queries[i], &t[i]) < 0) {
			store_export_free(t, i + 1);
			return -1;
		}
	}
	*out = t;
	*n = NQUERIES;
	return 0;
}

void
store_export_free(struct export_table *t, size_t n)
{
	if (!t)
		return;
	for (size_t i = 0; i < n; i++) {
		for (size_t c = 0; c < t[i].nrows * t[i].ncols; c++)
			secret_free(t[i].cells[c]);
		free(t[i].cells);
	}
	free(t);
}

const struct export_table *
store_export_find(const struct export_table *t, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(t[i].name, name) == 0)
			return &t[i];
	return NULL;
}

const char *
store_export_cell(const struct export_table *t, size_t row, size_t col)
{
	return t->cells[row * t->ncols + col];
}

int
store_export_col(const struct export_table *t, const char *name)
{
	for (size_t c = 0; c < t->ncols; c++)
		if (strcmp(t->cols[c], name) == 0)
			return (int)c;
	return -1;
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
