/*
 * The vault commands (see app/vault.h): thin use cases over store/vault,
 * so that the command line never holds a vault handle of its own.
 */
#include "app/vault.h"

#include <stdlib.h>

#include "app/config.h"
#include "app/seen.h"
#include "app/session_int.h"
#include "util/i18n.h"
#include "util/path.h"
#include "util/secret.h"
#include "util/xalloc.h"

struct app_recovery {
	struct vault *v;
	char *dir;
};

static int
fail(enum vault_err e, const char *dir, long pid, long long since, char **msg)
{
	if (msg)
		*msg = session_error_message(e, dir, pid, since);
	return session_exit_status(e);
}

static int
no_dir(char **msg)
{
	if (msg)
		*msg = xstrdup(_("HOME is not set; use --data-dir"));
	return EXIT_FAIL;
}

int
app_vault_kdf_parse(const char *name, enum vault_kdf_level *out)
{
	return vault_kdf_parse(name, out);
}

void
app_vault_kdf_policy(void)
{
	static bool done;
	struct app_config *c;
	const char *v;

	if (done)
		return;
	done = true;
	c = app_config_load(NULL);
	v = app_config_get(c, APP_CONFIG_KDF_MAX_MEMORY);
	if (v)
		vault_kdf_set_cap((uint64_t)strtoull(v, NULL, 10) << 20);
	app_config_free(c);
}

static void (*wait_fn)(int, unsigned long long, void *);
static void *wait_ctx;

static void
on_wait(int others, uint64_t need, void *ctx)
{
	(void)ctx;
	if (wait_fn)
		wait_fn(others, (unsigned long long)(need >> 20), wait_ctx);
}

void
app_vault_wait_hook(void (*hook)(int others, unsigned long long mib, void *ctx),
                    void *ctx)
{
	wait_fn = hook;
	wait_ctx = ctx;
	vault_kdf_wait_hook(hook ? on_wait : NULL, NULL);
}

enum vault_kdf_level
app_vault_kdf(enum vault_kdf_level asked)
{
	struct app_config *c;
	enum vault_kdf_level lv;
	const char *v;

	app_vault_kdf_policy();
	if (asked != VAULT_KDF_CALIBRATED)
		return asked;
	c = app_config_load(NULL);
	v = app_config_get(c, APP_CONFIG_KDF);
	if (!v || vault_kdf_parse(v, &lv) < 0)
		lv = asked;
	app_config_free(c);
	return lv;
}

int
app_vault_passwd(struct session *s, const char *pass, enum vault_kdf_level kdf,
                 char **msg)
{
	struct vault_kdf k;
	enum vault_err e;

	if (msg)
		*msg = NULL;
	if (session_passphrase_problem(pass)) {
		if (msg)
			*msg = xstrdup(session_passphrase_problem(pass));
		return EXIT_FAIL;
	}
	e = vault_kdf_params(app_vault_kdf(kdf), &k);
	if (e == VAULT_OK)
		e = session_set_pass(s->v, pass, &k);
	if (e != VAULT_OK)
		return fail(e, s->dir, 0, 0, msg);
	/* A passphrase is nothing the reminder schedule shows. */
	return session_save(s, msg);
}

int
app_recover_begin(const struct opts *o, struct app_recovery **out, char **msg)
{
	struct app_recovery *r;
	char *dir = session_data_dir(o);
	long pid = 0;
	long long since = 0;
	struct vault *v = NULL;
	enum vault_err e;
	int st;

	*out = NULL;
	if (msg)
		*msg = NULL;
	if (!dir)
		return no_dir(msg);
	e = vault_open(dir, &v, &pid, &since);
	if (e != VAULT_OK) {
		st = fail(e, dir, pid, since, msg);
		free(dir);
		return st;
	}
	r = xcalloc(1, sizeof(*r));
	r->v = v;
	r->dir = dir;
	*out = r;
	return EXIT_OK;
}

int
app_recover_code(struct app_recovery *r, const char *code, bool *retry,
                 const char **hint, char **msg)
{
	enum vault_err e = vault_unlock_code(r->v, code);

	if (retry)
		*retry = e == VAULT_ERR_AUTH || e == VAULT_ERR_CODE_TYPO;
	if (hint)
		*hint = e == VAULT_OK ? NULL : vault_strerror(e);
	if (msg)
		*msg = NULL;
	if (e != VAULT_OK)
		return fail(e, r->dir, 0, 0, msg);
	return EXIT_OK;
}

int
app_recover_finish(struct app_recovery *r, const char *pass,
                   enum vault_kdf_level kdf, char code[VAULT_CODE_LEN],
                   char **msg)
{
	struct vault_kdf k;
	enum vault_err e;
	char *nfc;

	if (msg)
		*msg = NULL;
	if (session_passphrase_problem(pass)) {
		if (msg)
			*msg = xstrdup(session_passphrase_problem(pass));
		return EXIT_FAIL;
	}
	nfc = session_pass_nfc(pass);
	e = vault_kdf_params(app_vault_kdf(kdf), &k);
	if (e == VAULT_OK)
		e = vault_rekey(r->v, nfc, &k, code);
	secret_free(nfc);
	if (e == VAULT_OK)
		e = vault_save(r->v);
	if (e != VAULT_OK)
		return fail(e, r->dir, 0, 0, msg);
	return EXIT_OK;
}

