/*
 * md: the layout API.  Structure and styles of small documents, the
 * display-list invariants (width, column order, clean valid text) over the
 * golden fixtures at many widths, links, interactive blocks, front matter,
 * search, positions across widths, ASCII glyphs, hostile text and nesting
 * far deeper than any lesson.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "md/md.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/utf8.h"

static struct md_doc *
lay(const char *s, int width)
{
	return md_layout(s, strlen(s), width);
}

/* Line i as plain text, in a static-free way: caller frees. */
static char *
line_text(const struct md_doc *d, size_t i)
{
	struct buf b = BUF_INIT;

	md_doc_line_text(d, i, &b);
	buf_addc(&b, '\0');
	return buf_detach(&b);
}

static void
assert_line(const struct md_doc *d, size_t i, const char *want)
{
	char *got = line_text(d, i);

	assert_string_equal(got, want);
	free(got);
}

static void
assert_span(const struct md_doc *d, size_t line, size_t k, const char *text,
            unsigned style)
{
	const struct md_line *ln = md_doc_line(d, line);
	const struct md_span *sp;

	assert_non_null(ln);
	assert_true(k < ln->nspans);
	sp = md_doc_spans(d, ln) + k;
	assert_int_equal(sp->len, strlen(text));
	assert_memory_equal(md_span_text(d, sp), text, sp->len);
	assert_int_equal(sp->style, style);
}

static void
test_structure(void **state)
{
	struct md_doc *d = lay("# Title\n\nPara *em* **st** `c` ***b***\n", 40);
	const struct md_line *ln;

	assert_int_equal(md_doc_width(d), 40);
	assert_int_equal(md_doc_nlines(d), 4);
	ln = md_doc_line(d, 0);
	assert_true(ln->flags & MD_LINE_HEADING);
	assert_true(ln->flags & MD_LINE_START);
	assert_span(d, 0, 0, "Title", MD_H1);
	assert_true(md_doc_line(d, 1)->flags & MD_LINE_HEADING);
	assert_int_equal(md_doc_line(d, 1)->cols, 5); /* underline */
	assert_true(md_doc_line(d, 2)->flags & MD_LINE_BLANK);
	assert_int_equal(md_doc_line(d, 2)->nspans, 0);
	assert_span(d, 3, 0, "Para ", MD_TEXT);
	assert_span(d, 3, 1, "em", MD_TEXT | MD_EMPH);
	assert_span(d, 3, 2, " ", MD_TEXT);
	assert_span(d, 3, 3, "st", MD_TEXT | MD_STRONG);
	assert_span(d, 3, 4, " ", MD_TEXT);
	assert_span(d, 3, 5, "c", MD_CODE);
	assert_span(d, 3, 6, " ", MD_TEXT);
	assert_span(d, 3, 7, "b", MD_TEXT | MD_EMPH | MD_STRONG);
	assert_line(d, 3, "Para em st c b");
	assert_null(md_doc_line(d, 4));
	md_doc_free(d);

	d = lay("### three *x*\n\n#### four\n", 40);
	assert_span(d, 0, 0, "three ", MD_H3);
	assert_span(d, 0, 1, "x", MD_H3 | MD_EMPH);
	assert_span(d, 2, 0, "four", MD_H3);
	md_doc_free(d);
	md_doc_free(NULL);
}

