/*
 * Building the labelled report (app/report.h) from the vault, the course,
 * the worksheets and the instruments.
 */
#include "app/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/course.h"
#include "app/sheet.h"
#include "core/course.h"
#include "core/instrument.h"
#include "core/sheet.h"
#include "pack/instrument.h"
#include "store/assess.h"
#include "store/entries.h"
#include "store/guidedb.h"
#include "store/progress.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/secret.h"
#include "util/xalloc.h"

struct priv {
	struct inst_set *inst;
};

const char *
report_change_word(enum change_kind k)
{
	switch (k) {
	case CHANGE_IMPROVED:
		return N_("reliable improvement");
	case CHANGE_DETERIORATED:
		return N_("reliable deterioration");
	case CHANGE_NO_RELIABLE:
		return N_("no reliable change");
	case CHANGE_NOT_RATED:
		break;
	}
	return N_("not rated");
}

/* The graded risk pathway (app/risk.h) and the first run's
 * suitability check (app/suitability.h). */
static const struct {
	const char *kind, *word;
} flag_words[] = {
        {"risk_plan_yes", N_("Plan question: yes, a plan or acting")},
        {"risk_plan_no", N_("Plan question: no")},
        {"risk_plan_none", N_("Plan question: not answered")},
        {"risk_since_better", N_("Since the risk answer: better")},
        {"risk_since_same", N_("Since the risk answer: about the same")},
        {"risk_since_worse", N_("Since the risk answer: worse")},
        {"risk_since_none", N_("Since the risk answer: not said")},
        {"suit_age", N_("Before the course: under the minimum age")},
        {"suit_mania", N_("Before the course: signs of mania")},
        {"suit_psychosis", N_("Before the course: signs of psychosis")},
        {"suit_plan", N_("Before the course: a plan to end their life")},
};

const char *
report_flag_word(const char *kind)
{
	if (strcmp(kind, "critical_item") == 0)
		return N_("Risk answer");
	if (strcmp(kind, "deterioration") == 0)
		return N_("Reliable deterioration: progression paused");
	if (strcmp(kind, "severe") == 0)
		return N_("Severe range: progression paused");
	for (size_t i = 0; i < sizeof(flag_words) / sizeof(flag_words[0]); i++)
		if (strcmp(kind, flag_words[i].kind) == 0)
			return flag_words[i].word;
	return kind;
}

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* ---- check-ins ---- */

static void
fill_items(struct vault *v, const struct instrument *in,
           struct report_score *sc)
{
	int keys[INST_MAX_ITEMS], extra = -1;

	if (!in || in->nitems > INST_MAX_ITEMS ||
	    store_assess_items(v, sc->id, keys, in->nitems, &extra) < 0)
		return;
	sc->items = xcalloc(in->nitems + 1, sizeof(*sc->items));
	for (size_t i = 0; i < in->nitems; i++) {
		const struct inst_item *it = &in->items[i];
		const struct inst_option *o;
		struct report_answer *a = &sc->items[sc->nitems];

		if (keys[i] < 0)
			continue;
		o = inst_option_by_key(it, keys[i]);
		a->n = (int)i + 1;
		a->text = xstrdup(it->text);
		a->answer = o && o->label ? xstrdup(o->label)
		                          : xasprintf("%d", keys[i]);
		a->value = o ? o->value : keys[i];
		a->critical = o && inst_item_is_critical(it, o->value);
		sc->nitems++;
	}
	if (in->extra && extra >= 0) {
		const struct inst_option *o =
		        inst_option_by_key(in->extra, extra);
		struct report_answer *a = &sc->items[sc->nitems++];

		a->n = 0;
		a->text = xstrdup(in->extra->text);
		a->answer = o && o->label ? xstrdup(o->label)
		                          : xasprintf("%d", extra);
		a->value = o ? o->value : extra;
	}
}

