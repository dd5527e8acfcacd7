/*
 * The shell: the screen stack, the one-thread event loop, global actions,
 * the status line, timers and the "terminal too small" guard.
 *
 * The loop: handle signal flags (resize re-lays out every
 * screen; hang-up and termination end the run), read every key already
 * typed and dispatch each one, run the timers that are due, then paint
 * ONE frame if anything changed, and sleep in ppoll() until input, a signal
 * or the next timer.  Painting after the whole batch is what makes five
 * page-downs typed at once cost one screen of output.
 */
#include "ui/ui.h"

#include <curses.h>
#include <dirent.h>
#include <langinfo.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/config.h"
#include "app/session.h"
#include "ui/home.h"
#include "ui/reader.h"
#include "ui/screen.h"
#include "ui/term.h"
#include "ui/view.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/path.h"
#include "util/utf8.h"
#include "util/xalloc.h"

struct entry {
	const struct screen_ops *ops;
	void *state;
	int64_t deadline; /* ui_screen_timer; -1 when none */
};

struct timer {
	unsigned id;
	int64_t at;
	int (*fn)(struct ui *ui, void *arg);
	void *arg;
};

struct ui {
	const struct opts *opts;
	struct session *session;
	struct entry *stack;
	size_t n, cap;
	struct timer *timers;
	size_t ntimers, tcap;
	unsigned next_id;
	struct buf message; /* status line message until the next key */
	bool quit;
	bool dirty; /* a frame must be painted */
	bool too_small;
	int rows, cols; /* terminal size the screens were laid out for */
	int64_t retry_at; /* next save retry while a save has failed */
	bool leave_decided; /* unsaved work: the person chose how to leave */
	char *leave_note; /* said on the terminal after the screen is gone */
	int measure; /* the widest canvas (config `measure`) */
	bool mouse; /* clicks and the wheel are reported */
};

/* While a save has failed, tend tries again this often: saving works
 * again the moment space is freed. */
#define SAVE_RETRY_MS 3000

/* The canvas columns: the terminal's, up to the reading measure. */
static int
canvas_cols(const struct ui *ui)
{
	return ui->cols < ui->measure ? ui->cols : ui->measure;
}

/* ---- stack ---- */

static void
resize_entry(struct ui *ui, struct entry *e)
{
	if (e->ops->resize)
		e->ops->resize(ui, e->state, ui->rows - 1, canvas_cols(ui));
}

void
ui_push(struct ui *ui, const struct screen_ops *ops, void *state)
{
	if (ui->n == ui->cap) {
		ui->cap = ui->cap ? ui->cap * 2 : 8;
		ui->stack =
		        xreallocarray(ui->stack, ui->cap, sizeof(*ui->stack));
	}
	ui->stack[ui->n] = (struct entry){ops, state, -1};
	ui->n++;
	resize_entry(ui, &ui->stack[ui->n - 1]);
	ui->dirty = true;
}

static void
free_entry(struct entry *e)
{
	if (e->ops->free)
		e->ops->free(e->state);
}

/* Removes entry i, keeping the order of the rest. */
static void
remove_at(struct ui *ui, size_t i)
{
	struct entry e = ui->stack[i];

	memmove(&ui->stack[i], &ui->stack[i + 1],
	        (ui->n - i - 1) * sizeof(*ui->stack));
	ui->n--;
	ui->dirty = true;
	free_entry(&e);
}

void
ui_detach(struct ui *ui, const void *state)
{
	for (size_t i = ui->n; i-- > 0;) {
		if (ui->stack[i].state == state) {
			memmove(&ui->stack[i], &ui->stack[i + 1],
			        (ui->n - i - 1) * sizeof(*ui->stack));
			ui->n--;
			ui->dirty = true;
			return;
		}
	}
}

void
ui_pop(struct ui *ui)
{
	if (ui->n > 0)
		remove_at(ui, ui->n - 1);
}

void
ui_replace(struct ui *ui, const struct screen_ops *ops, void *state)
{
	ui_pop(ui);
	ui_push(ui, ops, state);
}

size_t
ui_depth(const struct ui *ui)
{
	return ui->n;
}

void *
ui_top(const struct ui *ui)
{
	return ui->n ? ui->stack[ui->n - 1].state : NULL;
}

const struct opts *
ui_opts(const struct ui *ui)
{
	return ui->opts;
}

