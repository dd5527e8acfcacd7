/*
 * Change metrics (NHS Talking Therapies conventions) and the pause rule.
 * See core/change.h; the thresholds are the instrument's.
 */
#include "core/change.h"

#include <string.h>

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

int
change_better(const struct instrument *in, int a, int b)
{
	return change_gain(in, a, b) > 0 ? b : a;
}

enum change_pause
change_pause_for(const struct instrument *in, bool has_best, int best,
                 bool has_previous, int previous, int latest)
{
	if (has_best &&
	    change_classify(in, best, latest) == CHANGE_DETERIORATED)
		return PAUSE_DETERIORATION;
	if (change_is_severe(in, latest) &&
	    !(has_previous && change_is_severe(in, previous)))
		return PAUSE_SEVERE;
	return PAUSE_NONE;
}

void
change_report(const struct instrument *in, const struct change_history *h,
              int latest, const struct instrument *pair, int pair_first,
              int pair_latest, bool past_step_up, struct change_report *out)
{
	unsigned m = 0;
	bool worse, improved, paused;

	memset(out, 0, sizeof(*out));
	/* With one earlier score, it is the previous one too. */
	out->pause = change_pause_for(
	        in, h->has_earlier, h->best, h->has_earlier,
	        h->has_previous ? h->previous : h->baseline, latest);
	paused = out->pause != PAUSE_NONE;
	if (out->pause == PAUSE_DETERIORATION)
		m |= CHANGE_MSG_PAUSE_WORSE;
	else if (out->pause == PAUSE_SEVERE)
		m |= CHANGE_MSG_PAUSE_SEVERE;
	if (!h->has_earlier) {
		out->msgs = m | CHANGE_MSG_FIRST;
		return;
	}
	change_single(in, h->baseline, latest, &out->single);
	out->gain_start = out->single.gain;
	out->kind_start = out->single.kind;
	out->gain_best = change_gain(in, h->best, latest);
	out->kind_best = change_classify(in, h->best, latest);
	if (h->has_previous)
		out->gain_last = change_gain(in, h->previous, latest);
	if (pair && change_paired(in, h->baseline, latest, pair, pair_first,
	                          pair_latest, &out->pair) == 0)
		out->has_pair = true;

	worse = out->kind_best == CHANGE_DETERIORATED;
	improved = out->kind_start == CHANGE_IMPROVED;
	m |= CHANGE_MSG_START;
	if (h->has_previous)
		m |= CHANGE_MSG_LAST;
	/* The label against the start, unless it would contradict the
	 * verdict (see the header). */
	if (out->kind_start == CHANGE_DETERIORATED)
		m |= CHANGE_MSG_START_WORSE;
	else if (out->gain_start != 0 && !worse && !(improved && paused))
		m |= improved ? CHANGE_MSG_START_IMPROVED
		     : out->kind_start == CHANGE_NO_RELIABLE
		             ? CHANGE_MSG_START_NOT_YET
		             : 0;
	if (worse && change_gain(in, h->baseline, h->best) > 0)
		m |= CHANGE_MSG_BEST_WORSE;
	if (!paused && !worse && improved) {
		if (out->has_pair && out->pair.reliably_recovered)
			m |= CHANGE_MSG_PAIR_RECOVERY;
		else if (!out->has_pair && out->single.reliably_recovered)
			m |= CHANGE_MSG_RECOVERY;
	}
	if (past_step_up && !paused && in->has_reliable_change &&
	    out->single.case_at_start && out->single.case_now && !improved)
		m |= CHANGE_MSG_STEP_UP;
	out->msgs = m;
}
