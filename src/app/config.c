/*
 * The settings table: APP_CONFIG_KEYS turned into the reader's key table,
 * a check per kind of value, and the clinic-then-person layering with the
 * origin of each value.
 */
#include "app/config.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "app/course.h"
#include "core/sched.h"
#include "pack/instrument.h"
#include "util/buf.h"
#include "util/config.h"
#include "util/i18n.h"
#include "util/path.h"
#include "util/xalloc.h"

#define TEXT_MAX 200
#define PHONE_MAX 40
#define WORD_MAX 64

enum kind {
	WORD,
	COUNTRY,
	CHOICE,
	LIST,
	INT,
	TEXT,
	PHONE,
	PATH,
	WINDOW,
	QUIET,
	DAYS,
};

enum who { ANYONE, CLINIC };

struct def {
	const char *name;
	enum kind kind;
	enum who who;
	const char *def;
	const char *arg;
};

static const struct def defs[APP_CONFIG__COUNT] = {
#define APP_CONFIG_DEF(id, name, kind, who, def, arg)                          \
	[APP_CONFIG_##id] = {name, kind, who, def, arg},
        APP_CONFIG_KEYS(APP_CONFIG_DEF)
#undef APP_CONFIG_DEF
};

/* The reader's table: every name, then the aliases. */
static const struct config_key keys[] = {
#define APP_CONFIG_NAME(id, name, ...) {name, APP_CONFIG_##id},
        APP_CONFIG_KEYS(APP_CONFIG_NAME)
#undef APP_CONFIG_NAME
#define APP_CONFIG_ALIAS(id, name) {name, APP_CONFIG_##id},
                APP_CONFIG_ALIASES(APP_CONFIG_ALIAS)
#undef APP_CONFIG_ALIAS
};

struct setting {
	char *value; /* owned; NULL: the default */
	int file; /* index into files, or -1 */
	int line;
	char *clinic; /* owned: what the clinic's file set, or NULL */
};

struct app_config {
	char *files[2]; /* the clinic's, the person's */
	struct setting s[APP_CONFIG__COUNT];
};

/* --- checks --------------------------------------------------------- */

static bool
word_ok(const char *s, size_t n)
{
	if (n == 0 || n > WORD_MAX || s[0] == '.')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("._-", s[i]))
			return false;
	return true;
}

/* True when s[0..n) is one of the '|'-separated words of arg. */
static bool
one_of(const char *arg, const char *s, size_t n)
{
	for (const char *p = arg; p;) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);

		if (len == n && strncasecmp(p, s, n) == 0)
			return true;
		p = bar ? bar + 1 : NULL;
	}
	return false;
}

/* "a|b|c" as "a, b or c". */
static void
add_choices(struct buf *b, const char *arg)
{
	for (const char *p = arg; p;) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);

		if (p != arg)
			buf_adds(b, bar ? ", " : _(" or "));
		buf_add(b, p, len);
		p = bar ? bar + 1 : NULL;
	}
}

static void
lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

/* Blanks around the commas go; empty items are refused, and so is "none"
 * beside other words. */
static bool
list_ok(const char *arg, const char *v, struct buf *norm)
{
	const char *p = v;
	size_t items = 0;
	bool none = false;

	for (;;) {
		const char *comma = strchr(p, ',');
		const char *e = comma ? comma : p + strlen(p);

		while (*p == ' ' || *p == '\t')
			p++;
		while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (!word_ok(p, (size_t)(e - p)) ||
		    (arg && !one_of(arg, p, (size_t)(e - p))))
			return false;
		if (norm->len)
			buf_addc(norm, ',');
		buf_add(norm, p, (size_t)(e - p));
		items++;
		none = none ||
		       ((size_t)(e - p) == 4 && strncasecmp(p, "none", 4) == 0);
		if (!comma)
			return !(none && items > 1);
		p = comma + 1;
	}
}

static bool
int_ok(const char *arg, const char *v)
{
	long lo, hi, n;
	char *end;

	if (sscanf(arg, "%ld-%ld", &lo, &hi) != 2)
		return false;
	if (!isdigit((unsigned char)*v))
		return false;
	n = strtol(v, &end, 10);
	return *end == '\0' && n >= lo && n <= hi && strlen(v) < 10;
}

static bool
phone_ok(const char *v)
{
	size_t digits = 0;

	if (strlen(v) > PHONE_MAX)
		return false;
	for (const char *p = v; *p; p++) {
		if (isdigit((unsigned char)*p))
			digits++;
		else if (!strchr(" +-()./", *p))
			return false;
	}
	return digits >= 2;
}

/*
 * Checks v, given as name, for d.  Returns a fresh normalised value, or NULL with *why a
 * sentence for the warning (fresh, free it).
 */
