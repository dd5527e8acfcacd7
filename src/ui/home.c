/*
 * The home screen, "Today": where the person is in the course, what is due
 * now (check-in, lesson, homework, suggestions) with the obvious next step
 * first and selected, what opens next and when, the lessons with their
 * state, and recent activity.  Enter (or the step's number) does the step:
 * a check-in opens the questionnaire, a lesson opens the reader, a locked
 * lesson explains itself, a suggestion asks whether to add it.
 *
 * The reader is wired to the course engine here: opening, reading to the
 * end and answering a lesson's prompts are recorded and complete the
 * lesson when every part is done.  The vault is saved after each change.
 * Screens pushed on top (reader, check-in) change the vault behind the
 * home screen's back, so it re-reads its snapshot when it is on top again
 * (a short screen timer, armed only while something is on top of it).
 */
#include "ui/home.h"

#include <stdlib.h>
#include <string.h>

#include "app/assess.h"
#include "app/course.h"
#include "app/lesson.h"
#include "app/mood.h"
#include "app/notes.h"
#include "app/safety.h"
#include "ui/assess.h"
#include "ui/messages.h"
#include "ui/notes.h"
#include "ui/reader.h"
#include "ui/remind.h"
#include "ui/sheet.h"
#include "ui/view.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

enum row_kind { ROW_STEP, ROW_LESSON, ROW_EXTRAS, ROW_NOTE };

/* A reason for skipping homework: a few words, a line at most. */
#define HOME_REASON_MAX 200

/* How many of the newest notes "Recent" lists. */
#define HOME_RECENT 3

struct row {
	enum row_kind kind;
	size_t ref; /* step index or lesson index */
};

struct home {
	struct home_flow *f;
	struct row *rows;
	size_t nrows, sel;
	struct app_notes recent; /* the newest notes */
	int mood; /* today's rating, or -1 */
	unsigned gen; /* the snapshot generation rows were built from */
	bool watching; /* a screen is on top: refresh when back */
	bool has_plan; /* the person has written a safety plan */
};

#define HOME_POLL_MS 100

static void
build_rows(struct home *h)
{
	const struct app_overview *ov = app_course_overview(h->f->course);
	const struct course *c = app_course_def(h->f->course);
	bool extras = false;

	h->nrows = 0;
	h->rows =
	        xreallocarray(h->rows, ov->ndue + c->nlessons + 2 + HOME_RECENT,
	                      sizeof(*h->rows));
	for (size_t i = 0; i < ov->ndue; i++)
		if (ov->due[i].kind != STEP_DONE)
			h->rows[h->nrows++] = (struct row){ROW_STEP, i};
	for (size_t i = 0; i < c->nlessons; i++) {
		enum lesson_state s = app_course_state(h->f->course, i);

		if (s != LESSON_HIDDEN)
			h->rows[h->nrows++] = (struct row){ROW_LESSON, i};
		else if (!app_course_done_at(h->f->course, i))
			extras = true;
	}
	if (extras)
		h->rows[h->nrows++] = (struct row){ROW_EXTRAS, 0};
	for (size_t i = 0; i < h->recent.n && i < HOME_RECENT; i++)
		h->rows[h->nrows++] = (struct row){ROW_NOTE, i};
	if (h->sel >= h->nrows)
		h->sel = 0;
	h->gen = app_course_generation(h->f->course);
	{
		/* A plan with something written in it. */
		struct paras plan = PARAS_INIT;

		h->has_plan = safety_plan(h->f->session, &plan) == 1;
		paras_free(&plan);
	}
}

/* A commit on a screen above refreshed the snapshot: rows point into the
 * old overview until rebuilt. */
static bool
rows_stale(const struct home *h)
{
	return h->gen != app_course_generation(h->f->course);
}

/* The program opened: the reminder schedule learns the day (every change
 * after this updates it through the commit).  A failure to write it must
 * not get in the way here, but it is said. */
static void
sync_reminders(struct home_flow *f)
{
	const char *welcome;

	(void)session_sync(f->session, clock_now());
	welcome = session_welcome(f->session);
	/* Back after a break: a warm word, never a count of days. */
	if (welcome && !f->flash)
		f->flash = xstrdup(_(welcome));
	else if (session_warning(f->session) && !f->flash)
		f->flash = xstrdup(session_warning(f->session));
}

