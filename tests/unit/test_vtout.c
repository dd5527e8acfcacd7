/*
 * ui/vtout: the frame writer's rewrite shows the same screen in fewer
 * bytes.  A small terminal of its own (xterm's rules for what curses
 * sends: deferred wrap, scroll region, background-colour erase) plays
 * curses' output and the rewrite of it; the cells (character, rendition,
 * character set) and the cursor must come out the same.  Checked on a
 * frame shaped like the lesson reader's first screen, on the same bytes
 * cut into pieces, on the bottom-right corner, and on 20,000 random
 * streams of what curses writes.  The counts pin the savings: one SGR
 * sequence per change of rendition between runs of text, one clear.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ui/vtout.h"
#include "util/buf.h"
#include "util/utf8.h"

/* ---- a small xterm ---- */

#define ROWS 8
#define COLS 20

struct rend {
	unsigned on;
	char fg[20], bg[20];
};

struct cell {
	uint32_t cp;
	struct rend r;
	char g0;
};

struct term {
	struct cell c[ROWS][COLS];
	int row, col, top, bot;
	bool wrap, am;
	char g0;
	struct rend r;
};

static void
t_init(struct term *t)
{
	memset(t, 0, sizeof(*t));
	for (int y = 0; y < ROWS; y++)
		for (int x = 0; x < COLS; x++) {
			t->c[y][x].cp = ' ';
			t->c[y][x].g0 = 'B';
		}
	t->bot = ROWS - 1;
	t->am = true;
	t->g0 = 'B';
}

static void
t_blank(struct term *t, int y, int x)
{
	t->c[y][x].cp = ' ';
	memset(&t->c[y][x].r, 0, sizeof(struct rend));
	strcpy(t->c[y][x].r.bg, t->r.bg); /* background-colour erase */
	t->c[y][x].g0 = 'B';
}

static void
t_scroll_up(struct term *t)
{
	for (int y = t->top; y < t->bot; y++)
		memcpy(t->c[y], t->c[y + 1], sizeof(t->c[y]));
	for (int x = 0; x < COLS; x++)
		t_blank(t, t->bot, x);
}

static void
t_scroll_down(struct term *t)
{
	for (int y = t->bot; y > t->top; y--)
		memcpy(t->c[y], t->c[y - 1], sizeof(t->c[y]));
	for (int x = 0; x < COLS; x++)
		t_blank(t, t->top, x);
}

static void
t_lf(struct term *t)
{
	t->wrap = false;
	if (t->row == t->bot)
		t_scroll_up(t);
	else if (t->row < ROWS - 1)
		t->row++;
}

static int
clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static void
t_sgr(struct term *t, const char *p, size_t n)
{
	int v[32], k = 0;
	size_t i = 0;

	while (i <= n && k < 32) {
		int x = 0;

		while (i < n && p[i] >= '0' && p[i] <= '9')
			x = x * 10 + (p[i++] - '0');
		v[k++] = x;
		i++;
	}
	for (int j = 0; j < k; j++) {
		int a = v[j];

		if (a == 0)
			memset(&t->r, 0, sizeof(t->r));
		else if (a >= 1 && a <= 9)
			t->r.on |= 1u << a;
		else if (a == 22)
			t->r.on &= ~(6u);
		else if (a >= 23 && a <= 29)
			t->r.on &= ~(1u << (a - 20));
		else if ((a >= 30 && a <= 37) || (a >= 90 && a <= 97))
			snprintf(t->r.fg, sizeof(t->r.fg), "c%d", a);
		else if ((a >= 40 && a <= 47) || (a >= 100 && a <= 107))
			snprintf(t->r.bg, sizeof(t->r.bg), "c%d", a - 10);
		else if (a == 39)
			t->r.fg[0] = '\0';
		else if (a == 49)
			t->r.bg[0] = '\0';
		else if ((a == 38 || a == 48) && j + 2 < k && v[j + 1] == 5) {
			snprintf(a == 38 ? t->r.fg : t->r.bg, sizeof(t->r.fg),
			         "i%d", v[j + 2]);
			j += 2;
		} else
			fail_msg("unexpected SGR %d", a);
	}
}

