/*
 * Self-assessment use cases and safety decisions.  See app/assess.h.  The
 * wording here is deliberately plain and kind: a pause is explained as
 * the program doing its job, never as the person failing.
 */
#include "app/assess.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/safety.h"
#include "store/assess.h"
#include "store/db.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/xalloc.h"

static void
list_keys(const struct inst_item *it, struct buf *b)
{
	for (size_t j = 0; j < it->nopts; j++)
		buf_printf(b, "%s%d", j ? ", " : "", it->opts[j].key);
}

/* One key at *p (skipping spaces): 0 and *key, or -1. */
static int
read_key(const char **p, int *key)
{
	const char *s = *p;
	long v;
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!isdigit((unsigned char)*s))
		return -1;
	v = strtol(s, &end, 10);
	if (v > 9)
		return -1;
	while (*end == ' ' || *end == '\t')
		end++;
	*key = (int)v;
	*p = end;
	return 0;
}

int
assess_parse_answers(const struct instrument *in, const char *text, int *keys,
                     int *extra, char **msg)
{
	const char *p = text;
	size_t n = 0;
	struct buf b = BUF_INIT;

	*extra = -1;
	*msg = NULL;
	for (;;) {
		int k;
		const struct inst_item *it;

		if (read_key(&p, &k) < 0) {
			buf_printf(&b,
			           _("answer %zu is not a number from 0 to 9"),
			           n + 1);
			goto fail;
		}
		if (n < in->nitems)
			it = &in->items[n];
		else if (n == in->nitems && in->extra)
			it = in->extra;
		else
			it = NULL;
		if (!it) {
			buf_printf(
			        &b,
			        ngettext("%s has %zu item, but more answers "
			                 "were given",
			                 "%s has %zu items, but more answers "
			                 "were given",
			                 in->nitems),
			        in->short_name, in->nitems);
			goto fail;
		}
		if (!inst_option_by_key(it, k)) {
			if (it == in->extra)
				buf_printf(&b,
				           _("the last question: %d is not "
				             "one of "),
				           k);
			else
				buf_printf(&b, _("item %zu: %d is not one of "),
				           n + 1, k);
			list_keys(it, &b);
			goto fail;
		}
		if (it == in->extra)
			*extra = k;
		else
			keys[n] = k;
		n++;
		if (*p == '\0')
			break;
		if (*p != ',') {
			buf_printf(&b, _("answers are separated by commas"));
			goto fail;
		}
		p++;
	}
	if (n < in->nitems) {
		buf_printf(&b,
		           ngettext("%s has %zu item, and it needs an answer "
		                    "(%zu given)",
		                    "%s has %zu items, and every one needs an "
		                    "answer (%zu given)",
		                    in->nitems),
		           in->short_name, in->nitems, n);
		goto fail;
	}
	return 0;
fail:
	*msg = buf_detach(&b);
	return -1;
}

/* "item 9 of phq9: 1 (Several days)" */
static char *
critical_note(const struct instrument *in, size_t item, int key)
{
	const struct inst_option *o = inst_option_by_key(&in->items[item], key);

	return xasprintf("%s item %zu: %d (%s)", in->id, item + 1, key,
	                 o && o->label ? o->label : "");
}

int64_t
assess_flag_critical(struct session *s, const struct instrument *in,
                     size_t item, int key, time_t now)
{
	struct vault *v = session_vault(s);
	char *note = critical_note(in, item, key);
	int64_t id =
	        store_flag_raise(v, "critical_item", (int64_t)now, 0, note);

	free(note);
	if (id > 0 && db_event(v, "assess.critical", in->id) < 0)
		return -1;
	return id;
}

/* The earlier scores of an instrument (all of them but exclude): the
 * first, the best and the latest, with their times. */
struct earlier {
	bool any, several;
	int first, best, last;
	time_t first_at, best_at, last_at;
};

