/*
 * The questionnaire screen.  One item at a time under the instrument's own
 * recall window, which stays on screen; a number key answers and moves on;
 * left, Backspace or b goes back to change an answer; Enter moves on only
 * when the item has an answer (no item can be skipped).  A risk answer is
 * flagged in the vault and saved at once, and the safety screen opens
 * before the next item and before any score.  After the last item comes a
 * review where any answer can be changed, then a confirmation; only then
 * are the answers saved, and the screen becomes the result and the chart.
 */
#include "ui/assess.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/assess.h"
#include "app/session.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

enum phase { PH_INTRO, PH_ITEM, PH_REVIEW };

struct qa {
	struct inst_set *set; /* owns in; NULL once handed to the chart */
	const struct instrument *in;
	enum phase phase;
	size_t cur; /* item; in->nitems is the extra question */
	int *keys; /* -1: not answered */
	int extra;
	bool from_review; /* answering goes back to the review */
	size_t sel; /* review selection */
	int64_t flag; /* the critical flag of this administration */
	const char *hint; /* a one-line hint, static text */
	char *crisis_brief; /* before a questionnaire with a risk item */
};

static size_t
nq(const struct qa *q)
{
	return q->in->nitems + (q->in->extra ? 1 : 0);
}

static const struct inst_item *
item_at(const struct qa *q, size_t i)
{
	return i < q->in->nitems ? &q->in->items[i] : q->in->extra;
}

static int
answer_at(const struct qa *q, size_t i)
{
	return i < q->in->nitems ? q->keys[i] : q->extra;
}

