/*
 * Layout benchmark (docs/performance.md, B1 and B2): generates lessons of about
 * 2 KB, 50 KB and 1 MB deterministically, then times, on the same files and
 * in one run:
 *   - md_layout() in this process at 80 columns (the engine alone);
 *   - `tend render --plain --width 80` (read + parse + layout + output);
 *   - `lowdown -tterm --term-columns 80` (the C renderer to beat);
 *   - `cmark -t html` (libcmark's parse floor);
 * with the peak RSS of each child from wait4(), round robin, medians.  Output: one table, and the
 * ratios to lowdown on the 1 MB lesson against the targets (time at most
 * 0.6x, peak memory below lowdown's).
 *
 *   bench_layout TEND DIR [RUNS [LESSON...]]
 * RUNS is for the 1 MB lesson (default 10; smaller files get more); each
 * LESSON (a real one from a course) gets a row of its own.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "md/md.h"
#include "util/atomic.h"
#include "util/file.h"
#include "util/buf.h"

/* ---- a deterministic lesson generator -------------------------------- */

static unsigned long long rng = 42;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static const char *const words[] = {
        "thought",   "feeling",  "notice",   "breathe",  "moment",    "worry",
        "gentle",    "practice", "evidence", "balanced", "situation", "mood",
        "behaviour", "evening",  "morning",  "friend",   "small",     "step",
        "helpful",   "pattern",  "body",     "sleep",    "walk",      "write",
        "record",    "the",      "a",        "and",      "of",        "to",
        "in",        "is",       "that",     "it",       "with",      "you",
        "can",       "when",     "this",     "what",     "about",     "often",
        "again",     "café",     "naïve",    "résumé",   "über",      "señal",
        "déjà"};
static const char *const intl[] = {
        "中文的想法",     "日本語の考え",       "생각을 알아차리기",
        "مرحبا بالأفكار", "विचारों को देखना",     "Καλημέρα σκέψεις",
        "שלום מחשבות",    "😀 🙂 👍🏽", "👨‍👩‍👧 family",
        "🇬🇧 🇯🇵 flags",    "e\xCC\x81te\xCC\x81"};

static void
sentence(struct buf *b, int n)
{
	for (int i = 0; i < n; i++) {
		unsigned r = rnd(100);
		const char *w = words[rnd(sizeof(words) / sizeof(words[0]))];

		if (i)
			buf_addc(b, ' ');
		if (r < 5)
			buf_printf(b, "*%s*", w);
		else if (r < 9)
			buf_printf(b, "**%s**", w);
		else if (r < 12)
			buf_printf(b, "`%s()`", w);
		else if (r < 14)
			buf_printf(b, "[%s](https://example.org/%s/%u)", w, w,
			           rnd(50));
		else if (r < 17)
			buf_adds(b, intl[rnd(sizeof(intl) / sizeof(intl[0]))]);
		else
			buf_adds(b, w);
	}
	buf_adds(b, ". ");
}

static void
paragraph(struct buf *b)
{
	int n = 2 + (int)rnd(4);

	for (int i = 0; i < n; i++)
		sentence(b, 6 + (int)rnd(12));
	buf_adds(b, "\n\n");
}

static void
section(struct buf *b, int k)
{
	unsigned r;

	buf_printf(b, "## Section %d: ", k);
	sentence(b, 3);
	buf_adds(b, "\n\n");
	for (int i = 0; i < 3; i++) {
		paragraph(b);
		r = rnd(8);
		if (r == 0) {
			for (int j = 0; j < 4; j++) {
				buf_adds(b, "- ");
				sentence(b, 5 + (int)rnd(8));
				buf_adds(b, "\n");
				if (j == 1)
					for (int m = 1; m <= 2; m++) {
						buf_printf(b, "  %d. ", m);
						sentence(b, 6);
						buf_adds(b, "\n");
					}
			}
			buf_adds(b, "\n");
		} else if (r == 1) {
			buf_adds(b, "> ");
			sentence(b, 20);
			buf_adds(b, "\n>\n> > ");
			sentence(b, 8);
			buf_adds(b, "\n\n");
		} else if (r == 2) {
			buf_adds(
			        b,
			        "```python\ndef step(n):\n\tfor i in range(n):"
			        "\n\t\tprint(\"step\", i)  # a comment that is "
			        "long enough to be cut at eighty columns wide\n"
			        "\treturn n\n```\n\n");
		} else if (r == 3) {
			buf_adds(b, "| Situation | Thought | Feeling |\n"
			            "|---|---|---|\n");
			for (int j = 0; j < 3; j++) {
				buf_adds(b, "| ");
				sentence(b, 3);
				buf_adds(b, " | ");
				sentence(b, 4);
				buf_adds(b, " | 中文 |\n");
			}
			buf_adds(b, "\n");
		} else if (r == 4) {
			buf_adds(b, "- [ ] ");
			sentence(b, 5);
			buf_adds(b, "\n- [x] ");
			sentence(b, 5);
			buf_adds(b, "\n\n### A smaller heading\n\n");
		}
	}
}

