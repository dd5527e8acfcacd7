/*
 * `tend check-content` (see app/content.h).
 */
#include "app/content.h"

#include <stdlib.h>

#include "pack/check.h"
#include "util/path.h"
#include "util/xalloc.h"

int
app_content_check(const struct opts *o, const char *root, struct diags *d,
                  struct app_check_stats *st)
{
	char *share_data = path_join(path_share_dir(), "data");
	struct pack_check_stats ps = {0, 0, 0};
	int rc;

	if (!root)
		root = o && o->content_dir ? o->content_dir : path_share_dir();
	if (!root)
		root = ".";
	rc = pack_check_tree(root, share_data, d, &ps);
	st->courses = ps.courses;
	st->lessons = ps.lessons;
	st->data_files = ps.data_files;
	free(share_data);
	return rc;
}

struct inst_set *
app_instruments_load(struct diags *d)
{
	return pack_load_instruments(d);
}
