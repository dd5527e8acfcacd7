/*
 * Opening the vault for a command or the TUI: the data folder, the lock,
 * reading the passphrase, unlocking, and turning vault errors into exit
 * statuses and sentences that say what happened and what to do next.
 */
#include "app/session.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/seen.h"
#include "app/vault.h"
#include "app/session_int.h"
#include "app/vault.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/path.h"
#include "util/secret.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* What tend before the passphrase rule kept of a longer passphrase. */
#define LEGACY_CUT 1023

char *
session_data_dir(const struct opts *opts)
{
	if (opts && opts->data_dir && *opts->data_dir)
		return xstrdup(opts->data_dir);
	if (!path_data_dir() && paths_init(NULL) < 0)
		return NULL;
	return path_data_dir() ? xstrdup(path_data_dir()) : NULL;
}

bool
session_vault_exists(const struct opts *opts)
{
	char *dir = session_data_dir(opts);
	bool yes = dir && vault_exists(dir);

	free(dir);
	return yes;
}

int
session_exit_status(enum vault_err e)
{
	switch (e) {
	case VAULT_OK:
		return EXIT_OK;
	case VAULT_ERR_AUTH:
	case VAULT_ERR_CODE_TYPO:
		return EXIT_AUTH;
	case VAULT_ERR_DAMAGED:
	case VAULT_ERR_NOTFILE:
	case VAULT_ERR_VERSION:
	case VAULT_ERR_LIMITS:
		return EXIT_DATA;
	case VAULT_ERR_BUSY:
		return EXIT_BUSY;
	default:
		return EXIT_FAIL;
	}
}

static void
add_since(struct buf *b, long long since)
{
	time_t t = (time_t)since;
	struct tm tm;
	char when[32];

	if (since <= 0 || !localtime_r(&t, &tm))
		return;
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
	buf_printf(b, _(", since %s"), when);
}

/* Names the backups that exist, for a damaged vault: the newest first,
 * the older one as the fallback. */
static void
add_backups(struct buf *b, const char *dir)
{
	static const char *const names[] = {VAULT_BAK, VAULT_BAK1};
	char *found[2];
	int n = 0;

	for (int i = 0; i < 2; i++) {
		char *p = path_join(dir, names[i]);

		if (path_exists(p))
			found[n++] = p;
		else
			free(p);
	}
	for (int i = 0; i < n; i++) {
		buf_printf(b, _("%s\n  tend restore %s"),
		           i == 0 ? _("\nNothing was changed.  To go back "
		                      "to the previous save, run:")
		                  : _("\nor, if that one fails too:"),
		           found[i]);
		free(found[i]);
	}
	if (n == 0)
		buf_adds(b,
		         _("\nNothing was changed.  There is no backup in the "
		           "data folder; restore a copy made with "
		           "'tend backup' if you have one."));
}

