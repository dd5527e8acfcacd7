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
				         "not a .yaml file: ignored");
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
	st->crisis = xcalloc(1, sizeof(*st->crisis));
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
		st->data_files = check_data_dir(data, d, st->crisis);
out:
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