struct session *
ui_session(const struct ui *ui)
{
	return ui->session;
}

void
ui_set_session(struct ui *ui, struct session *session)
{
	ui->session = session;
}

void
ui_message(struct ui *ui, const char *fmt, ...)
{
	va_list ap;

	buf_reset(&ui->message);
	va_start(ap, fmt);
	buf_vprintf(&ui->message, fmt, ap);
	va_end(ap);
	ui->dirty = true;
}

void
ui_message_clear(struct ui *ui)
{
	if (ui->message.len > 0) {
		buf_reset(&ui->message);
		ui->dirty = true;
	}
}

/* ---- timers ---- */

void
ui_screen_timer(struct ui *ui, const void *state, int64_t at_ms)
{
	for (size_t i = 0; i < ui->n; i++)
		if (ui->stack[i].state == state)
			ui->stack[i].deadline = at_ms < 0 ? -1 : at_ms;
}

unsigned
ui_timer_add(struct ui *ui, int64_t at_ms, int (*fn)(struct ui *, void *),
             void *arg)
{
	if (ui->ntimers == ui->tcap) {
		ui->tcap = ui->tcap ? ui->tcap * 2 : 4;
		ui->timers = xreallocarray(ui->timers, ui->tcap,
		                           sizeof(*ui->timers));
	}
	if (++ui->next_id == 0)
		ui->next_id = 1;
	ui->timers[ui->ntimers++] = (struct timer){ui->next_id, at_ms, fn, arg};
	return ui->next_id;
}

void
ui_timer_cancel(struct ui *ui, unsigned id)
{
	for (size_t i = 0; i < ui->ntimers; i++) {
		if (ui->timers[i].id == id) {
			ui->timers[i] = ui->timers[--ui->ntimers];
			return;
		}
	}
}

/* Milliseconds until the next timer, or -1. */
static int
next_timeout(const struct ui *ui, int64_t now)
{
	int64_t next = -1;

	for (size_t i = 0; i < ui->ntimers; i++)
		if (next < 0 || ui->timers[i].at < next)
			next = ui->timers[i].at;
	for (size_t i = 0; i < ui->n; i++)
		if (ui->stack[i].deadline >= 0 &&
		    (next < 0 || ui->stack[i].deadline < next))
			next = ui->stack[i].deadline;
	if (ui->retry_at > 0 && (next < 0 || ui->retry_at < next))
		next = ui->retry_at;
	if (next < 0)
		return -1;
	if (next <= now)
		return 0;
	return next - now > 86400000 ? 86400000 : (int)(next - now);
}

static void apply(struct ui *ui, const void *state, int flags);

void
ui_react(struct ui *ui, const void *state, int flags)
{
	apply(ui, state, flags);
}

static void
run_timers(struct ui *ui)
{
	int64_t now = clock_mono_ms();

	for (size_t i = 0; i < ui->ntimers;) {
		if (ui->timers[i].at > now) {
			i++;
			continue;
		}
		struct timer t = ui->timers[i];

		ui->timers[i] = ui->timers[--ui->ntimers];
		apply(ui, ui_top(ui), t.fn(ui, t.arg));
		i = 0; /* fn may have changed the list */
	}
	for (size_t i = 0; i < ui->n; i++) {
		struct entry *e = &ui->stack[i];

		if (e->deadline < 0 || e->deadline > now)
			continue;
		e->deadline = -1;
		if (e->ops->timer) {
			void *st = e->state;

			apply(ui, st, e->ops->timer(ui, st, now));
			i = 0; /* the stack may have changed */
		}
	}
}

/* ---- reactions and global actions ---- */

static void
apply(struct ui *ui, const void *state, int flags)
{
	if (flags & (UI_DRAW | UI_REPAINT))
		ui->dirty = true;
	if (flags & UI_REPAINT)
		clearok(curscr, TRUE);
	if (flags & UI_RELAYOUT) {
		for (size_t i = 0; i < ui->n; i++)
			if (ui->stack[i].state == state && !ui->too_small)
				resize_entry(ui, &ui->stack[i]);
		ui->dirty = true;
	}
	if (flags & UI_CLOSE) {
		for (size_t i = ui->n; i-- > 0;) {
			if (ui->stack[i].state == state) {
				remove_at(ui, i);
				break;
			}
		}
	}
	if (flags & UI_QUIT)
		ui->quit = true;
}

