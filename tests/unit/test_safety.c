/*
 * Tests of the one builder of crisis and safety text (app/safety.c): the
 * contact lines in one format, the crisis screen with every region's
 * emergency number from the data (New Zealand 111 and Ireland 112 among
 * them), the honest safety message with the lines below it, the brief,
 * and the person's safety plan under the worksheet's own labels.
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

#include "app/safety.h"
#include "app/sheet.h"
#include "util/xalloc.h"

static char dir[64];
static struct opts opts = {dir, NULL, -1, false, false};
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
test_contacts(void **state)
{
	struct paras p = PARAS_INIT;
	char cwd[4096];
	char *t;

	safety_contacts("GB", &p);
	t = dump(&p);
	assert_string_equal(t, "H|United Kingdom: emergency 999\n"
	                       "i|Samaritans: call 116 123 (24 hours, every "
	                       "day), https://www.samaritans.org\n"
	                       "i|Shout: text SHOUT to 85258 (24 hours, every "
	                       "day), https://giveusashout.org\n"
	                       "i|Childline: call 0800 1111 (24 hours, every "
	                       "day), https://www.childline.org.uk\n");
	free(t);
	paras_free(&p);
	safety_contacts("us", &p);
	t = dump(&p);
	has(t, "i|988 Suicide & Crisis Lifeline: call 988, text 988 (24 "
	       "hours, every day), https://988lifeline.org\n");
	free(t);
	paras_free(&p);
	/* A country whose only checked number is the emergency number. */
	safety_contacts("IT", &p);
	t = dump(&p);
	assert_string_equal(t, "H|Italy: emergency 112\n");
	free(t);
	paras_free(&p);
	/* No data at all: a warning, never an empty screen. */
	setenv("TEND_SHARE_DIR", dir, 1);
	safety_contacts("GB", &p);
	t = dump(&p);
	assert_string_equal(t, "w|No crisis contacts are installed with this "
	                       "copy of tend: call your local emergency "
	                       "number.\n");
	free(t);
	paras_free(&p);
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	setenv("TEND_SHARE_DIR", cwd, 1);
}

static void
test_crisis_screen(void **state)
{
	struct paras p = PARAS_INIT;
	char *t;

	/* No region known: every installed region's emergency number, from
	 * the data (New Zealand and Ireland included). */
	safety_crisis(NULL, NULL, &p);
	t = dump(&p);
	has(t, "T|If you are in danger now\n");
	has(t, "Ireland 112 or 999");
	has(t, "New Zealand 111");
	has(t, "United Kingdom 999");
	has(t, "nobody reads what you write here");
	has(t, "T|Crisis lines\n");
	has(t, "H|New Zealand: emergency 111\n");
	/* Without a session there is no plan part. */
	assert_null(strstr(t, "safety plan"));
	free(t);
	paras_free(&p);
	/* One region: its number only; with a session, the plan note. */
	safety_crisis(s, "NZ", &p);
	t = dump(&p);
	has(t, "call your local emergency number now (111), or go");
	assert_null(strstr(t, "United Kingdom"));
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
	assert_null(strstr(t, "Thank you for telling us"));
	assert_null(strstr(t, "safety plan"));
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

static void
test_brief(void **state)
{
	struct buf b = BUF_INIT;

	safety_brief("GB", &b);
	assert_string_equal(b.data, "If you are in crisis now: call 999, or "
	                            "Samaritans on 116 123.");
	buf_reset(&b);
	safety_brief(NULL, &b);
	assert_string_equal(b.data,
	                    "If you are in crisis now, call your emergency "
	                    "number (AU 000, CA 911, DE 112, ES 112, FR 112, "
	                    "GB 999, IE 112 or 999, IN 112, IT 112, NL 112, "
	                    "NZ 111, PL 112, SE 112, US 911, "
	                    "ZA 10111).");
	/* A region with only its emergency number: no line to name. */
	buf_reset(&b);
	safety_brief("IT", &b);
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
	        cmocka_unit_test(test_crisis_screen),
	        cmocka_unit_test(test_safety_screen),
	        cmocka_unit_test(test_brief),
	        cmocka_unit_test(test_plan),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
