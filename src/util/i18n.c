/*
 * gettext set-up.  Message catalogues live under the install prefix's
 * share/locale; with none installed, strings pass through unchanged.
 */
#include "util/i18n.h"

#include <locale.h>

#ifndef TEND_LOCALEDIR
#define TEND_LOCALEDIR TEND_SHAREDIR "/../locale"
#endif

void
i18n_init(void)
{
	bindtextdomain("tend", TEND_LOCALEDIR);
	bind_textdomain_codeset("tend", "UTF-8");
	textdomain("tend");
}
