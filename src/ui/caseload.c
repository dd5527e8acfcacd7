/*
 * The caseload screen and a person's page.  The list is the order
 * app/caseload.c gives (risk first); a person's page is the text
 * caseload_person_text lays out at the screen's width (charts included),
 * scrolled like any text.  The top of both says that these are summaries,
 * not a live view.
 */
#include "ui/caseload.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/screen.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* The longest reply, in characters (the input says when it is
 * reached). */
#define REPLY_MAX_CHARS 4000

struct clist {
	struct caseload *c;
	const struct caseload_person *p;
	size_t n, sel, top;
	int rows;
};

struct cpage {
	struct caseload *c; /* for replies */
	const struct caseload_person *p;
	struct buf text; /* laid out at cols */
	size_t *line; /* offsets of the lines in text */
	size_t nlines, top;
	int rows, cols;
	bool ascii;
};

static const char *
live_note(void)
{
	return _("Summaries that people sent, read when you can: not a live "
	         "view. Someone in crisis sees crisis contacts in their own "
	         "tend.");
}

/* ---- a person's page ---- */

static void
cpage_layout(struct cpage *pg, int cols)
{
	buf_wipe(&pg->text);
	free(pg->line);
	pg->line = NULL;
	pg->nlines = 0;
	pg->cols = cols;
	caseload_person_text(pg->p, cols - 2, pg->ascii, &pg->text);
	if (pg->p->first)
		buf_printf(&pg->text, "\n%s\n",
		           _("First summary from them: compare the fingerprint "
		             "above with the one they read to you."));
	for (size_t i = 0; i < pg->text.len;) {
		const char *nl =
		        memchr(pg->text.data + i, '\n', pg->text.len - i);

		pg->line = xreallocarray(pg->line, pg->nlines + 1,
		                         sizeof(*pg->line));
		pg->line[pg->nlines++] = i;
		i = nl ? (size_t)(nl - pg->text.data) + 1 : pg->text.len;
	}
}

static void
cpage_draw(const void *state, struct ui_canvas *c)
{
	const struct cpage *pg = state;

	for (int y = 0; y < c->rows && pg->top + (size_t)y < pg->nlines; y++) {
		size_t i = pg->line[pg->top + (size_t)y];
		const char *s = pg->text.data + i,
		           *nl = memchr(s, '\n', pg->text.len - i);
		size_t n = nl ? (size_t)(nl - s) : pg->text.len - i;

		ui_put(c, y, 1, c->cols - 2,
		       y == 0 && pg->top == 0 ? UI_STYLE_TITLE
		                              : UI_STYLE_NORMAL,
		       s, n);
	}
}

static void
cpage_resize(struct ui *ui, void *state, int rows, int cols)
{
	struct cpage *pg = state;

	pg->rows = rows;
	if (cols != pg->cols)
		cpage_layout(pg, cols);
	if (pg->top >= pg->nlines)
		pg->top = pg->nlines ? pg->nlines - 1 : 0;
}

/*
 * A reply written here: one paragraph of Markdown in the input box (a
 * longer one: `tend helper reply ID`, in $EDITOR).  It is signed and
 * sealed to the person at once and written to the key folder's outbox;
 * the helper sends the file as they like.
 */
static int
reply_done(struct ui *ui, void *arg, const char *text)
{
	struct cpage *pg = arg;
	char *written = NULL, *msg = NULL, *say;
	int st;

	if (!text)
		return UI_DRAW;
	if (!*text) {
		ui_message(ui, "%s", _("Nothing written: no reply made."));
		return UI_DRAW;
	}
	st = caseload_reply(pg->c, pg->p->id, text, NULL, clock_now(), &written,
	                    &msg);
	if (st != EXIT_OK) {
		ui_alert(ui, _("No reply made"), msg ? msg : "?", NULL, NULL);
		free(msg);
		return UI_DRAW;
	}
	say = xasprintf(_("Your reply to %s is signed and sealed to them in "
	                  "%s. Send them the file as you like (mail, a USB "
	                  "stick, a shared folder): tend sends nothing "
	                  "itself."),
	                pg->p->pseudonym, written);
	ui_alert(ui, _("Reply written"), say, NULL, NULL);
	free(say);
	free(written);
	free(msg);
	return UI_DRAW;
}

static int
cpage_action(struct ui *ui, void *state, enum ui_action act,
             const struct ui_key *key)
{
	struct cpage *pg = state;
	size_t page = pg->rows > 1 ? (size_t)pg->rows - 1 : 1,
	       max = pg->nlines > (size_t)pg->rows
	                     ? pg->nlines - (size_t)pg->rows
	                     : 0;

	switch (act) {
	case ACT_LINE_DOWN:
		pg->top++;
		break;
	case ACT_LINE_UP:
		pg->top = pg->top ? pg->top - 1 : 0;
		break;
	case ACT_PAGE_DOWN:
	case ACT_HALF_DOWN:
		pg->top += act == ACT_PAGE_DOWN ? page : page / 2;
		break;
	case ACT_PAGE_UP:
	case ACT_HALF_UP: {
		size_t d = act == ACT_PAGE_UP ? page : page / 2;

		pg->top = pg->top > d ? pg->top - d : 0;
		break;
	}
	case ACT_TOP:
		pg->top = 0;
		break;
	case ACT_BOTTOM:
		pg->top = max;
		break;
	case ACT_REPLY: {
		char *title;

		if (!pg->c)
			return UI_OK;
		title = xasprintf(_("Reply to %s"), pg->p->pseudonym);
		ui_input(ui, title,
		         _("Your reply, in Markdown (Enter seals it, Esc "
		           "cancels):"),
		         "", REPLY_MAX_CHARS, reply_done, pg);
		free(title);
		return UI_DRAW;
	}
	default:
		return UI_PASS;
	}
	if (pg->top > max)
		pg->top = max;
	return UI_DRAW;
}

