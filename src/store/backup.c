/*
 * Everything a save writes beside the vault: the new file goes in with an
 * atomic rename while the previous generation is kept as vault.bak and the
 * one before as vault.bak.1; a save that finds the vault changed on disk
 * writes its image to vault.conflict-TIME instead.  A save killed half-way
 * leaves a temporary file or an unfinished rotation, which the next open
 * tidies up, so no generation is ever lost.
 */
#include "store/backup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/vaultpriv.h"
#include "util/atomic.h"
#include "util/path.h"

void
backup_sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/*
 * A save killed between writing the new vault and rotating the backups
 * leaves the previous vault as "vault.prev".  If it is still the same file
 * as the vault, the new one never landed: drop the link.  Otherwise finish
 * the rotation the save began, so that no generation is lost.
 */
static void
finish_rotation(const char *dir)
{
	char *vault = path_join(dir, VAULT_FILE);
	char *prev = path_join(dir, VAULT_FILE ".prev");
	char *bak = path_join(dir, VAULT_BAK);
	char *bak1 = path_join(dir, VAULT_BAK1);
	struct stat sp, sv;

	if (lstat(prev, &sp) == 0) {
		if (lstat(vault, &sv) == 0 && sv.st_ino == sp.st_ino &&
		    sv.st_dev == sp.st_dev) {
			unlink(prev);
		} else {
			if (path_exists(bak))
				rename(bak, bak1);
			rename(prev, bak);
		}
		backup_sync_dir(dir);
	}
	free(vault);
	free(prev);
	free(bak);
	free(bak1);
}

/* Removes temporary files that a save killed half-way left behind
 * ("vault.XXXXXX" from mkstemp) and finishes a cut-short rotation. */
void
backup_tidy(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d)) != NULL) {
		const char *n = de->d_name;
		size_t len = strlen(n);
		int tmp = 0;

		if (strncmp(n, VAULT_FILE ".", 6) == 0 && len == 12) {
			tmp = 1;
			for (size_t i = 6; i < len; i++)
				if (!((n[i] >= 'a' && n[i] <= 'z') ||
				      (n[i] >= 'A' && n[i] <= 'Z') ||
				      (n[i] >= '0' && n[i] <= '9')))
					tmp = 0;
		}
		if (tmp)
			unlinkat(dirfd(d), n, 0);
	}
	closedir(d);
	finish_rotation(dir);
}

/*
 * Writes buf over dir/vault, keeping the previous file as vault.bak and
 * the one before as vault.bak.1.  The old vault is hard-linked aside first,
 * so that at every moment dir/vault is a complete file; the backups rotate
 * only after the new vault is durable.
 */
enum vault_err
backup_install(const char *dir, const uint8_t *buf, size_t len)
{
	char *vault = path_join(dir, VAULT_FILE);
	char *prev = path_join(dir, VAULT_FILE ".prev");
	char *bak = path_join(dir, VAULT_BAK);
	char *bak1 = path_join(dir, VAULT_BAK1);
	bool have_prev = false;
	enum vault_err e = VAULT_OK;

	unlink(prev);
	if (link(vault, prev) == 0)
		have_prev = true;
	if (atomic_write(vault, buf, len, 0600) < 0) {
		e = vault_io_error(errno, vault);
		if (have_prev)
			unlink(prev);
		goto out;
	}
	if (have_prev) {
		/* The save is done; failing to rotate only loses a backup.
		 * No folder fsync here: the next save's makes these renames
		 * durable, and finish_rotation() repairs a cut-short one. */
		if (rename(bak, bak1) < 0 && errno != ENOENT)
			unlink(bak);
		if (rename(prev, bak) < 0)
			unlink(prev);
	}
out:
	free(vault);
	free(prev);
	free(bak);
	free(bak1);
	return e;
}

/* Writes the image that could not be saved beside the vault. */
enum vault_err
backup_conflict(const char *dir, const uint8_t *buf, size_t len)
{
	char name[64];
	char *path;
	int rc;

	snprintf(name, sizeof(name), VAULT_FILE ".conflict-%lld",
	         (long long)time(NULL));
	path = path_join(dir, name);
	rc = atomic_write(path, buf, len, 0600);
	if (rc < 0) {
		enum vault_err e = vault_io_error(errno, path);

		free(path);
		return e;
	}
	vault_note_path(path);
	free(path);
	return VAULT_ERR_CHANGED;
}

enum vault_err
backup_remove_all(const char *dir)
{
	static const char *const names[] = {VAULT_FILE, VAULT_BAK, VAULT_BAK1,
	                                    VAULT_FILE ".prev"};
	enum vault_err e = VAULT_OK;
	DIR *d;
	struct dirent *de;

	backup_tidy(dir);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *p = path_join(dir, names[i]);

		if (unlink(p) < 0 && errno != ENOENT && e == VAULT_OK)
			e = vault_io_error(errno, p);
		free(p);
	}
	d = opendir(dir);
	if (d) {
		while ((de = readdir(d)) != NULL)
			if (strncmp(de->d_name, VAULT_FILE ".conflict-", 15) ==
			    0)
				unlinkat(dirfd(d), de->d_name, 0);
		closedir(d);
	}
	return e;
}
