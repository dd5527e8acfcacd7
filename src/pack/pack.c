/*
 * The course loader: course.yaml and the lesson files into a struct course,
 * checking every value and every cross-reference on the way.  It keeps
 * going after an error so that `tend check-content` can report everything
 * at once; the caller only gets a course when nothing was wrong.
 *
 * Each lesson file is read once: md/ splits it into front matter and
 * fenced blocks with the parser the reader lays it out with, so both agree
 * on every block; each tend-* block's YAML is parsed here into a
 * course_part, and the text is kept in the course for the reader.
 */
#include "pack/pack.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "md/md.h"
#include "pack/yml.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/i18n.h"
#include "util/path.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* What the loader learnt about one worksheet or instrument id. */
struct ref {
	char *id;
	bool instrument;
	bool exists;
	char *title;
	long nitems; /* instruments: number of items; -1 unknown */
	char **bands; /* instruments: band ids */
	size_t nbands;
};

/* Per-lesson state that only matters while loading. */
struct ltmp {
	char *path; /* display path */
	bool loaded;
	int id_line;
	bool after_set;
	char **after; /* ids as written */
	int *after_line;
	size_t nafter;
	bool hw_set;
	bool assess_set;
	int list_line; /* line in course.yaml */
};

struct loader {
	const char *dir;
	const char *const *data; /* the data folders, most important first */
	size_t ndata;
	char *course_path;
	struct diags *d;
	struct course *c;
	struct ref *refs;
	size_t nrefs;
	struct ltmp *tmp;
};

void
pack_strv_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static char **
strv_push(char **v, size_t *n, const char *s)
{
	v = xreallocarray(v, *n + 1, sizeof(*v));
	v[(*n)++] = xstrdup(s);
	return v;
}

/* --- Files ------------------------------------------------------------ */

