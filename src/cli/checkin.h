/*
 * The check-in on a line-oriented terminal, for `tend assess` and plain
 * mode: it prints the steps of the one check-in flow (app/checkin.h) and
 * turns typed lines into its calls.  The two front ends differ only in
 * how they read and print a line (plain mode wraps to the width and echoes
 * scripted input), which they pass in.
 */
#ifndef TEND_CLI_CHECKIN_H
#define TEND_CLI_CHECKIN_H

#include "app/checkin.h"
#include "app/paras.h"
#include "app/session.h"

struct cli_lines {
	/* Prints prompt and reads one line without its newline: a fresh
	 * string (free with secret_free), or NULL at the end of input. */
	char *(*ask)(void *arg, const char *prompt);
	/* Prints one paragraph and a newline ("" prints an empty line). */
	void (*say)(void *arg, const char *text);
	/* "!" at a prompt: crisis help (NULL: "!" is not special). */
	void (*crisis)(void *arg);
	void *arg;
	/* "country" and "plan" at the safety text's prompt: choose the
	 * country, see or write the safety plan; the text is then shown
	 * again.  NULL: the words are not special, and a hint says how to
	 * change the country from the command line. */
	void (*country)(void *arg);
	void (*plan)(void *arg);
};

/* Prints paragraphs one per line, list lines indented by two spaces. */
void cli_paras(const struct cli_lines *io, const struct paras *p);

/*
 * Prints what the flow shows now and needs no answer: each SAFETY step
 * (then goes on), and the RESULT, followed by pause_hint (may be NULL) when
 * the course was paused.  For answers given all at once (--answers).
 */
void cli_checkin_show(const struct cli_lines *io, struct checkin *c,
                      const char *pause_hint);

/*
 * Runs check-in c from its intro to the result, asking one question per
 * line: a number answers, b goes back, Enter leaves out an optional
 * question, q stops, ! shows crisis help; the review takes y, n or a row
 * number to change.  source and pause_hint as for checkin_save and
 * cli_checkin_show.  Returns EXIT_OK when the answers were saved, else an
 * exit status (EXIT_FAIL when the person stopped: "Nothing was saved.").
 */
int
cli_checkin_run(const struct cli_lines *io, struct session *s,
                struct checkin *c, const char *source, const char *pause_hint);

#endif
