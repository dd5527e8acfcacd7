/*
 * Tests of the suitability check of the first run (app/suitability.c):
 * the statements, with the age from the clinic's minimum_age (18 when not
 * set, left out at 0); the advice for each mark, a plan with the
 * emergency number first, never a block; the marks kept as dated flags
 * and the check made once per vault, named in words in the report.
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

#include "app/report.h"
#include "app/suitability.h"
#include "store/assess.h"
#include "util/path.h"
#include "util/xalloc.h"

static char dir[64];
static struct opts opts = {dir, NULL, -1, false, false, false};
static struct session *s;

static void
config(const char *text)
{
	char *path = xasprintf("%s/config", dir);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(path);
}

static int
setup(void **state)
{
	char code[VAULT_CODE_LEN], cwd[4096];
	char *msg = NULL;

	strcpy(dir, "/tmp/tend-suit.XXXXXX");
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

static char *
text_of(const struct paras *p)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < p->n; i++)
		buf_printf(&b, "%s\n", p->v[i].text);
	return buf_detach(&b);
}

static void
test_list(void **state)
{
	struct suit_list l;

	config("");
	assert_int_equal(suit_minimum_age(), 18);
	suit_list(&l);
	assert_int_equal(l.n, 4);
	assert_int_equal(l.q[0], SUIT_AGE);
	assert_string_equal(l.text[0], "I am younger than 18.");
	assert_int_equal(l.q[3], SUIT_PLAN);
	assert_non_null(strstr(l.text[3], "plan to end my life"));
	suit_list_free(&l);

	config("minimum_age = 16\n");
	suit_list(&l);
	assert_string_equal(l.text[0], "I am younger than 16.");
	suit_list_free(&l);

	/* 0: the age is not asked. */
	config("minimum_age = 0\n");
	suit_list(&l);
	assert_int_equal(l.n, 3);
	for (size_t i = 0; i < l.n; i++)
		assert_int_not_equal(l.q[i], SUIT_AGE);
	suit_list_free(&l);
	config("");
}

static void
test_advice(void **state)
{
	struct paras p = PARAS_INIT;
	char *t;

	config("country = GB\n");
	suit_advice(s, 0, &p);
	assert_int_equal(p.n, 0);

	suit_advice(s, SUIT_BIT(SUIT_MANIA), &p);
	t = text_of(&p);
	assert_non_null(strstr(t, "bipolar disorder or psychosis"));
	assert_null(strstr(t, "Please call"));
	assert_null(strstr(t, "adults"));
	/* Never a block: the last word is that the choice is theirs. */
	assert_string_equal(p.v[p.n - 1].text,
	                    "This is advice, not a rule: you can go on with "
	                    "tend whenever you choose.");
	free(t);
	paras_free(&p);

	/* A plan: the emergency number before anything else. */
	suit_advice(s, SUIT_BIT(SUIT_PLAN) | SUIT_BIT(SUIT_AGE), &p);
	assert_int_equal(p.v[0].style, PARA_TITLE);
	assert_string_equal(p.v[0].text, "Please call 999 now");
	t = text_of(&p);
	assert_non_null(strstr(t, "Samaritans"));
	assert_non_null(strstr(t, "tend is made for adults (18 or older)"));
	assert_non_null(strstr(t, "get help from a person today"));
	assert_null(strstr(t, "psychosis"));
	free(t);
	paras_free(&p);
	config("");
}

static void
test_record(void **state)
{
	struct store_flag *fl = NULL;
	size_t n = 0;
	int mania = 0, plan = 0, other = 0;

	assert_int_equal(suit_due(s), 1);
	assert_int_equal(suit_record(s,
	                             SUIT_BIT(SUIT_MANIA) | SUIT_BIT(SUIT_PLAN),
	                             1793527200),
	                 0);
	assert_int_equal(suit_due(s), 0);
	assert_int_equal(store_flags(session_vault(s), NULL, false, &fl, &n),
	                 0);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(fl[i].raised_at, 1793527200);
		if (strcmp(fl[i].kind, "suit_mania") == 0)
			mania++;
		else if (strcmp(fl[i].kind, "suit_plan") == 0)
			plan++;
		else
			other++;
	}
	store_flags_free(fl, n);
	assert_int_equal(mania, 1);
	assert_int_equal(plan, 1);
	assert_int_equal(other, 0);
	/* The clinician's report names them in words. */
	assert_string_equal(report_flag_word("suit_plan"),
	                    "Before the course: a plan to end their life");
	assert_string_equal(report_flag_word("risk_plan_yes"),
	                    "Plan question: yes, a plan or acting");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_list),
	        cmocka_unit_test(test_advice),
	        cmocka_unit_test(test_record),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