static void
t_csi(struct term *t, const char *p, size_t n, char f)
{
	int a = 0, b = 0;
	size_t i = 0;
	bool priv = n > 0 && p[0] == '?';

	if (priv) {
		if ((f == 'h' || f == 'l') && n == 2 && p[1] == '7')
			t->am = f == 'h';
		return; /* other modes: nothing on the screen */
	}
	if (f == 'm') {
		t_sgr(t, p, n);
		return;
	}
	while (i < n && p[i] >= '0' && p[i] <= '9')
		a = a * 10 + (p[i++] - '0');
	if (i < n && p[i] == ';')
		for (i++; i < n && p[i] >= '0' && p[i] <= '9'; i++)
			b = b * 10 + (p[i] - '0');
	switch (f) {
	case 'H':
		t->row = clamp((a ? a : 1) - 1, 0, ROWS - 1);
		t->col = clamp((b ? b : 1) - 1, 0, COLS - 1);
		t->wrap = false;
		break;
	case 'd':
		t->row = clamp((a ? a : 1) - 1, 0, ROWS - 1);
		t->wrap = false;
		break;
	case 'G':
		t->col = clamp((a ? a : 1) - 1, 0, COLS - 1);
		t->wrap = false;
		break;
	case 'A':
		t->row = clamp(t->row - (a ? a : 1),
		               t->row >= t->top ? t->top : 0, ROWS - 1);
		t->wrap = false;
		break;
	case 'B':
		t->row = clamp(t->row + (a ? a : 1), 0,
		               t->row <= t->bot ? t->bot : ROWS - 1);
		t->wrap = false;
		break;
	case 'C':
		t->col = clamp(t->col + (a ? a : 1), 0, COLS - 1);
		t->wrap = false;
		break;
	case 'D':
		t->col = clamp(t->col - (a ? a : 1), 0, COLS - 1);
		t->wrap = false;
		break;
	case 'J':
		for (int y = 0; y < ROWS; y++)
			for (int x = 0; x < COLS; x++)
				if (a == 2 || y > t->row ||
				    (y == t->row && x >= t->col))
					t_blank(t, y, x);
		break;
	case 'K':
		for (int x = t->col; x < COLS; x++)
			t_blank(t, t->row, x);
		break;
	case 'r':
		a = a ? a : 1;
		b = b ? b : ROWS;
		if (a < b && b <= ROWS) {
			t->top = a - 1;
			t->bot = b - 1;
			t->row = t->col = 0;
			t->wrap = false;
		}
		break;
	case 'h':
	case 'l':
	case 't':
		break;
	default:
		fail_msg("unexpected CSI %c", f);
	}
}

static void
t_play(struct term *t, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		if (c == 0x1b && i + 1 < n && s[i + 1] == '[') {
			size_t j = i + 2;

			while (j < n && (s[j] < 0x40 || s[j] > 0x7e))
				j++;
			assert_true(j < n);
			t_csi(t, s + i + 2, j - i - 2, s[j]);
			i = j + 1;
		} else if (c == 0x1b) {
			assert_true(i + 1 < n);
			if (s[i + 1] == '(') {
				t->g0 = s[i + 2];
				i += 3;
			} else if (s[i + 1] == 'M') {
				if (t->row == t->top)
					t_scroll_down(t);
				else if (t->row > 0)
					t->row--;
				t->wrap = false;
				i += 2;
			} else {
				i += 2; /* ESC = and ESC >: keypad */
			}
		} else if (c == '\r') {
			t->col = 0;
			t->wrap = false;
			i++;
		} else if (c == '\n') {
			t_lf(t);
			i++;
		} else if (c == '\b') {
			if (t->col > 0 && !t->wrap)
				t->col--;
			t->wrap = false;
			i++;
		} else {
			uint32_t cp;
			size_t k = utf8_decode(s + i, n - i, &cp);

			if (t->wrap && t->am) {
				t->col = 0;
				t_lf(t);
			}
			t->c[t->row][t->col].cp = cp;
			t->c[t->row][t->col].r = t->r;
			t->c[t->row][t->col].g0 = t->g0;
			if (t->col == COLS - 1)
				t->wrap = t->am;
			else
				t->col++;
			i += k;
		}
	}
}

/* The screens and cursors are the same; on a difference, says where. */
static void
same_screen(const struct term *a, const struct term *b, const char *what)
{
	for (int y = 0; y < ROWS; y++)
		for (int x = 0; x < COLS; x++) {
			const struct cell *p = &a->c[y][x], *q = &b->c[y][x];

			if (p->cp != q->cp || p->g0 != q->g0 ||
			    p->r.on != q->r.on || strcmp(p->r.fg, q->r.fg) ||
			    strcmp(p->r.bg, q->r.bg))
				fail_msg(
				        "%s: cell %d,%d differs ('%c' %x %s/%s "
				        "against '%c' %x %s/%s)",
				        what, y, x, (int)p->cp, p->r.on,
				        p->r.fg, p->r.bg, (int)q->cp, q->r.on,
				        q->r.fg, q->r.bg);
		}
	if (a->row != b->row || a->col != b->col)
		fail_msg("%s: cursor %d,%d against %d,%d", what, a->row, a->col,
		         b->row, b->col);
}