static char *
lesson(size_t target, size_t *len)
{
	struct buf b = BUF_INIT;
	int k = 1;

	buf_adds(&b, "---\nid: bench\ntitle: \"Benchmark lesson\"\n---\n"
	             "# Benchmark lesson\n\n");
	while (b.len < target)
		section(&b, k++);
	*len = b.len;
	return buf_detach(&b);
}

/* ---- timing ------------------------------------------------------------ */

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

struct result {
	double *ms; /* wall time, one sample per run */
	double *cpu; /* user + system time of the child */
	int n;
	double median, min, cpu_median;
	long rss_kb; /* max over runs */
	bool ok;
};

/* Runs argv once with stdout to /dev/null: milliseconds, or -1. */
static double
run_cmd(const char *const argv[], long *rss_kb, double *cpu)
{
	struct rusage ru;
	double t0 = now_ms();
	int st;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY), n = 0;
		char **av;

		while (argv[n])
			n++;
		av = calloc((size_t)n + 1, sizeof(*av));
		for (int k = 0; k < n && av; k++)
			av[k] = strdup(argv[k]);
		dup2(fd, 1);
		dup2(fd, 2);
		if (av)
			execvp(av[0], av);
		_exit(127);
	}
	if (wait4(pid, &st, 0, &ru) < 0 || !WIFEXITED(st) ||
	    WEXITSTATUS(st) != 0)
		return -1;
	*rss_kb = ru.ru_maxrss;
	*cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
	return now_ms() - t0;
}

