/*
 * The YAML document model: libyaml's event stream folded into a small tree
 * of mappings, sequences and scalars, each with its line number, under hard
 * limits.  The parser is event-driven with an explicit stack of open
 * containers, so nesting costs no C recursion while parsing; freeing
 * recurses, but only to the (capped) depth.  Anchors, aliases and tags are
 * refused at the first event that carries one, which is what defeats alias
 * bombs: nothing is ever expanded.
 */
#include "pack/yml.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util/buf.h"
#include "util/file.h"
#include "util/i18n.h"
#include "util/path.h"
#include "util/utf8.h"
#include "util/xalloc.h"

struct yml_pair {
	char *key; /* owned */
	int line;
	struct yml_node *val; /* owned */
};

struct yml_node {
	enum yml_kind kind;
	int line;
	bool quoted;
	const struct yml_doc *doc;
	char *text; /* scalars: owned, NUL-terminated */
	size_t n, cap;
	struct yml_node **items; /* sequences */
	struct yml_pair *pairs; /* mappings */
};

struct yml_doc {
	char *file;
	struct yml_node *root;
};

/* One open container while parsing. */
struct frame {
	struct yml_node *node;
	char *key; /* mappings: a key waiting for its value (owned) */
	int key_line;
};

static void
node_free(struct yml_node *n)
{
	if (!n)
		return;
	free(n->text);
	for (size_t i = 0; i < n->n; i++) {
		if (n->kind == YML_SEQ) {
			node_free(n->items[i]);
		} else if (n->kind == YML_MAP) {
			free(n->pairs[i].key);
			node_free(n->pairs[i].val);
		}
	}
	free(n->items);
	free(n->pairs);
	free(n);
}

int
yml_each_file(const char *dir, void (*each)(const char *path, void *arg),
              void *arg)
{
	char **names;
	size_t n;

	if (path_list(dir, ".yaml", &names, &n) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		char *p = path_join(dir, names[i]);

		each(p, arg);
		free(p);
	}
	path_list_free(names, n);
	return 0;
}

void
yml_free(struct yml_doc *doc)
{
	if (!doc)
		return;
	node_free(doc->root);
	free(doc->file);
	free(doc);
}

static void
seq_append(struct yml_node *seq, struct yml_node *item)
{
	if (seq->n == seq->cap) {
		seq->cap = seq->cap ? seq->cap * 2 : 4;
		seq->items = xreallocarray(seq->items, seq->cap,
		                           sizeof(*seq->items));
	}
	seq->items[seq->n++] = item;
}

static void
map_append(struct yml_node *map, char *key, int line, struct yml_node *val)
{
	if (map->n == map->cap) {
		map->cap = map->cap ? map->cap * 2 : 4;
		map->pairs = xreallocarray(map->pairs, map->cap,
		                           sizeof(*map->pairs));
	}
	map->pairs[map->n].key = key;
	map->pairs[map->n].line = line;
	map->pairs[map->n].val = val;
	map->n++;
}

/* The line (1-based, in the file) of the first invalid UTF-8 byte, or 0. */
static int
first_invalid_line(const char *s, size_t len, int first_line)
{
	int line = first_line;
	size_t i = 0;

	while (i < len) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, len - i, &cp);

		if (cp == UTF8_REPLACEMENT && k == 1)
			return line;
		if (s[i] == '\n')
			line++;
		i += k;
	}
	return 0;
}

static int
cmp_pair_ptr(const void *a, const void *b)
{
	const struct yml_pair *x = *(const struct yml_pair *const *)a;
	const struct yml_pair *y = *(const struct yml_pair *const *)b;
	int c = strcmp(x->key, y->key);

	if (c)
		return c;
	return (x->line > y->line) - (x->line < y->line);
}

/* Reports every repeated key of a finished mapping, at its later line. */
static int
check_duplicates(const struct yml_node *map, const char *file, struct diags *d)
{
	const struct yml_pair **v;
	int bad = 0;

	if (map->n < 2)
		return 0;
	v = xreallocarray(NULL, map->n, sizeof(*v));
	for (size_t i = 0; i < map->n; i++)
		v[i] = &map->pairs[i];
	qsort(v, map->n, sizeof(*v), cmp_pair_ptr);
	for (size_t i = 1; i < map->n; i++) {
		if (strcmp(v[i - 1]->key, v[i]->key) == 0) {
			diag_add(d, DIAG_ERROR, file, v[i]->line,
			         _("duplicate key '%s' (first on line %d)"),
			         v[i]->key, v[i - 1]->line);
			bad = 1;
		}
	}
	free(v);
	return bad;
}