static int
history(struct vault *v, const struct instrument *in, int64_t exclude,
        struct earlier *e)
{
	struct store_score *s;
	size_t n;

	memset(e, 0, sizeof(*e));
	if (store_assess_scores(v, in->id, &s, &n) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int t = s[i].total;
		time_t at = (time_t)s[i].taken_at;

		if (s[i].id == exclude)
			continue;
		if (!e->any) {
			e->any = true;
			e->first = e->best = t;
			e->first_at = e->best_at = at;
		} else {
			e->several = true;
			/* Strictly better: the earliest of equal bests. */
			if (change_gain(in, e->best, t) > 0) {
				e->best = t;
				e->best_at = at;
			}
		}
		e->last = t;
		e->last_at = at;
	}
	free(s);
	return 0;
}

static int
vault_fail(struct vault *v, char **msg)
{
	*msg = xasprintf(_("could not save the answers: %s"), db_errmsg(v));
	return -1;
}

int
assess_record(struct session *s, const struct inst_set *set,
              const struct instrument *in, const int *keys, int extra,
              const char *source, int64_t critical_flag, time_t now,
              struct assess_outcome *out, char **msg)
{
	struct vault *v = session_vault(s);
	const struct instrument *pair = NULL;
	struct earlier e, pe;

	memset(out, 0, sizeof(*out));
	memset(&pe, 0, sizeof(pe));
	*msg = NULL;
	if (inst_score(in, keys, in->nitems, &out->res) < 0) {
		*msg = out->res.bad_item >= 0
		               ? xasprintf(_("item %d has no valid answer"),
		                           out->res.bad_item + 1)
		               : xstrdup(_("not every item has an answer"));
		return -1;
	}
	if (history(v, in, 0, &e) < 0)
		return vault_fail(v, msg);
	out->has_baseline = out->hist.has_earlier = e.any;
	out->has_previous = out->hist.has_previous = e.several;
	out->baseline = out->hist.baseline = e.first;
	out->best = out->hist.best = e.best;
	out->previous = out->hist.previous = e.last;
	out->baseline_at = e.first_at;
	out->best_at = e.best_at;
	out->previous_at = e.last_at;
	out->id = store_assess_save(v, in->id, (int64_t)now, keys, in->nitems,
	                            extra, out->res.total,
	                            out->res.band ? out->res.band->id : NULL,
	                            source, NULL, NULL);
	if (out->id < 0)
		return vault_fail(v, msg);
	/* Safety first: the risk answer is kept whatever else happens. */
	out->critical = out->res.ncritical > 0;
	if (out->critical) {
		size_t i = (size_t)out->res.first_critical;

		if (critical_flag <= 0)
			critical_flag =
			        assess_flag_critical(s, in, i, keys[i], now);
		if (critical_flag <= 0 ||
		    store_flag_link(v, critical_flag, out->id) < 0)
			return vault_fail(v, msg);
		out->critical_flag = critical_flag;
	}
	if (set && in->paired_with)
		pair = inst_set_find(set, in->paired_with);
	if (pair && e.any) {
		if (history(v, pair, 0, &pe) < 0)
			return vault_fail(v, msg);
		if (!pe.any)
			pair = NULL;
	} else {
		pair = NULL;
	}
	change_report(in, &out->hist, out->res.total, pair, pe.first, pe.last,
	              e.any && now - e.first_at >=
	                               (time_t)ASSESS_STEP_UP_DAYS * 86400,
	              &out->rep);
	if (out->rep.has_pair)
		out->pair_in = pair;
	out->pause = out->rep.pause;
	if (out->pause != PAUSE_NONE) {
		char *note = !e.any ? xasprintf("%s %d", in->id, out->res.total)
		             : e.best != e.first
		                     ? xasprintf("%s %d (baseline %d, best %d)",
		                                 in->id, out->res.total,
		                                 e.first, e.best)
		                     : xasprintf("%s %d (baseline %d)", in->id,
		                                 out->res.total, e.first);

		out->pause_flag = store_flag_raise(
		        v,
		        out->pause == PAUSE_DETERIORATION ? "deterioration"
		                                          : "severe",
		        (int64_t)now, out->id, note);
		free(note);
		if (out->pause_flag < 0 ||
		    store_pause_set(v, out->pause_flag, (int64_t)now) < 0)
			return vault_fail(v, msg);
	} else if (!change_is_severe(in, out->res.total)) {
		/* Still in a severe band: an earlier pause stays.  Otherwise a
		 * score that no longer meets the rule lifts it. */
		struct assess_pause before;
		int was = assess_paused(s, &before);

		if (was < 0 || store_pause_resolve(v, in->id, (int64_t)now) < 0)
			return vault_fail(v, msg);
		if (was == 1 && strcmp(before.instrument, in->id) == 0)
			out->resumed = true;
	}
	return 0;
}

