/*
 * store/guidedb: the person's link to a helper and the replies taken in
 * (one open link at a time; sequence numbers kept; messages newest first;
 * activity that tend makes by itself for the link does not count), and
 * the merge conventions of store/merge.h: a conflict copy that took a
 * reply brings its sequence number along, so the reply cannot be taken in
 * twice.
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
#include "store/guidedb.h"
#include "store/merge.h"
#include "store/vault.h"
#include "util/xalloc.h"

static char dir[64];

static struct vault *
make(void)
{
	struct vault_kdf kdf;
	char code[VAULT_CODE_LEN];
	struct vault *v = NULL;

	strcpy(dir, "/tmp/tend-gdb.XXXXXX");
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

static void
add_link(struct vault *v, int64_t at)
{
	struct guidedb_link l;

	memset(&l, 0, sizeof(l));
	memset(l.helper.sign, 1, 32);
	memset(l.helper.box, 2, 32);
	memset(l.seed, 3, sizeof(l.seed));
	strcpy(l.pseudonym, "River");
	strcpy(l.share, "lessons");
	l.weekday = 6;
	l.linked_at = at;
	assert_int_equal(guidedb_link_add(v, &l), 0);
	assert_true(l.id > 0);
}

static void
test_link(void **state)
{
	struct vault *v = make();
	struct guidedb_link l;
	struct guidedb_msg *m;
	size_t n;
	int64_t at = -1;

	assert_int_equal(guidedb_link_get(v, &l), 0);
	add_link(v, 1000);
	assert_int_equal(guidedb_link_get(v, &l), 1);
	assert_string_equal(l.pseudonym, "River");
	assert_string_equal(l.share, "lessons");
	assert_int_equal(l.weekday, 6);
	assert_int_equal(l.linked_at, 1000);
	assert_int_equal(l.seed[5], 3);
	assert_int_equal(l.helper.box[0], 2);
	l.weekday = -1;
	strcpy(l.pseudonym, "Willow");
	assert_int_equal(guidedb_link_update(v, &l, 1100), 0);
	assert_int_equal(guidedb_summary_sent(v, l.id, 1, 1200), 0);
	assert_true(guidedb_message_add(v, l.id, 4, 1250, 1300, "hi") > 0);
	assert_true(guidedb_message_add(v, l.id, 5, 1350, 1400, "again") > 0);
	guidedb_link_clear(&l);
	assert_int_equal(guidedb_link_get(v, &l), 1);
	assert_int_equal(l.weekday, -1);
	assert_string_equal(l.pseudonym, "Willow");
	assert_int_equal(l.out_seq, 1);
	assert_int_equal(l.last_summary_at, 1200);
	assert_int_equal(l.in_seq, 5);
	assert_int_equal(guidedb_messages(v, &m, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(m[0].body, "again"); /* newest first */
	assert_int_equal(m[0].sent_at, 1350);
	assert_int_equal(m[0].read_at, 0);
	guidedb_msgs_free(m, n);
	assert_int_equal(guidedb_messages_read(v, 1500), 0);
	assert_int_equal(guidedb_messages(v, &m, &n), 0);
	assert_int_equal(m[1].read_at, 1500);
	guidedb_msgs_free(m, n);
	/* tend's own link events are not the person's activity. */
	assert_int_equal(db_event(v, "guide.summary", NULL), 0);
	assert_int_equal(guidedb_last_active(v, &at), 0);
	assert_int_equal(db_exec(v, "UPDATE events SET at = 50", ""), 0);
	assert_int_equal(db_event(v, "guide.link", NULL), 0);
	assert_int_equal(db_exec(v,
	                         "UPDATE events SET at = 90000"
	                         " WHERE kind = 'guide.link'",
	                         ""),
	                 0);
	assert_int_equal(guidedb_last_active(v, &at), 0);
	assert_int_equal(at, 50);
	assert_int_equal(guidedb_unlink(v, l.id, 1600), 0);
	guidedb_link_clear(&l);
	assert_int_equal(guidedb_link_get(v, &l), 0);
	vault_close(v);
	rm_dir();
}

/* Two versions of one vault: the one that took a reply wins the
 * sequence number, whichever way they are merged. */
static void
test_merge_keeps_sequence(void **state)
{
	struct vault *a = make(), *b = NULL;
	struct guidedb_link l;
	struct merge_stats st;
	char *copy = xasprintf("%s/copy", dir);

	add_link(a, 1000);
	assert_int_equal(vault_save(a), VAULT_OK);
	assert_int_equal(vault_write_copy(a, copy), VAULT_OK);
	assert_int_equal(vault_open_file(copy, &b), VAULT_OK);
	assert_int_equal(vault_unlock(b, "pw"), VAULT_OK);
	assert_int_equal(guidedb_link_get(a, &l), 1);
	assert_true(guidedb_message_add(a, l.id, 1, 1100, 1200, "hi") > 0);
	guidedb_link_clear(&l);
	assert_int_equal(merge_rows(vault_sqlite(b), vault_sqlite(a), &st),
	                 VAULT_OK);
	assert_int_equal(guidedb_link_get(b, &l), 1);
	assert_int_equal(l.in_seq, 1);
	guidedb_link_clear(&l);
	assert_int_equal(merge_rows(vault_sqlite(a), vault_sqlite(b), &st),
	                 VAULT_OK);
	assert_int_equal(guidedb_link_get(a, &l), 1);
	assert_int_equal(l.in_seq, 1);
	guidedb_link_clear(&l);
	vault_close(a);
	vault_close(b);
	free(copy);
	rm_dir();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_link),
	        cmocka_unit_test(test_merge_keeps_sequence),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