static void
global_action(struct ui *ui, enum ui_action act)
{
	const struct entry *top = ui->n ? &ui->stack[ui->n - 1] : NULL;

	switch (act) {
	case ACT_HELP:
		if (top && strcmp(top->ops->name, "help") != 0)
			view_push_help(ui, top->ops->keymaps,
			               top->ops->title ? _(top->ops->title)
			                               : "");
		break;
	case ACT_CRISIS:
		if (top == NULL || strcmp(top->ops->name, "crisis") != 0)
			view_push_crisis(ui);
		break;
	case ACT_BACK:
		ui_pop(ui);
		break;
	case ACT_QUIT:
		ui->quit = true;
		break;
	case ACT_REDRAW:
		apply(ui, NULL, UI_REPAINT);
		break;
	default:
		break;
	}
}

static void
dispatch_key(struct ui *ui, int code, bool fn)
{
	struct entry *top;
	struct ui_key key = {code, fn};
	enum ui_action act = ACT_NONE;
	int r;

	ui_message_clear(ui);
	if (ui->n == 0)
		return;
	top = &ui->stack[ui->n - 1];
	if (ui->too_small) {
		/* Nothing is visible to act on: only leaving works. */
		act = ui_action_for_key(UI_MAP_GLOBAL, code, fn);
		if (act == ACT_QUIT || act == ACT_REDRAW)
			global_action(ui, act);
		return;
	}
	bool text = (top->ops->flags & UI_SCREEN_TEXT) && !fn && code >= 32 &&
	            code != 127;
	if (!text) {
		act = ui_action_for_key(top->ops->keymaps, code, fn);
		if (act == ACT_NONE)
			act = ui_action_for_key(UI_MAP_GLOBAL, code, fn);
	}
	void *st = top->state;

	r = top->ops->action(ui, st, act, &key);
	apply(ui, st, r);
	if ((r & UI_PASS) && !(r & (UI_CLOSE | UI_QUIT)) &&
	    (ui_action_maps(act) & UI_MAP_GLOBAL))
		global_action(ui, act);
}

/* ---- painting ---- */

/*
 * The status line: the screen's title (or the message of the moment),
 * then the screen's own part ("42%"), then the footer (ui_footer: the
 * screen's hints, help and crisis contacts), within the canvas's width.  The screen's part and its hints give way first when the
 * line is narrow; help and crisis contacts always show.
 */
static void
draw_status(struct ui *ui, const struct entry *top)
{
	int cols = canvas_cols(ui);
	struct ui_canvas c = {ui->rows, cols, -1, -1, utf8_is_ascii(), 0};
	struct buf left = BUF_INIT, right = BUF_INIT, foot = BUF_INIT;
	bool text = (top->ops->flags & UI_SCREEN_TEXT) != 0;
	int y = ui->rows - 1, rw, room, x;
	const char *l;
	size_t ll;

	if (top->ops->status)
		top->ops->status(top->state, &left, &right);
	else if (top->ops->title)
		buf_adds(&left, _(top->ops->title));
	l = ui->message.len ? ui->message.data : left.data;
	ll = ui->message.len ? ui->message.len : left.len;
	if (!ui->message.len && session_unsaved(ui->session)) {
		/* Said until a save succeeds, on every screen. */
		l = session_unsaved(ui->session);
		ll = strlen(l);
	}
	/* The left part keeps at least a third of the line; a message of
	 * the moment keeps all it needs, and the screen's hints give way
	 * to it (help and crisis contacts stay). */
	room = cols - 3 - (l && ll ? cols / 3 : 0);
	if (l && ll && l != left.data) {
		int need = (int)utf8_width(l, ll) + 2;

		if (cols - 3 - need < room)
			room = cols - 3 - need;
	}
	ui_footer(&foot, top->ops->hints ? top->ops->hints(top->state) : NULL,
	          text,
	          room -
	                  (int)utf8_width(right.data ? right.data : "",
	                                  right.len) -
	                  2);
	rw = (int)utf8_width(right.data ? right.data : "", right.len);
	if (rw > 0 && rw + 2 + (int)utf8_width(foot.data, foot.len) <= room) {
		buf_adds(&right, "  ");
		buf_add(&right, foot.data, foot.len);
	} else {
		buf_reset(&right);
		buf_add(&right, foot.data, foot.len);
	}
	rw = (int)utf8_width(right.data, right.len);
	if (rw > cols - 2)
		rw = cols - 2;
	/* One band as wide as what it says, from the left edge (as less
	 * draws its prompt); the rest of the row stays blank.  A band
	 * across the whole row was a run of reverse-video blanks, sent on
	 * every first screen over however slow a link. */
	ui_fill(&c, y, 0, cols, UI_STYLE_NORMAL);
	ui_fill(&c, y, 0, 1, UI_STYLE_STATUS);
	x = 1;
	if (l && ll > 0 && cols - rw - 3 > 0) {
		x += ui_put_trunc(&c, y, 1, cols - rw - 3, UI_STYLE_STATUS, l,
		                  ll);
		if (rw > 0) {
			ui_fill(&c, y, x, 2, UI_STYLE_STATUS);
			x += 2;
		}
	}
	if (rw > 0)
		x += ui_put(&c, y, x, rw, UI_STYLE_STATUS, right.data,
		            right.len);
	ui_fill(&c, y, x, 1, UI_STYLE_STATUS);
	buf_free(&left);
	buf_free(&right);
	buf_free(&foot);
}

