/*
 * The semantic style table expanded into curses attributes.  One colour
 * pair per distinct foreground, on the terminal's default background, so
 * the person's own colour scheme stays.
 */
#include "ui/style.h"

#include <curses.h>

struct style_def {
	short fg;
	attr_t cattr, mattr;
};

#define UI_STYLE_DEF_(id, fg, cattr, mattr) {fg, cattr, mattr},
static const struct style_def defs[UI_STYLE_COUNT] = {UI_STYLES(UI_STYLE_DEF_)};
#undef UI_STYLE_DEF_

static attr_t attrs[UI_STYLE_COUNT];
static bool use_color;
static attr_t emph_attr = A_UNDERLINE;

void
ui_style_init(bool color)
{
	use_color = color && has_colors() && start_color() == OK;
	if (use_color)
		use_default_colors();
	/* Italic where terminfo knows how (sitm), else underline. */
	emph_attr = tigetstr("sitm") != NULL && tigetstr("sitm") != (char *)-1
	                    ? A_ITALIC
	                    : A_UNDERLINE;
	for (int i = 0; i < UI_STYLE_COUNT; i++) {
		if (!use_color || defs[i].fg < 0) {
			attrs[i] = use_color ? defs[i].cattr : defs[i].mattr;
			continue;
		}
		/* Pair numbers: 1 + the colour number (COLOR_* are 0-7). */
		short pair = (short)(1 + defs[i].fg);

		init_pair(pair, defs[i].fg, -1);
		attrs[i] = defs[i].cattr | COLOR_PAIR(pair);
	}
}

unsigned long
ui_style_attr(unsigned style)
{
	unsigned id = style & UI_STYLE_MASK;
	attr_t a = id < UI_STYLE_COUNT ? attrs[id] : A_NORMAL;

	if (style & UI_EMPH)
		a |= emph_attr;
	if (style & UI_STRONG)
		a |= A_BOLD;
	return a;
}

bool
ui_style_color(void)
{
	return use_color;
}
