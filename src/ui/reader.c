/*
 * The lesson reader screen.  State is the lesson's source text (the
 * course's copy, borrowed), its display list at the current width, and
 * the rows shown: the display list's lines with the notes under the
 * interactive blocks (the person's answer or plan, asked for through
 * reader_cb.block_note at every layout) woven in.  draw() paints the
 * visible rows span by span through the semantic style table, and
 * ncurses' line hashing turns a scroll into a terminal scroll (a one-line
 * move costs the new line, not the screen).
 */
#include "ui/reader.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ui/view.h"
#include "util/file.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define READER_MAX_FILE (16u << 20)
/* A search is a phrase to find, not a text. */
#define READER_SEARCH_MAX 200
#define NO_BLOCK ((uint32_t)-1)

/* A row on screen: a line of the display list, or a line of a note. */
struct rrow {
	uint32_t line; /* display line; for a note row, its block's last */
	uint32_t block; /* the block the row belongs to, or NO_BLOCK */
	char *text; /* a note row's text (owned), else NULL */
	uint16_t col; /* a note row's indent */
	uint16_t style; /* a note row's style */
};

struct reader {
	const char *text; /* borrowed, or owned */
	char *owned; /* the text when the reader read it itself */
	size_t len;
	char *id, *title;
	struct md_doc *doc;
	struct rrow *rows;
	size_t nrows, rcap;
	size_t *line_row; /* display line -> its row */
	size_t top;
	int height, cols, width, margin;
	uint32_t want_pos; /* source position to show at the top */
	char *needle; /* last search, or NULL */
	long match; /* row of the last match, or -1 */
	long part; /* selected interactive block, or -1 */
	bool finished;
	struct reader_cb cb;
};

static size_t
max_top(const struct reader *r)
{
	return r->nrows > (size_t)r->height ? r->nrows - (size_t)r->height : 0;
}

static int
percent(const struct reader *r)
{
	size_t end = r->top + (size_t)r->height;

	if (r->nrows == 0 || end >= r->nrows)
		return 100;
	return (int)(end * 100 / r->nrows);
}

static uint32_t
top_pos(const struct reader *r)
{
	if (r->nrows == 0 || md_doc_nlines(r->doc) == 0)
		return 0;
	return md_doc_line(r->doc, r->rows[r->top].line)->pos;
}

/* Tells the owner once when the end is in view. */
static void
check_finished(struct reader *r)
{
	if (!r->finished && r->doc && r->height > 0 && percent(r) >= 100) {
		r->finished = true;
		if (r->cb.finished)
			r->cb.finished(r->cb.arg, r->id);
	}
}

static void
rows_clear(struct reader *r)
{
	for (size_t i = 0; i < r->nrows; i++)
		free(r->rows[i].text);
	r->nrows = 0;
}

static void
reader_free(void *state)
{
	struct reader *r = state;

	if (r == NULL)
		return;
	if (r->cb.position && r->doc)
		r->cb.position(r->cb.arg, r->id, top_pos(r), percent(r));
	if (r->cb.release)
		r->cb.release(r->cb.arg);
	rows_clear(r);
	free(r->rows);
	free(r->line_row);
	md_doc_free(r->doc);
	free(r->owned);
	free(r->id);
	free(r->title);
	free(r->needle);
	free(r);
}

/* ---- rows ---- */

static void
row_add(struct reader *r, struct rrow row)
{
	if (r->nrows == r->rcap) {
		r->rcap = r->rcap ? r->rcap * 2 : 256;
		r->rows = xreallocarray(r->rows, r->rcap, sizeof(*r->rows));
	}
	r->rows[r->nrows++] = row;
}

struct note_wrap {
	struct reader *r;
	struct rrow proto;
};

static void
note_line(const char *s, size_t n, void *arg)
{
	struct note_wrap *w = arg;
	struct rrow row = w->proto;

	row.text = xstrndup(s, n);
	row_add(w->r, row);
}

