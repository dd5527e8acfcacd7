/*
 * The frame writer's rewrite of curses' output (internal to src/ui; used
 * by ui/term.c on terminals that behave as xterm): the same screen in
 * fewer bytes.  It follows the cursor, the scroll region, the G0 set and
 * the graphic rendition (SGR) the terminal has, and rewrites what curses
 * writes:
 *
 * - moves: a move that relative motions do in fewer bytes (carriage
 *   return, line feeds that cannot scroll, "\E[C", backspaces) is sent as
 *   them; "\E[1;Nr" with N the screen's height is sent as "\E[r"; a clear
 *   from the home position is "\E[J" instead of "\E[2J";
 * - rendition: attributes are set once per run of text.  An SGR sequence
 *   only changes the wanted rendition; what the terminal has is brought
 *   to it just before something that shows it (a character, an erase, a
 *   scroll), with the shorter of the change alone and a reset followed by
 *   the whole rendition.  A change undone before any text costs nothing
 *   (curses' "\E[39;49m" at start-up, the reset at the end of every
 *   frame, "\E[0;1m" after plain text becomes "\E[1m").  "\E(B" is sent
 *   only when G0 was something else or unknown;
 * - the bottom-right cell: curses switches autowrap off around it; the
 *   terminal defers the wrap (xenl), so the character alone does, and a
 *   move puts the cursor back where curses believes it before anything
 *   that depends on it;
 * - the title stack: xterm's smcup and rmcup push and pop the window
 *   title; tend never sets the title, so both are left out.
 *
 * Anything the tracker does not understand makes what it touches unknown
 * (and is sent as it is), so nothing is rewritten on a guess.
 */
#ifndef TEND_UI_VTOUT_H
#define TEND_UI_VTOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

/* A graphic rendition: attributes 1 to 9 as bits 1 to 9, the colours as
 * their SGR parameters ("" is the default colour). */
struct vtout_sgr {
	bool known;
	unsigned on;
	char fg[20], bg[20];
};

struct vtout {
	int nrows, ncols; /* the screen */
	int row, col; /* the cursor, 0-based; -1 when unknown */
	int top, bot; /* the scroll region; bot -1 when unknown */
	char g0; /* G0 character set ('B' ASCII); 0 when unknown */
	struct vtout_sgr has; /* what the terminal has */
	struct vtout_sgr want; /* what was asked for (when pending) */
	bool pending; /* want is not yet sent */
	bool wrap_fix; /* the corner was written with the wrap pending */
};

/* A tracker that knows nothing yet, for a nrows x ncols screen. */
void vtout_init(struct vtout *vt, int nrows, int ncols);

/* The screen changed size: the cursor and scroll region are unknown
 * (the rendition is kept). */
void vtout_resize(struct vtout *vt, int nrows, int ncols);

/*
 * Appends to out the rewrite of in[0..n), curses' output for the terminal,
 * and follows what it does.  Chunks may be cut anywhere; a sequence cut in
 * two is sent as it is and makes the state unknown.
 */
void vtout_rewrite(struct vtout *vt, const char *in, size_t n, struct buf *out);

/* Appends to out the rendition still owed to the terminal (before output
 * that does not pass through vtout_rewrite, and before leaving). */
void vtout_settle(struct vtout *vt, struct buf *out);

#endif
