/*
 * A table test of the result messages (core/change.h change_report, the
 * words of app/assess.c): for every PHQ-9 and GAD-7 score history of two
 * and three scores, before and after the step-up point, and for every
 * PHQ-9 x GAD-7 pair of first and latest scores taken at one check-in,
 * the text a person reads (the change and the pause) never carries two
 * messages that contradict each other:
 *
 *   - advice to ask about stepped-up care beside a recovery, a reliable
 *     improvement or a pause (the pause gives its own advice);
 *   - "recovery" beside "not a reliable change yet", a deterioration or
 *     a pause;
 *   - a reliable improvement beside a reliable deterioration or a pause;
 *   - "not a reliable change yet" beside a reliable deterioration;
 *   - across the two results of one check-in: stepped-up care in one,
 *     recovery in the other.
 *
 * And the messages that must be there are: every reliable rise from the
 * best score so far is a deterioration with a pause (8 -> 4 -> 12 on the
 * PHQ-9 among them), reliable recovery is said when it holds, and the
 * step-up advice is given when it applies.  The rules are written here
 * from docs/clinical.md 3.3 and 4.3-4.4, not copied from the code.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app/assess.h"
#include "core/change.h"
#include "pack/instrument.h"
#include "util/buf.h"
#include "util/xalloc.h"

static struct inst_set *set;
static const struct instrument *phq, *gad;

static int
setup(void **state)
{
	struct diags d = DIAGS_INIT;

	set = pack_load_instrument_dir("data/instruments", &d);
	diag_free(&d);
	phq = inst_set_find(set, "phq9");
	gad = inst_set_find(set, "gad7");
	return phq && gad ? 0 : -1;
}

static int
teardown(void **state)
{
	inst_set_free(set);
	return 0;
}

/* The phrases each message is recognised by. */
#define STEP_UP "stepped-up care"
#define RECOVERY "recovery"
#define IMPROVED "a reliable improvement"
#define WORSE "a reliable deterioration"
#define NOT_YET "not a reliable change yet"
#define PAUSED "will wait for now"
#define WORSE_PAUSE "clearly worse than your best score"
#define SEVERE_PAUSE "in the severe range"

static bool
has(const char *text, const char *what)
{
	return strstr(text, what) != NULL;
}

/* The text one result shows: the change, then the pause if any (as
 * app/checkin.c puts them together). */
static void
result_text(const struct instrument *in, const struct instrument *pair,
            const struct change_history *h, int latest,
            const struct change_report *rep, struct buf *b)
{
	buf_reset(b);
	assess_report_text(in, pair, h, latest, rep, b);
	if (rep->pause != PAUSE_NONE) {
		struct assess_pause p = {1, rep->pause == PAUSE_DETERIORATION,
		                         "", 0};

		buf_addc(b, '\n');
		assess_pause_text(&p, in, b);
	}
}

/* The first contradiction in text, or NULL. */
static const char *
contradiction(const char *t)
{
	bool pause = has(t, PAUSED);

	if (has(t, STEP_UP) && has(t, RECOVERY))
		return "step-up beside recovery";
	if (has(t, STEP_UP) && has(t, IMPROVED))
		return "step-up beside a reliable improvement";
	if (has(t, STEP_UP) && pause)
		return "step-up beside a pause";
	if (has(t, RECOVERY) && has(t, NOT_YET))
		return "recovery beside not a reliable change yet";
	if (has(t, RECOVERY) && (has(t, WORSE) || pause))
		return "recovery beside a deterioration or pause";
	if (has(t, IMPROVED) && (has(t, WORSE) || pause))
		return "improvement beside a deterioration or pause";
	if (has(t, NOT_YET) && has(t, WORSE))
		return "not yet beside a deterioration";
	if (has(t, WORSE_PAUSE) && !has(t, WORSE))
		return "a deterioration pause without the deterioration";
	return NULL;
}

static void
fail_at(const char *what, const char *why, const char *text)
{
	fail_msg("%s: %s\n---\n%s\n---", what, why, text);
}

