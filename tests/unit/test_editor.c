/*
 * ui/editor: the text field's pure logic.  Cursor movement by character
 * and word, wrapping and vertical movement over ASCII, CJK, emoji (with
 * zero-width joiners) and combining marks; kills and yanks; the character
 * limit; pasted text with escapes and bad bytes; scrolling; and a
 * deterministic random-keys run that checks every invariant after each
 * step (the same driver as the fuzz target).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fuzz/editor_fuzz.h"
#include "ui/editor.h"

#define CJK3 "\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97" /* 中文字 */
#define SMILE "\xf0\x9f\x98\x80" /* 😀 */
#define E_ACUTE "e\xcc\x81" /* e + U+0301 */
#define FAMILY                                                                 \
	"\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91" \
	"\xa7" /* man ZWJ woman ZWJ girl */

static struct editor *
ed(bool multi, size_t limit, const char *text, size_t width)
{
	struct editor *e = editor_new(multi, limit);

	editor_set_text(e, text, strlen(text));
	editor_set_width(e, width);
	return e;
}

static const char *
txt(struct editor *e)
{
	return editor_text(e, NULL);
}

static void
line_is(struct editor *e, size_t i, const char *want)
{
	size_t off, len;

	editor_line(e, i, &off, &len, NULL);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(txt(e) + off, want, len);
}

static void
rc_is(struct editor *e, size_t row, size_t col)
{
	size_t r, c;

	editor_cursor_rc(e, &r, &c);
	assert_int_equal(r, row);
	assert_int_equal(c, col);
}

static void
test_ascii_basics(void **state)
{
	struct editor *e = ed(false, 0, "hello", 80);

	assert_string_equal(txt(e), "hello");
	assert_int_equal(editor_cursor(e), 5);
	assert_false(editor_dirty(e));
	assert_int_equal(editor_do(e, ED_RIGHT), ED_EDGE);
	assert_int_equal(editor_do(e, ED_LEFT), ED_MOVED);
	assert_int_equal(editor_cursor(e), 4);
	editor_insert(e, "X", 1);
	assert_string_equal(txt(e), "hellXo");
	assert_true(editor_dirty(e));
	editor_do(e, ED_HOME);
	assert_int_equal(editor_cursor(e), 0);
	assert_int_equal(editor_do(e, ED_LEFT), ED_EDGE);
	assert_int_equal(editor_do(e, ED_BACKSPACE), ED_EDGE);
	editor_do(e, ED_DELETE);
	assert_string_equal(txt(e), "ellXo");
	editor_do(e, ED_END);
	editor_do(e, ED_BACKSPACE);
	assert_string_equal(txt(e), "ellX");
	editor_do(e, ED_TRANSPOSE);
	assert_string_equal(txt(e), "elXl");
	assert_int_equal(editor_chars(e), 4);
	/* Enter does nothing in a one-line field: the form moves on. */
	assert_int_equal(editor_do(e, ED_NEWLINE), ED_EDGE);
	editor_free(e);
}

static void
test_cjk_cursor_and_wrap(void **state)
{
	struct editor *e = ed(true, 0, CJK3 CJK3, 5);

	/* Six wide characters at width 5: two per line. */
	assert_int_equal(editor_nlines(e), 3);
	line_is(e, 0, "\xe4\xb8\xad\xe6\x96\x87");
	line_is(e, 1, "\xe5\xad\x97\xe4\xb8\xad");
	line_is(e, 2, "\xe6\x96\x87\xe5\xad\x97");
	rc_is(e, 2, 4);
	editor_do(e, ED_LEFT);
	assert_int_equal(editor_cursor(e), 15);
	rc_is(e, 2, 2);
	/* Up keeps the column, in columns, not bytes. */
	editor_do(e, ED_UP);
	rc_is(e, 1, 2);
	assert_int_equal(editor_cursor(e), 9);
	editor_do(e, ED_UP);
	rc_is(e, 0, 2);
	assert_int_equal(editor_do(e, ED_UP), ED_EDGE);
	/* Backspace removes one whole wide character. */
	editor_do(e, ED_BACKSPACE);
	assert_string_equal(txt(e), "\xe6\x96\x87\xe5\xad\x97" CJK3);
	assert_int_equal(editor_chars(e), 5);
	/* Width 4 fits exactly two: a full last line gets an empty line
	 * after it so that the cursor has a column. */
	editor_set_text(e, "\xe4\xb8\xad\xe6\x96\x87", 6);
	editor_set_width(e, 4);
	assert_int_equal(editor_nlines(e), 2);
	rc_is(e, 1, 0);
	/* A wide character in a one-column window still shows, alone. */
	editor_set_width(e, 1);
	assert_int_equal(editor_nlines(e), 3);
	line_is(e, 0, "\xe4\xb8\xad");
	editor_free(e);
}

