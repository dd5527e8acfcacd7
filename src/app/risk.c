/*
 * The graded risk pathway's records and questions.  See app/risk.h.
 */
#include "app/risk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/safety.h"
#include "store/assess.h"
#include "store/db.h"
#include "util/i18n.h"
#include "util/xalloc.h"

#define SET_OPEN "risk.followup.open"
#define SET_CHECKIN "risk.followup.checkin"
#define SET_LAST "risk.followup.last"

static struct inst_item *
item_new(const char *text, const char *const *labels, size_t n)
{
	struct inst_item *it = xcalloc(1, sizeof(*it));

	it->text = xstrdup(text);
	it->opts = xcalloc(n, sizeof(*it->opts));
	it->nopts = n;
	for (size_t i = 0; i < n; i++) {
		it->opts[i].key = (int)i + 1;
		it->opts[i].value = (int)i + 1;
		it->opts[i].label = xstrdup(labels[i]);
	}
	return it;
}

struct inst_item *
risk_plan_item(const char **lead)
{
	const char *labels[] = {_("Yes"), _("No")};

	*lead = _("Thank you for answering. One more question, to help you "
	          "find the right help now:");
	return item_new(_("Have you made a plan to end your life or to harm "
	                  "yourself, or have you started to act on these "
	                  "thoughts?"),
	                labels, 2);
}

struct inst_item *
risk_since_item(const char **lead)
{
	const char *labels[] = {_("Better"), _("About the same"), _("Worse"),
	                        _("I would rather not say")};

	*lead = _("Last time, one of your answers said you were having "
	          "thoughts of harming yourself.");
	return item_new(_("How have you been since then?"), labels, 4);
}

void
risk_item_free(struct inst_item *it)
{
	if (!it)
		return;
	for (size_t i = 0; i < it->nopts; i++)
		free(it->opts[i].label);
	free(it->opts);
	free(it->text);
	free(it);
}

bool
risk_level_high(const struct inst_item *item, int value)
{
	int at = item->critical_at > 0 ? item->critical_at : 1;

	return item->critical && value > at;
}

/* True when note names an answer to in ("phq9 item 9: ..."). */
static bool
note_of(const char *note, const struct instrument *in)
{
	size_t n = strlen(in->id);

	return note && strncmp(note, in->id, n) == 0 &&
	       strncmp(note + n, " item ", 6) == 0;
}

int
risk_previous_critical(struct session *s, const struct instrument *in,
                       time_t since)
{
	struct vault *v = session_vault(s);
	struct store_score *sc = NULL;
	struct store_flag *fl = NULL;
	size_t nsc = 0, nfl = 0;
	int64_t last_at = 0;
	int rc = 0;

	if (store_assess_scores(v, in->id, &sc, &nsc) < 0)
		return -1;
	if (nsc > 0) {
		int *keys = xcalloc(in->nitems, sizeof(*keys));
		int extra;

		last_at = sc[nsc - 1].taken_at;
		if (store_assess_items(v, sc[nsc - 1].id, keys, in->nitems,
		                       &extra) < 0) {
			rc = -1;
		} else {
			for (size_t i = 0; i < in->nitems; i++) {
				const struct inst_option *o =
				        inst_option_by_key(&in->items[i],
				                           keys[i]);

				if (o && inst_item_is_critical(&in->items[i],
				                               o->value))
					rc = 1;
			}
		}
		free(keys);
	}
	free(sc);
	if (rc != 0)
		return rc;
	/* A check-in left after a risk answer: its flag, with no
	 * administration, after the last one that was saved. */
	if (store_flags(v, "critical_item", false, &fl, &nfl) < 0)
		return -1;
	for (size_t i = 0; i < nfl; i++)
		if (fl[i].assessment_id == 0 && fl[i].raised_at >= last_at &&
		    fl[i].raised_at < (int64_t)since && note_of(fl[i].note, in))
			rc = 1;
	store_flags_free(fl, nfl);
	return rc;
}

