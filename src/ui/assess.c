/*
 * The questionnaire screen: it draws the steps of the one check-in flow
 * (app/checkin.h) and turns keys into its calls; every decision (what
 * comes next, a risk answer, the result) is the flow's.  One item at a
 * time under the instrument's own recall window, which stays on screen; a
 * number key answers and moves on; left, Backspace or b goes back; Enter
 * moves on only when the flow allows it.  The safety step opens the safety
 * screen at once, over the next item.  After the review and a
 * confirmation the screen becomes the result and the chart.
 */
#include "ui/assess.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/checkin.h"
#include "app/content.h"
#include "app/session.h"
#include "ui/view.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

struct qa {
	struct inst_set *set; /* owns the instruments; NULL once handed on */
	struct checkin *c;
	size_t sel; /* review selection */
	const char *hint; /* a one-line hint, static text */
};

static void
qa_free(void *state)
{
	struct qa *q = state;

	checkin_free(q->c);
	inst_set_free(q->set);
	free(q);
}

static void
keys_hint(const struct inst_item *it, struct buf *b)
{
	int lo = 9, hi = 0;

	for (size_t j = 0; j < it->nopts; j++) {
		if (it->opts[j].key < lo)
			lo = it->opts[j].key;
		if (it->opts[j].key > hi)
			hi = it->opts[j].key;
	}
	buf_printf(b, _("Press %d-%d to answer."), lo, hi);
}

static void
draw_intro(const struct checkin_step *st, struct ui_canvas *c)
{
	int y = 0;

	ui_put_trunc(c, y++, 0, c->cols, UI_STYLE_H1, st->title, SIZE_MAX);
	y++;
	if (st->instructions)
		y += ui_put_wrap(c, y, 0, c->cols, c->rows - y - 4,
		                 UI_STYLE_NORMAL, st->instructions) +
		     1;
	if (st->recall)
		y += ui_put_wrap(c, y, 0, c->cols, 2, UI_STYLE_NORMAL,
		                 st->recall) +
		     1;
	if (st->brief) {
		y += ui_put_wrap(c, y, 0, c->cols, 3, UI_STYLE_NORMAL,
		                 st->brief);
		y += ui_put_wrap(
		             c, y, 0, c->cols, 2, UI_STYLE_NORMAL,
		             _("Press ! at any time for crisis contacts.")) +
		     1;
	}
	ui_put_wrap(c, y, 0, c->cols, 2, UI_STYLE_KEY,
	            _("Press Enter to start, q to leave."));
	ui_put_wrap(c, c->rows - 3, 0, c->cols, 3, UI_STYLE_DIM,
	            st->attribution);
}

static void
count_line(const char *line, size_t n, void *arg)
{
}

/* Rows text takes when wrapped to cols. */
static int
wrap_rows(const char *text, int cols)
{
	if (!text || !*text || cols < 1)
		return 0;
	return (int)utf8_wrap(text, strlen(text), (size_t)cols, count_line,
	                      NULL);
}

/*
 * The item screen.  The recall window, the item and every option must fit
 * even at the smallest size (40x12), so the blank separators go first,
 * then the item and the window are shortened (wrapped text cut at the
 * last row), never the options.
 */
static void
draw_item(const struct qa *q, const struct checkin_step *st,
          struct ui_canvas *c)
{
	const struct inst_item *it = st->question;
	int chosen = st->chosen, y = 0;
	struct buf b = BUF_INIT;
	const char *win = st->window;
	int h_win, h_item, h_hint, h_title, nopts = (int)it->nopts, spare, gaps;
	bool twocol = false;

	h_win = wrap_rows(win, c->cols);
	h_item = wrap_rows(it->text, c->cols - 2);
	if (h_win > 3)
		h_win = 3;
	/* The essentials first: window, item, options.  Then, as room
	 * allows, the title (the status line repeats it), the key hint (or
	 * the warning in its place) and blank separators. */
	spare = c->rows - (h_win + h_item + nopts);
	while (spare < 0 && h_win > 1) {
		h_win--;
		spare++;
	}
	/* Short options can share rows, two by two, before the item is
	 * cut. */
	if (spare < 0) {
		int widest = 0, half = (c->cols - 2) / 2;

		for (size_t j = 0; j < it->nopts; j++) {
			const char *l = it->opts[j].label;
			int w = 5 + (l ? (int)utf8_width(l, strlen(l)) : 0);

			if (w > widest)
				widest = w;
		}
		if (widest <= half) {
			twocol = true;
			spare += nopts - (nopts + 1) / 2;
		}
	}
	while (spare < 0 && h_item > 1) {
		h_item--;
		spare++;
	}
	h_title = spare > 0 ? 1 : 0;
	spare -= h_title;
	h_hint = spare > 0 ? 1 : 0;
	spare -= h_hint;
	if (q->hint && spare > 0) {
		h_hint++;
		spare--;
	}
	gaps = spare > 3 ? 3 : (spare > 0 ? spare : 0);

