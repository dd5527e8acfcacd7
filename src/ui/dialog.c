/*
 * Dialogs: yes/no, a message, and a one-line text input (in a box, or on
 * the status line for searches).  Each is an overlay screen that closes
 * itself and then calls the asker's done(), whose reaction flags apply to
 * the screen on top after the dialog has gone.
 */
#include "ui/screen.h"

#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

enum dlg_kind { DLG_CONFIRM, DLG_ALERT, DLG_INPUT, DLG_PROMPT };

struct dialog {
	enum dlg_kind kind;
	char *title, *text;
	bool yes; /* the selected button (confirm) */
	struct buf line; /* input text, UTF-8 */
	size_t cur; /* cursor, a byte offset into line at a character start */
	int (*done_yes)(struct ui *, void *, bool);
	int (*done_ok)(struct ui *, void *);
	int (*done_text)(struct ui *, void *, const char *);
	void *arg;
};

static void
dialog_free(void *state)
{
	struct dialog *d = state;

	if (d == NULL)
		return;
	free(d->title);
	free(d->text);
	buf_wipe(&d->line); /* input may be something personal */
	free(d);
}

/* The box: width from the text, at most 60 columns, centred. */
static void
box_geometry(const struct dialog *d, const struct ui_canvas *c, int *y, int *x,
             int *h, int *w, int *textrows)
{
	int tw = 0, inner;
	const char *p = d->text;

	/* The widest line ("\n" starts a paragraph of its own). */
	for (;;) {
		size_t n = strcspn(p, "\n");
		int lw = (int)utf8_width(p, n);

		if (lw > tw)
			tw = lw;
		if (!p[n])
			break;
		p += n + 1;
	}
	*w = tw + 4;
	if (*w < 34)
		*w = 34;
	if (*w > 64)
		*w = 64;
	if (*w > c->cols - 2)
		*w = c->cols - 2;
	inner = *w - 4 > 0 ? *w - 4 : 1;
	/* Each line's rows, a blank line one row. */
	*textrows = 0;
	for (p = d->text;;) {
		size_t n = strcspn(p, "\n");
		int lw = (int)utf8_width(p, n);

		*textrows += lw > 0 ? (lw + inner - 1) / inner : 1;
		if (!p[n])
			break;
		p += n + 1;
	}
	if (*textrows < 1)
		*textrows = 1;
	/* title, blank, text, blank, buttons or input, + borders */
	*h = *textrows + 6;
	if (*h > c->rows - 1)
		*h = c->rows - 1;
	*y = (c->rows - *h) / 2;
	*x = (c->cols - *w) / 2;
}

/* Draws the input line in width cols at (y, x), scrolled so the cursor
 * shows; sets the canvas cursor. */
static void
draw_line(const struct dialog *d, struct ui_canvas *c, int y, int x, int cols)
{
	const char *s = d->line.data ? d->line.data : "";
	size_t before = utf8_width(s, d->cur), start = 0;

	/* Skip characters from the left until the cursor fits. */
	while (before - utf8_width(s, start) >= (size_t)cols &&
	       start < d->cur) {
		uint32_t cp;

		start += utf8_decode(s + start, d->cur - start, &cp);
	}
	ui_fill(c, y, x, cols, UI_STYLE_INPUT);
	ui_put(c, y, x, cols, UI_STYLE_INPUT, s + start, d->line.len - start);
	c->cur_y = y;
	c->cur_x = x + (int)(before - utf8_width(s, start));
}

