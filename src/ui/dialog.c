/*
 * Dialogs: yes/no, a message, a one-line text input (in a box, or on the
 * status line for searches) and a box for a written answer of several
 * lines.  Each is an overlay screen that closes itself and then calls the
 * asker's done(), whose reaction flags apply to the screen on top after
 * the dialog has gone.
 *
 * A dialog always shows its question: when the box cannot hold all of its
 * text, the text before the question (the last paragraph) is cut with an
 * ellipsis, never the question.  Text inputs use the editor of
 * ui/editor.c with the limit the caller gives (a limit belongs to the
 * data it limits), and say so when it is reached.
 */
#include "ui/screen.h"

#include <stdlib.h>
#include <string.h>

#include "ui/editor.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* How long typing in an answer may pause before it is kept anyway. */
#define EDIT_IDLE_MS 1500

enum dlg_kind { DLG_CONFIRM, DLG_ALERT, DLG_INPUT, DLG_PROMPT, DLG_EDIT };

struct dialog {
	enum dlg_kind kind;
	char *title, *text;
	bool yes; /* the selected button (confirm) */
	struct editor *ed; /* inputs and answers */
	int lines; /* DLG_EDIT: rows of the answer box asked for */
	size_t scroll; /* DLG_EDIT: first answer row shown */
	bool meta; /* DLG_EDIT: Esc seen, an Alt-key may follow */
	bool kept_fail; /* the last keep() failed */
	int rows, cols; /* the canvas */
	char **tl; /* the text wrapped to the box */
	size_t ntl;
	int (*done_yes)(struct ui *, void *, bool);
	int (*done_ok)(struct ui *, void *);
	int (*done_text)(struct ui *, void *, const char *);
	struct ui_edit_cb cb; /* DLG_EDIT */
	void *arg;
};

/* Keeps an answer's text when it changed since it was last kept. */
static int
keep(struct dialog *d)
{
	int r;

	if (d->kind != DLG_EDIT || !d->ed || !editor_dirty(d->ed))
		return 0;
	r = d->cb.keep ? d->cb.keep(d->cb.arg, editor_text(d->ed, NULL)) : 0;
	d->kept_fail = r < 0;
	if (r == 0)
		editor_clean(d->ed);
	return r;
}

static void
text_lines_free(struct dialog *d)
{
	for (size_t i = 0; i < d->ntl; i++)
		free(d->tl[i]);
	free(d->tl);
	d->tl = NULL;
	d->ntl = 0;
}

static void
dialog_free(void *state)
{
	struct dialog *d = state;

	if (d == NULL)
		return;
	/* However the dialog goes (the program ending too), what was
	 * written is kept. */
	keep(d);
	if (d->cb.release)
		d->cb.release(d->cb.arg);
	free(d->title);
	free(d->text);
	text_lines_free(d);
	editor_free(d->ed); /* wipes: input may be something personal */
	free(d);
}

/* ---- geometry ---- */

/* Where everything of a box dialog goes, in canvas coordinates. */
struct geom {
	int y, x, h, w; /* the box */
	int inner; /* columns inside the margins */
	int text_y; /* first row of text */
	size_t body; /* lines of text before the cut (all when no cut) */
	bool cut; /* an ellipsis line, then the question's last lines */
	size_t qfrom; /* first text line shown after the cut */
	int trows; /* rows the text takes on screen */
	int ctl_y; /* buttons, the input line, or the answer's first row */
	int erows; /* DLG_EDIT: rows of the answer box */
};

static int
box_width(const struct dialog *d, int cols)
{
	int w;

	if (d->kind == DLG_EDIT) {
		w = cols - 2;
	} else {
		int tw = 0;

		for (const char *p = d->text; p && *p;) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);
			int lw = (int)utf8_width(p, n);

			if (lw > tw)
				tw = lw;
			p = nl ? nl + 1 : NULL;
		}
		w = tw + 4;
		if (w < 34)
			w = 34;
		if (w > 64)
			w = 64;
	}
	if (w > cols - 2)
		w = cols - 2;
	return w < 8 ? 8 : w;
}