static void
draw_too_small(struct ui *ui)
{
	struct ui_canvas c = {ui->rows, ui->cols, -1, -1, utf8_is_ascii(), 0};
	char need[64];
	int y = ui->rows / 2 - 1;

	if (y < 0)
		y = 0;
	snprintf(need, sizeof(need), _("needs %dx%d, has %dx%d"), UI_MIN_COLS,
	         UI_MIN_ROWS, ui->cols, ui->rows);
	ui_put_trunc(&c, y, 0, ui->cols, UI_STYLE_TITLE,
	             _("Terminal too small"), SIZE_MAX);
	ui_put_trunc(&c, y + 1, 0, ui->cols, UI_STYLE_NORMAL, need, SIZE_MAX);
	ui_put_trunc(&c, y + 2, 0, ui->cols, UI_STYLE_DIM, _("Q quits"),
	             SIZE_MAX);
}

static void
paint(struct ui *ui)
{
	struct ui_canvas c = {ui->rows - 1, canvas_cols(ui), -1,
	                      -1,           utf8_is_ascii(), 0};
	size_t first;

	werase(stdscr);
	if (ui->too_small) {
		draw_too_small(ui);
	} else if (ui->n > 0) {
		/* From the topmost opaque screen up through the overlays. */
		first = ui->n - 1;
		while (first > 0 &&
		       (ui->stack[first].ops->flags & UI_SCREEN_OVERLAY))
			first--;
		/* The status line first: a prompt paints over it. */
		draw_status(ui, &ui->stack[ui->n - 1]);
		for (size_t i = first; i < ui->n; i++) {
			c.cur_y = c.cur_x = -1;
			ui->stack[i].ops->draw(ui->stack[i].state, &c);
		}
	}
	if (!ui->too_small && c.cur_y >= 0 && c.cur_x >= 0) {
		leaveok(stdscr, FALSE);
		wmove(stdscr, c.cur_y, c.x0 + c.cur_x);
		curs_set(1);
	} else {
		curs_set(0);
		leaveok(stdscr, TRUE);
	}
	wnoutrefresh(stdscr);
	term_update();
	ui->dirty = false;
}

void
ui_paint_now(struct ui *ui)
{
	paint(ui);
}

static void
relayout(struct ui *ui)
{
	ui->rows = LINES;
	ui->cols = COLS;
	ui->too_small = ui->cols < UI_MIN_COLS || ui->rows < UI_MIN_ROWS;
	if (!ui->too_small)
		for (size_t i = 0; i < ui->n; i++)
			resize_entry(ui, &ui->stack[i]);
	ui->dirty = true;
}

/* ---- saving, and leaving with unsaved work ---- */

/* Retries a failed save every SAVE_RETRY_MS; says when it worked. */
static void
retry_save(struct ui *ui)
{
	int64_t now = clock_mono_ms();
	char *msg = NULL;

	if (!ui->session || !session_unsaved(ui->session)) {
		ui->retry_at = 0;
		return;
	}
	if (ui->retry_at == 0 || now < ui->retry_at) {
		if (ui->retry_at == 0)
			ui->retry_at = now + SAVE_RETRY_MS;
		return;
	}
	ui->retry_at = now + SAVE_RETRY_MS;
	if (session_commit(ui->session, clock_now(), &msg) == EXIT_OK) {
		ui->retry_at = 0;
		ui_message(ui, "%s",
		           _("Saved: everything you wrote is in the "
		             "vault now."));
	}
	free(msg);
	ui->dirty = true;
}

