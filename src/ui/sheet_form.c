/*
 * The worksheet form: one entry, every question in a scrolling column.
 * Text answers use the editor (ui/editor.c); ratings take digits and
 * arrows; choices take number keys, arrows and Space; yes/no takes y/n.
 * Repeated rows show one empty row at the end to add another.
 *
 * Saving: an answer is stored in the vault as soon as its question is
 * left, after a short pause in typing (idle), and when the screen is freed,
 * which the shell does on quit, SIGHUP and SIGTERM.  Each save also records
 * the question and the cursor, so a dropped connection resumes at the same
 * place (sheet_form_resume).  Closing the form deliberately forgets that
 * place.
 */
#include "ui/sheet.h"

#include <stdlib.h>
#include <string.h>

#include "app/sheet.h"
#include "ui/editor.h"
#include "ui/screen.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* How long typing may pause before the field is saved anyway. */
#define IDLE_SAVE_MS 1500
/* Columns the answers are indented by, under their question. */
#define INDENT 2

struct item {
	const struct sheet_field *f; /* the question (a sub-field in rows) */
	const struct sheet_field *rows; /* its rows field, or NULL */
	size_t row; /* 1-based row, 0 outside rows */
	char *key; /* answer key; owned */
};

struct form {
	struct session *s;
	struct sheet_set set;
	const struct sheet *def; /* in set */
	int64_t id;
	struct sheet_answers *a;
	struct item *items;
	size_t nitems;
	size_t cur; /* focused item */
	struct editor *ed; /* the focused item's editor, or NULL */
	size_t opt; /* highlighted option of a focused choice */
	bool typed; /* digits typed into a rating since focusing */
	bool changed; /* the focused answer changed since it was saved */
	bool meta; /* Esc seen: the next key is Alt-key */
	bool closed; /* closed deliberately: forget the resume point */
	char *error; /* a message under the focused question, or NULL */
	int rows, cols; /* canvas size */
	int top; /* first form line shown */
	void (*on_closed)(void *arg); /* told when the form is gone */
	void *closed_arg;
};

static bool
uses_editor(const struct sheet_field *f)
{
	switch (f->type) {
	case SHEET_TEXT:
	case SHEET_LONGTEXT:
	case SHEET_DATE:
	case SHEET_TIME:
	case SHEET_DATETIME:
		return true;
	default:
		return false;
	}
}

static bool
is_number(const struct sheet_field *f)
{
	return f->type == SHEET_RATING10 || f->type == SHEET_RATING100 ||
	       f->type == SHEET_NUMBER;
}

static int
field_width(const struct form *fm, const struct item *it)
{
	int w = fm->cols - INDENT - (it->rows ? INDENT : 0) - 1;

	return w < 10 ? 10 : w;
}

/* ---- Items ---- */

static void
items_clear(struct form *fm)
{
	for (size_t i = 0; i < fm->nitems; i++)
		free(fm->items[i].key);
	free(fm->items);
	fm->items = NULL;
	fm->nitems = 0;
}

static void
item_add(struct form *fm, size_t *cap, const struct sheet_field *f,
         const struct sheet_field *rows, size_t row, char *key)
{
	if (fm->nitems == *cap) {
		*cap = *cap ? *cap * 2 : 32;
		fm->items = xreallocarray(fm->items, *cap, sizeof(*fm->items));
	}
	fm->items[fm->nitems++] = (struct item){f, rows, row, key};
}

/* Rows shown for a rows field: those with answers, one empty row to add
 * another (up to max_rows), and at least min_rows. */
static size_t
rows_shown(const struct form *fm, const struct sheet_field *f)
{
	size_t n = sheet_rows_count(fm->a, f) + 1;

	if (n < f->min_rows)
		n = f->min_rows;
	if (n > f->max_rows)
		n = f->max_rows;
	return n;
}

static void
items_build(struct form *fm)
{
	size_t cap = 0;

	items_clear(fm);
	for (size_t i = 0; i < fm->def->nfields; i++) {
		const struct sheet_field *f = &fm->def->fields[i];

		if (f->type != SHEET_ROWS) {
			item_add(fm, &cap, f, NULL, 0, xstrdup(f->id));
			continue;
		}
		for (size_t r = 1; r <= rows_shown(fm, f); r++)
			for (size_t j = 0; j < f->nsub; j++)
				item_add(fm, &cap, &f->sub[j], f, r,
				         sheet_row_key(f->id, r, f->sub[j].id));
	}
}

static size_t
item_find(const struct form *fm, const char *key)
{
	for (size_t i = 0; i < fm->nitems; i++)
		if (strcmp(fm->items[i].key, key) == 0)
			return i;
	return SIZE_MAX;
}

/* ---- Saving ---- */

static void
report(struct ui *ui, int rc, char *msg)
{
	if (rc != EXIT_OK && ui)
		ui_message(ui, "%s", msg ? msg : _("Could not save."));
	free(msg);
}

/* Stores the focused answer (and where the person is), if it changed.
 * ui may be NULL (from free()). */
static void
save_current(struct ui *ui, struct form *fm)
{
	const struct item *it;
	char *msg = NULL;
	int rc;

	if (fm->cur >= fm->nitems)
		return;
	it = &fm->items[fm->cur];
	/* The place first: the answer's save takes it to the disk. */
	rc = app_sheet_resume_note(fm->s, fm->id, it->key,
	                           fm->ed ? editor_cursor(fm->ed) : 0, &msg);
	if (rc != EXIT_OK) {
		report(ui, rc, msg);
		msg = NULL;
	}
	rc = app_sheet_save_field(fm->s, fm->def, fm->id, fm->a, it->key,
	                          clock_now(), &msg);
	if (rc == EXIT_OK)
		fm->changed = false;
	report(ui, rc, msg);
}

