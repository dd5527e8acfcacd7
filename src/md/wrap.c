/*
 * Inline text: a paragraph's text is collected with its style runs into a
 * scratch buffer, then a greedy wrapper cuts it into lines by display
 * columns and copies each line's pieces into the document's text arena as
 * spans.  Lines break at spaces, after the hyphen of a hyphenated word and
 * around ideographs (not before CJK closing punctuation); a word longer
 * than a line is cut between characters.  Link targets are numbered here.
 */
#include "md/wrap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "md/text.h"
#include "util/utf8.h"

/* Ideographs and kana: a line may break before or after any of them. */
static bool
is_cjk(uint32_t cp)
{
	return (cp >= 0x2E80 && cp <= 0x9FFF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0xFF00 && cp <= 0xFF60) ||
	       (cp >= 0x20000 && cp <= 0x3FFFD);
}

/* CJK punctuation that must not start a line. */
static bool
no_break_before(uint32_t cp)
{
	switch (cp) {
	case 0x3001:
	case 0x3002:
	case 0xFF0C:
	case 0xFF0E:
	case 0xFF1A:
	case 0xFF1B:
	case 0xFF01:
	case 0xFF1F:
	case 0x300D:
	case 0x300F:
	case 0x3011:
	case 0xFF09:
	case 0x30FC:
	case 0x3009:
	case 0x300B:
		return true;
	default:
		return false;
	}
}

unsigned
wrap_style(struct lay *l, enum md_kind base)
{
	unsigned k = base;

	if (l->heading)
		k = base == MD_LINK_NUM
		            ? MD_LINK_NUM
		            : (unsigned)(MD_H1 +
		                         (l->heading > 3 ? 2 : l->heading - 1));
	else if (l->image && base == MD_TEXT)
		k = MD_IMAGE;
	else if (l->link && base == MD_TEXT)
		k = MD_LINK;
	if (l->emph)
		k |= MD_EMPH;
	if (l->strong)
		k |= MD_STRONG;
	return k;
}

void
wrap_run_start(struct lay *l, unsigned style)
{
	if (l->nruns && l->runs[l->nruns - 1].style == style)
		return;
	if (l->nruns && l->runs[l->nruns - 1].off == l->s.len) {
		l->runs[l->nruns - 1].style = (uint16_t)style;
		return;
	}
	GROW(l->runs, l->nruns, l->runs_cap);
	l->runs[l->nruns++] = (struct run){(uint32_t)l->s.len, (uint16_t)style};
}

void
wrap_add_text(struct lay *l, const char *s, size_t n, enum md_kind base)
{
	wrap_run_start(l, wrap_style(l, base));
	text_clean(&l->s, s, n, true);
}

void
wrap_add_lit(struct lay *l, cmark_node *node, enum md_kind base)
{
	const char *s = cmark_node_get_literal(node);

	if (s)
		wrap_add_text(l, s, strlen(s), base);
}

