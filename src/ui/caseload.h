/*
 * The helper's caseload in the full screen (`tend helper inbox DIR` on a
 * terminal): one row per person, risk first, and each person in full.
 */
#ifndef TEND_UI_CASELOAD_H
#define TEND_UI_CASELOAD_H

#include <stddef.h>

#include "app/caseload.h"
#include "app/opts.h"

/*
 * Runs the shell on the caseload people[0..n) (borrowed for the run)
 * until the helper quits.  Returns an exit status (cli_caseload_fn).
 */
int ui_caseload_run(const struct opts *opts,
                    const struct caseload_person *people, size_t n);

#endif
