/*
 * Merging by ids and times (see store/merge.h for the rules).  The rules
 * come from the schema, read once per merge; the map from incoming ids to
 * the ids they got here lives in a temporary table (in memory:
 * temp_store=MEMORY), which the journal's change tracking, attached to
 * "main" only, never sees.
 */
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include "store/merge.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* A value of a row: SQLite's own (NULL pointer: SQL NULL), or an id this
 * side gave it instead. */
struct val {
	sqlite3_value *v;
	bool is_id;
	sqlite3_int64 id;
};

struct fk {
	int col;
	char *parent;
};

struct table {
	char *name;
	int ncol;
	char **cols;
	int *pk; /* position in the key (1..), 0 for other columns */
	int npk;
	int id_col; /* the one INTEGER key column, or -1 */
	int ident_col; /* creation time, or -1 */
	int updated_col; /* updated_at, or -1 */
	struct fk *fks;
	int nfk;
};

/* An SQL statement being built (sqlite3_mprintf'd; NULL when out of
 * memory, which prepare then refuses). */
struct buf_sql {
	char *s;
};

struct merger {
	sqlite3 *db;
	struct table *t;
	int nt;
	struct merge_stats st;
};

/* ---- the schema ---- */

static int
col_index(const struct table *t, const char *name)
{
	for (int i = 0; i < t->ncol; i++)
		if (strcmp(t->cols[i], name) == 0)
			return i;
	return -1;
}