char *
session_error_message(enum vault_err e, const char *dir, long pid,
                      long long since)
{
	struct buf b = BUF_INIT;

	switch (e) {
	case VAULT_ERR_NOENT: {
		char *bak = dir ? path_join(dir, VAULT_BAK) : NULL;

		if (bak && path_exists(bak))
			buf_printf(&b,
			           _("there is no vault in %s, but there is a "
			             "backup; to go back to it, run:\n  tend "
			             "restore %s"),
			           dir, bak);
		else
			buf_printf(&b,
			           _("there is no vault in %s yet; create one "
			             "with 'tend init'"),
			           dir ? dir : _("the data folder"));
		free(bak);
		break;
	}
	case VAULT_ERR_EXISTS:
		buf_printf(&b,
		           _("a vault already exists in %s; to change its "
		             "passphrase use 'tend passwd'"),
		           dir ? dir : _("the data folder"));
		break;
	case VAULT_ERR_AUTH:
		buf_adds(&b, _("wrong passphrase or recovery code; nothing was "
		               "changed"));
		break;
	case VAULT_ERR_DAMAGED:
	case VAULT_ERR_NOTFILE:
	case VAULT_ERR_LIMITS:
		buf_printf(&b, "%s (%s/%s)", vault_strerror(e), dir ? dir : ".",
		           VAULT_FILE);
		if (dir)
			add_backups(&b, dir);
		break;
	case VAULT_ERR_VERSION:
		buf_adds(&b, _("the vault was made by a newer version of tend; "
		               "update tend to open it (nothing was changed)"));
		break;
	case VAULT_ERR_BUSY:
		if (pid > 0)
			buf_printf(&b,
			           _("the vault is open in another tend "
			             "(pid %ld"),
			           pid);
		else
			buf_adds(&b, _("the vault is open in another tend (pid "
			               "unknown"));
		add_since(&b, since);
		buf_adds(&b, _("); close that one first"));
		break;
	case VAULT_ERR_CHANGED:
		buf_printf(&b,
		           _("the vault changed on disk since it was opened "
		             "(another program wrote it); it was left alone "
		             "and this session's data was saved to %s"),
		           vault_errpath());
		break;
	case VAULT_ERR_NOSPC:
		buf_printf(&b,
		           _("could not save: the disk is full (%s).  The "
		             "previous vault is intact; free some space and "
		             "try again"),
		           vault_errpath());
		break;
	case VAULT_ERR_IO:
		buf_printf(&b, _("%s (%s%s%s); the previous vault is intact"),
		           vault_strerror(e), vault_errpath(),
		           *vault_errpath() ? ": " : "",
		           vault_errno() ? strerror(vault_errno()) : "unknown");
		break;
	default:
		buf_adds(&b, vault_strerror(e));
		break;
	}
	return buf_detach(&b);
}

static int
fail(enum vault_err e, const char *dir, long pid, long long since, char **msg)
{
	if (msg)
		*msg = session_error_message(e, dir, pid, since);
	return session_exit_status(e);
}

char *
session_read_secret(const struct opts *opts, const char *prompt)
{
	return secret_read(prompt, opts ? opts->passphrase_fd : -1,
	                   SESSION_SECRET_MAX + 1);
}

static struct session *
session_new(const struct opts *opts, struct vault *v, char *dir)
{
	struct session *s = xcalloc(1, sizeof(*s));

	s->opts = opts;
	s->v = v;
	s->dir = dir;
	s->opened_at = clock_now();
	return s;
}

time_t
session_opened_at(const struct session *s)
{
	return s->opened_at;
}

/* The vault's generation now, and its file id in hex. */
static uint64_t
vault_gen(struct session *s, char hex[33])
{
	struct vault_info info;

	vault_get_info(s->v, &info);
	seen_hex(info.file_id, hex);
	return info.generation;
}

/* Rollback: an older vault than one seen before here says so, and its
 * next save moves past what was seen. */
static void
check_rollback(struct session *s)
{
	char hex[33], *t;
	uint64_t gen = vault_gen(s, hex), seen = 0;

	if (seen_get(hex, &seen) == 1 && seen > gen) {
		t = xasprintf(
		        _("This vault is older than one tend opened "
		          "here before (save %llu, where save %llu was "
		          "seen): it may have been replaced by an older "
		          "copy. If you did not restore it yourself, your "
		          "latest writing may be in a backup or another "
		          "copy."),
		        (unsigned long long)gen, (unsigned long long)seen);
		session_note(s, t);
		free(t);
		vault_generation_floor(s->v, seen);
		return;
	}
	(void)seen_put(hex, gen, false);
}

