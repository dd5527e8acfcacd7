/*
 * The course use cases shared by the home screen, the reader and `tend
 * status`: which courses are installed, which one the person follows, and
 * an overview at a given time: where they are, what is due now (check-in,
 * lesson, homework), what opens next and when, suggested extra lessons and
 * recent activity.  Also the reader's side of progress: opening a lesson,
 * reading to its end, answering its prompts, and completing it once every
 * interactive part is done.
 *
 * An app_course holds the loaded course and a snapshot of the progress
 * facts from the vault, evaluated at `now`.  The session owns one
 * (session_course in app/session.h); front ends borrow it.  After a change
 * through one of the functions below the snapshot is refreshed; the caller
 * then commits (session_commit), which saves the vault and updates the
 * reminder schedule.  Nothing here prints.
 */
#ifndef TEND_APP_COURSE_H
#define TEND_APP_COURSE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "app/opts.h"
#include "app/session.h"
#include "core/course.h"
#include "core/unlock.h"
#include "util/diag.h"

/* An installed course, for the chooser. */
struct app_course_info {
	char *dir;
	char *id;
	char *title;
};

/*
 * The installed courses: with --content DIR, the course in DIR (or each
 * course folder under it); otherwise /etc/tend/content/<course>/ then the
 * bundled content/<course>/ (a clinic's course with the same id wins).
 * Returns how many; free with app_course_infos_free.
 */
size_t app_course_list(const struct opts *o, struct app_course_info **out);
void app_course_infos_free(struct app_course_info *v, size_t n);

/*
 * The course the configuration names (`course` in tend-config(5)) when it
 * is installed (app_course_list): a fresh id, or NULL (not set, or not
 * installed: `tend doctor` says so).  A first run takes it without asking;
 * app_course_open uses it until the person has a course.
 */
char *app_course_configured(const struct opts *o);

/*
 * The id of the course the person follows (fresh string, free with
 * free()), or NULL before they chose one (or on a database error).
 */
char *app_course_current(struct session *s);

/*
 * Loads the course with id (NULL: the only installed course, or the first).
 * Returns the course, or NULL with the reasons in d (not installed, or its
 * files have errors).
 */
struct course *
app_course_load(const struct opts *o, const char *id, struct diags *d);

/* What the home screen and `tend status` list as due or coming. */
enum app_step_kind {
	STEP_START, /* the course is not started yet */
	STEP_PAUSED, /* progression is paused after a check-in (text says
	                why and what to do) */
	STEP_CHECKIN, /* a check-in is due (id = instrument) */
	STEP_LESSON, /* a lesson is open (lesson) */
	STEP_CONTINUE, /* a lesson was started and is not done */
	STEP_HOMEWORK, /* entries of a worksheet are needed (id, have/need;
	                  lesson: the lesson they stand before); the person
	                  may also skip it with a reason (app_homework_skip) */
	STEP_SUGGESTION, /* an optional lesson is suggested (lesson, why); at
	                    most one at a time (unlock_suggest_one) */
	STEP_DONE, /* every core lesson is done */
};

struct app_step {
	enum app_step_kind kind;
	long lesson; /* index into the course's lessons, or -1 */
	const char *id; /* instrument or worksheet id (borrowed), or NULL */
	int have, need; /* STEP_HOMEWORK */
	int group; /* STEP_HOMEWORK: 0, or its group of alternatives (any
	              one step of the group will do) */
	char *text; /* one line for a person (owned) */
	char *why; /* STEP_SUGGESTION: the course's reason (owned) */
};

struct app_activity {
	time_t at;
	char *text; /* "Completed “Welcome”" (owned) */
};

struct app_score {
	const char *instrument; /* borrowed */
	const char *name; /* "PHQ-9" (borrowed) */
	time_t at;
	int total;
	const char *band; /* may be NULL */
};

/* The overview at the snapshot's time.  Owned by the app_course. */
struct app_overview {
	bool started;
	time_t started_at;
	bool paused; /* new lessons do not open: see due[0] */
	size_t core_done, core_total; /* "2 of 8 lessons" */
	long current; /* the lesson to work on now, or -1 */
	struct app_step *due; /* in order: due[0] is the obvious next step */
	size_t ndue;
	long next; /* the next locked core lesson, or -1 */
	time_t next_at; /* when its time conditions are met (0: none) */
	char *next_why; /* "Opens on Thursday, after ..." (owned) */
	/* Every core lesson is done and the course has follow-up check-ins
	 * not yet taken: the local midnight they are due (followup days
	 * after the last core lesson; may be in the past, then they are
	 * STEP_CHECKIN steps too).  0: none. */
	time_t followup_at;
	struct app_activity *recent; /* newest first */
	size_t nrecent;
	struct app_score *scores; /* latest result per instrument */
	size_t nscores;
};

struct app_course;