/*
 * Takes the editor's text into the answers.  Dates and times are read
 * in their relaxed forms; what cannot be read leaves an error and returns
 * -1 (the answer keeps its last good value).
 */
static int
take_editor(struct form *fm)
{
	const struct item *it = &fm->items[fm->cur];
	const char *text;
	char *norm;
	struct buf why = BUF_INIT;

	if (!fm->ed)
		return 0;
	text = editor_text(fm->ed, NULL);
	if (!editor_dirty(fm->ed))
		return 0;
	if (it->f->type == SHEET_TEXT || it->f->type == SHEET_LONGTEXT) {
		sheet_answers_set(fm->a, it->key, text);
		fm->changed = true;
		editor_clean(fm->ed);
		return 0;
	}
	if (*text == '\0') {
		sheet_answers_set(fm->a, it->key, NULL);
		fm->changed = true;
		editor_clean(fm->ed);
		return 0;
	}
	norm = sheet_value_normalize(it->f, text, clock_now());
	if (!norm) {
		sheet_value_check(it->f, text, &why);
		free(fm->error);
		fm->error = buf_detach(&why);
		buf_free(&why);
		return -1;
	}
	sheet_answers_set(fm->a, it->key, norm);
	editor_set_text(fm->ed, norm, strlen(norm));
	free(norm);
	fm->changed = true;
	return 0;
}

/* ---- Focus ---- */

static void
focus(struct form *fm, size_t i, size_t cursor)
{
	const struct item *it;
	const char *v;

	editor_free(fm->ed);
	fm->ed = NULL;
	free(fm->error);
	fm->error = NULL;
	fm->typed = false;
	fm->changed = false;
	fm->opt = 0;
	if (fm->nitems == 0)
		return;
	if (i >= fm->nitems)
		i = fm->nitems - 1;
	fm->cur = i;
	it = &fm->items[i];
	v = sheet_answers_get(fm->a, it->key);
	if (uses_editor(it->f)) {
		size_t limit = it->f->type == SHEET_TEXT ||
		                               it->f->type == SHEET_LONGTEXT
		                       ? (size_t)it->f->max
		                       : 40;

		fm->ed = editor_new(it->f->type == SHEET_LONGTEXT, limit);
		editor_set_width(fm->ed, (size_t)field_width(fm, it));
		editor_set_text(fm->ed, v ? v : "", v ? strlen(v) : 0);
		if (cursor != SIZE_MAX)
			editor_set_cursor(fm->ed, cursor);
	} else if (it->f->type == SHEET_CHOICE && v) {
		for (size_t k = 0; k < it->f->nopts; k++)
			if (strcmp(it->f->opts[k].id, v) == 0)
				fm->opt = k;
	}
}

/* Shown rows of a rows field in the item list. */
static size_t
rows_listed(const struct form *fm, const struct sheet_field *rows)
{
	size_t n = 0;

	for (size_t i = 0; i < fm->nitems; i++)
		if (fm->items[i].rows == rows &&
		    fm->items[i].f == &rows->sub[0])
			n++;
	return n;
}

/*
 * Leaves the focused item for the one delta items away (clamped).  When a
 * row got its first answer, a new empty row appears after it first, so
 * Tab from the last row goes on into the new one.  Returns -1 and stays
 * when the answer cannot be read.
 */
static int
move_by(struct ui *ui, struct form *fm, long delta)
{
	const struct sheet_field *rows = fm->items[fm->cur].rows;
	char *key, *msg = NULL;
	size_t i;
	long to;
	int rc;

	if (take_editor(fm) < 0)
		return -1;
	if (fm->changed)
		save_current(ui, fm);
	key = xstrdup(fm->items[fm->cur].key);
	if (rows && rows_shown(fm, rows) != rows_listed(fm, rows))
		items_build(fm);
	i = item_find(fm, key);
	free(key);
	to = (long)(i == SIZE_MAX ? fm->cur : i) + delta;
	if (to < 0)
		to = 0;
	if ((size_t)to >= fm->nitems)
		to = (long)fm->nitems - 1;
	focus(fm, (size_t)to, SIZE_MAX);
	/* Record the new place (saved with the next answer). */
	rc = app_sheet_resume_note(fm->s, fm->id, fm->items[fm->cur].key,
	                           fm->ed ? editor_cursor(fm->ed) : 0, &msg);
	report(ui, rc, msg);
	return 0;
}

/* Drops rows left empty in the middle (keys renumber). */
static void
rows_compact(struct form *fm)
{
	for (size_t k = 0; k < fm->def->nfields; k++) {
		const struct sheet_field *f = &fm->def->fields[k];

		if (f->type != SHEET_ROWS)
			continue;
		for (size_t r = sheet_rows_count(fm->a, f); r >= 1; r--) {
			bool any = false;

			for (size_t j = 0; j < f->nsub; j++) {
				char *key =
				        sheet_row_key(f->id, r, f->sub[j].id);

				any |= sheet_answers_get(fm->a, key) != NULL;
				free(key);
			}
			if (!any) {
				sheet_rows_delete(fm->a, f, r);
				fm->changed = true;
			}
		}
		if (f->sort_by) {
			sheet_rows_sort(fm->a, f);
			fm->changed = true;
		}
	}
}

/* ---- Layout: one pass serves drawing and scrolling ---- */

struct pass {
	struct ui_canvas *c; /* NULL: measure only */
	int top, y; /* form line of the canvas's row 0; current line */
	int cur_start, cur_end; /* lines of the focused item */
	int cur_y, cur_x; /* the cursor, in form lines */
};

static void
put(struct pass *p, int x, int maxcols, unsigned style, const char *s,
    size_t len)
{
	if (p->c && p->y >= p->top && p->y - p->top < p->c->rows)
		ui_put(p->c, p->y - p->top, x, maxcols, style, s, len);
}

struct wrapctx {
	struct pass *p;
	int x, w;
	unsigned style;
};

