/*
 * Text charts of scores over time.  The plot is a grid of one-column
 * cells: band boundaries are dotted rows labelled on the right, points are
 * placed by date, each with its value beside it where there is room, and
 * the dates of the points label the axis (from the newest backwards, so the
 * latest date is always shown).
 */
#include "app/chart.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/change.h"
#include "store/assess.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

struct glyphs {
	const char *vline, *corner, *hline, *tick, *point, *dot, *ytick;
};

static const struct glyphs utf8_glyphs = {"│", "└", "─", "┴", "●", "·", "┤"};
static const struct glyphs ascii_glyphs = {"|", "+", "-", "+", "*", ".", "+"};

/* A cell holds one glyph (up to 4 bytes of UTF-8). */
struct cell {
	char s[5];
};

static void
put(struct cell *c, const char *g)
{
	snprintf(c->s, sizeof(c->s), "%s", g);
}

static bool
empty(const struct cell *c)
{
	return c->s[0] == '\0' || strcmp(c->s, " ") == 0;
}

/* Appends s padded or truncated to exactly cols columns. */
static void
add_fixed(struct buf *out, const char *s, size_t cols)
{
	size_t used = 0, n = utf8_fit(s, strlen(s), cols, &used);

	buf_add(out, s, n);
	buf_addrep(out, ' ', cols - used);
}

/* Appends text trimmed of trailing spaces, then a newline. */
static void
end_line(struct buf *out, size_t start)
{
	while (out->len > start && out->data[out->len - 1] == ' ')
		out->len--;
	buf_addc(out, '\n');
}

static int
value_row(const struct instrument *in, int v, int ph)
{
	int span = in->max - in->min;
	long num;

	if (span <= 0 || ph <= 1)
		return 0;
	if (v < in->min)
		v = in->min;
	if (v > in->max)
		v = in->max;
	num = (long)(in->max - v) * (ph - 1) * 2 + span;
	return (int)(num / (2L * span));
}

static void
date_label(time_t t, char *out, size_t n)
{
	struct tm tm;

	localtime_r(&t, &tm);
	/* TRANSLATORS: a date under a chart, strftime-style: %d the day
	 * of the month, %b the abbreviated month ("02 Nov"). */
	clock_strftime(out, n, _("%d %b"), &tm);
}

