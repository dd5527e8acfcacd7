/*
 * Worksheet definitions, answer sets and validation.  Messages are written
 * for the person filling in the worksheet (validation) or for the content
 * author (sheet_check); both go through gettext.
 */
#include "core/sheet.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/clock.h"
#include "util/i18n.h"
#include "util/secret.h"
#include "util/utf8.h"
#include "util/xalloc.h"

static const char *const type_names[] = {
        [SHEET_TEXT] = "text",
        [SHEET_LONGTEXT] = "longtext",
        [SHEET_RATING10] = "rating10",
        [SHEET_RATING100] = "rating100",
        [SHEET_NUMBER] = "number",
        [SHEET_CHOICE] = "choice",
        [SHEET_MULTICHOICE] = "multichoice",
        [SHEET_YESNO] = "yesno",
        [SHEET_DATE] = "date",
        [SHEET_TIME] = "time",
        [SHEET_DATETIME] = "datetime",
        [SHEET_ROWS] = "rows",
};

#define NTYPES (sizeof(type_names) / sizeof(type_names[0]))

struct sheet *
sheet_new(void)
{
	return xcalloc(1, sizeof(struct sheet));
}

void
sheet_field_clear(struct sheet_field *f)
{
	if (!f)
		return;
	free(f->id);
	free(f->label);
	free(f->help);
	free(f->sort_by);
	for (size_t i = 0; i < f->nopts; i++) {
		free(f->opts[i].id);
		free(f->opts[i].label);
	}
	free(f->opts);
	for (size_t i = 0; i < f->nsub; i++)
		sheet_field_clear(&f->sub[i]);
	free(f->sub);
	memset(f, 0, sizeof(*f));
}

void
sheet_free(struct sheet *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nfields; i++)
		sheet_field_clear(&s->fields[i]);
	free(s->fields);
	free(s->id);
	free(s->title);
	free(s->summary);
	free(s->help);
	free(s->file);
	free(s);
}

const char *
sheet_type_name(enum sheet_type t)
{
	return (size_t)t < NTYPES ? type_names[t] : "?";
}

int
sheet_type_parse(const char *name, enum sheet_type *t)
{
	for (size_t i = 0; i < NTYPES; i++) {
		if (strcmp(name, type_names[i]) == 0) {
			*t = (enum sheet_type)i;
			return 0;
		}
	}
	return -1;
}

bool
sheet_id_valid(const char *s)
{
	size_t n = 0;

	if (!s)
		return false;
	for (; s[n]; n++) {
		char c = s[n];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-'))
			return false;
	}
	return n >= 1 && n <= 40;
}

void
sheet_field_defaults(struct sheet_field *f)
{
	switch (f->type) {
	case SHEET_TEXT:
		f->min = 0;
		f->max = SHEET_TEXT_MAX;
		break;
	case SHEET_LONGTEXT:
		f->min = 0;
		f->max = SHEET_LONGTEXT_MAX;
		break;
	case SHEET_RATING10:
		f->min = 0;
		f->max = 10;
		break;
	case SHEET_RATING100:
		f->min = 0;
		f->max = 100;
		break;
	case SHEET_NUMBER:
		f->min = 0;
		f->max = 1000000;
		break;
	case SHEET_ROWS:
		f->min_rows = 0;
		f->max_rows = 10;
		break;
	default:
		break;
	}
}

/* ---- Checking a definition ---- */

static bool
is_time_type(enum sheet_type t)
{
	return t == SHEET_DATE || t == SHEET_TIME || t == SHEET_DATETIME;
}

static size_t
check_field(const struct sheet *s, const struct sheet_field *f, bool in_rows,
            struct diags *d)
{
	size_t err = 0;
	const char *file = s->file;
	const char *id = f->id ? f->id : "?";

#define ERR(...)                                                               \
	do {                                                                   \
		diag_add(d, DIAG_ERROR, file, f->line, __VA_ARGS__);           \
		err++;                                                         \
	} while (0)

