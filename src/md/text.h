/*
 * Text as md/ takes it in, internal to md/: cleaning (no control
 * characters, escape sequences or directional controls survive) and
 * measuring in display columns as curses counts them.
 */
#ifndef TEND_MD_TEXT_H
#define TEND_MD_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/* Display columns of code point cp (cached for the BMP). */
int text_cpw(uint32_t cp);

/* Columns of clean text (no controls). */
size_t text_cols(const char *s, size_t n);

/* Bytes of s[0..n) that fit in cols columns; *used gets the columns. */
size_t text_fit(const char *s, size_t n, size_t cols, size_t *used);

/*
 * Appends s[0..n) to out with no control characters, escape sequences or
 * directional controls.  inline_text turns tabs and newlines into spaces;
 * otherwise they are kept.
 */
void text_clean(struct buf *out, const char *s, size_t n, bool inline_text);

/*
 * The whole input cleaned line by line: returns s itself when all of it is
 * clean (no copy), else out->data with *len updated.
 */
const char *text_clean_input(struct buf *out, const char *s, size_t *len);

#endif
