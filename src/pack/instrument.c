/*
 * The instrument loader: YAML -> struct instrument, then inst_validate()
 * with its findings turned into diagnostics at the right lines.  Text is
 * stripped of control characters and escape sequences here, once, so that
 * nothing a pack says can reach the terminal as a command.
 */
#include "pack/instrument.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "pack/yml.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/path.h"
#include "util/utf8.h"
#include "util/xalloc.h"

static const char *const top_keys[] = {
        "id",           "title",       "short",    "measures",
        "loinc",        "loinc_total", "recall",   "window",
        "instructions", "options",     "items",    "extra",
        "scoring",      "bands",       "caseness", "reliable_change",
        "paired_with",  "direction",   "licence",  "attribution",
        "advice",       "show_total",  "variants", NULL};
/* A variant may set any key but these; "countries" says for whom. */
static const char *const variant_keys[] = {
        "countries",    "title",       "short",    "measures",
        "loinc",        "loinc_total", "recall",   "window",
        "instructions", "options",     "items",    "extra",
        "scoring",      "bands",       "caseness", "reliable_change",
        "paired_with",  "direction",   "licence",  "attribution",
        "advice",       "show_total",  NULL};
static const char *const item_keys[] = {"text",     "loinc",       "options",
                                        "critical", "critical_at", NULL};
static const char *const option_keys[] = {"key", "value", "label", NULL};
static const char *const band_keys[] = {"min",   "max",    "id",
                                        "label", "severe", NULL};
static const char *const scoring_keys[] = {"method", "items", "min", "max",
                                           NULL};
static const char *const advice_keys[] = {"min", "max", "text", NULL};

/* A sanitised copy of s; warns at n when something had to be removed. */
static char *
clean_dup(const char *s, const struct yml_node *n, struct diags *d)
{
	struct buf b = BUF_INIT;

	if (utf8_sanitize(&b, s, strlen(s), false) > 0)
		yml_warning(d, n,
		            _("control characters removed from the text"));
	return buf_detach(&b);
}

/* Optional string by key, sanitised; NULL when absent. */
static int
get_str(const struct yml_node *map, const char *key, enum yml_need need,
        char **out, struct diags *d)
{
	const char *s = NULL;
	int rc = yml_map_str(map, key, need, &s, d);

	if (rc == 0)
		*out = clean_dup(s, yml_get(map, key), d);
	return rc < 0 ? -1 : 0;
}

static int
parse_options(const struct yml_node *seq, struct inst_option **out,
              size_t *nout, struct diags *d)
{
	size_t n = yml_len(seq);
	struct inst_option *o;
	int bad = 0;

	if (yml_kind(seq) != YML_SEQ || n == 0) {
		yml_error(d, seq,
		          _("'options' must be a list of {value, label}"));
		return -1;
	}
	if (n > INST_MAX_OPTIONS) {
		yml_error(d, seq, _("%zu options; at most %d are allowed"), n,
		          INST_MAX_OPTIONS);
		return -1;
	}
	o = xcalloc(n, sizeof(*o));
	for (size_t i = 0; i < n; i++) {
		const struct yml_node *m = yml_item(seq, i);
		long value = 0, key;

		if (yml_kind(m) != YML_MAP) {
			yml_error(d, m, _("an option must be {value, label}"));
			bad = 1;
			continue;
		}
		yml_check_keys(m, option_keys, _("an option"), d);
		if (yml_map_int(m, "value", YML_REQUIRED, -1000, 1000, &value,
		                d) < 0)
			bad = 1;
		key = value;
		if (yml_map_int(m, "key", YML_OPTIONAL, 0, 9, &key, d) < 0)
			bad = 1;
		o[i].value = (int)value;
		o[i].key = (int)key;
		if (get_str(m, "label", YML_OPTIONAL, &o[i].label, d) < 0)
			bad = 1;
	}
	*out = o;
	*nout = n;
	return bad ? -1 : 0;
}

