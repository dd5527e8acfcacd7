/*
 * Test driver for the worksheet screens: opens the vault in DIR (the
 * passphrase from descriptor 3) and runs the real shell with a worksheet
 * form, the resume path, the history or the picker on top.  It leaves when
 * that screen closes.  For tests/e2e/test_sheet*.sh, until the home screen
 * offers worksheets.
 *
 *   sheet_tui DIR new SHEET | resume | history | pick
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/session.h"
#include "ui/screen.h"
#include "ui/sheet.h"
#include "util/clock.h"
#include "util/xalloc.h"

struct launcher {
	char **argv;
	int started;
};

static void
launcher_draw(const void *state, struct ui_canvas *c)
{
	ui_put(c, 0, 0, c->cols, UI_STYLE_DIM, "sheet_tui: nothing to resume",
	       SIZE_MAX);
}

static int
launcher_action(struct ui *ui, void *state, enum ui_action act,
                const struct ui_key *key)
{
	return UI_QUIT;
}

static void
launcher_resize(struct ui *ui, void *state, int rows, int cols)
{
	ui_screen_timer(ui, state, 0);
}

/* Opens the screen on the first tick; then leaves once it has closed. */
static int
launcher_timer(struct ui *ui, void *state, int64_t now)
{
	struct launcher *l = state;
	const char *what = l->argv[2];

	if (l->started) {
		if (ui_top(ui) == state && l->started == 1)
			return UI_QUIT;
		ui_screen_timer(ui, state, now + 100);
		return UI_OK;
	}
	l->started = 1;
	if (strcmp(what, "new") == 0 && l->argv[3])
		sheet_form_push(ui, l->argv[3], 0, NULL, NULL);
	else if (strcmp(what, "resume") == 0) {
		if (!sheet_form_resume(ui))
			l->started = 2; /* stay: the screen says so */
	} else if (strcmp(what, "history") == 0)
		history_push(ui, NULL);
	else if (strcmp(what, "pick") == 0)
		sheet_picker_push(ui);
	ui_screen_timer(ui, state, now + 100);
	return UI_DRAW;
}

static const struct screen_ops launcher_ops = {
        .name = "launcher",
        .title = "sheet_tui",
        .draw = launcher_draw,
        .action = launcher_action,
        .resize = launcher_resize,
        .timer = launcher_timer,
};

int
main(int argc, char **argv)
{
	struct opts opts = {NULL, NULL, 3, false, false, false};
	struct session *s = NULL;
	struct launcher l = {argv, 0};
	char *msg = NULL;
	int st;

	setlocale(LC_ALL, "");
	if (argc < 3) {
		fprintf(stderr, "usage: sheet_tui DIR new SHEET | resume | "
		                "history | pick\n");
		return 2;
	}
	opts.data_dir = argv[1];
	st = session_open(&opts, &s, &msg);
	if (st != EXIT_OK) {
		fprintf(stderr, "sheet_tui: %s\n", msg ? msg : "cannot open");
		free(msg);
		return st;
	}
	st = ui_run(&opts, s, &launcher_ops, &l);
	session_close(s);
	return st;
}
