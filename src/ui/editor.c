/*
 * The editor's pure logic (see editor.h).  No curses here: the form paints
 * the layout this computes.  The buffer is a plain byte array that is
 * wiped whenever it is freed or outgrown, because it holds what a person
 * writes about themselves.  Layout is recomputed lazily after a change;
 * fields hold at most a few thousand characters, so a linear pass per
 * keystroke costs microseconds.
 */
#include "ui/editor.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/sheet.h"
#include "util/buf.h"
#include "util/secret.h"
#include "util/utf8.h"
#include "util/xalloc.h"

struct vline {
	size_t off, len, cols;
	bool hard; /* ends at a '\n' or the end of the text */
};

struct editor {
	char *text; /* NUL-terminated */
	size_t len, cap;
	size_t cursor;
	size_t chars, limit;
	bool multiline;
	bool dirty;

	char *kill; /* the last kill, NUL-terminated; may be NULL */
	size_t kill_len;
	bool last_was_kill;

	size_t width;
	struct vline *lines;
	size_t nlines, lines_cap;
	bool laid_out;
	size_t goal; /* column Up/Down aim for; SIZE_MAX when unset */
	size_t top; /* first visible line, for editor_scroll */
};

#define ZWJ 0x200Du

/* ---- Storage that never leaves copies behind ---- */

static void
reserve(struct editor *e, size_t need)
{
	size_t cap;
	char *p;

	if (need + 1 <= e->cap)
		return;
	cap = e->cap ? e->cap : 64;
	while (cap < need + 1) {
		if (cap > SIZE_MAX / 2)
			xfatal("out of memory");
		cap *= 2;
	}
	p = xmalloc(cap);
	if (e->text) {
		memcpy(p, e->text, e->len + 1);
		secret_wipe(e->text, e->cap);
		free(e->text);
	} else {
		p[0] = '\0';
	}
	e->text = p;
	e->cap = cap;
}

static void
kill_set(struct editor *e, const char *s, size_t n, bool prepend)
{
	char *k;

	if (!e->last_was_kill || !e->kill) {
		if (e->kill) {
			secret_wipe(e->kill, e->kill_len);
			free(e->kill);
		}
		e->kill = xstrndup(s, n);
		e->kill_len = n;
		return;
	}
	k = xmalloc(e->kill_len + n + 1);
	if (prepend) {
		memcpy(k, s, n);
		memcpy(k + n, e->kill, e->kill_len);
	} else {
		memcpy(k, e->kill, e->kill_len);
		memcpy(k + e->kill_len, s, n);
	}
	k[e->kill_len + n] = '\0';
	secret_wipe(e->kill, e->kill_len);
	free(e->kill);
	e->kill = k;
	e->kill_len += n;
}

struct editor *
editor_new(bool multiline, size_t max_chars)
{
	struct editor *e = xcalloc(1, sizeof(*e));

	e->multiline = multiline;
	e->limit = max_chars;
	e->width = 80;
	e->goal = SIZE_MAX;
	reserve(e, 0);
	return e;
}

void
editor_free(struct editor *e)
{
	if (!e)
		return;
	if (e->text) {
		secret_wipe(e->text, e->cap);
		free(e->text);
	}
	if (e->kill) {
		secret_wipe(e->kill, e->kill_len);
		free(e->kill);
	}
	free(e->lines);
	free(e);
}

/* ---- Characters ---- */

static uint32_t
cp_at(const struct editor *e, size_t off, size_t *n)
{
	uint32_t cp;

	*n = utf8_decode(e->text + off, e->len - off, &cp);
	return cp;
}

/* The end of the character (display cluster) that starts at off, and its
 * columns in *w (the sum over its code points, as a terminal adds them). */
static size_t
cl_next(const struct editor *e, size_t off, size_t *w)
{
	size_t n, i = off;
	uint32_t cp;
	size_t cols;

	if (off >= e->len) {
		if (w)
			*w = 0;
		return e->len;
	}
	cp = cp_at(e, i, &n);
	i += n;
	cols = (size_t)utf8_cpwidth(cp);
	if (cp != '\n') {
		bool glue = cp == ZWJ;

		while (i < e->len) {
			cp = cp_at(e, i, &n);
			if (cp == '\n')
				break;
			if (!glue && utf8_cpwidth(cp) != 0)
				break;
			glue = cp == ZWJ;
			cols += (size_t)utf8_cpwidth(cp);
			i += n;
		}
	}
	if (w)
		*w = cols;
	return i;
}