/* A file name in a course folder: no folders, no dot files. */
static bool
plain_name(const char *s)
{
	return *s && *s != '.' && !strchr(s, '/') && strlen(s) <= 255;
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* --- References to data files ------------------------------------------ */

/* Where a reference was looked for, for a message: "D/instruments/ID.yaml"
 * with one data folder, "instruments/ID.yaml in A or B" with several.
 * Fresh. */
static char *
ref_places(const struct loader *ld, bool instrument, const char *id)
{
	const char *sub = instrument ? "instruments" : "worksheets";
	struct buf b = BUF_INIT;

	if (ld->ndata == 1) {
		buf_printf(&b, "%s/%s/%s.yaml", ld->data[0], sub, id);
		return buf_detach(&b);
	}
	buf_printf(&b, "%s/%s.yaml in ", sub, id);
	for (size_t i = 0; i < ld->ndata; i++) {
		if (i)
			buf_adds(&b, i + 1 == ld->ndata ? " or " : ", ");
		buf_adds(&b, ld->data[i]);
	}
	return buf_detach(&b);
}

/* s with whatever a terminal would act on removed (fresh string). */
static char *
clean_text(const char *s)
{
	struct buf b = BUF_INIT;

	utf8_sanitize(&b, s, strlen(s), false);
	return buf_detach(&b);
}

static struct ref *
ref_get(struct loader *ld, const char *id, bool instrument)
{
	struct diags quiet = DIAGS_INIT;
	struct yml_doc *doc;
	struct ref *r;
	char *file, *path;
	const char *s;

	for (size_t i = 0; i < ld->nrefs; i++)
		if (ld->refs[i].instrument == instrument &&
		    strcmp(ld->refs[i].id, id) == 0)
			return &ld->refs[i];
	ld->refs = xreallocarray(ld->refs, ld->nrefs + 1, sizeof(*ld->refs));
	r = &ld->refs[ld->nrefs++];
	memset(r, 0, sizeof(*r));
	r->id = xstrdup(id);
	r->instrument = instrument;
	r->nitems = -1;
	file = xasprintf("%s/%s.yaml",
	                 instrument ? "instruments" : "worksheets", id);
	/* The first folder that has it, as the program reads it. */
	path = NULL;
	for (size_t i = 0; i < ld->ndata && !r->exists; i++) {
		free(path);
		path = path_join(ld->data[i], file);
		r->exists = path_exists(path);
	}
	/* Problems inside the data file are reported when check-content
	 * checks that file; here only its names and sizes matter. */
	doc = r->exists ? yml_load_file(path, NULL, NULL, &quiet) : NULL;
	if (doc) {
		const struct yml_node *root = yml_root(doc), *v;

		if ((instrument && yml_map_str(root, "short", YML_OPTIONAL, &s,
		                               &quiet) == 0) ||
		    yml_map_str(root, "title", YML_OPTIONAL, &s, &quiet) == 0)
			r->title = clean_text(s);
		v = yml_get(root, "items");
		if (instrument && yml_kind(v) == YML_SEQ)
			r->nitems = (long)yml_len(v);
		/* The bands of the instrument and of every country's
		 * version of it (a rule may name a band of either). */
		for (size_t k = 0;
		     instrument && k <= yml_len(yml_get(root, "variants"));
		     k++) {
			const struct yml_node *src =
			        k == 0 ? root
			               : yml_item(yml_get(root, "variants"),
			                          k - 1);

			v = yml_get(src, "bands");
			for (size_t i = 0; i < yml_len(v); i++) {
				const char *b =
				        yml_text(yml_get(yml_item(v, i), "id"));

				if (b)
					r->bands = strv_push(r->bands,
					                     &r->nbands, b);
			}
		}
	}
	yml_free(doc);
	diag_free(&quiet);
	free(file);
	free(path);
	return r;
}

/*
 * Checks a worksheet or instrument id used at node n; records its title
 * in the course.  Returns the ref, or NULL when it does not exist (after an
 * error) or when there is no data folder to check against.
 */
static struct ref *
check_ref(struct loader *ld, const struct yml_node *n, const char *id,
          bool instrument)
{
	struct ref *r;

	if (ld->ndata == 0)
		return NULL;
	r = ref_get(ld, id, instrument);
	if (!r->exists) {
		char *where = ref_places(ld, instrument, id);

		yml_error(ld->d, n, _("unknown %s '%s' (there is no %s)"),
		          instrument ? "instrument" : "worksheet", id, where);

		free(where);
		return NULL;
	}
	if (r->title) {
		if (instrument)
			course_set_instrument_name(ld->c, id, r->title);
		else
			course_set_worksheet_title(ld->c, id, r->title);
	}
	return r;
}

/* Reads a list of ids (instruments when instrument, else lessons). */
static int
read_id_list(struct loader *ld, const struct yml_node *seq, const char *what,
             bool check_instruments, char ***out, size_t *nout)
{
	int rc = 0;

	for (size_t i = 0; i < yml_len(seq); i++) {
		const struct yml_node *it = yml_item(seq, i);
		const char *id;

		if (yml_as_id(it, what, &id, ld->d) < 0) {
			rc = -1;
			continue;
		}
		for (size_t k = 0; k < *nout; k++) {
			if (strcmp((*out)[k], id) == 0) {
				yml_warning(ld->d, it, _("%s lists '%s' twice"),
				            what, id);
				id = NULL;
				break;
			}
		}
		if (!id)
			continue;
		if (check_instruments)
			check_ref(ld, it, id, true);
		*out = strv_push(*out, nout, id);
	}
	return rc;
}

static int
read_id_list_key(struct loader *ld, const struct yml_node *map, const char *key,
                 bool instruments, char ***out, size_t *nout)
{
	const struct yml_node *seq = NULL;
	struct buf what = BUF_INIT;
	int r;

	r = yml_map_seq(map, key, YML_OPTIONAL, &seq, ld->d);
	if (r != 0)
		return r < 0 ? -1 : 1;
	buf_printf(&what, "'%s'", key);
	r = read_id_list(ld, seq, what.data, instruments, out, nout);
	buf_free(&what);
	return r;
}

/* --- Interactive blocks ---------------------------------------------- */

void
pack_part_clear(struct course_part *p)
{
	free(p->id);
	free(p->text);
	memset(p, 0, sizeof(*p));
}

static const char *const block_kinds[] = {"tend-prompt", "tend-worksheet",
                                          "tend-assess", "tend-plan", NULL};

int
pack_parse_block(const char *info, const char *body, size_t len,
                 const char *file, int line, struct course_part *out,
                 struct diags *d)
{
	static const char *const prompt_keys[] = {"id", "question", "lines",
	                                          "required", NULL};
	static const char *const sheet_keys[] = {"worksheet", "homework",
	                                         "note", NULL};
	static const char *const assess_keys[] = {"instrument", NULL};
	static const char *const plan_keys[] = {"id", "what", "per_week", NULL};
	size_t e0 = d->nerrors, wlen = strcspn(info, " \t");
	const struct yml_node *m;
	struct yml_doc *doc;
	const char *s = NULL;
	long v;
	int kind = -1;

	memset(out, 0, sizeof(*out));
	for (int k = 0; block_kinds[k]; k++)
		if (strlen(block_kinds[k]) == wlen &&
		    strncmp(info, block_kinds[k], wlen) == 0)
			kind = k;
	if (kind < 0) {
		diag_add(d, DIAG_ERROR, file, line > 1 ? line - 1 : line,
		         _("unknown interactive block '%.*s' (expected "
		           "tend-prompt, tend-worksheet, tend-assess or "
		           "tend-plan)"),
		         (int)(wlen > 40 ? 40 : wlen), info);
		return -1;
	}
	out->kind = (enum course_part_kind)kind;
	out->line = line > 1 ? line - 1 : line;
	doc = yml_parse(body, len, file, line, NULL, d);
	if (!doc)
		return -1;
	m = yml_root_map(doc, block_kinds[kind], d);
	if (!m)
		goto out;
	switch (out->kind) {
	case PART_PROMPT:
		yml_check_keys(m, prompt_keys, _("a tend-prompt block"), d);
		if (yml_map_id(m, "id", YML_REQUIRED, &s, d) == 0)
			out->id = xstrdup(s);
		yml_map_text(m, "question", YML_REQUIRED, &out->text, d);
		v = 3;
		yml_map_int(m, "lines", YML_OPTIONAL, 1, 30, &v, d);
		out->lines = (int)v;
		yml_map_bool(m, "required", YML_OPTIONAL, &out->required, d);
		break;
	case PART_WORKSHEET:
		yml_check_keys(m, sheet_keys, _("a tend-worksheet block"), d);
		if (yml_map_id(m, "worksheet", YML_REQUIRED, &s, d) == 0)
			out->id = xstrdup(s);
		v = 0;
		yml_map_int(m, "homework", YML_OPTIONAL, 0, 50, &v, d);
		out->count = (int)v;
		yml_map_text(m, "note", YML_OPTIONAL, &out->text, d);
		break;
	case PART_ASSESS:
		yml_check_keys(m, assess_keys, _("a tend-assess block"), d);
		if (yml_map_id(m, "instrument", YML_REQUIRED, &s, d) == 0)
			out->id = xstrdup(s);
		break;
	case PART_PLAN:
		yml_check_keys(m, plan_keys, _("a tend-plan block"), d);
		if (yml_map_id(m, "id", YML_REQUIRED, &s, d) == 0)
			out->id = xstrdup(s);
		yml_map_text(m, "what", YML_REQUIRED, &out->text, d);
		v = 3;
		yml_map_int(m, "per_week", YML_OPTIONAL, 1, 21, &v, d);
		out->count = (int)v;
		break;
	}
out:
	yml_free(doc);
	if (d->nerrors > e0) {
		pack_part_clear(out);
		return -1;
	}
	return 0;
}

static void
add_part(struct course_lesson *l, struct course_part *p)
{
	l->parts = xreallocarray(l->parts, l->nparts + 1, sizeof(*l->parts));
	l->parts[l->nparts++] = *p;
}

/* A byte YAML does not allow (and md/ removes): C0 controls other than
 * tab and line ends, DEL, and C1 controls other than NEL (as UTF-8). */
static bool
is_control(const char *s, size_t i, size_t n)
{
	unsigned char c = (unsigned char)s[i];

	if (c == '\r')
		return !(i + 1 < n && s[i + 1] == '\n');
	if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
		return true;
	return c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
	       (unsigned char)s[i + 1] <= 0x9F &&
	       (unsigned char)s[i + 1] != 0x85;
}

/* The offset of the first invisible format control (a bidirectional
 * override, isolate or mark, ...) in s[0, n), or n; its code point in
 * *cp.  md/ removes them; check-content says where they were. */
static size_t
first_format(const char *s, size_t n, uint32_t *cp)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c == 0xD8 || c == 0xE2 || c == 0xEF) &&
		    utf8_decode(s + i, n - i, cp) > 1 &&
		    utf8_is_format_control(*cp))
			return i;
	}
	return n;
}

