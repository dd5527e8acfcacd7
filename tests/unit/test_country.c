/*
 * The person's country (core/country, app/country): ISO names, 112 across
 * the EU, the EEA and Switzerland and nowhere else tend does not know, the
 * country of a time zone; the suggestion (time zone first, then the
 * language setting, never "C"); which country is shown (--region, the
 * clinic's lock, the person's choice, the config's default, else none);
 * the choice kept in the vault and in its copy for a locked vault, and
 * carried into a vault created after it; a code that is no country and a
 * locked country refused.
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
#include "core/country.h"
#include "util/atomic.h"
#include "util/path.h"
#include "util/xalloc.h"

static char dir[64];
static char *etc;
static struct opts opts = {dir, NULL, -1, false, false, false};

static void
put(const char *path, const char *text)
{
	assert_int_equal(atomic_write(path, text, strlen(text), 0600), 0);
}

static int
setup(void **state)
{
	char cwd[4096];

	strcpy(dir, "/tmp/tend-country.XXXXXX");
	if (!mkdtemp(dir) || !getcwd(cwd, sizeof(cwd)))
		return -1;
	etc = path_join(dir, "etc");
	setenv("TEND_SHARE_DIR", cwd, 1);
	setenv("TEND_SYSCONF_DIR", etc, 1);
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	setenv("LANG", "C.UTF-8", 1);
	setenv("TZ", "UTC", 1);
	if (paths_init(dir) < 0 || path_mkdirs(etc, 0700) < 0 ||
	    path_mkdirs(path_config_dir(), 0700) < 0)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	int rc = system(cmd);

	free(cmd);
	free(etc);
	paths_free();
	return rc == 0 ? 0 : -1;
}

static void
test_tables(void **state)
{
	assert_string_equal(country_name("gb"), "United Kingdom");
	assert_string_equal(country_name("JP"), "Japan");
	assert_string_equal(country_name("BA"), "Bosnia and Herzegovina");
	assert_null(country_name("XX"));
	assert_null(country_name("GBR"));
	assert_null(country_name(NULL));
	assert_true(country_known("nz"));
	assert_false(country_known("ZZ"));
	assert_true(country_count() > 240);
	for (size_t i = 1; i < country_count(); i++)
		assert_true(strcmp(country_code_at(i - 1), country_code_at(i)) <
		            0);
	/* 112: the EU, the rest of the EEA, Switzerland; no other. */
	assert_string_equal(country_emergency("dk"), "112");
	assert_string_equal(country_emergency("NO"), "112");
	assert_string_equal(country_emergency("CH"), "112");
	assert_string_equal(country_emergency("IE"), "112");
	assert_null(country_emergency("GB"));
	assert_null(country_emergency("JP"));
	assert_null(country_emergency("US"));
	/* Zones. */
	assert_string_equal(country_of_zone("Europe/London"), "GB");
	assert_string_equal(country_of_zone("Europe/Dublin"), "IE");
	assert_string_equal(country_of_zone("America/Toronto"), "CA");
	assert_string_equal(country_of_zone("Asia/Kolkata"), "IN");
	assert_string_equal(country_of_zone("Asia/Calcutta"), "IN");
	assert_string_equal(country_of_zone("US/Eastern"), "US");
	assert_string_equal(country_of_zone("Pacific/Auckland"), "NZ");
	assert_null(country_of_zone("UTC"));
	assert_null(country_of_zone("Etc/GMT+1"));
	assert_null(country_of_zone("Europe/Nowhere"));
	assert_null(country_of_zone(NULL));
}

static void
test_suggest(void **state)
{
	char c[3];

	setenv("TZ", "Europe/London", 1);
	setenv("LANG", "en_US.UTF-8", 1);
	assert_int_equal(country_suggest(c), 0);
	assert_string_equal(c, "GB");
	setenv("TZ", ":Europe/Dublin", 1);
	assert_int_equal(country_suggest(c), 0);
	assert_string_equal(c, "IE");
	setenv("TZ", "/usr/share/zoneinfo/Africa/Johannesburg", 1);
	assert_int_equal(country_suggest(c), 0);
	assert_string_equal(c, "ZA");
	/* A zone that names no country: the language setting. */
	setenv("TZ", "UTC", 1);
	assert_int_equal(country_suggest(c), 0);
	assert_string_equal(c, "US");
	setenv("LC_ALL", "en_NZ.UTF-8", 1);
	assert_int_equal(country_suggest(c), 0);
	assert_string_equal(c, "NZ");
	/* The first one set decides, and "C" names none. */
	setenv("LC_ALL", "C.UTF-8", 1);
	assert_int_equal(country_suggest(c), -1);
	unsetenv("LC_ALL");
	setenv("LANG", "C.UTF-8", 1);
	assert_int_equal(country_suggest(c), -1);
	/* A territory that is no country is no suggestion. */
	setenv("LANG", "en_XX.UTF-8", 1);
	assert_int_equal(country_suggest(c), -1);
	setenv("LANG", "C.UTF-8", 1);
}

