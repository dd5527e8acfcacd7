/*
 * Lesson loading benchmark: the time from start-up to a lesson on the
 * screen, in the steps the program takes, on the bundled course:
 *   - load: app_course_load(), which reads course.yaml and every lesson,
 *     checks them and parses their tend-* blocks (start-up);
 *   - open: what opening lesson i costs the reader: its text laid out at
 *     78 columns (per lesson, the mean over the course's lessons);
 *   - exercise: what opening one tend-* block costs (per block).
 * Medians of RUNS rounds, in this process, page cache warm, in CPU time
 * of the process (user and system, so file reads count), which other
 * programs on a busy machine disturb less than the wall clock.  Not a
 * timed test: it prints numbers.
 *
 *   bench_lesson TOP [RUNS]       (TOP: the source tree, for content/)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/course.h"
#include "md/md.h"
#include "util/path.h"
#include "util/xalloc.h"

#define WIDTH 78

static double
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Opens lesson i as the reader does (app_lesson_text): the text loaded
 * with the course, laid out.  Before the text was kept, this read the
 * file again. */
static struct md_doc *
open_lesson(const struct course *c, size_t i)
{
	return md_layout(c->lessons[i].text, c->lessons[i].text_len, WIDTH);
}

/* Opens block b of lesson i's layout as the home screen does
 * (app_lesson_part): the part parsed at load.  Before, this parsed the
 * block's YAML again. */
static void
open_exercise(const struct course *c, size_t i, const struct md_doc *doc,
              size_t b)
{
	const struct md_block *blk = md_doc_block(doc, b);
	const struct course_lesson *l = &c->lessons[i];

	if (b >= l->nparts || l->parts[b].line != (int)blk->src_line) {
		fprintf(stderr, "%s: block %zu has no part\n", l->file, b);
		exit(1);
	}
}

int
main(int argc, char **argv)
{
	int runs = argc > 2 ? atoi(argv[2]) : 20;
	char *content;
	struct opts o = {0};
	double *load, *open, *ex;
	size_t nlessons = 0, nblocks = 0, bytes = 0;

	if (argc < 2 || runs < 1) {
		fprintf(stderr, "usage: bench_lesson TOP [RUNS]\n");
		return 2;
	}
	content = path_join(argv[1], "content");
	setenv("TEND_SHARE_DIR", argv[1], 1);
	o.content_dir = content;
	o.passphrase_fd = -1;
	load = xcalloc((size_t)runs, sizeof(*load));
	open = xcalloc((size_t)runs, sizeof(*open));
	ex = xcalloc((size_t)runs, sizeof(*ex));
	for (int r = 0; r < runs; r++) {
		struct diags d = DIAGS_INIT;
		double t0 = now_us(), topen = 0, tex = 0;
		struct course *c = app_course_load(&o, NULL, &d);

		load[r] = now_us() - t0;
		if (!c) {
			fprintf(stderr, "bench_lesson: the course does not "
			                "load\n");
			return 1;
		}
		nlessons = c->nlessons;
		nblocks = 0;
		bytes = 0;
		for (size_t i = 0; i < c->nlessons; i++) {
			double t1 = now_us(), t2;
			struct md_doc *doc = open_lesson(c, i);

			t2 = now_us();
			topen += t2 - t1;
			for (size_t b = 0; b < md_doc_nblocks(doc); b++)
				open_exercise(c, i, doc, b);
			tex += now_us() - t2;
			nblocks += md_doc_nblocks(doc);
			bytes += md_doc_memory(doc);
			md_doc_free(doc);
		}
		open[r] = topen / (double)nlessons;
		ex[r] = nblocks ? tex / (double)nblocks : 0;
		course_free(c);
		diag_free(&d);
	}
	printf("course: %s (%zu lessons, %zu tend-* blocks), %d runs\n",
	       content, nlessons, nblocks, runs);
	printf("  load the course (start-up)   %9.0f us\n", median(load, runs));
	printf("  open a lesson (mean)         %9.0f us\n", median(open, runs));
	printf("  open an exercise (mean)      %9.1f us\n", median(ex, runs));
	(void)bytes;
	free(load);
	free(open);
	free(ex);
	free(content);
	return 0;
}
