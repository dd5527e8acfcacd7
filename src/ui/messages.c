/*
 * Messages from the helper: the list, newest first, and one message in
 * the reader (its Markdown laid out as a lesson is).  On opening the
 * program, replies dropped into the inbox folder are taken in and the
 * unread ones are shown at once, as "A message from your helper".  Every
 * one of these screens says that the helper reads summaries when they
 * can, not in real time.
 */
#include "ui/messages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/helper.h"
#include "ui/reader.h"
#include "ui/screen.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/secret.h"
#include "util/utf8.h"
#include "util/xalloc.h"

struct msglist {
	struct session *s;
	struct helper_msg *m;
	size_t n, sel, top;
	int rows;
};

static void
when_text(time_t t, char *out, size_t n)
{
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, n, "%Y-%m-%d %H:%M", &tm);
}

/* The reader owns the document it shows. */
static void
release_doc(void *arg)
{
	secret_free(arg);
}

/* Shows messages m[0..n) as one document in the reader. */
static int
show(struct ui *ui, const struct helper_msg *m, size_t n)
{
	struct buf doc = BUF_INIT;
	struct reader_cb cb = {0};
	char *text;
	size_t len;

	for (size_t i = 0; i < n; i++) {
		char when[32];

		when_text(m[i].sent_at, when, sizeof(when));
		buf_printf(&doc, "# %s\n\n*%s*\n\n",
		           _("A message from your helper"), when);
		buf_adds(&doc, m[i].text);
		buf_adds(&doc, "\n\n---\n\n");
	}
	buf_printf(&doc, "%s\n", _(helper_not_realtime()));
	len = doc.len;
	text = buf_detach(&doc);
	cb.release = release_doc;
	cb.arg = text;
	return reader_push(ui, "message", text, len, NULL,
	                   _("A message from your helper"), 0, &cb) == 0
	               ? UI_DRAW
	               : UI_OK;
}

bool
messages_on_open(struct ui *ui, struct session *s, char **flash)
{
	struct helper_msg *m = NULL;
	struct buf refused = BUF_INIT;
	size_t n = 0, taken = 0, unread = 0;
	char *msg = NULL;
	bool shown = false;

	if (helper_inbox_scan(s, clock_now(), &taken, &refused, &msg) !=
	    EXIT_OK) {
		if (!*flash)
			*flash = msg;
		else
			free(msg);
		msg = NULL;
	} else if (refused.len && !*flash) {
		*flash = xstrdup(_("A file in your inbox folder was not taken "
		                   "in: see Messages (m)."));
	}
	buf_free(&refused);
	if (helper_messages(s, &m, &n) < 0)
		return false;
	while (unread < n && m[unread].unread)
		unread++;
	if (unread) {
		show(ui, m, unread);
		shown = true;
		if (helper_mark_read(s, clock_now(), &msg) != EXIT_OK &&
		    !*flash) {
			*flash = msg;
			msg = NULL;
		}
	}
	free(msg);
	helper_msgs_free(m, n);
	return shown;
}

/* ---- the list ---- */

static void
msglist_draw(const void *state, struct ui_canvas *c)
{
	const struct msglist *l = state;
	int y = 0;

	ui_put_wrap(c, y, 1, c->cols - 2, 3, UI_STYLE_DIM,
	            _(helper_not_realtime()));
	y += 4;
	if (l->n == 0) {
		ui_put(c, y, 1, c->cols - 2, UI_STYLE_NORMAL,
		       _("No messages from your helper yet."), SIZE_MAX);
		return;
	}
	for (size_t i = l->top; i < l->n && y < c->rows; i++, y++) {
		char when[32], line[512];
		const char *t = l->m[i].text;
		size_t k = strcspn(t, "\n");

		when_text(l->m[i].sent_at, when, sizeof(when));
		snprintf(line, sizeof(line), "%s  %.*s", when,
		         (int)(k > 300 ? 300 : k), t);
		ui_put_trunc(c, y, 1, c->cols - 2,
		             i == l->sel ? UI_STYLE_SELECTED : UI_STYLE_NORMAL,
		             line, SIZE_MAX);
	}
}

static void
msglist_resize(struct ui *ui, void *state, int rows, int cols)
{
	struct msglist *l = state;

	l->rows = rows - 4 > 1 ? rows - 4 : 1;
}

static void
keep_visible(struct msglist *l)
{
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + (size_t)l->rows)
		l->top = l->sel - (size_t)l->rows + 1;
}

static int
msglist_action(struct ui *ui, void *state, enum ui_action act,
               const struct ui_key *key)
{
	struct msglist *l = state;

	switch (act) {
	case ACT_UP:
	case ACT_DOWN:
	case ACT_FIRST:
	case ACT_LAST:
		ui_list_move(&l->sel, l->n, act);
		break;
	case ACT_SELECT:
		return l->n ? show(ui, &l->m[l->sel], 1) : UI_OK;
	default:
		return UI_PASS;
	}
	keep_visible(l);
	return UI_DRAW;
}

static void
msglist_free(void *state)
{
	struct msglist *l = state;

	helper_msgs_free(l->m, l->n);
	free(l);
}

static const struct screen_ops msglist_ops = {
        .name = "messages",
        .title = N_("Messages from your helper"),
        .keymaps = UI_MAP_LIST,
        .draw = msglist_draw,
        .action = msglist_action,
        .resize = msglist_resize,
        .free = msglist_free,
};

int
messages_push(struct ui *ui)
{
	struct session *s = ui_session(ui);
	struct msglist *l;
	char *msg = NULL;
	char *flash = NULL;

	if (!s)
		return -1;
	/* Replies dropped in since the program opened. */
	{
		size_t taken = 0;
		struct buf refused = BUF_INIT;

		if (helper_inbox_scan(s, clock_now(), &taken, &refused, &msg) ==
		            EXIT_OK &&
		    refused.len) {
			/* The first line says which file and why. */
			refused.data[strcspn(refused.data, "\n")] = '\0';
			flash = xasprintf(_("Not taken in: %s"), refused.data);
		}
		buf_free(&refused);
		free(msg);
		msg = NULL;
	}
	l = xcalloc(1, sizeof(*l));
	l->s = s;
	if (helper_messages(s, &l->m, &l->n) < 0) {
		free(l);
		free(flash);
		ui_message(ui, "%s", _("The messages cannot be read."));
		return -1;
	}
	ui_push(ui, &msglist_ops, l);
	if (helper_mark_read(s, clock_now(), &msg) != EXIT_OK)
		ui_message(ui, "%s", msg ? msg : "");
	else if (flash)
		ui_message(ui, "%s", flash);
	free(msg);
	free(flash);
	return 0;
}
