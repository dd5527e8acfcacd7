/*
 * Tests of the crisis contacts: every bundled region loads with a source
 * and a date for each number, and its first line is the one checked in
 * docs/crisis-sources.md (a region may have only its emergency number); a
 * clinic's file in /etc/tend/crisis replaces the bundled one; the region
 * of a locale name is read (the country itself: app/country.h); a contact without a
 * source or date is refused.
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

#include "pack/crisis.h"
#include "util/path.h"
#include "util/xalloc.h"

static char tmpdir[64];

static bool
has_diag(const struct diags *d, const char *needle)
{
	for (size_t i = 0; i < d->n; i++) {
		char *s = diag_format(&d->items[i]);
		bool hit = strstr(s, needle) != NULL;

		free(s);
		if (hit)
			return true;
	}
	return false;
}

static void
write_file(const char *path, const char *body)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(body, f);
	fclose(f);
}

static int
setup(void **state)
{
	char *p;

	char cwd[4096];

	/* The bundled data of this source tree (run-all.sh runs from it). */
	if (!getcwd(cwd, sizeof(cwd)))
		return -1;
	setenv("TEND_SHARE_DIR", cwd, 1);
	strcpy(tmpdir, "/tmp/tend-crisis.XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	p = xasprintf("%s/crisis", tmpdir);
	mkdir(p, 0700);
	free(p);
	p = xasprintf("%s/data", tmpdir);
	mkdir(p, 0700);
	free(p);
	return 0;
}

static int
teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);
	int rc = system(cmd);

	free(cmd);
	return rc == 0 ? 0 : -1;
}

struct want {
	const char *region, *emergency, *name, *phone, *text;
	size_t ncontacts;
};

/* Sorted by region, as crisis_load_dir lists them.  name NULL: the region
 * ships only its emergency number (docs/crisis-sources.md). */
static const struct want wants[] = {
        {"AU", "000", "Lifeline", "13 11 14", "0477 13 11 14", 2},
        {"CA", "911", "9-8-8: Suicide Crisis Helpline", "988", "988", 2},
        {"DE", "112", "TelefonSeelsorge", "0800 111 0 111 or 0800 111 0 222",
         NULL, 2},
        {"ES", "112", NULL, NULL, NULL, 0},
        {"FR", "112", "3114 (numéro national de prévention du suicide)", "3114",
         NULL, 1},
        {"GB", "999", "Samaritans", "116 123", NULL, 3},
        {"IE", "112 or 999", "Samaritans", "116 123", NULL, 1},
        {"IN", "112", NULL, NULL, NULL, 0},
        {"IT", "112", NULL, NULL, NULL, 0},
        {"NL", "112", "113 Zelfmoordpreventie", "113 or 0800-0113", NULL, 1},
        {"NZ", "111", "Need to talk? 1737", "1737", "1737", 1},
        {"PL", "112", "116 111 (Telefon Zaufania dla Dzieci i Młodzieży)",
         "116 111", NULL, 1},
        {"SE", "112", "Mind Självmordslinjen", "90101", NULL, 1},
        {"US", "911", "988 Suicide & Crisis Lifeline", "988", "988", 1},
        {"ZA", "10111", "SADAG Suicide Crisis Helpline", "0800 567 567", NULL,
         2},
};
#define NWANTS (sizeof(wants) / sizeof(wants[0]))

static void
test_bundled(void **state)
{
	struct diags d = DIAGS_INIT;
	struct crisis_list *l = crisis_load_dir("data/crisis", &d);

	assert_int_equal(d.n, 0);
	assert_int_equal(l->n, NWANTS);
	for (size_t i = 0; i < NWANTS; i++) {
		const struct crisis_region *r = l->v[i];
		const struct want *w = &wants[i];

		assert_string_equal(r->region, w->region);
		assert_string_equal(r->emergency, w->emergency);
		assert_non_null(r->emergency_source);
		assert_int_equal(r->ncontacts, w->ncontacts);
		if (w->name) {
			assert_string_equal(r->contacts[0].name, w->name);
			assert_string_equal(r->contacts[0].phone, w->phone);
			if (w->text)
				assert_string_equal(r->contacts[0].text,
				                    w->text);
			else
				assert_null(r->contacts[0].text);
		}
		for (size_t j = 0; j < r->ncontacts; j++) {
			const struct crisis_contact *c = &r->contacts[j];

			/* Every shipped line names the page it was checked
			 * against (an address) and the date. */
			assert_non_null(c->source);
			assert_true(strncmp(c->source, "http", 4) == 0);
			assert_int_equal(strlen(c->checked), 10);
			assert_true(c->phone || c->text);
		}
		assert_true(strncmp(r->emergency_source, "http", 4) == 0);
	}
	crisis_list_free(l);
	diag_free(&d);
}

