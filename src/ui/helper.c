/*
 * The helper screen: linking a helper (the key file, then a full screen
 * that shows the fingerprint to compare aloud and exactly what each
 * summary shares, with the kinds of answer text ticked one by one), and
 * once linked the settings, a summary written on demand, the messages and
 * unlinking.  Every change goes through app/helper.h and is committed
 * there.  Both screens say that the helper reads summaries when they can,
 * not in real time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/helper.h"
#include "ui/messages.h"
#include "ui/screen.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/xalloc.h"

/* What the inputs take, in characters (ui_input says when one is
 * reached): a name that fits struct helper_settings' pseudonym in any
 * script, a path, and a short note. */
#define NAME_MAX_CHARS 15
#define PATH_MAX_CHARS 4096
#define NOTE_MAX_CHARS 1000

static const char *const day_names[] = {
        N_("Monday"), N_("Tuesday"),  N_("Wednesday"), N_("Thursday"),
        N_("Friday"), N_("Saturday"), N_("Sunday")};

static const char *
day_name(int d)
{
	return d >= 0 && d < 7 ? _(day_names[d]) : _("on demand only");
}

/* Paints text's lines (each ending in '\n') as a list from row y; returns
 * the next row. */
static int
put_lines(struct ui_canvas *c, int y, const char *text, const char *bullet)
{
	const char *p = text;

	while (p && *p && y < c->rows) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xasprintf("%s%.*s", bullet, (int)n, p);

		y += ui_put_wrap(c, y, 2, c->cols - 3, c->rows - y,
		                 UI_STYLE_NORMAL, line);
		free(line);
		p = nl ? nl + 1 : p + n;
	}
	return y;
}

struct hscreen;
static void hs_reload(struct hscreen *h);

/* ---- the link screen: compare, choose, confirm ---- */

struct linkc {
	struct hscreen *parent; /* refreshed once linked */
	struct session *s;
	struct helper_key *key;
	char *path;
	struct helper_settings set;
	struct ui *ui;
};

static void
linkc_draw(const void *state, struct ui_canvas *c)
{
	const struct linkc *l = state;
	struct buf share = BUF_INIT;
	char line[256];
	int y = 0;

	ui_put(c, y++, 1, c->cols - 2, UI_STYLE_TITLE, _("Link a helper"),
	       SIZE_MAX);
	y++;
	ui_put_trunc(c, y++, 1, c->cols - 2, UI_STYLE_DIM, l->path, SIZE_MAX);
	ui_put(c, y++, 1, c->cols - 2, UI_STYLE_NORMAL, _("Its fingerprint:"),
	       SIZE_MAX);
	y += ui_put_wrap(c, y, 4, c->cols - 5, 2, UI_STYLE_H1,
	                 helper_key_fingerprint(l->key));
	y += ui_put_wrap(c, y, 1, c->cols - 2, 3, UI_STYLE_NORMAL,
	                 _("Read these words to your helper, or have them "
	                   "read theirs to you: they must be the same, word "
	                   "for word. If they differ, do not link."));
	y++;
	ui_put(c, y++, 1, c->cols - 2, UI_STYLE_TITLE,
	       _("Each summary will share:"), SIZE_MAX);
	helper_share_text(l->set.share, &share);
	y = put_lines(c, y, share.data, "- ");
	buf_free(&share);
	y++;
	snprintf(line, sizeof(line), "1  [%s] %s",
	         l->set.share & HELPER_SHARE_LESSONS ? "x" : " ",
	         _("share the text of my answers in lessons"));
	ui_put(c, y++, 1, c->cols - 2, UI_STYLE_NORMAL, line, SIZE_MAX);
	snprintf(line, sizeof(line), "2  [%s] %s",
	         l->set.share & HELPER_SHARE_WORKSHEETS ? "x" : " ",
	         _("share the text of my worksheet entries"));
	ui_put(c, y++, 1, c->cols - 2, UI_STYLE_NORMAL, line, SIZE_MAX);
	snprintf(line, sizeof(line), _("3  the name they see me by: %s"),
	         l->set.pseudonym[0] ? l->set.pseudonym : _("(choose one)"));
	ui_put_trunc(c, y++, 1, c->cols - 2, UI_STYLE_NORMAL, line, SIZE_MAX);
	snprintf(line, sizeof(line), _("4  weekly summary: %s"),
	         day_name(l->set.weekday));
	ui_put(c, y++, 1, c->cols - 2, UI_STYLE_NORMAL, line, SIZE_MAX);
	y++;
	y += ui_put_wrap(c, y, 1, c->cols - 2, 3, UI_STYLE_DIM,
	                 _(helper_not_realtime()));
	ui_put(c, y, 1, c->cols - 2, UI_STYLE_KEY,
	       _("y: the words match, link   q: do not link"), SIZE_MAX);
}

