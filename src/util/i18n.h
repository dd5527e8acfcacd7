/*
 * Translation of user-facing strings.  Every string a person reads goes
 * through _() (or ngettext for plurals) so the interface can be translated
 * without touching code.  N_() marks strings in static tables.
 */
#ifndef TEND_UTIL_I18N_H
#define TEND_UTIL_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

/* Binds the "tend" text domain to the installed locale folder. */
void i18n_init(void);

#endif