static void
test_wrap(void **state)
{
	struct md_doc *d = lay("aaa bbb ccc ddd eee\n", 8);

	assert_int_equal(md_doc_nlines(d), 3);
	assert_line(d, 0, "aaa bbb");
	assert_line(d, 1, "ccc ddd");
	assert_line(d, 2, "eee");
	assert_true(md_doc_line(d, 0)->flags & MD_LINE_START);
	assert_false(md_doc_line(d, 1)->flags & MD_LINE_START);
	md_doc_free(d);

	/* A word longer than the line is cut between characters. */
	d = lay("abcdefghijklmnop\n", 6);
	assert_line(d, 0, "abcdef");
	assert_line(d, 1, "ghijkl");
	assert_line(d, 2, "mnop");
	md_doc_free(d);

	/* Wide characters are never split and lines never overflow. */
	d = lay("\xE4\xB8\xAD\xE4\xB8\xAD\xE4\xB8\xAD\n", 5);
	assert_line(d, 0, "\xE4\xB8\xAD\xE4\xB8\xAD");
	assert_line(d, 1, "\xE4\xB8\xAD");
	md_doc_free(d);

	/* A combining mark stays with its base at the edge. */
	d = lay("abcde\xCC\x81 f\n", 5);
	assert_line(d, 0, "abcde\xCC\x81");
	assert_line(d, 1, "f");
	md_doc_free(d);

	/* Hard break. */
	d = lay("one\\\ntwo\n", 40);
	assert_int_equal(md_doc_nlines(d), 2);
	assert_line(d, 1, "two");
	md_doc_free(d);
}

static void
test_containers(void **state)
{
	struct md_doc *d = lay("> quoted text here\n\n- a\n- b\n  1. c\n", 12);

	assert_line(d, 0, "\xE2\x94\x82 quoted");
	assert_span(d, 0, 0, "\xE2\x94\x82", MD_QUOTE);
	assert_line(d, 1, "\xE2\x94\x82 text here");
	assert_line(d, 3, "\xE2\x80\xA2 a");
	assert_span(d, 3, 0, "\xE2\x80\xA2", MD_BULLET);
	assert_line(d, 4, "\xE2\x80\xA2 b");
	assert_line(d, 5, "  1. c");
	assert_span(d, 5, 0, "1.", MD_BULLET);
	md_doc_free(d);

	/* Hanging indent: wrapped item text lines up after the marker. */
	d = lay("10. aaa bbb ccc\n11. x\n", 10);
	assert_line(d, 0, "10. aaa");
	assert_line(d, 1, "    bbb");
	md_doc_free(d);
}

static void
test_code(void **state)
{
	const char *src = "```\nabcdefghijklmnopqrstuvwxyz\n\tx\n```\n";
	struct md_doc *d = lay(src, 20);
	struct buf all = BUF_INIT;
	size_t n = md_doc_nlines(d);

	for (size_t i = 0; i < n; i++) {
		const struct md_line *ln = md_doc_line(d, i);
		const struct md_span *sp = md_doc_spans(d, ln);

		assert_true(ln->flags & MD_LINE_CODE);
		assert_true(ln->cols <= 20);
		for (uint32_t k = 0; k < ln->nspans; k++)
			if (MD_SPAN_KIND(sp[k].style) == MD_CODEBLOCK)
				buf_add(&all, md_span_text(d, &sp[k]),
				        sp[k].len);
	}
	buf_addc(&all, '\0');
	/* Nothing lost, tab expanded, a marker on each cut piece. */
	assert_string_equal(all.data, "abcdefghijklmnopqrstuvwxyz    x");
	assert_span(d, 0, 1, "\xE2\x86\xA9", MD_MARKER);
	assert_int_equal(md_doc_line(d, 0)->cols, 20);
	buf_free(&all);
	md_doc_free(d);
}

