/*
 * The safety screen, shown the moment a risk answer is given and before
 * any score, and the country chooser.  The safety screen's words are the
 * check-in flow's (app/checkin.h, built by app/safety.c, the same in every
 * front end); this is only how they look here: a crisis view (ui/view.h),
 * so it scrolls, wraps and survives any terminal size, and c and p work
 * on it as on the crisis screen.
 *
 * At the first opening after a risk answer, the person is asked how they
 * have been since (app/risk.h): a small question screen over the home
 * screen; "worse" opens the safety screen.
 *
 * At the first run, before the course starts, the suitability check
 * (app/suitability.h): the statements, marked by number, then tend's
 * advice for any mark; Enter always goes on.
 *
 * The chooser lists the countries tend has crisis lines for, the one this
 * computer's settings suggest first, and takes any other country by its
 * two-letter code: a country without lines is kept too, and the screens
 * then say it is not listed (app/safety.h).
 */
#include "ui/assess.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/country.h"
#include "app/risk.h"
#include "app/session.h"
#include "app/suitability.h"
#include "ui/view.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

void
ui_safety_push(struct ui *ui, enum safety_kind kind, const struct paras *text)
{
	view_push_safety(ui, _("Your safety comes first"), kind, text,
	                 _("c: change your country   p: your safety plan   "
	                   "q or Esc: back to the questions"));
}

/* ---- The country chooser ------------------------------------------- */

struct pick_row {
	char code[3]; /* "" for "another country" */
	char *label;
};

struct picker {
	struct pick_row *rows;
	size_t n, sel, top;
	int rows_shown; /* list rows that fit (resize) */
	char *intro; /* the text above the list */
	int (*done)(struct ui *ui, void *arg, bool changed);
	void *arg;
};

static void
add_row(struct picker *p, const char *code, char *label)
{
	p->rows = xreallocarray(p->rows, p->n + 1, sizeof(*p->rows));
	/* code may be "" (the row that asks for one): copy no further. */
	snprintf(p->rows[p->n].code, sizeof(p->rows[p->n].code), "%s", code);
	p->rows[p->n].label = label;
	p->n++;
}

static void
picker_free(void *state)
{
	struct picker *p = state;

	for (size_t i = 0; i < p->n; i++)
		free(p->rows[i].label);
	free(p->rows);
	free(p->intro);
	free(p);
}

/* Takes p off the stack, frees it, then tells the one who asked. */
static int
finish(struct ui *ui, struct picker *p, bool changed)
{
	int (*done)(struct ui *, void *, bool) = p->done;
	void *arg = p->arg, *asker;

	ui_detach(ui, p);
	picker_free(p);
	asker = ui_top(ui);
	if (done)
		ui_react(ui, asker, done(ui, arg, changed));
	return UI_DRAW;
}

static int
choose(struct ui *ui, struct picker *p, const char *code)
{
	char *msg = NULL, *name;
	int st = country_set(ui_session(ui), code, clock_now(), &msg);

	/* Chosen but not saved (a full disk): kept in memory and saved
	 * with the rest; the status line says so. */
	if (st != EXIT_OK && (st == EXIT_USAGE || !ui_session(ui) ||
	                      !session_unsaved(ui_session(ui)))) {
		ui_message(ui, "%s",
		           msg ? msg : _("Could not keep the country."));
		free(msg);
		return UI_DRAW;
	}
	name = country_display(code);
	if (st != EXIT_OK)
		ui_message(ui, "%s",
		           msg ? msg : _("Could not keep the country."));
	else
		ui_message(ui, _("Your country: %s."), name);
	free(msg);
	free(name);
	return finish(ui, p, true);
}

static int
typed_code(struct ui *ui, void *arg, const char *text)
{
	struct picker *p = arg;

	if (!text || !*text)
		return UI_DRAW;
	return choose(ui, p, text);
}

static void
picker_draw(const void *state, struct ui_canvas *c)
{
	const struct picker *p = state;
	int y = 0;

	ui_put_trunc(c, y++, 2, c->cols - 4, UI_STYLE_H1, _("Your country"),
	             SIZE_MAX);
	y++;
	y += ui_put_wrap(c, y, 2, c->cols - 4, c->rows / 2, UI_STYLE_NORMAL,
	                 p->intro);
	y++;
	for (size_t i = p->top; i < p->n && y < c->rows; i++, y++) {
		unsigned st = i == p->sel ? UI_STYLE_SELECTED : UI_STYLE_NORMAL;
		char *t = i < 9 ? xasprintf("%zu  %s", i + 1, p->rows[i].label)
		                : xasprintf("   %s", p->rows[i].label);

		ui_fill(c, y, 2, c->cols - 4, st);
		ui_put_trunc(c, y, 2, c->cols - 4, st, t, SIZE_MAX);
		free(t);
	}
}

