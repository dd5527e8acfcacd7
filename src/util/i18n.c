/*
 * gettext set-up.  Message catalogues live in share/locale beside the
 * share folder (path_locale_dir); with none installed, strings pass
 * through unchanged.
 */
#include "util/i18n.h"

#include <locale.h>

#include "util/path.h"

void
i18n_init(void)
{
	bindtextdomain("tend", path_locale_dir());
	bind_textdomain_codeset("tend", "UTF-8");
	textdomain("tend");
}
