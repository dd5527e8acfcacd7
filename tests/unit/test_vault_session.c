/*
 * app/session: opening with a passphrase from a descriptor, exit statuses
 * and messages for every vault error, and passphrase strength feedback.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "app/session.h"
#include "app/vault.h"
#include "store/db.h"
#include "store/vault.h"
#include "util/xalloc.h"

static char dir[64];
static struct opts opts;

static int
setup(void **state)
{
	strcpy(dir, "/tmp/tend-session.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	memset(&opts, 0, sizeof(opts));
	opts.data_dir = dir;
	opts.passphrase_fd = -1;
	return 0;
}

static int
teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	int rc = system(cmd);

	free(cmd);
	return rc;
}

/* A descriptor that reads the given text. */
static int
fd_with(const char *text)
{
	int p[2];

	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], text, strlen(text)),
	                 (ssize_t)strlen(text));
	close(p[1]);
	return p[0];
}

static void
create(void)
{
	struct session *s;
	char code[VAULT_CODE_LEN], *msg = NULL;

	assert_int_equal(session_create(&opts, "secret words", VAULT_KDF_TEST,
	                                code, &s, &msg),
	                 EXIT_OK);
	assert_null(msg);
	assert_string_equal(session_dir(s), dir);
	assert_int_equal(db_setting_set(session_vault(s), "k", "v"), 0);
	assert_int_equal(session_save(s, &msg), EXIT_OK);
	session_close(s);
}

static void
test_open_from_fd(void **state)
{
	struct session *s;
	char *msg = NULL, *val;

	assert_false(session_vault_exists(&opts));
	assert_int_equal(session_open(&(struct opts){dir, NULL, 0, 0, 0, false},
	                              &s, &msg),
	                 EXIT_FAIL);
	assert_non_null(strstr(msg, "tend init"));
	free(msg);
	create();
	assert_true(session_vault_exists(&opts));
	opts.passphrase_fd = fd_with("secret words\n");
	assert_int_equal(session_open(&opts, &s, &msg), EXIT_OK);
	close(opts.passphrase_fd);
	val = db_setting_get(session_vault(s), "k");
	assert_string_equal(val, "v");
	free(val);
	session_close(s);
}

static void
test_wrong_and_busy(void **state)
{
	struct session *s, *t;
	char *msg = NULL, pid[32];

	create();
	opts.passphrase_fd = fd_with("not it\nsecret words\n");
	/* From a descriptor the passphrase is read once: no retry. */
	assert_int_equal(session_open(&opts, &s, &msg), EXIT_AUTH);
	assert_null(s);
	assert_non_null(strstr(msg, "wrong passphrase"));
	free(msg);
	assert_int_equal(session_open(&opts, &s, &msg), EXIT_OK);
	close(opts.passphrase_fd);
	assert_int_equal(session_open_with(&opts, "secret words", &t, &msg),
	                 EXIT_BUSY);
	snprintf(pid, sizeof(pid), "pid %ld", (long)getpid());
	assert_non_null(strstr(msg, pid));
	free(msg);
	session_close(s);
	assert_int_equal(session_open_with(&opts, "secret words", &t, &msg),
	                 EXIT_OK);
	session_close(t);
	/* End of input before any passphrase. */
	opts.passphrase_fd = fd_with("");
	assert_int_equal(session_open(&opts, &s, &msg), EXIT_FAIL);
	assert_non_null(msg);
	free(msg);
	close(opts.passphrase_fd);
}

static void
test_exit_statuses(void **state)
{
	assert_int_equal(session_exit_status(VAULT_OK), EXIT_OK);
	assert_int_equal(session_exit_status(VAULT_ERR_AUTH), EXIT_AUTH);
	assert_int_equal(session_exit_status(VAULT_ERR_CODE_TYPO), EXIT_AUTH);
	assert_int_equal(session_exit_status(VAULT_ERR_DAMAGED), EXIT_DATA);
	assert_int_equal(session_exit_status(VAULT_ERR_VERSION), EXIT_DATA);
	assert_int_equal(session_exit_status(VAULT_ERR_LIMITS), EXIT_DATA);
	assert_int_equal(session_exit_status(VAULT_ERR_BUSY), EXIT_BUSY);
	assert_int_equal(session_exit_status(VAULT_ERR_NOSPC), EXIT_FAIL);
	assert_int_equal(session_exit_status(VAULT_ERR_IO), EXIT_FAIL);
	assert_int_equal(session_exit_status(VAULT_ERR_NOENT), EXIT_FAIL);
	for (int e = 1; e < VAULT_ERR__COUNT; e++) {
		char *m = session_error_message((enum vault_err)e, dir, 42, 0);

		assert_true(strlen(m) > 10);
		free(m);
	}
}

