/*
 * `tend check-content` (see app/content.h).
 */
#include "app/content.h"

#include <stdlib.h>
#include <string.h>

#include "app/config.h"
#include "app/course.h"
#include "pack/check.h"
#include "pack/crisis.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/path.h"
#include "util/xalloc.h"

/* The listing of every crisis line with its source and date. */
static void
crisis_report(const struct crisis_list *l, struct buf *b, size_t *n)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct crisis_region *r = l->v[i];

		buf_printf(b,
		           _("%s %s: emergency %s | source %s | checked %s\n"),
		           r->region, r->name, r->emergency,
		           r->emergency_source, r->emergency_checked);
		(*n)++;
		for (size_t j = 0; j < r->ncontacts; j++) {
			const struct crisis_contact *c = &r->contacts[j];

			const char *sep = ": ";

			buf_printf(b, "%s   %s", r->region, c->name);
			if (c->phone) {
				buf_printf(b, _("%scall %s"), sep, c->phone);
				sep = ", ";
			}
			if (c->text) {
				buf_printf(b, _("%stext %s"), sep, c->text);
				sep = ", ";
			}
			if (!c->phone && !c->text && c->web)
				buf_printf(b, "%s%s", sep, c->web);
			buf_printf(b, _(" | source %s | checked %s\n"),
			           c->source, c->checked);
			(*n)++;
		}
	}
}

int
app_content_check(const struct opts *o, const char *root, struct diags *d,
                  struct app_check_stats *st)
{
	struct pack_check_stats ps = {0, 0, 0, NULL};
	const char *below[PATH_DATA_MAX];
	size_t n = path_data_dirs(below);
	struct buf b = BUF_INIT;
	int rc;

	if (!root)
		root = o && o->content_dir ? o->content_dir : path_share_dir();
	if (!root)
		root = ".";
	rc = pack_check_tree(root, below, n, d, &ps);
	st->courses = ps.courses;
	st->lessons = ps.lessons;
	st->data_files = ps.data_files;
	st->crisis_lines = 0;
	if (ps.crisis)
		crisis_report(ps.crisis, &b, &st->crisis_lines);
	st->crisis = b.data ? buf_detach(&b) : xstrdup("");
	pack_check_stats_free(&ps);
	return rc;
}

struct inst_set *
app_instruments_load(struct diags *d)
{
	return pack_load_instruments(d);
}

/* True when the comma-separated list names id. */
static bool
listed(const char *list, const char *id)
{
	size_t n = strlen(id);

	for (const char *p = list; p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);

		if (len == n && strncmp(p, id, n) == 0)
			return true;
		p = comma ? comma + 1 : NULL;
	}
	return false;
}

bool
app_instrument_on(const struct opts *o, const char *id)
{
	struct app_config *cfg = app_config_load(NULL);
	const char *list = app_config_get(cfg, APP_CONFIG_INSTRUMENTS);
	bool on = !list || listed(list, id);
	struct app_course_info *v = NULL;
	size_t n = on ? 0 : app_course_list(o, &v);

	app_config_free(cfg);
	for (size_t i = 0; i < n && !on; i++) {
		struct diags quiet = DIAGS_INIT;
		struct course *c = app_course_load(o, v[i].id, &quiet);

		for (size_t k = 0; c && k < c->ninstruments && !on; k++)
			on = strcmp(c->instruments[k].id, id) == 0;
		course_free(c);
		diag_free(&quiet);
	}
	app_course_infos_free(v, n);
	return on;
}
