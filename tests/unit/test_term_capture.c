/*
 * ui/term's program-wide write() (the one documented exception to leaving
 * libc alone): the frame capture takes the terminal's output and nothing
 * else.  A child process runs on a pseudo-terminal; inside term_update's
 * capture window (term_set_frame_hook) it makes an atomic_write, a vault
 * save (a journal record) and a full write of the vault, and reads the
 * files back before the frame is sent.  The
 * parent reads everything the terminal received.  The files must hold
 * their bytes at once, the frame must go out in one write() with the
 * test's own stdout output in it and no file's bytes, and a write on
 * another descriptor, even to the same terminal, must go straight out.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "store/db.h"
#include "store/vault.h"
#include "ui/term.h"
#include "util/atomic.h"

#define CANARY "atomic-file-canary-7f3e"
#define MARK_FRAME "<frame-mark>" /* written to stdout inside the capture */
#define MARK_STRAIGHT "<straight-mark>" /* another fd on the same tty */

/* What the child saw, sent back through a pipe. */
struct report {
	int stage; /* how far the child got; 9 = all the way */
	char why[160];
	int hook_ran;
	int atomic_rc;
	int atomic_in_file; /* read back inside the capture window */
	int save_rc;
	int journal_grew; /* the save's record on disk inside the window */
	int vault_new_in_file; /* vault changed on disk inside the window */
	int bak_is_old; /* vault.bak is the image before the save */
	unsigned long frame_writes; /* write() calls term_update made */
};

static struct report rep;
static char dir[64], afile[96], vfile[96], bfile[96];
static struct vault *v;
static char *old_img, *new_img;
static size_t old_len, new_len;
static int straight_fd = -1;

/* A whole file (plain stdio: nothing of the code under test). */
static int
slurp(const char *path, char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char chunk[4096];
	size_t n;

	*data = NULL;
	*len = 0;
	if (!f)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		*data = realloc(*data, *len + n);
		memcpy(*data + *len, chunk, n);
		*len += n;
	}
	fclose(f);
	return 0;
}

static void
hook(void)
{
	char *got = NULL;
	size_t len = 0;

	rep.hook_ran = 1;
	rep.atomic_rc = atomic_write(afile, CANARY, strlen(CANARY), 0600);
	if (slurp(afile, &got, &len) == 0)
		rep.atomic_in_file =
		        len == strlen(CANARY) && memcmp(got, CANARY, len) == 0;
	free(got);
	got = NULL;

	{
		struct stat st;
		char j[128];
		off_t before;

		snprintf(j, sizeof(j), "%s.journal", vfile);
		before = stat(j, &st) == 0 ? st.st_size : 0;
		rep.save_rc = db_event(v, "capture", NULL) < 0
		                      ? -1
		                      : (int)vault_save(v);
		rep.journal_grew = stat(j, &st) == 0 && st.st_size > before;
	}
	if (rep.save_rc == VAULT_OK)
		rep.save_rc = (int)vault_compact(v);
	if (slurp(vfile, &new_img, &new_len) == 0)
		rep.vault_new_in_file =
		        new_len > 64 &&
		        (new_len != old_len ||
		         memcmp(new_img, old_img, old_len) != 0);
	if (slurp(bfile, &got, &len) == 0)
		rep.bak_is_old =
		        len == old_len && memcmp(got, old_img, old_len) == 0;
	free(got);

	/* Terminal output: captured on stdout, straight on another fd. */
	(void)!write(STDOUT_FILENO, MARK_FRAME, strlen(MARK_FRAME));
	(void)!write(straight_fd, MARK_STRAIGHT, strlen(MARK_STRAIGHT));
}

static const char *
find(const char *hay, size_t n, const char *needle, size_t k)
{
	return k == 0 ? hay : memmem(hay, n, needle, k);
}

static void
child(const char *tty, int out)
{
	struct vault_kdf kdf;
	char code[VAULT_CODE_LEN];
	const char *why = NULL;
	unsigned long f0, w0, f1, w1;
	int slave;

	alarm(60); /* a deadlock fails the test, it does not hang it */
	rep.stage = 1;
	slave = open(tty, O_RDWR | O_NOCTTY);
	if (slave < 0)
		goto out;
	rep.stage = 2;
	if (vault_kdf_params(VAULT_KDF_TEST, &kdf) != VAULT_OK ||
	    vault_create(dir, "a test passphrase", &kdf, code, &v) != VAULT_OK)
		goto out;
	if (slurp(vfile, &old_img, &old_len) < 0)
		goto out;
	rep.stage = 3;

	dup2(slave, STDIN_FILENO);
	dup2(slave, STDOUT_FILENO);
	straight_fd = slave;
	setenv("TERM", "xterm", 1);
	if (term_start(&why) < 0) {
		snprintf(rep.why, sizeof(rep.why), "term_start: %s", why);
		goto out;
	}
	rep.stage = 4;
	term_update(); /* the first screen: set-up output out of the way */
	term_stats(&f0, &w0);
	term_set_frame_hook(hook);
	term_update();
	term_set_frame_hook(NULL);
	term_stats(&f1, &w1);
	rep.frame_writes = w1 - w0;
	rep.stage = 5;
	term_stop();
	vault_close(v);
	rep.stage = 9;
out:
	if (rep.stage != 9 && rep.why[0] == '\0')
		snprintf(rep.why, sizeof(rep.why), "stage %d: %s", rep.stage,
		         strerror(errno));
	if (write(out, &rep, sizeof(rep)) != (ssize_t)sizeof(rep))
		_exit(2);
	_exit(0);
}

