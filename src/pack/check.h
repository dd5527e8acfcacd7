/*
 * `tend check-content`: validates a whole content tree like a compiler:
 * every course (course.yaml, lessons, interactive blocks, unlock and
 * tailoring rules, cross-references) and every data file (worksheets,
 * instruments and their scoring, crisis contacts).  Findings go to a
 * struct diags as "file:line: error|warning: message"; the caller prints
 * them and derives the exit status (errors -> invalid content).
 */
#ifndef TEND_PACK_CHECK_H
#define TEND_PACK_CHECK_H

#include <stddef.h>

#include "util/diag.h"

struct crisis_list;

struct pack_check_stats {
	size_t courses;
	size_t lessons;
	size_t data_files;
	/* The crisis files of the tree that loaded (owned; free with
	 * pack_check_stats_free), for a listing of every line with its source
	 * and date.  Never NULL after pack_check_tree. */
	struct crisis_list *crisis;
};

/*
 * Checks the tree at root, which may be
 *   - a course folder (holding course.yaml),
 *   - a folder of courses (content/),
 *   - a pack root holding content/ and/or data/,
 *   - a clinic's folder (/etc/tend: config, content/, and crisis/,
 *     instruments/ and worksheets/ directly in it), laid out as the
 *     program reads it; a data/ folder there is warned about, because
 *     the program does not read it.
 * The tree's data folder is root/data (root itself for a clinic's
 * folder), or the data/ beside a content folder (two levels above a course
 * folder).  below[0..nbelow) are the folders the program reads
 * (path_data_dirs, most important first; may be empty).  A course's
 * references resolve as the program resolves them: in a pack's own data
 * folder alone, in a clinic's folder and then below, or, without a data
 * folder, in below.  Returns 0 when the tree was found (look at
 * d->nerrors for the verdict), -1 when root holds nothing to check (with
 * an error in d).
 */
int pack_check_tree(const char *root, const char *const *below, size_t nbelow,
                    struct diags *d, struct pack_check_stats *st);
void pack_check_stats_free(struct pack_check_stats *st);

#endif
