/*
 * The scrolling text view, and the two views every screen can reach: help
 * (built from the action table, so it always tells the truth about the
 * keys) and crisis contacts.  The crisis screen, and the safety screen a
 * check-in opens, are views of app/safety.h's text with two keys of their
 * own: c chooses the country (and the text is built again for it), p
 * opens the person's safety plan, or a new one.
 */
#include "ui/view.h"

#include <stdlib.h>
#include <string.h>

#include "app/safety.h"
#include "ui/assess.h"
#include "ui/sheet.h"
#include "util/i18n.h"
#include "util/secret.h"
#include "util/utf8.h"
#include "util/xalloc.h"

struct para {
	unsigned style;
	char *key; /* NULL: none */
	int keycols;
	char *text;
};

struct row {
	size_t para;
	bool first; /* the paragraph's first row: the key is shown */
	char *text;
};

struct view {
	char *title;
	struct view_keys keys; /* keys.action NULL: a plain view */
	struct para *paras;
	size_t np, pcap;
	struct row *rows;
	size_t nr, rcap;
	size_t top;
	int height, width;
	/* Crisis and safety views: the text's kind, rebuilt when the
	 * country changes; the footer below it. */
	enum safety_kind kind;
	char *footer;
	struct ui *ui; /* for rebuilding after the safety plan changed */
};

struct view *
view_new(const char *title)
{
	struct view *v = xcalloc(1, sizeof(*v));

	v->title = xstrdup(title ? title : "");
	return v;
}

void
view_add_key(struct view *v, const char *key, int keycols, unsigned style,
             const char *text)
{
	if (v->np == v->pcap) {
		v->pcap = v->pcap ? v->pcap * 2 : 16;
		v->paras = xreallocarray(v->paras, v->pcap, sizeof(*v->paras));
	}
	v->paras[v->np++] =
	        (struct para){style, key ? xstrdup(key) : NULL,
	                      key ? keycols : 0, xstrdup(text ? text : "")};
}

void
view_add(struct view *v, unsigned style, const char *text)
{
	view_add_key(v, NULL, 0, style, text);
}

static void
clear_rows(struct view *v)
{
	for (size_t i = 0; i < v->nr; i++)
		free(v->rows[i].text);
	v->nr = 0;
}

static void
add_row(struct view *v, size_t para, bool first, const char *s, size_t n)
{
	if (v->nr == v->rcap) {
		v->rcap = v->rcap ? v->rcap * 2 : 64;
		v->rows = xreallocarray(v->rows, v->rcap, sizeof(*v->rows));
	}
	v->rows[v->nr++] = (struct row){para, first, xstrndup(s, n)};
}

struct wrap_state {
	struct view *v;
	size_t para;
	bool first;
};

static void
emit_row(const char *line, size_t n, void *arg)
{
	struct wrap_state *w = arg;

	add_row(w->v, w->para, w->first, line, n);
	w->first = false;
}

void
view_clear(struct view *v)
{
	for (size_t i = 0; i < v->np; i++) {
		free(v->paras[i].key);
		secret_free(v->paras[i].text); /* may be the person's words */
	}
	v->np = 0;
}

void
view_set_title(struct view *v, const char *title)
{
	free(v->title);
	v->title = xstrdup(title ? title : "");
}

static void
view_free(void *state)
{
	struct view *v = state;

	if (v == NULL)
		return;
	clear_rows(v);
	free(v->rows);
	view_clear(v);
	if (v->keys.release)
		v->keys.release(v->keys.arg);
	free(v->paras);
	free(v->title);
	free(v->footer);
	free(v);
}

static size_t
max_top(const struct view *v)
{
	return v->nr > (size_t)v->height ? v->nr - (size_t)v->height : 0;
}