	if (st->heading)
		buf_adds(&b, st->heading);
	else if (st->number)
		buf_printf(&b, _("%s: question %zu of %zu"), st->name,
		           st->number, st->count);
	else
		buf_printf(&b, _("%s: one more question"), st->name);
	if (h_title)
		ui_put_trunc(c, y++, 0, c->cols, UI_STYLE_H2, b.data, b.len);
	/* The recall window, always in view. */
	if (win)
		y += ui_put_wrap(c, y, 0, c->cols, h_win, UI_STYLE_TITLE, win);
	if (gaps > 2)
		y++;
	y += ui_put_wrap(c, y, 2, c->cols - 2, h_item, UI_STYLE_H3, it->text);
	if (gaps > 0)
		y++;
	for (size_t j = 0; j < it->nopts && y < c->rows; j++) {
		const struct inst_option *o = &it->opts[j];
		unsigned sty =
		        o->key == chosen ? UI_STYLE_SELECTED : UI_STYLE_NORMAL;
		int half = (c->cols - 2) / 2;

		buf_reset(&b);
		buf_printf(&b, " %d  %s ", o->key, o->label ? o->label : "");
		if (!twocol)
			ui_put_trunc(c, y++, 2, c->cols - 2, sty, b.data,
			             b.len);
		else if (j % 2 == 0)
			ui_put_trunc(c, y, 2, half, sty, b.data, b.len);
		else
			ui_put_trunc(c, y++, 2 + half, half, sty, b.data,
			             b.len);
	}
	if (twocol && nopts % 2)
		y++;
	if (gaps > 1)
		y++;
	buf_reset(&b);
	keys_hint(it, &b);
	if (st->optional)
		buf_adds(&b, _(" Enter: leave it out."));
	buf_adds(&b, st->can_back ? _(" Left or b: back.  ! crisis contacts.")
	                          : _(" ! crisis contacts."));
	if (q->hint && h_hint == 1)
		ui_put_wrap(c, y, 0, c->cols, 1, UI_STYLE_WARNING, q->hint);
	else if (h_hint)
		y += ui_put_wrap(c, y, 0, c->cols, 1, UI_STYLE_DIM, b.data);
	if (q->hint && h_hint == 2)
		ui_put_wrap(c, y, 0, c->cols, 1, UI_STYLE_WARNING, q->hint);
	buf_free(&b);
}

static void
draw_review(const struct qa *q, struct ui_canvas *c)
{
	struct buf b = BUF_INIT;
	int y = 0, avail;
	size_t first = 0, n = checkin_rows(q->c);

	ui_put_trunc(c, y++, 0, c->cols, UI_STYLE_H2, _("Check your answers"),
	             SIZE_MAX);
	y++;
	avail = c->rows - y - 3;
	if (avail < 1)
		avail = 1;
	if (q->sel >= (size_t)avail)
		first = q->sel - (size_t)avail + 1;
	/* The answers' column as wide as its widest answer (up to half the
	 * line): short answers are never cut while there is room. */
	int aw = 0;

	for (size_t i = 0; i < n; i++) {
		size_t num;
		int key;
		const struct inst_item *it = checkin_row(q->c, i, &num, &key);
		const struct inst_option *o = inst_option_by_key(it, key);

		buf_reset(&b);
		if (o)
			buf_printf(&b, "%d %s", o->key,
			           o->label ? o->label : "");
		if ((int)utf8_width(b.data ? b.data : "", b.len) > aw)
			aw = (int)utf8_width(b.data ? b.data : "", b.len);
	}
	if (aw > c->cols / 2)
		aw = c->cols / 2;
	for (size_t i = first; i < n && y < c->rows - 3; i++) {
		size_t num;
		int key;
		const struct inst_item *it = checkin_row(q->c, i, &num, &key);
		const struct inst_option *o = inst_option_by_key(it, key);
		int w = c->cols - aw - 2;
		unsigned sty =
		        i == q->sel ? UI_STYLE_SELECTED : UI_STYLE_NORMAL;

		buf_reset(&b);
		if (num)
			buf_printf(&b, "%2zu. ", num);
		else
			buf_adds(&b, "    ");
		ui_fill(c, y, 0, c->cols, sty);
		ui_put(c, y, 0, 4, sty, b.data, b.len);
		ui_put_trunc(c, y, 4, w - 4, sty, it->text, SIZE_MAX);
		buf_reset(&b);
		if (o)
			buf_printf(&b, "%d %s", o->key,
			           o->label ? o->label : "");
		ui_put_trunc(c, y, w + 1, c->cols - w - 1, sty, b.data, b.len);
		y++;
	}
	ui_put_wrap(c, c->rows - 2, 0, c->cols, 2, UI_STYLE_KEY,
	            _("Up/Down: choose  Enter: change  s: save  q: leave "
	              "without saving"));
	buf_free(&b);
}