/* Reads the terminal until the child has sent its report and ended and
 * the terminal has nothing more (EIO once the last slave is closed). */
static void
read_all(int master, int rp, char **tty, size_t *tty_len, struct report *r)
{
	size_t got = 0;
	bool pipe_open = true;

	for (;;) {
		struct pollfd pf[2] = {{master, POLLIN, 0}, {rp, POLLIN, 0}};
		char chunk[4096];
		int n = poll(pf, pipe_open ? 2 : 1, 10000);

		if (n <= 0)
			return;
		if (pf[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			ssize_t k = read(master, chunk, sizeof(chunk));

			if (k > 0) {
				*tty = realloc(*tty, *tty_len + (size_t)k + 1);
				memcpy(*tty + *tty_len, chunk, (size_t)k);
				*tty_len += (size_t)k;
			} else if (!pipe_open) {
				return;
			}
		}
		if (pipe_open && (pf[1].revents & (POLLIN | POLLHUP))) {
			ssize_t k = read(rp, (char *)r + got, sizeof(*r) - got);

			if (k > 0)
				got += (size_t)k;
			else
				pipe_open = false;
		}
	}
}

static int
teardown(void **state)
{
	char cmd[96];

	if (dir[0] == '\0')
		return 0;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
test_capture_takes_only_terminal_output(void **state)
{
	int p[2], status, master;
	struct winsize ws = {24, 80, 0, 0};
	char *tty = NULL, *img = NULL;
	size_t tty_len = 0, img_len = 0;
	const char *fm, *sm;
	pid_t pid;
	struct report r;

	strcpy(dir, "/tmp/tend-capture.XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(afile, sizeof(afile), "%s/atomic", dir);
	snprintf(vfile, sizeof(vfile), "%s/%s", dir, VAULT_FILE);
	snprintf(bfile, sizeof(bfile), "%s/%s", dir, VAULT_BAK);
	master = posix_openpt(O_RDWR | O_NOCTTY);
	assert_true(master >= 0);
	assert_int_equal(grantpt(master), 0);
	assert_int_equal(unlockpt(master), 0);
	assert_int_equal(ioctl(master, TIOCSWINSZ, &ws), 0);
	assert_int_equal(pipe(p), 0);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		child(ptsname(master), p[1]);
	}
	close(p[1]);
	memset(&r, 0, sizeof(r));
	read_all(master, p[0], &tty, &tty_len, &r);
	close(p[0]);
	close(master);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (r.stage != 9)
		fail_msg("the child stopped: %s (wait status %d)", r.why,
		         status);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);

	assert_true(r.hook_ran);
	/* The files held their bytes while the frame was still held. */
	assert_int_equal(r.atomic_rc, 0);
	assert_true(r.atomic_in_file);
	assert_int_equal(r.save_rc, VAULT_OK);
	assert_true(r.journal_grew);
	assert_true(r.vault_new_in_file);
	assert_true(r.bak_is_old);
	/* The frame, with the test's own stdout output, in one write(). */
	assert_int_equal(r.frame_writes, 1);
	assert_non_null(tty);
	fm = find(tty, tty_len, MARK_FRAME, strlen(MARK_FRAME));
	sm = find(tty, tty_len, MARK_STRAIGHT, strlen(MARK_STRAIGHT));
	assert_non_null(fm);
	assert_non_null(sm);
	/* The capture was on during the hook (the frame went out after the
	 * straight write) and did not take the other descriptor. */
	assert_true(sm < fm);
	/* No file's bytes reached the terminal: not the atomic file's, and
	 * no 32 bytes of the saved vault past its fixed header magic. */
	assert_null(find(tty, tty_len, CANARY, strlen(CANARY)));
	assert_int_equal(slurp(vfile, &img, &img_len), 0);
	assert_true(img_len > 64);
	for (size_t i = 16; i + 32 <= img_len; i += 32)
		if (find(tty, tty_len, img + i, 32))
			fail_msg("vault bytes at %zu reached the terminal", i);
	free(img);
	free(tty);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_teardown(
	                test_capture_takes_only_terminal_output, teardown),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
