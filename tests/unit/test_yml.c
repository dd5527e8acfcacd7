/*
 * Unit tests of the YAML document model: the tree and its line numbers,
 * typed getters and their diagnostics, and everything a hostile file can
 * throw at it (aliases, tags, depth, node count, size, invalid UTF-8).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "pack/yml.h"
#include "util/buf.h"

static struct yml_doc *
parse(const char *s, struct diags *d)
{
	return yml_parse(s, strlen(s), "t.yaml", 1, NULL, d);
}

/* True when some diagnostic formats to a string containing needle. */
static bool
has_diag(const struct diags *d, const char *needle)
{
	for (size_t i = 0; i < d->n; i++) {
		char *s = diag_format(&d->items[i]);
		bool hit = strstr(s, needle) != NULL;

		free(s);
		if (hit)
			return true;
	}
	return false;
}

static void
test_tree_and_lines(void **state)
{
	struct diags d = DIAGS_INIT;
	struct yml_doc *doc = parse("# comment\n"
	                            "id: steady\n"
	                            "title: \"Steady\"\n"
	                            "lessons:\n"
	                            "  - a.md\n"
	                            "  - b.md\n"
	                            "nested: {x: 1, y: [1, 2]}\n",
	                            &d);
	const struct yml_node *root, *l;

	assert_non_null(doc);
	assert_int_equal(d.n, 0);
	root = yml_root(doc);
	assert_int_equal(yml_kind(root), YML_MAP);
	assert_int_equal(yml_len(root), 4);
	assert_string_equal(yml_key(root, 0), "id");
	assert_int_equal(yml_key_line(root, 0), 2);
	assert_string_equal(yml_text(yml_get(root, "id")), "steady");
	assert_false(yml_quoted(yml_get(root, "id")));
	assert_true(yml_quoted(yml_get(root, "title")));
	l = yml_get(root, "lessons");
	assert_int_equal(yml_kind(l), YML_SEQ);
	assert_int_equal(yml_len(l), 2);
	assert_string_equal(yml_text(yml_item(l, 1)), "b.md");
	assert_int_equal(yml_line(yml_item(l, 1)), 6);
	assert_null(yml_item(l, 2));
	assert_null(yml_get(root, "missing"));
	assert_null(yml_get(l, "x"));
	assert_string_equal(yml_file(l), "t.yaml");
	assert_int_equal(yml_len(yml_get(yml_get(root, "nested"), "y")), 2);
	yml_free(doc);
	diag_free(&d);
}

static void
test_first_line_offset(void **state)
{
	struct diags d = DIAGS_INIT;
	struct yml_doc *doc =
	        yml_parse("a: 1\nb: [\n", 10, "lesson.md", 40, NULL, &d);

	assert_null(doc);
	assert_int_equal(d.nerrors, 1);
	/* The error is reported on a line of the real file, not the block. */
	assert_true(d.items[0].line >= 41);
	assert_string_equal(d.items[0].file, "lesson.md");
	diag_free(&d);

	doc = yml_parse("a: 1\nb: 2\n", 10, "lesson.md", 40, NULL, &d);
	assert_int_equal(yml_line(yml_get(yml_root(doc), "b")), 41);
	yml_free(doc);
	diag_free(&d);
}

static void
test_empty(void **state)
{
	struct diags d = DIAGS_INIT;
	struct yml_doc *doc = parse("# nothing\n\n", &d);

	assert_non_null(doc);
	assert_null(yml_root(doc));
	assert_null(yml_root_map(doc, "course.yaml", &d));
	assert_true(has_diag(&d, "t.yaml:1: error: course.yaml is empty"));
	yml_free(doc);
	diag_free(&d);

	doc = parse("- a\n", &d);
	assert_null(yml_root_map(doc, "the file", &d));
	assert_true(has_diag(&d, "must be a mapping"));
	yml_free(doc);
	diag_free(&d);
}

static void
test_syntax_error(void **state)
{
	struct diags d = DIAGS_INIT;

	assert_null(parse("a: 1\n  b: 2\nc: [\n", &d));
	assert_int_equal(d.nerrors, 1);
	assert_true(has_diag(&d, "t.yaml:2: error: YAML syntax:"));
	diag_free(&d);
}