static void
qa_draw(const void *state, struct ui_canvas *c)
{
	const struct qa *q = state;
	const struct checkin_step *st = checkin_step(q->c);

	switch (st->kind) {
	case CHECKIN_INTRO:
		draw_intro(st, c);
		break;
	case CHECKIN_QUESTION:
		draw_item(q, st, c);
		break;
	case CHECKIN_REVIEW:
		draw_review(q, c);
		break;
	case CHECKIN_SAFETY: /* shown as its own screen on top */
	case CHECKIN_RESULT: /* the chart replaces this screen */
		break;
	}
}

static void
qa_status(const void *state, struct buf *left, struct buf *right)
{
	const struct qa *q = state;
	const struct checkin_step *st = checkin_step(q->c);

	buf_adds(left, st->name);
	if (st->kind == CHECKIN_QUESTION && st->number)
		buf_printf(right, "%zu/%zu", st->number, st->count);
}

/*
 * Shows what the flow says now and is not a place to stay on this
 * screen: the safety text (its own scrolling screen, on top, at once) and
 * the result (the chart, in place of this screen).
 */
static void
show_step(struct ui *ui, struct qa *q)
{
	const struct checkin_step *st = checkin_step(q->c);

	while (st->kind == CHECKIN_SAFETY) {
		ui_safety_push(ui, st->safety, st->text);
		checkin_go_on(q->c);
		st = checkin_step(q->c);
	}
	if (st->kind == CHECKIN_RESULT) {
		struct buf b = BUF_INIT;
		struct inst_set *set = q->set;

		paras_text(st->text, &b);
		if (b.len && b.data[b.len - 1] == '\n')
			b.data[--b.len] = '\0';
		q->set = NULL; /* the chart takes it */
		ui_chart_show(ui, set, checkin_instrument(q->c), buf_detach(&b),
		              true);
	}
}

static void
report(struct ui *ui, char *msg)
{
	if (msg)
		ui_message(ui, "%s", msg);
	free(msg);
}

static int
answer(struct ui *ui, struct qa *q, int key)
{
	char *msg = NULL;
	enum checkin_rc rc =
	        checkin_answer(q->c, ui_session(ui), key, clock_now(), &msg);

	if (rc == CHECKIN_NOT_AN_OPTION) {
		q->hint = _("That number is not one of the answers.");
		return UI_DRAW;
	}
	q->hint = NULL;
	report(ui, msg);
	show_step(ui, q);
	return UI_DRAW;
}

static int
save_done(struct ui *ui, void *arg, bool yes)
{
	struct qa *q = arg;
	char *msg = NULL;

	if (!yes)
		return UI_DRAW;
	checkin_save(q->c, ui_session(ui), "self", clock_now(), &msg);
	/* The screen may be replaced by the chart: show_step last. */
	report(ui, msg);
	show_step(ui, q);
	return UI_DRAW;
}

static int
leave_done(struct ui *ui, void *arg, bool yes)
{
	return yes ? UI_CLOSE : UI_DRAW;
}

static bool
is_back_key(const struct ui_key *key)
{
	if (key->fn)
		return key->code == KEY_LEFT || key->code == KEY_BACKSPACE;
	return key->code == 'b' || key->code == 127 || key->code == 8;
}

