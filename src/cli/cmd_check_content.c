/*
 * Placeholder: replaced by the issue that builds these commands.
 */
#include "cli/cli.h"

int
cmd_check_content(int argc, char **argv, struct opts *opts)
{
	cli_error("%s: not built yet", argv[0]);
	return EXIT_FAIL;
}