	if (!sheet_id_valid(f->id))
		ERR(_("field id '%s' must be 1-40 characters of a-z, 0-9 and "
		      "'-'"),
		    id);
	if (!f->label || !*f->label)
		ERR(_("field '%s' has no label"), id);
	if ((size_t)f->type >= NTYPES)
		ERR(_("field '%s' has an unknown type"), id);
	if (in_rows && f->type == SHEET_ROWS)
		ERR(_("field '%s': rows cannot be nested inside rows"), id);
	if ((f->type == SHEET_TEXT || f->type == SHEET_LONGTEXT) &&
	    (f->max < 1 || f->max > SHEET_CHARS_CEILING))
		ERR(_("field '%s': max must be between 1 and %d characters"),
		    id, SHEET_CHARS_CEILING);
	if (f->type == SHEET_NUMBER && f->min > f->max)
		ERR(_("field '%s': min is greater than max"), id);
	if (f->type == SHEET_CHOICE || f->type == SHEET_MULTICHOICE) {
		if (f->nopts < 1)
			ERR(_("field '%s' is a %s but has no options"), id,
			    sheet_type_name(f->type));
		if (f->nopts > SHEET_MAX_OPTIONS)
			ERR(_("field '%s' has more than %d options"), id,
			    SHEET_MAX_OPTIONS);
		for (size_t i = 0; i < f->nopts; i++) {
			const struct sheet_option *o = &f->opts[i];

			if (!sheet_id_valid(o->id))
				ERR(_("field '%s': option id '%s' must be 1-40 "
				      "characters of a-z, 0-9 and '-'"),
				    id, o->id ? o->id : "?");
			if (!o->label || !*o->label)
				ERR(_("field '%s': option '%s' has no label"),
				    id, o->id ? o->id : "?");
			for (size_t j = 0; j < i; j++)
				if (o->id && f->opts[j].id &&
				    strcmp(o->id, f->opts[j].id) == 0)
					ERR(_("field '%s': option '%s' is "
					      "listed twice"),
					    id, o->id);
		}
	} else if (f->nopts) {
		ERR(_("field '%s': only choice and multichoice fields have "
		      "options"),
		    id);
	}
	if (f->default_now && !is_time_type(f->type))
		ERR(_("field '%s': 'default: now' needs a date, time or "
		      "datetime field"),
		    id);
	if (f->planned && f->type != SHEET_DATETIME)
		ERR(_("field '%s': only a datetime field can be 'planned'"),
		    id);
	if (f->marks_done && f->type != SHEET_YESNO)
		ERR(_("field '%s': only a yesno field can mark a plan done"),
		    id);
	if (f->type == SHEET_ROWS) {
		if (f->nsub < 1)
			ERR(_("field '%s' has type rows but no fields"), id);
		if (f->max_rows < 1 || f->max_rows > SHEET_MAX_ROWS)
			ERR(_("field '%s': max_rows must be between 1 and %d"),
			    id, SHEET_MAX_ROWS);
		if (f->min_rows > f->max_rows)
			ERR(_("field '%s': min_rows is greater than max_rows"),
			    id);
		for (size_t i = 0; i < f->nsub; i++) {
			err += check_field(s, &f->sub[i], true, d);
			for (size_t j = 0; j < i; j++)
				if (f->sub[i].id && f->sub[j].id &&
				    strcmp(f->sub[i].id, f->sub[j].id) == 0)
					ERR(_("field '%s': sub-field '%s' is "
					      "listed twice"),
					    id, f->sub[i].id);
		}
		if (f->sort_by) {
			const struct sheet_field *k = NULL;

			for (size_t i = 0; i < f->nsub; i++)
				if (f->sub[i].id &&
				    strcmp(f->sub[i].id, f->sort_by) == 0)
					k = &f->sub[i];
			if (!k || (k->type != SHEET_RATING10 &&
			           k->type != SHEET_RATING100 &&
			           k->type != SHEET_NUMBER))
				ERR(_("field '%s': sort_by '%s' must name a "
				      "rating or number field of the row"),
				    id, f->sort_by);
		}
	} else if (f->nsub || f->sort_by) {
		ERR(_("field '%s': only rows fields have sub-fields or "
		      "sort_by"),
		    id);
	}
#undef ERR
	return err;
}

size_t
sheet_check(const struct sheet *s, struct diags *d)
{
	size_t err = 0;
	size_t nplanned = 0;

	if (!sheet_id_valid(s->id)) {
		diag_add(d, DIAG_ERROR, s->file, 1,
		         _("worksheet id '%s' must be 1-40 characters of a-z, "
		           "0-9 and '-'"),
		         s->id ? s->id : "");
		err++;
	}
	if (!s->title || !*s->title) {
		diag_add(d, DIAG_ERROR, s->file, 1,
		         _("worksheet has no title"));
		err++;
	}
	if (s->nfields < 1 || s->nfields > SHEET_MAX_FIELDS) {
		diag_add(d, DIAG_ERROR, s->file, 1,
		         _("a worksheet needs between 1 and %d fields"),
		         SHEET_MAX_FIELDS);
		err++;
	}
	for (size_t i = 0; i < s->nfields; i++) {
		const struct sheet_field *f = &s->fields[i];

		err += check_field(s, f, false, d);
		for (size_t j = 0; j < i; j++) {
			if (f->id && s->fields[j].id &&
			    strcmp(f->id, s->fields[j].id) == 0) {
				diag_add(d, DIAG_ERROR, s->file, f->line,
				         _("field id '%s' is used twice"),
				         f->id);
				err++;
			}
		}
		if (f->planned)
			nplanned++;
	}
	if (nplanned > 1) {
		diag_add(d, DIAG_WARNING, s->file, 1,
		         _("more than one planned field: only the first is "
		           "used for reminders"));
	}
	return err;
}

const struct sheet_field *
sheet_field_find(const struct sheet *s, const char *id)
{
	for (size_t i = 0; i < s->nfields; i++)
		if (strcmp(s->fields[i].id, id) == 0)
			return &s->fields[i];
	return NULL;
}

const struct sheet_option *
sheet_option_find(const struct sheet_field *f, const char *id)
{
	for (size_t i = 0; i < f->nopts; i++)
		if (strcmp(f->opts[i].id, id) == 0)
			return &f->opts[i];
	return NULL;
}