static int
name_done(struct ui *ui, void *arg, const char *text)
{
	struct linkc *l = ui_top(ui) == arg ? arg : NULL;

	if (l && text)
		snprintf(l->set.pseudonym, sizeof(l->set.pseudonym), "%s",
		         text);
	return UI_DRAW;
}

static int
linkc_action(struct ui *ui, void *state, enum ui_action act,
             const struct ui_key *key)
{
	struct linkc *l = state;
	char *msg = NULL;
	int st;

	if (act == ACT_PICK) {
		switch (key->code) {
		case '1':
			l->set.share ^= HELPER_SHARE_LESSONS;
			return UI_DRAW;
		case '2':
			l->set.share ^= HELPER_SHARE_WORKSHEETS;
			return UI_DRAW;
		case '3':
			ui_input(ui, _("Your name for the helper"),
			         _("The name they see you by (not necessarily "
			           "your own):"),
			         l->set.pseudonym, NAME_MAX_CHARS, name_done,
			         l);
			return UI_DRAW;
		case '4':
			l->set.weekday =
			        l->set.weekday >= 6 ? -1 : l->set.weekday + 1;
			return UI_DRAW;
		default:
			return UI_OK;
		}
	}
	if (act != ACT_YES)
		return UI_PASS;
	if (!l->set.pseudonym[0]) {
		ui_input(ui, _("Your name for the helper"),
		         _("The name they see you by (not necessarily your "
		           "own):"),
		         "", NAME_MAX_CHARS, name_done, l);
		return UI_DRAW;
	}
	st = helper_link(l->s, l->key, &l->set, clock_now(), &msg);
	if (st != EXIT_OK) {
		ui_message(ui, "%s", msg ? msg : _("Not linked."));
		free(msg);
		return UI_DRAW;
	}
	hs_reload(l->parent);
	ui_message(ui, "%s", _("Linked."));
	return UI_CLOSE | UI_DRAW;
}

static void
linkc_free(void *state)
{
	struct linkc *l = state;

	helper_key_free(l->key);
	free(l->path);
	free(l);
}

static const struct screen_ops linkc_ops = {
        .name = "helper-link",
        .title = N_("Link a helper"),
        .keymaps = UI_MAP_LIST | UI_MAP_DIALOG,
        .draw = linkc_draw,
        .action = linkc_action,
        .free = linkc_free,
};

static int
keyfile_done(struct ui *ui, void *arg, const char *text)
{
	struct hscreen *h = arg;
	struct helper_key *k = NULL;
	struct linkc *l;
	char *msg = NULL;

	if (!text || !*text)
		return UI_DRAW;
	if (helper_key_load(text, &k, &msg) != EXIT_OK) {
		ui_alert(ui, _("Link a helper"), msg, NULL, NULL);
		free(msg);
		return UI_DRAW;
	}
	l = xcalloc(1, sizeof(*l));
	l->parent = h;
	l->s = ui_session(ui);
	l->key = k;
	l->path = xstrdup(text);
	l->set.weekday = -1;
	ui_push(ui, &linkc_ops, l);
	return UI_DRAW;
}

/* ---- the helper screen ---- */

enum hrow {
	HR_LINK,
	HR_NAME,
	HR_LESSONS,
	HR_SHEETS,
	HR_DAY,
	HR_SUMMARY,
	HR_MESSAGES,
	HR_UNLINK,
	HR_COUNT
};