static void
wrap_line(const char *line, size_t n, void *arg)
{
	struct wrapctx *w = arg;

	put(w->p, w->x, w->w, w->style, line, n);
	w->p->y++;
}

static void
put_wrapped(struct pass *p, int x, int w, unsigned style, const char *s)
{
	struct wrapctx wc = {p, x, w, style};

	if (w < 1)
		w = 1;
	utf8_wrap(s, strlen(s), (size_t)w, wrap_line, &wc);
}

static bool
multi_has(const char *v, const char *id)
{
	size_t n = strlen(id);

	for (const char *p = v; p && *p;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (len == n && strncmp(p, id, n) == 0)
			return true;
		p = e ? e + 1 : NULL;
	}
	return false;
}

static void
draw_scale(struct pass *p, const struct form *fm, const struct item *it, int x,
           const char *v, bool focused)
{
	long val = v ? strtol(v, NULL, 10) : -1;
	char num[24]; /* "[%ld]" of any long */

	if (it->f->type == SHEET_RATING10) {
		int cx = x;

		for (long k = 0; k <= 10; k++) {
			unsigned st = k == val ? (focused ? UI_STYLE_SELECTED
			                                  : UI_STYLE_TITLE)
			                       : UI_STYLE_DIM;

			snprintf(num, sizeof(num), k == val ? "[%ld]" : " %ld ",
			         k);
			put(p, cx, fm->cols - cx, st, num, SIZE_MAX);
			if (k == val && focused) {
				p->cur_y = p->y;
				p->cur_x = cx + 1;
			}
			cx += (int)strlen(num);
		}
		p->y++;
		return;
	}
	if (it->f->type == SHEET_RATING100) {
		int w = fm->cols - x - 8, fill;
		struct buf bar = BUF_INIT;
		bool ascii = utf8_is_ascii();

		if (w > 50)
			w = 50;
		if (w < 10)
			w = 10;
		fill = val < 0 ? 0 : (int)(val * w / 100);
		buf_addc(&bar, '[');
		for (int k = 0; k < w; k++)
			buf_adds(&bar, k < fill ? (ascii ? "#" : "\u2588")
			                        : (ascii ? "-" : "\u00b7"));
		buf_addc(&bar, ']');
		if (val >= 0)
			buf_printf(&bar, " %3ld", val);
		else
			buf_adds(&bar, "   -");
		put(p, x, fm->cols - x,
		    focused ? UI_STYLE_TITLE : UI_STYLE_NORMAL, bar.data,
		    bar.len);
		if (focused) {
			p->cur_y = p->y;
			p->cur_x = x + w + 2 + 3;
		}
		buf_free(&bar);
		p->y++;
		return;
	}
	snprintf(num, sizeof(num), "%s", v ? v : "-");
	put(p, x, fm->cols - x, UI_STYLE_INPUT, num, SIZE_MAX);
	if (focused) {
		p->cur_y = p->y;
		p->cur_x = x + (int)strlen(num);
	}
	p->y++;
}

static void
draw_choices(struct pass *p, const struct form *fm, const struct item *it,
             int x, const char *v, bool focused)
{
	const struct sheet_field *f = it->f;
	bool multi = f->type == SHEET_MULTICHOICE;
	bool ascii = utf8_is_ascii();

	if (!focused) {
		struct buf b = BUF_INIT;

		for (size_t k = 0; k < f->nopts; k++) {
			bool on = multi ? multi_has(v, f->opts[k].id)
			                : v && strcmp(v, f->opts[k].id) == 0;

			if (!on)
				continue;
			if (b.len)
				buf_adds(&b, "; ");
			buf_adds(&b, f->opts[k].label);
		}
		if (b.len)
			put_wrapped(p, x, fm->cols - x - 1, UI_STYLE_NORMAL,
			            b.data);
		else
			put_wrapped(p, x, fm->cols - x - 1, UI_STYLE_DIM,
			            multi ? _("(none picked)")
			                  : _("(not answered)"));
		buf_free(&b);
		return;
	}
	for (size_t k = 0; k < f->nopts; k++) {
		bool on = multi ? multi_has(v, f->opts[k].id)
		                : v && strcmp(v, f->opts[k].id) == 0;
		char lead[40];
		int cx;

		if (multi)
			snprintf(lead, sizeof(lead), "%2zu [%s] ", k + 1,
			         on ? "x" : " ");
		else
			snprintf(lead, sizeof(lead), "%2zu (%s) ", k + 1,
			         on ? (ascii ? "*" : "\u25cf") : " ");
		if (k == fm->opt) {
			p->cur_y = p->y;
			p->cur_x = x + 4;
		}
		put(p, x, fm->cols - x,
		    k == fm->opt ? UI_STYLE_SELECTED : UI_STYLE_NORMAL, lead,
		    SIZE_MAX);
		cx = x + (int)utf8_width(lead, strlen(lead));
		{
			struct wrapctx wc = {p, cx, fm->cols - cx - 1,
			                     on ? UI_STYLE_TITLE
			                        : UI_STYLE_NORMAL};

			utf8_wrap(f->opts[k].label, strlen(f->opts[k].label),
			          (size_t)(fm->cols - cx - 1 > 0
			                           ? fm->cols - cx - 1
			                           : 1),
			          wrap_line, &wc);
		}
	}
}

