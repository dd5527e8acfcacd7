/*
 * The small util modules: buf, diag, path, clock and secret.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "util/buf.h"
#include "util/clock.h"
#include "util/diag.h"
#include "util/path.h"
#include "util/secret.h"

static void
test_buf(void **state)
{
	struct buf b = BUF_INIT;
	char *s;

	buf_adds(&b, "abc");
	buf_addc(&b, '-');
	buf_printf(&b, "%d/%s", 42, "x");
	buf_addrep(&b, '.', 3);
	assert_string_equal(b.data, "abc-42/x...");
	assert_int_equal(b.len, 11);
	for (int i = 0; i < 1000; i++)
		buf_adds(&b, "0123456789");
	assert_int_equal(b.len, 10011);
	buf_reset(&b);
	assert_string_equal(b.data, "");
	buf_adds(&b, "secret");
	s = buf_detach(&b);
	assert_string_equal(s, "secret");
	assert_null(b.data);
	free(s);
	s = buf_detach(&b); /* empty buffer detaches as "" */
	assert_string_equal(s, "");
	free(s);
	buf_adds(&b, "wipe me");
	buf_wipe(&b);
	assert_null(b.data);
	buf_free(&b);
}

static void
test_diag(void **state)
{
	struct diags d = DIAGS_INIT;
	char *s;

	diag_add(&d, DIAG_ERROR, "b.yaml", 3, "bad %s", "thing");
	diag_add(&d, DIAG_WARNING, "a.yaml", 9, "hm");
	diag_add(&d, DIAG_ERROR, "a.yaml", 2, "esc\x1b[31m here");
	diag_add(&d, DIAG_NOTE, NULL, 0, "note");
	assert_int_equal(d.nerrors, 2);
	assert_int_equal(d.nwarnings, 1);
	diag_sort(&d);
	s = diag_format(&d.items[0]);
	assert_string_equal(s, "note: note");
	free(s);
	s = diag_format(&d.items[1]);
	assert_string_equal(s, "a.yaml:2: error: esc here");
	free(s);
	s = diag_format(&d.items[2]);
	assert_string_equal(s, "a.yaml:9: warning: hm");
	free(s);
	s = diag_format(&d.items[3]);
	assert_string_equal(s, "b.yaml:3: error: bad thing");
	free(s);
	diag_free(&d);
}

static void
test_paths(void **state)
{
	char *j;

	setenv("HOME", "/home/x", 1);
	unsetenv("XDG_DATA_HOME");
	setenv("XDG_STATE_HOME", "relative/ignored", 1);
	setenv("XDG_CONFIG_HOME", "/cfg", 1);
	assert_int_equal(paths_init(NULL), 0);
	assert_string_equal(path_data_dir(), "/home/x/.local/share/tend");
	assert_string_equal(path_state_dir(), "/home/x/.local/state/tend");
	assert_string_equal(path_config_dir(), "/cfg/tend");
	assert_int_equal(paths_init("/d"), 0);
	assert_string_equal(path_data_dir(), "/d");
	assert_string_equal(path_state_dir(), "/d/state");
	unsetenv("HOME");
	assert_int_equal(paths_init(NULL), -1);
	paths_free();
	j = path_join("/a/", "/b");
	assert_string_equal(j, "/a/b");
	free(j);
}

static void
test_clock(void **state)
{
	time_t t;
	long day;

	setenv("TEND_NOW", "1700000000", 1);
	clock_reset();
	assert_int_equal(clock_now(), 1700000000);
	setenv("TEND_NOW", "junk", 1);
	clock_reset();
	assert_true(clock_now() > 1700000000);
	unsetenv("TEND_NOW");
	clock_reset();

	/* Local days across the spring DST change in London. */
	setenv("TZ", "Europe/London", 1);
	tzset();
	t = 1711846800; /* 2024-03-31 01:00 UTC = 02:00 BST, just after */
	day = clock_local_day(t);
	assert_int_equal(day, 19813); /* 2024-03-31 */
	assert_int_equal(clock_day_start(day), 1711843200); /* 00:00 GMT */
	assert_int_equal(clock_day_start(day + 1), 1711926000); /* 00:00 BST */
	assert_int_equal(clock_local_day(1711925999), day);
	assert_int_equal(clock_local_day(1711926000), day + 1);
	setenv("TZ", "America/New_York", 1);
	tzset();
	/* 2024-11-03 has 25 hours in New York. */
	day = clock_local_day(1730606400); /* 2024-11-03 00:00 EDT */
	assert_int_equal(clock_day_start(day + 1) - clock_day_start(day),
	                 25 * 3600);
	setenv("TZ", "UTC", 1);
	tzset();
	assert_true(clock_mono_ms() > 0);
}

static void
test_secret_fd(void **state)
{
	int p[2];
	char *s;

	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], "pass word\r\nnext\n", 16), 16);
	s = secret_read(NULL, p[0], 256);
	assert_string_equal(s, "pass word");
	secret_free(s);
	s = secret_read(NULL, p[0], 256);
	assert_string_equal(s, "next");
	secret_free(s);
	close(p[1]);
	s = secret_read(NULL, p[0], 256);
	assert_null(s);
	assert_int_equal(errno, ENODATA);
	close(p[0]);

	/* Over-long input is refused whole, never cut (a cut secret is
	 * another secret), and the next line is read cleanly after it. */
	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], "abcdefghij\nabcd\nabcde\r\n", 24), 24);
	errno = 0;
	s = secret_read(NULL, p[0], 5);
	assert_null(s);
	assert_int_equal(errno, E2BIG);
	s = secret_read(NULL, p[0], 5);
	assert_string_equal(s, "abcd"); /* exactly max-1 bytes: fine */
	secret_free(s);
	s = secret_read(NULL, p[0], 5);
	assert_null(s);
	assert_int_equal(errno, E2BIG);
	close(p[0]);
	close(p[1]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_buf),       cmocka_unit_test(test_diag),
	        cmocka_unit_test(test_paths),     cmocka_unit_test(test_clock),
	        cmocka_unit_test(test_secret_fd),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
