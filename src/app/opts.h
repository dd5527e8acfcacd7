/*
 * What the command line tells the program, shared by the TUI and the
 * subcommands, and the exit statuses both return.
 */
#ifndef TEND_APP_OPTS_H
#define TEND_APP_OPTS_H

#include <stdbool.h>

/* Exit statuses: the contract scripts and tests rely on (tend(1)). */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1, /* anything else that went wrong */
	EXIT_USAGE = 2, /* bad command line */
	EXIT_AUTH = 3, /* wrong passphrase or recovery code */
	EXIT_DATA = 4, /* damaged or invalid vault or content */
	EXIT_BUSY = 5, /* the vault is open in another process */
};

/* Options that every subcommand accepts, before or after its name. */
struct opts {
	const char *data_dir; /* --data-dir, or NULL for XDG */
	const char *content_dir; /* --content, or NULL for the default */
	int passphrase_fd; /* --passphrase-fd, or -1 for the terminal */
	bool plain; /* --plain: no curses, line-oriented */
	bool no_color; /* --no-color or NO_COLOR */
	bool read_through; /* the command reads the vault through once (an
	                    * export): keep memory small (vault_read_paged) */
};

#endif