static void
test_current(void **state)
{
	struct session *s = NULL;
	struct country cur;
	char code[VAULT_CODE_LEN], *msg = NULL, *path;
	char *clinic = path_join(etc, "config");
	char *mine = path_join(path_config_dir(), "config");
	char *copy = path_join(path_state_dir(), "country");

	/* Nothing: unset, whatever the language. */
	setenv("LANG", "en_GB.UTF-8", 1);
	country_current(NULL, NULL, &cur);
	assert_int_equal(cur.from, COUNTRY_UNSET);
	assert_string_equal(cur.code, "");
	assert_false(country_chosen(NULL));
	/* The config's default: the clinic's, then the person's file. */
	put(clinic, "country = nz\n");
	country_current(NULL, NULL, &cur);
	assert_int_equal(cur.from, COUNTRY_CONFIG);
	assert_string_equal(cur.code, "NZ");
	put(mine, "region = AU\n");
	country_current(NULL, NULL, &cur);
	assert_string_equal(cur.code, "AU");
	/* The flag beats all. */
	country_current(NULL, "ie", &cur);
	assert_int_equal(cur.from, COUNTRY_FLAG);
	assert_string_equal(cur.code, "IE");
	/* The person's choice before the vault exists: the copy. */
	assert_int_equal(country_set(NULL, "gb", 100, &msg), EXIT_OK);
	assert_null(msg);
	assert_int_equal(access(copy, F_OK), 0);
	country_current(NULL, NULL, &cur);
	assert_int_equal(cur.from, COUNTRY_PERSON);
	assert_string_equal(cur.code, "GB");
	assert_true(country_chosen(NULL));
	/* Not a country. */
	assert_int_equal(country_set(NULL, "XX", 100, &msg), EXIT_USAGE);
	assert_non_null(strstr(msg, "not a country code"));
	free(msg);
	assert_int_equal(country_set(NULL, "GBR", 100, &msg), EXIT_USAGE);
	free(msg);
	/* A vault created after the choice takes it over. */
	assert_int_equal(session_create(&opts, "pass phrase for tests",
	                                VAULT_KDF_TEST, code, &s, &msg),
	                 EXIT_OK);
	assert_int_equal(country_adopt(s, 101, &msg), EXIT_OK);
	country_current(s, NULL, &cur);
	assert_string_equal(cur.code, "GB");
	/* The vault decides; the copy follows it when the vault opens. */
	assert_int_equal(country_set(s, "JP", 102, &msg), EXIT_OK);
	put(copy, "SE\n");
	country_current(s, NULL, &cur);
	assert_int_equal(cur.from, COUNTRY_PERSON);
	assert_string_equal(cur.code, "JP");
	country_current(NULL, NULL, &cur);
	assert_string_equal(cur.code, "SE");
	assert_int_equal(country_adopt(s, 103, &msg), EXIT_OK);
	country_current(NULL, NULL, &cur);
	assert_string_equal(cur.code, "JP");
	/* A lock in the person's file is no lock (clinic-only key). */
	put(mine, "country = AU\ncountry_lock = yes\n");
	assert_false(country_locked());
	/* The clinic locks it: its country, and no change allowed. */
	put(clinic, "country = NZ\ncountry_lock = yes\n");
	assert_true(country_locked());
	country_current(s, NULL, &cur);
	assert_int_equal(cur.from, COUNTRY_CLINIC);
	assert_string_equal(cur.code, "NZ");
	assert_int_equal(country_set(s, "GB", 104, &msg), EXIT_FAIL);
	assert_non_null(strstr(msg, "clinic"));
	free(msg);
	country_current(s, "CA", &cur);
	assert_string_equal(cur.code, "CA");
	/* Names: the crisis file's, then ISO's, then the code. */
	path = country_display("gb");
	assert_string_equal(path, "United Kingdom");
	free(path);
	path = country_display("JP");
	assert_string_equal(path, "Japan");
	free(path);
	unlink(clinic);
	unlink(mine);
	session_close(s);
	free(clinic);
	free(mine);
	free(copy);
	setenv("LANG", "C.UTF-8", 1);
}

static void
test_list(void **state)
{
	struct country_entry *v;
	size_t n = country_list(&v);

	assert_int_equal(n, 15);
	assert_string_equal(v[0].name, "Australia");
	for (size_t i = 1; i < n; i++)
		assert_true(strcmp(v[i - 1].name, v[i].name) < 0);
	country_list_free(v, n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_tables),
	        cmocka_unit_test(test_suggest),
	        cmocka_unit_test(test_current),
	        cmocka_unit_test(test_list),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