static int
read_measures(struct vault *v, struct report *r, const struct inst_set *set,
              unsigned what)
{
	char **ids = NULL;
	size_t nids = 0;

	if (store_assess_instruments(v, &ids, &nids) < 0)
		return -1;
	r->measures = xcalloc(nids ? nids : 1, sizeof(*r->measures));
	for (size_t i = 0; i < nids; i++) {
		const struct instrument *in =
		        set ? inst_set_find(set, ids[i]) : NULL;
		struct report_measure *m = &r->measures[r->nmeasures++];
		struct store_score *sc = NULL;
		size_t n = 0;

		m->id = xstrdup(ids[i]);
		m->def = in;
		m->name =
		        xstrdup(in && in->short_name ? in->short_name : ids[i]);
		m->title = xstrdup(in && in->title ? in->title : m->name);
		if (in) {
			m->min = in->min;
			m->max = in->max;
			m->lower_better = in->direction == INST_LOWER_BETTER;
			m->has_caseness = in->has_caseness;
			m->caseness = in->caseness;
			m->has_reliable_change = in->has_reliable_change;
			m->reliable_change = in->reliable_change;
			m->loinc = dup_or_null(in->loinc);
			m->loinc_total = dup_or_null(in->loinc_total);
		}
		if (store_assess_scores(v, ids[i], &sc, &n) < 0) {
			store_strings_free(ids, nids);
			return -1;
		}
		m->scores = xcalloc(n ? n : 1, sizeof(*m->scores));
		for (size_t k = 0; k < n; k++) {
			struct report_score *s = &m->scores[m->n++];
			const struct inst_band *b =
			        in ? inst_band_for(in, sc[k].total) : NULL;

			s->id = sc[k].id;
			s->at = (time_t)sc[k].taken_at;
			s->total = sc[k].total;
			s->band = b && b->label   ? xstrdup(b->label)
			          : sc[k].band[0] ? xstrdup(sc[k].band)
			                          : NULL;
			if (what & REPORT_ITEMS)
				fill_items(v, in, s);
		}
		if (in && m->n >= 2) {
			m->has_change = true;
			change_single(in, m->scores[0].total,
			              m->scores[m->n - 1].total, &m->change);
		}
		free(sc);
	}
	store_strings_free(ids, nids);
	return 0;
}

/* The critical answers of assessment id, joined ("Item 9 ...: Several
 * days"), from the instrument. */
static void
flag_answer(struct report *r, int64_t id, struct report_flag *f)
{
	for (size_t i = 0; i < r->nmeasures; i++) {
		struct report_measure *m = &r->measures[i];

		for (size_t k = 0; k < m->n; k++) {
			struct report_score *sc = &m->scores[k];

			if (sc->id != id)
				continue;
			free(f->measure);
			f->measure = xstrdup(m->name);
			for (size_t j = 0; j < sc->nitems; j++) {
				if (!sc->items[j].critical)
					continue;
				f->item = xstrdup(sc->items[j].text);
				f->answer = xstrdup(sc->items[j].answer);
				return;
			}
		}
	}
}

static int
read_flags(struct vault *v, struct report *r)
{
	struct store_flag *fl = NULL;
	size_t n = 0;

	if (store_flags(v, NULL, false, &fl, &n) < 0)
		return -1;
	r->flags = xcalloc(n ? n : 1, sizeof(*r->flags));
	/* store_flags gives newest first; the report reads oldest first. */
	for (size_t k = n; k-- > 0;) {
		struct report_flag *f = &r->flags[r->nflags++];
		const struct report_measure *m = NULL;

		snprintf(f->kind, sizeof(f->kind), "%s", fl[k].kind);
		f->raised_at = (time_t)fl[k].raised_at;
		f->resolved_at = (time_t)fl[k].resolved_at;
		f->override_at = (time_t)fl[k].override_at;
		for (size_t i = 0; i < r->nmeasures; i++)
			if (strcmp(r->measures[i].id, fl[k].instrument) == 0)
				m = &r->measures[i];
		if (m)
			f->measure = xstrdup(m->name);
		else if (fl[k].instrument[0])
			f->measure = xstrdup(fl[k].instrument);
		if (fl[k].assessment_id > 0 &&
		    strcmp(f->kind, "critical_item") == 0)
			flag_answer(r, fl[k].assessment_id, f);
		/* A risk answer whose questionnaire was abandoned: the note
		 * names the item and the response. */
		if (strcmp(f->kind, "critical_item") == 0 && !f->answer &&
		    fl[k].note)
			f->answer = xstrdup(fl[k].note);
	}
	store_flags_free(fl, n);
	return 0;
}