static void
draw_editor(struct pass *p, const struct form *fm, const struct item *it, int x)
{
	struct editor *ed = fm->ed;
	size_t n = editor_nlines(ed), row, col;
	size_t min = it->f->type == SHEET_LONGTEXT ? 3 : 1;
	size_t len;
	const char *t = editor_text(ed, &len);

	editor_cursor_rc(ed, &row, &col);
	for (size_t i = 0; i < (n > min ? n : min); i++) {
		if (i < n) {
			size_t off, l, cols;

			editor_line(ed, i, &off, &l, &cols);
			put(p, x, field_width(fm, it), UI_STYLE_INPUT, t + off,
			    l);
			/* Underline the empty part so the box is visible. */
			if (cols < (size_t)field_width(fm, it) && p->c &&
			    p->y >= p->top && p->y - p->top < p->c->rows)
				ui_fill(p->c, p->y - p->top, x + (int)cols,
				        field_width(fm, it) - (int)cols,
				        UI_STYLE_INPUT);
		} else if (p->c && p->y >= p->top &&
		           p->y - p->top < p->c->rows) {
			ui_fill(p->c, p->y - p->top, x, field_width(fm, it),
			        UI_STYLE_INPUT);
		}
		if (i == row) {
			int w = field_width(fm, it);

			p->cur_y = p->y;
			p->cur_x = x + ((int)col < w ? (int)col : w - 1);
		}
		p->y++;
	}
}

static void
layout_pass(const struct form *fm, struct pass *p)
{
	const struct sheet *def = fm->def;
	int w = fm->cols;

	p->y = 0;
	p->cur_start = p->cur_end = 0;
	p->cur_y = p->cur_x = -1;
	put(p, 0, w, UI_STYLE_H1, def->title, SIZE_MAX);
	p->y++;
	if (def->summary)
		put_wrapped(p, 0, w - 1, UI_STYLE_DIM, def->summary);
	p->y++;
	for (size_t i = 0; i < fm->nitems; i++) {
		const struct item *it = &fm->items[i];
		const struct sheet_field *f = it->f;
		const char *v = sheet_answers_get(fm->a, it->key);
		bool focused = i == fm->cur;
		int x = INDENT + (it->rows ? INDENT : 0);
		int lx = it->rows ? INDENT : 0;
		struct buf label = BUF_INIT;

		if (it->rows && it->row == 1 && f == &it->rows->sub[0]) {
			buf_adds(&label, it->rows->label);
			if (it->rows->required || it->rows->min_rows)
				buf_adds(&label, " *");
			put(p, 0, w, UI_STYLE_H3, label.data, label.len);
			buf_reset(&label);
			p->y++;
		}
		if (focused)
			p->cur_start = p->y;
		if (it->rows && f == &it->rows->sub[0])
			buf_printf(&label, "%zu. ", it->row);
		else if (it->rows)
			buf_adds(&label, "   ");
		buf_adds(&label, f->label);
		if (f->required)
			buf_adds(&label, " *");
		put(p, lx, w - lx, focused ? UI_STYLE_TITLE : UI_STYLE_NORMAL,
		    label.data, label.len);
		if (focused && fm->ed && editor_limit(fm->ed) &&
		    (f->type == SHEET_TEXT || f->type == SHEET_LONGTEXT)) {
			char cnt[48];

			snprintf(cnt, sizeof(cnt), "%zu/%zu",
			         editor_chars(fm->ed), editor_limit(fm->ed));
			put(p, w - 1 - (int)strlen(cnt), (int)strlen(cnt),
			    editor_chars(fm->ed) >= editor_limit(fm->ed)
			            ? UI_STYLE_WARNING
			            : UI_STYLE_DIM,
			    cnt, SIZE_MAX);
		}
		buf_free(&label);
		p->y++;
		if (focused && fm->ed) {
			draw_editor(p, fm, it, x);
		} else if (uses_editor(f)) {
			if (v)
				put_wrapped(p, x, w - x - 1, UI_STYLE_NORMAL,
				            v);
			else {
				put(p, x, w - x, UI_STYLE_DIM, _("(empty)"),
				    SIZE_MAX);
				p->y++;
			}
		} else if (is_number(f)) {
			draw_scale(p, fm, it, x, v, focused);
		} else if (f->type == SHEET_CHOICE ||
		           f->type == SHEET_MULTICHOICE) {
			draw_choices(p, fm, it, x, v, focused);
		} else if (f->type == SHEET_YESNO) {
			char yn[64];
			bool yes = v && strcmp(v, "yes") == 0;
			bool no = v && strcmp(v, "no") == 0;

			snprintf(yn, sizeof(yn), "(%s) %s    (%s) %s",
			         yes ? "x" : " ", _("Yes"), no ? "x" : " ",
			         _("No"));
			put(p, x, w - x,
			    focused ? UI_STYLE_TITLE : UI_STYLE_NORMAL, yn,
			    SIZE_MAX);
			if (focused) {
				p->cur_y = p->y;
				p->cur_x = x + 1 +
				           (no ? 8 + (int)utf8_width(
				                             _("Yes"),
				                             strlen(_("Yes")))
				               : 0);
			}
			p->y++;
		}
		if (focused) {
			if (fm->error) {
				put_wrapped(p, x, w - x - 1, UI_STYLE_ERROR,
				            fm->error);
			} else if (f->help) {
				put_wrapped(p, x, w - x - 1, UI_STYLE_DIM,
				            f->help);
			} else if (f->type == SHEET_DATETIME) {
				put_wrapped(p, x, w - x - 1, UI_STYLE_DIM,
				            _("YYYY-MM-DD HH:MM, or 'now', or "
				              "'yesterday 21:30'"));
			}
			p->cur_end = p->y;
		}
		if (!it->rows || i + 1 == fm->nitems ||
		    fm->items[i + 1].rows != it->rows ||
		    fm->items[i + 1].row != it->row)
			p->y++;
	}
}

