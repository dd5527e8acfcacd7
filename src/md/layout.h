/*
 * The layout pass's state, internal to md/: the document being built
 * (struct md_doc, opaque outside md/) and struct lay, which md/layout.c
 * (the tree walk and the containers), md/wrap.c (inline text) and
 * md/block.c (the tend-* placeholders) fill together, and the few
 * builders they share.
 */
#ifndef TEND_MD_LAYOUT_H
#define TEND_MD_LAYOUT_H

#include <cmark.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "md/md.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* Glyphs, UTF-8 and ASCII.  The arena starts with one of each, the rule
 * glyphs repeated to the full width, so every bar, bullet and rule span
 * points there instead of copying. */
enum glyph {
	G_BAR,
	G_BULLET1,
	G_BULLET2,
	G_BULLET3,
	G_RULE,
	G_H1,
	G_H2,
	G_WRAP,
	G_COUNT
};

enum frame_type { F_QUOTE, F_LIST, F_ITEM };

/* One open container.  Lists carry numbering; items their marker. */
struct frame {
	uint8_t type;
	bool pending; /* item: marker not shown yet */
	bool ordered; /* list */
	bool tight; /* list */
	uint16_t indent; /* item: columns of its hanging indent */
	uint16_t mcol; /* item: marker's column within the indent */
	uint16_t mcols; /* item: marker columns; list: widest marker */
	uint16_t mlen; /* item: marker bytes */
	uint32_t moff; /* item: marker in the arena */
	uint32_t next; /* list: next number */
	uint32_t bullets; /* list: bullet lists around it (picks the glyph) */
};

struct run {
	uint32_t off; /* into the scratch text */
	uint16_t style;
};

struct fixup {
	size_t link; /* index into doc->links */
	size_t off; /* scratch offset of its number */
};

struct md_doc {
	int width;
	char *text; /* arena */
	size_t text_len;
	struct md_span *spans;
	size_t nspans, spans_cap;
	struct md_line *lines;
	size_t nlines, lines_cap;
	struct md_link *links;
	size_t nlinks, links_cap;
	struct md_block *blocks;
	size_t nblocks, blocks_cap;
};

/* Everything the layout pass needs besides the document it fills. */
struct lay {
	struct md_doc *doc;
	struct buf arena;
	uint32_t glyph_off[G_COUNT];
	uint16_t glyph_len[G_COUNT]; /* bytes of one glyph */
	int width;
	size_t ph_col; /* content column of the placeholder being laid out */
	int cap; /* most columns a prefix may take */
	unsigned fm_lines; /* front matter lines before the body */
	struct frame *stack;
	size_t depth, stack_cap;
	/* inline collection */
	struct buf s; /* scratch text: '\n' is a hard break */
	struct run *runs;
	size_t nruns, runs_cap;
	struct fixup *fix;
	size_t nfix, fix_cap, fix_at; /* fix_at: first not yet placed */
	int heading; /* 0, or the level of the heading being collected */
	int emph, strong, link, image;
	uint32_t pos; /* width-independent position counter */
	/* URL -> link index, open addressing */
	size_t *urlmap;
	size_t urlmap_cap;
	struct buf tmp;
};

#define GROW(arr, n, cap)                                                      \
	do {                                                                   \
		if ((n) == (cap)) {                                            \
			(cap) = (cap) ? (cap)*2 : 64;                          \
			(arr) = xreallocarray((arr), (cap), sizeof(*(arr)));   \
		}                                                              \
	} while (0)

/* The text md_layout() and md_lesson_scan() give the parser. */
struct lay_src {
	struct buf in; /* the cleaned copy, when cleaning changed something */
	const char *body; /* the Markdown after the front matter, cleaned */
	size_t body_len;
	size_t skip; /* bytes of text before body (front matter, BOM) */
	unsigned fm_lines; /* lines of front matter before body */
};

/*
 * Parses text[0..len) as a lesson: skips the front matter and a byte order
 * mark, cleans the rest (text_clean_input) and hands it to libcmark with
 * md/cmem.c's allocator.  Returns the document node; free everything with
 * cmem_release() and src->in with buf_free().  Line numbers of the tree
 * count from body: add src->fm_lines for lines of text.
 */
cmark_node *lay_parse(const char *text, size_t len, struct lay_src *src);

/* Appends s[0..n) to the arena; returns its offset there. */
uint32_t lay_arena_add(struct lay *l, const char *s, size_t n);

/* Adds a span of the arena's bytes [off, off + len) at col, cols wide,
 * split where it would overflow the 16-bit length. */
void lay_span_add(struct lay *l, uint32_t off, size_t len, size_t col,
                  size_t cols, unsigned style);

/*
 * Starts a line and draws the containers' prefix: quote bars, and the
 * marker of an item whose first line this is (when markers is true).
 * Returns the column where the content starts.
 */
size_t
lay_line_begin(struct lay *l, unsigned flags, uint32_t pos, bool markers);

/* Ends the line lay_line_begin started (its span count and width). */
void lay_line_end(struct lay *l);

/* Columns left after col (at least 1). */
size_t lay_avail_cols(struct lay *l, size_t col);

#endif
