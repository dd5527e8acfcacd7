/*
 * XDG base directories for tend's data, state and config, with --data-dir
 * putting everything under one folder.
 */
#include "util/path.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/xalloc.h"

#ifndef TEND_SHAREDIR
#define TEND_SHAREDIR "/usr/local/share/tend"
#endif
#ifndef TEND_SYSCONFDIR
#define TEND_SYSCONFDIR "/etc/tend"
#endif

static char *data_dir, *state_dir, *config_dir;
/* The share folder search: the candidates (owned), the one that holds
 * data/ (one of them, or NULL), and the catalogue folder (owned; NULL
 * until asked). */
static char *looked[3];
static const char *looked_uniq[3];
static size_t nlooked;
static const char *share_found;
static char *locale_dir;
static bool from_tree;
static const char *argv0;
/* path_set_pack's data folder (owned, NULL: none), and path_data_dirs'
 * answer (owned, rebuilt by each call; the last slot stays NULL). */
static char *pack_data;
static char *data_dirs[PATH_DATA_MAX];

char *
path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	while (*name == '/')
		name++;
	return xasprintf("%.*s/%s", (int)n, dir, name);
}

static char *
xdg(const char *var, const char *home, const char *fallback)
{
	const char *v = getenv(var);

	/* The spec says relative values are invalid and must be ignored. */
	if (v && v[0] == '/')
		return path_join(v, "tend");
	return xasprintf("%s/%s/tend", home, fallback);
}

int
paths_init(const char *override)
{
	const char *home = getenv("HOME");

	paths_free();
	if (override && *override) {
		data_dir = xstrdup(override);
		state_dir = path_join(override, "state");
		config_dir = path_join(override, "config");
		return 0;
	}
	if (!home || home[0] != '/')
		return -1;
	data_dir = xdg("XDG_DATA_HOME", home, ".local/share");
	state_dir = xdg("XDG_STATE_HOME", home, ".local/state");
	config_dir = xdg("XDG_CONFIG_HOME", home, ".config");
	return 0;
}

void
paths_free(void)
{
	free(data_dir);
	free(state_dir);
	free(config_dir);
	data_dir = state_dir = config_dir = NULL;
	for (size_t i = 0; i < nlooked; i++)
		free(looked[i]);
	nlooked = 0;
	share_found = NULL;
	free(locale_dir);
	locale_dir = NULL;
	from_tree = false;
	for (size_t i = 0; i < PATH_DATA_MAX; i++) {
		free(data_dirs[i]);
		data_dirs[i] = NULL;
	}
}

const char *
path_data_dir(void)
{
	return data_dir;
}

const char *
path_state_dir(void)
{
	return state_dir;
}

const char *
path_config_dir(void)
{
	return config_dir;
}

const char *
path_sysconf_dir(void)
{
	const char *v = getenv("TEND_SYSCONF_DIR");

	return v && *v ? v : TEND_SYSCONFDIR;
}

void
path_set_argv0(const char *s)
{
	argv0 = s;
}

/* The folder of a file path ("/a/b/tend" -> "/a/b"), fresh, or NULL. */
static char *
dir_of(const char *file)
{
	const char *slash = strrchr(file, '/');

	if (!slash)
		return NULL;
	if (slash == file)
		return xstrdup("/");
	return xstrndup(file, (size_t)(slash - file));
}

/*
 * The folder of the running binary, fresh, or NULL: /proc/self/exe, else
 * argv[0] when it names a path, else the PATH entry that holds it.
 */
static char *
exe_dir(void)
{
	char exe[PATH_MAX], real[PATH_MAX];
	const char *pathvar;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n > 0) {
		exe[n] = '\0';
		return dir_of(exe);
	}
	if (!argv0 || !*argv0)
		return NULL;
	if (strchr(argv0, '/'))
		return realpath(argv0, real) ? dir_of(real) : dir_of(argv0);
	pathvar = getenv("PATH");
	for (const char *p = pathvar; p && *p;) {
		const char *colon = strchr(p, ':');
		size_t len = colon ? (size_t)(colon - p) : strlen(p);
		char *dir = len ? xstrndup(p, len) : xstrdup(".");
		char *cand = path_join(dir, argv0);
		bool found = access(cand, X_OK) == 0 && realpath(cand, real);

		free(dir);
		free(cand);
		if (found)
			return dir_of(real);
		p = colon ? colon + 1 : NULL;
	}
	return NULL;
}

