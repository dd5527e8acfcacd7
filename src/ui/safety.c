/*
 * The safety screen, shown the moment a risk answer is given and before
 * any score.  Its words are the check-in flow's (app/checkin.h, built by
 * app/safety.c, the same in every front end); this is only how they look
 * here: a plain text view, so it scrolls, wraps and survives any terminal
 * size.
 */
#include "ui/assess.h"

#include "ui/view.h"
#include "util/i18n.h"

void
ui_safety_push(struct ui *ui, const struct paras *text)
{
	struct view *v = view_new(_("Your safety comes first"));

	view_add_paras(v, text);
	view_add(v, UI_STYLE_NORMAL, "");
	view_add(v, UI_STYLE_DIM,
	         _("q or Esc goes back to the questions. ! shows these "
	           "contacts again at any time."));
	view_push(ui, v);
}
