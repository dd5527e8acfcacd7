/*
 * What a paste costs (issue: a 1.17 MB paste froze the full screen for
 * 21 s of CPU although the field keeps only 2,000 characters).  Not a
 * timed test: it prints numbers.
 *
 *   1. The editor alone (ui/editor.c), a 1 MB paste into a 2,000-character
 *      field, as the form feeds it (one key at a time) and as one block.
 *   2. The full screen: tests/tools/sheet_tui on a pty, a thought record's
 *      long answer, 1 MB pasted (lines of 60 characters, so Enter keys
 *      too), then F10 and "y" to close; the CPU time of the whole run
 *      (wait4's rusage) beside the same run with one word typed instead.
 *
 *   bench_paste BUILD-DIR [MB]
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ui/editor.h"
#include "util/xalloc.h"

#define FIELD 2000

static double
cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double
wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* n bytes of text: words, a mix of ASCII and two-byte letters, with a
 * line end every 60 characters when lines. */
static char *
paste_text(size_t n, bool lines)
{
	static const char *const words[] = {
	        "worry", "café", "tomorrow", "Übung", "the", "bus", "late"};
	char *s = xmalloc(n + 1);
	size_t i = 0, w = 0, col = 0;

	while (i < n) {
		const char *word = words[w++ % 7];
		size_t l = strlen(word);

		if (i + l + 1 > n)
			break;
		memcpy(s + i, word, l);
		i += l;
		col += l;
		if (lines && col >= 60) {
			s[i++] = '\r';
			col = 0;
		} else {
			s[i++] = ' ';
		}
	}
	while (i < n)
		s[i++] = '.';
	s[n] = '\0';
	return s;
}

static void
bench_editor(size_t n)
{
	char *s = paste_text(n, false);
	struct editor *e;
	double t0;
	size_t i = 0;

	e = editor_new(true, FIELD);
	t0 = cpu_ms();
	while (i < n) {
		/* One code point a key, as the form feeds it. */
		size_t l = 1;

		while (i + l < n && ((unsigned char)s[i + l] & 0xC0) == 0x80)
			l++;
		editor_insert(e, s + i, l);
		i += l;
	}
	printf("editor, %zu bytes one key at a time: %.1f ms CPU, kept %zu "
	       "characters\n",
	       n, cpu_ms() - t0, editor_chars(e));
	editor_free(e);

	e = editor_new(true, FIELD);
	t0 = cpu_ms();
	editor_insert(e, s, n);
	printf("editor, %zu bytes in one block: %.1f ms CPU, kept %zu "
	       "characters\n",
	       n, cpu_ms() - t0, editor_chars(e));
	editor_free(e);
	free(s);
}

/* ---- the full screen on a pty ---- */

struct pty {
	int fd;
	pid_t pid;
	char *out; /* everything the program wrote */
	size_t len, cap;
};

static void
pty_take(struct pty *p, int timeout_ms)
{
	struct pollfd pf = {p->fd, POLLIN, 0};
	char buf[65536];
	ssize_t r;

	if (poll(&pf, 1, timeout_ms) <= 0)
		return;
	r = read(p->fd, buf, sizeof(buf));
	if (r <= 0)
		return;
	if (p->len + (size_t)r + 1 > p->cap) {
		p->cap = (p->len + (size_t)r + 1) * 2;
		p->out = xrealloc(p->out, p->cap);
	}
	memcpy(p->out + p->len, buf, (size_t)r);
	p->len += (size_t)r;
	p->out[p->len] = '\0';
}

/* Waits until the output since mark holds what; false after 60 s. */
static bool
pty_wait(struct pty *p, size_t mark, const char *what)
{
	double end = wall_ms() + 60000;

	while (wall_ms() < end) {
		if (p->len > mark &&
		    memmem(p->out + mark, p->len - mark, what, strlen(what)))
			return true;
		pty_take(p, 50);
	}
	return false;
}

/* Writes all of s, reading the program's output meanwhile so that
 * neither side blocks. */
static void
pty_send(struct pty *p, const char *s, size_t n)
{
	while (n > 0) {
		struct pollfd pf = {p->fd, POLLIN | POLLOUT, 0};

		if (poll(&pf, 1, 1000) <= 0)
			continue;
		if (pf.revents & POLLIN)
			pty_take(p, 0);
		if (pf.revents & POLLOUT) {
			ssize_t w = write(p->fd, s, n > 4096 ? 4096 : n);

			if (w > 0) {
				s += w;
				n -= (size_t)w;
			} else if (w < 0 && errno != EAGAIN) {
				perror("bench_paste: write");
				exit(1);
			}
		}
	}
}

/* One run of the worksheet form with text typed into the first long
 * answer; returns the CPU milliseconds of the whole program, or -1. */
