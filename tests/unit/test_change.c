/*
 * Table tests of the change metrics on the shipped PHQ-9, GAD-7 and PCL-5
 * definitions: reliable improvement and deterioration in both directions at
 * the threshold and one point short of it, recovery and reliable recovery
 * for single measures and for PHQ-9 + GAD-7 pairs (NHS Talking Therapies),
 * instruments without thresholds, a higher-is-better scale, and the pause
 * rule (deterioration from baseline; entering the severe band).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/change.h"
#include "pack/instrument.h"
#include "util/xalloc.h"

static struct instrument *
load(const char *id)
{
	struct diags d = DIAGS_INIT;
	char *path = xasprintf("data/instruments/%s.yaml", id);
	struct instrument *in = pack_load_instrument(path, &d);

	assert_non_null(in);
	diag_free(&d);
	free(path);
	return in;
}

struct single_row {
	const char *id;
	int first, latest;
	enum change_kind kind;
	bool case0, recovered, reliably;
};

static const struct single_row singles[] = {
        /* PHQ-9: reliable change 6, caseness 10. */
        {"phq9", 15, 9, CHANGE_IMPROVED, true, true, true},
        {"phq9", 15, 10, CHANGE_NO_RELIABLE, true, false, false},
        {"phq9", 14, 9, CHANGE_NO_RELIABLE, true, true, false},
        {"phq9", 10, 9, CHANGE_NO_RELIABLE, true, true, false},
        {"phq9", 9, 3, CHANGE_IMPROVED, false, false, false},
        {"phq9", 10, 16, CHANGE_DETERIORATED, true, false, false},
        {"phq9", 10, 15, CHANGE_NO_RELIABLE, true, false, false},
        {"phq9", 0, 6, CHANGE_DETERIORATED, false, false, false},
        {"phq9", 27, 0, CHANGE_IMPROVED, true, true, true},
        {"phq9", 12, 12, CHANGE_NO_RELIABLE, true, false, false},
        /* GAD-7: reliable change 4, caseness 8. */
        {"gad7", 12, 8, CHANGE_IMPROVED, true, false, false},
        {"gad7", 12, 7, CHANGE_IMPROVED, true, true, true},
        {"gad7", 11, 8, CHANGE_NO_RELIABLE, true, false, false},
        {"gad7", 8, 7, CHANGE_NO_RELIABLE, true, true, false},
        {"gad7", 7, 11, CHANGE_DETERIORATED, false, false, false},
        {"gad7", 7, 10, CHANGE_NO_RELIABLE, false, false, false},
        /* PCL-5: reliable change 10, cut point 33. */
        {"pcl5", 40, 30, CHANGE_IMPROVED, true, true, true},
        {"pcl5", 40, 31, CHANGE_NO_RELIABLE, true, true, false},
        {"pcl5", 20, 30, CHANGE_DETERIORATED, false, false, false},
        /* CORE-10: reliable change 6, cut-off 11 (Barkham et al. 2013). */
        {"core10", 30, 5, CHANGE_IMPROVED, true, true, true},
        {"core10", 16, 10, CHANGE_IMPROVED, true, true, true},
        {"core10", 15, 10, CHANGE_NO_RELIABLE, true, true, false},
        {"core10", 5, 11, CHANGE_DETERIORATED, false, false, false},
        /* No thresholds: change is not rated, never "recovered". */
        {"pswq", 70, 20, CHANGE_NOT_RATED, false, false, false},
        {"phq2", 6, 0, CHANGE_NOT_RATED, true, true, false},
};

static void
test_single(void **state)
{
	for (size_t i = 0; i < sizeof(singles) / sizeof(singles[0]); i++) {
		const struct single_row *r = &singles[i];
		struct instrument *in = load(r->id);
		struct change_single c;

		change_single(in, r->first, r->latest, &c);
		if (c.kind != r->kind || c.case_at_start != r->case0 ||
		    c.recovered != r->recovered ||
		    c.reliably_recovered != r->reliably)
			fprintf(stderr, "row %zu: %s %d -> %d\n", i, r->id,
			        r->first, r->latest);
		assert_int_equal(c.gain, r->first - r->latest);
		assert_int_equal(c.kind, r->kind);
		assert_int_equal(c.case_at_start, r->case0);
		assert_int_equal(c.recovered, r->recovered);
		assert_int_equal(c.reliably_recovered, r->reliably);
		inst_free(in);
	}
}

struct pair_row {
	int p0, p1, g0, g1;
	enum change_kind kind;
	bool case0, recovered, reliably;
};

static const struct pair_row pairs[] = {
        /* Both reliably better, both below cut-off: reliably recovered. */
        {16, 6, 12, 5, CHANGE_IMPROVED, true, true, true},
        /* PHQ-9 reliably better, GAD-7 unchanged below cut-off. */
        {14, 8, 6, 6, CHANGE_IMPROVED, true, true, true},
        /* Below cut-off on both but no reliable change: recovered only. */
        {11, 9, 8, 7, CHANGE_NO_RELIABLE, true, true, false},
        /* Reliably better but still a case on GAD-7: not recovered. */
        {16, 6, 12, 9, CHANGE_IMPROVED, true, false, false},
        /* One better, the other reliably worse: no reliable change, so
         * below cut-off on both is recovery but not reliable recovery. */
        {16, 6, 3, 7, CHANGE_NO_RELIABLE, true, true, false},
        {16, 6, 5, 9, CHANGE_NO_RELIABLE, true, false, false},
        /* Worse on one, no change on the other: reliable deterioration. */
        {8, 14, 5, 5, CHANGE_DETERIORATED, false, false, false},
        {5, 5, 4, 8, CHANGE_DETERIORATED, false, false, false},
        /* Not a case at the start: never "recovered". */
        {9, 2, 7, 2, CHANGE_IMPROVED, false, false, false},
        /* A case on GAD-7 only at the start counts. */
        {4, 3, 9, 4, CHANGE_IMPROVED, true, true, true},
        /* Exactly at the thresholds. */
        {10, 4, 8, 4, CHANGE_IMPROVED, true, true, true},
        {10, 5, 8, 5, CHANGE_NO_RELIABLE, true, true, false},
};