static void
view_resize(struct ui *ui, void *state, int rows, int cols)
{
	struct view *v = state;
	size_t keep = v->top < v->nr ? v->rows[v->top].para : 0;
	struct buf clean = BUF_INIT;

	v->height = rows;
	v->width = cols;
	clear_rows(v);
	if (v->keys.refill) {
		view_clear(v);
		v->keys.refill(v, v->keys.arg);
	}
	for (size_t i = 0; i < v->np; i++) {
		const struct para *p = &v->paras[i];
		int w = cols - 2 - p->keycols;
		struct wrap_state ws = {v, i, true};

		buf_reset(&clean);
		utf8_sanitize(&clean, p->text, strlen(p->text), false);
		if (clean.len == 0 || w < 8)
			add_row(v, i, true, "", 0);
		else
			utf8_wrap(clean.data, clean.len, (size_t)w, emit_row,
			          &ws);
	}
	buf_free(&clean);
	v->top = 0;
	for (size_t r = 0; r < v->nr; r++) {
		if (v->rows[r].para == keep && v->rows[r].first) {
			v->top = r;
			break;
		}
	}
	if (v->top > max_top(v))
		v->top = max_top(v);
}

static void
view_draw(const void *state, struct ui_canvas *c)
{
	const struct view *v = state;

	for (int y = 0; y < c->rows && v->top + (size_t)y < v->nr; y++) {
		const struct row *r = &v->rows[v->top + (size_t)y];
		const struct para *p = &v->paras[r->para];

		if (r->first && p->key)
			ui_put_trunc(c, y, 1, p->keycols - 1, UI_STYLE_KEY,
			             p->key, SIZE_MAX);
		ui_put(c, y, 1 + p->keycols, c->cols - 1 - p->keycols, p->style,
		       r->text, SIZE_MAX);
	}
}

static void
view_status(const void *state, struct buf *left, struct buf *right)
{
	const struct view *v = state;

	buf_adds(left, v->title);
	if (v->nr > (size_t)v->height) {
		size_t end = v->top + (size_t)v->height;

		buf_printf(right, "%zu%%",
		           (end > v->nr ? v->nr : end) * 100 / v->nr);
	}
}

/* Moves a scroll position; shared by the views and the reader's logic
 * but kept here in its simplest form. */
static int
view_action(struct ui *ui, void *state, enum ui_action act,
            const struct ui_key *key)
{
	struct view *v = state;
	size_t old = v->top, mt = max_top(v);
	size_t page = v->height > 1 ? (size_t)v->height - 1 : 1;
	size_t half = v->height > 1 ? (size_t)v->height / 2 : 1;

	switch (act) {
	case ACT_LINE_DOWN:
		v->top++;
		break;
	case ACT_LINE_UP:
		v->top = v->top ? v->top - 1 : 0;
		break;
	case ACT_HALF_DOWN:
		v->top += half;
		break;
	case ACT_HALF_UP:
		v->top = v->top > half ? v->top - half : 0;
		break;
	case ACT_PAGE_DOWN:
		v->top += page;
		break;
	case ACT_PAGE_UP:
		v->top = v->top > page ? v->top - page : 0;
		break;
	case ACT_TOP:
		v->top = 0;
		break;
	case ACT_BOTTOM:
		v->top = mt;
		break;
	default:
		return v->keys.action ? v->keys.action(ui, v->keys.arg, act)
		                      : UI_PASS;
	}
	if (v->top > mt)
		v->top = mt;
	return v->top != old ? UI_DRAW : UI_OK;
}

static const enum ui_action *
view_hints(const void *state)
{
	static const enum ui_action h[] = {ACT_BACK, ACT_NONE};

	return h;
}

static const struct screen_ops view_ops = {
        .name = "view",
        .keymaps = UI_MAP_SCROLL,
        .draw = view_draw,
        .status = view_status,
        .hints = view_hints,
        .action = view_action,
        .resize = view_resize,
        .free = view_free,
};

static const struct screen_ops help_ops = {
        .name = "help",
        .keymaps = UI_MAP_SCROLL,
        .draw = view_draw,
        .status = view_status,
        .hints = view_hints,
        .action = view_action,
        .resize = view_resize,
        .free = view_free,
};

static int crisis_action(struct ui *ui, void *state, enum ui_action act,
                         const struct ui_key *key);

static const enum ui_action *
crisis_hints(const void *state)
{
	static const enum ui_action h[] = {ACT_COUNTRY, ACT_SAFETY_PLAN,
	                                   ACT_BACK, ACT_NONE};

	return h;
}

