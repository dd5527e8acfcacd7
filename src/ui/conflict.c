/*
 * The offered merge: when the vault opens with conflict copies beside it
 * (writing saved apart while tend was open twice), this screen comes
 * before anything else and asks what to do with them: merge both (nothing
 * dropped; the first choice), keep this vault (the copies are deleted,
 * after a second question), keep the copy (only when there is one: it
 * becomes the vault, and this vault the newest backup; asked again too), or later (the next open asks again, and `tend merge` does the
 * same).  Then the program goes on as after any unlock.
 *
 * Keeping the copy restores it, which needs the passphrase again: the
 * screen holds the one the vault was opened with, wiped when it goes.
 */
#include "ui/home.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/secret.h"
#include "util/xalloc.h"

enum choice { CH_MERGE, CH_KEEP_VAULT, CH_KEEP_COPY, CH_LATER, CH__COUNT };

struct conflict {
	struct home_flow *f;
	char *pass; /* wiped in conflict_free */
	size_t ncopies;
	size_t sel;
};

/* The choices on offer: keeping the copy only when there is one. */
static size_t
nchoices(const struct conflict *cf)
{
	return cf->ncopies == 1 ? CH__COUNT : CH__COUNT - 1;
}

/* Choice i of the list (keeping the copy drops out with several). */
static enum choice
choice_at(const struct conflict *cf, size_t i)
{
	if (cf->ncopies != 1 && i >= CH_KEEP_COPY)
		return (enum choice)(i + 1);
	return (enum choice)i;
}

static const char *
choice_label(enum choice c)
{
	switch (c) {
	case CH_MERGE:
		return _("Merge both: everything from both sides, nothing "
		         "dropped (recommended)");
	case CH_KEEP_VAULT:
		return _("Keep this vault: delete what was saved apart");
	case CH_KEEP_COPY:
		return _("Keep the copy: it becomes your vault; this vault "
		         "becomes the newest backup");
	default:
		return _("Later: ask again next time ('tend merge' does it "
		         "too)");
	}
}

static void
conflict_draw(const void *state, struct ui_canvas *c)
{
	const struct conflict *cf = state;
	int y = 0, w = c->cols - 4;
	char *t;

	ui_put(c, y, 2, w, UI_STYLE_H1, _("Writing saved apart"), SIZE_MAX);
	y += 2;
	t = xasprintf(ngettext("While tend was open twice, some writing was "
	                       "saved apart in a conflict copy. What should "
	                       "happen to it?",
	                       "While tend was open twice, some writing was "
	                       "saved apart in %zu conflict copies. What "
	                       "should happen to them?",
	                       (unsigned long)cf->ncopies),
	              cf->ncopies);
	y += ui_put_wrap(c, y, 2, w, 4, UI_STYLE_NORMAL, t);
	free(t);
	y++;
	for (size_t i = 0; i < nchoices(cf) && y < c->rows; i++) {
		unsigned st =
		        i == cf->sel ? UI_STYLE_SELECTED : UI_STYLE_NORMAL;

		t = xasprintf("%zu  %s", i + 1, choice_label(choice_at(cf, i)));
		ui_fill(c, y, 2, w, st);
		y += ui_put_wrap(c, y, 2, w, 2, st, t);
		free(t);
		y++;
	}
	if (y < c->rows)
		ui_put_wrap(c, y, 2, w, 2, UI_STYLE_DIM,
		            _("Enter or the number chooses; q asks again "
		              "next time."));
}

static void
conflict_status(const void *state, struct buf *left, struct buf *right)
{
	buf_adds(left, _("Writing saved apart"));
}

/* Goes on as after any unlock, saying what was done.  The screen is
 * replaced: cf is gone after this. */
static int
go_on(struct ui *ui, struct conflict *cf, char *said)
{
	struct home_flow *f = cf->f;
	int r = onboard_continue(ui, f);

	if (said) {
		ui_message(ui, "%s", said);
		free(said);
	}
	return r;
}

static int
quit_after(struct ui *ui, void *arg)
{
	return UI_QUIT;
}

