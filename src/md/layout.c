/*
 * The Markdown layout engine: libcmark's tree -> a display list at a width.
 * One pass over the tree with cmark's iterator (no recursion, so nesting of
 * any depth costs heap, not stack).  Containers (block quotes, list items)
 * live on a stack that gives every line its prefix; paragraph-like blocks
 * collect their inline text and style runs in a scratch buffer, which
 * md/wrap.c cuts into lines; code blocks and rules are laid out here, the
 * tend-* placeholders in md/block.c.  Text is cleaned twice (md/text.c):
 * the whole input before parsing (so escape sequences disappear whole) and
 * every literal after (entities such as &#27; decode to controls inside
 * cmark).
 */
#include "md/layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "md/block.h"
#include "md/cmem.h"
#include "md/text.h"
#include "md/wrap.h"
#include "util/i18n.h"
#include "util/utf8.h"

static const char *const glyph_utf8[G_COUNT] = {"\u2502", "\u2022", "\u25e6",
                                                "\u25aa", "\u2500", "\u2550",
                                                "\u2500", "\u21a9"};
static const char *const glyph_ascii[G_COUNT] = {"|", "*", "-", "+",
                                                 "-", "=", "-", "\\"};

uint32_t
lay_arena_add(struct lay *l, const char *s, size_t n)
{
	uint32_t off = (uint32_t)l->arena.len;

	buf_add(&l->arena, s, n);
	return off;
}

/* Adds a span, split where it would overflow the 16-bit length. */
void
lay_span_add(struct lay *l, uint32_t off, size_t len, size_t col, size_t cols,
             unsigned style)
{
	struct md_doc *d = l->doc;

	while (len > UINT16_MAX) {
		const char *t = l->arena.data + off;
		size_t cut = UINT16_MAX, c;

		while (cut > 0 && ((unsigned char)t[cut] & 0xC0) == 0x80)
			cut--;
		c = text_cols(t, cut);
		lay_span_add(l, off, cut, col, c, style);
		off += (uint32_t)cut;
		len -= cut;
		col += c;
		cols -= c;
	}
	GROW(d->spans, d->nspans, d->spans_cap);
	d->spans[d->nspans++] =
	        (struct md_span){off, (uint16_t)len, (uint16_t)col,
	                         (uint16_t)cols, (uint16_t)style};
}

static struct md_line *
cur_line(struct lay *l)
{
	return &l->doc->lines[l->doc->nlines - 1];
}

/*
 * Starts a line and draws the containers' prefix: quote bars, and the
 * marker of an item whose first line this is (when markers is true).
 * Returns the column where the content starts.  A container that would
 * push the prefix past l->cap is skipped, so deep nesting still leaves
 * room for text.
 */
size_t
lay_line_begin(struct lay *l, unsigned flags, uint32_t pos, bool markers)
{
	struct md_doc *d = l->doc;
	size_t col = 0, drawn = 0;
	struct frame *deep = NULL; /* innermost item past the cap, unmarked */

	GROW(d->lines, d->nlines, d->lines_cap);
	d->lines[d->nlines++] = (struct md_line){(uint32_t)d->nspans, 0, pos, 0,
	                                         (uint16_t)flags};
	for (size_t i = 0; i < l->depth; i++) {
		struct frame *f = &l->stack[i];

		if (f->type == F_QUOTE) {
			if (col + 2 > (size_t)l->cap)
				continue;
			lay_span_add(l, l->glyph_off[G_BAR],
			             l->glyph_len[G_BAR], col, 1, MD_QUOTE);
			col += 2;
			drawn = col - 1;
		} else if (f->type == F_ITEM) {
			if (col + f->indent > (size_t)l->cap) {
				if (markers && f->pending) {
					deep = f;
					f->pending = false;
				}
				continue;
			}
			if (markers && f->pending) {
				lay_span_add(l, f->moff, f->mlen, col + f->mcol,
				             f->mcols, MD_BULLET);
				f->pending = false;
				drawn = col + f->mcol + f->mcols;
			}
			col += f->indent;
		}
	}
	/* Past the cap, an item's marker goes into the blank indent of the
	 * deepest level shown, so deep items still read as items. */
	if (deep && col >= drawn + deep->indent)
		lay_span_add(l, deep->moff, deep->mlen,
		             col - deep->indent + deep->mcol, deep->mcols,
		             MD_BULLET);
	return col;
}