/* Start of the logical line holding off. */
static size_t
line_start(const struct editor *e, size_t off)
{
	while (off > 0 && e->text[off - 1] != '\n')
		off--;
	return off;
}

static size_t
line_end(const struct editor *e, size_t off)
{
	while (off < e->len && e->text[off] != '\n')
		off++;
	return off;
}

/* The start of the code point before off (the text is valid UTF-8). */
static size_t
cp_prev(const struct editor *e, size_t off)
{
	if (off == 0)
		return 0;
	off--;
	while (off > 0 && ((unsigned char)e->text[off] & 0xC0) == 0x80)
		off--;
	return off;
}

/*
 * True when a character starts at off, which starts a code point.  The
 * mirror of cl_next: a code point joins the one before unless it is '\n',
 * follows a '\n', or takes columns without following a joiner.
 */
static bool
is_boundary(const struct editor *e, size_t off)
{
	size_t n, p;
	uint32_t cp, prev;

	if (off == 0 || off >= e->len)
		return true;
	cp = cp_at(e, off, &n);
	p = cp_prev(e, off);
	prev = cp_at(e, p, &n);
	if (cp == '\n' || prev == '\n')
		return true;
	return prev != ZWJ && utf8_cpwidth(cp) != 0;
}

/* The start of the character before off (off itself when at 0). */
static size_t
cl_prev(const struct editor *e, size_t off)
{
	size_t p = cp_prev(e, off);

	while (!is_boundary(e, p))
		p = cp_prev(e, p);
	return p;
}

/* off moved back to the start of the character it falls in. */
static size_t
snap_back(const struct editor *e, size_t off)
{
	if (off >= e->len)
		return e->len;
	while (off > 0 && ((unsigned char)e->text[off] & 0xC0) == 0x80)
		off--;
	while (!is_boundary(e, off))
		off = cp_prev(e, off);
	return off;
}

/* off moved forward to the end of the character it falls in. */
static size_t
snap_fwd(const struct editor *e, size_t off)
{
	size_t p = snap_back(e, off);

	return p == off ? off : cl_next(e, p, NULL);
}

static bool
is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\n' || cp == 0xA0 || cp == 0x3000 ||
	       (cp >= 0x2000 && cp <= 0x200A);
}

/* Letters, digits and most non-ASCII characters are word characters;
 * spaces and punctuation (ASCII, Latin-1, general and CJK) are not. */