static int
do_choice(struct ui *ui, struct conflict *cf, enum choice c)
{
	struct home_flow *f = cf->f;
	char *msg = NULL;
	int st;

	switch (c) {
	case CH_MERGE:
		st = session_merge_conflicts(f->session, clock_now(), &msg);
		break;
	case CH_KEEP_VAULT:
		st = session_drop_conflicts(f->session, &msg);
		if (st == EXIT_OK)
			msg = xstrdup(_("Kept your vault as it is; what was "
			                "saved apart is deleted."));
		break;
	case CH_KEEP_COPY:
		st = session_keep_conflict_copy(&f->session, cf->pass, &msg);
		ui_set_session(ui, f->session);
		if (!f->session) {
			/* Not even the old vault opens again: nothing to go on
			 * with but to say why. */
			ui_alert(ui, _("Could not open the vault"),
			         msg ? msg : _("Could not open the vault."),
			         quit_after, NULL);
			free(msg);
			return UI_DRAW;
		}
		break;
	default:
		return go_on(ui, cf, NULL);
	}
	if (st != EXIT_OK) {
		ui_alert(ui, _("Not done"),
		         msg ? msg : _("That could not be done."), NULL, NULL);
		free(msg);
		return UI_DRAW;
	}
	return go_on(ui, cf, msg);
}

static int
confirmed(struct ui *ui, void *arg, bool yes)
{
	struct conflict *cf = arg;

	if (!yes)
		return UI_DRAW;
	return do_choice(ui, cf, choice_at(cf, cf->sel));
}

static int
choose(struct ui *ui, struct conflict *cf)
{
	enum choice c = choice_at(cf, cf->sel);

	/* The choices that give up one side are asked twice. */
	if (c == CH_KEEP_VAULT)
		ui_confirm(ui, _("Keep this vault"),
		           _("Delete the writing that was saved apart? It is "
		             "not merged anywhere."),
		           false, confirmed, cf);
	else if (c == CH_KEEP_COPY)
		ui_confirm(ui, _("Keep the copy"),
		           _("Put the copy in the vault's place? The vault as "
		             "it is now becomes the newest backup (vault.bak), "
		             "which you can restore if you change your mind, "
		             "until later saves shift it out as they do every "
		             "backup."),
		           false, confirmed, cf);
	else
		return do_choice(ui, cf, c);
	return UI_DRAW;
}

static int
conflict_action(struct ui *ui, void *state, enum ui_action act,
                const struct ui_key *k)
{
	struct conflict *cf = state;

	switch (act) {
	case ACT_UP:
		cf->sel = cf->sel ? cf->sel - 1 : 0;
		return UI_DRAW;
	case ACT_DOWN:
		if (cf->sel + 1 < nchoices(cf))
			cf->sel++;
		return UI_DRAW;
	case ACT_PICK:
		if (k->code < '1' || (size_t)(k->code - '1') >= nchoices(cf))
			return UI_OK;
		cf->sel = (size_t)(k->code - '1');
		return choose(ui, cf);
	case ACT_SELECT:
		return choose(ui, cf);
	case ACT_BACK:
		return do_choice(ui, cf, CH_LATER);
	default:
		return UI_PASS;
	}
}

static void
conflict_free(void *state)
{
	struct conflict *cf = state;

	secret_free(cf->pass);
	free(cf);
}

static const struct screen_ops conflict_ops = {
        .name = "conflict",
        .title = N_("Writing saved apart"),
        .keymaps = UI_MAP_LIST,
        .draw = conflict_draw,
        .status = conflict_status,
        .action = conflict_action,
        .free = conflict_free,
};

int
conflict_offer(struct ui *ui, struct home_flow *f, const char *pass)
{
	struct conflict *cf;
	size_t n = session_conflicts(f->session);

	if (n == 0)
		return onboard_continue(ui, f);
	cf = xcalloc(1, sizeof(*cf));
	cf->f = f;
	cf->pass = xstrdup(pass);
	cf->ncopies = n;
	ui_replace(ui, &conflict_ops, cf);
	return UI_DRAW;
}
