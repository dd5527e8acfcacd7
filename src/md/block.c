/*
 * What makes a Markdown file a lesson: the YAML front matter at its top
 * and the interactive blocks, fenced code blocks whose info string starts
 * with "tend-".  In the display list a block is a placeholder: its label
 * ("[Question]") and what it asks, wrapped under the label, so that a
 * lesson never reads as a row of empty boxes.
 */
#include "md/block.h"

#include <stdlib.h>
#include <string.h>

#include "md/text.h"
#include "util/i18n.h"
#include "util/utf8.h"

size_t
md_skip_front_matter(const char *text, size_t len, unsigned *lines)
{
	size_t i, off = 0;
	unsigned n = 1;

	if (lines)
		*lines = 0;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		off = 3;
	if (len - off < 4 || memcmp(text + off, "---", 3) != 0)
		return 0;
	i = off + 3;
	while (i < len && (text[i] == ' ' || text[i] == '\t'))
		i++;
	if (i < len && text[i] == '\r')
		i++;
	if (i >= len || text[i] != '\n')
		return 0;
	i++;
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len, e = end;

		n++;
		while (e > i && (text[e - 1] == ' ' || text[e - 1] == '\t' ||
		                 text[e - 1] == '\r'))
			e--;
		if (e - i == 3 && (memcmp(text + i, "---", 3) == 0 ||
		                   memcmp(text + i, "...", 3) == 0)) {
			if (lines)
				*lines = n;
			return nl ? end + 1 : end;
		}
		i = end + 1;
	}
	return 0;
}

static unsigned
src_line(struct lay *l, cmark_node *node)
{
	return (unsigned)cmark_node_get_start_line(node) + l->fm_lines;
}

/* The label a placeholder shows for an interactive block. */
static const char *
block_label(const char *info)
{
	if (strcmp(info, "tend-prompt") == 0)
		return _("Question");
	if (strcmp(info, "tend-worksheet") == 0)
		return _("Worksheet");
	if (strcmp(info, "tend-assess") == 0)
		return _("Questionnaire");
	if (strcmp(info, "tend-plan") == 0)
		return _("Practice plan");
	return _("Exercise");
}

/*
 * What a placeholder says after its label: the prompt's question, the
 * worksheet's note or the plan's "what", read from the block's body by a
 * plain "key: value" scan of its top-level lines (the pack loader does the
 * real YAML parsing; this is only for showing).  Appends nothing when the
 * key is absent or its value is not a one-line scalar.
 */
static void
block_text(const char *info, const char *body, struct buf *out)
{
	const char *key = strcmp(info, "tend-prompt") == 0      ? "question:"
	                  : strcmp(info, "tend-worksheet") == 0 ? "note:"
	                  : strcmp(info, "tend-plan") == 0      ? "what:"
	                                                        : NULL;
	size_t klen;

	if (!key || !body)
		return;
	klen = strlen(key);
	for (const char *p = body; *p;) {
		const char *eol = strchr(p, '\n'), *v, *e;

		if (!eol)
			eol = p + strlen(p);
		if (strncmp(p, key, klen) == 0) {
			v = p + klen;
			e = eol;
			while (v < e && (*v == ' ' || *v == '\t'))
				v++;
			while (e > v &&
			       (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
				e--;
			if (e - v >= 2 && (*v == '"' || *v == '\'') &&
			    e[-1] == *v) {
				char q = *v++;

				e--;
				for (; v < e; v++) {
					if (q == '"' && *v == '\\' && v + 1 < e)
						v++;
					buf_addc(out, *v);
				}
			} else if (v < e && *v != '|' && *v != '>') {
				buf_add(out, v, (size_t)(e - v));
			}
			return;
		}
		p = *eol ? eol + 1 : eol;
	}
}

struct ph_wrap {
	struct lay *l;
	size_t n; /* lines emitted so far */
	size_t label_len; /* bytes of "[Label]" at the start of the text */
};

/* Emits one wrapped line of a placeholder: the first keeps its label as
 * the first span (the reader and the tests look for it there). */
static void
ph_line(const char *s, size_t n, void *arg)
{
	struct ph_wrap *w = arg;
	struct lay *l = w->l;
	size_t col, used, fit;
	uint32_t off;

	if (w->n++ > 0)
		col = lay_line_begin(l, MD_LINE_PLACEHOLDER, l->pos, true);
	else
		col = l->ph_col;
	if (w->n == 1 && n >= w->label_len) {
		fit = text_fit(s, w->label_len, lay_avail_cols(l, col), &used);
		off = lay_arena_add(l, s, fit);
		lay_span_add(l, off, fit, col, used, MD_PLACEHOLDER);
		col += used;
		s += w->label_len;
		n -= w->label_len;
	}
	if (n > 0) {
		fit = text_fit(s, n, lay_avail_cols(l, col), &used);
		off = lay_arena_add(l, s, fit);
		lay_span_add(l, off, fit, col, used, MD_PLACEHOLDER);
	}
	lay_line_end(l);
}

void
block_layout(struct lay *l, cmark_node *node, const char *info)
{
	struct md_doc *d = l->doc;
	const char *lit = cmark_node_get_literal(node);
	struct buf text = BUF_INIT;
	struct ph_wrap w = {l, 0, 0};
	size_t n = 0;
	struct md_block *b;
	char *label;

	while (info[n] && info[n] != ' ' && info[n] != '\t')
		n++;
	GROW(d->blocks, d->nblocks, d->blocks_cap);
	b = &d->blocks[d->nblocks++];
	buf_reset(&l->tmp);
	text_clean(&l->tmp, info, n, true);
	b->info = buf_detach(&l->tmp);
	buf_reset(&l->tmp);
	if (lit)
		text_clean(&l->tmp, lit, strlen(lit), false);
	b->body_len = l->tmp.len;
	b->body = buf_detach(&l->tmp);
	b->src_line = src_line(l, node);
	l->ph_col = lay_line_begin(l, MD_LINE_PLACEHOLDER | MD_LINE_START,
	                           l->pos, true);
	b->line = d->nlines - 1;
	label = xasprintf("[%s]", block_label(b->info));
	buf_reset(&l->s);
	text_clean(&l->s, label, strlen(label), true);
	free(label);
	w.label_len = l->s.len;
	/* "[Question] What would you like ...", wrapped under its label. */
	block_text(b->info, b->body, &text);
	if (text.len) {
		buf_addc(&l->s, ' ');
		text_clean(&l->s, text.data, text.len, true);
	}
	buf_free(&text);
	utf8_wrap(l->s.data, l->s.len, lay_avail_cols(l, l->ph_col), ph_line,
	          &w);
	l->pos++;
}
