/*
 * util/atomic: the atomic writer replaces files whole, leaves the old file
 * untouched when a write or fsync fails, and leaves no temporary behind.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "util/atomic.h"
#include "util/file.h"
#include "util/path.h"
#include "util/xalloc.h"

static char dir[64];

static int
setup(void **state)
{
	strcpy(dir, "/tmp/tend-atomic.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int
teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	int rc = system(cmd);

	free(cmd);
	atomic_set_fault_hook(NULL);
	return rc;
}

static size_t
count_files(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static void
expect_contents(const char *path, const char *want)
{
	char *data;
	size_t len;

	assert_int_equal(file_read(path, 1 << 20, 0, &data, &len), 0);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(data, want, len);
	free(data);
}

static void
test_write_and_replace(void **state)
{
	char *p = path_join(dir, "f");
	struct stat st;

	assert_int_equal(atomic_write(p, "one", 3, 0600), 0);
	expect_contents(p, "one");
	assert_int_equal(atomic_write(p, "two!", 4, 0600), 0);
	expect_contents(p, "two!");
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(count_files(), 1);
	free(p);
}

static int fail_after; /* writes allowed before failing */
static int fail_errno;
static char fail_op;

static int
faulty(char op, int fd, const void *p, size_t n)
{
	if (op == fail_op && fail_after-- <= 0) {
		errno = fail_errno;
		return -1;
	}
	if (op == 'w')
		return (int)write(fd, p, n > 7 ? 7 : n); /* short writes */
	return 0;
}

static void
test_failure_keeps_old(void **state)
{
	char *p = path_join(dir, "vault");
	char big[4096];

	memset(big, 'x', sizeof(big));
	assert_int_equal(atomic_write(p, "old contents", 12, 0600), 0);

	/* A full disk part-way through the write. */
	fail_op = 'w';
	fail_after = 3;
	fail_errno = ENOSPC;
	atomic_set_fault_hook(faulty);
	assert_int_equal(atomic_write(p, big, sizeof(big), 0600), -1);
	assert_int_equal(errno, ENOSPC);
	expect_contents(p, "old contents");
	assert_int_equal(count_files(), 1);

	/* fsync reporting an I/O error. */
	fail_op = 's';
	fail_after = 0;
	fail_errno = EIO;
	assert_int_equal(atomic_write(p, "new", 3, 0600), -1);
	assert_int_equal(errno, EIO);
	expect_contents(p, "old contents");
	assert_int_equal(count_files(), 1);

	/* Short writes alone still succeed. */
	fail_op = 'x';
	assert_int_equal(atomic_write(p, big, sizeof(big), 0600), 0);
	atomic_set_fault_hook(NULL);
	assert_int_equal(count_files(), 1);
	free(p);
}

static void
test_missing_folder(void **state)
{
	char *p = path_join(dir, "no/such/file");

	assert_int_equal(atomic_write(p, "x", 1, 0600), -1);
	assert_int_equal(errno, ENOENT);
	free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_write_and_replace, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_failure_keeps_old, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_missing_folder, setup,
	                                        teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
