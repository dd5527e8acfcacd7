/*
 * The lesson reader screen.  State is the lesson's source text (the
 * course's copy, borrowed), its display list at the current width and the
 * top line; draw() paints the visible lines span by span through the
 * semantic style table, and ncurses' line hashing turns a scroll into a
 * terminal scroll (a one-line move costs the new line, not the screen).
 */
#include "ui/reader.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/config.h"
#include "ui/view.h"
#include "util/file.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define READER_MAX_FILE (16u << 20)
/* Lines longer than this are harder to read than a narrower column. */
#define READER_MAX_WIDTH 100

struct reader {
	const char *text; /* borrowed, or owned */
	char *owned; /* the text when the reader read it itself */
	size_t len;
	char *id, *title;
	struct md_doc *doc;
	size_t top;
	int rows, cols, width, margin;
	int measure; /* the widest a line is laid out (config `measure`) */
	uint32_t want_pos; /* source position to show at the top */
	char *needle; /* last search, or NULL */
	long match; /* display line of the last match, or -1 */
	long part; /* selected interactive block, or -1 */
	bool finished;
	struct reader_cb cb;
};

static size_t
max_top(const struct reader *r)
{
	size_t n = md_doc_nlines(r->doc);

	return n > (size_t)r->rows ? n - (size_t)r->rows : 0;
}

static int
percent(const struct reader *r)
{
	size_t n = md_doc_nlines(r->doc), end = r->top + (size_t)r->rows;

	if (n == 0 || end >= n)
		return 100;
	return (int)(end * 100 / n);
}

static uint32_t
top_pos(const struct reader *r)
{
	if (md_doc_nlines(r->doc) == 0)
		return 0;
	return md_doc_line(r->doc, r->top)->pos;
}

/* Tells the owner once when the end is in view. */
static void
check_finished(struct reader *r)
{
	if (!r->finished && r->doc && r->rows > 0 && percent(r) >= 100) {
		r->finished = true;
		if (r->cb.finished)
			r->cb.finished(r->cb.arg, r->id);
	}
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
	md_doc_free(r->doc);
	free(r->owned);
	free(r->id);
	free(r->title);
	free(r->needle);
	free(r);
}

