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
#include "app/course.h"
#include "app/mood.h"
#include "app/session.h"
#include "ui/action.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/xalloc.h"

struct chart_screen {
	struct inst_set *set; /* owns in, or NULL */
	struct instrument *own; /* in, when set does not own it */
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
	inst_free(cs->own);
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
		chart_render(cs->in, cs->pts, cs->n, c->cols, c->rows - y,
		             c->ascii, &b);
	put_lines(c, y, UI_STYLE_NORMAL, b.data);
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

	if (act == ACT_TABLE) {
		cs->table = !cs->table;
		return UI_DRAW;
	}
	return UI_PASS;
}

static const enum ui_action *
chart_hints(const void *state)
{
	static const enum ui_action h[] = {ACT_TABLE, ACT_BACK, ACT_NONE};

	return h;
}

static const struct screen_ops chart_ops = {
        .name = "chart",
        .title = N_("Progress"),
        .keymaps = UI_MAP_CHART,
        .draw = chart_draw,
        .status = chart_status,
        .hints = chart_hints,
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

int
ui_mood_chart_push(struct ui *ui)
{
	struct session *s = ui_session(ui);
	struct chart_screen *cs = xcalloc(1, sizeof(*cs));
	size_t n = 0;

	cs->own = app_mood_instrument();
	cs->in = cs->own;
	if (s)
		(void)app_mood_points(s, &cs->pts, &n);
	if (!cs->pts)
		cs->pts = xcalloc(1, sizeof(*cs->pts));
	cs->n = n;
	ui_push(ui, &chart_ops, cs);
	return 0;
}

/* ---- Pickers: progress and a check-in now ---- */

struct pick_item {
	char *id; /* instrument id, or NULL for the mood ratings */
	char *label;
};

struct picker {
	bool checkin; /* take one now, else show the chart */
	struct pick_item *v;
	size_t n, sel;
};

static void
picker_add(struct picker *p, const char *id, char *label)
{
	p->v = xreallocarray(p->v, p->n + 1, sizeof(*p->v));
	p->v[p->n].id = id ? xstrdup(id) : NULL;
	p->v[p->n].label = label;
	p->n++;
}

static void
picker_draw(const void *state, struct ui_canvas *c)
{
	const struct picker *p = state;
	int y = 2;

	ui_put_trunc(c, 0, 1, c->cols - 2, UI_STYLE_H1,
	             p->checkin ? _("Take a check-in now") : _("Your progress"),
	             SIZE_MAX);
	if (p->n == 0) {
		struct buf t = BUF_INIT, ck = BUF_INIT, mk = BUF_INIT;

		ui_action_key(&ck, ACT_CHECKIN);
		ui_action_key(&mk, ACT_MOOD);
		/* TRANSLATORS: the keys (from the key table) that take a
		 * check-in and rate the mood, such as "i" and "f". */
		buf_printf(&t,
		           _("No check-ins or mood ratings yet. On the Today "
		             "screen, %s takes a check-in and %s rates your "
		             "mood."),
		           ck.data ? ck.data : "", mk.data ? mk.data : "");
		ui_put_wrap(c, 2, 1, c->cols - 2, c->rows - 2, UI_STYLE_DIM,
		            t.data);
		buf_free(&t);
		buf_free(&ck);
		buf_free(&mk);
	}
	for (size_t i = 0; i < p->n && y < c->rows; i++, y++) {
		bool on = i == p->sel;
		unsigned st = on ? UI_STYLE_SELECTED : UI_STYLE_NORMAL;
		char *t = xasprintf("%zu  %s", i + 1, p->v[i].label);

		if (on)
			ui_fill(c, y, 0, c->cols, st);
		ui_put_trunc(c, y, 2, c->cols - 3, st, t, SIZE_MAX);
		free(t);
	}
	if (p->n && y + 1 < c->rows)
		ui_put_wrap(c, y + 1, 1, c->cols - 2, c->rows - y - 1,
		            UI_STYLE_DIM,
		            p->checkin ? _("Enter or the number starts it.")
		                       : _("Enter or the number shows the "
		                           "chart; t there switches to the "
		                           "table."));
}

static int
picker_go(struct ui *ui, struct picker *p)
{
	const struct pick_item *it = &p->v[p->sel];

	if (p->checkin)
		return ui_assess_push(ui, it->id) == 0 ? UI_CLOSE | UI_DRAW
		                                       : UI_DRAW;
	if (!it->id)
		ui_mood_chart_push(ui);
	else
		ui_chart_push(ui, it->id);
	return UI_DRAW;
}

static int
picker_action(struct ui *ui, void *state, enum ui_action act,
              const struct ui_key *k)
{
	struct picker *p = state;

	switch (act) {
	case ACT_UP:
		p->sel = p->sel ? p->sel - 1 : 0;
		return UI_DRAW;
	case ACT_DOWN:
		p->sel = p->sel + 1 < p->n ? p->sel + 1 : p->sel;
		return UI_DRAW;
	case ACT_FIRST:
		p->sel = 0;
		return UI_DRAW;
	case ACT_LAST:
		p->sel = p->n ? p->n - 1 : 0;
		return UI_DRAW;
	case ACT_PICK:
		if (k->code < '1' || (size_t)(k->code - '0') > p->n)
			return UI_OK;
		p->sel = (size_t)(k->code - '1');
		return picker_go(ui, p);
	case ACT_SELECT:
		return p->n ? picker_go(ui, p) : UI_OK;
	default:
		return UI_PASS;
	}
}

static int
picker_click(struct ui *ui, void *state, int y, int x)
{
	struct picker *p = state;

	if (y < 2 || (size_t)(y - 2) >= p->n)
		return UI_OK;
	p->sel = (size_t)(y - 2);
	return picker_go(ui, p);
}

static void
picker_free(void *state)
{
	struct picker *p = state;

	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].id);
		free(p->v[i].label);
	}
	free(p->v);
	free(p);
}

