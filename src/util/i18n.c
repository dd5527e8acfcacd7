/*
 * gettext set-up.  Message catalogues live in share/locale beside the
 * share folder (path_locale_dir); with none installed, strings pass
 * through unchanged.
 */
#include "util/i18n.h"

#include <stdint.h>
#include <stdlib.h>

#include "util/path.h"
#include "util/xalloc.h"

/* Owned: path_locale_dir's string goes with paths_free(). */
static char *bound_dir;

char *
i18n_text(const char *s)
{
	/* gettext("") is the catalogue's header, never a translation. */
	if (!s || !*s)
		return (char *)(uintptr_t)s;
	return gettext(s);
}

void
i18n_init(void)
{
	const char *v = getenv("TEND_LOCALE_DIR");

	free(bound_dir);
	bound_dir = xstrdup(v && *v ? v : path_locale_dir());
	bindtextdomain("tend", bound_dir);
	bind_textdomain_codeset("tend", "UTF-8");
	textdomain("tend");
}

const char *
i18n_dir(void)
{
	return bound_dir;
}
