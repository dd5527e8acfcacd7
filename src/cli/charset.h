/*
 * The command line on a terminal that cannot show UTF-8 (LANG=C, a
 * Latin-1 locale): what tend writes there comes out in ASCII, with the
 * transliteration of util/utf8 (curly quotes '"', dashes '-', bullets '*',
 * "...", "[x]"), never as bytes the terminal turns into '?' or worse.
 */
#ifndef TEND_CLI_CHARSET_H
#define TEND_CLI_CHARSET_H

#include <stdbool.h>

/*
 * When the locale's character set (nl_langinfo(CODESET)) is not UTF-8:
 * turns on utf8_set_ascii(), so that widths and glyphs are those of
 * ASCII, and replaces stdout and stderr, where they are terminals, by
 * streams that pass everything through utf8_to_ascii.  Output into a pipe
 * or a file stays UTF-8 as it is (data such as --json or an export must
 * reach the next program byte for byte).  Not for the full screen, which
 * converts in ui_put.  Returns whether the locale is not UTF-8.  Call
 * once, before the command writes anything.
 */
bool cli_charset_init(void);

/* Puts the original stdout and stderr back (before the full screen, which
 * needs the real ones), writing out what was held.  ASCII mode stays. */
void cli_charset_end(void);

#endif
