/*
 * Test driver for the self-assessment screens: opens the vault in DIR
 * (passphrase from descriptor 3) and runs the questionnaire, or the chart
 * with --chart, in the real shell.  For tests/e2e/test_assess_tui.sh, until
 * the home screen offers check-ins.
 *
 *   assess_tui DIR ID [--chart]
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/session.h"
#include "ui/assess.h"

int
main(int argc, char **argv)
{
	struct opts opts = {NULL, NULL, 3, false, false, false};
	struct session *s = NULL;
	char *msg = NULL;
	int st;

	setlocale(LC_ALL, "");
	if (argc < 3) {
		fprintf(stderr, "usage: assess_tui DIR ID [--chart]\n");
		return 2;
	}
	opts.data_dir = argv[1];
	st = session_open(&opts, &s, &msg);
	if (st != EXIT_OK) {
		fprintf(stderr, "assess_tui: %s\n", msg ? msg : "cannot open");
		free(msg);
		return st;
	}
	st = ui_assess_run(&opts, s, argv[2],
	                   argc > 3 && strcmp(argv[3], "--chart") == 0);
	session_close(s);
	return st;
}