void
session_opened(struct session *s, char *note)
{
	int taken = vault_journal_taken(s->v);
	size_t n;

	session_note(s, note);
	free(note);
	check_rollback(s);
	if (taken > 0) {
		char *msg = NULL;

		if (session_save(s, &msg) == EXIT_OK)
			session_note(s,
			             _("Writing that could not be saved when "
			               "tend last closed was taken back in "
			               "and is saved now."));
		else
			session_note(s,
			             _("Writing that could not be saved when "
			               "tend last closed was taken back in, "
			               "but it cannot be saved yet either; "
			               "it stays sealed in the journal."));
		free(msg);
	} else if (taken < 0) {
		session_note(s, _("There is a journal of unsaved changes "
		                  "(vault.journal) that cannot be read; it was "
		                  "left as it is. 'tend doctor' says more."));
	}
	/* A compaction that is due happens now, before anyone types. */
	(void)vault_maintain(s->v);
	n = session_conflicts(s);
	if (n > 0) {
		char *t = xasprintf(
		        ngettext(
		                "While tend was open twice, some writing was "
		                "saved apart in a conflict copy. Merge it into "
		                "your vault with 'tend merge': nothing is "
		                "dropped.",
		                "While tend was open twice, some writing was "
		                "saved apart in %zu conflict copies. Merge "
		                "them into your vault with 'tend merge': "
		                "nothing is dropped.",
		                (unsigned long)n),
		        n);
		session_note(s, t);
		free(t);
	}
}

const char *
session_unsaved(const struct session *s)
{
	return s ? s->unsaved : NULL;
}

bool
session_dirty(const struct session *s)
{
	return s && s->v && vault_unsaved(s->v);
}

int
session_keep_unsaved(struct session *s, char **msg)
{
	enum vault_err e;

	if (msg)
		*msg = NULL;
	if (!vault_unsaved(s->v) || s->kept)
		return EXIT_OK;
	e = vault_keep_unsaved(s->v);
	if (e != VAULT_OK) {
		if (msg)
			*msg = xasprintf(_("Your unsaved writing could not be "
			                   "kept either (%s): free some space "
			                   "and try again before leaving."),
			                 vault_strerror(e));
		return EXIT_FAIL;
	}
	s->kept = true;
	if (msg)
		*msg = xasprintf(_("Your unsaved writing is sealed in %s/%s "
		                   "(encrypted like the vault); tend takes it "
		                   "back in the next time it opens."),
		                 s->dir, VAULT_JOURNAL);
	return EXIT_OK;
}

