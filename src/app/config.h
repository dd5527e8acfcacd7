/*
 * tend's settings: the keys of the configuration files, read once through
 * the util/config reader from the clinic's file (path_sysconf_dir()/config,
 * /etc/tend/config) and then the person's (path_config_dir()/config,
 * ~/.config/tend/config), which overrides the clinic's where the key allows
 * it.  Each effective value keeps where it came from (a file and line, or
 * the built-in default) so that `tend doctor` can say why a setting is what
 * it is.  A bad line never stops the program: it is a warning with the
 * file and the line, and the setting keeps its previous value.
 *
 * Every key is in APP_CONFIG_KEYS, and only there: a new key is one line
 * (its name, the kind of value, who may set it, its default and, for
 * choices, the words allowed); the reader, the checks, the origins and the
 * list that doctor prints follow from it.
 */
#ifndef TEND_APP_CONFIG_H
#define TEND_APP_CONFIG_H

#include <stdbool.h>

#include "app/opts.h"
#include "util/diag.h"

/*
 * X(ID, name, kind, who, default, arg)
 *   kind   WORD     an identifier: letters, digits, '.', '_', '-'
 *          COUNTRY  two letters (ISO 3166-1), kept in upper case
 *          CHOICE   one of the words in arg ("a|b|c"), kept in lower case
 *          LIST     words separated by commas; each one of arg when arg is
 *                   given; kept as "a,b"
 *          INT      a whole number in the range arg ("lo-hi")
 *          TEXT     words for a person to read (at most 200 bytes)
 *          PHONE    digits, blanks and + - ( ) . / (at most 40 bytes)
 *          PATH     an absolute path
 *          WINDOW   HH:MM-HH:MM, the start before the end
 *          QUIET    HH:MM-HH:MM (may cross midnight) or "none"
 *          DAYS     weekdays: "mon,tue", "mon-fri", "all", "weekdays", ...
 *   who    ANYONE   the person's file may override the clinic's, unless
 *                   the clinic names the key in `lock`
 *          CLINIC   only the clinic's file may set it
 *   default  the value when no file sets it (NULL: not set; the program's
 *            own behaviour applies)
 * Keys added for the issues that use them; until then they are read and
 * checked only.
 */
#define APP_CONFIG_KEYS(X)                                                     \
	X(COURSE, "course", WORD, ANYONE, NULL, NULL)                          \
	X(COUNTRY, "country", COUNTRY, ANYONE, NULL, NULL)                     \
	X(COUNTRY_LOCK, "country_lock", CHOICE, CLINIC, "no", "yes|no")        \
	X(KDF, "kdf", CHOICE, ANYONE, NULL, "interactive|moderate|sensitive")  \
	X(KDF_MAX_MEMORY, "kdf_max_memory", INT, CLINIC, NULL, "8-4096")       \
	X(PROFILE, "profile", CHOICE, ANYONE, "personal",                      \
	  "personal|shared|clinic")                                            \
	X(REMINDER_WINDOW, "reminder_window", WINDOW, ANYONE, NULL, NULL)      \
	X(REMINDER_QUIET, "reminder_quiet", QUIET, ANYONE, NULL, NULL)         \
	X(REMINDER_DAYS, "reminder_days", DAYS, ANYONE, NULL, NULL)            \
	X(REMINDER_CHANNELS, "reminder_channels", LIST, ANYONE, NULL,          \
	  "login|desktop|none")                                                \
	X(MEASURE, "measure", INT, ANYONE, NULL, "20-200")                     \
	X(MOUSE, "mouse", CHOICE, ANYONE, "yes", "yes|no")                     \
	X(INSTRUMENTS, "instruments", LIST, CLINIC, NULL, NULL)                \
	X(CLINIC_NAME, "clinic_name", TEXT, CLINIC, NULL, NULL)                \
	X(CLINIC_PHONE, "clinic_phone", PHONE, CLINIC, NULL, NULL)             \
	X(CLINIC_HOURS, "clinic_hours", TEXT, CLINIC, NULL, NULL)              \
	X(HELPER_KEY, "helper_key", PATH, CLINIC, NULL, NULL)                  \
	X(OUTBOX_COMMAND, "outbox_command", PATH, CLINIC, NULL, NULL)          \
	X(MINIMUM_AGE, "minimum_age", INT, CLINIC, NULL, "0-120")              \
	X(LOCK, "lock", LIST, CLINIC, NULL, NULL)

/* Older names still read, and the key they set. */
#define APP_CONFIG_ALIASES(X) X(COUNTRY, "region")

enum app_config_key {
#define APP_CONFIG_ENUM(id, ...) APP_CONFIG_##id,
	APP_CONFIG_KEYS(APP_CONFIG_ENUM)
#undef APP_CONFIG_ENUM
	        APP_CONFIG__COUNT
};

struct app_config;

/*
 * Reads the clinic's file, then the person's (when paths_init() has run).
 * A missing file is no problem; everything else that is wrong (an
 * unreadable file, a bad line, an unknown key, a value of the wrong kind, a
 * clinic-only key in the person's file) is a warning in d as
 * "file:line: warning: ...".  d may be NULL when nobody will read them.
 * Never NULL; free with app_config_free.
 */
struct app_config *app_config_load(struct diags *d);
void app_config_free(struct app_config *c);

/* The effective value of k (borrowed from c), or NULL when not set. */
const char *app_config_get(const struct app_config *c, enum app_config_key k);

/* The value the clinic's file set for k (borrowed from c), or NULL; the
 * person's file may have overridden it (app_config_get).  For keys a
 * clinic may lock (country_lock). */
const char *
app_config_clinic(const struct app_config *c, enum app_config_key k);

/*
 * Where the value of k came from: the file (borrowed from c) and the line,
 * or NULL and 0 for the default.
 */
void app_config_origin(const struct app_config *c, enum app_config_key k,
                       const char **file, int *line);

/* The name of k as written in the files ("clinic_phone"); static. */
const char *app_config_name(enum app_config_key k);

/* True when only the clinic's file may set k (by the table, or `lock`). */
bool app_config_clinic_only(const struct app_config *c, enum app_config_key k);

/*
 * The files read, for messages: which 0 the clinic's, 1 the person's
 * (NULL when there is no HOME).  Borrowed from c.
 */
const char *app_config_file(const struct app_config *c, int which);

/*
 * What the files cannot show by themselves, checked against what is
 * installed: a `course` that is not installed (the chooser is then
 * shown), `instruments` naming a questionnaire that is not installed, a
 * `helper_key` that is not a readable file.  Each is a warning in d at the
 * setting's file and line.  o gives --content (may be NULL).
 */
void app_config_verify(const struct app_config *c, const struct opts *o,
                       struct diags *d);

#endif
