/*
 * A scrolling text screen: paragraphs with an optional key column,
 * word-wrapped to the terminal width, scrolled with the SCROLL keymap.
 * The help screen, the crisis screen and the list of a lesson's links are
 * views; any screen that only shows text can be one.
 */
#ifndef TEND_UI_VIEW_H
#define TEND_UI_VIEW_H

#include "app/paras.h"
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

/* The help screen for a screen using keymaps maps (UI_MAP_GLOBAL is
 * always listed last). */
void view_push_help(struct ui *ui, unsigned maps, const char *title);
/* The crisis screen (safety_crisis in app/safety.h), with the person's
 * safety plan when a session is open. */
void view_push_crisis(struct ui *ui);

/*
 * The crisis screen's text without a session (for the first run), as
 * paragraphs separated by "\n" (a line starting with "# " is a heading):
 * what to do in danger, then the contacts for the region from
 * data/crisis/ or /etc/tend/crisis/, or a clear note when none are
 * installed.
 */
void ui_crisis_text(struct buf *out);

#endif