static void
test_links(void **state)
{
	struct md_doc *d = lay("[a](http://x) [b](http://y) [c](http://x) "
	                       "[e]() ![i](p.png)\n\n[far](http://z)\n",
	                       80);

	assert_int_equal(md_doc_nlinks(d), 3);
	assert_string_equal(md_doc_link(d, 1)->url, "http://x");
	assert_string_equal(md_doc_link(d, 2)->url, "http://y");
	assert_string_equal(md_doc_link(d, 3)->url, "http://z");
	assert_null(md_doc_link(d, 0));
	assert_null(md_doc_link(d, 4));
	assert_line(d, 0, "a[1] b[2] c[1] e [image: i]");
	assert_span(d, 0, 0, "a", MD_LINK);
	assert_span(d, 0, 1, "[1]", MD_LINK_NUM);
	assert_span(d, 0, 8, " e ", MD_TEXT); /* a link to nowhere is text */
	assert_span(d, 0, 9, "[image: i]", MD_IMAGE);
	assert_int_equal(md_doc_link(d, 1)->line, 0);
	assert_int_equal(md_doc_link(d, 3)->line, 2);
	md_doc_free(d);

	/* The number's line is where it lands after wrapping. */
	d = lay("words words words [link](http://w)\n", 12);
	assert_int_equal(md_doc_link(d, 1)->line, md_doc_nlines(d) - 1);
	md_doc_free(d);

	/* URLs are cleaned like text. */
	d = lay("[x](http://a/&#27;]52;c;QQ==&#7;b)\n", 40);
	assert_int_equal(md_doc_nlinks(d), 1);
	assert_null(strchr(md_doc_link(d, 1)->url, '\033'));
	assert_null(strchr(md_doc_link(d, 1)->url, '\a'));
	md_doc_free(d);
}

static void
test_blocks(void **state)
{
	const char *src =
	        "---\nid: x\ntitle: y\n---\n# T\n\n"
	        "```tend-prompt extra\nid: p\nquestion: \"Q?\"\n```\n\n"
	        "text\n\n```tend-assess\ninstrument: phq9\n```\n";
	struct md_doc *d = lay(src, 40);
	const struct md_block *b;

	assert_int_equal(md_doc_nblocks(d), 2);
	b = md_doc_block(d, 0);
	assert_string_equal(b->info, "tend-prompt");
	assert_string_equal(b->body, "id: p\nquestion: \"Q?\"\n");
	assert_int_equal(b->body_len, strlen(b->body));
	assert_int_equal(b->src_line, 7);
	assert_true(md_doc_line(d, b->line)->flags & MD_LINE_PLACEHOLDER);
	assert_span(d, b->line, 0, "[Question]", MD_PLACEHOLDER);
	b = md_doc_block(d, 1);
	assert_string_equal(b->info, "tend-assess");
	assert_int_equal(b->src_line, 14);
	assert_span(d, b->line, 0, "[Questionnaire]", MD_PLACEHOLDER);
	assert_null(md_doc_block(d, 2));
	/* Front matter is not shown. */
	assert_line(d, 0, "T");
	md_doc_free(d);

	/* Other fenced code is code. */
	d = lay("```python\nx = 1\n```\n", 40);
	assert_int_equal(md_doc_nblocks(d), 0);
	assert_true(md_doc_line(d, 0)->flags & MD_LINE_CODE);
	md_doc_free(d);
}

static void
test_front_matter(void **state)
{
	unsigned lines = 99;
	const char *a = "---\na: 1\n---\nbody";

	assert_int_equal(md_skip_front_matter(a, strlen(a), &lines), 13);
	assert_int_equal(lines, 3);
	a = "---\r\na: 1\r\n...\r\nbody";
	assert_int_equal(md_skip_front_matter(a, strlen(a), &lines), 16);
	assert_int_equal(lines, 3);
	a = "\xEF\xBB\xBF---\n---\n";
	assert_int_equal(md_skip_front_matter(a, strlen(a), &lines), 11);
	assert_int_equal(lines, 2);
	a = "---\na: 1\n---";
	assert_int_equal(md_skip_front_matter(a, strlen(a), &lines), 12);
	/* Not front matter. */
	a = "---\na: 1\nno end\n";
	assert_int_equal(md_skip_front_matter(a, strlen(a), &lines), 0);
	assert_int_equal(lines, 0);
	a = "----\na\n----\n";
	assert_int_equal(md_skip_front_matter(a, strlen(a), NULL), 0);
	a = "\n---\na\n---\n";
	assert_int_equal(md_skip_front_matter(a, strlen(a), NULL), 0);
	assert_int_equal(md_skip_front_matter("", 0, NULL), 0);
	assert_int_equal(md_skip_front_matter("---", 3, NULL), 0);
}