const struct sheet_field *
sheet_key_field(const struct sheet *s, const char *key, size_t *row,
                const struct sheet_field **parent)
{
	const char *dot = strchr(key, '.');
	const struct sheet_field *f;
	char *end;
	unsigned long r;

	if (row)
		*row = 0;
	if (parent)
		*parent = NULL;
	if (!dot)
		return sheet_field_find(s, key);
	for (size_t i = 0; i < s->nfields; i++) {
		f = &s->fields[i];
		if (f->type != SHEET_ROWS ||
		    strlen(f->id) != (size_t)(dot - key) ||
		    strncmp(f->id, key, (size_t)(dot - key)) != 0)
			continue;
		if (dot[1] < '1' || dot[1] > '9')
			return NULL;
		errno = 0;
		r = strtoul(dot + 1, &end, 10);
		if (errno || *end != '.' || r > SHEET_MAX_ROWS)
			return NULL;
		for (size_t j = 0; j < f->nsub; j++) {
			if (strcmp(f->sub[j].id, end + 1) == 0) {
				if (row)
					*row = (size_t)r;
				if (parent)
					*parent = f;
				return &f->sub[j];
			}
		}
		return NULL;
	}
	return NULL;
}

void
sheet_set_add(struct sheet_set *set, struct sheet *s)
{
	if (set->n == set->cap) {
		set->cap = set->cap ? set->cap * 2 : 16;
		set->v = xreallocarray(set->v, set->cap, sizeof(*set->v));
	}
	set->v[set->n++] = s;
}

const struct sheet *
sheet_set_find(const struct sheet_set *set, const char *id)
{
	for (size_t i = 0; i < set->n; i++)
		if (set->v[i]->id && strcmp(set->v[i]->id, id) == 0)
			return set->v[i];
	return NULL;
}

void
sheet_set_free(struct sheet_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		sheet_free(set->v[i]);
	free(set->v);
	set->v = NULL;
	set->n = set->cap = 0;
}

/* ---- Answers ---- */

struct kv {
	char *key;
	char *value;
};

struct sheet_answers {
	struct kv *kv; /* sorted by key (strcmp) */
	size_t n, cap;
};

struct sheet_answers *
sheet_answers_new(void)
{
	return xcalloc(1, sizeof(struct sheet_answers));
}

void
sheet_answers_free(struct sheet_answers *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->n; i++) {
		free(a->kv[i].key);
		secret_free(a->kv[i].value);
	}
	free(a->kv);
	free(a);
}

struct sheet_answers *
sheet_answers_dup(const struct sheet_answers *a)
{
	struct sheet_answers *c = sheet_answers_new();

	if (a->n) {
		c->kv = xreallocarray(NULL, a->n, sizeof(*c->kv));
		c->cap = c->n = a->n;
		for (size_t i = 0; i < a->n; i++) {
			c->kv[i].key = xstrdup(a->kv[i].key);
			c->kv[i].value = xstrdup(a->kv[i].value);
		}
	}
	return c;
}

/* Index of key, or of where it would go (with *found false). */
static size_t
kv_find(const struct sheet_answers *a, const char *key, bool *found)
{
	size_t lo = 0, hi = a->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(a->kv[mid].key, key);

		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = false;
	return lo;
}

const char *
sheet_answers_get(const struct sheet_answers *a, const char *key)
{
	bool found;
	size_t i = kv_find(a, key, &found);

	return found ? a->kv[i].value : NULL;
}

void
sheet_answers_set(struct sheet_answers *a, const char *key, const char *value)
{
	bool found;
	size_t i = kv_find(a, key, &found);

	if (!value || !*value) {
		if (found) {
			free(a->kv[i].key);
			secret_free(a->kv[i].value);
			memmove(&a->kv[i], &a->kv[i + 1],
			        (a->n - i - 1) * sizeof(*a->kv));
			a->n--;
		}
		return;
	}
	if (found) {
		char *v = xstrdup(value);

		secret_free(a->kv[i].value);
		a->kv[i].value = v;
		return;
	}
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 16;
		a->kv = xreallocarray(a->kv, a->cap, sizeof(*a->kv));
	}
	memmove(&a->kv[i + 1], &a->kv[i], (a->n - i) * sizeof(*a->kv));
	a->kv[i].key = xstrdup(key);
	a->kv[i].value = xstrdup(value);
	a->n++;
}

size_t
sheet_answers_count(const struct sheet_answers *a)
{
	return a->n;
}

const char *
sheet_answers_key(const struct sheet_answers *a, size_t i)
{
	return i < a->n ? a->kv[i].key : NULL;
}

const char *
sheet_answers_value(const struct sheet_answers *a, size_t i)
{
	return i < a->n ? a->kv[i].value : NULL;
}

char *
sheet_row_key(const char *field, size_t row, const char *sub)
{
	return xasprintf("%s.%zu.%s", field, row, sub);
}

/* Parses "field.ROW.sub" for this rows field: the row, or 0. */
static size_t
row_of(const struct sheet_field *rows, const char *key, const char **sub)
{
	size_t n = strlen(rows->id);
	unsigned long r;
	char *end;

	if (strncmp(key, rows->id, n) != 0 || key[n] != '.' ||
	    key[n + 1] < '1' || key[n + 1] > '9')
		return 0;
	errno = 0;
	r = strtoul(key + n + 1, &end, 10);
	if (errno || *end != '.' || r > SHEET_MAX_ROWS * 4)
		return 0;
	if (sub)
		*sub = end + 1;
	return (size_t)r;
}