struct wrap_into {
	struct dialog *d;
	size_t cap;
};

static void
collect(const char *s, size_t n, void *arg)
{
	struct wrap_into *w = arg;

	if (w->d->ntl == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 8;
		w->d->tl = xreallocarray(w->d->tl, w->cap, sizeof(*w->d->tl));
	}
	w->d->tl[w->d->ntl++] = xstrndup(s, n);
}

/* The first wrapped line of the last paragraph: the question. */
static size_t
question_start(const struct dialog *d)
{
	size_t q = 0;

	for (size_t i = 0; i < d->ntl; i++)
		if (d->tl[i][0] == '\0' && i + 1 < d->ntl)
			q = i + 1;
	return q;
}

static void
geometry(const struct dialog *d, struct geom *g)
{
	int ctl, avail;
	size_t q = question_start(d), qn = d->ntl - q;

	memset(g, 0, sizeof(*g));
	g->w = box_width(d, d->cols);
	g->inner = g->w - 4;
	if (d->kind == DLG_EDIT) {
		/* The box as tall as the lesson asks, the count under it. */
		g->erows = d->lines < 1 ? 1 : d->lines;
		ctl = g->erows + 1;
	} else {
		ctl = 1;
	}
	/* borders 2, title 1, blank 1, blank 1 */
	avail = d->rows - 1 - 5 - ctl;
	if (d->kind == DLG_EDIT && avail < 2) {
		/* Short terminal: the answer box gives up rows first, down
		 * to one, so the question keeps at least two. */
		int give = 2 - avail;

		if (give > g->erows - 1)
			give = g->erows - 1;
		g->erows -= give;
		avail += give;
	}
	if (avail < 1)
		avail = 1;
	g->body = d->ntl;
	g->qfrom = d->ntl;
	g->trows = (int)d->ntl;
	if ((int)d->ntl > avail) {
		g->cut = true;
		if ((int)qn >= avail) {
			/* Only the question fits: its end, where it asks. */
			g->body = 0;
			g->qfrom = d->ntl - (size_t)(avail > 1 ? avail - 1 : 0);
			g->cut = avail > 1;
			if (!g->cut)
				g->qfrom = d->ntl - 1;
		} else {
			g->body = (size_t)(avail - 1) - qn;
			g->qfrom = q;
		}
		g->trows = avail;
	}
	if (g->trows < 1)
		g->trows = 1;
	g->h = g->trows + 5 + (d->kind == DLG_EDIT ? g->erows + 1 : 1);
	if (g->h > d->rows)
		g->h = d->rows;
	g->y = (d->rows - g->h) / 2;
	if (g->y < 0)
		g->y = 0;
	g->x = (d->cols - g->w) / 2;
	g->text_y = g->y + 3;
	g->ctl_y = g->text_y + g->trows + 1;
}

static void
dialog_resize(struct ui *ui, void *state, int rows, int cols)
{
	struct dialog *d = state;
	struct wrap_into w = {d, 0};
	int inner = box_width(d, cols) - 4;

	d->rows = rows;
	d->cols = cols;
	text_lines_free(d);
	if (d->kind == DLG_PROMPT)
		return;
	if (d->text[0])
		utf8_wrap(d->text, strlen(d->text),
		          (size_t)(inner > 0 ? inner : 1), collect, &w);
	if (d->kind == DLG_EDIT && d->ed) {
		struct geom g;

		geometry(d, &g);
		editor_set_width(d->ed, (size_t)(g.inner > 1 ? g.inner : 1));
		d->scroll = editor_scroll(d->ed, (size_t)g.erows);
	}
}

/* ---- drawing ---- */

/* Draws a one-line editor in width cols at (y, x), scrolled so the cursor
 * shows; sets the canvas cursor. */