static void
copy_options(struct inst_item *it, const struct inst_option *src, size_t n)
{
	it->opts = xcalloc(n, sizeof(*it->opts));
	it->nopts = n;
	for (size_t j = 0; j < n; j++) {
		it->opts[j] = src[j];
		it->opts[j].label = src[j].label ? xstrdup(src[j].label) : NULL;
	}
}

/* One item (or the extra question). */
static int
parse_item(const struct yml_node *m, struct inst_item *it,
           const struct inst_option *defopts, size_t ndef, struct diags *d)
{
	const struct yml_node *opts;
	long at = 1;
	int bad = 0;

	it->line = yml_line(m);
	it->scored = true;
	if (yml_kind(m) != YML_MAP) {
		yml_error(d, m, _("an item must be a mapping with 'text'"));
		return -1;
	}
	yml_check_keys(m, item_keys, _("an item"), d);
	if (get_str(m, "text", YML_REQUIRED, &it->text, d) < 0)
		bad = 1;
	if (get_str(m, "loinc", YML_OPTIONAL, &it->loinc, d) < 0)
		bad = 1;
	if (yml_map_bool(m, "critical", YML_OPTIONAL, &it->critical, d) < 0)
		bad = 1;
	if (yml_map_int(m, "critical_at", YML_OPTIONAL, -1000, 1000, &at, d) <
	    0)
		bad = 1;
	if (yml_get(m, "critical_at") && !it->critical)
		yml_warning(
		        d, yml_get(m, "critical_at"),
		        _("'critical_at' without 'critical: true' is ignored"));
	it->critical_at = (int)at;
	opts = yml_get(m, "options");
	if (opts) {
		if (parse_options(opts, &it->opts, &it->nopts, d) < 0)
			bad = 1;
	} else if (ndef) {
		copy_options(it, defopts, ndef);
	} else {
		yml_error(d, m,
		          _("the item has no 'options' and the instrument has "
		            "no default 'options'"));
		bad = 1;
	}
	return bad ? -1 : 0;
}

static int
parse_scoring(const struct yml_node *root, struct instrument *in,
              struct diags *d)
{
	static const char *const methods[] = {"sum", NULL};
	const struct yml_node *sc = NULL, *items;
	long min = 0, max = 0;
	int method = 0, bad = 0;

	if (yml_map_map(root, "scoring", YML_REQUIRED, &sc, d) < 0)
		return -1;
	yml_check_keys(sc, scoring_keys, "'scoring'", d);
	if (yml_map_enum(sc, "method", YML_OPTIONAL, methods, &method, d) < 0)
		bad = 1;
	if (yml_map_int(sc, "min", YML_REQUIRED, -100000, 100000, &min, d) <
	            0 ||
	    yml_map_int(sc, "max", YML_REQUIRED, -100000, 100000, &max, d) < 0)
		bad = 1;
	in->min = (int)min;
	in->max = (int)max;
	items = yml_get(sc, "items");
	if (!items || (yml_kind(items) == YML_SCALAR &&
	               strcmp(yml_text(items), "all") == 0))
		return bad ? -1 : 0;
	if (yml_kind(items) != YML_SEQ || yml_len(items) == 0) {
		yml_error(d, items,
		          _("'items' must be 'all' or a list of item numbers"));
		return -1;
	}
	for (size_t i = 0; i < in->nitems; i++)
		in->items[i].scored = false;
	for (size_t i = 0; i < yml_len(items); i++) {
		long k;

		if (yml_as_int(yml_item(items, i), _("an item number"), 1,
		               (long)in->nitems, &k, d) < 0) {
			bad = 1;
			continue;
		}
		if (in->items[k - 1].scored)
			yml_warning(d, yml_item(items, i),
			            _("item %ld is listed twice"), k);
		in->items[k - 1].scored = true;
	}
	return bad ? -1 : 0;
}