static bool
is_word(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
		       (cp >= 'A' && cp <= 'Z') || cp == '_';
	if (cp >= 0xA0 && cp <= 0xBF)
		return false;
	if (cp == 0xD7 || cp == 0xF7)
		return false;
	if (cp >= 0x2000 && cp <= 0x206F)
		return false;
	if (cp >= 0x3000 && cp <= 0x303F)
		return false;
	if ((cp >= 0xFF01 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
	    (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65))
		return false;
	return true;
}

/* The first code point of the character at off. */
static uint32_t
cl_cp(const struct editor *e, size_t off)
{
	size_t n;

	return off < e->len ? cp_at(e, off, &n) : 0;
}

/* ---- Changing the text ---- */

/* Marks the layout stale.  The character count is kept up to date by
 * the callers (insert adds, remove subtracts) so that a keystroke costs no
 * pass over the whole text: a long paste arrives one key at a time. */
static void
changed(struct editor *e)
{
	e->laid_out = false;
	e->dirty = true;
}

static void
remove_range(struct editor *e, size_t from, size_t to)
{
	if (to <= from)
		return;
	e->chars -= sheet_chars(e->text + from, to - from);
	memmove(e->text + from, e->text + to, e->len - to + 1);
	/* Wipe the tail that the move left behind. */
	secret_wipe(e->text + e->len - (to - from) + 1, to - from);
	e->len -= to - from;
	if (e->cursor > to)
		e->cursor -= to - from;
	else if (e->cursor > from)
		e->cursor = from;
	changed(e);
	e->cursor = snap_back(e, e->cursor);
}

static void
kill_range(struct editor *e, size_t from, size_t to, bool backward)
{
	if (to <= from)
		return;
	kill_set(e, e->text + from, to - from, backward);
	remove_range(e, from, to);
}

/* Characters of s[0..len) that fit in budget, cut at a character boundary
 * (a character counts as many as its visible code points). */
static size_t
fit_chars(const char *s, size_t len, size_t budget)
{
	size_t i = 0, used = 0;

	while (i < len) {
		size_t j = i, n, c = 0;
		uint32_t cp;
		bool glue;

		j += utf8_decode(s + j, len - j, &cp);
		c += cp == '\n' || utf8_cpwidth(cp) > 0;
		glue = cp == ZWJ;
		if (cp != '\n') {
			while (j < len) {
				n = utf8_decode(s + j, len - j, &cp);
				if (cp == '\n' ||
				    (!glue && utf8_cpwidth(cp) != 0))
					break;
				glue = cp == ZWJ;
				c += utf8_cpwidth(cp) > 0;
				j += n;
			}
		}
		if (used + c > budget)
			break;
		used += c;
		i = j;
	}
	return i;
}

/* True when s[0..len) holds something the sanitiser keeps (a character
 * that a full field would have to drop).  Reads in small pieces and stops
 * at the first one, so a large paste into a full field is drained in one
 * pass with no copy of it. */
static bool
has_text(const char *s, size_t len)
{
	struct buf b = BUF_INIT;
	bool found = false;

	for (size_t i = 0; i < len && !found;) {
		size_t n = len - i > 256 ? 256 : len - i;

		/* Tabs and '\r' become spaces and line ends. */
		found = memchr(s + i, '\t', n) || memchr(s + i, '\r', n);
		buf_reset(&b);
		utf8_sanitize(&b, s + i, n, false);
		found = found || b.len > 0;
		i += n;
	}
	buf_wipe(&b);
	return found;
}

int
editor_insert(struct editor *e, const char *s, size_t len)
{
	struct buf pre = BUF_INIT, clean = BUF_INIT;
	size_t n, add, room;
	int flags = 0;

	/* A full field keeps nothing more: a paste that goes on after the
	 * limit (one key at a time, as a terminal delivers it) costs a look
	 * at each key and nothing else. */
	if (e->limit && e->chars >= e->limit) {
		e->goal = SIZE_MAX;
		e->last_was_kill = false;
		return has_text(s, len) ? ED_FULL : 0;
	}
	/* Normalise line ends and tabs before the sanitiser drops them. */
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (c == '\r') {
			if (i + 1 < len && s[i + 1] == '\n')
				continue;
			c = '\n';
		}
		if (c == '\t')
			c = ' ';
		if (c == '\n' && !e->multiline)
			c = ' ';
		buf_addc(&pre, c);
	}
	utf8_sanitize(&clean, pre.data ? pre.data : "", pre.len, false);
	buf_wipe(&pre);
	n = clean.len;
	if (e->limit) {
		room = e->chars >= e->limit ? 0 : e->limit - e->chars;
		add = fit_chars(clean.data ? clean.data : "", n, room);
		if (add < n)
			flags |= ED_FULL;
	} else {
		add = n;
	}
	if (add > 0) {
		reserve(e, e->len + add);
		memmove(e->text + e->cursor + add, e->text + e->cursor,
		        e->len - e->cursor + 1);
		memcpy(e->text + e->cursor, clean.data, add);
		e->chars += sheet_chars(clean.data, add);
		e->len += add;
		e->cursor += add;
		changed(e);
		/* Marks typed in front of a lone mark join it: stay whole. */
		e->cursor = snap_fwd(e, e->cursor);
		/* Gluing can push the count over by a mark or two: trim. */
		while (e->limit && e->chars > e->limit) {
			size_t p = cl_prev(e, e->cursor);

			remove_range(e, p, e->cursor);
			flags |= ED_FULL;
		}
		flags |= ED_CHANGED | ED_MOVED;
	}
	buf_wipe(&clean);
	e->goal = SIZE_MAX;
	e->last_was_kill = false;
	return flags;
}

void
editor_set_text(struct editor *e, const char *s, size_t len)
{
	secret_wipe(e->text, e->cap);
	e->len = 0;
	e->cursor = 0;
	e->chars = 0;
	e->text[0] = '\0';
	changed(e);
	if (e->kill) {
		secret_wipe(e->kill, e->kill_len);
		free(e->kill);
		e->kill = NULL;
		e->kill_len = 0;
	}
	editor_insert(e, s, len);
	e->cursor = e->len;
	e->dirty = false;
	e->top = 0;
	e->last_was_kill = false;
}

const char *
editor_text(const struct editor *e, size_t *len)
{
	if (len)
		*len = e->len;
	return e->text;
}

