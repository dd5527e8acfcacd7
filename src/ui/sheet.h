/*
 * The worksheet screens: the form that fills in one entry
 * (ui/sheet_form.c), the history of every entry (ui/history.c) and the
 * worksheet picker.  Other screens (the home screen, a lesson's
 * tend-worksheet block) open them through these calls.  All of them need
 * an unlocked session (ui_session); without one they show an alert and
 * return -1.
 */
#ifndef TEND_UI_SHEET_H
#define TEND_UI_SHEET_H

#include <stdbool.h>
#include <stdint.h>

struct ui;

/*
 * Opens the form for worksheet sheet_id: a new entry when entry is 0
 * (course and lesson, which may be NULL, record the homework context),
 * else that entry, to read and edit.  Returns 0 when the form is open.
 */
int sheet_form_push(struct ui *ui, const char *sheet_id, int64_t entry,
                    const char *course, const char *lesson);

/* The same; closed(arg) runs when the form is gone (after its last save),
 * so the screen below can reload.  closed may be NULL. */
int sheet_form_push_notify(struct ui *ui, const char *sheet_id, int64_t entry,
                           void (*closed)(void *arg), void *arg);

/*
 * If the person left an entry without closing it (the connection dropped,
 * the terminal closed, tend was stopped), opens it again at the same
 * question with the cursor where it was, and returns true.  Call it right
 * after the vault is unlocked.
 */
bool sheet_form_resume(struct ui *ui);

/* The history: every entry of every worksheet, newest first.  sheet_id
 * NULL shows all worksheets, else only that one. */
int history_push(struct ui *ui, const char *sheet_id);

/* A list of the worksheets; Enter starts a new entry. */
int sheet_picker_push(struct ui *ui);

#endif
