/*
 * The terminal under the shell (internal to src/ui): curses set-up and
 * restore on every exit path, signal flags, and one write() per frame.
 * Screens never call this; ui.c does.
 */
#ifndef TEND_UI_TERM_H
#define TEND_UI_TERM_H

#include <stdbool.h>
#include <stdint.h>

/* Signal flags, set by handlers and read by the loop. */
enum {
	TERM_SIG_WINCH = 1 << 0,
	TERM_SIG_END = 1 << 1, /* SIGHUP, SIGTERM, SIGINT: leave cleanly */
};

/*
 * Starts curses on the controlling terminal (stdin/stdout): signal
 * handlers, cbreak, no echo, keypad, hidden cursor, the fatal hook that
 * restores the terminal.  Returns 0, or -1 with a message in *why (a
 * static string) when stdin/stdout are not a terminal or TERM is unknown.
 */
int term_start(const char **why);
/* Restores the terminal; safe to call more than once and before start. */
void term_stop(void);

/* Takes and clears the pending signal flags (TERM_SIG_*). */
unsigned term_signals(void);

/*
 * Waits until input is readable, a signal arrives, or timeout_ms passes
 * (-1: no limit).  Signals are only delivered while waiting here, so a
 * flag can never be missed between the check and the wait.
 */
void term_wait(int timeout_ms);

/* Re-reads the window size and tells curses; true when it changed. */
bool term_resize(void);

/* Sends one frame: doupdate() with all of its output collected and
 * written with a single write() (docs/performance.md section 1). */
void term_update(void);

/* Statistics for tests and benchmarks: frames sent and write() calls
 * made for them. */
void term_stats(unsigned long *frames, unsigned long *writes);

/*
 * Test hook (tests/unit/test_term_capture.c): when set, term_update()
 * calls it while the frame capture is on, just before doupdate(), so a
 * test can show what a write() made in that window does.  NULL: none.
 */
void term_set_frame_hook(void (*hook)(void));

#endif
