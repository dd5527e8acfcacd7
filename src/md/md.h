/*
 * Lesson Markdown laid out for the terminal: the first of two stages (lay
 * out, then paint what is in view).  md_layout() parses CommonMark with libcmark and turns
 * the tree into a display list at a given width: lines of styled spans whose
 * text is already sanitised (no control characters or escape sequences can
 * survive), wrapped by display columns, with the numbered links and the
 * interactive `tend-*` blocks beside it.  Painting is the caller's job (ui/
 * through its table of semantic styles, cli/ as plain or ANSI text); nothing
 * here knows about curses or escape codes.
 *
 * The list is compact on purpose (a 1 MB lesson stays in memory while it is
 * read): one text arena, 12-byte spans and 16-byte lines that point into
 * it.  A document is immutable once made; re-layout for a new width makes a
 * new one.
 */
#ifndef TEND_MD_MD_H
#define TEND_MD_MD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/*
 * What a span is, for the painter's style table.  The low byte of
 * md_span.style is one of these; MD_EMPH and MD_STRONG may be or-ed in on
 * top (emphasis inside a link, strong code, a heading with an emphasised
 * word...).  Inside a heading all text is MD_H1..MD_H3 (levels 4-6 use
 * MD_H3) with the bits, except link numbers.
 */
enum md_kind {
	MD_TEXT = 0, /* ordinary running text */
	MD_H1,
	MD_H2,
	MD_H3,
	MD_CODE, /* `inline code` */
	MD_CODEBLOCK, /* text of an indented or fenced code block */
	MD_QUOTE, /* the bar in front of block-quote lines */
	MD_BULLET, /* a list marker: bullet or "12." */
	MD_LINK, /* the text of a link */
	MD_LINK_NUM, /* the "[3]" after a link: see md_doc_link() */
	MD_RULE, /* a thematic break drawn across the width */
	MD_IMAGE, /* "[image: alt text]" */
	MD_HTML, /* raw HTML, shown as text, never interpreted */
	MD_PLACEHOLDER, /* where an interactive block goes: md_doc_block() */
	MD_MARKER, /* wrap marker at the end of a cut code line */
	MD_KIND_COUNT
};

#define MD_KIND_MASK 0x00ffu
#define MD_EMPH 0x0100u /* italic */
#define MD_STRONG 0x0200u /* bold */
#define MD_SPAN_KIND(style) ((enum md_kind)((style)&MD_KIND_MASK))

/*
 * A run of text in one style on one line.  Its bytes are md_span_text()
 * [0..len): valid UTF-8, no control characters, no tabs, no newline.  col is
 * the display column where it starts (spans of a line are in column order;
 * a gap between one span's end and the next span's col is blank: indents
 * are not stored as spaces), cols its width in columns.
 */
struct md_span {
	uint32_t off; /* into the document's text arena */
	uint16_t len; /* bytes */
	uint16_t col;
	uint16_t cols;
	uint16_t style; /* enum md_kind | MD_EMPH | MD_STRONG */
};

/* md_line.flags */
#define MD_LINE_BLANK 0x01u /* an empty line between blocks */
#define MD_LINE_START 0x02u /* the first line of a block (paragraph, item...) */
#define MD_LINE_HEADING 0x04u /* part of a heading */
#define MD_LINE_CODE 0x08u /* part of a code block */
#define MD_LINE_PLACEHOLDER 0x10u /* an interactive block's placeholder */
#define MD_LINE_RULE 0x20u /* a thematic break */

/*
 * One display line: nspans spans from md_doc_spans(doc, line), cols columns
 * wide (never more than the layout width).  pos is a position in the source
 * text that does not depend on the width: when the width changes, find the
 * line to keep in view with md_doc_line_at_pos(new, old_line->pos).
 */
struct md_line {
	uint32_t span; /* index of the first span */
	uint32_t nspans;
	uint32_t pos;
	uint16_t cols;
	uint16_t flags; /* MD_LINE_* */
};

/* A link target, numbered from 1 in order of first appearance; the same URL
 * used twice keeps its first number. */
struct md_link {
	const char *url; /* sanitised, NUL-terminated; owned by the document */
	size_t line; /* display line where it first appears */
};

/*
 * A fenced block whose info string starts with "tend-".  The layout shows a
 * one-line MD_PLACEHOLDER at `line`.  The body is the block's YAML as
 * written, minus control characters (tabs and newlines are kept), so it is
 * safe to show, but a value taken from it still has to be fitted to the
 * screen.
 */
struct md_block {
	const char *info; /* the info string's first word, e.g. "tend-prompt";
	                     sanitised, NUL-terminated */
	const char *body; /* NUL-terminated, body_len bytes */
	size_t body_len;
	size_t line; /* display line of the placeholder */
	unsigned src_line; /* 1-based line of the opening fence in the file
	                      given to md_layout (front matter included) */
};

struct md_doc;

/* Widths outside [MD_WIDTH_MIN, MD_WIDTH_MAX] are clamped to it. */
#define MD_WIDTH_MIN 4
#define MD_WIDTH_MAX 4000

