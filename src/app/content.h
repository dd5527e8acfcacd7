/*
 * Content packs as the front ends see them: `tend check-content` validates
 * a tree like a compiler (pack/check.c does the work), with the same
 * folder choice the program uses to load courses; and the installed
 * instruments.
 */
#ifndef TEND_APP_CONTENT_H
#define TEND_APP_CONTENT_H

#include <stdbool.h>
#include <stddef.h>

#include "app/opts.h"
#include "pack/instrument.h"
#include "util/diag.h"

/* What a check looked at. */
struct app_check_stats {
	size_t courses;
	size_t lessons;
	size_t data_files;
	/* Every crisis line of the tree's crisis files that loaded, one per
	 * line: "GB emergency 999 | source ... | checked 2026-12-03", then
	 * "GB Samaritans: 116 123 | source ... | checked ...".  Fresh
	 * (free()); "" when the tree has none. */
	char *crisis;
	size_t crisis_lines;
};

/*
 * Checks root: a course folder, a folder of courses or a pack root (NULL:
 * o->content_dir when given, else the installed share folder).  The data
 * folder is the one beside the content, else the installed data/.
 * Findings go to d as "file:line: error|warning: message" (d->nerrors
 * gives the verdict); *st counts what was checked (free st->crisis).  Returns 0, or -1 when
 * root holds nothing to check (with an error in d).
 */
int app_content_check(const struct opts *o, const char *root, struct diags *d,
                      struct app_check_stats *st);

/*
 * The instruments tend offers: instruments/ in the clinic's folder, a
 * pack's data/ and the bundled data/, the first of the same id winning
 * (path_data_dirs).  Never NULL; free with inst_set_free.  Files with
 * problems are skipped, their findings go to d.
 */
struct inst_set *app_instruments_load(struct diags *d);

/*
 * Whether a person may take instrument id on their own (`tend assess
 * ID`, `tend assess --list`): true when the configuration's `instruments`
 * is not set or names it, and always for an instrument an installed
 * course uses (its check-ins and its lessons' questionnaires), so that a
 * course never loses a check-in to this setting.  o gives --content (may
 * be NULL).
 */
bool app_instrument_on(const struct opts *o, const char *id);

#endif