static double
cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double
run_layout(const char *text, size_t len, size_t *mem, double *cpu)
{
	double t0 = now_ms(), c0 = cpu_ms(), dt;
	struct md_doc *d = md_layout(text, len, 80);

	dt = now_ms() - t0;
	*cpu = cpu_ms() - c0;
	*mem = md_doc_memory(d);
	md_doc_free(d);
	return dt;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
result_init(struct result *r, int n)
{
	*r = (struct result){0};
	r->ms = calloc((size_t)n, sizeof(double));
	r->cpu = calloc((size_t)n, sizeof(double));
	r->ok = r->ms && r->cpu;
}

static void
result_add(struct result *r, double ms, double cpu, long rss_kb)
{
	if (!r->ok)
		return;
	r->ms[r->n] = ms;
	r->cpu[r->n++] = cpu;
	if (rss_kb > r->rss_kb)
		r->rss_kb = rss_kb;
}

static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(double), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void
summarise(struct result *r)
{
	if (!r->ok || r->n == 0)
		return;
	r->median = median(r->ms, r->n);
	r->min = r->ms[0];
	r->cpu_median = median(r->cpu, r->n);
}

static void
cell(const struct result *r)
{
	if (!r->ok) {
		printf(" %29s |", "(failed or missing)");
		return;
	}
	printf(" %7.2f / %7.2f / ", r->median, r->cpu_median);
	if (r->rss_kb)
		printf("%5.1f MiB |", (double)r->rss_kb / 1024);
	else
		printf("%9s |", "-");
}

/* Times every tool on one file, round robin after a warm-up, so a burst of
 * load on the machine hits every tool alike; prints one table row. */
static void
bench_file(const char *tend, const char *name, const char *path,
           const char *text, size_t len, int n, struct result res[4],
           size_t *mem)
{
	const char *t[] = {tend, "render", "--plain", "--width",
	                   "80", path,     NULL};
	const char *lo[] = {"lowdown", "-tterm", "--term-columns",
	                    "80",      path,     NULL};
	const char *cm[] = {"cmark", "-t", "html", path, NULL};
	const char *const *cmds[] = {t, lo, cm};

	for (int k = 0; k < 4; k++)
		result_init(&res[k], n);
	for (int i = -1; i < n; i++) {
		double cpu, ms = run_layout(text, len, mem, &cpu);

		if (i >= 0)
			result_add(&res[0], ms, cpu, 0);
		for (int k = 1; k < 4; k++) {
			long rss = 0;

			ms = run_cmd(cmds[k - 1], &rss, &cpu);
			if (ms < 0)
				res[k].ok = false;
			else if (i >= 0)
				result_add(&res[k], ms, cpu, rss);
		}
	}
	printf("| %s | %zu |", name, len);
	for (int k = 0; k < 4; k++) {
		summarise(&res[k]);
		cell(&res[k]);
		free(res[k].ms);
		free(res[k].cpu);
		res[k].ms = res[k].cpu = NULL;
	}
	printf("\n");
}

int
main(int argc, char **argv)
{
	static const struct {
		const char *name;
		size_t size;
		int runs_div; /* runs = RUNS * this for small files */
	} sizes[] = {{"2k", 2 * 1024, 10},
	             {"50k", 50 * 1024, 3},
	             {"1m", 1024 * 1024, 1}};
	struct result res[3][4], extra[4];
	const char *tend, *dir;
	size_t mem1m = 0;
	int runs;

	if (argc < 3) {
		fprintf(stderr,
		        "usage: bench_layout TEND DIR [RUNS [LESSON...]]\n");
		return 2;
	}
	tend = argv[1];
	dir = argv[2];
	runs = argc > 3 ? atoi(argv[3]) : 10;
	if (runs < 1)
		runs = 1;
	mkdir(dir, 0755);
	printf("Layout at 80 columns.  Each cell: median wall ms / median CPU "
	       "ms (user+sys) / peak RSS;\n%d runs on 1 MB, more on smaller "
	       "files, round robin after one warm-up.\n\n",
	       runs);
	printf("| lesson | bytes | md_layout() in process | tend render "
	       "--plain | lowdown -tterm | cmark -t html |\n|---|---|---|---"
	       "|---|---|\n");
	for (int s = 0; s < 3; s++) {
		size_t len, mem = 0;
		char *text = lesson(sizes[s].size, &len);
		char *path = NULL;

		if (asprintf(&path, "%s/lesson-%s.md", dir, sizes[s].name) <
		            0 ||
		    atomic_write(path, text, len, 0644) < 0) {
			fprintf(stderr, "bench_layout: cannot write %s: %s\n",
			        path ? path : dir, strerror(errno));
			return 1;
		}
		bench_file(tend, sizes[s].name, path, text, len,
		           runs * sizes[s].runs_div, res[s], &mem);
		if (s == 2)
			mem1m = mem;
		free(path);
		free(text);
	}
	/* Real lessons named on the command line. */
	for (int i = 4; i < argc; i++) {
		char *text = NULL;
		const char *base = strrchr(argv[i], '/');
		size_t len, mem;

		if (file_read(argv[i], 64u << 20, 0, &text, &len) < 0) {
			fprintf(stderr, "bench_layout: cannot read %s: %s\n",
			        argv[i], strerror(errno));
			return 1;
		}
		bench_file(tend, base ? base + 1 : argv[i], argv[i], text, len,
		           runs * 3, extra, &mem);
		free(text);
	}
	printf("\nDisplay list of the 1 MB lesson: %.1f MiB (md_doc_memory)\n",
	       (double)mem1m / (1024 * 1024));
	if (res[2][1].ok && res[2][2].ok) {
		double t = res[2][1].median / res[2][2].median;
		double c = res[2][1].cpu_median / res[2][2].cpu_median;
		double e = res[2][0].median / res[2][2].median;
		double m = (double)res[2][1].rss_kb / (double)res[2][2].rss_kb;

		printf("1 MB, tend render vs lowdown: wall %.2fx, CPU %.2fx "
		       "(target <= 0.60x: %s); md_layout() alone %.2fx; "
		       "peak memory %.2fx (target < 1.00x: %s)\n",
		       t, c, t <= 0.6 && c <= 0.6 ? "met" : "NOT MET", e, m,
		       m < 1.0 ? "met" : "NOT MET");
	}
	/* The rows of make bench's one table (tests/bench/run.sh). */
	if (res[2][1].ok && res[2][2].ok)
		printf("ROW|layout of a 1 MB lesson (tend render --plain)|%.2f|"
		       "lowdown -tterm|%.2f|ms|<= 0.6x\n"
		       "ROW|layout of a 1 MB lesson: peak RSS|%ld|lowdown "
		       "-tterm|%ld|B|< 1x\n",
		       res[2][1].median, res[2][2].median,
		       res[2][1].rss_kb * 1024, res[2][2].rss_kb * 1024);
	if (res[2][1].ok && res[2][3].ok)
		printf("ROW|layout of a 1 MB lesson (tend render --plain)|%.2f|"
		       "cmark -t html|%.2f|ms|\n",
		       res[2][1].median, res[2][3].median);
	return 0;
}