/* The note under block b, whose placeholder ends on display line last. */
static void
add_note(struct reader *r, size_t b, size_t last)
{
	const struct md_line *l =
	        md_doc_line(r->doc, md_doc_block(r->doc, b)->line);
	struct buf label = BUF_INIT, text = BUF_INIT, clean = BUF_INIT;
	size_t col = 2;
	int got;

	if (!r->cb.block_note)
		return;
	got = r->cb.block_note(r->cb.arg, r->id, r->doc, b, &label, &text);
	if (got < 0)
		goto out;
	/* Under the placeholder's label, two columns in. */
	if (l && l->nspans)
		col = md_doc_spans(r->doc, l)[0].col + 2u;
	if ((int)col > r->width / 3)
		col = (size_t)(r->width / 3);
	struct note_wrap w = {r,
	                      {(uint32_t)last, (uint32_t)b, NULL, (uint16_t)col,
	                       UI_STYLE_DIM}};
	size_t width = (size_t)r->width > col + 1 ? (size_t)r->width - col : 1;

	if (label.len) {
		utf8_sanitize(&clean, label.data, label.len, false);
		utf8_wrap(clean.data, clean.len, width, note_line, &w);
	}
	if (got == 1 && text.len) {
		buf_reset(&clean);
		utf8_sanitize(&clean, text.data, text.len, false);
		w.proto.style = UI_STYLE_ANSWER;
		if (clean.len)
			utf8_wrap(clean.data, clean.len, width, note_line, &w);
	}
out:
	buf_wipe(&label);
	buf_wipe(&text);
	buf_wipe(&clean);
}

/* The display list's lines, and after each block's placeholder its note. */
static void
build_rows(struct reader *r)
{
	size_t n = md_doc_nlines(r->doc), nb = md_doc_nblocks(r->doc), b = 0;
	uint32_t cur = NO_BLOCK;

	rows_clear(r);
	free(r->line_row);
	r->line_row = xcalloc(n + 1, sizeof(*r->line_row));
	for (size_t i = 0; i < n; i++) {
		const struct md_line *l = md_doc_line(r->doc, i);

		while (b < nb && md_doc_block(r->doc, b)->line < i)
			b++;
		if (b < nb && md_doc_block(r->doc, b)->line == i)
			cur = (uint32_t)b;
		else if (!(l->flags & MD_LINE_PLACEHOLDER))
			cur = NO_BLOCK;
		r->line_row[i] = r->nrows;
		row_add(r, (struct rrow){(uint32_t)i, cur, NULL, 0, 0});
		/* The placeholder's last line: its note follows. */
		if (cur != NO_BLOCK) {
			const struct md_line *nx = md_doc_line(r->doc, i + 1);
			bool more =
			        nx && (nx->flags & MD_LINE_PLACEHOLDER) &&
			        !(b + 1 < nb &&
			          md_doc_block(r->doc, b + 1)->line == i + 1);

			if (!more) {
				add_note(r, cur, i);
				cur = NO_BLOCK;
			}
		}
	}
	r->line_row[n] = r->nrows;
}

/* The first row of block k's placeholder, or -1. */
static long
block_row(const struct reader *r, long k)
{
	if (k < 0 || (size_t)k >= md_doc_nblocks(r->doc))
		return -1;
	return (long)r->line_row[md_doc_block(r->doc, (size_t)k)->line];
}

/* The row a source position lands on. */
static size_t
row_at_pos(const struct reader *r, uint32_t pos)
{
	size_t line;

	if (md_doc_nlines(r->doc) == 0)
		return 0;
	line = md_doc_line_at_pos(r->doc, pos);
	/* Land on the first line that starts at or before the position
	 * when the position is inside a line. */
	while (line > 0 && md_doc_line(r->doc, line)->pos > pos)
		line--;
	return r->line_row[line];
}

static void
reader_resize(struct ui *ui, void *state, int rows, int cols)
{
	struct reader *r = state;
	int width = cols - 2;

	if (width < 1)
		width = 1;
	if (r->doc && r->nrows > 0)
		r->want_pos = top_pos(r);
	r->height = rows;
	r->cols = cols;
	if (r->doc == NULL || width != r->width) {
		md_doc_free(r->doc);
		r->doc = md_layout(r->text, r->len, width);
		r->width = width;
	}
	build_rows(r);
	r->match = -1;
	/* Left-aligned with one column of margin, where the focused
	 * exercise's mark goes: centring on a wide terminal would cost a
	 * cursor jump per line on slow links. */
	r->margin = 1;
	r->top = row_at_pos(r, r->want_pos);
	if (r->top > max_top(r))
		r->top = max_top(r);
	check_finished(r);
}