/* md_lesson_scan: the front matter, and the fenced blocks as the layout
 * sees them (same order, info, body and line), nested ones included. */
static void
test_lesson_scan(void **state)
{
	const char *t = "---\nid: a\ntitle: b\n---\n\nHello\n\n"
	                "```tend-prompt\nid: x\nquestion: q\n```\n\n"
	                "- item\n\n  ```tend-plan\n  id: p\n  ```\n\n"
	                "> ~~~tend-assess\n> instrument: i\x01\n> ~~~\n\n"
	                "    ```tend-no\n    indented code\n\n"
	                "````js\nx\n```\nmore\n";
	struct md_lesson ls;
	struct md_doc *d = md_layout(t, strlen(t), 30);

	md_lesson_scan(t, strlen(t), &ls);
	assert_non_null(ls.fm);
	assert_int_equal(ls.fm_len, strlen("id: a\ntitle: b\n"));
	assert_memory_equal(ls.fm, "id: a\ntitle: b\n", ls.fm_len);
	assert_int_equal(ls.fm_line, 2);
	assert_false(ls.fm_unclosed);
	assert_int_equal(ls.body_off, strlen("---\nid: a\ntitle: b\n---\n"));
	assert_int_equal(ls.body_line, 5);
	assert_true(ls.has_text);
	assert_int_equal(ls.nfences, 4);
	assert_int_equal(md_doc_nblocks(d), 3);
	for (size_t k = 0; k < 3; k++) {
		const struct md_block *b = md_doc_block(d, k);

		assert_string_equal(ls.fences[k].info, b->info);
		assert_int_equal(ls.fences[k].body_len, b->body_len);
		assert_memory_equal(ls.fences[k].body, b->body, b->body_len);
		assert_int_equal(ls.fences[k].line, b->src_line);
		assert_true(ls.fences[k].closed);
	}
	assert_int_equal(ls.fences[0].line, 8);
	assert_string_equal(ls.fences[1].body, "id: p\n");
	assert_int_equal(ls.fences[2].line, 19);
	assert_string_equal(ls.fences[2].body, "instrument: i\n");
	/* Four backticks are not closed by three: it runs to the end. */
	assert_string_equal(ls.fences[3].info, "js");
	assert_int_equal(ls.fences[3].line, 26);
	assert_false(ls.fences[3].closed);
	md_lesson_clear(&ls);
	assert_null(ls.fences);
	md_doc_free(d);

	/* A byte order mark and CRLF; only a fence: no text. */
	t = "\xEF\xBB\xBF---\r\nid: a\r\n...\r\n```tend-prompt\r\nid: "
	    "y\r\n```\r\n";
	md_lesson_scan(t, strlen(t), &ls);
	assert_int_equal(ls.fm_len, strlen("id: a\r\n"));
	assert_int_equal(ls.nfences, 1);
	assert_int_equal(ls.fences[0].line, 4);
	assert_true(ls.fences[0].closed);
	assert_false(ls.has_text);
	md_lesson_clear(&ls);

	/* No front matter, and one that never ends. */
	t = "# Title\n";
	md_lesson_scan(t, strlen(t), &ls);
	assert_null(ls.fm);
	assert_false(ls.fm_unclosed);
	assert_int_equal(ls.body_line, 1);
	md_lesson_clear(&ls);
	t = "---\nid: a\n";
	md_lesson_scan(t, strlen(t), &ls);
	assert_null(ls.fm);
	assert_true(ls.fm_unclosed);
	md_lesson_clear(&ls);
	md_lesson_scan(NULL, 0, &ls);
	assert_int_equal(ls.nfences, 0);
	md_lesson_clear(&ls);
	md_lesson_clear(NULL);
}