static const char *
event_anchor(const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		return (const char *)ev->data.scalar.anchor;
	case YAML_SEQUENCE_START_EVENT:
		return (const char *)ev->data.sequence_start.anchor;
	case YAML_MAPPING_START_EVENT:
		return (const char *)ev->data.mapping_start.anchor;
	default:
		return NULL;
	}
}

static const char *
event_tag(const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		return (const char *)ev->data.scalar.tag;
	case YAML_SEQUENCE_START_EVENT:
		return (const char *)ev->data.sequence_start.tag;
	case YAML_MAPPING_START_EVENT:
		return (const char *)ev->data.mapping_start.tag;
	default:
		return NULL;
	}
}

struct yml_doc *
yml_parse(const char *buf, size_t len, const char *file, int first_line,
          const struct yml_limits *lim, struct diags *d)
{
	size_t max_bytes =
	        lim && lim->max_bytes ? lim->max_bytes : YML_MAX_BYTES;
	size_t max_nodes =
	        lim && lim->max_nodes ? lim->max_nodes : YML_MAX_NODES;
	int max_depth =
	        lim && lim->max_depth > 0 ? lim->max_depth : YML_MAX_DEPTH;
	struct yml_doc *doc = xcalloc(1, sizeof(*doc));
	struct frame *stack = xcalloc((size_t)max_depth + 1, sizeof(*stack));
	int depth = 0, ndocs = 0, bad_line;
	size_t nodes = 0;
	yaml_parser_t parser;
	bool parser_ok = false, done = false, failed = false;

	if (first_line < 1)
		first_line = 1;
	doc->file = file ? xstrdup(file) : NULL;
	if (len > max_bytes) {
		diag_add(d, DIAG_ERROR, file, first_line,
		         _("too big: %zu bytes (the limit is %zu)"), len,
		         max_bytes);
		goto fail;
	}
	if ((bad_line = first_invalid_line(buf, len, first_line)) > 0) {
		diag_add(d, DIAG_ERROR, file, bad_line,
		         _("invalid UTF-8 (the file must be UTF-8 text)"));
		goto fail;
	}
	if (!yaml_parser_initialize(&parser))
		xfatal("out of memory");
	parser_ok = true;
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);

	while (!done) {
		yaml_event_t ev;
		struct yml_node *node = NULL;
		int line;

		if (!yaml_parser_parse(&parser, &ev)) {
			int l = (int)parser.problem_mark.line + first_line;

			if (parser.context)
				diag_add(d, DIAG_ERROR, file, l,
				         _("YAML syntax: %s (%s)"),
				         parser.problem ? parser.problem
				                        : "error",
				         parser.context);
			else
				diag_add(d, DIAG_ERROR, file, l,
				         _("YAML syntax: %s"),
				         parser.problem ? parser.problem
				                        : "error");
			goto fail;
		}
		line = (int)ev.start_mark.line + first_line;
		if (ev.type == YAML_ALIAS_EVENT || event_anchor(&ev)) {
			diag_add(d, DIAG_ERROR, file, line,
			         _("YAML anchors and aliases (& and *) are not "
			           "allowed"));
			failed = true;
		} else if (event_tag(&ev)) {
			diag_add(d, DIAG_ERROR, file, line,
			         _("YAML tags (like '%s') are not allowed"),
			         event_tag(&ev));
			failed = true;
		}
		switch (failed ? YAML_NO_EVENT : ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++ndocs > 1) {
				diag_add(d, DIAG_ERROR, file, line,
				         _("only one YAML document is allowed "
				           "here"));
				failed = true;
			}
			break;
		case YAML_SCALAR_EVENT:
			if (memchr(ev.data.scalar.value, '\0',
			           ev.data.scalar.length)) {
				diag_add(d, DIAG_ERROR, file, line,
				         _("a value contains a NUL character"));
				failed = true;
				break;
			}
			node = xcalloc(1, sizeof(*node));
			node->kind = YML_SCALAR;
			node->text =
			        xstrndup((const char *)ev.data.scalar.value,
			                 ev.data.scalar.length);
			node->quoted =
			        ev.data.scalar.style !=
			                YAML_PLAIN_SCALAR_STYLE &&
			        ev.data.scalar.style != YAML_ANY_SCALAR_STYLE;
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (depth >= max_depth) {
				diag_add(d, DIAG_ERROR, file, line,
				         _("nested more than %d levels deep"),
				         max_depth);
				failed = true;
				break;
			}
			node = xcalloc(1, sizeof(*node));
			node->kind = ev.type == YAML_SEQUENCE_START_EVENT
			                     ? YML_SEQ
			                     : YML_MAP;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			if (stack[depth].node->kind == YML_MAP &&
			    check_duplicates(stack[depth].node, file, d))
				failed = true;
			break;
		default:
			break;
		}
		if (node) {
			struct frame *top = depth ? &stack[depth - 1] : NULL;

			node->line = line;
			node->doc = doc;
			if (++nodes > max_nodes) {
				diag_add(d, DIAG_ERROR, file, line,
				         _("more than %zu values in one file"),
				         max_nodes);
				node_free(node);
				failed = true;
			} else if (top && top->node->kind == YML_MAP &&
			           !top->key) {
				if (node->kind != YML_SCALAR) {
					diag_add(d, DIAG_ERROR, file, line,
					         _("a key must be plain text, "
					           "not "
					           "a list or mapping"));
					node_free(node);
					failed = true;
				} else {
					top->key = node->text;
					top->key_line = line;
					node->text = NULL;
					node_free(node);
				}
			} else {
				if (!top)
					doc->root = node;
				else if (top->node->kind == YML_SEQ)
					seq_append(top->node, node);
				else {
					map_append(top->node, top->key,
					           top->key_line, node);
					top->key = NULL;
				}
				if (node->kind != YML_SCALAR)
					stack[depth++].node = node;
			}
		}
		yaml_event_delete(&ev);
		if (failed)
			goto fail;
	}
	yaml_parser_delete(&parser);
	free(stack);
	return doc;

