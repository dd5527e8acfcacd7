/*
 * Atomic file replacement: temp file in the same folder, fsync, rename,
 * fsync the folder.  The old file survives every failure.
 */
#include "util/atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdbool.h>
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

struct atomic_file {
	char *path;
	char *tmp;
	int fd;
};

struct atomic_file *
atomic_begin(const char *path, mode_t mode)
{
	struct atomic_file *f = xcalloc(1, sizeof(*f));
	int saved;

	f->path = xstrdup(path);
	f->tmp = xasprintf("%s.XXXXXX", path);
	f->fd = mkostemp(f->tmp, O_CLOEXEC);
	if (f->fd < 0) {
		saved = errno;
		free(f->tmp);
		free(f->path);
		free(f);
		errno = saved;
		return NULL;
	}
	if (fchmod(f->fd, mode) < 0) {
		atomic_abort(f);
		return NULL;
	}
	return f;
}

int
atomic_put(struct atomic_file *f, const void *data, size_t len)
{
	return write_all(f->fd, data, len);
}

void
atomic_abort(struct atomic_file *f)
{
	int saved = errno;

	if (!f)
		return;
	if (f->fd >= 0)
		close(f->fd);
	unlink(f->tmp);
	free(f->tmp);
	free(f->path);
	free(f);
	errno = saved;
}

static int
commit(struct atomic_file *f, bool keep)
{
	int fd = -1;

	if (do_fsync(f->fd) < 0)
		goto fail;
	if (keep) {
		fd = f->fd;
	} else if (close(f->fd) < 0) {
		f->fd = -1;
		goto fail;
	}
	f->fd = -1;
	if (rename(f->tmp, f->path) < 0)
		goto fail;
	/* The rename is durable only once the folder is on disk. */
	if (fsync_dir(f->path) < 0)
		goto fail_renamed;
	free(f->tmp);
	free(f->path);
	free(f);
	return keep ? fd : 0;
fail_renamed:
	/* In place, but perhaps not durably: report it; keep nothing. */
	{
		int saved = errno;

		if (fd >= 0)
			close(fd);
		free(f->tmp);
		free(f->path);
		free(f);
		errno = saved;
		return -1;
	}
fail:
	if (fd >= 0) {
		f->fd = fd;
		fd = -1;
	}
	atomic_abort(f);
	return -1;
}

int
atomic_commit(struct atomic_file *f)
{
	return commit(f, false);
}

int
atomic_commit_keep(struct atomic_file *f)
{
	return commit(f, true);
}

int
atomic_write(const char *path, const void *data, size_t len, mode_t mode)
{
	struct atomic_file *f = atomic_begin(path, mode);

	if (!f)
		return -1;
	if (atomic_put(f, data, len) < 0) {
		atomic_abort(f);
		return -1;
	}
	return atomic_commit(f);
}

int
atomic_append(int fd, off_t off, const void *data, size_t len)
{
	int saved;

	if (lseek(fd, off, SEEK_SET) < 0)
		return -1;
	if (write_all(fd, data, len) == 0) {
		if (fault_hook ? fault_hook('s', fd, NULL, 0) == 0 &&
		                         fdatasync(fd) == 0
		               : fdatasync(fd) == 0)
			return 0;
	}
	saved = errno;
	/* Leave no part of a record behind a failure. */
	if (ftruncate(fd, off) == 0)
		(void)fdatasync(fd);
	errno = saved;
	return -1;
}
