/*
 * The one builder of crisis and safety text, for every front end: the
 * crisis screen (the `!` key, first run), the safety screen a risk answer
 * opens, the one-line crisis brief before a questionnaire with a risk
 * item, and the person's own safety plan.  The full screen, `tend assess`
 * and plain mode draw what is built here and add only their own key
 * hints, so a crisis line reads the same wherever it is shown.
 *
 * Contacts come from data/crisis/ and a clinic's /etc/tend/crisis/ for the
 * region: region (the --region flag) when not NULL, else the config's
 * country, else the locale; with none, every installed region is listed.
 *
 * Nothing here prints or saves.  session may be NULL wherever it is a
 * parameter (no vault open): the person's safety plan is then left out.
 */
#ifndef TEND_APP_SAFETY_H
#define TEND_APP_SAFETY_H

#include <stdbool.h>

#include "app/paras.h"
#include "app/session.h"
#include "util/buf.h"

/* The worksheet whose newest entry is the person's safety plan. */
#define SAFETY_PLAN_SHEET "safety-plan"

/*
 * The crisis screen: what to do in danger (with the emergency numbers of
 * the regions shown, from the installed data), that tend cannot call
 * anyone and nobody reads what is written here, then the crisis lines.
 * With a session, the person's safety plan follows (or a note on how to
 * write one).  Appends to out.
 */
void safety_crisis(struct session *s, const char *region, struct paras *out);

/*
 * The safety screen shown the moment a risk answer is given: a title, the
 * message (tend cannot alert anyone, nobody reads these answers, what to
 * do now), the crisis lines below it, then, with a session, the safety
 * plan part (safety_plan_part).  Appends to out.
 */
void safety_screen(struct session *s, const char *region, struct paras *out);

/*
 * The safety plan part of the safety and crisis screens: the person's
 * plan (safety_plan), or when they have none a note that the safety-plan
 * worksheet makes one.  Appends to out; returns 0, or -1 on a vault error
 * (then nothing is appended).
 */
int safety_plan_part(struct session *s, struct paras *out);

/*
 * The person's own safety plan, the newest live entry of the
 * "safety-plan" worksheet, under the heading "Your safety plan": each
 * answered question with the worksheet's own label, its answer below it
 * (PARA_ITEM lines).  Appends to out and returns 1; returns 0 when there
 * is no plan (out untouched), -1 on a vault error.
 */
int safety_plan(struct session *s, struct paras *out);

/*
 * The one line before a questionnaire with a risk item: with one region,
 * its emergency number and first line ("If you are in crisis now: call
 * 999, or Samaritans on 116 123."); with several, each region's emergency
 * number.  Appends to out.
 */
void safety_brief(const char *region, struct buf *out);

/* True when code can name a region (two ASCII letters, either case), as
 * --region takes it. */
bool safety_region_valid(const char *code);

/*
 * The crisis lines alone (a heading per region with its emergency number,
 * a line per contact: "Samaritans: call 116 123 (24 hours), https://..."),
 * or a warning that none are installed.  Appends to out.
 */
void safety_contacts(const char *region, struct paras *out);

#endif