size_t
sheet_rows_count(const struct sheet_answers *a, const struct sheet_field *rows)
{
	size_t max = 0;

	for (size_t i = 0; i < a->n; i++) {
		size_t r = row_of(rows, a->kv[i].key, NULL);

		if (r > max)
			max = r;
	}
	return max;
}

/* Collects the rows' values as [row-1][sub] string pointers (owned). */
static char **
rows_take(struct sheet_answers *a, const struct sheet_field *rows, size_t nrows)
{
	char **cells = xcalloc(nrows * rows->nsub + 1, sizeof(char *));

	for (size_t i = 0; i < a->n;) {
		const char *sub;
		size_t r = row_of(rows, a->kv[i].key, &sub);
		size_t j;

		if (r == 0 || r > nrows) {
			i++;
			continue;
		}
		for (j = 0; j < rows->nsub; j++)
			if (strcmp(rows->sub[j].id, sub) == 0)
				break;
		if (j == rows->nsub) {
			i++;
			continue;
		}
		cells[(r - 1) * rows->nsub + j] = a->kv[i].value;
		free(a->kv[i].key);
		memmove(&a->kv[i], &a->kv[i + 1],
		        (a->n - i - 1) * sizeof(*a->kv));
		a->n--;
	}
	return cells;
}

static void
rows_put(struct sheet_answers *a, const struct sheet_field *rows, char **cells,
         const size_t *order, size_t nrows)
{
	size_t out = 0;

	for (size_t k = 0; k < nrows; k++) {
		size_t r = order[k];
		bool any = false;

		for (size_t j = 0; j < rows->nsub; j++)
			if (cells[r * rows->nsub + j])
				any = true;
		if (!any)
			continue;
		out++;
		for (size_t j = 0; j < rows->nsub; j++) {
			char *v = cells[r * rows->nsub + j];

			if (v) {
				char *key = sheet_row_key(rows->id, out,
				                          rows->sub[j].id);
				sheet_answers_set(a, key, v);
				free(key);
				secret_free(v);
			}
		}
	}
}

void
sheet_rows_delete(struct sheet_answers *a, const struct sheet_field *rows,
                  size_t row)
{
	size_t nrows = sheet_rows_count(a, rows), k = 0;
	size_t *order;
	char **cells;

	if (row < 1 || row > nrows)
		return;
	cells = rows_take(a, rows, nrows);
	for (size_t j = 0; j < rows->nsub; j++) {
		secret_free(cells[(row - 1) * rows->nsub + j]);
		cells[(row - 1) * rows->nsub + j] = NULL;
	}
	order = xcalloc(nrows, sizeof(*order));
	for (size_t r = 0; r < nrows; r++)
		order[k++] = r;
	rows_put(a, rows, cells, order, nrows);
	free(order);
	free(cells);
}

static long
cell_num(char **cells, const struct sheet_field *rows, size_t sortcol, size_t r)
{
	const char *v = cells[r * rows->nsub + sortcol];
	char *end;
	long n;

	if (!v)
		return LONG_MAX;
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || *end || end == v)
		return LONG_MAX;
	return n;
}

void
sheet_rows_sort(struct sheet_answers *a, const struct sheet_field *rows)
{
	size_t nrows, sortcol = 0;
	size_t *order;
	char **cells;

	if (!rows->sort_by)
		return;
	for (sortcol = 0; sortcol < rows->nsub; sortcol++)
		if (strcmp(rows->sub[sortcol].id, rows->sort_by) == 0)
			break;
	if (sortcol == rows->nsub)
		return;
	nrows = sheet_rows_count(a, rows);
	if (nrows < 2)
		return;
	cells = rows_take(a, rows, nrows);
	order = xcalloc(nrows, sizeof(*order));
	/* Insertion sort: stable, and there are at most a few dozen rows. */
	for (size_t r = 0; r < nrows; r++) {
		size_t k = r;
		long v = cell_num(cells, rows, sortcol, r);

		while (k > 0 &&
		       cell_num(cells, rows, sortcol, order[k - 1]) > v) {
			order[k] = order[k - 1];
			k--;
		}
		order[k] = r;
	}
	rows_put(a, rows, cells, order, nrows);
	free(order);
	free(cells);
}

/* ---- Values ---- */

size_t
sheet_chars(const char *s, size_t len)
{
	size_t i = 0, n = 0;
	uint32_t cp;

	while (i < len) {
		i += utf8_decode(s + i, len - i, &cp);
		if (cp == '\n' || utf8_cpwidth(cp) > 0)
			n++;
	}
	return n;
}

/* A whole number without sign or leading zeros, fitting in a long. */
static int
parse_whole(const char *v, long *out)
{
	long n = 0;

	if (!*v || (v[0] == '0' && v[1]))
		return -1;
	for (; *v; v++) {
		if (*v < '0' || *v > '9')
			return -1;
		if (n > (LONG_MAX - 9) / 10)
			return -1;
		n = n * 10 + (*v - '0');
	}
	*out = n;
	return 0;
}

