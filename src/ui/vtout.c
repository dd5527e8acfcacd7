/*
 * The frame writer's rewrite (ui/vtout.h).  Only the ANSI subset that
 * ncurses sends to an xterm-like terminal is understood; the rest is sent
 * as it is and makes the state it may touch unknown.
 */
#include "ui/vtout.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util/utf8.h"

enum { ATTR_BOLD = 1u << 1, ATTR_FAINT = 1u << 2 };

static void
sgr_plain(struct vtout_sgr *s)
{
	s->known = true;
	s->on = 0;
	s->fg[0] = s->bg[0] = '\0';
}

static bool
sgr_same(const struct vtout_sgr *a, const struct vtout_sgr *b)
{
	return a->on == b->on && strcmp(a->fg, b->fg) == 0 &&
	       strcmp(a->bg, b->bg) == 0;
}

/* One parameter of p[0..n) from *i: its value (empty is 0), or -1 when it
 * is not plain digits.  *i moves past the parameter and its ';'. */
static long
sgr_param(const char *p, size_t n, size_t *i)
{
	long v = 0;
	size_t k = *i;

	while (k < n && p[k] >= '0' && p[k] <= '9' && v < 100000)
		v = v * 10 + (p[k++] - '0');
	if (k < n && p[k] != ';')
		return -1; /* a colon form, a private marker, junk */
	*i = k + 1;
	return v;
}

/*
 * Applies the SGR parameters p[0..n) to s.  False when one is not
 * understood (s is then unusable): 6 and 21 mean different things on
 * different terminals, and a colour group may be cut.
 */
static bool
sgr_apply(struct vtout_sgr *s, const char *p, size_t n)
{
	size_t i = 0;

	if (n == 0) {
		sgr_plain(s);
		return true;
	}
	while (i <= n) {
		size_t at = i;
		long v = sgr_param(p, n, &i);

		if (v < 0)
			return false;
		if (v == 0) {
			sgr_plain(s);
		} else if (v >= 1 && v <= 9 && v != 6) {
			s->on |= 1u << v;
		} else if (v == 22) {
			s->on &= ~(ATTR_BOLD | ATTR_FAINT);
		} else if (v >= 23 && v <= 29 && v != 26) {
			s->on &= ~(1u << (v - 20));
		} else if ((v >= 30 && v <= 37) || (v >= 90 && v <= 97) ||
		           (v >= 40 && v <= 47) || (v >= 100 && v <= 107)) {
			bool bg = (v >= 40 && v <= 47) || v >= 100;

			snprintf(bg ? s->bg : s->fg, sizeof(s->fg), "%ld", v);
		} else if (v == 39 || v == 49) {
			(v == 39 ? s->fg : s->bg)[0] = '\0';
		} else if (v == 38 || v == 48) {
			/* 38;5;N or 38;2;R;G;B, kept as written. */
			char *c = v == 38 ? s->fg : s->bg;
			long kind = i <= n ? sgr_param(p, n, &i) : -1;
			int more = kind == 5 ? 1 : kind == 2 ? 3 : -1;

			if (more < 0)
				return false;
			while (more-- > 0)
				if (i > n || sgr_param(p, n, &i) < 0)
					return false;
			if (i - 1 - at >= sizeof(s->fg) || i - 1 > n)
				return false;
			memcpy(c, p + at, i - 1 - at);
			c[i - 1 - at] = '\0';
		} else {
			return false;
		}
	}
	return true;
}

static void
sgr_code(struct buf *b, const char *code)
{
	if (b->len > 2)
		buf_addc(b, ';');
	buf_adds(b, code);
}

/* "\E[" + the reset and everything of to + "m"; "\E[m" for plain. */
static void
sgr_full(struct buf *b, const struct vtout_sgr *to)
{
	char num[4];

	buf_adds(b, "\033[");
	if (to->on || to->fg[0] || to->bg[0])
		buf_addc(b, '0');
	for (int a = 1; a <= 9; a++)
		if (to->on & (1u << a)) {
			snprintf(num, sizeof(num), "%d", a);
			sgr_code(b, num);
		}
	if (to->fg[0])
		sgr_code(b, to->fg);
	if (to->bg[0])
		sgr_code(b, to->bg);
	buf_addc(b, 'm');
}

