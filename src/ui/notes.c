/*
 * "My notes", a note read, the answer box of a lesson's question or plan,
 * and the daily mood rating.  See ui/notes.h.  The notes come from
 * app/notes.c, which knows every kind; this file only lists, searches,
 * shows and hands a note to the screen that changes it (the answer box,
 * the worksheet form, the mood box).
 */
#include "ui/notes.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/course.h"
#include "app/lesson.h"
#include "app/mood.h"
#include "app/notes.h"
#include "ui/editor.h"
#include "ui/sheet.h"
#include "ui/view.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* A search in the notes is a phrase, not a text. */
#define NOTES_SEARCH_MAX 200

static struct app_course *
course_of(struct ui *ui)
{
	struct session *s = ui_session(ui);
	struct app_course *ac = s ? session_course_loaded(s) : NULL;
	char *msg = NULL;

	if (s && !ac && session_course(s, clock_now(), &ac, &msg) != EXIT_OK)
		ac = NULL;
	free(msg);
	return ac;
}

static void
fmt_day(char *out, size_t n, time_t t)
{
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, n, "%Y-%m-%d", &tm);
}

/* ---- The answer box of a question or a plan ---- */

struct part_edit {
	struct session *s;
	size_t lesson;
	enum course_part_kind kind;
	char *id;
	bool kept;
	void (*completed)(void *arg);
	void *arg;
};

static int
part_keep(void *arg, const char *text)
{
	struct part_edit *pe = arg;
	struct app_course *ac = session_course_loaded(pe->s);
	time_t now = clock_now();
	char *msg = NULL;
	int r;

	if (!ac)
		return -1;
	if (pe->kind == PART_PROMPT)
		r = app_lesson_answer(ac, pe->s, pe->lesson, pe->id, text, now);
	else
		r = app_plan_set(ac, pe->s, pe->lesson, pe->id, text, now);
	if (r < 0)
		return -1;
	if (session_commit(pe->s, now, &msg) != EXIT_OK) {
		free(msg);
		return -1;
	}
	pe->kept = true;
	if (r == 1 && pe->kind == PART_PROMPT && pe->completed)
		pe->completed(pe->arg);
	return 0;
}

static int
part_closed(struct ui *ui, void *arg)
{
	struct part_edit *pe = arg;

	if (pe->kept)
		ui_message(ui, "%s",
		           pe->kind == PART_PROMPT ? _("Answer kept.")
		                                   : _("Plan kept."));
	return UI_DRAW | UI_RELAYOUT;
}

static void
part_release(void *arg)
{
	struct part_edit *pe = arg;

	free(pe->id);
	free(pe);
}

int
notes_edit_part(struct ui *ui, size_t i, const struct course_part *p,
                void (*completed)(void *arg), void *arg)
{
	struct session *s = ui_session(ui);
	struct app_course *ac = course_of(ui);
	struct part_edit *pe;
	struct ui_edit_cb cb;
	char *old = NULL, *q = NULL;
	int lines;

	if (!s || !ac || !p || !p->id ||
	    (p->kind != PART_PROMPT && p->kind != PART_PLAN)) {
		ui_message(ui, "%s", _("This cannot be changed here."));
		return -1;
	}
	pe = xcalloc(1, sizeof(*pe));
	pe->s = s;
	pe->lesson = i;
	pe->kind = p->kind;
	pe->id = xstrdup(p->id);
	pe->completed = completed;
	pe->arg = arg;
	if (p->kind == PART_PROMPT) {
		(void)app_lesson_answer_get(ac, s, i, p->id, &old);
		q = xstrdup(p->text ? p->text : "");
		lines = p->lines > 0 ? p->lines : 3;
	} else {
		(void)app_plan_get(ac, s, i, p->id, &old);
		q = xasprintf(_("%s\n\nYour plan: when, where and how often "
		                "will you practise?"),
		              p->text ? p->text : "");
		lines = 3;
	}
	cb = (struct ui_edit_cb){part_keep, part_closed, part_release, pe};
	ui_edit(ui, p->kind == PART_PROMPT ? _("Your answer") : _("Your plan"),
	        q, old ? old : "", lines, COURSE_ANSWER_MAX, &cb);
	free(q);
	if (old)
		memset(old, 0, strlen(old));
	free(old);
	return 0;
}

