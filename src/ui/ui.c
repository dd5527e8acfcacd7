/*
 * Placeholder for the full-screen program (the terminal shell issue).
 */
#include "ui/ui.h"

#include <stdio.h>

int
ui_main(int argc, char **argv, struct opts *opts)
{
	fputs("tend: the full-screen program is not built yet; "
	      "see 'tend -h'\n",
	      stderr);
	return EXIT_FAIL;
}
