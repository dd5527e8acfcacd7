/*
 * The locale parts of util/: _() on "" and NULL, the ASCII forms of
 * util/utf8 (the one transliteration table) and the widths ASCII mode
 * measures with, and clock_strftime, whose day and month names follow the
 * message catalogue, never LC_TIME.  The German cases need the de_DE.UTF-8
 * locale and the built catalogue (BUILD/locale/de): they are skipped,
 * with the reason, where either is missing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <libgen.h>
#include <locale.h>

#include "util/buf.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/utf8.h"

static char locale_dir[4096];

static void
test_text_empty(void **state)
{
	const char *empty = "";

	/* gettext("") would be a catalogue's header. */
	assert_ptr_equal(_(empty), empty);
	assert_null(i18n_text(NULL));
	assert_string_equal(_("Sunday"), "Sunday");
}

static char *
ascii(const char *s)
{
	struct buf b = BUF_INIT;

	utf8_to_ascii(&b, s, strlen(s));
	return buf_detach(&b);
}

static void
test_ascii_forms(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
	        {"Continue \xE2\x80\x9CUnderstanding anxiety\xE2\x80\x9D",
	         "Continue \"Understanding anxiety\""},
	        {"it\xE2\x80\x99s", "it's"},
	        {"\xE2\x80\x98quoted\xE2\x80\x99", "'quoted'"},
	        {"a \xE2\x80\x94 b \xE2\x80\x93 c", "a - b - c"},
	        {"\xE2\x80\xA2 item", "* item"},
	        {"wait\xE2\x80\xA6", "wait..."},
	        {"\xE2\x9C\x93 done", "[x] done"},
	        {"\xE2\x9C\x94", "[x]"},
	        {"\xE2\x98\x90 open", "[ ] open"},
	        {"next \xE2\x86\x92", "next ->"},
	        {"\xE2\x80\x9E"
	         "Deutsch\xE2\x80\x9C",
	         "\"Deutsch\""},
	        {"\xC3\x9C"
	         "bung f\xC3\xBC"
	         "r Gr\xC3\xB6\xC3\x9F"
	         "e",
	         "Uebung fuer Groesse"},
	        {"caf\xC3\xA9", "cafe"},
	        /* e + combining acute: the mark goes. */
	        {"cafe\xCC\x81", "cafe"},
	        {"\xC3\x85land", "Aland"},
	        {"no\xC2\xA0"
	         "break",
	         "no break"},
	        {"soft\xC2\xAD"
	         "hyphen",
	         "softhyphen"},
	        /* Nothing known: one '?' per column. */
	        {"\xE4\xB8\xAD!", "?"
	                          "?!"},
	        {"\xF0\x9F\x98\x80", "??"},
	        {"plain ascii", "plain ascii"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = ascii(cases[i].in);

		assert_string_equal(got, cases[i].out);
		free(got);
	}
	assert_null(utf8_ascii_form('a'));
	assert_null(utf8_ascii_form(0x4E2D));
	assert_string_equal(utf8_ascii_form(0x2026), "...");
	assert_string_equal(utf8_ascii_form(0x200B), "");
}

/* Every form is printable ASCII, and the table is sorted: a binary search
 * over an unsorted table misses entries, so every one of the table's 225
 * entries must be found (update the count when the table grows). */
static void
test_ascii_table(void **state)
{
	size_t found = 0;

	for (uint32_t cp = 0x80; cp < 0x30000; cp++) {
		const char *f = utf8_ascii_form(cp);

		if (!f)
			continue;
		found++;
		for (const char *p = f; *p; p++)
			assert_true(*p >= 0x20 && *p < 0x7F);
	}
	assert_int_equal(found, 226);
}

static void
test_ascii_widths(void **state)
{
	struct buf b = BUF_INIT;
	const char *s = "\xE2\x80\x9CHi\xE2\x80\xA6\xE2\x80\x9D";

	assert_int_equal(utf8_width(s, strlen(s)), 5);
	utf8_set_ascii(true);
	/* As shown: "Hi..." in quotes. */
	assert_int_equal(utf8_width(s, strlen(s)), 7);
	assert_int_equal(utf8_cpwidth(0x2713), 3);
	assert_int_equal(utf8_cpwidth(0x4E2D), 2);
	utf8_truncate(&b, s, strlen(s), 6);
	{
		char *shown = ascii(b.data);

		/* Cut to 6 columns as shown, ellipsis included. */
		assert_true(strlen(shown) <= 6);
		assert_string_equal(shown, "\"Hi...");
		free(shown);
	}
	utf8_set_ascii(false);
	buf_free(&b);
}

