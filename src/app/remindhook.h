/*
 * Installing and removing the reminder channels: a marked block in the
 * login shell's profile, a systemd user timer, a crontab line, and the
 * desktop notification itself.  Every install is idempotent (a second
 * install rewrites the block in place) and every removal gives back the
 * file byte for byte as it was before the install: the begin marker
 * records whether tend had to add a final newline or create the file.
 * External programs (crontab, systemctl, notify-send) are found on PATH,
 * so tests put fakes there.
 */
#ifndef TEND_APP_REMINDHOOK_H
#define TEND_APP_REMINDHOOK_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

#define HOOK_BEGIN "# >>> tend reminders >>>"
#define HOOK_END "# <<< tend reminders <<<"

enum hook_kind { HOOK_LOGIN, HOOK_SYSTEMD, HOOK_CRON };

/*
 * Pure text edits.  hook_block_insert puts body (lines, each ending in
 * '\n') between the markers: in place of an existing block, else at the
 * end.  existed says whether the file existed at all.  Returns 0 when out
 * holds new text, 1 when the block was already exactly so (out then holds
 * the same text), -1 when a begin marker has no end marker (the file is
 * left alone).  hook_block_remove takes the block out, undoing what the
 * insert added; *remove_file says the file did not exist before.  Returns
 * 0, 1 when there is no block, -1 as above.
 */
int hook_block_insert(const char *text, size_t len, bool existed,
                      const char *body, struct buf *out);
int hook_block_remove(const char *text, size_t len, struct buf *out,
                      bool *remove_file);

/* What the channel commands run: tend's own path and options. */
struct hook_cmd {
	const char *exe; /* absolute path of the tend binary */
	const char *data_dir; /* absolute --data-dir, or NULL */
};

/*
 * The result of an install or removal, for the CLI to report.  where is
 * a fresh string (the file or unit changed; free with free()); note, a
 * static sentence or NULL (e.g. "systemctl was not found: ...").
 */
struct hook_result {
	bool changed; /* false: it was already so */
	char *where;
	const char *note;
};

/*
 * Installs or removes a channel.  Returns 0, or -1 with *err (static) a
 * sentence for the person, and errno.  HOME must be set; systemd units go
 * to $XDG_CONFIG_HOME/systemd/user.
 */
int hook_install(enum hook_kind kind, const struct hook_cmd *cmd,
                 struct hook_result *res, const char **err);
int
hook_uninstall(enum hook_kind kind, struct hook_result *res, const char **err);
/* Is the channel installed?  (false on any error.) */
bool hook_installed(enum hook_kind kind);
const char *hook_kind_name(enum hook_kind kind);
int hook_kind_from_name(const char *s, enum hook_kind *kind);

/*
 * The command line a hook runs, shell-quoted ("'/usr/bin/tend' remind
 * --login").  NULL when the paths hold characters no quoting makes safe
 * everywhere (quotes, backslash, '%', '$', control characters).  Free
 * with free().
 */
char *hook_command(const struct hook_cmd *cmd, const char *args);

/*
 * Shows a desktop notification through notify-send, when a session bus
 * can be found (DBUS_SESSION_BUS_ADDRESS, or $XDG_RUNTIME_DIR/bus, or
 * /run/user/UID/bus, which is what cron and systemd units lack).  Returns
 * 0 shown, 1 no session bus, -1 notify-send missing or failed.
 */
int hook_notify(const char *app, const char *title, const char *body);

/*
 * Runs argv (found on PATH) with in[0..inlen) on its stdin, collecting
 * stdout into out (may be NULL) and stderr into err (may be NULL), each
 * capped at 1 MiB.  Returns the exit status (0..255), 127 when it could
 * not run, or -1 on a system error.
 */
int hook_run(const char *const argv[], const char *in, size_t inlen,
             struct buf *out, struct buf *err);

#endif
