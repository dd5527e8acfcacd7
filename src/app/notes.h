/*
 * "My notes": everything the person wrote, in one list, newest first, for
 * the notes screen, the home screen's recent items, `tend notes` and plain
 * mode: answers to a lesson's questions, worksheet entries, practice
 * plans, the notes of daily mood ratings, and the messages a helper sent
 * (guidance by file; read, not changed).  Each note has a short stable id
 * ("a12", "w3") for `tend notes show ID`, a one-line title, its whole text
 * as a person reads it, and what a front end needs to change it.
 *
 * Also the plans of tend-plan blocks (app_plan_get/set), which the reader
 * shows under their block.
 *
 * Nothing here prints.  The person's words are wiped when freed.
 */
#ifndef TEND_APP_NOTES_H
#define TEND_APP_NOTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "app/course.h"
#include "app/session.h"

/* The kinds, in the order a filter steps through them. */
#define APP_NOTE_KINDS(X)                                                      \
	X(ANSWER, 'a', N_("Lesson answers"), N_("answer"))                     \
	X(ENTRY, 'w', N_("Worksheets"), N_("worksheet"))                       \
	X(PLAN, 'p', N_("Plans"), N_("plan"))                                  \
	X(MOOD, 'm', N_("Mood"), N_("mood"))                                   \
	X(MESSAGE, 'g', N_("Messages"), N_("message"))

enum app_note_kind {
#define APP_NOTE_ENUM(id, c, plural, one) NOTE_##id,
	APP_NOTE_KINDS(APP_NOTE_ENUM)
#undef APP_NOTE_ENUM
	        NOTE_KINDS
};

#define APP_NOTES_ALL ((1u << NOTE_KINDS) - 1)

/* The kind's names, translated: "Lesson answers", "answer". */
const char *app_note_kind_title(enum app_note_kind k);
const char *app_note_kind_word(enum app_note_kind k);
/* The kind named by word ("answers", "worksheets", "plans", "mood",
 * "messages", singular or plural, any case): 0 and *k, or -1. */
int app_note_kind_parse(const char *word, enum app_note_kind *k);

struct app_note {
	enum app_note_kind kind;
	char id[24]; /* "a12": the kind's letter and a number */
	time_t at; /* last written */
	char *title; /* one line (owned) */
	char *text; /* the whole text (owned) */
	/* Where it can be changed: */
	long lesson; /* ANSWER, PLAN: index in the course, -1: not in it */
	char *key; /* ANSWER, PLAN: prompt or plan id; ENTRY: worksheet */
	int64_t ref; /* ENTRY: entry id; MOOD: rating id; MESSAGE: id */
};

struct app_notes {
	struct app_note *v;
	size_t n;
};

#define APP_NOTES_INIT                                                         \
	{                                                                      \
		NULL, 0                                                        \
	}

/*
 * Every note of the kinds in mask (bits 1 << NOTE_*), newest first, into
 * out (APP_NOTES_INIT; free with app_notes_free).  Returns 0, or -1 on a
 * database error (out then holds what could be read).
 */
int app_notes_list(struct session *s, unsigned mask, struct app_notes *out);
/*
 * The max newest notes of the kinds in mask, as app_notes_list: what a
 * screen of recent notes needs, without reading and formatting every
 * worksheet entry in the vault (the home screen took 1.9 s to appear
 * over 50,000 entries when it listed them all).
 */
int app_notes_recent(struct session *s, unsigned mask, size_t max,
                     struct app_notes *out);
/* The note with id: 1 and *out (free with app_note_clear), 0 when there
 * is none, -1 on error. */
int app_note_get(struct session *s, const char *id, struct app_note *out);
void app_note_clear(struct app_note *n);
void app_notes_free(struct app_notes *l);

/* True when needle (ASCII case-insensitive; other characters exactly)
 * is in the note's title or text.  An empty needle matches. */
bool app_note_matches(const struct app_note *n, const char *needle);

/*
 * The plan written for tend-plan block key of lesson i: 1 and a fresh
 * *text (free with free()), 0 when none, -1 on error.  app_plan_set writes
 * it ("" deletes it); it does not commit: the caller does, as after
 * app_lesson_answer.  0 or -1.
 */
int app_plan_get(const struct app_course *ac, struct session *s, size_t i,
                 const char *key, char **text);
int app_plan_set(struct app_course *ac, struct session *s, size_t i,
                 const char *key, const char *text, time_t now);

#endif