static void
test_paired(void **state)
{
	struct instrument *phq = load("phq9"), *gad = load("gad7");

	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		const struct pair_row *r = &pairs[i];
		struct change_pair c;
		bool want_recovered = r->recovered;

		assert_int_equal(
		        change_paired(phq, r->p0, r->p1, gad, r->g0, r->g1, &c),
		        0);
		if (c.kind != r->kind || c.case_at_start != r->case0 ||
		    c.recovered != want_recovered ||
		    c.reliably_recovered != r->reliably)
			fprintf(stderr, "pair row %zu\n", i);
		assert_int_equal(c.kind, r->kind);
		assert_int_equal(c.case_at_start, r->case0);
		assert_int_equal(c.recovered, want_recovered);
		assert_int_equal(c.reliably_recovered, r->reliably);
	}
	inst_free(phq);
	inst_free(gad);
}

static void
test_paired_needs_thresholds(void **state)
{
	struct instrument *phq = load("phq9"), *core = load("pswq");
	struct change_pair c = {CHANGE_IMPROVED, true, true, true, true};

	assert_int_equal(change_paired(phq, 20, 5, core, 70, 30, &c), -1);
	assert_int_equal(c.kind, CHANGE_IMPROVED); /* untouched */
	inst_free(phq);
	inst_free(core);
}

static void
test_higher_better(void **state)
{
	struct instrument in;

	memset(&in, 0, sizeof(in));
	in.direction = INST_HIGHER_BETTER;
	in.has_reliable_change = true;
	in.reliable_change = 3;
	in.has_caseness = false;
	assert_int_equal(change_gain(&in, 40, 45), 5);
	assert_int_equal(change_classify(&in, 40, 43), CHANGE_IMPROVED);
	assert_int_equal(change_classify(&in, 40, 42), CHANGE_NO_RELIABLE);
	assert_int_equal(change_classify(&in, 40, 37), CHANGE_DETERIORATED);
	assert_int_equal(change_classify(&in, 40, 38), CHANGE_NO_RELIABLE);
}

struct pause_row {
	const char *id;
	bool hb;
	int base;
	bool hp;
	int prev, latest;
	enum change_pause want;
};

static const struct pause_row pauses[] = {
        {"phq9", true, 8, true, 10, 14, PAUSE_DETERIORATION},
        {"phq9", true, 8, true, 10, 13, PAUSE_NONE},
        /* Worse than last time but not than the baseline: a reliable
         * rise from the best score (4) is a relapse. */
        {"phq9", true, 12, true, 4, 12, PAUSE_DETERIORATION},
        {"phq9", true, 12, true, 4, 9, PAUSE_NONE},
        /* Into the severe band from below it. */
        {"phq9", true, 16, true, 19, 20, PAUSE_SEVERE},
        /* Staying in the severe band is not entering it again. */
        {"phq9", true, 22, true, 21, 20, PAUSE_NONE},
        /* A first score in the severe band. */
        {"phq9", false, 0, false, 0, 21, PAUSE_SEVERE},
        {"phq9", false, 0, false, 0, 19, PAUSE_NONE},
        /* Deterioration takes precedence. */
        {"phq9", true, 10, true, 12, 21, PAUSE_DETERIORATION},
        {"gad7", true, 5, true, 5, 9, PAUSE_DETERIORATION},
        {"gad7", true, 5, true, 6, 8, PAUSE_NONE},
        {"gad7", true, 12, true, 14, 15, PAUSE_SEVERE},
        /* No thresholds, no severe band: never paused. */
        {"pswq", true, 16, true, 16, 80, PAUSE_NONE},
        /* CORE-10: 6 above the best, or into 25-40. */
        {"core10", true, 10, true, 4, 10, PAUSE_DETERIORATION},
        {"core10", true, 20, true, 24, 25, PAUSE_SEVERE},
        {"pcl5", true, 10, true, 15, 20, PAUSE_DETERIORATION},
        {"pcl5", true, 10, true, 15, 19, PAUSE_NONE},
};

static void
test_pause(void **state)
{
	for (size_t i = 0; i < sizeof(pauses) / sizeof(pauses[0]); i++) {
		const struct pause_row *r = &pauses[i];
		struct instrument *in = load(r->id);
		/* The best earlier score of baseline and previous. */
		int best =
		        r->hp ? change_better(in, r->base, r->prev) : r->base;
		enum change_pause got = change_pause_for(in, r->hb, best, r->hp,
		                                         r->prev, r->latest);

		if (got != r->want)
			fprintf(stderr, "pause row %zu\n", i);
		assert_int_equal(got, r->want);
		inst_free(in);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_single),
	        cmocka_unit_test(test_paired),
	        cmocka_unit_test(test_paired_needs_thresholds),
	        cmocka_unit_test(test_higher_better),
	        cmocka_unit_test(test_pause),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
