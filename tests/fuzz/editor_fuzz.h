/*
 * Shared by the editor's fuzz target (tests/fuzz/fuzz_editor.c) and its
 * deterministic random-keys unit test (tests/unit/test_editor.c): drive an
 * editor with a byte string read as a key sequence, and check every
 * invariant of editor.h after each step with an independent oracle (its own
 * character-boundary rule, its own line-cover check).  A broken invariant
 * aborts, which both libFuzzer and cmocka report.
 */
#ifndef TEND_TESTS_EDITOR_FUZZ_H
#define TEND_TESTS_EDITOR_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sheet.h"
#include "ui/editor.h"
#include "util/utf8.h"

#define EDF_ASSERT(c)                                                          \
	do {                                                                   \
		if (!(c)) {                                                    \
			fprintf(stderr,                                        \
			        "editor invariant failed: %s (%s:%d)\n", #c,   \
			        __FILE__, __LINE__);                           \
			abort();                                               \
		}                                                              \
	} while (0)

/* Tricky pieces of text the random sequences insert. */
static const char *const edf_pieces[] = {
        "a",
        " ",
        "word ",
        "\n",
        "\xe4\xb8\xad\xe6\x96\x87", /* CJK */
        "\xf0\x9f\x98\x80", /* emoji */
        "e\xcc\x81", /* e + combining acute */
        "\xcc\x81\xcc\x82", /* lone combining marks */
        "\xf0\x9f\x91\xa8\xe2\x80\x8d", /* man + ZWJ (dangling) */
        "\xf0\x9f\x91\xa9", /* woman */
        "\xe2\x80\x8d", /* ZWJ alone */
        "\x1b[31mred\x1b[0m", /* escape sequence */
        "\r\n\t",
        "\xff\xfe", /* invalid bytes */
        "\xef\xbc\x8c", /* fullwidth comma */
        "\xe2\x80\x8b", /* zero-width space */
        "\xf0\x9f\x87\xac", /* regional indicator */
        "the quick brown fox jumps over the lazy dog ",
};

/* Independent boundary rule: a cluster is a code point plus following
 * zero-width ones, a ZWJ gluing the next; '\n' stands alone. */
static size_t
edf_next(const char *t, size_t len, size_t i)
{
	uint32_t cp;
	size_t n = utf8_decode(t + i, len - i, &cp);
	int glue = cp == 0x200D;

	i += n;
	if (cp == '\n')
		return i;
	while (i < len) {
		n = utf8_decode(t + i, len - i, &cp);
		if (cp == '\n' || (!glue && utf8_cpwidth(cp) != 0))
			break;
		glue = cp == 0x200D;
		i += n;
	}
	return i;
}

/* Marks every character boundary of t in a fresh array of len + 1. */
static unsigned char *
edf_boundaries(const char *t, size_t len)
{
	unsigned char *b = calloc(len + 1, 1);
	size_t i = 0;

	EDF_ASSERT(b != NULL);
	while (i < len) {
		b[i] = 1;
		i = edf_next(t, len, i);
	}
	b[len] = 1;
	return b;
}

