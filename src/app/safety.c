/*
 * The crisis and safety text.  See app/safety.h.  Every sentence that
 * points a person at help is written here once: a wording fixed here is
 * fixed on the full screen, in `tend assess` and in plain mode at once.
 */
#include "app/safety.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "app/config.h"
#include "app/country.h"
#include "app/helper.h"
#include "app/sheet.h"
#include "core/country.h"
#include "pack/crisis.h"
#include "store/assess.h"
#include "store/entries.h"
#include "util/i18n.h"
#include "util/secret.h"
#include "util/xalloc.h"

/* The country the text is for, and what tend knows about it. */
struct place {
	struct country c;
	char *name; /* NULL when no country is set */
	struct crisis_list *l; /* the country's file: 0 or 1 region */
	const struct crisis_region *r; /* l->v[0], or NULL: not listed */
	const char *emergency; /* the number to call, or NULL: unknown */
};

static struct crisis_list *
load_one(const char *code)
{
	struct diags d = DIAGS_INIT;
	/* A broken file is left out; check-content says why. */
	struct crisis_list *l = crisis_load(code, &d);

	diag_free(&d);
	return l;
}

static void
place_load(struct session *s, const char *region, struct place *p)
{
	memset(p, 0, sizeof(*p));
	country_current(s, region, &p->c);
	if (p->c.from == COUNTRY_UNSET) {
		p->l = xcalloc(1, sizeof(*p->l));
		return;
	}
	p->l = load_one(p->c.code);
	p->r = p->l->n ? p->l->v[0] : NULL;
	p->name = p->r ? xstrdup(p->r->name) : country_display(p->c.code);
	p->emergency = p->r ? p->r->emergency : country_emergency(p->c.code);
}

static void
place_free(struct place *p)
{
	crisis_list_free(p->l);
	free(p->name);
}

/* "Anyone who ..." -> "anyone who ..." (a word in capitals stays). */
static void
add_lower_first(struct buf *b, const char *s)
{
	if (isupper((unsigned char)s[0]) && islower((unsigned char)s[1])) {
		buf_addc(b, (char)tolower((unsigned char)s[0]));
		s++;
	}
	buf_adds(b, s);
}

/* "Samaritans: call 116 123 (24 hours, every day), https://...; for
 * anyone who is struggling to cope" */
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
	if (c->for_whom && *c->for_whom) {
		buf_adds(b, _("; for "));
		add_lower_first(b, c->for_whom);
	}
}

/* A heading and a line per contact of r. */
static void
region_lines(const struct crisis_region *r, struct paras *out)
{
	struct buf b = BUF_INIT;

	paras_addf(out, PARA_HEADING, _("%s: emergency %s"), r->name,
	           r->emergency);
	for (size_t j = 0; j < r->ncontacts; j++) {
		buf_reset(&b);
		contact_line(&r->contacts[j], &b);
		paras_add(out, PARA_ITEM, b.data);
	}
	buf_free(&b);
}

/* Which country this is, and who set it. */
static void
country_line(const struct place *p, struct paras *out)
{
	switch (p->c.from) {
	case COUNTRY_FLAG:
		paras_addf(out, PARA_NOTE, _("Country: %s (from --region)."),
		           p->name);
		break;
	case COUNTRY_CLINIC:
		paras_addf(out, PARA_NOTE,
		           _("Country: %s (set by your clinic)."), p->name);
		break;
	default:
		paras_addf(out, PARA_NOTE, _("Your country: %s."), p->name);
		break;
	}
}

/* The installed countries' names, "Australia, Canada, ...". */
static void
installed_names(struct buf *b)
{
	struct country_entry *v;
	size_t n = country_list(&v);

	for (size_t i = 0; i < n; i++)
		buf_printf(b, "%s%s", i ? ", " : "", v[i].name);
	country_list_free(v, n);
}

/*
 * No country set: say so before anything else; a suggestion from this
 * computer's settings is shown only as a suggestion, under its own words.
 */