static void
count_row(const char *line, size_t n, void *arg)
{
}

/* The rows left for the list under the title and the intro, as
 * picker_draw lays them out. */
static void
picker_resize(struct ui *ui, void *state, int rows, int cols)
{
	struct picker *p = state;
	int intro =
	        cols > 4 ? (int)utf8_wrap(p->intro, strlen(p->intro),
	                                  (size_t)(cols - 4), count_row, NULL)
	                 : 1;

	if (intro > rows / 2)
		intro = rows / 2;
	p->rows_shown = rows - 3 - intro;
	if (p->rows_shown < 1)
		p->rows_shown = 1;
	if (p->sel >= p->top + (size_t)p->rows_shown)
		p->top = p->sel + 1 - (size_t)p->rows_shown;
}

static void
picker_status(const void *state, struct buf *left, struct buf *right)
{
	buf_adds(left, _("Enter or a number: choose   q: not now"));
}

static int
picker_pick(struct ui *ui, struct picker *p)
{
	if (p->rows[p->sel].code[0])
		return choose(ui, p, p->rows[p->sel].code);
	/* Two letters; a few more only so that a typo is shown whole. */
	ui_input(ui, _("Another country"),
	         _("Its two-letter code (ISO 3166), such as JP for Japan:"), "",
	         8, typed_code, p);
	return UI_DRAW;
}

static int
picker_action(struct ui *ui, void *state, enum ui_action act,
              const struct ui_key *k)
{
	struct picker *p = state;
	size_t shown = p->rows_shown > 0 ? (size_t)p->rows_shown : 1;

	switch (act) {
	case ACT_UP:
	case ACT_DOWN:
	case ACT_FIRST:
	case ACT_LAST:
		ui_list_move(&p->sel, p->n, act);
		break;
	case ACT_PICK:
		if (k->code < '1' || (size_t)(k->code - '1') >= p->n ||
		    k->code - '1' >= 9)
			return UI_OK;
		p->sel = (size_t)(k->code - '1');
		return picker_pick(ui, p);
	case ACT_SELECT:
		return picker_pick(ui, p);
	case ACT_BACK:
		return finish(ui, p, false);
	default:
		return UI_PASS;
	}
	if (p->sel < p->top)
		p->top = p->sel;
	else if (p->sel >= p->top + shown)
		p->top = p->sel + 1 - shown;
	return UI_DRAW;
}

static const struct screen_ops picker_ops = {
        .name = "country",
        .title = N_("Your country"),
        .keymaps = UI_MAP_LIST,
        .draw = picker_draw,
        .status = picker_status,
        .action = picker_action,
        .resize = picker_resize,
        .free = picker_free,
};

/* A new chooser: the suggestion first, then the installed countries,
 * then "another country". */
static struct picker *
picker_new(struct session *s)
{
	struct picker *p = xcalloc(1, sizeof(*p));
	struct country_entry *v;
	struct country cur;
	struct buf b = BUF_INIT;
	char sug[3] = "";
	size_t n = country_list(&v);
	bool listed = false;

	country_current(s, NULL, &cur);
	if (country_suggest(sug) < 0)
		sug[0] = '\0';
	for (size_t i = 0; sug[0] && i < n; i++)
		if (strcmp(v[i].code, sug) == 0)
			listed = true;
	buf_adds(&b, _("tend shows the crisis lines and the emergency number "
	               "of the country you live in. You can change it at any "
	               "time: press ! and then c."));
	if (cur.from != COUNTRY_UNSET) {
		char *name = country_display(cur.code);

		buf_adds(&b, "\n\n");
		buf_printf(&b, _("Now: %s."), name);
		free(name);
	} else if (sug[0]) {
		char *name = country_display(sug);

		buf_adds(&b, "\n\n");
		buf_printf(&b, _("This computer's settings suggest %s."), name);
		free(name);
	}
	p->intro = buf_detach(&b);
	if (sug[0] && listed) {
		for (size_t i = 0; i < n; i++)
			if (strcmp(v[i].code, sug) == 0)
				add_row(p, sug,
				        xasprintf(_("%s (suggested)"),
				                  v[i].name));
	} else if (sug[0]) {
		char *name = country_display(sug);

		add_row(p, sug,
		        xasprintf(_("%s (suggested; tend has no crisis lines "
		                    "for it)"),
		                  name));
		free(name);
	}
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].code, sug) != 0)
			add_row(p, v[i].code, xstrdup(v[i].name));
	add_row(p, "", xstrdup(_("Another country: type its code")));
	/* The current choice is selected, when it is in the list. */
	for (size_t i = 0; cur.from != COUNTRY_UNSET && i < p->n; i++)
		if (strcmp(p->rows[i].code, cur.code) == 0)
			p->sel = i;
	country_list_free(v, n);
	return p;
}