/* Scrolls so that the focused question, or at least its cursor, shows. */
static void
scroll_to_focus(struct form *fm)
{
	struct pass p = {NULL, 0, 0, 0, 0, -1, -1};
	int h = fm->rows;

	if (h < 1 || fm->nitems == 0)
		return;
	layout_pass(fm, &p);
	if (p.cur_end - p.cur_start <= h) {
		if (p.cur_start < fm->top)
			fm->top = p.cur_start;
		if (p.cur_end > fm->top + h)
			fm->top = p.cur_end - h;
	}
	if (p.cur_y >= 0) {
		if (p.cur_y < fm->top)
			fm->top = p.cur_y;
		if (p.cur_y >= fm->top + h)
			fm->top = p.cur_y - h + 1;
	}
	if (fm->cur == 0)
		fm->top = 0;
	if (fm->top > p.y - h)
		fm->top = p.y - h > 0 ? p.y - h : 0;
	if (p.cur_y >= 0 && p.cur_y < fm->top)
		fm->top = p.cur_y;
}

static void
form_draw(const void *state, struct ui_canvas *c)
{
	const struct form *fm = state;
	struct pass p = {c, fm->top, 0, 0, 0, -1, -1};

	layout_pass(fm, &p);
	if (p.cur_y >= fm->top && p.cur_y - fm->top < c->rows && p.cur_x >= 0 &&
	    p.cur_x < c->cols) {
		c->cur_y = p.cur_y - fm->top;
		c->cur_x = p.cur_x;
	}
}

static void
form_status(const void *state, struct buf *left, struct buf *right)
{
	const struct form *fm = state;

	buf_adds(left, fm->def->title);
	if (fm->nitems)
		buf_printf(right, "%zu/%zu", fm->cur + 1, fm->nitems);
}

static const enum ui_action *
form_hints(const void *state)
{
	static const enum ui_action h[] = {ACT_FIELD_NEXT, ACT_FORM_DONE,
	                                   ACT_NONE};

	return h;
}

static void
form_resize(struct ui *ui, void *state, int rows, int cols)
{
	struct form *fm = state;

	fm->rows = rows;
	fm->cols = cols;
	if (fm->ed && fm->cur < fm->nitems)
		editor_set_width(fm->ed,
		                 (size_t)field_width(fm, &fm->items[fm->cur]));
	scroll_to_focus(fm);
}

/* ---- Keys ---- */

static void
set_value(struct form *fm, const char *v)
{
	sheet_answers_set(fm->a, fm->items[fm->cur].key, v);
	fm->changed = true;
	free(fm->error);
	fm->error = NULL;
}

static void
arm_idle(struct ui *ui, struct form *fm)
{
	ui_screen_timer(ui, fm, clock_mono_ms() + IDLE_SAVE_MS);
}

static int
number_key(struct ui *ui, struct form *fm, const struct ui_key *k,
           enum ui_action act)
{
	const struct sheet_field *f = fm->items[fm->cur].f;
	const char *v = sheet_answers_get(fm->a, fm->items[fm->cur].key);
	long cur = v ? strtol(v, NULL, 10) : -1, nv = cur;
	long step = f->type == SHEET_RATING100 ? 5 : 1;
	char buf[32];

	if (act == ACT_NONE && !k->fn && k->code >= '0' && k->code <= '9') {
		long d = k->code - '0';

		/* Digits add up while they fit: 7 then 5 is 75. */
		nv = fm->typed && cur >= 0 && cur * 10 + d <= f->max
		             ? cur * 10 + d
		             : d;
		fm->typed = true;
	} else if (act == ACT_EDIT_LEFT || (k->fn && k->code == KEY_NPAGE)) {
		nv = cur < 0 ? f->min
		             : cur - (k->fn && k->code == KEY_NPAGE ? 10
		                                                    : step);
	} else if (act == ACT_EDIT_RIGHT || (k->fn && k->code == KEY_PPAGE)) {
		nv = cur < 0 ? f->min
		             : cur + (k->fn && k->code == KEY_PPAGE ? 10
		                                                    : step);
	} else if (act == ACT_EDIT_BACKSPACE) {
		nv = cur >= 10 && fm->typed ? cur / 10 : -1;
	} else if (act == ACT_EDIT_DELETE) {
		nv = -1;
	} else {
		return UI_OK;
	}
	if (act == ACT_EDIT_DELETE || (act == ACT_EDIT_BACKSPACE && nv < 0)) {
		set_value(fm, NULL);
	} else {
		if (nv < f->min)
			nv = f->min;
		if (nv > f->max)
			nv = f->max;
		snprintf(buf, sizeof(buf), "%ld", nv);
		set_value(fm, buf);
	}
	arm_idle(ui, fm);
	return UI_DRAW;
}

static void
toggle_option(struct form *fm, size_t k)
{
	const struct item *it = &fm->items[fm->cur];
	const struct sheet_field *f = it->f;
	const char *v = sheet_answers_get(fm->a, it->key);
	struct buf b = BUF_INIT;

	if (k >= f->nopts)
		return;
	fm->opt = k;
	if (f->type == SHEET_CHOICE) {
		set_value(fm, v && strcmp(v, f->opts[k].id) == 0
		                      ? NULL
		                      : f->opts[k].id);
		return;
	}
	/* Rebuild in option order, so the stored value is canonical. */
	for (size_t i = 0; i < f->nopts; i++) {
		bool on = multi_has(v, f->opts[i].id);

		if (i == k)
			on = !on;
		if (!on)
			continue;
		if (b.len)
			buf_addc(&b, ',');
		buf_adds(&b, f->opts[i].id);
	}
	set_value(fm, b.len ? b.data : NULL);
	buf_free(&b);
}

static int
choice_key(struct ui *ui, struct form *fm, const struct ui_key *k,
           enum ui_action act)
{
	const struct sheet_field *f = fm->items[fm->cur].f;

