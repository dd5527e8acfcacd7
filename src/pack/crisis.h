/*
 * Crisis contacts: data/crisis/<REGION>.yaml (docs/pack-format.md), which a
 * clinic replaces with /etc/tend/crisis/<REGION>.yaml (the person's
 * country is chosen in app/country.h).  Every number in
 * these files carries the page it was checked against and the date; the
 * loader refuses a contact without them, so an unverified number cannot
 * ship by accident.
 */
#ifndef TEND_PACK_CRISIS_H
#define TEND_PACK_CRISIS_H

#include <stdbool.h>
#include <stddef.h>

#include "util/diag.h"

struct crisis_contact {
	char *name;
	char *phone; /* may be NULL when text or web is given */
	char *text; /* SMS number; may be NULL */
	char *web; /* may be NULL */
	char *hours; /* may be NULL */
	char *for_whom; /* "for:"; may be NULL */
	char *source;
	char *checked; /* YYYY-MM-DD */
};

struct crisis_region {
	char *region; /* "GB": ISO 3166-1 alpha-2, upper case */
	char *name; /* "United Kingdom" */
	char *checked;
	char *emergency; /* "999" */
	char *emergency_source;
	char *emergency_checked; /* YYYY-MM-DD */
	struct crisis_contact *contacts;
	size_t ncontacts; /* may be 0: only the emergency number is known */
	char *file; /* where it was loaded from */
};

/*
 * Loads one crisis file.  The file name must be the region plus ".yaml".
 * Returns a new region (free with crisis_region_free), or NULL after adding
 * at least one error to d.
 */
struct crisis_region *pack_load_crisis(const char *path, struct diags *d);
void crisis_region_free(struct crisis_region *r);

/* The regions to show, in order. */
struct crisis_list {
	struct crisis_region **v;
	size_t n;
	bool matched; /* true: v[0] is the region asked for */
};

/*
 * Loads the contacts of region: crisis/REGION.yaml from the first of
 * path_data_dirs() that has it (the clinic's /etc/tend/crisis/REGION.yaml,
 * else a pack's or the bundled one); matched is true when one was loaded,
 * and the list is empty when none exists (or is valid): never another
 * region in its place.  region NULL: every region, the bundled ones each
 * replaced by the clinic's file of the same name, then any region only
 * the clinic has.  Files with errors are left out, with diagnostics in d.
 * Never NULL.
 */
struct crisis_list *crisis_load(const char *region, struct diags *d);
/* Every region in dir (sorted), for check-content.  Never NULL. */
struct crisis_list *crisis_load_dir(const char *dir, struct diags *d);
void crisis_list_free(struct crisis_list *l);

/*
 * The region of a locale name: "en_GB.UTF-8" -> "GB", "en_NZ" -> "NZ",
 * "fr_CA@euro" -> "CA".  Writes two upper-case letters and a NUL into out;
 * returns 0, or -1 when the name has no territory ("C", "POSIX", "en").
 */
int crisis_region_from_locale(const char *locale, char out[3]);

/* True for two ASCII letters (either case). */
bool crisis_region_valid(const char *s);

#endif
