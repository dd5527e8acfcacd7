/*
 * The worksheet loader: YAML (through pack/yml) into struct sheet, then
 * the semantic checks of core/sheet.  Unknown keys are warnings so that a
 * typo ("requried") is noticed; wrong types and missing keys are errors.
 */
#include "pack/worksheet.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pack/yml.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/path.h"
#include "util/utf8.h"
#include "util/xalloc.h"

static const char *const sheet_keys[] = {
        "id", "title", "summary", "help", "practice", "fields", NULL};
static const char *const field_keys[] = {
        "id",      "type",    "label",      "help",   "required", "default",
        "max",     "min",     "options",    "fields", "min_rows", "max_rows",
        "planned", "sort_by", "marks_done", NULL};
static const char *const option_keys[] = {"id", "label", NULL};

/* A sanitised, trimmed copy of content text. */
static char *
clean(const char *s, bool keep_newlines)
{
	struct buf b = BUF_INIT;
	char *out;

	utf8_sanitize(&b, s, strlen(s), false);
	out = buf_detach(&b);
	if (!keep_newlines)
		for (char *p = out; *p; p++)
			if (*p == '\n')
				*p = ' ';
	for (size_t n = strlen(out);
	     n > 0 && (out[n - 1] == ' ' || out[n - 1] == '\n'); n--)
		out[n - 1] = '\0';
	return out;
}

/* Reads an optional text key into *out (fresh, sanitised). */
static int
opt_text(const struct yml_node *map, const char *key, enum yml_need need,
         bool keep_newlines, char **out, struct diags *d)
{
	const char *s;
	int rc = yml_map_str(map, key, need, &s, d);

	if (rc == 0)
		*out = clean(s, keep_newlines);
	return rc < 0 ? -1 : 0;
}

static int load_field(const struct yml_node *n, struct sheet_field *f,
                      bool in_rows, struct diags *d);

static int
load_options(const struct yml_node *seq, struct sheet_field *f, struct diags *d)
{
	int err = 0;
	size_t n = yml_len(seq);

	if (n > SHEET_MAX_OPTIONS) {
		yml_error(d, seq, _("more than %d options"), SHEET_MAX_OPTIONS);
		return -1;
	}
	f->opts = xcalloc(n ? n : 1, sizeof(*f->opts));
	for (size_t i = 0; i < n; i++) {
		const struct yml_node *o = yml_item(seq, i);
		const char *id;

		if (yml_kind(o) != YML_MAP) {
			yml_error(d, o,
			          _("an option is a mapping with id and "
			            "label"));
			err = -1;
			continue;
		}
		yml_check_keys(o, option_keys, _("an option"), d);
		if (yml_map_id(o, "id", YML_REQUIRED, &id, d) < 0 ||
		    opt_text(o, "label", YML_REQUIRED, false,
		             &f->opts[f->nopts].label, d) < 0) {
			free(f->opts[f->nopts].label);
			f->opts[f->nopts].label = NULL;
			err = -1;
			continue;
		}
		f->opts[f->nopts].id = xstrdup(id);
		f->nopts++;
	}
	return err;
}

static int
load_subfields(const struct yml_node *seq, struct sheet_field *f,
               struct diags *d)
{
	int err = 0;
	size_t n = yml_len(seq);

	if (n > SHEET_MAX_FIELDS) {
		yml_error(d, seq, _("more than %d fields"), SHEET_MAX_FIELDS);
		return -1;
	}
	f->sub = xcalloc(n ? n : 1, sizeof(*f->sub));
	for (size_t i = 0; i < n; i++) {
		if (load_field(yml_item(seq, i), &f->sub[f->nsub], true, d) <
		    0) {
			sheet_field_clear(&f->sub[f->nsub]);
			err = -1;
			continue;
		}
		f->nsub++;
	}
	return err;
}

static int
load_field(const struct yml_node *n, struct sheet_field *f, bool in_rows,
           struct diags *d)
{
	static const char *const types[] = {
	        "text",     "longtext",    "rating10", "rating100", "number",
	        "choice",   "multichoice", "yesno",    "date",      "time",
	        "datetime", "rows",        NULL};
	const struct yml_node *seq;
	const char *id, *def;
	int type, err = 0;
	long v;

