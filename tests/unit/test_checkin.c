/*
 * Tests of the one check-in flow (app/checkin.c) over a real vault: the
 * intro with its crisis brief only before a questionnaire with a risk
 * item; no item can be skipped but the unscored last question can; back
 * and changing from the review; a risk answer flagged and saved at once,
 * then the safety text before the next question; the same flow with no
 * vault open (`tend assess --answers`), where the flag and the safety plan
 * part come at saving; the result with its score, change and pause.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "app/assess.h"
#include "app/checkin.h"
#include "app/risk.h"
#include "util/clock.h"
#include "pack/instrument.h"
#include "store/assess.h"
#include "util/xalloc.h"

static char dir[64];
static struct opts opts = {dir, NULL, -1, false, false, false};
static struct session *s;
static struct inst_set *set;

#define T0 ((time_t)1793527200) /* 1 November 2026, 10:00 UTC */
#define DAY ((time_t)86400)

static int
setup(void **state)
{
	struct diags d = DIAGS_INIT;
	char code[VAULT_CODE_LEN], cwd[4096];
	char *msg = NULL;

	strcpy(dir, "/tmp/tend-checkin.XXXXXX");
	if (!mkdtemp(dir) || !getcwd(cwd, sizeof(cwd)))
		return -1;
	setenv("TEND_SHARE_DIR", cwd, 1);
	setenv("TEND_SYSCONF_DIR", dir, 1);
	if (session_create(&opts, "pass phrase for tests", VAULT_KDF_TEST, code,
	                   &s, &msg) != EXIT_OK) {
		free(msg);
		return -1;
	}
	set = pack_load_instrument_dir("data/instruments", &d);
	diag_free(&d);
	return inst_set_count(set) == 9 ? 0 : -1;
}

static int
teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	int rc;

	session_close(s);
	inst_set_free(set);
	rc = system(cmd);
	free(cmd);
	return rc == 0 ? 0 : -1;
}

/* checkin_next with the test's session. */
static enum checkin_rc
next_q(struct checkin *c)
{
	char *msg = NULL;
	enum checkin_rc rc = checkin_next(c, s, T0, &msg);

	free(msg);
	return rc;
}

static const char *
text_of(const struct checkin_step *st)
{
	static struct buf b;

	buf_reset(&b);
	assert_non_null(st->text);
	paras_text(st->text, &b);
	return b.data ? b.data : "";
}

static void
has(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("missing \"%s\" in:\n%s", needle, hay);
}

static ino_t
vault_inode(void)
{
	/* What a save changes on disk: the journal's length (or the vault
	 * file, when the save wrote it whole). */
	struct stat st, sj;
	char *p = xasprintf("%s/vault", dir);
	char *j = xasprintf("%s/vault.journal", dir);

	assert_int_equal(stat(p, &st), 0);
	if (stat(j, &sj) < 0)
		sj.st_size = 0;
	free(p);
	free(j);
	return st.st_ino * 1000003u + (ino_t)sj.st_size;
}

static size_t
nflags(const char *kind)
{
	struct store_flag *f;
	size_t n;

	assert_int_equal(store_flags(session_vault(s), kind, false, &f, &n), 0);
	store_flags_free(f, n);
	return n;
}

/* The newest flag whose kind starts with prefix, as "kind: note"
 * (static), "" when none. */
static const char *
newest_note(const char *prefix)
{
	static char out[160];
	struct store_flag *f;
	size_t n;

	out[0] = '\0';
	assert_int_equal(store_flags(session_vault(s), NULL, false, &f, &n), 0);
	for (size_t i = 0; i < n; i++) {
		if (strncmp(f[i].kind, prefix, strlen(prefix)) == 0) {
			snprintf(out, sizeof(out), "%s: %s", f[i].kind,
			         f[i].note ? f[i].note : "");
			break;
		}
	}
	store_flags_free(f, n);
	return out;
}