static void
unset_part(struct paras *out)
{
	char sug[3];
	struct crisis_list *l = NULL;
	struct buf b = BUF_INIT;

	paras_add(out, PARA_WARNING,
	          _("Your country is not set yet, so tend cannot tell which "
	            "crisis lines reach you. In an emergency, call your local "
	            "emergency number."));
	if (country_suggest(sug) == 0)
		l = load_one(sug);
	if (l && l->n) {
		paras_addf(out, PARA_TEXT,
		           _("This computer's settings suggest %s. If that is "
		             "where you are:"),
		           l->v[0]->name);
		region_lines(l->v[0], out);
	} else {
		installed_names(&b);
		if (b.len)
			paras_addf(out, PARA_TEXT,
			           _("tend has crisis lines for: %s."), b.data);
		else
			paras_add(
			        out, PARA_WARNING,
			        _("No crisis contacts are installed with this "
			          "copy of tend."));
	}
	crisis_list_free(l);
	buf_free(&b);
}

/* How to find a line tend does not list. */
static void
find_local(struct paras *out)
{
	paras_add(out, PARA_TEXT,
	          _("To find a crisis line where you live, ask your doctor, a "
	            "pharmacist or your local health service, and write it "
	            "into your safety plan."));
}

static void
place_part(const struct place *p, struct paras *out)
{
	if (p->c.from == COUNTRY_UNSET) {
		unset_part(out);
		return;
	}
	country_line(p, out);
	if (!p->r) {
		paras_addf(
		        out, PARA_WARNING,
		        _("%s is not in tend's list of countries with crisis "
		          "lines."),
		        p->name);
		if (p->emergency)
			paras_addf(out, PARA_TEXT,
			           _("In an emergency, call %s."),
			           p->emergency);
		else
			paras_add(
			        out, PARA_TEXT,
			        _("In an emergency, call your local emergency "
			          "number."));
		find_local(out);
		return;
	}
	region_lines(p->r, out);
	if (p->r->ncontacts == 0) {
		paras_addf(out, PARA_TEXT,
		           _("tend has no checked crisis line for %s yet: in a "
		             "crisis, call %s."),
		           p->name, p->emergency);
		find_local(out);
	}
}

/* --- The clinic's contact (tend-config(5)) ------------------------- */

bool
safety_clinic(struct buf *out)
{
	struct app_config *cfg = app_config_load(NULL);
	const char *name = app_config_get(cfg, APP_CONFIG_CLINIC_NAME);
	const char *phone = app_config_get(cfg, APP_CONFIG_CLINIC_PHONE);
	const char *hours = app_config_get(cfg, APP_CONFIG_CLINIC_HOURS);

	if (name && phone)
		buf_printf(out, _("Your clinic, %s: call %s"), name, phone);
	else if (phone)
		buf_printf(out, _("Your clinic: call %s"), phone);
	else if (name)
		buf_printf(out, _("Your clinic: %s"), name);
	if ((name || phone) && hours)
		buf_printf(out, " (%s)", hours);
	if (name || phone)
		buf_adds(out, ".");
	app_config_free(cfg);
	return name || phone;
}

/* The clinic's contact as a paragraph of its own, when there is one. */
static void
clinic_para(struct paras *out)
{
	struct buf b = BUF_INIT;

	if (safety_clinic(&b))
		paras_add(out, PARA_TEXT, b.data);
	buf_free(&b);
}

bool
safety_region_valid(const char *code)
{
	return crisis_region_valid(code);
}

void
safety_contacts(struct session *s, const char *region, struct paras *out)
{
	struct place p;

	place_load(s, region, &p);
	place_part(&p, out);
	place_free(&p);
}

void
safety_brief(struct session *s, const char *region, struct buf *out)
{
	struct place p;

	place_load(s, region, &p);
	if (p.emergency) {
		const struct crisis_contact *c =
		        p.r && p.r->ncontacts ? &p.r->contacts[0] : NULL;

		buf_printf(out, _("If you are in crisis now: call %s"),
		           p.emergency);
		if (c && c->phone)
			buf_printf(out, _(", or %s on %s"), c->name, c->phone);
		buf_adds(out, ".");
	} else {
		buf_adds(out, _("If you are in crisis now, call your local "
		                "emergency number."));
	}
	place_free(&p);
}