static double
run_form(const char *build, const char *dir, const char *pass, const char *text,
         size_t n, double *wall)
{
	struct winsize ws = {24, 80, 0, 0};
	struct pty p = {-1, 0, NULL, 0, 0};
	char tool[4096];
	int st;
	double t0;
	size_t mark;

	snprintf(tool, sizeof(tool), "%s/tools/sheet_tui", build);
	p.pid = forkpty(&p.fd, NULL, NULL, &ws);
	if (p.pid < 0) {
		perror("bench_paste: forkpty");
		return -1;
	}
	if (p.pid == 0) {
		int fd = open(pass, O_RDONLY);

		if (fd < 0 || dup2(fd, 3) < 0)
			_exit(127);
		setenv("TERM", "xterm-256color", 1);
		execl(tool, tool, dir, "new", "thought-record", (char *)NULL);
		_exit(127);
	}
	fcntl(p.fd, F_SETFL, fcntl(p.fd, F_GETFL) | O_NONBLOCK);
	if (!pty_wait(&p, 0, "Thought record")) {
		fwrite(p.out, 1, p.len, stderr);
		goto fail;
	}
	mark = p.len;
	pty_send(&p, "\t", 1);
	/* The long answer has the focus when its counter shows. */
	if (!pty_wait(&p, mark, "/2000")) {
		fwrite(p.out + mark, 1, p.len - mark, stderr);
		goto fail;
	}
	t0 = wall_ms();
	pty_send(&p, text, n);
	mark = p.len;
	pty_send(&p, "\033[21~", 5); /* F10: close the form */
	if (!pty_wait(&p, mark, "Not finished yet")) {
		fwrite(p.out + mark, 1, p.len - mark, stderr);
		goto fail;
	}
	*wall = wall_ms() - t0;
	pty_send(&p, "y", 1);
	while (waitpid(p.pid, NULL, WNOHANG) == 0)
		pty_take(&p, 50);
	/* Reaped above; its CPU is in RUSAGE_CHILDREN, taken by the caller
	 * as a difference. */
	close(p.fd);
	free(p.out);
	return 0;
fail:
	fprintf(stderr, "bench_paste: the form did not show what was "
	                "expected\n");
	kill(p.pid, SIGKILL);
	waitpid(p.pid, &st, 0);
	close(p.fd);
	free(p.out);
	return -1;
}

static double
children_cpu_ms(void)
{
	struct rusage ru;

	getrusage(RUSAGE_CHILDREN, &ru);
	return (double)ru.ru_utime.tv_sec * 1e3 +
	       (double)ru.ru_utime.tv_usec / 1e3 +
	       (double)ru.ru_stime.tv_sec * 1e3 +
	       (double)ru.ru_stime.tv_usec / 1e3;
}

static int
bench_screen(const char *build, size_t n)
{
	char dir[] = "/tmp/tend-bench-paste.XXXXXX";
	char path[512], pass[512], cmd[2048];
	char *text = paste_text(n, true);
	double c0, base, full, w_base, w_full;
	FILE *f;
	int rc = 1;

	if (!mkdtemp(dir)) {
		perror("bench_paste: mkdtemp");
		return 1;
	}
	snprintf(pass, sizeof(pass), "%s/pass", dir);
	snprintf(path, sizeof(path), "%s/data", dir);
	f = fopen(pass, "w");
	if (!f)
		goto out;
	fputs("a long bench passphrase 4711\n", f);
	fclose(f);
	snprintf(cmd, sizeof(cmd),
	         "%s/tend --data-dir %s init --kdf interactive "
	         "--passphrase-fd 3 3<%s >/dev/null 2>&1",
	         build, path, pass);
	if (system(cmd) != 0) {
		fprintf(stderr, "bench_paste: init failed\n");
		goto out;
	}
	c0 = children_cpu_ms();
	if (run_form(build, path, pass, "a word", 6, &w_base) < 0)
		goto out;
	base = children_cpu_ms() - c0;
	c0 = children_cpu_ms();
	if (run_form(build, path, pass, text, n, &w_full) < 0)
		goto out;
	full = children_cpu_ms() - c0;
	printf("full screen, one word typed: %.0f ms CPU (whole run)\n", base);
	printf("full screen, %zu bytes pasted: %.0f ms CPU (whole run), "
	       "%.0f ms more than one word; paste to closed form %.0f ms "
	       "wall\n",
	       n, full, full - base, w_full);
	/* A row of make bench's one table (tests/bench/run.sh). */
	printf("ROW|1 MB pasted into a field, full screen: CPU|%.0f|one word "
	       "typed|%.0f|ms|\n",
	       full, base);
	rc = 0;
out:
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		rc = 1;
	free(text);
	return rc;
}

int
main(int argc, char **argv)
{
	const char *build = argc > 1 ? argv[1] : "build";
	size_t n = (size_t)(argc > 2 ? atof(argv[2]) : 1.0) * 1048576;

	if (argc > 2)
		n = (size_t)(atof(argv[2]) * 1048576.0);
	bench_editor(n);
	return bench_screen(build, n);
}