/* How many flags have a kind that starts with prefix. */
static size_t
nflags_like(const char *prefix)
{
	struct store_flag *f;
	size_t n, k = 0;

	assert_int_equal(store_flags(session_vault(s), NULL, false, &f, &n), 0);
	for (size_t i = 0; i < n; i++)
		if (strncmp(f[i].kind, prefix, strlen(prefix)) == 0)
			k++;
	store_flags_free(f, n);
	return k;
}

/* Answers every remaining numbered item with key (no risk answers). */
static void
answer_all(struct checkin *c, struct session *ss, const int *keys, size_t n)
{
	char *msg = NULL;

	for (size_t i = 0; i < n; i++) {
		const struct checkin_step *st = checkin_step(c);

		assert_int_equal(st->kind, CHECKIN_QUESTION);
		assert_int_equal(checkin_answer(c, ss, keys[i], T0, &msg),
		                 CHECKIN_OK);
		if (checkin_step(c)->kind == CHECKIN_SAFETY)
			checkin_go_on(c);
	}
}

static void
test_intro(void **state)
{
	struct checkin *c;
	const struct checkin_step *st;

	assert_int_equal(checkin_new(set, "nope", NULL, NULL, &c), -1);
	assert_null(c);
	assert_int_equal(checkin_new(set, "phq9", NULL, "GB", &c), 0);
	st = checkin_step(c);
	assert_int_equal(st->kind, CHECKIN_INTRO);
	assert_string_equal(st->name, "PHQ-9");
	assert_string_equal(st->title, "Patient Health Questionnaire (PHQ-9)");
	assert_string_equal(st->recall,
	                    "The questions are about the last 2 weeks.");
	assert_string_equal(st->brief, "If you are in crisis now: call 999, "
	                               "or Samaritans on 116 123.");
	assert_non_null(st->attribution);
	checkin_free(c);
	/* No risk item: no crisis brief. */
	assert_int_equal(checkin_new(set, "gad7", NULL, "GB", &c), 0);
	assert_null(checkin_step(c)->brief);
	checkin_free(c);
}

static void
test_questions_back_review(void **state)
{
	struct checkin *c;
	const struct checkin_step *st;
	const struct inst_item *it;
	size_t num;
	int key;
	char *msg = NULL;

	assert_int_equal(checkin_new(set, "gad7", NULL, NULL, &c), 0);
	checkin_start(c);
	st = checkin_step(c);
	assert_int_equal(st->kind, CHECKIN_QUESTION);
	assert_int_equal(st->number, 1);
	assert_int_equal(st->count, 7);
	assert_int_equal(st->chosen, -1);
	assert_false(st->can_back);
	assert_false(st->optional);
	assert_string_equal(st->window, "Over the last 2 weeks, how often have "
	                                "you been bothered by any of the "
	                                "following problems?");
	/* No skipping, no key that is not an option. */
	assert_int_equal(next_q(c), CHECKIN_NEEDS_ANSWER);
	assert_int_equal(checkin_answer(c, s, 7, T0, &msg),
	                 CHECKIN_NOT_AN_OPTION);
	assert_int_equal(checkin_step(c)->number, 1);
	assert_int_equal(checkin_answer(c, s, 2, T0, &msg), CHECKIN_OK);
	st = checkin_step(c);
	assert_int_equal(st->number, 2);
	assert_true(st->can_back);
	/* Back keeps the answer given. */
	checkin_back(c);
	st = checkin_step(c);
	assert_int_equal(st->number, 1);
	assert_int_equal(st->chosen, 2);
	checkin_back(c);
	assert_int_equal(checkin_step(c)->number, 1);
	assert_int_equal(next_q(c), CHECKIN_OK);
	answer_all(c, s, (int[]){1, 1, 1, 0, 0, 0}, 6);
	/* The unscored last question may be left out. */
	st = checkin_step(c);
	assert_int_equal(st->kind, CHECKIN_QUESTION);
	assert_int_equal(st->number, 0);
	assert_true(st->optional);
	assert_int_equal(next_q(c), CHECKIN_OK);
	st = checkin_step(c);
	assert_int_equal(st->kind, CHECKIN_REVIEW);
	assert_int_equal(checkin_rows(c), 8);
	checkin_row(c, 7, &num, &key);
	assert_int_equal(num, 0);
	assert_int_equal(key, -1);
	it = checkin_row(c, 0, &num, &key);
	assert_int_equal(num, 1);
	assert_int_equal(key, 2);
	assert_string_equal(it->text, "Feeling nervous, anxious or on edge");
	/* Change from the review, and come back to it. */
	checkin_change(c, 0);
	st = checkin_step(c);
	assert_int_equal(st->kind, CHECKIN_QUESTION);
	assert_int_equal(st->number, 1);
	assert_true(st->can_back);
	assert_int_equal(checkin_answer(c, s, 3, T0, &msg), CHECKIN_OK);
	assert_int_equal(checkin_step(c)->kind, CHECKIN_REVIEW);
	checkin_row(c, 0, &num, &key);
	assert_int_equal(key, 3);
	/* Back from a change leaves the answer as it was. */
	checkin_change(c, 1);
	checkin_back(c);
	assert_int_equal(checkin_step(c)->kind, CHECKIN_REVIEW);
	/* Back from the review: the last question. */
	checkin_back(c);
	st = checkin_step(c);
	assert_int_equal(st->kind, CHECKIN_QUESTION);
	assert_int_equal(st->number, 0);
	checkin_back(c);
	assert_int_equal(checkin_step(c)->number, 7);
	assert_int_equal(next_q(c), CHECKIN_OK);
	assert_int_equal(checkin_answer(c, s, 2, T0, &msg), CHECKIN_OK);
	assert_int_equal(checkin_save(c, s, "self", T0, &msg), EXIT_OK);
	st = checkin_step(c);
	assert_int_equal(st->kind, CHECKIN_RESULT);
	assert_false(st->paused);
	assert_string_equal(text_of(st),
	                    "GAD-7: 6 (range 0 to 21), Mild, below the "
	                    "clinical cut-off.\n"
	                    "This is your first score: later check-ins will "
	                    "be compared with it.\n");
	checkin_free(c);
}