/* The change alone from `from` to `to`. */
static void
sgr_change(struct buf *b, const struct vtout_sgr *from,
           const struct vtout_sgr *to)
{
	unsigned off = from->on & ~to->on, on = to->on & ~from->on;
	char num[4];

	buf_adds(b, "\033[");
	if (off & (ATTR_BOLD | ATTR_FAINT)) {
		sgr_code(b, "22");
		/* 22 ends both bold and faint: put back the one kept. */
		on |= to->on & (ATTR_BOLD | ATTR_FAINT);
	}
	for (int a = 3; a <= 9; a++)
		if (off & (1u << a)) {
			snprintf(num, sizeof(num), "%d", 20 + a);
			sgr_code(b, num);
		}
	for (int a = 1; a <= 9; a++)
		if (on & (1u << a)) {
			snprintf(num, sizeof(num), "%d", a);
			sgr_code(b, num);
		}
	if (strcmp(from->fg, to->fg) != 0)
		sgr_code(b, to->fg[0] ? to->fg : "39");
	if (strcmp(from->bg, to->bg) != 0)
		sgr_code(b, to->bg[0] ? to->bg : "49");
	buf_addc(b, 'm');
}

/* Sends the wanted rendition, if it is owed. */
static void
sgr_flush(struct vtout *vt, struct buf *out)
{
	struct buf full = BUF_INIT, change = BUF_INIT;

	if (!vt->pending)
		return;
	sgr_full(&full, &vt->want);
	if (vt->has.known) {
		sgr_change(&change, &vt->has, &vt->want);
		if (change.len < full.len) {
			buf_add(out, change.data, change.len);
			goto out;
		}
	}
	buf_add(out, full.data, full.len);
out:
	buf_free(&full);
	buf_free(&change);
	vt->has = vt->want;
	vt->pending = false;
}

/* An SGR sequence seq[0..len) with parameters p[0..n). */
static void
sgr_rewrite(struct vtout *vt, const char *p, size_t n, const char *seq,
            size_t len, struct buf *out)
{
	struct vtout_sgr next = vt->pending ? vt->want : vt->has;
	size_t at = 0;
	bool resets = sgr_param(p, n, &at) == 0; /* "", "0", "0;1", ";1" */

	if (!next.known && resets)
		sgr_plain(&next);
	if (!next.known || !sgr_apply(&next, p, n)) {
		sgr_flush(vt, out);
		buf_add(out, seq, len);
		vt->has.known = false;
		return;
	}
	vt->want = next;
	vt->pending = !vt->has.known || !sgr_same(&vt->has, &vt->want);
}

/* Nothing is known any more about the cursor. */
static void
forget_cursor(struct vtout *vt)
{
	vt->row = vt->col = -1;
	vt->wrap_fix = false;
}

/*
 * The corner was written without the autowrap switch, so the terminal
 * has the wrap pending where curses believes the cursor stands on the
 * last column: an absolute move makes them agree, before anything that
 * depends on the cursor's column.
 */
static void
settle_cursor(struct vtout *vt, struct buf *out)
{
	if (!vt->wrap_fix)
		return;
	buf_printf(out, "\033[%d;%dH", vt->row + 1, vt->col + 1);
	vt->wrap_fix = false;
}

/* Bytes "\E[NC" takes for N columns. */
static size_t
cuf_len(int n)
{
	return n <= 1 ? 3 : n < 10 ? 4 : n < 100 ? 5 : 6;
}

/*
 * A move to (row, col) sent as relative motions, when they take fewer
 * than `len` bytes (the absolute move's): a carriage return, line feeds
 * (from the first column only, so a terminal that adds a return to each
 * line feed does the same; never past the scroll region's bottom, so none
 * scrolls), backspaces or "\E[NC" to the right.  True when it was.
 */
static bool
move_short(struct vtout *vt, int row, int col, size_t len, struct buf *out)
{
	int k = row - vt->row, from = vt->col, back = 0;
	bool cr = false;
	size_t cost;

	if (vt->row < 0 || vt->col < 0 || vt->bot < 0 || vt->wrap_fix ||
	    row < 0 || col < 0 || col >= vt->ncols || k < 0 ||
	    (k > 0 && row > vt->bot))
		return false;
	if (k > 0 && from != 0) {
		cr = true;
		from = 0;
	}
	if (col < from) {
		if (col == 0 || from - col > 2) {
			cr = true;
			from = 0;
		} else {
			back = from - col;
			from = col;
		}
	}
	cost = (size_t)cr + (size_t)k + (size_t)back +
	       (col > from ? cuf_len(col - from) : 0);
	if (cost >= len)
		return false;
	if (cr)
		buf_addc(out, '\r');
	buf_addrep(out, '\n', (size_t)k);
	buf_addrep(out, '\b', (size_t)back);
	if (col - from == 1)
		buf_adds(out, "\033[C");
	else if (col > from)
		buf_printf(out, "\033[%dC", col - from);
	vt->row = row;
	vt->col = col;
	return true;
}