fail:
	for (int i = 0; i <= max_depth; i++)
		free(stack[i].key);
	free(stack);
	if (parser_ok)
		yaml_parser_delete(&parser);
	yml_free(doc);
	return NULL;
}

bool
yml_file_inside(const char *path, const char *display_name, struct diags *d)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path,
	                             slash == path ? 1 : (size_t)(slash - path))
	                  : xstrdup(".");
	int in = path_inside(dir, path);

	free(dir);
	if (in != 0)
		return true; /* inside, or missing: the reader says which */
	diag_add(d, DIAG_ERROR, display_name ? display_name : path, 0,
	         _("the file resolves outside its folder (a link to a file "
	           "elsewhere); a pack's files must be inside the pack"));
	return false;
}

struct yml_doc *
yml_load_file(const char *path, const char *display_name,
              const struct yml_limits *lim, struct diags *d)
{
	size_t max_bytes =
	        lim && lim->max_bytes ? lim->max_bytes : YML_MAX_BYTES;
	const char *name = display_name ? display_name : path;
	struct yml_doc *doc;
	char *data;
	size_t len;

	if (!yml_file_inside(path, name, d))
		return NULL;
	if (file_read(path, max_bytes, 0, &data, &len) < 0) {
		file_diag(d, DIAG_ERROR, name, max_bytes, errno);
		return NULL;
	}
	doc = yml_parse(data, len, name, 1, lim, d);
	free(data);
	return doc;
}

const struct yml_node *
yml_root(const struct yml_doc *doc)
{
	return doc ? doc->root : NULL;
}

const struct yml_node *
yml_root_map(const struct yml_doc *doc, const char *what, struct diags *d)
{
	if (!doc)
		return NULL;
	if (!doc->root || yml_is_null(doc->root)) {
		diag_add(d, DIAG_ERROR, doc->file, 1, _("%s is empty"), what);
		return NULL;
	}
	if (doc->root->kind != YML_MAP) {
		diag_add(d, DIAG_ERROR, doc->file, doc->root->line,
		         _("%s must be a mapping of keys to values"), what);
		return NULL;
	}
	return doc->root;
}

