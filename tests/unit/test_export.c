/*
 * app/export over a real (test-cost) vault: hostile text stays inert in
 * every format: JSON stays valid, HTML is escaped, CSV cells cannot run as
 * formulas, deleted entries are left out, and sealing round-trips.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "app/export.h"
#include "store/db.h"
#include "store/entries.h"
#include "store/export.h"
#include "store/vault.h"
#include "util/xalloc.h"

static char dir[64];
static struct opts opts = {dir, NULL, -1, false, false, false};
static struct session *sess;
static struct vault *v;

static int
setup(void **state)
{
	char code[VAULT_CODE_LEN];
	char *msg = NULL;

	strcpy(dir, "/tmp/tend-export.XXXXXX");
	if (!mkdtemp(dir) || vault_global_init() != VAULT_OK ||
	    session_create(&opts, "pass", VAULT_KDF_TEST, code, &sess, &msg) !=
	            EXIT_OK) {
		free(msg);
		return -1;
	}
	v = session_vault(sess);
	return db_exec(v,
	               "INSERT INTO entries(id, worksheet, created_at,"
	               " updated_at) VALUES (1, 'thought-record', 100, 100)",
	               "") < 0 ||
	       db_exec(v,
	               "INSERT INTO entries(id, worksheet, created_at,"
	               " updated_at, deleted_at) VALUES (2, 'worry-log', 100,"
	               " 100, 200)",
	               "") < 0 ||
	       db_exec(v,
	               "INSERT INTO entry_fields VALUES (1, 'situation', 0, ?),"
	               " (1, 'hot', 0, ?), (2, 'worry', 0, 'DELETED-CANARY')",
	               "tt",
	               "=HYPERLINK(\"x\") <script>\"q\"\n\x01"
	               "bad\xff",
	               "+1 & more") < 0;
}

static int
teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	int rc = system(cmd);

	free(cmd);
	session_close(sess);
	return rc;
}

static char *
render(enum export_format f)
{
	struct buf b = BUF_INIT;

	assert_int_equal(export_render(sess, f, 1000, &b), 0);
	assert_null(strstr(b.data, "DELETED-CANARY"));
	return buf_detach(&b);
}

static void
test_json_escapes(void **state)
{
	char *s = render(EXPORT_JSON);

	assert_non_null(strstr(s, "\"=HYPERLINK(\\\"x\\\") <script>\\\"q\\\""
	                          "\\n\\u0001bad\xEF\xBF\xBD\""));
	free(s);
}

static void
test_html_escapes(void **state)
{
	char *s = render(EXPORT_HTML);

	assert_null(strstr(s, "<script>"));
	assert_non_null(strstr(s, "&lt;script&gt;&quot;q&quot;<br>bad"));
	assert_non_null(strstr(s, "+1 &amp; more"));
	free(s);
}

static void
test_csv_formula_guard(void **state)
{
	char *s = render(EXPORT_CSV);

	/* Quoted (it holds a quote and a newline) and defused with '. */
	assert_non_null(strstr(s, ",\"'=HYPERLINK(\"\"x\"\")"));
	assert_non_null(strstr(s, ",'+1 & more\r\n"));
	free(s);
}

static void
test_markdown_escapes(void **state)
{
	char *s = render(EXPORT_MD);

	assert_non_null(strstr(s, "\\<script\\>"));
	assert_null(strstr(s, "\x01"));
	free(s);
}

static void
test_seal_roundtrip(void **state)
{
	unsigned char pk[SEAL_KEY_BYTES], sk[SEAL_KEY_BYTES];
	unsigned char pk2[SEAL_KEY_BYTES], sk2[SEAL_KEY_BYTES];
	struct buf sealed = BUF_INIT, open = BUF_INIT;

	assert_int_equal(store_seal_keypair(pk, sk), 0);
	assert_int_equal(store_seal_keypair(pk2, sk2), 0);
	assert_int_equal(store_seal(pk, "secret words", 12, &sealed), 0);
	assert_null(memmem(sealed.data, sealed.len, "secret", 6));
	assert_int_equal(store_unseal(pk2, sk2, sealed.data, sealed.len, &open),
	                 -1);
	sealed.data[sealed.len - 1] ^= 1;
	assert_int_equal(store_unseal(pk, sk, sealed.data, sealed.len, &open),
	                 -1);
	sealed.data[sealed.len - 1] ^= 1;
	assert_int_equal(store_unseal(pk, sk, sealed.data, sealed.len, &open),
	                 0);
	assert_int_equal(open.len, 12);
	assert_memory_equal(open.data, "secret words", 12);
	assert_int_equal(store_seal_public(sk, pk2), 0);
	assert_memory_equal(pk, pk2, SEAL_KEY_BYTES);
	buf_free(&sealed);
	buf_free(&open);
}

