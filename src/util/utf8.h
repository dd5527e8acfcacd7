/*
 * UTF-8 text measured in terminal columns.  Every wrap, truncation and width
 * in tend goes through here.  Invalid bytes decode as U+FFFD (one column);
 * widths follow the C.UTF-8 wcwidth tables whatever the user's locale, with
 * combining marks 0 columns and East Asian wide characters and emoji 2 (in
 * ASCII mode, the width of the ASCII form: see utf8_set_ascii).
 */
#ifndef TEND_UTIL_UTF8_H
#define TEND_UTIL_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

#define UTF8_REPLACEMENT 0xFFFDu

/*
 * Decodes one code point from s[0..len).  Returns the number of bytes used
 * (1..4; 1 for an invalid or truncated sequence, which yields U+FFFD), or 0
 * when len is 0.  Overlong forms, surrogates and values above U+10FFFF are
 * invalid.
 */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Appends the UTF-8 encoding of cp (U+FFFD if cp is not a scalar value). */
void utf8_encode(struct buf *b, uint32_t cp);
/* Columns of one code point: 0 (combining, zero-width), 1 or 2.  Control
 * characters count 0: they must be sanitised before display. */
int utf8_cpwidth(uint32_t cp);
/* Columns of s[0..len). */
size_t utf8_width(const char *s, size_t len);
/* True when s[0..len) is valid UTF-8. */
bool utf8_valid(const char *s, size_t len);

/*
 * Returns the number of bytes of s[0..len) that fit in cols columns without
 * splitting a character or separating it from its combining marks.  *used,
 * if not NULL, receives the columns those bytes take.
 */
size_t utf8_fit(const char *s, size_t len, size_t cols, size_t *used);
/*
 * Appends s[0..len) truncated to at most cols columns; when it had to cut,
 * the last column is an ellipsis ("…", or "..." counted in ASCII mode, see
 * utf8_set_ascii).
 */
void utf8_truncate(struct buf *out, const char *s, size_t len, size_t cols);

/*
 * Word-wrap s[0..len) to lines of at most cols columns (cols >= 1).  Breaks
 * at spaces; a word longer than a line is broken between characters, never
 * inside a wide character or before a combining mark.  '\n' forces a break.
 * Spaces at a break are dropped.  Calls emit(line, linelen, arg) for each
 * line (a pointer into s, or into a scratch copy; valid during the call).
 * Returns the number of lines.
 */
size_t
utf8_wrap(const char *s, size_t len, size_t cols,
          void (*emit)(const char *line, size_t n, void *arg), void *arg);

/*
 * True for the invisible format controls that can reorder or disguise the
 * text around them (utf8_sanitize drops them): the bidirectional embeddings,
 * overrides and isolates U+202A-U+202E and U+2066-U+2069, the marks U+200E,
 * U+200F and U+061C, the line and paragraph separators U+2028 and U+2029,
 * and the interlinear annotation controls U+FFF9-U+FFFB.  The joiners
 * (U+200C, U+200D) are kept: scripts and emoji need them.
 */
bool utf8_is_format_control(uint32_t cp);

/*
 * Appends s[0..len) with everything a terminal would act on removed: C0
 * controls (except '\n' and, when keep_tab, '\t'), DEL, C1 controls
 * (U+0080-U+009F), whole escape sequences (CSI, OSC, DCS, APC, PM, SOS,
 * ESC + one char), including their 8-bit forms, and the format controls of
 * utf8_is_format_control (a crisis number must never show reversed).
 * Invalid bytes become U+FFFD.  '\r' is dropped.  Returns the number of
 * things removed.
 */
size_t utf8_sanitize(struct buf *out, const char *s, size_t len, bool keep_tab);

/*
 * Unicode Normalization Form C of the valid UTF-8 string s[0..len), as a
 * fresh NUL-terminated string (free with free(); the caller wipes it when
 * it is a secret) with its length in *outlen.  The same words typed on two
 * keyboards (a precomposed "é" or "e" and a combining accent) come out as
 * the same bytes.  Returns NULL with errno EILSEQ when s is not valid
 * UTF-8 (or ENOMEM).
 */
char *utf8_nfc(const char *s, size_t len, size_t *outlen);

/*
 * ASCII mode, for a terminal whose locale is not UTF-8 (LANG=C, a Latin-1
 * locale): ellipses and glyph helpers use ASCII, text is shown through
 * utf8_to_ascii, and utf8_cpwidth (so every width, fit, wrap and
 * truncation) measures a character by the ASCII form it will be shown as.
 * Front ends turn it on from nl_langinfo(CODESET) before laying out text.
 */
void utf8_set_ascii(bool ascii);
bool utf8_is_ascii(void);

/*
 * The ASCII form of cp from the one transliteration table: typographic
 * quotes become '"' and '\'', dashes '-', bullets '*', the ellipsis
 * "...", check marks and ticked boxes "[x]", arrows "->", spaces of every
 * width ' ', Latin letters with accents their base letter (the German
 * umlauts and sharp s "ae", "oe", "ue", "ss").  NULL when cp has none (it
 * is then shown as '?' per column); "" for characters that vanish (a soft
 * hyphen, a variation selector).  For cp < 0x80, NULL.
 */
const char *utf8_ascii_form(uint32_t cp);

/*
 * Appends s[0..len) in ASCII: ASCII bytes as they are, characters with an
 * ASCII form (utf8_ascii_form) as that form, zero-width characters
 * (combining marks) dropped, any other character as '?' per column it
 * takes.  Control characters are kept: sanitise first.
 */
void utf8_to_ascii(struct buf *out, const char *s, size_t len);

#endif