struct hscreen {
	struct session *s;
	struct helper_link link;
	size_t sel;
	char *outbox, *inbox;
	bool offer; /* the first run's offer of the clinic's helper */
};

static void
hs_reload(struct hscreen *h)
{
	char *msg = NULL;

	if (helper_link_get(h->s, &h->link, &msg) != EXIT_OK)
		memset(&h->link, 0, sizeof(h->link));
	free(msg);
	if (h->sel >= HR_COUNT)
		h->sel = 0;
}

/* The rows shown: only "link" when not linked. */
static size_t
hs_rows(const struct hscreen *h)
{
	return h->link.linked ? HR_COUNT - 1 : 1;
}

static enum hrow
hs_row(const struct hscreen *h, size_t i)
{
	return h->link.linked ? (enum hrow)(i + 1) : HR_LINK;
}

static void
hs_row_text(const struct hscreen *h, enum hrow r, char *out, size_t n)
{
	const struct helper_settings *st = &h->link.set;

	switch (r) {
	case HR_LINK:
		snprintf(out, n, "%s", _("Link a helper..."));
		break;
	case HR_NAME:
		snprintf(out, n, _("The name they see you by: %s"),
		         st->pseudonym);
		break;
	case HR_LESSONS:
		snprintf(out, n, _("Text of your answers in lessons: %s"),
		         st->share & HELPER_SHARE_LESSONS ? _("shared")
		                                          : _("not shared"));
		break;
	case HR_SHEETS:
		snprintf(out, n, _("Text of your worksheet entries: %s"),
		         st->share & HELPER_SHARE_WORKSHEETS ? _("shared")
		                                             : _("not shared"));
		break;
	case HR_DAY:
		snprintf(out, n, _("Weekly summary: %s"),
		         day_name(st->weekday));
		break;
	case HR_SUMMARY:
		snprintf(out, n, "%s", _("Write a summary now..."));
		break;
	case HR_MESSAGES:
		snprintf(out, n, "%s", _("Messages from your helper"));
		break;
	case HR_UNLINK:
		snprintf(out, n, "%s", _("Unlink..."));
		break;
	case HR_COUNT:
		break;
	}
}

static void
hs_draw(const void *state, struct ui_canvas *c)
{
	const struct hscreen *h = state;
	char line[300];
	int y = 0;

	if (!h->link.linked && h->offer) {
		y += ui_put_wrap(c, y, 1, c->cols - 2, 2, UI_STYLE_TITLE,
		                 _("Your clinic offers a helper."));
		y += ui_put_wrap(c, y, 1, c->cols - 2, 3, UI_STYLE_DIM,
		                 _("Enter links them now; q: not now (later, h "
		                   "on the home screen)."));
	}
	if (!h->link.linked) {
		y += ui_put_wrap(c, y, 1, c->cols - 2, 4, UI_STYLE_NORMAL,
		                 _("A helper (a clinician, or someone you "
		                   "trust) can read a weekly summary that you "
		                   "send them as a file, and write back. "
		                   "Nothing is sent by itself."));
	} else {
		ui_put(c, y++, 1, c->cols - 2, UI_STYLE_TITLE,
		       _("Linked helper:"), SIZE_MAX);
		y += ui_put_wrap(c, y, 4, c->cols - 5, 2, UI_STYLE_NORMAL,
		                 h->link.helper_fp);
		snprintf(line, sizeof(line), _("Your fingerprint: %s"),
		         h->link.own_fp);
		y += ui_put_wrap(c, y, 1, c->cols - 2, 2, UI_STYLE_DIM, line);
	}
	y++;
	for (size_t i = 0; i < hs_rows(h) && y < c->rows; i++, y++) {
		char text[256];

		hs_row_text(h, hs_row(h, i), text, sizeof(text));
		snprintf(line, sizeof(line), "%zu  %s", i + 1, text);
		ui_put_trunc(c, y, 1, c->cols - 2,
		             i == h->sel ? UI_STYLE_SELECTED : UI_STYLE_NORMAL,
		             line, SIZE_MAX);
	}
	y++;
	if (h->link.linked && y < c->rows) {
		snprintf(line, sizeof(line),
		         _("Outbox (send these files to your helper): %s"),
		         h->outbox);
		y += ui_put_wrap(c, y, 1, c->cols - 2, 2, UI_STYLE_DIM, line);
		snprintf(line, sizeof(line),
		         _("Inbox (drop their replies here): %s"), h->inbox);
		y += ui_put_wrap(c, y, 1, c->cols - 2, 2, UI_STYLE_DIM, line);
		y++;
	}
	if (y < c->rows)
		ui_put_wrap(c, y, 1, c->cols - 2, c->rows - y, UI_STYLE_DIM,
		            _(helper_not_realtime()));
}