static char *
check(const struct def *d, const char *name, const char *v, char **why)
{
	struct buf b = BUF_INIT;
	unsigned days;
	int a, z;

	*why = NULL;
	switch (d->kind) {
	case WORD:
		if (word_ok(v, strlen(v)))
			return xstrdup(v);
		*why = xasprintf(_("'%s' must be one word of letters, digits, "
		                   "'.', '_' or '-'"),
		                 name);
		return NULL;
	case COUNTRY:
		if (strlen(v) == 2 && isalpha((unsigned char)v[0]) &&
		    isalpha((unsigned char)v[1]) && !(v[0] & 0x80) &&
		    !(v[1] & 0x80))
			return xasprintf("%c%c", toupper((unsigned char)v[0]),
			                 toupper((unsigned char)v[1]));
		*why = xasprintf(_("'%s' must be a two-letter country code "
		                   "such as GB or IE"),
		                 name);
		return NULL;
	case CHOICE:
		if (one_of(d->arg, v, strlen(v))) {
			char *s = xstrdup(v);

			lower(s);
			return s;
		}
		buf_printf(&b, _("'%s' must be "), name);
		add_choices(&b, d->arg);
		*why = buf_detach(&b);
		return NULL;
	case LIST:
		if (list_ok(d->arg, v, &b)) {
			lower(b.data);
			return buf_detach(&b);
		}
		buf_reset(&b);
		if (d->arg) {
			buf_printf(&b, _("'%s' must list some of "), name);
			add_choices(&b, d->arg);
			buf_adds(&b, _(", separated by commas"));
		} else {
			buf_printf(&b,
			           _("'%s' must be names separated by "
			             "commas"),
			           name);
		}
		*why = buf_detach(&b);
		return NULL;
	case INT:
		if (int_ok(d->arg, v))
			return xstrdup(v);
		*why = xasprintf(_("'%s' must be a whole number from %s"), name,
		                 d->arg);
		return NULL;
	case TEXT:
		if (*v && strlen(v) <= TEXT_MAX)
			return xstrdup(v);
		*why = xasprintf(
		        _("'%s' must be some text of at most %d bytes"), name,
		        TEXT_MAX);
		return NULL;
	case PHONE:
		if (phone_ok(v))
			return xstrdup(v);
		*why = xasprintf(_("'%s' must be a telephone number (digits, "
		                   "blanks and + - ( ) . /)"),
		                 name);
		return NULL;
	case PATH:
		if (v[0] == '/' && strlen(v) < 4096)
			return xstrdup(v);
		*why = xasprintf(_("'%s' must be an absolute path (starting "
		                   "with /)"),
		                 name);
		return NULL;
	case WINDOW:
		if (sched_parse_range(v, &a, &z) == 0 && a < z)
			return xstrdup(v);
		*why = xasprintf(_("'%s' must be HH:MM-HH:MM, the start before "
		                   "the end"),
		                 name);
		return NULL;
	case QUIET:
		if (strcmp(v, "none") == 0 || sched_parse_range(v, &a, &z) == 0)
			return xstrdup(v);
		*why = xasprintf(_("'%s' must be HH:MM-HH:MM or none"), name);
		return NULL;
	case DAYS:
		if (sched_parse_days(v, &days) == 0)
			return xstrdup(v);
		*why = xasprintf(_("'%s' must be weekdays such as mon,tue or "
		                   "mon-fri, or all or none"),
		                 name);
		return NULL;
	}
	return NULL;
}

/* --- loading -------------------------------------------------------- */

/* The name of a key (aliases included), or -1. */
static int
key_id(const char *name, size_t n)
{
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strlen(keys[i].name) == n &&
		    strncmp(keys[i].name, name, n) == 0)
			return keys[i].id;
	return -1;
}

/* `lock` lists keys a person may set: each must be one.  Takes v. */
static char *
check_lock(char *v, char **why)
{
	for (const char *p = v; p;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		int id = key_id(p, n);

		if (id < 0 || defs[id].who != ANYONE) {
			*why = xasprintf(_("'lock' lists keys a person may "
			                   "set; '%.*s' is not one"),
			                 (int)n, p);
			free(v);
			return NULL;
		}
		p = comma ? comma + 1 : NULL;
	}
	return v;
}

/* True when the clinic's `lock` names k. */
static bool
locked(const struct app_config *c, int k)
{
	const char *v = c->s[APP_CONFIG_LOCK].value;

	for (const char *p = v; p;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);

		if (key_id(p, n) == k)
			return true;
		p = comma ? comma + 1 : NULL;
	}
	return false;
}

static void
apply(struct app_config *c, int which, const struct config_file *f,
      struct diags *d)
{
	for (size_t i = 0; i < f->n; i++) {
		const struct config_item *it = &f->items[i];
		const struct def *def = &defs[it->id];
		char *why, *v;

		if (which == 1 && def->who == CLINIC) {
			diag_add(d, DIAG_WARNING, f->path, it->line,
			         _("'%s' can only be set in %s; ignored here"),
			         it->name, c->files[0]);
			continue;
		}
		if (which == 1 && locked(c, it->id)) {
			diag_add(d, DIAG_WARNING, f->path, it->line,
			         _("'%s' is set by the clinic (%s:%d locks "
			           "it); ignored here"),
			         it->name, c->files[0],
			         c->s[APP_CONFIG_LOCK].line);
			continue;
		}
		v = check(def, it->name, it->value, &why);
		if (v && it->id == APP_CONFIG_LOCK)
			v = check_lock(v, &why);
		if (!v) {
			diag_add(d, DIAG_WARNING, f->path, it->line,
			         _("%s, not '%s'; ignored"), why, it->value);
			free(why);
			continue;
		}
		if (which == 0) {
			free(c->s[it->id].clinic);
			c->s[it->id].clinic = xstrdup(v);
		}
		free(c->s[it->id].value);
		c->s[it->id].value = v;
		c->s[it->id].file = which;
		c->s[it->id].line = it->line;
	}
}

