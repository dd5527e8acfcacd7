/*
 * tend's entry point: process hardening, locale, then the command line.
 * Core dumps are turned off before anything secret can be in memory.
 */
#include <locale.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "ui/caseload.h"
#include "ui/ui.h"
#include "util/i18n.h"
#include "util/path.h"

int
main(int argc, char **argv)
{
	struct rlimit none = {0, 0};

	umask(077);
	setrlimit(RLIMIT_CORE, &none);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	path_set_argv0(argv[0]);
	path_bundle_env();
	/* A bundle on a machine without the person's locale still has its
	 * own UTF-8 character set. */
	if (!setlocale(LC_ALL, "") && path_bundle_locale())
		setlocale(LC_ALL, "C.UTF-8");
	i18n_init();
	cli_set_caseload_screen(ui_caseload_run);
	return cli_main(argc, argv, ui_main);
}
