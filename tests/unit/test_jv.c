/*
 * util/jv, the JSON reader: values of every type, escapes and surrogate
 * pairs, integers kept exact, and the strictness that keeps a hostile
 * document harmless (trailing commas, comments, NUL, lone surrogates,
 * invalid UTF-8, nesting beyond the limit, trailing garbage).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/jv.h"

static struct jv *
parse(const char *s)
{
	return jv_parse(s, strlen(s), NULL);
}

static void
test_values(void **state)
{
	struct jv *v = parse(" {\"a\": [1, -2, 3.5, 1e3, true, false, null],"
	                     " \"s\": \"x\\n\\\"y\\u00e9\\ud83d\\ude00\","
	                     " \"big\": 9007199254740993, \"o\": {}} ");
	const struct jv *a;

	assert_non_null(v);
	a = jv_get(v, "a");
	assert_int_equal(jv_len(a), 7);
	assert_true(jv_at(a, 0)->is_int);
	assert_int_equal(jv_at(a, 1)->i, -2);
	assert_false(jv_at(a, 2)->is_int);
	assert_true(jv_at(a, 2)->num == 3.5);
	assert_false(jv_at(a, 3)->is_int);
	assert_int_equal(jv_at(a, 4)->type, JV_BOOL);
	assert_true(jv_at(a, 4)->b);
	assert_int_equal(jv_at(a, 6)->type, JV_NULL);
	assert_null(jv_at(a, 7));
	assert_string_equal(jv_str(v, "s"), "x\n\"y\xc3\xa9\xf0\x9f\x98\x80");
	/* Integers beyond a double's precision stay exact. */
	assert_int_equal(jv_int(v, "big", 0), 9007199254740993LL);
	assert_int_equal(jv_get(v, "o")->type, JV_OBJ);
	assert_int_equal(jv_len(jv_get(v, "o")), 0);
	assert_int_equal(jv_int(v, "missing", 42), 42);
	assert_null(jv_str(v, "a"));
	assert_true(jv_bool(v, "missing", true));
	jv_free(v);
	jv_free(NULL);
}

static void
test_refused(void **state)
{
	static const char *const bad[] = {
	        "",
	        "{",
	        "[1,]",
	        "{\"a\":1,}",
	        "[1] x",
	        "// c\n1",
	        "\"\\u0000\"",
	        "\"\\ud800\"",
	        "\"\\udc00\"",
	        "\"a\nb\"",
	        "\"\xff\"",
	        "01",
	        "-",
	        "1.",
	        "1e",
	        "tru",
	        "{1:2}",
	        "\"\\x\"",
	        "[\"a\" \"b\"]",
	        "nul",
	};
	size_t at;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct jv *v = parse(bad[i]);

		if (v)
			fail_msg("accepted: %s", bad[i]);
	}
	/* A NUL byte inside the text. */
	assert_null(jv_parse("[1,\0 2]", 7, &at));
	assert_int_equal(at, 3);
}

static void
test_depth(void **state)
{
	char deep[2 * JV_MAX_DEPTH + 8];
	size_t n = 0;

	for (int i = 0; i < JV_MAX_DEPTH; i++)
		deep[n++] = '[';
	for (int i = 0; i < JV_MAX_DEPTH; i++)
		deep[n++] = ']';
	deep[n] = '\0';
	{
		struct jv *v = parse(deep); /* exactly at the limit */

		assert_non_null(v);
		jv_free(v);
	}
	memmove(deep + 1, deep, n + 1);
	deep[0] = '[';
	memcpy(deep + n + 1, "]", 2);
	assert_null(parse(deep));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_values),
	        cmocka_unit_test(test_refused),
	        cmocka_unit_test(test_depth),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
