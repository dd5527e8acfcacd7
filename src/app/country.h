/*
 * The person's country: which crisis lines and emergency number every
 * crisis and safety screen shows.  The first run asks for it, with a
 * suggestion from this computer's time zone and language settings; the
 * crisis screen and the settings change it.
 *
 * Where it is kept: in the vault (settings "country"), because it is the
 * person's setting and belongs with their data (backups, export).  A copy
 * of the two letters is kept in the state folder (`country`, 0600), so
 * that help shown while the vault is locked (the `!` key on the unlock
 * screen, `tend assess` before the passphrase, the first screens of the
 * first run) still names the person's country.  Two letters say nothing
 * about treatment.
 *
 * Which country is shown, first match wins:
 *   1. --region (tend assess), for that command only;
 *   2. the clinic's `country` when the clinic sets `country_lock = yes`;
 *   3. the person's choice (the vault; its copy without a session);
 *   4. `country` in a config file (the person's, else the clinic's): the
 *      default a clinic sets for everyone;
 *   5. none: the screens say so and offer the choice (docs/clinical.md
 *      4.5 says why a guess is never shown as the person's country).
 * The locale and the time zone are only ever a suggestion.
 */
#ifndef TEND_APP_COUNTRY_H
#define TEND_APP_COUNTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "app/session.h"

enum country_from {
	COUNTRY_UNSET, /* nothing names one */
	COUNTRY_FLAG, /* --region, for this command */
	COUNTRY_CLINIC, /* the clinic locks it */
	COUNTRY_PERSON, /* the person chose it */
	COUNTRY_CONFIG, /* a config file's default */
};

struct country {
	char code[3]; /* upper case; "" when from == COUNTRY_UNSET */
	enum country_from from;
};

/*
 * The country to show (see the order above).  s may be NULL (no vault
 * open: the person's choice comes from its copy); flag may be NULL.
 */
void country_current(struct session *s, const char *flag, struct country *out);

/* True when the clinic locks the country (a clinic `country` and
 * `country_lock = yes`): the person cannot change it. */
bool country_locked(void);

/*
 * The person chooses code (two letters, any assigned ISO 3166 code, listed
 * or not).  With a session: kept in the vault and committed; always: the
 * copy in the state folder.  Returns EXIT_OK, EXIT_USAGE with *msg for a
 * code that is not a country, or EXIT_FAIL with *msg (the clinic locks
 * it, or the save failed).
 */
int country_set(struct session *s, const char *code, time_t now, char **msg);

/*
 * After the vault is created: the choice made before it existed (the
 * copy) goes into the vault when the vault has none.  Commits.  Returns
 * EXIT_OK (also when there was nothing to do), else session_commit's
 * status and *msg.
 */
int country_adopt(struct session *s, time_t now, char **msg);

/* True when the person has chosen a country (in the vault, or its copy
 * without a session). */
bool country_chosen(struct session *s);

/*
 * The country this computer's settings point to: the time zone first (TZ,
 * else the zone /etc/localtime links to), then the territory of the
 * language setting (LC_ALL, LC_MESSAGES, LANG: the first one set).
 * Returns 0 with out, or -1 when neither names a country.
 */
int country_suggest(char out[3]);

/* The country's name: its crisis file's, else the ISO name, else the
 * code itself.  Fresh string. */
char *country_display(const char *code);

/* A country tend has crisis lines for. */
struct country_entry {
	char code[3];
	char *name;
};

/* The installed countries (bundled and the clinic's), sorted by name.
 * Returns the number; *out is a fresh array (free with
 * country_list_free). */
size_t country_list(struct country_entry **out);
void country_list_free(struct country_entry *v, size_t n);

#endif
