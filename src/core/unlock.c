/*
 * The unlock rules of core/unlock.h, and the words that explain them.
 * Time conditions are computed on local day numbers and turned back into a
 * time only at the end (clock_day_start), which is what keeps them right
 * across daylight-saving changes.
 */
#include "core/unlock.h"

#include <stdlib.h>
#include <string.h>

#include "util/clock.h"
#include "util/i18n.h"
#include "util/xalloc.h"

const struct unlock_result *
unlock_latest(const struct unlock_facts *f, const char *instrument)
{
	const struct unlock_result *best = NULL;

	for (size_t i = 0; i < f->nresults; i++) {
		const struct unlock_result *r = &f->results[i];

		if (strcmp(r->instrument, instrument) == 0 &&
		    (!best || r->at >= best->at))
			best = r;
	}
	return best;
}

bool
unlock_assess_current(const struct course *c, const char *instrument,
                      time_t ref, const struct unlock_facts *f, time_t now)
{
	int window = c->checkins.min_days_between;
	long today = clock_local_day(now);

	for (size_t i = 0; i < f->nresults; i++) {
		const struct unlock_result *r = &f->results[i];

		if (strcmp(r->instrument, instrument) != 0 || r->at > now)
			continue;
		if (window > 0 && today - clock_local_day(r->at) < window)
			return true;
		if ((window == 0 || ref == f->start) && r->at >= ref)
			return true;
	}
	return false;
}

static time_t
done_at(const struct unlock_facts *f, size_t i)
{
	return f->done_at ? f->done_at[i] : 0;
}

/* Finished entries of worksheet made from since to now. */
static int
count_entries(const struct unlock_facts *f, const char *worksheet, time_t since,
              time_t now)
{
	int n = 0;

	for (size_t e = 0; e < f->nentries; e++)
		if (f->entries[e].at >= since && f->entries[e].at <= now &&
		    strcmp(f->entries[e].worksheet, worksheet) == 0)
			n++;
	return n;
}

/* The person skipped worksheet's homework for lesson i, with a reason. */
static bool
skipped(const struct unlock_facts *f, size_t i, const char *worksheet)
{
	for (size_t k = 0; k < f->nskips; k++)
		if (f->skips[k].lesson == i &&
		    strcmp(f->skips[k].worksheet, worksheet) == 0)
			return true;
	return false;
}