/* The person's newest notes and today's mood, for the screen. */
static void
load_own(struct home *h)
{
	struct session *s = h->f->session;
	struct app_mood m;

	app_notes_free(&h->recent);
	(void)app_notes_recent(s, APP_NOTES_ALL, HOME_RECENT, &h->recent);
	h->mood = app_mood_today(s, clock_now(), &m) == 1 ? m.rating : -1;
	app_mood_clear(&m);
}

static void
home_refresh(struct home *h)
{
	struct home_flow *f = h->f;

	app_course_refresh(f->course, f->session, clock_now());
	load_own(h);
	/* A commit made on a screen above could not update the reminder
	 * schedule: say so once we are back. */
	if (session_warning(f->session) && !f->flash)
		f->flash = xstrdup(session_warning(f->session));
	build_rows(h);
	h->sel = 0; /* the obvious next step again */
}

bool
home_save(struct ui *ui, struct home_flow *f)
{
	char *msg = NULL;

	if (session_commit(f->session, clock_now(), &msg) != EXIT_OK) {
		ui_message(ui, "%s", msg ? msg : _("Could not save."));
		free(msg);
		return false;
	}
	if (session_warning(f->session))
		ui_message(ui, "%s", session_warning(f->session));
	return true;
}

/* Watch for the screen on top to go away, then refresh. */
static void
watch(struct ui *ui, struct home *h)
{
	h->watching = true;
	ui_screen_timer(ui, h, clock_mono_ms() + HOME_POLL_MS);
}

/* After a screen was pushed over home (rc 0), watch for it to go. */
static int
opened(struct ui *ui, struct home *h, int rc)
{
	if (rc == 0)
		watch(ui, h);
	return UI_DRAW;
}

static int
home_timer(struct ui *ui, void *state, int64_t now_ms)
{
	struct home *h = state;

	if (!h->watching)
		return UI_OK;
	if (ui_top(ui) != h) {
		ui_screen_timer(ui, h, now_ms + HOME_POLL_MS);
		return UI_OK;
	}
	h->watching = false;
	home_refresh(h);
	if (h->f->flash) {
		ui_message(ui, "%s", h->f->flash);
		free(h->f->flash);
		h->f->flash = NULL;
	}
	return UI_DRAW;
}

/* ---- Drawing ---------------------------------------------------------- */

struct painter {
	struct ui_canvas *c;
	int off; /* first virtual row shown */
	bool paint;
	int y; /* next virtual row */
};

static void
line(struct painter *p, int x, unsigned style, const char *s, bool fill)
{
	int y = p->y - p->off;

	if (p->paint && y >= 0 && y < p->c->rows) {
		if (fill)
			ui_fill(p->c, y, 0, p->c->cols, style);
		ui_put_trunc(p->c, y, x, p->c->cols - x - 1, style, s,
		             SIZE_MAX);
	}
	p->y++;
}

struct wrap_paint {
	struct painter *p;
	int x;
	unsigned style;
};

static void
wrap_line(const char *s, size_t n, void *arg)
{
	struct wrap_paint *w = arg;
	char *t = xstrndup(s, n);

	line(w->p, w->x, w->style, t, false);
	free(t);
}

/* Text over as many rows as it needs, never cut mid-word. */
static void
wrapped(struct painter *p, int x, unsigned style, const char *s)
{
	struct wrap_paint w = {p, x, style};
	int width = p->c->cols - x - 1;

	utf8_wrap(s, strlen(s), (size_t)(width > 8 ? width : 8), wrap_line, &w);
}

static const char *
mark(const struct ui_canvas *c, enum lesson_state s)
{
	if (s == LESSON_DONE)
		return c->ascii ? "x" : "\u2713";
	if (s == LESSON_OPEN)
		return c->ascii ? ">" : "\u25b8";
	return " ";
}