/*
 * Loads the course the person follows (or, before they chose one, the
 * default course: the only one installed, or the first) from the
 * session's options and reads the progress facts from its vault at now.
 * Returns EXIT_OK and *out (a fresh snapshot: free with app_course_free;
 * front ends use the session's own, session_course), or EXIT_DATA (course
 * files invalid: *msg says which and how to check them) or EXIT_FAIL (no
 * course installed, or a database error) with *msg.
 */
int app_course_open(struct session *s, time_t now, struct app_course **out,
                    char **msg);

/*
 * Reads the course a first unlock will most likely open (the configured
 * one, or the first installed) and the instruments, once, while the
 * passphrase is typed: the next app_course_open takes them when the
 * vault names that course and the content folder is the same.  Problems
 * are not reported here; the open finds them again.
 * app_course_read_ahead_drop frees what was not taken.
 */
void app_course_read_ahead(const struct opts *o);
void app_course_read_ahead_drop(void);
void app_course_free(struct app_course *ac);

/* Re-reads the facts from the vault and re-evaluates at now.  0 or -1. */
int app_course_refresh(struct app_course *ac, struct session *s, time_t now);

/*
 * Counts the refreshes of the snapshot.  A commit refreshes the session's
 * snapshot under a screen that cached something from it (rows that point
 * into the overview's due steps): a changed count says to rebuild.
 */
unsigned app_course_generation(const struct app_course *ac);

const struct course *app_course_def(const struct app_course *ac);
const struct app_overview *app_course_overview(const struct app_course *ac);
/* State of lesson i; a locked lesson's reason as a fresh string. */
enum lesson_state app_course_state(const struct app_course *ac, size_t i);
char *app_course_why(const struct app_course *ac, size_t i);
/* When lesson i was completed (0: not). */
time_t app_course_done_at(const struct app_course *ac, size_t i);

/*
 * The functions below record a change in the vault (not yet saved: commit
 * after them) and refresh the snapshot.  0, or -1 on a database error.
 */
/* Starts the course and makes it the current one (first run). */
int app_course_start(struct app_course *ac, struct session *s, time_t now);
/* The welcome and safety information was read: recorded once. */
int app_course_onboarded(struct app_course *ac, struct session *s, time_t now);
bool app_course_is_onboarded(const struct app_course *ac);

/*
 * Skips the homework of worksheet that stands before lesson i, with the
 * person's reason (kept in the vault with the date; the homework then
 * counts as done).  Returns 0; 1 when refused (the reason is empty, or
 * lesson i asks for no such homework); -1 on a database error.
 */
int app_homework_skip(struct app_course *ac, struct session *s, size_t i,
                      const char *worksheet, const char *reason, time_t now);

/* Homework skipped with a reason, oldest first (for the report and the
 * exports).  Borrowed from the snapshot: valid until the next refresh. */
struct app_skip {
	long lesson; /* the lesson it stood before, or -1 when the course no
	                longer has it */
	const char *lesson_id;
	const char *worksheet;
	const char *reason; /* the person's words */
	time_t at;
};
size_t
app_course_skips(const struct app_course *ac, const struct app_skip **out);

/* Tailoring: take up or decline an optional lesson (i >= ncore). */
int
app_course_take(struct app_course *ac, struct session *s, size_t i, time_t now);
int app_course_decline(struct app_course *ac, struct session *s, size_t i,
                       time_t now);

/*
 * The reader's side.  Each records progress, then completes the lesson if
 * every condition holds: read to the end, every required prompt answered,
 * every tend-assess instrument taken since the lesson was first opened.
 * They return 1 when this call completed the lesson, 0 when not (yet), -1
 * on a database error.  Opening a locked lesson is refused (-1 is not
 * returned for that: 0, and nothing is recorded).
 */
int app_lesson_opened(struct app_course *ac, struct session *s, size_t i,
                      time_t now);
int app_lesson_read(struct app_course *ac, struct session *s, size_t i, int pos,
                    bool at_end, time_t now);
int app_lesson_answer(struct app_course *ac, struct session *s, size_t i,
                      const char *prompt, const char *text, time_t now);
/* Checks again (after a check-in taken inside the lesson, say). */
int app_lesson_try_complete(struct app_course *ac, struct session *s, size_t i,
                            time_t now);
/*
 * What is left before lesson i is complete, as one sentence ("Read to the
 * end and answer 1 more question."), or NULL when nothing is.  Fresh.
 */
char *app_lesson_missing(struct app_course *ac, struct session *s, size_t i);
/* The saved reading position of lesson i (0 when none). */
int app_lesson_read_pos(const struct app_course *ac, size_t i);

/*
 * The answer saved for prompt of lesson i: 1 and *text (fresh string,
 * free with free()), 0 when there is none (*text NULL), -1 on error.
 */
int app_lesson_answer_get(const struct app_course *ac, struct session *s,
                          size_t i, const char *prompt, char **text);

/* The file of lesson i (fresh string, free with free()).  Its text, as
 * loaded, is app_lesson_text() (app/lesson.h): nothing reads it again. */
char *app_lesson_path(const struct app_course *ac, size_t i);

#endif
