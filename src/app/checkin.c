/*
 * The check-in state machine.  See app/checkin.h.  Every rule the front
 * ends used to carry each in its own copy lives here: no item can be
 * skipped (the unscored last question can), a risk answer is flagged and
 * saved before anything else happens and opens the safety text, the
 * answers are saved only after a review, and the result says the score,
 * the change and what happens to the course, in that order.
 */
#include "app/checkin.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "app/assess.h"
#include "app/country.h"
#include "app/helper.h"
#include "app/risk.h"
#include "app/safety.h"
#include "pack/instrument.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/xalloc.h"

/* Where the flow is.  SAFETY and PLAN interrupt it and return to `resume`. */
enum state {
	ST_INTRO,
	ST_ITEM,
	ST_SAFETY, /* the safety text after a risk answer */
	ST_REVIEW,
	ST_PLAN, /* after saving: the safety plan part owed (see header) */
	ST_RESULT,
	ST_ASK, /* a pathway question: the plan, or how since (ask) */
};

struct checkin {
	const struct instrument *in;
	const struct inst_set *set;
	char *region; /* may be NULL */
	enum state st, resume;
	size_t cur; /* the question; in->nitems is the extra one */
	bool from_review; /* an answer goes back to the review */
	int *keys; /* -1: not answered */
	int extra;
	int64_t flag; /* the critical flag of this administration, 0: none */
	long owed_item; /* a risk answer given without a session: its item */
	int owed_key;
	bool plan_owed; /* the safety text was shown without the plan part */
	char *recall, *window, *brief;
	struct paras text; /* SAFETY */
	enum safety_kind kind; /* of text */
	bool plan_only; /* text is the plan part alone (ST_PLAN) */
	struct paras result; /* RESULT */
	bool paused;
	struct checkin_step step;
	/* The graded pathway (app/risk.h). */
	enum checkin_ask ask; /* ST_ASK: which question */
	struct inst_item *plan_q, *since_q;
	const char *plan_lead, *since_lead;
	bool prev_critical; /* the last administration had a risk answer */
	bool since_due; /* start with the follow-up question */
	bool plan_asked; /* once per check-in */
	bool offer_plan; /* SAFETY: see checkin_step */
	long crit_item; /* the risk answer's item, -1: none yet */
	int crit_value;
	int plan_key_owed; /* a plan answer given without a session: its
	                      key (0: none owed) */
};

static size_t
nq(const struct checkin *c)
{
	return c->in->nitems + (c->in->extra ? 1 : 0);
}

static const struct inst_item *
item_at(const struct checkin *c, size_t i)
{
	return i < c->in->nitems ? &c->in->items[i] : c->in->extra;
}

static int
key_at(const struct checkin *c, size_t i)
{
	return i < c->in->nitems ? c->keys[i] : c->extra;
}

/* Rebuilds the step from the state: the one place a step is made. */
static void
refresh(struct checkin *c)
{
	struct checkin_step *s = &c->step;
	const struct instrument *in = c->in;

	memset(s, 0, sizeof(*s));
	s->name = in->short_name;
	s->chosen = -1;
	switch (c->st) {
	case ST_INTRO:
		s->kind = CHECKIN_INTRO;
		s->title = in->title;
		s->instructions = in->instructions;
		s->recall = c->recall;
		s->brief = c->brief;
		s->attribution = in->attribution;
		break;
	case ST_ITEM:
		s->kind = CHECKIN_QUESTION;
		s->question = item_at(c, c->cur);
		s->number = c->cur < in->nitems ? c->cur + 1 : 0;
		s->count = in->nitems;
		s->window = c->window;
		s->chosen = key_at(c, c->cur);
		s->can_back = c->cur > 0 || c->from_review;
		s->optional = c->cur >= in->nitems;
		break;
	case ST_ASK:
		s->kind = CHECKIN_QUESTION;
		s->ask = c->ask;
		s->question =
		        c->ask == CHECKIN_ASK_PLAN ? c->plan_q : c->since_q;
		s->heading = c->ask == CHECKIN_ASK_PLAN ? _("About your safety")
		                                        : _("Since last time");
		s->window = c->ask == CHECKIN_ASK_PLAN ? c->plan_lead
		                                       : c->since_lead;
		s->count = in->nitems;
		s->optional = true;
		break;
	case ST_SAFETY:
	case ST_PLAN:
		s->kind = CHECKIN_SAFETY;
		s->text = &c->text;
		s->safety = c->kind;
		s->offer_plan = c->offer_plan;
		break;
	case ST_REVIEW:
		s->kind = CHECKIN_REVIEW;
		break;
	case ST_RESULT:
		s->kind = CHECKIN_RESULT;
		s->text = &c->result;
		s->paused = c->paused;
		break;
	}
}