/* The reports use the worksheet's labels: field labels, "Feeling" in row
 * 1 of "What did you feel?", thinking traps by their names, not ids. */
static void
test_report_labels(void **state)
{
	char *md, *html;

	assert_int_equal(db_exec(v,
	                         "INSERT INTO entries(id, worksheet,"
	                         " created_at, updated_at, completed_at)"
	                         " VALUES (3, 'thought-record', 300, 300, 300)",
	                         ""),
	                 0);
	assert_int_equal(entries_set_field(v, 3, "traps",
	                                   "catastrophising,fortune-telling",
	                                   300),
	                 0);
	assert_int_equal(entries_set_field(v, 3, "feelings.1.name", "Sad", 300),
	                 0);
	assert_int_equal(
	        entries_set_field(v, 3, "feelings.1.strength", "70", 300), 0);
	md = render(EXPORT_MD);
	assert_non_null(strstr(md, "### Thought record, "));
	assert_non_null(strstr(md, "- **Thinking traps you can see in it:** "
	                           "Expecting the worst, Fortune telling: "
	                           "sure how it will turn out\n"));
	assert_non_null(
	        strstr(md, "- **What did you feel? 1: Feeling:** Sad\n"));
	assert_non_null(strstr(
	        md, "- **What did you feel? 1: How strong (0-100):** 70"));
	assert_null(strstr(md, "catastrophising"));
	assert_null(strstr(md, "feelings.1"));
	html = render(EXPORT_HTML);
	assert_non_null(strstr(html,
	                       "<dt>Thinking traps you can see in it</dt>"
	                       "<dd>Expecting the worst, Fortune telling: "
	                       "sure how it will turn out</dd>"));
	assert_null(strstr(html, "catastrophising"));
	free(md);
	free(html);
	assert_int_equal(
	        db_exec(v, "DELETE FROM entry_fields WHERE entry_id = 3", ""),
	        0);
	assert_int_equal(db_exec(v, "DELETE FROM entries WHERE id = 3", ""), 0);
}

/* Every export query walks a table or an index in order: none needs a
 * temporary b-tree to sort, which would hold rows in proportion to the
 * vault (streaming exports must cost the same for any size). */
static void
test_queries_stream(void **state)
{
	for (int q = 0; q < EXQ__COUNT; q++) {
		char *sql = xasprintf("EXPLAIN QUERY PLAN %s",
		                      store_export_sql((enum export_query)q));
		sqlite3_stmt *st = NULL;

		assert_int_equal(
		        sqlite3_prepare_v2(vault_sqlite(v), sql, -1, &st, NULL),
		        SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *d =
			        (const char *)sqlite3_column_text(st, 3);

			if (strstr(d, "TEMP B-TREE"))
				fail_msg("%s: %s", store_export_name(q), d);
		}
		sqlite3_finalize(st);
		free(sql);
	}
}

/* A bundle: fresh UUIDs each time, the same pseudonymous subject. */
static void
test_fhir_ids(void **state)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	char *pa, *pb;

	assert_int_equal(db_exec(v,
	                         "INSERT INTO assessments(id, instrument,"
	                         " taken_at, total) VALUES (7, 'gad7', 500, 3)",
	                         ""),
	                 0);
	assert_int_equal(export_render(sess, EXPORT_FHIR, 1000, &a), 0);
	assert_int_equal(export_render(sess, EXPORT_FHIR, 1000, &b), 0);
	pa = strstr(a.data, "\"fullUrl\": \"urn:uuid:");
	pb = strstr(b.data, "\"fullUrl\": \"urn:uuid:");
	assert_non_null(pa);
	assert_non_null(pb);
	assert_memory_not_equal(pa, pb, 60);
	assert_non_null(strstr(a.data, "urn:tend:subject"));
	pa = strstr(a.data, "\"urn:tend:subject\", \"value\": \"");
	pb = strstr(b.data, "\"urn:tend:subject\", \"value\": \"");
	assert_non_null(pa);
	assert_memory_equal(pa, pb, 80);
	assert_non_null(strstr(a.data, "urn:tend:questionnaire:gad7"));
	assert_int_equal(db_exec(v, "DELETE FROM assessments WHERE id = 7", ""),
	                 0);
	buf_free(&a);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_json_escapes),
	        cmocka_unit_test(test_html_escapes),
	        cmocka_unit_test(test_csv_formula_guard),
	        cmocka_unit_test(test_markdown_escapes),
	        cmocka_unit_test(test_seal_roundtrip),
	        cmocka_unit_test(test_report_labels),
	        cmocka_unit_test(test_queries_stream),
	        cmocka_unit_test(test_fhir_ids),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