static void
test_refuses_anchors_aliases_tags(void **state)
{
	struct diags d = DIAGS_INIT;

	assert_null(parse("a: &x 1\nb: *x\n", &d));
	assert_true(has_diag(&d, "t.yaml:1: error: YAML anchors and aliases"));
	diag_free(&d);
	assert_null(parse("a: 1\nb: *x\n", &d));
	assert_true(d.nerrors >= 1);
	diag_free(&d);
	assert_null(parse("a: !!binary aGVsbG8=\n", &d));
	assert_true(has_diag(&d, "YAML tags"));
	diag_free(&d);
	/* The classic billion laughs: refused at the first anchor. */
	assert_null(parse("a: &a [\"lol\",\"lol\",\"lol\",\"lol\"]\n"
	                  "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
	                  "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n",
	                  &d));
	assert_true(has_diag(&d, "t.yaml:1: error: YAML anchors"));
	diag_free(&d);
}

static void
test_duplicate_keys(void **state)
{
	struct diags d = DIAGS_INIT;

	assert_null(parse("a: 1\nb: 2\na: 3\n", &d));
	assert_true(has_diag(
	        &d, "t.yaml:3: error: duplicate key 'a' (first on line 1)"));
	diag_free(&d);
}

static void
test_complex_key(void **state)
{
	struct diags d = DIAGS_INIT;

	assert_null(parse("? [a, b]\n: 1\n", &d));
	assert_true(has_diag(&d, "a key must be plain text"));
	diag_free(&d);
}

static void
test_multiple_documents(void **state)
{
	struct diags d = DIAGS_INIT;

	assert_null(parse("a: 1\n---\nb: 2\n", &d));
	assert_true(has_diag(&d, "t.yaml:2: error: only one YAML document"));
	diag_free(&d);
}

static void
test_depth_limit(void **state)
{
	struct diags d = DIAGS_INIT;
	struct buf b = BUF_INIT;
	struct yml_doc *doc;

	buf_addrep(&b, '[', 100000);
	buf_addrep(&b, ']', 100000);
	assert_null(yml_parse(b.data, b.len, "deep.yaml", 1, NULL, &d));
	assert_true(has_diag(&d, "nested more than 32 levels deep"));
	diag_free(&d);

	/* Exactly at the limit is fine. */
	buf_reset(&b);
	buf_addrep(&b, '[', YML_MAX_DEPTH);
	buf_addrep(&b, ']', YML_MAX_DEPTH);
	doc = yml_parse(b.data, b.len, "deep.yaml", 1, NULL, &d);
	assert_non_null(doc);
	yml_free(doc);
	buf_free(&b);
	diag_free(&d);
}

static void
test_node_and_size_limits(void **state)
{
	struct diags d = DIAGS_INIT;
	struct yml_limits lim = {0, 50, 0};
	struct buf b = BUF_INIT;

	buf_adds(&b, "[");
	for (int i = 0; i < 100; i++)
		buf_printf(&b, "%d,", i);
	buf_adds(&b, "1]");
	assert_null(yml_parse(b.data, b.len, "n.yaml", 1, &lim, &d));
	assert_true(has_diag(&d, "more than 50 values"));
	diag_free(&d);

	lim.max_nodes = 0;
	lim.max_bytes = 16;
	assert_null(yml_parse(b.data, b.len, "n.yaml", 1, &lim, &d));
	assert_true(has_diag(&d, "too big"));
	diag_free(&d);
	buf_free(&b);
}

static void
test_invalid_utf8(void **state)
{
	struct diags d = DIAGS_INIT;

	assert_null(parse("a: ok\nb: \xff\xfe bad\n", &d));
	assert_true(has_diag(&d, "t.yaml:2: error: invalid UTF-8"));
	diag_free(&d);
	/* Overlong encoding of '/' */
	assert_null(parse("a: \xc0\xaf\n", &d));
	assert_true(has_diag(&d, "invalid UTF-8"));
	diag_free(&d);
	/* A real U+FFFD is valid text. */
	struct yml_doc *doc = parse("a: \xef\xbf\xbd\n", &d);
	assert_non_null(doc);
	yml_free(doc);
	diag_free(&d);
}

static void
test_nul_in_scalar(void **state)
{
	struct diags d = DIAGS_INIT;

	assert_null(parse("a: \"x\\0y\"\n", &d));
	assert_true(has_diag(&d, "NUL"));
	diag_free(&d);
}