static void
test_risk_answer(void **state)
{
	struct checkin *c;
	const struct checkin_step *st;
	char *msg = NULL;
	ino_t before;
	size_t flags = nflags("critical_item");

	assert_int_equal(checkin_new(set, "phq9", NULL, "GB", &c), 0);
	checkin_start(c);
	answer_all(c, s, (int[]){0, 0, 0, 0, 0, 0, 0, 0}, 8);
	before = vault_inode();
	assert_int_equal(checkin_answer(c, s, 1, T0 + DAY, &msg), CHECKIN_OK);
	/* Flagged and on disk before anything else is shown. */
	assert_int_equal(nflags("critical_item"), flags + 1);
	assert_true(vault_inode() != before);
	st = checkin_step(c);
	assert_int_equal(st->kind, CHECKIN_SAFETY);
	has(text_of(st), "Your safety comes first\n");
	has(text_of(st), "tend cannot alert anyone");
	has(text_of(st), "Samaritans: call 116 123");
	has(text_of(st), "You have not written a safety plan yet.");
	checkin_go_on(c);
	/* Then the unscored last question, which may be left out. */
	st = checkin_step(c);
	assert_int_equal(st->kind, CHECKIN_QUESTION);
	assert_int_equal(st->number, 0);
	assert_true(st->optional);
	assert_int_equal(next_q(c), CHECKIN_OK);
	assert_int_equal(checkin_step(c)->kind, CHECKIN_REVIEW);
	assert_int_equal(checkin_rows(c), 10);
	/* Changing item 9 to a higher risk answer asks about a plan (not
	 * asked yet), then shows the safety text, and keeps the one
	 * flag. */
	checkin_change(c, 8);
	assert_int_equal(checkin_answer(c, s, 2, T0 + DAY, &msg), CHECKIN_OK);
	assert_int_equal(checkin_step(c)->kind, CHECKIN_QUESTION);
	assert_int_equal(checkin_step(c)->ask, CHECKIN_ASK_PLAN);
	assert_int_equal(checkin_answer(c, s, RISK_PLAN_NO, T0 + DAY, &msg),
	                 CHECKIN_OK);
	assert_int_equal(checkin_step(c)->kind, CHECKIN_SAFETY);
	assert_int_equal(checkin_step(c)->safety, SAFETY_SCREEN);
	checkin_go_on(c);
	assert_int_equal(checkin_step(c)->kind, CHECKIN_REVIEW);
	assert_int_equal(checkin_save(c, s, "self", T0 + DAY, &msg), EXIT_OK);
	assert_int_equal(nflags("critical_item"), flags + 1);
	st = checkin_step(c);
	assert_int_equal(st->kind, CHECKIN_RESULT);
	has(text_of(st), "PHQ-9: 2 (range 0 to 27), Minimal");
	checkin_free(c);
}