size_t
session_conflicts(struct session *s)
{
	char **names = NULL;
	size_t n = 0;

	if (vault_conflicts(s->dir, &names, &n) < 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return n;
}

int
session_merge_conflicts(struct session *s, time_t now, char **msg)
{
	char **names = NULL;
	size_t n = 0;
	struct vault_merge total = {0, 0, 0};
	enum vault_err e = VAULT_OK;
	int st = EXIT_OK;

	if (msg)
		*msg = NULL;
	if (vault_conflicts(s->dir, &names, &n) < 0) {
		if (msg)
			*msg = xasprintf(_("cannot list %s: %s"), s->dir,
			                 strerror(errno));
		return EXIT_FAIL;
	}
	for (size_t i = 0; i < n && e == VAULT_OK; i++) {
		char *p = path_join(s->dir, names[i]);
		struct vault_merge m;

		e = vault_merge_file(s->v, p, &m);
		if (e != VAULT_OK && msg)
			*msg = e == VAULT_ERR_AUTH
			               ? xasprintf(
			                         _("%s was sealed with other "
			                           "keys (before a recovery); "
			                           "to look at it, restore it "
			                           "with 'tend restore %s'"),
			                         p, p)
			               : xasprintf("%s: %s", p,
			                           vault_strerror(e));
		total.added += m.added;
		total.updated += m.updated;
		total.renumbered += m.renumbered;
		free(p);
	}
	if (e != VAULT_OK) {
		st = session_exit_status(e);
		goto out;
	}
	if (n == 0)
		goto out;
	/* Durable first; only then are the copies given up. */
	st = session_commit(s, now, msg);
	if (st != EXIT_OK)
		goto out;
	for (size_t i = 0; i < n; i++)
		(void)vault_conflict_remove(s->v, names[i]);
	if (msg)
		*msg = xasprintf(ngettext("Merged %zu conflict copy into the "
		                          "vault: %d rows added, %d updated.",
		                          "Merged %zu conflict copies into the "
		                          "vault: %d rows added, %d updated.",
		                          (unsigned long)n),
		                 n, total.added, total.updated);
out:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return st;
}

int
session_drop_conflicts(struct session *s, char **msg)
{
	char **names = NULL;
	size_t n = 0;
	int st = EXIT_OK;

	if (msg)
		*msg = NULL;
	if (vault_conflicts(s->dir, &names, &n) < 0)
		return EXIT_FAIL;
	for (size_t i = 0; i < n; i++) {
		if (vault_conflict_remove(s->v, names[i]) != VAULT_OK &&
		    st == EXIT_OK) {
			st = EXIT_FAIL;
			if (msg)
				*msg = xasprintf(_("could not remove %s"),
				                 names[i]);
		}
		free(names[i]);
	}
	free(names);
	return st;
}

int
session_keep_conflict_copy(struct session **sp, const char *pass, char **msg)
{
	struct session *s = *sp;
	const struct opts *opts = s->opts;
	char **names = NULL, *path = NULL, *rmsg = NULL, *omsg = NULL;
	size_t n = 0;
	int st;

	if (msg)
		*msg = NULL;
	if (vault_conflicts(s->dir, &names, &n) < 0 || n != 1) {
		if (msg)
			*msg = xstrdup(
			        n > 1 ? _("There are several conflict copies: "
			                  "restore the one you want with 'tend "
			                  "restore FILE'.")
			              : _("There is no conflict copy."));
		st = EXIT_FAIL;
		goto out;
	}
	if (session_dirty(s)) {
		if (msg)
			*msg = xstrdup(_("Your latest writing is not saved "
			                 "yet; save it before choosing."));
		st = EXIT_FAIL;
		goto out;
	}
	path = path_join(s->dir, names[0]);
	/* The lock is the session's: it goes for the restore, which takes
	 * it itself, and comes back with the new session. */
	session_close(s);
	*sp = NULL;
	st = app_vault_restore(opts, path, pass, &rmsg);
	if (session_open_with(opts, pass, sp, &omsg) != EXIT_OK) {
		if (msg)
			*msg = omsg ? omsg : rmsg;
		if (omsg)
			free(rmsg);
		if (st == EXIT_OK)
			st = EXIT_FAIL;
		goto out;
	}
	free(omsg);
	if (st != EXIT_OK) {
		if (msg)
			*msg = rmsg;
		else
			free(rmsg);
		goto out;
	}
	free(rmsg);
	(void)vault_conflict_remove((*sp)->v, names[0]);
	/* The reopened session's notices are about the restore itself. */
	buf_reset(&(*sp)->notice);
	if (msg)
		*msg = xasprintf(_("The conflict copy is your vault now; the "
		                   "vault it replaced is the newest backup, "
		                   "%s."),
		                 VAULT_BAK);
out:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(path);
	return st;
}

/* Opens (and locks) the vault in dir without unlocking it. */
static int
open_locked(const struct opts *opts, char **dirp, struct vault **v, char **msg)
{
	char *dir = session_data_dir(opts);
	long pid = 0;
	long long since = 0;
	enum vault_err e;

	*v = NULL;
	*dirp = NULL;
	if (!dir) {
		if (msg)
			*msg = xstrdup(_("HOME is not set; use --data-dir"));
		return EXIT_FAIL;
	}
	if (session_check_folders(opts, dir, msg) != EXIT_OK) {
		free(dir);
		return EXIT_FAIL;
	}
	app_vault_kdf_policy();
	e = vault_open(dir, v, &pid, &since);
	if (e != VAULT_OK) {
		int st = fail(e, dir, pid, since, msg);

		free(dir);
		return st;
	}
	if (opts->read_through)
		vault_read_paged(*v);
	{
		/* What this machine has seen of the vault: a torn last save
		 * at or below it was reported saved (store/journal.h). */
		struct vault_info info;
		char hex[33];
		uint64_t seen = 0;

		vault_get_info(*v, &info);
		seen_hex(info.file_id, hex);
		if (seen_get(hex, &seen) == 1)
			vault_expect_generation(*v, seen);
	}
	*dirp = dir;
	return EXIT_OK;
}

static int
open_with(const struct opts *opts, const char *passphrase, bool lazy,
          struct session **out, char **msg)
{
	struct vault *v;
	char *dir, *note = NULL;
	enum vault_err e;
	int st;

	*out = NULL;
	if (msg)
		*msg = NULL;
	st = open_locked(opts, &dir, &v, msg);
	if (st != EXIT_OK)
		return st;
	if (lazy)
		vault_open_lazily(v);
	e = session_unlock_pass(v, passphrase, &note);
	if (e != VAULT_OK) {
		st = fail(e, dir, 0, 0, msg);
		vault_close(v);
		free(dir);
		return st;
	}
	*out = session_new(opts, v, dir);
	session_opened(*out, note);
	return EXIT_OK;
}

int
session_open_with(const struct opts *opts, const char *passphrase,
                  struct session **out, char **msg)
{
	return open_with(opts, passphrase, false, out, msg);
}

int
session_open_lazily(const struct opts *opts, const char *passphrase,
                    struct session **out, char **msg)
{
	return open_with(opts, passphrase, true, out, msg);
}

int
session_settle(struct session *s, char **msg)
{
	enum vault_err e = vault_settle(s->v);

	if (msg)
		*msg = NULL;
	if (e == VAULT_OK)
		return EXIT_OK;
	return fail(e, s->dir, 0, 0, msg);
}

int
session_open(const struct opts *opts, struct session **out, char **msg)
{
	struct vault *v;
	char *dir, *note = NULL;
	enum vault_err e = VAULT_ERR_AUTH;
	int st, tries = opts->passphrase_fd >= 0 ? 1 : 3;

	*out = NULL;
	if (msg)
		*msg = NULL;
	st = open_locked(opts, &dir, &v, msg);
	if (st != EXIT_OK)
		return st;
	for (int i = 0; i < tries && e == VAULT_ERR_AUTH; i++) {
		char *pass = session_read_secret(
		        opts, i == 0 ? _("Passphrase: ")
		                     : _("That did not open the vault.  "
		                         "Passphrase: "));

		if (!pass) {
			if (msg)
				*msg = xstrdup(
				        errno == ENXIO ? _("no terminal to ask "
				                           "for the "
				                           "passphrase; use "
				                           "--passphrase-fd N")
				        : errno == E2BIG
				                ? _("that is longer than any "
				                    "passphrase tend accepts")
				                : _("no passphrase given"));
			vault_close(v);
			free(dir);
			return EXIT_FAIL;
		}
		free(note);
		note = NULL;
		e = session_unlock_pass(v, pass, &note);
		secret_free(pass);
	}
	if (e != VAULT_OK) {
		st = fail(e, dir, 0, 0, msg);
		vault_close(v);
		free(dir);
		free(note);
		return st;
	}
	*out = session_new(opts, v, dir);
	session_opened(*out, note);
	return EXIT_OK;
}

int
session_create(const struct opts *opts, const char *passphrase,
               enum vault_kdf_level level, char code[VAULT_CODE_LEN],
               struct session **out, char **msg)
{
	struct vault_kdf kdf;
	struct vault *v;
	char *dir = session_data_dir(opts), *nfc;
	enum vault_err e;

	*out = NULL;
	if (msg)
		*msg = NULL;
	if (!dir) {
		if (msg)
			*msg = xstrdup(_("HOME is not set; use --data-dir"));
		return EXIT_FAIL;
	}
	if (session_passphrase_problem(passphrase)) {
		if (msg)
			*msg = xstrdup(session_passphrase_problem(passphrase));
		free(dir);
		return EXIT_FAIL;
	}
	if (session_check_folders(opts, dir, msg) != EXIT_OK) {
		free(dir);
		return EXIT_FAIL;
	}
	nfc = session_pass_nfc(passphrase);
	e = vault_kdf_params(app_vault_kdf(level), &kdf);
	if (e == VAULT_OK)
		e = vault_create(dir, nfc, &kdf, code, &v);
	secret_free(nfc);
	if (e != VAULT_OK) {
		int st = fail(e, dir, 0, 0, msg);

		free(dir);
		return st;
	}
	*out = session_new(opts, v, dir);
	return EXIT_OK;
}

struct vault *
session_vault(struct session *s)
{
	return s->v;
}

const char *
session_dir(const struct session *s)
{
	return s->dir;
}

const struct opts *
session_opts(const struct session *s)
{
	return s->opts;
}

/* The status line's words for a failed save. */
static char *
unsaved_reason(enum vault_err e)
{
	switch (e) {
	case VAULT_ERR_NOSPC:
		return xstrdup(
		        _("Not saved: the disk is full. Free some space; "
		          "tend keeps trying."));
	case VAULT_ERR_CHANGED:
		return xstrdup(_("Saved apart: another tend changed the vault. "
		                 "Your writing is in a conflict copy, offered "
		                 "for merging at the next start."));
	default:
		return xasprintf(_("Not saved: %s. tend keeps trying."),
		                 vault_strerror(e));
	}
}

int
session_save(struct session *s, char **msg)
{
	enum vault_err e = vault_save(s->v);
	int given = vault_backups_given_up(s->v);

	if (msg)
		*msg = NULL;
	free(s->unsaved);
	s->unsaved = e == VAULT_OK ? NULL : unsaved_reason(e);
	if (e == VAULT_OK)
		s->kept = false;
	if (e == VAULT_OK) {
		if (given > 0)
			session_note(s,
			             ngettext("The disk was nearly full: the "
			                      "oldest backup was given up to "
			                      "make room for this save.",
			                      "The disk was nearly full: both "
			                      "backups were given up to make "
			                      "room for this save; the vault "
			                      "is saved and the previous one "
			                      "is now vault.bak.",
			                      (unsigned long)given));
		return EXIT_OK;
	}
	if (given > 0)
		session_note(s, ngettext("The disk is full: the oldest backup "
		                         "was given up, and still there is "
		                         "not enough room.",
		                         "The disk is full: both backups were "
		                         "given up, and still there is not "
		                         "enough room.",
		                         (unsigned long)given));
	return fail(e, s->dir, 0, 0, msg);
}

void
session_close(struct session *s)
{
	if (!s)
		return;
	session_commit_clear(s);
	if (s->v) {
		/* The highest generation this session reached (recorded at
		 * open too, so a crash loses at most this session's). */
		char hex[33];
		uint64_t gen;

		/* At exit, a compaction that is due (never while someone
		 * types); nothing unsaved is lost if it cannot be made. */
		if (!vault_unsaved(s->v))
			(void)vault_maintain(s->v);
		gen = vault_gen(s, hex);

		(void)seen_put(hex, gen, false);
	}
	vault_close(s->v);
	free(s->dir);
	buf_free(&s->notice);
	free(s->unsaved);
	free(s);
}

/* ---- the passphrase rule ---- */

const char *
session_passphrase_problem(const char *pass)
{
	size_t len = strlen(pass), n = 0;
	char *nfc;

	if (len == 0)
		return _("the passphrase is empty");
	if (!utf8_valid(pass, len))
		return _("the passphrase is not valid UTF-8 text (check the "
		         "terminal's character set)");
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)pass[i] < 0x20 || pass[i] == 0x7f)
			return _("the passphrase holds a control character");
	nfc = utf8_nfc(pass, len, &n);
	secret_free(nfc);
	if (n > SESSION_PASSPHRASE_MAX || len > SESSION_SECRET_MAX)
		return _("the passphrase is longer than 1024 bytes, the most "
		         "tend accepts (a letter with an accent takes 2 "
		         "bytes, most other scripts 3); choose a shorter one");
	return NULL;
}