	f->line = yml_line(n);
	if (yml_kind(n) != YML_MAP) {
		yml_error(d, n,
		          _("a field is a mapping with id, type and "
		            "label"));
		return -1;
	}
	yml_check_keys(n, field_keys, "a field", d);
	if (yml_map_id(n, "id", YML_REQUIRED, &id, d) < 0)
		return -1;
	f->id = xstrdup(id);
	if (yml_map_enum(n, "type", YML_REQUIRED, types, &type, d) < 0)
		return -1;
	/* The enum table above is in enum sheet_type order. */
	f->type = (enum sheet_type)type;
	sheet_field_defaults(f);
	if (opt_text(n, "label", YML_REQUIRED, false, &f->label, d) < 0)
		err = -1;
	if (opt_text(n, "help", YML_OPTIONAL, false, &f->help, d) < 0)
		err = -1;
	if (yml_map_bool(n, "required", YML_OPTIONAL, &f->required, d) < 0)
		err = -1;
	if (yml_map_bool(n, "planned", YML_OPTIONAL, &f->planned, d) < 0)
		err = -1;
	if (yml_map_bool(n, "marks_done", YML_OPTIONAL, &f->marks_done, d) < 0)
		err = -1;
	switch (yml_map_str(n, "default", YML_OPTIONAL, &def, d)) {
	case 0:
		if (strcmp(def, "now") != 0) {
			yml_error(d, yml_get(n, "default"),
			          _("the only default is 'now'"));
			err = -1;
		}
		f->default_now = true;
		break;
	case -1:
		err = -1;
		break;
	}
	if (f->type == SHEET_NUMBER) {
		if (yml_map_int(n, "min", YML_OPTIONAL, -1000000000L,
		                1000000000L, &f->min, d) < 0 ||
		    yml_map_int(n, "max", YML_OPTIONAL, -1000000000L,
		                1000000000L, &f->max, d) < 0)
			err = -1;
	} else if (f->type == SHEET_TEXT || f->type == SHEET_LONGTEXT) {
		if (yml_map_int(n, "max", YML_OPTIONAL, 1, SHEET_CHARS_CEILING,
		                &f->max, d) < 0)
			err = -1;
		if (yml_get(n, "min"))
			yml_warning(d, yml_get(n, "min"),
			            _("'min' applies to number fields only"));
	} else if (yml_get(n, "max") || yml_get(n, "min")) {
		yml_warning(d,
		            yml_get(n, "max") ? yml_get(n, "max")
		                              : yml_get(n, "min"),
		            _("'min' and 'max' apply to text and number fields "
		              "only"));
	}
	switch (yml_map_seq(n, "options", YML_OPTIONAL, &seq, d)) {
	case 0:
		if (load_options(seq, f, d) < 0)
			err = -1;
		break;
	case -1:
		err = -1;
		break;
	}
	if (f->type == SHEET_ROWS) {
		v = (long)f->min_rows;
		if (yml_map_int(n, "min_rows", YML_OPTIONAL, 0, SHEET_MAX_ROWS,
		                &v, d) < 0)
			err = -1;
		f->min_rows = (size_t)v;
		v = (long)f->max_rows;
		if (yml_map_int(n, "max_rows", YML_OPTIONAL, 1, SHEET_MAX_ROWS,
		                &v, d) < 0)
			err = -1;
		f->max_rows = (size_t)v;
		switch (yml_map_id(n, "sort_by", YML_OPTIONAL, &def, d)) {
		case 0:
			f->sort_by = xstrdup(def);
			break;
		case -1:
			err = -1;
			break;
		}
		switch (yml_map_seq(n, "fields", YML_REQUIRED, &seq, d)) {
		case 0:
			if (in_rows) {
				yml_error(d, seq,
				          _("rows cannot be nested inside "
				            "rows"));
				err = -1;
			} else if (load_subfields(seq, f, d) < 0) {
				err = -1;
			}
			break;
		default:
			err = -1;
			break;
		}
	} else {
		if (yml_get(n, "fields") || yml_get(n, "min_rows") ||
		    yml_get(n, "max_rows") || yml_get(n, "sort_by")) {
			yml_error(d, n,
			          _("field '%s': fields, min_rows, max_rows "
			            "and sort_by belong to rows fields"),
			          f->id);
			err = -1;
		}
	}
	return err;
}

