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
 *   packet over SSH; docs/performance.md), whatever buffering its FILE
 *   has.  While term_update() runs, this file's write() collects what
 *   curses writes to the terminal and sends it in one system call after.
 *   Every other write() goes straight to the kernel.
 *
 *   A documented exception: this write() replaces libc's for the whole
 *   program, because libtinfo calls write() by name and no narrower hook
 *   reaches it.  It is safe because the capture takes only writes to
 *   standard output, only inside newterm() (term_start), doupdate()
 *   (term_update) and endwin() (term_stop), and only while standard output
 *   is the terminal (term_start refuses otherwise).  Vault saves, the
 *   atomic file writes of util/atomic.c and every other file write use
 *   their own descriptors: they never pass through the capture, so their
 *   bytes are in the file (and fsynced) when the call returns, not held
 *   for the next frame.  tests/unit/test_term_capture.c shows it: on a
 *   pseudo-terminal, with the capture on (term_set_frame_hook), it makes
 *   an atomic write and a vault save, reads both files back before the
 *   frame is sent, and checks that the terminal received the frame and
 *   the test's own terminal output in one write() and no file's bytes.
 * - Fewer bytes per frame.  ncursesw 6.4 never uses a line feed to go down
 *   one row (it writes "\r\E[12d" where "\r\n" does), sets every run's
 *   attributes from a reset ("\E(B\E[0;1m" after plain text), ends every
 *   frame with one, and sends start-up strings twice.  On terminals whose
 *   entry says the ANSI sequences, the line feed and the deferred wrap
 *   behave as in xterm, the frame is rewritten on the way out (ui/vtout.h:
 *   shorter moves, attributes set once per run of text, no redundant
 *   clear); anything the rewrite does not understand is sent as it is.
 *   TEND_NO_LF_REWRITE=1 turns it off (tests/e2e/test_ui.sh compares the
 *   screens, attributes included, with and without it).
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

#include "ui/vtout.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/xalloc.h"

static volatile sig_atomic_t sig_flags;
/* Set with TERM_SIG_END and never cleared: output gives up once the
 * program is leaving (term_signals() clears sig_flags before the last
 * frames and endwin are written). */
static volatile sig_atomic_t leaving;
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
static void (*frame_hook)(void); /* tests only: term_set_frame_hook() */

static ssize_t
raw_write(int fd, const void *p, size_t n)
{
	return (ssize_t)syscall(SYS_write, fd, p, n);
}

static bool lf_ok;
/* What the terminal has, for the rewrite (ui/vtout.h); used when lf_ok
 * (term_start). */
static struct buf lf_out = BUF_INIT;
static struct vtout vt;
static void lf_rewrite(const char *in, size_t n);

/*
 * Interposes libc's write() for the whole program (curses' libtinfo calls
 * it by name).  Outside a frame it is a plain system call.
 */
static void write_all(int fd, const char *p, size_t n);

ssize_t
write(int fd, const void *p, size_t n)
{
	if (capture_fd >= 0 && fd == capture_fd) {
		buf_add(&frame, p, n);
		return (ssize_t)n;
	}
	/* Curses output outside a frame (a refresh inside wget_wch, the
	 * suspend on ^Z) goes through the rewrite too: the terminal may still
	 * owe a rendition (ui/vtout.h), and the tracker must stay right.  It
	 * waits as a frame does: ncurses retries EAGAIN at once, forever,
	 * which spun at full CPU on a terminal nobody read. */
	if (fd == STDOUT_FILENO && scr != NULL && n > 0) {
		if (lf_ok) {
			lf_rewrite(p, n);
			write_all(fd, lf_out.data, lf_out.len);
		} else {
			write_all(fd, p, n);
		}
		return (ssize_t)n;
	}
	return raw_write(fd, p, n);
}

/*
 * Writes all of p, waiting while the terminal is busy.  A terminal whose
 * descriptor is non-blocking answers EAGAIN while its reader is slow or
 * stopped: the wait is in ppoll() with the end signals let through, never
 * a busy retry (which spun at full CPU with SIGTERM held off, for as long
 * as the reader was gone).  Gives up when the terminal is gone or the
 * program is leaving.
 */
static void
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = raw_write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno == EAGAIN) {
			struct pollfd pfd = {fd, POLLOUT, 0};

			if (leaving)
				return;
			if (ppoll(&pfd, 1, NULL, &wait_mask) < 0 &&
			    errno != EINTR)
				return;
			if (pfd.revents & (POLLHUP | POLLERR | POLLNVAL))
				return;
			continue;
		}
		if (w <= 0)
			return; /* the terminal is gone (SIGHUP) */
		p += w;
		n -= (size_t)w;
		n_writes++;
	}
}

static void
lf_rewrite(const char *in, size_t n)
{
	buf_reset(&lf_out);
	vtout_rewrite(&vt, in, n, &lf_out);
}

/* Sends what was collected, rewritten where the terminal qualifies;
 * `last`: the rendition still owed goes too (the program is leaving). */
