/*
 * app/config: tend's settings from the clinic's file and the person's.
 * Defaults with no file; the person overrides the clinic where the key
 * allows it; clinic-only keys in the person's file are warned and ignored;
 * bad values warned with file and line, the previous value kept; values
 * normalised; each value knows where it came from.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "app/config.h"
#include "app/remind.h"
#include "app/vault.h"
#include "core/sched.h"
#include "util/atomic.h"
#include "util/diag.h"
#include "util/path.h"
#include "util/xalloc.h"

static char tmpdir[64];
static char *etc, *clinic, *mine;

static int
setup(void **state)
{
	strcpy(tmpdir, "/tmp/tend-appconfig.XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	etc = path_join(tmpdir, "etc");
	clinic = path_join(etc, "config");
	setenv("TEND_SYSCONF_DIR", etc, 1);
	if (paths_init(tmpdir) < 0 || path_mkdirs(etc, 0700) < 0 ||
	    path_mkdirs(path_config_dir(), 0700) < 0)
		return -1;
	mine = path_join(path_config_dir(), "config");
	return 0;
}

static int
teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);
	int rc = system(cmd);

	free(cmd);
	free(etc);
	free(clinic);
	free(mine);
	paths_free();
	unsetenv("TEND_SYSCONF_DIR");
	return rc;
}

static void
put(const char *path, const char *text)
{
	assert_int_equal(atomic_write(path, text, strlen(text), 0600), 0);
}

static void
origin_is(const struct app_config *c, enum app_config_key k, const char *file,
          int line)
{
	const char *f;
	int l;

	app_config_origin(c, k, &f, &l);
	if (!file) {
		assert_null(f);
	} else {
		assert_non_null(f);
		assert_string_equal(f, file);
	}
	assert_int_equal(l, line);
}

/* Some diagnostic reads exactly want. */
static void
has_diag(const struct diags *d, const char *want)
{
	for (size_t i = 0; i < d->n; i++) {
		char *s = diag_format(&d->items[i]);
		int same = strcmp(s, want) == 0;

		free(s);
		if (same)
			return;
	}
	for (size_t i = 0; i < d->n; i++) {
		char *s = diag_format(&d->items[i]);

		print_error("  have: %s\n", s);
		free(s);
	}
	fail_msg("no diagnostic '%s'", want);
}

static void
test_table(void **state)
{
	for (int i = 0; i < APP_CONFIG__COUNT; i++) {
		assert_non_null(app_config_name(i));
		for (int j = 0; j < i; j++)
			assert_string_not_equal(app_config_name(i),
			                        app_config_name(j));
	}
	assert_string_equal(app_config_name(APP_CONFIG_COUNTRY), "country");
	assert_string_equal(app_config_name(APP_CONFIG_CLINIC_PHONE),
	                    "clinic_phone");
}

static void
test_defaults(void **state)
{
	struct diags d = DIAGS_INIT;
	struct app_config *c;

	unlink(clinic);
	unlink(mine);
	c = app_config_load(&d);
	assert_int_equal(d.n, 0);
	assert_string_equal(app_config_get(c, APP_CONFIG_PROFILE), "personal");
	origin_is(c, APP_CONFIG_PROFILE, NULL, 0);
	assert_null(app_config_get(c, APP_CONFIG_COUNTRY));
	assert_null(app_config_get(c, APP_CONFIG_KDF));
	origin_is(c, APP_CONFIG_KDF, NULL, 0);
	app_config_free(c);
	diag_free(&d);
}

static void
test_layers(void **state)
{
	struct diags d = DIAGS_INIT;
	struct app_config *c;
	char *want;

	put(clinic, "# the clinic\n"
	            "region = gb\n"
	            "kdf = moderate\n"
	            "profile = clinic\n"
	            "clinic_phone = +44 20 7946 0000\n"
	            "clinic_name = \"Elm Street Practice\"\n"
	            "instruments = phq9 , gad7\n"
	            "reminder_channels = login\n");
	put(mine, "country = ie\n"
	          "clinic_phone = 0123 456\n"
	          "measure = 72\n");
	c = app_config_load(&d);
	/* The person's file wins where it may... */
	assert_string_equal(app_config_get(c, APP_CONFIG_COUNTRY), "IE");
	origin_is(c, APP_CONFIG_COUNTRY, mine, 1);
	assert_string_equal(app_config_get(c, APP_CONFIG_MEASURE), "72");
	origin_is(c, APP_CONFIG_MEASURE, mine, 3);
	/* ...and not where only the clinic may. */
	assert_string_equal(app_config_get(c, APP_CONFIG_CLINIC_PHONE),
	                    "+44 20 7946 0000");
	origin_is(c, APP_CONFIG_CLINIC_PHONE, clinic, 5);
	want = xasprintf("%s:2: warning: 'clinic_phone' can only be set in "
	                 "%s; ignored here",
	                 mine, clinic);
	has_diag(&d, want);
	free(want);
	assert_int_equal(d.n, 1);
	/* The clinic's values, normalised. */
	assert_string_equal(app_config_get(c, APP_CONFIG_KDF), "moderate");
	origin_is(c, APP_CONFIG_KDF, clinic, 3);
	assert_string_equal(app_config_get(c, APP_CONFIG_PROFILE), "clinic");
	assert_string_equal(app_config_get(c, APP_CONFIG_CLINIC_NAME),
	                    "Elm Street Practice");
	assert_string_equal(app_config_get(c, APP_CONFIG_INSTRUMENTS),
	                    "phq9,gad7");
	assert_string_equal(app_config_get(c, APP_CONFIG_REMINDER_CHANNELS),
	                    "login");
	app_config_free(c);
	diag_free(&d);
}