static void
points(struct buf *b, int gain, enum inst_direction dir, const char *when)
{
	int d = gain < 0 ? -gain : gain;
	/* A gain is "lower" on a lower-is-better scale. */
	bool lower = (gain > 0) == (dir == INST_LOWER_BETTER);

	if (gain == 0) {
		buf_printf(b, _("The same as %s"), when);
		return;
	}
	buf_printf(b,
	           lower ? ngettext("%d point lower than %s",
	                            "%d points lower than %s", (unsigned long)d)
	                 : ngettext("%d point higher than %s",
	                            "%d points higher than %s",
	                            (unsigned long)d),
	           d, when);
}

static const char *
kind_text(enum change_kind k)
{
	switch (k) {
	case CHANGE_IMPROVED:
		return _("a reliable improvement");
	case CHANGE_DETERIORATED:
		return _("a reliable deterioration");
	case CHANGE_NO_RELIABLE:
		return _("not a reliable change yet");
	case CHANGE_NOT_RATED:
		break;
	}
	return NULL;
}

void
assess_report_text(const struct instrument *in, const struct instrument *pair,
                   const struct change_history *h, int latest,
                   const struct change_report *rep, struct buf *out)
{
	unsigned m = rep->msgs;
	const char *k = NULL;

	(void)latest;
	if (in->hide_total)
		return; /* a screening question is not compared */
	if (m & CHANGE_MSG_FIRST) {
		buf_adds(out, _("This is your first score: later check-ins "
		                "will be compared with it."));
		return;
	}
	points(out, rep->gain_start, in->direction, _("when you started"));
	if (m & CHANGE_MSG_START_IMPROVED)
		k = kind_text(CHANGE_IMPROVED);
	else if (m & CHANGE_MSG_START_WORSE)
		k = kind_text(CHANGE_DETERIORATED);
	else if (m & CHANGE_MSG_START_NOT_YET)
		k = kind_text(CHANGE_NO_RELIABLE);
	if (k)
		buf_printf(out, ": %s.", k);
	else
		buf_adds(out, ".");
	if (m & CHANGE_MSG_LAST) {
		buf_addc(out, ' ');
		points(out, rep->gain_last, in->direction, _("last time"));
		buf_adds(out, ".");
	}
	if (m & CHANGE_MSG_BEST_WORSE) {
		buf_addc(out, '\n');
		points(out, rep->gain_best, in->direction,
		       _("your best score so far"));
		/* TRANSLATORS: the best score, then "a reliable
		 * deterioration". */
		buf_printf(out, _(" (%d): %s."), h->best,
		           kind_text(CHANGE_DETERIORATED));
	}
	if (m & CHANGE_MSG_PAIR_RECOVERY)
		buf_printf(out,
		           _("\nWith %s, both scores are now below the "
		             "clinical cut-off, and this one is reliably "
		             "better: reliable recovery."),
		           pair ? pair->short_name : "");
	else if (m & CHANGE_MSG_RECOVERY)
		buf_adds(out, _("\nNow below the clinical cut-off and "
		                "reliably better: reliable recovery."));
	if (m & CHANGE_MSG_STEP_UP)
		buf_printf(out,
		           _("\nIt is four weeks or more since you started, "
		             "and your %s score has not improved reliably. "
		             "Many people do better with some guidance: "
		             "please ask your GP or clinic about guided or "
		             "stepped-up care."),
		           in->short_name);
}