static void
edf_check(struct editor *e, int multiline, size_t limit)
{
	size_t len, cur = editor_cursor(e), n, row, col, w;
	const char *t = editor_text(e, &len);
	size_t prev_end = 0;
	size_t prev_cols = 0;
	uint32_t cp;
	unsigned char *bound;

	EDF_ASSERT(strlen(t) == len);
	EDF_ASSERT(utf8_valid(t, len));
	for (size_t i = 0; i < len;) {
		i += utf8_decode(t + i, len - i, &cp);
		EDF_ASSERT(cp >= 0x20 || (cp == '\n' && multiline));
		EDF_ASSERT(cp != 0x7F && !(cp >= 0x80 && cp < 0xA0));
	}
	EDF_ASSERT(cur <= len);
	bound = edf_boundaries(t, len);
	EDF_ASSERT(bound[cur]);
	EDF_ASSERT(editor_chars(e) == sheet_chars(t, len));
	if (limit)
		EDF_ASSERT(editor_chars(e) <= limit);

	w = editor_width(e);
	n = editor_nlines(e);
	EDF_ASSERT(n >= 1);
	for (size_t i = 0; i < n; i++) {
		size_t off, l, cols, trimmed;

		editor_line(e, i, &off, &l, &cols);
		EDF_ASSERT(off + l <= len);
		EDF_ASSERT(memchr(t + off, '\n', l) == NULL);
		if (i == 0)
			EDF_ASSERT(off == 0);
		else if (prev_end < len && t[prev_end] != '\n')
			EDF_ASSERT(off == prev_end); /* a soft break */
		else if (off == prev_end)
			EDF_ASSERT(l == 0 &&
			           prev_cols >= w); /* after a full line */
		else
			EDF_ASSERT(prev_end < len && off == prev_end + 1);
		EDF_ASSERT(bound[off]);
		EDF_ASSERT(utf8_width(t + off, l) == cols);
		/* Without its hanging spaces a line fits, unless it is one
		 * character wider than the whole window. */
		trimmed = l;
		while (trimmed > 0 && t[off + trimmed - 1] == ' ')
			trimmed--;
		if (utf8_width(t + off, trimmed) > w)
			EDF_ASSERT(edf_next(t, len, off) >= off + trimmed);
		prev_end = off + l;
		prev_cols = cols;
	}
	EDF_ASSERT(prev_end == len);
	editor_cursor_rc(e, &row, &col);
	EDF_ASSERT(row < n);
	{
		size_t off, l;

		editor_line(e, row, &off, &l, NULL);
		EDF_ASSERT(off <= cur && cur <= off + l);
		EDF_ASSERT(utf8_width(t + off, cur - off) == col);
	}
	free(bound);
}

/*
 * Reads data as: one byte of mode (bit 0 multiline, bits 1-2 the limit),
 * one byte of width, then steps.  Each step byte picks an operation, a
 * piece of text, raw bytes from the input, a width change or a cursor
 * jump.
 */
static void
edf_run(const uint8_t *data, size_t size)
{
	/* Every field has a limit (dates 40, shipped text at most 2000):
	 * without one, yank after kill doubles the text each time and a
	 * run measures only the checker's speed. */
	static const size_t limits[] = {2000, 1, 7, 300};
	struct editor *e;
	int multiline;
	size_t limit, i = 2;

	if (size < 2)
		return;
	multiline = data[0] & 1;
	limit = limits[(data[0] >> 1) & 3];
	e = editor_new(multiline, limit);
	editor_set_width(e, 1 + data[1] % 40);
	edf_check(e, multiline, limit);
	while (i < size) {
		uint8_t b = data[i++];

		if (b < 2 * ED__COUNT) {
			editor_do(e, (enum editor_op)(b % ED__COUNT));
		} else if (b < 200) {
			const char *p = edf_pieces[b % (sizeof(edf_pieces) /
			                                sizeof(edf_pieces[0]))];

			editor_insert(e, p, strlen(p));
		} else if (b < 230) {
			size_t n = (size_t)(b - 200) % 8 + 1;

			if (n > size - i)
				n = size - i;
			editor_insert(e, (const char *)data + i, n);
			i += n;
		} else if (b < 240) {
			editor_set_width(e, 1 + (size_t)(b - 230) * 7);
		} else if (b < 250) {
			size_t len;

			editor_text(e, &len);
			editor_set_cursor(e,
			                  len ? (size_t)b * 31 % (len + 1) : 0);
		} else if (b < 254) {
			size_t h = (size_t)(b - 249);
			size_t top = editor_scroll(e, h), row, col;

			editor_cursor_rc(e, &row, &col);
			EDF_ASSERT(top <= row && row < top + h);
		} else {
			size_t n = size - i < 16 ? size - i : 16;

			editor_set_text(e, (const char *)data + i, n);
			i += n;
		}
		edf_check(e, multiline, limit);
	}
	editor_free(e);
}

#endif
