/*
 * The action table expanded: names, help, key lists, key lookup, key
 * names, and the mdoc key table.  Everything comes from UI_ACTIONS in
 * action.h, so the help screen and tend(1) cannot disagree with the keys
 * the program really takes.
 */
#include "ui/action.h"

#include <string.h>

#include "util/buf.h"
#include "util/i18n.h"
#include "util/utf8.h"

struct action_def {
	const char *name;
	const char *help;
	unsigned maps;
	const int *keys;
};

#define UI_ACT_KEYS_(id, maps, name, help, ...)                                \
	static const int keys_##id[] = {__VA_ARGS__, -1};
UI_ACTIONS(UI_ACT_KEYS_)
#undef UI_ACT_KEYS_

#define UI_ACT_DEF_(id, maps, name, help, ...) {name, help, maps, keys_##id},
static const struct action_def actions[ACT_COUNT] = {{"none", "", 0, NULL},
                                                     UI_ACTIONS(UI_ACT_DEF_)};
#undef UI_ACT_DEF_

#define UI_HINT_(id, word) [ACT_##id] = word,
static const char *const hints[ACT_COUNT] = {UI_HINTS(UI_HINT_)};
#undef UI_HINT_

#define UI_MAP_TITLE_(id, title) title,
static const char *const map_titles[UI_MAP_COUNT] = {UI_KEYMAPS(UI_MAP_TITLE_)};
#undef UI_MAP_TITLE_

const char *
ui_action_name(enum ui_action act)
{
	return act < ACT_COUNT ? actions[act].name : "none";
}

const char *
ui_action_help(enum ui_action act)
{
	return act < ACT_COUNT && act != ACT_NONE ? _(actions[act].help) : "";
}

unsigned
ui_action_maps(enum ui_action act)
{
	return act < ACT_COUNT ? actions[act].maps : 0;
}

const char *
ui_keymap_title(int i)
{
	return i >= 0 && i < UI_MAP_COUNT ? _(map_titles[i]) : "";
}

/* Curses key codes are >= KEY_MIN; characters below that.  A character
 * code that arrives as a function key (KEY_ENTER) is matched as such. */
static bool
key_matches(int want, int code, bool fn)
{
	if (want >= KEY_MIN)
		return fn && code == want;
	return !fn && code == want;
}

bool
ui_action_has_key(enum ui_action act, int code, bool fn)
{
	if (act <= ACT_NONE || act >= ACT_COUNT)
		return false;
	for (const int *k = actions[act].keys; *k >= 0; k++)
		if (key_matches(*k, code, fn))
			return true;
	return false;
}

enum ui_action
ui_action_for_key(unsigned maps, int code, bool fn)
{
	for (int a = 1; a < ACT_COUNT; a++) {
		if (!(actions[a].maps & maps))
			continue;
		for (const int *k = actions[a].keys; *k >= 0; k++)
			if (key_matches(*k, code, fn))
				return (enum ui_action)a;
	}
	return ACT_NONE;
}

static const struct {
	int code;
	const char *name;
} fn_names[] = {
        {KEY_DOWN, N_("Down")},          {KEY_UP, N_("Up")},
        {KEY_LEFT, N_("Left")},          {KEY_RIGHT, N_("Right")},
        {KEY_NPAGE, N_("PgDn")},         {KEY_PPAGE, N_("PgUp")},
        {KEY_HOME, N_("Home")},          {KEY_END, N_("End")},
        {KEY_ENTER, N_("Enter")},        {KEY_BTAB, N_("Shift-Tab")},
        {KEY_DC, N_("Delete")},          {KEY_BACKSPACE, N_("Backspace")},
        {KEY_IC, N_("Insert")},          {KEY_SLEFT, N_("Shift-Left")},
        {KEY_SRIGHT, N_("Shift-Right")}, {KEY_SHOME, N_("Shift-Home")},
        {KEY_SEND, N_("Shift-End")},     {KEY_SDC, N_("Shift-Delete")},
        {KEY_MOUSE, N_("Mouse")},
};

void
ui_key_name(struct buf *out, int code, bool fn)
{
	if (fn) {
		if (code >= KEY_F(1) && code <= KEY_F(24)) {
			buf_printf(out, "F%d", code - KEY_F0);
			return;
		}
		for (size_t i = 0; i < sizeof(fn_names) / sizeof(fn_names[0]);
		     i++) {
			if (fn_names[i].code == code) {
				buf_adds(out, _(fn_names[i].name));
				return;
			}
		}
		/* Never a number: curses' own name ("KEY_SR" as "SR"). */
		{
			const char *kn = keyname(code);

			if (kn && strncmp(kn, "KEY_", 4) == 0)
				kn += 4;
			buf_adds(out, kn && *kn ? kn : "?");
		}
		return;
	}
	switch (code) {
	case ' ':
		buf_adds(out, _("Space"));
		return;
	case '\r':
	case '\n':
		buf_adds(out, _("Enter"));
		return;
	case '\t':
		buf_adds(out, _("Tab"));
		return;
	case UI_KEY_ESC:
		buf_adds(out, _("Esc"));
		return;
	case 127:
		buf_adds(out, _("Backspace"));
		return;
	default:
		break;
	}
	if (code > 0 && code < 32) {
		/* TRANSLATORS: Control and a letter, as the keyboard
		 * labels the key (German: "Strg-%c"). */
		buf_printf(out, _("Ctrl-%c"), code + '@');
		return;
	}
	if (code > 32 && code < 127) {
		buf_addc(out, (char)code);
		return;
	}
	buf_printf(out, "U+%04X", (unsigned)code);
}