static int
locked_done(struct ui *ui, void *arg)
{
	struct picker *p = arg;
	int (*done)(struct ui *, void *, bool) = p->done;
	void *darg = p->arg;

	picker_free(p);
	return done ? done(ui, darg, false) : UI_DRAW;
}

void
ui_country_push(struct ui *ui,
                int (*done)(struct ui *ui, void *arg, bool changed), void *arg)
{
	struct picker *p;

	if (country_locked()) {
		p = xcalloc(1, sizeof(*p));
		p->done = done;
		p->arg = arg;
		ui_alert(ui, _("Your country"),
		         _("Your clinic has set the country for this copy of "
		           "tend."),
		         locked_done, p);
		return;
	}
	p = picker_new(ui_session(ui));
	p->done = done;
	p->arg = arg;
	ui_push(ui, &picker_ops, p);
}

const struct screen_ops *
ui_country_first(struct session *s,
                 int (*done)(struct ui *ui, void *arg, bool changed), void *arg,
                 void **state)
{
	struct picker *p = picker_new(s);

	p->done = done;
	p->arg = arg;
	*state = p;
	return &picker_ops;
}

/* ---- How have you been since? (at the next opening) ---------------- */

struct since {
	struct inst_item *it;
	const char *lead;
	size_t sel;
};

static void
since_free(void *state)
{
	struct since *q = state;

	risk_item_free(q->it);
	free(q);
}

static void
since_draw(const void *state, struct ui_canvas *c)
{
	const struct since *q = state;
	int y = 0;

	ui_put_trunc(c, y++, 2, c->cols - 4, UI_STYLE_H1, _("Since last time"),
	             SIZE_MAX);
	y++;
	y += ui_put_wrap(c, y, 2, c->cols - 4, 4, UI_STYLE_NORMAL, q->lead);
	y++;
	y += ui_put_wrap(c, y, 2, c->cols - 4, 3, UI_STYLE_H3, q->it->text);
	y++;
	for (size_t i = 0; i < q->it->nopts && y < c->rows; i++, y++) {
		unsigned st = i == q->sel ? UI_STYLE_SELECTED : UI_STYLE_NORMAL;
		char *t = xasprintf("%d  %s", q->it->opts[i].key,
		                    q->it->opts[i].label);

		ui_fill(c, y, 2, c->cols - 4, st);
		ui_put_trunc(c, y, 2, c->cols - 4, st, t, SIZE_MAX);
		free(t);
	}
}

static void
since_status(const void *state, struct buf *left, struct buf *right)
{
	buf_adds(left, _("A number or Enter: answer   q: not now"));
}

/* Keeps the answer (key -1: none), closes, and says the reply: the
 * safety screen for "worse", else a box the person closes.  Not the
 * status bar: the home screen's own message (its welcome) would replace
 * it before it is read, and a long reply would not fit. */
static int
since_answer(struct ui *ui, struct since *q, int key)
{
	struct session *s = ui_session(ui);
	struct paras p = PARAS_INIT;
	char *msg = NULL;
	bool safety;

	if (risk_followup_record(s, RISK_AT_OPEN, key, clock_now()) < 0 ||
	    session_commit(s, clock_now(), &msg) != EXIT_OK)
		ui_message(ui, "%s",
		           msg ? msg
		               : _("Could not keep the answer in the vault."));
	free(msg);
	safety = risk_followup_reply(s, key, &p);
	ui_detach(ui, q);
	since_free(q);
	if (safety)
		ui_safety_push(ui, SAFETY_SCREEN, &p);
	else if (p.n)
		ui_alert(ui, _("Since last time"), p.v[0].text, NULL, NULL);
	paras_free(&p);
	return UI_DRAW;
}

