/*
 * The terminal under the shell.  Three jobs:
 *
 * - Signals.  SIGWINCH, SIGHUP, SIGTERM and SIGINT only set a flag.  They
 *   stay blocked except inside term_wait()'s ppoll(), so the loop can never
 *   miss one between checking the flags and sleeping.  Crash signals
 *   (SIGSEGV, SIGABRT...) put the terminal back with async-signal-safe
 *   calls only (tcsetattr and a prepared reset string), then die as they
 *   would have.
 * - Restore on every exit path: term_stop() from the loop, from xfatal()'s
 *   hook (out of memory) and from atexit() (anyone calling exit()).
 * - One write() per frame.  ncursesw 6.4 flushes its output buffer in
 *   small pieces inside doupdate() (about 40 write()s per screen, each a
 *   packet over SSH; PERFORMANCE.md 2.4b), whatever buffering its FILE
 *   has.  While term_update() runs, this file's write() collects what
 *   curses writes to the terminal and sends it in one system call after.
 *   Every other write() goes straight to the kernel.
 */
#include "ui/term.h"

#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/xalloc.h"

static volatile sig_atomic_t sig_flags;
static bool started;
static bool ended;
static SCREEN *scr;
static struct termios saved_tio;
static bool have_tio;
static sigset_t blocked, wait_mask;
static char reset_seq[256]; /* rmcup, cnorm, sgr0: for crash handlers */
static size_t reset_len;

/* Frame batching. */
static int capture_fd = -1;
static struct buf frame = BUF_INIT;
static unsigned long n_frames, n_writes;

static ssize_t
raw_write(int fd, const void *p, size_t n)
{
	return (ssize_t)syscall(SYS_write, fd, p, n);
}

/*
 * Interposes libc's write() for the whole program (curses' libtinfo calls
 * it by name).  Outside a frame it is a plain system call.
 */
ssize_t
write(int fd, const void *p, size_t n)
{
	if (capture_fd >= 0 && fd == capture_fd) {
		buf_add(&frame, p, n);
		return (ssize_t)n;
	}
	return raw_write(fd, p, n);
}

static void
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = raw_write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return; /* the terminal is gone (SIGHUP) */
		}
		p += w;
		n -= (size_t)w;
		n_writes++;
	}
}

void
term_update(void)
{
	capture_fd = STDOUT_FILENO;
	doupdate();
	capture_fd = -1;
	if (frame.len > 0) {
		write_all(STDOUT_FILENO, frame.data, frame.len);
		buf_reset(&frame);
	}
	n_frames++;
}

void
term_stats(unsigned long *frames, unsigned long *writes)
{
	*frames = n_frames;
	*writes = n_writes;
}

static void
on_signal(int sig)
{
	if (sig == SIGWINCH)
		sig_flags |= TERM_SIG_WINCH;
	else
		sig_flags |= TERM_SIG_END;
}

static void
on_crash(int sig)
{
	int saved = errno;

	if (reset_len > 0)
		(void)raw_write(STDOUT_FILENO, reset_seq, reset_len);
	if (have_tio)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
	errno = saved;
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
add_reset(const char *cap)
{
	const char *s = tigetstr(cap);
	size_t n;

	if (s == NULL || s == (const char *)-1)
		return;
	n = strlen(s);
	if (reset_len + n < sizeof(reset_seq)) {
		memcpy(reset_seq + reset_len, s, n);
		reset_len += n;
	}
}

unsigned
term_signals(void)
{
	unsigned f = (unsigned)sig_flags;

	sig_flags = 0;
	return f;
}

void
term_wait(int timeout_ms)
{
	struct pollfd pfd = {STDIN_FILENO, POLLIN, 0};
	struct timespec ts, *tsp = NULL;

	if (sig_flags)
		return;
	if (timeout_ms >= 0) {
		ts.tv_sec = timeout_ms / 1000;
		ts.tv_nsec = (long)(timeout_ms % 1000) * 1000000L;
		tsp = &ts;
	}
	/* ppoll unblocks the signals only while it sleeps. */
	if (ppoll(&pfd, 1, tsp, &wait_mask) < 0 && errno != EINTR)
		sig_flags |= TERM_SIG_END; /* cannot wait: stop cleanly */
	if (pfd.revents & (POLLHUP | POLLERR | POLLNVAL))
		sig_flags |= TERM_SIG_END; /* the terminal went away */
}

bool
term_resize(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) < 0 || ws.ws_row == 0 ||
	    ws.ws_col == 0)
		return false;
	if (ws.ws_row == LINES && ws.ws_col == COLS)
		return false;
	resizeterm(ws.ws_row, ws.ws_col);
	return true;
}

void
term_stop(void)
{
	if (!started || ended)
		return;
	ended = true;
	capture_fd = -1;
	curs_set(1);
	endwin();
	fflush(stdout);
	delscreen(scr);
	scr = NULL;
	buf_free(&frame);
	if (have_tio)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
	sigprocmask(SIG_UNBLOCK, &blocked, NULL);
}

static void
stop_at_exit(void)
{
	term_stop();
}

int
term_start(const char **why)
{
	struct sigaction sa;
	static const int crash[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
	const char *term = getenv("TERM");

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		*why = "the full-screen program needs a terminal; "
		       "try 'tend --plain' or 'tend render FILE'";
		return -1;
	}
	if (term == NULL || *term == '\0' || strcmp(term, "dumb") == 0) {
		*why = "this terminal cannot show the full-screen program "
		       "(TERM is unset or dumb); try 'tend --plain'";
		return -1;
	}
	if (tcgetattr(STDIN_FILENO, &saved_tio) == 0)
		have_tio = true;

	/* Our handlers go in first: curses then leaves these signals
	 * alone, and nothing but a flag happens in a handler. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGWINCH, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigemptyset(&blocked);
	sigaddset(&blocked, SIGWINCH);
	sigaddset(&blocked, SIGHUP);
	sigaddset(&blocked, SIGTERM);
	sigaddset(&blocked, SIGINT);
	sigprocmask(SIG_BLOCK, &blocked, &wait_mask);
	sigdelset(&wait_mask, SIGWINCH);
	sigdelset(&wait_mask, SIGHUP);
	sigdelset(&wait_mask, SIGTERM);
	sigdelset(&wait_mask, SIGINT);

	/* A lone Esc should not take a second; ESCDELAY still wins. */
	if (getenv("ESCDELAY") == NULL)
		set_escdelay(100);
	scr = newterm(NULL, stdout, stdin);
	if (scr == NULL) {
		sigprocmask(SIG_UNBLOCK, &blocked, NULL);
		*why = "unknown terminal type (check TERM)";
		return -1;
	}
	started = true;
	ended = false;
	xalloc_set_fatal_hook(term_stop);
	atexit(stop_at_exit);

	add_reset("rmcup");
	add_reset("cnorm");
	add_reset("sgr0");
	sa.sa_handler = on_crash;
	sa.sa_flags = (int)SA_RESETHAND;
	for (size_t i = 0; i < sizeof(crash) / sizeof(crash[0]); i++)
		sigaction(crash[i], &sa, NULL);

	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	meta(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	/* Insert/delete line where the terminal has no scroll region
	 * (PERFORMANCE.md 2.3: TERM=ansi repaints a line scroll without). */
	idlok(stdscr, TRUE);
	scrollok(stdscr, FALSE);
	curs_set(0);
	leaveok(stdscr, TRUE);
	return 0;
}
