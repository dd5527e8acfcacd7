/*
 * The shell every full-screen view lives in: a stack of screens, each a
 * small vtable over its own state (one draw, one key: the state machine
 * ncdu's screens are built on).  The shell owns the terminal, the event loop, the
 * status line and the global keys (help ?, crisis !, back q, quit Q,
 * redraw ^L); a screen only paints its state and reacts to named actions.
 *
 * Adding a screen (see ui/reader.c for a full one):
 *
 *	struct hello { int n; };
 *
 *	static void
 *	hello_draw(const void *state, struct ui_canvas *c)
 *	{
 *		const struct hello *h = state;
 *		char line[64];
 *
 *		snprintf(line, sizeof(line), "pressed %d times", h->n);
 *		ui_put(c, 0, 0, c->cols, UI_STYLE_NORMAL, line, SIZE_MAX);
 *	}
 *
 *	static int
 *	hello_action(struct ui *ui, void *state, enum ui_action act,
 *	             const struct ui_key *key)
 *	{
 *		struct hello *h = state;
 *
 *		if (act != ACT_SELECT)
 *			return UI_PASS;       // let the shell try q, ?, !...
 *		h->n++;
 *		return UI_DRAW;
 *	}
 *
 *	static const struct screen_ops hello_ops = {
 *		.name = "hello", .title = N_("Hello"),
 *		.keymaps = UI_MAP_LIST,       // what the help screen lists
 *		.draw = hello_draw, .action = hello_action, .free = free,
 *	};
 *
 *	ui_push(ui, &hello_ops, xcalloc(1, sizeof(struct hello)));
 *
 * Rules: draw() is a pure function of the state and the canvas size (it may
 * be called at any time, any number of times, and after every resize); it
 * paints only through ui_put*() and the canvas so content can never reach
 * the terminal unsanitised.  Handlers change state and return reaction
 * flags; they never draw.  Nothing here may be called from a signal
 * handler.
 *
 * The shell draws after every batch of input (all keys already typed are
 * handled first, then one frame is painted: five page-downs typed at once
 * cost one screen on a slow link), and ncurses sends only the cells that
 * changed, in one write() per frame.
 */
#ifndef TEND_UI_SCREEN_H
#define TEND_UI_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/opts.h"
#include "ui/action.h"
#include "ui/style.h"
#include "util/buf.h"

struct ui; /* the shell: terminal, stack, timers; one per process */
struct session; /* app/session.h: the unlocked vault; may not exist */

/* Reaction flags, or-ed together, returned by every handler. */
enum {
	UI_OK = 0, /* handled; nothing to repaint */
	UI_PASS = 1 << 0, /* not mine: the shell tries its global actions */
	UI_DRAW = 1 << 1, /* state changed: paint a new frame */
	UI_CLOSE = 1 << 2, /* close the screen that returned this (free it) */
	UI_QUIT = 1 << 3, /* close every screen and leave ui_run() */
	UI_REPAINT = 1 << 4, /* forget what the terminal shows, paint all */
	UI_RELAYOUT = 1 << 5, /* what the screen shows changed behind it:
	                         call its resize() again (then paint) */
};

/*
 * Where a screen paints: the rows above the status line, in a column of
 * at most the reading measure (the config's `measure`, UI_MEASURE by
 * default, margins included) whatever the terminal's width, from the
 * terminal's left edge.  Screens lay out in canvas coordinates (0..cols-1);
 * x0 is where column 0 is on the terminal, added by ui_put and friends.
 */
struct ui_canvas {
	int rows, cols; /* rows excludes the status line */
	int cur_y, cur_x; /* set both >= 0 to show the cursor there */
	bool ascii; /* no UTF-8 locale: draw ASCII glyphs (ui_put already
	               turns other text into ASCII of the same width) */
	int x0; /* terminal column of the canvas's column 0 */
};

/* The widest column of text a screen gets when the config says nothing:
 * lines of 72-78 characters after the screens' own margins. */
#define UI_MEASURE 80

/* A key as read from the terminal. */
struct ui_key {
	int code; /* a KEY_* code when fn, else a Unicode code point */
	bool fn; /* function/cursor key (KEY_*), not a character */
};

/* screen_ops.flags */
#define UI_SCREEN_OVERLAY 0x1u /* draws over the screen below (dialogs) */
#define UI_SCREEN_TEXT                                                         \
	0x2u /* takes printable keys as text first; then
	                             ! and ? are text, and F2 / F1 reach the
	                             crisis and help screens */

struct screen_ops {
	const char *name; /* short id, for tests and debugging */
	const char *title; /* N_() string shown in the status line */
	unsigned flags; /* UI_SCREEN_* */
	unsigned keymaps; /* UI_MAP_* bits: keys this screen uses besides
	                     the global ones; they resolve first, in
	                     action.h's table order, and the help lists them */