	if (act == ACT_NONE && !k->fn && k->code >= '0' && k->code <= '9') {
		size_t n = k->code == '0' ? 10 : (size_t)(k->code - '0');

		if (n > f->nopts)
			return UI_OK;
		toggle_option(fm, n - 1);
	} else if (act == ACT_NONE && !k->fn && k->code == ' ') {
		toggle_option(fm, fm->opt);
	} else if (act == ACT_EDIT_BACKSPACE || act == ACT_EDIT_DELETE) {
		set_value(fm, NULL);
	} else {
		return UI_OK;
	}
	arm_idle(ui, fm);
	return UI_DRAW;
}

static int
yesno_key(struct ui *ui, struct form *fm, const struct ui_key *k,
          enum ui_action act)
{
	const char *v = sheet_answers_get(fm->a, fm->items[fm->cur].key);
	int c = k->fn ? 0 : k->code;

	if (act == ACT_NONE && (c == 'y' || c == 'Y' || c == '1'))
		set_value(fm, "yes");
	else if (act == ACT_NONE && (c == 'n' || c == 'N' || c == '2'))
		set_value(fm, "no");
	else if ((act == ACT_NONE && c == ' ') || act == ACT_EDIT_LEFT ||
	         act == ACT_EDIT_RIGHT)
		set_value(fm, v && strcmp(v, "yes") == 0 ? "no" : "yes");
	else if (act == ACT_EDIT_BACKSPACE || act == ACT_EDIT_DELETE)
		set_value(fm, NULL);
	else
		return UI_OK;
	arm_idle(ui, fm);
	return UI_DRAW;
}

static int
editor_key(struct ui *ui, struct form *fm, const struct ui_key *k,
           enum ui_action act, bool meta)
{
	enum editor_op op;
	int r;

	if (meta) {
		if (k->fn || editor_key_op(k->code, true, &op) < 0)
			return UI_OK;
	} else if (act == ACT_NONE && !k->fn && k->code >= 32 &&
	           k->code != 127) {
		struct buf b = BUF_INIT;

		utf8_encode(&b, (uint32_t)k->code);
		r = editor_insert(fm->ed, b.data, b.len);
		buf_wipe(&b);
		if (r & ED_FULL)
			ui_message(ui,
			           _("This answer can be at most %zu "
			             "characters."),
			           editor_limit(fm->ed));
		/* A paste that goes on past the limit arrives one key at a
		 * time: a key that changed nothing costs no layout. */
		if (!(r & (ED_CHANGED | ED_MOVED)))
			return UI_OK;
		arm_idle(ui, fm);
		return UI_DRAW;
	} else {
		switch (act) {
		case ACT_EDIT_LEFT:
			op = ED_LEFT;
			break;
		case ACT_EDIT_RIGHT:
			op = ED_RIGHT;
			break;
		case ACT_EDIT_WORD_LEFT:
			op = ED_WORD_LEFT;
			break;
		case ACT_EDIT_WORD_RIGHT:
			op = ED_WORD_RIGHT;
			break;
		case ACT_EDIT_HOME:
			op = ED_HOME;
			break;
		case ACT_EDIT_END:
			op = ED_END;
			break;
		case ACT_EDIT_BACKSPACE:
			op = ED_BACKSPACE;
			break;
		case ACT_EDIT_DELETE:
			op = ED_DELETE;
			break;
		case ACT_EDIT_KILL_END:
			op = ED_KILL_END;
			break;
		case ACT_EDIT_KILL_START:
			op = ED_KILL_START;
			break;
		case ACT_EDIT_KILL_WORD:
			op = ED_KILL_WORD_BACK;
			break;
		case ACT_EDIT_YANK:
			op = ED_YANK;
			break;
		default:
			if (!k->fn && editor_key_op(k->code, false, &op) == 0)
				break;
			return UI_OK;
		}
	}
	r = editor_do(fm->ed, op);
	if (r & ED_FULL)
		ui_message(
		        ui,
		        ngettext("This answer can be at most %zu character.",
		                 "This answer can be at most %zu characters.",
		                 editor_limit(fm->ed)),
		        editor_limit(fm->ed));
	if (!(r & (ED_CHANGED | ED_MOVED)))
		return UI_OK;
	if (r & ED_CHANGED)
		arm_idle(ui, fm);
	return UI_DRAW;
}

static int close_form(struct ui *ui, struct form *fm);

static int
delete_row_done(struct ui *ui, void *arg, bool yes)
{
	struct form *fm = arg;
	const struct item *it;
	char *msg = NULL;
	char *key;

	if (!yes || fm->cur >= fm->nitems)
		return UI_DRAW;
	it = &fm->items[fm->cur];
	if (!it->rows)
		return UI_DRAW;
	key = xstrdup(it->key);
	editor_free(fm->ed);
	fm->ed = NULL;
	sheet_rows_delete(fm->a, it->rows, it->row);
	report(ui,
	       app_sheet_save_all(fm->s, fm->def, fm->id, fm->a, clock_now(),
	                          &msg),
	       msg);
	items_build(fm);
	{
		size_t i = item_find(fm, key);

		focus(fm, i == SIZE_MAX ? fm->cur : i, SIZE_MAX);
	}
	free(key);
	scroll_to_focus(fm);
	return UI_DRAW;
}

