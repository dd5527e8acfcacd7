/*
 * check-content: finds the courses and data files of a content tree and
 * runs every check on them.  Courses go through the real loader
 * (pack_load_course), so what check-content accepts is exactly what the
 * program can run.  Data files get the checks that concern the course
 * engine: they parse, their id matches their file name, the names the
 * course shows exist, and an instrument's bands cover every possible total.
 * The full worksheet and instrument loaders (pack/worksheet.c,
 * pack/instrument.c) validate the rest of those files when they are used.
 */
#include "pack/check.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/course.h"
#include "pack/pack.h"
#include "pack/yml.h"
#include "util/path.h"
#include "util/xalloc.h"

static bool
is_dir(const char *p)
{
	DIR *dp = opendir(p);

	if (!dp)
		return false;
	closedir(dp);
	return true;
}

/* The option values of one item: its own list, or the default list. */
static bool
option_range(const struct yml_node *opts, long *lo, long *hi, struct diags *d)
{
	bool any = false;

	for (size_t i = 0; i < yml_len(opts); i++) {
		long v;

		if (yml_map_int(yml_item(opts, i), "value", YML_REQUIRED, -1000,
		                1000, &v, d) != 0)
			continue;
		if (!any || v < *lo)
			*lo = v;
		if (!any || v > *hi)
			*hi = v;
		any = true;
	}
	return any;
}

struct band {
	long min, max;
	const char *id;
	int line;
};

static int
cmp_band(const void *a, const void *b)
{
	const struct band *x = a, *y = b;

	if (x->min != y->min)
		return (x->min > y->min) - (x->min < y->min);
	return (x->line > y->line) - (x->line < y->line);
}

static void
gap(struct diags *d, const char *file, int line, long from, long to)
{
	if (from == to)
		diag_add(d, DIAG_ERROR, file, line,
		         "a total of %ld is in no band", from);
	else
		diag_add(d, DIAG_ERROR, file, line,
		         "totals %ld to %ld are in no band", from, to);
}

