/*
 * The Markdown layout engine: libcmark's tree -> a display list at a width.
 * One pass over the tree with cmark's iterator (no recursion, so nesting of
 * any depth costs heap, not stack).  Containers (block quotes, list items)
 * live on a stack that gives every line its prefix; paragraph-like blocks
 * collect their inline text and style runs in a scratch buffer, then a
 * greedy wrapper cuts it into lines by display columns and copies each
 * line's pieces into the document's text arena as spans.  Text is cleaned
 * twice: the whole input before parsing (so escape sequences disappear
 * whole) and every literal after (entities such as &#27; decode to
 * controls inside cmark).
 */
#include "md/md.h"

#include <cmark.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"
#include "util/utf8.h"
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
static const char *const glyph_utf8[G_COUNT] = {"\u2502", "\u2022", "\u25e6",
                                                "\u25aa", "\u2500", "\u2550",
                                                "\u2500", "\u21a9"};
static const char *const glyph_ascii[G_COUNT] = {"|", "*", "-", "+",
                                                 "-", "=", "-", "\\"};

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

/* ---- cmark's memory --------------------------------------------------- */

/*
 * libcmark makes a few hundred thousand small allocations for a 1 MB lesson
 * and frees them one by one; with malloc that is a third of the layout time
 * (and a malloc_consolidate storm on the next large free).  The tree only
 * lives during md_layout(), so cmark gets a bump allocator instead: blocks
 * of growing size, realloc in place for the newest allocation, free a no-op,
 * everything released at once.  cmark_mem has no context pointer, so the
 * arena is static: md_layout() is not reentrant (tend has one thread).
 */
struct cblock {
	struct cblock *next;
	max_align_t data[];
};

#define CM_CLASSES 33 /* free lists for sizes 16, 32, ... 512 */

static struct {
	void *free[CM_CLASSES]; /* freed small allocations by size class */
	struct cblock *blocks;
	char *cur; /* next free byte */
	size_t left; /* bytes free after cur */
	char *last; /* the newest allocation */
	size_t next_size;
} cm;

#define CM_HDR 16u /* room for the size, keeping 16-byte alignment */
#define CM_ALIGN(n) (((n) + 15u) & ~(size_t)15u)

static void cm_free(void *p);

static void *
cm_alloc(size_t n)
{
	size_t need = CM_HDR + CM_ALIGN(n);
	char *p;

	if (n > SIZE_MAX / 2)
		xfatal("out of memory");
	if (CM_ALIGN(n) / 16 < CM_CLASSES && cm.free[CM_ALIGN(n) / 16]) {
		p = cm.free[CM_ALIGN(n) / 16];
		memcpy(&cm.free[CM_ALIGN(n) / 16], p, sizeof(void *));
		memcpy(p - CM_HDR, &n, sizeof(n));
		return p;
	}
	if (need > cm.left) {
		size_t size = cm.next_size ? cm.next_size : 64u << 10;
		struct cblock *b;

		if (size < 4u << 20)
			cm.next_size = size * 2;
		if (size < need)
			size = need;
		b = xmalloc(sizeof(*b) + size);
		b->next = cm.blocks;
		cm.blocks = b;
		cm.cur = (char *)b->data;
		cm.left = size;
	}
	p = cm.cur + CM_HDR;
	memcpy(cm.cur, &n, sizeof(n));
	cm.cur += need;
	cm.left -= need;
	cm.last = p;
	return p;
}

static void *
cm_calloc(size_t n, size_t size)
{
	void *p;

	if (size && n > SIZE_MAX / size)
		xfatal("out of memory");
	p = cm_alloc(n * size);
	memset(p, 0, n * size);
	return p;
}

static void *
cm_realloc(void *p, size_t n)
{
	size_t old;
	void *q;

	if (!p)
		return cm_alloc(n);
	memcpy(&old, (char *)p - CM_HDR, sizeof(old));
	if (p == cm.last && CM_ALIGN(n) <= CM_ALIGN(old) + cm.left) {
		cm.left = cm.left + CM_ALIGN(old) - CM_ALIGN(n);
		cm.cur = (char *)p + CM_ALIGN(n);
		memcpy((char *)p - CM_HDR, &n, sizeof(n));
		return p;
	}
	q = cm_alloc(n);
	memcpy(q, p, old < n ? old : n);
	cm_free(p);
	return q;
}

/* The newest allocation is given back to the block, small ones go on a
 * free list by size; anything else waits for cm_release(). */
