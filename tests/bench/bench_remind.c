/*
 * Benchmark of `tend remind --login`, which runs from ~/.profile at every
 * login and must cost milliseconds: wall time from fork to exit, for the
 * cases a login meets, beside /bin/true (the cost of starting any
 * process).  Not a timed test: it prints numbers.
 *   - stdout not a terminal (scp, rsync, scripts): the first check exits;
 *   - a terminal, already reminded today: read two small files, decide;
 *   - a terminal, the line is due: decide, save remind.state (fsync), print.
 *
 *   bench_remind TEND [RUNS]
 */
#include <fcntl.h>
#include <pty.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app/remind.h"
#include "util/path.h"
#include "util/xalloc.h"

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Runs argv once; with a pty as stdout when tty.  Returns milliseconds. */
static double
run_once(char *const argv[], bool tty)
{
	double t0 = now_ms();
	int status, master = -1;
	pid_t pid;

	if (tty) {
		pid = forkpty(&master, NULL, NULL, NULL);
	} else {
		pid = fork();
	}
	if (pid < 0) {
		perror("fork");
		exit(1);
	}
	if (pid == 0) {
		if (!tty) {
			int fd = open("/dev/null", O_WRONLY);

			dup2(fd, 1);
		}
		execv(argv[0], argv);
		_exit(127);
	}
	if (tty) {
		char buf[256];

		/* Drain what it prints so it never blocks on the pty. */
		while (read(master, buf, sizeof(buf)) > 0)
			;
	}
	waitpid(pid, &status, 0);
	if (master >= 0)
		close(master);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "bench_remind: %s exited %d\n", argv[0],
		        status);
		exit(1);
	}
	return now_ms() - t0;
}

/* Prints the line for what; returns the median. */
static double
report(const char *what, double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	printf("  %-44s median %6.2f ms  p90 %6.2f ms  max %6.2f ms\n", what,
	       v[n / 2], v[(n * 9) / 10 < n ? (n * 9) / 10 : n - 1], v[n - 1]);
	return v[n / 2];
}

int
main(int argc, char **argv)
{
	int runs = argc > 2 ? atoi(argv[2]) : 50;
	char dir[] = "/tmp/tend-bench-remind.XXXXXX";
	char a_dd[] = "--data-dir", a_remind[] = "remind",
	     a_login[] = "--login";
	char a_true[] = "/bin/true";
	char *login[] = {argv[1], a_dd, dir, a_remind, a_login, NULL};
	char *truth[] = {a_true, NULL};
	char *state, nowenv[64];
	double *v, truth_ms, m[3];
	time_t t;
	struct remind_due due = {0};

	if (argc < 2 || runs < 3) {
		fprintf(stderr, "usage: bench_remind TEND [RUNS>=3]\n");
		return 2;
	}
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	setenv("TZ", "Europe/London", 1);
	unsetenv("TEND_SYSCONF_DIR");
	/* A schedule with daily practice, active today, 18:00 window. */
	t = 1795370400 + 30 * 60; /* 2026-11-22 18:30 UTC */
	paths_init(dir);
	due.practice_daily = true;
	if (remind_update_schedule(&due, t - 8 * 3600) < 0) {
		perror("schedule");
		return 1;
	}
	state = remind_state_path();
	snprintf(nowenv, sizeof(nowenv), "%lld", (long long)t);
	setenv("TEND_NOW", nowenv, 1);
	v = xcalloc((size_t)runs, sizeof(*v));

	printf("tend remind --login, %d runs each\n", runs);
	for (int i = 0; i < runs; i++)
		v[i] = run_once(truth, false);
	truth_ms = report("/bin/true (process start, for scale)", v, runs);
	for (int i = 0; i < runs; i++)
		v[i] = run_once(login, false);
	m[0] = report("not a terminal (scp, rsync, scripts)", v, runs);
	run_once(login, true); /* the day's line, then: */
	for (int i = 0; i < runs; i++)
		v[i] = run_once(login, true);
	m[1] = report("terminal, already reminded today", v, runs);
	for (int i = 0; i < runs; i++) {
		unlink(state);
		v[i] = run_once(login, true);
	}
	m[2] = report("terminal, prints the line (saves state)", v, runs);
	/* The rows of make bench's one table (tests/bench/run.sh). */
	printf("ROW|remind --login, not a terminal|%.2f|/bin/true|%.2f|ms|\n"
	       "ROW|remind --login, already reminded today|%.2f|/bin/true|"
	       "%.2f|ms|\n"
	       "ROW|remind --login, prints the line|%.2f|/bin/true|%.2f|ms|\n",
	       m[0], truth_ms, m[1], truth_ms, m[2], truth_ms);

	unlink(state);
	free(state);
	free(v);
	{
		char *cmd = xasprintf("rm -rf '%s'", dir);

		if (system(cmd) != 0)
			fprintf(stderr, "bench_remind: could not remove %s\n",
			        dir);
		free(cmd);
	}
	paths_free();
	return 0;
}
