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
/*
 * The clinic's folder: TEND_SYSCONF_DIR when set (tests), else the one
 * chosen at build time (/etc/tend).  It holds config, content/<course>/,
 * crisis/, instruments/ and worksheets/ (tend-config(5)).
 */
const char *path_sysconf_dir(void);

/*
 * The folders data files are read from, most important first:
 *   1. the clinic's folder (path_sysconf_dir()), which holds crisis/,
 *      instruments/ and worksheets/ directly;
 *   2. the data/ folder of the pack given with --content (path_set_pack)
 *      when it has one, which stands in for the bundled data; else the
 *      bundled path_share_dir()/data.
 * A file in an earlier folder replaces one of the same name in a later
 * one (an instrument, a worksheet, a country's crisis lines).  Folders
 * that do not exist, and repeats, are left out.  Fills v with borrowed
 * strings (valid until the next call or paths_free) and returns how many.
 */
#define PATH_DATA_MAX 2
size_t path_data_dirs(const char *v[PATH_DATA_MAX]);

/*
 * The content folder given with --content, or NULL.  Its pack's data/
 * folder, when it exists, is read instead of the bundled one
 * (path_data_dirs): beside content/ for a pack
 * root or a folder of courses (ROOT/content -> ROOT/data), two levels up
 * for a course folder (ROOT/content/COURSE -> ROOT/data).
 */
void path_set_pack(const char *content_dir);

/*
 * Records how the program was started (argv[0]), so that the bundled
 * files can be found beside the binary even where /proc is missing (an
 * empty chroot).  Call first in main(); s is borrowed for the process's
 * life.
 */
void path_set_argv0(const char *s);

/*
 * Where the bundled content and data live (a folder holding content/ and
 * data/).  The first of:
 *   1. TEND_SHARE_DIR, when set (tests; used even if it does not exist);
 *   2. share/tend beside the binary's folder (PREFIX/bin/tend ->
 *      PREFIX/share/tend), so that a moved or unpacked install works;
 *   3. the source tree, when the binary runs from its build folder;
 *   4. the share folder chosen at build time from PREFIX.
 * A candidate counts when it holds data/.  When none does, the last one
 * (4) is returned, so that messages name it.  Cached until paths_free().
 */
const char *path_share_dir(void);

/*
 * The folders path_share_dir() looked at, in order (for a message that
 * says where the course was looked for): *n entries, borrowed until
 * paths_free().
 */
const char *const *path_share_looked(size_t *n);

/*
 * The message catalogues: share/locale beside the share folder
 * (PREFIX/share/locale), or the build folder's locale/ when running from a
 * source tree.  Found from the binary's place (or the folder chosen at
 * build time), never from TEND_SHARE_DIR, which only moves the content.
 * Borrowed until paths_free().
 */
const char *path_locale_dir(void);

/*
 * A bundle made by `make dist-offline` carries what a bare machine may
 * lack in its share folder: terminfo/ (terminal descriptions) and
 * locale/C.utf8 (a UTF-8 character set).  path_bundle_env() adds the
 * terminfo folder at the end of TERMINFO_DIRS (the system's descriptions
 * stay first) when it exists; call it before curses starts.
 * path_bundle_locale() points LOCPATH at the bundle's locale folder and
 * returns true when there is one (then setlocale(LC_ALL, "C.UTF-8") can
 * work); the caller does that only after setlocale(LC_ALL, "") failed,
 * because LOCPATH hides the system's own locales.
 */
void path_bundle_env(void);
bool path_bundle_locale(void);

/* Joins dir and name with one '/'.  Free with free(). */
char *path_join(const char *dir, const char *name);
/* mkdir -p with the given mode for folders it creates.  0 or -1 (errno). */
int path_mkdirs(const char *dir, int mode);
bool path_exists(const char *path);

/*
 * Whether dir is fit to hold private files on a shared machine: it belongs
 * to this user (the effective uid) and neither its group nor others may
 * write in it (they could replace or remove the files).  stat(2) follows a
 * link to the folder.  Returns PATH_PRIVATE_OK, PATH_PRIVATE_MISSING (dir
 * does not exist, which is fine: tend creates it with mode 0700),
 * PATH_PRIVATE_OWNER (someone else's: *owner holds that uid),
 * PATH_PRIVATE_WRITABLE (*mode holds its permission bits) or
 * PATH_PRIVATE_ERROR (errno set).  owner and mode may be NULL.
 */
enum path_private {
	PATH_PRIVATE_OK,
	PATH_PRIVATE_MISSING,
	PATH_PRIVATE_OWNER,
	PATH_PRIVATE_WRITABLE,
	PATH_PRIVATE_ERROR,
};
enum path_private
path_check_private(const char *dir, unsigned *owner, unsigned *mode);

/*
 * Whether path resolves (links followed) to a place inside root, itself
 * resolved.  For content packs: a lesson or data file that is a link to a
 * file outside its pack is refused.  Returns 1 inside, 0 outside, or -1
 * with errno when either cannot be resolved (ENOENT, ...).
 */
int path_inside(const char *root, const char *path);

/*
 * The names of the entries of dir that end in suffix (".yaml"), without
 * hidden ones, sorted bytewise.  *names is a fresh array of *n fresh
 * strings: free with path_list_free.  Returns 0, or -1 with errno when
 * dir cannot be read.
 */
int path_list(const char *dir, const char *suffix, char ***names, size_t *n);
void path_list_free(char **names, size_t n);

#endif
