/*
 * The command line: global options, the subcommand table and exit
 * statuses.  Every subcommand lives in its own cli/cmd_*.c file and is
 * listed once in cli.c's table, which also gives `tend -h`.
 */
#ifndef TEND_CLI_CLI_H
#define TEND_CLI_CLI_H

#include <stddef.h>

#include "app/opts.h"
#include "app/session.h"

/*
 * A subcommand.  argv[0] is the subcommand's name; global options have
 * already been removed.  Returns an exit status.
 */
typedef int cli_cmd_fn(int argc, char **argv, struct opts *opts);

/*
 * Parses the whole command line and runs the subcommand, or the TUI when
 * there is none (tui is called then).  Returns the exit status.
 */
int cli_main(int argc, char **argv, cli_cmd_fn *tui);

/* Prints "tend: MSG" to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Asks on the terminal (/dev/tty, echo on, whatever standard input is)
 * and returns the line typed without its newline (free with free()), or
 * NULL when there is no terminal or nothing was typed. */
char *cli_ask_tty(const char *prompt);
/* Prints "tend CMD: MSG\nTry 'tend CMD -h'." and returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

/*
 * Commits a change (session_commit at clock_now()).  When the vault was
 * saved but the reminder schedule could not be updated, prints
 * "tend: warning: ..." to stderr and still returns EXIT_OK.  Returns the
 * commit's status, with *msg (free with free()) on failure.
 */
int cli_commit(struct session *s, char **msg);

/* Prints what the session has to say once (session_take_notice) to
 * standard error: call it after every session_open. */
void cli_notices(struct session *s);

/*
 * After a commit that failed: seals the unsaved changes into the journal
 * (session_keep_unsaved) and says where, or that even that failed.
 * Returns EXIT_OK when nothing is lost.
 */
int cli_keep_unsaved(struct session *s);

/* The subcommands, one per cli/cmd_*.c. */
cli_cmd_fn cmd_init, cmd_passwd, cmd_recover, cmd_backup, cmd_restore,
        cmd_doctor, cmd_merge, cmd_wipe, cmd_status, cmd_assess, cmd_export,
        cmd_remind, cmd_render, cmd_check_content, cmd_helper, cmd_import,
        cmd_notes;

/*
 * The full screen for `tend helper inbox` (ui/caseload.c), handed over by
 * main.c because cli/ cannot call ui/: shows people[0..n) of c (open, for
 * replies) and returns an exit status.  Without it the caseload is printed.
 */
struct caseload;
struct caseload_person;
typedef int cli_caseload_fn(const struct opts *opts, struct caseload *c,
                            const struct caseload_person *people, size_t n);
void cli_set_caseload_screen(cli_caseload_fn *fn);

#endif
