/*
 * Progress charts as text: one instrument's scores over time, with the
 * severity bands marked and labelled, the cut-off marked, dates on the
 * axis; and the same scores as a table.  Pure layout into lines of text at
 * a given size (readable at 80x24), UTF-8 box glyphs or an ASCII fallback,
 * so the TUI (ui/chart.c) and `tend assess` print exactly the same thing
 * and tests can check it without a terminal.
 */
#ifndef TEND_APP_CHART_H
#define TEND_APP_CHART_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "app/session.h"
#include "core/instrument.h"
#include "util/buf.h"

struct chart_point {
	time_t at;
	int total;
};

/*
 * The scored check-ins of instrument in the session's vault, oldest first:
 * *out a fresh array of *n points (free with free(); NULL when none).
 * Returns 0, or -1 on a database error (*out NULL, *n 0).
 */
int chart_points(struct session *s, const char *instrument,
                 struct chart_point **out, size_t *n);

/*
 * Appends the chart of pts[0..n) (oldest first) to out: exactly `rows`
 * lines of at most `cols` columns each, every line ending in '\n'.
 * cols >= 40 and rows >= 8 (smaller sizes are raised to those).  Dates are
 * local calendar dates.  With n == 0 it says there are no scores yet.
 */
void chart_render(const struct instrument *in, const struct chart_point *pts,
                  size_t n, int cols, int rows, bool ascii, struct buf *out);

/*
 * Appends a table of pts: date, score, band, change from the first score
 * and from the one before (with "reliable" where it is), one line per
 * score, at most cols columns.
 */
void chart_table(const struct instrument *in, const struct chart_point *pts,
                 size_t n, int cols, struct buf *out);

#endif
