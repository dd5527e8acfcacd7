/*
 * The person's country.  See app/country.h.
 */
#include "app/country.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/config.h"
#include "core/country.h"
#include "pack/crisis.h"
#include "store/db.h"
#include "util/atomic.h"
#include "util/file.h"
#include "util/i18n.h"
#include "util/path.h"
#include "util/xalloc.h"

#define SETTING "country"
#define COPY_NAME "country"

static bool
upper2(const char *s, char out[3])
{
	if (!s || !isalpha((unsigned char)s[0]) ||
	    !isalpha((unsigned char)s[1]) || s[2] != '\0')
		return false;
	out[0] = (char)toupper((unsigned char)s[0]);
	out[1] = (char)toupper((unsigned char)s[1]);
	out[2] = '\0';
	return true;
}

/* The copy in the state folder: 0 and out, or -1. */
static int
copy_read(char out[3])
{
	char *path, *data = NULL;
	size_t len = 0;
	int rc = -1;

	if (!path_state_dir())
		return -1;
	path = path_join(path_state_dir(), COPY_NAME);
	if (file_read(path, 64, FILE_NOFOLLOW, &data, &len) == 0) {
		while (len > 0 &&
		       (data[len - 1] == '\n' || data[len - 1] == ' '))
			data[--len] = '\0';
		if (upper2(data, out))
			rc = 0;
	}
	free(data);
	free(path);
	return rc;
}

static int
copy_write(const char code[3])
{
	char *path, line[4];
	int rc;

	if (!path_state_dir() || path_mkdirs(path_state_dir(), 0700) < 0)
		return -1;
	path = path_join(path_state_dir(), COPY_NAME);
	memcpy(line, code, 2);
	line[2] = '\n';
	line[3] = '\0';
	rc = atomic_write(path, line, 3, 0600);
	free(path);
	return rc;
}

/* The vault's choice: 0 and out, or -1. */
static int
vault_read(struct session *s, char out[3])
{
	char *v = db_setting_get(session_vault(s), SETTING);
	int rc = upper2(v, out) ? 0 : -1;

	free(v);
	return rc;
}

/* The person's choice, from the vault or else its copy. */
static int
person(struct session *s, char out[3])
{
	if (s && vault_read(s, out) == 0)
		return 0;
	return copy_read(out);
}

bool
country_chosen(struct session *s)
{
	char c[3];

	return person(s, c) == 0;
}

/* The clinic's country when it locks it: 0 and out, else -1.  The lock
 * is a clinic-only key, and the country is the clinic's own value: the
 * person's file may set `country` too, and that does not undo a lock. */
static int
clinic_lock(const struct app_config *cfg, char out[3])
{
	const char *lock = app_config_get(cfg, APP_CONFIG_COUNTRY_LOCK);

	if (!lock || strcmp(lock, "yes") != 0)
		return -1;
	return upper2(app_config_clinic(cfg, APP_CONFIG_COUNTRY), out) ? 0 : -1;
}

bool
country_locked(void)
{
	struct app_config *cfg = app_config_load(NULL);
	char c[3];
	bool locked = clinic_lock(cfg, c) == 0;

	app_config_free(cfg);
	return locked;
}

void
country_current(struct session *s, const char *flag, struct country *out)
{
	struct app_config *cfg = NULL;

	memset(out, 0, sizeof(*out));
	if (upper2(flag, out->code)) {
		out->from = COUNTRY_FLAG;
		return;
	}
	cfg = app_config_load(NULL);
	if (clinic_lock(cfg, out->code) == 0)
		out->from = COUNTRY_CLINIC;
	else if (person(s, out->code) == 0)
		out->from = COUNTRY_PERSON;
	else if (upper2(app_config_get(cfg, APP_CONFIG_COUNTRY), out->code))
		out->from = COUNTRY_CONFIG;
	else
		out->code[0] = '\0';
	app_config_free(cfg);
}