static void
draw_line(const struct dialog *d, struct ui_canvas *c, int y, int x, int cols)
{
	size_t len, cur = editor_cursor(d->ed);
	const char *s = editor_text(d->ed, &len);
	size_t before = utf8_width(s, cur), start = 0;

	if (cols < 1)
		return;
	/* Skip characters from the left until the cursor fits. */
	while (before - utf8_width(s, start) >= (size_t)cols && start < cur) {
		uint32_t cp;

		start += utf8_decode(s + start, cur - start, &cp);
	}
	ui_fill(c, y, x, cols, UI_STYLE_INPUT);
	ui_put(c, y, x, cols, UI_STYLE_INPUT, s + start, len - start);
	c->cur_y = y;
	c->cur_x = x + (int)(before - utf8_width(s, start));
}

/* The answer box: its visible rows, the count of characters under it. */
static void
draw_answer(const struct dialog *d, struct ui_canvas *c, const struct geom *g)
{
	struct editor *ed = d->ed;
	size_t n = editor_nlines(ed), row, col, len;
	const char *t = editor_text(ed, &len);
	int x = g->x + 2;
	char cnt[64];

	size_t scroll = d->scroll;

	/* The window over the answer: from where it was, moved as little
	 * as shows the cursor (worked out here, not per key: a paste of
	 * many keys lays the text out once, for the frame). */
	editor_cursor_rc(ed, &row, &col);
	if (row < scroll)
		scroll = row;
	if (row >= scroll + (size_t)g->erows)
		scroll = row - (size_t)g->erows + 1;
	if (scroll + (size_t)g->erows > n)
		scroll = n > (size_t)g->erows ? n - (size_t)g->erows : 0;
	if (row < scroll)
		scroll = row;
	for (int i = 0; i < g->erows; i++) {
		size_t li = scroll + (size_t)i, off, l, cols;
		int y = g->ctl_y + i;

		ui_fill(c, y, x, g->inner, UI_STYLE_INPUT);
		if (li >= n)
			continue;
		editor_line(ed, li, &off, &l, &cols);
		ui_put(c, y, x, g->inner, UI_STYLE_INPUT, t + off, l);
		if (li == row) {
			c->cur_y = y;
			c->cur_x = x + ((int)col < g->inner ? (int)col
			                                    : g->inner - 1);
		}
	}
	/* Above or below the box: more lines than it shows. */
	if (scroll > 0)
		ui_put(c, g->ctl_y - 1, g->x + g->w - 4, 2, UI_STYLE_DIM,
		       c->ascii ? "^" : "\u25b2", SIZE_MAX);
	if (scroll + (size_t)g->erows < n)
		ui_put(c, g->ctl_y + g->erows, g->x + 2, 2, UI_STYLE_DIM,
		       c->ascii ? "v" : "\u25bc", SIZE_MAX);
	snprintf(cnt, sizeof(cnt), "%zu/%zu", editor_chars(ed),
	         editor_limit(ed));
	ui_put(c, g->ctl_y + g->erows, g->x + g->w - 2 - (int)strlen(cnt),
	       (int)strlen(cnt),
	       editor_chars(ed) >= editor_limit(ed) ? UI_STYLE_WARNING
	                                            : UI_STYLE_DIM,
	       cnt, SIZE_MAX);
	if (d->kept_fail)
		ui_put_trunc(c, g->ctl_y + g->erows, g->x + 5,
		             g->w - 8 - (int)strlen(cnt), UI_STYLE_ERROR,
		             _("not kept yet"), SIZE_MAX);
}

/* Button geometry of a confirm or an alert: x and width of each. */
static void
buttons(const struct geom *g, bool confirm, int *yx, int *yw, int *nx, int *nw)
{
	const char *yes = confirm ? _("Yes") : _("OK"), *no = _("No");

	*yw = (int)utf8_width(yes, strlen(yes)) + 4;
	*nw = (int)utf8_width(no, strlen(no)) + 4;
	if (confirm) {
		*yx = g->x + 2;
		*nx = *yx + *yw + 2;
	} else {
		*yx = g->x + (g->w - *yw) / 2;
		*nx = -1;
	}
}