void
safety_crisis(struct session *s, const char *region, struct paras *out)
{
	struct place p;

	place_load(s, region, &p);
	paras_add(out, PARA_TITLE, _("If you are in danger now"));
	if (p.emergency)
		paras_addf(out, PARA_TEXT,
		           _("If you might act on thoughts of harming "
		             "yourself, or you are in danger, call your local "
		             "emergency number now (%s), or go to the nearest "
		             "emergency department."),
		           p.emergency);
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
	clinic_para(out);
	paras_gap(out);
	paras_add(out, PARA_TITLE, _("Crisis lines"));
	place_part(&p, out);
	helper_link_note(s, out);
	if (s) {
		paras_gap(out);
		(void)safety_plan_part(s, out);
	}
	place_free(&p);
}

void
safety_screen(struct session *s, const char *region, struct paras *out)
{
	struct place p;
	bool lines;

	place_load(s, region, &p);
	lines = p.r && p.r->ncontacts > 0;
	paras_add(out, PARA_TITLE, _("Your safety comes first"));
	paras_gap(out);
	paras_add(out, PARA_TEXT,
	          _("Thank you for answering honestly. One of your answers "
	            "says you may be at risk of harming yourself. You deserve "
	            "support with this now."));
	paras_add(out, PARA_TEXT,
	          _("tend cannot alert anyone: nobody reads these answers and "
	            "nobody has been told."));
	if (p.emergency && lines)
		paras_addf(out, PARA_TEXT,
		           _("What to do now: if you might act on these "
		             "thoughts, call %s or go to an emergency "
		             "department. Otherwise, call or text one of the "
		             "lines below today, or talk to your doctor or "
		             "someone you trust."),
		           p.emergency);
	else if (p.emergency)
		paras_addf(out, PARA_TEXT,
		           _("What to do now: if you might act on these "
		             "thoughts, call %s or go to an emergency "
		             "department. Otherwise, talk to your doctor or "
		             "someone you trust today."),
		           p.emergency);
	else
		paras_add(
		        out, PARA_TEXT,
		        _("What to do now: if you might act on these "
		          "thoughts, call your local emergency number or go to "
		          "an emergency department. Otherwise, talk to your "
		          "doctor or someone you trust today."));
	clinic_para(out);
	paras_gap(out);
	place_part(&p, out);
	helper_link_note(s, out);
	if (s) {
		paras_gap(out);
		(void)safety_plan_part(s, out);
	}
	place_free(&p);
}

void
safety_urgent(struct session *s, const char *region, struct paras *out)
{
	struct place p;

	place_load(s, region, &p);
	/* The number first, before any other word. */
	if (p.emergency)
		paras_addf(out, PARA_TITLE, _("Please call %s now"),
		           p.emergency);
	else
		paras_add(out, PARA_TITLE,
		          _("Please call your local emergency number now"));
	paras_gap(out);
	paras_add(out, PARA_TEXT,
	          _("You said you have a plan, or have started to act on "
	            "it. Your life matters, and this is an emergency: call "
	            "the emergency number, or go to the nearest emergency "
	            "department now."));
	paras_add(out, PARA_TEXT,
	          _("If you can, tell someone near you and do not stay alone. "
	            "Put away anything you could use to harm yourself, or go "
	            "somewhere safer."));
	paras_add(out, PARA_TEXT,
	          _("tend cannot alert anyone: nobody reads these answers and "
	            "nobody has been told."));
	paras_gap(out);
	paras_add(out, PARA_TITLE, _("Crisis lines"));
	place_part(&p, out);
	if (s) {
		paras_gap(out);
		(void)safety_plan_part(s, out);
	}
	place_free(&p);
}

void
safety_text(enum safety_kind kind, struct session *s, const char *region,
            struct paras *out)
{
	switch (kind) {
	case SAFETY_CRISIS:
		safety_crisis(s, region, out);
		break;
	case SAFETY_SCREEN:
		safety_screen(s, region, out);
		break;
	case SAFETY_URGENT:
		safety_urgent(s, region, out);
		break;
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
safety_plan_id(struct session *s, int64_t *id)
{
	return store_safety_plan_id(session_vault(s), id);
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