static void
looked_add(char *dir)
{
	if (nlooked < sizeof(looked) / sizeof(looked[0]))
		looked[nlooked++] = dir;
	else
		free(dir);
}

/* True when dir/a (and dir/b, when not NULL) exist. */
static bool
holds(const char *dir, const char *a, const char *b)
{
	char *p = path_join(dir, a), *q = b ? path_join(dir, b) : NULL;
	bool ok = path_exists(p) && (!q || path_exists(q));

	free(p);
	free(q);
	return ok;
}

static void
find_share(void)
{
	char *bin = exe_dir(), *prefix = bin ? dir_of(bin) : NULL;

	if (prefix) {
		/* An install (PREFIX/bin/tend), then a source tree
		 * (TOP/build/tend). */
		looked_add(path_join(prefix, "share/tend"));
		looked_add(xstrdup(prefix));
	}
	looked_add(xstrdup(TEND_SHAREDIR));
	for (size_t i = 0; i < nlooked && !share_found; i++) {
		bool tree = prefix && i == 1;

		if (holds(looked[i], "data/instruments",
		          tree ? "src/main.c" : NULL)) {
			share_found = looked[i];
			from_tree = tree;
		}
	}
	if (from_tree)
		locale_dir = path_join(bin, "locale");
	free(bin);
	free(prefix);
}

const char *
path_share_dir(void)
{
	const char *v = getenv("TEND_SHARE_DIR");

	if (v && *v)
		return v;
	if (nlooked == 0)
		find_share();
	return share_found ? share_found : looked[nlooked - 1];
}

const char *const *
path_share_looked(size_t *n)
{
	const char *v = getenv("TEND_SHARE_DIR");
	size_t k = 0;

	if (v && *v) {
		looked_uniq[0] = v;
		*n = 1;
		return looked_uniq;
	}
	path_share_dir();
	/* Without repeats: the built-in folder is often also PREFIX's. */
	for (size_t i = 0; i < nlooked; i++) {
		bool seen = false;

		for (size_t j = 0; j < k; j++)
			seen = seen || strcmp(looked_uniq[j], looked[i]) == 0;
		if (!seen)
			looked_uniq[k++] = looked[i];
	}
	*n = k;
	return looked_uniq;
}

const char *
path_locale_dir(void)
{
	/* From the binary's place even when TEND_SHARE_DIR points the
	 * content elsewhere: the catalogues go with the program. */
	if (!locale_dir && nlooked == 0)
		find_share();
	if (!locale_dir)
		locale_dir = path_join(share_found ? share_found
		                                   : looked[nlooked - 1],
		                       "../locale");
	return locale_dir;
}

void
path_bundle_env(void)
{
	char *ti = path_join(path_share_dir(), "terminfo");
	const char *old = getenv("TERMINFO_DIRS");
	char *v;

	if (!path_exists(ti)) {
		free(ti);
		return;
	}
	/* The system's descriptions stay first: they fit its terminals. */
	v = xasprintf(
	        "%s:%s",
	        old && *old ? old
	                    : "/etc/terminfo:/lib/terminfo:/usr/share/terminfo",
	        ti);
	setenv("TERMINFO_DIRS", v, 1);
	free(v);
	free(ti);
}

bool
path_bundle_locale(void)
{
	char *dir = path_join(path_share_dir(), "locale");
	char *cu = path_join(dir, "C.utf8");
	bool ok = path_exists(cu);

	if (ok)
		setenv("LOCPATH", dir, 1);
	free(cu);
	free(dir);
	return ok;
}