/* What the session has to say once (a backup given up for room, ...). */
static void
show_notice(struct ui *ui)
{
	char *n = ui->session ? session_take_notice(ui->session) : NULL;

	if (n) {
		ui_message(ui, "%s", n);
		free(n);
	}
}

static void ask_leave(struct ui *ui);

static int
leave_after_alert(struct ui *ui, void *arg)
{
	ask_leave(ui);
	return UI_DRAW;
}

static int
leave_done(struct ui *ui, void *arg, bool retry)
{
	char *msg = NULL;

	if (retry) {
		if (session_commit(ui->session, clock_now(), &msg) == EXIT_OK) {
			free(msg);
			ui->leave_decided = true;
			return UI_QUIT;
		}
		free(msg);
		ask_leave(ui);
		return UI_DRAW;
	}
	if (session_keep_unsaved(ui->session, &msg) == EXIT_OK) {
		free(ui->leave_note);
		ui->leave_note = msg;
		ui->leave_decided = true;
		return UI_QUIT;
	}
	ui_alert(ui, _("Not kept"), msg ? msg : _("Could not keep it."),
	         leave_after_alert, NULL);
	free(msg);
	return UI_DRAW;
}

static void
ask_leave(struct ui *ui)
{
	char *q = xasprintf(_("%s\n\ny: try saving again\nn: keep your "
	                      "writing sealed (encrypted, like the vault) "
	                      "until tend next opens, and leave"),
	                    session_unsaved(ui->session)
	                            ? session_unsaved(ui->session)
	                            : _("Your latest writing is not saved."));

	ui_confirm(ui, _("Not saved yet"), q, true, leave_done, NULL);
	free(q);
}

/*
 * True when the program may end now.  With unsaved work it first tries to
 * save; when that fails it asks (retry, or seal and leave) and says no.
 */
static bool
may_leave(struct ui *ui)
{
	char *msg = NULL;

	if (!ui->session || ui->leave_decided || !session_dirty(ui->session))
		return true;
	if (session_commit(ui->session, clock_now(), &msg) == EXIT_OK &&
	    !session_dirty(ui->session)) {
		free(msg);
		return true;
	}
	free(msg);
	ui->quit = false;
	ask_leave(ui);
	return false;
}

/* ---- the mouse ---- */

/*
 * The mouse, lightly: button presses and the wheel only (no motion
 * events, so moving the mouse sends nothing over a slow link).  The wheel
 * scrolls three lines in a text screen and moves one item in a list; a
 * press goes to the top screen's click().
 */
static void
mouse_start(struct ui *ui)
{
	if (!ui->mouse)
		return;
	mouseinterval(0);
	if (mousemask(BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED,
	              NULL) == 0)
		ui->mouse = false;
}

static void
dispatch_mouse(struct ui *ui)
{
	struct entry *top = ui->n ? &ui->stack[ui->n - 1] : NULL;
	MEVENT ev;
	int cx;

	if (!top || ui->too_small || getmouse(&ev) != OK)
		return;
	if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
		bool down = (ev.bstate & BUTTON5_PRESSED) != 0;
		unsigned maps = top->ops->keymaps;
		enum ui_action act = ACT_NONE;
		int times = 1;

		if (maps & UI_MAP_SCROLL) {
			act = down ? ACT_LINE_DOWN : ACT_LINE_UP;
			times = 3;
		} else if (maps & UI_MAP_LIST) {
			act = down ? ACT_DOWN : ACT_UP;
		}
		void *st = top->state;

		for (int i = 0; act != ACT_NONE && i < times; i++) {
			struct ui_key key = {KEY_MOUSE, true};

			/* The stack may change under an action. */
			if (ui_top(ui) != st)
				break;
			top = &ui->stack[ui->n - 1];
			apply(ui, st, top->ops->action(ui, st, act, &key));
		}
		return;
	}
	cx = ev.x; /* the canvas starts at the terminal's left edge */
	if ((ev.bstate & BUTTON1_PRESSED) && top->ops->click &&
	    ev.y < ui->rows - 1 && cx < canvas_cols(ui)) {
		void *st = top->state;

		apply(ui, st, top->ops->click(ui, st, ev.y, cx));
	}
}

