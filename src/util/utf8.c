/*
 * UTF-8 decoding, display width, truncation, wrapping, sanitising and
 * normalising.  Widths come from glibc's wcwidth under the C.UTF-8 locale,
 * selected per call with uselocale() so the result does not depend on the
 * user's locale.  Normalisation is libunistring's (this file is its one
 * user): Debian keeps its Unicode tables current, a copy here would age.
 */
#include "util/utf8.h"

#include <errno.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <uninorm.h>
#include <wchar.h>

#include "util/secret.h"

static bool ascii_mode;
static locale_t c_utf8 = (locale_t)0;
static bool c_utf8_tried;

void
utf8_set_ascii(bool ascii)
{
	ascii_mode = ascii;
}

bool
utf8_is_ascii(void)
{
	return ascii_mode;
}

/*
 * The ASCII forms of the characters that text commonly holds (typography,
 * Latin letters, a few symbols): the one table for every front end, so the
 * full screen, plain mode and the command line say the same thing on a
 * terminal that cannot show UTF-8.  Sorted by code point.
 */
static const struct {
	uint32_t cp;
	const char *ascii;
} forms[] = {
        {0x00A0, " "},   {0x00A1, "!"},   {0x00A2, "c"},   {0x00A3, "GBP"},
        {0x00A5, "JPY"}, {0x00A6, "|"},   {0x00A7, "S"},   {0x00A9, "(C)"},
        {0x00AB, "<<"},  {0x00AD, ""},    {0x00AE, "(R)"}, {0x00B1, "+/-"},
        {0x00B2, "2"},   {0x00B3, "3"},   {0x00B4, "'"},   {0x00B7, "."},
        {0x00B9, "1"},   {0x00BB, ">>"},  {0x00BC, "1/4"}, {0x00BD, "1/2"},
        {0x00BE, "3/4"}, {0x00BF, "?"},   {0x00C0, "A"},   {0x00C1, "A"},
        {0x00C2, "A"},   {0x00C3, "A"},   {0x00C4, "Ae"},  {0x00C5, "A"},
        {0x00C6, "AE"},  {0x00C7, "C"},   {0x00C8, "E"},   {0x00C9, "E"},
        {0x00CA, "E"},   {0x00CB, "E"},   {0x00CC, "I"},   {0x00CD, "I"},
        {0x00CE, "I"},   {0x00CF, "I"},   {0x00D0, "D"},   {0x00D1, "N"},
        {0x00D2, "O"},   {0x00D3, "O"},   {0x00D4, "O"},   {0x00D5, "O"},
        {0x00D6, "Oe"},  {0x00D7, "x"},   {0x00D8, "O"},   {0x00D9, "U"},
        {0x00DA, "U"},   {0x00DB, "U"},   {0x00DC, "Ue"},  {0x00DD, "Y"},
        {0x00DE, "Th"},  {0x00DF, "ss"},  {0x00E0, "a"},   {0x00E1, "a"},
        {0x00E2, "a"},   {0x00E3, "a"},   {0x00E4, "ae"},  {0x00E5, "a"},
        {0x00E6, "ae"},  {0x00E7, "c"},   {0x00E8, "e"},   {0x00E9, "e"},
        {0x00EA, "e"},   {0x00EB, "e"},   {0x00EC, "i"},   {0x00ED, "i"},
        {0x00EE, "i"},   {0x00EF, "i"},   {0x00F0, "d"},   {0x00F1, "n"},
        {0x00F2, "o"},   {0x00F3, "o"},   {0x00F4, "o"},   {0x00F5, "o"},
        {0x00F6, "oe"},  {0x00F7, "/"},   {0x00F8, "o"},   {0x00F9, "u"},
        {0x00FA, "u"},   {0x00FB, "u"},   {0x00FC, "ue"},  {0x00FD, "y"},
        {0x00FE, "th"},  {0x00FF, "y"},   {0x0104, "A"},   {0x0105, "a"},
        {0x0106, "C"},   {0x0107, "c"},   {0x010C, "C"},   {0x010D, "c"},
        {0x0118, "E"},   {0x0119, "e"},   {0x011A, "E"},   {0x011B, "e"},
        {0x011E, "G"},   {0x011F, "g"},   {0x0130, "I"},   {0x0131, "i"},
        {0x0141, "L"},   {0x0142, "l"},   {0x0143, "N"},   {0x0144, "n"},
        {0x0147, "N"},   {0x0148, "n"},   {0x0150, "O"},   {0x0151, "o"},
        {0x0152, "OE"},  {0x0153, "oe"},  {0x0158, "R"},   {0x0159, "r"},
        {0x015A, "S"},   {0x015B, "s"},   {0x015E, "S"},   {0x015F, "s"},
        {0x0160, "S"},   {0x0161, "s"},   {0x016E, "U"},   {0x016F, "u"},
        {0x0170, "U"},   {0x0171, "u"},   {0x0178, "Y"},   {0x0179, "Z"},
        {0x017A, "z"},   {0x017B, "Z"},   {0x017C, "z"},   {0x017D, "Z"},
        {0x017E, "z"},   {0x02BC, "'"},   {0x02C6, "^"},   {0x02DC, "~"},
        {0x2002, " "},   {0x2003, " "},   {0x2004, " "},   {0x2005, " "},
        {0x2006, " "},   {0x2007, " "},   {0x2008, " "},   {0x2009, " "},
        {0x200A, " "},   {0x200B, ""},    {0x2010, "-"},   {0x2011, "-"},
        {0x2012, "-"},   {0x2013, "-"},   {0x2014, "-"},   {0x2015, "-"},
        {0x2018, "'"},   {0x2019, "'"},   {0x201A, ","},   {0x201B, "'"},
        {0x201C, "\""},  {0x201D, "\""},  {0x201E, "\""},  {0x201F, "\""},
        {0x2020, "+"},   {0x2022, "*"},   {0x2023, "*"},   {0x2026, "..."},
        {0x2027, "-"},   {0x202F, " "},   {0x2032, "'"},   {0x2033, "\""},
        {0x2039, "<"},   {0x203A, ">"},   {0x2043, "-"},   {0x2044, "/"},
        {0x205F, " "},   {0x2060, ""},    {0x20AC, "EUR"}, {0x2122, "(TM)"},
        {0x2190, "<-"},  {0x2191, "^"},   {0x2192, "->"},  {0x2193, "v"},
        {0x2194, "<->"}, {0x21D0, "<="},  {0x21D2, "=>"},  {0x21D4, "<=>"},
        {0x2212, "-"},   {0x2215, "/"},   {0x2217, "*"},   {0x2219, "*"},
        {0x2248, "~"},   {0x2260, "!="},  {0x2264, "<="},  {0x2265, ">="},
        {0x2500, "-"},   {0x2502, "|"},   {0x250C, "+"},   {0x2510, "+"},
        {0x2514, "+"},   {0x2518, "+"},   {0x251C, "+"},   {0x2524, "+"},
        {0x252C, "+"},   {0x2534, "+"},   {0x253C, "+"},   {0x2588, "#"},
        {0x25A0, "#"},   {0x25A1, "[ ]"}, {0x25AA, "*"},   {0x25AB, "*"},
        {0x25B2, "^"},   {0x25B6, ">"},   {0x25B8, ">"},   {0x25BA, ">"},
        {0x25BC, "v"},   {0x25C0, "<"},   {0x25C2, "<"},   {0x25C4, "<"},
        {0x25CB, "o"},   {0x25CF, "*"},   {0x25E6, "o"},   {0x2610, "[ ]"},
        {0x2611, "[x]"}, {0x2612, "[x]"}, {0x2705, "[x]"}, {0x2713, "[x]"},
        {0x2714, "[x]"}, {0x2717, "x"},   {0x2718, "x"},   {0xFE0E, ""},
        {0xFE0F, ""},    {0xFEFF, ""},
};

