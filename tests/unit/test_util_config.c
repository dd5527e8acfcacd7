/*
 * util/config: the "key = value" reader.  Comments, blanks and quotes;
 * every bad line a warning with file and line, the good lines kept; unknown
 * keys and keys set twice warned; aliases; the size cap; a folder or a FIFO
 * given as the file refused at once.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "util/atomic.h"
#include "util/config.h"
#include "util/diag.h"
#include "util/path.h"
#include "util/xalloc.h"

enum { K_COUNTRY, K_PROFILE, K_NAME };

static const struct config_key keys[] = {
        {"country", K_COUNTRY},
        {"region", K_COUNTRY}, /* an alias */
        {"profile", K_PROFILE},
        {"clinic_name", K_NAME},
};
#define NKEYS (sizeof(keys) / sizeof(keys[0]))

static char dir[64];

static int
setup(void **state)
{
	strcpy(dir, "/tmp/tend-config.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int
teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	int rc = system(cmd);

	free(cmd);
	return rc;
}

static void
parse(const char *text, struct config_file *f, struct diags *d)
{
	config_parse(text, strlen(text), "cfg", keys, NKEYS, f, d);
}

/* The value of the last line that set id. */
static const char *
value(const struct config_file *f, int id)
{
	const char *v = NULL;

	for (size_t i = 0; i < f->n; i++)
		if (f->items[i].id == id)
			v = f->items[i].value;
	return v;
}

static int
line_of(const struct config_file *f, int id)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->items[i].id == id)
			return f->items[i].line;
	return 0;
}

/* True when diagnostic i reads exactly want. */
static void
diag_is(const struct diags *d, size_t i, const char *want)
{
	char *s;

	assert_true(i < d->n);
	s = diag_format(&d->items[i]);
	if (strcmp(s, want) != 0)
		print_error("diagnostic %zu: got '%s', wanted '%s'\n", i, s,
		            want);
	assert_string_equal(s, want);
	free(s);
}

static void
test_comments_and_blanks(void **state)
{
	struct config_file f;
	struct diags d = DIAGS_INIT;

	parse("# a clinic\n"
	      "\n"
	      "   \t\n"
	      "  # indented comment\n"
	      "  country   =   GB   \n"
	      "profile=shared\r\n"
	      "clinic_name = Room#2 Clinic  # the front desk\n",
	      &f, &d);
	assert_int_equal(d.n, 0);
	assert_int_equal(f.n, 3);
	assert_string_equal(value(&f, K_COUNTRY), "GB");
	assert_int_equal(line_of(&f, K_COUNTRY), 5);
	assert_string_equal(value(&f, K_PROFILE), "shared");
	assert_int_equal(line_of(&f, K_PROFILE), 6);
	/* '#' inside a word stays; after a blank it starts a comment. */
	assert_string_equal(value(&f, K_NAME), "Room#2 Clinic");
	assert_string_equal(f.path, "cfg");
	config_file_free(&f);
	diag_free(&d);
}

static void
test_quotes(void **state)
{
	struct config_file f;
	struct diags d = DIAGS_INIT;

	parse("clinic_name = \"  The  # Clinic \"   # note\n"
	      "profile = 'clinic'\n"
	      "country: \"\"\n",
	      &f, &d);
	assert_int_equal(d.n, 0);
	assert_string_equal(value(&f, K_NAME), "  The  # Clinic ");
	assert_string_equal(value(&f, K_PROFILE), "clinic");
	/* An empty quoted value is a value: the caller judges it. */
	assert_string_equal(value(&f, K_COUNTRY), "");
	config_file_free(&f);
	diag_free(&d);
}

static void
test_colon(void **state)
{
	struct config_file f;
	struct diags d = DIAGS_INIT;

	parse("profile: personal\nregion :nz\n", &f, &d);
	assert_int_equal(d.n, 0);
	assert_string_equal(value(&f, K_PROFILE), "personal");
	assert_string_equal(value(&f, K_COUNTRY), "nz");
	/* The item names the key as written. */
	assert_string_equal(f.items[1].name, "region");
	config_file_free(&f);
	diag_free(&d);
}