static struct tm
day(int y, int m, int d, int hh, int mm)
{
	struct tm tm = {0};
	time_t t;

	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = hh;
	tm.tm_min = mm;
	t = timegm(&tm);
	gmtime_r(&t, &tm);
	return tm;
}

static void
test_strftime_english(void **state)
{
	struct tm tm = day(2026, 12, 6, 9, 5);
	char s[64];

	assert_int_equal(clock_strftime(s, sizeof(s), "%A %-d %B %Y", &tm),
	                 strlen("Sunday 6 December 2026"));
	assert_string_equal(s, "Sunday 6 December 2026");
	clock_strftime(s, sizeof(s), "%a %d %b %H:%M", &tm);
	assert_string_equal(s, "Sun 06 Dec 09:05");
	clock_strftime(s, sizeof(s), "%Y-%m-%d %%", &tm);
	assert_string_equal(s, "2026-12-06 %");
	tm = day(2026, 5, 1, 0, 0);
	clock_strftime(s, sizeof(s), "%b/%B %e", &tm);
	assert_string_equal(s, "May/May  1");
	/* Too small: 0 and an empty string, as strftime. */
	assert_int_equal(clock_strftime(s, 5, "%B %Y", &tm), 0);
	assert_string_equal(s, "");
	/* A lone % at the end is kept, not read past. */
	clock_strftime(s, sizeof(s), "x%", &tm);
	assert_string_equal(s, "x%");
}

/* LC_TIME in German with messages in English: the words stay English. */
static void
test_strftime_ignores_lc_time(void **state)
{
	struct tm tm = day(2026, 12, 6, 9, 5);
	char s[64];

	if (!setlocale(LC_TIME, "de_DE.UTF-8")) {
		skip(); /* the de_DE.UTF-8 locale is not generated here */
		return;
	}
	clock_strftime(s, sizeof(s), "on %-d %B", &tm);
	assert_string_equal(s, "on 6 December");
	setlocale(LC_TIME, "C.UTF-8");
}

/* Messages in German (catalogue and locale), LC_TIME in C: German words. */
static void
test_strftime_german(void **state)
{
	struct tm tm = day(2026, 12, 6, 9, 5);
	char s[64], path[4200];
	FILE *f;

	snprintf(path, sizeof(path), "%s/de/LC_MESSAGES/tend.mo", locale_dir);
	f = fopen(path, "rb");
	if (!f || !setlocale(LC_MESSAGES, "de_DE.UTF-8")) {
		if (f)
			fclose(f);
		skip(); /* no German catalogue built, or no de_DE locale */
		return;
	}
	fclose(f);
	setenv("TEND_LOCALE_DIR", locale_dir, 1);
	unsetenv("LANGUAGE");
	i18n_init();
	setlocale(LC_TIME, "C");
	clock_strftime(s, sizeof(s), "%A %-d %B", &tm);
	assert_string_equal(s, "Sonntag 6 Dezember");
	clock_strftime(s, sizeof(s), "%a %b", &tm);
	assert_string_equal(s, "So Dez");
	setlocale(LC_MESSAGES, "C.UTF-8");
	unsetenv("TEND_LOCALE_DIR");
	i18n_init();
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_text_empty),
	        cmocka_unit_test(test_ascii_forms),
	        cmocka_unit_test(test_ascii_table),
	        cmocka_unit_test(test_ascii_widths),
	        cmocka_unit_test(test_strftime_english),
	        cmocka_unit_test(test_strftime_ignores_lc_time),
	        cmocka_unit_test(test_strftime_german),
	};
	char *self = strdup(argv[0]);

	(void)argc;
	/* BUILD/tests/test_i18n -> BUILD/locale */
	snprintf(locale_dir, sizeof(locale_dir), "%s/../locale", dirname(self));
	free(self);
	setlocale(LC_ALL, "");
	i18n_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
