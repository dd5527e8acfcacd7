/*
 * ASCII output for terminals that are not UTF-8.  See cli/charset.h.  The
 * replacement streams are fopencookie(3) streams that write to the same
 * descriptors; a character cut between two writes is held back until its
 * last byte comes.
 */
#include "cli/charset.h"

#include <errno.h>
#include <langinfo.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/utf8.h"

struct tty_out {
	int fd;
	char held[4]; /* the start of a character cut by the last write */
	size_t nheld;
};

static struct tty_out outs[2];
/* The streams cli_charset_init replaced (NULL: not replaced). */
static FILE *saved_out, *saved_err;

/* Writes all of p[0..n) to fd; 0, or -1 with errno. */
static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t k = write(fd, p, n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* How many bytes at the end of s[0..n) start a character that is not
 * complete yet (0..3). */
static size_t
cut_tail(const char *s, size_t n)
{
	for (size_t back = 1; back <= 3 && back <= n; back++) {
		unsigned char c = (unsigned char)s[n - back];
		size_t need;

		if ((c & 0xC0) == 0x80)
			continue; /* a continuation byte: look further back */
		need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
		return need > back ? back : 0;
	}
	return 0;
}

static ssize_t
tty_write(void *cookie, const char *p, size_t n)
{
	struct tty_out *t = cookie;
	struct buf in = BUF_INIT, out = BUF_INIT;
	size_t keep;
	int rc;

	buf_add(&in, t->held, t->nheld);
	buf_add(&in, p, n);
	keep = cut_tail(in.data, in.len);
	utf8_to_ascii(&out, in.data, in.len - keep);
	memcpy(t->held, in.data + in.len - keep, keep);
	t->nheld = keep;
	rc = out.len ? write_all(t->fd, out.data, out.len) : 0;
	buf_free(&in);
	buf_free(&out);
	return rc < 0 ? -1 : (ssize_t)n;
}

static int
tty_close(void *cookie)
{
	struct tty_out *t = cookie;
	struct buf out = BUF_INIT;

	/* A character that never got its last byte. */
	utf8_to_ascii(&out, t->held, t->nheld);
	t->nheld = 0;
	if (out.len)
		(void)write_all(t->fd, out.data, out.len);
	buf_free(&out);
	return 0;
}

static FILE *
tty_stream(struct tty_out *t, int fd, int mode)
{
	cookie_io_functions_t io = {NULL, tty_write, NULL, tty_close};
	FILE *f;

	t->fd = fd;
	t->nheld = 0;
	f = fopencookie(t, "w", io);
	if (f)
		setvbuf(f, NULL, mode, BUFSIZ);
	return f;
}

bool
cli_charset_init(void)
{
	const char *cs = nl_langinfo(CODESET);
	FILE *f;

	if (cs && strcmp(cs, "UTF-8") == 0)
		return false;
	utf8_set_ascii(true);
	if (isatty(STDOUT_FILENO)) {
		fflush(stdout);
		if ((f = tty_stream(&outs[0], STDOUT_FILENO, _IOLBF)) != NULL) {
			saved_out = stdout;
			stdout = f;
		}
	}
	if (isatty(STDERR_FILENO)) {
		fflush(stderr);
		if ((f = tty_stream(&outs[1], STDERR_FILENO, _IONBF)) != NULL) {
			saved_err = stderr;
			stderr = f;
		}
	}
	return true;
}

void
cli_charset_end(void)
{
	if (saved_out) {
		fclose(stdout);
		stdout = saved_out;
		saved_out = NULL;
	}
	if (saved_err) {
		fclose(stderr);
		stderr = saved_err;
		saved_err = NULL;
	}
}