/* `tend assess --answers`: the safety text before the vault is open. */
static void
test_risk_without_session(void **state)
{
	struct checkin *c;
	const struct checkin_step *st;
	char *msg = NULL;
	size_t flags = nflags("critical_item");

	assert_int_equal(checkin_new(set, "phq9", NULL, "GB", &c), 0);
	checkin_start(c);
	answer_all(c, NULL, (int[]){0, 0, 0, 0, 0, 0, 0, 0}, 8);
	assert_int_equal(checkin_answer(c, NULL, 3, T0 + 2 * DAY, &msg),
	                 CHECKIN_OK);
	/* 3: the plan question, before the vault is open; "no". */
	st = checkin_step(c);
	assert_int_equal(st->kind, CHECKIN_QUESTION);
	assert_int_equal(st->ask, CHECKIN_ASK_PLAN);
	assert_int_equal(
	        checkin_answer(c, NULL, RISK_PLAN_NO, T0 + 2 * DAY, &msg),
	        CHECKIN_OK);
	st = checkin_step(c);
	assert_int_equal(st->kind, CHECKIN_SAFETY);
	has(text_of(st), "Samaritans: call 116 123");
	assert_null(strstr(text_of(st), "safety plan"));
	checkin_go_on(c);
	assert_int_equal(checkin_answer(c, NULL, 1, T0, &msg), CHECKIN_OK);
	assert_int_equal(checkin_step(c)->kind, CHECKIN_REVIEW);
	assert_int_equal(nflags("critical_item"), flags);
	assert_int_equal(checkin_save(c, NULL, "cli", T0, &msg), EXIT_FAIL);
	has(msg, "nothing saved");
	free(msg);
	assert_int_equal(checkin_step(c)->kind, CHECKIN_REVIEW);
	/* With the vault: the flag, then the plan part owed, then the
	 * result. */
	assert_int_equal(checkin_save(c, s, "cli", T0 + 2 * DAY, &msg),
	                 EXIT_OK);
	assert_int_equal(nflags("critical_item"), flags + 1);
	/* The plan answer given before the vault was open, kept now. */
	assert_string_equal(newest_note("risk_plan"),
	                    "risk_plan_no: phq9 item 9");
	st = checkin_step(c);
	assert_int_equal(st->kind, CHECKIN_SAFETY);
	assert_string_equal(text_of(st), "You have not written a safety plan "
	                                 "yet. The safety-plan worksheet helps "
	                                 "you make one; it is then shown "
	                                 "here.\n");
	checkin_go_on(c);
	st = checkin_step(c);
	assert_int_equal(st->kind, CHECKIN_RESULT);
	has(text_of(st), "PHQ-9: 3 (range 0 to 27)");
	checkin_free(c);
}

static void
run(const char *id, const int *keys, size_t n, time_t now)
{
	struct checkin *c;
	char *msg = NULL;

	assert_int_equal(checkin_new(set, id, NULL, "GB", &c), 0);
	checkin_start(c);
	answer_all(c, s, keys, n);
	if (checkin_step(c)->kind == CHECKIN_QUESTION)
		assert_int_equal(next_q(c), CHECKIN_OK);
	assert_int_equal(checkin_save(c, s, "self", now, &msg), EXIT_OK);
	checkin_free(c);
}

/* Answers a whole PHQ-9 with item 9 at item9 (and plan, when asked) and
 * saves it at now; returns the check-in at its result (free it). */
