/*
 * ptyrec: runs a full-screen program on a pseudo-terminal of a fixed size,
 * types a key script at it and reports, for each step, how many bytes the
 * program wrote to the terminal and how long they took to arrive.  With
 * -b it is also a slow link: output is passed on at most BPS bytes a
 * second (a token bucket with 10 ms ticks, like a 9600-baud line at 960),
 * and the time of a step is when its last byte got through.  With -w it
 * reads an `strace -ttt -e trace=write` log of the program afterwards and
 * counts the write() calls on the terminal per step.
 *
 *   ptyrec [-s COLSxROWS] [-b BPS] [-S SETTLE_MS] [-F] [-r RAWFILE]
 *          [-w LOG] [-k KEYS] -- command [args...]
 *
 * -F: a step that has had no output yet waits for it (up to 60 s) before
 * the settle time counts, for programs that work a while before they draw
 * (an unlock).  -U STEP:TEXT: step number STEP (0 is the start) does not
 * end before TEXT has shown in its output (up to 60 s), for a step that
 * draws something ("Opening...") before it works and draws the rest.
 *
 * KEYS is a space-separated script: a key name (PGDN PGUP DOWN UP LEFT
 * RIGHT HOME END ENTER ESC SPACE TAB) or a single character, or 'text' in
 * quotes.  NAME*N is N steps of that key; NAME^N is ONE step that types N
 * of them in a single write (a burst).  Key names use the terminal's
 * keypad strings from terminfo ($TERM).
 *
 * Output: one line per step, "step key bytes ms writes first" (ms: until
 * the last byte of the step; first: until its first byte, -1 when it
 * wrote nothing; writes is -1 without -w), then a summary line.  The first step, "start", is the
 * program's first screen.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <term.h>
#include <time.h>
#include <unistd.h>

#include <curses.h>

#define MAX_STEPS 4096

struct step {
	char name[32];
	char keys[256];
	size_t nkeys;
	double t0; /* realtime seconds when the keys were sent */
	double last; /* realtime seconds of the last byte delivered */
	double first; /* realtime seconds of the first byte read, or 0 */
	size_t bytes;
	long writes;
};

static struct step steps[MAX_STEPS];
static size_t nsteps;
static bool wait_first;
static long until_step = -1; /* -U: the step that waits for until_text */
static const char *until_text;

/* The tail of a step's output kept between reads, so that until_text is
 * found across two of them. */
static char until_tail[256];
static size_t until_len;

/* True once until_text has shown in the output, n <= 65536 bytes at p
 * the newest. */
static bool
until_seen(const char *p, size_t n)
{
	size_t tl = strlen(until_text), all, keep;
	char both[sizeof(until_tail) + 65536];

	memcpy(both, until_tail, until_len);
	memcpy(both + until_len, p, n);
	all = until_len + n;
	if (memmem(both, all, until_text, tl))
		return true;
	/* The last tl - 1 bytes may begin it: kept for the next read. */
	keep = all < tl - 1 ? all : tl - 1;
	memmove(until_tail, both + all - keep, keep);
	until_len = keep;
	return false;
}

static double
now_real(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *
key_seq(const char *name, char *one)
{
	static const struct {
		const char *name, *cap, *fallback;
	} keys[] = {
	        {"PGDN", "knp", "\033[6~"},  {"PGUP", "kpp", "\033[5~"},
	        {"DOWN", "kcud1", "\033[B"}, {"UP", "kcuu1", "\033[A"},
	        {"LEFT", "kcub1", "\033[D"}, {"RIGHT", "kcuf1", "\033[C"},
	        {"HOME", "khome", "\033[H"}, {"END", "kend", "\033[F"},
	};

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (strcmp(name, keys[i].name) == 0) {
			const char *s = tigetstr(keys[i].cap);

			if (s == NULL || s == (const char *)-1)
				return keys[i].fallback;
			return s;
		}
	}
	if (strcmp(name, "ENTER") == 0)
		return "\r";
	if (strcmp(name, "ESC") == 0)
		return "\033";
	if (strcmp(name, "SPACE") == 0)
		return " ";
	if (strcmp(name, "TAB") == 0)
		return "\t";
	if (strlen(name) == 1) {
		one[0] = name[0];
		one[1] = '\0';
		return one;
	}
	return NULL;
}

