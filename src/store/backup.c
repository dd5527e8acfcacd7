/*
 * Everything a full write of the vault leaves beside it: the new file goes
 * in with an atomic rename while the previous image is kept as vault.bak
 * and the one before as vault.bak.1 (each with its journal, FILE.journal,
 * when it has one: only a restore keeps one); a save that finds the vault
 * changed on disk writes its image to vault.conflict-TIME instead.  A
 * write killed half-way leaves a temporary file or an unfinished rotation,
 * which the next open tidies up, so no generation is ever lost.
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
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "store/journal.h"
#include "store/vaultpriv.h"
#include "util/atomic.h"
#include "util/path.h"

/* Room a file needs beyond its bytes (blocks, metadata). */
#define BACKUP_SLACK 65536u

void
backup_sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* rename(from, to) for a backup and its journal: the journal follows its
 * image, and a journal left at to without one at from goes. */
static void
move_pair(const char *dir, const char *from, const char *to)
{
	char *f = path_join(dir, from), *t = path_join(dir, to);
	char *fj = journal_path_for(f), *tj = journal_path_for(t);

	if (rename(f, t) == 0 && rename(fj, tj) < 0 && errno == ENOENT)
		unlink(tj);
	free(f);
	free(t);
	free(fj);
	free(tj);
}

/*
 * A write killed between putting the new vault in and rotating the backups
 * leaves the previous vault as "vault.prev" (and its journal, when a
 * restore moved it aside, as vault.prev.journal).  If vault.prev is still
 * the same file as the vault, the new one never landed: drop the link and
 * put the journal back.  Otherwise finish the rotation the write began, so
 * that no generation is lost.
 */