static void
test_emoji_and_zwj(void **state)
{
	struct editor *e = ed(false, 0, "a" FAMILY "b" SMILE, 80);
	size_t len;

	editor_text(e, &len);
	/* Left over the smile (4 bytes), then b, then the whole family. */
	editor_do(e, ED_LEFT);
	assert_int_equal(editor_cursor(e), len - 4);
	editor_do(e, ED_LEFT);
	editor_do(e, ED_LEFT);
	assert_int_equal(editor_cursor(e), 1);
	rc_is(e, 0, 1);
	editor_do(e, ED_RIGHT);
	assert_int_equal(editor_cursor(e), 1 + strlen(FAMILY));
	/* The family is three visible characters joined into one. */
	assert_int_equal(editor_chars(e), 1 + 3 + 1 + 1);
	rc_is(e, 0, 7);
	editor_do(e, ED_BACKSPACE);
	assert_string_equal(txt(e), "ab" SMILE);
	/* Wrapping never splits an emoji: width 3 holds "ab" then 😀. */
	editor_set_width(e, 3);
	assert_int_equal(editor_nlines(e), 2);
	line_is(e, 0, "ab");
	line_is(e, 1, SMILE);
	editor_free(e);
}

static void
test_combining_marks(void **state)
{
	struct editor *e = ed(false, 0, "caf" E_ACUTE " x", 80);

	editor_do(e, ED_HOME);
	for (int i = 0; i < 4; i++)
		editor_do(e, ED_RIGHT);
	/* After "café": the mark went with the e. */
	assert_int_equal(editor_cursor(e), 6);
	rc_is(e, 0, 4);
	assert_int_equal(editor_chars(e), 6);
	editor_do(e, ED_BACKSPACE);
	assert_string_equal(txt(e), "caf x");
	/* A mark typed after a letter joins it; the cursor stays after. */
	editor_insert(e, "e", 1);
	editor_insert(e, "\xcc\x81", 2);
	assert_string_equal(txt(e), "caf" E_ACUTE " x");
	assert_int_equal(editor_cursor(e), 6);
	/* A cursor put inside a character falls back to its start. */
	editor_set_cursor(e, 5);
	assert_int_equal(editor_cursor(e), 3);
	/* A letter typed in front of a lone mark takes it over. */
	editor_set_text(e, "\xcc\x81z", 3);
	editor_do(e, ED_HOME);
	editor_insert(e, "o", 1);
	assert_string_equal(txt(e), "o\xcc\x81z");
	assert_int_equal(editor_cursor(e), 3);
	/* Wrapping keeps marks with their base. */
	editor_set_text(e, "ab" E_ACUTE "cd", 7);
	editor_set_width(e, 3);
	line_is(e, 0, "ab" E_ACUTE);
	line_is(e, 1, "cd");
	editor_free(e);
}

static void
test_word_wrap(void **state)
{
	struct editor *e = ed(true, 0, "hello world foo", 8);

	assert_int_equal(editor_nlines(e), 3);
	line_is(e, 0, "hello ");
	line_is(e, 1, "world ");
	line_is(e, 2, "foo");
	/* The end of a soft line is the start of the next. */
	editor_set_cursor(e, 6);
	rc_is(e, 1, 0);
	/* A long word breaks between characters. */
	editor_set_text(e, "abcdefghij", 10);
	editor_set_width(e, 4);
	assert_int_equal(editor_nlines(e), 3);
	line_is(e, 0, "abcd");
	line_is(e, 1, "efgh");
	line_is(e, 2, "ij");
	/* Spaces hang at the edge instead of starting a line. */
	editor_set_text(e, "hello     world", 15);
	editor_set_width(e, 5);
	line_is(e, 0, "hello     ");
	line_is(e, 1, "world");
	/* Hard newlines, and a trailing one gives an empty last line. */
	editor_set_text(e, "one\n\ntwo\n", 9);
	editor_set_width(e, 80);
	assert_int_equal(editor_nlines(e), 4);
	line_is(e, 0, "one");
	line_is(e, 1, "");
	line_is(e, 2, "two");
	line_is(e, 3, "");
	rc_is(e, 3, 0);
	editor_do(e, ED_UP);
	editor_do(e, ED_UP);
	rc_is(e, 1, 0);
	editor_do(e, ED_UP);
	rc_is(e, 0, 0);
	/* Up and Down remember the column across short lines. */
	editor_set_text(e, "abcdef\nx\nabcdef", 15);
	editor_set_cursor(e, 5);
	editor_do(e, ED_DOWN);
	rc_is(e, 1, 1);
	editor_do(e, ED_DOWN);
	rc_is(e, 2, 5);
	assert_int_equal(editor_do(e, ED_DOWN), ED_EDGE);
	/* Home and End work on the whole line, not the visual line. */
	editor_set_text(e, "aaa bbb ccc\nddd", 15);
	editor_set_width(e, 4);
	editor_set_cursor(e, 9);
	editor_do(e, ED_HOME);
	assert_int_equal(editor_cursor(e), 0);
	editor_do(e, ED_END);
	assert_int_equal(editor_cursor(e), 11);
	editor_free(e);
}

