/*
 * The crisis-contact loader and the choice of region.  See pack/crisis.h.
 * Text is sanitised on load, like every other pack text.
 */
#include "pack/crisis.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/country.h"
#include "pack/yml.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/path.h"
#include "util/utf8.h"
#include "util/xalloc.h"

static const char *const top_keys[] = {
        "region", "name", "checked", "emergency", "contacts", "note", NULL};
static const char *const emergency_keys[] = {"phone", "source", "checked",
                                             NULL};
static const char *const contact_keys[] = {"name",   "phone",   "text",
                                           "web",    "hours",   "for",
                                           "source", "checked", NULL};

bool
crisis_region_valid(const char *s)
{
	return s && isalpha((unsigned char)s[0]) &&
	       isalpha((unsigned char)s[1]) && s[2] == '\0';
}

static char *
clean_dup(const char *s, const struct yml_node *n, struct diags *d)
{
	struct buf b = BUF_INIT;

	if (utf8_sanitize(&b, s, strlen(s), false) > 0)
		yml_warning(d, n,
		            _("control characters removed from the text"));
	return buf_detach(&b);
}

static int
get_str(const struct yml_node *map, const char *key, enum yml_need need,
        char **out, struct diags *d)
{
	const char *s = NULL;
	int rc = yml_map_str(map, key, need, &s, d);

	if (rc == 0)
		*out = clean_dup(s, yml_get(map, key), d);
	return rc < 0 ? -1 : 0;
}

/* YYYY-MM-DD with a plausible month and day. */
static int
get_date(const struct yml_node *map, const char *key, char **out,
         struct diags *d)
{
	const struct yml_node *n = yml_get(map, key);
	const char *s = yml_text(n);
	int y, m, dd;
	char tail;

	if (!n) {
		yml_error(
		        d, map,
		        _("'%s' is missing: say when this number was checked"),
		        key);
		return -1;
	}
	if (!s || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &dd, &tail) != 3 ||
	    strlen(s) != 10 || y < 2000 || m < 1 || m > 12 || dd < 1 ||
	    dd > 31) {
		yml_error(d, n, _("'%s' must be a date like 2026-11-01"), key);
		return -1;
	}
	*out = xstrdup(s);
	return 0;
}

static void
contact_free(struct crisis_contact *c)
{
	free(c->name);
	free(c->phone);
	free(c->text);
	free(c->web);
	free(c->hours);
	free(c->for_whom);
	free(c->source);
	free(c->checked);
}

void
crisis_region_free(struct crisis_region *r)
{
	if (!r)
		return;
	free(r->region);
	free(r->name);
	free(r->checked);
	free(r->emergency);
	free(r->emergency_source);
	free(r->emergency_checked);
	for (size_t i = 0; i < r->ncontacts; i++)
		contact_free(&r->contacts[i]);
	free(r->contacts);
	free(r->file);
	free(r);
}

static int
parse_contact(const struct yml_node *m, struct crisis_contact *c,
              struct diags *d)
{
	int bad = 0;

	if (yml_kind(m) != YML_MAP) {
		yml_error(d, m, _("a contact must be a mapping with 'name'"));
		return -1;
	}
	yml_check_keys(m, contact_keys, _("a crisis contact"), d);
	if (get_str(m, "name", YML_REQUIRED, &c->name, d) < 0 ||
	    get_str(m, "phone", YML_OPTIONAL, &c->phone, d) < 0 ||
	    get_str(m, "text", YML_OPTIONAL, &c->text, d) < 0 ||
	    get_str(m, "web", YML_OPTIONAL, &c->web, d) < 0 ||
	    get_str(m, "hours", YML_OPTIONAL, &c->hours, d) < 0 ||
	    get_str(m, "for", YML_OPTIONAL, &c->for_whom, d) < 0)
		bad = 1;
	if (get_str(m, "source", YML_OPTIONAL, &c->source, d) < 0)
		bad = 1;
	else if (!c->source) {
		yml_error(d, m,
		          _("the contact has no 'source': name the page the "
		            "number was checked against"));
		bad = 1;
	}
	if (get_date(m, "checked", &c->checked, d) < 0)
		bad = 1;
	if (!bad && !c->phone && !c->text && !c->web) {
		yml_error(d, m, _("the contact has no phone, text or web"));
		bad = 1;
	}
	return bad ? -1 : 0;
}

static int
parse(const struct yml_node *root, struct crisis_region *r, const char *path,
      struct diags *d)
{
	const struct yml_node *em = NULL, *seq = NULL;
	const char *base = strrchr(path, '/');
	int bad = 0;

