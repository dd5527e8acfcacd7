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

static char *data_dir, *state_dir, *config_dir, *share_dir;

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
	free(share_dir);
	data_dir = state_dir = config_dir = share_dir = NULL;
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

	return v && *v ? v : "/etc/tend";
}

const char *
path_share_dir(void)
{
	const char *v = getenv("TEND_SHARE_DIR");
	char exe[PATH_MAX];
	ssize_t n;

	if (v && *v)
		return v;
	if (share_dir)
		return share_dir;
	/* Run from a source tree (build/tend): use the tree's data. */
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash, *cand;

		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			cand = xasprintf("%s/../data/instruments", exe);
			if (access(cand, R_OK) == 0) {
				free(cand);
				share_dir = xasprintf("%s/..", exe);
				return share_dir;
			}
			free(cand);
		}
	}
	return TEND_SHAREDIR;
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