	/* Paints state into the canvas (rows x cols of stdscr, from 0,0).
	 * Called only when the canvas is at least UI_MIN_COLS x UI_MIN_ROWS.
	 * Required. */
	void (*draw)(const void *state, struct ui_canvas *c);
	/* Fills the status line's left part (e.g. a title) and right part
	 * (e.g. "42%").  Text is sanitised and truncated by the shell.
	 * Optional: the default is the title on the left. */
	void (*status)(const void *state, struct buf *left, struct buf *right);
	/*
	 * A key arrived.  act is the action it is bound to in this screen's
	 * keymaps, or in UI_MAP_GLOBAL, or ACT_NONE (UI_SCREEN_TEXT screens
	 * get printable characters with ACT_NONE).  Return UI_PASS to let
	 * the shell handle global actions (help, crisis, back, quit...).
	 * Required.
	 */
	int (*action)(struct ui *ui, void *state, enum ui_action act,
	              const struct ui_key *key);
	/* The canvas size changed (also called once before the first draw).
	 * Re-layout here.  Optional. */
	void (*resize)(struct ui *ui, void *state, int rows, int cols);
	/* The deadline set with ui_screen_timer() has passed.  Optional. */
	int (*timer)(struct ui *ui, void *state, int64_t now_ms);
	/* The actions the footer hints at now (ACT_NONE-terminated, static
	 * or in state), besides help and crisis contacts, which the shell
	 * always adds (ui_footer).  Optional. */
	const enum ui_action *(*hints)(const void *state);
	/* A mouse click (button 1) at canvas row y, column x; the shell
	 * turns the wheel into line-up / line-down (or up / down in a list)
	 * itself.  Returns reaction flags.  Optional: without it a click
	 * does nothing. */
	int (*click)(struct ui *ui, void *state, int y, int x);
	/* Frees state when the screen is closed or the shell ends.  NULL
	 * when state is not owned by the screen. */
	void (*free)(void *state);
};

/* The smallest terminal the screens are drawn in; below it the shell
 * shows "terminal too small" instead. */
#define UI_MIN_COLS 40
#define UI_MIN_ROWS 12

/*
 * Runs the shell with `first` on the stack until a handler returns
 * UI_QUIT or the stack is empty, then restores the terminal.  The caller
 * keeps opts (borrowed for the whole run) and session (NULL when no vault
 * is open; see ui_set_session).  Returns EXIT_OK, or EXIT_FAIL when the
 * terminal could not be set up (after printing why).  SIGHUP, SIGTERM and
 * SIGINT end the run as UI_QUIT does (screens are freed: they must save in
 * free()).
 */
int ui_run(const struct opts *opts, struct session *session,
           const struct screen_ops *first, void *state);

/* Screen stack.  ui_push makes (ops, state) the top screen and calls its
 * resize(); the shell owns state from then on (ops->free frees it). */
void ui_push(struct ui *ui, const struct screen_ops *ops, void *state);
/* Closes the top screen (frees it). */
void ui_pop(struct ui *ui);
/* Closes the top screen and pushes (ops, state) in its place. */
void ui_replace(struct ui *ui, const struct screen_ops *ops, void *state);
/* Takes the screen whose state is `state` off the stack without freeing
 * it (the caller owns state again).  No-op if it is not on the stack. */
void ui_detach(struct ui *ui, const void *state);
/* Applies reaction flags as if the screen whose state is `state` had
 * returned them (for callbacks that run outside that screen's handler). */
void ui_react(struct ui *ui, const void *state, int flags);
/* Number of screens on the stack; the top screen's state, or NULL. */
size_t ui_depth(const struct ui *ui);
void *ui_top(const struct ui *ui);

/* What the screens share.  opts is borrowed from ui_run's caller; the
 * session is NULL until the vault is unlocked (then set by whoever
 * unlocked it, and owned by that caller). */
const struct opts *ui_opts(const struct ui *ui);
struct session *ui_session(const struct ui *ui);
void ui_set_session(struct ui *ui, struct session *session);

/* Moves a list's selection *sel over n rows for ACT_UP, ACT_DOWN,
 * ACT_FIRST and ACT_LAST (never past either end, 0 when the list is
 * empty).  Returns false, leaving *sel alone, for any other action. */
bool ui_list_move(size_t *sel, size_t n, enum ui_action act);

