/*
 * util/utf8: decoding, widths, truncation, wrapping and sanitising over
 * ASCII, CJK, emoji, combining marks and invalid bytes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/buf.h"
#include "util/utf8.h"

static void
test_decode(void **state)
{
	uint32_t cp;

	assert_int_equal(utf8_decode("A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(utf8_decode("\xC3\xA9", 2, &cp), 2);
	assert_int_equal(cp, 0xE9);
	assert_int_equal(utf8_decode("\xE4\xB8\xAD", 3, &cp), 3);
	assert_int_equal(cp, 0x4E2D);
	assert_int_equal(utf8_decode("\xF0\x9F\x98\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x1F600);
	/* Invalid: lone continuation, overlong, surrogate, truncated,
	 * beyond U+10FFFF. */
	assert_int_equal(utf8_decode("\x80", 1, &cp), 1);
	assert_int_equal(cp, UTF8_REPLACEMENT);
	assert_int_equal(utf8_decode("\xC0\xAF", 2, &cp), 1);
	assert_int_equal(cp, UTF8_REPLACEMENT);
	assert_int_equal(utf8_decode("\xE0\x80\xAF", 3, &cp), 1);
	assert_int_equal(cp, UTF8_REPLACEMENT);
	assert_int_equal(utf8_decode("\xED\xA0\x80", 3, &cp), 1);
	assert_int_equal(cp, UTF8_REPLACEMENT);
	assert_int_equal(utf8_decode("\xE4\xB8", 2, &cp), 1);
	assert_int_equal(cp, UTF8_REPLACEMENT);
	assert_int_equal(utf8_decode("\xF4\x90\x80\x80", 4, &cp), 1);
	assert_int_equal(cp, UTF8_REPLACEMENT);
	assert_int_equal(utf8_decode("", 0, &cp), 0);
}

static void
test_encode_roundtrip(void **state)
{
	static const uint32_t cps[] = {0x41, 0xE9, 0x4E2D, 0x1F600, 0x10FFFF};
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < sizeof(cps) / sizeof(cps[0]); i++) {
		uint32_t cp;

		buf_reset(&b);
		utf8_encode(&b, cps[i]);
		assert_int_equal(utf8_decode(b.data, b.len, &cp), b.len);
		assert_int_equal(cp, cps[i]);
	}
	buf_reset(&b);
	utf8_encode(&b, 0xD800);
	assert_string_equal(b.data, "\xEF\xBF\xBD");
	buf_free(&b);
}

static void
test_width(void **state)
{
	assert_int_equal(utf8_width("hello", 5), 5);
	assert_int_equal(utf8_width("\xE4\xB8\xAD\xE6\x96\x87", 6), 4);
	/* e + combining acute: one column. */
	assert_int_equal(utf8_width("e\xCC\x81", 3), 1);
	/* Emoji: two columns. */
	assert_int_equal(utf8_width("\xF0\x9F\x98\x80", 4), 2);
	/* Invalid byte shows as U+FFFD, one column. */
	assert_int_equal(utf8_width("a\xFF"
	                            "b",
	                            3),
	                 3);
	/* Hebrew (right-to-left) letters are one column each. */
	assert_int_equal(utf8_width("\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D", 8), 4);
	assert_true(utf8_valid("caf\xC3\xA9", 5));
	assert_false(utf8_valid("caf\xC3", 4));
	assert_true(utf8_valid("\xEF\xBF\xBD", 3));
}

