/*
 * Atomic file replacement: temp file in the same folder, fsync, rename,
 * fsync the folder.  The old file survives every failure.
 */
#include "util/atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/xalloc.h"

static int (*fault_hook)(char op, int fd, const void *p, size_t n);

void
atomic_set_fault_hook(int (*hook)(char op, int fd, const void *p, size_t n))
{
	fault_hook = hook;
}

static ssize_t
do_write(int fd, const void *p, size_t n)
{
	if (fault_hook)
		return fault_hook('w', fd, p, n);
	return write(fd, p, n);
}

static int
do_fsync(int fd)
{
	if (fault_hook && fault_hook('s', fd, NULL, 0) < 0)
		return -1;
	return fsync(fd);
}

static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = do_write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (w == 0) {
			errno = EIO;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int
fsync_dir(const char *path)
{
	char *copy = xstrdup(path);
	int fd, rc;

	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(copy);
	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

int
atomic_write(const char *path, const void *data, size_t len, mode_t mode)
{
	char *tmp = xasprintf("%s.XXXXXX", path);
	int fd, saved;

	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		goto fail;
	if (fchmod(fd, mode) < 0 || write_all(fd, data, len) < 0 ||
	    do_fsync(fd) < 0)
		goto fail_fd;
	if (close(fd) < 0) {
		fd = -1;
		goto fail_fd;
	}
	fd = -1;
	if (rename(tmp, path) < 0)
		goto fail_fd;
	free(tmp);
	/* The rename is durable only once the folder is on disk. */
	return fsync_dir(path);

fail_fd:
	saved = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	errno = saved;
fail:
	saved = errno;
	free(tmp);
	errno = saved;
	return -1;
}