size_t
pack_check_instrument(const char *path, const char *display, struct diags *d)
{
	static const char *const methods[] = {"sum", "mean", NULL};
	size_t e0 = d->nerrors;
	struct yml_doc *doc = yml_load_file(path, display, NULL, d);
	const struct yml_node *m = yml_root_map(doc, "an instrument file", d);
	const struct yml_node *items = NULL, *defopts = NULL, *sc = NULL,
	                      *bands = NULL, *counted;
	struct band *bv = NULL;
	size_t nb = 0;
	long lo = 0, hi = 0, v;
	int method = 0;
	bool *use = NULL;

	if (!m)
		goto out;
	if (yml_map_seq(m, "items", YML_REQUIRED, &items, d) != 0)
		goto out;
	if (yml_len(items) == 0) {
		yml_error(d, items, "'items' is empty");
		goto out;
	}
	yml_map_seq(m, "options", YML_OPTIONAL, &defopts, d);
	if (yml_map_map(m, "scoring", YML_REQUIRED, &sc, d) != 0)
		goto out;
	yml_map_enum(sc, "method", YML_OPTIONAL, methods, &method, d);

	/* Which items count. */
	use = xcalloc(yml_len(items), sizeof(*use));
	counted = yml_get(sc, "items");
	if (!counted || (yml_kind(counted) == YML_SCALAR &&
	                 strcmp(yml_text(counted), "all") == 0)) {
		for (size_t i = 0; i < yml_len(items); i++)
			use[i] = true;
	} else if (yml_kind(counted) == YML_SEQ) {
		for (size_t i = 0; i < yml_len(counted); i++)
			if (yml_as_int(yml_item(counted, i), "a scored item", 1,
			               (long)yml_len(items), &v, d) == 0)
				use[v - 1] = true;
	} else {
		yml_error(d, counted,
		          "'items' must be 'all' or a list of item "
		          "numbers");
		goto out;
	}
	for (size_t i = 0; i < yml_len(items); i++) {
		const struct yml_node *it = yml_item(items, i), *o;
		long a = 0, b = 0;

		if (!use[i])
			continue;
		o = yml_get(it, "options");
		if (!o)
			o = defopts;
		if (!option_range(o, &a, &b, d)) {
			yml_error(d, it,
			          "item %zu has no options (and there are no "
			          "default options)",
			          i + 1);
			goto out;
		}
		lo += a;
		hi += b;
	}
	if (d->nerrors > e0)
		goto out;
	if (method == 1) {
		yml_warning(d, sc,
		            "bands of a 'mean' score cannot be checked "
		            "against every possible total");
		goto out;
	}
	if (yml_map_int(sc, "min", YML_OPTIONAL, -100000, 100000, &v, d) == 0 &&
	    v != lo)
		yml_error(d, yml_get(sc, "min"),
		          "'min' is %ld, but the lowest possible total is %ld",
		          v, lo);
	if (yml_map_int(sc, "max", YML_OPTIONAL, -100000, 100000, &v, d) == 0 &&
	    v != hi)
		yml_error(d, yml_get(sc, "max"),
		          "'max' is %ld, but the highest possible total is %ld",
		          v, hi);

	/* Some instruments have no published severity ranges (PCL-5): no
	 * bands is fine, but bands that exist must cover every total. */
	if (yml_map_seq(m, "bands", YML_OPTIONAL, &bands, d) != 0)
		goto out;
	bv = xcalloc(yml_len(bands) + 1, sizeof(*bv));
	for (size_t i = 0; i < yml_len(bands); i++) {
		const struct yml_node *b = yml_item(bands, i);
		struct band *x = &bv[nb];

		x->line = yml_line(b);
		x->id = "?";
		yml_map_id(b, "id", YML_REQUIRED, &x->id, d);
		if (yml_map_int(b, "min", YML_REQUIRED, -100000, 100000,
		                &x->min, d) != 0 ||
		    yml_map_int(b, "max", YML_REQUIRED, -100000, 100000,
		                &x->max, d) != 0)
			continue;
		if (x->min > x->max) {
			yml_error(d, b, "band '%s' has min above max", x->id);
			continue;
		}
		for (size_t k = 0; k < nb; k++)
			if (strcmp(bv[k].id, x->id) == 0)
				yml_error(d, b, "duplicate band id '%s'",
				          x->id);
		nb++;
	}
	if (nb == 0) {
		yml_error(d, bands, "no usable bands");
		goto out;
	}
	qsort(bv, nb, sizeof(*bv), cmp_band);
	{
		long next = lo;

		for (size_t i = 0; i < nb; i++) {
			if (bv[i].min > next && next <= hi)
				gap(d, display, bv[i].line, next,
				    bv[i].min - 1 < hi ? bv[i].min - 1 : hi);
			else if (bv[i].min < next && i > 0)
				diag_add(d, DIAG_ERROR, display, bv[i].line,
				         "band '%s' overlaps band '%s' (total "
				         "%ld is in both)",
				         bv[i].id, bv[i - 1].id, bv[i].min);
			if (bv[i].min < lo || bv[i].max > hi)
				diag_add(d, DIAG_WARNING, display, bv[i].line,
				         "band '%s' (%ld-%ld) reaches outside "
				         "the "
				         "possible totals %ld-%ld",
				         bv[i].id, bv[i].min, bv[i].max, lo,
				         hi);
			if (bv[i].max + 1 > next)
				next = bv[i].max + 1;
		}
		if (next <= hi)
			gap(d, display, bv[nb - 1].line, next, hi);
	}
	if (yml_map_int(m, "caseness", YML_OPTIONAL, lo, hi, &v, d) < 0)
		goto out;
	yml_map_int(m, "reliable_change", YML_OPTIONAL, 1,
	            hi - lo > 0 ? hi - lo : 1, &v, d);
out:
	free(use);
	free(bv);
	yml_free(doc);
	return d->nerrors - e0;
}

/* The file name without ".yaml", or NULL when it does not end so. */
static char *
stem(const char *name)
{
	size_t n = strlen(name);

	if (n <= 5 || strcmp(name + n - 5, ".yaml") != 0)
		return NULL;
	return xstrndup(name, n - 5);
}

/*
 * The data/ folder `up` levels above dir, spelt without "..": "content"
 * gives "data", "x/content/steady" (up 2) gives "x/data".  Falls back to
 * dir/../data when dir has too few components to strip.
 */
static char *
sibling_data(const char *dir, int up)
{
	char *p = xstrdup(dir), *r;
	size_t n = strlen(p);

	for (int k = 0; k < up; k++) {
		size_t end;

		while (n > 1 && p[n - 1] == '/')
			n--;
		end = n;
		while (n > 0 && p[n - 1] != '/')
			n--;
		/* Too few components, or one that is "." or "..". */
		if ((n == 0 && k + 1 < up) || end == n ||
		    (end - n <= 2 && strncmp(p + n, "..", end - n) == 0)) {
			free(p);
			return path_join(dir,
			                 up == 2 ? "../../data" : "../data");
		}
	}
	p[n] = '\0';
	r = n ? path_join(p, "data") : xstrdup("data");
	free(p);
	return r;
}

enum data_kind { DATA_WORKSHEET, DATA_INSTRUMENT, DATA_CRISIS };

static void
check_data_file(const char *path, enum data_kind kind, const char *want,
                struct diags *d)
{
	struct yml_doc *doc = yml_load_file(path, NULL, NULL, d);
	const struct yml_node *m;
	bool parsed = false;
	const char *s;