static void
test_fit(void **state)
{
	const char *cjk = "\xE4\xB8\xAD\xE6\x96\x87\xE5\xAD\x97"; /* 3 wide */
	size_t used;

	/* 5 columns hold two wide characters, never half of the third. */
	assert_int_equal(utf8_fit(cjk, 9, 5, &used), 6);
	assert_int_equal(used, 4);
	/* A combining mark stays with its base. */
	assert_int_equal(utf8_fit("ae\xCC\x81x", 5, 2, &used), 4);
	assert_int_equal(used, 2);
	assert_int_equal(utf8_fit("abc", 3, 0, &used), 0);
	/* A ZWJ sequence (man + ZWJ + laptop) stays whole and measures as
	 * utf8_width does. */
	assert_int_equal(
	        utf8_fit("\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x92\xBB", 11, 3,
	                 &used),
	        0);
	assert_int_equal(
	        utf8_fit("\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x92\xBB", 11, 4,
	                 &used),
	        11);
	assert_int_equal(used, utf8_width("\xF0\x9F\x91\xA8\xE2\x80\x8D"
	                                  "\xF0\x9F\x92\xBB",
	                                  11));
}

static void
test_truncate(void **state)
{
	struct buf b = BUF_INIT;

	utf8_truncate(&b, "hello world", 11, 20);
	assert_string_equal(b.data, "hello world");
	buf_reset(&b);
	utf8_truncate(&b, "hello world", 11, 8);
	assert_string_equal(b.data, "hello w\xE2\x80\xA6");
	assert_int_equal(utf8_width(b.data, b.len), 8);
	buf_reset(&b);
	/* Wide characters: 5 columns -> two wide + ellipsis = 5. */
	utf8_truncate(&b, "\xE4\xB8\xAD\xE6\x96\x87\xE5\xAD\x97\xE5\xAD\x97",
	              12, 5);
	assert_string_equal(b.data, "\xE4\xB8\xAD\xE6\x96\x87\xE2\x80\xA6");
	buf_reset(&b);
	/* 4 columns: one wide + ellipsis = 3; never split. */
	utf8_truncate(&b, "\xE4\xB8\xAD\xE6\x96\x87\xE5\xAD\x97", 9, 4);
	assert_string_equal(b.data, "\xE4\xB8\xAD\xE2\x80\xA6");
	buf_reset(&b);
	utf8_set_ascii(true);
	utf8_truncate(&b, "hello world", 11, 8);
	assert_string_equal(b.data, "hello...");
	utf8_set_ascii(false);
	buf_free(&b);
}

struct lines {
	char out[1024];
	size_t n;
	size_t maxw;
};

static void
collect(const char *line, size_t n, void *arg)
{
	struct lines *l = arg;
	size_t w = utf8_width(line, n);

	if (w > l->maxw)
		l->maxw = w;
	strncat(l->out, line, n);
	strcat(l->out, "|");
	l->n++;
}

static void
wrap(const char *s, size_t cols, struct lines *l)
{
	memset(l, 0, sizeof(*l));
	utf8_wrap(s, strlen(s), cols, collect, l);
}

static void
test_wrap_ascii(void **state)
{
	struct lines l;

	wrap("the quick brown fox jumps over the lazy dog", 10, &l);
	assert_string_equal(l.out,
	                    "the quick|brown fox|jumps over|the lazy|dog|");
	wrap("the quick brown fox", 80, &l);
	assert_string_equal(l.out, "the quick brown fox|");
	wrap("a\nb\n\nc", 10, &l);
	assert_string_equal(l.out, "a|b||c|");
	wrap("", 10, &l);
	assert_string_equal(l.out, "|");
	/* Long words break between characters. */
	wrap("supercalifragilistic yes", 8, &l);
	assert_string_equal(l.out, "supercal|ifragili|stic yes|");
	/* Width 1 still terminates. */
	wrap("ab c", 1, &l);
	assert_string_equal(l.out, "a|b|c|");
	/* Several spaces at a break vanish. */
	wrap("aaaa     bbbb", 6, &l);
	assert_string_equal(l.out, "aaaa|bbbb|");
}

