/*
 * ui/action: the one key table.  Lookups, key names, and the table's own
 * consistency: no key bound twice where a screen could see both bindings,
 * every action named, helped and reachable, and the mdoc output for
 * tend(1).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ui/action.h"
#include "util/buf.h"

static void
test_lookup(void **state)
{
	assert_int_equal(ui_action_for_key(UI_MAP_SCROLL, 'j', false),
	                 ACT_LINE_DOWN);
	assert_int_equal(ui_action_for_key(UI_MAP_SCROLL, KEY_NPAGE, true),
	                 ACT_PAGE_DOWN);
	assert_int_equal(ui_action_for_key(UI_MAP_SCROLL, ' ', false),
	                 ACT_PAGE_DOWN);
	assert_int_equal(ui_action_for_key(UI_MAP_LIST, 'j', false), ACT_DOWN);
	assert_int_equal(ui_action_for_key(UI_MAP_GLOBAL, '?', false),
	                 ACT_HELP);
	assert_int_equal(ui_action_for_key(UI_MAP_GLOBAL, '!', false),
	                 ACT_CRISIS);
	assert_int_equal(ui_action_for_key(UI_MAP_GLOBAL, 27, false), ACT_BACK);
	assert_int_equal(ui_action_for_key(UI_MAP_READER, '\r', false),
	                 ACT_OPEN);
	assert_int_equal(ui_action_for_key(UI_MAP_READER, KEY_ENTER, true),
	                 ACT_OPEN);
	assert_int_equal(ui_action_for_key(UI_MAP_LIST, '3', false), ACT_PICK);
	/* A character code is not the function key with the same number,
	 * and keys of other maps do not leak in. */
	assert_int_equal(ui_action_for_key(UI_MAP_SCROLL, 'j', true), ACT_NONE);
	assert_int_equal(ui_action_for_key(UI_MAP_GLOBAL, 'j', false),
	                 ACT_NONE);
	assert_int_equal(ui_action_for_key(0, 'j', false), ACT_NONE);
}

/*
 * Fails when two actions a screen with `maps` could see share a key.  The
 * shell resolves the screen's own keymaps first, then the global one, so
 * a screen may shadow a global key on purpose (Esc closes a form), but
 * never the keys of help and crisis contacts.
 */
static void
check_unique(unsigned maps)
{
	for (int code = 0; code < KEY_MAX; code++) {
		bool fn = code >= KEY_MIN;
		enum ui_action first = ACT_NONE;

		for (int a = 1; a < ACT_COUNT; a++) {
			unsigned am = ui_action_maps((enum ui_action)a);

			if (!(am & maps) ||
			    !ui_action_has_key((enum ui_action)a, code, fn))
				continue;
			if (first == ACT_NONE) {
				first = (enum ui_action)a;
				continue;
			}
			unsigned fm = ui_action_maps(first);
			bool shadow =
			        (fm & UI_MAP_GLOBAL) != (am & UI_MAP_GLOBAL);
			enum ui_action global =
			        fm & UI_MAP_GLOBAL ? first : (enum ui_action)a;

			if (shadow && global != ACT_HELP &&
			    global != ACT_CRISIS)
				continue;
			struct buf name = BUF_INIT;

			ui_key_name(&name, code, fn);
			fail_msg("maps %#x: key %s is bound to both %s and %s",
			         maps, name.data, ui_action_name(first),
			         ui_action_name((enum ui_action)a));
			buf_free(&name);
		}
	}
}

static void
test_no_conflicts(void **state)
{
	/* Each keymap with the global one, as every screen sees it, and
	 * the combinations screens use. */
	for (int m = 0; m < UI_MAP_COUNT; m++)
		check_unique((1u << m) | UI_MAP_GLOBAL);
	check_unique(UI_MAP_SCROLL | UI_MAP_READER | UI_MAP_GLOBAL);
	check_unique(UI_MAP_LIST | UI_MAP_NOTES | UI_MAP_GLOBAL);
	check_unique(UI_MAP_SCROLL | UI_MAP_NOTES | UI_MAP_GLOBAL);
	/* The Today screen's keymaps (ui/home.c). */
	check_unique(UI_MAP_LIST | UI_MAP_SHEETS | UI_MAP_REMIND |
	             UI_MAP_CRISIS | UI_MAP_GUIDE | UI_MAP_HOME |
	             UI_MAP_GLOBAL);
}

static void
test_every_action_described(void **state)
{
	for (int a = 1; a < ACT_COUNT; a++) {
		struct buf k = BUF_INIT;

		assert_true(strlen(ui_action_name((enum ui_action)a)) > 0);
		assert_true(strlen(ui_action_help((enum ui_action)a)) > 0);
		assert_true(ui_action_maps((enum ui_action)a) != 0);
		ui_action_keys(&k, (enum ui_action)a);
		assert_non_null(k.data);
		assert_true(k.len > 0);
		for (int b = a + 1; b < ACT_COUNT; b++)
			assert_string_not_equal(
			        ui_action_name((enum ui_action)a),
			        ui_action_name((enum ui_action)b));
		buf_free(&k);
	}
	assert_string_equal(ui_action_name(ACT_NONE), "none");
	assert_string_equal(ui_action_name(ACT_PAGE_DOWN), "page-down");
	assert_string_equal(ui_action_help(ACT_NONE), "");
}

