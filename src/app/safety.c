/*
 * The crisis and safety text.  See app/safety.h.  Every sentence that
 * points a person at help is written here once: a wording fixed here is
 * fixed on the full screen, in `tend assess` and in plain mode at once.
 */
#include "app/safety.h"

#include <stdlib.h>
#include <string.h>

#include "app/config.h"
#include "app/sheet.h"
#include "pack/crisis.h"
#include "store/assess.h"
#include "store/entries.h"
#include "util/i18n.h"
#include "util/secret.h"
#include "util/xalloc.h"

/* The contacts to show for region (see app/safety.h).  Never NULL. */
static struct crisis_list *
load_contacts(const char *region)
{
	struct app_config *cfg = app_config_load(NULL);
	struct diags d = DIAGS_INIT;
	struct crisis_list *l;
	char code[3];
	int rc = crisis_region_choose(
	        region, app_config_get(cfg, APP_CONFIG_COUNTRY), code);

	app_config_free(cfg);
	/* A broken file is left out; check-content says why. */
	l = crisis_load(rc == 0 ? code : NULL, &d);
	diag_free(&d);
	return l;
}

/* "Samaritans: call 116 123 (24 hours, every day), https://..." */
static void
contact_line(const struct crisis_contact *c, struct buf *b)
{
	const char *sep = ": ";

	buf_adds(b, c->name);
	if (c->phone) {
		buf_adds(b, sep);
		buf_printf(b, _("call %s"), c->phone);
		sep = ", ";
	}
	if (c->text) {
		buf_adds(b, sep);
		buf_printf(b, _("text %s"), c->text);
		sep = ", ";
	}
	if (c->hours)
		buf_printf(b, " (%s)", c->hours);
	if (c->web) {
		buf_adds(b, sep);
		buf_adds(b, c->web);
	}
}

static void
contacts_of(const struct crisis_list *l, struct paras *out)
{
	struct buf b = BUF_INIT;

	if (l->n == 0)
		paras_add(out, PARA_WARNING,
		          _("No crisis contacts are installed with this copy "
		            "of tend: call your local emergency number."));
	for (size_t i = 0; i < l->n; i++) {
		const struct crisis_region *r = l->v[i];

		paras_addf(out, PARA_HEADING, _("%s: emergency %s"), r->name,
		           r->emergency);
		for (size_t j = 0; j < r->ncontacts; j++) {
			buf_reset(&b);
			contact_line(&r->contacts[j], &b);
			paras_add(out, PARA_ITEM, b.data);
		}
	}
	buf_free(&b);
}

bool
safety_region_valid(const char *code)
{
	return crisis_region_valid(code);
}

void
safety_contacts(const char *region, struct paras *out)
{
	struct crisis_list *l = load_contacts(region);

	contacts_of(l, out);
	crisis_list_free(l);
}

void
safety_brief(const char *region, struct buf *out)
{
	struct crisis_list *l = load_contacts(region);

	if (l->matched && l->n == 1) {
		const struct crisis_region *r = l->v[0];
		const struct crisis_contact *c =
		        r->ncontacts ? &r->contacts[0] : NULL;

		buf_printf(out, _("If you are in crisis now: call %s"),
		           r->emergency);
		if (c && c->phone)
			buf_printf(out, _(", or %s on %s"), c->name, c->phone);
		buf_adds(out, ".");
	} else {
		buf_adds(out, _("If you are in crisis now, call your emergency "
		                "number"));
		for (size_t i = 0; i < l->n; i++)
			buf_printf(out, "%s%s %s", i ? ", " : " (",
			           l->v[i]->region, l->v[i]->emergency);
		buf_adds(out, l->n ? ")." : ".");
	}
	crisis_list_free(l);
}

/* The emergency numbers of the regions shown: "999", or "Australia 000,
 * Canada 911, ..." when several are listed. */
static void
emergency_numbers(const struct crisis_list *l, struct buf *b)
{
	if (l->matched && l->n == 1) {
		buf_adds(b, l->v[0]->emergency);
		return;
	}
	for (size_t i = 0; i < l->n; i++)
		buf_printf(b, "%s%s %s", i ? ", " : "", l->v[i]->name,
		           l->v[i]->emergency);
}