static void
test_wrap_wide(void **state)
{
	struct lines l;
	/* Six CJK characters (12 columns), no spaces. */
	const char *cjk = "\xE4\xB8\xAD\xE6\x96\x87\xE5\xAD\x97\xE4\xB8\xAD"
	                  "\xE6\x96\x87\xE5\xAD\x97";

	for (size_t w = 2; w <= 13; w++) {
		size_t even = w & ~(size_t)1;

		wrap(cjk, w, &l);
		assert_true(l.maxw <= w);
		assert_int_equal(l.n, (12 + even - 1) / even);
	}
	/* Width 1 cannot hold a wide char: one per line, never split. */
	wrap(cjk, 1, &l);
	assert_int_equal(l.n, 6);
	/* Emoji and combining marks. */
	wrap("\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80", 4, &l);
	assert_string_equal(
	        l.out, "\xF0\x9F\x98\x80\xF0\x9F\x98\x80|\xF0\x9F\x98\x80|");
	wrap("e\xCC\x81"
	     "e\xCC\x81"
	     "e\xCC\x81",
	     2, &l);
	assert_string_equal(l.out, "e\xCC\x81"
	                           "e\xCC\x81|e\xCC\x81|");
	/* Mixed ASCII and CJK breaks at the CJK boundary. */
	wrap("ab\xE4\xB8\xAD\xE6\x96\x87", 4, &l);
	assert_string_equal(l.out, "ab\xE4\xB8\xAD|\xE6\x96\x87|");
	/* Invalid bytes take a column each and wrap like letters. */
	wrap("\xFF\xFF\xFF\xFF", 2, &l);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.maxw, 2);
}

static void
test_wrap_many_widths(void **state)
{
	const char *text = "Caf\xC3\xA9 \xE4\xB8\xAD\xE6\x96\x87 "
	                   "\xF0\x9F\x98\x80 na\xC3\xAFve \xD7\xA9\xD7\x9C"
	                   "\xD7\x95\xD7\x9D \xFF word";

	for (size_t w = 1; w <= 40; w++) {
		struct lines l;

		wrap(text, w, &l);
		/* Nothing wider than the width, except a lone wide char in
		 * a one-column line. */
		assert_true(l.maxw <= (w < 2 ? 2 : w));
	}
}

static void
check_sanitize(const char *in, size_t len, const char *want, bool tab)
{
	struct buf b = BUF_INIT;

	utf8_sanitize(&b, in, len, tab);
	if (strcmp(b.data ? b.data : "", want) != 0)
		print_error("sanitize(%s) -> %s\n", in, b.data);
	assert_string_equal(b.data ? b.data : "", want);
	buf_free(&b);
}

#define SAN(in, want) check_sanitize(in, sizeof(in) - 1, want, false)

static void
test_sanitize(void **state)
{
	SAN("plain text", "plain text");
	SAN("a\x1b[31mred\x1b[0m", "ared");
	SAN("x\x1b]52;c;ZXZpbA==\x07y", "xy"); /* OSC 52, BEL end */
	SAN("x\x1b]0;title\x1b\\y", "xy"); /* OSC, ST end */
	SAN("bell\x07", "bell");
	SAN("back\bspace", "backspace");
	SAN("cr\rlf\n", "crlf\n");
	SAN("tab\there", "tabhere");
	SAN("\xC2\x9B"
	    "31mC1 CSI",
	    "C1 CSI"); /* 8-bit CSI */
	SAN("\xC2\x9D"
	    "0;t\xC2\x9C"
	    "ok",
	    "ok"); /* 8-bit OSC */
	SAN("\x1bPdcs\x1b\\after", "after"); /* DCS */
	SAN("\x1b_apc\x1b\\z", "z"); /* APC */
	SAN("\x1b(Bcharset", "charset"); /* ESC ( B */
	SAN("\x1b"
	    "c",
	    ""); /* RIS */
	SAN("del\x7f", "del");
	SAN("bad\xff", "bad\xEF\xBF\xBD");
	SAN("\xE4\xB8\xAD"
	    "e\xCC\x81",
	    "\xE4\xB8\xAD"
	    "e\xCC\x81");
	SAN("unterminated\x1b]52;c;abc", "unterminated");
	SAN("\x1b", "");
	SAN("nul\0byte", "nulbyte");
	check_sanitize("a\tb", 3, "a\tb", true);
}