	base = base ? base + 1 : path;
	yml_check_keys(root, top_keys, _("a crisis file"), d);
	if (get_str(root, "region", YML_REQUIRED, &r->region, d) < 0 ||
	    get_str(root, "name", YML_REQUIRED, &r->name, d) < 0)
		bad = 1;
	if (r->region) {
		if (!crisis_region_valid(r->region) ||
		    !isupper((unsigned char)r->region[0]) ||
		    !isupper((unsigned char)r->region[1])) {
			yml_error(d, yml_get(root, "region"),
			          _("'region' must be two capital letters (ISO "
			            "3166), like GB"));
			bad = 1;
		} else if (strlen(base) != 7 ||
		           strncmp(base, r->region, 2) != 0 ||
		           strcmp(base + 2, ".yaml") != 0) {
			yml_error(d, yml_get(root, "region"),
			          _("the region '%s' must match the file name "
			            "'%s'"),
			          r->region, base);
			bad = 1;
		}
	}
	/* The interface's language names the country when its catalogue
	 * has the name (tend-content(5)); English keeps the file's name. */
	if (r->region && r->name && country_name(r->region) &&
	    _(country_name(r->region)) != country_name(r->region)) {
		free(r->name);
		r->name = xstrdup(_(country_name(r->region)));
	}
	if (get_date(root, "checked", &r->checked, d) < 0)
		bad = 1;
	if (yml_map_map(root, "emergency", YML_REQUIRED, &em, d) < 0) {
		bad = 1;
	} else {
		yml_check_keys(em, emergency_keys, "'emergency'", d);
		if (get_str(em, "phone", YML_REQUIRED, &r->emergency, d) < 0 ||
		    get_str(em, "source", YML_REQUIRED, &r->emergency_source,
		            d) < 0 ||
		    get_date(em, "checked", &r->emergency_checked, d) < 0)
			bad = 1;
	}
	/* An empty list is allowed: a country whose only checked number is
	 * the emergency number still gets a file (docs/crisis-sources.md). */
	if (yml_map_seq(root, "contacts", YML_REQUIRED, &seq, d) < 0) {
		bad = 1;
	} else if (yml_len(seq) > 20) {
		yml_error(d, seq, _("'contacts' must list 0 to 20 contacts"));
		bad = 1;
	} else if (yml_len(seq) > 0) {
		r->ncontacts = yml_len(seq);
		r->contacts = xcalloc(r->ncontacts, sizeof(*r->contacts));
		for (size_t i = 0; i < r->ncontacts; i++)
			if (parse_contact(yml_item(seq, i), &r->contacts[i],
			                  d) < 0)
				bad = 1;
	}
	return bad ? -1 : 0;
}

struct crisis_region *
pack_load_crisis(const char *path, struct diags *d)
{
	struct yml_doc *doc = yml_load_file(path, NULL, NULL, d);
	const struct yml_node *root;
	struct crisis_region *r = NULL;

	if (!doc)
		return NULL;
	root = yml_root_map(doc, _("the crisis file"), d);
	if (!root)
		goto out;
	r = xcalloc(1, sizeof(*r));
	r->file = xstrdup(path);
	if (parse(root, r, path, d) < 0) {
		crisis_region_free(r);
		r = NULL;
	}
out:
	yml_free(doc);
	return r;
}

void
crisis_list_free(struct crisis_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		crisis_region_free(l->v[i]);
	free(l->v);
	free(l);
}

static void
list_put(struct crisis_list *l, struct crisis_region *r)
{
	for (size_t i = 0; i < l->n; i++) {
		if (strcmp(l->v[i]->region, r->region) == 0) {
			crisis_region_free(l->v[i]);
			l->v[i] = r;
			return;
		}
	}
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = r;
}

struct loading {
	struct crisis_list *l;
	struct diags *d;
};

static void
load_one(const char *path, void *arg)
{
	struct loading *ld = arg;
	struct crisis_region *r = pack_load_crisis(path, ld->d);

	if (r)
		list_put(ld->l, r);
}

/* Adds every XX.yaml of dir to l.  -1 when dir cannot be read. */
static int
load_dir_into(struct crisis_list *l, const char *dir, struct diags *d)
{
	struct loading ld = {l, d};

	return yml_each_file(dir, load_one, &ld);
}

struct crisis_list *
crisis_load_dir(const char *dir, struct diags *d)
{
	struct crisis_list *l = xcalloc(1, sizeof(*l));

	if (load_dir_into(l, dir, d) < 0)
		diag_add(d, DIAG_ERROR, dir, 0,
		         _("cannot read the crisis contacts folder"));
	return l;
}

struct crisis_list *
crisis_load(const char *region, struct diags *d)
{
	struct crisis_list *l = xcalloc(1, sizeof(*l));
	const char *dirs[PATH_DATA_MAX];
	size_t n = path_data_dirs(dirs);

	if (region && crisis_region_valid(region)) {
		char name[16] = {(char)toupper((unsigned char)region[0]),
		                 (char)toupper((unsigned char)region[1]), '\0'};

		strcat(name, ".yaml");
		/* The most important folder that has the region's file. */
		for (size_t i = 0; i < n && !l->matched; i++) {
			char *dir = path_join(dirs[i], "crisis");
			char *p = path_join(dir, name);

			if (path_exists(p)) {
				struct crisis_region *r =
				        pack_load_crisis(p, d);

				if (r) {
					list_put(l, r);
					l->matched = true;
				}
			}
			free(p);
			free(dir);
		}
	} else if (!region) {
		/* Every region, the least important folder first: a later
		 * folder's file of the same region replaces. */
		for (size_t i = n; i-- > 0;) {
			char *dir = path_join(dirs[i], "crisis");

			if (path_exists(dir) && load_dir_into(l, dir, d) < 0)
				diag_add(d, DIAG_ERROR, dir, 0,
				         _("cannot read the crisis contacts "
				           "folder"));
			free(dir);
		}
	}
	return l;
}

int
crisis_region_from_locale(const char *locale, char out[3])
{
	const char *u;

	if (!locale)
		return -1;
	u = strchr(locale, '_');
	if (!u || !isalpha((unsigned char)u[1]) ||
	    !isalpha((unsigned char)u[2]) ||
	    (u[3] != '\0' && u[3] != '.' && u[3] != '@'))
		return -1;
	out[0] = (char)toupper((unsigned char)u[1]);
	out[1] = (char)toupper((unsigned char)u[2]);
	out[2] = '\0';
	return 0;
}
