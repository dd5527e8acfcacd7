/*
 * JSON string literals: escaped by code point, so that invalid bytes
 * become U+FFFD and nothing a terminal would act on passes raw.
 */
#include "util/json.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "util/utf8.h"

/* Code points written as \uXXXX although JSON would allow them raw. */
static bool
escaped(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0x200e ||
	       cp == 0x200f || (cp >= 0x2028 && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

void
json_str(struct buf *out, const char *s)
{
	static const char plain[] = "\"\\\b\f\n\r\t", named[] = "\"\\bfnrt";
	size_t i = 0, n;

	if (!s) {
		buf_adds(out, "null");
		return;
	}
	n = strlen(s);
	buf_addc(out, '"');
	while (i < n) {
		uint32_t cp;
		size_t k, run = i;

		/* Printable ASCII needs no decoding: copy it in one go. */
		while (run < n && (unsigned char)s[run] >= 0x20 &&
		       (unsigned char)s[run] < 0x7f && s[run] != '"' &&
		       s[run] != '\\')
			run++;
		if (run > i) {
			buf_add(out, s + i, run - i);
			i = run;
			continue;
		}
		k = utf8_decode(s + i, n - i, &cp);
		const char *e = cp && cp < 0x80 ? strchr(plain, (int)cp) : NULL;

		if (e) {
			buf_addc(out, '\\');
			buf_addc(out, named[e - plain]);
		} else if (escaped(cp)) {
			buf_printf(out, "\\u%04x", (unsigned)cp);
		} else if (cp == UTF8_REPLACEMENT) {
			utf8_encode(out, cp); /* an invalid byte, too */
		} else {
			buf_add(out, s + i, k);
		}
		i += k;
	}
	buf_addc(out, '"');
}
