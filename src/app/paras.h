/*
 * Styled paragraphs: the text app/ builds for the front ends to draw (the
 * safety screen, the crisis screen, a check-in's result).  A style says
 * what a paragraph is, not how it looks: the full screen maps it to
 * colours and attributes, the line-oriented front ends to plain lines.
 * The words are the same everywhere, so the three front ends cannot
 * drift apart.
 */
#ifndef TEND_APP_PARAS_H
#define TEND_APP_PARAS_H

#include <stddef.h>

#include "util/buf.h"

enum para_style {
	PARA_TITLE, /* a heading that must stand out ("Your safety comes
	               first") */
	PARA_HEADING, /* a section (a country and its emergency number) */
	PARA_TEXT, /* an ordinary paragraph */
	PARA_ITEM, /* one line of a list (a crisis line, an answer) */
	PARA_NOTE, /* a quieter aside */
	PARA_WARNING, /* something is missing that matters */
};

struct paragraph {
	enum para_style style;
	char *text; /* owned; never NULL, "" is a blank line */
};

struct paras {
	struct paragraph *v; /* owned */
	size_t n, cap;
};

#define PARAS_INIT                                                             \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

/*
 * Appends text (copied) as paragraphs of style: one per line when text
 * holds newlines.  NULL adds nothing; "" adds a blank line.
 */
void paras_add(struct paras *p, enum para_style style, const char *text);
/* Like paras_add with a printf format. */
void paras_addf(struct paras *p, enum para_style style, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
/* Appends a blank line unless p is empty or already ends in one. */
void paras_gap(struct paras *p);
/* Appends every paragraph of src (copied). */
void paras_cat(struct paras *p, const struct paras *src);
/* Empties p, wiping the text (it may be the person's own words). */
void paras_free(struct paras *p);
/* The paragraphs as text, one per line, each ending in '\n'. */
void paras_text(const struct paras *p, struct buf *out);

#endif