static void
cm_free(void *p)
{
	size_t n, c;

	if (!p)
		return;
	memcpy(&n, (char *)p - CM_HDR, sizeof(n));
	if (p == cm.last) {
		cm.cur = (char *)p - CM_HDR;
		cm.left += CM_HDR + CM_ALIGN(n);
		cm.last = NULL;
		return;
	}
	c = CM_ALIGN(n) / 16;
	if (c > 0 && c < CM_CLASSES) {
		memcpy(p, &cm.free[c], sizeof(void *));
		cm.free[c] = p;
	}
}

static void
cm_release(void)
{
	while (cm.blocks) {
		struct cblock *b = cm.blocks;

		cm.blocks = b->next;
		free(b);
	}
	memset(&cm, 0, sizeof(cm));
}

/* ---- widths ---------------------------------------------------------- */

/* utf8_cpwidth switches locales per call; lessons repeat the same few
 * hundred characters, so the BMP is cached (width + 1; 0 = not known). */
static uint8_t wcache[0x10000];

static int
cpw(uint32_t cp)
{
	if (cp < 0x10000) {
		if (wcache[cp] == 0)
			wcache[cp] = (uint8_t)(utf8_cpwidth(cp) + 1);
		return wcache[cp] - 1;
	}
	return utf8_cpwidth(cp);
}

/* Columns of clean text (no controls). */
static size_t
cols_of(const char *s, size_t n)
{
	size_t i = 0, w = 0;
	uint32_t cp;

	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			w++;
			continue;
		}
		i += utf8_decode(s + i, n - i, &cp);
		w += (size_t)cpw(cp);
	}
	return w;
}

/*
 * Bytes of s[0..n) that fit in cols columns, measured like cols_of (each
 * code point its own width, as curses counts them); zero-width marks stay
 * with the character before them.  *used gets the columns.  util's
 * utf8_fit is not used here because it counts a ZWJ sequence as one
 * character, which utf8_width and curses do not.
 */
static size_t
fit_cols(const char *s, size_t n, size_t cols, size_t *used)
{
	size_t i = 0, w = 0;

	while (i < n) {
		uint32_t cp = (unsigned char)s[i];
		size_t nb = 1;
		int cw = 1;

		if (cp >= 0x80) {
			nb = utf8_decode(s + i, n - i, &cp);
			cw = cpw(cp);
		}
		if (w + (size_t)cw > cols)
			break;
		w += (size_t)cw;
		i += nb;
	}
	*used = w;
	return i;
}

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

/* ---- cleaning -------------------------------------------------------- */

/* Directional overrides, embeddings and isolates: invisible, and able to
 * reorder the rest of a line on terminals that do bidi. */
static size_t
bidi_len(const unsigned char *u, size_t n)
{
	if (n >= 3 && u[0] == 0xE2 &&
	    ((u[1] == 0x80 && u[2] >= 0xAA && u[2] <= 0xAE) ||
	     (u[1] == 0x81 && u[2] >= 0xA6 && u[2] <= 0xA9)))
		return 3;
	return 0;
}

#define CL_WS 1 /* has tabs or newlines */
#define CL_BAD 2 /* has something utf8_sanitize must remove */

static int
scan(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	int r = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = u[i];

		if (c >= 0x20 && c < 0x7F)
			continue;
		if (c == '\t' || c == '\n')
			r |= CL_WS;
		else if (c < 0x20 || c == 0x7F)
			return r | CL_BAD | CL_WS;
		else if (c == 0xC2 && i + 1 < n && u[i + 1] >= 0x80 &&
		         u[i + 1] <= 0x9F)
			return r | CL_BAD | CL_WS;
		else if (c == 0xE2 && bidi_len(u + i, n - i))
			return r | CL_BAD | CL_WS;
	}
	return r;
}

/*
 * Appends s[0..n) to out with no control characters, escape sequences or
 * directional controls.  inline_text turns tabs and newlines into spaces;
 * otherwise they are kept (code blocks expand and split them).
 */
static void
clean(struct buf *out, const char *s, size_t n, bool inline_text)
{
	int r = scan(s, n);
	size_t from = out->len, i, j;
	char *d;

	if (!(r & CL_BAD))
		buf_add(out, s, n);
	else
		utf8_sanitize(out, s, n, true);
	if (r == 0)
		return;
	d = out->data;
	for (i = j = from; i < out->len;) {
		size_t b = (r & CL_BAD) ? bidi_len((unsigned char *)d + i,
		                                   out->len - i)
		                        : 0;

		if (b) {
			i += b;
			continue;
		}
		if (inline_text && (d[i] == '\t' || d[i] == '\n'))
			d[j++] = ' ', i++;
		else
			d[j++] = d[i++];
	}
	out->len = j;
	d[j] = '\0';
}