static void
test_key_names(void **state)
{
	static const struct {
		int code;
		bool fn;
		const char *name;
	} cases[] = {
	        {'j', false, "j"},
	        {' ', false, "Space"},
	        {'\r', false, "Enter"},
	        {'\t', false, "Tab"},
	        {27, false, "Esc"},
	        {UI_CTRL('D'), false, "Ctrl-D"},
	        {KEY_NPAGE, true, "PgDn"},
	        {KEY_F(1), true, "F1"},
	        {KEY_DOWN, true, "Down"},
	        {KEY_BTAB, true, "Shift-Tab"},
	        {KEY_SLEFT, true, "Shift-Left"},
	        {KEY_SRIGHT, true, "Shift-Right"},
	        {0x4E2D, false, "U+4E2D"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf b = BUF_INIT;

		ui_key_name(&b, cases[i].code, cases[i].fn);
		assert_string_equal(b.data, cases[i].name);
		buf_free(&b);
	}
}

static void
test_action_keys(void **state)
{
	struct buf b = BUF_INIT;

	/* Enter has three codes and is listed once. */
	ui_action_keys(&b, ACT_OPEN);
	assert_string_equal(b.data, "Enter, o");
	buf_reset(&b);
	ui_action_keys(&b, ACT_PAGE_DOWN);
	assert_string_equal(b.data, "Space, PgDn, f, Ctrl-F");
	buf_reset(&b);
	ui_action_keys(&b, ACT_NONE);
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

static void
test_footer(void **state)
{
	static const enum ui_action home[] = {ACT_SELECT, ACT_HELP, ACT_SELECT,
	                                      ACT_MOOD, ACT_NONE};
	static const enum ui_action form[] = {ACT_FIELD_NEXT, ACT_FORM_DONE,
	                                      ACT_NONE};
	struct buf b = BUF_INIT;

	/* Help and crisis contacts always, by the key that works here. */
	ui_footer(&b, NULL, false, 80);
	assert_string_equal(b.data, "? help  ! crisis");
	buf_reset(&b);
	ui_footer(&b, NULL, true, 80);
	assert_string_equal(b.data, "F1 help  F2 crisis");
	/* Each action once, whatever the list says. */
	buf_reset(&b);
	ui_footer(&b, home, false, 200);
	assert_string_equal(b.data, "Enter go  f mood  ? help  ! crisis");
	/* In a text field, no key that would type a character. */
	buf_reset(&b);
	ui_footer(&b, form, true, 200);
	assert_string_equal(b.data, "Tab next  Esc done  F1 help  F2 crisis");
	/* Narrow: the screen's hints go from the last; help and crisis
	 * stay even when they alone are too wide. */
	buf_reset(&b);
	ui_footer(&b, home, false, 26);
	assert_string_equal(b.data, "Enter go  ? help  ! crisis");
	buf_reset(&b);
	ui_footer(&b, home, false, 5);
	assert_string_equal(b.data, "? help  ! crisis");
	buf_free(&b);
	assert_null(ui_action_hint(ACT_LINE_DOWN));
	assert_string_equal(ui_action_hint(ACT_CRISIS), "crisis");
}

/* Every key of every action has a name a person knows: no numbers. */
static void
test_no_numbered_keys(void **state)
{
	for (int a = 1; a < ACT_COUNT; a++) {
		struct buf k = BUF_INIT;

		ui_action_keys(&k, (enum ui_action)a);
		if (strstr(k.data, "key-") || strstr(k.data, "U+"))
			fail_msg("%s: %s", ui_action_name((enum ui_action)a),
			         k.data);
		buf_free(&k);
	}
}

/* In the list of worksheet entries, e changes the entry (Enter opens it
 * to read); on the Today screen it still lists the entries. */
static void
test_edit_shadows(void **state)
{
	assert_int_equal(
	        ui_action_for_key(UI_MAP_LIST | UI_MAP_SHEETS | UI_MAP_ENTRIES,
	                          'e', false),
	        ACT_EDIT);
	assert_int_equal(ui_action_for_key(UI_MAP_LIST | UI_MAP_SHEETS |
	                                           UI_MAP_REMIND | UI_MAP_HOME,
	                                   'e', false),
	                 ACT_ENTRY_LIST);
	assert_int_equal(
	        ui_action_for_key(UI_MAP_LIST | UI_MAP_NOTES, 'n', false),
	        ACT_SEARCH_NEXT);
}

static void
test_mdoc(void **state)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	ui_keys_mdoc(f);
	fclose(f);
	assert_non_null(strstr(text, ".Ss Everywhere\n"));
	assert_non_null(strstr(text, ".Ss Reading a lesson\n"));
	assert_non_null(strstr(text, ".It Sy \\&?, \\&F1\n"));
	assert_non_null(strstr(text, "(page\\-down)"));
	/* Every list is closed. */
	int bl = 0, el = 0;

	for (const char *p = text; (p = strstr(p, ".Bl ")) != NULL; p++)
		bl++;
	for (const char *p = text; (p = strstr(p, ".El\n")) != NULL; p++)
		el++;
	assert_int_equal(bl, UI_MAP_COUNT);
	assert_int_equal(el, UI_MAP_COUNT);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_lookup),
	        cmocka_unit_test(test_no_conflicts),
	        cmocka_unit_test(test_every_action_described),
	        cmocka_unit_test(test_key_names),
	        cmocka_unit_test(test_action_keys),
	        cmocka_unit_test(test_footer),
	        cmocka_unit_test(test_no_numbered_keys),
	        cmocka_unit_test(test_edit_shadows),
	        cmocka_unit_test(test_mdoc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