static struct checkin *
phq9_with(struct session *ss, int item9, int plan, time_t now)
{
	struct checkin *c;
	char *msg = NULL;

	assert_int_equal(checkin_new(set, "phq9", ss, "GB", &c), 0);
	checkin_start(c);
	if (checkin_step(c)->ask == CHECKIN_ASK_SINCE)
		assert_int_equal(
		        checkin_answer(c, ss, RISK_SINCE_SAME, now, &msg),
		        CHECKIN_OK);
	answer_all(c, ss, (int[]){1, 1, 1, 1, 1, 1, 1, 1}, 8);
	assert_int_equal(checkin_answer(c, ss, item9, now, &msg), CHECKIN_OK);
	if (checkin_step(c)->kind == CHECKIN_QUESTION &&
	    checkin_step(c)->ask == CHECKIN_ASK_PLAN)
		assert_int_equal(checkin_answer(c, ss, plan, now, &msg),
		                 CHECKIN_OK);
	while (checkin_step(c)->kind == CHECKIN_SAFETY)
		checkin_go_on(c);
	assert_int_equal(next_q(c), CHECKIN_OK);
	assert_int_equal(checkin_save(c, ss, "self", now, &msg), EXIT_OK);
	while (checkin_step(c)->kind == CHECKIN_SAFETY)
		checkin_go_on(c);
	return c;
}

/*
 * The graded pathway: item 9 at 1 shows the safety text at once; at 2 the
 * plan question comes first (plain words, yes or no, may be left); a yes
 * gives the urgent text with the emergency number before anything else,
 * the safety plan offered when there is none, then the lines; the answer
 * is kept with its date.
 */
static void
test_pathway_levels(void **state)
{
	struct checkin *c;
	const struct checkin_step *st;
	char *msg = NULL;
	size_t plans = nflags_like("risk_plan");

	assert_int_equal(checkin_new(set, "phq9", s, "GB", &c), 0);
	checkin_start(c);
	/* The earlier tests' risk answers came before this run: how since
	 * (left unanswered here: a record, no safety text). */
	if (checkin_step(c)->ask == CHECKIN_ASK_SINCE) {
		assert_int_equal(checkin_next(c, s, T0 + 3 * DAY, &msg),
		                 CHECKIN_OK);
		assert_string_equal(newest_note("risk_since"),
		                    "risk_since_none: checkin");
	}
	answer_all(c, s, (int[]){0, 0, 0, 0, 0, 0, 0, 0}, 8);
	assert_int_equal(checkin_answer(c, s, 2, T0 + 3 * DAY, &msg),
	                 CHECKIN_OK);
	st = checkin_step(c);
	assert_int_equal(st->kind, CHECKIN_QUESTION);
	assert_int_equal(st->ask, CHECKIN_ASK_PLAN);
	assert_string_equal(st->heading, "About your safety");
	has(st->question->text, "Have you made a plan to end your life or to "
	                        "harm yourself, or have you started to act "
	                        "on these thoughts?");
	assert_int_equal(st->question->nopts, 2);
	assert_string_equal(st->question->opts[0].label, "Yes");
	assert_true(st->optional);
	assert_false(st->can_back);
	/* Back stays; a key that is no answer changes nothing. */
	checkin_back(c);
	assert_int_equal(checkin_step(c)->ask, CHECKIN_ASK_PLAN);
	assert_int_equal(checkin_answer(c, s, 7, T0, &msg),
	                 CHECKIN_NOT_AN_OPTION);
	assert_int_equal(
	        checkin_answer(c, s, RISK_PLAN_YES, T0 + 3 * DAY, &msg),
	        CHECKIN_OK);
	st = checkin_step(c);
	assert_int_equal(st->kind, CHECKIN_SAFETY);
	assert_int_equal(st->safety, SAFETY_URGENT);
	/* The emergency number before anything else. */
	assert_int_equal(st->text->v[0].style, PARA_TITLE);
	assert_string_equal(st->text->v[0].text, "Please call 999 now");
	has(text_of(st), "You have not written a safety plan yet.");
	assert_true(st->offer_plan);
	assert_true(strstr(text_of(st), "safety plan yet") >
	            strstr(text_of(st), "Samaritans"));
	assert_int_equal(nflags_like("risk_plan"), plans + 1);
	assert_string_equal(newest_note("risk_plan"),
	                    "risk_plan_yes: phq9 item 9");
	checkin_go_on(c);
	/* On to the last question, as before. */
	assert_int_equal(checkin_step(c)->kind, CHECKIN_QUESTION);
	assert_int_equal(checkin_step(c)->ask, CHECKIN_ASK_ITEM);
	checkin_free(c);

	/* Left unanswered: the safety text, and "not answered" kept.  (The
	 * test's times are before this run's start, so "since" may come
	 * again: left too.) */
	assert_int_equal(checkin_new(set, "phq9", s, "GB", &c), 0);
	checkin_start(c);
	if (checkin_step(c)->ask == CHECKIN_ASK_SINCE)
		assert_int_equal(checkin_next(c, s, T0 + 3 * DAY, &msg),
		                 CHECKIN_OK);
	answer_all(c, s, (int[]){0, 0, 0, 0, 0, 0, 0, 0}, 8);
	assert_int_equal(checkin_answer(c, s, 3, T0 + 3 * DAY, &msg),
	                 CHECKIN_OK);
	assert_int_equal(checkin_step(c)->ask, CHECKIN_ASK_PLAN);
	assert_int_equal(checkin_next(c, s, T0 + 3 * DAY, &msg), CHECKIN_OK);
	assert_int_equal(checkin_step(c)->kind, CHECKIN_SAFETY);
	assert_int_equal(checkin_step(c)->safety, SAFETY_SCREEN);
	assert_false(checkin_step(c)->offer_plan);
	assert_string_equal(newest_note("risk_plan"),
	                    "risk_plan_none: phq9 item 9");
	checkin_free(c);
}