/*
 * The whole input, line by line: lines of printable text (valid UTF-8, no
 * controls) are kept, the rest go through utf8_sanitize, which never looks
 * past a newline, so the result is the same as sanitising everything at
 * once.  Returns s itself when all of it is clean (the usual case: no
 * copy), else out->data; *len is updated.
 */
static const char *
clean_input(struct buf *out, const char *s, size_t *len)
{
	size_t i = 0, n = *len, kept = 0; /* s[0..kept) not yet copied */
	bool copying = false;

	while (i < n) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t end = nl ? (size_t)(nl - s) + 1 : n, k;

		for (k = i; k < end;) {
			unsigned char c = (unsigned char)s[k];
			uint32_t cp;
			size_t nb;

			if (c >= 0x20 && c < 0x7F) {
				k++;
				continue;
			}
			if (c < 0x80) {
				if (c != '\n' && c != '\t')
					break;
				k++;
				continue;
			}
			/* Valid UTF-8 other than C1 controls is kept. */
			nb = utf8_decode(s + k, end - k, &cp);
			if (cp < 0xA0 || (cp == UTF8_REPLACEMENT && nb == 1))
				break;
			k += nb;
		}
		if (k < end) {
			if (!copying) {
				buf_grow(out, n + 1);
				copying = true;
			}
			buf_add(out, s + kept, i - kept);
			utf8_sanitize(out, s + i, end - i, true);
			kept = end;
		}
		i = end;
	}
	if (!copying)
		return s;
	buf_add(out, s + kept, n - kept);
	*len = out->len;
	return out->data;
}

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

/* ---- building the document ------------------------------------------- */

#define GROW(arr, n, cap)                                                      \
	do {                                                                   \
		if ((n) == (cap)) {                                            \
			(cap) = (cap) ? (cap)*2 : 64;                          \
			(arr) = xreallocarray((arr), (cap), sizeof(*(arr)));   \
		}                                                              \
	} while (0)

static uint32_t
arena_add(struct lay *l, const char *s, size_t n)
{
	uint32_t off = (uint32_t)l->arena.len;

	buf_add(&l->arena, s, n);
	return off;
}

