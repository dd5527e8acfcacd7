/*
 * The suitability check of the first run (docs/clinical.md 5): a few
 * plain statements the person marks when they are true for them now (age
 * under the minimum, signs of mania, signs of psychosis, a current plan to
 * end their life).  A mark is never a block: tend explains why it suggests
 * a professional first, and the person goes on when they choose.
 *
 * The statements are asked once, at the first run, by every front end
 * that starts the course (the full screen, plain mode); the marks are kept
 * as dated flags ("suit_age", "suit_mania", "suit_psychosis", "suit_plan")
 * and the check itself as the setting "suitability.asked".  Nothing here
 * prints; callers commit after suit_record.
 */
#ifndef TEND_APP_SUITABILITY_H
#define TEND_APP_SUITABILITY_H

#include <stddef.h>
#include <time.h>

#include "app/paras.h"
#include "app/session.h"

enum suit_q { SUIT_AGE, SUIT_MANIA, SUIT_PSYCHOSIS, SUIT_PLAN, SUIT__COUNT };

/* A mark set: bit (1u << q) for each statement q the person marked. */
#define SUIT_BIT(q) (1u << (unsigned)(q))

struct suit_list {
	size_t n;
	enum suit_q q[SUIT__COUNT];
	char *text[SUIT__COUNT]; /* translated, in fresh storage */
};

/* The minimum age: the clinic's minimum_age (/etc/tend/config), else 18;
 * 0 means the age is not asked. */
int suit_minimum_age(void);

/* The statements to show, in order (the age one only with a minimum age
 * above 0).  Free with suit_list_free. */
void suit_list(struct suit_list *l);
void suit_list_free(struct suit_list *l);

/* 1 when the check has not been made in this vault yet, 0 when it has,
 * -1 on a vault error. */
int suit_due(struct session *s);

/* Keeps the check: a dated flag for each mark in marks, and the check as
 * made (also with no mark, or when the person went on without answering).
 * 0, or -1 on a vault error. */
int suit_record(struct session *s, unsigned marks, time_t now);

/*
 * What tend says about marks (appended to out; nothing for no mark): with
 * a plan, the most direct message first (safety_urgent: the emergency
 * number first); then, for each other mark, why a professional should be
 * seen first; then that the choice to go on is the person's.
 */
void suit_advice(struct session *s, unsigned marks, struct paras *out);

#endif