void
safety_crisis(struct session *s, const char *region, struct paras *out)
{
	struct crisis_list *l = load_contacts(region);
	struct buf nums = BUF_INIT;

	emergency_numbers(l, &nums);
	paras_add(out, PARA_TITLE, _("If you are in danger now"));
	if (nums.len)
		paras_addf(out, PARA_TEXT,
		           _("If you might act on thoughts of harming "
		             "yourself, or you are in danger, call your local "
		             "emergency number now (%s), or go to the nearest "
		             "emergency department."),
		           nums.data);
	else
		paras_add(out, PARA_TEXT,
		          _("If you might act on thoughts of harming yourself, "
		            "or you are in danger, call your local emergency "
		            "number now, or go to the nearest emergency "
		            "department."));
	paras_add(out, PARA_TEXT,
	          _("You can also talk to someone you trust, or to your "
	            "doctor. tend cannot call anyone for you, and nobody "
	            "reads what you write here."));
	paras_gap(out);
	paras_add(out, PARA_TITLE, _("Crisis lines"));
	contacts_of(l, out);
	if (s) {
		paras_gap(out);
		(void)safety_plan_part(s, out);
	}
	buf_free(&nums);
	crisis_list_free(l);
}

void
safety_screen(struct session *s, const char *region, struct paras *out)
{
	paras_add(out, PARA_TITLE, _("Your safety comes first"));
	paras_gap(out);
	paras_add(out, PARA_TEXT,
	          _("Thank you for answering honestly. One of your answers "
	            "says you may be at risk of harming yourself. You deserve "
	            "support with this now.\n"
	            "tend cannot alert anyone: nobody reads these answers and "
	            "nobody has been told.\n"
	            "What to do now: if you might act on these thoughts, call "
	            "the emergency number or go to an emergency department. "
	            "Otherwise, call or text one of the lines below today, or "
	            "talk to your GP or someone you trust."));
	paras_gap(out);
	safety_contacts(region, out);
	if (s) {
		paras_gap(out);
		(void)safety_plan_part(s, out);
	}
}

int
safety_plan_part(struct session *s, struct paras *out)
{
	int rc = safety_plan(s, out);

	if (rc == 0)
		paras_add(out, PARA_NOTE,
		          _("You have not written a safety plan yet. The "
		            "safety-plan worksheet helps you make one; it is "
		            "then shown here."));
	return rc < 0 ? -1 : 0;
}

/* One line of sheet_format_text: an indented answer line, or a label. */
static void
plan_line(struct paras *out, const char *line, size_t n)
{
	char *copy;

	if (n >= 2 && line[0] == ' ' && line[1] == ' ') {
		while (n > 0 && *line == ' ') {
			line++;
			n--;
		}
		copy = xstrndup(line, n);
		paras_add(out, PARA_ITEM, copy);
	} else {
		copy = xstrndup(line, n);
		paras_add(out, PARA_TEXT, copy);
	}
	secret_free(copy);
}

int
safety_plan(struct session *s, struct paras *out)
{
	const struct sheet *def =
	        sheet_set_find(app_sheets(s), SAFETY_PLAN_SHEET);
	struct entry *e = NULL;
	struct buf b = BUF_INIT;
	int64_t id;
	int rc = store_safety_plan_id(session_vault(s), &id);

	if (rc != 1)
		return rc;
	if (entries_get(session_vault(s), id, &e) != 1)
		return -1;
	if (def) {
		sheet_format_text(def, e->answers, &b);
	} else {
		/* The worksheet is not installed: its labels are unknown,
		 * but the person's words are still theirs to see. */
		for (size_t i = 0; i < sheet_answers_count(e->answers); i++)
			buf_printf(&b, "  %s\n",
			           sheet_answers_value(e->answers, i));
	}
	entry_free(e);
	if (b.len == 0) {
		buf_wipe(&b);
		return 0;
	}
	paras_add(out, PARA_HEADING, _("Your safety plan"));
	for (const char *p = b.data, *nl; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p);
		plan_line(out, p, (size_t)(nl - p));
		if (!*nl)
			break;
	}
	buf_wipe(&b);
	return 1;
}