static int
hs_settings(struct ui *ui, struct hscreen *h)
{
	char *msg = NULL;

	if (helper_settings_set(h->s, &h->link.set, clock_now(), &msg) !=
	    EXIT_OK)
		ui_message(ui, "%s", msg ? msg : "");
	free(msg);
	hs_reload(h);
	return UI_DRAW;
}

static int
hs_name_done(struct ui *ui, void *arg, const char *text)
{
	struct hscreen *h = arg;

	if (!text || ui_top(ui) != h)
		return UI_DRAW;
	snprintf(h->link.set.pseudonym, sizeof(h->link.set.pseudonym), "%s",
	         text);
	return hs_settings(ui, h);
}

static int
unlink_done(struct ui *ui, void *arg, bool yes)
{
	struct hscreen *h = arg;
	char *msg = NULL;

	if (!yes || ui_top(ui) != h)
		return UI_DRAW;
	if (helper_unlink(h->s, clock_now(), &msg) != EXIT_OK)
		ui_message(ui, "%s", msg ? msg : "");
	else
		ui_message(ui, "%s",
		           _("Unlinked. Your messages stay in tend."));
	free(msg);
	hs_reload(h);
	h->sel = 0;
	return UI_DRAW;
}

/* Writes a summary with the note and says where it went. */
static int
write_summary(struct ui *ui, struct session *s, const char *note)
{
	struct buf b = BUF_INIT;
	char *msg = NULL, *path = NULL;
	int rc;

	if (helper_summary_write(s, note, NULL, clock_now(), &path, &msg) !=
	    EXIT_OK) {
		ui_alert(ui, _("Summary for your helper"),
		         msg ? msg : _("The summary could not be written."),
		         NULL, NULL);
		free(msg);
		return UI_DRAW;
	}
	buf_printf(&b, _("A sealed summary for your helper is in:\n%s\n\n"),
	           path);
	rc = helper_outbox_run(path, true, &msg);
	if (rc == 1)
		buf_printf(&b, "%s\n\n",
		           _("Your clinic's outbox command took it."));
	else if (rc < 0)
		buf_printf(&b,
		           _("The clinic's outbox command failed (%s): send "
		             "the file yourself.\n\n"),
		           msg);
	else
		buf_printf(&b, "%s\n\n",
		           _("Only your helper can open it. Send it to them as "
		             "you like: tend sends nothing by itself."));
	buf_adds(&b, _(helper_not_realtime()));
	ui_alert(ui, _("Summary for your helper"), b.data, NULL, NULL);
	buf_free(&b);
	free(msg);
	free(path);
	return UI_DRAW;
}

static int
note_done(struct ui *ui, void *arg, const char *text)
{
	if (!text)
		return UI_DRAW; /* cancelled: nothing written */
	return write_summary(ui, arg, text);
}

static void
ask_note(struct ui *ui, struct session *s)
{
	ui_input(ui, _("Summary for your helper"),
	         _("A note for your helper (optional; Enter to skip, Esc to "
	           "cancel):"),
	         "", NOTE_MAX_CHARS, note_done, s);
}