static void
finish_rotation(const char *dir)
{
	char *vault = path_join(dir, VAULT_FILE);
	char *prev = path_join(dir, VAULT_FILE ".prev");
	char *jv = journal_path_for(vault), *jp = journal_path_for(prev);
	struct stat sp, sv;
	bool landed = true;

	if (!path_exists(prev) && !path_exists(jp))
		goto out;
	if (lstat(prev, &sp) == 0) {
		landed = !(lstat(vault, &sv) == 0 && sv.st_ino == sp.st_ino &&
		           sv.st_dev == sp.st_dev);
		if (!landed)
			unlink(prev);
	}
	if (!landed || !path_exists(prev)) {
		/* The vault was not replaced: a journal moved aside for it
		 * is still the vault's. */
		if (lstat(jp, &sp) == 0 &&
		    (path_exists(jv) || rename(jp, jv) < 0))
			unlink(jp);
	} else {
		move_pair(dir, VAULT_BAK, VAULT_BAK1);
		move_pair(dir, VAULT_FILE ".prev", VAULT_BAK);
	}
	backup_sync_dir(dir);
out:
	free(vault);
	free(prev);
	free(jv);
	free(jp);
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

		size_t from = 6;

		/* A save's, or a journal's: "vault.XXXXXX",
		 * "vault.journal.XXXXXX". */
		if (strncmp(n, VAULT_JOURNAL ".", 14) == 0 && len == 20)
			from = 14;
		if (strncmp(n, VAULT_FILE ".", 6) == 0 && len == from + 6) {
			tmp = 1;
			for (size_t i = from; i < len; i++)
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
 * Whether giving up the backup at victim (and then later, those in rest)
 * can make room for len bytes after a write failed with err.  A quota
 * (EDQUOT) cannot be seen from here, so it is always worth a try; for a
 * full disk, only when the free space is short of len and the backups
 * would cover the difference (a disk that is short of something else, such
 * as inodes, is not helped by losing a backup).
 */
static bool
worth_giving_up(const char *dir, int err, size_t len, const char *victim,
                const char *rest)
{
	struct statvfs fs;
	struct stat st;
	unsigned long long avail, can_free = 0;

	if (err == EDQUOT)
		return true;
	if (err != ENOSPC || statvfs(dir, &fs) < 0)
		return false;
	avail = (unsigned long long)fs.f_bavail * fs.f_frsize;
	/* Blocks and metadata: a file needs a little more than its bytes. */
	if (avail >= len + BACKUP_SLACK)
		return false;
	if (lstat(victim, &st) == 0)
		can_free += (unsigned long long)st.st_blocks * 512;
	if (rest && lstat(rest, &st) == 0)
		can_free += (unsigned long long)st.st_blocks * 512;
	return avail + can_free >= len;
}

bool
backup_make_room(const char *dir, int err, uint64_t len, const char *consumed,
                 int *given, int *dropped)
{
	char *bak = path_join(dir, VAULT_BAK);
	char *bak1 = path_join(dir, VAULT_BAK1);
	bool restoring_bak = consumed && strcmp(consumed, VAULT_BAK) == 0;
	char *order[2];
	bool done = false;

	order[0] = restoring_bak ? bak : bak1;
	order[1] = restoring_bak ? bak1 : bak;
	while (*given < 2 && !done) {
		char *victim = order[*given];

		if (!worth_giving_up(dir, err, (size_t)len, victim,
		                     *given == 0 ? order[1] : NULL))
			break;
		(*given)++;
		if (unlink(victim) == 0) {
			char *j = journal_path_for(victim);

			unlink(j);
			free(j);
			/* A consumed backup was a copy of what is being
			 * written: nothing is lost. */
			if (dropped && !(consumed && victim == order[0]))
				(*dropped)++;
			done = true;
		} else if (errno != ENOENT) {
			break;
		}
	}
	free(bak);
	free(bak1);
	return done;
}

/* Writes a vault file at path through write, giving up backups for room
 * on a full disk. */
static enum vault_err
write_file(const char *dir, const char *path, backup_writer write, void *ctx,
           uint64_t len, const char *consumed, int *given, int *dropped)
{
	for (;;) {
		struct atomic_file *f = atomic_begin(path, 0600);
		enum vault_err e;
		int err;

		if (!f) {
			err = errno;
			e = vault_io_error(err, path);
		} else {
			e = write(ctx, f);
			if (e == VAULT_OK) {
				if (atomic_commit(f) == 0)
					return VAULT_OK;
				e = vault_io_error(errno, path);
			} else {
				atomic_abort(f);
			}
			err = vault_errno();
		}
		if (e != VAULT_ERR_NOSPC && e != VAULT_ERR_IO)
			return e;
		if (!backup_make_room(dir, err, len, consumed, given, dropped))
			return e;
	}
}

/*
 * Writes the new vault over dir/vault, keeping the previous file as
 * vault.bak and the one before as vault.bak.1.  The old vault is
 * hard-linked aside first, so that at every moment dir/vault is a complete
 * file; the backups rotate only after the new vault is durable.
 *
 * A write needs room for the new file only: when the disk is full, the
 * backups are given up one at a time, oldest first (a backup that is being
 * restored goes first, since its contents are what is being written), and
 * the write is tried again.  The current vault is never given up: it
 * becomes vault.bak once the new one is in place.
 */
enum vault_err
backup_install(const char *dir, backup_writer write, void *ctx, uint64_t len,
               const char *consumed, int *dropped)
{
	char *vault = path_join(dir, VAULT_FILE);
	char *prev = path_join(dir, VAULT_FILE ".prev");
	bool have_prev = false;
	bool restoring_bak = consumed && strcmp(consumed, VAULT_BAK) == 0;
	enum vault_err e;
	int given = 0;

	if (dropped)
		*dropped = 0;
	unlink(prev);
	if (link(vault, prev) == 0)
		have_prev = true;
	e = write_file(dir, vault, write, ctx, len, consumed, &given, dropped);
	if (e != VAULT_OK) {
		if (have_prev)
			unlink(prev);
		goto out;
	}
	if (have_prev) {
		/* The save is done; failing to rotate only loses a backup.
		 * No folder fsync here: the next write's makes these renames
		 * durable, and finish_rotation() repairs a cut-short one.
		 * Restoring vault.bak consumes it: the older one stays. */
		if (!restoring_bak)
			move_pair(dir, VAULT_BAK, VAULT_BAK1);
		move_pair(dir, VAULT_FILE ".prev", VAULT_BAK);
		if (path_exists(prev))
			unlink(prev);
	}
out:
	free(vault);
	free(prev);
	return e;
}

void
backup_keep_pair(const char *dir)
{
	char *vault = path_join(dir, VAULT_FILE);
	char *jv = journal_path_for(vault);
	char *prev = path_join(dir, VAULT_FILE ".prev");
	char *jp = journal_path_for(prev);

	/* vault.prev.journal is linked before the vault is replaced and
	 * rotates into vault.bak.journal with vault.prev. */
	unlink(jp);
	if (link(jv, jp) == 0) {
		backup_sync_dir(dir);
		unlink(jv);
		backup_sync_dir(dir);
	}
	free(vault);
	free(jv);
	free(prev);
	free(jp);
}

/* Writes the image that could not be saved beside the vault. */
enum vault_err
backup_conflict(const char *dir, backup_writer write, void *ctx)
{
	char name[64];
	char *path;
	struct atomic_file *f;
	enum vault_err e;

	snprintf(name, sizeof(name), VAULT_FILE ".conflict-%lld",
	         (long long)time(NULL));
	path = path_join(dir, name);
	f = atomic_begin(path, 0600);
	if (!f) {
		e = vault_io_error(errno, path);
		free(path);
		return e;
	}
	e = write(ctx, f);
	if (e != VAULT_OK) {
		atomic_abort(f);
	} else if (atomic_commit(f) < 0) {
		e = vault_io_error(errno, path);
	} else {
		vault_note_path(path);
		e = VAULT_ERR_CHANGED;
	}
	free(path);
	return e;
}

enum vault_err
backup_remove_all(const char *dir)
{
	static const char *const names[] = {VAULT_FILE,
	                                    VAULT_BAK,
	                                    VAULT_BAK1,
	                                    VAULT_FILE ".prev",
	                                    VAULT_JOURNAL,
	                                    VAULT_BAK ".journal",
	                                    VAULT_BAK1 ".journal",
	                                    VAULT_FILE ".prev.journal"};
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
