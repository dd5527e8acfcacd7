/*
 * util/file: the one whole-file reader.  Regular files are read whole and
 * NUL-terminated; the size cap holds; a folder, a FIFO, a device and (with
 * FILE_NOFOLLOW) a symbolic link are refused at once with their own errno;
 * FILE_STREAM reads a pipe to its end.
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
#include "util/diag.h"
#include "util/file.h"
#include "util/path.h"
#include "util/xalloc.h"

static char dir[64];

static int
setup(void **state)
{
	strcpy(dir, "/tmp/tend-file.XXXXXX");
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

static char *
make(const char *name, const char *text)
{
	char *p = path_join(dir, name);

	assert_int_equal(atomic_write(p, text, strlen(text), 0600), 0);
	return p;
}

static void
test_regular(void **state)
{
	char *p = make("r", "0123456789"), *data;
	size_t len;

	assert_int_equal(file_read(p, 10, 0, &data, &len), 0);
	assert_int_equal(len, 10);
	assert_memory_equal(data, "0123456789", 11);
	free(data);
	/* The same file through FILE_NOFOLLOW: not a link, so read. */
	assert_int_equal(file_read(p, 10, FILE_NOFOLLOW, &data, &len), 0);
	assert_int_equal(len, 10);
	free(data);
	free(p);
}

static void
test_empty(void **state)
{
	char *p = make("e", ""), *data;
	size_t len = 99;

	assert_int_equal(file_read(p, 0, 0, &data, &len), 0);
	assert_int_equal(len, 0);
	assert_non_null(data);
	assert_int_equal(data[0], '\0');
	free(data);
	free(p);
}

static void
test_cap(void **state)
{
	char *p = make("big", "0123456789"), junk[] = "x", *data = junk;
	size_t len = 7;

	assert_int_equal(file_read(p, 9, 0, &data, &len), -1);
	assert_int_equal(errno, EFBIG);
	assert_null(data);
	assert_int_equal(len, 0);
	free(p);
}

static void
test_missing(void **state)
{
	char *p = path_join(dir, "gone"), *data;
	size_t len;

	assert_int_equal(file_read(p, 100, 0, &data, &len), -1);
	assert_int_equal(errno, ENOENT);
	assert_null(data);
	free(p);
}

static void
test_folder(void **state)
{
	char *data;
	size_t len;

	assert_int_equal(file_read(dir, 100, 0, &data, &len), -1);
	assert_int_equal(errno, EISDIR);
	assert_null(data);
}

/* A FIFO with no writer: a blocking open would wait forever. */
static void
test_fifo(void **state)
{
	char *p = path_join(dir, "fifo"), *data;
	size_t len;
	time_t t0 = time(NULL);

	assert_int_equal(mkfifo(p, 0600), 0);
	alarm(10); /* should the test hang, fail it instead */
	assert_int_equal(file_read(p, 100, 0, &data, &len), -1);
	assert_int_equal(errno, ENODEV);
	assert_int_equal(file_read(p, 100, FILE_NOFOLLOW, &data, &len), -1);
	assert_int_equal(errno, ENODEV);
	alarm(0);
	assert_true(time(NULL) - t0 < 5);
	assert_null(data);
	free(p);
}

static void
test_device(void **state)
{
	char *data;
	size_t len;

	assert_int_equal(file_read("/dev/null", 100, 0, &data, &len), -1);
	assert_int_equal(errno, ENODEV);
	/* A device the person named is read, and capped. */
	assert_int_equal(file_read("/dev/null", 100, FILE_STREAM, &data, &len),
	                 0);
	assert_int_equal(len, 0);
	free(data);
	assert_int_equal(file_read("/dev/zero", 100, FILE_STREAM, &data, &len),
	                 -1);
	assert_int_equal(errno, EFBIG);
	assert_null(data);
}

static void
test_symlink(void **state)
{
	char *p = make("target", "hello"), *l = path_join(dir, "link"), *data;
	size_t len;

	assert_int_equal(symlink(p, l), 0);
	assert_int_equal(file_read(l, 100, FILE_NOFOLLOW, &data, &len), -1);
	assert_int_equal(errno, ELOOP);
	assert_null(data);
	/* Without the flag a link is followed. */
	assert_int_equal(file_read(l, 100, 0, &data, &len), 0);
	assert_string_equal(data, "hello");
	free(data);
	free(l);
	free(p);
}

/* A pipe with FILE_STREAM is read to its end, longer than one chunk. */
static void
test_stream(void **state)
{
	char *data;
	size_t len;
	int fds[2], saved = dup(0);
	char block[4096];
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		memset(block, 'a', sizeof(block));
		for (int i = 0; i < 50; i++)
			if (write(fds[1], block, sizeof(block)) < 0)
				_exit(1);
		_exit(0);
	}
	close(fds[1]);
	assert_int_equal(dup2(fds[0], 0), 0);
	close(fds[0]);
	assert_int_equal(file_read("/dev/stdin", 1 << 20, 0, &data, &len), -1);
	assert_int_equal(errno, ENODEV);
	assert_int_equal(
	        file_read("/dev/stdin", 1 << 20, FILE_STREAM, &data, &len), 0);
	assert_int_equal(len, 50 * sizeof(block));
	assert_int_equal(data[len - 1], 'a');
	assert_int_equal(data[len], '\0');
	free(data);
	dup2(saved, 0);
	close(saved);
}

static void
test_messages(void **state)
{
	struct diags d = DIAGS_INIT;
	char *s;

	assert_non_null(strstr(file_strerror(ENODEV), "not a regular file"));
	assert_non_null(strstr(file_strerror(EISDIR), "folder"));
	assert_non_null(strstr(file_strerror(ELOOP), "symbolic link"));
	assert_non_null(strstr(file_strerror(EFBIG), "too large"));
	assert_string_equal(file_strerror(ENOENT), strerror(ENOENT));

	file_diag(&d, DIAG_ERROR, "a.md", 10, EFBIG);
	file_diag(&d, DIAG_WARNING, "b", 10, ENOENT);
	file_diag(&d, DIAG_ERROR, "c", 10, ENODEV);
	assert_int_equal(d.n, 3);
	assert_int_equal(d.nerrors, 2);
	assert_int_equal(d.nwarnings, 1);
	s = diag_format(&d.items[0]);
	assert_string_equal(s, "a.md: error: too big (the limit is 10 bytes)");
	free(s);
	s = diag_format(&d.items[1]);
	assert_non_null(strstr(s, "b: warning: cannot open: "));
	free(s);
	s = diag_format(&d.items[2]);
	assert_non_null(strstr(s, "c: error: not a regular file"));
	free(s);
	diag_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_regular, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_cap, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_missing, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_folder, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_fifo, setup, teardown),
	        cmocka_unit_test(test_device),
	        cmocka_unit_test_setup_teardown(test_symlink, setup, teardown),
	        cmocka_unit_test(test_stream),
	        cmocka_unit_test(test_messages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