/* The offset of the first control character in s[from, to), or to. */
static size_t
first_control(const char *s, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (is_control(s, i, to))
			return i;
	return to;
}

/* Walks the lines of a text in order, so that finding the lines of every
 * block costs one pass over the file. */
struct lines {
	const char *s;
	size_t n, off; /* off: start of line `line` */
	int line;
};

/* The offset where line `line` (not before the cursor's) starts, or the
 * end of the text. */
static size_t
line_start(struct lines *ln, int line)
{
	while (ln->off < ln->n && ln->line < line) {
		const char *nl = memchr(ln->s + ln->off, '\n', ln->n - ln->off);

		ln->off = nl ? (size_t)(nl - ln->s) + 1 : ln->n;
		ln->line++;
	}
	return ln->off;
}

/* The line of offset off in s, counting from line first at offset 0. */
static int
line_of(const char *s, size_t off, int first)
{
	for (size_t i = 0; i < off; i++)
		first += s[i] == '\n';
	return first;
}

/*
 * Takes the lesson's fenced blocks as md/ found them (the same ones the
 * reader shows) and parses each tend-* block's YAML into a part of l,
 * checking its references.
 */
static void
scan_body(struct loader *ld, struct course_lesson *l, const char *path,
          const struct md_lesson *ls, const char *text, size_t len)
{
	const char *body = text + ls->body_off;
	size_t body_len = len - ls->body_off;
	size_t bad = first_control(body, 0, body_len);
	struct lines ln = {body, body_len, 0, (int)ls->body_line};

	if (bad < body_len)
		diag_add(ld->d, DIAG_WARNING, path,
		         line_of(body, bad, (int)ls->body_line),
		         _("control character 0x%02x (it is removed when the "
		           "lesson is shown)"),
		         (unsigned char)body[bad]);
	{
		uint32_t cp = 0;
		size_t fmt = first_format(body, body_len, &cp);

		if (fmt < body_len)
			diag_add(ld->d, DIAG_WARNING, path,
			         line_of(body, fmt, (int)ls->body_line),
			         _("invisible control U+%04X (it is removed "
			           "when the lesson is shown)"),
			         (unsigned)cp);
	}
	for (size_t i = 0; i < ls->nfences; i++) {
		const struct md_fence *f = &ls->fences[i];
		bool tend = strncmp(f->info, "tend-", 5) == 0;
		struct course_part part;

		if (!f->closed) {
			diag_add(
			        ld->d, tend ? DIAG_ERROR : DIAG_WARNING, path,
			        (int)f->line,
			        _("this code block is never closed (it runs to "
			          "the end of the file)"));
			continue;
		}
		if (!tend)
			continue;
		if (bad < body_len) {
			/* md/ shows the block without its control characters;
			 * the YAML as written is parsed to say what is wrong. */
			size_t from = line_start(&ln, (int)f->line + 1);
			size_t to = line_start(&ln, (int)f->end_line);

			if (first_control(body, from, to) < to) {
				if (pack_parse_block(f->info, body + from,
				                     to - from, path,
				                     (int)f->line + 1, &part,
				                     ld->d) == 0) {
					pack_part_clear(&part);
					diag_add(ld->d, DIAG_ERROR, path,
					         (int)f->line + 1,
					         _("control characters in an "
					           "interactive block"));
				}
				continue;
			}
		}
		if (l->nparts >= PACK_MAX_BLOCKS)
			diag_add(ld->d, DIAG_ERROR, path, (int)f->line,
			         _("more than %d interactive blocks in one "
			           "lesson"),
			         PACK_MAX_BLOCKS);
		else if (pack_parse_block(f->info, f->body, f->body_len, path,
		                          (int)f->line + 1, &part, ld->d) == 0)
			add_part(l, &part);
	}
	if (!ls->has_text)
		diag_add(ld->d, DIAG_WARNING, path, (int)ls->body_line,
		         _("the lesson has no text after its front matter"));

	/* Prompt ids unique; references exist. */
	for (size_t i = 0; i < l->nparts; i++) {
		struct course_part *pt = &l->parts[i];

		for (size_t k = 0; k < i; k++) {
			if ((pt->kind == PART_PROMPT ||
			     pt->kind == PART_PLAN) &&
			    l->parts[k].kind == pt->kind &&
			    strcmp(l->parts[k].id, pt->id) == 0)
				diag_add(
				        ld->d, DIAG_ERROR, path, pt->line,
				        _("duplicate %s id '%s' (first on line "
				          "%d)"),
				        pt->kind == PART_PROMPT ? "prompt"
				                                : "plan",
				        pt->id, l->parts[k].line);
		}
		if (ld->ndata &&
		    (pt->kind == PART_WORKSHEET || pt->kind == PART_ASSESS)) {
			bool inst = pt->kind == PART_ASSESS;
			struct ref *r = ref_get(ld, pt->id, inst);

			if (!r->exists) {
				char *where = ref_places(ld, inst, pt->id);

				diag_add(ld->d, DIAG_ERROR, path, pt->line,
				         _("unknown %s '%s' (there is no %s)"),
				         inst ? "instrument" : "worksheet",
				         pt->id, where);
				free(where);
			} else if (r->title && inst)
				course_set_instrument_name(ld->c, pt->id,
				                           r->title);
			else if (r->title)
				course_set_worksheet_title(ld->c, pt->id,
				                           r->title);
		}
	}
}