static size_t
url_hash(const char *s)
{
	size_t h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

/* Returns the index of url in doc->links, adding it if new. */
static size_t
link_index(struct lay *l, const char *url)
{
	struct md_doc *d = l->doc;
	size_t h, i;

	if (d->nlinks * 2 >= l->urlmap_cap) {
		size_t ncap = l->urlmap_cap ? l->urlmap_cap * 2 : 64;
		size_t *m = xcalloc(ncap, sizeof(*m));

		for (i = 0; i < d->nlinks; i++) {
			h = url_hash(d->links[i].url) & (ncap - 1);
			while (m[h])
				h = (h + 1) & (ncap - 1);
			m[h] = i + 1;
		}
		free(l->urlmap);
		l->urlmap = m;
		l->urlmap_cap = ncap;
	}
	h = url_hash(url) & (l->urlmap_cap - 1);
	while (l->urlmap[h]) {
		i = l->urlmap[h] - 1;
		if (strcmp(d->links[i].url, url) == 0)
			return i;
		h = (h + 1) & (l->urlmap_cap - 1);
	}
	GROW(d->links, d->nlinks, d->links_cap);
	d->links[d->nlinks] = (struct md_link){xstrdup(url), (size_t)-1};
	l->urlmap[h] = d->nlinks + 1;
	return d->nlinks++;
}

void
wrap_link_exit(struct lay *l, const char *url)
{
	char num[32];
	size_t i;

	l->link--;
	buf_reset(&l->tmp);
	text_clean(&l->tmp, url, strlen(url), true);
	if (l->tmp.len == 0)
		return;
	i = link_index(l, l->tmp.data);
	if (l->doc->links[i].line == (size_t)-1) {
		GROW(l->fix, l->nfix, l->fix_cap);
		l->fix[l->nfix++] = (struct fixup){i, l->s.len};
	}
	snprintf(num, sizeof(num), "[%zu]", i + 1);
	wrap_add_text(l, num, strlen(num), MD_LINK_NUM);
}

void
wrap_reset(struct lay *l)
{
	buf_reset(&l->s);
	l->nruns = 0;
	l->nfix = l->fix_at = 0;
	l->emph = l->strong = l->link = l->image = 0;
}

/* Copies s[a..b) of the scratch text into the arena as spans starting at
 * col, split by style runs; *r is the run cursor.  Returns the end col. */
static size_t
emit_pieces(struct lay *l, size_t a, size_t b, size_t col, size_t *r)
{
	while (*r + 1 < l->nruns && l->runs[*r + 1].off <= a)
		(*r)++;
	while (a < b) {
		size_t end = *r + 1 < l->nruns ? l->runs[*r + 1].off : l->s.len;
		size_t n, c;
		uint32_t off;

		if (end > b)
			end = b;
		n = end - a;
		if (n) {
			off = lay_arena_add(l, l->s.data + a, n);
			c = text_cols(l->s.data + a, n);
			lay_span_add(l, off, n, col, c, l->runs[*r].style);
			col += c;
		}
		a = end;
		if (a < b)
			(*r)++;
	}
	return col;
}

/* Emits the scratch text s[a..b) as one display line. */
static void
emit_line(struct lay *l, size_t a, size_t b, unsigned flags, uint32_t base,
          size_t *r, size_t *maxcols)
{
	size_t col = lay_line_begin(l, flags, base + (uint32_t)a, true),
	       c0 = col;

	while (b > a && l->s.data[b - 1] == ' ')
		b--;

	col = emit_pieces(l, a, b, col, r);
	lay_line_end(l);
	if (col - c0 > *maxcols)
		*maxcols = col - c0;
	while (l->fix_at < l->nfix && l->fix[l->fix_at].off < b)
		l->doc->links[l->fix[l->fix_at++].link].line =
		        l->doc->nlines - 1;
}

/* Columns of the word at s[i..n), counting no further than limit + 1. */
static size_t
word_cols(const char *s, size_t i, size_t n, size_t limit)
{
	size_t w = 0;
	uint32_t cp;

	while (i < n && s[i] != ' ' && s[i] != '\n' && w <= limit) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			w++;
			continue;
		}
		i += utf8_decode(s + i, n - i, &cp);
		w += (size_t)text_cpw(cp);
	}
	return w;
}

/*
 * Greedy word wrap of the scratch text at the current prefix.  Breaks at
 * spaces (dropped), after hyphens inside words and around ideographs; a word longer than a whole line
 * starts where it is (when a few columns are left) and is cut between
 * characters; '\n' is a hard break.  keep_indent keeps the spaces that
 * start a line (HTML blocks are shown as written).  Zero-width characters
 * never start a line, so combining marks stay with their base.
 */