/*
 * A second risk answer in a row: the last administration had one, so even
 * the lowest level asks about a plan; known only at saving when the vault
 * was locked (tend assess --answers), the question then comes before the
 * result.  And the next check-in in a later run asks how the person has
 * been since; "worse" brings the safety text first.
 */
static void
test_pathway_in_a_row_and_since(void **state)
{
	struct checkin *c;
	const struct checkin_step *st;
	struct session *s2 = NULL;
	char *msg = NULL, *d2 = xasprintf("%s/second", dir);
	struct opts o2 = {d2, NULL, -1, false, false, false};
	char code[VAULT_CODE_LEN];
	time_t t = T0 + 20 * DAY;

	/* A vault of its own, opened at t (TEND_NOW): this run. */
	setenv("TEND_NOW", "1795255200", 1); /* T0 + 20 days */
	clock_reset();
	assert_int_equal(session_create(&o2, "pass phrase for tests",
	                                VAULT_KDF_TEST, code, &s2, &msg),
	                 EXIT_OK);
	/* A first risk answer at the lowest level: no plan question. */
	c = phq9_with(s2, 1, 0, t);
	checkin_free(c);
	/* The same run: a second check-in is not "since then". */
	assert_int_equal(checkin_new(set, "phq9", s2, "GB", &c), 0);
	checkin_start(c);
	assert_int_equal(checkin_step(c)->ask, CHECKIN_ASK_ITEM);
	answer_all(c, s2, (int[]){0, 0, 0, 0, 0, 0, 0, 0}, 8);
	/* ... but a second risk answer in a row asks about a plan. */
	assert_int_equal(checkin_answer(c, s2, 1, t, &msg), CHECKIN_OK);
	assert_int_equal(checkin_step(c)->ask, CHECKIN_ASK_PLAN);
	checkin_free(c);
	/* Without the vault (tend assess --answers): the rule is applied at
	 * saving, and the plan question comes before the result. */
	assert_int_equal(checkin_new(set, "phq9", NULL, "GB", &c), 0);
	checkin_start(c);
	answer_all(c, NULL, (int[]){0, 0, 0, 0, 0, 0, 0, 0}, 8);
	assert_int_equal(checkin_answer(c, NULL, 1, t, &msg), CHECKIN_OK);
	assert_int_equal(checkin_step(c)->kind, CHECKIN_SAFETY);
	checkin_go_on(c);
	assert_int_equal(next_q(c), CHECKIN_OK);
	assert_int_equal(checkin_save(c, s2, "cli", t, &msg), EXIT_OK);
	st = checkin_step(c);
	assert_int_equal(st->kind, CHECKIN_QUESTION);
	assert_int_equal(st->ask, CHECKIN_ASK_PLAN);
	assert_int_equal(checkin_answer(c, s2, RISK_PLAN_YES, t, &msg),
	                 CHECKIN_OK);
	st = checkin_step(c);
	assert_int_equal(st->kind, CHECKIN_SAFETY);
	assert_string_equal(st->text->v[0].text, "Please call 999 now");
	checkin_go_on(c);
	assert_int_equal(checkin_step(c)->kind, CHECKIN_RESULT);
	checkin_free(c);
	session_close(s2);

	/* A week later, a new run: the check-in starts with "since". */
	setenv("TEND_NOW", "1795860000", 1); /* T0 + 27 days */
	clock_reset();
	t = T0 + 27 * DAY;
	assert_int_equal(
	        session_open_with(&o2, "pass phrase for tests", &s2, &msg),
	        EXIT_OK);
	assert_int_equal(checkin_new(set, "gad7", s2, "GB", &c), 0);
	checkin_start(c);
	st = checkin_step(c);
	assert_int_equal(st->kind, CHECKIN_QUESTION);
	assert_int_equal(st->ask, CHECKIN_ASK_SINCE);
	assert_string_equal(st->heading, "Since last time");
	has(st->window, "Last time, one of your answers said");
	has(st->question->text, "How have you been since then?");
	assert_int_equal(st->question->nopts, 4);
	assert_int_equal(checkin_answer(c, s2, RISK_SINCE_WORSE, t, &msg),
	                 CHECKIN_OK);
	st = checkin_step(c);
	assert_int_equal(st->kind, CHECKIN_SAFETY);
	has(text_of(st), "Your safety comes first");
	checkin_go_on(c);
	st = checkin_step(c);
	assert_int_equal(st->ask, CHECKIN_ASK_ITEM);
	assert_int_equal(st->number, 1);
	checkin_free(c);
	/* Asked once: not again in this run, at a check-in or at open. */
	assert_int_equal(checkin_new(set, "gad7", s2, "GB", &c), 0);
	checkin_start(c);
	assert_int_equal(checkin_step(c)->ask, CHECKIN_ASK_ITEM);
	checkin_free(c);
	assert_int_equal(
	        risk_followup_due(s2, RISK_AT_OPEN, t, session_opened_at(s2)),
	        0);
	session_close(s2);
	unsetenv("TEND_NOW");
	clock_reset();
	free(d2);
}