/* ---- course, lessons and answers ---- */

static void
read_course(struct session *s, struct report *r, unsigned what,
            time_t text_since)
{
	struct vault *v = session_vault(s);
	struct app_course *ac = NULL;
	const struct course *c;
	const struct app_overview *ov;
	struct progress_lesson *pl = NULL;
	struct guidedb_prompt *gp = NULL;
	size_t npl = 0, ngp = 0;

	if (session_course(s, r->now, &ac, NULL) != EXIT_OK || !ac)
		return;
	c = app_course_def(ac);
	ov = app_course_overview(ac);
	r->course = xstrdup(c->title ? c->title : c->id);
	r->lessons_done = ov->core_done;
	r->lessons_total = ov->core_total;
	if (ov->current >= 0 && (size_t)ov->current < c->nlessons)
		r->current = xstrdup(c->lessons[ov->current].title);
	r->homework = xcalloc(ov->ndue + 1, sizeof(*r->homework));
	for (size_t i = 0; i < ov->ndue; i++) {
		const struct app_step *st = &ov->due[i];

		if (st->kind != STEP_HOMEWORK)
			continue;
		r->homework[r->nhomework].sheet =
		        xstrdup(course_worksheet_title(c, st->id));
		r->homework[r->nhomework].have = st->have;
		r->homework[r->nhomework].need = st->need;
		r->nhomework++;
	}
	{
		const struct app_skip *sk;
		size_t nsk = app_course_skips(ac, &sk);

		r->skips = xcalloc(nsk + 1, sizeof(*r->skips));
		for (size_t i = 0; i < nsk; i++) {
			struct report_skip *k = &r->skips[r->nskips++];

			k->sheet = xstrdup(
			        course_worksheet_title(c, sk[i].worksheet));
			k->lesson = sk[i].lesson >= 0
			                    ? xstrdup(c->lessons[sk[i].lesson]
			                                      .title)
			                    : NULL;
			k->reason = xstrdup(sk[i].reason ? sk[i].reason : "");
			k->at = sk[i].at;
		}
	}
	if ((what & REPORT_LESSONS) &&
	    progress_lessons(v, c->id, &pl, &npl) == 0) {
		r->lessons = xcalloc(c->nlessons + 1, sizeof(*r->lessons));
		for (size_t i = 0; i < c->nlessons; i++) {
			for (size_t k = 0; k < npl; k++) {
				if (strcmp(pl[k].lesson, c->lessons[i].id) != 0)
					continue;
				r->lessons[r->nlessons].title =
				        xstrdup(c->lessons[i].title);
				r->lessons[r->nlessons].opened_at =
				        pl[k].opened_at;
				r->lessons[r->nlessons].completed_at =
				        pl[k].completed_at;
				r->nlessons++;
			}
		}
		progress_lessons_free(pl, npl);
	}
	if ((what & REPORT_PROMPTS) &&
	    guidedb_prompts(v, c->id, (int64_t)text_since, &gp, &ngp) == 0) {
		r->prompts = xcalloc(ngp + 1, sizeof(*r->prompts));
		/* In course order, then in the lesson's order. */
		for (size_t i = 0; i < c->nlessons; i++) {
			const struct course_lesson *l = &c->lessons[i];

			for (size_t p = 0; p < l->nparts; p++) {
				const struct course_part *pt = &l->parts[p];

				if (pt->kind != PART_PROMPT)
					continue;
				for (size_t k = 0; k < ngp; k++) {
					struct report_prompt *rp;

					if (strcmp(gp[k].lesson, l->id) != 0 ||
					    strcmp(gp[k].prompt, pt->id) != 0)
						continue;
					rp = &r->prompts[r->nprompts++];
					rp->lesson = xstrdup(l->title);
					rp->question = xstrdup(
					        pt->text ? pt->text : pt->id);
					rp->text = xstrdup(gp[k].text);
					rp->at = (time_t)gp[k].updated_at;
					gp[k].updated_at = -1; /* taken */
				}
			}
		}
		/* Answers to prompts the course no longer has. */
		for (size_t k = 0; k < ngp; k++) {
			struct report_prompt *rp;

			if (gp[k].updated_at < 0)
				continue;
			rp = &r->prompts[r->nprompts++];
			rp->lesson = xstrdup(gp[k].lesson);
			rp->question = xstrdup(gp[k].prompt);
			rp->text = xstrdup(gp[k].text);
			rp->at = (time_t)gp[k].updated_at;
		}
		guidedb_prompts_free(gp, ngp);
	}
}

