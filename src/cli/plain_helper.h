/*
 * Guidance by file in plain mode (cli/plain.c): the same use cases as the
 * helper screen and the Messages screen (app/helper.h), one line at a
 * time through plain mode's own way of asking and saying (cli_lines).
 */
#ifndef TEND_CLI_PLAIN_HELPER_H
#define TEND_CLI_PLAIN_HELPER_H

#include "app/session.h"
#include "cli/checkin.h"

/* When plain mode opens: takes in replies dropped into the inbox folder
 * and shows the unread ones ("A message from your helper"). */
void plain_helper_open(const struct cli_lines *io, struct session *s);

/*
 * At the first run, when the clinic installed its helper's key and
 * nothing is linked: what a helper does, and whether to link them now
 * (the same steps as "helper link").  Otherwise nothing.
 */
void plain_helper_first_run(const struct cli_lines *io, struct session *s);

/*
 * The `helper` command: with no argument the link and what is shared;
 * "link FILE" (the fingerprint to compare, what is shared, a yes, a name,
 * each kind of text), "unlink", "summary" (an optional note).
 */
void
plain_helper(const struct cli_lines *io, struct session *s, const char *arg);

/* The `messages` command: every message, newest first. */
void plain_messages(const struct cli_lines *io, struct session *s);

#endif