static void
cpage_status(const void *state, struct buf *left, struct buf *right)
{
	const struct cpage *pg = state;

	buf_adds(left, pg->p->pseudonym);
	buf_adds(right, _("r: reply  q: back"));
}

static void
cpage_free(void *state)
{
	struct cpage *pg = state;

	buf_wipe(&pg->text);
	free(pg->line);
	free(pg);
}

static const struct screen_ops cpage_ops = {
        .name = "caseload-person",
        .title = N_("A person's summary"),
        .keymaps = UI_MAP_SCROLL | UI_MAP_CASELOAD,
        .draw = cpage_draw,
        .status = cpage_status,
        .action = cpage_action,
        .resize = cpage_resize,
        .free = cpage_free,
};

/* ---- the list ---- */

static unsigned
tier_style(enum caseload_tier t)
{
	switch (t) {
	case CASE_RISK:
		return UI_STYLE_ERROR;
	case CASE_WORSE:
		return UI_STYLE_WARNING;
	case CASE_IDLE:
		return UI_STYLE_TITLE;
	case CASE_OK:
		break;
	}
	return UI_STYLE_NORMAL;
}

static void
clist_draw(const void *state, struct ui_canvas *c)
{
	const struct clist *l = state;
	int y = 0;

	y += ui_put_wrap(c, y, 1, c->cols - 2, 3, UI_STYLE_DIM, live_note());
	y++;
	if (l->n == 0) {
		ui_put_wrap(c, y, 1, c->cols - 2, 3, UI_STYLE_NORMAL,
		            _("No summaries yet: put the files people send you "
		              "in the folder you named."));
		return;
	}
	for (size_t i = l->top; i < l->n && y < c->rows; i++, y++) {
		struct buf row = BUF_INIT;

		caseload_table(&l->p[i], 1, c->cols - 2, &row);
		if (row.len && row.data[row.len - 1] == '\n')
			row.data[--row.len] = '\0';
		ui_put_trunc(c, y, 1, c->cols - 2,
		             i == l->sel ? UI_STYLE_SELECTED
		                         : tier_style(l->p[i].tier),
		             row.data, SIZE_MAX);
		buf_free(&row);
	}
}

static void
clist_status(const void *state, struct buf *left, struct buf *right)
{
	const struct clist *l = state;

	buf_printf(
	        left,
	        ngettext("Caseload: %zu person", "Caseload: %zu people", l->n),
	        l->n);
	buf_adds(right, _("Enter: open  ?: keys  q: quit"));
}

static void
clist_resize(struct ui *ui, void *state, int rows, int cols)
{
	struct clist *l = state;

	l->rows = rows > 5 ? rows - 5 : 1;
}

static int
clist_action(struct ui *ui, void *state, enum ui_action act,
             const struct ui_key *key)
{
	struct clist *l = state;
	struct cpage *pg;

	switch (act) {
	case ACT_UP:
	case ACT_DOWN:
	case ACT_FIRST:
	case ACT_LAST:
		ui_list_move(&l->sel, l->n, act);
		break;
	case ACT_PICK: {
		size_t k = key->code == '0' ? 10 : (size_t)(key->code - '0');

		if (k == 0 || k > l->n)
			return UI_OK;
		l->sel = k - 1;
	}
		/* fall through */
	case ACT_SELECT:
		if (!l->n)
			return UI_OK;
		pg = xcalloc(1, sizeof(*pg));
		pg->p = &l->p[l->sel];
		pg->c = l->c;
		pg->ascii = utf8_is_ascii();
		ui_push(ui, &cpage_ops, pg);
		return UI_DRAW;
	case ACT_BACK:
		return UI_QUIT;
	default:
		return UI_PASS;
	}
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + (size_t)l->rows)
		l->top = l->sel - (size_t)l->rows + 1;
	return UI_DRAW;
}

static const struct screen_ops clist_ops = {
        .name = "caseload",
        .title = N_("Caseload"),
        .keymaps = UI_MAP_LIST,
        .draw = clist_draw,
        .status = clist_status,
        .action = clist_action,
        .resize = clist_resize,
        .free = free,
};

int
ui_caseload_run(const struct opts *opts, struct caseload *c,
                const struct caseload_person *people, size_t n)
{
	struct clist *l = xcalloc(1, sizeof(*l));

	l->c = c;
	l->p = people;
	l->n = n;
	return ui_run(opts, NULL, &clist_ops, l);
}