/* ---- worksheet entries ---- */

/* A stored value as a person reads it: choice labels for choice ids. */
static char *
value_text(const struct sheet_field *f, const char *v)
{
	struct buf b = BUF_INIT;
	const char *p = v;

	if (!f || (f->type != SHEET_CHOICE && f->type != SHEET_MULTICHOICE))
		return xstrdup(v);
	while (*p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char *id = xstrndup(p, n);
		const struct sheet_option *o = sheet_option_find(f, id);

		if (b.len)
			buf_adds(&b, ", ");
		buf_adds(&b, o && o->label ? o->label : id);
		free(id);
		p += n;
		if (*p == ',')
			p++;
	}
	return buf_detach(&b);
}

static void
add_field(struct report_entry *e, size_t *cap, char *label, char *value)
{
	if (e->nfields == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		e->fields = xreallocarray(e->fields, *cap, sizeof(*e->fields));
	}
	e->fields[e->nfields].label = label;
	e->fields[e->nfields].value = value;
	e->nfields++;
}

static void
entry_fields(const struct sheet *sh, const struct sheet_answers *a,
             struct report_entry *e)
{
	size_t cap = 0, n = sheet_answers_count(a);

	for (size_t i = 0; sh && i < sh->nfields; i++) {
		const struct sheet_field *f = &sh->fields[i];

		if (f->type != SHEET_ROWS) {
			const char *v = sheet_answers_get(a, f->id);

			if (v && *v)
				add_field(e, &cap, xstrdup(f->label),
				          value_text(f, v));
			continue;
		}
		for (size_t row = 1; row <= sheet_rows_count(a, f); row++) {
			for (size_t k = 0; k < f->nsub; k++) {
				char *key =
				        sheet_row_key(f->id, row, f->sub[k].id);
				const char *v = sheet_answers_get(a, key);

				if (v && *v)
					add_field(e, &cap,
					          xasprintf("%s %zu: %s",
					                    f->label, row,
					                    f->sub[k].label),
					          value_text(&f->sub[k], v));
				free(key);
			}
		}
	}
	/* Keys the definition does not know (a field since removed). */
	for (size_t i = 0; i < n; i++) {
		const char *key = sheet_answers_key(a, i);
		size_t row = 0;
		const struct sheet_field *parent = NULL,
		                         *f = sh ? sheet_key_field(sh, key,
		                                                   &row,
		                                                   &parent)
		                                 : NULL;

		if (f)
			continue;
		add_field(e, &cap, xstrdup(key),
		          xstrdup(sheet_answers_value(a, i)));
	}
}

static int
read_entries(struct session *s, struct report *r, time_t text_since)
{
	struct entry_list l = ENTRY_LIST_INIT;
	const struct sheet_set *set = app_sheets(s);
	struct app_course *ac = session_course_loaded(s);
	const struct course *c = ac ? app_course_def(ac) : NULL;

	if (entries_list(session_vault(s), NULL, ENTRIES_LIVE, r->now, &l) < 0)
		return -1;
	r->entries = xcalloc(l.n + 1, sizeof(*r->entries));
	/* entries_list gives newest first. */
	for (size_t k = l.n; k-- > 0;) {
		const struct entry *en = l.v[k];
		const struct sheet *sh =
		        set ? sheet_set_find(set, en->sheet) : NULL;
		struct report_entry *e;
		long li;

		if (en->updated < text_since)
			continue;
		e = &r->entries[r->nentries++];
		e->sheet = xstrdup(sh && sh->title ? sh->title : en->sheet);
		li = c && en->lesson ? course_find_lesson(c, en->lesson) : -1;
		if (li >= 0)
			e->lesson = xstrdup(c->lessons[li].title);
		else if (en->lesson)
			e->lesson = xstrdup(en->lesson);
		e->created_at = en->created;
		e->completed_at = en->completed;
		entry_fields(sh, en->answers, e);
	}
	entry_list_free(&l);
	return 0;
}