/* --- Lessons ------------------------------------------------------------ */

/*
 * A homework map: worksheet: count, ...; "any_of" maps alternatives, any
 * one of which will do (the low-mood path beside exposure practice).
 * group: 0 at the top, the group's number inside any_of.
 */
static void
read_homework(struct loader *ld, struct course_lesson *l,
              const struct yml_node *hw, int group)
{
	long v;

	for (size_t i = 0; i < yml_len(hw); i++) {
		const char *id = yml_key(hw, i);
		const struct yml_node *val = yml_value(hw, i);
		struct course_homework *h;

		if (group == 0 && strcmp(id, "any_of") == 0) {
			int g = 1;

			if (yml_kind(val) != YML_MAP || yml_len(val) < 2) {
				yml_error(ld->d, val,
				          _("'any_of' must map two or more "
				            "worksheets to their counts"));
				continue;
			}
			for (size_t k = 0; k < l->rule.nhomework; k++)
				if (l->rule.homework[k].group >= g)
					g = l->rule.homework[k].group + 1;
			read_homework(ld, l, val, g);
			continue;
		}
		if (!yml_is_id(id)) {
			yml_error(ld->d, val,
			          _("'%s' is not a valid worksheet id"), id);
			continue;
		}
		if (yml_as_int(val, _("a homework count"), 1, 50, &v, ld->d) <
		    0)
			continue;
		for (size_t k = 0; k < l->rule.nhomework; k++)
			if (strcmp(l->rule.homework[k].worksheet, id) == 0)
				yml_error(ld->d, val,
				          _("the homework names '%s' twice"),
				          id);
		check_ref(ld, val, id, false);
		l->rule.homework =
		        xreallocarray(l->rule.homework, l->rule.nhomework + 1,
		                      sizeof(*l->rule.homework));
		h = &l->rule.homework[l->rule.nhomework++];
		memset(h, 0, sizeof(*h));
		h->worksheet = xstrdup(id);
		h->count = (int)v;
		h->group = group;
		h->line = yml_key_line(hw, i);
	}
}

static void
read_unlock(struct loader *ld, struct course_lesson *l, struct ltmp *t,
            const struct yml_node *u)
{
	static const char *const keys[] = {"after",        "min_days",
	                                   "homework",     "release_day",
	                                   "assess_first", NULL};
	const struct yml_node *seq = NULL, *hw = NULL;
	long v;

	yml_check_keys(u, keys, "'unlock'", ld->d);
	if (yml_map_seq(u, "after", YML_OPTIONAL, &seq, ld->d) == 0) {
		t->after_set = true;
		for (size_t i = 0; i < yml_len(seq); i++) {
			const char *id;

			if (yml_as_id(yml_item(seq, i), "'after'", &id, ld->d) <
			    0)
				continue;
			t->after = xreallocarray(t->after, t->nafter + 1,
			                         sizeof(*t->after));
			t->after_line =
			        xreallocarray(t->after_line, t->nafter + 1,
			                      sizeof(*t->after_line));
			t->after[t->nafter] = xstrdup(id);
			t->after_line[t->nafter] = yml_line(yml_item(seq, i));
			t->nafter++;
		}
	}
	v = 0;
	yml_map_int(u, "min_days", YML_OPTIONAL, 0, 365, &v, ld->d);
	l->rule.min_days = (int)v;
	v = -1;
	yml_map_int(u, "release_day", YML_OPTIONAL, 0, 3650, &v, ld->d);
	l->rule.release_day = (int)v;
	if (yml_map_map(u, "homework", YML_OPTIONAL, &hw, ld->d) == 0) {
		t->hw_set = true;
		read_homework(ld, l, hw, 0);
	} else if (yml_get(u, "homework") &&
	           yml_is_null(yml_get(u, "homework"))) {
		t->hw_set = true; /* "homework:" with nothing: none */
	}
	if (yml_get(u, "assess_first")) {
		t->assess_set = true;
		read_id_list_key(ld, u, "assess_first", true,
		                 &l->rule.assess_first, &l->rule.nassess_first);
	}
}