/* Lays out the screen; returns the virtual row of the selection. */
static int
layout(const struct home *h, struct painter *p)
{
	const struct app_course *ac = h->f->course;
	const struct app_overview *ov = app_course_overview(ac);
	const struct course *c = app_course_def(ac);
	struct buf b = BUF_INIT;
	int sel_y = 0;
	size_t r = 0;

	buf_printf(&b,
	           ngettext("%zu of %zu lesson done", "%zu of %zu lessons done",
	                    ov->core_total),
	           ov->core_done, ov->core_total);
	if (p->paint && p->off == 0) {
		int w = (int)utf8_width(b.data, b.len);

		ui_put_trunc(p->c, 0, 2, p->c->cols - w - 6, UI_STYLE_H1,
		             c->title, SIZE_MAX);
		ui_put(p->c, 0, p->c->cols - w - 2, w, UI_STYLE_DIM, b.data,
		       SIZE_MAX);
	}
	p->y++;
	/* A progress bar, one cell per core lesson (up to 30). */
	buf_reset(&b);
	for (size_t i = 0; i < ov->core_total && i < 30; i++)
		buf_adds(&b, i < ov->core_done
		                     ? (p->c->ascii ? "#" : "\u25a0")
		                     : (p->c->ascii ? "-" : "\u25a1"));
	if (p->paint && p->y - p->off >= 0 && p->y - p->off < p->c->rows) {
		/* Today's mood, at the right of the bar. */
		struct buf mood = BUF_INIT, key = BUF_INIT;
		int w;

		if (h->mood >= 0) {
			buf_printf(&mood, _("Mood today: %d/%d"), h->mood,
			           MOOD_MAX);
		} else {
			ui_action_key(&key, ACT_MOOD);
			/* TRANSLATORS: %s is the key that rates the mood,
			 * such as "f". */
			buf_printf(&mood, _("%s: rate your mood"),
			           key.data ? key.data : "");
		}
		w = (int)utf8_width(mood.data, mood.len);
		if (w + 4 + (int)utf8_width(b.data ? b.data : "", b.len) <
		    p->c->cols - 2)
			ui_put(p->c, p->y - p->off, p->c->cols - w - 2, w,
			       UI_STYLE_DIM, mood.data, mood.len);
		buf_free(&mood);
		buf_free(&key);
	}
	line(p, 2, UI_STYLE_GOOD, b.data ? b.data : "", false);
	p->y++;

	line(p, 2, UI_STYLE_H2, _("Now"), false);
	if (ov->ndue == 0 || (ov->ndue == 1 && ov->due[0].kind == STEP_DONE))
		line(p, 4, UI_STYLE_NORMAL,
		     ov->ndue ? ov->due[0].text
		              : _("Nothing is due. Well done: come back when "
		                  "the next lesson opens."),
		     false);
	for (; r < h->nrows && h->rows[r].kind == ROW_STEP; r++) {
		const struct app_step *s = &ov->due[h->rows[r].ref];
		bool on = r == h->sel;

		buf_reset(&b);
		buf_printf(&b, "%zu  %s", r + 1, s->text);
		if (on)
			sel_y = p->y;
		line(p, 4, on ? UI_STYLE_SELECTED : UI_STYLE_NORMAL, b.data,
		     on);
		if (s->why) {
			buf_reset(&b);
			buf_printf(&b, "   %s", s->why);
			line(p, 4, UI_STYLE_DIM, b.data, false);
		}
	}
	/* The safety plan, from the first day (p opens it). */
	line(p, 4, UI_STYLE_DIM,
	     h->has_plan ? _("p  Your safety plan")
	                 : _("p  Write your safety plan: what helps, and who "
	                     "to turn to, if things get very hard"),
	     false);
	p->y++;
	if (ov->next >= 0 && ov->next_why) {
		line(p, 2, UI_STYLE_H2, _("Coming up"), false);
		buf_reset(&b);
		/* TRANSLATORS: a lesson's title, then when it opens. */
		buf_printf(&b, _("\u201c%s\u201d: %s"),
		           c->lessons[ov->next].title, ov->next_why);
		wrapped(p, 4, UI_STYLE_NORMAL, b.data);
		p->y++;
	}
	line(p, 2, UI_STYLE_H2, _("Lessons"), false);
	for (; r < h->nrows && h->rows[r].kind != ROW_NOTE; r++) {
		bool on = r == h->sel;
		unsigned st = on ? UI_STYLE_SELECTED : UI_STYLE_NORMAL;

		buf_reset(&b);
		if (h->rows[r].kind == ROW_EXTRAS) {
			buf_adds(&b, _("   Extra lessons you can add..."));
		} else {
			size_t i = h->rows[r].ref;
			enum lesson_state s = app_course_state(ac, i);

			buf_printf(&b, "%s  %s%s", mark(p->c, s),
			           c->lessons[i].title,
			           c->lessons[i].optional ? _(" (extra)") : "");
			if (s == LESSON_LOCKED)
				st = on ? UI_STYLE_SELECTED : UI_STYLE_DIM;
		}
		if (on)
			sel_y = p->y;
		line(p, 4, st, b.data, on);
	}
	if (r < h->nrows) {
		/* The person's own newest words: Enter opens one. */
		struct buf head = BUF_INIT, key = BUF_INIT;

		p->y++;
		ui_action_key(&key, ACT_NOTES);
		/* TRANSLATORS: %s is the key of My notes, such as "y". */
		buf_printf(&head, _("Recent notes (%s: all)"),
		           key.data ? key.data : "");
		line(p, 2, UI_STYLE_H2, head.data, false);
		buf_free(&head);
		buf_free(&key);
		for (; r < h->nrows; r++) {
			const struct app_note *n = &h->recent.v[h->rows[r].ref];
			bool on = r == h->sel;
			char day[32];
			struct tm tm;

			localtime_r(&n->at, &tm);
			/* TRANSLATORS: a day in the list of recent notes:
			 * strftime-style, %d the day of the month, %b the
			 * abbreviated month. */
			clock_strftime(day, sizeof(day), _("%d %b"), &tm);
			buf_reset(&b);
			buf_printf(&b, "%s  %s", day, n->title);
			if (on)
				sel_y = p->y;
			line(p, 4, on ? UI_STYLE_SELECTED : UI_STYLE_NORMAL,
			     b.data, on);
		}
	} else if (ov->nrecent) {
		p->y++;
		line(p, 2, UI_STYLE_H2, _("Recent"), false);
		for (size_t i = 0; i < ov->nrecent && i < 4; i++) {
			char day[32];
			struct tm tm;

			localtime_r(&ov->recent[i].at, &tm);
			/* TRANSLATORS: a day in the list of recent
			 * activity: strftime-style, %d the day of the
			 * month, %b the abbreviated month. */
			clock_strftime(day, sizeof(day), _("%d %b"), &tm);
			buf_reset(&b);
			buf_printf(&b, "%s  %s", day, ov->recent[i].text);
			line(p, 4, UI_STYLE_DIM, b.data, false);
		}
	}
	buf_free(&b);
	return sel_y;
}

