/*
 * Tests of the one builder of crisis and safety text (app/safety.c): the
 * contact lines in one format with who each line is for; only the
 * person's country's lines, named, never another country's in their
 * place; an unlisted country said to be unlisted, with 112 in the EU; no
 * country set said first, with the suggestion shown only as one; the
 * honest safety message with the lines below it (and no "lines below"
 * where there are none); the urgent message with the emergency number
 * first; the brief; and the person's safety plan under the worksheet's
 * own labels.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "app/country.h"
#include "app/safety.h"
#include "app/sheet.h"
#include "util/path.h"
#include "util/xalloc.h"

static char dir[64];
static struct opts opts = {dir, NULL, -1, false, false, false};
static struct session *s;

static int
setup(void **state)
{
	char code[VAULT_CODE_LEN], cwd[4096];
	char *msg = NULL;

	strcpy(dir, "/tmp/tend-safety.XXXXXX");
	if (!mkdtemp(dir) || !getcwd(cwd, sizeof(cwd)))
		return -1;
	setenv("TEND_SHARE_DIR", cwd, 1);
	setenv("TEND_SYSCONF_DIR", dir, 1);
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	setenv("LANG", "C.UTF-8", 1);
	setenv("TZ", "UTC", 1);
	if (paths_init(dir) < 0)
		return -1;
	if (session_create(&opts, "pass phrase for tests", VAULT_KDF_TEST, code,
	                   &s, &msg) != EXIT_OK) {
		free(msg);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	int rc;

	session_close(s);
	rc = system(cmd);
	free(cmd);
	return rc == 0 ? 0 : -1;
}

/* The paragraphs as "S|text" lines, S the style's initial. */
static char *
dump(const struct paras *p)
{
	static const char st[] = "THtinw";
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < p->n; i++)
		buf_printf(&b, "%c|%s\n", st[p->v[i].style], p->v[i].text);
	return buf_detach(&b);
}

static void
has(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("missing \"%s\" in:\n%s", needle, hay);
}

static void
lacks(const char *hay, const char *needle)
{
	if (strstr(hay, needle))
		fail_msg("unexpected \"%s\" in:\n%s", needle, hay);
}

static void
test_contacts(void **state)
{
	struct paras p = PARAS_INIT;
	char cwd[4096];
	char *t;

	safety_contacts(NULL, "GB", &p);
	t = dump(&p);
	assert_string_equal(
	        t, "n|Country: United Kingdom (from --region).\n"
	           "H|United Kingdom: emergency 999\n"
	           "i|Samaritans: call 116 123 (24 hours, every day), "
	           "https://www.samaritans.org; for anyone who is struggling "
	           "to cope\n"
	           "i|Shout: text SHOUT to 85258 (24 hours, every day), "
	           "https://giveusashout.org; for anyone who would rather "
	           "text than talk\n"
	           "i|Childline: call 0800 1111 (24 hours, every day), "
	           "https://www.childline.org.uk; for children and young "
	           "people under 19\n");
	free(t);
	paras_free(&p);
	safety_contacts(NULL, "us", &p);
	t = dump(&p);
	has(t, "i|988 Suicide & Crisis Lifeline: call 988, text 988 (24 "
	       "hours, every day), https://988lifeline.org; for anyone");
	lacks(t, "Samaritans");
	free(t);
	paras_free(&p);
	/* A country whose only checked number is the emergency number: no
	 * line is invented, and the text says how to find one. */
	safety_contacts(NULL, "IT", &p);
	t = dump(&p);
	has(t, "H|Italy: emergency 112\n");
	has(t, "tend has no checked crisis line for Italy yet: in a crisis, "
	       "call 112.");
	has(t, "ask your doctor, a pharmacist or your local health service");
	lacks(t, "i|");
	free(t);
	paras_free(&p);
	/* No data at all: the country is unlisted, never an empty screen. */
	setenv("TEND_SHARE_DIR", dir, 1);
	safety_contacts(NULL, "GB", &p);
	t = dump(&p);
	has(t, "w|United Kingdom is not in tend's list of countries with "
	       "crisis lines.\n");
	has(t, "t|In an emergency, call your local emergency number.\n");
	free(t);
	paras_free(&p);
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	setenv("TEND_SHARE_DIR", cwd, 1);
}

