/*
 * `tend import FILE`: take in a reply from the linked helper (app/helper.h
 * checks it: sealed to this person's key for the link, signed by the
 * helper linked, newer than any taken before).  A refused file changes
 * nothing and exits with status 4, saying which check failed.
 */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/helper.h"
#include "app/session.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/utf8.h"

int
cmd_import(int argc, char **argv, struct opts *opts)
{
	struct session *s = NULL;
	struct helper_msg *m = NULL;
	size_t n = 0;
	char *msg = NULL;
	int st;

	if (argc == 2 &&
	    (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		fputs(_("Usage: tend import FILE\n"
		        "\n"
		        "Takes in a message from your helper.  tend checks "
		        "that it is\nfor you, from the helper you linked, and "
		        "new; otherwise it is\nrefused and nothing changes.\n"),
		      stdout);
		return EXIT_OK;
	}
	if (argc != 2)
		return cli_usage_error("import", _("name one file"));
	st = session_open(opts, &s, &msg);
	if (st != EXIT_OK) {
		cli_error("%s", msg ? msg : _("cannot open the vault"));
		free(msg);
		return st;
	}
	st = helper_import_file(s, argv[1], clock_now(), &msg);
	if (st != EXIT_OK) {
		cli_error(_("%s was not taken in: %s"), argv[1], msg);
		free(msg);
		goto out;
	}
	if (helper_messages(s, &m, &n) == 0 && n) {
		struct buf b = BUF_INIT;
		struct tm tm;
		char when[32];

		localtime_r(&m[0].sent_at, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
		printf(_("A message from your helper, written %s:\n\n"), when);
		utf8_sanitize(&b, m[0].text, strlen(m[0].text), false);
		printf("%s\n\n", b.data ? b.data : "");
		buf_free(&b);
	}
	printf("%s\n", _("It is kept in tend (Messages).  tend helper "
	                 "messages lists them all."));
	printf("%s\n", _(helper_not_realtime()));
	helper_msgs_free(m, n);
out:
	session_close(s);
	return st;
}
