/*
 * The reminder lines.  Each kind has its own pool so that a line fits
 * what is waiting, and the rotation counter (advanced once per prompt)
 * walks through the pool so the same words do not come every day, which
 * makes prompts fade into the background (habituation).  The discreet set
 * is deliberately bland: it would read the same on a colleague's screen.
 */
#include "core/wording.h"

#include <string.h>

#include "util/i18n.h"

/* Each line ends with WORDING_PAUSE_HINT, written out so that xgettext
 * sees whole sentences. */

struct pool {
	enum sched_kind kind;
	const char *const *lines;
	size_t n;
};

static const char *const n_practice[] = {
        N_("Your practice time is here, whenever you are ready. To pause: tend "
           "remind pause."),
        N_("A few quiet minutes for your practice today? To pause: tend remind "
           "pause."),
        N_("This is a good moment for today's practice. To pause: tend remind "
           "pause."),
        N_("Today's practice is waiting for you, no rush. To pause: tend "
           "remind pause."),
        N_("A small step counts. Your practice is ready when you are. To "
           "pause: tend remind pause."),
        N_("It is the time you set aside for yourself today. To pause: tend "
           "remind pause."),
};
static const char *const n_lesson[] = {
        N_("Something new is ready for you to read. To pause: tend remind "
           "pause."),
        N_("The next part is open whenever you have a moment. To pause: tend "
           "remind pause."),
        N_("A new section is ready when you are. To pause: tend remind pause."),
};
static const char *const n_checkin[] = {
        N_("A short check-in is ready when you have a few minutes. To pause: "
           "tend remind pause."),
        N_("Time for a quick check-in, at your own pace. To pause: tend remind "
           "pause."),
        N_("A brief check-in is waiting for you. To pause: tend remind pause."),
};
static const char *const n_nudge[] = {
        N_("Whenever you are ready, everything is where you left it. To pause: "
           "tend remind pause."),
        N_("No pressure: you can pick up again at any time. To pause: tend "
           "remind pause."),
        N_("Your space is here when you want it. To pause: tend remind pause."),
        N_("Picking up again can be as small as a few minutes. To pause: tend "
           "remind pause."),
};
static const char *const n_welcome[] = {
        N_("Welcome back. Pick up where you left off whenever you like. To "
           "pause: tend remind pause."),
        N_("Good to see you. Everything is where you left it. To pause: tend "
           "remind pause."),
};

static const char *const d_all[] = {
        N_("Your scheduled time. To pause: tend remind pause."),
        N_("Reminder: scheduled time. To pause: tend remind pause."),
        N_("This is your scheduled reminder. To pause: tend remind pause."),
        N_("Scheduled time, whenever suits you. To pause: tend remind pause."),
};

#define POOL(k, a)                                                             \
	{                                                                      \
		k, a, sizeof(a) / sizeof(a[0])                                 \
	}

static const struct pool neutral[] = {
        POOL(SCHED_PRACTICE, n_practice), POOL(SCHED_LESSON, n_lesson),
        POOL(SCHED_CHECKIN, n_checkin),   POOL(SCHED_NUDGE, n_nudge),
        POOL(SCHED_WELCOME, n_welcome),
};

#define NPOOLS (sizeof(neutral) / sizeof(neutral[0]))
#define NDISCREET (sizeof(d_all) / sizeof(d_all[0]))

const char *
wording_line(enum wording_set set, enum sched_kind kind, unsigned rotation)
{
	if (set == WORDING_DISCREET)
		return d_all[rotation % NDISCREET];
	for (size_t i = 0; i < NPOOLS; i++)
		if (neutral[i].kind == kind)
			return neutral[i].lines[rotation % neutral[i].n];
	return n_practice[rotation % neutral[0].n];
}

const char *
wording_title(enum wording_set set)
{
	return set == WORDING_DISCREET ? N_("Reminder") : N_("Daily practice");
}

const char *
wording_welcome_back(enum wording_set set)
{
	return set == WORDING_DISCREET ? N_("Hello again.")
	                               : N_("Welcome back. Pick up where you "
	                                    "left off whenever you like.");
}

size_t
wording_count(enum wording_set set)
{
	size_t n = 0;

	if (set == WORDING_DISCREET)
		return NDISCREET;
	for (size_t i = 0; i < NPOOLS; i++)
		n += neutral[i].n;
	return n;
}

const char *
wording_at(enum wording_set set, size_t i)
{
	if (set == WORDING_DISCREET)
		return i < NDISCREET ? d_all[i] : NULL;
	for (size_t p = 0; p < NPOOLS; p++) {
		if (i < neutral[p].n)
			return neutral[p].lines[i];
		i -= neutral[p].n;
	}
	return NULL;
}

const char *
wording_set_name(enum wording_set set)
{
	return set == WORDING_DISCREET ? "discreet" : "neutral";
}

int
wording_set_from_name(const char *s, enum wording_set *set)
{
	if (strcmp(s, "neutral") == 0)
		*set = WORDING_NEUTRAL;
	else if (strcmp(s, "discreet") == 0)
		*set = WORDING_DISCREET;
	else
		return -1;
	return 0;
}