void
chart_render(const struct instrument *in, const struct chart_point *pts,
             size_t n, int cols, int rows, bool ascii, struct buf *out)
{
	const struct glyphs *g = ascii ? &ascii_glyphs : &utf8_glyphs;
	char ylab[16], title[160];
	int lw, bl = 0, pw, ph, *xs = NULL;
	struct cell *grid;
	char **rlabel;
	size_t start;
	time_t t0, t1;

	if (cols < 40)
		cols = 40;
	if (rows < 8)
		rows = 8;
	snprintf(title, sizeof(title), "%s %s", in->short_name,
	         in->direction == INST_LOWER_BETTER
	                 ? _("over time (lower is better)")
	                 : _("over time (higher is better)"));
	start = out->len;
	add_fixed(out, title, (size_t)cols);
	end_line(out, start);
	if (n == 0) {
		start = out->len;
		add_fixed(out, _("No scores yet."), (size_t)cols);
		end_line(out, start);
		for (int r = 2; r < rows; r++)
			buf_addc(out, '\n');
		return;
	}
	lw = snprintf(ylab, sizeof(ylab), "%d", in->max);
	if (snprintf(ylab, sizeof(ylab), "%d", in->min) > lw)
		lw = (int)strlen(ylab);
	for (size_t i = 0; i < in->nbands; i++) {
		int w = (int)utf8_width(in->bands[i].label,
		                        strlen(in->bands[i].label));

		if (w > bl)
			bl = w;
	}
	if (in->has_caseness && bl < 12)
		bl = 12;
	if (bl > 18)
		bl = 18;
	pw = cols - lw - 1 - (bl ? bl + 1 : 0);
	ph = rows - 3;
	grid = xcalloc((size_t)(pw * ph), sizeof(*grid));
	rlabel = xcalloc((size_t)ph, sizeof(*rlabel));

	/* Band boundaries (dotted) and labels, the cut-off, y labels. */
	for (size_t i = 0; i < in->nbands; i++) {
		const struct inst_band *b = &in->bands[i];
		int top = value_row(in, b->max, ph);
		int bot = value_row(in, b->min, ph);
		int mid = (top + bot) / 2;

		if (b->min > in->min)
			for (int x = 0; x < pw; x += 2)
				put(&grid[bot * pw + x], g->dot);
		if (!rlabel[mid])
			rlabel[mid] = xstrdup(b->label);
	}
	if (in->has_caseness) {
		int r = value_row(in, in->caseness, ph);

		for (int x = 1; x < pw; x += 2)
			put(&grid[r * pw + x], g->dot);
		if (!rlabel[r]) {
			rlabel[r] = xasprintf(_("cut-off %d"), in->caseness);
		} else if (r + 1 < ph && !rlabel[r + 1]) {
			rlabel[r + 1] =
			        xasprintf(_("cut-off %d"), in->caseness);
		}
	}

	/* Points by date (by order when all fall on one moment). */
	xs = xcalloc(n, sizeof(*xs));
	t0 = pts[0].at;
	t1 = pts[n - 1].at;
	for (size_t i = 0; i < n; i++) {
		long x;

		if (n == 1)
			x = 0;
		else if (t1 > t0)
			x = (long)((double)(pts[i].at - t0) * (pw - 4) /
			           (double)(t1 - t0));
		else
			x = (long)(i * (size_t)(pw - 4) / (n - 1));
		xs[i] = (int)x;
	}
	for (size_t i = 0; i < n; i++)
		put(&grid[value_row(in, pts[i].total, ph) * pw + xs[i]],
		    g->point);
	/* Each value beside its point, where the cells are free. */
	for (size_t i = 0; i < n; i++) {
		char num[12];
		int r = value_row(in, pts[i].total, ph), len;
		bool fits = true;

		len = snprintf(num, sizeof(num), "%d", pts[i].total);
		if (xs[i] + 1 + len > pw)
			continue;
		for (int k = 1; k <= len; k++)
			if (!empty(&grid[r * pw + xs[i] + k]) &&
			    strcmp(grid[r * pw + xs[i] + k].s, g->dot) != 0)
				fits = false;
		if (i + 1 < n && xs[i + 1] <= xs[i] + len + 1 &&
		    value_row(in, pts[i + 1].total, ph) == r)
			fits = false;
		if (!fits)
			continue;
		for (int k = 0; k < len; k++) {
			char d[2] = {num[k], '\0'};

			put(&grid[r * pw + xs[i] + 1 + k], d);
		}
	}

	/* The plot rows. */
	for (int r = 0; r < ph; r++) {
		const char *axis = g->vline;

		start = out->len;
		ylab[0] = '\0';
		if (r == 0)
			snprintf(ylab, sizeof(ylab), "%d", in->max);
		else if (r == ph - 1)
			snprintf(ylab, sizeof(ylab), "%d", in->min);
		else
			for (size_t i = 0; i < in->nbands; i++)
				if (in->bands[i].min > in->min &&
				    value_row(in, in->bands[i].min, ph) == r)
					snprintf(ylab, sizeof(ylab), "%d",
					         in->bands[i].min);
		if (ylab[0])
			axis = g->ytick;
		buf_printf(out, "%*s", lw, ylab);
		buf_adds(out, axis);
		for (int x = 0; x < pw; x++)
			buf_adds(out, grid[r * pw + x].s[0] ? grid[r * pw + x].s
			                                    : " ");
		if (bl && rlabel[r]) {
			buf_addc(out, ' ');
			add_fixed(out, rlabel[r], (size_t)bl);
		}
		end_line(out, start);
	}

	/* The axis, with a tick under each point. */
	start = out->len;
	buf_addrep(out, ' ', (size_t)lw);
	buf_adds(out, g->corner);
	for (int x = 0; x < pw; x++) {
		bool tick = false;

		for (size_t i = 0; i < n; i++)
			if (xs[i] == x)
				tick = true;
		buf_adds(out, tick ? g->tick : g->hline);
	}
	end_line(out, start);

	/* Dates, placed from the newest backwards so it always shows. */
	{
		char *line = xmalloc((size_t)cols + 1);
		int limit = cols;

		memset(line, ' ', (size_t)cols);
		line[cols] = '\0';
		for (size_t k = n; k-- > 0;) {
			char d[32];
			int len, x;

			date_label(pts[k].at, d, sizeof(d));
			len = (int)strlen(d);
			x = lw + 1 + xs[k];
			if (x + len > cols)
				x = cols - len;
			if (x + len >= limit && k != n - 1)
				continue;
			memcpy(line + x, d, (size_t)len);
			limit = x;
		}
		start = out->len;
		buf_adds(out, line);
		end_line(out, start);
		free(line);
	}
	for (int r = 0; r < ph; r++)
		free(rlabel[r]);
	free(rlabel);
	free(grid);
	free(xs);
}