void
lay_line_end(struct lay *l)
{
	struct md_doc *d = l->doc;
	struct md_line *ln = cur_line(l);

	ln->nspans = (uint32_t)(d->nspans - ln->span);
	if (ln->nspans) {
		struct md_span *sp = &d->spans[d->nspans - 1];

		ln->cols = (uint16_t)(sp->col + sp->cols);
	}
}

static void
blank_line(struct lay *l)
{
	lay_line_begin(l, MD_LINE_BLANK, l->pos, false);
	lay_line_end(l);
}

/* A blank line goes before a block that follows a sibling, except inside
 * tight lists. */
static void
separate(struct lay *l, cmark_node *node)
{
	cmark_node *parent = cmark_node_parent(node);

	if (!cmark_node_previous(node))
		return;
	if (cmark_node_get_type(node) == CMARK_NODE_ITEM) {
		if (cmark_node_get_list_tight(parent))
			return;
	} else if (parent && cmark_node_get_type(parent) == CMARK_NODE_ITEM) {
		cmark_node *list = cmark_node_parent(parent);

		if (list && cmark_node_get_list_tight(list))
			return;
	}
	blank_line(l);
}

size_t
lay_avail_cols(struct lay *l, size_t col)
{
	return (size_t)l->width > col ? (size_t)l->width - col : 1;
}

static void
rule(struct lay *l)
{
	size_t col =
	        lay_line_begin(l, MD_LINE_RULE | MD_LINE_START, l->pos, true);
	size_t n = lay_avail_cols(l, col);

	lay_span_add(l, l->glyph_off[G_RULE], n * l->glyph_len[G_RULE], col, n,
	             MD_RULE);
	lay_line_end(l);
	l->pos++;
}

/* Expands tabs (stops every 4 columns) of one clean code line into tmp. */
static void
expand_tabs(struct lay *l, const char *s, size_t n)
{
	size_t col = 0, i = 0;

	buf_reset(&l->tmp);
	while (i < n) {
		const char *t = memchr(s + i, '\t', n - i);
		size_t end = t ? (size_t)(t - s) : n;

		buf_add(&l->tmp, s + i, end - i);
		col += text_cols(s + i, end - i);
		i = end;
		if (t) {
			size_t k = 4 - col % 4;

			buf_addrep(&l->tmp, ' ', k);
			col += k;
			i++;
		}
	}
}

/*
 * A code block: lines are kept as written (tabs expanded), indented by
 * two columns when there is room; a line wider than the space is cut
 * between characters with a wrap marker at the end of each cut piece, so
 * nothing is lost and nothing is ambiguous.
 */