char *
session_pass_nfc(const char *pass)
{
	size_t n;
	char *nfc = utf8_nfc(pass, strlen(pass), &n);

	return nfc ? nfc : xstrdup(pass);
}

enum vault_err
session_unlock_pass(struct vault *v, const char *pass, char **note)
{
	char *nfc = utf8_nfc(pass, strlen(pass), &(size_t){0});
	enum vault_err e;

	*note = NULL;
	e = vault_unlock(v, nfc ? nfc : pass);
	if (e == VAULT_ERR_AUTH && nfc && strcmp(nfc, pass) != 0) {
		/* Set before passphrases were normalised: open with the bytes
		 * as typed, then wrap the key under the normal form so both
		 * keyboards open it from now on. */
		e = vault_unlock(v, pass);
		if (e == VAULT_OK) {
			struct vault_info info;

			vault_get_info(v, &info);
			if (vault_set_passphrase(v, nfc, &info.pass_kdf) ==
			            VAULT_OK &&
			    vault_save(v) == VAULT_OK)
				*note = xstrdup(
				        _("Your passphrase is now "
				          "stored in Unicode normal form "
				          "(NFC): it opens the vault "
				          "however your keyboard composes "
				          "accented letters."));
		}
	}
	if (e == VAULT_OK && vault_kdf_over_cap(v)) {
		/* Made with more memory than the clinic now allows: the
		 * same work in less memory from the next unlock on. */
		struct vault_info info;

		vault_get_info(v, &info);
		if (vault_kdf_apply_cap(&info.pass_kdf) &&
		    vault_set_passphrase(v, nfc ? nfc : pass, &info.pass_kdf) ==
		            VAULT_OK &&
		    vault_save(v) == VAULT_OK && !*note)
			*note = xasprintf(
			        _("Your passphrase key now uses at most %llu "
			          "MiB of memory, as this computer's settings "
			          "ask (kdf_max_memory), with more passes "
			          "instead."),
			        (unsigned long long)(info.pass_kdf.memlimit >>
			                             20));
	}
	if (e == VAULT_ERR_AUTH && strlen(pass) > LEGACY_CUT) {
		/* Before the rule, a longer passphrase was silently cut to
		 * its first 1023 bytes: never lock out its owner. */
		char cut[LEGACY_CUT + 1];

		memcpy(cut, pass, LEGACY_CUT);
		cut[LEGACY_CUT] = '\0';
		e = vault_unlock(v, cut);
		secret_wipe(cut, sizeof(cut));
		if (e == VAULT_OK)
			*note = xstrdup(
			        _("Your passphrase is longer than tend "
			          "accepts (1024 bytes): only its "
			          "first 1023 bytes have ever been used. "
			          "Choose a shorter one with 'tend "
			          "passwd'."));
	}
	secret_free(nfc);
	return e;
}