/* ---- Changing a note ---- */

/* The part a lesson answer or plan note belongs to, or NULL. */
static const struct course_part *
note_part(struct app_course *ac, const struct app_note *n)
{
	const struct course *c = ac ? app_course_def(ac) : NULL;
	enum course_part_kind want =
	        n->kind == NOTE_PLAN ? PART_PLAN : PART_PROMPT;

	if (!c || n->lesson < 0 || (size_t)n->lesson >= c->nlessons || !n->key)
		return NULL;
	for (size_t k = 0; k < c->lessons[n->lesson].nparts; k++) {
		const struct course_part *p = &c->lessons[n->lesson].parts[k];

		if (p->kind == want && p->id && strcmp(p->id, n->key) == 0)
			return p;
	}
	return NULL;
}

struct reload {
	struct ui *ui;
	void *state; /* the screen to lay out again */
};

static void
entry_closed(void *arg)
{
	struct reload *rl = arg;

	ui_react(rl->ui, rl->state, UI_DRAW | UI_RELAYOUT);
	free(rl);
}

static int
mood_open(struct ui *ui, long day, int rating, const char *note, void *below);

/* Opens what changes note n; below is the screen to refresh after. */
static int
edit_note(struct ui *ui, const struct app_note *n, void *below)
{
	struct reload *rl;

	switch (n->kind) {
	case NOTE_ANSWER:
	case NOTE_PLAN: {
		const struct course_part *p = note_part(course_of(ui), n);

		if (!p) {
			ui_message(ui, "%s",
			           _("This answer belongs to a lesson that "
			             "is no longer in your course: it can be "
			             "read, not changed."));
			return UI_DRAW;
		}
		notes_edit_part(ui, (size_t)n->lesson, p, NULL, NULL);
		return UI_DRAW;
	}
	case NOTE_ENTRY:
		rl = xcalloc(1, sizeof(*rl));
		rl->ui = ui;
		rl->state = below;
		if (sheet_form_push_notify(ui, n->key, n->ref, entry_closed,
		                           rl) < 0)
			free(rl);
		return UI_DRAW;
	case NOTE_MOOD: {
		struct app_mood m;

		if (app_mood_get(ui_session(ui), n->ref, &m) == 1)
			mood_open(ui, m.day, m.rating, m.note, below);
		app_mood_clear(&m);
		return UI_DRAW;
	}
	default:
		ui_message(ui, "%s", _("Messages are kept as they came."));
		return UI_DRAW;
	}
}

/* ---- A note, read ---- */

struct note_read {
	struct ui *ui;
	char id[24];
	void (*closed)(void *arg);
	void *arg;
};

static void
note_release(void *arg)
{
	struct note_read *nr = arg;

	if (nr->closed)
		nr->closed(nr->arg);
	free(nr);
}

static void
note_fill(struct view *v, void *arg)
{
	struct note_read *nr = arg;
	struct app_note n;
	char day[32];
	char *head;

	if (app_note_get(ui_session(nr->ui), nr->id, &n) != 1) {
		view_add(v, UI_STYLE_DIM, _("This note is gone."));
		return;
	}
	fmt_day(day, sizeof(day), n.at);
	view_set_title(v, app_note_kind_title(n.kind));
	view_add(v, UI_STYLE_H1, n.title);
	head = xasprintf("%s, %s", app_note_kind_word(n.kind), day);
	view_add(v, UI_STYLE_DIM, head);
	free(head);
	view_add(v, UI_STYLE_NORMAL, "");
	for (const char *p = n.text, *nl; p && *p; p = nl ? nl + 1 : NULL) {
		char *line;

		nl = strchr(p, '\n');
		line = xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
		/* Worksheet labels stand out over their indented answers. */
		view_add(v,
		         n.kind == NOTE_ENTRY && line[0] && line[0] != ' '
		                 ? UI_STYLE_H3
		                 : UI_STYLE_ANSWER,
		         line);
		free(line);
	}
	app_note_clear(&n);
}