static void
code_block(struct lay *l, cmark_node *node)
{
	const char *lit = cmark_node_get_literal(node);
	size_t n = lit ? strlen(lit) : 0, i = 0, code_len;
	unsigned first = MD_LINE_START;
	uint32_t base = l->pos;
	char *code;

	buf_reset(&l->s);
	if (n)
		text_clean(&l->s, lit, n, false);
	code = l->s.data;
	code_len = l->s.len;
	if (code_len && code[code_len - 1] == '\n')
		code_len--;
	do {
		const char *nl =
		        code ? memchr(code + i, '\n', code_len - i) : NULL;
		size_t end = nl ? (size_t)(nl - code) : code_len;
		size_t col, avail, indent, done = 0, len;
		const char *t;

		expand_tabs(l, code ? code + i : "", end - i);
		t = l->tmp.data ? l->tmp.data : "";
		len = l->tmp.len;
		do {
			size_t fit, used, pcol;
			bool cut;

			col = lay_line_begin(l, MD_LINE_CODE | first,
			                     base + (uint32_t)i, true);
			first = 0;
			avail = lay_avail_cols(l, col);
			indent = avail >= 12 ? 2 : 0;
			pcol = col + indent;
			avail -= indent;
			fit = text_fit(t + done, len - done, avail, &used);
			cut = fit < len - done;
			if (cut && avail >= 3)
				fit = text_fit(t + done, len - done, avail - 1,
				               &used);
			if (fit == 0 &&
			    done < len) /* a wide char in 1 column */
				fit = text_fit(t + done, len - done, 2, &used);
			if (fit) {
				uint32_t off = lay_arena_add(l, t + done, fit);

				lay_span_add(l, off, fit, pcol, used,
				             MD_CODEBLOCK);
			}
			done += fit;
			if (cut && avail >= 3)
				lay_span_add(l, l->glyph_off[G_WRAP],
				             l->glyph_len[G_WRAP], pcol + used,
				             1, MD_MARKER);
			lay_line_end(l);
		} while (done < len);
		i = end + 1;
	} while (i <= code_len && code_len > 0);
	l->pos += (uint32_t)code_len + 1;
}

static void
html_block(struct lay *l, cmark_node *node)
{
	const char *lit = cmark_node_get_literal(node);
	size_t n;

	wrap_reset(l);
	if (!lit)
		return;
	wrap_run_start(l, MD_HTML);
	text_clean(&l->s, lit, strlen(lit), false);
	n = l->s.len;
	while (n && (l->s.data[n - 1] == '\n' || l->s.data[n - 1] == ' '))
		n--;
	l->s.len = n;
	for (size_t i = 0; i < n; i++)
		if (l->s.data[i] == '\t')
			l->s.data[i] = ' ';
	wrap_inline(l, 0, true);
}

static void
push(struct lay *l, struct frame f)
{
	GROW(l->stack, l->depth, l->stack_cap);
	l->stack[l->depth++] = f;
}

static void
list_enter(struct lay *l, cmark_node *node)
{
	struct frame f = {0};
	size_t count = 0, bullets = 0;

	for (cmark_node *c = cmark_node_first_child(node); c;
	     c = cmark_node_next(c))
		count++;
	for (size_t i = 0; i < l->depth; i++)
		if (l->stack[i].type == F_LIST && !l->stack[i].ordered)
			bullets++;
	f.type = F_LIST;
	f.tight = cmark_node_get_list_tight(node);
	f.ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST;
	f.bullets = (uint32_t)bullets;
	if (f.ordered) {
		unsigned long last;
		int start = cmark_node_get_list_start(node), digits = 1;

		if (start < 0)
			start = 0;
		f.next = (uint32_t)start;
		last = (unsigned long)start + (count ? count - 1 : 0);
		while (last >= 10) {
			last /= 10;
			digits++;
		}
		f.mcols = (uint16_t)(digits + 1);
	} else {
		f.mcols = 1;
	}
	push(l, f);
}

static void
item_enter(struct lay *l, cmark_node *node)
{
	struct frame *list = l->depth ? &l->stack[l->depth - 1] : NULL;
	struct frame f = {0};

	f.type = F_ITEM;
	f.pending = true;
	if (!list || list->type != F_LIST) {
		f.indent = 2; /* not reached: items are always in lists */
		f.pending = false;
	} else if (list->ordered) {
		char num[32];
		cmark_node *parent = cmark_node_parent(node);
		char delim = parent && cmark_node_get_list_delim(parent) ==
		                                     CMARK_PAREN_DELIM
		                     ? ')'
		                     : '.';
		int k = snprintf(num, sizeof(num), "%lu%c",
		                 (unsigned long)list->next++, delim);

		f.moff = lay_arena_add(l, num, (size_t)k);
		f.mlen = (uint16_t)k;
		f.mcols = (uint16_t)k;
		f.mcol = (uint16_t)(list->mcols > k ? list->mcols - k : 0);
		f.indent = (uint16_t)(f.mcol + k + 1);
	} else {
		enum glyph g = (enum glyph)(G_BULLET1 + list->bullets % 3);

		f.moff = l->glyph_off[g];
		f.mlen = l->glyph_len[g];
		f.mcols = 1;
		f.indent = 2;
	}
	push(l, f);
}