static int
form_key(struct ui *ui, struct form *fm, enum ui_action act,
         const struct ui_key *k)
{
	const struct item *it;
	bool meta = fm->meta;
	int r = UI_OK;

	fm->meta = false;
	if (fm->nitems == 0)
		return UI_PASS;
	it = &fm->items[fm->cur];
	/* Esc starts Alt-key; alone (nothing follows at once) it closes. */
	if (act == ACT_FORM_DONE && !k->fn && k->code == UI_KEY_ESC && !meta) {
		fm->meta = true;
		ui_screen_timer(ui, fm, clock_mono_ms());
		return UI_OK;
	}
	if (meta && !k->fn && k->code != UI_KEY_ESC && fm->ed) {
		r = editor_key(ui, fm, k, act, true);
		goto out;
	}
	switch (act) {
	case ACT_FORM_DONE:
		return close_form(ui, fm);
	case ACT_HELP:
	case ACT_CRISIS:
	case ACT_REDRAW:
	case ACT_QUIT:
		/* Save first: quitting frees the form, which saves anyway,
		 * but help and crisis screens may stay up a long time. */
		if (take_editor(fm) == 0 && fm->changed)
			save_current(ui, fm);
		return UI_PASS;
	case ACT_FIELD_NEXT:
	case ACT_FIELD_PREV: {
		bool down = act == ACT_FIELD_NEXT;
		bool arrow =
		        k->fn && (k->code == KEY_DOWN || k->code == KEY_UP);

		if (arrow && fm->ed) {
			if (!(editor_do(fm->ed, down ? ED_DOWN : ED_UP) &
			      ED_EDGE))
				goto out_draw;
		} else if (arrow && (it->f->type == SHEET_CHOICE ||
		                     it->f->type == SHEET_MULTICHOICE)) {
			if (down && fm->opt + 1 < it->f->nopts) {
				fm->opt++;
				goto out_draw;
			}
			if (!down && fm->opt > 0) {
				fm->opt--;
				goto out_draw;
			}
		}
		move_by(ui, fm, down ? 1 : -1);
		goto out_draw;
	}
	case ACT_FIELD_ENTER:
		if (fm->ed && it->f->type == SHEET_LONGTEXT) {
			r = editor_do(fm->ed, ED_NEWLINE);
			if (r & ED_FULL)
				ui_message(ui,
				           _("This answer can be at most %zu "
				             "characters."),
				           editor_limit(fm->ed));
			if (!(r & ED_CHANGED))
				return UI_OK;
			arm_idle(ui, fm);
			goto out_draw;
		}
		if (it->f->type == SHEET_CHOICE ||
		    it->f->type == SHEET_MULTICHOICE) {
			const char *v = sheet_answers_get(fm->a, it->key);

			/* Enter picks the highlighted choice unless it is
			 * already picked, then moves on. */
			if (it->f->type == SHEET_MULTICHOICE || !v ||
			    strcmp(v, it->f->opts[fm->opt].id) != 0) {
				toggle_option(fm, fm->opt);
				if (it->f->type == SHEET_MULTICHOICE)
					goto out_draw;
			}
		}
		move_by(ui, fm, 1);
		goto out_draw;
	case ACT_ROW_DELETE:
		if (it->rows && it->row <= sheet_rows_count(fm->a, it->rows)) {
			ui_confirm(ui, _("Delete row"),
			           _("Delete this row and its answers?"), false,
			           delete_row_done, fm);
			return UI_DRAW;
		}
		return UI_OK;
	default:
		break;
	}
	if (k->fn && (k->code == KEY_NPAGE || k->code == KEY_PPAGE) &&
	    !is_number(it->f)) {
		move_by(ui, fm, k->code == KEY_NPAGE ? 5 : -5);
		goto out_draw;
	}
	if (fm->ed)
		r = editor_key(ui, fm, k, act, false);
	else if (is_number(it->f))
		r = number_key(ui, fm, k, act);
	else if (it->f->type == SHEET_CHOICE ||
	         it->f->type == SHEET_MULTICHOICE)
		r = choice_key(ui, fm, k, act);
	else if (it->f->type == SHEET_YESNO)
		r = yesno_key(ui, fm, k, act);
out:
	if (r & UI_DRAW)
		scroll_to_focus(fm);
	return r;
out_draw:
	scroll_to_focus(fm);
	return UI_DRAW;
}

static int
form_action(struct ui *ui, void *state, enum ui_action act,
            const struct ui_key *k)
{
	struct form *fm = state;
	bool meta = fm->meta;
	int r = form_key(ui, fm, act, k);

	/* The Esc timer shares the one deadline with the idle save: put the
	 * idle save back when something is still unsaved. */
	if (meta && !fm->meta && !(r & UI_CLOSE)) {
		ui_screen_timer(ui, fm, -1);
		if (fm->changed || (fm->ed && editor_dirty(fm->ed)))
			arm_idle(ui, fm);
	}
	return r;
}

/* The idle timer, and Esc with nothing after it. */
static int
form_timer(struct ui *ui, void *state, int64_t now_ms)
{
	struct form *fm = state;

	if (fm->meta) {
		fm->meta = false;
		return close_form(ui, fm);
	}
	/* Typing paused: keep what is there, even mid-field. */
	if (fm->ed && fm->cur < fm->nitems) {
		const struct sheet_field *f = fm->items[fm->cur].f;

		if (f->type == SHEET_TEXT || f->type == SHEET_LONGTEXT)
			take_editor(fm);
	}
	if (fm->changed || fm->ed)
		save_current(ui, fm);
	return UI_OK;
}

static int
close_confirmed(struct ui *ui, void *arg, bool yes)
{
	struct form *fm = arg;

	if (!yes)
		return UI_DRAW;
	fm->closed = true;
	return UI_CLOSE;
}

static int
close_form(struct ui *ui, struct form *fm)
{
	struct sheet_problems p = SHEET_PROBLEMS_INIT;
	struct buf q = BUF_INIT;

	if (take_editor(fm) < 0)
		return UI_DRAW;
	if (fm->changed)
		save_current(ui, fm);
	if (sheet_validate(fm->def, fm->a, true, &p) == 0) {
		fm->closed = true;
		ui_message(ui, _("Saved: %s"), fm->def->title);
		return UI_CLOSE;
	}
	buf_adds(&q, _("Everything you wrote is saved. Still to answer:"));
	for (size_t i = 0; i < p.n && i < 6; i++)
		buf_printf(&q, "\n- %s", p.items[i].msg);
	if (p.n > 6)
		buf_printf(&q, "\n- ...");
	buf_adds(&q, _("\n\nClose it for now and finish later?"));
	/* Go to the first missing answer, so "no" lands there. */
	{
		size_t i = item_find(fm, p.items[0].key);

		for (size_t k = 0; i == SIZE_MAX && k < fm->nitems; k++)
			if (fm->items[k].rows &&
			    strcmp(fm->items[k].rows->id, p.items[0].key) == 0)
				i = k;
		if (i != SIZE_MAX) {
			focus(fm, i, SIZE_MAX);
			scroll_to_focus(fm);
		}
	}
	ui_confirm(ui, _("Not finished yet"), q.data, true, close_confirmed,
	           fm);
	buf_free(&q);
	sheet_problems_free(&p);
	return UI_DRAW;
}