/*
 * Lays out the Markdown text[0..len) at `width` columns.  A YAML front
 * matter block at the very top (see md_skip_front_matter) is skipped.  Any
 * bytes are accepted: invalid UTF-8 shows as U+FFFD, control characters and
 * escape sequences are removed, nesting of any depth is handled without
 * recursion.  Glyphs (bullets, bars, rules) are ASCII when utf8_is_ascii().
 * Returns a new document (never NULL; memory exhaustion ends the program
 * through xalloc).  Free it with md_doc_free().  text is not kept.  Not
 * thread-safe: the parser's memory and a width cache are static.
 */
struct md_doc *md_layout(const char *text, size_t len, int width);
void md_doc_free(struct md_doc *doc); /* NULL is fine */

/* The width the document was laid out at (after clamping). */
int md_doc_width(const struct md_doc *doc);

size_t md_doc_nlines(const struct md_doc *doc);
/* Line i (< md_doc_nlines); valid until the document is freed. */
const struct md_line *md_doc_line(const struct md_doc *doc, size_t i);
/* The line's spans: an array of line->nspans. */
const struct md_span *
md_doc_spans(const struct md_doc *doc, const struct md_line *line);
/* The span's bytes (span->len of them; not NUL-terminated). */
const char *md_span_text(const struct md_doc *doc, const struct md_span *span);

/* Appends line i as plain text: spans at their columns, gaps as spaces, no
 * trailing spaces, no newline. */
void md_doc_line_text(const struct md_doc *doc, size_t i, struct buf *out);

/* Links: n from 1 to md_doc_nlinks(); NULL when n is out of range. */
size_t md_doc_nlinks(const struct md_doc *doc);
const struct md_link *md_doc_link(const struct md_doc *doc, size_t n);

/*
 * Appends the link targets as text, one "[n] url" per link, every line at
 * most the document's width in columns: a URL longer than the line goes on
 * under its own start, cut between characters (a URL has no spaces to
 * break at), never past the width.  Nothing when there are no links.
 */
void md_doc_links_text(const struct md_doc *doc, struct buf *out);

/* Interactive blocks in document order: i from 0. */
size_t md_doc_nblocks(const struct md_doc *doc);
const struct md_block *md_doc_block(const struct md_doc *doc, size_t i);

/* The line holding position pos: the first of the lines with the greatest
 * pos not above it (0 when there is none, or the document is empty). */
size_t md_doc_line_at_pos(const struct md_doc *doc, uint32_t pos);

/*
 * Search, ASCII case-insensitive (other characters must match exactly),
 * within single lines (a match cut by a line break is not found).  Returns
 * the first line at or after `from` (forward) or at or before it (backward)
 * that contains needle, or -1.  No wrap-around: the caller decides.  An
 * empty needle matches nothing.
 */
long md_doc_find(const struct md_doc *doc, const char *needle, size_t from,
                 bool forward);
/* Where needle first occurs in line i: sets *col and *cols (display
 * columns) and returns true, or returns false. */
bool md_doc_match(const struct md_doc *doc, size_t i, const char *needle,
                  size_t *col, size_t *cols);

/* Bytes of memory the document holds (for tests and benchmarks). */
size_t md_doc_memory(const struct md_doc *doc);

/*
 * Front matter: if text starts with a "---" line (after an optional UTF-8
 * byte order mark) and a later line is "---" or "...", returns the offset
 * just after that closing line and sets *lines (if not NULL) to the number
 * of lines skipped; otherwise returns 0 and sets *lines to 0.
 */
size_t md_skip_front_matter(const char *text, size_t len, unsigned *lines);

/*
 * A fenced code block of a lesson, found by the parser md_layout() uses, so
 * that the loader and the layout agree on every block: the tend-* fences
 * here are, in the same order, the md_doc_block()s of any layout of the
 * same text, with the same info, body and src_line.
 */
struct md_fence {
	char *info; /* the info string's first word, cleaned ("" for none) */
	char *body; /* the content, cleaned as md_block.body; body_len bytes */
	size_t body_len;
	unsigned line; /* 1-based line of the opening fence in text */
	unsigned end_line; /* its closing fence's line, or its last line */
	bool closed; /* false: no closing fence, it runs to the end of its
	                container (usually the end of the file) */
};

/* A lesson file taken apart (md_lesson_scan).  Pointers into text are
 * borrowed; the fences are owned (md_lesson_clear). */
struct md_lesson {
	const char *fm; /* the front matter's YAML, or NULL when none */
	size_t fm_len;
	unsigned fm_line; /* 1-based line of fm's first line */
	bool fm_unclosed; /* text starts with "---" that is never closed */
	size_t body_off; /* where the Markdown starts */
	unsigned body_line; /* its 1-based line */
	bool has_text; /* the body holds more than fenced code blocks */
	struct md_fence *fences; /* every fenced code block, in order */
	size_t nfences;
};

/*
 * Splits a lesson's text (what md_layout() takes: front matter included)
 * into its front matter and the fenced code blocks of its body, parsed
 * once with libcmark.  Any bytes are accepted.  Fills *out; free with
 * md_lesson_clear().  Not thread-safe (as md_layout()).
 */
void md_lesson_scan(const char *text, size_t len, struct md_lesson *out);
void md_lesson_clear(struct md_lesson *ls); /* zeroes *ls; NULL is fine */

#endif