const char *
utf8_ascii_form(uint32_t cp)
{
	size_t lo = 0, hi = sizeof(forms) / sizeof(forms[0]);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (forms[mid].cp == cp)
			return forms[mid].ascii;
		if (forms[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void
utf8_to_ascii(struct buf *out, const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, len - i, &cp);
		const char *form;

		if (cp < 0x80)
			buf_addc(out, (char)cp);
		else if ((form = utf8_ascii_form(cp)) != NULL)
			buf_adds(out, form);
		else
			buf_addrep(out, '?', (size_t)utf8_cpwidth(cp));
		i += k;
	}
}

size_t
utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c, min;
	size_t n, i;

	if (len == 0)
		return 0;
	c = u[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		c &= 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		c &= 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		*cp = UTF8_REPLACEMENT;
		return 1;
	}
	if (len < n) {
		*cp = UTF8_REPLACEMENT;
		return 1;
	}
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xC0) != 0x80) {
			*cp = UTF8_REPLACEMENT;
			return 1;
		}
		c = (c << 6) | (u[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
		*cp = UTF8_REPLACEMENT;
		return 1;
	}
	*cp = c;
	return n;
}

void
utf8_encode(struct buf *b, uint32_t cp)
{
	char s[4];

	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = UTF8_REPLACEMENT;
	if (cp < 0x80) {
		buf_addc(b, (char)cp);
	} else if (cp < 0x800) {
		s[0] = (char)(0xC0 | (cp >> 6));
		s[1] = (char)(0x80 | (cp & 0x3F));
		buf_add(b, s, 2);
	} else if (cp < 0x10000) {
		s[0] = (char)(0xE0 | (cp >> 12));
		s[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		s[2] = (char)(0x80 | (cp & 0x3F));
		buf_add(b, s, 3);
	} else {
		s[0] = (char)(0xF0 | (cp >> 18));
		s[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		s[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		s[3] = (char)(0x80 | (cp & 0x3F));
		buf_add(b, s, 4);
	}
}

int
utf8_cpwidth(uint32_t cp)
{
	locale_t old;
	int w;

	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return 0;
	if (cp < 0x7F)
		return 1;
	if (ascii_mode) {
		const char *form = utf8_ascii_form(cp);

		if (form)
			return (int)strlen(form);
	}
	if (!c_utf8_tried) {
		c_utf8_tried = true;
		c_utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	}
	if (c_utf8 == (locale_t)0)
		return 1;
	old = uselocale(c_utf8);
	w = wcwidth((wchar_t)cp);
	uselocale(old);
	if (w < 0)
		return 1; /* unassigned: the terminal shows something */
	/* Emoji presentation and regional indicators are wide in terminals. */
	if (w == 1 && cp >= 0x1F1E6 && cp <= 0x1F1FF)
		return 2;
	return w;
}

size_t
utf8_width(const char *s, size_t len)
{
	size_t i = 0, w = 0;
	uint32_t cp;

	while (i < len) {
		i += utf8_decode(s + i, len - i, &cp);
		w += (size_t)utf8_cpwidth(cp);
	}
	return w;
}

bool
utf8_valid(const char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		if (cp == UTF8_REPLACEMENT &&
		    !(n == 3 && memcmp(s + i, "\xEF\xBF\xBD", 3) == 0))
			return false;
		i += n;
	}
	return true;
}

/*
 * One display cluster: a code point and the zero-width marks after it
 * (and what a zero-width joiner glues on).  Returns its length in bytes and
 * sets *w to its columns (the sum over its code points, as utf8_width
 * counts) and *cp to the first code point.
 */
static size_t
cluster(const char *s, size_t len, int *w, uint32_t *cp)
{
	size_t i, n;
	uint32_t c;

	i = utf8_decode(s, len, cp);
	*w = utf8_cpwidth(*cp);
	if (*cp == '\n' || *cp == ' ' || *cp == '\t')
		return i;
	while (i < len) {
		n = utf8_decode(s + i, len - i, &c);
		if (c < 0x20 || utf8_cpwidth(c) != 0)
			break;
		/* A zero-width joiner glues the next character on too. */
		i += n;
		if (c == 0x200D && i < len) {
			/* Keep a ZWJ sequence whole, but count every part as
			 * utf8_width and curses do, so cutting and measuring
			 * agree. */
			i += utf8_decode(s + i, len - i, &c);
			*w += utf8_cpwidth(c);
		}
	}
	return i;
}

size_t
utf8_fit(const char *s, size_t len, size_t cols, size_t *used)
{
	size_t i = 0, n, u = 0;
	uint32_t cp;
	int w;

	while (i < len) {
		n = cluster(s + i, len - i, &w, &cp);
		if (u + (size_t)w > cols)
			break;
		u += (size_t)w;
		i += n;
	}
	if (used)
		*used = u;
	return i;
}

void
utf8_truncate(struct buf *out, const char *s, size_t len, size_t cols)
{
	const char *ell = ascii_mode ? "..." : "\xE2\x80\xA6";
	size_t ellw = ascii_mode ? 3 : 1, n;

	if (utf8_width(s, len) <= cols) {
		buf_add(out, s, len);
		return;
	}
	if (cols < ellw) {
		buf_add(out, s, utf8_fit(s, len, cols, NULL));
		return;
	}
	n = utf8_fit(s, len, cols - ellw, NULL);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	buf_add(out, s, n);
	buf_adds(out, ell);
}

static size_t
trim_end(const char *s, size_t start, size_t end)
{
	while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t'))
		end--;
	return end;
}

static size_t
skip_spaces(const char *s, size_t i, size_t len)
{
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

size_t
utf8_wrap(const char *s, size_t len, size_t cols,
          void (*emit)(const char *line, size_t n, void *arg), void *arg)
{
	size_t start = 0, i = 0, width = 0, lines = 0;
	size_t brk_end = 0, brk_next = 0;
	bool have_brk = false;

	if (cols < 1)
		cols = 1;
	while (i < len) {
		uint32_t cp;
		int w;
		size_t n = cluster(s + i, len - i, &w, &cp);

		if (cp == '\n') {
			emit(s + start, trim_end(s, start, i) - start, arg);
			lines++;
			i += n;
			start = i;
			width = 0;
			have_brk = false;
			continue;
		}
		if (cp == ' ' || cp == '\t') {
			if (width + 1 > cols) {
				emit(s + start, trim_end(s, start, i) - start,
				     arg);
				lines++;
				i = skip_spaces(s, i, len);
				start = i;
				width = 0;
				have_brk = false;
				continue;
			}
			brk_end = i;
			brk_next = skip_spaces(s, i, len);
			have_brk = true;
			width += 1;
			i += n;
			continue;
		}
		if (width + (size_t)w > cols && width > 0) {
			if (have_brk && brk_next > start) {
				size_t e = trim_end(s, start, brk_end);

				emit(s + start, e - start, arg);
				start = brk_next;
			} else {
				emit(s + start, i - start, arg);
				start = i;
			}
			lines++;
			have_brk = false;
			width = utf8_width(s + start, i - start);
			continue; /* re-check this cluster on the new line */
		}
		width += (size_t)w;
		i += n;
		if (w == 2) {
			/* Wide (CJK) text may break after any character. */
			brk_end = i;
			brk_next = i;
			have_brk = true;
		}
	}
	if (start < len || lines == 0) {
		emit(s + start, trim_end(s, start, len) - start, arg);
		lines++;
	}
	return lines;
}

/* Skips a string control sequence (OSC, DCS, SOS, PM, APC) body. */
static size_t
skip_string(const char *s, size_t i, size_t len)
{
	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (c == 0x07 || c == '\n')
			return i + (c == 0x07);
		if (c == 0x1B && i + 1 < len && s[i + 1] == '\\')
			return i + 2;
		if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0x9C)
			return i + 2;
		i++;
	}
	return len;
}

static size_t
skip_csi(const char *s, size_t i, size_t len)
{
	while (i < len) {
		unsigned char c = (unsigned char)s[i++];

		if (c >= 0x40 && c <= 0x7E)
			return i;
		if (c < 0x20 && c != 0x1B)
			return i - 1; /* malformed: stop before the control */
		if (c == 0x1B || c >= 0x80)
			return i - 1;
	}
	return len;
}

bool
utf8_is_format_control(uint32_t cp)
{
	return cp == 0x061C || cp == 0x200E || cp == 0x200F ||
	       (cp >= 0x2028 && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069) || (cp >= 0xFFF9 && cp <= 0xFFFB);
}

size_t
utf8_sanitize(struct buf *out, const char *s, size_t len, bool keep_tab)
{
	size_t i = 0, removed = 0;

	buf_grow(out, len);
	while (i < len) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);

		if (cp == 0x1B) {
			removed++;
			i += 1;
			if (i >= len)
				break;
			switch (s[i]) {
			case '[':
				i = skip_csi(s, i + 1, len);
				break;
			case ']':
			case 'P':
			case 'X':
			case '^':
			case '_':
				i = skip_string(s, i + 1, len);
				break;
			default:
				/* Intermediates, then one final byte. */
				while (i < len && s[i] >= 0x20 && s[i] <= 0x2F)
					i++;
				if (i < len && (unsigned char)s[i] >= 0x30 &&
				    (unsigned char)s[i] <= 0x7E)
					i++;
				break;
			}
			continue;
		}
		if (cp >= 0x80 && cp <= 0x9F) {
			removed++;
			i += n;
			if (cp == 0x9B)
				i = skip_csi(s, i, len);
			else if (cp == 0x9D || cp == 0x90 || cp == 0x98 ||
			         cp == 0x9E || cp == 0x9F)
				i = skip_string(s, i, len);
			continue;
		}
		if (utf8_is_format_control(cp)) {
			removed++;
			i += n;
			continue;
		}
		if (cp == '\n' || (cp == '\t' && keep_tab)) {
			buf_addc(out, (char)cp);
			i += n;
			continue;
		}
		if (cp < 0x20 || cp == 0x7F) {
			removed++;
			i += n;
			continue;
		}
		if (cp == UTF8_REPLACEMENT && n == 1) {
			removed++;
			utf8_encode(out, cp);
			i += 1;
			continue;
		}
		buf_add(out, s + i, n);
		i += n;
	}
	return removed;
}

char *
utf8_nfc(const char *s, size_t len, size_t *outlen)
{
	uint8_t *r, *out;
	size_t n = 0;

	*outlen = 0;
	if (!utf8_valid(s, len)) {
		errno = EILSEQ;
		return NULL;
	}
	r = u8_normalize(UNINORM_NFC, (const uint8_t *)s, len, NULL, &n);
	if (!r)
		return NULL;
	/* libunistring's buffer is not NUL-terminated: copy, then wipe it
	 * (a passphrase goes through here). */
	out = malloc(n + 1);
	if (out) {
		memcpy(out, r, n);
		out[n] = '\0';
		*outlen = n;
	}
	secret_wipe(r, n);
	free(r);
	if (!out)
		errno = ENOMEM;
	return (char *)out;
}