static int
digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* "YYYY-MM-DD" at s (exactly 10 chars read). */
static bool
date_ok(const char *s, int *y, int *m, int *d)
{
	*y = digits(s, 4);
	*m = s[4] == '-' ? digits(s + 5, 2) : -1;
	*d = s[7] == '-' ? digits(s + 8, 2) : -1;
	return *y >= 1900 && *y <= 9999 && clock_date_valid(*y, *m, *d);
}

static bool
time_ok(const char *s, int *h, int *mi)
{
	*h = digits(s, 2);
	*mi = s[2] == ':' ? digits(s + 3, 2) : -1;
	return *h >= 0 && *h <= 23 && *mi >= 0 && *mi <= 59;
}

static bool
has_controls(const char *v, bool allow_nl)
{
	size_t i = 0, len = strlen(v);
	uint32_t cp;

	while (i < len) {
		i += utf8_decode(v + i, len - i, &cp);
		if (cp == '\n' && allow_nl)
			continue;
		if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
			return true;
	}
	return false;
}

int
sheet_value_check(const struct sheet_field *f, const char *v, struct buf *msg)
{
	long n;
	int y, m, d, h, mi;

	if (!v || !*v)
		return 0;
	switch (f->type) {
	case SHEET_TEXT:
	case SHEET_LONGTEXT: {
		size_t len = strlen(v), chars;

		if (!utf8_valid(v, len) ||
		    has_controls(v, f->type == SHEET_LONGTEXT)) {
			buf_adds(msg, _("This text has characters that cannot "
			                "be stored."));
			return -1;
		}
		chars = sheet_chars(v, len);
		if (chars > (size_t)f->max) {
			buf_printf(msg,
			           _("Too long: %zu characters, at most %ld."),
			           chars, f->max);
			return -1;
		}
		return 0;
	}
	case SHEET_RATING10:
	case SHEET_RATING100:
	case SHEET_NUMBER:
		if (parse_whole(v, &n) < 0 || n < f->min || n > f->max) {
			buf_printf(msg,
			           _("Please enter a whole number from %ld to "
			             "%ld."),
			           f->min, f->max);
			return -1;
		}
		return 0;
	case SHEET_CHOICE:
		if (!sheet_option_find(f, v)) {
			buf_adds(msg, _("Please pick one of the choices."));
			return -1;
		}
		return 0;
	case SHEET_MULTICHOICE: {
		char *copy = xstrdup(v), *save = NULL, *tok;
		const char **seen = xcalloc(f->nopts + 1, sizeof(char *));
		size_t nseen = 0;
		int rc = 0;

		if (v[strlen(v) - 1] == ',' || v[0] == ',')
			rc = -1;
		for (tok = strtok_r(copy, ",", &save); tok && rc == 0;
		     tok = strtok_r(NULL, ",", &save)) {
			const struct sheet_option *o =
			        sheet_option_find(f, tok);

			if (!o) {
				rc = -1;
				break;
			}
			for (size_t i = 0; i < nseen; i++)
				if (seen[i] == o->id)
					rc = -1;
			if (nseen < f->nopts)
				seen[nseen++] = o->id;
		}
		if (strstr(v, ",,"))
			rc = -1;
		free(seen);
		free(copy);
		if (rc < 0)
			buf_adds(msg, _("Please pick from the choices shown."));
		return rc;
	}
	case SHEET_YESNO:
		if (strcmp(v, "yes") != 0 && strcmp(v, "no") != 0) {
			buf_adds(msg, _("Please answer yes or no."));
			return -1;
		}
		return 0;
	case SHEET_DATE:
		if (strlen(v) != 10 || !date_ok(v, &y, &m, &d)) {
			buf_adds(msg, _("Please enter a date as YYYY-MM-DD, or "
			                "'today' or 'yesterday'."));
			return -1;
		}
		return 0;
	case SHEET_TIME:
		if (strlen(v) != 5 || !time_ok(v, &h, &mi)) {
			buf_adds(msg,
			         _("Please enter a time as HH:MM, for example "
			           "17:30."));
			return -1;
		}
		return 0;
	case SHEET_DATETIME:
		if (strlen(v) != 16 || !date_ok(v, &y, &m, &d) ||
		    v[10] != ' ' || !time_ok(v + 11, &h, &mi)) {
			buf_adds(msg, _("Please enter a date and time as "
			                "YYYY-MM-DD HH:MM, or 'now', or a time "
			                "such as 17:30 for today."));
			return -1;
		}
		return 0;
	case SHEET_ROWS:
		buf_adds(msg, _("This field holds rows, not a value."));
		return -1;
	}
	return -1;
}

/* Copies v without spaces, lower-cased (ASCII), into a fresh string. */
static char *
squash(const char *v)
{
	size_t n = strlen(v), k = 0;
	char *s = xmalloc(n + 1);

	for (size_t i = 0; i < n; i++)
		if (!isspace((unsigned char)v[i]))
			s[k++] = (char)tolower((unsigned char)v[i]);
	s[k] = '\0';
	return s;
}