/*
 * The version of in for the person's country (the AUDIT-C asks in units in
 * the UK: docs/clinical.md 2.7): region (--region), else the person's
 * country as the crisis lines choose it (app/country.h).  No country set:
 * the instrument as it is.
 */
static const struct instrument *
for_country(const struct instrument *in, struct session *s, const char *region)
{
	struct country c;

	if (!in || in->nvariants == 0)
		return in;
	country_current(s, region, &c);
	return c.from != COUNTRY_UNSET ? inst_for_country(in, c.code) : in;
}

int
checkin_new(const struct inst_set *set, const char *id, struct session *s,
            const char *region, struct checkin **out)
{
	const struct instrument *in =
	        for_country(inst_set_find(set, id), s, region);
	struct checkin *c;

	*out = NULL;
	if (!in)
		return -1;
	c = xcalloc(1, sizeof(*c));
	c->in = in;
	c->set = set;
	c->region = region ? xstrdup(region) : NULL;
	c->keys = xcalloc(in->nitems, sizeof(*c->keys));
	for (size_t i = 0; i < in->nitems; i++)
		c->keys[i] = -1;
	c->extra = -1;
	c->owed_item = -1;
	c->crit_item = -1;
	c->plan_q = risk_plan_item(&c->plan_lead);
	c->since_q = risk_since_item(&c->since_lead);
	if (s) {
		time_t now = clock_now();

		c->prev_critical = risk_previous_critical(s, in, now) == 1;
		c->since_due = risk_followup_due(s, RISK_AT_CHECKIN, now,
		                                 session_opened_at(s)) == 1;
	}
	if (in->recall)
		c->recall =
		        xasprintf(_("The questions are about %s."), in->recall);
	/* The recall window stays in view with every item. */
	if (in->window)
		c->window = xstrdup(in->window);
	else if (in->recall)
		c->window = xasprintf(_("About %s:"), in->recall);
	for (size_t i = 0; i < in->nitems; i++)
		if (in->items[i].critical) {
			struct buf b = BUF_INIT;

			safety_brief(s, region, &b);
			c->brief = buf_detach(&b);
			break;
		}
	c->st = ST_INTRO;
	refresh(c);
	*out = c;
	return 0;
}

void
checkin_free(struct checkin *c)
{
	if (!c)
		return;
	free(c->region);
	free(c->keys);
	free(c->recall);
	free(c->window);
	free(c->brief);
	paras_free(&c->text);
	paras_free(&c->result);
	risk_item_free(c->plan_q);
	risk_item_free(c->since_q);
	free(c);
}

const struct checkin_step *
checkin_step(const struct checkin *c)
{
	return &c->step;
}

const struct instrument *
checkin_instrument(const struct checkin *c)
{
	return c->in;
}

void
checkin_start(struct checkin *c)
{
	assert(c->st == ST_INTRO);
	c->st = ST_ITEM;
	c->cur = 0;
	if (c->since_due) {
		c->since_due = false;
		c->ask = CHECKIN_ASK_SINCE;
		c->resume = ST_ITEM;
		c->st = ST_ASK;
	}
	refresh(c);
}

/* To the next question, or to the review. */
static void
advance(struct checkin *c)
{
	if (c->from_review || c->cur + 1 >= nq(c)) {
		c->st = ST_REVIEW;
		c->from_review = false;
	} else {
		c->cur++;
	}
}

/* The flag, at once: abandoning the questionnaire cannot lose it. */
static enum checkin_rc
raise_flag(struct checkin *c, struct session *s, size_t item, int key,
           time_t now, char **msg)
{
	if (c->flag > 0)
		return CHECKIN_OK;
	if (!s) {
		c->owed_item = (long)item;
		c->owed_key = key;
		return CHECKIN_OK;
	}
	c->flag = assess_flag_critical(s, c->in, item, key, now);
	if (c->flag <= 0) {
		c->flag = 0;
		*msg = xstrdup(_("Could not keep the answer in the vault."));
		return CHECKIN_NOT_SAVED;
	}
	if (session_commit(s, now, msg) != EXIT_OK)
		return CHECKIN_NOT_SAVED;
	return CHECKIN_OK;
}