static unsigned
span_style(unsigned s)
{
	static const unsigned map[MD_KIND_COUNT] = {
	        [MD_TEXT] = UI_STYLE_NORMAL,
	        [MD_H1] = UI_STYLE_H1,
	        [MD_H2] = UI_STYLE_H2,
	        [MD_H3] = UI_STYLE_H3,
	        [MD_CODE] = UI_STYLE_CODE,
	        [MD_CODEBLOCK] = UI_STYLE_CODEBLOCK,
	        [MD_QUOTE] = UI_STYLE_QUOTE,
	        [MD_BULLET] = UI_STYLE_BULLET,
	        [MD_LINK] = UI_STYLE_LINK,
	        [MD_LINK_NUM] = UI_STYLE_LINK_NUM,
	        [MD_RULE] = UI_STYLE_RULE,
	        [MD_IMAGE] = UI_STYLE_IMAGE,
	        [MD_HTML] = UI_STYLE_NORMAL,
	        [MD_PLACEHOLDER] = UI_STYLE_PLACEHOLDER,
	        [MD_MARKER] = UI_STYLE_DIM,
	};
	unsigned k = s & MD_KIND_MASK, out;

	out = k < MD_KIND_COUNT ? map[k] : UI_STYLE_NORMAL;
	if (s & MD_EMPH)
		out |= UI_EMPH;
	if (s & MD_STRONG)
		out |= UI_STRONG;
	return out;
}