static int
note_action(struct ui *ui, void *arg, enum ui_action act)
{
	struct note_read *nr = arg;
	struct app_note n;
	int r;

	if (act != ACT_EDIT)
		return UI_PASS;
	if (app_note_get(ui_session(ui), nr->id, &n) != 1) {
		app_note_clear(&n);
		return UI_OK;
	}
	r = edit_note(ui, &n, ui_top(ui));
	app_note_clear(&n);
	return r;
}

int
note_open(struct ui *ui, const char *id, void (*closed)(void *arg), void *arg)
{
	static const enum ui_action hints[] = {ACT_EDIT, ACT_BACK, ACT_NONE};
	struct note_read *nr;
	struct view_keys k;
	struct app_note n;

	if (!ui_session(ui) || app_note_get(ui_session(ui), id, &n) != 1) {
		ui_message(ui, "%s", _("There is no such note."));
		return -1;
	}
	app_note_clear(&n);
	nr = xcalloc(1, sizeof(*nr));
	nr->ui = ui;
	snprintf(nr->id, sizeof(nr->id), "%s", id);
	nr->closed = closed;
	nr->arg = arg;
	k = (struct view_keys){.maps = UI_MAP_NOTES,
	                       .action = note_action,
	                       .refill = note_fill,
	                       .hints = hints,
	                       .release = note_release,
	                       .arg = nr};
	view_push_keyed(ui, view_new(_("Note")), &k);
	return 0;
}

/* ---- My notes ---- */

struct notes {
	struct session *s;
	struct ui *ui;
	struct app_notes all;
	size_t *vis; /* indexes into all shown under the filter */
	size_t nvis, sel, top;
	int filter; /* -1: every kind, else an app_note_kind */
	char *needle; /* the last search, or NULL */
	int rows, cols;
};

static void
notes_filter(struct notes *ns)
{
	ns->nvis = 0;
	for (size_t i = 0; i < ns->all.n; i++)
		if (ns->filter < 0 || (int)ns->all.v[i].kind == ns->filter)
			ns->vis[ns->nvis++] = i;
	if (ns->sel >= ns->nvis)
		ns->sel = ns->nvis ? ns->nvis - 1 : 0;
}

static void
notes_reload(struct notes *ns)
{
	char keep[24] = "";

	if (ns->sel < ns->nvis)
		snprintf(keep, sizeof(keep), "%s",
		         ns->all.v[ns->vis[ns->sel]].id);
	app_notes_free(&ns->all);
	(void)app_notes_list(ns->s, APP_NOTES_ALL, &ns->all);
	free(ns->vis);
	ns->vis = xcalloc(ns->all.n + 1, sizeof(*ns->vis));
	notes_filter(ns);
	for (size_t i = 0; i < ns->nvis; i++)
		if (strcmp(ns->all.v[ns->vis[i]].id, keep) == 0)
			ns->sel = i;
}

static int
list_rows(const struct notes *ns)
{
	return ns->rows > 3 ? ns->rows - 3 : 1;
}

static void
keep_visible(struct notes *ns)
{
	size_t n = (size_t)list_rows(ns);

	if (ns->sel < ns->top)
		ns->top = ns->sel;
	if (ns->sel >= ns->top + n)
		ns->top = ns->sel - n + 1;
}

static void
notes_resize(struct ui *ui, void *state, int rows, int cols)
{
	struct notes *ns = state;

	ns->rows = rows;
	ns->cols = cols;
	/* Also after UI_RELAYOUT: something was changed on top. */
	notes_reload(ns);
	keep_visible(ns);
}

