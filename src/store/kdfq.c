/*
 * The queue for key derivations (store/kdfq.h).  Safe file handling in a
 * folder every user can write: the folder is checked with lstat (a real
 * folder, sticky and world-writable, so that nobody but a file's owner can
 * remove or replace it); files are opened with O_NOFOLLOW and O_NONBLOCK
 * and checked on the open descriptor; a process creates only its own file,
 * with O_EXCL, and removes only files its own user created.
 */
#include "store/kdfq.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/vault.h"
#include "util/path.h"
#include "util/xalloc.h"

#define QUEUE_DIR "/tmp/tend-kdf"
#define POLL_MS 250
/* A derivation takes seconds: a queue lock held for this long, or a wait
 * this long, means something other than tend holds the files (another
 * user can delay an unlock this way, never read anything), and the
 * derivation goes ahead. */
#define LOCK_TRIES (10 * 1000 / POLL_MS)
#define WAIT_TRIES (120 * 1000 / POLL_MS)

struct kdfq {
	char *path;
	int fd;
};

static void (*wait_hook)(int others, uint64_t need, void *ctx);
static void *wait_ctx;

void
vault_kdf_wait_hook(void (*hook)(int others, uint64_t need, void *ctx),
                    void *ctx)
{
	wait_hook = hook;
	wait_ctx = ctx;
}

/* The shared folder, made when missing; NULL when it cannot be trusted. */
static const char *
queue_dir(void)
{
	const char *dir = getenv("TEND_KDF_DIR");
	struct stat st;

	if (!dir || !*dir)
		dir = QUEUE_DIR;
	if (lstat(dir, &st) < 0) {
		/* Made private first: until chmod makes it everyone's, no
		 * other user can use it, and none can have put a file in. */
		if (errno != ENOENT)
			return NULL;
		if (mkdir(dir, 0700) == 0) {
			if (chmod(dir, 01777) < 0)
				return NULL;
		} else if (errno != EEXIST) {
			return NULL;
		}
		if (lstat(dir, &st) < 0)
			return NULL;
	}
	if (!S_ISDIR(st.st_mode) || (st.st_mode & 01777) != 01777)
		return NULL;
	return dir;
}

/* MemAvailable in bytes, or 0 when it cannot be read. */
static uint64_t
mem_available(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[128];
	unsigned long long kb = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %llu kB", &kb) == 1)
			break;
	fclose(f);
	return (uint64_t)kb * 1024;
}

/* Opens name in dirfd without following links or blocking; -1 unless it
 * is a regular file. */
static int
open_plain(int dirfd, const char *name, int flags, mode_t mode)
{
	int fd = openat(dirfd, name,
	                flags | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY,
	                mode);
	struct stat st;

	if (fd >= 0 && (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/*
 * The derivations in progress: how many and their memory.  Files whose
 * lock is free are left over from processes that ended; this user's own
 * are removed.
 */
static void
in_progress(int dirfd, int *count, uint64_t *mem)
{
	DIR *d;
	struct dirent *de;
	int dfd = dup(dirfd);

	*count = 0;
	*mem = 0;
	if (dfd < 0 || !(d = fdopendir(dfd))) {
		if (dfd >= 0)
			close(dfd);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		unsigned long uid, pid;
		unsigned long long kib;
		struct stat st;
		int fd;

		if (sscanf(de->d_name, "k.%lu.%lu.%llu", &uid, &pid, &kib) != 3)
			continue;
		fd = open_plain(dirfd, de->d_name, O_RDONLY, 0);
		if (fd < 0)
			continue;
		if (flock(fd, LOCK_SH | LOCK_NB) < 0) {
			if (errno == EWOULDBLOCK) {
				(*count)++;
				*mem += (uint64_t)kib * 1024;
			}
		} else if (fstat(fd, &st) == 0 && st.st_uid == getuid()) {
			unlinkat(dirfd, de->d_name, 0);
		}
		close(fd);
	}
	closedir(d);
}

static void
nap(void)
{
	struct timespec ts = {0, POLL_MS * 1000000L};

	nanosleep(&ts, NULL);
}

struct kdfq *
kdfq_enter(uint64_t mem)
{
	const char *dir = queue_dir();
	struct kdfq *q = NULL;
	bool told = false;
	int dirfd, lockfd = -1;

	if (!dir)
		return NULL;
	dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	if (dirfd < 0)
		return NULL;
	/* Readable by all, so that anyone can take the lock on it. */
	lockfd = open_plain(dirfd, "queue.lock", O_RDONLY | O_CREAT, 0644);
	if (lockfd >= 0)
		fchmod(lockfd, 0644); /* past our umask; fails unless ours */
	if (lockfd < 0)
		goto out;
	for (int tries = 0, waits = 0;; waits++) {
		int others;
		uint64_t busy, avail;

		while (flock(lockfd, LOCK_EX | LOCK_NB) < 0) {
			if (errno != EWOULDBLOCK || ++tries > LOCK_TRIES)
				goto out;
			nap();
		}
		in_progress(dirfd, &others, &busy);
		avail = mem_available();
		if (others == 0 || avail == 0 || busy + mem <= avail ||
		    waits > WAIT_TRIES) {
			char name[96];
			int fd;

			snprintf(name, sizeof(name), "k.%lu.%lu.%llu",
			         (unsigned long)getuid(),
			         (unsigned long)getpid(),
			         (unsigned long long)(mem / 1024));
			unlinkat(dirfd, name, 0); /* ours, from a reused pid */
			fd = open_plain(dirfd, name,
			                O_RDONLY | O_CREAT | O_EXCL, 0644);
			if (fd >= 0) {
				fchmod(fd, 0644);
				if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
					q = xcalloc(1, sizeof(*q));
					q->fd = fd;
					q->path = path_join(dir, name);
				} else {
					close(fd);
				}
			}
			flock(lockfd, LOCK_UN);
			goto out;
		}
		flock(lockfd, LOCK_UN);
		if (!told && wait_hook)
			wait_hook(others, mem, wait_ctx);
		told = true;
		nap();
	}
out:
	if (lockfd >= 0)
		close(lockfd);
	close(dirfd);
	if (told && wait_hook)
		wait_hook(0, mem, wait_ctx);
	return q;
}

void
kdfq_leave(struct kdfq *q)
{
	if (!q)
		return;
	unlink(q->path);
	close(q->fd);
	free(q->path);
	free(q);
}