static void
add_step(const char *name, const char *seq, int times)
{
	struct step *s;

	if (nsteps >= MAX_STEPS) {
		fprintf(stderr, "ptyrec: too many steps\n");
		exit(2);
	}
	s = &steps[nsteps++];
	memset(s, 0, sizeof(*s));
	snprintf(s->name, sizeof(s->name), "%s%s", name, times > 1 ? "^" : "");
	if (times > 1)
		snprintf(s->name + strlen(s->name),
		         sizeof(s->name) - strlen(s->name), "%d", times);
	for (int i = 0; i < times; i++) {
		size_t l = strlen(seq);

		if (s->nkeys + l >= sizeof(s->keys)) {
			fprintf(stderr, "ptyrec: burst too long\n");
			exit(2);
		}
		memcpy(s->keys + s->nkeys, seq, l);
		s->nkeys += l;
	}
	s->writes = -1;
}

static void
parse_keys(char *script)
{
	char one[2];

	for (char *tok = strtok(script, " "); tok; tok = strtok(NULL, " ")) {
		int times = 1;
		bool burst = false;
		char *mark;
		const char *seq;

		if (tok[0] == '\'') {
			size_t l = strlen(tok);

			if (l >= 2 && tok[l - 1] == '\'')
				tok[l - 1] = '\0';
			add_step("text", tok + 1, 1);
			continue;
		}
		if (strlen(tok) > 1 && ((mark = strrchr(tok, '*')) != NULL ||
		                        (mark = strrchr(tok, '^')) != NULL)) {
			burst = *mark == '^';
			times = atoi(mark + 1);
			*mark = '\0';
			if (times < 1)
				times = 1;
		}
		seq = key_seq(tok, one);
		if (seq == NULL) {
			fprintf(stderr, "ptyrec: unknown key '%s'\n", tok);
			exit(2);
		}
		if (burst)
			add_step(tok, seq, times);
		else
			for (int i = 0; i < times; i++)
				add_step(tok, seq, 1);
	}
}

/* Output queue for the slow link. */
static char *queue;
static size_t qlen, qcap;

static void
enqueue(const char *p, size_t n)
{
	if (qlen + n > qcap) {
		qcap = (qlen + n) * 2;
		queue = realloc(queue, qcap);
		if (queue == NULL) {
			perror("ptyrec");
			exit(2);
		}
	}
	memcpy(queue + qlen, p, n);
	qlen += n;
}

/*
 * Runs one step: sends its keys, then moves output until the program has
 * been quiet for settle seconds and the link is empty.  Returns false when
 * the program has exited.
 */
static bool
run_step(int master, struct step *s, long bps, double settle, FILE *raw,
         bool until)
{
	double last_activity, tokens = 0, last_tick;
	bool alive = true, seen = !until;
	char buf[65536];

	until_len = 0;
	s->t0 = now_real();
	s->last = s->t0;
	if (s->nkeys > 0 && write(master, s->keys, s->nkeys) < 0)
		return false;
	last_activity = now_real();
	last_tick = last_activity;
	for (;;) {
		struct pollfd pfd = {master, POLLIN, 0};
		double t = now_real();
		int timeout = 10;

		if (bps > 0) {
			/* Deliver what the link allows since the last tick. */
			tokens += (t - last_tick) * (double)bps;
			last_tick = t;
			if (tokens > (double)bps / 50 && qlen == 0)
				tokens = (double)bps /
				         50; /* idle: small burst */
			size_t n =
			        qlen < (size_t)tokens ? qlen : (size_t)tokens;

			if (n > 0) {
				if (raw)
					fwrite(queue, 1, n, raw);
				memmove(queue, queue + n, qlen - n);
				qlen -= n;
				tokens -= (double)n;
				s->last = t;
				last_activity = t;
			}
		}
		if (alive && poll(&pfd, 1, timeout) > 0) {
			ssize_t r = read(master, buf, sizeof(buf));

			if (r > 0) {
				if (!seen)
					seen = until_seen(buf, (size_t)r);
				if (s->bytes == 0)
					s->first = now_real();
				s->bytes += (size_t)r;
				if (bps > 0) {
					enqueue(buf, (size_t)r);
				} else {
					if (raw)
						fwrite(buf, 1, (size_t)r, raw);
					s->last = now_real();
				}
				last_activity = now_real();
				continue;
			}
			alive = false; /* EIO: the child closed the pty */
		} else if (!alive) {
			usleep(10000);
		}
		if (((wait_first && s->bytes == 0) || !seen) && alive &&
		    now_real() - s->t0 < 60)
			continue;
		if (qlen == 0 && now_real() - last_activity >= settle)
			break;
		if (!alive && qlen == 0)
			break;
	}
	return alive;
}