static void
load_lesson(struct loader *ld, size_t idx, const char *file)
{
	static const char *const keys[] = {"id",     "title",   "minutes",
	                                   "unlock", "summary", NULL};
	struct course_lesson *l = &ld->c->lessons[idx];
	struct ltmp *t = &ld->tmp[idx];
	char *full = path_join(ld->dir, file);
	char *text = NULL;
	size_t len = 0;
	struct md_lesson ls = {0};
	const char *s;
	struct yml_doc *doc = NULL;
	const struct yml_node *m, *u = NULL;
	uint32_t cp;
	long v;

	l->file = xstrdup(file);
	l->rule.release_day = -1;
	t->path = full;
	/* A lesson is the pack's own file: a link out of the pack (to a
	 * file of the person's, say) is refused and said. */
	if (path_inside(ld->dir, full) == 0) {
		diag_add(ld->d, DIAG_ERROR, full, 0,
		         _("the lesson file resolves outside the pack (a link "
		           "to a file elsewhere); lessons must be files inside "
		           "the course folder"));
		goto out;
	}
	if (file_read(full, PACK_MAX_LESSON_BYTES, 0, &text, &len) < 0) {
		file_diag(ld->d, DIAG_ERROR, full, PACK_MAX_LESSON_BYTES,
		          errno);
		goto out;
	}
	if (len == 0) {
		diag_add(ld->d, DIAG_ERROR, full, 0,
		         _("the lesson file is empty"));
		goto out;
	}
	if (!utf8_valid(text, len)) {
		int line = 1;

		for (size_t i = 0; i < len;) {
			size_t k = utf8_decode(text + i, len - i, &cp);

			if (k == 1 && cp == UTF8_REPLACEMENT)
				break;
			line += text[i] == '\n';
			i += k;
		}
		diag_add(ld->d, DIAG_ERROR, full, line,
		         _("invalid UTF-8 (lessons must be UTF-8 text)"));
		goto out;
	}
	md_lesson_scan(text, len, &ls);
	if (!ls.fm) {
		diag_add(ld->d, DIAG_ERROR, full, 1,
		         ls.fm_unclosed
		                 ? _("the front matter is never closed (with "
		                     "a '---' line)")
		                 : _("a lesson must start with front matter "
		                     "('---', id, title, '---')"));
		goto out;
	}
	doc = yml_parse(ls.fm, ls.fm_len, full, (int)ls.fm_line, NULL, ld->d);
	if (!doc)
		goto out;
	m = yml_root_map(doc, _("the front matter"), ld->d);
	if (!m)
		goto out;
	t->loaded = true;
	yml_check_keys(m, keys, _("the front matter"), ld->d);
	if (yml_map_id(m, "id", YML_REQUIRED, &s, ld->d) == 0) {
		l->id = xstrdup(s);
		t->id_line = yml_line(yml_get(m, "id"));
	}
	yml_map_text(m, "title", YML_REQUIRED, &l->title, ld->d);
	yml_map_text(m, "summary", YML_OPTIONAL, &l->summary, ld->d);
	v = 0;
	yml_map_int(m, "minutes", YML_OPTIONAL, 1, 600, &v, ld->d);
	l->minutes = (int)v;
	if (yml_map_map(m, "unlock", YML_OPTIONAL, &u, ld->d) == 0)
		read_unlock(ld, l, t, u);
	scan_body(ld, l, full, &ls, text, len);
	/* Kept for the reader: the lesson is read and parsed once. */
	l->text_len = len;
	l->text = text;
	text = NULL;
out:
	if (!l->title)
		l->title = clean_text(file);
	md_lesson_clear(&ls);
	yml_free(doc);
	free(text);
}

/* --- course.yaml ----------------------------------------------------- */

/* "HH:MM-HH:MM" -> minutes; false when malformed. */
static bool
parse_span(const char *s, int *a, int *b)
{
	unsigned h1, m1, h2, m2;
	char tail;

	if (sscanf(s, "%2u:%2u-%2u:%2u%c", &h1, &m1, &h2, &m2, &tail) != 4 ||
	    h1 > 23 || h2 > 24 || m1 > 59 || m2 > 59 || (h2 == 24 && m2))
		return false;
	*a = (int)(h1 * 60 + m1);
	*b = (int)(h2 * 60 + m2);
	return true;
}

static void
read_reminders(struct loader *ld, const struct yml_node *r)
{
	static const char *const keys[] = {"window", "days", "quiet", NULL};
	static const char *const days[] = {"mon", "tue", "wed", "thu",
	                                   "fri", "sat", "sun", NULL};
	struct course_reminders *rm = &ld->c->reminders;
	const struct yml_node *seq = NULL;
	const char *s;

	yml_check_keys(r, keys, "'reminders'", ld->d);
	if (yml_map_str(r, "window", YML_OPTIONAL, &s, ld->d) == 0 &&
	    (!parse_span(s, &rm->window_start, &rm->window_end) ||
	     rm->window_start >= rm->window_end))
		yml_error(ld->d, yml_get(r, "window"),
		          _("'window' must look like \"18:00-20:00\" (start "
		            "before end)"));
	if (yml_map_str(r, "quiet", YML_OPTIONAL, &s, ld->d) == 0 &&
	    !parse_span(s, &rm->quiet_start, &rm->quiet_end))
		yml_error(ld->d, yml_get(r, "quiet"),
		          _("'quiet' must look like \"21:30-08:00\""));
	if (yml_map_seq(r, "days", YML_OPTIONAL, &seq, ld->d) == 0) {
		rm->days = 0;
		for (size_t i = 0; i < yml_len(seq); i++) {
			int k;

			if (yml_as_enum(yml_item(seq, i), "a day", days, &k,
			                ld->d) == 0)
				rm->days |= 1u << k;
		}
		if (!rm->days)
			yml_error(ld->d, seq, _("'days' names no day"));
	}
}

static void
read_checkins(struct loader *ld, const struct yml_node *ck)
{
	static const char *const keys[] = {"baseline",         "before_lesson",
	                                   "min_days_between", "end",
	                                   "followup",         NULL};
	static const char *const fkeys[] = {"after_days", "instruments", NULL};
	struct course_checkins *c = &ld->c->checkins;
	const struct yml_node *f = NULL;
	long v;

	yml_check_keys(ck, keys, "'checkins'", ld->d);
	read_id_list_key(ld, ck, "baseline", true, &c->baseline, &c->nbaseline);
	read_id_list_key(ld, ck, "before_lesson", true, &c->before_lesson,
	                 &c->nbefore_lesson);
	read_id_list_key(ld, ck, "end", true, &c->end, &c->nend);
	v = 0;
	yml_map_int(ck, "min_days_between", YML_OPTIONAL, 0, 365, &v, ld->d);
	c->min_days_between = (int)v;
	if (yml_map_map(ck, "followup", YML_OPTIONAL, &f, ld->d) == 0) {
		yml_check_keys(f, fkeys, "'followup'", ld->d);
		v = 0;
		if (yml_map_int(f, "after_days", YML_REQUIRED, 1, 3650, &v,
		                ld->d) == 0)
			c->followup_days = (int)v;
		read_id_list_key(ld, f, "instruments", true, &c->followup,
		                 &c->nfollowup);
		if (!c->nfollowup)
			yml_error(ld->d, f,
			          _("'followup' needs 'instruments'"));
	}
}