static void
test_find(void **state)
{
	struct md_doc *d = lay("Alpha beta\n\ngamma \xE4\xB8\xAD DELTA\n\nbeta "
	                       "again\n",
	                       80);
	size_t col = 0, cols = 0;

	/* lines: 0 Alpha beta, 1 blank, 2 gamma, 3 blank, 4 beta again */
	assert_int_equal(md_doc_find(d, "BETA", 0, true), 0);
	assert_int_equal(md_doc_find(d, "beta", 1, true), 4);
	assert_int_equal(md_doc_find(d, "beta", 3, false), 0);
	assert_int_equal(md_doc_find(d, "beta", 4, false), 4);
	assert_int_equal(md_doc_find(d, "delta", 100, false), 2);
	assert_int_equal(md_doc_find(d, "delta", 100, true), -1);
	assert_int_equal(md_doc_find(d, "zeta", 0, true), -1);
	assert_int_equal(md_doc_find(d, "", 0, true), -1);
	assert_true(md_doc_match(d, 2, "delta", &col, &cols));
	assert_int_equal(col, 9); /* "gamma " 6 + wide 2 + space 1 */
	assert_int_equal(cols, 5);
	assert_false(md_doc_match(d, 0, "delta", &col, &cols));
	md_doc_free(d);

	d = lay("", 80);
	assert_int_equal(md_doc_nlines(d), 0);
	assert_int_equal(md_doc_find(d, "x", 0, true), -1);
	assert_int_equal(md_doc_find(d, "x", 0, false), -1);
	assert_int_equal(md_doc_line_at_pos(d, 5), 0);
	md_doc_free(d);
}

static void
test_pos(void **state)
{
	char *text = NULL, *a, *b;
	size_t len;
	struct md_doc *wide, *narrow;

	assert_int_equal(
	        file_read("tests/golden/elements.md", 1 << 20, 0, &text, &len),
	        0);
	wide = md_layout(text, len, 100);
	narrow = md_layout(text, len, 30);
	for (size_t i = 0; i < md_doc_nlines(wide); i++) {
		const struct md_line *ln = md_doc_line(wide, i);
		size_t j = md_doc_line_at_pos(narrow, ln->pos);
		const struct md_line *nl = md_doc_line(narrow, j);

		assert_true(nl->pos <= ln->pos);
		if (!(ln->flags & MD_LINE_START) || ln->nspans == 0)
			continue;
		/* A block's first line starts the same at both widths. */
		a = line_text(wide, i);
		b = line_text(narrow, j);
		assert_memory_equal(a, b,
		                    strcspn(a, " ") < strlen(b)
		                            ? strcspn(a, " ")
		                            : strlen(b));
		free(a);
		free(b);
	}
	for (size_t i = 1; i < md_doc_nlines(narrow); i++)
		assert_true(md_doc_line(narrow, i - 1)->pos <=
		            md_doc_line(narrow, i)->pos);
	md_doc_free(wide);
	md_doc_free(narrow);
	free(text);
}

/* The invariants every display list keeps, whatever the input. */
static void
check_doc(const struct md_doc *d, int width)
{
	size_t n = md_doc_nlines(d);

	for (size_t i = 0; i < n; i++) {
		const struct md_line *ln = md_doc_line(d, i);
		const struct md_span *sp = md_doc_spans(d, ln);
		size_t end = 0;

		assert_true(ln->cols <= width);
		for (uint32_t k = 0; k < ln->nspans; k++) {
			const char *t = md_span_text(d, &sp[k]);

			assert_true(sp[k].col >= end);
			assert_int_equal(utf8_width(t, sp[k].len), sp[k].cols);
			assert_true(utf8_valid(t, sp[k].len));
			for (size_t c = 0; c < sp[k].len; c++) {
				unsigned char u = (unsigned char)t[c];

				assert_true(u >= 0x20 && u != 0x7F);
				if (u == 0xC2 && c + 1 < sp[k].len)
					assert_false((unsigned char)t[c + 1] >=
					                     0x80 &&
					             (unsigned char)t[c + 1] <=
					                     0x9F);
			}
			assert_true(MD_SPAN_KIND(sp[k].style) < MD_KIND_COUNT);
			end = (size_t)sp[k].col + sp[k].cols;
		}
		assert_int_equal(ln->cols, end);
		if (i > 0)
			assert_true(md_doc_line(d, i - 1)->pos <= ln->pos);
	}
	for (size_t k = 1; k <= md_doc_nlinks(d); k++)
		assert_true(md_doc_link(d, k)->line < n);
	for (size_t k = 0; k < md_doc_nblocks(d); k++)
		assert_true(md_doc_line(d, md_doc_block(d, k)->line)->flags &
		            MD_LINE_PLACEHOLDER);
}

