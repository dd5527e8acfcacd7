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

#include "md/cmem.h"
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

/*
 * A fenced block's info string's first word and its content, cleaned, as
 * fresh strings: the one copy both md_layout()'s blocks and
 * md_lesson_scan()'s fences are made with, so that they agree.  tmp is
 * scratch.
 */
static void
fence_copy(struct buf *tmp, cmark_node *node, char **info, char **body,
           size_t *body_len)
{
	const char *in = cmark_node_get_fence_info(node);
	const char *lit = cmark_node_get_literal(node);

	if (!in)
		in = "";
	buf_reset(tmp);
	text_clean(tmp, in, strcspn(in, " \t"), true);
	*info = tmp->data ? buf_detach(tmp) : xstrdup("");
	buf_reset(tmp);
	if (lit)
		text_clean(tmp, lit, strlen(lit), false);
	*body_len = tmp->len;
	*body = tmp->data ? buf_detach(tmp) : xstrdup("");
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
	struct buf text = BUF_INIT;
	struct ph_wrap w = {l, 0, 0};
	struct md_block *b;
	char *label, *info_out, *body;

	GROW(d->blocks, d->nblocks, d->blocks_cap);
	b = &d->blocks[d->nblocks++];
	fence_copy(&l->tmp, node, &info_out, &body, &b->body_len);
	b->info = info_out;
	b->body = body;
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

/* ---- a lesson's front matter and fences ---- */

/* Walks the lines of the parsed text in order, so that finding the lines
 * of every fence costs one pass. */
struct cursor {
	const char *s;
	size_t n, off; /* off: start of line `line` */
	int line;
};

/* The bytes of line `line` (>= the cursor's; 1-based) without its newline,
 * and *len; NULL past the end. */
static const char *
cursor_line(struct cursor *c, int line, size_t *len)
{
	const char *nl;

	while (c->line < line && c->off < c->n) {
		nl = memchr(c->s + c->off, '\n', c->n - c->off);
		c->off = nl ? (size_t)(nl - c->s) + 1 : c->n;
		c->line++;
	}
	if (c->line != line || c->off >= c->n)
		return NULL;
	nl = memchr(c->s + c->off, '\n', c->n - c->off);
	*len = (nl ? (size_t)(nl - c->s) : c->n) - c->off;
	return c->s + c->off;
}

/*
 * Whether the code block node is fenced (libcmark does not say, so the
 * opening line is read at the node's column) and, if so, whether the last
 * line of its range is a closing fence: at least as long, of the same
 * character, after container marks (indentation, '>'), with nothing but
 * blanks after it.
 */
static bool
fence_shape(struct cursor *c, cmark_node *node, bool *closed)
{
	const char *info = cmark_node_get_fence_info(node);
	const char *lit = cmark_node_get_literal(node);
	int start = cmark_node_get_start_line(node);
	int end = cmark_node_get_end_line(node);
	size_t len, col = (size_t)cmark_node_get_start_column(node), k = 0,
	            run = 0;
	const char *p = cursor_line(c, start, &len);
	char ch;

	*closed = false;
	if (!info)
		info = "";
	if (!lit)
		lit = "";
	if (!p || col == 0 || col > len ||
	    (p[col - 1] != '`' && p[col - 1] != '~'))
		return false;
	ch = p[col - 1];
	while (col - 1 + run < len && p[col - 1 + run] == ch)
		run++;
	if (run < 3)
		return false;
	if (!*info) {
		/* An indented code block may start with a fence's characters;
		 * its literal then starts with its first line, while a fenced
		 * block's never starts with its opening line (that line would
		 * have closed it). */
		size_t rest = len - (col - 1);

		if (strncmp(lit, p + col - 1, rest) == 0 &&
		    (lit[rest] == '\n' || lit[rest] == '\0'))
			return false;
	}
	if (end <= start || !(p = cursor_line(c, end, &len)))
		return true;
	while (k < len && (p[k] == ' ' || p[k] == '\t' || p[k] == '>'))
		k++;
	if (len - k < run)
		return true;
	for (size_t i = 0; i < run; i++)
		if (p[k + i] != ch)
			return true;
	for (k += run; k < len && p[k] == ch; k++)
		;
	while (k < len && (p[k] == ' ' || p[k] == '\t' || p[k] == '\r'))
		k++;
	*closed = k == len;
	return true;
}

void
md_lesson_scan(const char *text, size_t len, struct md_lesson *out)
{
	struct lay_src src;
	struct buf tmp = BUF_INIT;
	struct cursor cur;
	cmark_node *root;
	cmark_iter *it;
	cmark_event_type ev;
	size_t cap = 0;

	memset(out, 0, sizeof(*out));
	if (!text)
		text = "";
	root = lay_parse(text, len, &src);
	out->body_off = src.skip;
	out->body_line = src.fm_lines + 1;
	if (src.fm_lines) {
		const char *nl = memchr(text, '\n', len);
		size_t from = nl ? (size_t)(nl - text) + 1 : len, to = src.skip;

		/* The closing line is the last one skipped. */
		while (to > from && text[to - 1] == '\n')
			to--;
		while (to > from && text[to - 1] != '\n')
			to--;
		out->fm = text + from;
		out->fm_len = to - from;
		out->fm_line = 2;
	} else {
		size_t off = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0
		                     ? 3
		                     : 0;
		size_t k = off + 3;

		if (len >= off + 3 && memcmp(text + off, "---", 3) == 0) {
			while (k < len && (text[k] == ' ' || text[k] == '\t' ||
			                   text[k] == '\r'))
				k++;
			out->fm_unclosed = k == len || text[k] == '\n';
		}
	}
	cur = (struct cursor){src.body, src.body_len, 0, 1};
	it = cmark_iter_new(root);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		bool fenced = false, closed = false;
		struct md_fence *f;

		if (cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK)
			fenced = fence_shape(&cur, node, &closed);
		if (cmark_node_parent(node) == root &&
		    ev == CMARK_EVENT_ENTER && !fenced)
			out->has_text = true;
		if (!fenced)
			continue;
		GROW(out->fences, out->nfences, cap);
		f = &out->fences[out->nfences++];
		fence_copy(&tmp, node, &f->info, &f->body, &f->body_len);
		f->line = (unsigned)cmark_node_get_start_line(node) +
		          src.fm_lines;
		f->end_line =
		        (unsigned)cmark_node_get_end_line(node) + src.fm_lines;
		f->closed = closed;
	}
	cmem_release();
	buf_free(&src.in);
	buf_free(&tmp);
}

void
md_lesson_clear(struct md_lesson *ls)
{
	if (!ls)
		return;
	for (size_t i = 0; i < ls->nfences; i++) {
		free(ls->fences[i].info);
		free(ls->fences[i].body);
	}
	free(ls->fences);
	memset(ls, 0, sizeof(*ls));
}
