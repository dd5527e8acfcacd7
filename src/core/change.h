/*
 * Change metrics over an instrument's scores, judged the way NHS Talking
 * Therapies judges them (CLINICAL.md 2.1): reliable improvement and
 * reliable deterioration against a threshold in points, caseness, recovery
 * (at caseness before, below it after) and reliable recovery (recovered and
 * reliably improved); for the PHQ-9 + GAD-7 pair, the paired rules.  And
 * the pause rule of CLINICAL.md 3.6.  Every threshold comes from the
 * instrument definition; pure functions, no allocation.
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

/*
 * Whether a new score should pause course progression (CLINICAL.md 3.6):
 * a reliable deterioration against the baseline, or a move into a severe
 * band (from a score outside it, or with no earlier score).  baseline and
 * previous are ignored when has_baseline / has_previous is false.
 */
enum change_pause {
	PAUSE_NONE,
	PAUSE_DETERIORATION,
	PAUSE_SEVERE,
};
enum change_pause
change_pause_for(const struct instrument *in, bool has_baseline, int baseline,
                 bool has_previous, int previous, int latest);

#endif