/* SAFETY with the text of kind; it returns to c->resume. */
static void
show_safety(struct checkin *c, struct session *s, enum safety_kind kind)
{
	int64_t id;

	paras_free(&c->text);
	c->kind = kind;
	c->plan_only = false;
	safety_text(kind, s, c->region, &c->text);
	/* Without a session the plan part comes after saving. */
	c->plan_owed = s == NULL;
	c->offer_plan =
	        kind == SAFETY_URGENT && s && safety_plan_id(s, &id) == 0;
	c->st = ST_SAFETY;
}

/* A pathway question answered with key (-1: left unanswered). */
static enum checkin_rc
answer_ask(struct checkin *c, struct session *s, int key, time_t now,
           char **msg)
{
	if (c->ask == CHECKIN_ASK_SINCE) {
		c->st = c->resume;
		if (s &&
		    (risk_followup_record(s, RISK_AT_CHECKIN, key, now) < 0 ||
		     session_commit(s, now, msg) != EXIT_OK)) {
			if (!*msg)
				*msg = xstrdup(_("Could not keep the answer in "
				                 "the vault."));
		}
		/* Worse: the safety text before the first question.  The
		 * other replies are said where the program opens
		 * (risk_followup_reply); here the questions follow. */
		if (key == RISK_SINCE_WORSE)
			show_safety(c, s, SAFETY_SCREEN);
		refresh(c);
		return *msg ? CHECKIN_NOT_SAVED : CHECKIN_OK;
	}
	/* The plan question. */
	if (s) {
		if (risk_plan_record(s, c->in, (size_t)c->crit_item, key, now) <
		            0 ||
		    session_commit(s, now, msg) != EXIT_OK) {
			if (!*msg)
				*msg = xstrdup(_("Could not keep the answer in "
				                 "the vault."));
		}
	} else {
		c->plan_key_owed = key;
	}
	show_safety(c, s, key == RISK_PLAN_YES ? SAFETY_URGENT : SAFETY_SCREEN);
	refresh(c);
	return *msg ? CHECKIN_NOT_SAVED : CHECKIN_OK;
}

enum checkin_rc
checkin_answer(struct checkin *c, struct session *s, int key, time_t now,
               char **msg)
{
	const struct inst_item *it;
	const struct inst_option *o;
	size_t i = c->cur;
	enum checkin_rc rc = CHECKIN_OK;

	*msg = NULL;
	if (c->st == ST_ASK) {
		it = c->ask == CHECKIN_ASK_PLAN ? c->plan_q : c->since_q;
		if (!inst_option_by_key(it, key))
			return CHECKIN_NOT_AN_OPTION;
		return answer_ask(c, s, key, now, msg);
	}
	assert(c->st == ST_ITEM);
	it = item_at(c, i);
	o = inst_option_by_key(it, key);
	if (!o)
		return CHECKIN_NOT_AN_OPTION;
	if (i < c->in->nitems)
		c->keys[i] = key;
	else
		c->extra = key;
	advance(c);
	if (i < c->in->nitems && inst_item_is_critical(it, o->value)) {
		rc = raise_flag(c, s, i, key, now, msg);
		c->crit_item = (long)i;
		c->crit_value = o->value;
		c->resume = c->st;
		if (!c->plan_asked &&
		    (risk_level_high(it, o->value) || c->prev_critical)) {
			/* A higher answer, or a second in a row: ask about a
			 * plan before anything else is said. */
			c->plan_asked = true;
			c->ask = CHECKIN_ASK_PLAN;
			c->st = ST_ASK;
		} else {
			show_safety(c, s, SAFETY_SCREEN);
		}
	}
	refresh(c);
	return rc;
}

enum checkin_rc
checkin_next(struct checkin *c, struct session *s, time_t now, char **msg)
{
	*msg = NULL;
	if (c->st == ST_ASK)
		return answer_ask(c, s, -1, now, msg);
	assert(c->st == ST_ITEM);
	if (key_at(c, c->cur) < 0 && c->cur < c->in->nitems)
		return CHECKIN_NEEDS_ANSWER;
	advance(c);
	refresh(c);
	return CHECKIN_OK;
}

void
checkin_back(struct checkin *c)
{
	assert(c->st == ST_ITEM || c->st == ST_REVIEW || c->st == ST_ASK);
	if (c->st == ST_ASK) {
		return;
	} else if (c->st == ST_REVIEW) {
		c->cur = nq(c) - 1;
		c->st = ST_ITEM;
	} else if (c->from_review) {
		c->from_review = false;
		c->st = ST_REVIEW;
	} else if (c->cur > 0) {
		c->cur--;
	}
	refresh(c);
}