static void
notes_draw(const void *state, struct ui_canvas *c)
{
	const struct notes *ns = state;
	struct buf b = BUF_INIT;
	int y = 2;

	buf_adds(&b, _("My notes"));
	if (ns->filter >= 0) {
		buf_adds(&b, ": ");
		buf_adds(&b,
		         app_note_kind_title((enum app_note_kind)ns->filter));
	}
	ui_put_trunc(c, 0, 1, c->cols - 2, UI_STYLE_H1, b.data, b.len);
	if (ns->nvis == 0) {
		ui_put_wrap(
		        c, 2, 1, c->cols - 2, c->rows - 2, UI_STYLE_DIM,
		        ns->all.n ? _("Nothing of this type. t shows another "
		                      "type.")
		                  : _("Nothing written yet. Your answers in "
		                      "lessons, your worksheet entries, plans "
		                      "and mood notes will all be here."));
		buf_free(&b);
		return;
	}
	for (size_t i = ns->top; i < ns->nvis && y < 2 + list_rows(ns);
	     i++, y++) {
		const struct app_note *n = &ns->all.v[ns->vis[i]];
		bool on = i == ns->sel;
		unsigned st = on ? UI_STYLE_SELECTED : UI_STYLE_NORMAL;
		char day[32];
		int x = 1;

		if (on)
			ui_fill(c, y, 0, c->cols, UI_STYLE_SELECTED);
		fmt_day(day, sizeof(day), n->at);
		x += ui_put(c, y, x, c->cols - x, on ? st : UI_STYLE_DIM, day,
		            SIZE_MAX) +
		     2;
		if (c->cols >= 60) {
			ui_put_trunc(c, y, x, 10, on ? st : UI_STYLE_DIM,
			             app_note_kind_word(n->kind), SIZE_MAX);
			x += 11;
		}
		ui_put_trunc(c, y, x, c->cols - x - 1, st, n->title, SIZE_MAX);
	}
	buf_free(&b);
}

static void
notes_status(const void *state, struct buf *left, struct buf *right)
{
	const struct notes *ns = state;

	if (ns->needle)
		buf_printf(left, "/%s", ns->needle);
	else
		buf_adds(left, _("My notes"));
	if (ns->nvis)
		buf_printf(right, "%zu/%zu", ns->sel + 1, ns->nvis);
}

static const enum ui_action *
notes_hints(const void *state)
{
	static const enum ui_action h[] = {ACT_SELECT, ACT_EDIT, ACT_SEARCH,
	                                   ACT_FILTER, ACT_NONE};

	return h;
}

/* Moves to the next (dir 1) or previous note holding the search. */
static void
notes_find(struct ui *ui, struct notes *ns, int dir, bool here)
{
	if (!ns->needle || !*ns->needle) {
		ui_message(ui, "%s", _("No search yet: press / first"));
		return;
	}
	for (size_t k = here ? 0 : 1; k <= ns->nvis && ns->nvis; k++) {
		size_t i = dir > 0 ? (ns->sel + k) % ns->nvis
		                   : (ns->sel + ns->nvis * 2 - k) % ns->nvis;

		if (app_note_matches(&ns->all.v[ns->vis[i]], ns->needle)) {
			if (dir > 0 ? i < ns->sel : i > ns->sel)
				ui_message(
				        ui, "%s",
				        dir > 0 ? _("Search went on from the "
				                    "top")
				                : _("Search went on from the "
				                    "end"));
			ns->sel = i;
			keep_visible(ns);
			return;
		}
	}
	ui_message(ui, _("Not found in your notes: %s"), ns->needle);
}

static int
notes_search_done(struct ui *ui, void *arg, const char *text)
{
	struct notes *ns = arg;

	if (text == NULL)
		return UI_DRAW;
	if (*text) {
		free(ns->needle);
		ns->needle = xstrdup(text);
	}
	/* Search every kind: the filter would hide what is found. */
	if (ns->filter >= 0) {
		ns->filter = -1;
		notes_filter(ns);
	}
	notes_find(ui, ns, 1, true);
	return UI_DRAW;
}