static void
draw_button(struct ui_canvas *c, int y, int x, int w, bool sel,
            const char *label)
{
	unsigned st = sel ? UI_STYLE_BUTTON_SEL : UI_STYLE_BUTTON;

	ui_fill(c, y, x, w, st);
	ui_put(c, y, x + 2, w - 2, st, label, SIZE_MAX);
}

static void
dialog_draw(const void *state, struct ui_canvas *c)
{
	const struct dialog *d = state;
	struct geom g;
	int y;

	if (d->kind == DLG_PROMPT) {
		/* The status line is the row below the canvas. */
		struct ui_canvas sc = *c;
		int pw;

		sc.rows = c->rows + 1;
		ui_fill(&sc, c->rows, 0, c->cols, UI_STYLE_NORMAL);
		pw = ui_put(&sc, c->rows, 0, c->cols / 2, UI_STYLE_NORMAL,
		            d->title, SIZE_MAX);
		draw_line(d, &sc, c->rows, pw, c->cols - pw - 1);
		c->cur_y = sc.cur_y;
		c->cur_x = sc.cur_x;
		return;
	}
	geometry(d, &g);
	ui_box(c, g.y, g.x, g.h, g.w, UI_STYLE_BORDER);
	ui_put_trunc(c, g.y + 1, g.x + 2, g.w - 4, UI_STYLE_TITLE, d->title,
	             SIZE_MAX);
	y = g.text_y;
	for (size_t i = 0; i < g.body && i < d->ntl; i++)
		ui_put(c, y++, g.x + 2, g.inner, UI_STYLE_NORMAL, d->tl[i],
		       SIZE_MAX);
	if (g.cut)
		ui_put(c, y++, g.x + 2, g.inner, UI_STYLE_DIM,
		       c->ascii ? "..." : "\u2026", SIZE_MAX);
	for (size_t i = g.cut || g.body < d->ntl ? g.qfrom : d->ntl;
	     i < d->ntl && y < g.text_y + g.trows; i++)
		ui_put(c, y++, g.x + 2, g.inner,
		       d->kind == DLG_EDIT ? UI_STYLE_H3 : UI_STYLE_NORMAL,
		       d->tl[i], SIZE_MAX);
	if (d->kind == DLG_CONFIRM || d->kind == DLG_ALERT) {
		int yx, yw, nx, nw;
		bool confirm = d->kind == DLG_CONFIRM;

		buttons(&g, confirm, &yx, &yw, &nx, &nw);
		draw_button(c, g.ctl_y, yx, yw, !confirm || d->yes,
		            confirm ? _("Yes") : _("OK"));
		if (confirm)
			draw_button(c, g.ctl_y, nx, nw, !d->yes, _("No"));
	} else if (d->kind == DLG_INPUT) {
		draw_line(d, c, g.ctl_y, g.x + 2, g.inner);
	} else {
		draw_answer(d, c, &g);
	}
}

static void
dialog_status(const void *state, struct buf *left, struct buf *right)
{
	const struct dialog *d = state;

	buf_adds(left, d->title);
}

static const enum ui_action *
dialog_hints(const void *state)
{
	static const enum ui_action confirm[] = {ACT_YES, ACT_NO, ACT_NONE};
	static const enum ui_action alert[] = {ACT_SELECT, ACT_NONE};
	static const enum ui_action input[] = {ACT_SELECT, ACT_BACK, ACT_NONE};
	static const enum ui_action edit[] = {ACT_FORM_DONE, ACT_NONE};

	switch (((const struct dialog *)state)->kind) {
	case DLG_CONFIRM:
		return confirm;
	case DLG_ALERT:
		return alert;
	case DLG_EDIT:
		return edit;
	default:
		return input;
	}
}