static void
send_frame(bool last)
{
	if (lf_ok) {
		lf_rewrite(frame.data, frame.len);
		if (last)
			vtout_settle(&vt, &lf_out);
		if (lf_out.len > 0)
			write_all(STDOUT_FILENO, lf_out.data, lf_out.len);
	} else if (frame.len > 0) {
		write_all(STDOUT_FILENO, frame.data, frame.len);
	}
	buf_reset(&frame);
}

void
term_update(void)
{
	capture_fd = STDOUT_FILENO;
	if (frame_hook)
		frame_hook();
	doupdate();
	capture_fd = -1;
	if (frame.len > 0)
		send_frame(false);
	n_frames++;
}

void
term_stats(unsigned long *frames, unsigned long *writes)
{
	*frames = n_frames;
	*writes = n_writes;
}

void
term_set_frame_hook(void (*hook)(void))
{
	frame_hook = hook;
}

static void
on_signal(int sig)
{
	if (sig == SIGWINCH)
		sig_flags |= TERM_SIG_WINCH;
	else {
		sig_flags |= TERM_SIG_END;
		leaving = 1;
	}
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

static bool
cap_is(const char *cap, const char *want)
{
	const char *s = tigetstr(cap);

	return s != NULL && s != (const char *)-1 && strcmp(s, want) == 0;
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
	if (pfd.revents & (POLLHUP | POLLERR | POLLNVAL)) {
		sig_flags |= TERM_SIG_END; /* the terminal went away */
		leaving = 1;
	}
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
	vtout_resize(&vt, LINES, COLS);
	return true;
}

void
term_stop(void)
{
	if (!started || ended)
		return;
	ended = true;
	capture_fd = -1;
	/* Set-up output not yet sent (no frame was painted) goes first. */
	send_frame(false);
	/* The restore in one write() too, with any rendition still owed. */
	capture_fd = STDOUT_FILENO;
	curs_set(1);
	endwin();
	capture_fd = -1;
	send_frame(true);
	fflush(stdout);
	delscreen(scr);
	scr = NULL;
	buf_free(&frame);
	lf_ok = false;
	buf_free(&lf_out);
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
		*why = _("the full-screen program needs a terminal; "
		         "try 'tend --plain' or 'tend render FILE'");
		return -1;
	}
	if (term == NULL || *term == '\0' || strcmp(term, "dumb") == 0) {
		*why = _("this terminal cannot show the full-screen program "
		         "(TERM is unset or dumb); try 'tend --plain'");
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
	/* What curses sends while it sets up goes out with the first frame:
	 * one write() for the first screen too. */
	capture_fd = STDOUT_FILENO;
	scr = newterm(NULL, stdout, stdin);
	if (scr == NULL) {
		capture_fd = -1;
		if (frame.len > 0)
			write_all(STDOUT_FILENO, frame.data, frame.len);
		buf_free(&frame);
		sigprocmask(SIG_UNBLOCK, &blocked, NULL);
		*why = _("unknown terminal type (check TERM)");
		return -1;
	}
	started = true;
	ended = false;
	xalloc_set_fatal_hook(term_stop);
	atexit(stop_at_exit);

	lf_ok = cap_is("cr", "\r") && cap_is("cud1", "\n") &&
	        cap_is("cup", "\033[%i%p1%d;%p2%dH") &&
	        cap_is("vpa", "\033[%i%p1%dd") &&
	        cap_is("csr", "\033[%i%p1%d;%p2%dr") && tigetflag("am") > 0 &&
	        tigetflag("xenl") > 0 && getenv("TEND_NO_LF_REWRITE") == NULL;
	vtout_init(&vt, LINES, COLS);
	add_reset("rmcup");
	add_reset("cnorm");
	add_reset("sgr0");
	if (lf_ok) {
		/* As the rewrite sends it: without the title pop, since the
		 * push was never sent. */
		struct vtout fresh;
		struct buf b = BUF_INIT;

		vtout_init(&fresh, LINES, COLS);
		vtout_rewrite(&fresh, reset_seq, reset_len, &b);
		vtout_settle(&fresh, &b);
		if (b.len < sizeof(reset_seq)) {
			memcpy(reset_seq, b.data, b.len);
			reset_len = b.len;
		}
		buf_free(&b);
	}
	sa.sa_handler = on_crash;
	sa.sa_flags = (int)SA_RESETHAND;
	for (size_t i = 0; i < sizeof(crash) / sizeof(crash[0]); i++)
		sigaction(crash[i], &sa, NULL);

	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	/* No meta(): curses reads 8-bit input from an 8-bit terminal
	 * already, and meta() would only send smm, which turns xterm's Alt
	 * key into an eighth bit (tend binds no Alt key) and stays on after
	 * tend leaves. */
	nodelay(stdscr, TRUE);
	/* Insert/delete line where the terminal has no scroll region
	 * (docs/performance.md: TERM=ansi repaints a line scroll without). */
	idlok(stdscr, TRUE);
	scrollok(stdscr, FALSE);
	curs_set(0);
	leaveok(stdscr, TRUE);
	return 0;
}