static void
test_typed_getters(void **state)
{
	struct diags d = DIAGS_INIT;
	struct yml_doc *doc = parse("n: 12\n"
	                            "neg: -3\n"
	                            "q: \"12\"\n"
	                            "f: 2.5\n"
	                            "t: true\n"
	                            "y: yes\n"
	                            "s: hello\n"
	                            "num_as_str: 1984\n"
	                            "nul:\n"
	                            "tilde: ~\n"
	                            "qnull: \"null\"\n"
	                            "list: [1]\n"
	                            "map: {a: 1}\n"
	                            "big: 99999999999999999999999\n"
	                            "id: thought-record\n"
	                            "badid: Thought_Record\n"
	                            "order: free\n",
	                            &d);
	const struct yml_node *m = yml_root(doc), *node;
	long l = -1;
	double x = 0;
	bool b = false;
	const char *s = NULL;
	int e = -1;
	static const char *const orders[] = {"fixed", "free", NULL};

	assert_non_null(doc);
	assert_int_equal(yml_map_int(m, "n", YML_REQUIRED, 0, 100, &l, &d), 0);
	assert_int_equal(l, 12);
	assert_int_equal(yml_map_int(m, "neg", YML_REQUIRED, -5, 5, &l, &d), 0);
	assert_int_equal(l, -3);
	assert_int_equal(d.n, 0);

	assert_int_equal(yml_map_int(m, "n", YML_REQUIRED, 0, 10, &l, &d), -1);
	assert_true(has_diag(
	        &d,
	        "t.yaml:1: error: 'n' must be a whole number from 0 to 10"));
	assert_int_equal(yml_map_int(m, "q", YML_REQUIRED, 0, 100, &l, &d), -1);
	assert_true(has_diag(&d, "t.yaml:3: error: 'q' must be a number "
	                         "without quotes"));
	assert_int_equal(yml_map_int(m, "big", YML_REQUIRED, 0, 100, &l, &d),
	                 -1);
	assert_int_equal(yml_map_int(m, "list", YML_REQUIRED, 0, 1, &l, &d),
	                 -1);
	assert_int_equal(yml_map_num(m, "f", YML_REQUIRED, 0, 10, &x, &d), 0);
	assert_true(x > 2.49 && x < 2.51);
	assert_int_equal(yml_map_num(m, "s", YML_REQUIRED, 0, 10, &x, &d), -1);

	assert_int_equal(yml_map_bool(m, "t", YML_REQUIRED, &b, &d), 0);
	assert_true(b);
	b = false;
	assert_int_equal(yml_map_bool(m, "y", YML_REQUIRED, &b, &d), 0);
	assert_true(b);
	assert_int_equal(yml_map_bool(m, "s", YML_REQUIRED, &b, &d), -1);
	assert_true(has_diag(&d, "'s' must be true or false"));

	assert_int_equal(yml_map_str(m, "s", YML_REQUIRED, &s, &d), 0);
	assert_string_equal(s, "hello");
	assert_int_equal(yml_map_str(m, "num_as_str", YML_REQUIRED, &s, &d), 0);
	assert_string_equal(s, "1984");
	assert_int_equal(yml_map_str(m, "qnull", YML_REQUIRED, &s, &d), 0);
	assert_string_equal(s, "null");
	assert_int_equal(yml_map_str(m, "list", YML_REQUIRED, &s, &d), -1);
	assert_true(has_diag(&d, "'list' must be text, not a list"));

	/* Absent and null: 1 when optional, error when required. */
	s = "default";
	assert_int_equal(yml_map_str(m, "nope", YML_OPTIONAL, &s, &d), 1);
	assert_int_equal(yml_map_str(m, "nul", YML_OPTIONAL, &s, &d), 1);
	assert_int_equal(yml_map_str(m, "tilde", YML_OPTIONAL, &s, &d), 1);
	assert_string_equal(s, "default");
	assert_int_equal(yml_map_str(m, "nope", YML_REQUIRED, &s, &d), -1);
	assert_true(has_diag(&d, "t.yaml:1: error: missing 'nope'"));
	assert_int_equal(yml_map_str(m, "nul", YML_REQUIRED, &s, &d), -1);
	assert_true(has_diag(&d, "t.yaml:9: error: 'nul' has no value"));

	assert_int_equal(yml_map_seq(m, "list", YML_REQUIRED, &node, &d), 0);
	assert_int_equal(yml_len(node), 1);
	assert_int_equal(yml_map_map(m, "list", YML_REQUIRED, &node, &d), -1);
	assert_true(has_diag(&d, "'list' must be a mapping, not a list"));
	assert_int_equal(yml_map_map(m, "map", YML_REQUIRED, &node, &d), 0);

	assert_int_equal(yml_map_id(m, "id", YML_REQUIRED, &s, &d), 0);
	assert_string_equal(s, "thought-record");
	assert_int_equal(yml_map_id(m, "badid", YML_REQUIRED, &s, &d), -1);
	assert_true(has_diag(&d, "is not a valid id"));

	assert_int_equal(yml_map_enum(m, "order", YML_REQUIRED, orders, &e, &d),
	                 0);
	assert_int_equal(e, 1);
	assert_int_equal(yml_map_enum(m, "s", YML_REQUIRED, orders, &e, &d),
	                 -1);
	assert_true(has_diag(&d, "unknown value 'hello' (expected one of: "
	                         "fixed, free)"));

	/* NULL map: everything absent. */
	assert_int_equal(yml_map_str(NULL, "x", YML_OPTIONAL, &s, &d), 1);
	yml_free(doc);
	diag_free(&d);
}