static int
notes_action(struct ui *ui, void *state, enum ui_action act,
             const struct ui_key *key)
{
	struct notes *ns = state;

	switch (act) {
	case ACT_UP:
	case ACT_DOWN:
	case ACT_FIRST:
	case ACT_LAST:
		ui_list_move(&ns->sel, ns->nvis, act);
		break;
	case ACT_SELECT:
		if (ns->sel < ns->nvis)
			note_open(ui, ns->all.v[ns->vis[ns->sel]].id, NULL,
			          NULL);
		return UI_DRAW;
	case ACT_EDIT:
		if (ns->sel < ns->nvis)
			return edit_note(ui, &ns->all.v[ns->vis[ns->sel]], ns);
		return UI_OK;
	case ACT_SEARCH:
		ui_prompt(ui, "/", NULL, NOTES_SEARCH_MAX, notes_search_done,
		          ns);
		return UI_DRAW;
	case ACT_SEARCH_NEXT:
		notes_find(ui, ns, 1, false);
		break;
	case ACT_SEARCH_PREV:
		notes_find(ui, ns, -1, false);
		break;
	case ACT_FILTER:
		/* Every kind, then each kind there is, then every kind. */
		do {
			ns->filter = ns->filter + 1 >= NOTE_KINDS
			                     ? -1
			                     : ns->filter + 1;
			notes_filter(ns);
		} while (ns->filter >= 0 && ns->nvis == 0);
		ns->sel = ns->top = 0;
		ui_message(ui, _("Showing: %s"),
		           ns->filter < 0
		                   ? _("everything")
		                   : app_note_kind_title(
		                             (enum app_note_kind)ns->filter));
		break;
	default:
		return UI_PASS;
	}
	keep_visible(ns);
	return UI_DRAW;
}

static int
notes_click(struct ui *ui, void *state, int y, int x)
{
	struct notes *ns = state;
	size_t i = ns->top + (size_t)(y - 2);

	if (y < 2 || y >= 2 + list_rows(ns) || i >= ns->nvis)
		return UI_OK;
	if (i == ns->sel)
		return notes_action(ui, ns, ACT_SELECT, NULL);
	ns->sel = i;
	return UI_DRAW;
}

static void
notes_free(void *state)
{
	struct notes *ns = state;

	app_notes_free(&ns->all);
	free(ns->vis);
	free(ns->needle);
	free(ns);
}

static const struct screen_ops notes_ops = {
        .name = "notes",
        .title = N_("My notes"),
        .keymaps = UI_MAP_LIST | UI_MAP_NOTES,
        .draw = notes_draw,
        .status = notes_status,
        .hints = notes_hints,
        .action = notes_action,
        .resize = notes_resize,
        .click = notes_click,
        .free = notes_free,
};

int
notes_push(struct ui *ui)
{
	struct notes *ns;

	if (!ui_session(ui)) {
		ui_alert(ui, _("My notes"), _("Unlock your data first."), NULL,
		         NULL);
		return -1;
	}
	ns = xcalloc(1, sizeof(*ns));
	ns->s = ui_session(ui);
	ns->ui = ui;
	ns->filter = -1;
	ui_push(ui, &notes_ops, ns); /* resize loads the list */
	return 0;
}

/* ---- The daily mood rating ---- */

struct mood_box {
	long day;
	int rating; /* -1: none picked yet */
	bool on_note; /* the note line has the focus */
	bool typed; /* digits typed since the focus came */
	struct editor *note;
	void *below; /* the screen to refresh when saved */
	int rows, cols;
};

static void
mood_geom(const struct mood_box *m, int *y, int *x, int *h, int *w)
{
	*w = m->cols - 2 < 60 ? m->cols - 2 : 60;
	*h = 10;
	if (*h > m->rows)
		*h = m->rows;
	*y = (m->rows - *h) / 2;
	*x = (m->cols - *w) / 2;
}

static void
mood_resize(struct ui *ui, void *state, int rows, int cols)
{
	struct mood_box *m = state;
	int y, x, h, w;

	m->rows = rows;
	m->cols = cols;
	mood_geom(m, &y, &x, &h, &w);
	editor_set_width(m->note, (size_t)(w > 6 ? w - 4 : 2));
}

/* Column of rating k on the scale row (each cell "[k]" or " k "). */
static int
cell_x(int x, int k)
{
	return x + 2 + k * 3;
}