/* Trims ASCII spaces at both ends into a fresh string. */
static char *
trim(const char *v)
{
	const char *e = v + strlen(v);

	while (*v && isspace((unsigned char)*v))
		v++;
	while (e > v && isspace((unsigned char)e[-1]))
		e--;
	return xstrndup(v, (size_t)(e - v));
}

static char *
fmt_date(const struct tm *tm)
{
	return xasprintf("%04d-%02d-%02d", tm->tm_year + 1900, tm->tm_mon + 1,
	                 tm->tm_mday);
}

/* The local date of now shifted by days (noon avoids DST edges). */
static void
day_shift(time_t now, int days, struct tm *out)
{
	struct tm tm;

	localtime_r(&now, &tm);
	tm.tm_hour = 12;
	tm.tm_min = tm.tm_sec = 0;
	tm.tm_mday += days;
	tm.tm_isdst = -1;
	now = mktime(&tm);
	localtime_r(&now, out);
}

/* A relaxed time: "HH:MM", "H:MM", "HHMM", "HH", "H.MM".  0 or -1. */
static int
read_time(const char *s, int *h, int *mi)
{
	char buf[8];
	size_t n = strlen(s), k = 0;

	if (n == 0 || n > 5)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == ':' || s[i] == '.')
			continue;
		if (s[i] < '0' || s[i] > '9')
			return -1;
		buf[k++] = s[i];
	}
	buf[k] = '\0';
	if (strchr(s, ':') || strchr(s, '.')) {
		const char *c = strpbrk(s, ":.");

		if (strlen(c + 1) != 2 || c == s || c - s > 2)
			return -1;
		*h = digits(s, (int)(c - s));
		*mi = digits(c + 1, 2);
	} else if (k <= 2) {
		*h = digits(buf, (int)k);
		*mi = 0;
	} else if (k == 4 || k == 3) {
		*h = digits(buf, (int)k - 2);
		*mi = digits(buf + k - 2, 2);
	} else {
		return -1;
	}
	return *h >= 0 && *h <= 23 && *mi >= 0 && *mi <= 59 ? 0 : -1;
}

/* A relaxed date word or YYYY-MM-DD into tm (date part only). */
static int
read_date(const char *s, time_t now, struct tm *tm)
{
	int y, m, d;

	if (strcmp(s, "today") == 0 || strcmp(s, "now") == 0) {
		day_shift(now, 0, tm);
		return 0;
	}
	if (strcmp(s, "yesterday") == 0) {
		day_shift(now, -1, tm);
		return 0;
	}
	if (strcmp(s, "tomorrow") == 0) {
		day_shift(now, 1, tm);
		return 0;
	}
	if (strlen(s) == 10 && date_ok(s, &y, &m, &d)) {
		memset(tm, 0, sizeof(*tm));
		tm->tm_year = y - 1900;
		tm->tm_mon = m - 1;
		tm->tm_mday = d;
		return 0;
	}
	return -1;
}

char *
sheet_value_now(const struct sheet_field *f, time_t now)
{
	struct tm tm;

	localtime_r(&now, &tm);
	switch (f->type) {
	case SHEET_DATE:
		return fmt_date(&tm);
	case SHEET_TIME:
		return xasprintf("%02d:%02d", tm.tm_hour, tm.tm_min);
	case SHEET_DATETIME:
		return xasprintf("%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900,
		                 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		                 tm.tm_min);
	default:
		return NULL;
	}
}