void
checkin_refresh(struct checkin *c, struct session *s)
{
	assert(c->st == ST_SAFETY || c->st == ST_PLAN);
	paras_free(&c->text);
	if (c->plan_only) {
		helper_link_note(s, &c->text);
		(void)safety_plan_part(s, &c->text);
	} else
		safety_text(c->kind, s, c->region, &c->text);
	refresh(c);
}

void
checkin_go_on(struct checkin *c)
{
	assert(c->st == ST_SAFETY || c->st == ST_PLAN);
	c->st = c->resume;
	paras_free(&c->text);
	refresh(c);
}

size_t
checkin_rows(const struct checkin *c)
{
	return nq(c);
}

const struct inst_item *
checkin_row(const struct checkin *c, size_t i, size_t *number, int *key)
{
	assert(i < nq(c));
	*number = i < c->in->nitems ? i + 1 : 0;
	*key = key_at(c, i);
	return item_at(c, i);
}

void
checkin_change(struct checkin *c, size_t row)
{
	assert(c->st == ST_REVIEW && row < nq(c));
	c->cur = row;
	c->from_review = true;
	c->st = ST_ITEM;
	refresh(c);
}

/* The result: the score, the change in words, what happens to the
 * course. */
static void
result_text(struct checkin *c, const struct assess_outcome *o,
            struct paras *out)
{
	struct buf b = BUF_INIT;

	assess_score_text(c->in, &o->res, &b);
	paras_add(out, PARA_TEXT, b.data);
	buf_reset(&b);
	assess_advice_text(c->in, &o->res, &b);
	if (b.len)
		paras_add(out, PARA_TEXT, b.data);
	buf_reset(&b);
	assess_change_text(c->in, o, &b);
	if (b.len)
		paras_add(out, PARA_TEXT, b.data);
	if (o->pause != PAUSE_NONE) {
		struct assess_pause p = {
		        o->pause_flag, o->pause == PAUSE_DETERIORATION, "", 0};

		buf_reset(&b);
		assess_pause_text(&p, c->in, &b);
		paras_gap(out);
		paras_add(out, PARA_TEXT, b.data);
	} else if (o->resumed) {
		paras_add(out, PARA_TEXT,
		          _("The pause is lifted: the course can go on."));
	}
	buf_free(&b);
}

int
checkin_save(struct checkin *c, struct session *s, const char *source,
             time_t now, char **msg)
{
	struct assess_outcome o;
	int st;
	bool second;

	assert(c->st == ST_REVIEW);
	*msg = NULL;
	if (!s) {
		*msg = xstrdup(_("The vault is locked: nothing saved."));
		return EXIT_FAIL;
	}
	/* Whether this is a second risk answer in a row, before this
	 * administration is the last one saved. */
	second = c->crit_item >= 0 && !c->plan_asked &&
	         risk_previous_critical(s, c->in, now) == 1;
	if (c->flag <= 0 && c->owed_item >= 0)
		c->flag = assess_flag_critical(s, c->in, (size_t)c->owed_item,
		                               c->owed_key, now);
	if (c->flag < 0)
		c->flag = 0;
	if (assess_record(s, c->set, c->in, c->keys, c->extra, source, c->flag,
	                  now, &o, msg) < 0)
		return EXIT_FAIL;
	/* A plan answer given before the vault was open. */
	if (c->plan_key_owed)
		(void)risk_plan_record(s, c->in, (size_t)c->crit_item,
		                       c->plan_key_owed, now);
	st = session_commit(s, now, msg);
	paras_free(&c->result);
	result_text(c, &o, &c->result);
	c->paused = o.pause != PAUSE_NONE;
	c->st = ST_RESULT;
	/* The second risk answer in a row, known only now: the plan
	 * question comes before the result, and its text carries the plan
	 * part that was owed. */
	if (second) {
		c->plan_asked = true;
		c->plan_owed = false;
		c->ask = CHECKIN_ASK_PLAN;
		c->resume = ST_RESULT;
		c->st = ST_ASK;
	}
	if (c->plan_owed) {
		/* The plan part comes first, as it would have with the safety
		 * text; the result follows once it was seen. */
		paras_free(&c->text);
		c->plan_owed = false;
		c->plan_only = true;
		helper_link_note(s, &c->text);
		if (safety_plan_part(s, &c->text) == 0 && c->text.n > 0) {
			c->resume = ST_RESULT;
			c->st = ST_PLAN;
		}
	}
	refresh(c);
	return st;
}