static void
item_exit(struct lay *l)
{
	struct frame *f = &l->stack[l->depth - 1];

	if (f->pending) { /* an empty item still shows its marker */
		lay_line_begin(l, MD_LINE_START, l->pos, true);
		lay_line_end(l);
	}
	l->depth--;
}

static void
seed_glyphs(struct lay *l)
{
	const char *const *g = utf8_is_ascii() ? glyph_ascii : glyph_utf8;

	for (int i = 0; i < G_COUNT; i++) {
		size_t n = strlen(g[i]);
		int reps =
		        (i == G_RULE || i == G_H1 || i == G_H2) ? l->width : 1;

		l->glyph_off[i] = (uint32_t)l->arena.len;
		l->glyph_len[i] = (uint16_t)n;
		for (int k = 0; k < reps; k++)
			buf_add(&l->arena, g[i], n);
	}
}

/* Handles one iterator event: leaves come once (enter), containers twice. */
static void
event(struct lay *l, cmark_event_type ev, cmark_node *node)
{
	cmark_node_type t = cmark_node_get_type(node);
	bool enter = ev == CMARK_EVENT_ENTER;

	switch (t) {
	case CMARK_NODE_BLOCK_QUOTE:
		if (enter) {
			separate(l, node);
			push(l, (struct frame){.type = F_QUOTE});
		} else {
			l->depth--;
		}
		break;
	case CMARK_NODE_LIST:
		if (enter) {
			separate(l, node);
			list_enter(l, node);
		} else {
			l->depth--;
		}
		break;
	case CMARK_NODE_ITEM:
		if (enter) {
			separate(l, node);
			item_enter(l, node);
		} else {
			item_exit(l);
		}
		break;
	case CMARK_NODE_PARAGRAPH:
	case CMARK_NODE_HEADING:
		if (enter) {
			separate(l, node);
			wrap_reset(l);
			l->heading =
			        t == CMARK_NODE_HEADING
			                ? cmark_node_get_heading_level(node)
			                : 0;
		} else {
			wrap_inline(l, l->heading ? MD_LINE_HEADING : 0, false);
			l->heading = 0;
		}
		break;
	case CMARK_NODE_CODE_BLOCK: {
		const char *info = cmark_node_get_fence_info(node);

		separate(l, node);
		if (info && strncmp(info, "tend-", 5) == 0)
			block_layout(l, node, info);
		else
			code_block(l, node);
		break;
	}
	case CMARK_NODE_HTML_BLOCK:
		separate(l, node);
		html_block(l, node);
		break;
	case CMARK_NODE_THEMATIC_BREAK:
		separate(l, node);
		rule(l);
		break;
	case CMARK_NODE_TEXT:
		wrap_add_lit(l, node, MD_TEXT);
		break;
	case CMARK_NODE_CODE:
		wrap_add_lit(l, node, MD_CODE);
		break;
	case CMARK_NODE_HTML_INLINE:
		wrap_add_lit(l, node, MD_HTML);
		break;
	case CMARK_NODE_SOFTBREAK:
		wrap_add_text(l, " ", 1, MD_TEXT);
		break;
	case CMARK_NODE_LINEBREAK:
		wrap_run_start(l, wrap_style(l, MD_TEXT));
		buf_addc(&l->s, '\n');
		break;
	case CMARK_NODE_EMPH:
		l->emph += enter ? 1 : -1;
		break;
	case CMARK_NODE_STRONG:
		l->strong += enter ? 1 : -1;
		break;
	case CMARK_NODE_LINK: {
		/* A link to nowhere ([text]()) reads as plain text. */
		const char *url = cmark_node_get_url(node);

		if (!url || !*url)
			break;
		if (enter)
			l->link++;
		else
			wrap_link_exit(l, url);
		break;
	}
	case CMARK_NODE_IMAGE:
		if (enter) {
			char *open = xasprintf("[%s: ", _("image"));

			wrap_add_text(l, open, strlen(open), MD_IMAGE);
			free(open);
			l->image++;
		} else {
			l->image--;
			wrap_add_text(l, "]", 1, MD_IMAGE);
		}
		break;
	default: /* document, custom blocks and inlines: children only */
		break;
	}
}