bool
ui_list_move(size_t *sel, size_t n, enum ui_action act)
{
	switch (act) {
	case ACT_UP:
		if (*sel > 0)
			(*sel)--;
		return true;
	case ACT_DOWN:
		if (*sel + 1 < n)
			(*sel)++;
		return true;
	case ACT_FIRST:
		*sel = 0;
		return true;
	case ACT_LAST:
		*sel = n ? n - 1 : 0;
		return true;
	default:
		return false;
	}
}

/* ---- the loop ---- */

static void
read_keys(struct ui *ui)
{
	wint_t wch;
	int r;

	while (!ui->quit && (r = wget_wch(stdscr, &wch)) != ERR) {
		if (r == KEY_CODE_YES && wch == KEY_RESIZE) {
			term_resize();
			if (LINES != ui->rows || COLS != ui->cols)
				relayout(ui);
			continue;
		}
		if (r == KEY_CODE_YES && wch == KEY_MOUSE) {
			ui_message_clear(ui);
			dispatch_mouse(ui);
		} else {
			dispatch_key(ui, (int)wch, r == KEY_CODE_YES);
		}
		if (ui->n == 0)
			ui->quit = true;
	}
}

/* The config's reading measure and mouse setting. */
static void
settings(struct ui *ui)
{
	struct app_config *cfg;
	const char *m, *mouse;

	/* The person's file is found through the paths. */
	if (!path_config_dir())
		(void)paths_init(ui->opts ? ui->opts->data_dir : NULL);
	cfg = app_config_load(NULL);
	m = app_config_get(cfg, APP_CONFIG_MEASURE);
	mouse = app_config_get(cfg, APP_CONFIG_MOUSE);

	ui->measure = m ? atoi(m) : UI_MEASURE;
	if (ui->measure < UI_MIN_COLS)
		ui->measure = UI_MIN_COLS;
	ui->mouse = !mouse || strcmp(mouse, "no") != 0;
	app_config_free(cfg);
}

int
ui_run(const struct opts *opts, struct session *session,
       const struct screen_ops *first, void *state)
{
	struct ui ui;
	const char *why = NULL;
	const char *enc;

	memset(&ui, 0, sizeof(ui));
	ui.opts = opts;
	ui.session = session;
	settings(&ui);
	enc = nl_langinfo(CODESET);
	utf8_set_ascii(enc == NULL || strcmp(enc, "UTF-8") != 0);
	if (term_start(&why) < 0) {
		fprintf(stderr, "tend: %s\n", why);
		if (first->free)
			first->free(state);
		return EXIT_FAIL;
	}
	ui_style_init(!opts->no_color);
	mouse_start(&ui);
	ui.rows = LINES;
	ui.cols = COLS;
	ui.too_small = ui.cols < UI_MIN_COLS || ui.rows < UI_MIN_ROWS;
	ui_push(&ui, first, state);

	for (;;) {
		unsigned sig;

		if ((ui.quit || ui.n == 0) && may_leave(&ui))
			break;
		sig = term_signals();
		/* Hang-up or termination: nobody to ask; home_main seals
		 * what could not be saved. */
		if (sig & TERM_SIG_END)
			break;
		if ((sig & TERM_SIG_WINCH) && term_resize())
			relayout(&ui);
		read_keys(&ui);
		if ((ui.quit || ui.n == 0) && may_leave(&ui))
			break;
		run_timers(&ui);
		retry_save(&ui);
		show_notice(&ui);
		if ((ui.quit || ui.n == 0) && may_leave(&ui))
			break;
		if (ui.dirty)
			paint(&ui);
		term_wait(next_timeout(&ui, clock_mono_ms()));
	}

	/* Screens save in free(): close them top first. */
	while (ui.n > 0)
		ui_pop(&ui);
	term_stop();
	if (ui.leave_note)
		fprintf(stderr, "tend: %s\n", ui.leave_note);
	free(ui.leave_note);
	free(ui.stack);
	free(ui.timers);
	buf_free(&ui.message);
	return EXIT_OK;
}

/* ---- the program ---- */

int
ui_main(int argc, char **argv, struct opts *opts)
{
	const char *lesson = getenv("TEND_LESSON");

	if (lesson && *lesson)
		return reader_run(opts, lesson);
	return home_main(opts);
}