static void
mood_draw(const void *state, struct ui_canvas *c)
{
	const struct mood_box *m = state;
	int y, x, h, w, sy;
	size_t len, cur;
	const char *t;

	mood_geom(m, &y, &x, &h, &w);
	ui_box(c, y, x, h, w, UI_STYLE_BORDER);
	ui_put_trunc(c, y + 1, x + 2, w - 4, UI_STYLE_TITLE,
	             _("Your mood today"), SIZE_MAX);
	ui_put_trunc(c, y + 2, x + 2, w - 4, UI_STYLE_NORMAL,
	             _("How is your mood today, from 0 (the worst) to 10 "
	               "(the best)?"),
	             SIZE_MAX);
	sy = y + 4;
	for (int k = MOOD_MIN; k <= MOOD_MAX; k++) {
		char cell[16]; /* room for any int, as the compiler counts */
		bool on = k == m->rating;

		snprintf(cell, sizeof(cell), on ? "[%d]" : " %d ", k);
		ui_put(c, sy, cell_x(x, k), 4,
		       on ? (m->on_note ? UI_STYLE_TITLE : UI_STYLE_SELECTED)
		          : UI_STYLE_DIM,
		       cell, SIZE_MAX);
		if (on && !m->on_note) {
			c->cur_y = sy;
			c->cur_x = cell_x(x, k) + 1;
		}
	}
	ui_put_trunc(c, sy + 2, x + 2, w - 4,
	             m->on_note ? UI_STYLE_TITLE : UI_STYLE_NORMAL,
	             _("A few words, if you like (Tab):"), SIZE_MAX);
	t = editor_text(m->note, &len);
	cur = editor_cursor(m->note);
	{
		size_t before = utf8_width(t, cur), start = 0;
		int cols = w - 4;

		while (before - utf8_width(t, start) >= (size_t)cols &&
		       start < cur) {
			uint32_t cp;

			start += utf8_decode(t + start, cur - start, &cp);
		}
		ui_fill(c, sy + 3, x + 2, cols, UI_STYLE_INPUT);
		ui_put(c, sy + 3, x + 2, cols, UI_STYLE_INPUT, t + start,
		       len - start);
		if (m->on_note) {
			c->cur_y = sy + 3;
			c->cur_x = x + 2 + (int)(before - utf8_width(t, start));
		}
	}
	if (m->rating < 0 && !m->on_note) {
		c->cur_y = sy;
		c->cur_x = cell_x(x, 0) + 1;
	}
}

static void
mood_status(const void *state, struct buf *left, struct buf *right)
{
	buf_adds(left, _("Your mood today"));
}

static const enum ui_action *
mood_hints(const void *state)
{
	static const enum ui_action h[] = {ACT_SELECT, ACT_FIELD_NEXT, ACT_BACK,
	                                   ACT_NONE};

	return h;
}

static int
mood_save(struct ui *ui, struct mood_box *m)
{
	char *msg = NULL;
	const char *note = editor_text(m->note, NULL);
	void *below = m->below;

	if (m->rating < 0) {
		ui_message(ui, "%s",
		           _("Pick a number from 0 to 10 first (or Esc: no "
		             "rating today)."));
		return UI_DRAW;
	}
	if (app_mood_set(ui_session(ui), m->day, m->rating, note, clock_now(),
	                 &msg) != EXIT_OK) {
		ui_message(ui, "%s",
		           msg ? msg : _("Could not keep the rating."));
		free(msg);
		return UI_DRAW;
	}
	ui_message(ui, _("Mood kept: %d out of %d."), m->rating, MOOD_MAX);
	if (below)
		ui_react(ui, below, UI_DRAW | UI_RELAYOUT);
	return UI_CLOSE;
}