static char *
normalize_when(const struct sheet_field *f, const char *typed, time_t now)
{
	char *s = trim(typed), *sp, *out = NULL;
	struct tm tm;
	int h, mi;

	for (char *p = s; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	if (strcmp(s, "now") == 0) {
		out = sheet_value_now(f, now);
		goto out;
	}
	switch (f->type) {
	case SHEET_DATE:
		if (read_date(s, now, &tm) == 0)
			out = fmt_date(&tm);
		break;
	case SHEET_TIME:
		if (read_time(s, &h, &mi) == 0)
			out = xasprintf("%02d:%02d", h, mi);
		break;
	case SHEET_DATETIME:
		sp = strrchr(s, ' ');
		if (sp) {
			*sp = '\0';
			while (sp > s && sp[-1] == ' ')
				*--sp = '\0';
			if (read_date(s, now, &tm) == 0 &&
			    read_time(sp + 1 + strspn(sp + 1, " "), &h, &mi) ==
			            0)
				out = xasprintf("%04d-%02d-%02d %02d:%02d",
				                tm.tm_year + 1900,
				                tm.tm_mon + 1, tm.tm_mday, h,
				                mi);
		} else if (read_time(s, &h, &mi) == 0) {
			day_shift(now, 0, &tm);
			out = xasprintf("%04d-%02d-%02d %02d:%02d",
			                tm.tm_year + 1900, tm.tm_mon + 1,
			                tm.tm_mday, h, mi);
		} else if (read_date(s, now, &tm) == 0) {
			/* A day alone: keep the time of day of now. */
			struct tm t2;

			localtime_r(&now, &t2);
			out = xasprintf("%04d-%02d-%02d %02d:%02d",
			                tm.tm_year + 1900, tm.tm_mon + 1,
			                tm.tm_mday, t2.tm_hour, t2.tm_min);
		}
		break;
	default:
		break;
	}
out:
	free(s);
	return out;
}

char *
sheet_value_normalize(const struct sheet_field *f, const char *typed,
                      time_t now)
{
	char *s, *out = NULL;
	long n;
	struct buf msg = BUF_INIT;

	switch (f->type) {
	case SHEET_TEXT:
	case SHEET_LONGTEXT:
		if (sheet_value_check(f, typed, &msg) == 0)
			out = xstrdup(typed);
		break;
	case SHEET_RATING10:
	case SHEET_RATING100:
	case SHEET_NUMBER:
		s = squash(typed);
		/* Leading zeros are a typing habit, not a different number. */
		{
			char *p = s;

			while (p[0] == '0' && p[1])
				p++;
			if (parse_whole(p, &n) == 0 && n >= f->min &&
			    n <= f->max)
				out = xasprintf("%ld", n);
		}
		free(s);
		break;
	case SHEET_CHOICE:
		s = trim(typed);
		if (sheet_option_find(f, s)) {
			out = xstrdup(s);
		} else if (parse_whole(s, &n) == 0 && n >= 1 &&
		           (size_t)n <= f->nopts) {
			out = xstrdup(f->opts[n - 1].id);
		} else {
			for (size_t i = 0; i < f->nopts; i++)
				if (strcasecmp(f->opts[i].label, s) == 0)
					out = xstrdup(f->opts[i].id);
		}
		free(s);
		break;
	case SHEET_MULTICHOICE:
		if (sheet_value_check(f, typed, &msg) == 0)
			out = xstrdup(typed);
		break;
	case SHEET_YESNO:
		s = squash(typed);
		if (strcmp(s, "y") == 0 || strcmp(s, "yes") == 0)
			out = xstrdup("yes");
		else if (strcmp(s, "n") == 0 || strcmp(s, "no") == 0)
			out = xstrdup("no");
		free(s);
		break;
	case SHEET_DATE:
	case SHEET_TIME:
	case SHEET_DATETIME:
		out = normalize_when(f, typed, now);
		break;
	case SHEET_ROWS:
		break;
	}
	buf_free(&msg);
	return out;
}

int
sheet_datetime_parse(const char *v, time_t *out)
{
	struct tm tm;
	int y, m, d, h = 0, mi = 0;
	size_t n = strlen(v);

	if (n != 10 && n != 16)
		return -1;
	if (!date_ok(v, &y, &m, &d))
		return -1;
	if (n == 16 && (v[10] != ' ' || !time_ok(v + 11, &h, &mi)))
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_isdst = -1;
	*out = mktime(&tm);
	return *out == (time_t)-1 ? -1 : 0;
}

/* ---- Validation ---- */

void
sheet_problems_free(struct sheet_problems *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->items[i].key);
		free(p->items[i].msg);
	}
	free(p->items);
	p->items = NULL;
	p->n = p->cap = 0;
}

static void
problem_add(struct sheet_problems *p, const char *key, char *msg)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 8;
		p->items = xreallocarray(p->items, p->cap, sizeof(*p->items));
	}
	p->items[p->n].key = xstrdup(key);
	p->items[p->n].msg = msg;
	p->n++;
}

static size_t
check_one(const struct sheet_field *f, const char *key, const char *v,
          bool complete, struct sheet_problems *out)
{
	struct buf msg = BUF_INIT;

	if (v && *v) {
		if (sheet_value_check(f, v, &msg) < 0) {
			problem_add(out, key,
			            xasprintf("%s: %s", f->label, msg.data));
			buf_free(&msg);
			return 1;
		}
		return 0;
	}
	if (complete && f->required) {
		problem_add(out, key,
		            xasprintf(_("%s (not answered yet)"), f->label));
		return 1;
	}
	return 0;
}

size_t
sheet_validate(const struct sheet *s, const struct sheet_answers *a,
               bool complete, struct sheet_problems *out)
{
	size_t n = 0;

	for (size_t i = 0; i < s->nfields; i++) {
		const struct sheet_field *f = &s->fields[i];
		size_t nrows, filled = 0;

		if (f->type != SHEET_ROWS) {
			n += check_one(f, f->id, sheet_answers_get(a, f->id),
			               complete, out);
			continue;
		}
		nrows = sheet_rows_count(a, f);
		for (size_t r = 1; r <= nrows; r++) {
			bool any = false;

			for (size_t j = 0; j < f->nsub; j++) {
				char *k = sheet_row_key(f->id, r, f->sub[j].id);

				if (sheet_answers_get(a, k))
					any = true;
				free(k);
			}
			/* An empty row in the middle is simply not there. */
			if (!any)
				continue;
			filled++;
			for (size_t j = 0; j < f->nsub; j++) {
				char *k = sheet_row_key(f->id, r, f->sub[j].id);

				n += check_one(&f->sub[j], k,
				               sheet_answers_get(a, k),
				               complete, out);
				free(k);
			}
		}
		if (filled > f->max_rows) {
			problem_add(out, f->id,
			            xasprintf(ngettext("%s: at most %zu row.",
			                               "%s: at most %zu rows.",
			                               f->max_rows),
			                      f->label, f->max_rows));
			n++;
		}
		if (complete) {
			size_t need = f->min_rows;

			if (f->required && need < 1)
				need = 1;
			if (filled < need) {
				problem_add(
				        out, f->id,
				        need == 1
				                ? xasprintf(_("%s (fill in at "
				                              "least one row)"),
				                            f->label)
				                : xasprintf(
				                          _("%s (fill in at "
				                            "least %zu rows)"),
				                          f->label, need));
				n++;
			}
		}
	}
	return n;
}

