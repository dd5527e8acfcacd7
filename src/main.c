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
#include "ui/ui.h"
#include "util/i18n.h"

int
main(int argc, char **argv)
{
	struct rlimit none = {0, 0};

	umask(077);
	setrlimit(RLIMIT_CORE, &none);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	setlocale(LC_ALL, "");
	i18n_init();
	return cli_main(argc, argv, ui_main);
}