static void
read_suggest(struct loader *ld, struct course_lesson *l,
             const struct yml_node *seq)
{
	static const char *const keys[] = {
	        "instrument", "item",    "at_least", "total_at_least",
	        "band",       "because", NULL};

	for (size_t i = 0; i < yml_len(seq); i++) {
		const struct yml_node *m = yml_item(seq, i), *bands;
		struct course_suggest sg;
		const char *s;
		struct ref *r = NULL;
		int forms = 0;
		long v;

		memset(&sg, 0, sizeof(sg));
		if (yml_kind(m) != YML_MAP) {
			yml_error(ld->d, m,
			          _("a 'suggest' rule must be a mapping"));
			continue;
		}
		sg.line = yml_line(m);
		yml_check_keys(m, keys, "a 'suggest' rule", ld->d);
		if (yml_map_id(m, "instrument", YML_REQUIRED, &s, ld->d) == 0) {
			sg.instrument = xstrdup(s);
			r = check_ref(ld, yml_get(m, "instrument"), s, true);
		}
		yml_map_text(m, "because", YML_REQUIRED, &sg.because, ld->d);
		if (yml_get(m, "item")) {
			forms++;
			sg.kind = SUGGEST_ITEM;
			if (yml_map_int(m, "item", YML_REQUIRED, 1, 1000, &v,
			                ld->d) == 0) {
				sg.item = (int)v;
				if (r && r->nitems >= 0 && v > r->nitems)
					yml_error(ld->d, yml_get(m, "item"),
					          ngettext("'%s' has only %ld "
					                   "item",
					                   "'%s' has only %ld "
					                   "items",
					                   (unsigned long)
					                           r->nitems),
					          sg.instrument, r->nitems);
			}
			if (yml_map_int(m, "at_least", YML_REQUIRED, 0, 1000,
			                &v, ld->d) == 0)
				sg.at_least = (int)v;
		} else if (yml_get(m, "at_least")) {
			yml_error(ld->d, yml_get(m, "at_least"),
			          _("'at_least' goes with 'item'"));
		}
		if (yml_get(m, "total_at_least")) {
			forms++;
			sg.kind = SUGGEST_TOTAL;
			if (yml_map_int(m, "total_at_least", YML_REQUIRED, 0,
			                100000, &v, ld->d) == 0)
				sg.at_least = (int)v;
		}
		if ((bands = yml_get(m, "band"))) {
			forms++;
			sg.kind = SUGGEST_BAND;
			if (yml_kind(bands) == YML_SCALAR) {
				if (yml_as_id(bands, "'band'", &s, ld->d) == 0)
					sg.bands = strv_push(sg.bands,
					                     &sg.nbands, s);
			} else {
				read_id_list(ld, bands, "'band'", false,
				             &sg.bands, &sg.nbands);
			}
			for (size_t b = 0; r && r->nbands && b < sg.nbands;
			     b++) {
				bool found = false;

				for (size_t k = 0; k < r->nbands; k++)
					found |= strcmp(r->bands[k],
					                sg.bands[b]) == 0;
				if (!found)
					yml_error(ld->d, bands,
					          _("'%s' has no band '%s'"),
					          sg.instrument, sg.bands[b]);
			}
		}
		if (forms != 1)
			yml_error(ld->d, m,
			          _("a 'suggest' rule needs exactly one of "
			            "'item' "
			            "(with 'at_least'), 'total_at_least' or "
			            "'band'"));
		l->suggest = xreallocarray(l->suggest, l->nsuggest + 1,
		                           sizeof(*l->suggest));
		l->suggest[l->nsuggest++] = sg;
	}
}

/* Adds lesson files listed in course.yaml; returns the number added. */
static void
add_lesson_entry(struct loader *ld, const struct yml_node *fnode, bool optional,
                 const struct yml_node *suggest)
{
	struct course *c = ld->c;
	const char *file;
	char *full;
	bool there;

	if (yml_as_str(fnode, _("a lesson file"), &file, ld->d) < 0)
		return;
	if (!plain_name(file) || !ends_with(file, ".md")) {
		yml_error(ld->d, fnode,
		          _("'%s' must be a file name in the course folder "
		            "ending "
		            "in .md"),
		          file);
		return;
	}
	for (size_t i = 0; i < c->nlessons; i++) {
		if (strcmp(c->lessons[i].file, file) == 0) {
			yml_error(ld->d, fnode,
			          _("'%s' is listed twice (first on line %d)"),
			          file, ld->tmp[i].list_line);
			return;
		}
	}
	if (c->nlessons >= PACK_MAX_LESSONS) {
		yml_error(ld->d, fnode, _("more than %d lessons"),
		          PACK_MAX_LESSONS);
		return;
	}
	full = path_join(ld->dir, file);
	there = path_exists(full);
	free(full);
	if (!there) {
		yml_error(ld->d, fnode,
		          _("the lesson file '%s' does not exist"), file);
		return;
	}
	c->lessons =
	        xreallocarray(c->lessons, c->nlessons + 1, sizeof(*c->lessons));
	ld->tmp = xreallocarray(ld->tmp, c->nlessons + 1, sizeof(*ld->tmp));
	memset(&c->lessons[c->nlessons], 0, sizeof(*c->lessons));
	memset(&ld->tmp[c->nlessons], 0, sizeof(*ld->tmp));
	ld->tmp[c->nlessons].list_line = yml_line(fnode);
	c->nlessons++;
	load_lesson(ld, c->nlessons - 1, file);
	c->lessons[c->nlessons - 1].optional = optional;
	if (suggest)
		read_suggest(ld, &c->lessons[c->nlessons - 1], suggest);
}

/* --- Resolving rules -------------------------------------------------- */

static char **
strv_copy(char **v, size_t n)
{
	char **out = n ? xcalloc(n, sizeof(*out)) : NULL;

	for (size_t i = 0; i < n; i++)
		out[i] = xstrdup(v[i]);
	return out;
}

