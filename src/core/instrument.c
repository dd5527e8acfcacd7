/*
 * Instrument definitions: validation and scoring.  Pure functions of the
 * definition and the answers; every threshold comes from the definition.
 */
#include "core/instrument.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "util/i18n.h"
#include "util/xalloc.h"

struct instrument *
inst_new(void)
{
	return xcalloc(1, sizeof(struct instrument));
}

static void
item_free(struct inst_item *it)
{
	if (!it)
		return;
	free(it->text);
	free(it->loinc);
	for (size_t j = 0; j < it->nopts; j++)
		free(it->opts[j].label);
	free(it->opts);
}

void
inst_free(struct instrument *in)
{
	if (!in)
		return;
	free(in->id);
	free(in->title);
	free(in->short_name);
	free(in->measures);
	free(in->loinc);
	free(in->loinc_total);
	free(in->recall);
	free(in->window);
	free(in->instructions);
	free(in->licence);
	free(in->attribution);
	free(in->paired_with);
	free(in->file);
	for (size_t i = 0; i < in->nitems; i++)
		item_free(&in->items[i]);
	free(in->items);
	item_free(in->extra);
	free(in->extra);
	for (size_t i = 0; i < in->nbands; i++) {
		free(in->bands[i].id);
		free(in->bands[i].label);
	}
	free(in->bands);
	for (size_t i = 0; i < in->nadvice; i++)
		free(in->advice[i].text);
	free(in->advice);
	for (size_t i = 0; i < in->nvariants; i++) {
		for (size_t k = 0; k < in->variants[i].ncountries; k++)
			free(in->variants[i].countries[k]);
		free(in->variants[i].countries);
		inst_free(in->variants[i].in);
	}
	free(in->variants);
	free(in);
}

const struct instrument *
inst_for_country(const struct instrument *in, const char *country)
{
	if (!country || strlen(country) != 2)
		return in;
	for (size_t i = 0; i < in->nvariants; i++)
		for (size_t k = 0; k < in->variants[i].ncountries; k++)
			if (strcasecmp(in->variants[i].countries[k], country) ==
			    0)
				return in->variants[i].in;
	return in;
}

const struct inst_advice *
inst_advice_for(const struct instrument *in, int total)
{
	for (size_t i = 0; i < in->nadvice; i++)
		if (total >= in->advice[i].min && total <= in->advice[i].max)
			return &in->advice[i];
	return NULL;
}

const struct inst_option *
inst_option_by_key(const struct inst_item *item, int key)
{
	for (size_t j = 0; j < item->nopts; j++)
		if (item->opts[j].key == key)
			return &item->opts[j];
	return NULL;
}

const struct inst_band *
inst_band_for(const struct instrument *in, int total)
{
	for (size_t i = 0; i < in->nbands; i++)
		if (total >= in->bands[i].min && total <= in->bands[i].max)
			return &in->bands[i];
	return NULL;
}

bool
inst_is_case(const struct instrument *in, int total)
{
	return in->has_caseness && total >= in->caseness;
}

bool
inst_item_is_critical(const struct inst_item *item, int value)
{
	return item->critical && value >= item->critical_at;
}

/* Lowest and highest value an item can add. */
static void
item_range(const struct inst_item *it, int *lo, int *hi)
{
	*lo = *hi = it->nopts ? it->opts[0].value : 0;
	for (size_t j = 1; j < it->nopts; j++) {
		if (it->opts[j].value < *lo)
			*lo = it->opts[j].value;
		if (it->opts[j].value > *hi)
			*hi = it->opts[j].value;
	}
}

struct checker {
	void (*report)(void *arg, int line, const char *msg);
	void *arg;
	size_t n;
};

