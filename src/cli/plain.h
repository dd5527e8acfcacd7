/*
 * The line-oriented program: tend without a full screen.  cli_main runs it
 * instead of the TUI for --plain, TERM=dumb, or when standard input or
 * output is not a terminal.
 */
#ifndef TEND_CLI_PLAIN_H
#define TEND_CLI_PLAIN_H

#include "app/opts.h"

/* Runs until "quit" or the end of input.  Returns an exit status. */
int plain_main(int argc, char **argv, struct opts *opts);

#endif