/* Counts write(1, ...) calls from an strace -ttt log into the steps. */
static void
count_writes(const char *log)
{
	FILE *f = fopen(log, "r");
	char line[512];

	if (f == NULL) {
		perror(log);
		return;
	}
	for (size_t i = 0; i < nsteps; i++)
		steps[i].writes = 0;
	while (fgets(line, sizeof(line), f)) {
		char *sp = strchr(line, ' ');
		double t;

		/* "1700000000.123456 write(1, ..." or, with -f,
		 * "PID 1700000000.123456 write(1, ..." */
		if (strstr(line, " write(1,") == NULL || sp == NULL)
			continue;
		if (memchr(line, '.', (size_t)(sp - line)) != NULL)
			t = atof(line);
		else
			t = atof(sp + 1);
		for (size_t i = nsteps; i-- > 0;) {
			if (t >= steps[i].t0 || i == 0) {
				steps[i].writes++;
				break;
			}
		}
	}
	fclose(f);
}

static int
usage(void)
{
	fprintf(stderr, "usage: ptyrec [-s COLSxROWS] [-b BPS] [-S SETTLE_MS] "
	                "[-F] [-U STEP:TEXT] [-r RAW] [-w STRACELOG] [-k KEYS] "
	                "-- cmd...\n");
	return 2;
}

int
main(int argc, char **argv)
{
	int cols = 80, rows = 24, opt, master, status, err;
	long bps = 0;
	double settle = 0.25;
	const char *rawpath = NULL, *wlog = NULL;
	char *keys = NULL;
	FILE *raw = NULL;
	struct winsize ws;
	pid_t pid;
	size_t total = 0;

	while ((opt = getopt(argc, argv, "s:b:S:FU:r:w:k:")) != -1) {
		switch (opt) {
		case 's':
			if (sscanf(optarg, "%dx%d", &cols, &rows) != 2)
				return usage();
			break;
		case 'b':
			bps = atol(optarg);
			break;
		case 'S':
			settle = atof(optarg) / 1000.0;
			break;
		case 'F':
			wait_first = true;
			break;
		case 'U': {
			char *colon = strchr(optarg, ':');

			if (!colon || colon == optarg || !colon[1] ||
			    strlen(colon + 1) > sizeof(until_tail))
				return usage();
			until_step = atol(optarg);
			until_text = colon + 1;
			break;
		}
		case 'r':
			rawpath = optarg;
			break;
		case 'w':
			wlog = optarg;
			break;
		case 'k':
			keys = strdup(optarg);
			break;
		default:
			return usage();
		}
	}
	if (optind >= argc)
		return usage();
	if (setupterm(NULL, STDERR_FILENO, &err) != OK)
		setupterm("xterm", STDERR_FILENO, &err);
	add_step("start", "", 0);
	if (keys)
		parse_keys(keys);
	free(keys);
	if (rawpath && (raw = fopen(rawpath, "wb")) == NULL) {
		perror(rawpath);
		return 2;
	}
	memset(&ws, 0, sizeof(ws));
	ws.ws_col = (unsigned short)cols;
	ws.ws_row = (unsigned short)rows;
	pid = forkpty(&master, NULL, NULL, &ws);
	if (pid < 0) {
		perror("forkpty");
		return 2;
	}
	if (pid == 0) {
		char c[16], r[16];

		snprintf(c, sizeof(c), "%d", cols);
		snprintf(r, sizeof(r), "%d", rows);
		setenv("COLUMNS", c, 1);
		setenv("LINES", r, 1);
		execvp(argv[optind], argv + optind);
		perror(argv[optind]);
		_exit(127);
	}
	for (size_t i = 0; i < nsteps; i++)
		if (!run_step(master, &steps[i], bps, settle, raw,
		              (long)i == until_step))
			break;
	close(master);
	waitpid(pid, &status, 0);
	if (raw)
		fclose(raw);
	if (wlog)
		count_writes(wlog);
	printf("step\tkey\tbytes\tms\twrites\tfirst\n");
	for (size_t i = 0; i < nsteps; i++) {
		printf("%zu\t%s\t%zu\t%.1f\t%ld\t%.1f\n", i, steps[i].name,
		       steps[i].bytes, (steps[i].last - steps[i].t0) * 1000.0,
		       steps[i].writes,
		       steps[i].first > 0
		               ? (steps[i].first - steps[i].t0) * 1000.0
		               : -1.0);
		total += steps[i].bytes;
	}
	printf("# total %zu bytes, exit %d\n", total,
	       WIFEXITED(status) ? WEXITSTATUS(status)
	                         : 128 + WTERMSIG(status));
	return 0;
}