static void
home_draw(const void *state, struct ui_canvas *c)
{
	const struct home *h = state;
	struct home fresh;
	struct painter p = {c, 0, false, 0};
	int sel_y;

	/* Drawn before the refresh timer came: draw from rows built now. */
	if (rows_stale(h)) {
		fresh = *h;
		fresh.rows = NULL;
		build_rows(&fresh);
		h = &fresh;
	}
	sel_y = layout(h, &p);
	/* Keep the selection in view; the top stays put while it fits. */
	p.off = sel_y >= c->rows - 1 ? sel_y - c->rows + 2 : 0;
	p.paint = true;
	p.y = 0;
	layout(h, &p);
	if (h != state)
		free(fresh.rows);
}

static void
home_status(const void *state, struct buf *left, struct buf *right)
{
	buf_adds(left, _("Today"));
}

static const enum ui_action *
home_hints(const void *state)
{
	static const enum ui_action h[] = {ACT_SELECT,   ACT_MOOD,    ACT_NOTES,
	                                   ACT_PROGRESS, ACT_CHECKIN, ACT_NONE};

	return h;
}

/* ---- Lessons in the reader ------------------------------------------- */

struct lesson_ctx {
	struct home_flow *f;
	size_t idx;
	struct ui *ui;
};

static void
note_done(struct lesson_ctx *lc, int r)
{
	if (r == 1) {
		free(lc->f->flash);
		lc->f->flash = xasprintf(
		        _("Lesson complete: \u201c%s\u201d. Well done."),
		        app_course_def(lc->f->course)->lessons[lc->idx].title);
	}
}

static void
lesson_position(void *arg, const char *lesson_id, uint32_t pos, int percent)
{
	struct lesson_ctx *lc = arg;
	struct home_flow *f = lc->f;
	int r = app_lesson_read(f->course, f->session, lc->idx, (int)pos,
	                        percent >= 100, clock_now());

	note_done(lc, r);
	home_save(lc->ui, f);
}

static void
lesson_finished(void *arg, const char *lesson_id)
{
	struct lesson_ctx *lc = arg;
	struct home_flow *f = lc->f;
	int r = app_lesson_read(f->course, f->session, lc->idx,
	                        app_lesson_read_pos(f->course, lc->idx), true,
	                        clock_now());

	note_done(lc, r);
	home_save(lc->ui, f);
}

/* An answer box's keep completed the lesson. */
static void
lesson_completed(void *arg)
{
	note_done(arg, 1);
}