size_t
editor_chars(const struct editor *e)
{
	return e->chars;
}

size_t
editor_limit(const struct editor *e)
{
	return e->limit;
}

bool
editor_dirty(const struct editor *e)
{
	return e->dirty;
}

void
editor_clean(struct editor *e)
{
	e->dirty = false;
}

size_t
editor_cursor(const struct editor *e)
{
	return e->cursor;
}

void
editor_set_cursor(struct editor *e, size_t off)
{
	e->cursor = snap_back(e, off > e->len ? e->len : off);
	e->goal = SIZE_MAX;
}

/* ---- Layout ---- */

static void
push_line(struct editor *e, size_t off, size_t end, size_t cols, bool hard)
{
	if (e->nlines == e->lines_cap) {
		e->lines_cap = e->lines_cap ? e->lines_cap * 2 : 16;
		e->lines = xreallocarray(e->lines, e->lines_cap,
		                         sizeof(*e->lines));
	}
	e->lines[e->nlines].off = off;
	e->lines[e->nlines].len = end - off;
	e->lines[e->nlines].cols = cols;
	e->lines[e->nlines].hard = hard;
	e->nlines++;
}

/* Columns of text[from..to), which holds whole characters. */
static size_t
span_cols(const struct editor *e, size_t from, size_t to)
{
	size_t w, cols = 0;

	while (from < to) {
		from = cl_next(e, from, &w);
		cols += w;
	}
	return cols;
}

static void
layout_hard_line(struct editor *e, size_t start, size_t end)
{
	size_t ls = start, col = 0, brk = 0, i = start, W = e->width;

	while (i < end) {
		size_t w, n = cl_next(e, i, &w);
		/* Only a bare space hangs; one with marks on it is shown. */
		bool space = e->text[i] == ' ' && n == i + 1;

		if (!space && i > ls && col + w > W) {
			size_t at = brk > ls ? brk : i;

			push_line(e, ls, at, span_cols(e, ls, at), false);
			ls = at;
			col = span_cols(e, ls, i);
			brk = 0;
			continue;
		}
		col += w;
		i = n;
		if (space)
			brk = i;
	}
	if (col >= W && end > ls) {
		/* Give the cursor at the end a column of its own. */
		push_line(e, ls, end, col, false);
		push_line(e, end, end, 0, true);
	} else {
		push_line(e, ls, end, col, true);
	}
}

static void
layout(struct editor *e)
{
	size_t pos = 0;

	if (e->laid_out)
		return;
	e->nlines = 0;
	for (;;) {
		size_t end = line_end(e, pos);

		layout_hard_line(e, pos, end);
		if (end >= e->len)
			break;
		pos = end + 1;
	}
	e->laid_out = true;
}

void
editor_set_width(struct editor *e, size_t width)
{
	if (width < 1)
		width = 1;
	if (width != e->width) {
		e->width = width;
		e->laid_out = false;
	}
}

size_t
editor_width(const struct editor *e)
{
	return e->width;
}

size_t
editor_nlines(struct editor *e)
{
	layout(e);
	return e->nlines;
}

void
editor_line(struct editor *e, size_t i, size_t *off, size_t *len, size_t *cols)
{
	layout(e);
	if (i >= e->nlines)
		i = e->nlines - 1;
	*off = e->lines[i].off;
	*len = e->lines[i].len;
	if (cols)
		*cols = e->lines[i].cols;
}

/* The visual line holding offset off (see editor.h for the tie rule). */
static size_t
row_of(struct editor *e, size_t off)
{
	size_t lo = 0, hi, i;

	layout(e);
	hi = e->nlines;
	/* The last line whose start is <= off... */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (e->lines[mid].off <= off)
			lo = mid;
		else
			hi = mid;
	}
	i = lo;
	/* ...but a soft line's end offset belongs to the next line, which
	 * starts there: that is the one found above.  A hard line owns its
	 * end, and the empty line after a full one starts there too. */
	return i;
}

void
editor_cursor_rc(struct editor *e, size_t *row, size_t *col)
{
	size_t r = row_of(e, e->cursor);

	*row = r;
	*col = span_cols(e, e->lines[r].off, e->cursor);
}

size_t
editor_scroll(struct editor *e, size_t height)
{
	size_t row, col, n = editor_nlines(e);

	if (height < 1)
		height = 1;
	editor_cursor_rc(e, &row, &col);
	if (row < e->top)
		e->top = row;
	else if (row >= e->top + height)
		e->top = row - height + 1;
	/* Do not leave empty space below when the text got shorter. */
	if (e->top + height > n)
		e->top = n > height ? n - height : 0;
	if (row < e->top)
		e->top = row;
	return e->top;
}

