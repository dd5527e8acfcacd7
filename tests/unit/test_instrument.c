/*
 * Table tests of every shipped instrument, loaded from data/instruments/
 * through the real loader: every boundary of every band, caseness, the
 * lowest and highest totals, reverse-scored items, critical items; and the
 * loader's diagnostics for broken definitions (gaps and overlaps between
 * bands, a wrong declared range, duplicate keys, unreachable critical
 * thresholds, a file name that does not match the id, anchors).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/instrument.h"
#include "pack/instrument.h"
#include "util/diag.h"
#include "util/xalloc.h"

static bool
has_diag(const struct diags *d, const char *needle)
{
	for (size_t i = 0; i < d->n; i++) {
		char *s = diag_format(&d->items[i]);
		bool hit = strstr(s, needle) != NULL;

		free(s);
		if (hit)
			return true;
	}
	return false;
}

static void
dump_diags(const struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		char *s = diag_format(&d->items[i]);

		fprintf(stderr, "%s\n", s);
		free(s);
	}
}

static struct instrument *
load(const char *id)
{
	struct diags d = DIAGS_INIT;
	char *path = xasprintf("data/instruments/%s.yaml", id);
	struct instrument *in = pack_load_instrument(path, &d);

	if (!in || d.n)
		dump_diags(&d);
	assert_non_null(in);
	assert_int_equal(d.nerrors, 0);
	assert_int_equal(d.nwarnings, 0);
	diag_free(&d);
	free(path);
	return in;
}

/* What each instrument must be, from docs/clinical.md sections 1-2. */
struct band_row {
	int min, max;
	const char *id;
	bool severe;
};

struct inst_row {
	const char *id;
	size_t nitems;
	int min, max;
	int caseness; /* -1: none */
	int reliable; /* -1: none */
	int critical_item; /* 1-based, 0: none */
	int critical_at;
	struct band_row bands[6];
};

static const struct inst_row table[] = {
        {"phq9",
         9,
         0,
         27,
         10,
         6,
         9,
         1,
         {{0, 4, "minimal", false},
          {5, 9, "mild", false},
          {10, 14, "moderate", false},
          {15, 19, "moderately-severe", false},
          {20, 27, "severe", true}}},
        {"gad7",
         7,
         0,
         21,
         8,
         4,
         0,
         0,
         {{0, 4, "minimal", false},
          {5, 9, "mild", false},
          {10, 14, "moderate", false},
          {15, 21, "severe", true}}},
        {"phq2",
         2,
         0,
         6,
         3,
         -1,
         0,
         0,
         {{0, 2, "below-cutoff", false}, {3, 6, "above-cutoff", false}}},
        {"gad2",
         2,
         0,
         6,
         3,
         -1,
         0,
         0,
         {{0, 2, "below-cutoff", false}, {3, 6, "above-cutoff", false}}},
        {"pcl5", 20, 0, 80, 33, 10, 16, 2, {{0, 0, NULL, false}}},
        {"core10",
         10,
         0,
         40,
         11,
         6,
         6,
         1,
         {{0, 10, "non-clinical", false},
          {11, 14, "mild", false},
          {15, 19, "moderate", false},
          {20, 24, "moderate-severe", false},
          {25, 40, "severe", true}}},
        {"pswq", 16, 16, 80, -1, -1, 0, 0, {{0, 0, NULL, false}}},
        {"auditc",
         3,
         0,
         12,
         -1,
         -1,
         0,
         0,
         {{0, 2, "lower", false},
          {3, 3, "positive-women", false},
          {4, 12, "positive", false}}},
        {"phqpanic",
         1,
         0,
         1,
         -1,
         -1,
         0,
         0,
         {{0, 0, "none", false}, {1, 1, "attacks", false}}},
};

static size_t
nbands(const struct inst_row *r)
{
	size_t n = 0;

	while (n < 6 && r->bands[n].id)
		n++;
	return n;
}