static int
lesson_block(struct ui *ui, void *arg, const char *lesson_id,
             const struct md_doc *doc, size_t index)
{
	struct lesson_ctx *lc = arg;
	struct home_flow *f = lc->f;
	const struct md_block *b = md_doc_block(doc, index);
	const struct course_part *p =
	        b ? app_lesson_part(f->course, lc->idx, index, b->src_line)
	          : NULL;
	const struct course *c = app_course_def(f->course);

	if (!p) {
		ui_message(ui, "%s", _("This exercise cannot be opened."));
		return UI_DRAW;
	}
	switch (p->kind) {
	case PART_PROMPT:
	case PART_PLAN:
		notes_edit_part(ui, lc->idx, p, lesson_completed, lc);
		break;
	case PART_ASSESS:
		ui_assess_push(ui, p->id);
		break;
	case PART_WORKSHEET:
		sheet_form_push(ui, p->id, 0, c->id, c->lessons[lc->idx].id);
		break;
	}
	return UI_DRAW;
}

/* Under a question its answer, under a plan the plan: the person's own
 * words where they wrote them. */
static int
lesson_note(void *arg, const char *lesson_id, const struct md_doc *doc,
            size_t index, struct buf *label, struct buf *text)
{
	struct lesson_ctx *lc = arg;
	struct home_flow *f = lc->f;
	const struct md_block *b = md_doc_block(doc, index);
	const struct course_part *p =
	        b ? app_lesson_part(f->course, lc->idx, index, b->src_line)
	          : NULL;
	char *words = NULL;
	int r;

	if (!p || (p->kind != PART_PROMPT && p->kind != PART_PLAN))
		return -1;
	if (p->kind == PART_PROMPT)
		r = app_lesson_answer_get(f->course, f->session, lc->idx, p->id,
		                          &words);
	else
		r = app_plan_get(f->course, f->session, lc->idx, p->id, &words);
	if (r == 1 && words) {
		buf_adds(label, p->kind == PART_PROMPT ? _("Your answer:")
		                                       : _("Your plan:"));
		buf_adds(text, words);
		memset(words, 0, strlen(words));
		free(words);
		return 1;
	}
	free(words);
	if (p->kind == PART_PLAN)
		buf_adds(label, _("Not planned yet: Enter to plan."));
	else if (p->required)
		buf_adds(label, _("Not answered yet (needed to finish the "
		                  "lesson): Enter to answer."));
	else
		buf_adds(label, _("Not answered yet: Enter to answer."));
	return 0;
}

static void
lesson_release(void *arg)
{
	free(arg);
}

static int
open_lesson(struct ui *ui, struct home *h, size_t i)
{
	struct home_flow *f = h->f;
	const struct course *c = app_course_def(f->course);
	struct lesson_ctx *lc;
	struct reader_cb cb;
	const char *text;
	size_t len;
	int pos;

	if (app_lesson_opened(f->course, f->session, i, clock_now()) < 0) {
		ui_message(ui, "%s", _("Could not record the lesson."));
		return UI_DRAW;
	}
	home_save(ui, f);
	lc = xcalloc(1, sizeof(*lc));
	lc->f = f;
	lc->idx = i;
	lc->ui = ui;
	memset(&cb, 0, sizeof(cb));
	cb.position = lesson_position;
	cb.finished = lesson_finished;
	cb.open_block = lesson_block;
	cb.block_note = lesson_note;
	cb.release = lesson_release;
	cb.arg = lc;
	text = app_lesson_text(f->course, i, &len);
	pos = app_lesson_read_pos(f->course, i);
	if (reader_push(ui, c->lessons[i].file, text, len, c->lessons[i].id,
	                c->lessons[i].title, (uint32_t)pos, &cb) == 0)
		watch(ui, h);
	return UI_DRAW;
}

/* ---- Steps ------------------------------------------------------------- */

struct choice_ctx {
	struct home *h;
	size_t lesson;
};

static int
suggest_done(struct ui *ui, void *arg, bool yes)
{
	struct choice_ctx *cc = arg;
	struct home_flow *f = cc->h->f;
	struct session *s = f->session;
	int r = yes ? app_course_take(f->course, s, cc->lesson, clock_now())
	            : app_course_decline(f->course, s, cc->lesson, clock_now());

	if (r == 0 && home_save(ui, f))
		ui_message(ui, "%s",
		           yes ? _("Added to your lessons.")
		               : _("No problem: it will not be suggested "
		                   "again."));
	build_rows(cc->h);
	free(cc);
	return UI_DRAW;
}

