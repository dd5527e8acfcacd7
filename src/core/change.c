/*
 * Change metrics (NHS Talking Therapies conventions) and the pause rule.
 * See core/change.h; the thresholds are the instrument's.
 */
#include "core/change.h"

int
change_gain(const struct instrument *in, int from, int to)
{
	return in->direction == INST_HIGHER_BETTER ? to - from : from - to;
}

enum change_kind
change_classify(const struct instrument *in, int from, int to)
{
	int gain;

	if (!in->has_reliable_change)
		return CHANGE_NOT_RATED;
	gain = change_gain(in, from, to);
	if (gain >= in->reliable_change)
		return CHANGE_IMPROVED;
	if (-gain >= in->reliable_change)
		return CHANGE_DETERIORATED;
	return CHANGE_NO_RELIABLE;
}

void
change_single(const struct instrument *in, int first, int latest,
              struct change_single *out)
{
	out->gain = change_gain(in, first, latest);
	out->kind = change_classify(in, first, latest);
	out->case_at_start = inst_is_case(in, first);
	out->case_now = inst_is_case(in, latest);
	out->recovered = out->case_at_start && !out->case_now;
	out->reliably_recovered =
	        out->recovered && out->kind == CHANGE_IMPROVED;
}

int
change_paired(const struct instrument *a, int a_first, int a_latest,
              const struct instrument *b, int b_first, int b_latest,
              struct change_pair *out)
{
	enum change_kind ka, kb;
	bool improved, worse;

	if (!a->has_caseness || !b->has_caseness || !a->has_reliable_change ||
	    !b->has_reliable_change)
		return -1;
	ka = change_classify(a, a_first, a_latest);
	kb = change_classify(b, b_first, b_latest);
	improved = ka == CHANGE_IMPROVED || kb == CHANGE_IMPROVED;
	worse = ka == CHANGE_DETERIORATED || kb == CHANGE_DETERIORATED;
	if (improved && !worse)
		out->kind = CHANGE_IMPROVED;
	else if (worse && !improved)
		out->kind = CHANGE_DETERIORATED;
	else
		out->kind = CHANGE_NO_RELIABLE;
	out->case_at_start =
	        inst_is_case(a, a_first) || inst_is_case(b, b_first);
	out->case_now = inst_is_case(a, a_latest) || inst_is_case(b, b_latest);
	out->recovered = out->case_at_start && !out->case_now;
	out->reliably_recovered =
	        out->recovered && out->kind == CHANGE_IMPROVED;
	return 0;
}

bool
change_is_severe(const struct instrument *in, int total)
{
	const struct inst_band *b = inst_band_for(in, total);

	return b && b->severe;
}

enum change_pause
change_pause_for(const struct instrument *in, bool has_baseline, int baseline,
                 bool has_previous, int previous, int latest)
{
	if (has_baseline &&
	    change_classify(in, baseline, latest) == CHANGE_DETERIORATED)
		return PAUSE_DETERIORATION;
	if (change_is_severe(in, latest) &&
	    !(has_previous && change_is_severe(in, previous)))
		return PAUSE_SEVERE;
	return PAUSE_NONE;
}