static void
test_damage_message_names_backups(void **state)
{
	char *m, *bak = xasprintf("%s/vault.bak", dir);
	FILE *f;

	m = session_error_message(VAULT_ERR_DAMAGED, dir, 0, 0);
	assert_non_null(strstr(m, "no backup"));
	free(m);
	f = fopen(bak, "w");
	assert_non_null(f);
	fclose(f);
	m = session_error_message(VAULT_ERR_DAMAGED, dir, 0, 0);
	assert_non_null(strstr(m, "tend restore"));
	assert_non_null(strstr(m, bak));
	free(m);
	free(bak);
}

static void
test_strength(void **state)
{
	const char *hint;

	assert_int_equal(session_passphrase_strength("password", &hint), 0);
	assert_non_null(strstr(hint, "common"));
	assert_int_equal(session_passphrase_strength("PassWord", &hint), 0);
	assert_int_equal(session_passphrase_strength("", &hint), 0);
	assert_true(session_passphrase_strength("aaaaaaaaaaaaaaaaaaaa",
	                                        &hint) <= 1);
	assert_non_null(strstr(hint, "repeated"));
	assert_true(session_passphrase_strength("abcdefghijklmnop", &hint) <=
	            1);
	assert_true(session_passphrase_strength("k9#Lp", &hint) <= 1);
	assert_true(session_passphrase_strength("Tr0ub4dor&3", &hint) >= 2);
	assert_int_equal(session_passphrase_strength(
	                         "correct horse battery staple", &hint),
	                 4);
	assert_string_equal(hint, "");
	assert_int_equal(session_passphrase_strength(
	                         "schöne grüne wiese am fluss", NULL),
	                 4);
}

/* The one passphrase rule: empty, control characters, invalid UTF-8 and
 * more than 1024 bytes (after NFC) are refused with a sentence; 1024 bytes
 * and a 600-byte one are fine.  Set-up refuses an 1100-byte one. */
static void
test_passphrase_rule(void **state)
{
	char big[1200], code[VAULT_CODE_LEN], *msg = NULL;
	struct session *s;

	assert_non_null(session_passphrase_problem(""));
	assert_non_null(session_passphrase_problem("tab\there"));
	assert_non_null(session_passphrase_problem("bad \xff byte"));
	memset(big, 'a', sizeof(big));
	big[600] = '\0';
	assert_null(session_passphrase_problem(big));
	big[1024] = '\0';
	memset(big, 'a', 1024);
	assert_null(session_passphrase_problem(big));
	big[1024] = 'a';
	big[1025] = '\0';
	assert_non_null(strstr(session_passphrase_problem(big), "1024"));
	memset(big, 'b', 1100);
	big[1100] = '\0';
	assert_int_equal(
	        session_create(&opts, big, VAULT_KDF_TEST, code, &s, &msg),
	        EXIT_FAIL);
	assert_null(s);
	assert_non_null(strstr(msg, "1024 bytes"));
	free(msg);
	assert_false(session_vault_exists(&opts));
}

/* A 600-byte passphrase set from a descriptor (as `init --passphrase-fd`
 * does) opens through session_open_with, which the full screen uses. */
static void
test_long_passphrase_both_ways(void **state)
{
	char pass[601], *line, code[VAULT_CODE_LEN], *msg = NULL;
	struct session *s;

	for (int i = 0; i < 600; i++)
		pass[i] = (char)('a' + i % 26);
	pass[600] = '\0';
	assert_int_equal(
	        session_create(&opts, pass, VAULT_KDF_TEST, code, &s, &msg),
	        EXIT_OK);
	session_close(s);
	line = xasprintf("%s\n", pass);
	opts.passphrase_fd = fd_with(line);
	assert_int_equal(session_open(&opts, &s, &msg), EXIT_OK);
	close(opts.passphrase_fd);
	opts.passphrase_fd = -1;
	session_close(s);
	assert_int_equal(session_open_with(&opts, pass, &s, &msg), EXIT_OK);
	session_close(s);
	/* One byte less is another passphrase. */
	pass[599] = '\0';
	assert_int_equal(session_open_with(&opts, pass, &s, &msg), EXIT_AUTH);
	free(msg);
	free(line);
}