enum vault_err
session_set_pass(struct vault *v, const char *pass, const struct vault_kdf *kdf)
{
	char *nfc = session_pass_nfc(pass);
	enum vault_err e = vault_set_passphrase(v, nfc, kdf);

	secret_free(nfc);
	return e;
}

/* ---- shared servers ---- */

/* 0, or -1 with *msg naming the folder and the fix. */
static int
check_folder(const char *what, const char *dir, char **msg)
{
	unsigned uid = 0, mode = 0;

	switch (path_check_private(dir, &uid, &mode)) {
	case PATH_PRIVATE_OK:
	case PATH_PRIVATE_MISSING:
		return 0;
	case PATH_PRIVATE_OWNER:
		if (msg)
			*msg = xasprintf(
			        _("the %s folder %s belongs to another "
			          "user (uid %u); tend keeps your "
			          "files only in folders that are yours "
			          "alone: use one of your own (for "
			          "example with --data-dir)"),
			        what, dir, uid);
		return -1;
	case PATH_PRIVATE_WRITABLE:
		if (msg)
			*msg = xasprintf(
			        _("the %s folder %s can be written by "
			          "other users (mode %03o), who could "
			          "replace or remove your files; make "
			          "it yours alone with:\n  chmod 700 %s"),
			        what, dir, mode & 0777, dir);
		return -1;
	default:
		/* Not a folder, or not readable: whatever uses it says why
		 * (a broken state folder must not stop a save). */
		return 0;
	}
}

