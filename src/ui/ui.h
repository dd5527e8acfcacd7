/*
 * The full-screen program.  ui_main is the only entry point from main.c.
 */
#ifndef TEND_UI_UI_H
#define TEND_UI_UI_H

#include "app/opts.h"

/* Runs the TUI until the person quits.  argv[0] is the program name.
 * Returns an exit status. */
int ui_main(int argc, char **argv, struct opts *opts);

#endif