static int
band_cmp(const void *a, const void *b)
{
	const struct inst_band *x = a, *y = b;

	return (x->min > y->min) - (x->min < y->min);
}

static int
parse_bands(const struct yml_node *root, struct instrument *in, struct diags *d)
{
	/* root: the map that sets "bands" (the variant's or the base's). */
	const struct yml_node *seq = NULL;
	int rc = yml_map_seq(root, "bands", YML_OPTIONAL, &seq, d), bad = 0;

	if (rc != 0)
		return rc < 0 ? -1 : 0;
	in->nbands = yml_len(seq);
	in->bands = xcalloc(in->nbands ? in->nbands : 1, sizeof(*in->bands));
	for (size_t i = 0; i < in->nbands; i++) {
		const struct yml_node *m = yml_item(seq, i);
		struct inst_band *b = &in->bands[i];
		const char *id = NULL;
		long lo = 0, hi = 0;

		b->line = yml_line(m);
		if (yml_kind(m) != YML_MAP) {
			yml_error(d, m,
			          _("a band must be {min, max, id, label}"));
			bad = 1;
			continue;
		}
		yml_check_keys(m, band_keys, "a band", d);
		if (yml_map_int(m, "min", YML_REQUIRED, -100000, 100000, &lo,
		                d) < 0 ||
		    yml_map_int(m, "max", YML_REQUIRED, -100000, 100000, &hi,
		                d) < 0 ||
		    yml_map_id(m, "id", YML_REQUIRED, &id, d) < 0 ||
		    get_str(m, "label", YML_REQUIRED, &b->label, d) < 0 ||
		    yml_map_bool(m, "severe", YML_OPTIONAL, &b->severe, d) < 0)
			bad = 1;
		b->min = (int)lo;
		b->max = (int)hi;
		b->id = id ? xstrdup(id) : NULL;
	}
	if (!bad)
		qsort(in->bands, in->nbands, sizeof(*in->bands), band_cmp);
	return bad ? -1 : 0;
}

static int
advice_cmp(const void *a, const void *b)
{
	const struct inst_advice *x = a, *y = b;

	return (x->min > y->min) - (x->min < y->min);
}

/* "advice": a list of {min, max, text}. */
static int
parse_advice(const struct yml_node *root, struct instrument *in,
             struct diags *d)
{
	const struct yml_node *seq = NULL;
	int rc = yml_map_seq(root, "advice", YML_OPTIONAL, &seq, d), bad = 0;

	if (rc != 0)
		return rc < 0 ? -1 : 0;
	in->nadvice = yml_len(seq);
	in->advice =
	        xcalloc(in->nadvice ? in->nadvice : 1, sizeof(*in->advice));
	for (size_t i = 0; i < in->nadvice; i++) {
		const struct yml_node *m = yml_item(seq, i);
		struct inst_advice *a = &in->advice[i];
		long lo = 0, hi = 0;

		a->line = yml_line(m);
		if (yml_kind(m) != YML_MAP) {
			yml_error(d, m, _("advice must be {min, max, text}"));
			bad = 1;
			continue;
		}
		yml_check_keys(m, advice_keys, "advice", d);
		if (yml_map_int(m, "min", YML_REQUIRED, -100000, 100000, &lo,
		                d) < 0 ||
		    yml_map_int(m, "max", YML_REQUIRED, -100000, 100000, &hi,
		                d) < 0 ||
		    get_str(m, "text", YML_REQUIRED, &a->text, d) < 0)
			bad = 1;
		a->min = (int)lo;
		a->max = (int)hi;
	}
	if (!bad)
		qsort(in->advice, in->nadvice, sizeof(*in->advice), advice_cmp);
	return bad ? -1 : 0;
}

struct report_ctx {
	struct diags *d;
	const char *file;
};

static void
report_problem(void *arg, int line, const char *msg)
{
	struct report_ctx *c = arg;

	diag_add(c->d, DIAG_ERROR, c->file, line, "%s", msg);
}

