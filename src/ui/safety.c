/*
 * The safety screen, shown the moment a risk answer is given and before
 * any score: what to do now, that tend cannot alert anyone, the crisis
 * contacts for the person's region (a clinic's own in /etc/tend/crisis
 * win), and their own safety plan if they wrote one.  It is a plain text
 * view, so it scrolls, wraps and survives any terminal size.
 */
#include "ui/assess.h"

#include <stdlib.h>
#include <string.h>

#include "app/assess.h"
#include "app/session.h"
#include "ui/view.h"
#include "util/i18n.h"
#include "util/xalloc.h"

/* Adds text split at newlines, one paragraph each. */
static void
add_paras(struct view *v, unsigned style, const char *text)
{
	const char *p = text, *nl;

	while (p && *p) {
		char *para;

		nl = strchr(p, '\n');
		para = nl ? xstrndup(p, (size_t)(nl - p)) : xstrdup(p);
		view_add(v, style, para);
		free(para);
		p = nl ? nl + 1 : NULL;
	}
}

void
ui_safety_push(struct ui *ui, const struct instrument *in)
{
	struct view *v = view_new(_("Your safety comes first"));
	struct diags d = DIAGS_INIT;
	struct crisis_list *l = assess_crisis(NULL, &d);
	struct buf b = BUF_INIT;
	struct session *s = ui_session(ui);

	view_add(v, UI_STYLE_CRISIS, _("Your safety comes first"));
	view_add(v, UI_STYLE_NORMAL, "");
	assess_safety_text(&b);
	add_paras(v, UI_STYLE_NORMAL, b.data);
	view_add(v, UI_STYLE_NORMAL, "");
	if (l->n == 0)
		view_add(v, UI_STYLE_WARNING,
		         _("No crisis contacts are installed: call your local "
		           "emergency number."));
	for (size_t i = 0; i < l->n; i++) {
		const struct crisis_region *r = l->v[i];

		buf_reset(&b);
		buf_printf(&b, _("%s: emergency %s"), r->name, r->emergency);
		view_add(v, UI_STYLE_H2, b.data);
		for (size_t j = 0; j < r->ncontacts; j++) {
			const struct crisis_contact *c = &r->contacts[j];

			buf_reset(&b);
			buf_adds(&b, c->name);
			if (c->phone)
				buf_printf(&b, _(": call %s"), c->phone);
			if (c->text)
				buf_printf(&b, _(", text %s"), c->text);
			if (c->hours)
				buf_printf(&b, " (%s)", c->hours);
			if (c->web)
				buf_printf(&b, ", %s", c->web);
			view_add(v, UI_STYLE_NORMAL, b.data);
		}
	}
	buf_reset(&b);
	if (s && assess_safety_plan_text(s, &b) == 1) {
		view_add(v, UI_STYLE_NORMAL, "");
		add_paras(v, UI_STYLE_NORMAL, b.data);
	} else {
		view_add(v, UI_STYLE_NORMAL, "");
		view_add(v, UI_STYLE_DIM,
		         _("You can write your own safety plan with the "
		           "safety-plan worksheet: it will be shown here."));
	}
	view_add(v, UI_STYLE_NORMAL, "");
	view_add(v, UI_STYLE_DIM,
	         in ? _("q or Esc goes back to the questions. ! shows these "
	                "contacts again at any time.")
	            : _("q or Esc goes back."));
	buf_free(&b);
	crisis_list_free(l);
	diag_free(&d);
	view_push(ui, v);
}