static void
resolve_rules(struct loader *ld)
{
	struct course *c = ld->c;

	for (size_t i = 0; i < c->nlessons; i++) {
		struct course_lesson *l = &c->lessons[i];
		struct ltmp *t = &ld->tmp[i];

		if (t->after_set) {
			for (size_t k = 0; k < t->nafter; k++) {
				long j = course_find_lesson(c, t->after[k]);

				if (j < 0) {
					diag_add(ld->d, DIAG_ERROR, t->path,
					         t->after_line[k],
					         _("'after' names '%s', which "
					           "is "
					           "not a lesson of this "
					           "course"),
					         t->after[k]);
					continue;
				}
				if (c->lessons[j].optional && !l->optional)
					diag_add(ld->d, DIAG_WARNING, t->path,
					         t->after_line[k],
					         _("'after' names the optional "
					           "lesson '%s': this lesson "
					           "stays "
					           "locked for anyone who does "
					           "not "
					           "take it"),
					         t->after[k]);
				l->rule.after = xreallocarray(
				        l->rule.after, l->rule.nafter + 1,
				        sizeof(size_t));
				l->rule.after[l->rule.nafter++] = (size_t)j;
			}
		} else if (!l->optional && i > 0 &&
		           c->order == COURSE_ORDER_FIXED) {
			l->rule.after = xcalloc(1, sizeof(size_t));
			l->rule.after[0] = i - 1;
			l->rule.nafter = 1;
		}
		/* Homework set in the previous core lesson's blocks. */
		if (!t->hw_set && !l->optional && i > 0 &&
		    c->order == COURSE_ORDER_FIXED) {
			const struct course_lesson *p = &c->lessons[i - 1];

			for (size_t k = 0; k < p->nparts; k++) {
				const struct course_part *pt = &p->parts[k];
				struct course_homework *h;

				if (pt->kind != PART_WORKSHEET ||
				    pt->count <= 0)
					continue;
				l->rule.homework = xreallocarray(
				        l->rule.homework, l->rule.nhomework + 1,
				        sizeof(*l->rule.homework));
				h = &l->rule.homework[l->rule.nhomework++];
				h->worksheet = xstrdup(pt->id);
				h->count = pt->count;
				h->group = 0;
				h->line = 0;
			}
		}
		if (!t->assess_set && !l->optional) {
			if (i == 0) {
				l->rule.assess_first =
				        strv_copy(c->checkins.baseline,
				                  c->checkins.nbaseline);
				l->rule.nassess_first = c->checkins.nbaseline;
			} else {
				l->rule.assess_first =
				        strv_copy(c->checkins.before_lesson,
				                  c->checkins.nbefore_lesson);
				l->rule.nassess_first =
				        c->checkins.nbefore_lesson;
			}
		}
	}
}

/* Depth-first search for cycles in the 'after' graph. */
static bool
find_cycle(const struct course *c, size_t i, unsigned char *color, size_t *path,
           size_t depth, struct loader *ld)
{
	color[i] = 1;
	path[depth] = i;
	for (size_t k = 0; k < c->lessons[i].rule.nafter; k++) {
		size_t j = c->lessons[i].rule.after[k];

		if (color[j] == 1) {
			struct buf b = BUF_INIT;
			size_t from = 0;

			while (path[from] != j)
				from++;
			for (size_t p = from; p <= depth; p++)
				buf_printf(&b, "%s -> ",
				           c->lessons[path[p]].id
				                   ? c->lessons[path[p]].id
				                   : "?");
			buf_adds(&b, c->lessons[j].id ? c->lessons[j].id : "?");
			diag_add(ld->d, DIAG_ERROR, ld->tmp[i].path,
			         ld->tmp[i].id_line,
			         _("the 'after' rules form a cycle (%s): these "
			           "lessons can never open"),
			         b.data);
			buf_free(&b);
			return true;
		}
		if (color[j] == 0 &&
		    find_cycle(c, j, color, path, depth + 1, ld))
			return true;
	}
	color[i] = 2;
	return false;
}

static void
check_graph(struct loader *ld)
{
	struct course *c = ld->c;
	unsigned char *color = xcalloc(c->nlessons + 1, 1);
	size_t *path = xcalloc(c->nlessons + 1, sizeof(*path));

	for (size_t i = 0; i < c->nlessons; i++)
		if (color[i] == 0 && find_cycle(c, i, color, path, 0, ld))
			break; /* one cycle is enough to report */
	free(color);
	free(path);

	/* Ids unique. */
	for (size_t i = 0; i < c->nlessons; i++) {
		for (size_t k = 0; k < i && c->lessons[i].id; k++) {
			if (c->lessons[k].id &&
			    strcmp(c->lessons[k].id, c->lessons[i].id) == 0) {
				diag_add(ld->d, DIAG_ERROR, ld->tmp[i].path,
				         ld->tmp[i].id_line,
				         _("duplicate lesson id '%s' (also in "
				           "%s)"),
				         c->lessons[i].id, ld->tmp[k].path);
				break;
			}
		}
	}
}

/* Markdown files in the folder that course.yaml does not list. */
static void
check_unlisted(struct loader *ld)
{
	DIR *dp = opendir(ld->dir);
	struct dirent *de;

	if (!dp)
		return;
	while ((de = readdir(dp))) {
		bool listed = false;

		if (de->d_name[0] == '.' || !ends_with(de->d_name, ".md"))
			continue;
		if (strcasecmp(de->d_name, "README.md") == 0)
			continue;
		for (size_t i = 0; i < ld->c->nlessons && !listed; i++)
			listed =
			        strcmp(ld->c->lessons[i].file, de->d_name) == 0;
		if (!listed) {
			char *p = path_join(ld->dir, de->d_name);

			diag_add(
			        ld->d, DIAG_WARNING, p, 0,
			        _("not listed in course.yaml: nobody can reach "
			          "this lesson"));
			free(p);
		}
	}
	closedir(dp);
}