/*
 * Every history of one instrument: a baseline b, an optional middle
 * score m (then the best is the better of b and m), and the latest c,
 * before and after the step-up point.  Returns how many were checked.
 */
static size_t
histories(const struct instrument *in)
{
	struct buf b = BUF_INIT;
	size_t n = 0;
	char what[96];

	for (int base = in->min; base <= in->max; base++)
		for (int mid = in->min - 1; mid <= in->max; mid++)
			for (int c = in->min; c <= in->max; c++)
				for (int late = 0; late < 2; late++) {
					struct change_history h = {0};
					struct change_report r;
					const char *why;
					bool rise, pause;

					h.has_earlier = true;
					h.baseline = h.best = h.previous = base;
					if (mid >= in->min) {
						h.has_previous = true;
						h.previous = mid;
						h.best = change_better(in, base,
						                       mid);
					}
					change_report(in, &h, c, NULL, 0, 0,
					              late, &r);
					result_text(in, NULL, &h, c, &r, &b);
					if (mid >= in->min)
						snprintf(what, sizeof(what),
						         "%s %d -> %d -> %d%s",
						         in->short_name, base,
						         mid, c,
						         late ? " (late)" : "");
					else
						snprintf(what, sizeof(what),
						         "%s %d -> %d%s",
						         in->short_name, base,
						         c,
						         late ? " (late)" : "");
					why = contradiction(b.data);
					if (why)
						fail_at(what, why, b.data);
					/* A reliable rise from the best is a
					 * deterioration, and pauses. */
					rise = c - h.best >=
					       in->reliable_change;
					pause = has(b.data, PAUSED);
					if (rise && !(has(b.data, WORSE) &&
					              has(b.data, WORSE_PAUSE)))
						fail_at(what,
						        "a reliable rise from "
						        "the "
						        "best is not flagged",
						        b.data);
					if (!rise && has(b.data, WORSE_PAUSE))
						fail_at(what,
						        "a deterioration pause "
						        "without a reliable "
						        "rise",
						        b.data);
					if (pause !=
					    (rise || (change_is_severe(in, c) &&
					              !change_is_severe(
					                      in, h.previous))))
						fail_at(what,
						        "the pause does not "
						        "follow "
						        "the rule",
						        b.data);
					/* Reliable recovery (no pair) is said
					 * when it holds. */
					if (!pause && inst_is_case(in, base) &&
					    !inst_is_case(in, c) &&
					    base - c >= in->reliable_change &&
					    !has(b.data, "reliable recovery"))
						fail_at(what,
						        "reliable recovery not "
						        "said",
						        b.data);
					/* The step-up advice when it applies. */
					if (late && !pause &&
					    inst_is_case(in, base) &&
					    inst_is_case(in, c) &&
					    base - c < in->reliable_change &&
					    !has(b.data, STEP_UP))
						fail_at(what,
						        "no step-up advice "
						        "after "
						        "four weeks",
						        b.data);
					if (!late && has(b.data, STEP_UP))
						fail_at(what,
						        "step-up advice before "
						        "four weeks",
						        b.data);
					n++;
				}
	buf_free(&b);
	return n;
}

static void
test_phq9_histories(void **state)
{
	/* 28 baselines x 29 middles (none or 0..27) x 28 x 2 */
	assert_int_equal(histories(phq), 28 * 29 * 28 * 2);
}

static void
test_gad7_histories(void **state)
{
	assert_int_equal(histories(gad), 22 * 23 * 22 * 2);
}

/*
 * One check-in takes the PHQ-9 and the GAD-7: every first and latest
 * score of both, each judged with the other as its pair.  Neither
 * result contradicts itself, and the two do not contradict each other.
 */
