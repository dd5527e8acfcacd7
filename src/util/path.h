/*
 * Where tend keeps its files.  XDG base directories with the usual
 * fallbacks, and --data-dir overriding the data folder.  All strings are
 * owned by this module and live until paths_free().
 */
#ifndef TEND_UTIL_PATH_H
#define TEND_UTIL_PATH_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Resolves the folders.  data_dir_override (from --data-dir) may be NULL.
 * When an override is given, the state and config folders live inside it
 * too ("state/", "config/"), so that tests and portable installs keep
 * everything in one place.  Returns 0, or -1 when HOME is unset and no
 * override is given.
 */
int paths_init(const char *data_dir_override);
void paths_free(void);

const char *path_data_dir(void); /* .../tend */
const char *path_state_dir(void); /* .../tend */
const char *path_config_dir(void); /* .../tend */
/* /etc/tend unless TEND_SYSCONF_DIR is set (tests). */
const char *path_sysconf_dir(void);

/*
 * Where the bundled content and data live: TEND_SHARE_DIR, else the source
 * tree when the binary runs from build/, else the install prefix's
 * share/tend.  Holds content/ and data/.
 */
const char *path_share_dir(void);

/* Joins dir and name with one '/'.  Free with free(). */
char *path_join(const char *dir, const char *name);
/* mkdir -p with the given mode for folders it creates.  0 or -1 (errno). */
int path_mkdirs(const char *dir, int mode);
bool path_exists(const char *path);

/*
 * The names of the entries of dir that end in suffix (".yaml"), without
 * hidden ones, sorted bytewise.  *names is a fresh array of *n fresh
 * strings: free with path_list_free.  Returns 0, or -1 with errno when
 * dir cannot be read.
 */
int path_list(const char *dir, const char *suffix, char ***names, size_t *n);
void path_list_free(char **names, size_t n);

#endif