/* SGR sequences ("\E[...m") in s. */
static int
count_sgr(const char *s, size_t n)
{
	int k = 0;

	for (size_t i = 0; i + 1 < n; i++)
		if (s[i] == 0x1b && s[i + 1] == '[') {
			size_t j = i + 2;

			while (j < n && (s[j] < 0x40 || s[j] > 0x7e))
				j++;
			k += j < n && s[j] == 'm';
			i = j;
		}
	return k;
}

static int
count_str(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	int c = 0;

	for (size_t i = 0; i + k <= n; i++)
		c += memcmp(s + i, needle, k) == 0;
	return c;
}

/* Plays the original and its rewrite (in chunks of `cut` bytes, 0: at
 * once) on two terminals and compares them. */
static void
check_same(const char *in, size_t n, size_t cut, struct buf *out,
           const char *what)
{
	struct term a, b;
	struct vtout vt;

	vtout_init(&vt, ROWS, COLS);
	buf_reset(out);
	for (size_t i = 0; i < n;) {
		size_t k = cut && n - i > cut ? cut : n - i;

		vtout_rewrite(&vt, in + i, k, out);
		i += k;
	}
	vtout_settle(&vt, out);
	t_init(&a);
	t_init(&b);
	t_play(&a, in, n);
	t_play(&b, out->data, out->len);
	same_screen(&a, &b, what);
}

/* What curses sends for a first screen: smcup, its resets, keypad, the
 * cursor hidden, the colours reset twice, the mouse, the clear, then a
 * bold title, its rule, text, and a reverse status line ending at the
 * bottom-right cell. */
static const char first[] =
        "\033[?1049h\033[22;0;0t\033[1;8r\033(B\033[m\033[4l\033[?7h"
        "\033[?1h\033=\033[?1034h\033[?25l\033[39;49m\033[?1006;1000h"
        "\033[39;49m\033[m\033[H\033[2J"
        " \033(B\033[0;1mTitle\033[2;2H\xe2\x95\x90\xe2\x95\x90\xe2\x95"
        "\x90\033[4;2H\033(B\033[mSome text here.\r\033[6d More text."
        "\033[7;2H\033(B\033[0;4munder\033(B\033[m plain \033(B\033[0;1;"
        "7mboth\033(B\033[m\r\n"
        "\033(B\033[0;7m status" /* 7 */ "            " /* 12: col 19 */
        "\033[?7l \033[?7h\033(B\033[m";

static void
test_first_screen(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	check_same(first, sizeof(first) - 1, 0, &out, "first screen");
	assert_true(out.len < sizeof(first) - 1);
	/* One SGR per change between runs of text: the reset from the
	 * unknown rendition, bold title, plain, underline, plain, bold
	 * reverse, reverse, and the plain that is owed only when leaving
	 * (vtout_settle). */
	assert_int_equal(count_sgr(out.data, out.len), 8);
	/* One clear, no title push, no eighth-bit meta mode here either
	 * (the rewrite keeps smm; term.c no longer asks for it). */
	assert_int_equal(count_str(out.data, out.len, "\033[J") +
	                         count_str(out.data, out.len, "\033[2J"),
	                 1);
	assert_int_equal(count_str(out.data, out.len, "\033[22;0;0t"), 0);
	assert_int_equal(count_str(out.data, out.len, "\033[39;49m"), 0);
	assert_int_equal(count_str(out.data, out.len, "\033[?7l"), 0);
	assert_int_equal(count_str(out.data, out.len, "\033(B"), 1);
	buf_free(&out);
}

static void
test_cut_anywhere(void **state)
{
	struct buf out = BUF_INIT;
	char what[32];

	(void)state;
	for (size_t cut = 1; cut < 40; cut++) {
		snprintf(what, sizeof(what), "chunks of %zu", cut);
		check_same(first, sizeof(first) - 1, cut, &out, what);
	}
	buf_free(&out);
}

/* After the corner curses believes the cursor is on the last column; the
 * terminal has the wrap pending.  The next frame writes there without a
 * move: the rewrite puts the cursor back first, nothing scrolls. */
static void
test_corner_then_write(void **state)
{
	static const char s[] = "\033[r\033[H\033[2J\033[2;1Hrow two"
	                        "\033[8;20H\033[?7lX\033[?7h\033(B\033[m"
	                        "\033[?7lY\033[?7h\bZ\r\033[Aup";
	struct buf out = BUF_INIT;

	(void)state;
	check_same(s, sizeof(s) - 1, 0, &out, "corner");
	check_same(s, sizeof(s) - 1, 3, &out, "corner, cut");
	buf_free(&out);
}

/* What the rewrite does not understand is sent as it is and makes what
 * it may touch unknown: after a soft reset ("\E[!p") the bold is asked
 * for again, and after ESC 8 (restore) the next move is absolute. */