void
unlock_eval(const struct course *c, size_t i, const struct unlock_facts *f,
            time_t now, struct unlock_status *st)
{
	const struct course_lesson *l = &c->lessons[i];
	const struct course_rule *r = &l->rule;
	enum unlock_choice choice = f->choice ? f->choice[i] : CHOICE_NONE;
	long opens_day = -1;

	memset(st, 0, sizeof(*st));
	st->ref = f->start;
	if (done_at(f, i)) {
		st->state = LESSON_DONE;
		st->after_ok = st->time_ok = st->homework_ok = st->assess_ok =
		        true;
		return;
	}

	st->after_ok = true;
	st->hw_since = f->start;
	for (size_t k = 0; k < r->nafter; k++) {
		time_t t = done_at(f, r->after[k]);

		if (!t) {
			st->after_ok = false;
			st->missing_after = xreallocarray(
			        st->missing_after, st->nmissing_after + 1,
			        sizeof(*st->missing_after));
			st->missing_after[st->nmissing_after++] = r->after[k];
		} else if (t > st->ref) {
			time_t o = f->opened_at ? f->opened_at[r->after[k]] : 0;

			st->ref = t;
			/* Entries made while that lesson was open count. */
			st->hw_since = o > 0 && o < t ? o : t;
		}
	}

	if (r->min_days > 0)
		opens_day = clock_local_day(st->ref) + r->min_days;
	if (r->release_day >= 0) {
		long d = clock_local_day(f->start) + r->release_day;

		if (d > opens_day)
			opens_day = d;
	}
	st->time_ok = true;
	if (opens_day >= 0) {
		st->opens_at = clock_day_start(opens_day);
		st->time_ok = now >= st->opens_at;
	}

	st->homework_ok = true;
	for (size_t k = 0; k < r->nhomework; k++) {
		const struct course_homework *h = &r->homework[k];
		bool group_ok = false;
		int have = count_entries(f, h->worksheet, st->hw_since, now);

		if (have >= h->count || skipped(f, i, h->worksheet))
			continue;
		/* One member of its group that is done is enough. */
		for (size_t m = 0; m < r->nhomework && h->group; m++) {
			const struct course_homework *o = &r->homework[m];

			if (m != k && o->group == h->group &&
			    (count_entries(f, o->worksheet, st->hw_since,
			                   now) >= o->count ||
			     skipped(f, i, o->worksheet)))
				group_ok = true;
		}
		if (group_ok)
			continue;
		st->homework_ok = false;
		st->missing_hw =
		        xreallocarray(st->missing_hw, st->nmissing_hw + 1,
		                      sizeof(*st->missing_hw));
		st->missing_hw[st->nmissing_hw].worksheet = h->worksheet;
		st->missing_hw[st->nmissing_hw].have = have;
		st->missing_hw[st->nmissing_hw].need = h->count;
		st->missing_hw[st->nmissing_hw].group = h->group;
		st->nmissing_hw++;
	}

	st->assess_ok = true;
	for (size_t k = 0; k < r->nassess_first; k++) {
		if (unlock_assess_current(c, r->assess_first[k], st->ref, f,
		                          now))
			continue;
		st->assess_ok = false;
		st->missing_assess = xreallocarray(st->missing_assess,
		                                   st->nmissing_assess + 1,
		                                   sizeof(*st->missing_assess));
		st->missing_assess[st->nmissing_assess++] = r->assess_first[k];
	}

	if (l->optional && choice != CHOICE_TAKEN)
		st->state = LESSON_HIDDEN;
	else if (st->after_ok && st->time_ok && st->homework_ok &&
	         st->assess_ok)
		st->state = LESSON_OPEN;
	else
		st->state = LESSON_LOCKED;
}

void
unlock_status_free(struct unlock_status *st)
{
	free(st->missing_after);
	free(st->missing_hw);
	free(st->missing_assess);
	st->missing_after = NULL;
	st->missing_hw = NULL;
	st->missing_assess = NULL;
	st->nmissing_after = st->nmissing_hw = st->nmissing_assess = 0;
}

void
unlock_day_words(time_t t, time_t now, struct buf *out)
{
	long diff = clock_local_day(t) - clock_local_day(now);
	struct tm tm;
	char s[64];

	localtime_r(&t, &tm);
	if (diff <= 0) {
		buf_adds(out, _("today"));
	} else if (diff == 1) {
		buf_adds(out, _("tomorrow"));
	} else if (diff < 7) {
		/* TRANSLATORS: strftime-style, %A the day of the week
		 * ("Opens on Thursday").
		 * xgettext:no-c-format */
		clock_strftime(s, sizeof(s), _("on %A"), &tm);
		buf_adds(out, s);
	} else {
		/* TRANSLATORS: strftime-style, %-d the day of the month,
		 * %B the month ("Opens on 6 December"). */
		clock_strftime(s, sizeof(s), _("on %-d %B"), &tm);
		buf_adds(out, s);
	}
}

/* Joins phrases as "a", "a and b", "a, b and c". */
static void
add_joined(struct buf *out, struct buf *parts, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			buf_adds(out, i + 1 == n ? _(" and ") : ", ");
		buf_adds(out, parts[i].data ? parts[i].data : "");
	}
}