static void
test_definitions(void **state)
{
	for (size_t k = 0; k < sizeof(table) / sizeof(table[0]); k++) {
		const struct inst_row *r = &table[k];
		struct instrument *in = load(r->id);

		assert_string_equal(in->id, r->id);
		assert_int_equal(in->nitems, r->nitems);
		assert_int_equal(in->min, r->min);
		assert_int_equal(in->max, r->max);
		assert_int_equal(in->has_caseness, r->caseness >= 0);
		if (r->caseness >= 0)
			assert_int_equal(in->caseness, r->caseness);
		assert_int_equal(in->has_reliable_change, r->reliable >= 0);
		if (r->reliable >= 0)
			assert_int_equal(in->reliable_change, r->reliable);
		assert_int_equal(in->nbands, nbands(r));
		assert_non_null(in->licence);
		assert_non_null(in->attribution);
		for (size_t i = 0; i < in->nitems; i++) {
			bool want = r->critical_item == (int)i + 1;

			assert_int_equal(in->items[i].critical, want);
			if (want)
				assert_int_equal(in->items[i].critical_at,
				                 r->critical_at);
		}
		inst_free(in);
	}
}

/* Every boundary of every band, and one step outside the range. */
static void
test_band_boundaries(void **state)
{
	for (size_t k = 0; k < sizeof(table) / sizeof(table[0]); k++) {
		const struct inst_row *r = &table[k];
		struct instrument *in = load(r->id);
		size_t nb = nbands(r);

		for (size_t b = 0; b < nb; b++) {
			const struct band_row *br = &r->bands[b];
			const struct inst_band *got;

			got = inst_band_for(in, br->min);
			assert_non_null(got);
			assert_string_equal(got->id, br->id);
			assert_int_equal(got->severe, br->severe);
			got = inst_band_for(in, br->max);
			assert_non_null(got);
			assert_string_equal(got->id, br->id);
			if (b > 0) {
				got = inst_band_for(in, br->min - 1);
				assert_string_equal(got->id,
				                    r->bands[b - 1].id);
			}
			if (b + 1 < nb) {
				got = inst_band_for(in, br->max + 1);
				assert_string_equal(got->id,
				                    r->bands[b + 1].id);
			}
		}
		assert_null(inst_band_for(in, r->min - 1));
		assert_null(inst_band_for(in, r->max + 1));
		if (nb == 0)
			assert_null(inst_band_for(in, r->min));
		inst_free(in);
	}
}

static void
test_caseness(void **state)
{
	for (size_t k = 0; k < sizeof(table) / sizeof(table[0]); k++) {
		const struct inst_row *r = &table[k];
		struct instrument *in = load(r->id);

		if (r->caseness >= 0) {
			assert_false(inst_is_case(in, r->caseness - 1));
			assert_true(inst_is_case(in, r->caseness));
			assert_true(inst_is_case(in, r->max));
			assert_false(inst_is_case(in, r->min));
		} else {
			for (int t = r->min; t <= r->max; t++)
				assert_false(inst_is_case(in, t));
		}
		inst_free(in);
	}
}

/* Lowest and highest keys everywhere give the declared range; every
 * possible key sequence stays in range (sampled by cycling keys). */
static void
test_scoring_range(void **state)
{
	for (size_t k = 0; k < sizeof(table) / sizeof(table[0]); k++) {
		const struct inst_row *r = &table[k];
		struct instrument *in = load(r->id);
		int *lo = xcalloc(in->nitems, sizeof(int));
		int *hi = xcalloc(in->nitems, sizeof(int));
		struct inst_result res;

		for (size_t i = 0; i < in->nitems; i++) {
			const struct inst_item *it = &in->items[i];

			lo[i] = hi[i] = it->opts[0].key;
			for (size_t j = 0; j < it->nopts; j++) {
				if (it->opts[j].value <
				    inst_option_by_key(it, lo[i])->value)
					lo[i] = it->opts[j].key;
				if (it->opts[j].value >
				    inst_option_by_key(it, hi[i])->value)
					hi[i] = it->opts[j].key;
			}
		}
		assert_int_equal(inst_score(in, lo, in->nitems, &res), 0);
		assert_int_equal(res.total, r->min);
		assert_int_equal(inst_score(in, hi, in->nitems, &res), 0);
		assert_int_equal(res.total, r->max);
		/* Too few answers, and a key that is not an option. */
		assert_int_equal(inst_score(in, lo, in->nitems - 1, &res), -1);
		assert_int_equal(res.bad_item, -1);
		lo[in->nitems - 1] = 9;
		assert_int_equal(inst_score(in, lo, in->nitems, &res), -1);
		assert_int_equal(res.bad_item, (int)in->nitems - 1);
		free(lo);
		free(hi);
		inst_free(in);
	}
}