static void
change_cell(const struct instrument *in, int from, int to, struct buf *out)
{
	enum change_kind k = change_classify(in, from, to);
	int d = to - from;

	buf_printf(out, "%+d", d);
	if (k == CHANGE_IMPROVED)
		buf_adds(out, _(" reliably better"));
	else if (k == CHANGE_DETERIORATED)
		buf_adds(out, _(" reliably worse"));
}

void
chart_table(const struct instrument *in, const struct chart_point *pts,
            size_t n, int cols, struct buf *out)
{
	struct buf cell = BUF_INIT;
	size_t start = out->len;

	buf_printf(&cell, "%-11s %5s  %-18s %-18s %s", _("Date"), _("Score"),
	           _("Band"), _("From the start"), _("From the last"));
	utf8_truncate(out, cell.data, cell.len, (size_t)cols);
	end_line(out, start);
	for (size_t i = 0; i < n; i++) {
		const struct inst_band *b = inst_band_for(in, pts[i].total);
		struct tm tm;
		char date[16];
		struct buf line = BUF_INIT;

		localtime_r(&pts[i].at, &tm);
		strftime(date, sizeof(date), "%Y-%m-%d", &tm);
		buf_printf(&line, "%-11s %5d  ", date, pts[i].total);
		add_fixed(&line, b ? b->label : "-", 18);
		buf_addc(&line, ' ');
		buf_reset(&cell);
		if (i > 0)
			change_cell(in, pts[0].total, pts[i].total, &cell);
		else
			buf_adds(&cell, _("first"));
		add_fixed(&line, cell.data, 18);
		buf_addc(&line, ' ');
		buf_reset(&cell);
		if (i > 0)
			change_cell(in, pts[i - 1].total, pts[i].total, &cell);
		buf_adds(&line, cell.data ? cell.data : "");
		start = out->len;
		utf8_truncate(out, line.data, line.len, (size_t)cols);
		end_line(out, start);
		buf_free(&line);
	}
	buf_free(&cell);
}

int
chart_points(struct session *s, const char *instrument,
             struct chart_point **out, size_t *n)
{
	struct store_score *sc = NULL;
	size_t k = 0;

	*out = NULL;
	*n = 0;
	if (store_assess_scores(session_vault(s), instrument, &sc, &k) < 0)
		return -1;
	if (k > 0) {
		*out = xcalloc(k, sizeof(**out));
		for (size_t i = 0; i < k; i++) {
			(*out)[i].at = (time_t)sc[i].taken_at;
			(*out)[i].total = sc[i].total;
		}
	}
	*n = k;
	free(sc);
	return 0;
}