#define NFD                                                                    \
	"cafe\xcc\x81 cre\xcc\x80me bru\xcc\x82le\xcc\x81"                     \
	"e"
#define NFC                                                                    \
	"caf\xc3\xa9 cr\xc3\xa8me br\xc3\xbbl\xc3\xa9"                         \
	"e"

/* Unicode passphrases are normalised: set in one form, they open in the
 * other. */
static void
test_nfc_both_keyboards(void **state)
{
	char code[VAULT_CODE_LEN], *msg = NULL, *note;
	struct session *s;

	assert_int_equal(
	        session_create(&opts, NFD, VAULT_KDF_TEST, code, &s, &msg),
	        EXIT_OK);
	session_close(s);
	assert_int_equal(session_open_with(&opts, NFC, &s, &msg), EXIT_OK);
	note = session_take_notice(s);
	assert_null(note); /* nothing to re-wrap */
	session_close(s);
	assert_int_equal(session_open_with(&opts, NFD, &s, &msg), EXIT_OK);
	session_close(s);
}

/* Vaults made before the rule, by the same store calls the old code made:
 * an ASCII one opens as it did; a non-NFC one opens with the bytes as
 * typed, is re-wrapped to NFC (said once) and then opens from either
 * keyboard; one whose passphrase was silently cut to 1023 bytes opens when
 * the whole passphrase is typed, and says to choose a shorter one. */
static void
test_vaults_from_before_the_rule(void **state)
{
	struct vault_kdf kdf;
	struct vault *v;
	struct session *s;
	char code[VAULT_CODE_LEN], *msg = NULL, *note, *line;
	char pass[1101];

	assert_int_equal(vault_kdf_params(VAULT_KDF_TEST, &kdf), VAULT_OK);
	assert_int_equal(vault_create(dir, "plain ascii words", &kdf, code, &v),
	                 VAULT_OK);
	vault_close(v);
	assert_int_equal(
	        session_open_with(&opts, "plain ascii words", &s, &msg),
	        EXIT_OK);
	assert_null(session_take_notice(s));
	session_close(s);
	assert_int_equal(app_vault_wipe(&opts, &msg), EXIT_OK);

	assert_int_equal(vault_create(dir, NFD, &kdf, code, &v), VAULT_OK);
	vault_close(v);
	/* The other keyboard cannot open it yet: no such vault existed. */
	assert_int_equal(session_open_with(&opts, NFC, &s, &msg), EXIT_AUTH);
	free(msg);
	assert_int_equal(session_open_with(&opts, NFD, &s, &msg), EXIT_OK);
	note = session_take_notice(s);
	assert_non_null(note);
	assert_non_null(strstr(note, "normal form"));
	free(note);
	session_close(s);
	assert_int_equal(session_open_with(&opts, NFC, &s, &msg), EXIT_OK);
	assert_null(session_take_notice(s));
	session_close(s);
	assert_int_equal(session_open_with(&opts, NFD, &s, &msg), EXIT_OK);
	session_close(s);
	assert_int_equal(app_vault_wipe(&opts, &msg), EXIT_OK);

	for (int i = 0; i < 1100; i++)
		pass[i] = (char)('a' + i % 23);
	pass[1100] = '\0';
	{
		char cut[1024];

		memcpy(cut, pass, 1023);
		cut[1023] = '\0';
		assert_int_equal(vault_create(dir, cut, &kdf, code, &v),
		                 VAULT_OK);
		vault_close(v);
	}
	line = xasprintf("%s\n", pass);
	opts.passphrase_fd = fd_with(line);
	assert_int_equal(session_open(&opts, &s, &msg), EXIT_OK);
	close(opts.passphrase_fd);
	opts.passphrase_fd = -1;
	note = session_take_notice(s);
	assert_non_null(note);
	assert_non_null(strstr(note, "tend passwd"));
	free(note);
	session_close(s);
	/* Only the 1023 bytes that were kept decide: a change in them is a
	 * wrong passphrase. */
	pass[10] = 'Z';
	assert_int_equal(session_open_with(&opts, pass, &s, &msg), EXIT_AUTH);
	free(msg);
	free(line);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_open_from_fd, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_wrong_and_busy, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_exit_statuses, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(
	                test_damage_message_names_backups, setup, teardown),
	        cmocka_unit_test(test_strength),
	        cmocka_unit_test_setup_teardown(test_passphrase_rule, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_long_passphrase_both_ways,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(test_nfc_both_keyboards, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(
	                test_vaults_from_before_the_rule, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
