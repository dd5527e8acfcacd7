/*
 * Unit tests of app/lesson.c: a lesson's text is the one read when the
 * course was loaded (changing the file afterwards changes nothing), and
 * block k of a layout of that text opens part k, parsed at load, with a
 * line that does not match refused.
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

#include "app/course.h"
#include "app/lesson.h"
#include "app/session.h"
#include "md/md.h"
#include "util/atomic.h"
#include "util/file.h"
#include "util/path.h"
#include "util/xalloc.h"

#define GOOD "tests/fixtures/packs/good"
#define T0 ((time_t)1793527200)

struct fixture {
	char dir[64];
	char *content;
	struct opts o;
	struct session *s;
	struct app_course *ac;
};

static int
setup(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof(*fx));
	char code[VAULT_CODE_LEN];
	char *msg = NULL, *cmd;

	strcpy(fx->dir, "/tmp/test_lesson.XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	/* A copy of the pack, so that a lesson file can change. */
	cmd = xasprintf("cp -R '%s' '%s/pack'", GOOD, fx->dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	fx->content = xasprintf("%s/pack/content/demo", fx->dir);
	fx->o.data_dir = fx->dir;
	fx->o.content_dir = fx->content;
	fx->o.passphrase_fd = -1;
	setenv("TZ", "UTC", 1);
	assert_int_equal(paths_init(fx->dir), 0);
	assert_int_equal(session_create(&fx->o, "a long test passphrase 4711",
	                                VAULT_KDF_TEST, code, &fx->s, &msg),
	                 EXIT_OK);
	free(msg);
	assert_int_equal(app_course_open(fx->s, T0, &fx->ac, &msg), EXIT_OK);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;
	char *cmd = xasprintf("rm -rf '%s'", fx->dir);

	app_course_free(fx->ac);
	session_close(fx->s);
	paths_free();
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(fx->content);
	free(fx);
	return 0;
}

static void
test_text_read_once(void **state)
{
	struct fixture *fx = *state;
	const struct course *c = app_course_def(fx->ac);
	char *path = path_join(fx->content, c->lessons[0].file);
	char *disk = NULL;
	size_t len, disk_len;
	const char *text = app_lesson_text(fx->ac, 0, &len);

	assert_int_equal(file_read(path, 1 << 20, 0, &disk, &disk_len), 0);
	assert_int_equal(len, disk_len);
	assert_memory_equal(text, disk, len);
	/* The file changes on disk: the lesson shown does not. */
	assert_int_equal(atomic_write(path, "---\nid: x\n---\nNew\n", 18, 0600),
	                 0);
	assert_ptr_equal(app_lesson_text(fx->ac, 0, &len), text);
	assert_int_equal(len, disk_len);
	assert_memory_equal(text, disk, len);
	free(disk);
	free(path);
}

static void
test_parts(void **state)
{
	struct fixture *fx = *state;
	const struct course *c = app_course_def(fx->ac);
	size_t len;
	const char *text = app_lesson_text(fx->ac, 0, &len);
	struct md_doc *doc = md_layout(text, len, 50);
	const struct md_block *b;

	assert_int_equal(md_doc_nblocks(doc), c->lessons[0].nparts);
	assert_true(md_doc_nblocks(doc) >= 2);
	for (size_t k = 0; k < md_doc_nblocks(doc); k++) {
		b = md_doc_block(doc, k);
		assert_ptr_equal(app_lesson_part(fx->ac, 0, k, b->src_line),
		                 &c->lessons[0].parts[k]);
	}
	b = md_doc_block(doc, 1);
	assert_string_equal(b->info, "tend-worksheet");
	assert_int_equal(c->lessons[0].parts[1].kind, PART_WORKSHEET);
	assert_string_equal(c->lessons[0].parts[1].id, "mood-note");
	/* Another text's line, or an index past the parts: nothing. */
	assert_null(app_lesson_part(fx->ac, 0, 1, b->src_line + 1));
	assert_null(app_lesson_part(fx->ac, 0, md_doc_nblocks(doc), 1));
	assert_null(app_lesson_part(fx->ac, c->nlessons, 0, 1));
	md_doc_free(doc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_text_read_once, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_parts, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
