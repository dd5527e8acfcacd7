/*
 * The progress screen: one questionnaire's scores over time as a chart
 * (bands marked, dates on the axis) or as a table (t switches), with an
 * optional headline above it (after a check-in: the score, the change in
 * words and any pause).  The layout itself is app/chart.c, so `tend
 * assess --chart` prints exactly what this screen shows.
 */
#include "ui/assess.h"

#include <stdlib.h>
#include <string.h>

#include "app/assess.h"
#include "app/chart.h"
#include "app/content.h"
#include "app/session.h"
#include "util/i18n.h"
#include "util/xalloc.h"

struct chart_screen {
	struct inst_set *set; /* owns in */
	const struct instrument *in;
	struct chart_point *pts;
	size_t n;
	char *headline; /* may be NULL */
	bool table;
};

static void
chart_free(void *state)
{
	struct chart_screen *cs = state;

	inst_set_free(cs->set);
	free(cs->pts);
	free(cs->headline);
	free(cs);
}

/* Paints text line by line from row y; returns the next free row. */
static int
put_lines(struct ui_canvas *c, int y, unsigned style, const char *text)
{
	const char *p = text, *nl;

	while (p && *p && y < c->rows) {
		nl = strchr(p, '\n');
		ui_put(c, y++, 0, c->cols, style, p,
		       nl ? (size_t)(nl - p) : SIZE_MAX);
		p = nl ? nl + 1 : NULL;
	}
	return y;
}

static void
chart_draw(const void *state, struct ui_canvas *c)
{
	const struct chart_screen *cs = state;
	struct buf b = BUF_INIT;
	int y = 0;

	if (cs->headline) {
		y = ui_put_wrap(c, 0, 0, c->cols, c->rows / 2, UI_STYLE_NORMAL,
		                cs->headline);
		y++;
	}
	if (cs->table)
		chart_table(cs->in, cs->pts, cs->n, c->cols, &b);
	else
		chart_render(cs->in, cs->pts, cs->n, c->cols, c->rows - y - 1,
		             c->ascii, &b);
	y = put_lines(c, y, UI_STYLE_NORMAL, b.data);
	if (y < c->rows)
		ui_put(c, c->rows - 1, 0, c->cols, UI_STYLE_DIM,
		       cs->table ? _("t: chart  q: back")
		                 : _("t: table  q: back"),
		       SIZE_MAX);
	buf_free(&b);
}

static void
chart_status(const void *state, struct buf *left, struct buf *right)
{
	const struct chart_screen *cs = state;

	buf_printf(left, _("Progress: %s"), cs->in->short_name);
}

static int
chart_action(struct ui *ui, void *state, enum ui_action act,
             const struct ui_key *key)
{
	struct chart_screen *cs = state;

	if (act == ACT_NONE && !key->fn &&
	    (key->code == 't' || key->code == 'T')) {
		cs->table = !cs->table;
		return UI_DRAW;
	}
	return UI_PASS;
}

static const struct screen_ops chart_ops = {
        .name = "chart",
        .title = N_("Progress"),
        .draw = chart_draw,
        .status = chart_status,
        .action = chart_action,
        .free = chart_free,
};

int
ui_chart_show(struct ui *ui, struct inst_set *set, const struct instrument *in,
              char *headline, bool replace)
{
	struct session *s = ui_session(ui);
	struct chart_screen *cs = xcalloc(1, sizeof(*cs));
	size_t n = 0;

	cs->set = set;
	cs->in = in;
	cs->headline = headline;
	if (s)
		(void)chart_points(s, in->id, &cs->pts, &n);
	if (!cs->pts)
		cs->pts = xcalloc(1, sizeof(*cs->pts));
	cs->n = n;
	if (replace)
		ui_replace(ui, &chart_ops, cs);
	else
		ui_push(ui, &chart_ops, cs);
	return 0;
}

int
ui_chart_push(struct ui *ui, const char *id)
{
	struct diags d = DIAGS_INIT;
	struct inst_set *set = app_instruments_load(&d);
	const struct instrument *in = inst_set_find(set, id);

	diag_free(&d);
	if (!in) {
		ui_alert(ui, _("Progress"),
		         _("There is no such questionnaire."), NULL, NULL);
		inst_set_free(set);
		return -1;
	}
	return ui_chart_show(ui, set, in, NULL, false);
}