/* A country tend has no file for: said so, with 112 in the EU or the
 * local emergency number, and never another country's lines. */
static void
test_unlisted(void **state)
{
	struct paras p = PARAS_INIT;
	char *t;

	safety_crisis(NULL, "JP", &p);
	t = dump(&p);
	has(t, "w|Japan is not in tend's list of countries with crisis "
	       "lines.\n");
	has(t, "t|In an emergency, call your local emergency number.\n");
	has(t, "call your local emergency number now, or go to the nearest");
	lacks(t, "H|");
	lacks(t, "i|");
	free(t);
	paras_free(&p);
	safety_crisis(NULL, "dk", &p);
	t = dump(&p);
	has(t, "w|Denmark is not in tend's list");
	has(t, "t|In an emergency, call 112.\n");
	has(t, "call your local emergency number now (112), or go");
	lacks(t, "i|");
	free(t);
	paras_free(&p);
	/* The brief and the safety screen say the same. */
	{
		struct buf b = BUF_INIT;

		safety_brief(NULL, "DK", &b);
		assert_string_equal(b.data,
		                    "If you are in crisis now: call 112.");
		buf_reset(&b);
		safety_brief(NULL, "JP", &b);
		assert_string_equal(b.data,
		                    "If you are in crisis now, call your local "
		                    "emergency number.");
		buf_free(&b);
	}
	safety_screen(NULL, "JP", &p);
	t = dump(&p);
	lacks(t, "lines below");
	has(t, "call your local emergency number or go to an emergency "
	       "department. Otherwise, talk to your doctor");
	free(t);
	paras_free(&p);
}

/* No country set: said first; the lines of the country the time zone
 * suggests appear only under the suggestion; without one, the list of
 * countries to choose from, and no lines at all. */
static void
test_unset(void **state)
{
	struct paras p = PARAS_INIT;
	char *t, *warn, *sug;

	setenv("LANG", "en_US.UTF-8", 1);
	safety_crisis(NULL, NULL, &p);
	t = dump(&p);
	/* en_US suggests the United States: a suggestion only. */
	warn = strstr(t, "w|Your country is not set yet, so tend cannot "
	                 "tell which crisis lines reach you.");
	sug = strstr(t, "t|This computer's settings suggest United States. "
	                "If that is where you are:\n"
	                "H|United States: emergency 911\n");
	assert_non_null(warn);
	assert_non_null(sug);
	assert_true(warn < sug);
	/* The emergency number is not presented as the person's own. */
	has(t, "call your local emergency number now, or go");
	lacks(t, "(911)");
	lacks(t, "Your country:");
	free(t);
	paras_free(&p);
	/* The time zone comes before the language. */
	setenv("TZ", "Europe/London", 1);
	safety_crisis(NULL, NULL, &p);
	t = dump(&p);
	has(t, "suggest United Kingdom. If that is where you are:");
	lacks(t, "United States");
	free(t);
	paras_free(&p);
	/* Nothing to go on: the choice, and no country's lines. */
	setenv("TZ", "UTC", 1);
	setenv("LANG", "C.UTF-8", 1);
	safety_crisis(NULL, NULL, &p);
	t = dump(&p);
	has(t, "w|Your country is not set yet");
	has(t, "t|tend has crisis lines for: Australia, Canada, ");
	lacks(t, "H|");
	lacks(t, "i|");
	free(t);
	paras_free(&p);
}

/* The person's choice, kept in the vault: only that country's lines,
 * named as theirs, whatever the language setting. */