static const enum ui_action *
picker_hints(const void *state)
{
	static const enum ui_action h[] = {ACT_SELECT, ACT_BACK, ACT_NONE};

	return h;
}

static const struct screen_ops picker_ops = {
        .name = "progress",
        .title = N_("Progress"),
        .keymaps = UI_MAP_LIST,
        .draw = picker_draw,
        .hints = picker_hints,
        .action = picker_action,
        .click = picker_click,
        .free = picker_free,
};

static const struct screen_ops checkin_pick_ops = {
        .name = "checkin-pick",
        .title = N_("Check-in"),
        .keymaps = UI_MAP_LIST,
        .draw = picker_draw,
        .hints = picker_hints,
        .action = picker_action,
        .click = picker_click,
        .free = picker_free,
};

int
ui_progress_push(struct ui *ui)
{
	struct session *s = ui_session(ui);
	struct picker *p = xcalloc(1, sizeof(*p));
	struct app_course *ac = s ? session_course_loaded(s) : NULL;
	struct chart_point *pts = NULL;
	size_t n = 0;

	if (ac) {
		const struct app_overview *ov = app_course_overview(ac);

		for (size_t i = 0; i < ov->nscores; i++)
			picker_add(p, ov->scores[i].instrument,
			           xasprintf(_("%s: latest %d"),
			                     ov->scores[i].name,
			                     ov->scores[i].total));
	}
	if (s && app_mood_points(s, &pts, &n) == 0 && n > 0)
		picker_add(p, NULL,
		           xasprintf(ngettext("Mood: %zu day rated",
		                              "Mood: %zu days rated", n),
		                     n));
	free(pts);
	ui_push(ui, &picker_ops, p);
	return 0;
}

int
ui_checkin_pick(struct ui *ui)
{
	struct session *s = ui_session(ui);
	struct app_course *ac = s ? session_course_loaded(s) : NULL;
	struct diags d = DIAGS_INIT;
	struct inst_set *set = app_instruments_load(&d);
	struct picker *p = xcalloc(1, sizeof(*p));
	const struct course *c = ac ? app_course_def(ac) : NULL;

	diag_free(&d);
	p->checkin = true;
	/* The course's questionnaires; every installed one without it. */
	for (size_t i = 0; i < inst_set_count(set); i++) {
		const struct instrument *in = inst_set_at(set, i);
		bool used = !c || c->ninstruments == 0;

		for (size_t k = 0; c && k < c->ninstruments && !used; k++)
			used = strcmp(c->instruments[k].id, in->id) == 0;
		if (used)
			picker_add(
			        p, in->id,
			        xasprintf("%s: %s", in->short_name, in->title));
	}
	inst_set_free(set);
	ui_push(ui, &checkin_pick_ops, p);
	return 0;
}