/* The file's base name without ".yaml", or NULL. */
static char *
file_id(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	n = strlen(base);
	if (n <= 5 || strcmp(base + n - 5, ".yaml") != 0)
		return NULL;
	return xstrndup(base, n - 5);
}

/* The map that sets key: the variant when it does, else the base. */
static const struct yml_node *
from(const struct yml_node *root, const struct yml_node *var, const char *key)
{
	return var && yml_get(var, key) ? var : root;
}

/*
 * One definition: the base file (var NULL), or the base with a variant's
 * keys in place of its own.
 */
static int
parse(const struct yml_node *root, const struct yml_node *var,
      struct instrument *in, const char *path, struct diags *d)
{
	static const char *const dirs[] = {"lower-better", "higher-better",
	                                   NULL};
	static const char *const strs[][2] = {
	        {"title", "r"},       {"short", "r"},       {"measures", ""},
	        {"loinc", ""},        {"loinc_total", ""},  {"recall", ""},
	        {"window", ""},       {"instructions", ""}, {"licence", "r"},
	        {"attribution", "r"},
	};
	char **const dst[] = {
	        &in->title,       &in->short_name,   &in->measures,
	        &in->loinc,       &in->loinc_total,  &in->recall,
	        &in->window,      &in->instructions, &in->licence,
	        &in->attribution,
	};
	const struct yml_node *items = NULL, *extra, *m;
	struct inst_option *defopts = NULL;
	size_t ndef = 0;
	const char *id = NULL, *pair = NULL;
	char *want;
	long v;
	int dir = 0, bad = 0;
	bool show = true;

	if (!var)
		yml_check_keys(root, top_keys, _("an instrument"), d);
	in->line = yml_line(var ? var : root);
	if (yml_map_id(root, "id", YML_REQUIRED, &id, d) < 0)
		bad = 1;
	in->id = id ? xstrdup(id) : NULL;
	want = file_id(path);
	if (!var && id && want && strcmp(id, want) != 0) {
		yml_error(d, yml_get(root, "id"),
		          _("the id '%s' must match the file name '%s.yaml'"),
		          id, want);
		bad = 1;
	}
	free(want);
	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		if (get_str(from(root, var, strs[i][0]), strs[i][0],
		            strs[i][1][0] ? YML_REQUIRED : YML_OPTIONAL, dst[i],
		            d) < 0)
			bad = 1;
	if (yml_map_id(from(root, var, "paired_with"), "paired_with",
	               YML_OPTIONAL, &pair, d) < 0)
		bad = 1;
	in->paired_with = pair ? xstrdup(pair) : NULL;
	if (yml_map_enum(from(root, var, "direction"), "direction",
	                 YML_OPTIONAL, dirs, &dir, d) < 0)
		bad = 1;
	in->direction = dir == 1 ? INST_HIGHER_BETTER : INST_LOWER_BETTER;
	if (yml_map_bool(from(root, var, "show_total"), "show_total",
	                 YML_OPTIONAL, &show, d) < 0)
		bad = 1;
	in->hide_total = !show;