void
wrap_inline(struct lay *l, unsigned flags, bool keep_indent)
{
	const char *s = l->s.data;
	size_t n = l->s.len, i = 0, start = 0, col = 0, r = 0, maxc = 0;
	size_t brk_end = 0, brk_next = 0, brk_col = 0, avail;
	size_t c0 = 0;
	bool have_brk = false, cjk;
	uint32_t base = l->pos;
	unsigned first = MD_LINE_START;

	/* Every line of the block has the same prefix width. */
	for (size_t k = 0; k < l->depth; k++) {
		struct frame *f = &l->stack[k];
		size_t w = f->type == F_QUOTE  ? 2
		           : f->type == F_ITEM ? f->indent
		                               : 0;

		if (w && c0 + w <= (size_t)l->cap)
			c0 += w;
	}
	avail = lay_avail_cols(l, c0);
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp = c;
		size_t nb = 1;
		int w = 1;

		if (c == '\n') {
			emit_line(l, start, i, flags | first, base, &r, &maxc);
			first = 0;
			i++;
			while (!keep_indent && i < n && s[i] == ' ')
				i++;
			start = i;
			col = 0;
			have_brk = false;
			continue;
		}
		if (c == ' ') {
			size_t j = i;

			while (j < n && s[j] == ' ')
				j++;
			if (i == start) { /* indentation: kept, or dropped */
				if (keep_indent)
					col += j - i;
				else
					start = j;
				i = j;
				continue;
			}
			col += j - i;
			brk_end = i;
			brk_next = i = j;
			brk_col = col;
			have_brk = true;
			continue;
		}
		if (c >= 0x80) {
			nb = utf8_decode(s + i, n - i, &cp);
			w = text_cpw(cp);
		}
		if (col + (size_t)w > avail && col > 0) {
			if (have_brk &&
			    !(avail >= brk_col + 4 &&
			      word_cols(s, brk_next, n, avail) > avail)) {
				emit_line(l, start, brk_end, flags | first,
				          base, &r, &maxc);
				start = brk_next;
				col -= brk_col;
			} else {
				emit_line(l, start, i, flags | first, base, &r,
				          &maxc);
				start = i;
				col = 0;
			}
			first = 0;
			have_brk = false;
			continue;
		}
		cjk = w > 0 && is_cjk(cp);
		if (cjk && i > start && !no_break_before(cp)) {
			brk_end = brk_next = i;
			brk_col = col;
			have_brk = true;
		}
		col += (size_t)w;
		i += nb;
		if (cjk && i < n && s[i] != ' ' && s[i] != '\n') {
			uint32_t next = (unsigned char)s[i];

			if (next >= 0x80)
				utf8_decode(s + i, n - i, &next);
			if (!no_break_before(next)) { /* after an ideograph */
				brk_end = brk_next = i;
				brk_col = col;
				have_brk = true;
			}
		}
		if (c == '-' && i - 1 > start && i < n && s[i] != ' ' &&
		    s[i] != '-' && s[i - 2] != ' ' && s[i - 2] != '-') {
			/* after the hyphen of a hyphenated word */
			brk_end = brk_next = i;
			brk_col = col;
			have_brk = true;
		}
	}
	if (start < n) {
		size_t e = n;

		while (e > start && s[e - 1] == ' ')
			e--;
		emit_line(l, start, e, flags | first, base, &r, &maxc);
	}
	if ((l->heading == 1 || l->heading == 2) && maxc > 0) {
		enum glyph g = l->heading == 1 ? G_H1 : G_H2;
		size_t col2 = lay_line_begin(l, MD_LINE_HEADING,
		                             base + (uint32_t)n, true);

		if (maxc > avail)
			maxc = avail;
		/* The rule under the heading in plain text: a terminal
		 * goes from it to the text below without a change of
		 * attributes (a few bytes less on every screen with a
		 * heading, for a slow link). */
		lay_span_add(l, l->glyph_off[g], maxc * l->glyph_len[g], col2,
		             maxc, MD_TEXT);
		lay_line_end(l);
	}
	while (l->fix_at < l->nfix) /* numbers after the last break */
		l->doc->links[l->fix[l->fix_at++].link].line =
		        l->doc->nlines - 1;
	l->pos += (uint32_t)n + 1;
}
