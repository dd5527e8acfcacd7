/*
 * Countries as tend needs them for crisis help: the English name of an
 * ISO 3166-1 alpha-2 code, the emergency number known to work across a
 * country for which tend ships no crisis file (112 in the EU, the EEA and
 * Switzerland; docs/crisis-sources.md gives the sources), and the country
 * of a time zone name, from which the first run suggests a country.
 *
 * Pure tables: nothing here reads the environment or a file.
 */
#ifndef TEND_CORE_COUNTRY_H
#define TEND_CORE_COUNTRY_H

#include <stdbool.h>
#include <stddef.h>

/* True for two ASCII letters of an assigned ISO 3166-1 code (either
 * case). */
bool country_known(const char *code);

/* The English short name of code (either case), static; NULL when code is
 * not an assigned ISO 3166-1 alpha-2 code.  Marked for translation: show
 * _(country_name(code)). */
const char *country_name(const char *code);

/*
 * The emergency number that works across the country (static), for a
 * country tend has no crisis file for: "112" for the member states of the
 * European Union, the other EEA states and Switzerland; NULL when tend
 * does not know one.
 */
const char *country_emergency(const char *code);

/*
 * The country of an IANA time zone name ("Europe/London" -> "GB"), from
 * tzdata's zone.tab and a few common older names ("US/Eastern"); static;
 * NULL for zones that name no country ("UTC", "Etc/GMT+1") or that are
 * unknown.
 */
const char *country_of_zone(const char *zone);

/* The number of codes in the name table, and code i (static), sorted:
 * for tests and for listing. */
size_t country_count(void);
const char *country_code_at(size_t i);

#endif