static void problem(struct checker *c, int line, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static void
problem(struct checker *c, int line, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (c->report)
		c->report(c->arg, line, b.data);
	buf_free(&b);
	c->n++;
}

static void
check_item(struct checker *c, const struct inst_item *it, const char *what,
           int fallback_line)
{
	int line = it->line ? it->line : fallback_line;

	if (!it->text || !*it->text)
		problem(c, line, _("%s has no text"), what);
	if (it->nopts == 0) {
		problem(c, line, _("%s has no options"), what);
		return;
	}
	if (it->nopts > INST_MAX_OPTIONS)
		problem(c, line,
		        _("%s has %zu options; at most %d are allowed"), what,
		        it->nopts, INST_MAX_OPTIONS);
	for (size_t j = 0; j < it->nopts; j++) {
		int k = it->opts[j].key;

		if (k < 0 || k > 9)
			problem(c, line,
			        _("%s: option key %d is not a single digit "
			          "(0-9), so no number key can choose it"),
			        what, k);
		for (size_t m = 0; m < j; m++)
			if (it->opts[m].key == k)
				problem(c, line,
				        _("%s: two options have the key %d"),
				        what, k);
	}
	if (it->critical) {
		int lo, hi;

		item_range(it, &lo, &hi);
		if (it->critical_at > hi || it->critical_at <= lo)
			problem(c, line,
			        _("%s: critical_at %d can never be reached or "
			          "is "
			          "always reached (values %d..%d)"),
			        what, it->critical_at, lo, hi);
	}
}

size_t
inst_validate(const struct instrument *in,
              void (*report)(void *arg, int line, const char *msg), void *arg)
{
	struct checker c = {report, arg, 0};
	long lo = 0, hi = 0;
	size_t nscored = 0;

	if (in->nitems == 0)
		problem(&c, in->line, _("the instrument has no items"));
	if (in->nitems > INST_MAX_ITEMS)
		problem(&c, in->line, _("%zu items; at most %d are allowed"),
		        in->nitems, INST_MAX_ITEMS);
	for (size_t i = 0; i < in->nitems; i++) {
		const struct inst_item *it = &in->items[i];
		char what[32];
		int l, h;

		snprintf(what, sizeof(what), "item %zu", i + 1);
		check_item(&c, it, what, in->line);
		if (!it->scored || it->nopts == 0)
			continue;
		nscored++;
		item_range(it, &l, &h);
		lo += l;
		hi += h;
	}
	if (in->extra) {
		check_item(&c, in->extra, _("the extra question"), in->line);
		if (in->extra->critical)
			problem(&c, in->extra->line,
			        _("the extra question is unscored and cannot "
			          "be "
			          "critical"));
	}
	if (in->nitems && nscored == 0)
		problem(&c, in->line, _("no item counts toward the total"));
	if (c.n)
		return c.n; /* the ranges below would be meaningless */
	if (in->min != lo || in->max != hi)
		problem(&c, in->line,
		        _("scoring says totals run %d..%d, but the items' "
		          "values "
		          "give %ld..%ld"),
		        in->min, in->max, lo, hi);
	/* Every possible total in exactly one band. */
	if (in->nbands) {
		for (size_t i = 0; i < in->nbands; i++) {
			const struct inst_band *b = &in->bands[i];
			int line = b->line ? b->line : in->line;

			if (b->min > b->max)
				problem(&c, line, _("band '%s' runs %d..%d"),
				        b->id ? b->id : "?", b->min, b->max);
			for (size_t j = 0; j < i; j++)
				if (b->id && in->bands[j].id &&
				    strcmp(b->id, in->bands[j].id) == 0)
					problem(&c, line,
					        _("two bands have the id '%s'"),
					        b->id);
		}
		for (long t = lo; t <= hi; t++) {
			size_t hits = 0;
			int line = in->line;

			for (size_t i = 0; i < in->nbands; i++)
				if (t >= in->bands[i].min &&
				    t <= in->bands[i].max) {
					hits++;
					line = in->bands[i].line
					               ? in->bands[i].line
					               : line;
				}
			if (hits == 0)
				problem(&c, in->line,
				        _("the total %ld falls in no band"), t);
			else if (hits > 1)
				problem(&c, line,
				        _("the total %ld falls in %zu bands"),
				        t, hits);
		}
		for (size_t i = 0; i < in->nbands; i++) {
			const struct inst_band *b = &in->bands[i];

			if (b->min < lo || b->max > hi)
				problem(&c, b->line ? b->line : in->line,
				        _("band '%s' (%d..%d) reaches outside "
				          "the "
				          "possible totals %ld..%ld"),
				        b->id ? b->id : "?", b->min, b->max, lo,
				        hi);
		}
	}
	if (in->has_caseness && (in->caseness <= lo || in->caseness > hi))
		problem(&c, in->line,
		        _("caseness %d is outside the possible totals %ld..%ld "
		          "(or is always reached)"),
		        in->caseness, lo, hi);
	if (in->has_reliable_change &&
	    (in->reliable_change < 1 || in->reliable_change > hi - lo))
		problem(&c, in->line,
		        _("reliable_change %d must be between 1 and %ld"),
		        in->reliable_change, hi - lo);
	for (size_t i = 0; i < in->nadvice; i++) {
		const struct inst_advice *a = &in->advice[i];
		int line = a->line ? a->line : in->line;

		if (a->min > a->max || a->min < lo || a->max > hi)
			problem(&c, line,
			        _("advice for %d..%d lies outside the possible "
			          "totals %ld..%ld"),
			        a->min, a->max, lo, hi);
		if (!a->text || !*a->text)
			problem(&c, line, _("advice for %d..%d has no text"),
			        a->min, a->max);
		for (size_t j = 0; j < i; j++)
			if (a->min <= in->advice[j].max &&
			    in->advice[j].min <= a->max)
				problem(&c, line,
				        _("advice for %d..%d overlaps the "
				          "advice "
				          "for %d..%d"),
				        a->min, a->max, in->advice[j].min,
				        in->advice[j].max);
	}
	if (in->hide_total && in->nbands == 0)
		problem(&c, in->line,
		        _("'show_total: false' needs bands: the result names "
		          "the band instead of the total"));
	return c.n;
}

int
inst_score(const struct instrument *in, const int *keys, size_t n,
           struct inst_result *res)
{
	int total = 0;

	res->total = 0;
	res->band = NULL;
	res->is_case = false;
	res->ncritical = 0;
	res->first_critical = -1;
	res->bad_item = -1;
	if (n != in->nitems)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct inst_item *it = &in->items[i];
		const struct inst_option *o = inst_option_by_key(it, keys[i]);

		if (!o) {
			res->bad_item = (int)i;
			return -1;
		}
		if (it->scored)
			total += o->value;
		if (inst_item_is_critical(it, o->value)) {
			if (res->ncritical++ == 0)
				res->first_critical = (int)i;
		}
	}
	res->total = total;
	res->band = inst_band_for(in, total);
	res->is_case = inst_is_case(in, total);
	return 0;
}