void
unlock_explain(const struct course *c, const struct unlock_status *st,
               time_t now, struct buf *out)
{
	struct buf parts[3] = {BUF_INIT, BUF_INIT, BUF_INIT};
	size_t n = 0;

	if (st->state != LESSON_LOCKED)
		return;
	if (!st->after_ok && st->nmissing_after > 0) {
		const struct course_lesson *l =
		        &c->lessons[st->missing_after[0]];

		if (st->nmissing_after == 1)
			buf_printf(
			        out,
			        _("Opens after you complete \u201c%s\u201d."),
			        l->title);
		else
			buf_printf(out,
			           _("Opens after you complete \u201c%s\u201d "
			             "and %zu more."),
			           l->title, st->nmissing_after - 1);
		return;
	}
	if (!st->homework_ok) {
		for (size_t k = 0; k < st->nmissing_hw; k++) {
			const struct unlock_missing_hw *h = &st->missing_hw[k];
			int more = h->need - h->have;

			buf_printf(&parts[n],
			           ngettext("%d more %s entry",
			                    "%d more %s entries",
			                    (unsigned long)more),
			           more,
			           course_worksheet_title(c, h->worksheet));
			if (k + 1 < st->nmissing_hw)
				buf_adds(
				        &parts[n],
				        h->group && st->missing_hw[k + 1]
				                                        .group ==
				                                h->group
				                ? _(" or ")
				                : ", ");
		}
		n++;
	}
	if (!st->assess_ok) {
		buf_adds(&parts[n], _("a check-in ("));
		for (size_t k = 0; k < st->nmissing_assess; k++)
			buf_printf(&parts[n], "%s%s", k ? ", " : "",
			           course_instrument_name(
			                   c, st->missing_assess[k]));
		buf_adds(&parts[n], ")");
		n++;
	}
	if (!st->time_ok) {
		struct buf day = BUF_INIT;

		unlock_day_words(st->opens_at, now, &day);
		buf_printf(out, _("Opens %s"), day.data ? day.data : "");
		buf_free(&day);
		if (n > 0) {
			buf_adds(out, _(", after "));
			add_joined(out, parts, n);
		}
	} else {
		buf_adds(out, _("Opens after "));
		add_joined(out, parts, n);
	}
	buf_adds(out, ".");
	for (size_t k = 0; k < 3; k++)
		buf_free(&parts[k]);
}

static bool
rule_matches(const struct course_suggest *s, const struct unlock_result *r)
{
	switch (s->kind) {
	case SUGGEST_ITEM:
		return s->item >= 1 && (size_t)s->item <= r->nitems &&
		       r->items[s->item - 1] >= s->at_least;
	case SUGGEST_TOTAL:
		return r->total >= s->at_least;
	case SUGGEST_BAND:
		for (size_t b = 0; b < s->nbands; b++)
			if (r->band && strcmp(r->band, s->bands[b]) == 0)
				return true;
		return false;
	}
	return false;
}

int
unlock_suggest_one(const struct course *c, const struct unlock_facts *f,
                   struct unlock_suggestion *out)
{
	for (size_t i = c->ncore; i < c->nlessons; i++)
		if (f->choice && f->choice[i] == CHOICE_TAKEN && !done_at(f, i))
			return 0;
	return unlock_suggest(c, f, out, 1) > 0;
}

size_t
unlock_suggest(const struct course *c, const struct unlock_facts *f,
               struct unlock_suggestion *out, size_t max)
{
	size_t n = 0;

	for (size_t i = c->ncore; i < c->nlessons; i++) {
		const struct course_lesson *l = &c->lessons[i];

		if ((f->choice && f->choice[i] != CHOICE_NONE) || done_at(f, i))
			continue;
		for (size_t k = 0; k < l->nsuggest; k++) {
			const struct unlock_result *r =
			        unlock_latest(f, l->suggest[k].instrument);

			if (r && rule_matches(&l->suggest[k], r)) {
				if (n < max) {
					out[n].lesson = i;
					out[n].rule = &l->suggest[k];
				}
				n++;
				break;
			}
		}
	}
	return n;
}