int
session_check_folders(const struct opts *opts, const char *dir, char **msg)
{
	const char *state;

	if (check_folder(_("data"), dir, msg) < 0)
		return EXIT_FAIL;
	if (!path_state_dir() && paths_init(opts ? opts->data_dir : NULL) < 0)
		return EXIT_OK;
	state = path_state_dir();
	if (state && check_folder(_("state"), state, msg) < 0)
		return EXIT_FAIL;
	return EXIT_OK;
}

/* ---- what the front end is told once ---- */

void
session_note(struct session *s, const char *text)
{
	if (!text || !*text)
		return;
	if (s->notice.len > 0)
		buf_addc(&s->notice, '\n');
	buf_adds(&s->notice, text);
}

char *
session_take_notice(struct session *s)
{
	if (!s || s->notice.len == 0)
		return NULL;
	return buf_detach(&s->notice);
}

/* ---- passphrase strength ---- */

static const char *const common[] = {
        "password", "passw0rd",  "123456",     "12345678", "123456789",
        "qwerty",   "letmein",   "iloveyou",   "admin",    "welcome",
        "monkey",   "dragon",    "football",   "baseball", "abc123",
        "111111",   "sunshine",  "princess",   "trustno1", "secret",
        "changeme", "qwertyui",  "1q2w3e4r",   "superman", "master",
        "hello",    "freedom",   "whatever",   "shadow",   "password1",
        "tend",     "qwerty123", "1234567890",
};