static void
fill(int *keys, size_t n, int v)
{
	for (size_t i = 0; i < n; i++)
		keys[i] = v;
}

static void
test_phq9_scores(void **state)
{
	struct instrument *in = load("phq9");
	int keys[9];
	struct inst_result res;

	fill(keys, 9, 1);
	keys[8] = 0;
	assert_int_equal(inst_score(in, keys, 9, &res), 0);
	assert_int_equal(res.total, 8);
	assert_string_equal(res.band->id, "mild");
	assert_false(res.is_case);
	assert_int_equal(res.ncritical, 0);
	assert_int_equal(res.first_critical, -1);
	/* Item 9 answered "Several days": critical, whatever the total. */
	fill(keys, 9, 0);
	keys[8] = 1;
	assert_int_equal(inst_score(in, keys, 9, &res), 0);
	assert_int_equal(res.total, 1);
	assert_string_equal(res.band->id, "minimal");
	assert_int_equal(res.ncritical, 1);
	assert_int_equal(res.first_critical, 8);
	fill(keys, 9, 2);
	keys[0] = 0;
	keys[1] = 0;
	assert_int_equal(inst_score(in, keys, 9, &res), 0);
	assert_int_equal(res.total, 14);
	assert_string_equal(res.band->id, "moderate");
	assert_true(res.is_case);
	/* The extra question is not scored and has its own options. */
	assert_non_null(in->extra);
	assert_false(in->extra->scored);
	assert_string_equal(in->extra->opts[3].label, "Extremely difficult");
	assert_string_equal(in->items[8].text,
	                    "Thoughts that you would be better off dead or of "
	                    "hurting yourself in some way");
	inst_free(in);
}

static void
test_gad7_wording(void **state)
{
	struct instrument *in = load("gad7");

	/* Zorowitz 2021: "Not at all", never "Not at all sure". */
	for (size_t i = 0; i < in->nitems; i++)
		assert_string_equal(in->items[i].opts[0].label, "Not at all");
	assert_string_equal(in->recall, "the last 2 weeks");
	inst_free(in);
}

static void
test_reverse_scoring(void **state)
{
	struct instrument *pswq = load("pswq"), *core = load("core10");
	int keys[16];
	struct inst_result res;

	/* PSWQ: rating 1 everywhere; items 1, 3, 8, 10, 11 score 5. */
	fill(keys, 16, 1);
	assert_int_equal(inst_score(pswq, keys, 16, &res), 0);
	assert_int_equal(res.total, 5 * 5 + 11 * 1);
	fill(keys, 16, 5);
	assert_int_equal(inst_score(pswq, keys, 16, &res), 0);
	assert_int_equal(res.total, 5 * 1 + 11 * 5);
	/* CORE-10: items 2 and 3 show their answers in the normal order
	 * with the normal keys (0 "Not at all" .. 4 "Most or all of the
	 * time"); only their values run backwards. */
	for (size_t i = 1; i <= 2; i++)
		for (size_t j = 0; j < 5; j++) {
			assert_int_equal(core->items[i].opts[j].key, (int)j);
			assert_int_equal(core->items[i].opts[j].value,
			                 4 - (int)j);
			assert_string_equal(core->items[i].opts[j].label,
			                    core->items[0].opts[j].label);
		}
	/* "Not at all" (key 0) on every item gives 4 + 4. */
	fill(keys, 10, 0);
	assert_int_equal(inst_score(core, keys, 10, &res), 0);
	assert_int_equal(res.total, 8);
	assert_int_equal(res.ncritical, 0);
	keys[5] = 1; /* item 6, "Only occasionally" */
	assert_int_equal(inst_score(core, keys, 10, &res), 0);
	assert_int_equal(res.ncritical, 1);
	assert_int_equal(res.first_critical, 5);
	inst_free(pswq);
	inst_free(core);
}

