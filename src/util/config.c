/*
 * The "key = value" reader.  Line by line, each problem a warning at its
 * line, nothing fatal: the program always starts with what could be read.
 */
#include "util/config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/file.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* How much of a bad key a message quotes. */
#define QUOTE_MAX 40

static bool
blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool
key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/*
 * True when s[0..n) holds a C0 or C1 control character, DEL, or a
 * bidirectional control (U+200E, U+200F, U+202A-U+202E, U+2066-U+2069),
 * which could show a clinic's number reversed.
 */
static bool
has_control(const char *s, size_t n)
{
	size_t i = 0;
	uint32_t cp;

	while (i < n) {
		i += utf8_decode(s + i, n - i, &cp);
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
		    cp == 0x200e || cp == 0x200f ||
		    (cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069))
			return true;
	}
	return false;
}

static const struct config_key *
find_key(const struct config_key *keys, size_t nkeys, const char *s, size_t n)
{
	for (size_t i = 0; i < nkeys; i++)
		if (strlen(keys[i].name) == n &&
		    memcmp(keys[i].name, s, n) == 0)
			return &keys[i];
	return NULL;
}

static void
put(struct config_file *out, const struct config_key *k, const char *v,
    size_t n, int line, struct diags *d)
{
	struct config_item *it;

	for (size_t i = 0; i < out->n; i++)
		if (out->items[i].id == k->id) {
			diag_add(d, DIAG_WARNING, out->path, line,
			         _("'%s' is set again (first on line %d)"),
			         k->name, out->items[i].line);
			break;
		}
	out->items = xreallocarray(out->items, out->n + 1, sizeof(*out->items));
	it = &out->items[out->n++];
	it->id = k->id;
	it->name = k->name;
	it->value = xstrndup(v, n);
	it->line = line;
}

/* One line without its newline.  Warnings go to path:ln. */
static void
parse_line(const char *p, const char *e, int ln, const struct config_key *keys,
           size_t nkeys, struct config_file *out, struct diags *d)
{
	const struct config_key *k;
	const char *key, *v, *ve;
	size_t klen;

	while (p < e && blank(*p))
		p++;
	while (e > p && (blank(e[-1]) || e[-1] == '\r'))
		e--;
	if (p == e || *p == '#')
		return;
	if (!utf8_valid(p, (size_t)(e - p))) {
		diag_add(d, DIAG_WARNING, out->path, ln,
		         _("the line is not valid UTF-8"));
		return;
	}
	key = p;
	while (p < e && key_char(*p))
		p++;
	klen = (size_t)(p - key);
	while (p < e && blank(*p))
		p++;
	if (klen == 0 || p == e || (*p != '=' && *p != ':')) {
		diag_add(d, DIAG_WARNING, out->path, ln,
		         _("expected 'key = value'"));
		return;
	}
	for (p++; p < e && blank(*p); p++)
		;
	if (p < e && (*p == '"' || *p == '\'')) {
		const char *q = memchr(p + 1, *p, (size_t)(e - p - 1));

		if (!q) {
			diag_add(d, DIAG_WARNING, out->path, ln,
			         _("the quote is not closed"));
			return;
		}
		v = p + 1;
		ve = q;
		for (q++; q < e && blank(*q); q++)
			;
		if (q < e && *q != '#') {
			diag_add(d, DIAG_WARNING, out->path, ln,
			         _("text after the closing quote"));
			return;
		}
	} else {
		/* A '#' starts a comment at the value's start or after a
		 * blank; elsewhere ("room#2") it is part of the value. */
		v = p;
		for (ve = v; ve < e; ve++)
			if (*ve == '#' && (ve == v || blank(ve[-1])))
				break;
		while (ve > v && blank(ve[-1]))
			ve--;
		if (ve == v) {
			diag_add(d, DIAG_WARNING, out->path, ln,
			         _("'%.*s' has no value"),
			         (int)(klen < QUOTE_MAX ? klen : QUOTE_MAX),
			         key);
			return;
		}
	}
	if (has_control(v, (size_t)(ve - v))) {
		diag_add(d, DIAG_WARNING, out->path, ln,
		         _("the value holds a control character"));
		return;
	}
	k = find_key(keys, nkeys, key, klen);
	if (!k) {
		diag_add(d, DIAG_WARNING, out->path, ln,
		         _("unknown key '%.*s'"),
		         (int)(klen < QUOTE_MAX ? klen : QUOTE_MAX), key);
		return;
	}
	put(out, k, v, (size_t)(ve - v), ln, d);
}

void
config_parse(const char *text, size_t len, const char *path,
             const struct config_key *keys, size_t nkeys,
             struct config_file *out, struct diags *d)
{
	const char *p = text, *end = text + len;
	int ln = 0;

	memset(out, 0, sizeof(*out));
	out->path = xstrdup(path);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;

		parse_line(p, e, ++ln, keys, nkeys, out, d);
		p = nl ? nl + 1 : end;
	}
}

int
config_read(const char *path, const struct config_key *keys, size_t nkeys,
            struct config_file *out, struct diags *d)
{
	char *text;
	size_t len;

	memset(out, 0, sizeof(*out));
	if (file_read(path, CONFIG_MAX_BYTES, 0, &text, &len) < 0) {
		if (errno == ENOENT)
			return 1;
		file_diag(d, DIAG_WARNING, path, CONFIG_MAX_BYTES, errno);
		return -1;
	}
	config_parse(text, len, path, keys, nkeys, out, d);
	free(text);
	return 0;
}

void
config_file_free(struct config_file *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++)
		free(f->items[i].value);
	free(f->items);
	free(f->path);
	memset(f, 0, sizeof(*f));
}
