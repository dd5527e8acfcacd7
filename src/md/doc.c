/*
 * A laid-out document: freeing it, reading its lines, spans, links and
 * blocks, finding the line for a source position, and search.  The
 * document is immutable once md_layout() has made it.
 */
#include "md/md.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "md/layout.h"
#include "md/text.h"
#include "util/utf8.h"

/* The public structs hand out const pointers to memory the document owns. */
static void
free_owned(const char *p)
{
	free((void *)(uintptr_t)p);
}

void
md_doc_free(struct md_doc *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nlinks; i++)
		free_owned(d->links[i].url);
	for (size_t i = 0; i < d->nblocks; i++) {
		free_owned(d->blocks[i].info);
		free_owned(d->blocks[i].body);
	}
	free(d->links);
	free(d->blocks);
	free(d->spans);
	free(d->lines);
	free(d->text);
	free(d);
}

/* ---- access ----------------------------------------------------------- */

int
md_doc_width(const struct md_doc *d)
{
	return d->width;
}

size_t
md_doc_nlines(const struct md_doc *d)
{
	return d->nlines;
}

const struct md_line *
md_doc_line(const struct md_doc *d, size_t i)
{
	return i < d->nlines ? &d->lines[i] : NULL;
}

const struct md_span *
md_doc_spans(const struct md_doc *d, const struct md_line *line)
{
	return d->spans + line->span;
}

const char *
md_span_text(const struct md_doc *d, const struct md_span *span)
{
	return d->text + span->off;
}

void
md_doc_line_text(const struct md_doc *d, size_t i, struct buf *out)
{
	const struct md_line *ln;
	size_t col = 0;

	if (i >= d->nlines)
		return;
	ln = &d->lines[i];
	for (uint32_t k = 0; k < ln->nspans; k++) {
		const struct md_span *sp = &d->spans[ln->span + k];

		if (sp->col > col)
			buf_addrep(out, ' ', sp->col - col);
		buf_add(out, d->text + sp->off, sp->len);
		col = (size_t)sp->col + sp->cols;
	}
}

size_t
md_doc_nlinks(const struct md_doc *d)
{
	return d->nlinks;
}

const struct md_link *
md_doc_link(const struct md_doc *d, size_t n)
{
	return n >= 1 && n <= d->nlinks ? &d->links[n - 1] : NULL;
}

void
md_doc_links_text(const struct md_doc *d, struct buf *out)
{
	char num[32];

	for (size_t k = 0; k < d->nlinks; k++) {
		const char *u = d->links[k].url;
		size_t n = strlen(u), pw, avail, fit, used;

		pw = (size_t)snprintf(num, sizeof(num), "[%zu] ", k + 1);
		avail = (size_t)d->width > pw ? (size_t)d->width - pw : 0;
		buf_adds(out, num);
		/* Too narrow for a hanging indent: the URL under the number. */
		if (avail < 8) {
			buf_addc(out, '\n');
			pw = 0;
			avail = (size_t)d->width;
		}
		do {
			fit = text_fit(u, n, avail, &used);
			if (fit == 0) { /* a character wider than the line */
				uint32_t cp;

				fit = utf8_decode(u, n, &cp);
			}
			buf_add(out, u, fit);
			buf_addc(out, '\n');
			u += fit;
			n -= fit;
			if (n)
				buf_addrep(out, ' ', pw);
		} while (n);
	}
}

size_t
md_doc_nblocks(const struct md_doc *d)
{
	return d->nblocks;
}

const struct md_block *
md_doc_block(const struct md_doc *d, size_t i)
{
	return i < d->nblocks ? &d->blocks[i] : NULL;
}

size_t
md_doc_line_at_pos(const struct md_doc *d, uint32_t pos)
{
	size_t lo = 0, hi = d->nlines;

	/* The first line after the ones at or before pos... */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (d->lines[mid].pos <= pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return 0;
	/* ...then back to the first of the lines sharing that position. */
	lo--;
	while (lo > 0 && d->lines[lo - 1].pos == d->lines[lo].pos)
		lo--;
	return lo;
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Byte offset of needle in hay (ASCII case-insensitive), or -1. */
static long
find_in(const char *hay, size_t n, const char *needle, size_t m)
{
	if (m == 0 || m > n)
		return -1;
	for (size_t i = 0; i + m <= n; i++) {
		size_t k = 0;

		while (k < m && lower((unsigned char)hay[i + k]) ==
		                        lower((unsigned char)needle[k]))
			k++;
		if (k == m)
			return (long)i;
	}
	return -1;
}

long
md_doc_find(const struct md_doc *d, const char *needle, size_t from,
            bool forward)
{
	struct buf b = BUF_INIT;
	size_t m = strlen(needle);
	long found = -1;

	if (m == 0 || d->nlines == 0)
		return -1;
	if (from >= d->nlines) {
		if (forward)
			return -1;
		from = d->nlines - 1;
	}
	for (size_t i = from;; i = forward ? i + 1 : i - 1) {
		buf_reset(&b);
		md_doc_line_text(d, i, &b);
		if (find_in(b.data ? b.data : "", b.len, needle, m) >= 0) {
			found = (long)i;
			break;
		}
		if (forward ? i + 1 >= d->nlines : i == 0)
			break;
	}
	buf_free(&b);
	return found;
}

bool
md_doc_match(const struct md_doc *d, size_t i, const char *needle, size_t *col,
             size_t *cols)
{
	struct buf b = BUF_INIT;
	size_t m = strlen(needle);
	long at;

	md_doc_line_text(d, i, &b);
	at = find_in(b.data ? b.data : "", b.len, needle, m);
	if (at >= 0) {
		*col = text_cols(b.data, (size_t)at);
		*cols = text_cols(b.data + at, m);
	}
	buf_free(&b);
	return at >= 0;
}

size_t
md_doc_memory(const struct md_doc *d)
{
	size_t n = sizeof(*d) + d->text_len + 1 +
	           d->spans_cap * sizeof(*d->spans) +
	           d->lines_cap * sizeof(*d->lines) +
	           d->links_cap * sizeof(*d->links) +
	           d->blocks_cap * sizeof(*d->blocks);

	for (size_t i = 0; i < d->nlinks; i++)
		n += strlen(d->links[i].url) + 1;
	for (size_t i = 0; i < d->nblocks; i++)
		n += strlen(d->blocks[i].info) + 1 + d->blocks[i].body_len + 1;
	return n;
}