static void
test_person(void **state)
{
	struct paras p = PARAS_INIT;
	char *t, *msg = NULL;

	setenv("LANG", "en_US.UTF-8", 1);
	assert_int_equal(country_set(s, "gb", 100, &msg), EXIT_OK);
	safety_crisis(s, NULL, &p);
	t = dump(&p);
	has(t, "n|Your country: United Kingdom.\nH|United Kingdom: emergency "
	       "999\ni|Samaritans");
	has(t, "(999)");
	lacks(t, "United States");
	lacks(t, "911");
	lacks(t, "988");
	free(t);
	paras_free(&p);
	/* --region wins for its command. */
	safety_crisis(s, "IE", &p);
	t = dump(&p);
	has(t, "n|Country: Ireland (from --region).");
	lacks(t, "United Kingdom");
	free(t);
	paras_free(&p);
	setenv("LANG", "C.UTF-8", 1);
}

static void
test_crisis_screen(void **state)
{
	struct paras p = PARAS_INIT;
	char *t;

	safety_crisis(NULL, "NZ", &p);
	t = dump(&p);
	has(t, "T|If you are in danger now\n");
	has(t, "call your local emergency number now (111), or go");
	has(t, "nobody reads what you write here");
	has(t, "T|Crisis lines\n");
	has(t, "H|New Zealand: emergency 111\n");
	lacks(t, "United Kingdom");
	/* Without a session there is no plan part. */
	lacks(t, "safety plan");
	free(t);
	paras_free(&p);
	/* With a session, the plan note. */
	safety_crisis(s, "NZ", &p);
	t = dump(&p);
	has(t, "n|You have not written a safety plan yet.");
	free(t);
	paras_free(&p);
}

static void
test_safety_screen(void **state)
{
	struct paras p = PARAS_INIT;
	char *t, *msg, *lines, *body;

	safety_screen(NULL, "GB", &p);
	t = dump(&p);
	has(t, "T|Your safety comes first\n");
	has(t, "t|tend cannot alert anyone: nobody reads these answers and "
	       "nobody has been told.\n");
	/* The message says "the lines below": they are below it. */
	msg = strstr(t, "one of the lines below");
	lines = strstr(t, "i|Samaritans: call 116 123");
	assert_non_null(msg);
	assert_non_null(lines);
	assert_true(msg < lines);
	has(t, "call 999 or go to an emergency department");
	lacks(t, "safety plan");
	free(t);
	paras_free(&p);
	/* A country with only its emergency number: no "lines below". */
	safety_screen(NULL, "IT", &p);
	t = dump(&p);
	lacks(t, "lines below");
	has(t, "call 112 or go to an emergency department. Otherwise, talk "
	       "to your doctor or someone you trust today.");
	free(t);
	paras_free(&p);
	safety_screen(s, "GB", &p);
	t = dump(&p);
	body = strstr(t, "n|You have not written a safety plan yet.");
	assert_non_null(body);
	assert_true(body > strstr(t, "Samaritans"));
	free(t);
	paras_free(&p);
}

/* A yes to "a plan, or started to act": the emergency number before
 * anything else, then the lines, then the plan. */
static void
test_urgent(void **state)
{
	struct paras p = PARAS_INIT;
	char *t;

	safety_urgent(s, "GB", &p);
	assert_true(p.n > 3);
	assert_int_equal(p.v[0].style, PARA_TITLE);
	assert_string_equal(p.v[0].text, "Please call 999 now");
	t = dump(&p);
	has(t, "You said you have a plan, or have started to act on it.");
	assert_true(strstr(t, "safety plan yet") > strstr(t, "i|Samaritans"));
	free(t);
	paras_free(&p);
	safety_urgent(NULL, "JP", &p);
	assert_string_equal(p.v[0].text,
	                    "Please call your local emergency number now");
	paras_free(&p);
	safety_urgent(NULL, "FI", &p);
	assert_string_equal(p.v[0].text, "Please call 112 now");
	paras_free(&p);
	/* By kind, the same words. */
	safety_text(SAFETY_URGENT, NULL, "GB", &p);
	assert_string_equal(p.v[0].text, "Please call 999 now");
	paras_free(&p);
}

