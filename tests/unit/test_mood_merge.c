/*
 * store/mood merged between two copies of a vault (store/merge.h): the
 * mood table is keyed by its day, so two copies that both rated the same
 * day merge into one rating, the one changed last, whichever way round;
 * a day only one copy rated is brought in.  A merge must never fail on
 * the one-rating-a-day rule.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "store/db.h"
#include "store/merge.h"
#include "store/mood.h"
#include "store/vault.h"
#include "util/xalloc.h"

static char dir[64];

static struct vault *
make(void)
{
	struct vault_kdf kdf;
	char code[VAULT_CODE_LEN];
	struct vault *v = NULL;

	strcpy(dir, "/tmp/tend-mood.XXXXXX");
	assert_non_null(mkdtemp(dir));
	assert_int_equal(vault_kdf_params(VAULT_KDF_TEST, &kdf), VAULT_OK);
	assert_int_equal(vault_create(dir, "pw", &kdf, code, &v), VAULT_OK);
	return v;
}

static void
rm_dir(void)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	assert_int_equal(system(cmd), 0);
	free(cmd);
}

/* a and b: two copies of one vault that rated day 100 alike. */
static void
copies(struct vault **a, struct vault **b, char **copy)
{
	*a = make();
	assert_int_equal(mood_set(*a, 100, 5, "same", 1000), 0);
	assert_int_equal(vault_save(*a), VAULT_OK);
	*copy = xasprintf("%s/copy", dir);
	assert_int_equal(vault_write_copy(*a, *copy), VAULT_OK);
	assert_int_equal(vault_open_file(*copy, b), VAULT_OK);
	assert_int_equal(vault_unlock(*b, "pw"), VAULT_OK);
}

static void
check_day(struct vault *v, long day, int rating, const char *note)
{
	struct mood_row r;

	assert_int_equal(mood_get(v, day, &r), 1);
	assert_int_equal(r.rating, rating);
	if (note)
		assert_string_equal(r.note, note);
	else
		assert_null(r.note);
	mood_row_clear(&r);
}

static size_t
count(struct vault *v)
{
	struct mood_row *all = NULL;
	size_t n = 0;

	assert_int_equal(mood_list(v, &all, &n), 0);
	mood_rows_free(all, n);
	return n;
}

static void
test_same_day_later_wins(void **state)
{
	struct vault *a, *b;
	struct merge_stats st;
	char *copy;

	(void)state;
	copies(&a, &b, &copy);
	/* Both rate day 101, b later; a changes day 100 later than b. */
	assert_int_equal(mood_set(a, 101, 2, "tired", 2000), 0);
	assert_int_equal(mood_set(b, 101, 8, NULL, 3000), 0);
	assert_int_equal(mood_set(a, 100, 6, "better", 4000), 0);
	assert_int_equal(mood_set(b, 100, 4, NULL, 3500), 0);
	assert_int_equal(mood_set(b, 102, 7, "walked", 3600), 0);

	assert_int_equal(merge_rows(vault_sqlite(a), vault_sqlite(b), &st),
	                 VAULT_OK);
	assert_int_equal(count(a), 3);
	check_day(a, 100, 6, "better");
	check_day(a, 101, 8, NULL);
	check_day(a, 102, 7, "walked");

	/* The other way round: the same result. */
	assert_int_equal(merge_rows(vault_sqlite(b), vault_sqlite(a), &st),
	                 VAULT_OK);
	assert_int_equal(count(b), 3);
	check_day(b, 100, 6, "better");
	check_day(b, 101, 8, NULL);
	check_day(b, 102, 7, "walked");
	vault_close(a);
	vault_close(b);
	free(copy);
	rm_dir();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_same_day_later_wins),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
