/*
 * Semantic styles: screens say what a piece of text is (a heading, a link,
 * a search match), and this table says how it looks in colour and on a
 * monochrome terminal.  Colour is an extra, never the only carrier of
 * meaning: every style that matters has a monochrome attribute too, and
 * NO_COLOR / --no-color / a terminal without colours use only those.
 * Styles are chosen to be cheap on slow links: running text has no
 * attributes at all, and few styles change colour.
 */
#ifndef TEND_UI_STYLE_H
#define TEND_UI_STYLE_H

#include <stdbool.h>

/*
 * X(ID, colour foreground, colour attributes, monochrome attributes).
 * Foreground -1 means the terminal's default colour (no colour pair).
 * Attributes are curses A_* bits.  Backgrounds are always the default.
 */
#define UI_STYLES(X)                                                           \
	X(NORMAL, -1, A_NORMAL, A_NORMAL)                                      \
	X(STATUS, -1, A_REVERSE, A_REVERSE)                                    \
	X(STATUS_MSG, -1, A_BOLD, A_BOLD)                                      \
	X(H1, -1, A_BOLD, A_BOLD)                                              \
	X(H2, -1, A_BOLD, A_BOLD)                                              \
	X(H3, -1, A_BOLD, A_BOLD)                                              \
	X(CODE, -1, A_DIM, A_DIM)                                              \
	X(CODEBLOCK, -1, A_NORMAL, A_NORMAL)                                   \
	X(QUOTE, -1, A_DIM, A_DIM)                                             \
	X(BULLET, -1, A_NORMAL, A_NORMAL)                                      \
	X(LINK, -1, A_UNDERLINE, A_UNDERLINE)                                  \
	X(LINK_NUM, -1, A_DIM, A_DIM)                                          \
	X(RULE, -1, A_DIM, A_DIM)                                              \
	X(IMAGE, -1, A_DIM, A_DIM)                                             \
	X(PLACEHOLDER, COLOR_MAGENTA, A_BOLD, A_BOLD | A_UNDERLINE)            \
	X(ANSWER, COLOR_CYAN, A_NORMAL, A_NORMAL)                              \
	X(FOCUS, COLOR_MAGENTA, A_BOLD | A_REVERSE, A_BOLD | A_REVERSE)        \
	X(MATCH, -1, A_REVERSE, A_REVERSE)                                     \
	X(DIM, -1, A_DIM, A_DIM)                                               \
	X(TITLE, -1, A_BOLD, A_BOLD)                                           \
	X(KEY, -1, A_BOLD, A_BOLD)                                             \
	X(SELECTED, -1, A_REVERSE, A_REVERSE)                                  \
	X(BUTTON, -1, A_NORMAL, A_NORMAL)                                      \
	X(BUTTON_SEL, -1, A_REVERSE | A_BOLD, A_REVERSE | A_BOLD)              \
	X(BORDER, -1, A_NORMAL, A_NORMAL)                                      \
	X(INPUT, -1, A_UNDERLINE, A_UNDERLINE)                                 \
	X(ERROR, COLOR_RED, A_BOLD, A_BOLD)                                    \
	X(WARNING, COLOR_YELLOW, A_BOLD, A_BOLD)                               \
	X(GOOD, COLOR_GREEN, A_BOLD, A_BOLD)                                   \
	X(CRISIS, COLOR_RED, A_BOLD, A_BOLD | A_REVERSE)

#define UI_STYLE_ENUM_(id, fg, cattr, mattr) UI_STYLE_##id,
enum ui_style { UI_STYLES(UI_STYLE_ENUM_) UI_STYLE_COUNT };
#undef UI_STYLE_ENUM_

/* Bits or-ed onto a style (md_span's MD_EMPH / MD_STRONG map to these). */
#define UI_STYLE_MASK 0x00ffu
#define UI_EMPH 0x0100u /* italic where the terminal has it, else underline */
#define UI_STRONG 0x0200u /* bold */

/* Sets the table up for the current terminal (after initscr).  color:
 * false for NO_COLOR / --no-color. */
void ui_style_init(bool color);
/* The curses attributes (colour pair included) of a style with bits. */
unsigned long ui_style_attr(unsigned style);
/* True when colours are in use. */
bool ui_style_color(void);

#endif