void
path_set_pack(const char *content_dir)
{
	char *cand = NULL, real[PATH_MAX];

	free(pack_data);
	pack_data = NULL;
	if (!content_dir || !*content_dir)
		return;
	if (holds(content_dir, "course.yaml", NULL))
		cand = path_join(content_dir, "../../data");
	else if (holds(content_dir, "content", NULL))
		cand = path_join(content_dir, "data");
	else
		cand = path_join(content_dir, "../data");
	if (realpath(cand, real))
		pack_data = xstrdup(real);
	free(cand);
}

size_t
path_data_dirs(const char *v[PATH_DATA_MAX])
{
	char *cand[PATH_DATA_MAX] = {
	        xstrdup(path_sysconf_dir()),
	        pack_data ? xstrdup(pack_data)
	                  : path_join(path_share_dir(), "data"),
	};
	char real[PATH_DATA_MAX][PATH_MAX];
	size_t n = 0;

	for (size_t i = 0; i < PATH_DATA_MAX; i++) {
		free(data_dirs[i]);
		data_dirs[i] = NULL;
	}
	for (size_t i = 0; i < PATH_DATA_MAX; i++) {
		bool seen = false;

		if (!cand[i] || !realpath(cand[i], real[n])) {
			free(cand[i]);
			continue;
		}
		for (size_t k = 0; k < n; k++)
			seen = seen || strcmp(real[k], real[n]) == 0;
		if (seen) {
			free(cand[i]);
			continue;
		}
		/* Messages name the folder as configured, not resolved. */
		data_dirs[n] = cand[i];
		v[n] = data_dirs[n];
		n++;
	}
	return n;
}

int
path_mkdirs(const char *dir, int mode)
{
	char *p = xstrdup(dir);
	int rc = 0;

	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, (mode_t)mode) < 0 && errno != EEXIST) {
			rc = -1;
			goto out;
		}
		*s = '/';
	}
	if (mkdir(p, (mode_t)mode) < 0 && errno != EEXIST)
		rc = -1;
out:
	free(p);
	return rc;
}

bool
path_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
path_list(const char *dir, const char *suffix, char ***names, size_t *n)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	size_t cap = 0, slen = strlen(suffix);

	*names = NULL;
	*n = 0;
	if (!dp)
		return -1;
	while ((e = readdir(dp)) != NULL) {
		size_t len = strlen(e->d_name);

		if (e->d_name[0] == '.' || len <= slen ||
		    strcmp(e->d_name + len - slen, suffix) != 0)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*names = xreallocarray(*names, cap, sizeof(**names));
		}
		(*names)[(*n)++] = xstrdup(e->d_name);
	}
	closedir(dp);
	if (*n)
		qsort(*names, *n, sizeof(**names), name_cmp);
	return 0;
}

void
path_list_free(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

enum path_private
path_check_private(const char *dir, unsigned *owner, unsigned *mode)
{
	struct stat st;

	if (stat(dir, &st) < 0)
		return errno == ENOENT ? PATH_PRIVATE_MISSING
		                       : PATH_PRIVATE_ERROR;
	if (owner)
		*owner = (unsigned)st.st_uid;
	if (mode)
		*mode = (unsigned)(st.st_mode & 07777);
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return PATH_PRIVATE_ERROR;
	}
	if (st.st_uid != geteuid())
		return PATH_PRIVATE_OWNER;
	if (st.st_mode & (S_IWGRP | S_IWOTH))
		return PATH_PRIVATE_WRITABLE;
	return PATH_PRIVATE_OK;
}

int
path_inside(const char *root, const char *path)
{
	char *r = realpath(root, NULL), *p = NULL;
	size_t n;
	int in = -1;

	if (!r)
		return -1;
	p = realpath(path, NULL);
	if (p) {
		n = strlen(r);
		/* "/" is the one root that ends in a slash. */
		in = strncmp(p, r, n) == 0 &&
		     (p[n] == '/' || p[n] == '\0' || (n == 1 && r[0] == '/'));
	}
	free(r);
	free(p);
	return in;
}