int64_t
risk_plan_record(struct session *s, const struct instrument *in, size_t item,
                 int key, time_t now)
{
	struct vault *v = session_vault(s);
	char *note = xasprintf("%s item %zu", in->id, item + 1);
	/* The answer is in the kind, so that every listing of the flags
	 * (export, report) carries it. */
	const char *kind = key == RISK_PLAN_YES  ? "risk_plan_yes"
	                   : key == RISK_PLAN_NO ? "risk_plan_no"
	                                         : "risk_plan_none";
	int64_t id = store_flag_raise(v, kind, (int64_t)now, 0, note);

	free(note);
	if (id > 0 && db_event(v, "risk.plan", in->id) < 0)
		return -1;
	return id;
}

static int64_t
setting_int(struct vault *v, const char *key)
{
	char *val = db_setting_get(v, key);
	int64_t n = val ? strtoll(val, NULL, 10) : 0;

	free(val);
	return n;
}

static int
setting_put(struct vault *v, const char *key, int64_t n)
{
	char val[32];

	snprintf(val, sizeof(val), "%lld", (long long)n);
	return db_setting_set(v, key, val);
}

/* The newest critical answer raised before `before`: 1 and *id, 0, -1. */
static int
newest_critical(struct vault *v, time_t before, int64_t *id)
{
	struct store_flag *fl = NULL;
	size_t n = 0;
	int rc = 0;

	if (store_flags(v, "critical_item", false, &fl, &n) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (fl[i].raised_at < (int64_t)before) {
			*id = fl[i].id;
			rc = 1;
			break;
		}
	}
	store_flags_free(fl, n);
	return rc;
}

int
risk_followup_due(struct session *s, enum risk_where where, time_t since,
                  time_t run_start)
{
	struct vault *v = session_vault(s);
	int64_t id = 0;
	/* Only an answer from an earlier run is followed up: a check-in
	 * right after the one with the risk answer is not "since then". */
	time_t before = since < run_start ? since : run_start;
	int rc = newest_critical(v, before, &id);

	if (rc <= 0)
		return rc;
	if (setting_int(v, where == RISK_AT_OPEN ? SET_OPEN : SET_CHECKIN) >=
	    id)
		return 0;
	/* Asked already in this run, at the other place. */
	if (setting_int(v, SET_LAST) >= (int64_t)run_start)
		return 0;
	return 1;
}

int
risk_followup_record(struct session *s, enum risk_where where, int key,
                     time_t now)
{
	static const char *const kinds[] = {
	        "risk_since_better", "risk_since_same", "risk_since_worse",
	        "risk_since_none"};
	struct vault *v = session_vault(s);
	int64_t id = 0;
	int rc = newest_critical(v, now + 1, &id);

	if (rc < 0)
		return -1;
	rc = store_flag_raise(v,
	                      key >= 1 && key <= 3 ? kinds[key - 1] : kinds[3],
	                      (int64_t)now, 0,
	                      where == RISK_AT_OPEN ? "open" : "checkin") > 0 &&
	                     setting_put(v,
	                                 where == RISK_AT_OPEN ? SET_OPEN
	                                                       : SET_CHECKIN,
	                                 id) == 0 &&
	                     setting_put(v, SET_LAST, (int64_t)now) == 0 &&
	                     db_event(v, "risk.followup", NULL) == 0
	             ? 0
	             : -1;
	return rc;
}

bool
risk_followup_reply(struct session *s, int key, struct paras *out)
{
	switch (key) {
	case RISK_SINCE_BETTER:
		paras_add(out, PARA_TEXT,
		          _("Thank you for saying. It is good to hear that "
		            "things are a little better. Your safety plan and "
		            "the crisis lines are there whenever you need "
		            "them."));
		return false;
	case RISK_SINCE_SAME:
		paras_add(
		        out, PARA_TEXT,
		        _("Thank you for saying. If the thoughts come back or "
		          "get stronger, please talk to someone today. Your "
		          "safety plan and the crisis lines are there whenever "
		          "you need them."));
		return false;
	case RISK_SINCE_WORSE:
		safety_screen(s, NULL, out);
		return true;
	default:
		paras_add(
		        out, PARA_TEXT,
		        _("That is fine. Your safety plan and the crisis lines "
		          "are there whenever you need them."));
		return false;
	}
}
