/*
 * The history of worksheet entries, newest first; the bin of deleted
 * entries, restorable for ENTRIES_KEEP_DAYS days; and the worksheet
 * picker.  Opening an entry shows it to read (ui/notes.h); e, there or
 * in the list, opens it in the form to change it.  Deleting asks first.  Entries kept in the bin too long are
 * purged when the history opens.
 */
#include "ui/sheet.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/sheet.h"
#include "ui/notes.h"
#include "ui/screen.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

static int picker_push(struct ui *ui, void (*closed)(void *), void *arg);

struct history {
	struct session *s;
	struct sheet_set set;
	char *filter; /* worksheet id, or NULL for all */
	bool bin; /* showing deleted entries */
	bool select_newest; /* a new entry was started: select it */
	struct entry_list l;
	size_t sel, top;
	int rows, cols;
};

static const char *
title_of(const struct history *h, const char *sheet_id)
{
	const struct sheet *def = sheet_set_find(&h->set, sheet_id);

	return def ? def->title : sheet_id;
}

static void
fmt_time(char *out, size_t n, time_t t, bool with_time)
{
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, n, with_time ? "%Y-%m-%d %H:%M" : "%Y-%m-%d", &tm);
}

static void
reload(struct history *h)
{
	int64_t keep = h->l.n && h->sel < h->l.n ? h->l.v[h->sel]->id : 0;

	entry_list_free(&h->l);
	/* A list that cannot be read shows as empty. */
	(void)app_sheet_list(h->s, h->filter,
	                     h->bin ? ENTRIES_BIN : ENTRIES_LIVE, clock_now(),
	                     &h->l);
	/* Stay on the same entry when it is still there, or go to the new
	 * one (the list is newest first). */
	for (size_t i = 0; i < h->l.n; i++)
		if (h->l.v[i]->id == keep)
			h->sel = i;
	if (h->select_newest) {
		h->sel = h->top = 0;
		h->select_newest = false;
	}
	if (h->sel >= h->l.n)
		h->sel = h->l.n ? h->l.n - 1 : 0;
}

static int
list_rows(const struct history *h)
{
	int r = h->rows - 3;

	return r < 1 ? 1 : r;
}

static void
keep_visible(struct history *h)
{
	size_t n = (size_t)list_rows(h);

	if (h->sel < h->top)
		h->top = h->sel;
	if (h->sel >= h->top + n)
		h->top = h->sel - n + 1;
}

static void
history_draw(const void *state, struct ui_canvas *c)
{
	const struct history *h = state;
	int y = 2, n = list_rows(h);

	ui_put_trunc(c, 0, 0, c->cols, UI_STYLE_H1,
	             h->bin      ? _("Deleted entries (restorable for 30 days)")
	             : h->filter ? title_of(h, h->filter)
	                         : _("Your worksheet entries"),
	             SIZE_MAX);
	if (h->l.n == 0) {
		ui_put_wrap(c, 2, 0, c->cols, c->rows - 2, UI_STYLE_DIM,
		            h->bin ? _("Nothing deleted. Press b to go back to "
		                       "your entries.")
		                   : _("No entries yet. Press n to start "
		                       "one."));
		return;
	}
	for (size_t i = h->top; i < h->l.n && y < 2 + n; i++, y++) {
		const struct entry *e = h->l.v[i];
		const struct sheet *def = sheet_set_find(&h->set, e->sheet);
		unsigned st = i == h->sel ? UI_STYLE_SELECTED : UI_STYLE_NORMAL;
		struct buf line = BUF_INIT, sum = BUF_INIT;
		char when[32], until[32];
		int x;

		if (i == h->sel)
			ui_fill(c, y, 0, c->cols, UI_STYLE_SELECTED);
		fmt_time(when, sizeof(when), e->created, true);
		x = ui_put(c, y, 1, c->cols - 1, st, when, SIZE_MAX) + 3;
		buf_adds(&line, title_of(h, e->sheet));
		x += ui_put_trunc(c, y, x, 24, st | UI_STRONG, line.data,
		                  line.len);
		x = x < 1 + 16 + 2 + 24 ? 1 + 16 + 2 + 24 + 1 : x + 1;
		if (h->bin) {
			fmt_time(until, sizeof(until),
			         e->deleted + ENTRIES_KEEP_DAYS * 86400, false);
			buf_reset(&sum);
			buf_printf(&sum, _("restorable until %s"), until);
		} else {
			if (!e->completed) {
				buf_adds(&sum, _("(unfinished)"));
				buf_addc(&sum, ' ');
			}
			if (def)
				sheet_summary(def, e->answers, 200, &sum);
		}
		if (x < c->cols - 1 && sum.len)
			ui_put_trunc(c, y, x, c->cols - 1 - x,
			             i == h->sel ? st : UI_STYLE_DIM, sum.data,
			             sum.len);
		buf_free(&line);
		buf_free(&sum);
	}
}