/* The offset on visual line r closest to column goal, not past it. */
static size_t
offset_at_col(struct editor *e, size_t r, size_t goal)
{
	const struct vline *l = &e->lines[r];
	size_t p = l->off, end = l->off + l->len, col = 0, best = l->off;

	while (p < end) {
		size_t w, n = cl_next(e, p, &w);

		if (col + w > goal)
			break;
		col += w;
		p = n;
		/* The end of a soft line is the next line's start. */
		if (p < end || l->hard)
			best = p;
	}
	return best;
}

/* ---- Operations ---- */

static size_t
word_right(const struct editor *e, size_t p)
{
	while (p < e->len && !is_word(cl_cp(e, p)))
		p = cl_next(e, p, NULL);
	while (p < e->len && is_word(cl_cp(e, p)))
		p = cl_next(e, p, NULL);
	return p;
}

static size_t
word_left(const struct editor *e, size_t p)
{
	size_t q;

	while (p > 0) {
		q = cl_prev(e, p);
		if (is_word(cl_cp(e, q)))
			break;
		p = q;
	}
	while (p > 0) {
		q = cl_prev(e, p);
		if (!is_word(cl_cp(e, q)))
			break;
		p = q;
	}
	return p;
}

/* C-w: back over whitespace, then over everything but whitespace. */
static size_t
space_word_left(const struct editor *e, size_t p)
{
	size_t q;

	while (p > 0) {
		q = cl_prev(e, p);
		if (!is_space(cl_cp(e, q)))
			break;
		p = q;
	}
	while (p > 0) {
		q = cl_prev(e, p);
		if (is_space(cl_cp(e, q)))
			break;
		p = q;
	}
	return p;
}

static int
move_to(struct editor *e, size_t p)
{
	if (p == e->cursor)
		return ED_EDGE;
	e->cursor = p;
	return ED_MOVED;
}

static int
vertical(struct editor *e, bool down)
{
	size_t row, col, n = editor_nlines(e);

	editor_cursor_rc(e, &row, &col);
	if (e->goal == SIZE_MAX)
		e->goal = col;
	if (down ? row + 1 >= n : row == 0)
		return ED_EDGE;
	row = down ? row + 1 : row - 1;
	e->cursor = offset_at_col(e, row, e->goal);
	return ED_MOVED;
}

static int
transpose(struct editor *e)
{
	size_t a, b, c;
	char *tmp;

	if (e->len == 0 || e->cursor == 0)
		return ED_EDGE;
	/* At the end of a line, swap the two characters before. */
	b = e->cursor;
	if (b >= e->len || e->text[b] == '\n')
		b = cl_prev(e, b);
	if (b == 0)
		return ED_EDGE;
	a = cl_prev(e, b);
	c = cl_next(e, b, NULL);
	if (e->text[a] == '\n' || e->text[b] == '\n')
		return ED_EDGE;
	tmp = xmalloc(c - a);
	memcpy(tmp, e->text + b, c - b);
	memcpy(tmp + (c - b), e->text + a, b - a);
	memcpy(e->text + a, tmp, c - a);
	secret_wipe(tmp, c - a);
	free(tmp);
	e->cursor = c;
	changed(e);
	/* Swapping can make a mark glue to a new base: keep whole. */
	e->cursor = snap_fwd(e, e->cursor);
	return ED_CHANGED | ED_MOVED;
}