static int
mood_action(struct ui *ui, void *state, enum ui_action act,
            const struct ui_key *k)
{
	struct mood_box *m = state;
	bool enter = (!k->fn && (k->code == '\r' || k->code == '\n')) ||
	             (k->fn && k->code == KEY_ENTER);

	if (enter)
		return mood_save(ui, m);
	if (!k->fn && k->code == UI_KEY_ESC)
		return UI_CLOSE;
	if (act == ACT_HELP || act == ACT_CRISIS || act == ACT_QUIT ||
	    act == ACT_REDRAW)
		return UI_PASS;
	if ((!k->fn && k->code == '\t') || (k->fn && k->code == KEY_BTAB)) {
		m->on_note = !m->on_note;
		m->typed = false;
		return UI_DRAW;
	}
	if (!m->on_note) {
		if (!k->fn && k->code >= '0' && k->code <= '9') {
			int d = k->code - '0';

			/* 1 then 0 is 10. */
			m->rating =
			        m->typed && m->rating == 1 && d == 0 ? 10 : d;
			m->typed = true;
		} else if (k->fn && k->code == KEY_LEFT) {
			m->rating = m->rating <= MOOD_MIN ? MOOD_MIN
			                                  : m->rating - 1;
		} else if (k->fn && k->code == KEY_RIGHT) {
			m->rating = m->rating < 0           ? 5
			            : m->rating >= MOOD_MAX ? MOOD_MAX
			                                    : m->rating + 1;
		} else if (!k->fn && k->code >= 32 && k->code != 127) {
			/* Typing words: they go in the note. */
			m->on_note = true;
			return mood_action(ui, m, act, k);
		} else {
			return UI_OK;
		}
		return UI_DRAW;
	}
	if (!k->fn && k->code >= 32 && k->code != 127) {
		struct buf b = BUF_INIT;

		utf8_encode(&b, (uint32_t)k->code);
		if (editor_insert(m->note, b.data, b.len) & ED_FULL)
			ui_message(ui,
			           _("A mood note can be at most %d "
			             "characters."),
			           MOOD_NOTE_MAX);
		buf_wipe(&b);
		return UI_DRAW;
	}
	{
		enum editor_op op;
		bool ok = true;

		if (k->fn)
			switch (k->code) {
			case KEY_LEFT:
				op = ED_LEFT;
				break;
			case KEY_RIGHT:
				op = ED_RIGHT;
				break;
			case KEY_HOME:
				op = ED_HOME;
				break;
			case KEY_END:
				op = ED_END;
				break;
			case KEY_BACKSPACE:
				op = ED_BACKSPACE;
				break;
			case KEY_DC:
				op = ED_DELETE;
				break;
			default:
				ok = false;
			}
		else
			ok = editor_key_op(k->code, false, &op) == 0;
		if (!ok)
			return UI_OK;
		editor_do(m->note, op);
	}
	return UI_DRAW;
}

static int
mood_click(struct ui *ui, void *state, int cy, int cx)
{
	struct mood_box *m = state;
	int y, x, h, w;

	mood_geom(m, &y, &x, &h, &w);
	if (cy == y + 4) {
		for (int k = MOOD_MIN; k <= MOOD_MAX; k++) {
			if (cx >= cell_x(x, k) && cx < cell_x(x, k) + 3) {
				m->rating = k;
				m->on_note = false;
				return UI_DRAW;
			}
		}
	}
	if (cy == y + 7) {
		m->on_note = true;
		return UI_DRAW;
	}
	return UI_OK;
}

static void
mood_free(void *state)
{
	struct mood_box *m = state;

	editor_free(m->note);
	free(m);
}

static const struct screen_ops mood_ops = {
        .name = "mood",
        .title = N_("Your mood today"),
        .flags = UI_SCREEN_OVERLAY | UI_SCREEN_TEXT,
        .keymaps = UI_MAP_DIALOG,
        .draw = mood_draw,
        .status = mood_status,
        .hints = mood_hints,
        .action = mood_action,
        .resize = mood_resize,
        .click = mood_click,
        .free = mood_free,
};

static int
mood_open(struct ui *ui, long day, int rating, const char *note, void *below)
{
	struct mood_box *m = xcalloc(1, sizeof(*m));

	m->day = day;
	m->rating = rating;
	m->below = below;
	m->note = editor_new(false, MOOD_NOTE_MAX);
	if (note)
		editor_set_text(m->note, note, strlen(note));
	ui_push(ui, &mood_ops, m);
	return 0;
}

int
mood_push(struct ui *ui)
{
	struct session *s = ui_session(ui);
	struct app_mood today;
	time_t now = clock_now();
	int r;

	if (!s) {
		ui_alert(ui, _("Your mood today"), _("Unlock your data first."),
		         NULL, NULL);
		return -1;
	}
	r = app_mood_today(s, now, &today);
	mood_open(ui, clock_local_day(now), r == 1 ? today.rating : -1,
	          r == 1 ? today.note : NULL, ui_top(ui));
	app_mood_clear(&today);
	return 0;
}