void
ui_action_keys(struct buf *out, enum ui_action act)
{
	struct buf one = BUF_INIT;
	size_t start = out->len;

	if (act <= ACT_NONE || act >= ACT_COUNT)
		return;
	for (const int *k = actions[act].keys; *k >= 0; k++) {
		buf_reset(&one);
		ui_key_name(&one, *k, *k >= KEY_MIN);
		/* Enter has three codes: show it once. */
		const char *have = out->data ? out->data + start : "";
		bool dup = false;

		for (const char *p = have; (p = strstr(p, one.data)) != NULL;
		     p++) {
			bool at_start =
			        p == have ||
			        (p >= have + 2 && p[-1] == ' ' && p[-2] == ',');
			char end = p[one.len];

			if (at_start && (end == '\0' || end == ',')) {
				dup = true;
				break;
			}
		}
		if (dup)
			continue;
		if (out->len > start)
			buf_adds(out, ", ");
		buf_add(out, one.data, one.len);
	}
	buf_free(&one);
}

const char *
ui_action_hint(enum ui_action act)
{
	return act > ACT_NONE && act < ACT_COUNT && hints[act] ? _(hints[act])
	                                                       : NULL;
}

/* The key a footer names for act: its first, or on a text screen its
 * first that is not a character (typing a character types it). */
static int
hint_key(enum ui_action act, bool text)
{
	for (const int *k = actions[act].keys; *k >= 0; k++)
		if (!text || *k >= KEY_MIN || *k < 32 || *k == 127)
			return *k;
	return -1;
}

void
ui_action_key(struct buf *out, enum ui_action act)
{
	int k = act > ACT_NONE && act < ACT_COUNT ? hint_key(act, false) : -1;

	if (k >= 0)
		ui_key_name(out, k, k >= KEY_MIN);
}

static void
add_hint(struct buf *out, enum ui_action act, bool text)
{
	int k = hint_key(act, text);

	if (k < 0 || !ui_action_hint(act))
		return;
	if (out->len)
		buf_adds(out, "  ");
	ui_key_name(out, k, k >= KEY_MIN);
	buf_addc(out, ' ');
	buf_adds(out, ui_action_hint(act));
}

void
ui_footer(struct buf *out, const enum ui_action *acts, bool text, int maxcols)
{
	struct buf own = BUF_INIT, global = BUF_INIT;
	size_t n = 0;

	add_hint(&global, ACT_HELP, text);
	add_hint(&global, ACT_CRISIS, text);
	for (; acts && acts[n] != ACT_NONE; n++)
		;
	/* Drop the screen's hints from the last until the footer fits. */
	for (;;) {
		buf_reset(&own);
		for (size_t i = 0; i < n; i++) {
			bool seen =
			        acts[i] == ACT_HELP || acts[i] == ACT_CRISIS;

			for (size_t j = 0; j < i && !seen; j++)
				seen = acts[j] == acts[i];
			if (!seen)
				add_hint(&own, acts[i], text);
		}
		if (n == 0 ||
		    (int)utf8_width(own.data ? own.data : "", own.len) + 2 +
		                    (int)utf8_width(global.data, global.len) <=
		            maxcols)
			break;
		n--;
	}
	if (own.len) {
		buf_add(out, own.data, own.len);
		buf_adds(out, "  ");
	}
	buf_add(out, global.data, global.len);
	buf_free(&own);
	buf_free(&global);
}

/* mdoc needs a few characters escaped. */
static void
mdoc_word(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\e", out);
		else if (*s == '-')
			fputs("\\-", out);
		else
			fputc(*s, out);
	}
}

void
ui_keys_mdoc(FILE *out)
{
	struct buf keys = BUF_INIT;

	for (int m = 0; m < UI_MAP_COUNT; m++) {
		fprintf(out, ".Ss %s\n", map_titles[m]);
		fputs(".Bl -tag -width 24n -compact\n", out);
		for (int a = 1; a < ACT_COUNT; a++) {
			if (!(actions[a].maps & (1u << m)))
				continue;
			buf_reset(&keys);
			ui_action_keys(&keys, (enum ui_action)a);
			fputs(".It Sy ", out);
			/* mdoc macros would read a leading "." or a lone
			 * punctuation key as syntax: protect with \&. */
			for (char *p = keys.data; p && *p; p++) {
				if (p == keys.data || p[-1] == ' ')
					fputs("\\&", out);
				if (*p == '\\')
					fputs("\\e", out);
				else if (*p == '"')
					fputs("\\(dq", out);
				else
					fputc(*p, out);
			}
			fputc('\n', out);
			mdoc_word(out, actions[a].help);
			fputs(" (", out);
			mdoc_word(out, actions[a].name);
			fputs(")\n", out);
		}
		fputs(".El\n", out);
	}
	buf_free(&keys);
}
