/*
 * `tend check-content [--strict] [--crisis] [DIR]`: validates a content
 * tree and prints its findings like a compiler, "file:line:
 * error|warning: message", on standard error, then (with --crisis) every
 * crisis line with its source and the date it was checked, and a one-line
 * summary on standard output.  A crisis file without a source or a date
 * for any number is an error (pack/crisis.c), so it can never be listed.  The exit
 * status follows the worst finding: 4 (invalid content) when there is an
 * error, or a warning under --strict; 0 otherwise, warnings included.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/content.h"
#include "util/diag.h"
#include "util/i18n.h"

static void
usage(FILE *f)
{
	fputs(_("Usage: tend check-content [--strict] [--crisis] [DIR]\n"
	        "\n"
	        "Validates a content pack: courses, lessons, interactive "
	        "blocks,\n"
	        "unlock and tailoring rules, worksheets, instruments and "
	        "crisis files.\n"
	        "DIR is a course folder, a folder of courses, or a folder "
	        "holding\n"
	        "content/ and data/ (default: the installed content).\n"
	        "\n"
	        "  --strict   treat warnings as errors\n"
	        "  --crisis   list every crisis line with its source and "
	        "the date\n"
	        "             it was checked\n"
	        "\n"
	        "Exit status: 0 valid (warnings are printed), 4 errors "
	        "found.\n"),
	      f);
}

int
cmd_check_content(int argc, char **argv, struct opts *opts)
{
	static const struct option longopts[] = {
	        {"strict", no_argument, NULL, 's'},
	        {"crisis", no_argument, NULL, 'c'},
	        {"help", no_argument, NULL, 'h'},
	        {NULL, 0, NULL, 0},
	};
	struct diags d = DIAGS_INIT;
	struct app_check_stats st;
	bool strict = false, crisis = false;
	int c, rc;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			strict = true;
			break;
		case 'c':
			crisis = true;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		default:
			return cli_usage_error(argv[0], _("unknown option"));
		}
	}
	if (argc - optind > 1)
		return cli_usage_error(argv[0], _("give at most one folder"));
	app_content_check(opts, optind < argc ? argv[optind] : NULL, &d, &st);
	diag_sort(&d);
	for (size_t i = 0; i < d.n; i++) {
		char *s = diag_format(&d.items[i]);

		fprintf(stderr, "%s\n", s);
		free(s);
	}
	if (crisis)
		fputs(st.crisis, stdout);
	printf(_("check-content: courses %zu, lessons %zu, data files %zu, "
	         "crisis lines %zu; errors %zu, warnings %zu\n"),
	       st.courses, st.lessons, st.data_files, st.crisis_lines,
	       d.nerrors, d.nwarnings);
	free(st.crisis);
	rc = d.nerrors || (strict && d.nwarnings) ? EXIT_DATA : EXIT_OK;
	diag_free(&d);
	return rc;
}
