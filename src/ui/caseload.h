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
 * Runs the shell on the caseload people[0..n) of c (both borrowed for
 * the run) until the helper quits; on a person's page, r writes a reply
 * to them (caseload_reply, into the key folder's outbox).  Returns an exit
 * status (cli_caseload_fn).
 */
int ui_caseload_run(const struct opts *opts, struct caseload *c,
                    const struct caseload_person *people, size_t n);

#endif