static void
test_pause_and_resume(void **state)
{
	struct checkin *c;
	const struct checkin_step *st;
	char *msg = NULL;

	/* A baseline of 4 (the risk test's 2 and 3 were later). */
	run("phq2", (int[]){1, 1}, 2, T0);
	assert_int_equal(checkin_new(set, "phq2", NULL, "GB", &c), 0);
	checkin_start(c);
	answer_all(c, s, (int[]){3, 3}, 2);
	assert_int_equal(checkin_save(c, s, "self", T0 + 7 * DAY, &msg),
	                 EXIT_OK);
	st = checkin_step(c);
	assert_int_equal(st->kind, CHECKIN_RESULT);
	checkin_free(c);
	/* PHQ-9 from 0 to 16: reliably worse, paused. */
	run("phq9", (int[]){0, 0, 0, 0, 0, 0, 0, 0, 0}, 9, T0);
	assert_int_equal(checkin_new(set, "phq9", NULL, "GB", &c), 0);
	checkin_start(c);
	answer_all(c, s, (int[]){2, 2, 2, 2, 2, 2, 2, 2, 0}, 9);
	assert_int_equal(next_q(c), CHECKIN_OK);
	assert_int_equal(checkin_save(c, s, "self", T0 + 14 * DAY, &msg),
	                 EXIT_OK);
	st = checkin_step(c);
	assert_true(st->paused);
	has(text_of(st), "PHQ-9: 16 (range 0 to 27), Moderately severe");
	has(text_of(st), "points higher than when you started: a reliable "
	                 "deterioration.");
	has(text_of(st), "\n\nYour PHQ-9 score");
	has(text_of(st), "The next lesson will wait for now.");
	checkin_free(c);
	/* A later score that meets neither rule lifts it. */
	assert_int_equal(checkin_new(set, "phq9", NULL, "GB", &c), 0);
	checkin_start(c);
	answer_all(c, s, (int[]){0, 0, 0, 0, 0, 1, 0, 0, 0}, 9);
	assert_int_equal(checkin_answer(c, s, 1, T0, &msg), CHECKIN_OK);
	assert_int_equal(checkin_save(c, s, "self", T0 + 21 * DAY, &msg),
	                 EXIT_OK);
	st = checkin_step(c);
	assert_false(st->paused);
	has(text_of(st), "The pause is lifted: the course can go on.");
	checkin_free(c);
}