/* Shows a one-line message in the status line until the next key. */
void ui_message(struct ui *ui, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

/* Takes the message away now (it said what was being done, and it is
 * done). */
void ui_message_clear(struct ui *ui);

/* Draws the screens now, from inside an action that waits (a key
 * derivation waiting its turn for memory), instead of when it returns. */
void ui_paint_now(struct ui *ui);

/*
 * Timers on the monotonic clock (clock_mono_ms).  ui_screen_timer sets the
 * one deadline of the screen whose state is `state` (at_ms < 0 clears it);
 * its ops->timer runs when it passes, even when the screen is not on top.
 * ui_timer_add adds a timer not tied to a screen (idle lock, autosave):
 * fn runs once at at_ms and returns reaction flags for the top screen.
 * Returns an id for ui_timer_cancel (ids are never 0).
 */
void ui_screen_timer(struct ui *ui, const void *state, int64_t at_ms);
unsigned ui_timer_add(struct ui *ui, int64_t at_ms,
                      int (*fn)(struct ui *ui, void *arg), void *arg);
void ui_timer_cancel(struct ui *ui, unsigned id);

/*
 * Dialogs, pushed as overlay screens.  They return at once; the answer
 * comes later through done(), which runs after the dialog has closed and
 * returns reaction flags that apply to the screen then on top (usually
 * the one that asked: UI_CLOSE closes it).  Strings are copied.
 */
/* Yes/no.  done gets true for yes (y, Enter on Yes), false for no or
 * Esc.  defyes picks the button Enter takes at first. */
void
ui_confirm(struct ui *ui, const char *title, const char *question, bool defyes,
           int (*done)(struct ui *ui, void *arg, bool yes), void *arg);
/* A message with one OK button; done may be NULL. */
void ui_alert(struct ui *ui, const char *title, const char *text,
              int (*done)(struct ui *ui, void *arg), void *arg);
/* A one-line text input in a box, of at most max_chars characters (the
 * limit of what it asks for; reaching it is said).  done gets the text
 * (valid during the call), or NULL when cancelled with Esc. */
void
ui_input(struct ui *ui, const char *title, const char *label,
         const char *initial, size_t max_chars,
         int (*done)(struct ui *ui, void *arg, const char *text), void *arg);
/* The same input on the status line, less-style ("/" for search). */
void
ui_prompt(struct ui *ui, const char *prompt, const char *initial,
          size_t max_chars,
          int (*done)(struct ui *ui, void *arg, const char *text), void *arg);

/* What a written answer's box tells its asker (ui_edit).  arg is the
 * asker's; every member but keep may be NULL. */
struct ui_edit_cb {
	/* Keeps text: at a pause in typing, before help or crisis
	 * contacts, when the box closes and when it goes away with the
	 * program (hang-up, quit), whenever it changed.  Returns 0, or -1
	 * when it could not (the box says so and keeps the text on
	 * screen). */
	int (*keep)(void *arg, const char *text);
	/* The person closed the box (Esc or F10), after the last keep:
	 * reaction flags for the screen then on top (the asker). */
	int (*closed)(struct ui *ui, void *arg);
	/* Runs last, whichever way the box went: free arg here. */
	void (*release)(void *arg);
	void *arg;
};

/*
 * A box for a written answer: the question above (wrapped; never cut),
 * an editor of `lines` rows that wraps and scrolls (fewer rows on a short
 * terminal), Enter for a new line, and the count of characters out of
 * max_chars under it (the limit of the data being written; reaching it is
 * said).  initial (copied) is the answer so far.  Esc or F10 closes it;
 * what was written is kept through cb.  Strings are copied.
 */
void ui_edit(struct ui *ui, const char *title, const char *question,
             const char *initial, int lines, size_t max_chars,
             const struct ui_edit_cb *cb);

/*
 * Painting.  ui_put draws s[0..len) (len SIZE_MAX: NUL-terminated) at
 * row y, column x, in at most maxcols columns, in a semantic style (an
 * enum ui_style, optionally or-ed with UI_EMPH / UI_STRONG).  The
 * text is sanitised (control characters and escape sequences removed,
 * invalid UTF-8 shown as U+FFFD) and cut at a character boundary; wide
 * characters never straddle the limit.  Returns the columns used.  Calls
 * outside the canvas are clipped.
 */
int ui_put(struct ui_canvas *c, int y, int x, int maxcols, unsigned style,
           const char *s, size_t len);
/* As ui_put, but truncated with an ellipsis when it does not fit. */
int ui_put_trunc(struct ui_canvas *c, int y, int x, int maxcols, unsigned style,
                 const char *s, size_t len);
/* Word-wraps s into rows y.. of width maxcols; returns rows used. */
int ui_put_wrap(struct ui_canvas *c, int y, int x, int maxcols, int maxrows,
                unsigned style, const char *s);
/* Fills n columns of row y from x with spaces in a style. */
void ui_fill(struct ui_canvas *c, int y, int x, int n, unsigned style);
/* A box (border) from (y, x) of h rows and w columns, cleared inside. */
void ui_box(struct ui_canvas *c, int y, int x, int h, int w, unsigned style);
/* Horizontal rule of n columns. */
void ui_hline(struct ui_canvas *c, int y, int x, int n, unsigned style);

#endif