static int
pause_done(struct ui *ui, void *arg, bool yes)
{
	struct home *h = arg;

	if (yes && assess_continue(h->f->session, clock_now()) == 0 &&
	    home_save(ui, h->f)) {
		home_refresh(h);
		ui_message(ui, "%s", _("The course goes on."));
	}
	return UI_DRAW;
}

/* Homework: an entry now, or skip it with a reason. */
struct hw_ctx {
	struct home *h;
	size_t lesson;
	char *worksheet;
};

static int
skip_reason_done(struct ui *ui, void *arg, const char *text)
{
	struct hw_ctx *hc = arg;
	struct home_flow *f = hc->h->f;
	int r = text ? app_homework_skip(f->course, f->session, hc->lesson,
	                                 hc->worksheet, text, clock_now())
	             : 2;

	if (r == 0 && home_save(ui, f))
		ui_message(ui, "%s",
		           _("Skipped. Your reason is kept with the date."));
	else if (r == 1)
		ui_message(ui, "%s",
		           _("Nothing skipped: a few words about why are "
		             "needed."));
	build_rows(hc->h);
	free(hc->worksheet);
	free(hc);
	return UI_DRAW;
}

static int
homework_done(struct ui *ui, void *arg, bool yes)
{
	struct hw_ctx *hc = arg;
	const struct course *c = app_course_def(hc->h->f->course);

	if (yes) {
		if (sheet_form_push(ui, hc->worksheet, 0, c->id, NULL) == 0)
			watch(ui, hc->h);
		free(hc->worksheet);
		free(hc);
		return UI_DRAW;
	}
	ui_input(ui, _("Skip this homework"),
	         _("Why are you skipping it? A few words are enough (Esc: "
	           "keep it)."),
	         NULL, HOME_REASON_MAX, skip_reason_done, hc);
	return UI_DRAW;
}

static int
do_step(struct ui *ui, struct home *h, const struct app_step *s)
{
	const struct course *c = app_course_def(h->f->course);
	struct choice_ctx *cc;
	char *q;

	switch (s->kind) {
	case STEP_CHECKIN:
		if (ui_assess_push(ui, s->id) == 0)
			watch(ui, h);
		return UI_DRAW;
	case STEP_LESSON:
	case STEP_CONTINUE:
		return open_lesson(ui, h, (size_t)s->lesson);
	case STEP_HOMEWORK: {
		struct hw_ctx *hc = xcalloc(1, sizeof(*hc));

		hc->h = h;
		hc->lesson = (size_t)s->lesson;
		hc->worksheet = xstrdup(s->id);
		q = xasprintf(_("%s\n\nAdd an entry now? (n: skip this "
		                "homework, and say why)"),
		              s->text);
		ui_confirm(ui, _("Homework"), q, true, homework_done, hc);
		free(q);
		return UI_DRAW;
	}
	case STEP_SUGGESTION:
		cc = xcalloc(1, sizeof(*cc));
		cc->h = h;
		cc->lesson = (size_t)s->lesson;
		q = xasprintf(_("%s\n\nAdd \u201c%s\u201d to your lessons? "
		                "(n: no thanks, it will not be suggested "
		                "again)"),
		              s->why ? s->why : "",
		              c->lessons[s->lesson].title);
		ui_confirm(ui, _("An extra lesson"), q, true, suggest_done, cc);
		free(q);
		return UI_DRAW;
	case STEP_PAUSED: {
		q = xasprintf(_("%s\n\nContinue with the course anyway?"),
		              s->text);
		ui_confirm(ui, _("The course is paused"), q, false, pause_done,
		           h);
		free(q);
		return UI_DRAW;
	}
	default:
		return UI_OK;
	}
}

/*
 * The extra lessons not taken up (declined ones too: a "no" to a
 * suggestion is not a "never"), as a numbered list with each summary;
 * Enter or the number adds the lesson.
 */
struct extras {
	struct home *h;
	size_t *lessons;
	size_t n, sel;
};

