/*
 * Placeholder: replaced by the issue that builds these commands.
 */
#include "cli/cli.h"

int
cmd_init(int argc, char **argv, struct opts *opts)
{
	cli_error("%s: not built yet", argv[0]);
	return EXIT_FAIL;
}

int
cmd_passwd(int argc, char **argv, struct opts *opts)
{
	cli_error("%s: not built yet", argv[0]);
	return EXIT_FAIL;
}

int
cmd_recover(int argc, char **argv, struct opts *opts)
{
	cli_error("%s: not built yet", argv[0]);
	return EXIT_FAIL;
}

int
cmd_backup(int argc, char **argv, struct opts *opts)
{
	cli_error("%s: not built yet", argv[0]);
	return EXIT_FAIL;
}

int
cmd_restore(int argc, char **argv, struct opts *opts)
{
	cli_error("%s: not built yet", argv[0]);
	return EXIT_FAIL;
}

int
cmd_doctor(int argc, char **argv, struct opts *opts)
{
	cli_error("%s: not built yet", argv[0]);
	return EXIT_FAIL;
}

int
cmd_wipe(int argc, char **argv, struct opts *opts)
{
	cli_error("%s: not built yet", argv[0]);
	return EXIT_FAIL;
}