int
editor_do(struct editor *e, enum editor_op op)
{
	int r = 0;
	size_t p;
	bool kill = false;
	bool keep_goal = op == ED_UP || op == ED_DOWN;

	switch (op) {
	case ED_LEFT:
		r = move_to(e, cl_prev(e, e->cursor));
		break;
	case ED_RIGHT:
		r = move_to(e, cl_next(e, e->cursor, NULL));
		break;
	case ED_WORD_LEFT:
		r = move_to(e, word_left(e, e->cursor));
		break;
	case ED_WORD_RIGHT:
		r = move_to(e, word_right(e, e->cursor));
		break;
	case ED_HOME:
		r = move_to(e, line_start(e, e->cursor));
		break;
	case ED_END:
		r = move_to(e, line_end(e, e->cursor));
		break;
	case ED_UP:
		r = vertical(e, false);
		break;
	case ED_DOWN:
		r = vertical(e, true);
		break;
	case ED_TOP:
		r = move_to(e, 0);
		break;
	case ED_BOTTOM:
		r = move_to(e, e->len);
		break;
	case ED_BACKSPACE:
		if (e->cursor == 0)
			return ED_EDGE;
		remove_range(e, cl_prev(e, e->cursor), e->cursor);
		r = ED_CHANGED | ED_MOVED;
		break;
	case ED_DELETE:
		if (e->cursor >= e->len)
			return ED_EDGE;
		remove_range(e, e->cursor, cl_next(e, e->cursor, NULL));
		r = ED_CHANGED;
		break;
	case ED_KILL_END:
		p = line_end(e, e->cursor);
		if (p == e->cursor && p < e->len)
			p++; /* at the end of a line: join the next */
		if (p == e->cursor)
			return ED_EDGE;
		kill_range(e, e->cursor, p, false);
		kill = true;
		r = ED_CHANGED;
		break;
	case ED_KILL_START:
		p = line_start(e, e->cursor);
		if (p == e->cursor)
			return ED_EDGE;
		kill_range(e, p, e->cursor, true);
		kill = true;
		r = ED_CHANGED | ED_MOVED;
		break;
	case ED_KILL_WORD_BACK:
	case ED_KILL_WORD_BACK_PUNCT:
		p = op == ED_KILL_WORD_BACK ? space_word_left(e, e->cursor)
		                            : word_left(e, e->cursor);
		if (p == e->cursor)
			return ED_EDGE;
		kill_range(e, p, e->cursor, true);
		kill = true;
		r = ED_CHANGED | ED_MOVED;
		break;
	case ED_KILL_WORD_FWD:
		p = word_right(e, e->cursor);
		if (p == e->cursor)
			return ED_EDGE;
		kill_range(e, e->cursor, p, false);
		kill = true;
		r = ED_CHANGED;
		break;
	case ED_YANK:
		if (!e->kill || e->kill_len == 0)
			return ED_EDGE;
		{
			/* Insert a copy: insertion may grow the buffer. */
			char *k = xstrndup(e->kill, e->kill_len);

			r = editor_insert(e, k, e->kill_len);
			secret_wipe(k, e->kill_len);
			free(k);
		}
		break;
	case ED_NEWLINE:
		if (!e->multiline)
			return ED_EDGE;
		r = editor_insert(e, "\n", 1);
		break;
	case ED_TRANSPOSE:
		r = transpose(e);
		break;
	case ED__COUNT:
		return ED_EDGE;
	}
	if (!keep_goal)
		e->goal = SIZE_MAX;
	e->last_was_kill = kill;
	return r;
}

int
editor_key_op(int ch, bool meta, enum editor_op *op)
{
	if (meta) {
		switch (ch) {
		case 'b':
		case 'B':
			*op = ED_WORD_LEFT;
			return 0;
		case 'f':
		case 'F':
			*op = ED_WORD_RIGHT;
			return 0;
		case 'd':
		case 'D':
			*op = ED_KILL_WORD_FWD;
			return 0;
		case 127:
		case 8:
			*op = ED_KILL_WORD_BACK_PUNCT;
			return 0;
		case '<':
			*op = ED_TOP;
			return 0;
		case '>':
			*op = ED_BOTTOM;
			return 0;
		default:
			return -1;
		}
	}
	switch (ch) {
	case 1: /* C-a */
		*op = ED_HOME;
		return 0;
	case 2: /* C-b */
		*op = ED_LEFT;
		return 0;
	case 4: /* C-d */
		*op = ED_DELETE;
		return 0;
	case 5: /* C-e */
		*op = ED_END;
		return 0;
	case 6: /* C-f */
		*op = ED_RIGHT;
		return 0;
	case 8: /* C-h */
	case 127: /* DEL, what most terminals send for Backspace */
		*op = ED_BACKSPACE;
		return 0;
	case 11: /* C-k */
		*op = ED_KILL_END;
		return 0;
	case 20: /* C-t */
		*op = ED_TRANSPOSE;
		return 0;
	case 21: /* C-u */
		*op = ED_KILL_START;
		return 0;
	case 23: /* C-w */
		*op = ED_KILL_WORD_BACK;
		return 0;
	case 25: /* C-y */
		*op = ED_YANK;
		return 0;
	default:
		return -1;
	}
}