/* Each bad line is a warning at its line; the good lines still count. */
static void
test_bad_lines(void **state)
{
	struct config_file f;
	struct diags d = DIAGS_INIT;

	parse("just words\n" /* 1 */
	      "= value\n" /* 2 */
	      "profile\n" /* 3 */
	      "profile =\n" /* 4 */
	      "profile = # nothing\n" /* 5 */
	      "clinic_name = \"open\n" /* 6 */
	      "clinic_name = \"a\" b\n" /* 7 */
	      "clinic_name = a\033[2Jb\n" /* 8 */
	      "clinic_name = \xff\xfe\n" /* 9 */
	      "country = GB\n" /* 10 */
	      "prof ile = shared\n" /* 11 */
	      "clinic_phone = 999\n" /* 12: unknown here */
	      "clinic_name = 1\xe2\x80\xae"
	      "23\n", /* 13: U+202E */
	      &f, &d);
	assert_int_equal(d.nwarnings, 12);
	assert_int_equal(d.nerrors, 0);
	diag_is(&d, 0, "cfg:1: warning: expected 'key = value'");
	diag_is(&d, 1, "cfg:2: warning: expected 'key = value'");
	diag_is(&d, 2, "cfg:3: warning: expected 'key = value'");
	diag_is(&d, 3, "cfg:4: warning: 'profile' has no value");
	diag_is(&d, 4, "cfg:5: warning: 'profile' has no value");
	diag_is(&d, 5, "cfg:6: warning: the quote is not closed");
	diag_is(&d, 6, "cfg:7: warning: text after the closing quote");
	diag_is(&d, 7, "cfg:8: warning: the value holds a control character");
	diag_is(&d, 8, "cfg:9: warning: the line is not valid UTF-8");
	diag_is(&d, 9, "cfg:11: warning: expected 'key = value'");
	diag_is(&d, 10, "cfg:12: warning: unknown key 'clinic_phone'");
	diag_is(&d, 11, "cfg:13: warning: the value holds a control character");
	assert_int_equal(f.n, 1);
	assert_string_equal(value(&f, K_COUNTRY), "GB");
	config_file_free(&f);
	diag_free(&d);
}

static void
test_unknown_and_twice(void **state)
{
	struct config_file f;
	struct diags d = DIAGS_INIT;

	parse("idle = 2\n"
	      "Country = GB\n"
	      "country = IE\n"
	      "region = NZ\n"
	      "profiles = shared\n",
	      &f, &d);
	assert_int_equal(d.n, 4);
	diag_is(&d, 0, "cfg:1: warning: unknown key 'idle'");
	diag_is(&d, 1, "cfg:2: warning: unknown key 'Country'");
	/* An alias sets the same key: warned, both handed over in order. */
	diag_is(&d, 2,
	        "cfg:4: warning: 'region' is set again (first on line 3)");
	diag_is(&d, 3, "cfg:5: warning: unknown key 'profiles'");
	assert_int_equal(f.n, 2);
	assert_string_equal(f.items[0].value, "IE");
	assert_int_equal(f.items[0].line, 3);
	assert_string_equal(f.items[1].value, "NZ");
	assert_int_equal(f.items[1].line, 4);
	config_file_free(&f);
	diag_free(&d);
}

/* No final newline, NUL bytes and a long unknown key. */
static void
test_odd_text(void **state)
{
	static const char text[] = "country = G\0B\nprofile = shared";
	char key[200];
	struct config_file f;
	struct diags d = DIAGS_INIT;
	char *s;

	config_parse(text, sizeof(text) - 1, "cfg", keys, NKEYS, &f, &d);
	assert_int_equal(d.n, 1);
	diag_is(&d, 0, "cfg:1: warning: the value holds a control character");
	assert_string_equal(value(&f, K_PROFILE), "shared");
	assert_int_equal(line_of(&f, K_PROFILE), 2);
	config_file_free(&f);
	diag_free(&d);

	memset(key, 'k', sizeof(key) - 1);
	key[sizeof(key) - 1] = '\0';
	s = xasprintf("%s = 1\n", key);
	parse(s, &f, &d);
	assert_int_equal(d.n, 1);
	assert_true(strlen(d.items[0].msg) < 80);
	free(s);
	config_file_free(&f);
	diag_free(&d);
}