static void
test_fixtures(void **state)
{
	static const char *const files[] = {
	        "tests/golden/elements.md", "tests/golden/unicode.md",
	        "tests/golden/hostile.md", "tests/golden/deep.md"};
	static const int widths[] = {4,  5,  6,  7,  9,   13, 20,
	                             33, 40, 57, 80, 132, 250};

	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		char *text = NULL;
		size_t len;

		assert_int_equal(file_read(files[f], 1 << 20, 0, &text, &len),
		                 0);
		for (size_t w = 0; w < sizeof(widths) / sizeof(widths[0]);
		     w++) {
			struct md_doc *d = md_layout(text, len, widths[w]);

			check_doc(d, widths[w]);
			md_doc_free(d);
		}
		free(text);
	}
}

static void
test_hostile(void **state)
{
	struct md_doc *d = lay("a\033[31mb &#27;[2Jc &#x9b;1md \xE2\x80\xAE"
	                       "e\xE2\x81\xA6 f\a\b\r g \xC2\x9D"
	                       "0;t\xC2\x9C h\033]52;c;QQ==\007i\n",
	                       80);

	check_doc(d, 80);
	assert_line(d, 0, "ab c d e f g  hi");
	md_doc_free(d);

	/* Every invisible format control goes, in the text and in the
	 * source (LRM, RLM, ALM, LS, PS, an interlinear annotation, the
	 * isolates), also inside emphasis and code. */
	d = lay("a\xE2\x80\x8E"
	        "b\xE2\x80\x8F"
	        "c\xD8\x9C"
	        "d\xE2\x80\xA8"
	        "e\xE2\x80\xA9"
	        "f\xEF\xBF\xB9"
	        "g *h\xE2\x81\xA7"
	        "i* `j\xE2\x80\xAB"
	        "k`\n",
	        80);
	check_doc(d, 80);
	assert_line(d, 0, "abcdefg hi jk");
	md_doc_free(d);

	/* NUL bytes and invalid UTF-8 */
	d = md_layout("a\0b\xFF", 4, 80);
	assert_line(d, 0, "ab\xEF\xBF\xBD");
	md_doc_free(d);
}

static void
test_ascii(void **state)
{
	struct md_doc *d;

	utf8_set_ascii(true);
	d = lay("# H\n\n> q\n\n- a\n  - b\n    - c\n\n---\n\n```\n"
	        "aaaaaaaaaaaaaaaaaaaaaaaaa\n```\n",
	        12);
	for (size_t i = 0; i < md_doc_nlines(d); i++) {
		const struct md_line *ln = md_doc_line(d, i);
		const struct md_span *sp = md_doc_spans(d, ln);

		for (uint32_t k = 0; k < ln->nspans; k++)
			for (size_t c = 0; c < sp[k].len; c++)
				assert_true((unsigned char)md_span_text(
				                    d, &sp[k])[c] < 0x80);
	}
	assert_line(d, 1, "=");
	assert_line(d, 3, "| q");
	assert_line(d, 5, "* a");
	assert_line(d, 6, "  - b");
	assert_line(d, 7, "    + c");
	assert_line(d, 9, "------------");
	md_doc_free(d);
	utf8_set_ascii(false);
}