/* ---- keys ---- */

/*
 * Text editing through the editor: characters, and the editing keys of
 * the FORM keymap (arrows, Home, End, Backspace, Delete, the kill and
 * yank keys, Alt-b/f/d after Esc).  Returns true when the key was one.
 */
static bool
edit_key(struct ui *ui, struct dialog *d, enum ui_action act,
         const struct ui_key *k, bool meta)
{
	enum editor_op op;
	int r;

	if (meta) {
		if (k->fn || editor_key_op(k->code, true, &op) < 0)
			return false;
	} else if (!k->fn && k->code >= 32 && k->code != 127) {
		struct buf b = BUF_INIT;

		utf8_encode(&b, (uint32_t)k->code);
		r = editor_insert(d->ed, b.data, b.len);
		buf_wipe(&b);
		if (r & ED_FULL)
			ui_message(ui, _("This can be at most %zu characters."),
			           editor_limit(d->ed));
		return true;
	} else if (k->fn) {
		switch (k->code) {
		case KEY_LEFT:
			op = ED_LEFT;
			break;
		case KEY_RIGHT:
			op = ED_RIGHT;
			break;
		case KEY_SLEFT:
			op = ED_WORD_LEFT;
			break;
		case KEY_SRIGHT:
			op = ED_WORD_RIGHT;
			break;
		case KEY_HOME:
			op = ED_HOME;
			break;
		case KEY_END:
			op = ED_END;
			break;
		case KEY_UP:
			op = ED_UP;
			break;
		case KEY_DOWN:
			op = ED_DOWN;
			break;
		case KEY_BACKSPACE:
			op = ED_BACKSPACE;
			break;
		case KEY_DC:
			op = ED_DELETE;
			break;
		default:
			return false;
		}
	} else if (editor_key_op(k->code, false, &op) < 0) {
		return false;
	}
	(void)act;
	editor_do(d->ed, op);
	return true;
}

/* Closes the dialog, then calls done; the dialog's memory goes after. */
static int
finish(struct ui *ui, struct dialog *d, int answer)
{
	int r = UI_OK;

	if (d->kind == DLG_CONFIRM && d->done_yes)
		r = d->done_yes(ui, d->arg, answer > 0);
	else if (d->kind == DLG_ALERT && d->done_ok)
		r = d->done_ok(ui, d->arg);
	else if ((d->kind == DLG_INPUT || d->kind == DLG_PROMPT) &&
	         d->done_text)
		r = d->done_text(ui, d->arg,
		                 answer > 0 ? editor_text(d->ed, NULL) : NULL);
	else if (d->kind == DLG_EDIT && d->cb.closed)
		r = d->cb.closed(ui, d->cb.arg);
	return r;
}

static int dialog_action(struct ui *ui, void *state, enum ui_action act,
                         const struct ui_key *key);
static int dialog_timer(struct ui *ui, void *state, int64_t now_ms);
static int dialog_click(struct ui *ui, void *state, int y, int x);

static const struct screen_ops dialog_ops = {
        .name = "dialog",
        .flags = UI_SCREEN_OVERLAY,
        .keymaps = UI_MAP_DIALOG,
        .draw = dialog_draw,
        .status = dialog_status,
        .hints = dialog_hints,
        .action = dialog_action,
        .resize = dialog_resize,
        .click = dialog_click,
        .free = dialog_free,
};

static const struct screen_ops input_ops = {
        .name = "input",
        .flags = UI_SCREEN_OVERLAY | UI_SCREEN_TEXT,
        .keymaps = UI_MAP_DIALOG,
        .draw = dialog_draw,
        .status = dialog_status,
        .hints = dialog_hints,
        .action = dialog_action,
        .resize = dialog_resize,
        .free = dialog_free,
};

