/*
 * The reminder settings screen: the daily window, weekdays, quiet hours,
 * channels, wording, profile (a shared or clinic machine: login only and
 * very discreet wording), and reminders on or off.  Every change is saved
 * at once into the plaintext schedule (app/remind.h); nothing from the
 * vault is shown or written here.
 */
#ifndef TEND_UI_REMIND_H
#define TEND_UI_REMIND_H

#include "ui/screen.h"

/* Pushes the screen.  Returns 0 (the shell owns it from then on). */
int remind_screen_push(struct ui *ui);

#endif
