/*
 * Questionnaire results and safety flags in the vault (tables assessments,
 * assessment_items and flags of store/schema.c).  One administration is a
 * row of assessments with its total and band id and one assessment_items
 * row per item ("1".."n", and "extra" for the unscored question) holding the
 * key the person chose.  Flags: "critical_item" (a risk answer, kept with
 * its date and the exact response, never cleared), "deterioration" and
 * "severe" (each pauses course progression until the person deliberately
 * continues, or app/assess.c resolves it when a later score of the same
 * questionnaire is neither reliably worse nor severe).  While such a flag is open, course.paused_at / pause_flag mirror it.
 *
 * Functions return 0 (or an id > 0) on success and -1 on a SQLite error
 * (db_errmsg() has the detail).  Callers save the vault afterwards.
 */
#ifndef TEND_STORE_ASSESS_H
#define TEND_STORE_ASSESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/vault.h"

/*
 * Saves an administration in one transaction.  keys[i] is the key chosen
 * for item i+1; extra_key < 0 means the extra question was not asked.
 * band may be NULL (the instrument has no bands).  source is "self" (the
 * screen), "paper" or "cli".  course and due_key may be NULL.  Returns the
 * new id, or -1.
 */
int64_t
store_assess_save(struct vault *v, const char *instrument, int64_t taken_at,
                  const int *keys, size_t n, int extra_key, int total,
                  const char *band, const char *source, const char *course,
                  const char *due_key);

struct store_score {
	int64_t id;
	int64_t taken_at;
	int total;
	char band[48]; /* "" when none */
};

/*
 * Every scored administration of instrument, oldest first (ties by id).
 * *out is a fresh array (free with free()), *n its length (0: *out NULL).
 */
int store_assess_scores(struct vault *v, const char *instrument,
                        struct store_score **out, size_t *n);

/* The item keys of one administration: keys[0..n) for items 1..n (-1 for
 * a missing one) and *extra (-1 when none).  Returns 0, or -1. */
int store_assess_items(struct vault *v, int64_t id, int *keys, size_t n,
                       int *extra);

/* The instruments that have at least one score (fresh strings in a fresh
 * array; free each, then the array).  Sorted. */
int store_assess_instruments(struct vault *v, char ***out, size_t *n);

struct store_flag {
	int64_t id;
	char kind[24];
	int64_t raised_at;
	int64_t assessment_id; /* 0 when none */
	char instrument[48]; /* of that assessment; "" when none */
	int64_t resolved_at; /* 0 when open */
	int64_t override_at; /* 0 unless the person chose to continue */
	char *note; /* owned; may be NULL */
};

/* Raises a flag.  assessment_id may be 0.  Returns its id, or -1. */
int64_t store_flag_raise(struct vault *v, const char *kind, int64_t at,
                         int64_t assessment_id, const char *note);

/* Links a flag raised before its assessment was saved. */
int store_flag_link(struct vault *v, int64_t flag_id, int64_t assessment_id);

/*
 * The flags, newest first; kind NULL for all kinds; open_only: neither
 * resolved nor overridden.  Free with store_flags_free.
 */
int store_flags(struct vault *v, const char *kind, bool open_only,
                struct store_flag **out, size_t *n);
void store_flags_free(struct store_flag *f, size_t n);

/*
 * The open flag that pauses progression (the newest "deterioration" or
 * "severe" flag neither resolved nor overridden): 1 and *out filled, 0 when
 * there is none, -1 on error.  out->note is owned by the caller.
 */
int store_pause_get(struct vault *v, struct store_flag *out);

/* Pauses: mirrors flag_id into the unfinished courses. */
int store_pause_set(struct vault *v, int64_t flag_id, int64_t at);

/*
 * The person continues deliberately: every open pausing flag gets
 * override_at = at, and the courses are unpaused.
 */
int store_pause_override(struct vault *v, int64_t at);

/* A later score no longer meets the rule: resolves the open pausing flags
 * raised from instrument, and unpauses when none is left. */
int store_pause_resolve(struct vault *v, const char *instrument, int64_t at);

/*
 * The person's own safety plan: the id of the newest live entry of the
 * worksheet "safety-plan" (the one changed last).  Returns 1 and *id, 0
 * when there is none, or -1.
 */
int store_safety_plan_id(struct vault *v, int64_t *id);

/*
 * When instrument was last scored: 1 and *at, 0 when never, or -1.
 */
int
store_assess_last_taken(struct vault *v, const char *instrument, int64_t *at);

/* Frees n fresh strings and their array (store_assess_instruments). */
void store_strings_free(char **s, size_t n);

#endif