static void
test_pcl5_critical(void **state)
{
	struct instrument *in = load("pcl5");
	int keys[20];
	struct inst_result res;

	fill(keys, 20, 0);
	keys[15] = 1;
	assert_int_equal(inst_score(in, keys, 20, &res), 0);
	assert_int_equal(res.ncritical, 0);
	keys[15] = 2;
	assert_int_equal(inst_score(in, keys, 20, &res), 0);
	assert_int_equal(res.ncritical, 1);
	assert_int_equal(res.first_critical, 15);
	assert_null(res.band);
	inst_free(in);
}

/* --- The loader on broken files ------------------------------------ */

static char tmpdir[64];

static int
setup_tmp(void **state)
{
	strcpy(tmpdir, "/tmp/tend-inst.XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int
teardown_tmp(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);
	int rc = system(cmd);

	free(cmd);
	return rc == 0 ? 0 : -1;
}

static const char good_head[] = "id: t\n"
                                "title: \"T\"\n"
                                "short: \"T\"\n"
                                "licence: \"x\"\n"
                                "attribution: \"y\"\n"
                                "options:\n"
                                "  - {value: 0, label: \"No\"}\n"
                                "  - {value: 1, label: \"Yes\"}\n"
                                "items:\n"
                                "  - text: \"a\"\n"
                                "  - text: \"b\"\n";

/* Writes body to tmpdir/name and loads it. */
static struct instrument *
load_text(const char *name, const char *body, struct diags *d)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	FILE *f = fopen(path, "w");
	struct instrument *in;

	assert_non_null(f);
	fputs(body, f);
	fclose(f);
	in = pack_load_instrument(path, d);
	free(path);
	return in;
}

static void
expect_error(const char *body, const char *needle)
{
	struct diags d = DIAGS_INIT;
	struct instrument *in = load_text("t.yaml", body, &d);

	if (in || !has_diag(&d, needle)) {
		fprintf(stderr, "wanted an error containing: %s\n", needle);
		dump_diags(&d);
	}
	assert_null(in);
	assert_true(has_diag(&d, needle));
	diag_free(&d);
}

static void
test_loader_good(void **state)
{
	struct diags d = DIAGS_INIT;
	char *body = xasprintf("%s%s", good_head,
	                       "scoring: {method: sum, items: all, min: 0, "
	                       "max: 2}\n"
	                       "bands:\n"
	                       "  - {min: 1, max: 2, id: hi, label: \"Hi\"}\n"
	                       "  - {min: 0, max: 0, id: lo, label: \"Lo\"}\n"
	                       "caseness: 2\n"
	                       "reliable_change: 1\n");
	struct instrument *in = load_text("t.yaml", body, &d);

	dump_diags(&d);
	assert_non_null(in);
	assert_int_equal(d.n, 0);
	/* Bands come back sorted. */
	assert_string_equal(in->bands[0].id, "lo");
	assert_string_equal(in->bands[1].id, "hi");
	inst_free(in);
	diag_free(&d);
	free(body);
}

