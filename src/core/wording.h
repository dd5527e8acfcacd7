/*
 * What a reminder says.  Rotating, kind, neutral lines: none names
 * therapy, a condition, a count of missed days or a score, none scolds,
 * and every one says how to pause.  Two sets: "neutral" for a personal
 * install and "discreet" for a shared or clinic profile, where a line on a
 * screen must say nothing beyond "a scheduled time".  The lines are static
 * strings, shown outside the vault: they never carry anything the person
 * wrote.
 */
#ifndef TEND_CORE_WORDING_H
#define TEND_CORE_WORDING_H

#include <stddef.h>

#include "core/sched.h"

enum wording_set {
	WORDING_NEUTRAL = 0,
	WORDING_DISCREET,
};

/* The command every line ends with, so the person can always pause. */
#define WORDING_PAUSE_HINT "To pause: tend remind pause"

/*
 * The line for a prompt of the given kind; rotation picks among the
 * variants (any value; it wraps).  Never NULL: an unknown kind gets a
 * general line.  Static storage, untranslated: callers pass it to _().
 */
const char *
wording_line(enum wording_set set, enum sched_kind kind, unsigned rotation);

/* The title of a desktop notification (static storage). */
const char *wording_title(enum wording_set set);

/* The line the program greets a returning person with (static). */
const char *wording_welcome_back(enum wording_set set);

/* Every line of a set, for tests: the number, and line i (static). */
size_t wording_count(enum wording_set set);
const char *wording_at(enum wording_set set, size_t i);

/* "neutral" / "discreet" and back (-1 when unknown). */
const char *wording_set_name(enum wording_set set);
int wording_set_from_name(const char *s, enum wording_set *set);

#endif