static void
test_word_motion(void **state)
{
	struct editor *e =
	        ed(false, 0, "one, two  " CJK3 " caf" E_ACUTE "!", 80);
	size_t len;

	editor_text(e, &len);
	editor_do(e, ED_HOME);
	editor_do(e, ED_WORD_RIGHT);
	assert_int_equal(editor_cursor(e), 3);
	editor_do(e, ED_WORD_RIGHT);
	assert_int_equal(editor_cursor(e), 8);
	editor_do(e, ED_WORD_RIGHT); /* a CJK run is one word */
	assert_int_equal(editor_cursor(e), 19);
	editor_do(e, ED_WORD_RIGHT); /* café, with its mark */
	assert_int_equal(editor_cursor(e), 26);
	editor_do(e, ED_WORD_RIGHT);
	assert_int_equal(editor_cursor(e), len);
	assert_int_equal(editor_do(e, ED_WORD_RIGHT), ED_EDGE);
	editor_do(e, ED_WORD_LEFT);
	assert_int_equal(editor_cursor(e), 20);
	editor_do(e, ED_WORD_LEFT);
	assert_int_equal(editor_cursor(e), 10);
	editor_do(e, ED_WORD_LEFT);
	editor_do(e, ED_WORD_LEFT);
	assert_int_equal(editor_cursor(e), 0);
	editor_free(e);
}

static void
test_kills_and_yank(void **state)
{
	struct editor *e = ed(true, 0, "alpha beta-gamma delta", 80);

	/* C-w kills back to whitespace, punctuation included. */
	editor_set_cursor(e, 16);
	editor_do(e, ED_KILL_WORD_BACK);
	assert_string_equal(txt(e), "alpha  delta");
	editor_do(e, ED_YANK);
	assert_string_equal(txt(e), "alpha beta-gamma delta");
	/* M-Backspace stops at punctuation. */
	editor_do(e, ED_KILL_WORD_BACK_PUNCT);
	assert_string_equal(txt(e), "alpha beta- delta");
	/* M-d kills forward to the end of the next word. */
	editor_do(e, ED_KILL_WORD_FWD);
	assert_string_equal(txt(e), "alpha beta-");
	/* C-u kills to the start of the line; C-y puts back all three
	 * kills, which were made one after another. */
	editor_do(e, ED_KILL_START);
	assert_string_equal(txt(e), "");
	editor_do(e, ED_YANK);
	assert_string_equal(txt(e), "alpha beta-gamma delta");
	/* C-k at the end of a line joins the next; consecutive kills
	 * collect into one yank. */
	editor_set_text(e, "one\ntwo\nthree", 13);
	editor_do(e, ED_TOP);
	editor_do(e, ED_KILL_END);
	editor_do(e, ED_KILL_END);
	editor_do(e, ED_KILL_END);
	assert_string_equal(txt(e), "\nthree");
	editor_do(e, ED_BOTTOM);
	editor_do(e, ED_YANK);
	assert_string_equal(txt(e), "\nthreeone\ntwo");
	assert_int_equal(editor_do(e, ED_KILL_END), ED_EDGE);
	/* C-d deletes forward; at the end there is nothing to delete. */
	assert_int_equal(editor_do(e, ED_DELETE), ED_EDGE);
	editor_free(e);
}

static void
test_limit(void **state)
{
	struct editor *e = ed(false, 5, "", 80);

	assert_int_equal(editor_insert(e, "abcdefg", 7) & ED_FULL, ED_FULL);
	assert_string_equal(txt(e), "abcde");
	assert_int_equal(editor_chars(e), 5);
	assert_int_equal(editor_limit(e), 5);
	/* Combining marks do not count: the person sees one letter. */
	editor_do(e, ED_BACKSPACE);
	assert_int_equal(editor_insert(e, E_ACUTE, 3) & ED_FULL, 0);
	assert_string_equal(txt(e), "abcd" E_ACUTE);
	/* Set text is cut too, at a character boundary. */
	editor_set_text(e, CJK3 CJK3, 18);
	assert_int_equal(editor_chars(e), 5);
	assert_int_equal(strlen(txt(e)), 15);
	editor_free(e);
}