static void
test_loader_errors(void **state)
{
	char *b;

	/* A gap: total 1 is in no band. */
	b = xasprintf("%s%s", good_head,
	              "scoring: {min: 0, max: 2}\n"
	              "bands:\n"
	              "  - {min: 0, max: 0, id: lo, label: \"Lo\"}\n"
	              "  - {min: 2, max: 2, id: hi, label: \"Hi\"}\n");
	expect_error(b, "t.yaml:1: error: the total 1 falls in no band");
	free(b);
	/* An overlap, reported at the band's line. */
	b = xasprintf("%s%s", good_head,
	              "scoring: {min: 0, max: 2}\n"
	              "bands:\n"
	              "  - {min: 0, max: 1, id: lo, label: \"Lo\"}\n"
	              "  - {min: 1, max: 2, id: hi, label: \"Hi\"}\n");
	expect_error(b, "the total 1 falls in 2 bands");
	free(b);
	/* A band beyond the possible totals. */
	b = xasprintf("%s%s", good_head,
	              "scoring: {min: 0, max: 2}\n"
	              "bands:\n"
	              "  - {min: 0, max: 3, id: all, label: \"All\"}\n");
	expect_error(b, "reaches outside the possible totals 0..2");
	free(b);
	/* The declared range disagrees with the options. */
	b = xasprintf("%s%s", good_head, "scoring: {min: 0, max: 3}\n");
	expect_error(b, "the items' values give 0..2");
	free(b);
	/* Caseness that can never be reached. */
	b = xasprintf("%s%s", good_head,
	              "scoring: {min: 0, max: 2}\ncaseness: 3\n");
	expect_error(b, "caseness 3 is outside");
	free(b);
	/* Reliable change larger than the range. */
	b = xasprintf("%s%s", good_head,
	              "scoring: {min: 0, max: 2}\nreliable_change: 3\n");
	expect_error(b, "reliable_change 3 must be between 1 and 2");
	free(b);
	/* Two options with one key. */
	expect_error("id: t\ntitle: T\nshort: T\nlicence: x\nattribution: y\n"
	             "items:\n"
	             "  - text: a\n"
	             "    options:\n"
	             "      - {value: 0, label: A}\n"
	             "      - {value: 1, key: 0, label: B}\n"
	             "scoring: {min: 0, max: 1}\n",
	             "t.yaml:7: error: item 1: two options have the key 0");
	/* A critical threshold no answer reaches. */
	expect_error("id: t\ntitle: T\nshort: T\nlicence: x\nattribution: y\n"
	             "options: [{value: 0, label: A}, {value: 1, label: B}]\n"
	             "items:\n"
	             "  - text: a\n"
	             "    critical: true\n"
	             "    critical_at: 2\n"
	             "scoring: {min: 0, max: 1}\n",
	             "t.yaml:8: error: item 1: critical_at 2 can never be");
	/* No options anywhere. */
	expect_error("id: t\ntitle: T\nshort: T\nlicence: x\nattribution: y\n"
	             "items:\n  - text: a\nscoring: {min: 0, max: 1}\n",
	             "has no 'options'");
	/* A missing required key. */
	expect_error("id: t\ntitle: T\nshort: T\nattribution: y\n"
	             "options: [{value: 0, label: A}]\n"
	             "items:\n  - text: a\nscoring: {min: 0, max: 0}\n",
	             "licence");
	/* Anchors are refused (alias bombs). */
	expect_error("id: t\ntitle: T\nshort: T\nlicence: x\nattribution: y\n"
	             "options: &o [{value: 0, label: A}]\n"
	             "items:\n  - {text: a, options: *o}\n"
	             "scoring: {min: 0, max: 0}\n",
	             "t.yaml");
	/* An unknown scoring method. */
	b = xasprintf("%s%s", good_head,
	              "scoring: {method: mean, min: 0, "
	              "max: 2}\n");
	expect_error(b, "method");
	free(b);
}

static void
test_loader_id_and_text(void **state)
{
	struct diags d = DIAGS_INIT;
	struct instrument *in;
	char *b = xasprintf("%s%s", good_head, "scoring: {min: 0, max: 2}\n");

	/* The file name must match the id. */
	in = load_text("other.yaml", b, &d);
	assert_null(in);
	assert_true(has_diag(&d, "must match the file name 'other.yaml'"));
	diag_free(&d);
	free(b);
	/* Escape sequences in text are removed, with a warning. */
	in = load_text("t.yaml",
	               "id: t\ntitle: \"T\\e]52;c;aGk=\\aX\"\nshort: T\n"
	               "licence: x\nattribution: y\n"
	               "options: [{value: 0, label: \"A\\e[2J\"}]\n"
	               "items:\n  - text: a\nscoring: {min: 0, max: 0}\n",
	               &d);
	assert_non_null(in);
	assert_string_equal(in->title, "TX");
	assert_string_equal(in->items[0].opts[0].label, "A");
	assert_true(has_diag(&d, "warning: control characters removed"));
	inst_free(in);
	diag_free(&d);
}

/* The text of the advice for total ("" when none). */
static const char *
advice(const struct instrument *in, int total)
{
	const struct inst_advice *a = inst_advice_for(in, total);

	return a ? a->text : "";
}

/* The safety point comes before anything about cutting down. */
static void
warning_first(const char *text)
{
	const char *warn = strstr(text, "do not stop all at once");
	const char *cut = strstr(text, "cut down");

	assert_non_null(warn);
	assert_non_null(cut);
	assert_true(warn < cut);
	assert_non_null(strstr(text, "can be dangerous"));
}

/*
 * The AUDIT-C for the person's country: the US wording and cut-offs
 * (drinks; 3 for women, 4 for men) everywhere, the UK form (units;
 * 5 or more) for GB.  Every score is interpreted (9 names its band and
 * a next step), with the withdrawal warning first.
 */