static int
since_action(struct ui *ui, void *state, enum ui_action act,
             const struct ui_key *k)
{
	struct since *q = state;

	switch (act) {
	case ACT_UP:
		q->sel = q->sel ? q->sel - 1 : 0;
		return UI_DRAW;
	case ACT_DOWN:
		q->sel = q->sel + 1 < q->it->nopts ? q->sel + 1 : q->sel;
		return UI_DRAW;
	case ACT_PICK:
		if (!inst_option_by_key(q->it, k->code - '0'))
			return UI_OK;
		return since_answer(ui, q, k->code - '0');
	case ACT_SELECT:
		return since_answer(ui, q, q->it->opts[q->sel].key);
	case ACT_BACK:
		return since_answer(ui, q, -1);
	default:
		return UI_PASS;
	}
}

static const struct screen_ops since_ops = {
        .name = "since",
        .title = N_("Since last time"),
        .keymaps = UI_MAP_LIST,
        .draw = since_draw,
        .status = since_status,
        .action = since_action,
        .free = since_free,
};

bool
ui_followup_check(struct ui *ui)
{
	struct session *s = ui_session(ui);
	struct since *q;

	if (!s || risk_followup_due(s, RISK_AT_OPEN, clock_now(),
	                            session_opened_at(s)) != 1)
		return false;
	q = xcalloc(1, sizeof(*q));
	q->it = risk_since_item(&q->lead);
	ui_push(ui, &since_ops, q);
	return true;
}

/* ---- The suitability check (the first run) ------------------------- */

struct suit {
	struct suit_list l;
	unsigned marks;
	bool advising; /* the advice is shown; Enter goes on */
	struct paras advice;
	int top; /* first paragraph of the advice shown */
	int rows, cols; /* the canvas (resize) */
	int (*done)(struct ui *ui, void *arg);
	void *arg;
};

static void
suit_free(void *state)
{
	struct suit *q = state;

	suit_list_free(&q->l);
	paras_free(&q->advice);
	free(q);
}

static unsigned
para_style(enum para_style st)
{
	switch (st) {
	case PARA_TITLE:
		return UI_STYLE_CRISIS;
	case PARA_HEADING:
		return UI_STYLE_H2;
	case PARA_NOTE:
		return UI_STYLE_DIM;
	case PARA_WARNING:
		return UI_STYLE_WARNING;
	default:
		return UI_STYLE_NORMAL;
	}
}

static void
suit_draw(const void *state, struct ui_canvas *c)
{
	const struct suit *q = state;
	int y = 0, w = c->cols - 4;

	ui_put_trunc(c, y++, 2, w, UI_STYLE_H1, _("Before you start"),
	             SIZE_MAX);
	y++;
	if (q->advising) {
		/* The advice, scrolled by whole paragraphs. */
		for (size_t i = (size_t)q->top; i < q->advice.n && y < c->rows;
		     i++) {
			const struct paragraph *pg = &q->advice.v[i];
			int x = pg->style == PARA_ITEM ? 4 : 2;

			if (!*pg->text) {
				y++;
				continue;
			}
			y += ui_put_wrap(c, y, x, c->cols - x - 2, c->rows - y,
			                 para_style(pg->style), pg->text);
		}
		return;
	}
	y += ui_put_wrap(c, y, 2, w, c->rows - y, UI_STYLE_NORMAL,
	                 _("A few questions to check that tend suits you. "
	                   "Is any of these true for you now? Press its "
	                   "number to mark it, and again to unmark it."));
	y++;
	for (size_t i = 0; i < q->l.n && y < c->rows; i++) {
		char *t = xasprintf("%zu  [%s]", i + 1,
		                    q->marks & SUIT_BIT(q->l.q[i]) ? "x" : " ");

		ui_put_trunc(c, y, 2, 8, UI_STYLE_KEY, t, SIZE_MAX);
		y += ui_put_wrap(c, y, 10, c->cols - 12, c->rows - y,
		                 UI_STYLE_NORMAL, q->l.text[i]);
		free(t);
	}
	y++;
	ui_put_wrap(c, y, 2, w, c->rows - y, UI_STYLE_DIM,
	            _("When you are done, or if none is true, press Enter. "
	              "Your answers stay in your vault."));
}