static int
hs_activate(struct ui *ui, struct hscreen *h)
{
	switch (hs_row(h, h->sel)) {
	case HR_LINK: {
		char *clinic = helper_clinic_key();

		ui_input(ui, _("Link a helper"),
		         _("Your helper's key file (helper.pub):"),
		         clinic ? clinic : "", PATH_MAX_CHARS, keyfile_done, h);
		free(clinic);
		return UI_DRAW;
	}
	case HR_NAME:
		ui_input(ui, _("Your name for the helper"),
		         _("The name they see you by:"), h->link.set.pseudonym,
		         NAME_MAX_CHARS, hs_name_done, h);
		return UI_DRAW;
	case HR_LESSONS:
		h->link.set.share ^= HELPER_SHARE_LESSONS;
		return hs_settings(ui, h);
	case HR_SHEETS:
		h->link.set.share ^= HELPER_SHARE_WORKSHEETS;
		return hs_settings(ui, h);
	case HR_DAY:
		h->link.set.weekday =
		        h->link.set.weekday >= 6 ? -1 : h->link.set.weekday + 1;
		return hs_settings(ui, h);
	case HR_SUMMARY:
		ask_note(ui, h->s);
		return UI_DRAW;
	case HR_MESSAGES:
		(void)messages_push(ui);
		return UI_DRAW;
	case HR_UNLINK:
		ui_confirm(ui, _("Unlink"),
		           _("Unlink your helper? They get no more summaries, "
		             "and replies from them are refused. Your messages "
		             "stay."),
		           false, unlink_done, h);
		return UI_DRAW;
	case HR_COUNT:
		break;
	}
	return UI_OK;
}

static int
hs_action(struct ui *ui, void *state, enum ui_action act,
          const struct ui_key *key)
{
	struct hscreen *h = state;

	/* A screen on top (the link screen) may have changed the link. */
	hs_reload(h);
	switch (act) {
	case ACT_UP:
		if (h->sel)
			h->sel--;
		return UI_DRAW;
	case ACT_DOWN:
		if (h->sel + 1 < hs_rows(h))
			h->sel++;
		return UI_DRAW;
	case ACT_FIRST:
		h->sel = 0;
		return UI_DRAW;
	case ACT_LAST:
		h->sel = hs_rows(h) - 1;
		return UI_DRAW;
	case ACT_PICK: {
		size_t n = (size_t)(key->code - '0');

		if (n == 0 || n > hs_rows(h))
			return UI_OK;
		h->sel = n - 1;
		return hs_activate(ui, h);
	}
	case ACT_SELECT:
		return hs_activate(ui, h);
	default:
		return UI_PASS;
	}
}

static void
hs_resize(struct ui *ui, void *state, int rows, int cols)
{
	hs_reload(state);
}

static void
hs_free(void *state)
{
	struct hscreen *h = state;

	free(h->outbox);
	free(h->inbox);
	free(h);
}

static const struct screen_ops hs_ops = {
        .name = "helper",
        .title = N_("Your helper"),
        .keymaps = UI_MAP_LIST,
        .draw = hs_draw,
        .action = hs_action,
        .resize = hs_resize,
        .free = hs_free,
};

bool
helper_offer_push(struct ui *ui)
{
	struct session *s = ui_session(ui);
	char *clinic = helper_clinic_key(), *msg = NULL;
	struct helper_link l;
	bool offer = clinic && s && helper_link_get(s, &l, &msg) == EXIT_OK &&
	             !l.linked;

	free(clinic);
	free(msg);
	if (!offer || helper_screen_push(ui) < 0)
		return false;
	((struct hscreen *)ui_top(ui))->offer = true;
	return true;
}

int
helper_screen_push(struct ui *ui)
{
	struct session *s = ui_session(ui);
	struct hscreen *h;

	if (!s)
		return -1;
	h = xcalloc(1, sizeof(*h));
	h->s = s;
	h->outbox = helper_outbox_dir(s);
	h->inbox = helper_inbox_dir(s);
	hs_reload(h);
	ui_push(ui, &hs_ops, h);
	return 0;
}

bool
helper_summary_on_open(struct ui *ui, struct session *s)
{
	if (!helper_summary_due(s, clock_now()))
		return false;
	ui_input(ui, _("Your weekly summary"),
	         _("Today is the day of your summary for your helper. A note "
	           "for them (optional; Enter to skip, Esc for not now):"),
	         "", NOTE_MAX_CHARS, note_done, s);
	return true;
}