static const struct screen_ops edit_ops = {
        .name = "answer",
        .flags = UI_SCREEN_OVERLAY | UI_SCREEN_TEXT,
        .keymaps = UI_MAP_FORM,
        .draw = dialog_draw,
        .status = dialog_status,
        .hints = dialog_hints,
        .action = dialog_action,
        .resize = dialog_resize,
        .timer = dialog_timer,
        .free = dialog_free,
};

/*
 * The dialog leaves the stack first (so done() sees the asker on top and
 * may push another screen), then done() runs; the flags it returns are
 * handed back for the asker, which the shell finds as the new top.
 */
static int
close_with(struct ui *ui, struct dialog *d, int answer)
{
	int r;
	void *asker;

	if (keep(d) < 0) {
		ui_message(ui, "%s",
		           _("Could not keep what you wrote: it is still "
		             "here. Try again, or copy it somewhere safe."));
		return UI_DRAW;
	}
	/* Off the stack but not freed: done() reads the text. */
	ui_detach(ui, d);
	asker = ui_top(ui);
	r = finish(ui, d, answer);
	dialog_free(d);
	/* The flags are the asker's: d is gone. */
	ui_react(ui, asker, r);
	return UI_DRAW;
}

static bool
is_enter(const struct ui_key *k)
{
	return (!k->fn && (k->code == '\r' || k->code == '\n')) ||
	       (k->fn && k->code == KEY_ENTER);
}

static int
edit_action(struct ui *ui, struct dialog *d, enum ui_action act,
            const struct ui_key *key)
{
	bool meta = d->meta;
	struct geom g;

	d->meta = false;
	/* Esc starts Alt-key; alone (nothing follows at once) it closes. */
	if (!key->fn && key->code == UI_KEY_ESC && !meta) {
		d->meta = true;
		ui_screen_timer(ui, d, clock_mono_ms());
		return UI_OK;
	}
	if (meta)
		ui_screen_timer(ui, d, clock_mono_ms() + EDIT_IDLE_MS);
	if (act == ACT_FORM_DONE)
		return close_with(ui, d, 1);
	if (act == ACT_HELP || act == ACT_CRISIS || act == ACT_QUIT ||
	    act == ACT_REDRAW) {
		/* Kept first: help and crisis screens may stay up long. */
		keep(d);
		return UI_PASS;
	}
	if (!meta && is_enter(key)) {
		editor_do(d->ed, ED_NEWLINE);
	} else if (!edit_key(ui, d, act, key, meta)) {
		return UI_OK;
	}
	/* Moving around keeps the window where the person put it; typing
	 * leaves it to the frame (draw_answer). */
	if (key->fn || meta || key->code < 32 || key->code == 127) {
		geometry(d, &g);
		d->scroll = editor_scroll(d->ed, (size_t)g.erows);
	}
	if (editor_dirty(d->ed))
		ui_screen_timer(ui, d, clock_mono_ms() + EDIT_IDLE_MS);
	return UI_DRAW;
}

static int
dialog_action(struct ui *ui, void *state, enum ui_action act,
              const struct ui_key *key)
{
	struct dialog *d = state;

	if (d->kind == DLG_EDIT)
		return edit_action(ui, d, act, key);
	if (d->kind == DLG_INPUT || d->kind == DLG_PROMPT) {
		if (act == ACT_SELECT || is_enter(key))
			return close_with(ui, d, 1);
		if (act == ACT_BACK || act == ACT_QUIT)
			return close_with(ui, d, 0);
		if (edit_key(ui, d, act, key, false))
			return UI_DRAW;
		return act == ACT_CRISIS || act == ACT_HELP ? UI_PASS : UI_OK;
	}
	switch (act) {
	case ACT_YES:
		if (d->kind == DLG_CONFIRM)
			return close_with(ui, d, 1);
		return UI_OK;
	case ACT_NO:
	case ACT_BACK:
		return close_with(ui, d, 0);
	case ACT_SELECT:
		return close_with(ui, d, d->kind == DLG_ALERT || d->yes);
	case ACT_LEFT:
	case ACT_RIGHT:
		d->yes = !d->yes;
		return UI_DRAW;
	case ACT_CRISIS:
	case ACT_HELP:
	case ACT_QUIT:
	case ACT_REDRAW:
		return UI_PASS;
	default:
		return UI_OK;
	}
}