static void
test_paste_sanitised(void **state)
{
	struct editor *e = ed(true, 0, "", 80);

	editor_insert(e, "a\tb\r\nc\x1b[31md\x07\re\x1b]52;c;aGk=\x07", 25);
	assert_string_equal(txt(e), "a b\ncd\ne");
	editor_set_text(e,
	                "x\xff"
	                "y",
	                3);
	assert_string_equal(txt(e), "x\xef\xbf\xbdy");
	editor_free(e);
	e = ed(false, 0, "", 80);
	editor_insert(e, "line one\nline two\r\n", 19);
	assert_string_equal(txt(e), "line one line two ");
	editor_free(e);
}

static void
test_long_paste(void **state)
{
	struct editor *e = ed(true, 4000, "", 78);
	char *big = malloc(30001);
	size_t n;

	for (size_t i = 0; i < 30000; i++)
		big[i] = (i % 7 == 6) ? ' ' : (char)('a' + i % 26);
	big[30000] = '\0';
	assert_int_equal(editor_insert(e, big, 30000) & ED_FULL, ED_FULL);
	assert_int_equal(editor_chars(e), 4000);
	n = editor_nlines(e);
	assert_true(n >= 4000 / 78);
	/* The cursor is on the last line, and scrolling shows it. */
	assert_int_equal(editor_scroll(e, 10), n - 10);
	editor_do(e, ED_TOP);
	assert_int_equal(editor_scroll(e, 10), 0);
	free(big);
	editor_free(e);
}

/*
 * A megabyte pasted into a 2,000-character field, one key at a time (as a
 * terminal delivers it to the form) and as one block: the field keeps
 * exactly the first 2,000 characters of the paste, says the limit
 * stopped it, and every later key is dropped and said to be.
 */
static void
test_megabyte_paste(void **state)
{
	static const char *const pieces[] = {"worry ", "caf\xc3\xa9 ", CJK3,
	                                     SMILE,    "\n",           "bus "};
	const size_t size = 1048576, limit = 2000;
	char *big = malloc(size + 1);
	size_t n = 0, k = 0, cps = 0, want_len = 0;
	struct editor *e;
	bool full = false;

	assert_non_null(big);
	while (n < size - 16) {
		const char *p = pieces[k++ % 6];

		memcpy(big + n, p, strlen(p));
		n += strlen(p);
	}
	big[n] = '\0';
	/* No combining marks or joiners: a character is a code point. */
	for (size_t i = 0; i < n && cps <= limit; i++) {
		if (((unsigned char)big[i] & 0xC0) != 0x80) {
			if (cps == limit) {
				want_len = i;
				break;
			}
			cps++;
		}
	}
	assert_int_equal(cps, limit);

	e = ed(true, limit, "", 60);
	for (size_t i = 0; i < n;) {
		size_t l = 1;
		int r;

		while (i + l < n && ((unsigned char)big[i + l] & 0xC0) == 0x80)
			l++;
		r = editor_insert(e, big + i, l);
		if (i < want_len) {
			assert_int_equal(r & ED_FULL, 0);
		} else {
			/* From the first key that does not fit, each one says
			 * so and changes nothing. */
			assert_int_equal(r, ED_FULL);
			full = true;
		}
		i += l;
	}
	assert_true(full);
	assert_int_equal(editor_chars(e), limit);
	assert_int_equal(strlen(txt(e)), want_len);
	assert_memory_equal(txt(e), big, want_len);
	/* A control character alone drops nothing; a tab would be a
	 * space. */
	assert_int_equal(editor_insert(e, "\x07", 1), 0);
	assert_int_equal(editor_insert(e, "\t", 1), ED_FULL);
	assert_int_equal(editor_do(e, ED_NEWLINE), ED_FULL);
	/* Full, with the cursor at the start: nothing moves in front. */
	editor_do(e, ED_TOP);
	assert_int_equal(editor_insert(e, "x", 1), ED_FULL);
	assert_memory_equal(txt(e), big, want_len);
	editor_free(e);

	e = ed(true, limit, "", 60);
	assert_int_equal(editor_insert(e, big, n) & ED_FULL, ED_FULL);
	assert_int_equal(editor_chars(e), limit);
	assert_int_equal(strlen(txt(e)), want_len);
	assert_memory_equal(txt(e), big, want_len);
	editor_free(e);
	free(big);
}