static void
test_auditc_countries(void **state)
{
	struct instrument *in = load("auditc");
	const struct instrument *gb = inst_for_country(in, "GB");
	const struct instrument *us = inst_for_country(in, "US");
	int keys[3] = {3, 3, 3}; /* 9 */
	struct inst_result res;

	assert_int_equal(in->nvariants, 1);
	assert_ptr_not_equal(gb, in);
	assert_ptr_equal(inst_for_country(in, "gb"), gb);
	assert_ptr_equal(us, in);
	assert_ptr_equal(inst_for_country(in, NULL), in);
	assert_ptr_equal(inst_for_country(in, "DE"), in);
	/* Wording: drinks against units. */
	assert_non_null(strstr(in->window, "“drink”"));
	assert_non_null(strstr(in->items[1].text, "How many drinks"));
	assert_non_null(strstr(gb->window, "One unit is 10 ml"));
	assert_non_null(strstr(gb->items[1].text, "How many units"));
	assert_non_null(strstr(gb->items[2].text, "6 or more units if female, "
	                                          "or 8 or more if male"));
	assert_string_equal(gb->id, "auditc");
	assert_string_equal(gb->items[1].opts[4].label, "10+");
	/* Thresholds. */
	assert_string_equal(inst_band_for(gb, 4)->id, "lower");
	assert_string_equal(inst_band_for(gb, 5)->id, "positive");
	assert_string_equal(inst_band_for(in, 2)->id, "lower");
	assert_string_equal(inst_band_for(in, 3)->id, "positive-women");
	assert_string_equal(inst_band_for(in, 4)->id, "positive");
	assert_string_equal(advice(gb, 4), "");
	assert_string_equal(advice(in, 2), "");
	/* 9: band and advice on both, warning first. */
	assert_int_equal(inst_score(gb, keys, 3, &res), 0);
	assert_int_equal(res.total, 9);
	assert_string_equal(res.band->id, "positive");
	warning_first(advice(gb, 9));
	assert_non_null(strstr(advice(gb, 9), "talk with your GP"));
	assert_non_null(strstr(advice(gb, 5), "5 or more"));
	assert_int_equal(inst_score(in, keys, 3, &res), 0);
	assert_string_equal(res.band->id, "positive");
	warning_first(advice(in, 9));
	warning_first(advice(in, 3));
	assert_non_null(strstr(advice(in, 3), "3 or more for women"));
	inst_free(in);
}

/* PCL-5 of 33 or more and PSWQ of 65 or more: a next step. */
static void
test_next_steps(void **state)
{
	struct instrument *pcl = load("pcl5"), *pswq = load("pswq");
	struct instrument *panic = load("phqpanic");

	assert_string_equal(advice(pcl, 32), "");
	assert_non_null(strstr(advice(pcl, 33), "trauma-focused treatment"));
	assert_non_null(strstr(advice(pcl, 80), "trauma-focused treatment"));
	assert_null(strstr(advice(pswq, 64), "worry-focused"));
	assert_non_null(strstr(advice(pswq, 16), "as a habit"));
	assert_non_null(strstr(advice(pswq, 65), "worry-focused treatment"));
	assert_non_null(strstr(advice(pswq, 80), "worry-focused treatment"));
	/* The panic question: a screening answer, not a total. */
	assert_true(panic->hide_total);
	assert_string_equal(advice(panic, 0), "");
	assert_non_null(strstr(advice(panic, 1), "Panic and body sensations"));
	inst_free(pcl);
	inst_free(pswq);
	inst_free(panic);
}