static void
form_free(void *state)
{
	struct form *fm = state;
	char *msg = NULL;

	if (!fm)
		return;
	if (fm->s && fm->id) {
		/* Keep every word, even mid-field and unfinished. */
		take_editor(fm);
		if (fm->closed) {
			rows_compact(fm);
			if (fm->changed)
				app_sheet_save_all(fm->s, fm->def, fm->id,
				                   fm->a, clock_now(), &msg);
			free(msg);
			msg = NULL;
			app_sheet_resume_set(fm->s, 0, NULL, 0, &msg);
		} else {
			save_current(NULL, fm);
		}
		free(msg);
	}
	editor_free(fm->ed);
	items_clear(fm);
	free(fm->error);
	sheet_answers_free(fm->a);
	sheet_set_free(&fm->set);
	if (fm->on_closed)
		fm->on_closed(fm->closed_arg);
	free(fm);
}

static const struct screen_ops form_ops = {
        .name = "sheet-form",
        .title = N_("Worksheet"),
        .flags = UI_SCREEN_TEXT,
        .keymaps = UI_MAP_FORM,
        .draw = form_draw,
        .status = form_status,
        .hints = form_hints,
        .action = form_action,
        .resize = form_resize,
        .timer = form_timer,
        .free = form_free,
};

static struct form *
form_new(struct ui *ui, const char *sheet_id)
{
	struct form *fm = xcalloc(1, sizeof(*fm));
	struct diags d = DIAGS_INIT;

	fm->s = ui_session(ui);
	fm->set = (struct sheet_set)SHEET_SET_INIT;
	app_sheets_load(&fm->set, &d);
	diag_free(&d);
	fm->def = sheet_set_find(&fm->set, sheet_id);
	if (!fm->s || !fm->def) {
		ui_alert(ui, _("Worksheet"),
		         !fm->s ? _("Unlock your data first.")
		                : _("This worksheet is not installed."),
		         NULL, NULL);
		sheet_set_free(&fm->set);
		free(fm);
		return NULL;
	}
	return fm;
}

static int
form_open(struct ui *ui, struct form *fm, const char *key, size_t cursor)
{
	size_t i;

	items_build(fm);
	i = key ? item_find(fm, key) : SIZE_MAX;
	focus(fm, i == SIZE_MAX ? 0 : i, i == SIZE_MAX ? SIZE_MAX : cursor);
	ui_push(ui, &form_ops, fm);
	scroll_to_focus(fm);
	return 0;
}

static int
form_push(struct ui *ui, const char *sheet_id, int64_t entry,
          const char *course, const char *lesson, void (*closed)(void *),
          void *arg)
{
	struct form *fm = form_new(ui, sheet_id);
	struct entry *e = NULL;
	char *msg = NULL;
	int rc;

	if (!fm)
		return -1;
	if (entry == 0) {
		if (app_sheet_begin(fm->s, fm->def, course, lesson, clock_now(),
		                    &fm->id, &fm->a, &msg) != EXIT_OK) {
			ui_alert(ui, _("Worksheet"),
			         msg ? msg : _("Could not start an entry."),
			         NULL, NULL);
			free(msg);
			msg = NULL;
			if (!fm->a) {
				form_free(fm);
				return -1;
			}
		}
	} else {
		if (app_sheet_get(fm->s, entry, &e) != 1) {
			ui_alert(ui, _("Worksheet"),
			         _("This entry could not be read."), NULL,
			         NULL);
			form_free(fm);
			return -1;
		}
		fm->id = e->id;
		fm->a = sheet_answers_dup(e->answers);
		entry_free(e);
	}
	fm->on_closed = closed;
	fm->closed_arg = arg;
	/* This entry is the one to come back to (saved with its first
	 * answer). */
	/* msg is read only after the call has set it (an argument list
	 * has no order). */
	rc = app_sheet_resume_note(fm->s, fm->id, NULL, 0, &msg);
	report(ui, rc, msg);
	return form_open(ui, fm, NULL, 0);
}

int
sheet_form_push(struct ui *ui, const char *sheet_id, int64_t entry,
                const char *course, const char *lesson)
{
	return form_push(ui, sheet_id, entry, course, lesson, NULL, NULL);
}

int
sheet_form_push_notify(struct ui *ui, const char *sheet_id, int64_t entry,
                       void (*closed)(void *arg), void *arg)
{
	return form_push(ui, sheet_id, entry, NULL, NULL, closed, arg);
}

bool
sheet_form_resume(struct ui *ui)
{
	struct session *s = ui_session(ui);
	struct entry_resume r;
	struct entry *e = NULL;
	struct form *fm;

	if (!s || app_sheet_resume_get(s, &r) != 1)
		return false;
	if (app_sheet_get(s, r.id, &e) != 1) {
		free(r.key);
		return false;
	}
	fm = form_new(ui, e->sheet);
	if (!fm) {
		entry_free(e);
		free(r.key);
		return false;
	}
	fm->id = e->id;
	fm->a = sheet_answers_dup(e->answers);
	entry_free(e);
	form_open(ui, fm, r.key, r.cursor);
	ui_message(ui, _("Back where you left off."));
	free(r.key);
	return true;
}