static void
suit_resize(struct ui *ui, void *state, int rows, int cols)
{
	struct suit *q = state;

	(void)ui;
	q->rows = rows;
	q->cols = cols;
}

/* The first paragraph that lets the last one show, as suit_draw lays
 * them out under the title. */
static int
suit_last_top(const struct suit *q)
{
	int room = q->rows - 2;
	size_t i = q->advice.n;

	while (i > 0) {
		const struct paragraph *pg = &q->advice.v[i - 1];
		int x = pg->style == PARA_ITEM ? 4 : 2;
		int w = q->cols - x - 2 > 0 ? q->cols - x - 2 : 1;
		int h = *pg->text ? (int)utf8_wrap(pg->text, strlen(pg->text),
		                                   (size_t)w, count_row, NULL)
		                  : 1;

		if (h > room)
			break;
		room -= h;
		i--;
	}
	return (int)i < (int)q->advice.n ? (int)i : (int)q->advice.n - 1;
}

static void
suit_status(const void *state, struct buf *left, struct buf *right)
{
	const struct suit *q = state;

	(void)right;
	/* Crisis contacts are named by the footer (ui_footer), once. */
	buf_adds(left, q->advising
	                       ? _("Enter: go on   j/k: scroll   G: the end")
	                       : _("A number: mark   Enter: go on"));
}

/* Takes q off the stack, frees it, then tells the one who asked. */
static int
suit_finish(struct ui *ui, struct suit *q)
{
	int (*done)(struct ui *, void *) = q->done;
	void *arg = q->arg, *asker;

	ui_detach(ui, q);
	suit_free(q);
	asker = ui_top(ui);
	if (done)
		ui_react(ui, asker, done(ui, arg));
	return UI_DRAW;
}

/* Keeps the marks; with a mark, the advice, else on at once. */
static int
suit_go_on(struct ui *ui, struct suit *q)
{
	struct session *s = ui_session(ui);
	char *msg = NULL;

	if (suit_record(s, q->marks, clock_now()) < 0 ||
	    session_commit(s, clock_now(), &msg) != EXIT_OK)
		ui_message(ui, "%s",
		           msg ? msg
		               : _("Could not keep the answers in the vault."));
	free(msg);
	suit_advice(s, q->marks, &q->advice);
	if (!q->advice.n)
		return suit_finish(ui, q);
	q->advising = true;
	q->top = 0;
	return UI_DRAW;
}

static int
suit_action(struct ui *ui, void *state, enum ui_action act,
            const struct ui_key *k)
{
	struct suit *q = state;

	if (q->advising) {
		switch (act) {
		case ACT_UP:
			q->top = q->top > 0 ? q->top - 1 : 0;
			return UI_DRAW;
		case ACT_DOWN:
			q->top = (size_t)q->top + 1 < q->advice.n ? q->top + 1
			                                          : q->top;
			return UI_DRAW;
		case ACT_FIRST:
			q->top = 0;
			return UI_DRAW;
		case ACT_LAST:
			q->top = suit_last_top(q);
			return UI_DRAW;
		case ACT_SELECT:
		case ACT_BACK:
			return suit_finish(ui, q);
		default:
			return UI_PASS;
		}
	}
	switch (act) {
	case ACT_PICK: {
		size_t i = (size_t)(k->code - '1');

		if (k->code < '1' || i >= q->l.n)
			return UI_OK;
		q->marks ^= SUIT_BIT(q->l.q[i]);
		return UI_DRAW;
	}
	case ACT_SELECT:
	case ACT_BACK:
		return suit_go_on(ui, q);
	default:
		return UI_PASS;
	}
}

static const struct screen_ops suit_ops = {
        .name = "suitability",
        .title = N_("Before you start"),
        .keymaps = UI_MAP_LIST,
        .resize = suit_resize,
        .draw = suit_draw,
        .status = suit_status,
        .action = suit_action,
        .free = suit_free,
};

void
ui_suitability_replace(struct ui *ui, int (*done)(struct ui *ui, void *arg),
                       void *arg)
{
	struct suit *q = xcalloc(1, sizeof(*q));

	suit_list(&q->l);
	q->done = done;
	q->arg = arg;
	ui_replace(ui, &suit_ops, q);
}