static const struct screen_ops crisis_ops = {
        .name = "crisis",
        .keymaps = UI_MAP_SCROLL | UI_MAP_CRISIS,
        .draw = view_draw,
        .status = view_status,
        .hints = crisis_hints,
        .action = crisis_action,
        .resize = view_resize,
        .free = view_free,
};

/* The safety screen of a check-in: the same keys under another name, so
 * that ! still opens the crisis screen on top of it. */
static const struct screen_ops safety_ops = {
        .name = "safety",
        .keymaps = UI_MAP_SCROLL | UI_MAP_CRISIS,
        .draw = view_draw,
        .status = view_status,
        .hints = crisis_hints,
        .action = crisis_action,
        .resize = view_resize,
        .free = view_free,
};

void
view_push(struct ui *ui, struct view *v)
{
	ui_push(ui, &view_ops, v);
}

static const enum ui_action *
keyed_hints(const void *state)
{
	const struct view *v = state;

	return v->keys.hints ? v->keys.hints : view_hints(state);
}

/* One set of ops per keymap combination a keyed view uses. */
static const struct screen_ops keyed_notes_ops = {
        .name = "note",
        .keymaps = UI_MAP_SCROLL | UI_MAP_NOTES,
        .draw = view_draw,
        .status = view_status,
        .hints = keyed_hints,
        .action = view_action,
        .resize = view_resize,
        .free = view_free,
};

void
view_push_keyed(struct ui *ui, struct view *v, const struct view_keys *k)
{
	v->keys = *k;
	/* Only the notes keymap so far; a new one gets its own ops. */
	ui_push(ui, &keyed_notes_ops, v);
}

static void
help_map(struct view *v, int m, int keycols)
{
	struct buf keys = BUF_INIT;

	view_add(v, UI_STYLE_NORMAL, "");
	view_add(v, UI_STYLE_H2, ui_keymap_title(m));
	for (int a = 1; a < ACT_COUNT; a++) {
		if (!(ui_action_maps((enum ui_action)a) & (1u << m)))
			continue;
		buf_reset(&keys);
		ui_action_keys(&keys, (enum ui_action)a);
		view_add_key(v, keys.data, keycols, UI_STYLE_NORMAL,
		             ui_action_help((enum ui_action)a));
	}
	buf_free(&keys);
}

void
view_push_help(struct ui *ui, unsigned maps, const char *title)
{
	struct view *v = view_new(_("Keys"));
	struct buf head = BUF_INIT, keys = BUF_INIT;
	int keycols = 8;

	/* The key column fits the longest key list shown. */
	maps |= UI_MAP_GLOBAL;
	for (int a = 1; a < ACT_COUNT; a++) {
		if (!(ui_action_maps((enum ui_action)a) & maps))
			continue;
		buf_reset(&keys);
		ui_action_keys(&keys, (enum ui_action)a);
		int w = (int)utf8_width(keys.data, keys.len) + 2;

		if (w > keycols)
			keycols = w < 28 ? w : 28;
	}
	buf_free(&keys);

	if (title && *title)
		buf_printf(&head, _("Keys: %s"), title);
	else
		buf_adds(&head, _("Keys"));
	view_add(v, UI_STYLE_H1, head.data);
	buf_free(&head);
	for (int m = 0; m < UI_MAP_COUNT; m++)
		if ((maps & (1u << m)) && (1u << m) != UI_MAP_GLOBAL)
			help_map(v, m, keycols);
	help_map(v, UI_MAPI_GLOBAL, keycols);
	view_add(v, UI_STYLE_NORMAL, "");
	view_add(v, UI_STYLE_DIM, _("q or Esc closes this help."));
	ui_push(ui, &help_ops, v);
}