/* Adds a span, split where it would overflow the 16-bit length. */
static void
span_add(struct lay *l, uint32_t off, size_t len, size_t col, size_t cols,
         unsigned style)
{
	struct md_doc *d = l->doc;

	while (len > UINT16_MAX) {
		const char *t = l->arena.data + off;
		size_t cut = UINT16_MAX, c;

		while (cut > 0 && ((unsigned char)t[cut] & 0xC0) == 0x80)
			cut--;
		c = cols_of(t, cut);
		span_add(l, off, cut, col, c, style);
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
static size_t
line_begin(struct lay *l, unsigned flags, uint32_t pos, bool markers)
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
			span_add(l, l->glyph_off[G_BAR], l->glyph_len[G_BAR],
			         col, 1, MD_QUOTE);
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
				span_add(l, f->moff, f->mlen, col + f->mcol,
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
		span_add(l, deep->moff, deep->mlen,
		         col - deep->indent + deep->mcol, deep->mcols,
		         MD_BULLET);
	return col;
}

static void
line_end(struct lay *l)
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
	line_begin(l, MD_LINE_BLANK, l->pos, false);
	line_end(l);
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

static size_t
avail_cols(struct lay *l, size_t col)
{
	return (size_t)l->width > col ? (size_t)l->width - col : 1;
}

/* ---- inline text ------------------------------------------------------ */

static unsigned
cur_style(struct lay *l, enum md_kind base)
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

static void
run_start(struct lay *l, unsigned style)
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

static void
add_text(struct lay *l, const char *s, size_t n, enum md_kind base)
{
	run_start(l, cur_style(l, base));
	clean(&l->s, s, n, true);
}

static void
add_lit(struct lay *l, cmark_node *node, enum md_kind base)
{
	const char *s = cmark_node_get_literal(node);

	if (s)
		add_text(l, s, strlen(s), base);
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

static void
link_exit(struct lay *l, const char *url)
{
	char num[32];
	size_t i;

	l->link--;
	buf_reset(&l->tmp);
	clean(&l->tmp, url, strlen(url), true);
	if (l->tmp.len == 0)
		return;
	i = link_index(l, l->tmp.data);
	if (l->doc->links[i].line == (size_t)-1) {
		GROW(l->fix, l->nfix, l->fix_cap);
		l->fix[l->nfix++] = (struct fixup){i, l->s.len};
	}
	snprintf(num, sizeof(num), "[%zu]", i + 1);
	add_text(l, num, strlen(num), MD_LINK_NUM);
}

static void
inline_reset(struct lay *l)
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
			off = arena_add(l, l->s.data + a, n);
			c = cols_of(l->s.data + a, n);
			span_add(l, off, n, col, c, l->runs[*r].style);
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
	size_t col = line_begin(l, flags, base + (uint32_t)a, true), c0 = col;

	while (b > a && l->s.data[b - 1] == ' ')
		b--;

	col = emit_pieces(l, a, b, col, r);
	line_end(l);
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
		w += (size_t)cpw(cp);
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
static void
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
	avail = avail_cols(l, c0);
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
			w = cpw(cp);
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
		size_t col2 = line_begin(l, MD_LINE_HEADING, base + (uint32_t)n,
		                         true);

		if (maxc > avail)
			maxc = avail;
		span_add(l, l->glyph_off[g], maxc * l->glyph_len[g], col2, maxc,
		         (unsigned)(MD_H1 + l->heading - 1));
		line_end(l);
	}
	while (l->fix_at < l->nfix) /* numbers after the last break */
		l->doc->links[l->fix[l->fix_at++].link].line =
		        l->doc->nlines - 1;
	l->pos += (uint32_t)n + 1;
}

/* ---- blocks ----------------------------------------------------------- */

static unsigned
src_line(struct lay *l, cmark_node *node)
{
	return (unsigned)cmark_node_get_start_line(node) + l->fm_lines;
}

static void
rule(struct lay *l)
{
	size_t col = line_begin(l, MD_LINE_RULE | MD_LINE_START, l->pos, true);
	size_t n = avail_cols(l, col);

	span_add(l, l->glyph_off[G_RULE], n * l->glyph_len[G_RULE], col, n,
	         MD_RULE);
	line_end(l);
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
		col += cols_of(s + i, end - i);
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
		clean(&l->s, lit, n, false);
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

			col = line_begin(l, MD_LINE_CODE | first,
			                 base + (uint32_t)i, true);
			first = 0;
			avail = avail_cols(l, col);
			indent = avail >= 12 ? 2 : 0;
			pcol = col + indent;
			avail -= indent;
			fit = fit_cols(t + done, len - done, avail, &used);
			cut = fit < len - done;
			if (cut && avail >= 3)
				fit = fit_cols(t + done, len - done, avail - 1,
				               &used);
			if (fit == 0 &&
			    done < len) /* a wide char in 1 column */
				fit = fit_cols(t + done, len - done, 2, &used);
			if (fit) {
				uint32_t off = arena_add(l, t + done, fit);

				span_add(l, off, fit, pcol, used, MD_CODEBLOCK);
			}
			done += fit;
			if (cut && avail >= 3)
				span_add(l, l->glyph_off[G_WRAP],
				         l->glyph_len[G_WRAP], pcol + used, 1,
				         MD_MARKER);
			line_end(l);
		} while (done < len);
		i = end + 1;
	} while (i <= code_len && code_len > 0);
	l->pos += (uint32_t)code_len + 1;
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
		col = line_begin(l, MD_LINE_PLACEHOLDER, l->pos, true);
	else
		col = l->ph_col;
	if (w->n == 1 && n >= w->label_len) {
		fit = fit_cols(s, w->label_len, avail_cols(l, col), &used);
		off = arena_add(l, s, fit);
		span_add(l, off, fit, col, used, MD_PLACEHOLDER);
		col += used;
		s += w->label_len;
		n -= w->label_len;
	}
	if (n > 0) {
		fit = fit_cols(s, n, avail_cols(l, col), &used);
		off = arena_add(l, s, fit);
		span_add(l, off, fit, col, used, MD_PLACEHOLDER);
	}
	line_end(l);
}