	m = from(root, var, "options");
	if (yml_get(m, "options") &&
	    parse_options(yml_get(m, "options"), &defopts, &ndef, d) < 0)
		bad = 1;
	if (yml_map_seq(from(root, var, "items"), "items", YML_REQUIRED, &items,
	                d) < 0) {
		bad = 1;
	} else if (yml_len(items) > INST_MAX_ITEMS) {
		yml_error(d, items, _("%zu items; at most %d are allowed"),
		          yml_len(items), INST_MAX_ITEMS);
		bad = 1;
	} else {
		in->nitems = yml_len(items);
		in->items = xcalloc(in->nitems ? in->nitems : 1,
		                    sizeof(*in->items));
		for (size_t i = 0; i < in->nitems; i++)
			if (parse_item(yml_item(items, i), &in->items[i],
			               defopts, ndef, d) < 0)
				bad = 1;
	}
	extra = yml_get(from(root, var, "extra"), "extra");
	if (extra) {
		in->extra = xcalloc(1, sizeof(*in->extra));
		if (parse_item(extra, in->extra, defopts, ndef, d) < 0)
			bad = 1;
		in->extra->scored = false;
	}
	if (!bad && parse_scoring(from(root, var, "scoring"), in, d) < 0)
		bad = 1;
	if (parse_bands(from(root, var, "bands"), in, d) < 0)
		bad = 1;
	if (parse_advice(from(root, var, "advice"), in, d) < 0)
		bad = 1;
	v = 0;
	switch (yml_map_int(from(root, var, "caseness"), "caseness",
	                    YML_OPTIONAL, -100000, 100000, &v, d)) {
	case 0:
		in->has_caseness = true;
		in->caseness = (int)v;
		break;
	case -1:
		bad = 1;
		break;
	}
	switch (yml_map_int(from(root, var, "reliable_change"),
	                    "reliable_change", YML_OPTIONAL, 1, 100000, &v,
	                    d)) {
	case 0:
		in->has_reliable_change = true;
		in->reliable_change = (int)v;
		break;
	case -1:
		bad = 1;
		break;
	}
	for (size_t j = 0; j < ndef; j++)
		free(defopts[j].label);
	free(defopts);
	if (!bad) {
		struct report_ctx c = {d, yml_file(root)};

		if (inst_validate(in, report_problem, &c) > 0)
			bad = 1;
	}
	return bad ? -1 : 0;
}

/* "countries" of a variant: two letters each, upper-cased. */
static int
parse_countries(const struct yml_node *var, struct inst_variant *vr,
                struct diags *d)
{
	const struct yml_node *seq = NULL;
	int bad = 0;

	if (yml_map_seq(var, "countries", YML_REQUIRED, &seq, d) < 0)
		return -1;
	if (yml_len(seq) == 0) {
		yml_error(d, seq,
		          _("'countries' must name at least one country"));
		return -1;
	}
	vr->countries = xcalloc(yml_len(seq), sizeof(*vr->countries));
	for (size_t i = 0; i < yml_len(seq); i++) {
		const char *c = NULL;

		if (yml_as_str(yml_item(seq, i), "a country", &c, d) < 0) {
			bad = 1;
			continue;
		}
		if (strlen(c) != 2 || !isalpha((unsigned char)c[0]) ||
		    !isalpha((unsigned char)c[1])) {
			yml_error(d, yml_item(seq, i),
			          _("'%s' is not a country code (two letters, "
			            "ISO 3166-1)"),
			          c);
			bad = 1;
			continue;
		}
		vr->countries[vr->ncountries] = xstrdup(c);
		vr->countries[vr->ncountries][0] =
		        (char)toupper((unsigned char)c[0]);
		vr->countries[vr->ncountries][1] =
		        (char)toupper((unsigned char)c[1]);
		vr->ncountries++;
	}
	return bad ? -1 : 0;
}

/* "variants": each one a whole definition of its own, checked as such. */
static int
parse_variants(const struct yml_node *root, struct instrument *in,
               const char *path, struct diags *d)
{
	const struct yml_node *seq = NULL;
	int rc = yml_map_seq(root, "variants", YML_OPTIONAL, &seq, d), bad = 0;

	if (rc != 0)
		return rc < 0 ? -1 : 0;
	in->variants = xcalloc(yml_len(seq) + 1, sizeof(*in->variants));
	for (size_t i = 0; i < yml_len(seq); i++) {
		const struct yml_node *var = yml_item(seq, i);
		struct inst_variant *vr = &in->variants[in->nvariants];

		if (yml_kind(var) != YML_MAP) {
			yml_error(d, var,
			          _("a variant must be a mapping with "
			            "'countries'"));
			bad = 1;
			continue;
		}
		yml_check_keys(var, variant_keys, "a variant", d);
		in->nvariants++;
		if (parse_countries(var, vr, d) < 0)
			bad = 1;
		vr->in = inst_new();
		vr->in->file = in->file ? xstrdup(in->file) : NULL;
		if (parse(root, var, vr->in, path, d) < 0)
			bad = 1;
		for (size_t k = 0; k < vr->ncountries; k++)
			for (size_t j = 0; j + 1 < in->nvariants; j++)
				for (size_t m = 0;
				     m < in->variants[j].ncountries; m++)
					if (strcmp(in->variants[j].countries[m],
					           vr->countries[k]) == 0)
						yml_warning(
						        d, var,
						        _("%s is listed in an "
						          "earlier variant: "
						          "that "
						          "one is used"),
						        vr->countries[k]);
	}
	return bad ? -1 : 0;
}