/* Row i as plain text at its columns (for search and its highlight). */
static void
row_text(const struct reader *r, size_t i, struct buf *out)
{
	const struct rrow *row = &r->rows[i];

	if (row->text) {
		buf_addrep(out, ' ', row->col);
		buf_adds(out, row->text);
	} else {
		md_doc_line_text(r->doc, row->line, out);
	}
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Where needle is in row i (ASCII case-insensitive): display column and
 * width in *col and *cols; false when it is not. */
static bool
row_match(const struct reader *r, size_t i, const char *needle, size_t *col,
          size_t *cols)
{
	struct buf b = BUF_INIT;
	size_t m = strlen(needle);
	bool found = false;

	row_text(r, i, &b);
	for (size_t k = 0; m && k + m <= b.len && !found; k++) {
		size_t j = 0;

		while (j < m && lower((unsigned char)b.data[k + j]) ==
		                        lower((unsigned char)needle[j]))
			j++;
		if (j == m) {
			found = true;
			*col = utf8_width(b.data, k);
			*cols = utf8_width(b.data + k, m);
		}
	}
	buf_wipe(&b);
	return found;
}

static void
reader_draw(const void *state, struct ui_canvas *c)
{
	const struct reader *r = state;
	const char *mark = c->ascii ? ">" : "\u25b6";

	for (int y = 0; y < c->rows && r->top + (size_t)y < r->nrows; y++) {
		size_t i = r->top + (size_t)y;
		const struct rrow *row = &r->rows[i];
		bool focus = r->part >= 0 && row->block == (uint32_t)r->part;
		size_t col, cols;

		if (row->text) {
			ui_put(c, y, r->margin + row->col, r->width - row->col,
			       row->style, row->text, SIZE_MAX);
		} else {
			const struct md_line *l =
			        md_doc_line(r->doc, row->line);
			const struct md_span *sp = md_doc_spans(r->doc, l);

			for (uint32_t k = 0; k < l->nspans; k++) {
				unsigned st = span_style(sp[k].style);

				if (focus &&
				    MD_SPAN_KIND(sp[k].style) == MD_PLACEHOLDER)
					st = UI_STYLE_SELECTED;
				ui_put(c, y, r->margin + sp[k].col, sp[k].cols,
				       st, md_span_text(r->doc, &sp[k]),
				       sp[k].len);
			}
		}
		/* The focused exercise, marked in the margin on every row
		 * of it: where Enter goes. */
		if (focus)
			ui_put(c, y, 0, 1, UI_STYLE_FOCUS, mark, SIZE_MAX);
		if (r->needle && row_match(r, i, r->needle, &col, &cols) &&
		    r->margin + (int)col < c->cols)
			mvwchgat(stdscr, y, c->x0 + r->margin + (int)col,
			         (int)cols,
			         (attr_t)ui_style_attr(UI_STYLE_MATCH) &
			                 ~A_COLOR,
			         (short)PAIR_NUMBER(
			                 ui_style_attr(UI_STYLE_MATCH)),
			         NULL);
	}
}

static void
reader_status(const void *state, struct buf *left, struct buf *right)
{
	const struct reader *r = state;

	if (r->part >= 0) {
		/* Said in words too, for a screen reader. */
		buf_printf(left, _("Exercise %ld of %zu: Enter opens it"),
		           r->part + 1, md_doc_nblocks(r->doc));
	} else {
		buf_adds(left, r->title);
	}
	if (r->nrows <= (size_t)r->height)
		buf_adds(right, _("all"));
	else if (r->top == 0)
		buf_adds(right, _("top"));
	else if (r->top >= max_top(r))
		buf_adds(right, _("end"));
	else
		buf_printf(right, "%d%%", percent(r));
}

static void
scroll_to(struct reader *r, size_t top)
{
	size_t mt = max_top(r);

	r->top = top > mt ? mt : top;
	check_finished(r);
}

/* The first row at or after from (forward), or at or before it, holding
 * the needle; -1 when there is none. */
static long
find_row(const struct reader *r, size_t from, bool forward)
{
	size_t col, cols;

	if (r->nrows == 0)
		return -1;
	if (from >= r->nrows) {
		if (forward)
			return -1;
		from = r->nrows - 1;
	}
	for (size_t i = from;; i = forward ? i + 1 : i - 1) {
		if (row_match(r, i, r->needle, &col, &cols))
			return (long)i;
		if (forward ? i + 1 >= r->nrows : i == 0)
			return -1;
	}
}

static void
search(struct ui *ui, struct reader *r, bool forward, bool from_here)
{
	long hit;
	size_t from;

	if (r->needle == NULL || *r->needle == '\0') {
		ui_message(ui, "%s", _("No search yet: press / first"));
		return;
	}
	/* From the last match when it is still in view (near the end the
	 * match can sit below the top line), else from the top line. */
	size_t at = r->top;

	if (!from_here && r->match >= (long)r->top &&
	    r->match < (long)(r->top + (size_t)r->height))
		at = (size_t)r->match;
	if (forward)
		from = from_here ? at : at + 1;
	else
		from = at ? at - 1 : 0;
	hit = forward || at > 0 ? find_row(r, from, forward) : -1;
	if (hit < 0) {
		struct buf m = BUF_INIT;

		buf_printf(&m,
		           forward ? _("Not found further down: %s")
		                   : _("Not found further up: %s"),
		           r->needle);
		ui_message(ui, "%s", m.data);
		buf_free(&m);
		return;
	}
	r->match = hit;
	scroll_to(r, (size_t)hit);
}

static int
search_done(struct ui *ui, void *arg, const char *text)
{
	struct reader *r = arg;

	if (text == NULL)
		return UI_DRAW;
	if (*text != '\0') {
		free(r->needle);
		r->needle = xstrdup(text);
		r->match = -1;
	}
	search(ui, r, true, false);
	return UI_DRAW;
}

static void
show_links(struct ui *ui, const struct reader *r)
{
	size_t n = md_doc_nlinks(r->doc);
	struct view *v;
	char num[24];

	if (n == 0) {
		ui_message(ui, "%s", _("This lesson has no links"));
		return;
	}
	v = view_new(_("Links"));
	view_add(v, UI_STYLE_H1, _("Links in this lesson"));
	view_add(v, UI_STYLE_NORMAL, "");
	for (size_t i = 1; i <= n; i++) {
		snprintf(num, sizeof(num), "[%zu]", i);
		view_add_key(v, num, 6, UI_STYLE_LINK,
		             md_doc_link(r->doc, i)->url);
	}
	view_add(v, UI_STYLE_NORMAL, "");
	view_add(v, UI_STYLE_DIM,
	         _("tend never opens links itself: copy one into a browser "
	           "if you want to follow it."));
	view_push(ui, v);
}

static bool
row_in_view(const struct reader *r, long row)
{
	return row >= (long)r->top && row < (long)(r->top + (size_t)r->height);
}

/* The block to open: the selected one if in view, else the first whose
 * placeholder is on screen. */
static long
block_in_view(const struct reader *r)
{
	size_t nb = md_doc_nblocks(r->doc);

	if (row_in_view(r, block_row(r, r->part)))
		return r->part;
	for (size_t i = 0; i < nb; i++)
		if (row_in_view(r, block_row(r, (long)i)))
			return (long)i;
	return -1;
}

static int
open_block(struct ui *ui, struct reader *r)
{
	long b = block_in_view(r);

	if (b < 0) {
		ui_message(ui, "%s",
		           _("No exercise in view: Tab goes to the next one"));
		return UI_DRAW;
	}
	r->part = b;
	if (r->cb.open_block)
		return r->cb.open_block(ui, r->cb.arg, r->id, r->doc,
		                        (size_t)b);
	ui_alert(ui, _("Exercise"),
	         _("Exercises open from the course, not from a lesson file "
	           "read on its own."),
	         NULL, NULL);
	return UI_DRAW;
}

/* The last row of block k (its note's end). */
static size_t
block_last_row(const struct reader *r, long k)
{
	size_t i = (size_t)block_row(r, k);

	while (i + 1 < r->nrows && r->rows[i + 1].block == (uint32_t)k)
		i++;
	return i;
}

/* Selects the next (dir 1) or previous (-1) interactive block and brings
 * it into view a few lines from the top, with its note when it fits. */
static void
move_part(struct ui *ui, struct reader *r, int dir)
{
	size_t nb = md_doc_nblocks(r->doc);
	long next = -1;

	if (nb == 0) {
		ui_message(ui, "%s", _("This lesson has no exercises"));
		return;
	}
	if (r->part < 0) {
		/* From the screen's position, not from the start. */
		for (size_t i = 0; i < nb; i++) {
			size_t l = (size_t)block_row(r, (long)i);

			if (dir > 0 && l >= r->top) {
				next = (long)i;
				break;
			}
			if (dir < 0 && l < r->top + (size_t)r->height)
				next = (long)i;
		}
	} else {
		next = r->part + dir;
	}
	if (next < 0 || (size_t)next >= nb) {
		ui_message(ui, "%s",
		           dir > 0 ? _("No more exercises further down")
		                   : _("No more exercises further up"));
		return;
	}
	r->part = next;
	size_t first = (size_t)block_row(r, next),
	       last = block_last_row(r, next);

	if (first < r->top || last >= r->top + (size_t)r->height)
		scroll_to(r, first > 2 ? first - 2 : 0);
}

static int
reader_action(struct ui *ui, void *state, enum ui_action act,
              const struct ui_key *key)
{
	struct reader *r = state;
	size_t old = r->top;
	size_t page = r->height > 2 ? (size_t)r->height - 1 : 1;
	size_t half = r->height > 1 ? (size_t)r->height / 2 : 1;
	long oldpart = r->part;

	switch (act) {
	case ACT_LINE_DOWN:
		scroll_to(r, r->top + 1);
		break;
	case ACT_LINE_UP:
		scroll_to(r, r->top ? r->top - 1 : 0);
		break;
	case ACT_HALF_DOWN:
		scroll_to(r, r->top + half);
		break;
	case ACT_HALF_UP:
		scroll_to(r, r->top > half ? r->top - half : 0);
		break;
	case ACT_PAGE_DOWN:
		scroll_to(r, r->top + page);
		break;
	case ACT_PAGE_UP:
		scroll_to(r, r->top > page ? r->top - page : 0);
		break;
	case ACT_TOP:
		scroll_to(r, 0);
		break;
	case ACT_BOTTOM:
		scroll_to(r, max_top(r));
		break;
	case ACT_SEARCH:
		ui_prompt(ui, "/", NULL, READER_SEARCH_MAX, search_done, r);
		return UI_DRAW;
	case ACT_SEARCH_NEXT:
		search(ui, r, true, false);
		break;
	case ACT_SEARCH_PREV:
		search(ui, r, false, false);
		break;
	case ACT_POSITION: {
		size_t last = r->top + (size_t)r->height;

		ui_message(ui, _("Lines %zu-%zu of %zu, %d%%"),
		           r->nrows ? r->top + 1 : 0,
		           last > r->nrows ? r->nrows : last, r->nrows,
		           percent(r));
		return UI_DRAW;
	}
	case ACT_LINKS:
		show_links(ui, r);
		return UI_DRAW;
	case ACT_NEXT_PART:
		move_part(ui, r, 1);
		break;
	case ACT_PREV_PART:
		move_part(ui, r, -1);
		break;
	case ACT_OPEN:
		return open_block(ui, r);
	default:
		return UI_PASS;
	}
	/* Moving by hand leaves the selected exercise behind. */
	if (act != ACT_NEXT_PART && act != ACT_PREV_PART && r->part >= 0 &&
	    !row_in_view(r, block_row(r, r->part)))
		r->part = -1;
	return r->top != old || r->part != oldpart ? UI_DRAW : UI_OK;
}

/* A click on an exercise focuses it; a second click opens it. */
static int
reader_click(struct ui *ui, void *state, int y, int x)
{
	struct reader *r = state;
	size_t i = r->top + (size_t)(y < 0 ? 0 : y);

	if (y < 0 || i >= r->nrows || r->rows[i].block == NO_BLOCK)
		return UI_OK;
	if (r->part == (long)r->rows[i].block)
		return open_block(ui, r);
	r->part = (long)r->rows[i].block;
	return UI_DRAW;
}

static const enum ui_action *
reader_hints(const void *state)
{
	static const enum ui_action h[] = {ACT_NEXT_PART, ACT_OPEN, ACT_SEARCH,
	                                   ACT_NONE};

	return h;
}

static const struct screen_ops reader_ops = {
        .name = "reader",
        .title = N_("Lesson"),
        .keymaps = UI_MAP_SCROLL | UI_MAP_READER,
        .draw = reader_draw,
        .status = reader_status,
        .hints = reader_hints,
        .action = reader_action,
        .resize = reader_resize,
        .click = reader_click,
        .free = reader_free,
};

static struct reader *
reader_new(const char *path, const char *text, size_t len,
           const char *lesson_id, const char *title, uint32_t initial_pos,
           const struct reader_cb *cb, int *err)
{
	struct reader *r = xcalloc(1, sizeof(*r));
	const char *base;

	if (text) {
		r->text = text;
		r->len = len;
	} else if (file_read(path, READER_MAX_FILE, 0, &r->owned, &r->len) <
	           0) {
		*err = errno;
		free(r);
		return NULL;
	} else {
		r->text = r->owned;
	}
	if (cb)
		r->cb = *cb;
	r->id = lesson_id ? xstrdup(lesson_id) : NULL;
	base = path ? strrchr(path, '/') : NULL;
	r->title = xstrdup(title  ? title
	                   : path ? (base ? base + 1 : path)
	                          : "");
	r->want_pos = initial_pos;
	r->part = -1;
	r->match = -1;
	return r;
}

int
reader_push(struct ui *ui, const char *path, const char *text, size_t len,
            const char *lesson_id, const char *title, uint32_t initial_pos,
            const struct reader_cb *cb)
{
	int err = 0;
	struct reader *r = reader_new(path, text, len, lesson_id, title,
	                              initial_pos, cb, &err);

	if (r == NULL) {
		ui_message(ui, _("Cannot read %s: %s"), path ? path : "",
		           file_strerror(err));
		if (cb && cb->release)
			cb->release(cb->arg);
		return -1;
	}
	ui_push(ui, &reader_ops, r);
	return 0;
}

int
reader_run(const struct opts *opts, const char *path)
{
	int err = 0;
	struct reader *r = reader_new(path, NULL, 0, NULL, NULL, 0, NULL, &err);

	if (r == NULL) {
		fprintf(stderr, "tend: %s: %s\n", path, file_strerror(err));
		return EXIT_FAIL;
	}
	return ui_run(opts, NULL, &reader_ops, r);
}