/* A file with only the emergency number loads, with no contacts. */
static void
test_emergency_only(void **state)
{
	struct diags d = DIAGS_INIT;
	char *p = xasprintf("%s/data/JP.yaml", tmpdir);
	struct crisis_region *r;
	FILE *f = fopen(p, "w");

	assert_non_null(f);
	fputs("region: JP\nname: Japan\nchecked: 2026-12-01\n"
	      "emergency: {phone: \"110 or 119\", source: x, checked: "
	      "2026-12-01}\ncontacts: []\n",
	      f);
	fclose(f);
	r = pack_load_crisis(p, &d);
	assert_non_null(r);
	assert_int_equal(d.n, 0);
	assert_int_equal(r->ncontacts, 0);
	assert_string_equal(r->emergency, "110 or 119");
	crisis_region_free(r);
	unlink(p);
	free(p);
	diag_free(&d);
}

static void
test_locale(void **state)
{
	char r[3];

	assert_int_equal(crisis_region_from_locale("en_GB.UTF-8", r), 0);
	assert_string_equal(r, "GB");
	assert_int_equal(crisis_region_from_locale("en_nz", r), 0);
	assert_string_equal(r, "NZ");
	assert_int_equal(crisis_region_from_locale("fr_CA@euro", r), 0);
	assert_string_equal(r, "CA");
	assert_int_equal(crisis_region_from_locale("C.UTF-8", r), -1);
	assert_int_equal(crisis_region_from_locale("POSIX", r), -1);
	assert_int_equal(crisis_region_from_locale("en", r), -1);
	assert_int_equal(crisis_region_from_locale("en_GBR", r), -1);
	assert_int_equal(crisis_region_from_locale(NULL, r), -1);
}

static const char clinic_gb[] =
        "region: GB\n"
        "name: \"United Kingdom\"\n"
        "checked: 2026-11-20\n"
        "emergency: {phone: \"999\", source: \"clinic\", checked: "
        "2026-11-20}\n"
        "contacts:\n"
        "  - name: \"Riverside Clinic duty line\"\n"
        "    phone: \"01234 567890\"\n"
        "    source: \"clinic rota\"\n"
        "    checked: 2026-11-20\n";

static void
test_clinic_override(void **state)
{
	struct diags d = DIAGS_INIT;
	struct crisis_list *l;
	char *p = xasprintf("%s/crisis/GB.yaml", tmpdir);

	write_file(p, clinic_gb);
	setenv("TEND_SYSCONF_DIR", tmpdir, 1);
	l = crisis_load("gb", &d);
	assert_int_equal(d.n, 0);
	assert_true(l->matched);
	assert_int_equal(l->n, 1);
	assert_string_equal(l->v[0]->contacts[0].name,
	                    "Riverside Clinic duty line");
	crisis_list_free(l);
	/* A region without a file: nothing, never another region's lines
	 * in its place. */
	l = crisis_load("JP", &d);
	assert_false(l->matched);
	assert_int_equal(l->n, 0);
	crisis_list_free(l);
	/* No region: every region, the clinic's GB among them (sorted: AU
	 * CA DE ES FR GB ...). */
	l = crisis_load(NULL, &d);
	assert_false(l->matched);
	assert_int_equal(l->n, NWANTS);
	assert_string_equal(l->v[5]->region, "GB");
	assert_string_equal(l->v[5]->contacts[0].name,
	                    "Riverside Clinic duty line");
	crisis_list_free(l);
	/* A bundled region with only its emergency number is still matched. */
	l = crisis_load("it", &d);
	assert_true(l->matched);
	assert_int_equal(l->n, 1);
	assert_int_equal(l->v[0]->ncontacts, 0);
	crisis_list_free(l);
	/* The bundled file when the clinic has none. */
	l = crisis_load("NZ", &d);
	assert_true(l->matched);
	assert_string_equal(l->v[0]->contacts[0].phone, "1737");
	crisis_list_free(l);
	unlink(p);
	free(p);
	unsetenv("TEND_SYSCONF_DIR");
	diag_free(&d);
}