struct instrument *
pack_load_instrument(const char *path, struct diags *d)
{
	struct yml_doc *doc = yml_load_file(path, NULL, NULL, d);
	const struct yml_node *root;
	struct instrument *in = NULL;

	if (!doc)
		return NULL;
	root = yml_root_map(doc, _("the instrument file"), d);
	if (!root)
		goto out;
	in = inst_new();
	in->file = xstrdup(path);
	if (parse(root, NULL, in, path, d) < 0 ||
	    parse_variants(root, in, path, d) < 0) {
		inst_free(in);
		in = NULL;
	}
out:
	yml_free(doc);
	return in;
}

struct inst_set {
	struct instrument **v;
	size_t n, cap;
};

static void
set_put(struct inst_set *s, struct instrument *in)
{
	for (size_t i = 0; i < s->n; i++) {
		if (strcmp(s->v[i]->id, in->id) == 0) {
			inst_free(s->v[i]);
			s->v[i] = in;
			return;
		}
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 8;
		s->v = xreallocarray(s->v, s->cap, sizeof(*s->v));
	}
	s->v[s->n++] = in;
}

struct loading {
	struct inst_set *s;
	struct diags *d;
};

static void
load_one(const char *path, void *arg)
{
	struct loading *ld = arg;
	struct instrument *in = pack_load_instrument(path, ld->d);

	if (in)
		set_put(ld->s, in);
}

/* Adds every *.yaml of dir to s.  -1 when the folder cannot be read. */
static int
load_dir_into(struct inst_set *s, const char *dir, struct diags *d)
{
	struct loading ld = {s, d};

	return yml_each_file(dir, load_one, &ld);
}

struct inst_set *
pack_load_instrument_dir(const char *dir, struct diags *d)
{
	struct inst_set *s = xcalloc(1, sizeof(*s));

	if (load_dir_into(s, dir, d) < 0)
		diag_add(d, DIAG_ERROR, dir, 0,
		         _("cannot read the instruments folder"));
	return s;
}

struct inst_set *
pack_load_instruments(struct diags *d)
{
	const char *dirs[PATH_DATA_MAX];
	size_t n = path_data_dirs(dirs);
	struct inst_set *s = xcalloc(1, sizeof(*s));

	/* The least important first: a later folder's file replaces. */
	while (n-- > 0) {
		char *dir = path_join(dirs[n], "instruments");

		if (path_exists(dir) && load_dir_into(s, dir, d) < 0)
			diag_add(d, DIAG_ERROR, dir, 0,
			         _("cannot read the instruments folder"));
		free(dir);
	}
	return s;
}

void
inst_set_free(struct inst_set *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		inst_free(s->v[i]);
	free(s->v);
	free(s);
}

size_t
inst_set_count(const struct inst_set *s)
{
	return s->n;
}

const struct instrument *
inst_set_at(const struct inst_set *s, size_t i)
{
	return i < s->n ? s->v[i] : NULL;
}

const struct instrument *
inst_set_find(const struct inst_set *s, const char *id)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i]->id, id) == 0)
			return s->v[i];
	return NULL;
}