static void
qa_free(void *state)
{
	struct qa *q = state;

	inst_set_free(q->set);
	free(q->keys);
	free(q->crisis_brief);
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
draw_intro(const struct qa *q, struct ui_canvas *c)
{
	int y = 0;

	ui_put_trunc(c, y++, 0, c->cols, UI_STYLE_H1, q->in->title, SIZE_MAX);
	y++;
	if (q->in->instructions)
		y += ui_put_wrap(c, y, 0, c->cols, c->rows - y - 4,
		                 UI_STYLE_NORMAL, q->in->instructions) +
		     1;
	if (q->in->recall) {
		struct buf b = BUF_INIT;

		buf_printf(&b, _("The questions are about %s."), q->in->recall);
		y += ui_put_wrap(c, y, 0, c->cols, 2, UI_STYLE_NORMAL, b.data) +
		     1;
		buf_free(&b);
	}
	if (q->crisis_brief) {
		y += ui_put_wrap(c, y, 0, c->cols, 3, UI_STYLE_NORMAL,
		                 q->crisis_brief);
		y += ui_put_wrap(
		             c, y, 0, c->cols, 2, UI_STYLE_NORMAL,
		             _("Press ! at any time for crisis contacts.")) +
		     1;
	}
	ui_put_wrap(c, y, 0, c->cols, 2, UI_STYLE_KEY,
	            _("Press Enter to start, q to leave."));
	ui_put_wrap(c, c->rows - 3, 0, c->cols, 3, UI_STYLE_DIM,
	            q->in->attribution);
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
draw_item(const struct qa *q, struct ui_canvas *c)
{
	const struct inst_item *it = item_at(q, q->cur);
	int chosen = answer_at(q, q->cur), y = 0;
	struct buf b = BUF_INIT, win = BUF_INIT;
	int h_win, h_item, h_hint, h_title, nopts = (int)it->nopts, spare, gaps;
	bool twocol = false;

	if (q->in->window)
		buf_adds(&win, q->in->window);
	else if (q->in->recall)
		buf_printf(&win, _("About %s:"), q->in->recall);
	h_win = wrap_rows(win.data, c->cols);
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

	if (q->cur < q->in->nitems)
		buf_printf(&b, _("%s: question %zu of %zu"), q->in->short_name,
		           q->cur + 1, q->in->nitems);
	else
		buf_printf(&b, _("%s: one more question"), q->in->short_name);
	if (h_title)
		ui_put_trunc(c, y++, 0, c->cols, UI_STYLE_H2, b.data, b.len);
	/* The recall window, always in view. */
	if (win.len)
		y += ui_put_wrap(c, y, 0, c->cols, h_win, UI_STYLE_TITLE,
		                 win.data);
	if (gaps > 2)
		y++;
	y += ui_put_wrap(c, y, 2, c->cols - 2, h_item, UI_STYLE_H3, it->text);
	if (gaps > 0)
		y++;
	for (size_t j = 0; j < it->nopts && y < c->rows; j++) {
		const struct inst_option *o = &it->opts[j];
		unsigned st =
		        o->key == chosen ? UI_STYLE_SELECTED : UI_STYLE_NORMAL;
		int half = (c->cols - 2) / 2;

		buf_reset(&b);
		buf_printf(&b, " %d  %s ", o->key, o->label ? o->label : "");
		if (!twocol)
			ui_put_trunc(c, y++, 2, c->cols - 2, st, b.data, b.len);
		else if (j % 2 == 0)
			ui_put_trunc(c, y, 2, half, st, b.data, b.len);
		else
			ui_put_trunc(c, y++, 2 + half, half, st, b.data, b.len);
	}
	if (twocol && nopts % 2)
		y++;
	if (gaps > 1)
		y++;
	buf_reset(&b);
	keys_hint(it, &b);
	buf_adds(&b, q->cur > 0 || q->from_review
	                     ? _(" Left or b: back.  ! crisis contacts.")
	                     : _(" ! crisis contacts."));
	if (q->hint && h_hint == 1)
		ui_put_wrap(c, y, 0, c->cols, 1, UI_STYLE_WARNING, q->hint);
	else if (h_hint)
		y += ui_put_wrap(c, y, 0, c->cols, 1, UI_STYLE_DIM, b.data);
	if (q->hint && h_hint == 2)
		ui_put_wrap(c, y, 0, c->cols, 1, UI_STYLE_WARNING, q->hint);
	buf_free(&b);
	buf_free(&win);
}

static void
draw_review(const struct qa *q, struct ui_canvas *c)
{
	struct buf b = BUF_INIT;
	int y = 0, avail;
	size_t first = 0;

	ui_put_trunc(c, y++, 0, c->cols, UI_STYLE_H2, _("Check your answers"),
	             SIZE_MAX);
	y++;
	avail = c->rows - y - 3;
	if (avail < 1)
		avail = 1;
	if (q->sel >= (size_t)avail)
		first = q->sel - (size_t)avail + 1;
	for (size_t i = first; i < nq(q) && y < c->rows - 3; i++) {
		const struct inst_item *it = item_at(q, i);
		const struct inst_option *o =
		        inst_option_by_key(it, answer_at(q, i));
		int w = c->cols > 50 ? c->cols - 24 : c->cols / 2;
		unsigned st = i == q->sel ? UI_STYLE_SELECTED : UI_STYLE_NORMAL;

		buf_reset(&b);
		if (i < q->in->nitems)
			buf_printf(&b, "%2zu. ", i + 1);
		else
			buf_adds(&b, "    ");
		ui_fill(c, y, 0, c->cols, st);
		ui_put(c, y, 0, 4, st, b.data, b.len);
		ui_put_trunc(c, y, 4, w - 4, st, it->text, SIZE_MAX);
		buf_reset(&b);
		if (o)
			buf_printf(&b, "%d %s", o->key,
			           o->label ? o->label : "");
		ui_put_trunc(c, y, w + 1, c->cols - w - 1, st, b.data, b.len);
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

	switch (q->phase) {
	case PH_INTRO:
		draw_intro(q, c);
		break;
	case PH_ITEM:
		draw_item(q, c);
		break;
	case PH_REVIEW:
		draw_review(q, c);
		break;
	}
}

static void
qa_status(const void *state, struct buf *left, struct buf *right)
{
	const struct qa *q = state;

	buf_adds(left, q->in->short_name);
	if (q->phase == PH_ITEM && q->cur < q->in->nitems)
		buf_printf(right, "%zu/%zu", q->cur + 1, q->in->nitems);
}

static void
advance(struct qa *q)
{
	q->hint = NULL;
	if (q->from_review || q->cur + 1 >= nq(q)) {
		q->phase = PH_REVIEW;
		q->from_review = false;
		return;
	}
	q->cur++;
}

/* The flag is saved at once: abandoning the questionnaire cannot lose it. */
static void
raise_flag(struct ui *ui, struct qa *q, size_t item, int key)
{
	struct session *s = ui_session(ui);
	char *msg = NULL;

	if (q->flag > 0 || !s)
		return;
	q->flag = assess_flag_critical(s, q->in, item, key, clock_now());
	if (q->flag < 0 || session_commit(s, clock_now(), &msg) != EXIT_OK)
		ui_message(ui, "%s", msg ? msg : _("Could not save."));
	free(msg);
}

static int
answer(struct ui *ui, struct qa *q, int key)
{
	const struct inst_item *it = item_at(q, q->cur);
	const struct inst_option *o = inst_option_by_key(it, key);
	size_t i = q->cur;

	if (!o) {
		q->hint = _("That number is not one of the answers.");
		return UI_DRAW;
	}
	if (i < q->in->nitems)
		q->keys[i] = key;
	else
		q->extra = key;
	advance(q);
	if (i < q->in->nitems && inst_item_is_critical(it, o->value)) {
		raise_flag(ui, q, i, key);
		ui_safety_push(ui, q->in);
	}
	return UI_DRAW;
}

static int
save_done(struct ui *ui, void *arg, bool yes)
{
	struct qa *q = arg;
	struct session *s = ui_session(ui);
	struct assess_outcome out;
	struct buf b = BUF_INIT;
	char *msg = NULL;
	struct inst_set *set;

	if (!yes)
		return UI_DRAW;
	if (!s) {
		ui_message(ui, "%s", _("The vault is locked: nothing saved."));
		return UI_DRAW;
	}
	if (assess_record(s, q->set, q->in, q->keys, q->extra, "self", q->flag,
	                  clock_now(), &out, &msg) < 0 ||
	    session_commit(s, clock_now(), &msg) != EXIT_OK) {
		ui_message(ui, "%s", msg ? msg : _("Could not save."));
		free(msg);
		return UI_DRAW;
	}
	assess_score_text(q->in, &out.res, &b);
	buf_addc(&b, '\n');
	assess_change_text(q->in, &out, &b);
	if (out.pause != PAUSE_NONE) {
		struct assess_pause p = {out.pause_flag,
		                         out.pause == PAUSE_DETERIORATION, "",
		                         0};

		buf_addc(&b, '\n');
		assess_pause_text(&p, q->in, &b);
	} else if (out.resumed) {
		buf_adds(&b, _("\nThe pause is lifted: the course can go on."));
	}
	set = q->set;
	q->set = NULL; /* the chart takes it */
	ui_chart_show(ui, set, q->in, buf_detach(&b), true);
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

	if (act == ACT_BACK) {
		ui_confirm(ui, _("Leave?"),
		           _("Leave without saving these answers?"), false,
		           leave_done, q);
		return UI_OK;
	}
	switch (q->phase) {
	case PH_INTRO:
		if (act == ACT_SELECT) {
			q->phase = PH_ITEM;
			return UI_DRAW;
		}
		break;
	case PH_ITEM:
		if (!key->fn && key->code >= '0' && key->code <= '9' &&
		    (act == ACT_PICK || act == ACT_NONE))
			return answer(ui, q, key->code - '0');
		if (act == ACT_SELECT) {
			if (answer_at(q, q->cur) < 0) {
				q->hint = _("Every question needs an answer: "
				            "press a number.");
				return UI_DRAW;
			}
			advance(q);
			return UI_DRAW;
		}
		if (act == ACT_NONE && is_back_key(key)) {
			q->hint = NULL;
			if (q->from_review) {
				q->from_review = false;
				q->phase = PH_REVIEW;
			} else if (q->cur > 0) {
				q->cur--;
			}
			return UI_DRAW;
		}
		break;
	case PH_REVIEW:
		if (act == ACT_UP || act == ACT_DOWN) {
			if (act == ACT_UP && q->sel > 0)
				q->sel--;
			else if (act == ACT_DOWN && q->sel + 1 < nq(q))
				q->sel++;
			return UI_DRAW;
		}
		if (act == ACT_SELECT) {
			q->cur = q->sel;
			q->from_review = true;
			q->phase = PH_ITEM;
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
			q->cur = nq(q) - 1;
			q->phase = PH_ITEM;
			return UI_DRAW;
		}
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
qa_new(const char *id)
{
	struct diags d = DIAGS_INIT;
	struct qa *q = xcalloc(1, sizeof(*q));

	q->set = pack_load_instruments(&d);
	diag_free(&d);
	q->in = inst_set_find(q->set, id);
	if (!q->in) {
		qa_free(q);
		return NULL;
	}
	q->keys = xcalloc(q->in->nitems, sizeof(*q->keys));
	for (size_t i = 0; i < q->in->nitems; i++)
		q->keys[i] = -1;
	q->extra = -1;
	q->phase = PH_INTRO;
	for (size_t i = 0; i < q->in->nitems; i++)
		if (q->in->items[i].critical) {
			struct crisis_list *l = assess_crisis(NULL, &d);
			struct buf b = BUF_INIT;

			assess_crisis_brief(l, &b);
			q->crisis_brief = buf_detach(&b);
			crisis_list_free(l);
			diag_free(&d);
			break;
		}
	return q;
}

int
ui_assess_push(struct ui *ui, const char *id)
{
	struct qa *q = qa_new(id);

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
	q = qa_new(id);
	if (!q)
		return EXIT_USAGE;
	return ui_run(opts, s, &qa_ops, q);
}