void
view_add_paras(struct view *v, const struct paras *p)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct paragraph *pa = &p->v[i];

		switch (pa->style) {
		case PARA_TITLE:
			view_add(v, UI_STYLE_CRISIS, pa->text);
			break;
		case PARA_HEADING:
			view_add(v, UI_STYLE_H2, pa->text);
			break;
		case PARA_TEXT:
			view_add(v, UI_STYLE_NORMAL, pa->text);
			break;
		case PARA_ITEM:
			view_add_key(v, "", 2, UI_STYLE_NORMAL, pa->text);
			break;
		case PARA_NOTE:
			view_add(v, UI_STYLE_DIM, pa->text);
			break;
		case PARA_WARNING:
			view_add(v, UI_STYLE_WARNING, pa->text);
			break;
		}
	}
}

void
ui_crisis_text(struct session *s, struct buf *out)
{
	struct paras p = PARAS_INIT;

	safety_crisis(s, NULL, &p);
	for (size_t i = 0; i < p.n; i++)
		buf_printf(out, "%s%s\n",
		           p.v[i].style == PARA_TITLE ? "# " : "", p.v[i].text);
	paras_free(&p);
}

/* Empties v's paragraphs (the text is built again). */
static void
clear_paras(struct view *v)
{
	clear_rows(v);
	for (size_t i = 0; i < v->np; i++) {
		free(v->paras[i].key);
		free(v->paras[i].text);
	}
	v->np = 0;
}

static void
fill_safety(struct view *v, const struct paras *p)
{
	view_add_paras(v, p);
	view_add(v, UI_STYLE_NORMAL, "");
	view_add(v, UI_STYLE_DIM, v->footer);
}

/* The text again, for the country and the safety plan as they are now. */
static void
rebuild(struct ui *ui, struct view *v)
{
	struct paras p = PARAS_INIT;

	clear_paras(v);
	safety_text(v->kind, ui_session(ui), NULL, &p);
	fill_safety(v, &p);
	paras_free(&p);
	view_resize(ui, v, v->height, v->width);
}

static int
country_chosen_cb(struct ui *ui, void *arg, bool changed)
{
	if (changed)
		rebuild(ui, arg);
	return UI_DRAW;
}

/* The safety plan's form is gone (it is freed above this view, which is
 * still there): show the plan as it is now. */
static void
plan_closed(void *arg)
{
	struct view *v = arg;

	rebuild(v->ui, v);
}

/* Opens the safety plan; when v is not NULL, v shows it again once the
 * form is closed. */
static int
plan_open(struct ui *ui, struct view *v)
{
	struct session *s = ui_session(ui);
	int64_t id = 0;

	if (!s) {
		ui_alert(ui, _("Your safety plan"),
		         _("Your safety plan is kept in the vault: unlock it "
		           "first."),
		         NULL, NULL);
		return -1;
	}
	if (safety_plan_id(s, &id) < 0)
		id = 0;
	return sheet_form_push_notify(ui, SAFETY_PLAN_SHEET, id,
	                              v ? plan_closed : NULL, v);
}

int
ui_safety_plan_open(struct ui *ui)
{
	return plan_open(ui, NULL);
}

static int
crisis_action(struct ui *ui, void *state, enum ui_action act,
              const struct ui_key *key)
{
	struct view *v = state;

	switch (act) {
	case ACT_COUNTRY:
		ui_country_push(ui, country_chosen_cb, v);
		return UI_DRAW;
	case ACT_SAFETY_PLAN:
		(void)plan_open(ui, v);
		return UI_DRAW;
	default:
		return view_action(ui, state, act, key);
	}
}

void
view_push_safety(struct ui *ui, const char *title, enum safety_kind kind,
                 const struct paras *text, const char *footer)
{
	struct view *v = view_new(title);

	v->kind = kind;
	v->footer = xstrdup(footer);
	v->ui = ui;
	fill_safety(v, text);
	ui_push(ui, kind == SAFETY_CRISIS ? &crisis_ops : &safety_ops, v);
}

void
view_push_crisis(struct ui *ui)
{
	struct paras p = PARAS_INIT;

	safety_crisis(ui_session(ui), NULL, &p);
	view_push_safety(ui, _("Help now"), SAFETY_CRISIS, &p,
	                 _("c: change your country   p: your safety plan   "
	                   "q or Esc: back"));
	paras_free(&p);
}