int
report_build(struct session *s, time_t now, unsigned what, time_t text_since,
             struct report **out)
{
	struct vault *v = session_vault(s);
	struct report *r = xcalloc(1, sizeof(*r));
	struct priv *p = xcalloc(1, sizeof(*p));
	struct diags d = DIAGS_INIT;
	struct store_flag pause;
	int64_t last = 0;

	*out = NULL;
	r->now = now;
	r->priv = p;
	/* Names only: a broken instrument file costs its labels (tend
	 * check-content reports it). */
	p->inst = pack_load_instruments(&d);
	diag_free(&d);
	if (read_measures(v, r, p->inst, what | REPORT_ITEMS) < 0 ||
	    read_flags(v, r) < 0)
		goto fail;
	if (!(what & REPORT_ITEMS))
		for (size_t i = 0; i < r->nmeasures; i++)
			for (size_t k = 0; k < r->measures[i].n; k++) {
				struct report_score *sc =
				        &r->measures[i].scores[k];

				for (size_t j = 0; j < sc->nitems; j++) {
					free(sc->items[j].text);
					free(sc->items[j].answer);
				}
				free(sc->items);
				sc->items = NULL;
				sc->nitems = 0;
			}
	switch (store_pause_get(v, &pause)) {
	case 1:
		r->paused = true;
		r->paused_at = (time_t)pause.raised_at;
		snprintf(r->pause_kind, sizeof(r->pause_kind), "%s",
		         pause.kind);
		free(pause.note);
		break;
	case 0:
		break;
	default:
		goto fail;
	}
	if (guidedb_last_active(v, &last) < 0 ||
	    guidedb_active_days(v, (int64_t)now, 7, &r->active_days_7) < 0 ||
	    guidedb_active_days(v, (int64_t)now, 28, &r->active_days_28) < 0 ||
	    guidedb_entries_done_since(v, (int64_t)now - 7 * 86400,
	                               &r->entries_7) < 0)
		goto fail;
	r->last_active = (time_t)last;
	read_course(s, r, what, text_since);
	if ((what & REPORT_ENTRIES) && read_entries(s, r, text_since) < 0)
		goto fail;
	*out = r;
	return 0;
fail:
	report_free(r);
	return -1;
}

void
report_free(struct report *r)
{
	struct priv *p;

	if (!r)
		return;
	p = r->priv;
	for (size_t i = 0; i < r->nmeasures; i++) {
		struct report_measure *m = &r->measures[i];

		for (size_t k = 0; k < m->n; k++) {
			for (size_t j = 0; j < m->scores[k].nitems; j++) {
				free(m->scores[k].items[j].text);
				free(m->scores[k].items[j].answer);
			}
			free(m->scores[k].items);
			free(m->scores[k].band);
		}
		free(m->scores);
		free(m->id);
		free(m->name);
		free(m->title);
		free(m->loinc);
		free(m->loinc_total);
	}
	free(r->measures);
	for (size_t i = 0; i < r->nflags; i++) {
		free(r->flags[i].measure);
		free(r->flags[i].item);
		free(r->flags[i].answer);
	}
	free(r->flags);
	for (size_t i = 0; i < r->nlessons; i++)
		free(r->lessons[i].title);
	free(r->lessons);
	for (size_t i = 0; i < r->nprompts; i++) {
		free(r->prompts[i].lesson);
		free(r->prompts[i].question);
		secret_free(r->prompts[i].text);
	}
	free(r->prompts);
	for (size_t i = 0; i < r->nentries; i++) {
		struct report_entry *e = &r->entries[i];

		for (size_t k = 0; k < e->nfields; k++) {
			free(e->fields[k].label);
			secret_free(e->fields[k].value);
		}
		free(e->fields);
		free(e->sheet);
		free(e->lesson);
	}
	free(r->entries);
	for (size_t i = 0; i < r->nhomework; i++)
		free(r->homework[i].sheet);
	free(r->homework);
	for (size_t i = 0; i < r->nskips; i++) {
		free(r->skips[i].sheet);
		free(r->skips[i].lesson);
		secret_free(r->skips[i].reason);
	}
	free(r->skips);
	free(r->course);
	free(r->current);
	if (p) {
		inst_set_free(p->inst);
		free(p);
	}
	free(r);
}