static void
test_deep(void **state)
{
	struct buf b = BUF_INIT;
	struct md_doc *d;

	for (int i = 0; i < 3000; i++)
		buf_adds(&b, "> ");
	buf_adds(&b, "quote\n\n");
	for (int i = 0; i < 1000; i++)
		buf_adds(&b, "- ");
	buf_adds(&b, "item\n\n");
	for (int i = 0; i < 5000; i++)
		buf_addc(&b, '*');
	buf_addc(&b, 'x');
	for (int i = 0; i < 5000; i++)
		buf_addc(&b, '*');
	buf_adds(&b, "\n\n");
	for (int i = 0; i < 5000; i++)
		buf_adds(&b, "[");
	buf_adds(&b, "\n");
	d = md_layout(b.data, b.len, 40);
	check_doc(d, 40);
	assert_true(md_doc_find(d, "quote", 0, true) >= 0);
	assert_true(md_doc_find(d, "item", 0, true) >= 0);
	md_doc_free(d);
	buf_free(&b);
}

static void
test_big_span(void **state)
{
	struct buf b = BUF_INIT;
	struct md_doc *d;
	size_t total = 0;

	/* 100,000 bytes of zero-width marks on one character: one column,
	 * more bytes than a span can hold. */
	buf_addc(&b, 'a');
	for (int i = 0; i < 50000; i++)
		buf_adds(&b, "\xCC\x81");
	buf_adds(&b, " z\n");
	d = md_layout(b.data, b.len, 10);
	check_doc(d, 10);
	for (size_t i = 0; i < md_doc_nlines(d); i++) {
		const struct md_line *ln = md_doc_line(d, i);

		for (uint32_t k = 0; k < ln->nspans; k++)
			total += md_doc_spans(d, ln)[k].len;
	}
	assert_int_equal(total, 100001 + 2);
	md_doc_free(d);
	buf_free(&b);
}

static void
test_widths(void **state)
{
	struct md_doc *d = lay("x\n", 0);

	assert_int_equal(md_doc_width(d), MD_WIDTH_MIN);
	md_doc_free(d);
	d = lay("x\n", 1000000);
	assert_int_equal(md_doc_width(d), MD_WIDTH_MAX);
	md_doc_free(d);
	d = lay("---\n", MD_WIDTH_MAX);
	assert_int_equal(md_doc_line(d, 0)->cols, MD_WIDTH_MAX);
	assert_true(md_doc_line(d, 0)->flags & MD_LINE_RULE);
	md_doc_free(d);
}

static void
test_memory(void **state)
{
	struct buf b = BUF_INIT;
	struct md_doc *d;

	for (int i = 0; i < 500; i++)
		buf_printf(&b,
		           "Paragraph %d with *some* words and a "
		           "[link](http://example.org/%d).\n\n",
		           i, i % 7);
	d = md_layout(b.data, b.len, 80);
	assert_int_equal(md_doc_nlinks(d), 7);
	assert_true(md_doc_memory(d) > b.len);
	assert_true(md_doc_memory(d) < 4 * b.len);
	md_doc_free(d);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_structure),
	        cmocka_unit_test(test_wrap),
	        cmocka_unit_test(test_containers),
	        cmocka_unit_test(test_code),
	        cmocka_unit_test(test_links),
	        cmocka_unit_test(test_blocks),
	        cmocka_unit_test(test_front_matter),
	        cmocka_unit_test(test_find),
	        cmocka_unit_test(test_pos),
	        cmocka_unit_test(test_fixtures),
	        cmocka_unit_test(test_hostile),
	        cmocka_unit_test(test_ascii),
	        cmocka_unit_test(test_deep),
	        cmocka_unit_test(test_big_span),
	        cmocka_unit_test(test_widths),
	        cmocka_unit_test(test_memory),
	        cmocka_unit_test(test_lesson_scan),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