int
country_set(struct session *s, const char *code, time_t now, char **msg)
{
	char c[3];

	*msg = NULL;
	if (!upper2(code, c) || !country_known(c)) {
		*msg = xasprintf(_("'%s' is not a country code: use the two "
		                   "letters of ISO 3166, such as GB or IE."),
		                 code ? code : "");
		return EXIT_USAGE;
	}
	if (country_locked()) {
		*msg = xstrdup(_("Your clinic has set the country for this "
		                 "copy of tend."));
		return EXIT_FAIL;
	}
	/* The copy first: help shown while the vault is locked follows the
	 * choice even if the vault cannot be saved now.  It is best effort:
	 * the vault is what counts. */
	(void)copy_write(c);
	if (!s)
		return EXIT_OK;
	if (db_setting_set(session_vault(s), SETTING, c) < 0 ||
	    db_event(session_vault(s), "country.set", NULL) < 0) {
		*msg = xstrdup(_("Could not keep the country in the vault."));
		return EXIT_FAIL;
	}
	return session_commit(s, now, msg);
}

int
country_adopt(struct session *s, time_t now, char **msg)
{
	char c[3];

	*msg = NULL;
	if (vault_read(s, c) == 0) {
		/* The vault decides; the copy follows it. */
		char copy[3];

		if (copy_read(copy) < 0 || strcmp(copy, c) != 0)
			(void)copy_write(c);
		return EXIT_OK;
	}
	if (copy_read(c) < 0)
		return EXIT_OK;
	if (db_setting_set(session_vault(s), SETTING, c) < 0) {
		*msg = xstrdup(_("Could not keep the country in the vault."));
		return EXIT_FAIL;
	}
	return session_commit(s, now, msg);
}

/* The zone name of a TZ value or a zoneinfo path ("Europe/London"), or
 * NULL. */
static const char *
zone_name(const char *tz)
{
	const char *z;

	if (!tz || !*tz)
		return NULL;
	if (*tz == ':')
		tz++;
	z = strstr(tz, "zoneinfo/");
	return z ? z + strlen("zoneinfo/") : tz;
}

int
country_suggest(char out[3])
{
	static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	const char *tz = getenv("TZ"), *code = NULL;
	char link[512];

	if (tz && *tz) {
		code = country_of_zone(zone_name(tz));
	} else {
		ssize_t n = readlink("/etc/localtime", link, sizeof(link) - 1);

		if (n > 0) {
			link[n] = '\0';
			code = country_of_zone(zone_name(link));
		}
	}
	if (code) {
		memcpy(out, code, 3);
		return 0;
	}
	for (size_t i = 0; i < 3; i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			return crisis_region_from_locale(v, out) == 0 &&
			                       country_known(out)
			               ? 0
			               : -1;
	}
	return -1;
}

char *
country_display(const char *code)
{
	struct diags d = DIAGS_INIT;
	struct crisis_list *l = crisis_load(code, &d);
	char *name;

	diag_free(&d);
	if (l->n > 0)
		name = xstrdup(l->v[0]->name);
	else if (country_name(code))
		name = xstrdup(_(country_name(code)));
	else
		name = xstrdup(code ? code : "");
	crisis_list_free(l);
	return name;
}

static int
by_name(const void *a, const void *b)
{
	const struct country_entry *x = a, *y = b;

	return strcmp(x->name, y->name);
}

size_t
country_list(struct country_entry **out)
{
	struct diags d = DIAGS_INIT;
	struct crisis_list *l = crisis_load(NULL, &d);
	struct country_entry *v = xcalloc(l->n + 1, sizeof(*v));
	size_t n;

	diag_free(&d);
	for (size_t i = 0; i < l->n; i++) {
		memcpy(v[i].code, l->v[i]->region, 3);
		v[i].name = xstrdup(l->v[i]->name);
	}
	n = l->n;
	crisis_list_free(l);
	qsort(v, n, sizeof(*v), by_name);
	*out = v;
	return n;
}

void
country_list_free(struct country_entry *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}