static void
dialog_draw(const void *state, struct ui_canvas *c)
{
	const struct dialog *d = state;
	int y, x, h, w, tr, by;

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
	box_geometry(d, c, &y, &x, &h, &w, &tr);
	ui_box(c, y, x, h, w, UI_STYLE_BORDER);
	ui_put_trunc(c, y + 1, x + 2, w - 4, UI_STYLE_TITLE, d->title,
	             SIZE_MAX);
	ui_put_wrap(c, y + 3, x + 2, w - 4, tr, UI_STYLE_NORMAL, d->text);
	by = y + h - 2;
	if (d->kind == DLG_CONFIRM) {
		const char *yes = _("Yes"), *no = _("No");
		int yw = (int)utf8_width(yes, strlen(yes)) + 4;

		ui_fill(c, by, x + 2, yw,
		        d->yes ? UI_STYLE_BUTTON_SEL : UI_STYLE_BUTTON);
		ui_put(c, by, x + 4, yw - 2,
		       d->yes ? UI_STYLE_BUTTON_SEL : UI_STYLE_BUTTON, yes,
		       SIZE_MAX);
		int nx = x + 2 + yw + 2;
		int nw = (int)utf8_width(no, strlen(no)) + 4;

		ui_fill(c, by, nx, nw,
		        !d->yes ? UI_STYLE_BUTTON_SEL : UI_STYLE_BUTTON);
		ui_put(c, by, nx + 2, nw - 2,
		       !d->yes ? UI_STYLE_BUTTON_SEL : UI_STYLE_BUTTON, no,
		       SIZE_MAX);
	} else if (d->kind == DLG_ALERT) {
		const char *ok = _("OK");
		int ow = (int)utf8_width(ok, strlen(ok)) + 4;

		ui_fill(c, by, x + (w - ow) / 2, ow, UI_STYLE_BUTTON_SEL);
		ui_put(c, by, x + (w - ow) / 2 + 2, ow - 2, UI_STYLE_BUTTON_SEL,
		       ok, SIZE_MAX);
	} else {
		draw_line(d, c, by, x + 2, w - 4);
	}
}

static void
dialog_status(const void *state, struct buf *left, struct buf *right)
{
	const struct dialog *d = state;

	if (d->kind == DLG_CONFIRM)
		buf_adds(left, _("y yes, n no, Esc cancels"));
	else if (d->kind == DLG_INPUT)
		buf_adds(left, _("Enter accepts, Esc cancels"));
	else
		buf_adds(left, d->title);
}

/* Line editing: insert, delete, move by character; ^U clears, ^W deletes
 * the word before the cursor.  Returns true when the key was an edit. */
static bool
edit_line(struct dialog *d, const struct ui_key *k)
{
	struct buf *b = &d->line;
	const char *s = b->data ? b->data : "";
	uint32_t cp;

	if (!k->fn && k->code >= 32 && k->code != 127) {
		struct buf enc = BUF_INIT;

		utf8_encode(&enc, (uint32_t)k->code);
		if (b->len + enc.len > 1024) { /* a search, not an essay */
			buf_free(&enc);
			return true;
		}
		buf_grow(b, enc.len);
		memmove(b->data + d->cur + enc.len, b->data + d->cur,
		        b->len - d->cur + 1);
		memcpy(b->data + d->cur, enc.data, enc.len);
		b->len += enc.len;
		d->cur += enc.len;
		buf_free(&enc);
		return true;
	}
	int code = k->code;

	if ((k->fn && code == KEY_BACKSPACE) ||
	    (!k->fn && (code == 127 || code == 8))) {
		if (d->cur == 0)
			return true;
		size_t p = d->cur - 1;

		while (p > 0 && ((unsigned char)s[p] & 0xC0) == 0x80)
			p--;
		memmove(b->data + p, b->data + d->cur, b->len - d->cur + 1);
		b->len -= d->cur - p;
		d->cur = p;
		return true;
	}
	if (k->fn && code == KEY_DC) {
		if (d->cur < b->len) {
			size_t n =
			        utf8_decode(s + d->cur, b->len - d->cur, &cp);

			memmove(b->data + d->cur, b->data + d->cur + n,
			        b->len - d->cur - n + 1);
			b->len -= n;
		}
		return true;
	}
	if (k->fn && code == KEY_LEFT) {
		while (d->cur > 0) {
			d->cur--;
			if (((unsigned char)s[d->cur] & 0xC0) != 0x80)
				break;
		}
		return true;
	}
	if (k->fn && code == KEY_RIGHT) {
		if (d->cur < b->len)
			d->cur += utf8_decode(s + d->cur, b->len - d->cur, &cp);
		return true;
	}
	if ((k->fn && code == KEY_HOME) || (!k->fn && code == UI_CTRL('A'))) {
		d->cur = 0;
		return true;
	}
	if ((k->fn && code == KEY_END) || (!k->fn && code == UI_CTRL('E'))) {
		d->cur = b->len;
		return true;
	}
	if (!k->fn && code == UI_CTRL('U')) {
		memmove(b->data, b->data + d->cur, b->len - d->cur + 1);
		b->len -= d->cur;
		d->cur = 0;
		return true;
	}
	if (!k->fn && code == UI_CTRL('W')) {
		size_t p = d->cur;

		while (p > 0 && s[p - 1] == ' ')
			p--;
		while (p > 0 && s[p - 1] != ' ')
			p--;
		memmove(b->data + p, b->data + d->cur, b->len - d->cur + 1);
		b->len -= d->cur - p;
		d->cur = p;
		return true;
	}
	return false;
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
		                 answer > 0 ? (d->line.data ? d->line.data : "")
		                            : NULL);
	return r;
}