/* The loader's checks of advice, show_total and variants. */
static void
test_loader_variants(void **state)
{
	struct diags d = DIAGS_INIT;
	struct instrument *in;
	char *b;

	b = xasprintf("%s%s", good_head,
	              "scoring: {min: 0, max: 2}\n"
	              "advice:\n"
	              "  - {min: 0, max: 1, text: \"low\"}\n"
	              "  - {min: 1, max: 2, text: \"high\"}\n");
	expect_error(b, "advice for 1..2 overlaps the advice for 0..1");
	free(b);
	b = xasprintf("%s%s", good_head,
	              "scoring: {min: 0, max: 2}\n"
	              "advice:\n"
	              "  - {min: 2, max: 3, text: \"x\"}\n");
	expect_error(b, "advice for 2..3 lies outside the possible totals");
	free(b);
	b = xasprintf("%s%s", good_head,
	              "scoring: {min: 0, max: 2}\nshow_total: false\n");
	expect_error(b, "'show_total: false' needs bands");
	free(b);
	b = xasprintf("%s%s", good_head,
	              "scoring: {min: 0, max: 2}\n"
	              "variants:\n"
	              "  - {title: \"U\"}\n");
	expect_error(b, "countries");
	free(b);
	b = xasprintf("%s%s", good_head,
	              "scoring: {min: 0, max: 2}\n"
	              "variants:\n"
	              "  - {countries: [GBR], title: \"U\"}\n");
	expect_error(b, "'GBR' is not a country code");
	free(b);
	/* A variant is checked as a whole definition: its items must fit
	 * the declared range. */
	b = xasprintf("%s%s", good_head,
	              "scoring: {min: 0, max: 2}\n"
	              "variants:\n"
	              "  - countries: [NZ]\n"
	              "    items:\n"
	              "      - text: \"only one\"\n");
	expect_error(b, "the items' values give 0..1");
	free(b);
	/* A good one: keys it does not set come from the base. */
	b = xasprintf("%s%s", good_head,
	              "scoring: {min: 0, max: 2}\n"
	              "window: \"base\"\n"
	              "variants:\n"
	              "  - countries: [nz, AU]\n"
	              "    window: \"variant\"\n"
	              "    caseness: 1\n"
	              "    advice: [{min: 1, max: 2, text: \"go\"}]\n"
	              "  - countries: [AU]\n"
	              "    window: \"second\"\n");
	in = load_text("t.yaml", b, &d);
	assert_non_null(in);
	assert_true(has_diag(&d, "AU is listed in an earlier variant"));
	assert_int_equal(in->nvariants, 2);
	assert_string_equal(inst_for_country(in, "NZ")->window, "variant");
	assert_string_equal(inst_for_country(in, "AU")->window, "variant");
	assert_string_equal(inst_for_country(in, "NZ")->title, "T");
	assert_true(inst_for_country(in, "NZ")->has_caseness);
	assert_false(in->has_caseness);
	assert_string_equal(advice(inst_for_country(in, "NZ"), 2), "go");
	assert_string_equal(inst_for_country(in, "IE")->window, "base");
	inst_free(in);
	diag_free(&d);
	free(b);
}

static void
test_dir_loader(void **state)
{
	struct diags d = DIAGS_INIT;
	struct inst_set *s = pack_load_instrument_dir("data/instruments", &d);

	dump_diags(&d);
	assert_int_equal(d.n, 0);
	assert_int_equal(inst_set_count(s), 9);
	assert_non_null(inst_set_find(s, "phq9"));
	assert_non_null(inst_set_find(s, "auditc"));
	assert_null(inst_set_find(s, "wemwbs"));
	/* Sorted by file name. */
	assert_string_equal(inst_set_at(s, 0)->id, "auditc");
	inst_set_free(s);
	s = pack_load_instrument_dir("/nonexistent/instruments", &d);
	assert_int_equal(inst_set_count(s), 0);
	assert_true(has_diag(&d, "cannot read the instruments folder"));
	inst_set_free(s);
	diag_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_definitions),
	        cmocka_unit_test(test_band_boundaries),
	        cmocka_unit_test(test_caseness),
	        cmocka_unit_test(test_scoring_range),
	        cmocka_unit_test(test_phq9_scores),
	        cmocka_unit_test(test_gad7_wording),
	        cmocka_unit_test(test_reverse_scoring),
	        cmocka_unit_test(test_pcl5_critical),
	        cmocka_unit_test(test_loader_good),
	        cmocka_unit_test(test_loader_errors),
	        cmocka_unit_test(test_loader_id_and_text),
	        cmocka_unit_test(test_dir_loader),
	        cmocka_unit_test(test_auditc_countries),
	        cmocka_unit_test(test_next_steps),
	        cmocka_unit_test(test_loader_variants),
	};

	return cmocka_run_group_tests(tests, setup_tmp, teardown_tmp);
}