static void
shrink(struct md_doc *d, const struct buf *arena)
{
	/* At least one element each, so md_doc_spans() never offsets NULL. */
	d->text_len = arena->len;
	d->spans_cap = d->nspans ? d->nspans : 1;
	d->spans = xreallocarray(d->spans, d->spans_cap, sizeof(*d->spans));
	d->lines_cap = d->nlines ? d->nlines : 1;
	d->lines = xreallocarray(d->lines, d->lines_cap, sizeof(*d->lines));
}

cmark_node *
lay_parse(const char *text, size_t len, struct lay_src *src)
{
	cmark_parser *parser;

	memset(src, 0, sizeof(*src));
	if (!text)
		text = "";
	src->skip = md_skip_front_matter(text, len, &src->fm_lines);
	if (src->skip == 0 && len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		src->skip = 3;
	src->body_len = len - src->skip;
	src->body =
	        text_clean_input(&src->in, text + src->skip, &src->body_len);
	cmem_release();
	parser = cmark_parser_new_with_mem(CMARK_OPT_DEFAULT, cmem_allocator());
	cmark_parser_feed(parser, src->body, src->body_len);
	return cmark_parser_finish(parser);
}

struct md_doc *
md_layout(const char *text, size_t len, int width)
{
	struct md_doc *d = xcalloc(1, sizeof(*d));
	struct lay l;
	struct lay_src src;
	cmark_node *root;
	cmark_iter *it;
	cmark_event_type ev;

	if (width < MD_WIDTH_MIN)
		width = MD_WIDTH_MIN;
	if (width > MD_WIDTH_MAX)
		width = MD_WIDTH_MAX;
	memset(&l, 0, sizeof(l));
	l.doc = d;
	l.width = d->width = width;
	l.cap = width / 2;
	root = lay_parse(text, len, &src);
	l.fm_lines = src.fm_lines;
	buf_free(&src.in);
	/* Room for about what a lesson needs, so the big arrays grow once or
	 * twice rather than a dozen times (shrink() gives back the rest). */
	buf_grow(&l.arena, src.body_len + src.body_len / 8 + 4096);
	d->spans_cap = src.body_len / 16 + 64;
	d->spans = xreallocarray(NULL, d->spans_cap, sizeof(*d->spans));
	d->lines_cap = src.body_len / 64 + 64;
	d->lines = xreallocarray(NULL, d->lines_cap, sizeof(*d->lines));
	seed_glyphs(&l);
	it = cmark_iter_new(root);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
		event(&l, ev, cmark_iter_get_node(it));
	cmem_release(); /* the tree, the parser and the iterator */
	for (size_t i = 0; i < d->nlinks; i++)
		if (d->links[i].line == (size_t)-1)
			d->links[i].line = d->nlines ? d->nlines - 1 : 0;
	shrink(d, &l.arena);
	d->text = xrealloc(buf_detach(&l.arena), d->text_len + 1);
	buf_free(&l.s);
	buf_free(&l.tmp);
	free(l.stack);
	free(l.runs);
	free(l.fix);
	free(l.urlmap);
	return d;
}