static void
test_read_file(void **state)
{
	char *p = path_join(dir, "config");
	const char *text = "# clinic\ncountry = ie\nbogus = 1\n";
	struct config_file f;
	struct diags d = DIAGS_INIT;
	char *want;

	/* Absent: nothing to say. */
	assert_int_equal(config_read(p, keys, NKEYS, &f, &d), 1);
	assert_int_equal(f.n, 0);
	assert_int_equal(d.n, 0);
	config_file_free(&f);

	assert_int_equal(atomic_write(p, text, strlen(text), 0600), 0);
	assert_int_equal(config_read(p, keys, NKEYS, &f, &d), 0);
	assert_string_equal(value(&f, K_COUNTRY), "ie");
	assert_int_equal(d.n, 1);
	want = xasprintf("%s:3: warning: unknown key 'bogus'", p);
	diag_is(&d, 0, want);
	free(want);
	config_file_free(&f);
	diag_free(&d);
	free(p);
}

static void
test_size_cap(void **state)
{
	char *p = path_join(dir, "config");
	char *big = xmalloc(CONFIG_MAX_BYTES + 2);
	struct config_file f;
	struct diags d = DIAGS_INIT;
	char *want;

	memset(big, '#', CONFIG_MAX_BYTES + 1);
	assert_int_equal(atomic_write(p, big, CONFIG_MAX_BYTES, 0600), 0);
	assert_int_equal(config_read(p, keys, NKEYS, &f, &d), 0);
	assert_int_equal(d.n, 0);
	config_file_free(&f);
	assert_int_equal(atomic_write(p, big, CONFIG_MAX_BYTES + 1, 0600), 0);
	assert_int_equal(config_read(p, keys, NKEYS, &f, &d), -1);
	assert_int_equal(f.n, 0);
	want = xasprintf("%s: warning: too big (the limit is %d bytes)", p,
	                 CONFIG_MAX_BYTES);
	diag_is(&d, 0, want);
	free(want);
	config_file_free(&f);
	diag_free(&d);
	free(big);
	free(p);
}

static void
test_not_a_file(void **state)
{
	char *p = path_join(dir, "fifo");
	struct config_file f;
	struct diags d = DIAGS_INIT;
	time_t t0 = time(NULL);
	char *want;

	assert_int_equal(config_read(dir, keys, NKEYS, &f, &d), -1);
	want = xasprintf("%s: warning: not a regular file: a folder", dir);
	diag_is(&d, 0, want);
	free(want);
	config_file_free(&f);

	assert_int_equal(mkfifo(p, 0600), 0);
	alarm(10); /* a blocking open would hang: fail instead */
	assert_int_equal(config_read(p, keys, NKEYS, &f, &d), -1);
	alarm(0);
	assert_true(time(NULL) - t0 < 5);
	want = xasprintf(
	        "%s: warning: not a regular file: a FIFO, device or socket", p);
	diag_is(&d, 1, want);
	free(want);
	assert_int_equal(f.n, 0);
	config_file_free(&f);
	diag_free(&d);
	free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_comments_and_blanks),
	        cmocka_unit_test(test_quotes),
	        cmocka_unit_test(test_colon),
	        cmocka_unit_test(test_bad_lines),
	        cmocka_unit_test(test_unknown_and_twice),
	        cmocka_unit_test(test_odd_text),
	        cmocka_unit_test_setup_teardown(test_read_file, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_size_cap, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_not_a_file, setup,
	                                        teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
