/*
 * Translation of user-facing strings.  Every string a person reads goes
 * through _() (or ngettext for plurals) so the interface can be translated
 * without touching code.  N_() marks strings in static tables; they are
 * translated where they are shown, with _().  The catalogues are built
 * from po/ (make pot, make po; po/README) and installed in
 * PREFIX/share/locale/LANG/LC_MESSAGES/tend.mo.
 *
 * Dates follow the same language as the messages: their words come from
 * the catalogue too (clock_strftime in util/clock.h), never from LC_TIME,
 * so that an English interface never says "6 Dezember".
 */
#ifndef TEND_UTIL_I18N_H
#define TEND_UTIL_I18N_H

#include <libintl.h>

#define _(s) i18n_text(s)
#define N_(s) s

/*
 * The translation of s, or s itself.  s may be "" (stays "", where
 * gettext would return the catalogue's header) or NULL (returns NULL).
 * The result lives as long as the program.
 */
char *i18n_text(const char *s) __attribute__((format_arg(1)));

/*
 * Binds the "tend" text domain to its catalogues: TEND_LOCALE_DIR when
 * set (tests), else path_locale_dir() (the build folder's locale/ when
 * the binary runs from a source tree, else PREFIX/share/locale found from
 * the binary's place or the one chosen at build time).  Messages come out
 * in UTF-8 whatever the locale's character set; a front end on a terminal
 * that is not UTF-8 turns them into ASCII (utf8_to_ascii).  Call after
 * setlocale().
 */
void i18n_init(void);

/* The folder i18n_init bound the domain to (for tend doctor and tests). */
const char *i18n_dir(void);

#endif
