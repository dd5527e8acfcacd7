/*
 * `tend check-content` (see app/content.h).
 */
#include "app/content.h"

#include <stdlib.h>

#include "pack/check.h"
#include "pack/crisis.h"
#include "util/buf.h"
#include "util/path.h"
#include "util/xalloc.h"

/* The listing of every crisis line with its source and date. */
static void
crisis_report(const struct crisis_list *l, struct buf *b, size_t *n)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct crisis_region *r = l->v[i];

		buf_printf(b, "%s %s: emergency %s | source %s | checked %s\n",
		           r->region, r->name, r->emergency,
		           r->emergency_source, r->emergency_checked);
		(*n)++;
		for (size_t j = 0; j < r->ncontacts; j++) {
			const struct crisis_contact *c = &r->contacts[j];

			const char *sep = ": ";

			buf_printf(b, "%s   %s", r->region, c->name);
			if (c->phone) {
				buf_printf(b, "%scall %s", sep, c->phone);
				sep = ", ";
			}
			if (c->text) {
				buf_printf(b, "%stext %s", sep, c->text);
				sep = ", ";
			}
			if (!c->phone && !c->text && c->web)
				buf_printf(b, "%s%s", sep, c->web);
			buf_printf(b, " | source %s | checked %s\n", c->source,
			           c->checked);
			(*n)++;
		}
	}
}

int
app_content_check(const struct opts *o, const char *root, struct diags *d,
                  struct app_check_stats *st)
{
	char *share_data = path_join(path_share_dir(), "data");
	struct pack_check_stats ps = {0, 0, 0, NULL};
	struct buf b = BUF_INIT;
	int rc;

	if (!root)
		root = o && o->content_dir ? o->content_dir : path_share_dir();
	if (!root)
		root = ".";
	rc = pack_check_tree(root, share_data, d, &ps);
	st->courses = ps.courses;
	st->lessons = ps.lessons;
	st->data_files = ps.data_files;
	st->crisis_lines = 0;
	if (ps.crisis)
		crisis_report(ps.crisis, &b, &st->crisis_lines);
	st->crisis = b.data ? buf_detach(&b) : xstrdup("");
	pack_check_stats_free(&ps);
	free(share_data);
	return rc;
}

struct inst_set *
app_instruments_load(struct diags *d)
{
	return pack_load_instruments(d);
}
