/*
 * The one whole-file reader: non-blocking open, the type checked on the
 * open descriptor, symbolic links refused on request, a size cap that holds
 * while the file grows.
 */
#include "util/file.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/i18n.h"
#include "util/xalloc.h"

/* What one read asks for when the size is not known (a pipe). */
#define STREAM_CHUNK 65536

/* Checks what fd is.  0 to read on, or -1 with errno. */
static int
check_type(int fd, size_t max, unsigned flags, size_t *hint)
{
	struct stat st;
	int fl;

	if (fstat(fd, &st) < 0)
		return -1;
	if (S_ISREG(st.st_mode)) {
		if ((uintmax_t)st.st_size > max) {
			errno = EFBIG;
			return -1;
		}
		*hint = (size_t)st.st_size;
		return 0;
	}
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		return -1;
	}
	if (!(flags & FILE_STREAM)) {
		errno = ENODEV;
		return -1;
	}
	/* A stream the person named: wait for it like cat(1) would. */
	*hint = STREAM_CHUNK;
	fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0)
		return -1;
	return 0;
}

int
file_read(const char *path, size_t max, unsigned flags, char **data,
          size_t *len)
{
	char *p = NULL;
	size_t n = 0, cap, hint = 0;
	int fd, saved;

	assert(max < SIZE_MAX / 2);
	*data = NULL;
	*len = 0;
	/* O_NONBLOCK: opening a FIFO with no writer would wait forever. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK |
	                        (flags & FILE_NOFOLLOW ? O_NOFOLLOW : 0));
	if (fd < 0)
		return -1;
	if (check_type(fd, max, flags, &hint) < 0)
		goto fail;
	/* One byte past the size finds a file that grew; one for the NUL. */
	cap = (hint < max ? hint : max) + 2;
	p = xmalloc(cap);
	for (;;) {
		ssize_t r;

		if (n + 1 == cap) {
			cap = cap - 1 > max - cap ? max + 2 : cap * 2;
			p = xrealloc(p, cap);
		}
		r = read(fd, p + n, cap - 1 - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > max) {
			errno = EFBIG;
			goto fail;
		}
	}
	close(fd);
	p[n] = '\0';
	*data = p;
	*len = n;
	return 0;
fail:
	saved = errno;
	free(p);
	close(fd);
	errno = saved;
	return -1;
}

const char *
file_strerror(int err)
{
	switch (err) {
	case ELOOP:
		return _("a symbolic link, which is not followed here");
	case EISDIR:
		return _("not a regular file: a folder");
	case ENODEV:
		return _("not a regular file: a FIFO, device or socket");
	case EFBIG:
		return _("the file is too large");
	default:
		return strerror(err);
	}
}

void
file_diag(struct diags *d, enum diag_level level, const char *display,
          size_t max, int err)
{
	switch (err) {
	case ELOOP:
	case EISDIR:
	case ENODEV:
		diag_add(d, level, display, 0, "%s", file_strerror(err));
		break;
	case EFBIG:
		diag_add(d, level, display, 0,
		         _("too big (the limit is %zu bytes)"), max);
		break;
	default:
		diag_add(d, level, display, 0, _("cannot open: %s"),
		         strerror(err));
		break;
	}
}