/* Every format control that can reorder or hide text is dropped, in any
 * position; the joiners that scripts and emoji need are kept. */
static void
test_sanitize_format_controls(void **state)
{
	static const uint32_t gone[] = {0x061C, 0x200E, 0x200F, 0x2028, 0x2029,
	                                0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
	                                0x2066, 0x2067, 0x2068, 0x2069, 0xFFF9,
	                                0xFFFA, 0xFFFB};

	for (size_t i = 0; i < sizeof(gone) / sizeof(gone[0]); i++) {
		struct buf in = BUF_INIT, out = BUF_INIT;

		buf_adds(&in, "call ");
		utf8_encode(&in, gone[i]);
		buf_adds(&in, "116 123");
		utf8_encode(&in, gone[i]);
		assert_true(utf8_is_format_control(gone[i]));
		assert_int_equal(utf8_sanitize(&out, in.data, in.len, false),
		                 2);
		assert_int_equal(out.len, strlen("call 116 123"));
		assert_memory_equal(out.data, "call 116 123", out.len);
		buf_free(&in);
		buf_free(&out);
	}
	{
		/* ZWJ inside an emoji sequence and ZWNJ survive. */
		const char *keep = "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92"
		                   "\xbb \xe2\x80\x8c";
		struct buf out = BUF_INIT;

		assert_false(utf8_is_format_control(0x200D));
		assert_false(utf8_is_format_control(0x200C));
		assert_int_equal(utf8_sanitize(&out, keep, strlen(keep), false),
		                 0);
		assert_string_equal(out.data, keep);
		buf_free(&out);
	}
}

/* NFC: composed and decomposed forms of the same words come out as the
 * same bytes; ASCII and text already in NFC are unchanged; invalid UTF-8
 * is refused. */
static void
test_nfc(void **state)
{
	const char *composed = "caf\xc3\xa9 \xc3\xb1"
	                       "and\xc3\xba";
	const char *decomposed = "cafe\xcc\x81 n\xcc\x83"
	                         "andu\xcc\x81";
	const char *hangul_jamo = "\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab";
	size_t n1, n2, n3;
	char *a = utf8_nfc(composed, strlen(composed), &n1);
	char *b = utf8_nfc(decomposed, strlen(decomposed), &n2);
	char *c = utf8_nfc(hangul_jamo, strlen(hangul_jamo), &n3);

	assert_non_null(a);
	assert_non_null(b);
	assert_string_equal(a, composed);
	assert_string_equal(b, composed);
	assert_int_equal(n2, strlen(composed));
	assert_string_equal(c, "\xed\x95\x9c"); /* one syllable */
	free(a);
	free(b);
	free(c);
	a = utf8_nfc("plain ascii", 11, &n1);
	assert_string_equal(a, "plain ascii");
	free(a);
	a = utf8_nfc("", 0, &n1);
	assert_non_null(a);
	assert_int_equal(n1, 0);
	free(a);
	errno = 0;
	assert_null(utf8_nfc("bad \xff", 5, &n1));
	assert_int_equal(errno, EILSEQ);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_decode),
	        cmocka_unit_test(test_encode_roundtrip),
	        cmocka_unit_test(test_width),
	        cmocka_unit_test(test_fit),
	        cmocka_unit_test(test_truncate),
	        cmocka_unit_test(test_wrap_ascii),
	        cmocka_unit_test(test_wrap_wide),
	        cmocka_unit_test(test_wrap_many_widths),
	        cmocka_unit_test(test_sanitize),
	        cmocka_unit_test(test_sanitize_format_controls),
	        cmocka_unit_test(test_nfc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