struct sheet *
pack_load_worksheet(const char *path, struct diags *d)
{
	struct yml_doc *doc = NULL;
	const struct yml_node *root, *fields;
	struct sheet *s = NULL;
	const char *id, *base;
	size_t nerr = d->nerrors, n;
	int err = 0;

	doc = yml_load_file(path, NULL, NULL, d);
	if (!doc)
		goto fail;
	root = yml_root_map(doc, "a worksheet", d);
	if (!root)
		goto fail;
	s = sheet_new();
	s->file = xstrdup(path);
	yml_check_keys(root, sheet_keys, "a worksheet", d);
	if (yml_map_id(root, "id", YML_REQUIRED, &id, d) < 0)
		goto fail;
	s->id = xstrdup(id);
	if (opt_text(root, "title", YML_REQUIRED, false, &s->title, d) < 0 ||
	    opt_text(root, "summary", YML_OPTIONAL, false, &s->summary, d) <
	            0 ||
	    opt_text(root, "help", YML_OPTIONAL, true, &s->help, d) < 0 ||
	    yml_map_bool(root, "practice", YML_OPTIONAL, &s->practice, d) < 0)
		err = -1;
	if (yml_map_seq(root, "fields", YML_REQUIRED, &fields, d) < 0)
		goto fail;
	n = yml_len(fields);
	if (n > SHEET_MAX_FIELDS) {
		yml_error(d, fields, _("more than %d fields"),
		          SHEET_MAX_FIELDS);
		goto fail;
	}
	s->fields = xcalloc(n ? n : 1, sizeof(*s->fields));
	for (size_t i = 0; i < n; i++) {
		if (load_field(yml_item(fields, i), &s->fields[s->nfields],
		               false, d) < 0) {
			sheet_field_clear(&s->fields[s->nfields]);
			err = -1;
			continue;
		}
		s->nfields++;
	}
	/* The file is named after the id: lessons refer to it by id. */
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (strncmp(base, s->id, strlen(s->id)) != 0 ||
	    strcmp(base + strlen(s->id), ".yaml") != 0)
		diag_add(d, DIAG_ERROR, path, yml_line(yml_get(root, "id")),
		         _("id '%s' does not match the file name ('%s')"),
		         s->id, base);
	/* Check what did load, so one run shows every mistake. */
	sheet_check(s, d);
	if (err < 0 || d->nerrors > nerr)
		goto fail;
	yml_free(doc);
	return s;
fail:
	sheet_free(s);
	yml_free(doc);
	if (d->nerrors == nerr)
		diag_add(d, DIAG_ERROR, path, 0, _("worksheet not loaded"));
	return NULL;
}

struct loading {
	struct sheet_set *set;
	struct diags *d;
	int failed;
};

static void
load_one(const char *path, void *arg)
{
	struct loading *ld = arg;
	struct sheet *s = pack_load_worksheet(path, ld->d);

	if (!s) {
		ld->failed++;
	} else if (sheet_set_find(ld->set, s->id)) {
		diag_add(ld->d, DIAG_ERROR, path, 1,
		         _("worksheet id '%s' is used by another file"), s->id);
		sheet_free(s);
		ld->failed++;
	} else {
		sheet_set_add(ld->set, s);
	}
}

int
pack_load_worksheets(const char *dir, struct sheet_set *set, struct diags *d)
{
	struct loading ld = {set, d, 0};

	if (yml_each_file(dir, load_one, &ld) < 0) {
		diag_add(d, DIAG_ERROR, dir, 0, _("cannot read the folder: %s"),
		         strerror(errno));
		return -1;
	}
	return ld.failed;
}

int
pack_load_installed_worksheets(struct sheet_set *set, struct diags *d)
{
	const char *dirs[PATH_DATA_MAX];
	size_t n = path_data_dirs(dirs);
	int failed = 0;

	/* The most important folder first; an id already loaded from it
	 * hides the same id further down. */
	for (size_t i = 0; i < n; i++) {
		struct sheet_set layer = SHEET_SET_INIT;
		char *dir = path_join(dirs[i], "worksheets");
		int rc = path_exists(dir) ? pack_load_worksheets(dir, &layer, d)
		                          : 0;

		if (rc > 0)
			failed += rc;
		for (size_t k = 0; k < layer.n; k++) {
			if (!sheet_set_find(set, layer.v[k]->id)) {
				sheet_set_add(set, layer.v[k]);
				layer.v[k] = NULL;
			}
		}
		sheet_set_free(&layer);
		free(dir);
	}
	return failed;
}
