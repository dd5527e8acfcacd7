/*
 * check-content: finds the courses and data files of a content tree and
 * runs every check on them.  Courses go through the real loader
 * (pack_load_course), so what check-content accepts is exactly what the
 * program can run.  Data files go through their own loaders, too:
 * pack_load_worksheet, pack_load_instrument (which also checks that the
 * bands cover every possible total exactly once) and pack_load_crisis.
 */
#include "pack/check.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/course.h"
#include "pack/crisis.h"
#include "pack/instrument.h"
#include "pack/pack.h"
#include "pack/worksheet.h"
#include "pack/yml.h"
#include "util/i18n.h"
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
keep_region(struct crisis_list *l, struct crisis_region *r)
{
	if (!r)
		return;
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = r;
}

static size_t
check_data_dir(const char *data, struct diags *d, struct crisis_list *crisis)
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
				         _("not a .yaml file: ignored"));
				free(p);
			} else if (id && nm[0] != '.') {
				p = path_join(dir, nm);
				if (k == DATA_INSTRUMENT)
					inst_free(pack_load_instrument(p, d));
				else if (k == DATA_WORKSHEET)
					sheet_free(pack_load_worksheet(p, d));
				else
					keep_region(crisis,
					            pack_load_crisis(p, d));
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

/* True when root is laid out as a clinic's folder (tend-config(5)): its
 * data folders sit directly in it, beside content/ and config. */
static bool
clinic_layout(const char *root)
{
	static const char *const marks[] = {"config", "crisis", "instruments",
	                                    "worksheets"};
	bool yes = false;

	for (size_t i = 0; i < 4 && !yes; i++) {
		char *p = path_join(root, marks[i]);

		yes = path_exists(p);
		free(p);
	}
	return yes;
}

int
pack_check_tree(const char *root, const char *const *below, size_t nbelow,
                struct diags *d, struct pack_check_stats *st)
{
	char *course_yaml = path_join(root, "course.yaml");
	char *data = NULL, *content = NULL, **courses = NULL;
	const char **layers = NULL;
	size_t ncourses = 0, nlayers = 0;
	bool clinic = false;
	int rc = 0;

	memset(st, 0, sizeof(*st));
	st->crisis = xcalloc(1, sizeof(*st->crisis));
	if (path_exists(course_yaml)) {
		courses = xcalloc(1, sizeof(*courses));
		courses[0] = xstrdup(root);
		ncourses = 1;
		data = sibling_data(root, 2);
	} else if ((clinic = clinic_layout(root))) {
		char *stray = path_join(root, "data");

		/* The program reads ROOT/instruments, not ROOT/data/...:
		 * a check that accepted the second would be a lie. */
		if (is_dir(stray))
			diag_add(d, DIAG_WARNING, stray, 0,
			         _("not read: in a clinic's folder, crisis/, "
			           "instruments/ and worksheets/ sit beside "
			           "content/ (tend-config(5))"));
		free(stray);
		content = path_join(root, "content");
		data = xstrdup(root);
		ncourses = pack_find_courses(content, &courses);
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
		data = NULL;
	}
	if (ncourses == 0 && !(content && data && strcmp(content, root) != 0)) {
		if (!is_dir(root))
			diag_add(d, DIAG_ERROR, root, 0, _("no such folder"));
		else
			diag_add(d, DIAG_ERROR, root, 0,
			         _("no course here (no course.yaml in it or in "
			           "its folders)"));
		rc = -1;
		goto out;
	}
	/* References resolve as the program would resolve them: a pack's
	 * own data/ stands alone (it replaces the bundled data); a clinic's
	 * folder comes first, then the rest (the bundled data); a tree
	 * without data uses what is installed. */
	layers = xcalloc(nbelow + 1, sizeof(*layers));
	if (data)
		layers[nlayers++] = data;
	for (size_t i = 0; i < nbelow && (!data || clinic); i++)
		layers[nlayers++] = below[i];
	for (size_t i = 0; i < ncourses; i++) {
		struct course *c =
		        pack_load_course_in(courses[i], layers, nlayers, d);

		st->courses++;
		if (c)
			st->lessons += c->nlessons;
		course_free(c);
	}
	/* Data files are checked when they belong to the tree given. */
	if (data)
		st->data_files = check_data_dir(data, d, st->crisis);
out:
	free(layers);
	pack_strv_free(courses, ncourses);
	free(course_yaml);
	free(content);
	free(data);
	return rc;
}

void
pack_check_stats_free(struct pack_check_stats *st)
{
	crisis_list_free(st->crisis);
	st->crisis = NULL;
}