	m = yml_root_map(doc, "the file", d);
	if (!m)
		goto out;
	parsed = true;
	if (kind == DATA_CRISIS) {
		const struct yml_node *cs = NULL;

		if (yml_map_str(m, "region", YML_REQUIRED, &s, d) == 0 &&
		    strcmp(s, want) != 0)
			yml_error(d, yml_get(m, "region"),
			          "region '%s' does not match the file name "
			          "('%s.yaml')",
			          s, want);
		yml_map_str(m, "name", YML_REQUIRED, &s, d);
		if (yml_map_seq(m, "contacts", YML_REQUIRED, &cs, d) == 0) {
			if (yml_len(cs) == 0)
				yml_error(d, cs, "'contacts' is empty");
			for (size_t i = 0; i < yml_len(cs); i++) {
				const struct yml_node *c = yml_item(cs, i);

				yml_map_str(c, "name", YML_REQUIRED, &s, d);
				if (yml_is_null(yml_get(c, "phone")) &&
				    yml_is_null(yml_get(c, "text")) &&
				    yml_is_null(yml_get(c, "web")))
					yml_error(
					        d, c,
					        "a contact needs a phone, text "
					        "or web address");
			}
		}
		goto out;
	}
	if (yml_map_id(m, "id", YML_REQUIRED, &s, d) == 0 &&
	    strcmp(s, want) != 0)
		yml_error(d, yml_get(m, "id"),
		          "id '%s' does not match the file name ('%s.yaml')", s,
		          want);
	yml_map_str(m, "title", YML_REQUIRED, &s, d);
	if (kind == DATA_WORKSHEET) {
		const struct yml_node *f = NULL;

		if (yml_map_seq(m, "fields", YML_REQUIRED, &f, d) == 0 &&
		    yml_len(f) == 0)
			yml_error(d, f, "'fields' is empty");
	}
out:
	yml_free(doc);
	/* Scoring is checked on its own parse, so it runs only when the
	 * file is readable at all (no error twice). */
	if (kind == DATA_INSTRUMENT && parsed)
		pack_check_instrument(path, path, d);
}

static size_t
check_data_dir(const char *data, struct diags *d)
{
	static const char *const sub[] = {"worksheets", "instruments",
	                                  "crisis"};
	size_t n = 0;

	for (int k = 0; k < 3; k++) {
		char *dir = path_join(data, sub[k]);
		struct dirent **names = NULL;
		int cnt = scandir(dir, &names, NULL, alphasort);

		for (int i = 0; i < cnt; i++) {
			const char *nm = names[i]->d_name;
			char *id = stem(nm), *p;

			if (nm[0] != '.' && !id) {
				p = path_join(dir, nm);
				diag_add(d, DIAG_WARNING, p, 0,
				         "not a .yaml file: ignored");
				free(p);
			} else if (id && nm[0] != '.') {
				p = path_join(dir, nm);
				check_data_file(p, (enum data_kind)k, id, d);
				n++;
				free(p);
			}
			free(id);
			free(names[i]);
		}
		free(names);
		free(dir);
	}
	return n;
}

int
pack_check_tree(const char *root, const char *fallback_data, struct diags *d,
                struct pack_check_stats *st)
{
	char *course_yaml = path_join(root, "course.yaml");
	char *data = NULL, *content = NULL, **courses = NULL;
	size_t ncourses = 0;
	bool fallback = false;
	int rc = 0;

	memset(st, 0, sizeof(*st));
	if (path_exists(course_yaml)) {
		courses = xcalloc(1, sizeof(*courses));
		courses[0] = xstrdup(root);
		ncourses = 1;
		data = sibling_data(root, 2);
	} else {
		char *c = path_join(root, "content");

		if (is_dir(c)) {
			content = c;
			data = path_join(root, "data");
		} else {
			free(c);
			content = xstrdup(root);
			data = path_join(root, "data");
			if (!is_dir(data)) {
				free(data);
				data = sibling_data(root, 1);
			}
		}
		ncourses = pack_find_courses(content, &courses);
	}
	if (!is_dir(data)) {
		free(data);
		data = fallback_data ? xstrdup(fallback_data) : NULL;
		fallback = true;
	}
	if (ncourses == 0 &&
	    !(content && data && is_dir(data) && strcmp(content, root) != 0)) {
		if (!is_dir(root))
			diag_add(d, DIAG_ERROR, root, 0, "no such folder");
		else
			diag_add(d, DIAG_ERROR, root, 0,
			         "no course here (no course.yaml in it or in "
			         "its folders)");
		rc = -1;
		goto out;
	}
	for (size_t i = 0; i < ncourses; i++) {
		struct course *c = pack_load_course(courses[i], data, d);

		st->courses++;
		if (c)
			st->lessons += c->nlessons;
		course_free(c);
	}
	/* Data files are checked when they belong to the tree given. */
	if (data && !fallback)
		st->data_files = check_data_dir(data, d);
out:
	pack_strv_free(courses, ncourses);
	free(course_yaml);
	free(content);
	free(data);
	return rc;
}