const char *
yml_doc_file(const struct yml_doc *doc)
{
	return doc ? doc->file : NULL;
}

enum yml_kind
yml_kind(const struct yml_node *n)
{
	return n ? n->kind : YML_SCALAR;
}

int
yml_line(const struct yml_node *n)
{
	return n ? n->line : 0;
}

const char *
yml_file(const struct yml_node *n)
{
	return n ? n->doc->file : NULL;
}

size_t
yml_len(const struct yml_node *n)
{
	return n && n->kind != YML_SCALAR ? n->n : 0;
}

const struct yml_node *
yml_item(const struct yml_node *seq, size_t i)
{
	if (!seq || seq->kind != YML_SEQ || i >= seq->n)
		return NULL;
	return seq->items[i];
}

const char *
yml_key(const struct yml_node *map, size_t i)
{
	if (!map || map->kind != YML_MAP || i >= map->n)
		return NULL;
	return map->pairs[i].key;
}

int
yml_key_line(const struct yml_node *map, size_t i)
{
	if (!map || map->kind != YML_MAP || i >= map->n)
		return 0;
	return map->pairs[i].line;
}

const struct yml_node *
yml_value(const struct yml_node *map, size_t i)
{
	if (!map || map->kind != YML_MAP || i >= map->n)
		return NULL;
	return map->pairs[i].val;
}

const struct yml_node *
yml_get(const struct yml_node *map, const char *key)
{
	if (!map || map->kind != YML_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (strcmp(map->pairs[i].key, key) == 0)
			return map->pairs[i].val;
	return NULL;
}

const char *
yml_text(const struct yml_node *n)
{
	return n && n->kind == YML_SCALAR ? n->text : NULL;
}

bool
yml_quoted(const struct yml_node *n)
{
	return n && n->kind == YML_SCALAR && n->quoted;
}

bool
yml_is_null(const struct yml_node *n)
{
	static const char *const nulls[] = {"", "~", "null", "Null", "NULL"};

	if (!n)
		return true;
	if (n->kind != YML_SCALAR || n->quoted)
		return false;
	for (size_t i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++)
		if (strcmp(n->text, nulls[i]) == 0)
			return true;
	return false;
}

static void
node_diag(struct diags *d, enum diag_level level, const struct yml_node *n,
          const char *fmt, va_list ap)
{
	struct buf b = BUF_INIT;

	buf_vprintf(&b, fmt, ap);
	diag_add(d, level, yml_file(n), yml_line(n), "%s",
	         b.data ? b.data : "");
	buf_free(&b);
}

void
yml_error(struct diags *d, const struct yml_node *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	node_diag(d, DIAG_ERROR, n, fmt, ap);
	va_end(ap);
}

void
yml_warning(struct diags *d, const struct yml_node *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	node_diag(d, DIAG_WARNING, n, fmt, ap);
	va_end(ap);
}

size_t
yml_check_keys(const struct yml_node *map, const char *const *allowed,
               const char *where, struct diags *d)
{
	size_t bad = 0;

	if (!map || map->kind != YML_MAP)
		return 0;
	for (size_t i = 0; i < map->n; i++) {
		bool ok = false;

		for (const char *const *a = allowed; *a && !ok; a++)
			ok = strcmp(*a, map->pairs[i].key) == 0;
		if (!ok) {
			diag_add(d, DIAG_WARNING, map->doc->file,
			         map->pairs[i].line,
			         _("unknown key '%s' in %s"), map->pairs[i].key,
			         where);
			bad++;
		}
	}
	return bad;
}

static const char *
kind_name(const struct yml_node *n)
{
	if (n->kind == YML_SEQ)
		return _("a list");
	if (n->kind == YML_MAP)
		return _("a mapping");
	return _("text");
}

int
yml_as_str(const struct yml_node *n, const char *what, const char **out,
           struct diags *d)
{
	if (!n || yml_is_null(n)) {
		yml_error(d, n, _("%s has no value"), what);
		return -1;
	}
	if (n->kind != YML_SCALAR) {
		yml_error(d, n, _("%s must be text, not %s"), what,
		          kind_name(n));
		return -1;
	}
	*out = n->text;
	return 0;
}

/* Parses an optionally signed run of digits; false on anything else. */
static bool
parse_long(const char *s, long *out)
{
	const char *p = s;
	long v = 0;
	bool neg = false;

	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	if (!*p)
		return false;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		if (v > (LONG_MAX - (*p - '0')) / 10)
			return false;
		v = v * 10 + (*p - '0');
	}
	*out = neg ? -v : v;
	return true;
}