/* Every bad value is a warning at its line; the previous value stays. */
static void
test_bad_values(void **state)
{
	struct diags d = DIAGS_INIT;
	struct app_config *c;
	char *w;

	put(clinic, "kdf = moderate\n" /* 1 */
	            "kdf = fast\n" /* 2 */
	            "country = GBR\n" /* 3 */
	            "profile = Shared\n" /* 4 */
	            "profile = public\n" /* 5 */
	            "measure = 10\n" /* 6 */
	            "minimum_age = 16\n" /* 7 */
	            "minimum_age = -1\n" /* 8 */
	            "clinic_phone = call us\n" /* 9 */
	            "helper_key = keys/helper.pub\n" /* 10 */
	            "reminder_window = 20:00-18:00\n" /* 11 */
	            "reminder_quiet = none\n" /* 12 */
	            "reminder_days = someday\n" /* 13 */
	            "reminder_channels = login,fax\n" /* 14 */
	            "course = ../etc\n" /* 15 */
	            "colour = blue\n"); /* 16 */
	unlink(mine);
	c = app_config_load(&d);
#define W(line, text)                                                          \
	do {                                                                   \
		w = xasprintf("%s:%d: warning: %s", clinic, line, text);       \
		has_diag(&d, w);                                               \
		free(w);                                                       \
	} while (0)
	W(2, "'kdf' is set again (first on line 1)");
	W(2, "'kdf' must be interactive, moderate or sensitive, not 'fast'; "
	     "ignored");
	W(3, "'country' must be a two-letter country code such as GB or IE, "
	     "not 'GBR'; ignored");
	W(5, "'profile' must be personal, shared or clinic, not 'public'; "
	     "ignored");
	W(6, "'measure' must be a whole number from 20-200, not '10'; "
	     "ignored");
	W(8, "'minimum_age' must be a whole number from 0-120, not '-1'; "
	     "ignored");
	W(9, "'clinic_phone' must be a telephone number (digits, blanks and "
	     "+ - ( ) . /), not 'call us'; ignored");
	W(10, "'helper_key' must be an absolute path (starting with /), not "
	      "'keys/helper.pub'; ignored");
	W(11, "'reminder_window' must be HH:MM-HH:MM, the start before the "
	      "end, not '20:00-18:00'; ignored");
	W(13, "'reminder_days' must be weekdays such as mon,tue or mon-fri, "
	      "or all or none, not 'someday'; ignored");
	W(14, "'reminder_channels' must list some of login, desktop or none, "
	      "separated by commas, not 'login,fax'; ignored");
	W(15, "'course' must be one word of letters, digits, '.', '_' or '-', "
	      "not '../etc'; ignored");
	W(16, "unknown key 'colour'");
#undef W
	/* The earlier good value of a key survives a bad later one. */
	assert_string_equal(app_config_get(c, APP_CONFIG_KDF), "moderate");
	origin_is(c, APP_CONFIG_KDF, clinic, 1);
	assert_string_equal(app_config_get(c, APP_CONFIG_PROFILE), "shared");
	origin_is(c, APP_CONFIG_PROFILE, clinic, 4);
	assert_string_equal(app_config_get(c, APP_CONFIG_MINIMUM_AGE), "16");
	assert_string_equal(app_config_get(c, APP_CONFIG_REMINDER_QUIET),
	                    "none");
	assert_null(app_config_get(c, APP_CONFIG_COUNTRY));
	assert_null(app_config_get(c, APP_CONFIG_MEASURE));
	assert_null(app_config_get(c, APP_CONFIG_COURSE));
	app_config_free(c);
	diag_free(&d);
}

/* The reader refuses what is not a file, and the program goes on. */
static void
test_unreadable(void **state)
{
	struct diags d = DIAGS_INIT;
	struct app_config *c;
	char *w;

	unlink(clinic);
	assert_int_equal(mkdir(clinic, 0700), 0);
	put(mine, "profile = shared\n");
	c = app_config_load(NULL); /* nobody reads the warnings: fine */
	app_config_free(c);
	c = app_config_load(&d);
	w = xasprintf("%s: warning: not a regular file: a folder", clinic);
	has_diag(&d, w);
	free(w);
	assert_string_equal(app_config_get(c, APP_CONFIG_PROFILE), "shared");
	app_config_free(c);
	diag_free(&d);
	assert_int_equal(rmdir(clinic), 0);
}

