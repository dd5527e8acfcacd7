/*
 * Text as md/ takes it in.  Lessons come from files anyone may have
 * written, so every byte that reaches the display list is cleaned first:
 * control characters, escape sequences and directional overrides are
 * removed, invalid UTF-8 becomes U+FFFD.  Widths are counted per code
 * point, as curses does, with a cache for the BMP because utf8_cpwidth
 * switches locales per call.
 */
#include "md/text.h"

#include <string.h>

#include "util/utf8.h"

/* utf8_cpwidth switches locales per call; lessons repeat the same few
 * hundred characters, so the BMP is cached (width + 1; 0 = not known). */
static uint8_t wcache[0x10000];

int
text_cpw(uint32_t cp)
{
	if (cp < 0x10000) {
		if (wcache[cp] == 0)
			wcache[cp] = (uint8_t)(utf8_cpwidth(cp) + 1);
		return wcache[cp] - 1;
	}
	return utf8_cpwidth(cp);
}

/* Columns of clean text (no controls). */
size_t
text_cols(const char *s, size_t n)
{
	size_t i = 0, w = 0;
	uint32_t cp;

	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			w++;
			continue;
		}
		i += utf8_decode(s + i, n - i, &cp);
		w += (size_t)text_cpw(cp);
	}
	return w;
}

/*
 * Bytes of s[0..n) that fit in cols columns, measured like text_cols (each
 * code point its own width, as curses counts them); zero-width marks stay
 * with the character before them.  *used gets the columns.  util's
 * utf8_fit is not used here because it counts a ZWJ sequence as one
 * character, which utf8_width and curses do not.
 */
size_t
text_fit(const char *s, size_t n, size_t cols, size_t *used)
{
	size_t i = 0, w = 0;

	while (i < n) {
		uint32_t cp = (unsigned char)s[i];
		size_t nb = 1;
		int cw = 1;

		if (cp >= 0x80) {
			nb = utf8_decode(s + i, n - i, &cp);
			cw = text_cpw(cp);
		}
		if (w + (size_t)cw > cols)
			break;
		w += (size_t)cw;
		i += nb;
	}
	*used = w;
	return i;
}

/* ---- cleaning -------------------------------------------------------- */

/* The invisible format controls (utf8_is_format_control: directional
 * overrides, embeddings, isolates and marks, line and paragraph separators)
 * that start at u: their length, else 0.  They are invisible, and the
 * directional ones can reorder the rest of a line on terminals that do
 * bidi. */
static size_t
bidi_len(const unsigned char *u, size_t n)
{
	uint32_t cp;
	size_t nb;

	if (n < 2 || (u[0] != 0xD8 && u[0] != 0xE2 && u[0] != 0xEF))
		return 0;
	nb = utf8_decode((const char *)u, n, &cp);
	return nb > 1 && utf8_is_format_control(cp) ? nb : 0;
}

#define CL_WS 1 /* has tabs or newlines */
#define CL_BAD 2 /* has something utf8_sanitize must remove */

static int
scan(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	int r = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = u[i];

		if (c >= 0x20 && c < 0x7F)
			continue;
		if (c == '\t' || c == '\n')
			r |= CL_WS;
		else if (c < 0x20 || c == 0x7F)
			return r | CL_BAD | CL_WS;
		else if (c == 0xC2 && i + 1 < n && u[i + 1] >= 0x80 &&
		         u[i + 1] <= 0x9F)
			return r | CL_BAD | CL_WS;
		else if (bidi_len(u + i, n - i))
			return r | CL_BAD | CL_WS;
	}
	return r;
}

/*
 * Appends s[0..n) to out with no control characters, escape sequences or
 * directional controls.  inline_text turns tabs and newlines into spaces;
 * otherwise they are kept (code blocks expand and split them).
 */
void
text_clean(struct buf *out, const char *s, size_t n, bool inline_text)
{
	int r = scan(s, n);
	size_t from = out->len, i, j;
	char *d;

	if (!(r & CL_BAD))
		buf_add(out, s, n);
	else
		utf8_sanitize(out, s, n, true);
	if (r == 0)
		return;
	d = out->data;
	for (i = j = from; i < out->len;) {
		size_t b = (r & CL_BAD) ? bidi_len((unsigned char *)d + i,
		                                   out->len - i)
		                        : 0;

		if (b) {
			i += b;
			continue;
		}
		if (inline_text && (d[i] == '\t' || d[i] == '\n'))
			d[j++] = ' ', i++;
		else
			d[j++] = d[i++];
	}
	out->len = j;
	d[j] = '\0';
}

/*
 * The whole input, line by line: lines of printable text (valid UTF-8, no
 * controls, no format controls) are kept, the rest go through utf8_sanitize, which never looks
 * past a newline, so the result is the same as sanitising everything at
 * once.  Returns s itself when all of it is clean (the usual case: no
 * copy), else out->data; *len is updated.
 */
const char *
text_clean_input(struct buf *out, const char *s, size_t *len)
{
	size_t i = 0, n = *len, kept = 0; /* s[0..kept) not yet copied */
	bool copying = false;

	while (i < n) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t end = nl ? (size_t)(nl - s) + 1 : n, k;

		for (k = i; k < end;) {
			unsigned char c = (unsigned char)s[k];
			uint32_t cp;
			size_t nb;

			if (c >= 0x20 && c < 0x7F) {
				k++;
				continue;
			}
			if (c < 0x80) {
				if (c != '\n' && c != '\t')
					break;
				k++;
				continue;
			}
			/* Valid UTF-8 other than C1 and format controls is
			 * kept. */
			nb = utf8_decode(s + k, end - k, &cp);
			if (cp < 0xA0 || (cp == UTF8_REPLACEMENT && nb == 1) ||
			    utf8_is_format_control(cp))
				break;
			k += nb;
		}
		if (k < end) {
			if (!copying) {
				buf_grow(out, n + 1);
				copying = true;
			}
			buf_add(out, s + kept, i - kept);
			utf8_sanitize(out, s + i, end - i, true);
			kept = end;
		}
		i = end;
	}
	if (!copying)
		return s;
	buf_add(out, s + kept, n - kept);
	*len = out->len;
	return out->data;
}