int
yml_as_int(const struct yml_node *n, const char *what, long min, long max,
           long *out, struct diags *d)
{
	long v;

	if (!n || n->kind != YML_SCALAR || n->quoted ||
	    !parse_long(n->text, &v) || v < min || v > max) {
		if (n && n->kind == YML_SCALAR && n->quoted &&
		    parse_long(n->text, &v))
			yml_error(d, n,
			          _("%s must be a number without quotes (%s)"),
			          what, n->text);
		else
			yml_error(
			        d, n,
			        _("%s must be a whole number from %ld to %ld"),
			        what, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

/*
 * Decimal numbers by hand: strtod follows LC_NUMERIC, and the UI sets the
 * locale, so "2.5" could stop parsing in a decimal-comma locale.
 */
static bool
parse_num(const char *s, double *out)
{
	const char *p = s;
	double v = 0, scale = 1;
	bool neg = false, digits = false;

	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	for (; *p >= '0' && *p <= '9'; p++, digits = true)
		v = v * 10 + (*p - '0');
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++, digits = true) {
			scale /= 10;
			v += (*p - '0') * scale;
		}
	}
	if (*p || !digits || p - s > 30)
		return false;
	*out = neg ? -v : v;
	return true;
}

int
yml_as_num(const struct yml_node *n, const char *what, double min, double max,
           double *out, struct diags *d)
{
	double v;

	if (!n || n->kind != YML_SCALAR || n->quoted ||
	    !parse_num(n->text, &v) || v < min || v > max) {
		yml_error(d, n, _("%s must be a number from %g to %g"), what,
		          min, max);
		return -1;
	}
	*out = v;
	return 0;
}

int
yml_as_bool(const struct yml_node *n, const char *what, bool *out,
            struct diags *d)
{
	const char *t = n && n->kind == YML_SCALAR && !n->quoted ? n->text : "";

	if (strcmp(t, "true") == 0 || strcmp(t, "yes") == 0) {
		*out = true;
		return 0;
	}
	if (strcmp(t, "false") == 0 || strcmp(t, "no") == 0) {
		*out = false;
		return 0;
	}
	yml_error(d, n, _("%s must be true or false"), what);
	return -1;
}

int
yml_as_enum(const struct yml_node *n, const char *what,
            const char *const *names, int *out, struct diags *d)
{
	struct buf list = BUF_INIT;

	if (n && n->kind == YML_SCALAR) {
		for (int i = 0; names[i]; i++) {
			if (strcmp(n->text, names[i]) == 0) {
				*out = i;
				return 0;
			}
		}
	}
	for (int i = 0; names[i]; i++)
		buf_printf(&list, "%s%s", i ? ", " : "", names[i]);
	if (n && n->kind == YML_SCALAR)
		yml_error(d, n,
		          _("%s: unknown value '%s' (expected one of: %s)"),
		          what, n->text, list.data ? list.data : "");
	else
		yml_error(d, n, _("%s must be one of: %s"), what,
		          list.data ? list.data : "");
	buf_free(&list);
	return -1;
}

bool
yml_is_id(const char *s)
{
	size_t n = 0;

	if (!s)
		return false;
	for (; s[n]; n++) {
		char c = s[n];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-'))
			return false;
	}
	return n >= 1 && n <= 40;
}

int
yml_as_id(const struct yml_node *n, const char *what, const char **out,
          struct diags *d)
{
	const char *s;

	if (yml_as_str(n, what, &s, d) < 0)
		return -1;
	if (!yml_is_id(s)) {
		yml_error(d, n,
		          _("%s '%s' is not a valid id (1-40 characters: a-z, "
		            "0-9 and '-')"),
		          what, s);
		return -1;
	}
	*out = s;
	return 0;
}

/*
 * Shared front half of the yml_map_* getters: finds the key, handles absent
 * and null values.  Returns 1 (absent, optional), -1 (error) or 0 with *val
 * set and *what holding the quoted key for messages.
 */
static int
lookup(const struct yml_node *map, const char *key, enum yml_need need,
       const struct yml_node **val, struct buf *what, struct diags *d)
{
	const struct yml_node *v = yml_get(map, key);

	buf_printf(what, "'%s'", key);
	if (!v || yml_is_null(v)) {
		if (need == YML_OPTIONAL)
			return 1;
		if (!v)
			diag_add(d, DIAG_ERROR, yml_file(map), yml_line(map),
			         _("missing '%s'"), key);
		else
			yml_error(d, v, _("'%s' has no value"), key);
		return -1;
	}
	*val = v;
	return 0;
}

#define MAP_GETTER(call)                                                       \
	do {                                                                   \
		const struct yml_node *v = NULL;                               \
		struct buf what = BUF_INIT;                                    \
		int r = lookup(map, key, need, &v, &what, d);                  \
		if (r == 0)                                                    \
			r = (call);                                            \
		buf_free(&what);                                               \
		return r;                                                      \
	} while (0)

int
yml_map_str(const struct yml_node *map, const char *key, enum yml_need need,
            const char **out, struct diags *d)
{
	MAP_GETTER(yml_as_str(v, what.data, out, d));
}

char *
yml_text_clean(const struct yml_node *n, struct diags *d)
{
	const char *s = yml_text(n);
	struct buf b = BUF_INIT;

	if (!s)
		return NULL;
	if (utf8_sanitize(&b, s, strlen(s), false) > 0)
		yml_warning(d, n,
		            _("control characters removed from the text"));
	return buf_detach(&b);
}

int
yml_map_text(const struct yml_node *map, const char *key, enum yml_need need,
             char **out, struct diags *d)
{
	const char *s = NULL;
	int r = yml_map_str(map, key, need, &s, d);

	if (r == 0)
		*out = yml_text_clean(yml_get(map, key), d);
	return r;
}

int
yml_map_int(const struct yml_node *map, const char *key, enum yml_need need,
            long min, long max, long *out, struct diags *d)
{
	MAP_GETTER(yml_as_int(v, what.data, min, max, out, d));
}

int
yml_map_num(const struct yml_node *map, const char *key, enum yml_need need,
            double min, double max, double *out, struct diags *d)
{
	MAP_GETTER(yml_as_num(v, what.data, min, max, out, d));
}

int
yml_map_bool(const struct yml_node *map, const char *key, enum yml_need need,
             bool *out, struct diags *d)
{
	MAP_GETTER(yml_as_bool(v, what.data, out, d));
}

int
yml_map_enum(const struct yml_node *map, const char *key, enum yml_need need,
             const char *const *names, int *out, struct diags *d)
{
	MAP_GETTER(yml_as_enum(v, what.data, names, out, d));
}

int
yml_map_id(const struct yml_node *map, const char *key, enum yml_need need,
           const char **out, struct diags *d)
{
	MAP_GETTER(yml_as_id(v, what.data, out, d));
}

static int
as_kind(const struct yml_node *v, enum yml_kind kind, const char *what,
        const struct yml_node **out, struct diags *d)
{
	if (v->kind != kind) {
		yml_error(d, v, _("%s must be %s, not %s"), what,
		          kind == YML_SEQ ? "a list" : "a mapping",
		          kind_name(v));
		return -1;
	}
	*out = v;
	return 0;
}

int
yml_map_seq(const struct yml_node *map, const char *key, enum yml_need need,
            const struct yml_node **out, struct diags *d)
{
	MAP_GETTER(as_kind(v, YML_SEQ, what.data, out, d));
}

int
yml_map_map(const struct yml_node *map, const char *key, enum yml_need need,
            const struct yml_node **out, struct diags *d)
{
	MAP_GETTER(as_kind(v, YML_MAP, what.data, out, d));
}