static void
test_pairs(void **state)
{
	struct buf bp = BUF_INIT, bg = BUF_INIT;
	size_t n = 0, recoveries = 0, stepups = 0;
	char what[96];

	for (int p0 = 0; p0 <= 27; p0++)
		for (int p1 = 0; p1 <= 27; p1++)
			for (int g0 = 0; g0 <= 21; g0++)
				for (int g1 = 0; g1 <= 21; g1++)
					for (int late = 0; late < 2; late++) {
						struct change_history hp = {0},
						                      hg = {0};
						struct change_report rp, rg;
						const char *why;

						hp.has_earlier = true;
						hp.baseline = hp.best =
						        hp.previous = p0;
						hg.has_earlier = true;
						hg.baseline = hg.best =
						        hg.previous = g0;
						change_report(phq, &hp, p1, gad,
						              g0, g1, late,
						              &rp);
						change_report(gad, &hg, g1, phq,
						              p0, p1, late,
						              &rg);
						result_text(phq, gad, &hp, p1,
						            &rp, &bp);
						result_text(gad, phq, &hg, g1,
						            &rg, &bg);
						snprintf(
						        what, sizeof(what),
						        "PHQ-9 %d -> %d, GAD-7 "
						        "%d -> %d%s",
						        p0, p1, g0, g1,
						        late ? " (late)" : "");
						why = contradiction(bp.data);
						if (why)
							fail_at(what, why,
							        bp.data);
						why = contradiction(bg.data);
						if (why)
							fail_at(what, why,
							        bg.data);
						if ((has(bp.data, STEP_UP) &&
						     has(bg.data, RECOVERY)) ||
						    (has(bg.data, STEP_UP) &&
						     has(bp.data, RECOVERY)))
							fail_at(what,
							        "step-up in "
							        "one "
							        "result, "
							        "recovery "
							        "in the other",
							        bp.data);
						recoveries +=
						        has(bp.data,
						            RECOVERY) ||
						        has(bg.data, RECOVERY);
						stepups +=
						        has(bp.data, STEP_UP) ||
						        has(bg.data, STEP_UP);
						n++;
					}
	assert_int_equal(n, 28 * 28 * 22 * 22 * 2);
	/* The set is not empty of the messages it forbids together. */
	assert_true(recoveries > 0);
	assert_true(stepups > 0);
	buf_free(&bp);
	buf_free(&bg);
}

/* The case of the issue, by value: 8, then 4, then 12. */
static void
test_relapse_from_best(void **state)
{
	struct change_history h = {true, 8, 4, true, 4};
	struct change_report r;
	struct buf b = BUF_INIT;

	change_report(phq, &h, 12, NULL, 0, 0, false, &r);
	assert_int_equal(r.pause, PAUSE_DETERIORATION);
	assert_int_equal(r.kind_start, CHANGE_NO_RELIABLE);
	assert_int_equal(r.kind_best, CHANGE_DETERIORATED);
	assert_true(r.msgs & CHANGE_MSG_BEST_WORSE);
	assert_false(r.msgs & CHANGE_MSG_START_NOT_YET);
	result_text(phq, NULL, &h, 12, &r, &b);
	assert_string_equal(
	        b.data,
	        "4 points higher than when you started. 8 points higher than "
	        "last time.\n"
	        "8 points higher than your best score so far (4): a reliable "
	        "deterioration.\n"
	        "Your PHQ-9 score is clearly worse than your best score so "
	        "far. That can happen, and it is not a failure: it means this "
	        "course may not be enough on its own right now.\n"
	        "The next lesson will wait for now. Please talk to your GP or "
	        "clinic about how you have been feeling; show them your "
	        "scores if that helps.\n"
	        "If you would rather carry on anyway, you can choose to "
	        "continue.");
	/* One point less is not reliable: no flag, no pause. */
	change_report(phq, &h, 9, NULL, 0, 0, false, &r);
	assert_int_equal(r.pause, PAUSE_NONE);
	assert_false(r.msgs & CHANGE_MSG_BEST_WORSE);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_relapse_from_best),
	        cmocka_unit_test(test_phq9_histories),
	        cmocka_unit_test(test_gad7_histories),
	        cmocka_unit_test(test_pairs),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
