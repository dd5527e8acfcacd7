/*
 * Secret handling: wiping memory and reading a passphrase with echo off.
 */
#include "util/secret.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "util/xalloc.h"

void
secret_wipe(void *p, size_t n)
{
	if (p && n)
		explicit_bzero(p, n);
}

void
secret_free(char *s)
{
	if (!s)
		return;
	secret_wipe(s, strlen(s));
	free(s);
}

/* Reads bytes up to '\n' into a fresh buffer of max bytes. */
static char *
read_line(int fd, size_t max)
{
	char *s = xmalloc(max);
	size_t n = 0;
	bool any = false, over = false;

	for (;;) {
		char c;
		ssize_t r = read(fd, &c, 1);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		if (r == 0)
			break;
		any = true;
		if (c == '\n')
			break;
		if (n + 1 < max)
			s[n++] = c;
		else if (c != '\r')
			over = true; /* read on to the end of the line */
	}
	if (!any) {
		errno = ENODATA;
		goto fail;
	}
	if (n > 0 && s[n - 1] == '\r')
		n--;
	if (over) {
		/* Never a silent cut: a secret cut short would be a
		 * different secret. */
		errno = E2BIG;
		goto fail;
	}
	s[n] = '\0';
	return s;
fail : {
	int saved = errno;

	secret_wipe(s, max);
	free(s);
	errno = saved;
}
	return NULL;
}

char *
secret_read(const char *prompt, int fd, size_t max)
{
	struct termios old, quiet;
	sigset_t block, saved_mask;
	char *s;
	int tty, saved;

	if (max < 2)
		max = 2;
	if (fd >= 0)
		return read_line(fd, max);

	tty = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
	if (tty < 0) {
		errno = ENXIO;
		return NULL;
	}
	if (tcgetattr(tty, &old) < 0) {
		close(tty);
		errno = ENXIO;
		return NULL;
	}
	if (prompt)
		(void)!write(tty, prompt, strlen(prompt));
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	quiet.c_lflag |= ICANON;
	/* Hold back interrupts while echo is off so the terminal is always
	 * restored; a ^C still ends the line read and is seen afterwards. */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTSTP);
	sigaddset(&block, SIGQUIT);
	sigprocmask(SIG_BLOCK, &block, &saved_mask);
	tcsetattr(tty, TCSAFLUSH, &quiet);
	s = read_line(tty, max);
	saved = errno;
	tcsetattr(tty, TCSAFLUSH, &old);
	(void)!write(tty, "\n", 1);
	close(tty);
	sigprocmask(SIG_SETMASK, &saved_mask, NULL);
	errno = saved;
	return s;
}
