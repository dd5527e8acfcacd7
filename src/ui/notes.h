/*
 * The person's own words on the full screen: "My notes" (everything they
 * wrote, newest first, searchable, filtered by kind; app/notes.h), a note
 * opened to read (e changes it), the box a lesson's question or plan is
 * answered in, and the daily mood rating.  They need an unlocked session
 * (ui_session); without one they say so and return -1.
 */
#ifndef TEND_UI_NOTES_H
#define TEND_UI_NOTES_H

#include <stddef.h>

#include "core/course.h"
#include "ui/screen.h"

/* Pushes "My notes".  Returns 0. */
int notes_push(struct ui *ui);

/* Opens the note with id ("a12", app/notes.h) to read; e changes it.
 * closed(arg), when not NULL, runs when the note is closed (the screen
 * below may have something to reload).  Returns 0, or -1 when there is no
 * such note (a message says so; closed does not run). */
int
note_open(struct ui *ui, const char *id, void (*closed)(void *arg), void *arg);

/*
 * Opens the box for part p (a tend-prompt or a tend-plan) of lesson i of
 * the session's course, with what was written before.  What is written is
 * kept as it is typed (app_lesson_answer or app_plan_set, then a commit);
 * completed(arg), when not NULL, runs when a keep completed the lesson.
 * When the box closes the screen under it gets UI_DRAW | UI_RELAYOUT (the
 * reader shows the new answer under the question).  p is copied.
 * Returns 0, or -1 (a message says why).
 */
int notes_edit_part(struct ui *ui, size_t i, const struct course_part *p,
                    void (*completed)(void *arg), void *arg);

/* The daily mood rating: a scale from 0 to 10 and an optional note, for
 * today.  Returns 0. */
int mood_push(struct ui *ui);

#endif
