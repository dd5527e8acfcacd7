/*
 * The one builder of crisis and safety text, for every front end: the
 * crisis screen (the `!` key, first run), the safety screen a risk answer
 * opens, the urgent message for a person who has a plan or has started to
 * act, the one-line crisis brief before a questionnaire with a risk item,
 * and the person's own safety plan.  The full screen, `tend assess` and
 * plain mode draw what is built here and add only their own key hints
 * (how to change the country, how to open the safety plan), so a crisis
 * line reads the same wherever it is shown.
 *
 * Contacts are those of one country (app/country.h decides which: region,
 * the --region flag, when not NULL; else the clinic's lock, the person's
 * choice, the config's default): the country's name, then its emergency
 * number and its lines from data/crisis/ or /etc/tend/crisis/, each with
 * who it is for.  Never another country's lines as if they were the
 * person's: a country tend has no file for is named as not listed, with
 * the emergency number known to work there (112 across the EU) and how to
 * find a local line; with no country set, the text says so first, and the
 * lines of the country this computer's settings suggest are shown only
 * under that suggestion, as a suggestion.
 *
 * Nothing here prints or saves.  session may be NULL wherever it is a
 * parameter (no vault open): the person's safety plan is then left out,
 * and the country is read from its copy (app/country.h).
 */
#ifndef TEND_APP_SAFETY_H
#define TEND_APP_SAFETY_H

#include <stdbool.h>
#include <stdint.h>

#include "app/paras.h"
#include "app/session.h"
#include "util/buf.h"

/* The worksheet whose newest entry is the person's safety plan. */
#define SAFETY_PLAN_SHEET "safety-plan"

/* The kinds of full safety text, for a front end that rebuilds one after
 * the country changed. */
enum safety_kind {
	SAFETY_CRISIS, /* safety_crisis */
	SAFETY_SCREEN, /* safety_screen */
	SAFETY_URGENT, /* safety_urgent */
};

/*
 * The crisis screen: what to do in danger (with the country's emergency
 * number), that tend cannot call anyone and nobody reads what is written
 * here, then the country and its crisis lines.  With a session, the
 * person's safety plan follows (or a note on how to write one).  Appends
 * to out.
 */
void safety_crisis(struct session *s, const char *region, struct paras *out);

/*
 * The safety screen shown the moment a risk answer is given: a title, the
 * message (tend cannot alert anyone, nobody reads these answers, what to
 * do now), the country and its crisis lines below it, then, with a
 * session, the safety plan part (safety_plan_part).  Appends to out.
 */
void safety_screen(struct session *s, const char *region, struct paras *out);

/*
 * The most direct message, for a person who said they have a plan or
 * have started to act: its first line is the call to the emergency number
 * ("Please call 999 now"), then what to do right now, that nobody has
 * been told, then the country's crisis lines, then (with a session) the
 * person's safety plan, or the offer to write one.  Appends to out.
 */
void safety_urgent(struct session *s, const char *region, struct paras *out);

/* One of the three above, by kind. */
void safety_text(enum safety_kind kind, struct session *s, const char *region,
                 struct paras *out);

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

/* The entry that holds the person's safety plan: 1 and *id, 0 when there
 * is none (a new entry of SAFETY_PLAN_SHEET makes one), -1 on error. */
int safety_plan_id(struct session *s, int64_t *id);

/*
 * The one line before a questionnaire with a risk item: the country's
 * emergency number and first line ("If you are in crisis now: call 999,
 * or Samaritans on 116 123."), or the emergency number alone, or, when
 * none is known, to call the local emergency number.  Appends to out.
 */
void safety_brief(struct session *s, const char *region, struct buf *out);

/*
 * The clinic's own contact, from the configuration (clinic_name,
 * clinic_phone, clinic_hours in tend-config(5)): "Your clinic, Riverside
 * Wellbeing Service: call +44 20 7946 0000 (Monday to Friday, 9:00 to
 * 17:00)."  The crisis screen, the safety screen and the pause text
 * (assess_pause_text) show it.  Appends to out and returns true; returns
 * false, out untouched, when neither a name nor a phone is set.
 */
bool safety_clinic(struct buf *out);

/* True when code can name a region (two ASCII letters, either case), as
 * --region takes it. */
bool safety_region_valid(const char *code);

/*
 * The country part alone: which country the lines are for, its emergency
 * number and a line per contact ("Samaritans: call 116 123 (24 hours,
 * every day), https://...; for anyone who is struggling to cope"), or the
 * not-listed or not-set text described above.  Appends to out.
 */
void safety_contacts(struct session *s, const char *region, struct paras *out);

#endif
