/*
 * Change metrics over an instrument's scores, judged the way NHS Talking
 * Therapies judges them (docs/clinical.md 3.1): reliable improvement and
 * reliable deterioration against a threshold in points, caseness, recovery
 * (at caseness before, below it after) and reliable recovery (recovered and
 * reliably improved); for the PHQ-9 + GAD-7 pair, the paired rules
 * (docs/clinical.md 3).  And the pause rule and the set of messages a
 * result carries (docs/clinical.md 3.3, 4.3).  Every threshold comes from
 * the instrument definition; pure functions, no allocation.
 */
#ifndef TEND_CORE_CHANGE_H
#define TEND_CORE_CHANGE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/instrument.h"

enum change_kind {
	CHANGE_NOT_RATED, /* the instrument has no reliable-change threshold */
	CHANGE_NO_RELIABLE, /* smaller than the threshold either way */
	CHANGE_IMPROVED, /* reliable improvement */
	CHANGE_DETERIORATED, /* reliable deterioration */
};

/*
 * Points of improvement from `from` to `to`: positive when better, whatever
 * the instrument's direction (for a lower-better scale, from - to).
 */
int change_gain(const struct instrument *in, int from, int to);

/* Reliable improvement, reliable deterioration or neither (or not rated). */
enum change_kind change_classify(const struct instrument *in, int from, int to);

/* One measure, first against latest. */
struct change_single {
	int gain; /* change_gain(first, latest) */
	enum change_kind kind;
	bool case_at_start; /* recovery applies only then */
	bool case_now;
	bool recovered; /* case at start, not now */
	bool reliably_recovered; /* recovered and reliably improved */
};
void change_single(const struct instrument *in, int first, int latest,
                   struct change_single *out);

/*
 * A pair of measures (PHQ-9 with GAD-7), the NHS Talking Therapies way:
 * reliable improvement when at least one improved reliably and neither
 * deteriorated reliably; reliable deterioration the other way round; a
 * case at the start when above the cut-off on either; recovered when a
 * case at the start and below the cut-off on both now; reliably recovered
 * when recovered and reliably improved.  Returns 0, or -1 (out untouched)
 * when either instrument lacks a caseness or reliable-change threshold.
 */
struct change_pair {
	enum change_kind kind;
	bool case_at_start;
	bool case_now;
	bool recovered;
	bool reliably_recovered;
};
int change_paired(const struct instrument *a, int a_first, int a_latest,
                  const struct instrument *b, int b_first, int b_latest,
                  struct change_pair *out);

/* True when total lies in a band marked severe. */
bool change_is_severe(const struct instrument *in, int total);

/* The better of two scores on the instrument's scale. */
int change_better(const struct instrument *in, int a, int b);

/*
 * Whether a new score should pause course progression (docs/clinical.md
 * 4.3): a reliable deterioration against the person's best earlier score
 * (the baseline counts: it is the best until a better one comes), which
 * catches a relapse after improvement as well as a rise from the start;
 * or a move into a severe band (from a score outside it, or with no
 * earlier score).  best and previous are ignored when has_best /
 * has_previous is false.
 */
enum change_pause {
	PAUSE_NONE,
	PAUSE_DETERIORATION,
	PAUSE_SEVERE,
};
enum change_pause
change_pause_for(const struct instrument *in, bool has_best, int best,
                 bool has_previous, int previous, int latest);

/*
 * The earlier scores a new one is judged against.  has_earlier: there is
 * at least one; baseline is the first, best the best of them (the
 * baseline when none was better), previous the one just before (equal to
 * the baseline when that was the only one: has_previous tells whether it
 * is a later one).
 */
struct change_history {
	bool has_earlier;
	int baseline;
	int best;
	bool has_previous; /* an earlier score after the baseline */
	int previous;
};

/*
 * The messages a result may carry, as bits.  Which ones a result carries
 * is decided by change_report() alone, so that every front end and every
 * score history get a consistent set (docs/clinical.md 3.3):
 *
 *   FIRST            the first score: later ones are compared with it
 *   START            the change in points against the first score; with
 *     START_IMPROVED   "a reliable improvement",
 *     START_WORSE      "a reliable deterioration", or
 *     START_NOT_YET    "not a reliable change yet" (none of the three
 *                      when the instrument has no reliable-change
 *                      threshold, when the score is the same, or when
 *                      the label would contradict the verdict: a
 *                      reliable rise from the best score drops an
 *                      "improvement" or "not yet" label, a pause drops
 *                      an "improvement")
 *   LAST             the change in points against the score before
 *   BEST_WORSE       a reliable rise from the best score, when that
 *                    score was better than the first one (a relapse)
 *   RECOVERY         reliable recovery on this measure alone (it has no
 *                    paired measure with scores)
 *   PAIR_RECOVERY    reliable recovery of the pair
 *   STEP_UP          still a case, no reliable improvement on this
 *                    measure after the step-up point: ask about guided
 *                    or stepped-up care
 *   PAUSE_WORSE      the course pauses: a reliable rise from the best
 *   PAUSE_SEVERE     the course pauses: entered a severe band
 *
 * Never together: STEP_UP with any recovery or improvement, or with a
 * pause (the pause gives the same advice); a recovery with START_NOT_YET,
 * a deterioration or a pause; an improvement with a deterioration.
 */
enum change_msg {
	CHANGE_MSG_FIRST = 1u << 0,
	CHANGE_MSG_START = 1u << 1,
	CHANGE_MSG_START_IMPROVED = 1u << 2,
	CHANGE_MSG_START_WORSE = 1u << 3,
	CHANGE_MSG_START_NOT_YET = 1u << 4,
	CHANGE_MSG_LAST = 1u << 5,
	CHANGE_MSG_BEST_WORSE = 1u << 6,
	CHANGE_MSG_RECOVERY = 1u << 7,
	CHANGE_MSG_PAIR_RECOVERY = 1u << 8,
	CHANGE_MSG_STEP_UP = 1u << 9,
	CHANGE_MSG_PAUSE_WORSE = 1u << 10,
	CHANGE_MSG_PAUSE_SEVERE = 1u << 11,
};

/* The judgement of one new score. */
struct change_report {
	unsigned msgs; /* enum change_msg bits */
	int gain_start, gain_last, gain_best; /* change_gain from each */
	enum change_kind kind_start, kind_best;
	struct change_single single; /* first against latest */
	bool has_pair;
	struct change_pair pair;
	enum change_pause pause;
};

/*
 * Judges latest against the history h.  pair (may be NULL) is the paired
 * measure with its first and latest scores (ignored unless the history
 * has an earlier score and change_paired() accepts the pair).
 * past_step_up: the step-up point (days after the baseline) has passed.
 */
void
change_report(const struct instrument *in, const struct change_history *h,
              int latest, const struct instrument *pair, int pair_first,
              int pair_latest, bool past_step_up, struct change_report *out);

#endif