static void
test_check_keys(void **state)
{
	struct diags d = DIAGS_INIT;
	struct yml_doc *doc = parse("id: x\ntittle: y\n", &d);
	static const char *const ok[] = {"id", "title", NULL};

	assert_int_equal(yml_check_keys(yml_root(doc), ok, "course.yaml", &d),
	                 1);
	assert_true(has_diag(&d, "t.yaml:2: warning: unknown key 'tittle' in "
	                         "course.yaml"));
	assert_int_equal(d.nerrors, 0);
	yml_free(doc);
	diag_free(&d);
}

static void
test_ids(void **state)
{
	assert_true(yml_is_id("phq9"));
	assert_true(yml_is_id("a-b-c"));
	assert_false(yml_is_id(""));
	assert_false(yml_is_id("A"));
	assert_false(yml_is_id("a_b"));
	assert_false(yml_is_id("a b"));
	assert_false(yml_is_id(NULL));
	assert_false(yml_is_id("0123456789012345678901234567890123456789x"));
}

static void
test_load_file(void **state)
{
	struct diags d = DIAGS_INIT;
	char path[] = "/tmp/test_yml.XXXXXX";
	int fd = mkstemp(path);
	struct yml_doc *doc;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, "a: [1, 2]\n", 10), 10);
	close(fd);
	doc = yml_load_file(path, "shown.yaml", NULL, &d);
	assert_non_null(doc);
	assert_string_equal(yml_doc_file(doc), "shown.yaml");
	assert_int_equal(yml_len(yml_get(yml_root(doc), "a")), 2);
	yml_free(doc);

	struct yml_limits lim = {4, 0, 0};
	assert_null(yml_load_file(path, NULL, &lim, &d));
	assert_true(has_diag(&d, "too big"));
	unlink(path);
	diag_free(&d);

	assert_null(yml_load_file(path, "gone.yaml", NULL, &d));
	assert_true(has_diag(&d, "gone.yaml: error: cannot open"));
	diag_free(&d);
	assert_null(yml_load_file("/tmp", "dir", NULL, &d));
	assert_true(has_diag(&d, "not a regular file"));
	diag_free(&d);
}

/* Garbage of every byte value must give diagnostics, never a crash. */
static void
test_random_garbage(void **state)
{
	unsigned int seed = 12345;
	char buf[512];

	for (int round = 0; round < 2000; round++) {
		struct diags d = DIAGS_INIT;
		size_t len = (size_t)(rand_r(&seed) % sizeof(buf));
		static const char alphabet[] = "ab: -[]{},&*!?|>'\"\n\t#~%@`";

		for (size_t i = 0; i < len; i++)
			buf[i] = round % 2 ? (char)rand_r(&seed)
			                   : alphabet[rand_r(&seed) %
			                              (sizeof(alphabet) - 1)];
		struct yml_doc *doc = yml_parse(buf, len, "g", 1, NULL, &d);
		assert_true(doc != NULL || d.nerrors > 0);
		yml_free(doc);
		diag_free(&d);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_tree_and_lines),
	        cmocka_unit_test(test_first_line_offset),
	        cmocka_unit_test(test_empty),
	        cmocka_unit_test(test_syntax_error),
	        cmocka_unit_test(test_refuses_anchors_aliases_tags),
	        cmocka_unit_test(test_duplicate_keys),
	        cmocka_unit_test(test_complex_key),
	        cmocka_unit_test(test_multiple_documents),
	        cmocka_unit_test(test_depth_limit),
	        cmocka_unit_test(test_node_and_size_limits),
	        cmocka_unit_test(test_invalid_utf8),
	        cmocka_unit_test(test_nul_in_scalar),
	        cmocka_unit_test(test_typed_getters),
	        cmocka_unit_test(test_check_keys),
	        cmocka_unit_test(test_ids),
	        cmocka_unit_test(test_load_file),
	        cmocka_unit_test(test_random_garbage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