void
sheet_summary(const struct sheet *s, const struct sheet_answers *a,
              size_t maxchars, struct buf *out)
{
	for (size_t i = 0; i < s->nfields; i++) {
		const struct sheet_field *f = &s->fields[i];
		const char *v;
		size_t len, k = 0, chars = 0;
		uint32_t cp;

		if (f->type != SHEET_TEXT && f->type != SHEET_LONGTEXT)
			continue;
		v = sheet_answers_get(a, f->id);
		if (!v)
			continue;
		len = strlen(v);
		while (k < len) {
			size_t step = utf8_decode(v + k, len - k, &cp);
			int w = utf8_cpwidth(cp);

			if (w > 0 || cp == '\n') {
				if (chars == maxchars) {
					buf_adds(out, "...");
					return;
				}
				chars++;
			}
			if (cp == '\n' || cp < 0x20)
				buf_addc(out, ' ');
			else
				buf_add(out, v + k, step);
			k += step;
		}
		return;
	}
}

int
sheet_planned_time(const struct sheet *s, const struct sheet_answers *a,
                   time_t *when)
{
	const char *v = NULL;

	for (size_t i = 0; i < s->nfields; i++) {
		const struct sheet_field *f = &s->fields[i];
		const char *d;

		if (f->marks_done) {
			d = sheet_answers_get(a, f->id);
			if (d && strcmp(d, "yes") == 0)
				return -1;
		}
		if (f->planned && !v) {
			v = sheet_answers_get(a, f->id);
			if (!v)
				return -1;
		}
	}
	if (!v)
		return -1;
	return sheet_datetime_parse(v, when);
}

/* Appends v indented by ind spaces on every line. */
static void
add_indented(struct buf *out, const char *v, int ind)
{
	buf_addrep(out, ' ', (size_t)ind);
	for (; *v; v++) {
		buf_addc(out, *v);
		if (*v == '\n' && v[1])
			buf_addrep(out, ' ', (size_t)ind);
	}
	buf_addc(out, '\n');
}

/* The answer v of f in words. */
static void
value_words(const struct sheet_field *f, const char *v, struct buf *out)
{
	switch (f->type) {
	case SHEET_CHOICE:
		buf_adds(out, sheet_option_find(f, v)
		                      ? sheet_option_find(f, v)->label
		                      : v);
		break;
	case SHEET_MULTICHOICE: {
		bool first = true;

		for (size_t i = 0; i < f->nopts; i++) {
			const char *p = v;
			size_t n = strlen(f->opts[i].id);
			bool on = false;

			while (p && *p && !on) {
				const char *e = strchr(p, ',');
				size_t len = e ? (size_t)(e - p) : strlen(p);

				on = len == n &&
				     strncmp(p, f->opts[i].id, n) == 0;
				p = e ? e + 1 : NULL;
			}
			if (!on)
				continue;
			buf_adds(out, first ? "" : "; ");
			buf_adds(out, f->opts[i].label);
			first = false;
		}
		break;
	}
	case SHEET_YESNO:
		buf_adds(out, strcmp(v, "yes") == 0 ? _("Yes") : _("No"));
		break;
	case SHEET_RATING10:
	case SHEET_RATING100:
		buf_printf(out, "%s (%ld-%ld)", v, f->min, f->max);
		break;
	default:
		buf_adds(out, v);
		break;
	}
}

void
sheet_format_text(const struct sheet *s, const struct sheet_answers *a,
                  struct buf *out)
{
	struct buf w = BUF_INIT;

	for (size_t i = 0; i < s->nfields; i++) {
		const struct sheet_field *f = &s->fields[i];
		const char *v;
		size_t nrows;

		if (f->type != SHEET_ROWS) {
			v = sheet_answers_get(a, f->id);
			if (!v)
				continue;
			buf_adds(out, f->label);
			buf_addc(out, '\n');
			buf_reset(&w);
			value_words(f, v, &w);
			add_indented(out, w.data, 2);
			continue;
		}
		nrows = sheet_rows_count(a, f);
		if (nrows == 0)
			continue;
		buf_adds(out, f->label);
		buf_addc(out, '\n');
		for (size_t r = 1, shown = 0; r <= nrows; r++) {
			bool first = true;

			for (size_t j = 0; j < f->nsub; j++) {
				char *k = sheet_row_key(f->id, r, f->sub[j].id);

				v = sheet_answers_get(a, k);
				free(k);
				if (!v)
					continue;
				if (first)
					buf_printf(out, "  %zu. ", ++shown);
				else
					buf_adds(out, "; ");
				buf_printf(out, "%s: ", f->sub[j].label);
				buf_reset(&w);
				value_words(&f->sub[j], v, &w);
				buf_adds(out, w.data);
				first = false;
			}
			if (!first)
				buf_addc(out, '\n');
		}
	}
	buf_wipe(&w);
}
