/*
 * A strict recursive-descent JSON reader with a depth limit (util/jv.h).
 */
#include "util/jv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/secret.h"
#include "util/utf8.h"
#include "util/xalloc.h"

struct rd {
	const char *s;
	size_t len, pos;
};

static void
blanks(struct rd *r)
{
	while (r->pos < r->len && strchr(" \t\r\n", r->s[r->pos]) &&
	       r->s[r->pos])
		r->pos++;
}

static bool
lit(struct rd *r, const char *w)
{
	size_t n = strlen(w);

	if (r->len - r->pos < n || memcmp(r->s + r->pos, w, n) != 0)
		return false;
	r->pos += n;
	return true;
}

static int
hex4(struct rd *r, uint32_t *out)
{
	uint32_t v = 0;

	if (r->len - r->pos < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		char c = r->s[r->pos++];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (uint32_t)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/* Reads a string (at the opening quote) into a fresh C string. */
static char *
string(struct rd *r)
{
	struct buf b = BUF_INIT;

	r->pos++;
	buf_grow(&b, 16);
	while (r->pos < r->len) {
		unsigned char c = (unsigned char)r->s[r->pos];

		if (c == '"') {
			r->pos++;
			return buf_detach(&b);
		}
		if (c < 0x20)
			break;
		if (c == '\\') {
			uint32_t cp, lo;
			char e;

			if (++r->pos >= r->len)
				break;
			e = r->s[r->pos++];
			switch (e) {
			case '"':
			case '\\':
			case '/':
				buf_addc(&b, e);
				continue;
			case 'b':
				buf_addc(&b, '\b');
				continue;
			case 'f':
				buf_addc(&b, '\f');
				continue;
			case 'n':
				buf_addc(&b, '\n');
				continue;
			case 'r':
				buf_addc(&b, '\r');
				continue;
			case 't':
				buf_addc(&b, '\t');
				continue;
			case 'u':
				if (hex4(r, &cp) < 0 || cp == 0)
					goto fail;
				if (cp >= 0xdc00 && cp <= 0xdfff)
					goto fail;
				if (cp >= 0xd800 && cp <= 0xdbff) {
					if (!lit(r, "\\u") ||
					    hex4(r, &lo) < 0 || lo < 0xdc00 ||
					    lo > 0xdfff)
						goto fail;
					cp = 0x10000 + ((cp - 0xd800) << 10) +
					     (lo - 0xdc00);
				}
				utf8_encode(&b, cp);
				continue;
			default:
				goto fail;
			}
		}
		{
			uint32_t cp;
			size_t k = utf8_decode(r->s + r->pos, r->len - r->pos,
			                       &cp);

			if (cp == 0xfffd &&
			    (k != 3 ||
			     memcmp(r->s + r->pos, "\xef\xbf\xbd", 3) != 0))
				break; /* invalid UTF-8 */
			buf_add(&b, r->s + r->pos, k);
			r->pos += k;
		}
	}
fail:
	buf_wipe(&b);
	return NULL;
}

static int
number(struct rd *r, struct jv *v)
{
	size_t start = r->pos;
	bool integral = true;
	char *tmp, *end;

	if (r->pos < r->len && r->s[r->pos] == '-')
		r->pos++;
	if (r->pos >= r->len)
		return -1;
	if (r->s[r->pos] == '0') {
		r->pos++;
	} else if (r->s[r->pos] >= '1' && r->s[r->pos] <= '9') {
		while (r->pos < r->len && r->s[r->pos] >= '0' &&
		       r->s[r->pos] <= '9')
			r->pos++;
	} else {
		return -1;
	}
	if (r->pos < r->len && r->s[r->pos] == '.') {
		integral = false;
		r->pos++;
		if (r->pos >= r->len || r->s[r->pos] < '0' ||
		    r->s[r->pos] > '9')
			return -1;
		while (r->pos < r->len && r->s[r->pos] >= '0' &&
		       r->s[r->pos] <= '9')
			r->pos++;
	}
	if (r->pos < r->len && (r->s[r->pos] == 'e' || r->s[r->pos] == 'E')) {
		integral = false;
		r->pos++;
		if (r->pos < r->len &&
		    (r->s[r->pos] == '+' || r->s[r->pos] == '-'))
			r->pos++;
		if (r->pos >= r->len || r->s[r->pos] < '0' ||
		    r->s[r->pos] > '9')
			return -1;
		while (r->pos < r->len && r->s[r->pos] >= '0' &&
		       r->s[r->pos] <= '9')
			r->pos++;
	}
	tmp = xstrndup(r->s + start, r->pos - start);
	v->type = JV_NUM;
	v->num = strtod(tmp, NULL);
	if (integral) {
		errno = 0;
		v->i = strtoll(tmp, &end, 10);
		v->is_int = errno == 0 && *end == '\0';
	}
	free(tmp);
	return 0;
}

static void clear(struct jv *v);

static int
value(struct rd *r, struct jv *v, size_t depth)
{
	memset(v, 0, sizeof(*v));
	blanks(r);
	if (r->pos >= r->len)
		return -1;
	switch (r->s[r->pos]) {
	case '{':
	case '[': {
		bool obj = r->s[r->pos] == '{';
		char close = obj ? '}' : ']';
		size_t cap = 0;

		if (depth >= JV_MAX_DEPTH)
			return -1;
		v->type = obj ? JV_OBJ : JV_ARR;
		r->pos++;
		blanks(r);
		if (r->pos < r->len && r->s[r->pos] == close) {
			r->pos++;
			return 0;
		}
		for (;;) {
			char *key = NULL;

			if (obj) {
				blanks(r);
				if (r->pos >= r->len || r->s[r->pos] != '"')
					return -1;
				key = string(r);
				if (!key)
					return -1;
				blanks(r);
				if (!lit(r, ":")) {
					secret_free(key);
					return -1;
				}
			}
			if (v->n == cap) {
				cap = cap ? cap * 2 : 4;
				v->items = xreallocarray(v->items, cap,
				                         sizeof(*v->items));
				if (obj)
					v->keys = xreallocarray(
					        v->keys, cap, sizeof(*v->keys));
			}
			if (obj)
				v->keys[v->n] = key;
			if (value(r, &v->items[v->n], depth + 1) < 0) {
				v->n++; /* so clear() frees it */
				return -1;
			}
			v->n++;
			blanks(r);
			if (lit(r, ","))
				continue;
			if (r->pos < r->len && r->s[r->pos] == close) {
				r->pos++;
				return 0;
			}
			return -1;
		}
	}
	case '"':
		v->type = JV_STR;
		v->str = string(r);
		return v->str ? 0 : -1;
	case 't':
		v->type = JV_BOOL;
		v->b = true;
		return lit(r, "true") ? 0 : -1;
	case 'f':
		v->type = JV_BOOL;
		return lit(r, "false") ? 0 : -1;
	case 'n':
		return lit(r, "null") ? 0 : -1;
	default:
		return number(r, v);
	}
}

static void
clear(struct jv *v)
{
	for (size_t i = 0; i < v->n; i++) {
		if (v->keys)
			secret_free(v->keys[i]);
		clear(&v->items[i]);
	}
	free(v->items);
	free(v->keys);
	secret_free(v->str);
}

struct jv *
jv_parse(const char *text, size_t len, size_t *err_at)
{
	struct rd r = {text, len, 0};
	struct jv *v = xcalloc(1, sizeof(*v));

	if (value(&r, v, 0) == 0) {
		blanks(&r);
		if (r.pos == len)
			return v;
	}
	if (err_at)
		*err_at = r.pos;
	jv_free(v);
	return NULL;
}

void
jv_free(struct jv *v)
{
	if (!v)
		return;
	clear(v);
	free(v);
}

const struct jv *
jv_get(const struct jv *v, const char *key)
{
	if (!v || v->type != JV_OBJ)
		return NULL;
	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->keys[i], key) == 0)
			return &v->items[i];
	return NULL;
}

const struct jv *
jv_at(const struct jv *v, size_t i)
{
	if (!v || (v->type != JV_ARR && v->type != JV_OBJ) || i >= v->n)
		return NULL;
	return &v->items[i];
}

size_t
jv_len(const struct jv *v)
{
	return v && (v->type == JV_ARR || v->type == JV_OBJ) ? v->n : 0;
}

const char *
jv_str(const struct jv *v, const char *key)
{
	const struct jv *m = jv_get(v, key);

	return m && m->type == JV_STR ? m->str : NULL;
}

int64_t
jv_int(const struct jv *v, const char *key, int64_t def)
{
	const struct jv *m = jv_get(v, key);

	return m && m->type == JV_NUM && m->is_int ? m->i : def;
}

bool
jv_bool(const struct jv *v, const char *key, bool def)
{
	const struct jv *m = jv_get(v, key);

	return m && m->type == JV_BOOL ? m->b : def;
}
