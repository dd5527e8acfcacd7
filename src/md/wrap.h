/*
 * Inline text, internal to md/: collecting a paragraph's or heading's text
 * and style runs into the scratch buffer of struct lay (md/layout.h), link
 * numbers, and the greedy wrap that cuts the text into display lines.
 */
#ifndef TEND_MD_WRAP_H
#define TEND_MD_WRAP_H

#include <stdbool.h>
#include <stddef.h>

#include "md/layout.h"

/* The style of text of kind base in the current inline context (heading,
 * link, image, emphasis). */
unsigned wrap_style(struct lay *l, enum md_kind base);

/* Starts a style run at the end of the scratch text (merging with the
 * last when it is the same or empty). */
void wrap_run_start(struct lay *l, unsigned style);

/* Appends cleaned text (tabs and newlines as spaces) in the style of base. */
void wrap_add_text(struct lay *l, const char *s, size_t n, enum md_kind base);
/* The same for a node's literal (nothing when it has none). */
void wrap_add_lit(struct lay *l, cmark_node *node, enum md_kind base);

/* Closes a link: appends its number "[n]" (URLs numbered in order of first
 * appearance; an empty URL after cleaning gets none). */
void wrap_link_exit(struct lay *l, const char *url);

/* Empties the scratch text and the inline state for the next block. */
void wrap_reset(struct lay *l);

/*
 * Wraps the scratch text into lines at the current prefix (flags go on
 * every line, MD_LINE_START on the first).  keep_indent keeps spaces that
 * start a line.  Headings of level 1 and 2 get their underline.
 */
void wrap_inline(struct lay *l, unsigned flags, bool keep_indent);

#endif