static void
test_key_map(void **state)
{
	enum editor_op op;

	assert_int_equal(editor_key_op(1, false, &op), 0);
	assert_int_equal(op, ED_HOME);
	assert_int_equal(editor_key_op(5, false, &op), 0);
	assert_int_equal(op, ED_END);
	assert_int_equal(editor_key_op(2, false, &op), 0);
	assert_int_equal(op, ED_LEFT);
	assert_int_equal(editor_key_op(6, false, &op), 0);
	assert_int_equal(op, ED_RIGHT);
	assert_int_equal(editor_key_op('b', true, &op), 0);
	assert_int_equal(op, ED_WORD_LEFT);
	assert_int_equal(editor_key_op('f', true, &op), 0);
	assert_int_equal(op, ED_WORD_RIGHT);
	assert_int_equal(editor_key_op(11, false, &op), 0);
	assert_int_equal(op, ED_KILL_END);
	assert_int_equal(editor_key_op(21, false, &op), 0);
	assert_int_equal(op, ED_KILL_START);
	assert_int_equal(editor_key_op(23, false, &op), 0);
	assert_int_equal(op, ED_KILL_WORD_BACK);
	assert_int_equal(editor_key_op(4, false, &op), 0);
	assert_int_equal(op, ED_DELETE);
	assert_int_equal(editor_key_op(127, false, &op), 0);
	assert_int_equal(op, ED_BACKSPACE);
	assert_int_equal(editor_key_op('x', false, &op), -1);
	assert_int_equal(editor_key_op(9, false, &op), -1);
}

/* A model check: with single-byte text and simple keys, the editor must
 * agree with a plain string edited the obvious way. */
static void
test_model_ascii(void **state)
{
	struct editor *e = editor_new(false, 0);
	char model[4096];
	size_t mlen = 0, mcur = 0;
	uint32_t seed = 12345;

	for (int step = 0; step < 20000; step++) {
		unsigned r;

		seed = seed * 1103515245u + 12345u;
		r = (seed >> 16) % 8;
		switch (r) {
		case 0:
		case 1:
		case 2:
			if (mlen < sizeof(model) - 1) {
				char c = (char)('a' + (seed >> 8) % 26);

				editor_insert(e, &c, 1);
				memmove(model + mcur + 1, model + mcur,
				        mlen - mcur);
				model[mcur++] = c;
				mlen++;
			}
			break;
		case 3:
			editor_do(e, ED_LEFT);
			mcur -= mcur > 0;
			break;
		case 4:
			editor_do(e, ED_RIGHT);
			mcur += mcur < mlen;
			break;
		case 5:
			editor_do(e, ED_BACKSPACE);
			if (mcur > 0) {
				memmove(model + mcur - 1, model + mcur,
				        mlen - mcur);
				mcur--;
				mlen--;
			}
			break;
		case 6:
			editor_do(e, ED_DELETE);
			if (mcur < mlen) {
				memmove(model + mcur, model + mcur + 1,
				        mlen - mcur - 1);
				mlen--;
			}
			break;
		default:
			editor_do(e, (seed >> 9) & 1 ? ED_HOME : ED_END);
			mcur = (seed >> 9) & 1 ? 0 : mlen;
			break;
		}
		model[mlen] = '\0';
		assert_string_equal(txt(e), model);
		assert_int_equal(editor_cursor(e), mcur);
	}
	editor_free(e);
}

/* Random key sequences (a fixed seed, so every run is the same) through
 * the fuzz driver: no crash, no broken invariant. */
static void
test_random_keys(void **state)
{
	uint8_t data[3000];
	uint32_t seed = 0xC0FFEE;

	for (int run = 0; run < 60; run++) {
		for (size_t i = 0; i < sizeof(data); i++) {
			seed = seed * 1664525u + 1013904223u;
			data[i] = (uint8_t)(seed >> 24);
		}
		edf_run(data, sizeof(data));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_ascii_basics),
	        cmocka_unit_test(test_cjk_cursor_and_wrap),
	        cmocka_unit_test(test_emoji_and_zwj),
	        cmocka_unit_test(test_combining_marks),
	        cmocka_unit_test(test_word_wrap),
	        cmocka_unit_test(test_word_motion),
	        cmocka_unit_test(test_kills_and_yank),
	        cmocka_unit_test(test_limit),
	        cmocka_unit_test(test_paste_sanitised),
	        cmocka_unit_test(test_long_paste),
	        cmocka_unit_test(test_megabyte_paste),
	        cmocka_unit_test(test_key_map),
	        cmocka_unit_test(test_model_ascii),
	        cmocka_unit_test(test_random_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