/* Answers every item of a fresh check-in of id for region and saves;
 * returns the result's text (static). */
static const char *
result_for(const char *id, const char *region, const int *keys, size_t n,
           time_t now, const struct instrument **asked)
{
	struct checkin *c;
	char *msg = NULL;
	const char *t;

	assert_int_equal(checkin_new(set, id, NULL, region, &c), 0);
	*asked = checkin_instrument(c);
	checkin_start(c);
	answer_all(c, s, keys, n);
	if (checkin_step(c)->kind == CHECKIN_QUESTION)
		assert_int_equal(next_q(c), CHECKIN_OK);
	assert_int_equal(checkin_save(c, s, "self", now, &msg), EXIT_OK);
	assert_int_equal(checkin_step(c)->kind, CHECKIN_RESULT);
	t = text_of(checkin_step(c));
	checkin_free(c);
	return t;
}

/*
 * The AUDIT-C as the person's country asks it (units in GB, drinks
 * elsewhere), every score interpreted with the withdrawal warning before
 * any advice to cut down; the PHQ panic question named, not scored.
 */
static void
test_interpreted(void **state)
{
	const struct instrument *in;
	const char *t, *warn, *cut;

	t = result_for("auditc", "GB", (int[]){3, 3, 3}, 3, T0 + 40 * DAY, &in);
	has(in->items[1].text, "units");
	has(t, "AUDIT-C: 9 (range 0 to 12), Increasing or higher risk (5 or "
	       "more).");
	warn = strstr(t, "do not stop all at once");
	cut = strstr(t, "cut down");
	assert_non_null(warn);
	assert_non_null(cut);
	assert_true(warn < cut);
	has(t, "talk with your GP about your drinking");
	t = result_for("auditc", "US", (int[]){1, 1, 1}, 3, T0 + 41 * DAY, &in);
	has(in->items[1].text, "drinks");
	has(t, "AUDIT-C: 3 (range 0 to 12), At the screening cut-off for "
	       "women (3)");
	has(t, "3 or more for women");
	t = result_for("phqpanic", "GB", (int[]){1}, 1, T0 + 42 * DAY, &in);
	assert_string_equal(t, "PHQ panic question: Sudden attacks of fear "
	                       "or panic in the last 4 weeks.\n"
	                       "Sudden rushes of fear, with strong feelings "
	                       "in the body, are common, and they can be "
	                       "treated. The extra lesson \"Panic and body "
	                       "sensations\" may help. If the attacks are new, "
	                       "or come with chest pain or fainting, see a "
	                       "doctor first.\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_intro),
	        cmocka_unit_test(test_questions_back_review),
	        cmocka_unit_test(test_risk_answer),
	        cmocka_unit_test(test_risk_without_session),
	        cmocka_unit_test(test_pathway_levels),
	        cmocka_unit_test(test_pathway_in_a_row_and_since),
	        cmocka_unit_test(test_pause_and_resume),
	        cmocka_unit_test(test_interpreted),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