static void
extras_draw(const void *state, struct ui_canvas *c)
{
	const struct extras *x = state;
	const struct course *co = app_course_def(x->h->f->course);
	int y = 2;

	ui_put(c, 0, 2, c->cols - 4, UI_STYLE_H1, _("Extra lessons"), SIZE_MAX);
	for (size_t i = 0; i < x->n && y < c->rows; i++) {
		const struct course_lesson *l = &co->lessons[x->lessons[i]];
		unsigned st = i == x->sel ? UI_STYLE_SELECTED : UI_STYLE_NORMAL;
		char *t = xasprintf("%zu  %s", i + 1, l->title);

		ui_fill(c, y, 2, c->cols - 4, st);
		ui_put_trunc(c, y++, 2, c->cols - 4, st, t, SIZE_MAX);
		free(t);
		if (l->summary && y < c->rows)
			y += ui_put_wrap(c, y, 5, c->cols - 7, 2, UI_STYLE_DIM,
			                 l->summary);
		y++;
	}
	if (y < c->rows)
		ui_put_wrap(c, y, 2, c->cols - 4, 2, UI_STYLE_DIM,
		            _("Enter or the number adds the lesson to yours; "
		              "q goes back."));
}

static int
extras_action(struct ui *ui, void *state, enum ui_action act,
              const struct ui_key *k)
{
	struct extras *x = state;
	struct home_flow *f = x->h->f;

	switch (act) {
	case ACT_UP:
		x->sel = x->sel ? x->sel - 1 : 0;
		return UI_DRAW;
	case ACT_DOWN:
		x->sel = x->sel + 1 < x->n ? x->sel + 1 : x->sel;
		return UI_DRAW;
	case ACT_PICK:
		if (k->code < '1' || (size_t)(k->code - '1') >= x->n)
			return UI_OK;
		x->sel = (size_t)(k->code - '1');
		/* FALLTHROUGH */
	case ACT_SELECT:
		if (app_course_take(f->course, f->session, x->lessons[x->sel],
		                    clock_now()) == 0 &&
		    home_save(ui, f))
			ui_message(ui, "%s", _("Added to your lessons."));
		return UI_CLOSE;
	default:
		return UI_PASS;
	}
}

static void
extras_free(void *state)
{
	struct extras *x = state;

	free(x->lessons);
	free(x);
}

static const struct screen_ops extras_ops = {
        .name = "extras",
        .title = N_("Extra lessons"),
        .keymaps = UI_MAP_LIST,
        .draw = extras_draw,
        .action = extras_action,
        .free = extras_free,
};

static int
show_extras(struct ui *ui, struct home *h)
{
	const struct app_course *ac = h->f->course;
	const struct course *c = app_course_def(ac);
	struct extras *x = xcalloc(1, sizeof(*x));

	x->h = h;
	x->lessons = xcalloc(c->nlessons + 1, sizeof(*x->lessons));
	for (size_t i = c->ncore; i < c->nlessons; i++)
		if (app_course_state(ac, i) == LESSON_HIDDEN &&
		    !app_course_done_at(ac, i))
			x->lessons[x->n++] = i;
	ui_push(ui, &extras_ops, x);
	watch(ui, h);
	return UI_DRAW;
}

static int
activate(struct ui *ui, struct home *h)
{
	const struct row *r;
	struct app_course *ac = h->f->course;

	if (h->sel >= h->nrows)
		return UI_OK;
	r = &h->rows[h->sel];
	if (r->kind == ROW_STEP)
		return do_step(ui, h, &app_course_overview(ac)->due[r->ref]);
	if (r->kind == ROW_EXTRAS)
		return show_extras(ui, h);
	if (r->kind == ROW_NOTE) {
		if (note_open(ui, h->recent.v[r->ref].id, NULL, NULL) == 0)
			watch(ui, h);
		return UI_DRAW;
	}
	if (app_course_state(ac, r->ref) == LESSON_LOCKED) {
		char *why = app_course_why(ac, r->ref);

		ui_alert(ui, app_course_def(ac)->lessons[r->ref].title,
		         why ? why : _("This lesson is not open yet."), NULL,
		         NULL);
		free(why);
		return UI_DRAW;
	}
	return open_lesson(ui, h, r->ref);
}

