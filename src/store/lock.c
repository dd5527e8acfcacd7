/*
 * The vault's lock file, dir/vault.lock: an flock(2) held for as long as a
 * process has the vault open, so that two tends never save over each
 * other.  The file records the holder's pid and start time, so the one
 * refused can say who holds it and since when.  The file itself is never
 * removed while in use (see vault_unlock_dir).
 */
#include "store/vault.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/vaultpriv.h"
#include "util/path.h"
#include "util/xalloc.h"

struct vault_lock {
	int fd;
};

static void
read_holder(int fd, long *pid, long long *since)
{
	char buf[64];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
	long p = 0;
	long long s = 0;

	if (n > 0) {
		buf[n] = '\0';
		if (sscanf(buf, "%ld %lld", &p, &s) < 1)
			p = 0;
	}
	if (pid)
		*pid = p;
	if (since)
		*since = s;
}

enum vault_err
vault_lock_dir(const char *dir, struct vault_lock **out, long *holder_pid,
               long long *holder_since)
{
	char *path = NULL;
	char line[64];
	int fd = -1, n;
	enum vault_err e;

	*out = NULL;
	if (holder_pid)
		*holder_pid = 0;
	if (holder_since)
		*holder_since = 0;
	if (path_mkdirs(dir, 0700) < 0)
		return vault_io_error(errno, dir);
	path = path_join(dir, VAULT_LOCK);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		e = vault_io_error(errno, path);
		goto out;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno == EWOULDBLOCK) {
			read_holder(fd, holder_pid, holder_since);
			e = VAULT_ERR_BUSY;
		} else {
			e = vault_io_error(errno, path);
		}
		goto out;
	}
	n = snprintf(line, sizeof(line), "%ld %lld\n", (long)getpid(),
	             (long long)time(NULL));
	if (ftruncate(fd, 0) < 0 || pwrite(fd, line, (size_t)n, 0) != n) {
		e = vault_io_error(errno, path);
		goto out;
	}
	*out = xcalloc(1, sizeof(**out));
	(*out)->fd = fd;
	fd = -1;
	e = VAULT_OK;
out:
	if (fd >= 0)
		close(fd);
	free(path);
	return e;
}

/* Writes this process's pid and the time into the lock file fd. */
static int
write_holder(int fd)
{
	char line[64];
	int n = snprintf(line, sizeof(line), "%ld %lld\n", (long)getpid(),
	                 (long long)time(NULL));

	if (ftruncate(fd, 0) < 0 || pwrite(fd, line, (size_t)n, 0) != n)
		return -1;
	return 0;
}

enum vault_err
lock_recheck(struct vault_lock *lk, const char *dir, bool *retaken)
{
	char *path = path_join(dir, VAULT_LOCK);
	struct stat held, there;
	enum vault_err e = VAULT_OK;
	int fd;

	*retaken = false;
	if (fstat(lk->fd, &held) == 0 && lstat(path, &there) == 0 &&
	    held.st_dev == there.st_dev && held.st_ino == there.st_ino &&
	    held.st_nlink > 0) {
		free(path);
		return VAULT_OK;
	}
	/* Removed (or replaced) under us: whoever locks the new file could
	 * save over this process's work, so take it before saving. */
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		e = vault_io_error(errno, path);
		goto out;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		e = errno == EWOULDBLOCK ? VAULT_ERR_BUSY
		                         : vault_io_error(errno, path);
		close(fd);
		goto out;
	}
	(void)write_holder(fd);
	close(lk->fd);
	lk->fd = fd;
	*retaken = true;
out:
	free(path);
	return e;
}

void
vault_unlock_dir(struct vault_lock *lk)
{
	if (!lk)
		return;
	/* The file stays: removing it would race with a process that has
	 * just opened it and is about to lock it. */
	close(lk->fd);
	free(lk);
}

enum vault_err
vault_lock_probe(const char *dir, bool *held, long *pid, long long *since)
{
	char *path = path_join(dir, VAULT_LOCK);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	free(path);
	*held = false;
	if (fd < 0)
		return errno == ENOENT ? VAULT_ERR_NOENT
		                       : vault_io_error(errno, VAULT_LOCK);
	read_holder(fd, pid, since);
	if (flock(fd, LOCK_SH | LOCK_NB) < 0)
		*held = errno == EWOULDBLOCK;
	else
		flock(fd, LOCK_UN);
	close(fd);
	return VAULT_OK;
}