static int
load_table(sqlite3 *db, const char *name, struct table *t)
{
	static const char *const ident[] = {"created_at", "taken_at",
	                                    "raised_at", "done_at", "at"};
	sqlite3_stmt *st = NULL;
	char *sql;
	int rc = -1;
	bool int_key = false;

	memset(t, 0, sizeof(*t));
	t->name = xstrdup(name);
	sql = sqlite3_mprintf("PRAGMA main.table_info(\"%w\")", name);
	if (!sql || sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		goto out;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(st, 2);
		int pk = sqlite3_column_int(st, 5);

		t->cols = xreallocarray(t->cols, (size_t)t->ncol + 1,
		                        sizeof(*t->cols));
		t->pk = xreallocarray(t->pk, (size_t)t->ncol + 1,
		                      sizeof(*t->pk));
		t->cols[t->ncol] =
		        xstrdup((const char *)sqlite3_column_text(st, 1));
		t->pk[t->ncol] = pk;
		if (pk > 0) {
			t->npk++;
			int_key = type && strcmp(type, "INTEGER") == 0;
			t->id_col = t->ncol;
		}
		t->ncol++;
	}
	sqlite3_finalize(st);
	st = NULL;
	sqlite3_free(sql);
	sql = NULL;
	if (t->ncol == 0 || t->npk == 0)
		goto out;
	if (t->npk != 1 || !int_key)
		t->id_col = -1;
	t->ident_col = -1;
	for (size_t i = 0; i < sizeof(ident) / sizeof(ident[0]); i++)
		if (t->ident_col < 0)
			t->ident_col = col_index(t, ident[i]);
	t->updated_col = col_index(t, "updated_at");
	sql = sqlite3_mprintf("PRAGMA main.foreign_key_list(\"%w\")", name);
	if (!sql || sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		goto out;
	while (sqlite3_step(st) == SQLITE_ROW) {
		int c = col_index(t, (const char *)sqlite3_column_text(st, 3));

		if (c < 0)
			continue;
		t->fks = xreallocarray(t->fks, (size_t)t->nfk + 1,
		                       sizeof(*t->fks));
		t->fks[t->nfk].col = c;
		t->fks[t->nfk].parent =
		        xstrdup((const char *)sqlite3_column_text(st, 2));
		t->nfk++;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	sqlite3_free(sql);
	return rc;
}

static void
table_free(struct table *t)
{
	for (int i = 0; i < t->ncol; i++)
		free(t->cols[i]);
	for (int i = 0; i < t->nfk; i++)
		free(t->fks[i].parent);
	free(t->cols);
	free(t->pk);
	free(t->fks);
	free(t->name);
}

static struct table *
find_table(struct merger *m, const char *name)
{
	for (int i = 0; i < m->nt; i++)
		if (strcmp(m->t[i].name, name) == 0)
			return &m->t[i];
	return NULL;
}

/* Every table of main, parents before the tables that refer to them. */
static int
load_schema(struct merger *m)
{
	sqlite3_stmt *st = NULL;
	struct table *all = NULL;
	int n = 0, rc = -1;
	bool *placed = NULL;

	if (sqlite3_prepare_v2(m->db,
	                       "SELECT name FROM main.sqlite_schema WHERE "
	                       "type = 'table' AND name NOT LIKE 'sqlite%' "
	                       "ORDER BY rowid",
	                       -1, &st, NULL) != SQLITE_OK)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		all = xreallocarray(all, (size_t)n + 1, sizeof(*all));
		if (load_table(m->db, (const char *)sqlite3_column_text(st, 0),
		               &all[n]) < 0) {
			table_free(&all[n]);
			continue; /* no key: nothing to merge by */
		}
		n++;
	}
	sqlite3_finalize(st);
	placed = xcalloc((size_t)n + 1, sizeof(*placed));
	m->t = xcalloc((size_t)n + 1, sizeof(*m->t));
	for (int round = 0; round < n && m->nt < n; round++) {
		for (int i = 0; i < n; i++) {
			bool ready = !placed[i];

			for (int f = 0; ready && f < all[i].nfk; f++) {
				const char *p = all[i].fks[f].parent;

				if (strcmp(p, all[i].name) == 0)
					continue;
				for (int j = 0; j < n; j++)
					if (!placed[j] &&
					    strcmp(all[j].name, p) == 0)
						ready = false;
			}
			if (ready) {
				placed[i] = true;
				m->t[m->nt++] = all[i];
			}
		}
	}
	/* A cycle (none today): the rest in schema order. */
	for (int i = 0; i < n; i++)
		if (!placed[i])
			m->t[m->nt++] = all[i];
	rc = 0;
	free(placed);
	free(all);
	return rc;
}

/* ---- values ---- */

static void
bind_val(sqlite3_stmt *st, int i, const struct val *v)
{
	if (v->is_id)
		sqlite3_bind_int64(st, i, v->id);
	else if (v->v)
		sqlite3_bind_value(st, i, v->v);
	else
		sqlite3_bind_null(st, i);
}

static bool
val_null(const struct val *v)
{
	return !v->is_id && (!v->v || sqlite3_value_type(v->v) == SQLITE_NULL);
}

static bool
val_int(const struct val *v, sqlite3_int64 *out)
{
	if (v->is_id) {
		*out = v->id;
		return true;
	}
	if (v->v && sqlite3_value_type(v->v) == SQLITE_INTEGER) {
		*out = sqlite3_value_int64(v->v);
		return true;
	}
	return false;
}

/* True when v holds the same as column i of the row st stands on. */
static bool
same_as_col(const struct val *v, sqlite3_stmt *st, int i)
{
	int type = sqlite3_column_type(st, i);
	sqlite3_int64 n;

	if (val_null(v))
		return type == SQLITE_NULL;
	if (val_int(v, &n))
		return type == SQLITE_INTEGER &&
		       sqlite3_column_int64(st, i) == n;
	if (sqlite3_value_type(v->v) != type)
		return false;
	if (type == SQLITE_FLOAT)
		return sqlite3_value_double(v->v) ==
		       sqlite3_column_double(st, i);
	{
		int a = sqlite3_value_bytes(v->v),
		    b = sqlite3_column_bytes(st, i);
		const void *pa = type == SQLITE_BLOB ? sqlite3_value_blob(v->v)
		                                     : sqlite3_value_text(v->v);
		const void *pb = type == SQLITE_BLOB
		                         ? sqlite3_column_blob(st, i)
		                         : sqlite3_column_text(st, i);

		return a == b && (a == 0 || memcmp(pa, pb, (size_t)a) == 0);
	}
}

static void
vals_free(struct val *v, int n)
{
	for (int i = 0; i < n; i++)
		sqlite3_value_free(v[i].v);
	free(v);
}

/* ---- the id map ---- */

static int
map_get(struct merger *m, const char *tbl, sqlite3_int64 old,
        sqlite3_int64 *new, bool *newer)
{
	sqlite3_stmt *st = NULL;
	int found = 0;

	if (sqlite3_prepare_v2(m->db,
	                       "SELECT new, newer FROM temp.merge_map WHERE "
	                       "tbl = ?1 AND old = ?2",
	                       -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, tbl, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, old);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*new = sqlite3_column_int64(st, 0);
		*newer = sqlite3_column_int(st, 1) != 0;
		found = 1;
	}
	sqlite3_finalize(st);
	return found;
}

static int
map_put(struct merger *m, const char *tbl, sqlite3_int64 old, sqlite3_int64 new,
        bool newer)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (sqlite3_prepare_v2(m->db,
	                       "INSERT OR REPLACE INTO temp.merge_map "
	                       "VALUES(?1, ?2, ?3, ?4)",
	                       -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, tbl, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, old);
	sqlite3_bind_int64(st, 3, new);
	sqlite3_bind_int(st, 4, newer);
	if (sqlite3_step(st) == SQLITE_DONE)
		rc = 0;
	sqlite3_finalize(st);
	return rc;
}

/*
 * Gives the references of a row (foreign keys, key columns included) the
 * ids their parents got here.  *parent_newer: a parent came from the
 * incoming side as the newer version.
 */
static int
remap(struct merger *m, const struct table *t, struct val *v,
      bool *parent_newer)
{
	*parent_newer = false;
	for (int f = 0; f < t->nfk; f++) {
		struct val *x = &v[t->fks[f].col];
		sqlite3_int64 old, new;
		bool newer = false;
		int found;

		if (!val_int(x, &old))
			continue;
		found = map_get(m, t->fks[f].parent, old, &new, &newer);
		if (found < 0)
			return -1;
		if (!found)
			continue;
		if (newer)
			*parent_newer = true;
		if (new != old) {
			x->is_id = true;
			x->id = new;
		}
	}
	return 0;
}

/* ---- statements on one row ---- */

/* " WHERE k1 IS ?n AND ..." with the key's values bound from first. */
static void
add_where(struct buf_sql *b, const struct table *t, int first)
{
	int n = first;

	for (int i = 0; i < t->ncol; i++) {
		char *next;

		if (!t->pk[i])
			continue;
		next = sqlite3_mprintf("%s%s\"%w\" IS ?%d", b->s,
		                       n == first ? " WHERE " : " AND ",
		                       t->cols[i], n);
		sqlite3_free(b->s);
		b->s = next;
		n++;
	}
}

static void
bind_key(sqlite3_stmt *st, const struct table *t, const struct val *v,
         int first)
{
	int n = first;

	for (int i = 0; i < t->ncol; i++)
		if (t->pk[i])
			bind_val(st, n++, &v[i]);
}

/* The row with v's key: a statement standing on it (finalize it), or
 * NULL in *out when there is none.  -1 on error. */
static int
select_row(struct merger *m, const struct table *t, const struct val *v,
           sqlite3_stmt **out)
{
	struct buf_sql b = {sqlite3_mprintf("SELECT")};
	sqlite3_stmt *st = NULL;
	int rc;

	*out = NULL;
	for (int i = 0; i < t->ncol; i++) {
		char *next = sqlite3_mprintf("%s%s\"%w\"", b.s, i ? ", " : " ",
		                             t->cols[i]);

		sqlite3_free(b.s);
		b.s = next;
	}
	{
		char *next =
		        sqlite3_mprintf("%s FROM main.\"%w\"", b.s, t->name);

		sqlite3_free(b.s);
		b.s = next;
	}
	add_where(&b, t, 1);
	rc = b.s ? sqlite3_prepare_v2(m->db, b.s, -1, &st, NULL) : SQLITE_NOMEM;
	sqlite3_free(b.s);
	if (rc != SQLITE_OK)
		return -1;
	bind_key(st, t, v, 1);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = st;
		return 0;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
run(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
insert_row(struct merger *m, const struct table *t, const struct val *v)
{
	struct buf_sql b = {
	        sqlite3_mprintf("INSERT INTO main.\"%w\" VALUES(", t->name)};
	sqlite3_stmt *st = NULL;
	int rc;

	for (int i = 0; i < t->ncol; i++) {
		char *next =
		        sqlite3_mprintf("%s%s?%d", b.s, i ? ", " : "", i + 1);

		sqlite3_free(b.s);
		b.s = next;
	}
	{
		char *next = sqlite3_mprintf("%s)", b.s);

		sqlite3_free(b.s);
		b.s = next;
	}
	rc = b.s ? sqlite3_prepare_v2(m->db, b.s, -1, &st, NULL) : SQLITE_NOMEM;
	sqlite3_free(b.s);
	if (rc != SQLITE_OK)
		return -1;
	for (int i = 0; i < t->ncol; i++)
		bind_val(st, i + 1, &v[i]);
	return run(st);
}

/* Sets the columns of v's row for which which[i] is true. */
static int
update_cols(struct merger *m, const struct table *t, const struct val *v,
            const struct val *key, const bool *which)
{
	struct buf_sql b = {sqlite3_mprintf("UPDATE main.\"%w\" SET", t->name)};
	sqlite3_stmt *st = NULL;
	int n = 0, rc;

	for (int i = 0; i < t->ncol; i++) {
		char *next;

		if (!which[i])
			continue;
		next = sqlite3_mprintf("%s%s\"%w\" = ?%d", b.s, n ? "," : "",
		                       t->cols[i], i + 1);
		sqlite3_free(b.s);
		b.s = next;
		n++;
	}
	if (n == 0) {
		sqlite3_free(b.s);
		return 0;
	}
	add_where(&b, t, t->ncol + 1);
	rc = b.s ? sqlite3_prepare_v2(m->db, b.s, -1, &st, NULL) : SQLITE_NOMEM;
	sqlite3_free(b.s);
	if (rc != SQLITE_OK)
		return -1;
	for (int i = 0; i < t->ncol; i++)
		if (which[i])
			bind_val(st, i + 1, &v[i]);
	bind_key(st, t, key, t->ncol + 1);
	return run(st);
}

static int
update_all(struct merger *m, const struct table *t, const struct val *v)
{
	bool *which = xcalloc((size_t)t->ncol, sizeof(*which));
	int rc;

	for (int i = 0; i < t->ncol; i++)
		which[i] = !t->pk[i];
	rc = update_cols(m, t, v, v, which);
	free(which);
	return rc;
}

static int
delete_row(struct merger *m, const struct table *t, const struct val *v)
{
	struct buf_sql b = {
	        sqlite3_mprintf("DELETE FROM main.\"%w\"", t->name)};
	sqlite3_stmt *st = NULL;
	int rc;

	add_where(&b, t, 1);
	rc = b.s ? sqlite3_prepare_v2(m->db, b.s, -1, &st, NULL) : SQLITE_NOMEM;
	sqlite3_free(b.s);
	if (rc != SQLITE_OK)
		return -1;
	bind_key(st, t, v, 1);
	return run(st);
}

static int
next_id(struct merger *m, const struct table *t, sqlite3_int64 *out)
{
	sqlite3_stmt *st = NULL;
	char *sql = sqlite3_mprintf("SELECT coalesce(max(\"%w\"), 0) + 1 "
	                            "FROM main.\"%w\"",
	                            t->cols[t->id_col], t->name);
	int rc = -1;

	if (sql && sqlite3_prepare_v2(m->db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		rc = 0;
	}
	sqlite3_finalize(st);
	sqlite3_free(sql);
	return rc;
}

/*
 * A row of an id table that is v under another id (an earlier merge of the
 * same copy renumbered it): the same creation time and the same text
 * columns.  1 and *id, 0 none, -1 on error.
 */
static int
find_same(struct merger *m, const struct table *t, const struct val *v,
          sqlite3_int64 *id)
{
	struct buf_sql b;
	sqlite3_stmt *st = NULL;
	int n = 1, rc, found = 0;
	int *bound = xcalloc((size_t)t->ncol, sizeof(*bound));

	if (t->ident_col < 0) {
		free(bound);
		return 0;
	}
	b.s = sqlite3_mprintf("SELECT \"%w\" FROM main.\"%w\" WHERE "
	                      "\"%w\" IS ?1",
	                      t->cols[t->id_col], t->name,
	                      t->cols[t->ident_col]);
	bound[n - 1] = t->ident_col;
	for (int i = 0; i < t->ncol; i++) {
		char *next;

		if (i == t->id_col || i == t->ident_col || v[i].is_id ||
		    (v[i].v && sqlite3_value_type(v[i].v) != SQLITE_TEXT))
			continue;
		if (!v[i].v)
			continue;
		next = sqlite3_mprintf("%s AND \"%w\" IS ?%d", b.s, t->cols[i],
		                       n + 1);
		sqlite3_free(b.s);
		b.s = next;
		bound[n++] = i;
	}
	rc = b.s ? sqlite3_prepare_v2(m->db, b.s, -1, &st, NULL) : SQLITE_NOMEM;
	sqlite3_free(b.s);
	if (rc != SQLITE_OK) {
		free(bound);
		return -1;
	}
	for (int k = 0; k < n; k++)
		bind_val(st, k + 1, &v[bound[k]]);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		found = 1;
	} else if (rc != SQLITE_DONE) {
		found = -1;
	}
	sqlite3_finalize(st);
	free(bound);
	return found;
}

/* ---- one incoming row ---- */

/* A whole row from the other side (or one a journal inserted). */
static int
apply_row(struct merger *m, const struct table *t, struct val *v)
{
	sqlite3_stmt *cur = NULL;
	sqlite3_int64 old = 0, a, b;
	bool parent_newer, same = true, newer;
	int rc = -1;

	if (remap(m, t, v, &parent_newer) < 0 || select_row(m, t, v, &cur) < 0)
		return -1;
	if (t->id_col >= 0 && !val_int(&v[t->id_col], &old)) {
		sqlite3_finalize(cur);
		return -1;
	}
	if (!cur) {
		rc = insert_row(m, t, v);
		if (rc == 0)
			m->st.added++;
		if (rc == 0 && t->id_col >= 0)
			rc = map_put(m, t->name, old, old, true);
		return rc;
	}
	for (int i = 0; i < t->ncol && same; i++)
		same = same_as_col(&v[i], cur, i);
	newer = t->updated_col >= 0 && val_int(&v[t->updated_col], &a) &&
	        sqlite3_column_type(cur, t->updated_col) == SQLITE_INTEGER &&
	        a > (b = sqlite3_column_int64(cur, t->updated_col));
	if (t->id_col >= 0) {
		bool ident = t->ident_col >= 0 ? same_as_col(&v[t->ident_col],
		                                             cur, t->ident_col)
		                               : same;

		sqlite3_finalize(cur);
		if (!ident) {
			/* Two rows that both sides numbered alike, unless a
			 * merge before already brought this one in. */
			sqlite3_int64 id;
			int found = find_same(m, t, v, &id);

			if (found < 0)
				return -1;
			if (found)
				return map_put(m, t->name, old, id, false);
			if (next_id(m, t, &id) < 0)
				return -1;
			v[t->id_col].is_id = true;
			v[t->id_col].id = id;
			rc = insert_row(m, t, v);
			if (rc == 0) {
				m->st.added++;
				m->st.renumbered++;
				rc = map_put(m, t->name, old, id, true);
			}
			return rc;
		}
		rc = 0;
		if (!same && newer) {
			rc = update_all(m, t, v);
			m->st.updated++;
		}
		return rc == 0 ? map_put(m, t->name, old, old, !same && newer)
		               : rc;
	}
	if (same) {
		sqlite3_finalize(cur);
		return 0;
	}
	if (t->updated_col >= 0 || parent_newer) {
		sqlite3_finalize(cur);
		if (!(newer || (t->updated_col < 0 && parent_newer)))
			return 0;
		m->st.updated++;
		return update_all(m, t, v);
	}
	{
		/* Nobody says which is newer: fill in only what is empty. */
		bool *which = xcalloc((size_t)t->ncol, sizeof(*which));
		bool any = false;

		for (int i = 0; i < t->ncol; i++) {
			which[i] = !t->pk[i] &&
			           sqlite3_column_type(cur, i) == SQLITE_NULL &&
			           !val_null(&v[i]);
			any = any || which[i];
		}
		sqlite3_finalize(cur);
		rc = update_cols(m, t, v, v, which);
		if (any && rc == 0)
			m->st.updated++;
		free(which);
	}
	return rc;
}

/* ---- the frame: schema, map, all or nothing ---- */

static enum vault_err
begin(struct merger *m, sqlite3 *into)
{
	memset(m, 0, sizeof(*m));
	m->db = into;
	if (sqlite3_exec(into,
	                 "SAVEPOINT merge;"
	                 "CREATE TEMP TABLE merge_map(tbl TEXT NOT NULL, "
	                 "old INTEGER NOT NULL, new INTEGER NOT NULL, "
	                 "newer INTEGER NOT NULL, PRIMARY KEY(tbl, old))",
	                 NULL, NULL, NULL) != SQLITE_OK) {
		sqlite3_exec(into, "ROLLBACK TO merge; RELEASE merge", NULL,
		             NULL, NULL);
		return VAULT_ERR_SQL;
	}
	if (load_schema(m) < 0) {
		sqlite3_exec(into, "ROLLBACK TO merge; RELEASE merge", NULL,
		             NULL, NULL);
		return VAULT_ERR_SQL;
	}
	return VAULT_OK;
}

static enum vault_err
end(struct merger *m, enum vault_err e, struct merge_stats *st)
{
	if (e == VAULT_OK &&
	    sqlite3_exec(m->db, "DROP TABLE temp.merge_map; RELEASE merge",
	                 NULL, NULL, NULL) != SQLITE_OK)
		e = VAULT_ERR_SQL;
	if (e != VAULT_OK) {
		sqlite3_exec(m->db, "ROLLBACK TO merge", NULL, NULL, NULL);
		sqlite3_exec(m->db, "DROP TABLE IF EXISTS temp.merge_map", NULL,
		             NULL, NULL);
		sqlite3_exec(m->db, "RELEASE merge", NULL, NULL, NULL);
		memset(&m->st, 0, sizeof(m->st));
	}
	if (st)
		*st = m->st;
	for (int i = 0; i < m->nt; i++)
		table_free(&m->t[i]);
	free(m->t);
	return e;
}

/* Whether the database from has table t and which of its columns. */
static sqlite3_stmt *
select_from(sqlite3 *from, const struct table *t)
{
	struct buf_sql b = {sqlite3_mprintf("SELECT")};
	sqlite3_stmt *st = NULL;

	for (int i = 0; i < t->ncol; i++) {
		char *next;
		char *probe = sqlite3_mprintf("SELECT \"%w\" FROM main.\"%w\" "
		                              "LIMIT 0",
		                              t->cols[i], t->name);
		sqlite3_stmt *p = NULL;
		bool has = probe && sqlite3_prepare_v2(from, probe, -1, &p,
		                                       NULL) == SQLITE_OK;

		sqlite3_finalize(p);
		sqlite3_free(probe);
		if (i == 0 && !has && t->pk[i]) {
			sqlite3_free(b.s);
			return NULL;
		}
		next = has ? sqlite3_mprintf("%s%s\"%w\"", b.s, i ? ", " : " ",
		                             t->cols[i])
		           : sqlite3_mprintf("%s%sNULL", b.s, i ? ", " : " ");
		sqlite3_free(b.s);
		b.s = next;
	}
	{
		char *next =
		        sqlite3_mprintf("%s FROM main.\"%w\"", b.s, t->name);

		sqlite3_free(b.s);
		b.s = next;
	}
	if (!b.s || sqlite3_prepare_v2(from, b.s, -1, &st, NULL) != SQLITE_OK)
		st = NULL;
	sqlite3_free(b.s);
	return st;
}

enum vault_err
merge_rows(sqlite3 *into, sqlite3 *from, struct merge_stats *stats)
{
	struct merger m;
	enum vault_err e = begin(&m, into);

	if (e != VAULT_OK)
		return e;
	for (int i = 0; i < m.nt && e == VAULT_OK; i++) {
		struct table *t = &m.t[i];
		sqlite3_stmt *st = select_from(from, t);
		int rc;

		if (!st)
			continue; /* a table the other side does not have */
		while (e == VAULT_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
			struct val *v = xcalloc((size_t)t->ncol, sizeof(*v));

			for (int c = 0; c < t->ncol; c++)
				if (sqlite3_column_type(st, c) != SQLITE_NULL)
					v[c].v = sqlite3_value_dup(
					        sqlite3_column_value(st, c));
			if (apply_row(&m, t, v) < 0)
				e = VAULT_ERR_SQL;
			vals_free(v, t->ncol);
		}
		sqlite3_finalize(st);
	}
	return end(&m, e, stats);
}

/* The values of one changeset operation, padded to t's columns.  old:
 * the values before (UPDATE and DELETE) instead of after. */
static struct val *
op_vals(sqlite3_changeset_iter *it, const struct table *t, int ncol, bool old)
{
	struct val *v = xcalloc((size_t)t->ncol, sizeof(*v));

	for (int c = 0; c < ncol && c < t->ncol; c++) {
		sqlite3_value *x = NULL;

		if (old)
			sqlite3changeset_old(it, c, &x);
		else
			sqlite3changeset_new(it, c, &x);
		if (x)
			v[c].v = sqlite3_value_dup(x);
	}
	return v;
}

static int
apply_op(struct merger *m, const struct table *t, sqlite3_changeset_iter *it,
         int op, int ncol, bool exact)
{
	struct val *v, *key;
	bool parent_newer;
	int rc = -1;

	if (op == SQLITE_INSERT) {
		v = op_vals(it, t, ncol, false);
		rc = apply_row(m, t, v);
		vals_free(v, t->ncol);
		return rc;
	}
	key = op_vals(it, t, ncol, true);
	if (remap(m, t, key, &parent_newer) < 0) {
		vals_free(key, t->ncol);
		return -1;
	}
	if (op == SQLITE_UPDATE) {
		bool *which = xcalloc((size_t)t->ncol, sizeof(*which));

		/* A changeset gives new values only for the columns that
		 * changed (an unchanged one reads as no value at all; a
		 * column set to NULL reads as an SQL NULL value). */
		v = op_vals(it, t, ncol, false);
		for (int c = 0; c < t->ncol && c < ncol; c++)
			which[c] = !t->pk[c] && v[c].v != NULL;
		rc = update_cols(m, t, v, key, which);
		if (rc == 0)
			m->st.updated++;
		free(which);
		vals_free(v, t->ncol);
	} else if (op == SQLITE_DELETE) {
		sqlite3_stmt *cur = NULL;
		bool same = true;

		rc = select_row(m, t, key, &cur);
		if (rc == 0 && cur) {
			/* Only a row nobody else changed may go. */
			for (int i = 0; !exact && i < t->ncol && same; i++)
				same = same_as_col(&key[i], cur, i);
			sqlite3_finalize(cur);
			if (same)
				rc = delete_row(m, t, key);
		}
	}
	vals_free(key, t->ncol);
	return rc;
}

enum vault_err
merge_changeset(sqlite3 *into, const void *cs, int n, bool exact,
                struct merge_stats *stats)
{
	struct merger m;
	enum vault_err e = begin(&m, into);

	if (e != VAULT_OK)
		return e;
	/* Table by table, parents first, so that ids are mapped before the
	 * rows that refer to them arrive. */
	for (int i = 0; i < m.nt && e == VAULT_OK; i++) {
		sqlite3_changeset_iter *it = NULL;
		int rc;

		if (sqlite3changeset_start(&it, n, (void *)(uintptr_t)cs) !=
		    SQLITE_OK) {
			e = VAULT_ERR_DAMAGED;
			break;
		}
		while (e == VAULT_OK &&
		       (rc = sqlite3changeset_next(it)) == SQLITE_ROW) {
			const char *name;
			int ncol, op, indirect;
			struct table *t;

			if (sqlite3changeset_op(it, &name, &ncol, &op,
			                        &indirect) != SQLITE_OK) {
				e = VAULT_ERR_DAMAGED;
				break;
			}
			t = find_table(&m, name);
			if (!t) {
				e = VAULT_ERR_DAMAGED;
				break;
			}
			if (t != &m.t[i])
				continue;
			if (ncol > t->ncol) {
				e = VAULT_ERR_VERSION;
				break;
			}
			if (apply_op(&m, t, it, op, ncol, exact) < 0)
				e = VAULT_ERR_SQL;
		}
		if (e == VAULT_OK && rc != SQLITE_DONE)
			e = VAULT_ERR_DAMAGED;
		if (sqlite3changeset_finalize(it) != SQLITE_OK && e == VAULT_OK)
			e = VAULT_ERR_DAMAGED;
	}
	return end(&m, e, stats);
}
