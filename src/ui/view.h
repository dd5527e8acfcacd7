/*
 * A scrolling text screen: paragraphs with an optional key column,
 * word-wrapped to the terminal width, scrolled with the SCROLL keymap.
 * The help screen, the crisis screen and the list of a lesson's links are
 * views; any screen that only shows text can be one.
 */
#ifndef TEND_UI_VIEW_H
#define TEND_UI_VIEW_H

#include <stdbool.h>

#include "app/paras.h"
#include "app/safety.h"
#include "ui/screen.h"

struct view;

/* A new empty view titled title (copied; shown in the status line). */
struct view *view_new(const char *title);
/*
 * Adds a paragraph.  key, if not NULL, goes in a left column of keycols
 * columns (help: "j, Down"); text wraps to the right of it.  Both are
 * copied and sanitised when painted.  An empty text adds a blank line.
 */
void view_add(struct view *v, unsigned style, const char *text);
void view_add_key(struct view *v, const char *key, int keycols, unsigned style,
                  const char *text);
/*
 * Adds paragraphs built by app/ (app/paras.h), each in the style that
 * draws its kind: titles in the crisis style, headings, list lines
 * indented, notes dim, warnings as warnings.
 */
void view_add_paras(struct view *v, const struct paras *p);
/* Pushes the view; the shell owns it from then on. */
void view_push(struct ui *ui, struct view *v);

/* A view with keys of its own (a note read: e changes it). */
struct view_keys {
	/* The keymaps besides scrolling (UI_MAP_*), for the keys and the
	 * help screen. */
	unsigned maps;
	/* An action of those keymaps: reaction flags (UI_PASS when not
	 * taken).  Required. */
	int (*action)(struct ui *ui, void *arg, enum ui_action act);
	/* Rebuilds the paragraphs (after view_clear) at each layout, so a
	 * screen on top that returns UI_RELAYOUT for the view refreshes
	 * it.  Optional. */
	void (*refill)(struct view *v, void *arg);
	const enum ui_action *hints; /* ACT_NONE-terminated, or NULL */
	void (*release)(void *arg); /* frees arg; optional */
	void *arg;
};

/* Pushes v with keys k (copied).  The shell owns v from then on. */
void view_push_keyed(struct ui *ui, struct view *v, const struct view_keys *k);
/* Removes every paragraph (for refill). */
void view_clear(struct view *v);
/* Sets the status line's title (copied). */
void view_set_title(struct view *v, const char *title);

/* The help screen for a screen using keymaps maps (UI_MAP_GLOBAL is
 * always listed last). */
void view_push_help(struct ui *ui, unsigned maps, const char *title);
/* The crisis screen (safety_crisis in app/safety.h), with the person's
 * safety plan when a session is open; c changes the country, p opens the
 * safety plan. */
void view_push_crisis(struct ui *ui);

/*
 * A crisis or safety view of text (app/safety.h built it as kind),
 * titled title, with footer (the key hints) below it.  c and p work as
 * on the crisis screen; after a change of country or of the plan the text
 * is built again as kind.  The crisis kind is the crisis screen (! does
 * not open a second one on it).
 */
void view_push_safety(struct ui *ui, const char *title, enum safety_kind kind,
                      const struct paras *text, const char *footer);

/* Opens the person's safety plan in its form, or a new one when there is
 * none (the vault must be open: else an alert says so).  0 when open. */
int ui_safety_plan_open(struct ui *ui);

/*
 * The country chooser: the installed countries (the suggestion first),
 * and any other country by its two-letter code.  done(ui, arg, changed)
 * runs when it closes; changed is true when a country was chosen (and
 * kept: app/country.h).  When the clinic locks the country, an alert
 * says so instead and done gets false.
 */
void
ui_country_push(struct ui *ui,
                int (*done)(struct ui *ui, void *arg, bool changed), void *arg);
/* The same chooser as the first screen of a run (the first run asks for
 * the country before anything else): its ops, and *state for ui_run or
 * ui_replace.  s may be NULL. */
const struct screen_ops *
ui_country_first(struct session *s,
                 int (*done)(struct ui *ui, void *arg, bool changed), void *arg,
                 void **state);

/*
 * The crisis screen's text for the first run (s may be NULL), as
 * paragraphs separated by "\n" (a line starting with "# " is a heading):
 * what to do in danger, then the person's country and its contacts from
 * data/crisis/ or /etc/tend/crisis/, or a clear note when none are
 * installed.
 */
void ui_crisis_text(struct session *s, struct buf *out);

#endif
