/*
 * The helper's messages and the helper screen, in the full screen
 * (app/helper.h holds the use cases): ui/messages.c shows the messages,
 * ui/helper.c the link, what is shared, the day of the weekly summary,
 * and a summary written on demand.
 */
#ifndef TEND_UI_MESSAGES_H
#define TEND_UI_MESSAGES_H

#include <stdbool.h>

#include "app/session.h"
#include "ui/screen.h"

/*
 * When the program opens: takes in replies dropped into the inbox folder
 * and shows the unread messages at once ("A message from your helper"),
 * marking them read.  A problem becomes *flash (when it is NULL; fresh
 * string).  True when a screen was pushed.
 */
bool messages_on_open(struct ui *ui, struct session *s, char **flash);

/* The Messages screen: every message, newest first.  0, or -1 (no vault
 * open, or the messages cannot be read: said on the status line). */
int messages_push(struct ui *ui);

/* The helper screen (ui/helper.c): link, settings, summary, unlink.
 * 0, or -1 when no vault is open. */
int helper_screen_push(struct ui *ui);

/* At the first run, when the clinic installed its helper's key and
 * nothing is linked: the helper screen, headed with the clinic's offer
 * (Enter links, q: not now).  True when it was pushed. */
bool helper_offer_push(struct ui *ui);

/*
 * When the program opens on the person's summary day (ui/helper.c):
 * asks for an optional note, writes the summary into the outbox and says
 * where it is.  True when it asked.
 */
bool helper_summary_on_open(struct ui *ui, struct session *s);

#endif