static int
home_action(struct ui *ui, void *state, enum ui_action act,
            const struct ui_key *k)
{
	struct home *h = state;

	/* Back from a screen on top before the timer noticed: never act on
	 * the old snapshot. */
	if (h->watching) {
		h->watching = false;
		home_refresh(h);
	} else if (rows_stale(h)) {
		build_rows(h);
	}
	switch (act) {
	case ACT_UP:
		h->sel = h->sel ? h->sel - 1 : 0;
		return UI_DRAW;
	case ACT_DOWN:
		h->sel = h->sel + 1 < h->nrows ? h->sel + 1 : h->sel;
		return UI_DRAW;
	case ACT_FIRST:
		h->sel = 0;
		return UI_DRAW;
	case ACT_LAST:
		h->sel = h->nrows ? h->nrows - 1 : 0;
		return UI_DRAW;
	case ACT_PICK: {
		size_t n = k->code == '0' ? 10 : (size_t)(k->code - '0');

		if (n == 0 || n > h->nrows)
			return UI_OK;
		h->sel = n - 1;
		return activate(ui, h);
	}
	case ACT_SELECT:
		return activate(ui, h);
	case ACT_ENTRY_NEW:
		return opened(ui, h, sheet_picker_push(ui));
	case ACT_ENTRY_LIST:
		return opened(ui, h, history_push(ui, NULL));
	case ACT_REMINDERS:
		return opened(ui, h, remind_screen_push(ui));
	case ACT_SAFETY_PLAN:
		return opened(ui, h, ui_safety_plan_open(ui));
	case ACT_COUNTRY:
		ui_country_push(ui, NULL, NULL);
		return UI_DRAW;
	case ACT_MESSAGES:
		return opened(ui, h, messages_push(ui));
	case ACT_HELPER:
		return opened(ui, h, helper_screen_push(ui));
	case ACT_NOTES:
		return opened(ui, h, notes_push(ui));
	case ACT_PROGRESS:
		return opened(ui, h, ui_progress_push(ui));
	case ACT_CHECKIN:
		return opened(ui, h, ui_checkin_pick(ui));
	case ACT_MOOD:
		return opened(ui, h, mood_push(ui));
	case ACT_BACK:
		return UI_QUIT;
	default:
		return UI_PASS;
	}
}

static void
home_free(void *state)
{
	struct home *h = state;

	app_notes_free(&h->recent);
	free(h->rows);
	free(h);
}

static const struct screen_ops home_ops = {
        .name = "home",
        .title = N_("Today"),
        .keymaps = UI_MAP_LIST | UI_MAP_SHEETS | UI_MAP_REMIND | UI_MAP_CRISIS |
                   UI_MAP_GUIDE | UI_MAP_HOME,
        .draw = home_draw,
        .status = home_status,
        .hints = home_hints,
        .action = home_action,
        .timer = home_timer,
        .free = home_free,
};

void
home_replace(struct ui *ui, struct home_flow *f)
{
	struct home *h = xcalloc(1, sizeof(*h));

	h->f = f;
	sync_reminders(f);
	load_own(h);
	build_rows(h);
	ui_replace(ui, &home_ops, h);
	/* A worksheet left open when the connection dropped comes back
	 * exactly where it was. */
	sheet_form_resume(ui);
	/* The helper: the summary on its day, and on top of it, what they
	 * wrote since the last time. */
	(void)helper_summary_on_open(ui, f->session);
	(void)messages_on_open(ui, f->session, &f->flash);
	/* After a risk answer in an earlier run: how have you been since?
	 * On top of everything else. */
	if (!f->followed_up) {
		f->followed_up = true;
		(void)ui_followup_check(ui);
	}
	/* Whatever is pushed on top now (the baseline check-in) is
	 * followed by a refresh. */
	watch(ui, h);
}

int
home_main(const struct opts *opts)
{
	struct home_flow f;
	const struct screen_ops *ops;
	void *state;
	int rc;

	memset(&f, 0, sizeof(f));
	f.opts = opts;
	onboard_first(&f, &ops, &state);
	rc = ui_run(opts, NULL, ops, state);
	if (rc == EXIT_OK && f.status != EXIT_OK)
		rc = f.status;
	if (f.session) {
		char *msg = NULL;

		if (session_commit(f.session, clock_now(), &msg) != EXIT_OK) {
			rc = rc == EXIT_OK ? EXIT_FAIL : rc;
			free(msg);
			msg = NULL;
			/* Ended by a signal with unsaved work: nobody to ask,
			 * so it is sealed for the next open. */
			if (session_dirty(f.session)) {
				session_keep_unsaved(f.session, &msg);
				if (msg)
					fprintf(stderr, "tend: %s\n", msg);
			}
		}
		free(msg);
	}
	/* f.course belongs to the session. */
	session_close(f.session);
	app_course_read_ahead_drop(); /* when it was not taken */
	free(f.flash);
	return rc;
}