void
app_recover_end(struct app_recovery *r)
{
	if (!r)
		return;
	vault_close(r->v);
	free(r->dir);
	free(r);
}

int
app_vault_backup(struct session *s, const char *file, char **msg)
{
	enum vault_err e = vault_write_copy(s->v, file);

	if (msg)
		*msg = NULL;
	if (e != VAULT_OK)
		return fail(e, s->dir, 0, 0, msg);
	return EXIT_OK;
}

int
app_vault_restore(const struct opts *o, const char *file, const char *pass,
                  char **msg)
{
	char *dir = session_data_dir(o);
	long pid = 0;
	long long since = 0;
	enum vault_err e;
	int st;

	if (msg)
		*msg = NULL;
	if (!dir)
		return no_dir(msg);
	e = vault_restore(dir, file, pass, NULL, &pid, &since);
	if (e == VAULT_OK) {
		/* The person asked to go back: the vault now in place is
		 * what "seen" means from here on. */
		char *path = path_join(dir, VAULT_FILE);
		struct app_vault_file info;

		if (app_vault_inspect(path, &info, NULL) == EXIT_OK &&
		    (path_state_dir() || paths_init(o->data_dir) == 0))
			(void)seen_put(info.id, info.generation, true);
		free(path);
		st = EXIT_OK;
	} else if (e == VAULT_ERR_SELF) {
		if (msg)
			*msg = xasprintf(
			        _("%s is the vault itself; name a backup "
			          "to go back to (%s, %s, or a copy made "
			          "with 'tend backup')"),
			        file, VAULT_BAK, VAULT_BAK1);
		st = EXIT_FAIL;
	} else if (e == VAULT_ERR_DAMAGED || e == VAULT_ERR_LIMITS ||
	           e == VAULT_ERR_VERSION || e == VAULT_ERR_NOTFILE) {
		/* The file given is at fault, not the vault in place. */
		if (msg)
			*msg = xasprintf(_("%s: %s; the current vault was not "
			                   "changed"),
			                 file, vault_strerror(e));
		st = session_exit_status(e);
	} else {
		st = fail(e, dir, pid, since, msg);
	}
	free(dir);
	return st;
}

int
app_vault_inspect(const char *path, struct app_vault_file *out, char **msg)
{
	struct vault *v = NULL;
	struct vault_info info;
	enum vault_err e = vault_open_file(path, &v);

	if (msg)
		*msg = NULL;
	if (e != VAULT_OK) {
		if (msg)
			*msg = xstrdup(vault_strerror(e));
		vault_close(v);
		return session_exit_status(e) == EXIT_DATA ? EXIT_DATA
		                                           : EXIT_FAIL;
	}
	vault_get_info(v, &info);
	out->size = info.file_size;
	out->format = info.format;
	out->generation = (unsigned long long)info.generation;
	out->journal = info.journal;
	out->journal_records = info.journal_records;
	out->journal_bytes = info.journal_bytes;
	out->opslimit = info.pass_kdf.opslimit;
	out->memlimit = (unsigned long long)info.pass_kdf.memlimit;
	seen_hex(info.file_id, out->id);
	vault_close(v);
	return EXIT_OK;
}

int
app_vault_seen(const struct opts *o, const char *hex, unsigned long long *gen)
{
	uint64_t g = 0;
	int rc;

	if (!path_state_dir() && paths_init(o ? o->data_dir : NULL) < 0)
		return 0;
	rc = seen_get(hex, &g);
	*gen = (unsigned long long)g;
	return rc;
}

int
app_vault_check(const struct opts *o, char **msg)
{
	struct session *s = NULL;
	int st = session_open(o, &s, msg);
	enum vault_err e;

	if (st != EXIT_OK)
		return st;
	e = vault_check(s->v);
	if (e != VAULT_OK)
		st = fail(e, s->dir, 0, 0, msg);
	session_close(s);
	return st;
}

size_t
app_vault_leftovers(const char *dir, char ***names, bool *journal)
{
	char **list = NULL, *p = path_join(dir, VAULT_JOURNAL);
	size_t n = 0;

	*journal = path_exists(p);
	free(p);
	if (vault_conflicts(dir, &list, &n) < 0)
		n = 0;
	if (names) {
		*names = list;
	} else {
		for (size_t i = 0; i < n; i++)
			free(list[i]);
		free(list);
	}
	return n;
}

bool
app_vault_holder(const char *dir, long *pid, long long *since)
{
	bool held = false;

	*pid = 0;
	*since = 0;
	return vault_lock_probe(dir, &held, pid, since) == VAULT_OK && held;
}

int
app_vault_wipe(const struct opts *o, char **msg)
{
	char *dir = session_data_dir(o);
	long pid = 0;
	long long since = 0;
	enum vault_err e;
	int st = EXIT_OK;

	if (msg)
		*msg = NULL;
	if (!dir)
		return no_dir(msg);
	e = vault_wipe(dir, &pid, &since);
	if (e != VAULT_OK)
		st = fail(e, dir, pid, since, msg);
	free(dir);
	return st;
}