int
session_passphrase_strength(const char *pass, const char **hint)
{
	size_t len = strlen(pass), eff = 0;
	int lower = 0, upper = 0, digit = 0, other = 0, high = 0;
	double pool = 0, bits;
	char low[64];
	int score;

	if (hint)
		*hint = "";
	if (len < sizeof(low)) {
		for (size_t i = 0; i <= len; i++)
			low[i] = (char)tolower((unsigned char)pass[i]);
		for (size_t i = 0; i < sizeof(common) / sizeof(common[0]); i++)
			if (strcmp(low, common[i]) == 0) {
				if (hint)
					*hint = _("this is one of the most "
					          "common passwords");
				secret_wipe(low, sizeof(low));
				return 0;
			}
		secret_wipe(low, sizeof(low));
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)pass[i];

		if (c >= 0x80)
			high = 1;
		else if (islower(c))
			lower = 1;
		else if (isupper(c))
			upper = 1;
		else if (isdigit(c))
			digit = 1;
		else
			other = 1;
		/* Repeats and runs (aaaa, abcd, 4321) add little. */
		if (i > 0) {
			int d = c - (unsigned char)pass[i - 1];

			if (d >= -1 && d <= 1)
				continue;
		}
		eff++;
	}
	pool = 26.0 * lower + 26.0 * upper + 10.0 * digit + 33.0 * other +
	       100.0 * high;
	bits = pool > 1 ? (double)eff * log2(pool) : 0;
	if (bits < 28)
		score = 0;
	else if (bits < 40)
		score = 1;
	else if (bits < 56)
		score = 2;
	else if (bits < 72)
		score = 3;
	else
		score = 4;
	if (hint && score < 4) {
		if (eff * 2 < len)
			*hint = _("avoid repeated characters and runs like "
			          "abcd or 1234");
		else if (len < 12)
			*hint = _(
			        "make it longer: four or five unrelated words "
			        "are strong and easy to remember");
		else
			*hint = _("add another word or two");
	}
	return score;
}
