/*
 * The program's main flow: the first run (welcome, passphrase, recovery
 * code, choice of course, baseline check-in), unlocking an existing vault,
 * and the home screen "Today" with the lesson reader wired to the course
 * engine.  ui_main() calls home_main(); ui/onboard.c holds the first-run
 * and unlock screens, ui/home.c the home screen and the lesson glue.
 */
#ifndef TEND_UI_HOME_H
#define TEND_UI_HOME_H

#include <stdbool.h>

#include "app/course.h"
#include "app/opts.h"
#include "app/session.h"
#include "ui/screen.h"

/*
 * What the screens of the flow share, owned by home_main for the whole run
 * (the screens borrow it).  session and course are NULL until the vault is
 * unlocked and the course loaded.
 */
struct home_flow {
	const struct opts *opts;
	struct session *session;
	struct app_course *course;
	bool welcomed; /* the welcome was shown in this run */
	bool country_asked; /* the country question was shown in this run */
	bool followed_up; /* the follow-up of a risk answer was looked at */
	bool suited; /* the suitability check was shown in this run */
	char *flash; /* a message for the home screen's next frame */
	int status; /* the run's exit status when the vault failed it */
};

/* Runs the program: first run or unlock, then home.  An exit status. */
int home_main(const struct opts *opts);

/*
 * onboard.c: the first screen of the run: the welcome when there is no
 * vault yet (then the passphrase and the recovery code), else the unlock
 * screen.  The shell takes *state.
 */
void
onboard_first(struct home_flow *f, const struct screen_ops **ops, void **state);
/*
 * onboard.c: after the vault is open: choose a course when several are
 * installed and none is chosen, show the welcome if not yet shown, start
 * the course and push its baseline check-ins, then the home screen.
 * Replaces the top screen.  Returns reaction flags.
 */
int onboard_continue(struct ui *ui, struct home_flow *f);

/*
 * conflict.c: after unlocking, when conflict copies wait beside the vault:
 * asks what to do with them (merge both, keep this vault, keep the copy,
 * later), does it, then goes on with onboard_continue.  pass is the
 * passphrase the vault was opened with (copied; wiped when the screen
 * goes).  Without conflict copies, onboard_continue at once.  Replaces the
 * top screen.  Returns reaction flags.
 */
int conflict_offer(struct ui *ui, struct home_flow *f, const char *pass);

/* home.c: replaces the top screen with the home screen. */
void home_replace(struct ui *ui, struct home_flow *f);
/* home.c: saves the vault; on failure shows why.  true when saved. */
bool home_save(struct ui *ui, struct home_flow *f);

#endif