struct app_config *
app_config_load(struct diags *d)
{
	struct app_config *c = xcalloc(1, sizeof(*c));
	struct diags scratch = DIAGS_INIT;

	if (!d)
		d = &scratch;
	for (int k = 0; k < APP_CONFIG__COUNT; k++)
		c->s[k].file = -1;
	c->files[0] = path_join(path_sysconf_dir(), "config");
	if (path_config_dir())
		c->files[1] = path_join(path_config_dir(), "config");
	for (int which = 0; which < 2; which++) {
		struct config_file f;

		if (!c->files[which])
			continue;
		if (config_read(c->files[which], keys,
		                sizeof(keys) / sizeof(keys[0]), &f, d) == 0)
			apply(c, which, &f, d);
		config_file_free(&f);
	}
	diag_free(&scratch);
	return c;
}

void
app_config_free(struct app_config *c)
{
	if (!c)
		return;
	for (int k = 0; k < APP_CONFIG__COUNT; k++) {
		free(c->s[k].value);
		free(c->s[k].clinic);
	}
	free(c->files[0]);
	free(c->files[1]);
	free(c);
}

const char *
app_config_get(const struct app_config *c, enum app_config_key k)
{
	assert((unsigned)k < APP_CONFIG__COUNT);
	return c->s[k].value ? c->s[k].value : defs[k].def;
}

const char *
app_config_clinic(const struct app_config *c, enum app_config_key k)
{
	assert((unsigned)k < APP_CONFIG__COUNT);
	return c->s[k].clinic;
}

void
app_config_origin(const struct app_config *c, enum app_config_key k,
                  const char **file, int *line)
{
	assert((unsigned)k < APP_CONFIG__COUNT);
	*file = NULL;
	*line = 0;
	if (c->s[k].file < 0)
		return;
	*file = c->files[c->s[k].file];
	*line = c->s[k].line;
}

const char *
app_config_name(enum app_config_key k)
{
	assert((unsigned)k < APP_CONFIG__COUNT);
	return defs[k].name;
}

bool
app_config_clinic_only(const struct app_config *c, enum app_config_key k)
{
	assert((unsigned)k < APP_CONFIG__COUNT);
	return defs[k].who == CLINIC || locked(c, (int)k);
}

const char *
app_config_file(const struct app_config *c, int which)
{
	return which == 0 || which == 1 ? c->files[which] : NULL;
}

/* A warning at the line that set k. */
static void
warn_at(const struct app_config *c, enum app_config_key k, struct diags *d,
        const char *msg)
{
	const char *file;
	int line;

	app_config_origin(c, k, &file, &line);
	diag_add(d, DIAG_WARNING, file, line, "%s", msg);
}

void
app_config_verify(const struct app_config *c, const struct opts *o,
                  struct diags *d)
{
	const char *course = app_config_get(c, APP_CONFIG_COURSE);
	const char *list = app_config_get(c, APP_CONFIG_INSTRUMENTS);
	const char *key = app_config_get(c, APP_CONFIG_HELPER_KEY);

	if (course) {
		char *id = app_course_configured(o);

		if (!id) {
			char *m = xasprintf(_("the course '%s' is not "
			                      "installed; a first run asks "
			                      "which course to follow"),
			                    course);

			warn_at(c, APP_CONFIG_COURSE, d, m);
			free(m);
		}
		free(id);
	}
	if (list) {
		struct diags quiet = DIAGS_INIT;
		struct inst_set *set = pack_load_instruments(&quiet);

		for (const char *p = list; p;) {
			const char *comma = strchr(p, ',');
			char *id = comma ? xstrndup(p, (size_t)(comma - p))
			                 : xstrdup(p);

			if (!inst_set_find(set, id)) {
				char *m = xasprintf(_("there is no "
				                      "questionnaire '%s' "
				                      "(tend assess --list)"),
				                    id);

				warn_at(c, APP_CONFIG_INSTRUMENTS, d, m);
				free(m);
			}
			free(id);
			p = comma ? comma + 1 : NULL;
		}
		inst_set_free(set);
		diag_free(&quiet);
	}
	if (key && access(key, R_OK) != 0) {
		char *m = xasprintf(_("the helper key %s cannot be read: %s"),
		                    key, strerror(errno));

		warn_at(c, APP_CONFIG_HELPER_KEY, d, m);
		free(m);
	}
}