static void
history_status(const void *state, struct buf *left, struct buf *right)
{
	const struct history *h = state;

	buf_adds(left, h->bin ? _("Deleted entries") : _("Entries"));
	if (h->l.n)
		buf_printf(right, "%zu/%zu", h->sel + 1, h->l.n);
}

static const enum ui_action *
history_hints(const void *state)
{
	static const enum ui_action live[] = {ACT_SELECT,    ACT_EDIT,
	                                      ACT_ENTRY_NEW, ACT_ENTRY_DELETE,
	                                      ACT_ENTRY_BIN, ACT_NONE};
	static const enum ui_action bin[] = {ACT_ENTRY_RESTORE, ACT_ENTRY_BIN,
	                                     ACT_NONE};

	return ((const struct history *)state)->bin ? bin : live;
}

static void
history_resize(struct ui *ui, void *state, int rows, int cols)
{
	struct history *h = state;

	h->rows = rows;
	h->cols = cols;
	keep_visible(h);
}

static void
form_closed(void *arg)
{
	reload(arg);
}

static int
delete_done(struct ui *ui, void *arg, bool yes)
{
	struct history *h = arg;
	char *msg = NULL;

	if (!yes || h->sel >= h->l.n)
		return UI_DRAW;
	if (app_sheet_delete(h->s, h->l.v[h->sel]->id, clock_now(), &msg) !=
	    EXIT_OK)
		ui_message(ui, "%s", msg ? msg : _("Could not delete."));
	else
		ui_message(ui, _("Deleted. Press b to see deleted entries and "
		                 "restore it within 30 days."));
	free(msg);
	reload(h);
	keep_visible(h);
	return UI_DRAW;
}

static int
history_action(struct ui *ui, void *state, enum ui_action act,
               const struct ui_key *key)
{
	struct history *h = state;
	char *msg = NULL;

	switch (act) {
	case ACT_UP:
		if (h->sel > 0)
			h->sel--;
		break;
	case ACT_DOWN:
		if (h->sel + 1 < h->l.n)
			h->sel++;
		break;
	case ACT_FIRST:
		h->sel = 0;
		break;
	case ACT_LAST:
		h->sel = h->l.n ? h->l.n - 1 : 0;
		break;
	case ACT_SELECT: {
		char id[32];

		if (h->bin || h->sel >= h->l.n)
			return UI_OK;
		h->select_newest = false;
		/* To read first: e in there changes it (q never types into
		 * an answer by accident). */
		snprintf(id, sizeof(id), "w%lld",
		         (long long)h->l.v[h->sel]->id);
		note_open(ui, id, form_closed, h);
		return UI_DRAW;
	}
	case ACT_EDIT:
		if (h->bin || h->sel >= h->l.n)
			return UI_OK;
		h->select_newest = false;
		sheet_form_push_notify(ui, h->l.v[h->sel]->sheet,
		                       h->l.v[h->sel]->id, form_closed, h);
		return UI_DRAW;
	case ACT_ENTRY_NEW:
		if (h->bin)
			return UI_OK;
		h->select_newest = true;
		if (h->filter)
			sheet_form_push_notify(ui, h->filter, 0, form_closed,
			                       h);
		else
			picker_push(ui, form_closed, h);
		return UI_DRAW;
	case ACT_ENTRY_DELETE:
		if (h->bin || h->sel >= h->l.n)
			return UI_OK;
		{
			char when[32], *q;

			fmt_time(when, sizeof(when), h->l.v[h->sel]->created,
			         true);
			q = xasprintf(_("Delete the %s entry of %s?\nYou can "
			                "restore it for %d days."),
			              title_of(h, h->l.v[h->sel]->sheet), when,
			              ENTRIES_KEEP_DAYS);
			ui_confirm(ui, _("Delete entry"), q, false, delete_done,
			           h);
			free(q);
		}
		return UI_DRAW;
	case ACT_ENTRY_RESTORE:
		if (!h->bin || h->sel >= h->l.n)
			return UI_OK;
		if (app_sheet_restore(h->s, h->l.v[h->sel]->id, clock_now(),
		                      &msg) != EXIT_OK)
			ui_message(ui, "%s",
			           msg ? msg : _("Could not restore."));
		else
			ui_message(ui, _("Restored."));
		free(msg);
		reload(h);
		break;
	case ACT_ENTRY_LIST:
		if (h->bin) {
			h->bin = false;
			h->sel = h->top = 0;
			reload(h);
		}
		break;
	case ACT_ENTRY_BIN:
		h->bin = !h->bin;
		h->sel = h->top = 0;
		reload(h);
		break;
	default:
		return UI_PASS;
	}
	keep_visible(h);
	return UI_DRAW;
}

static void
history_free(void *state)
{
	struct history *h = state;

	entry_list_free(&h->l);
	sheet_set_free(&h->set);
	free(h->filter);
	free(h);
}