static void
reader_resize(struct ui *ui, void *state, int rows, int cols)
{
	struct reader *r = state;
	int width = cols - 2;

	if (width > r->measure)
		width = r->measure;
	if (width < 1)
		width = 1;
	if (r->doc && md_doc_nlines(r->doc) > 0)
		r->want_pos = top_pos(r);
	r->rows = rows;
	r->cols = cols;
	if (r->doc == NULL || width != r->width) {
		md_doc_free(r->doc);
		r->doc = md_layout(r->text, r->len, width);
		r->width = width;
		r->match = -1;
	}
	/* Left-aligned with one column of margin: centring on a wide
	 * terminal would cost a cursor jump per line on slow links. */
	r->margin = 1;
	r->top = md_doc_line_at_pos(r->doc, r->want_pos);
	/* Land on the first line that starts at or before the position
	 * when the position is inside a line. */
	while (r->top > 0 && md_doc_line(r->doc, r->top)->pos > r->want_pos)
		r->top--;
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

/* The display line of the selected block's placeholder, or -1. */
static long
part_line(const struct reader *r)
{
	if (r->part < 0 || (size_t)r->part >= md_doc_nblocks(r->doc))
		return -1;
	return (long)md_doc_block(r->doc, (size_t)r->part)->line;
}

static void
reader_draw(const void *state, struct ui_canvas *c)
{
	const struct reader *r = state;
	size_t n = md_doc_nlines(r->doc);
	long sel = part_line(r);

	for (int y = 0; y < c->rows && r->top + (size_t)y < n; y++) {
		size_t i = r->top + (size_t)y;
		const struct md_line *l = md_doc_line(r->doc, i);
		const struct md_span *sp = md_doc_spans(r->doc, l);
		size_t col, cols;

		for (uint32_t k = 0; k < l->nspans; k++) {
			unsigned st = span_style(sp[k].style);

			if ((long)i == sel &&
			    MD_SPAN_KIND(sp[k].style) == MD_PLACEHOLDER)
				st = UI_STYLE_SELECTED;
			ui_put(c, y, r->margin + sp[k].col, sp[k].cols, st,
			       md_span_text(r->doc, &sp[k]), sp[k].len);
		}
		if (r->needle &&
		    md_doc_match(r->doc, i, r->needle, &col, &cols) &&
		    r->margin + (int)col < c->cols)
			mvwchgat(stdscr, y, r->margin + (int)col, (int)cols,
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
	size_t n = md_doc_nlines(r->doc);

	buf_adds(left, r->title);
	if (n <= (size_t)r->rows)
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
	    r->match < (long)(r->top + (size_t)r->rows))
		at = (size_t)r->match;
	if (forward)
		from = from_here ? at : at + 1;
	else
		from = at ? at - 1 : 0;
	hit = forward || at > 0 ? md_doc_find(r->doc, r->needle, from, forward)
	                        : -1;
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

/* The block to open: the selected one if in view, else the first whose
 * placeholder is on screen. */
static long
block_in_view(const struct reader *r)
{
	size_t nb = md_doc_nblocks(r->doc);
	long sel = part_line(r);

	if (sel >= (long)r->top && sel < (long)(r->top + (size_t)r->rows))
		return r->part;
	for (size_t i = 0; i < nb; i++) {
		size_t l = md_doc_block(r->doc, i)->line;

		if (l >= r->top && l < r->top + (size_t)r->rows)
			return (long)i;
	}
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

/* Selects the next (dir 1) or previous (-1) interactive block and brings
 * it into view a few lines from the top. */
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
			size_t l = md_doc_block(r->doc, i)->line;

			if (dir > 0 && l >= r->top) {
				next = (long)i;
				break;
			}
			if (dir < 0 && l < r->top + (size_t)r->rows)
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
	size_t l = md_doc_block(r->doc, (size_t)next)->line;

	if (l < r->top || l >= r->top + (size_t)r->rows)
		scroll_to(r, l > 2 ? l - 2 : 0);
}

static int
reader_action(struct ui *ui, void *state, enum ui_action act,
              const struct ui_key *key)
{
	struct reader *r = state;
	size_t old = r->top;
	size_t page = r->rows > 2 ? (size_t)r->rows - 1 : 1;
	size_t half = r->rows > 1 ? (size_t)r->rows / 2 : 1;
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
		ui_prompt(ui, "/", NULL, search_done, r);
		return UI_DRAW;
	case ACT_SEARCH_NEXT:
		search(ui, r, true, false);
		break;
	case ACT_SEARCH_PREV:
		search(ui, r, false, false);
		break;
	case ACT_POSITION: {
		size_t n = md_doc_nlines(r->doc);
		size_t last = r->top + (size_t)r->rows;

		ui_message(ui, _("Lines %zu-%zu of %zu, %d%%"),
		           n ? r->top + 1 : 0, last > n ? n : last, n,
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
	if (act != ACT_NEXT_PART && act != ACT_PREV_PART && r->part >= 0) {
		long l = part_line(r);

		if (l < (long)r->top || l >= (long)(r->top + (size_t)r->rows))
			r->part = -1;
	}
	return r->top != old || r->part != oldpart ? UI_DRAW : UI_OK;
}

static const struct screen_ops reader_ops = {
        .name = "reader",
        .title = N_("Lesson"),
        .keymaps = UI_MAP_SCROLL | UI_MAP_READER,
        .draw = reader_draw,
        .status = reader_status,
        .action = reader_action,
        .resize = reader_resize,
        .free = reader_free,
};

/* The text measure: `measure` from the clinic's or the person's
 * configuration (tend-config(5), checked there to be 20-200), else
 * READER_MAX_WIDTH. */
static int
reader_measure(void)
{
	struct app_config *c = app_config_load(NULL);
	const char *v = app_config_get(c, APP_CONFIG_MEASURE);
	int m = v ? atoi(v) : 0;

	app_config_free(c);
	return m > 0 ? m : READER_MAX_WIDTH;
}

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
	r->measure = reader_measure();
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
