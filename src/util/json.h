/*
 * JSON text.  The one writer of JSON string literals: whatever bytes come
 * in (answers, titles, content), what goes out is valid JSON that a
 * terminal shows as plain text.
 */
#ifndef TEND_UTIL_JSON_H
#define TEND_UTIL_JSON_H

#include "util/buf.h"

/*
 * Appends s as a JSON string literal, quotes included, or `null` when s is
 * NULL.  '"' and '\' are escaped; \b \f \n \r \t by name; every other C0
 * control, DEL, the C1 controls (U+0080-U+009F), the bidirectional
 * controls (U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) and U+2028,
 * U+2029 as \uXXXX; invalid UTF-8 becomes U+FFFD.  Writes into out only
 * (no scratch copy of s is left in memory).
 */
void json_str(struct buf *out, const char *s);

#endif