static void
test_unknown_forgets(void **state)
{
	static const char s1[] = "\033[r\033(B\033[0;1mA\033[!p\033[0;1mB";
	static const char s2[] = "\033[r\033[3;5Hx\0338\033[4;1Hy";
	struct buf out = BUF_INIT;
	struct vtout vt;
	const char *at;

	(void)state;
	vtout_init(&vt, ROWS, COLS);
	vtout_rewrite(&vt, s1, sizeof(s1) - 1, &out);
	buf_addc(&out, '\0');
	at = strstr(out.data, "\033[!p");
	assert_non_null(at);
	assert_non_null(strstr(at, "1mB"));
	buf_reset(&out);
	vtout_init(&vt, ROWS, COLS);
	vtout_rewrite(&vt, s2, sizeof(s2) - 1, &out);
	buf_addc(&out, '\0');
	at = strstr(out.data, "\0338");
	assert_non_null(at);
	assert_non_null(strstr(at, "\033[4;1Hy"));
	buf_free(&out);
}

/* ---- random streams of what curses writes ---- */

static unsigned rng = 12345;

static unsigned
rnd(unsigned n)
{
	rng = rng * 1103515245u + 12345u;
	return (rng >> 16) % n;
}

static void
random_sgr(struct buf *b)
{
	static const char *const parts[] = {
	        "1",  "2",  "3",  "4",  "5",  "7",  "8",        "22",     "23",
	        "24", "27", "31", "39", "42", "49", "38;5;100", "48;5;7", "97"};
	int k = (int)rnd(4);

	buf_adds(b, "\033(B\033[");
	if (rnd(2))
		buf_addc(b, '0');
	for (int i = 0; i < k; i++) {
		if (i > 0 || b->data[b->len - 1] == '0')
			buf_addc(b, ';');
		buf_adds(b, parts[rnd(sizeof(parts) / sizeof(parts[0]))]);
	}
	buf_addc(b, 'm');
}

static void
random_stream(struct buf *b, int steps)
{
	static const char *const words[] = {"a",
	                                    "word",
	                                    " ",
	                                    "  ",
	                                    "xyz",
	                                    "\xc3\xa9t\xc3\xa9",
	                                    "\xe2\x94\x80\xe2\x94\x80"};

	buf_reset(b);
	buf_adds(b, "\033[r\033(B\033[m\033[H\033[2J");
	for (int i = 0; i < steps; i++) {
		switch (rnd(16)) {
		case 0:
		case 1:
			buf_printf(b, "\033[%u;%uH", rnd(ROWS) + 1,
			           rnd(COLS) + 1);
			break;
		case 2:
			buf_printf(b, "\033[%ud", rnd(ROWS) + 1);
			break;
		case 3:
			buf_printf(b, "\033[%uG", rnd(COLS) + 1);
			break;
		case 4:
			buf_adds(b, rnd(2) ? "\r" : "\r\n");
			break;
		case 5:
			random_sgr(b);
			break;
		case 6:
		case 7:
		case 8:
			buf_adds(b,
			         words[rnd(sizeof(words) / sizeof(words[0]))]);
			break;
		case 9:
			buf_adds(b, rnd(2) ? "\033[K" : "\033[J");
			break;
		case 10:
			buf_printf(b, "\033[%uC", rnd(4) + 1);
			break;
		case 11:
			buf_printf(b, "\033[%u%c", rnd(3) + 1,
			           rnd(2) ? 'A' : 'B');
			break;
		case 12: /* a scroll as curses does it */
			buf_printf(b, "\033[%u;%ur\033[%u;1H\n", rnd(3) + 1,
			           ROWS - rnd(2), ROWS - 1);
			if (rnd(2))
				buf_adds(b, "\033[1;1H\033M");
			buf_adds(b, "\033[r");
			break;
		case 13:
			buf_printf(b, "\033[%u;%uH\033[?7l%c\033[?7h", ROWS,
			           COLS, 'A' + rnd(26));
			break;
		case 14:
			buf_adds(b, rnd(2) ? "\b" : "\033(0q\033(B");
			break;
		default:
			buf_adds(b, "\033[?25l\033[39;49m");
			break;
		}
	}
}

static void
test_random_streams(void **state)
{
	struct buf in = BUF_INIT, out = BUF_INIT;
	size_t before = 0, after = 0;
	char what[48];

	(void)state;
	for (int n = 0; n < 20000; n++) {
		random_stream(&in, 60);
		snprintf(what, sizeof(what), "stream %d", n);
		check_same(in.data, in.len, n % 3 ? 0 : 1 + (size_t)n % 7, &out,
		           what);
		before += in.len;
		after += out.len;
	}
	assert_true(after < before);
	buf_free(&in);
	buf_free(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_first_screen),
	        cmocka_unit_test(test_cut_anywhere),
	        cmocka_unit_test(test_corner_then_write),
	        cmocka_unit_test(test_unknown_forgets),
	        cmocka_unit_test(test_random_streams),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
