/*
 * Tests of the text charts (app/chart.c): exactly the requested number of
 * lines, none wider than the requested columns, at several sizes, in UTF-8
 * and in ASCII (then only ASCII bytes); one point per score; band labels,
 * the cut-off and the newest date shown; no scores, one score, scores at
 * one moment, out-of-range totals; and the table view.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app/chart.h"
#include "pack/instrument.h"
#include "util/utf8.h"
#include "util/xalloc.h"

static struct instrument *
load(const char *id)
{
	struct diags d = DIAGS_INIT;
	char *path = xasprintf("data/instruments/%s.yaml", id);
	struct instrument *in = pack_load_instrument(path, &d);

	assert_non_null(in);
	diag_free(&d);
	free(path);
	return in;
}

#define T0 ((time_t)1767261600) /* 2026-01-01 10:00 UTC */
#define DAY ((time_t)86400)

static const struct chart_point pts[] = {
        {T0, 16},           {T0 + 7 * DAY, 14}, {T0 + 14 * DAY, 11},
        {T0 + 21 * DAY, 9}, {T0 + 49 * DAY, 4},
};
#define NPTS (sizeof(pts) / sizeof(pts[0]))

/* Checks the shape: rows lines, each at most cols columns; returns the
 * number of occurrences of needle. */
static size_t
check_shape(const char *text, int cols, int rows, bool ascii,
            const char *needle)
{
	const char *p = text;
	int lines = 0;
	size_t hits = 0;

	while (*p) {
		const char *nl = strchr(p, '\n');

		assert_non_null(nl);
		assert_true(utf8_width(p, (size_t)(nl - p)) <= (size_t)cols);
		if (ascii)
			for (const char *q = p; q < nl; q++)
				assert_true((unsigned char)*q < 0x80);
		lines++;
		p = nl + 1;
	}
	assert_int_equal(lines, rows);
	for (p = text; needle && (p = strstr(p, needle)) != NULL;
	     p += strlen(needle))
		hits++;
	return hits;
}

static void
test_sizes(void **state)
{
	static const int sizes[][2] = {{80, 23},  {80, 24},  {40, 8}, {60, 12},
	                               {132, 40}, {200, 60}, {41, 9}};
	struct instrument *in = load("phq9");

	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		for (int ascii = 0; ascii < 2; ascii++) {
			struct buf b = BUF_INIT;
			size_t n;

			chart_render(in, pts, NPTS, sizes[k][0], sizes[k][1],
			             ascii, &b);
			n = check_shape(b.data, sizes[k][0], sizes[k][1], ascii,
			                ascii ? "*" : "●");
			/* One glyph per score (all on distinct dates). */
			assert_int_equal(n, NPTS);
			assert_non_null(strstr(b.data, "PHQ-9 over time"));
			/* The newest date is always on the axis. */
			assert_non_null(strstr(b.data, "19 Feb"));
			buf_free(&b);
		}
	}
	inst_free(in);
}

static void
test_labels_80x24(void **state)
{
	struct instrument *in = load("phq9");
	struct buf b = BUF_INIT;

	chart_render(in, pts, NPTS, 80, 24, false, &b);
	assert_non_null(strstr(b.data, "Severe"));
	assert_non_null(strstr(b.data, "Moderately severe"));
	assert_non_null(strstr(b.data, "Minimal"));
	assert_non_null(strstr(b.data, "cut-off 10"));
	assert_non_null(strstr(b.data, "01 Jan"));
	assert_non_null(strstr(b.data, "27┤"));
	assert_non_null(strstr(b.data, " 0┤"));
	assert_non_null(strstr(b.data, "└"));
	/* Values beside their points. */
	assert_non_null(strstr(b.data, "●16"));
	assert_non_null(strstr(b.data, "●4"));
	buf_free(&b);
	inst_free(in);
}

static void
test_edge_cases(void **state)
{
	struct instrument *phq = load("phq9"), *pcl = load("pcl5");
	struct chart_point same[3] = {{T0, 5}, {T0, 9}, {T0, 12}};
	struct chart_point wild[2] = {{T0, -40}, {T0 + DAY, 400}};
	struct buf b = BUF_INIT;

	chart_render(phq, NULL, 0, 80, 24, false, &b);
	check_shape(b.data, 80, 24, false, NULL);
	assert_non_null(strstr(b.data, "No scores yet."));
	buf_reset(&b);
	chart_render(phq, pts, 1, 80, 24, false, &b);
	assert_int_equal(check_shape(b.data, 80, 24, false, "●"), 1);
	buf_reset(&b);
	chart_render(phq, same, 3, 80, 24, true, &b);
	assert_int_equal(check_shape(b.data, 80, 24, true, "*"), 3);
	buf_reset(&b);
	chart_render(phq, wild, 2, 80, 24, false, &b);
	assert_int_equal(check_shape(b.data, 80, 24, false, "●"), 2);
	buf_reset(&b);
	/* Too small a request is raised to 40x8. */
	chart_render(phq, pts, NPTS, 10, 3, false, &b);
	check_shape(b.data, 40, 8, false, NULL);
	buf_reset(&b);
	/* No bands: only the cut-off is labelled. */
	chart_render(pcl, pts, NPTS, 80, 24, false, &b);
	check_shape(b.data, 80, 24, false, NULL);
	assert_non_null(strstr(b.data, "cut-off 33"));
	assert_non_null(strstr(b.data, "80┤"));
	buf_free(&b);
	inst_free(phq);
	inst_free(pcl);
}

static void
test_table(void **state)
{
	struct instrument *in = load("phq9");
	struct buf b = BUF_INIT;

	chart_table(in, pts, NPTS, 80, &b);
	check_shape(b.data, 80, (int)NPTS + 1, false, NULL);
	assert_non_null(strstr(b.data, "Date"));
	assert_non_null(strstr(b.data, "2026-01-01     16  Moderately severe  "
	                               "first"));
	assert_non_null(strstr(b.data, "-7 reliably better"));
	assert_non_null(strstr(b.data, "-2 "));
	buf_reset(&b);
	chart_table(in, pts, NPTS, 40, &b);
	check_shape(b.data, 40, (int)NPTS + 1, false, NULL);
	buf_free(&b);
	inst_free(in);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_sizes),
	        cmocka_unit_test(test_labels_80x24),
	        cmocka_unit_test(test_edge_cases),
	        cmocka_unit_test(test_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