static void
interactive(struct lay *l, cmark_node *node, const char *info)
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
	clean(&l->tmp, info, n, true);
	b->info = buf_detach(&l->tmp);
	buf_reset(&l->tmp);
	if (lit)
		clean(&l->tmp, lit, strlen(lit), false);
	b->body_len = l->tmp.len;
	b->body = buf_detach(&l->tmp);
	b->src_line = src_line(l, node);
	l->ph_col = line_begin(l, MD_LINE_PLACEHOLDER | MD_LINE_START, l->pos,
	                       true);
	b->line = d->nlines - 1;
	label = xasprintf("[%s]", block_label(b->info));
	buf_reset(&l->s);
	clean(&l->s, label, strlen(label), true);
	free(label);
	w.label_len = l->s.len;
	/* "[Question] What would you like ...", wrapped under its label. */
	block_text(b->info, b->body, &text);
	if (text.len) {
		buf_addc(&l->s, ' ');
		clean(&l->s, text.data, text.len, true);
	}
	buf_free(&text);
	utf8_wrap(l->s.data, l->s.len, avail_cols(l, l->ph_col), ph_line, &w);
	l->pos++;
}

static void
html_block(struct lay *l, cmark_node *node)
{
	const char *lit = cmark_node_get_literal(node);
	size_t n;

	inline_reset(l);
	if (!lit)
		return;
	run_start(l, MD_HTML);
	clean(&l->s, lit, strlen(lit), false);
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

		f.moff = arena_add(l, num, (size_t)k);
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
		line_begin(l, MD_LINE_START, l->pos, true);
		line_end(l);
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
			inline_reset(l);
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
			interactive(l, node, info);
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
		add_lit(l, node, MD_TEXT);
		break;
	case CMARK_NODE_CODE:
		add_lit(l, node, MD_CODE);
		break;
	case CMARK_NODE_HTML_INLINE:
		add_lit(l, node, MD_HTML);
		break;
	case CMARK_NODE_SOFTBREAK:
		add_text(l, " ", 1, MD_TEXT);
		break;
	case CMARK_NODE_LINEBREAK:
		run_start(l, cur_style(l, MD_TEXT));
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
			link_exit(l, url);
		break;
	}
	case CMARK_NODE_IMAGE:
		if (enter) {
			char *open = xasprintf("[%s: ", _("image"));

			add_text(l, open, strlen(open), MD_IMAGE);
			free(open);
			l->image++;
		} else {
			l->image--;
			add_text(l, "]", 1, MD_IMAGE);
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

struct md_doc *
md_layout(const char *text, size_t len, int width)
{
	struct md_doc *d = xcalloc(1, sizeof(*d));
	struct lay l;
	struct buf in = BUF_INIT;
	cmark_node *root;
	cmark_mem cm_mem = {cm_calloc, cm_realloc, cm_free};
	cmark_parser *parser;
	cmark_iter *it;
	cmark_event_type ev;
	size_t skip, body_len;
	const char *body;

	if (!text)
		text = "";
	if (width < MD_WIDTH_MIN)
		width = MD_WIDTH_MIN;
	if (width > MD_WIDTH_MAX)
		width = MD_WIDTH_MAX;
	memset(&l, 0, sizeof(l));
	l.doc = d;
	l.width = d->width = width;
	l.cap = width / 2;
	skip = md_skip_front_matter(text, len, &l.fm_lines);
	if (skip == 0 && len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		skip = 3;
	body_len = len - skip;
	body = clean_input(&in, text + skip, &body_len);
	/* Room for about what a lesson needs, so the big arrays grow once or
	 * twice rather than a dozen times (shrink() gives back the rest). */
	buf_grow(&l.arena, body_len + body_len / 8 + 4096);
	d->spans_cap = body_len / 16 + 64;
	d->spans = xreallocarray(NULL, d->spans_cap, sizeof(*d->spans));
	d->lines_cap = body_len / 64 + 64;
	d->lines = xreallocarray(NULL, d->lines_cap, sizeof(*d->lines));
	seed_glyphs(&l);
	cm_release();
	parser = cmark_parser_new_with_mem(CMARK_OPT_DEFAULT, &cm_mem);
	cmark_parser_feed(parser, body, body_len);
	root = cmark_parser_finish(parser);
	buf_free(&in);
	it = cmark_iter_new(root);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
		event(&l, ev, cmark_iter_get_node(it));
	cm_release(); /* the tree, the parser and the iterator */
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
		*col = cols_of(b.data, (size_t)at);
		*cols = cols_of(b.data + at, m);
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