/* Parses "N;M" CSI parameters; 0 when absent (the caller picks the
 * default). */
static void
csi_params(const char *p, size_t n, int *a, int *b, bool *two)
{
	size_t i = 0;

	*a = *b = 0;
	*two = false;
	while (i < n && p[i] >= '0' && p[i] <= '9' && *a < 100000)
		*a = *a * 10 + (p[i++] - '0');
	if (i < n && p[i] == ';') {
		*two = true;
		i++;
		while (i < n && p[i] >= '0' && p[i] <= '9' && *b < 100000)
			*b = *b * 10 + (p[i++] - '0');
	}
}

static int
clampi(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* A private mode ("\E[?...h" or "l") at in[i..j]; true when it was
 * consumed (the bottom-right corner). */
static bool
csi_private(struct vtout *vt, const char *in, size_t n, size_t i, size_t j,
            size_t *next, struct buf *out)
{
	const char *p = in + i + 3; /* after "\E[?" */
	size_t pn = j - (i + 3);

	/* "\E[?7l" X "\E[?7h" at the bottom-right cell: X alone. */
	if (in[j] == 'l' && pn == 1 && p[0] == '7' &&
	    vt->row == vt->nrows - 1 && vt->col == vt->ncols - 1 &&
	    vt->bot >= 0 && !vt->wrap_fix && j + 1 < n &&
	    (unsigned char)in[j + 1] >= 0x20 && in[j + 1] != 0x7f) {
		uint32_t cp;
		size_t k = utf8_decode(in + j + 1, n - j - 1, &cp);

		if (utf8_cpwidth(cp) == 1 && n - (j + 1 + k) >= 5 &&
		    memcmp(in + j + 1 + k, "\033[?7h", 5) == 0) {
			sgr_flush(vt, out);
			buf_add(out, in + j + 1, k);
			vt->wrap_fix = true; /* curses: still on the corner */
			*next = j + 1 + k + 5;
			return true;
		}
	}
	/* The alternate screen and the saved cursor: where the cursor goes,
	 * and (xterm's restore) the rendition, are not followed. */
	if ((pn == 4 &&
	     (memcmp(p, "1049", 4) == 0 || memcmp(p, "1047", 4) == 0 ||
	      memcmp(p, "1048", 4) == 0)) ||
	    (pn == 2 && memcmp(p, "47", 2) == 0)) {
		sgr_flush(vt, out);
		settle_cursor(vt, out);
		buf_add(out, in + i, j + 1 - i);
		forget_cursor(vt);
		if (in[j] == 'l')
			vt->has.known = false;
		*next = j + 1;
		return true;
	}
	return false;
}

/* One CSI sequence in[i..j] (j: the final byte); *next past what was
 * consumed. */
static void
csi(struct vtout *vt, const char *in, size_t n, size_t i, size_t j,
    size_t *next, struct buf *out)
{
	const char *p = in + i + 2;
	size_t pn = j - (i + 2);
	size_t len = j + 1 - i;
	int a, b;
	bool two;

	*next = j + 1;
	for (size_t k = 0; k < pn; k++)
		if ((unsigned char)p[k] < 0x30) {
			/* An intermediate byte ("\E[!p" resets the rendition
			 * and the region, "\E[2 q" nothing): all unknown. */
			sgr_flush(vt, out);
			settle_cursor(vt, out);
			buf_add(out, in + i, len);
			forget_cursor(vt);
			vt->has.known = false;
			vt->bot = -1;
			return;
		}
	if (pn > 0 && p[0] >= '<') {
		/* Private ("\E[?25l", "\E[>4;1m"...): no motion, no
		 * rendition, except the cases csi_private handles. */
		if (p[0] == '?' && (in[j] == 'h' || in[j] == 'l') &&
		    csi_private(vt, in, n, i, j, next, out))
			return;
		buf_add(out, in + i, len);
		return;
	}
	for (size_t k = 0; k < pn; k++)
		if (p[k] >= '<') { /* a private marker inside: unknown */
			sgr_flush(vt, out);
			settle_cursor(vt, out);
			buf_add(out, in + i, len);
			forget_cursor(vt);
			return;
		}
	if (in[j] == 'm') {
		sgr_rewrite(vt, p, pn, in + i, len, out);
		return;
	}
	csi_params(p, pn, &a, &b, &two);
	switch (in[j]) {
	case 'H':
	case 'f':
		a = a ? a : 1;
		b = b ? b : 1;
		if (move_short(vt, a - 1, b - 1, len, out))
			return; /* (never with the wrap pending) */
		buf_add(out, in + i, len);
		vt->wrap_fix = false;
		vt->row = clampi(a - 1, 0, vt->nrows - 1);
		vt->col = clampi(b - 1, 0, vt->ncols - 1);
		return;
	case 'd':
		a = a ? a : 1;
		settle_cursor(vt, out);
		if (vt->col >= 0 && move_short(vt, a - 1, vt->col, len, out))
			return;
		buf_add(out, in + i, len);
		vt->row = clampi(a - 1, 0, vt->nrows - 1);
		return;
	case 'G':
	case '`':
		a = a ? a : 1;
		settle_cursor(vt, out);
		if (vt->row >= 0 && move_short(vt, vt->row, a - 1, len, out))
			return;
		buf_add(out, in + i, len);
		vt->col = clampi(a - 1, 0, vt->ncols - 1);
		return;
	case 'A':
	case 'B':
	case 'C':
	case 'D':
		a = a ? a : 1;
		settle_cursor(vt, out);
		buf_add(out, in + i, len);
		if (in[j] == 'A' && vt->row >= 0)
			vt->row = clampi(vt->row - a,
			                 vt->bot >= 0 && vt->row >= vt->top
			                         ? vt->top
			                         : 0,
			                 vt->nrows - 1);
		else if (in[j] == 'B' && vt->row >= 0 && vt->bot >= 0)
			vt->row = clampi(vt->row + a, 0,
			                 vt->row <= vt->bot ? vt->bot
			                                    : vt->nrows - 1);
		else if (in[j] == 'B')
			vt->row = -1;
		else if (in[j] == 'C' && vt->col >= 0)
			vt->col = clampi(vt->col + a, 0, vt->ncols - 1);
		else if (in[j] == 'D' && vt->col >= 0)
			vt->col = clampi(vt->col - a, 0, vt->ncols - 1);
		return;
	case 'r':
		/* The region; the cursor goes home. */
		settle_cursor(vt, out);
		if (two && a <= 1 && b == vt->nrows)
			buf_adds(out, "\033[r"); /* the whole screen */
		else
			buf_add(out, in + i, len);
		vt->top = a ? a - 1 : 0;
		vt->bot = two && b ? b - 1 : vt->nrows - 1;
		if (vt->top >= vt->bot || vt->bot >= vt->nrows) {
			/* refused, or a size not followed */
			vt->bot = -1;
			forget_cursor(vt);
			return;
		}
		vt->row = vt->col = 0;
		return;
	case 't':
		/* xterm's smcup/rmcup push and pop the title (22 and 23):
		 * tend never sets it. */
		if (pn == 6 && (memcmp(p, "22;0;0", 6) == 0 ||
		                memcmp(p, "23;0;0", 6) == 0))
			return;
		buf_add(out, in + i, len);
		return;
	case 'J':
		sgr_flush(vt, out);
		settle_cursor(vt, out);
		if (a == 2 && !two && vt->row == 0 && vt->col == 0)
			buf_adds(out, "\033[J"); /* from home: all of it */
		else
			buf_add(out, in + i, len);
		return;
	case 'h':
	case 'l':
		buf_add(out, in + i, len); /* modes (insert, ...) */
		return;
	case 'K':
	case 'X':
	case 'P':
	case '@':
	case 'S':
	case 'T':
		/* Erase, delete, insert, scroll: they fill with the
		 * background and do not move the cursor. */
		sgr_flush(vt, out);
		settle_cursor(vt, out);
		buf_add(out, in + i, len);
		return;
	default:
		sgr_flush(vt, out);
		settle_cursor(vt, out);
		buf_add(out, in + i, len);
		forget_cursor(vt);
		return;
	}
}

void
vtout_rewrite(struct vtout *vt, const char *in, size_t n, struct buf *out)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = (unsigned char)in[i];

		if (c == 0x1b && i + 1 < n && in[i + 1] == '[') {
			size_t j = i + 2;

			while (j < n && ((unsigned char)in[j] < 0x40 ||
			                 (unsigned char)in[j] > 0x7e))
				j++;
			if (j >= n) { /* cut sequence: send, forget */
				sgr_flush(vt, out);
				settle_cursor(vt, out);
				buf_add(out, in + i, n - i);
				forget_cursor(vt);
				vt->has.known = false;
				return;
			}
			csi(vt, in, n, i, j, &i, out);
			continue;
		}
		if (c == 0x1b) {
			/* Charset designation (ESC ( B) and keypad modes do
			 * not move; anything else may. */
			if (i + 2 < n && in[i + 1] == '(') {
				/* sgr0 and sgr re-select ASCII for G0 every
				 * time; say it only when it changes. */
				if (in[i + 2] != 'B' || vt->g0 != 'B')
					buf_add(out, in + i, 3);
				vt->g0 = in[i + 2];
				i += 3;
				continue;
			}
			if (i + 2 < n && in[i + 1] == ')') {
				buf_add(out, in + i, 3);
				i += 3;
				continue;
			}
			if (i + 1 < n &&
			    (in[i + 1] == '=' || in[i + 1] == '>')) {
				buf_add(out, in + i, 2);
				i += 2;
				continue;
			}
			sgr_flush(vt, out);
			settle_cursor(vt, out);
			forget_cursor(vt);
			if (i + 1 < n &&
			    (in[i + 1] == 'M' || in[i + 1] == 'D' ||
			     in[i + 1] == 'E' || in[i + 1] == '7')) {
				/* Index, reverse index (scrolling), next line,
				 * save: the cursor moves (or not), no more. */
				buf_add(out, in + i, 2);
				i += 2;
				continue;
			}
			/* ESC c (reset), ESC 8 (restore)...: everything may
			 * have changed. */
			vt->g0 = 0;
			vt->has.known = false;
			vt->bot = -1;
			buf_addc(out, (char)c);
			i++;
			continue;
		}
		if (c == '\r') {
			vt->wrap_fix = false;
			vt->col = 0;
		} else if (c == '\n') {
			bool scrolls = vt->row < 0 || vt->bot < 0 ||
			               vt->row == vt->bot ||
			               vt->row >= vt->nrows - 1;

			settle_cursor(vt, out);
			if (scrolls) {
				sgr_flush(vt, out); /* the new row's colour */
				vt->row = -1;
			} else {
				vt->row++;
			}
			if (vt->col != 0)
				vt->col = -1; /* a return may come with it */
		} else if (c == '\b') {
			settle_cursor(vt, out);
			if (vt->col > 0)
				vt->col--;
		} else if (c == 0x07) {
			/* the bell: nothing moves */
		} else if (c < 0x20 || c == 0x7f) {
			sgr_flush(vt, out);
			settle_cursor(vt, out);
			forget_cursor(vt);
		} else {
			uint32_t cp;
			size_t k = utf8_decode(in + i, n - i, &cp);

			settle_cursor(vt, out);
			sgr_flush(vt, out);
			buf_add(out, in + i, k);
			i += k;
			/* Near the last column a wrap may be pending: the
			 * row is no longer certain. */
			if (vt->col >= 0)
				vt->col += utf8_cpwidth(cp);
			if (vt->col < 0 || vt->col >= vt->ncols)
				forget_cursor(vt);
			continue;
		}
		buf_addc(out, (char)c);
		i++;
	}
}

void
vtout_settle(struct vtout *vt, struct buf *out)
{
	sgr_flush(vt, out);
}

void
vtout_init(struct vtout *vt, int nrows, int ncols)
{
	memset(vt, 0, sizeof(*vt));
	vt->nrows = nrows;
	vt->ncols = ncols;
	vt->row = vt->col = vt->bot = -1;
}

void
vtout_resize(struct vtout *vt, int nrows, int ncols)
{
	vt->nrows = nrows;
	vt->ncols = ncols;
	forget_cursor(vt);
	vt->bot = -1;
	vt->g0 = 0;
}