void
assess_change_text(const struct instrument *in, const struct assess_outcome *o,
                   struct buf *out)
{
	assess_report_text(in, o->pair_in, &o->hist, o->res.total, &o->rep,
	                   out);
}

void
assess_score_text(const struct instrument *in, const struct inst_result *res,
                  struct buf *out)
{
	if (in->hide_total) {
		/* A screening question: its answer, in the band's words. */
		buf_printf(out, "%s: %s.", in->short_name,
		           res->band ? res->band->label : "");
		return;
	}
	buf_printf(out, _("%s: %d (range %d to %d)"), in->short_name,
	           res->total, in->min, in->max);
	if (res->band)
		buf_printf(out, _(", %s"), res->band->label);
	if (in->has_caseness)
		buf_adds(out, res->is_case
		                      ? _(", at or above the clinical cut-off")
		                      : _(", below the clinical cut-off"));
	buf_adds(out, ".");
}

void
assess_advice_text(const struct instrument *in, const struct inst_result *res,
                   struct buf *out)
{
	const struct inst_advice *a = inst_advice_for(in, res->total);

	if (a)
		buf_adds(out, a->text);
}

int
assess_paused(struct session *s, struct assess_pause *out)
{
	struct vault *v = session_vault(s);
	struct store_flag f;
	int rc = store_pause_get(v, &f);

	if (rc != 1)
		return rc;
	out->flag = f.id;
	out->deterioration = strcmp(f.kind, "deterioration") == 0;
	snprintf(out->instrument, sizeof(out->instrument), "%s", f.instrument);
	out->since = (time_t)f.raised_at;
	free(f.note);
	return 1;
}

void
assess_pause_text(const struct assess_pause *p, const struct instrument *in,
                  struct buf *out)
{
	const char *name = in ? in->short_name : p->instrument;

	if (p->deterioration)
		buf_printf(out,
		           _("Your %s score is clearly worse than your best "
		             "score so far. "),
		           name);
	else
		buf_printf(out, _("Your %s score is in the severe range. "),
		           name);
	buf_adds(out,
	         _("That can happen, and it is not a failure: it means this "
	           "course may not be enough on its own right now.\n"
	           "The next lesson will wait for now. Please talk to your GP "
	           "or clinic about how you have been feeling; show them your "
	           "scores if that helps.\n"));
	/* The clinic's own number, when the configuration gives one. */
	if (safety_clinic(out))
		buf_addc(out, '\n');
	buf_adds(out, _("If you would rather carry on anyway, you can choose "
	                "to continue."));
}

int
assess_continue(struct session *s, time_t now)
{
	struct vault *v = session_vault(s);

	return store_pause_override(v, (int64_t)now);
}

int
assess_last_taken(struct session *s, const char *instrument, time_t *at)
{
	int64_t t;
	int rc = store_assess_last_taken(session_vault(s), instrument, &t);

	if (rc == 1)
		*at = (time_t)t;
	return rc;
}

int
assess_due(struct session *s, const char *const *ids, size_t n, time_t since,
           int min_days, time_t now, bool *due)
{
	for (size_t i = 0; i < n; i++) {
		time_t at = 0;
		int rc = assess_last_taken(s, ids[i], &at);

		if (rc < 0)
			return -1;
		if (rc == 0 || at < since)
			due[i] = true;
		else if (min_days > 0)
			due[i] = clock_local_day(now) - clock_local_day(at) >=
			         min_days;
		else
			due[i] = false;
	}
	return 0;
}