/* The two former scanners now read through it: profile and country. */
static void
test_users(void **state)
{
	unlink(mine);
	put(clinic, "profile = clinic\n");
	assert_int_equal(remind_profile_detect(), REMIND_SHARED);
	put(mine, "profile: personal  # mine\n");
	assert_int_equal(remind_profile_detect(), REMIND_PERSONAL);
	put(mine, "profile = bogus\n");
	assert_int_equal(remind_profile_detect(), REMIND_SHARED);
	unlink(mine);
	unlink(clinic);
	assert_int_equal(remind_profile_detect(), REMIND_PERSONAL);
}

/* `lock`: the keys a person may not change; only keys a person could
 * set may be named. */
static void
test_lock(void **state)
{
	struct diags d = DIAGS_INIT;
	struct app_config *c;
	char *w;

	put(clinic, "kdf = moderate\n" /* 1 */
	            "lock = kdf, country\n" /* 2 */
	            "country = GB\n"); /* 3 */
	put(mine, "kdf = interactive\n" /* 1 */
	          "country = IE\n" /* 2 */
	          "profile = shared\n"); /* 3 */
	c = app_config_load(&d);
	assert_string_equal(app_config_get(c, APP_CONFIG_KDF), "moderate");
	origin_is(c, APP_CONFIG_KDF, clinic, 1);
	assert_string_equal(app_config_get(c, APP_CONFIG_COUNTRY), "GB");
	assert_string_equal(app_config_get(c, APP_CONFIG_PROFILE), "shared");
	assert_true(app_config_clinic_only(c, APP_CONFIG_KDF));
	assert_true(app_config_clinic_only(c, APP_CONFIG_CLINIC_PHONE));
	assert_false(app_config_clinic_only(c, APP_CONFIG_PROFILE));
	w = xasprintf("%s:1: warning: 'kdf' is set by the clinic (%s:2 locks "
	              "it); ignored here",
	              mine, clinic);
	has_diag(&d, w);
	free(w);
	assert_int_equal(d.n, 2);
	app_config_free(c);
	diag_free(&d);

	put(clinic, "lock = country, clinic_phone\n"
	            "lock = region\n");
	unlink(mine);
	c = app_config_load(&d);
	w = xasprintf("%s:1: warning: 'lock' lists keys a person may set; "
	              "'clinic_phone' is not one, not 'country, "
	              "clinic_phone'; ignored",
	              clinic);
	has_diag(&d, w);
	free(w);
	/* An alias names its key. */
	assert_string_equal(app_config_get(c, APP_CONFIG_LOCK), "region");
	assert_true(app_config_clinic_only(c, APP_CONFIG_COUNTRY));
	app_config_free(c);
	diag_free(&d);
}

/* "none" is a list of its own. */
static void
test_none_alone(void **state)
{
	struct diags d = DIAGS_INIT;
	struct app_config *c;

	unlink(mine);
	put(clinic, "reminder_channels = none\n"
	            "reminder_channels = login, none\n");
	c = app_config_load(&d);
	assert_string_equal(app_config_get(c, APP_CONFIG_REMINDER_CHANNELS),
	                    "none");
	assert_int_equal(d.n, 2); /* set again, and the bad value */
	app_config_free(c);
	diag_free(&d);
}

/* What the program does with the settings: the kdf of a new passphrase,
 * and a new reminder schedule's defaults. */
static void
test_obeyed(void **state)
{
	struct remind_settings s;
	unsigned days;

	unlink(mine);
	unlink(clinic);
	assert_int_equal(app_vault_kdf(VAULT_KDF_CALIBRATED),
	                 VAULT_KDF_CALIBRATED);
	put(clinic, "kdf = Sensitive\n"
	            "reminder_window = 17:00-19:30\n"
	            "reminder_quiet = none\n"
	            "reminder_days = mon-fri\n"
	            "reminder_channels = login\n");
	assert_int_equal(app_vault_kdf(VAULT_KDF_CALIBRATED),
	                 VAULT_KDF_SENSITIVE);
	/* --kdf given: it wins. */
	assert_int_equal(app_vault_kdf(VAULT_KDF_INTERACTIVE),
	                 VAULT_KDF_INTERACTIVE);
	remind_settings_configured(&s);
	assert_int_equal(s.policy.win_start, 17 * 60);
	assert_int_equal(s.policy.win_end, 19 * 60 + 30);
	assert_int_equal(s.policy.quiet_start, s.policy.quiet_end);
	assert_int_equal(sched_parse_days("mon-fri", &days), 0);
	assert_int_equal(s.policy.days, days);
	assert_int_equal(s.channels, REMIND_CH_LOGIN);
	assert_int_equal(s.profile, REMIND_PERSONAL);
	unlink(clinic);
	remind_settings_configured(&s);
	assert_int_equal(s.policy.win_start, 18 * 60);
	assert_int_equal(s.channels, REMIND_CH_ALL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_table),
	        cmocka_unit_test(test_defaults),
	        cmocka_unit_test(test_layers),
	        cmocka_unit_test(test_bad_values),
	        cmocka_unit_test(test_unreadable),
	        cmocka_unit_test(test_users),
	        cmocka_unit_test(test_lock),
	        cmocka_unit_test(test_none_alone),
	        cmocka_unit_test(test_obeyed),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
