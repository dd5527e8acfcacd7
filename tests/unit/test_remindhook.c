/*
 * The marked blocks tend puts in a shell profile or a crontab: insert then
 * remove gives back every input byte for byte, a second insert changes
 * nothing, a broken block is refused; and the quoting of hook commands.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app/remindhook.h"

static const char body[] = "echo reminder\n";

static void
round_trip(const char *text, bool existed)
{
	struct buf a = BUF_INIT, b = BUF_INIT, c = BUF_INIT;
	size_t len = strlen(text);
	bool remove_file;

	assert_int_equal(hook_block_insert(text, len, existed, body, &a), 0);
	assert_non_null(strstr(a.data, HOOK_BEGIN));
	assert_non_null(strstr(a.data, "echo reminder\n" HOOK_END "\n"));
	/* The original text is all still there, in front. */
	assert_int_equal(memcmp(a.data, text, len), 0);
	/* Installing again: nothing to do, same text. */
	assert_int_equal(hook_block_insert(a.data, a.len, true, body, &b), 1);
	assert_int_equal(b.len, a.len);
	assert_int_equal(memcmp(a.data, b.data, a.len), 0);
	assert_int_equal(hook_block_remove(a.data, a.len, &c, &remove_file), 0);
	assert_int_equal(c.len, len);
	if (len)
		assert_int_equal(memcmp(c.data, text, len), 0);
	assert_int_equal(remove_file, !existed);
	buf_free(&a);
	buf_free(&b);
	buf_free(&c);
}

static void
test_round_trips(void **unused)
{
	static const char *const texts[] = {
	        "",
	        "\n",
	        "export A=1\n",
	        "export A=1",
	        "a\n\n\n",
	        "# >>> tend reminders\n", /* not our marker: a longer line */
	        "x\r\ny\r\n",
	        "line one\nline two without newline",
	        "\xff\xfe binary \x01 bytes\n",
	};

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		round_trip(texts[i], true);
		if (texts[i][0] == '\0')
			round_trip(texts[i], false);
	}
}

static void
test_update_in_place(void **unused)
{
	const char *text = "a\n" HOOK_BEGIN " +nl\nold\n" HOOK_END "\nb\n";
	struct buf out = BUF_INIT;
	bool rm;

	assert_int_equal(
	        hook_block_insert(text, strlen(text), true, body, &out), 0);
	/* The new body replaces the old, the flags and surroundings stay. */
	assert_string_equal(out.data, "a\n" HOOK_BEGIN
	                              " +nl\necho reminder\n" HOOK_END "\nb\n");
	buf_reset(&out);
	assert_int_equal(hook_block_remove(text, strlen(text), &out, &rm), 0);
	/* +nl: the newline before the block was tend's. */
	assert_string_equal(out.data, "ab\n");
	assert_false(rm);
	buf_free(&out);
}

static void
test_broken_and_absent(void **unused)
{
	const char *broken = "a\n" HOOK_BEGIN "\necho hi\n";
	struct buf out = BUF_INIT;
	bool rm;

	assert_int_equal(
	        hook_block_insert(broken, strlen(broken), true, body, &out),
	        -1);
	buf_reset(&out);
	assert_int_equal(hook_block_remove(broken, strlen(broken), &out, &rm),
	                 -1);
	buf_reset(&out);
	assert_int_equal(hook_block_remove("a\nb\n", 4, &out, &rm), 1);
	assert_string_equal(out.data, "a\nb\n");
	buf_free(&out);
}

static void
test_command_quoting(void **unused)
{
	struct hook_cmd c = {"/usr/bin/tend", NULL};
	char *s = hook_command(&c, "remind --login");

	assert_string_equal(s, "'/usr/bin/tend' remind --login");
	free(s);
	c.exe = "/opt/my apps/tend";
	c.data_dir = "/home/a b/d";
	s = hook_command(&c, "remind --notify");
	assert_string_equal(s, "'/opt/my apps/tend' --data-dir '/home/a b/d' "
	                       "remind --notify");
	free(s);
	static const char *const unsafe[] = {
	        "/a'b/tend", "/a\"b/tend", "/a$b/tend",  "/a%b/tend",
	        "/a`b/tend", "/a\\b/tend", "/a\nb/tend", "relative/tend",
	};
	for (size_t i = 0; i < sizeof(unsafe) / sizeof(unsafe[0]); i++) {
		c.exe = unsafe[i];
		c.data_dir = NULL;
		assert_null(hook_command(&c, "remind --login"));
		c.exe = "/usr/bin/tend";
		c.data_dir = unsafe[i];
		assert_null(hook_command(&c, "remind --login"));
	}
}

static void
test_run(void **unused)
{
	const char *cat[] = {"cat", NULL};
	const char *sh[] = {"sh", "-c", "echo out; echo err >&2; exit 3", NULL};
	const char *none[] = {"/nonexistent/program", NULL};
	struct buf out = BUF_INIT, err = BUF_INIT;

	assert_int_equal(hook_run(cat, "hello\n", 6, &out, NULL), 0);
	assert_string_equal(out.data, "hello\n");
	buf_reset(&out);
	assert_int_equal(hook_run(sh, NULL, 0, &out, &err), 3);
	assert_string_equal(out.data, "out\n");
	assert_string_equal(err.data, "err\n");
	assert_int_equal(hook_run(none, NULL, 0, NULL, NULL), 127);
	buf_free(&out);
	buf_free(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_round_trips),
	        cmocka_unit_test(test_update_in_place),
	        cmocka_unit_test(test_broken_and_absent),
	        cmocka_unit_test(test_command_quoting),
	        cmocka_unit_test(test_run),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