static void
loader_free(struct loader *ld)
{
	for (size_t i = 0; i < ld->nrefs; i++) {
		free(ld->refs[i].id);
		free(ld->refs[i].title);
		pack_strv_free(ld->refs[i].bands, ld->refs[i].nbands);
	}
	free(ld->refs);
	for (size_t i = 0; ld->c && i < ld->c->nlessons; i++) {
		free(ld->tmp[i].path);
		pack_strv_free(ld->tmp[i].after, ld->tmp[i].nafter);
		free(ld->tmp[i].after_line);
	}
	free(ld->tmp);
	free(ld->course_path);
}

struct course *
pack_load_course(const char *dir, const char *data_dir, struct diags *d)
{
	return pack_load_course_in(dir, &data_dir, data_dir ? 1 : 0, d);
}

struct course *
pack_load_course_in(const char *dir, const char *const *data, size_t ndata,
                    struct diags *d)
{
	static const char *const keys[] = {"id",        "title",    "version",
	                                   "locale",    "summary",  "order",
	                                   "lessons",   "optional", "checkins",
	                                   "reminders", NULL};
	static const char *const opt_keys[] = {"file", "suggest", NULL};
	static const char *const orders[] = {"fixed", "free", NULL};
	struct loader ld;
	struct yml_doc *doc;
	const struct yml_node *m, *seq = NULL, *node = NULL;
	size_t e0 = d->nerrors;
	const char *s;
	long v;
	int order = 0;

	memset(&ld, 0, sizeof(ld));
	ld.dir = dir;
	ld.data = data;
	ld.ndata = ndata;
	ld.d = d;
	ld.c = course_new();
	ld.c->dir = xstrdup(dir);
	ld.course_path = path_join(dir, "course.yaml");
	doc = yml_load_file(ld.course_path, NULL, NULL, d);
	m = yml_root_map(doc, "course.yaml", d);
	if (!m)
		goto out;
	yml_check_keys(m, keys, "course.yaml", d);
	if (yml_map_id(m, "id", YML_REQUIRED, &s, d) == 0)
		ld.c->id = xstrdup(s);
	yml_map_text(m, "title", YML_REQUIRED, &ld.c->title, d);
	s = "en";
	yml_map_str(m, "locale", YML_OPTIONAL, &s, d);
	ld.c->locale = xstrdup(s);
	yml_map_text(m, "summary", YML_OPTIONAL, &ld.c->summary, d);
	v = 1;
	yml_map_int(m, "version", YML_OPTIONAL, 1, 1000000, &v, d);
	ld.c->version = (int)v;
	yml_map_enum(m, "order", YML_OPTIONAL, orders, &order, d);
	ld.c->order = (enum course_order)order;
	if (yml_map_map(m, "checkins", YML_OPTIONAL, &node, d) == 0)
		read_checkins(&ld, node);
	if (yml_map_map(m, "reminders", YML_OPTIONAL, &node, d) == 0)
		read_reminders(&ld, node);

	if (yml_map_seq(m, "lessons", YML_REQUIRED, &seq, d) == 0) {
		if (yml_len(seq) == 0)
			yml_error(d, seq, _("'lessons' is empty"));
		for (size_t i = 0; i < yml_len(seq); i++)
			add_lesson_entry(&ld, yml_item(seq, i), false, NULL);
	}
	ld.c->ncore = ld.c->nlessons;
	if (yml_map_seq(m, "optional", YML_OPTIONAL, &seq, d) == 0) {
		for (size_t i = 0; i < yml_len(seq); i++) {
			const struct yml_node *it = yml_item(seq, i),
			                      *sg = NULL;

			if (yml_kind(it) == YML_MAP) {
				yml_check_keys(it, opt_keys,
				               _("an optional lesson"), d);
				if (yml_map_seq(it, "suggest", YML_OPTIONAL,
				                &sg, d) < 0)
					continue;
				if (!yml_get(it, "file")) {
					yml_error(d, it, _("missing 'file'"));
					continue;
				}
				add_lesson_entry(&ld, yml_get(it, "file"), true,
				                 sg);
			} else {
				add_lesson_entry(&ld, it, true, NULL);
			}
		}
	}
	resolve_rules(&ld);
	check_graph(&ld);
	check_unlisted(&ld);
out:
	yml_free(doc);
	loader_free(&ld);
	if (d->nerrors > e0) {
		course_free(ld.c);
		return NULL;
	}
	return ld.c;
}

char *
pack_lesson_path(const struct course *c, size_t i)
{
	return path_join(c->dir, c->lessons[i].file);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t
pack_find_courses(const char *root, char ***out)
{
	DIR *dp = opendir(root);
	struct dirent *de;
	char **v = NULL;
	size_t n = 0;

	*out = NULL;
	if (!dp)
		return 0;
	while ((de = readdir(dp)) && n < 1000) {
		char *dir, *yaml;

		if (de->d_name[0] == '.')
			continue;
		dir = path_join(root, de->d_name);
		yaml = path_join(dir, "course.yaml");
		if (path_exists(yaml)) {
			v = xreallocarray(v, n + 1, sizeof(*v));
			v[n++] = dir;
		} else {
			free(dir);
		}
		free(yaml);
	}
	closedir(dp);
	if (n)
		qsort(v, n, sizeof(*v), cmp_str);
	*out = v;
	return n;
}

int
pack_course_title(const char *dir, char **id, char **title)
{
	struct diags quiet = DIAGS_INIT;
	char *path = path_join(dir, "course.yaml");
	struct yml_doc *doc = yml_load_file(path, NULL, NULL, &quiet);
	const struct yml_node *m = yml_root(doc);
	const char *i = NULL, *t = NULL;
	int rc = -1;

	if (yml_map_id(m, "id", YML_REQUIRED, &i, &quiet) == 0 &&
	    yml_map_str(m, "title", YML_REQUIRED, &t, &quiet) == 0) {
		*id = xstrdup(i);
		*title = xstrdup(t);
		rc = 0;
	}
	yml_free(doc);
	diag_free(&quiet);
	free(path);
	return rc;
}