/* Esc with nothing after it closes an answer; a pause keeps it. */
static int
dialog_timer(struct ui *ui, void *state, int64_t now_ms)
{
	struct dialog *d = state;
	bool failed = d->kept_fail;

	if (d->meta) {
		d->meta = false;
		return close_with(ui, d, 1);
	}
	if (keep(d) < 0 && !failed)
		ui_message(ui, "%s", _("Could not keep what you wrote yet."));
	return d->kept_fail != failed ? UI_DRAW : UI_OK;
}

static int
dialog_click(struct ui *ui, void *state, int y, int x)
{
	struct dialog *d = state;
	struct geom g;
	int yx, yw, nx, nw;

	if (d->kind != DLG_CONFIRM && d->kind != DLG_ALERT)
		return UI_OK;
	geometry(d, &g);
	if (y != g.ctl_y)
		return UI_OK;
	buttons(&g, d->kind == DLG_CONFIRM, &yx, &yw, &nx, &nw);
	if (x >= yx && x < yx + yw)
		return close_with(ui, d, 1);
	if (nx >= 0 && x >= nx && x < nx + nw)
		return close_with(ui, d, 0);
	return UI_OK;
}

static struct dialog *
dialog_new(enum dlg_kind kind, const char *title, const char *text)
{
	struct dialog *d = xcalloc(1, sizeof(*d));

	d->kind = kind;
	d->title = xstrdup(title ? title : "");
	d->text = xstrdup(text ? text : "");
	return d;
}

void
ui_confirm(struct ui *ui, const char *title, const char *question, bool defyes,
           int (*done)(struct ui *, void *, bool), void *arg)
{
	struct dialog *d = dialog_new(DLG_CONFIRM, title, question);

	d->yes = defyes;
	d->done_yes = done;
	d->arg = arg;
	ui_push(ui, &dialog_ops, d);
}

void
ui_alert(struct ui *ui, const char *title, const char *text,
         int (*done)(struct ui *, void *), void *arg)
{
	struct dialog *d = dialog_new(DLG_ALERT, title, text);

	d->done_ok = done;
	d->arg = arg;
	ui_push(ui, &dialog_ops, d);
}

static void
set_initial(struct dialog *d, bool multiline, size_t max_chars,
            const char *initial)
{
	d->ed = editor_new(multiline, max_chars);
	if (initial)
		editor_set_text(d->ed, initial, strlen(initial));
}

void
ui_input(struct ui *ui, const char *title, const char *label,
         const char *initial, size_t max_chars,
         int (*done)(struct ui *, void *, const char *), void *arg)
{
	struct dialog *d = dialog_new(DLG_INPUT, title, label);

	set_initial(d, false, max_chars, initial);
	d->done_text = done;
	d->arg = arg;
	ui_push(ui, &input_ops, d);
}

void
ui_prompt(struct ui *ui, const char *prompt, const char *initial,
          size_t max_chars, int (*done)(struct ui *, void *, const char *),
          void *arg)
{
	struct dialog *d = dialog_new(DLG_PROMPT, prompt, "");

	set_initial(d, false, max_chars, initial);
	d->done_text = done;
	d->arg = arg;
	ui_push(ui, &input_ops, d);
}

void
ui_edit(struct ui *ui, const char *title, const char *question,
        const char *initial, int lines, size_t max_chars,
        const struct ui_edit_cb *cb)
{
	struct dialog *d = dialog_new(DLG_EDIT, title, question);

	set_initial(d, true, max_chars, initial);
	editor_clean(d->ed);
	d->lines = lines;
	d->cb = *cb;
	ui_push(ui, &edit_ops, d);
}