static int
qa_action(struct ui *ui, void *state, enum ui_action act,
          const struct ui_key *key)
{
	struct qa *q = state;
	const struct checkin_step *st = checkin_step(q->c);

	if (act == ACT_BACK) {
		ui_confirm(ui, _("Leave?"),
		           _("Leave without saving these answers?"), false,
		           leave_done, q);
		return UI_OK;
	}
	switch (st->kind) {
	case CHECKIN_INTRO:
		if (act == ACT_SELECT) {
			checkin_start(q->c);
			return UI_DRAW;
		}
		break;
	case CHECKIN_QUESTION:
		if (!key->fn && key->code >= '0' && key->code <= '9' &&
		    (act == ACT_PICK || act == ACT_NONE))
			return answer(ui, q, key->code - '0');
		if (act == ACT_SELECT) {
			char *msg = NULL;

			q->hint =
			        checkin_next(q->c, ui_session(ui), clock_now(),
			                     &msg) == CHECKIN_NEEDS_ANSWER
			                ? _("Every question needs an answer: "
			                    "press a number.")
			                : NULL;
			report(ui, msg);
			show_step(ui, q);
			return UI_DRAW;
		}
		if (act == ACT_NONE && is_back_key(key)) {
			q->hint = NULL;
			checkin_back(q->c);
			return UI_DRAW;
		}
		break;
	case CHECKIN_REVIEW:
		if (act == ACT_UP || act == ACT_DOWN) {
			if (act == ACT_UP && q->sel > 0)
				q->sel--;
			else if (act == ACT_DOWN &&
			         q->sel + 1 < checkin_rows(q->c))
				q->sel++;
			return UI_DRAW;
		}
		if (act == ACT_SELECT) {
			checkin_change(q->c, q->sel);
			return UI_DRAW;
		}
		if (act == ACT_NONE && !key->fn &&
		    (key->code == 's' || key->code == 'y')) {
			ui_confirm(ui, _("Save?"),
			           _("Save these answers? They cannot be "
			             "changed afterwards."),
			           true, save_done, q);
			return UI_OK;
		}
		if (act == ACT_NONE && is_back_key(key)) {
			checkin_back(q->c);
			return UI_DRAW;
		}
		break;
	case CHECKIN_SAFETY:
	case CHECKIN_RESULT:
		break;
	}
	return UI_PASS;
}

static const struct screen_ops qa_ops = {
        .name = "assess",
        .title = N_("Check-in"),
        .keymaps = UI_MAP_LIST,
        .draw = qa_draw,
        .status = qa_status,
        .action = qa_action,
        .free = qa_free,
};

/* A new questionnaire state, or NULL when id is unknown. */
static struct qa *
qa_new(struct session *s, const char *id)
{
	struct diags d = DIAGS_INIT;
	struct qa *q = xcalloc(1, sizeof(*q));

	q->set = app_instruments_load(&d);
	diag_free(&d);
	if (checkin_new(q->set, id, s, NULL, &q->c) < 0) {
		qa_free(q);
		return NULL;
	}
	return q;
}

int
ui_assess_push(struct ui *ui, const char *id)
{
	struct qa *q = qa_new(ui_session(ui), id);

	if (!q) {
		ui_alert(ui, _("Check-in"),
		         _("There is no such questionnaire."), NULL, NULL);
		return -1;
	}
	ui_push(ui, &qa_ops, q);
	return 0;
}

/* A first screen that opens the chart once the shell runs. */
struct chart_start {
	char *id;
};

static void
start_draw(const void *state, struct ui_canvas *c)
{
}

/* Only reached once the chart has closed: then the run is over. */
static int
start_action(struct ui *ui, void *state, enum ui_action act,
             const struct ui_key *key)
{
	return UI_QUIT;
}

static void
start_resize(struct ui *ui, void *state, int rows, int cols)
{
	struct chart_start *cs = state;

	if (cs->id) {
		char *id = cs->id;

		cs->id = NULL;
		ui_chart_push(ui, id);
		free(id);
	}
}

static void
start_free(void *state)
{
	struct chart_start *cs = state;

	free(cs->id);
	free(cs);
}

static const struct screen_ops start_ops = {
        .name = "chart-start",
        .draw = start_draw,
        .action = start_action,
        .resize = start_resize,
        .free = start_free,
};

int
ui_assess_run(const struct opts *opts, struct session *s, const char *id,
              bool chart)
{
	struct qa *q;
	struct chart_start *cs;

	if (chart) {
		cs = xcalloc(1, sizeof(*cs));
		cs->id = xstrdup(id);
		return ui_run(opts, s, &start_ops, cs);
	}
	q = qa_new(s, id);
	if (!q)
		return EXIT_USAGE;
	return ui_run(opts, s, &qa_ops, q);
}
