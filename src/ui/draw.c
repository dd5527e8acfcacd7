/*
 * Painting helpers for screens: every piece of text a screen shows goes
 * through ui_put(), which sanitises it (no escape sequence from content or
 * input can reach the terminal), measures it in columns, clips it to the
 * canvas and, without a UTF-8 locale, shows it in ASCII (utf8_to_ascii:
 * the widths it was laid out with are those of the ASCII forms).
 */
#include "ui/screen.h"

#include <curses.h>
#include <string.h>

#include "util/utf8.h"

/* True when s[0..n) is printable ASCII only: the common case, which needs
 * no sanitising or conversion. */
static bool
plain_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
			return false;
	return true;
}

int
ui_put(struct ui_canvas *c, int y, int x, int maxcols, unsigned style,
       const char *s, size_t len)
{
	struct buf clean = BUF_INIT, ascii = BUF_INIT;
	size_t n, used = 0;
	int room;

	if (s == NULL)
		return 0;
	if (len == SIZE_MAX)
		len = strlen(s);
	/* The status line is the row after the canvas: the shell paints
	 * it through a canvas one row taller. */
	if (y < 0 || y >= c->rows || x < 0 || x >= c->cols || maxcols <= 0)
		return 0;
	room = c->cols - x < maxcols ? c->cols - x : maxcols;
	if (!plain_ascii(s, len)) {
		utf8_sanitize(&clean, s, len, false);
		/* Newlines have no place inside one row. */
		for (size_t i = 0; i < clean.len; i++)
			if (clean.data[i] == '\n')
				clean.data[i] = ' ';
		s = clean.data ? clean.data : "";
		len = clean.len;
		if (utf8_is_ascii()) {
			utf8_to_ascii(&ascii, s, len);
			s = ascii.data ? ascii.data : "";
			len = ascii.len;
		}
	}
	n = utf8_fit(s, len, (size_t)room, &used);
	if (n > 0) {
		wattrset(stdscr, (int)ui_style_attr(style));
		mvwaddnstr(stdscr, y, c->x0 + x, s, (int)n);
		wattrset(stdscr, A_NORMAL);
	}
	buf_free(&clean);
	buf_free(&ascii);
	return (int)used;
}

int
ui_put_trunc(struct ui_canvas *c, int y, int x, int maxcols, unsigned style,
             const char *s, size_t len)
{
	struct buf t = BUF_INIT;
	int used;

	if (s == NULL || maxcols <= 0)
		return 0;
	if (len == SIZE_MAX)
		len = strlen(s);
	if (x >= 0 && c->cols - x < maxcols)
		maxcols = c->cols - x;
	if (maxcols <= 0)
		return 0;
	utf8_truncate(&t, s, len, (size_t)maxcols);
	used = ui_put(c, y, x, maxcols, style, t.data ? t.data : "", t.len);
	buf_free(&t);
	return used;
}

struct wrap_ctx {
	struct ui_canvas *c;
	int y, x, maxcols, maxrows, rows;
	unsigned style;
};

static void
wrap_emit(const char *line, size_t n, void *arg)
{
	struct wrap_ctx *w = arg;

	if (w->rows < w->maxrows)
		ui_put(w->c, w->y + w->rows, w->x, w->maxcols, w->style, line,
		       n);
	w->rows++;
}

int
ui_put_wrap(struct ui_canvas *c, int y, int x, int maxcols, int maxrows,
            unsigned style, const char *s)
{
	struct wrap_ctx w = {c, y, x, maxcols, maxrows, 0, style};
	struct buf clean = BUF_INIT;

	if (s == NULL || maxcols <= 0 || maxrows <= 0)
		return 0;
	/* Sanitise first so wrapping measures what will be shown. */
	utf8_sanitize(&clean, s, strlen(s), false);
	if (clean.len > 0)
		utf8_wrap(clean.data, clean.len, (size_t)maxcols, wrap_emit,
		          &w);
	buf_free(&clean);
	return w.rows < maxrows ? w.rows : maxrows;
}

void
ui_fill(struct ui_canvas *c, int y, int x, int n, unsigned style)
{
	if (y < 0 || y >= c->rows || x < 0 || x >= c->cols || n <= 0)
		return;
	if (n > c->cols - x)
		n = c->cols - x;
	wattrset(stdscr, (int)ui_style_attr(style));
	mvwhline(stdscr, y, c->x0 + x, ' ', n);
	wattrset(stdscr, A_NORMAL);
}

void
ui_hline(struct ui_canvas *c, int y, int x, int n, unsigned style)
{
	const char *g = utf8_is_ascii() ? "-" : "\xE2\x94\x80";
	struct buf line = BUF_INIT;

	for (int i = 0; i < n; i++)
		buf_adds(&line, g);
	ui_put(c, y, x, n, style, line.data, line.len);
	buf_free(&line);
}

void
ui_box(struct ui_canvas *c, int y, int x, int h, int w, unsigned style)
{
	bool a = utf8_is_ascii();
	const char *tl = a ? "+" : "\xE2\x94\x8C",
	           *tr = a ? "+" : "\xE2\x94\x90";
	const char *bl = a ? "+" : "\xE2\x94\x94",
	           *br = a ? "+" : "\xE2\x94\x98";
	const char *v = a ? "|" : "\xE2\x94\x82";

	if (h < 2 || w < 2)
		return;
	for (int r = y + 1; r < y + h - 1; r++) {
		ui_put(c, r, x, 1, style, v, SIZE_MAX);
		ui_fill(c, r, x + 1, w - 2, UI_STYLE_NORMAL);
		ui_put(c, r, x + w - 1, 1, style, v, SIZE_MAX);
	}
	ui_put(c, y, x, 1, style, tl, SIZE_MAX);
	ui_hline(c, y, x + 1, w - 2, style);
	ui_put(c, y, x + w - 1, 1, style, tr, SIZE_MAX);
	ui_put(c, y + h - 1, x, 1, style, bl, SIZE_MAX);
	ui_hline(c, y + h - 1, x + 1, w - 2, style);
	ui_put(c, y + h - 1, x + w - 1, 1, style, br, SIZE_MAX);
}
