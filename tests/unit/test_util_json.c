/*
 * util/json: JSON string literals.  Exact output for quotes, backslashes,
 * named and numbered escapes, controls a terminal would act on, invalid
 * UTF-8 (U+FFFD) and text that passes unchanged.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/buf.h"
#include "util/json.h"
#include "util/utf8.h"

static void
is(const char *in, const char *want)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, "["); /* appends, never replaces */
	json_str(&b, in);
	assert_non_null(b.data);
	if (strcmp(b.data + 1, want) != 0)
		print_error("json_str: got %s, wanted %s\n", b.data + 1, want);
	assert_string_equal(b.data + 1, want);
	buf_free(&b);
}

static void
test_plain(void **state)
{
	is(NULL, "null");
	is("", "\"\"");
	is("hello, world", "\"hello, world\"");
	is("caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80",
	   "\"caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80\"");
	is("a/b <tag> 'q'", "\"a/b <tag> 'q'\"");
}

static void
test_escapes(void **state)
{
	is("say \"hi\"", "\"say \\\"hi\\\"\"");
	is("C:\\dir\\", "\"C:\\\\dir\\\\\"");
	is("a\nb\tc\rd\be\ff", "\"a\\nb\\tc\\rd\\be\\ff\"");
	is("\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"");
	is("\x1b[2Jgone", "\"\\u001b[2Jgone\"");
}

/* Valid JSON would allow these raw; a terminal might act on them. */
static void
test_terminal_safe(void **state)
{
	is("\xc2\x85\xc2\x9b", "\"\\u0085\\u009b\""); /* C1 */
	is("1\xe2\x80\xae"
	   "23",
	   "\"1\\u202e23\""); /* RLO */
	is("\xe2\x81\xa6x\xe2\x81\xa9", "\"\\u2066x\\u2069\""); /* isolates */
	is("\xe2\x80\x8e\xe2\x80\x8f", "\"\\u200e\\u200f\"");
	is("\xe2\x80\xa8\xe2\x80\xa9", "\"\\u2028\\u2029\"");
	/* Neighbours stay raw. */
	is("\xc2\xa0\xe2\x80\x94", "\"\xc2\xa0\xe2\x80\x94\"");
}

static void
test_invalid_utf8(void **state)
{
	is("a\xff"
	   "b",
	   "\"a\xef\xbf\xbd"
	   "b\"");
	is("\xc0\xaf", "\"\xef\xbf\xbd\xef\xbf\xbd\""); /* overlong */
	is("\xed\xa0\x80",
	   "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\""); /* surrogate */
	is("end\xe2\x82", "\"end\xef\xbf\xbd\xef\xbf\xbd\""); /* truncated */
	is("\xef\xbf\xbd", "\"\xef\xbf\xbd\""); /* a real U+FFFD */
}

/* Whatever goes in, what comes out is valid UTF-8 with no raw control. */
static void
test_every_byte(void **state)
{
	char in[256];
	struct buf b = BUF_INIT;

	for (int i = 1; i < 256; i++)
		in[i - 1] = (char)i;
	in[255] = '\0';
	json_str(&b, in);
	assert_true(utf8_valid(b.data, b.len));
	for (size_t i = 0; i < b.len; i++)
		assert_true((unsigned char)b.data[i] >= 0x20 &&
		            (unsigned char)b.data[i] != 0x7f);
	assert_int_equal(b.data[0], '"');
	assert_int_equal(b.data[b.len - 1], '"');
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_plain),
	        cmocka_unit_test(test_escapes),
	        cmocka_unit_test(test_terminal_safe),
	        cmocka_unit_test(test_invalid_utf8),
	        cmocka_unit_test(test_every_byte),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