static int dialog_action(struct ui *ui, void *state, enum ui_action act,
                         const struct ui_key *key);

static const struct screen_ops dialog_ops = {
        .name = "dialog",
        .flags = UI_SCREEN_OVERLAY,
        .keymaps = UI_MAP_DIALOG,
        .draw = dialog_draw,
        .status = dialog_status,
        .action = dialog_action,
        .free = dialog_free,
};

static const struct screen_ops input_ops = {
        .name = "input",
        .flags = UI_SCREEN_OVERLAY | UI_SCREEN_TEXT,
        .keymaps = UI_MAP_DIALOG,
        .draw = dialog_draw,
        .status = dialog_status,
        .action = dialog_action,
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

	/* Off the stack but not freed: done() reads the text. */
	ui_detach(ui, d);
	asker = ui_top(ui);
	r = finish(ui, d, answer);
	dialog_free(d);
	/* The flags are the asker's: d is gone. */
	ui_react(ui, asker, r);
	return UI_DRAW;
}

static int
dialog_action(struct ui *ui, void *state, enum ui_action act,
              const struct ui_key *key)
{
	struct dialog *d = state;

	if (d->kind == DLG_INPUT || d->kind == DLG_PROMPT) {
		if (act == ACT_SELECT || (!key->fn && key->code == '\r') ||
		    (!key->fn && key->code == '\n') ||
		    (key->fn && key->code == KEY_ENTER))
			return close_with(ui, d, 1);
		if (act == ACT_BACK || act == ACT_QUIT)
			return close_with(ui, d, 0);
		if (edit_line(d, key))
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
set_initial(struct dialog *d, const char *initial)
{
	if (initial)
		buf_adds(&d->line, initial);
	else
		buf_adds(&d->line, "");
	d->cur = d->line.len;
}

void
ui_input(struct ui *ui, const char *title, const char *label,
         const char *initial, int (*done)(struct ui *, void *, const char *),
         void *arg)
{
	struct dialog *d = dialog_new(DLG_INPUT, title, label);

	set_initial(d, initial);
	d->done_text = done;
	d->arg = arg;
	ui_push(ui, &input_ops, d);
}

void
ui_prompt(struct ui *ui, const char *prompt, const char *initial,
          int (*done)(struct ui *, void *, const char *), void *arg)
{
	struct dialog *d = dialog_new(DLG_PROMPT, prompt, "");

	set_initial(d, initial);
	d->done_text = done;
	d->arg = arg;
	ui_push(ui, &input_ops, d);
}