static void
test_brief(void **state)
{
	struct buf b = BUF_INIT;

	safety_brief(NULL, "GB", &b);
	assert_string_equal(b.data, "If you are in crisis now: call 999, or "
	                            "Samaritans on 116 123.");
	/* No country set: the local number, no other country's. */
	buf_reset(&b);
	safety_brief(NULL, NULL, &b);
	assert_string_equal(b.data, "If you are in crisis now, call your local "
	                            "emergency number.");
	/* A region with only its emergency number: no line to name. */
	buf_reset(&b);
	safety_brief(NULL, "IT", &b);
	assert_string_equal(b.data, "If you are in crisis now: call 112.");
	buf_free(&b);
}

static void
test_plan(void **state)
{
	const struct sheet *def =
	        sheet_set_find(app_sheets(s), SAFETY_PLAN_SHEET);
	struct sheet_answers *a = NULL;
	struct paras p = PARAS_INIT;
	int64_t id;
	char *msg = NULL, *t;

	assert_non_null(def);
	assert_int_equal(safety_plan(s, &p), 0);
	assert_int_equal(p.n, 0);
	assert_int_equal(
	        app_sheet_begin(s, def, NULL, NULL, 100, &id, &a, &msg),
	        EXIT_OK);
	sheet_answers_set(a, "warning-signs", "Not sleeping\nPacing");
	sheet_answers_set(a, "people.1.name", "Sam");
	sheet_answers_set(a, "people.1.contact", "0123 456");
	sheet_answers_set(a, "people.2.name", "My sister");
	sheet_answers_set(a, "safe-place", "Give the pills to Sam");
	assert_int_equal(app_sheet_save_all(s, def, id, a, 101, &msg), EXIT_OK);
	assert_int_equal(safety_plan(s, &p), 1);
	t = dump(&p);
	/* The worksheet's labels, never field ids like "people.name". */
	assert_string_equal(t, "H|Your safety plan\n"
	                       "t|Signs that a crisis may be building\n"
	                       "i|Not sleeping\n"
	                       "i|Pacing\n"
	                       "t|People I can ask for help\n"
	                       "i|1. Name: Sam; Phone or how to reach them: "
	                       "0123 456\n"
	                       "i|2. Name: My sister\n"
	                       "t|Making my surroundings safer\n"
	                       "i|Give the pills to Sam\n");
	free(t);
	paras_free(&p);
	/* The safety screen shows it after the lines. */
	safety_screen(s, "GB", &p);
	t = dump(&p);
	assert_true(strstr(t, "H|Your safety plan") > strstr(t, "Samaritans"));
	assert_null(strstr(t, "not written a safety plan"));
	free(t);
	paras_free(&p);
	/* A plan in the bin is not shown. */
	assert_int_equal(app_sheet_delete(s, id, 102, &msg), EXIT_OK);
	assert_int_equal(safety_plan(s, &p), 0);
	sheet_answers_free(a);
}

static void
test_paras(void **state)
{
	struct paras p = PARAS_INIT;
	struct buf b = BUF_INIT;

	paras_gap(&p);
	assert_int_equal(p.n, 0);
	paras_add(&p, PARA_TEXT, "one\ntwo");
	paras_add(&p, PARA_TEXT, NULL);
	paras_gap(&p);
	paras_gap(&p);
	paras_addf(&p, PARA_NOTE, "%d", 3);
	paras_text(&p, &b);
	assert_string_equal(b.data, "one\ntwo\n\n3\n");
	assert_int_equal(p.v[3].style, PARA_NOTE);
	buf_free(&b);
	paras_free(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_paras),
	        cmocka_unit_test(test_contacts),
	        cmocka_unit_test(test_unlisted),
	        cmocka_unit_test(test_unset),
	        cmocka_unit_test(test_crisis_screen),
	        cmocka_unit_test(test_safety_screen),
	        cmocka_unit_test(test_urgent),
	        cmocka_unit_test(test_brief),
	        cmocka_unit_test(test_person),
	        cmocka_unit_test(test_plan),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