static const struct screen_ops history_ops = {
        .name = "history",
        .title = N_("Your worksheet entries"),
        .keymaps = UI_MAP_LIST | UI_MAP_SHEETS | UI_MAP_ENTRIES,
        .draw = history_draw,
        .status = history_status,
        .hints = history_hints,
        .action = history_action,
        .resize = history_resize,
        .free = history_free,
};

int
history_push(struct ui *ui, const char *sheet_id)
{
	struct history *h;
	struct diags d = DIAGS_INIT;
	char *msg = NULL;

	if (!ui_session(ui)) {
		ui_alert(ui, _("Entries"), _("Unlock your data first."), NULL,
		         NULL);
		return -1;
	}
	h = xcalloc(1, sizeof(*h));
	h->s = ui_session(ui);
	h->set = (struct sheet_set)SHEET_SET_INIT;
	app_sheets_load(&h->set, &d);
	diag_free(&d);
	h->filter = sheet_id ? xstrdup(sheet_id) : NULL;
	/* What stayed in the bin too long goes now, as promised. */
	app_sheet_purge(h->s, clock_now(), &msg);
	free(msg);
	reload(h);
	ui_push(ui, &history_ops, h);
	return 0;
}

/* ---- The picker ---- */

struct picker {
	struct sheet_set set;
	size_t sel;
	void (*closed)(void *arg); /* handed on to the form */
	void *arg;
};

static void
picker_draw(const void *state, struct ui_canvas *c)
{
	const struct picker *p = state;
	int y = 2;

	ui_put_trunc(c, 0, 0, c->cols, UI_STYLE_H1, _("Start a worksheet"),
	             SIZE_MAX);
	for (size_t i = 0; i < p->set.n && y < c->rows; i++) {
		const struct sheet *s = p->set.v[i];
		unsigned st = i == p->sel ? UI_STYLE_SELECTED : UI_STYLE_TITLE;
		char num[24];

		if (i == p->sel)
			ui_fill(c, y, 0, c->cols, UI_STYLE_SELECTED);
		snprintf(num, sizeof(num), "%2zu ", i + 1);
		ui_put(c, y, 0, 4, st, num, SIZE_MAX);
		ui_put_trunc(c, y, 4, c->cols - 5, st, s->title, SIZE_MAX);
		y++;
		if (s->summary && y < c->rows) {
			ui_put_trunc(c, y, 4, c->cols - 5, UI_STYLE_DIM,
			             s->summary, SIZE_MAX);
			y++;
		}
	}
}

static int
picker_action(struct ui *ui, void *state, enum ui_action act,
              const struct ui_key *key)
{
	struct picker *p = state;

	switch (act) {
	case ACT_UP:
		if (p->sel > 0)
			p->sel--;
		return UI_DRAW;
	case ACT_DOWN:
		if (p->sel + 1 < p->set.n)
			p->sel++;
		return UI_DRAW;
	case ACT_FIRST:
		p->sel = 0;
		return UI_DRAW;
	case ACT_LAST:
		p->sel = p->set.n ? p->set.n - 1 : 0;
		return UI_DRAW;
	case ACT_PICK:
		if (key->code < '1' || (size_t)(key->code - '0') > p->set.n)
			return UI_OK;
		p->sel = (size_t)(key->code - '1');
		/* fall through */
	case ACT_SELECT:
		if (p->sel >= p->set.n)
			return UI_OK;
		/* The form goes on top; the picker closes under it. */
		if (sheet_form_push_notify(ui, p->set.v[p->sel]->id, 0,
		                           p->closed, p->arg) < 0)
			return UI_DRAW;
		return UI_CLOSE | UI_DRAW;
	default:
		return UI_PASS;
	}
}

static void
picker_free(void *state)
{
	struct picker *p = state;

	sheet_set_free(&p->set);
	free(p);
}

static const struct screen_ops picker_ops = {
        .name = "sheet-picker",
        .title = N_("Start a worksheet"),
        .keymaps = UI_MAP_LIST,
        .draw = picker_draw,
        .action = picker_action,
        .free = picker_free,
};

int
sheet_picker_push(struct ui *ui)
{
	return picker_push(ui, NULL, NULL);
}

static int
picker_push(struct ui *ui, void (*closed)(void *), void *arg)
{
	struct picker *p;
	struct diags d = DIAGS_INIT;

	if (!ui_session(ui)) {
		ui_alert(ui, _("Worksheets"), _("Unlock your data first."),
		         NULL, NULL);
		return -1;
	}
	p = xcalloc(1, sizeof(*p));
	p->set = (struct sheet_set)SHEET_SET_INIT;
	p->closed = closed;
	p->arg = arg;
	app_sheets_load(&p->set, &d);
	diag_free(&d);
	ui_push(ui, &picker_ops, p);
	return 0;
}