static void
expect_error(const char *name, const char *body, const char *needle)
{
	struct diags d = DIAGS_INIT;
	char *p = xasprintf("%s/data/%s", tmpdir, name);
	struct crisis_region *r;

	write_file(p, body);
	r = pack_load_crisis(p, &d);
	if (r || !has_diag(&d, needle)) {
		for (size_t i = 0; i < d.n; i++)
			fprintf(stderr, "%s\n", diag_format(&d.items[i]));
	}
	assert_null(r);
	assert_true(has_diag(&d, needle));
	unlink(p);
	free(p);
	diag_free(&d);
}

static void
test_refused(void **state)
{
	expect_error("GB.yaml",
	             "region: GB\nname: UK\nchecked: 2026-11-20\n"
	             "emergency: {phone: \"999\", source: x, checked: "
	             "2026-11-20}\n"
	             "contacts:\n  - {name: A, phone: \"1\", checked: "
	             "2026-11-20}\n",
	             "GB.yaml:6: error: the contact has no 'source'");
	expect_error("GB.yaml",
	             "region: GB\nname: UK\nchecked: 2026-11-20\n"
	             "emergency: {phone: \"999\", source: x, checked: "
	             "2026-11-20}\n"
	             "contacts:\n  - {name: A, phone: \"1\", source: x}\n",
	             "'checked' is missing");
	expect_error("GB.yaml",
	             "region: GB\nname: UK\nchecked: 20-11-2026\n"
	             "emergency: {phone: \"999\", source: x, checked: "
	             "2026-11-20}\n"
	             "contacts:\n  - {name: A, phone: \"1\", source: x, "
	             "checked: 2026-11-20}\n",
	             "must be a date like");
	expect_error("FR.yaml",
	             "region: GB\nname: UK\nchecked: 2026-11-20\n"
	             "emergency: {phone: \"999\", source: x, checked: "
	             "2026-11-20}\n"
	             "contacts:\n  - {name: A, phone: \"1\", source: x, "
	             "checked: 2026-11-20}\n",
	             "must match the file name 'FR.yaml'");
	expect_error("GB.yaml",
	             "region: GB\nname: UK\nchecked: 2026-11-20\n"
	             "emergency: {phone: \"999\", source: x, checked: "
	             "2026-11-20}\n"
	             "contacts: [" /* 21 */
	             "{name: A, phone: \"1\", source: x, checked: 2026-11-20},"
	             "{name: A, phone: \"1\", source: x, checked: 2026-11-20},"
	             "{name: A, phone: \"1\", source: x, checked: 2026-11-20},"
	             "{name: A, phone: \"1\", source: x, checked: 2026-11-20},"
	             "{name: A, phone: \"1\", source: x, checked: 2026-11-20},"
	             "{name: A, phone: \"1\", source: x, checked: 2026-11-20},"
	             "{name: A, phone: \"1\", source: x, checked: 2026-11-20},"
	             "{name: A, phone: \"1\", source: x, checked: 2026-11-20},"
	             "{name: A, phone: \"1\", source: x, checked: 2026-11-20},"
	             "{name: A, phone: \"1\", source: x, checked: 2026-11-20},"
	             "{name: A, phone: \"1\", source: x, checked: 2026-11-20},"
	             "{name: A, phone: \"1\", source: x, checked: 2026-11-20},"
	             "{name: A, phone: \"1\", source: x, checked: 2026-11-20},"
	             "{name: A, phone: \"1\", source: x, checked: 2026-11-20},"
	             "{name: A, phone: \"1\", source: x, checked: 2026-11-20},"
	             "{name: A, phone: \"1\", source: x, checked: 2026-11-20},"
	             "{name: A, phone: \"1\", source: x, checked: 2026-11-20},"
	             "{name: A, phone: \"1\", source: x, checked: 2026-11-20},"
	             "{name: A, phone: \"1\", source: x, checked: 2026-11-20},"
	             "{name: A, phone: \"1\", source: x, checked: 2026-11-20},"
	             "{name: A, phone: \"1\", source: x, checked: 2026-11-20}"
	             "]\n",
	             "0 to 20 contacts");
	expect_error("GB.yaml",
	             "region: GB\nname: UK\nchecked: 2026-11-20\n"
	             "contacts:\n  - {name: A, phone: \"1\", source: x, "
	             "checked: 2026-11-20}\n",
	             "emergency");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_bundled),
	        cmocka_unit_test(test_emergency_only),
	        cmocka_unit_test(test_locale),
	        cmocka_unit_test(test_clinic_override),
	        cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
