/*
 * The suitability check of the first run.  See app/suitability.h.
 */
#include "app/suitability.h"

#include <stdio.h>
#include <stdlib.h>

#include "app/config.h"
#include "app/safety.h"
#include "store/assess.h"
#include "store/db.h"
#include "util/i18n.h"
#include "util/xalloc.h"

#define SET_ASKED "suitability.asked"
#define DEFAULT_MINIMUM_AGE 18

static const char *const kinds[SUIT__COUNT] = {"suit_age", "suit_mania",
                                               "suit_psychosis", "suit_plan"};

int
suit_minimum_age(void)
{
	struct app_config *cfg = app_config_load(NULL);
	const char *v = app_config_get(cfg, APP_CONFIG_MINIMUM_AGE);
	int age = v ? atoi(v) : DEFAULT_MINIMUM_AGE;

	app_config_free(cfg);
	return age;
}

static void
add(struct suit_list *l, enum suit_q q, char *text)
{
	l->q[l->n] = q;
	l->text[l->n] = text;
	l->n++;
}

void
suit_list(struct suit_list *l)
{
	int age = suit_minimum_age();

	l->n = 0;
	if (age > 0)
		add(l, SUIT_AGE, xasprintf(_("I am younger than %d."), age));
	add(l, SUIT_MANIA,
	    xstrdup(_("In the last few weeks I have had days when I felt so "
	              "high or full of energy that I hardly needed sleep, or "
	              "people said I was not my usual self.")));
	add(l, SUIT_PSYCHOSIS,
	    xstrdup(_("I hear or see things that other people do not, or I "
	              "feel that someone is putting thoughts in my mind or "
	              "controlling what I do.")));
	add(l, SUIT_PLAN,
	    xstrdup(_("I have a plan to end my life, or I have started to "
	              "act on thoughts of it.")));
}

void
suit_list_free(struct suit_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->text[i]);
	l->n = 0;
}

int
suit_due(struct session *s)
{
	char *v = db_setting_get(session_vault(s), SET_ASKED);
	int due = v == NULL;

	free(v);
	return due;
}

int
suit_record(struct session *s, unsigned marks, time_t now)
{
	struct vault *v = session_vault(s);
	char val[32];

	for (int q = 0; q < SUIT__COUNT; q++)
		if ((marks & SUIT_BIT(q)) &&
		    store_flag_raise(v, kinds[q], (int64_t)now, 0, NULL) <= 0)
			return -1;
	snprintf(val, sizeof(val), "%lld", (long long)now);
	if (db_setting_set(v, SET_ASKED, val) < 0 ||
	    db_event(v, "suitability", NULL) < 0)
		return -1;
	return 0;
}

void
suit_advice(struct session *s, unsigned marks, struct paras *out)
{
	if (!marks)
		return;
	if (marks & SUIT_BIT(SUIT_PLAN)) {
		safety_urgent(s, NULL, out);
		paras_gap(out);
	}
	paras_add(out, PARA_HEADING, _("Before you start"));
	if (marks & SUIT_BIT(SUIT_AGE))
		paras_addf(out, PARA_TEXT,
		           _("tend is made for adults (%d or older). At your "
		             "age, please talk to a parent or carer, a school "
		             "counsellor or a doctor first: there is help made "
		             "for young people, and they can find it with "
		             "you."),
		           suit_minimum_age());
	if (marks & (SUIT_BIT(SUIT_MANIA) | SUIT_BIT(SUIT_PSYCHOSIS)))
		paras_add(
		        out, PARA_TEXT,
		        _("What you marked can be a sign of an illness that "
		          "needs a doctor's care, such as bipolar disorder or "
		          "psychosis. A self-help course is not made for "
		          "that, and some of its exercises could make things "
		          "harder. Please see a doctor or a mental health "
		          "service first. You can use tend alongside their "
		          "care if they agree."));
	if (marks & SUIT_BIT(SUIT_PLAN))
		paras_add(
		        out, PARA_TEXT,
		        _("While you have a plan to end your life, please get "
		          "help from a person today: a crisis line, your "
		          "doctor, or the emergency number above. tend can "
		          "help later, alongside that help."));
	paras_add(out, PARA_NOTE,
	          _("This is advice, not a rule: you can go on with tend "
	            "whenever you choose."));
}
