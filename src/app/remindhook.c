/*
 * The reminder channels outside tend: the login hook in the shell
 * profile, the systemd user timer, the crontab line, and notify-send.
 * The profile and the crontab belong to the person; tend only ever
 * touches the lines between its own markers, and keeps enough in the
 * begin marker to give the file back exactly as it found it.
 */
#include "app/remindhook.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/atomic.h"
#include "util/clock.h"
#include "util/file.h"
#include "util/i18n.h"
#include "util/path.h"
#include "util/xalloc.h"

/* Flags after the begin marker: tend added a newline before the block
 * (the file did not end with one), or created the file. */
#define FLAG_NL " +nl"
#define FLAG_NEW " +new"

#define PROFILE_MAX (1024 * 1024)
#define RUN_OUT_MAX (1024 * 1024)
#define RUN_TIMEOUT_MS 15000

#define UNIT_SERVICE "tend-remind.service"
#define UNIT_TIMER "tend-remind.timer"

/* --- text edits ----------------------------------------------------- */

struct block {
	size_t start, end; /* [start, end): the block's lines */
	bool nl, created;
};

/* Finds the first block.  0 found, 1 none, -1 begin without end. */
static int
find_block(const char *text, size_t len, struct block *b)
{
	size_t blen = strlen(HOOK_BEGIN), elen = strlen(HOOK_END);
	size_t pos = 0;

	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t eol = nl ? (size_t)(nl - text) : len;

		if (eol - pos >= blen &&
		    memcmp(text + pos, HOOK_BEGIN, blen) == 0) {
			const char *flags = text + pos + blen;
			size_t flen = eol - pos - blen;
			size_t q = nl ? eol + 1 : len;

			b->start = pos;
			b->nl = memmem(flags, flen, FLAG_NL, strlen(FLAG_NL));
			b->created =
			        memmem(flags, flen, FLAG_NEW, strlen(FLAG_NEW));
			while (q < len) {
				const char *n2 =
				        memchr(text + q, '\n', len - q);
				size_t e2 = n2 ? (size_t)(n2 - text) : len;

				if (e2 - q >= elen &&
				    memcmp(text + q, HOOK_END, elen) == 0) {
					b->end = n2 ? e2 + 1 : len;
					return 0;
				}
				q = n2 ? e2 + 1 : len;
			}
			return -1;
		}
		pos = nl ? eol + 1 : len;
	}
	return 1;
}

static void
add_block(struct buf *out, const char *body, bool nl, bool created)
{
	buf_adds(out, HOOK_BEGIN);
	if (nl)
		buf_adds(out, FLAG_NL);
	if (created)
		buf_adds(out, FLAG_NEW);
	buf_addc(out, '\n');
	buf_adds(out, body);
	buf_adds(out, HOOK_END "\n");
}

int
hook_block_insert(const char *text, size_t len, bool existed, const char *body,
                  struct buf *out)
{
	struct block b;
	int rc = find_block(text, len, &b);

	if (rc < 0)
		return -1;
	if (rc == 0) {
		buf_add(out, text, b.start);
		add_block(out, body, b.nl, b.created);
		buf_add(out, text + b.end, len - b.end);
		return out->len == len && memcmp(out->data, text, len) == 0 ? 1
		                                                            : 0;
	}
	buf_add(out, text, len);
	if (len > 0 && text[len - 1] != '\n') {
		buf_addc(out, '\n');
		add_block(out, body, true, !existed);
	} else {
		add_block(out, body, false, !existed);
	}
	return 0;
}

int
hook_block_remove(const char *text, size_t len, struct buf *out,
                  bool *remove_file)
{
	struct block b;
	int rc = find_block(text, len, &b);
	size_t cut;

	*remove_file = false;
	if (rc != 0) {
		buf_add(out, text, len);
		return rc;
	}
	cut = b.start;
	if (b.nl && cut > 0 && text[cut - 1] == '\n')
		cut--;
	buf_add(out, text, cut);
	buf_add(out, text + b.end, len - b.end);
	*remove_file = b.created && out->len == 0;
	return 0;
}

/* --- commands ------------------------------------------------------- */

static bool
safe_path(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f || strchr("'\"\\%$`", c))
			return false;
	}
	return true;
}

char *
hook_command(const struct hook_cmd *cmd, const char *args)
{
	if (!cmd->exe || cmd->exe[0] != '/' || !safe_path(cmd->exe))
		return NULL;
	if (cmd->data_dir &&
	    (cmd->data_dir[0] != '/' || !safe_path(cmd->data_dir)))
		return NULL;
	if (cmd->data_dir)
		return xasprintf("'%s' --data-dir '%s' %s", cmd->exe,
		                 cmd->data_dir, args);
	return xasprintf("'%s' %s", cmd->exe, args);
}

const char *
hook_kind_name(enum hook_kind kind)
{
	switch (kind) {
	case HOOK_LOGIN:
		return "login";
	case HOOK_SYSTEMD:
		return "systemd";
	case HOOK_CRON:
		return "cron";
	}
	return "?";
}

int
hook_kind_from_name(const char *s, enum hook_kind *kind)
{
	if (strcmp(s, "login") == 0 || strcmp(s, "login-hook") == 0)
		*kind = HOOK_LOGIN;
	else if (strcmp(s, "systemd") == 0)
		*kind = HOOK_SYSTEMD;
	else if (strcmp(s, "cron") == 0)
		*kind = HOOK_CRON;
	else
		return -1;
	return 0;
}

/* --- running programs ----------------------------------------------- */

static void
drain(int *fd, struct buf *b)
{
	char tmp[4096];
	ssize_t r = read(*fd, tmp, sizeof(tmp));

	if (r > 0) {
		if (b && b->len + (size_t)r <= RUN_OUT_MAX)
			buf_add(b, tmp, (size_t)r);
		return;
	}
	if (r < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	close(*fd);
	*fd = -1;
}

int
hook_run(const char *const argv[], const char *in, size_t inlen,
         struct buf *out, struct buf *err)
{
	int pin[2] = {-1, -1}, pout[2] = {-1, -1}, perr[2] = {-1, -1};
	int status = 0, rc = -1;
	int64_t deadline;
	size_t sent = 0;
	pid_t pid;
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);
	size_t nargs = 0;
	char **args;

	/* execvp wants writable strings: give it copies. */
	while (argv[nargs])
		nargs++;
	args = xcalloc(nargs + 1, sizeof(*args));
	for (size_t i = 0; i < nargs; i++)
		args[i] = xstrdup(argv[i]);
	if (pipe2(pin, O_CLOEXEC) < 0 || pipe2(pout, O_CLOEXEC) < 0 ||
	    pipe2(perr, O_CLOEXEC) < 0)
		goto out;
	pid = fork();
	if (pid < 0)
		goto out;
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		dup2(pin[0], 0);
		dup2(pout[1], 1);
		dup2(perr[1], 2);
		execvp(args[0], args);
		_exit(127);
	}
	close(pin[0]);
	close(pout[1]);
	close(perr[1]);
	pin[0] = pout[1] = perr[1] = -1;
	if (inlen == 0) {
		close(pin[1]);
		pin[1] = -1;
	}
	deadline = clock_mono_ms() + RUN_TIMEOUT_MS;
	while (pout[0] >= 0 || perr[0] >= 0 || pin[1] >= 0) {
		struct pollfd fds[3];
		int n = 0, left = (int)(deadline - clock_mono_ms());

		if (left <= 0) {
			kill(pid, SIGKILL);
			break;
		}
		if (pin[1] >= 0)
			fds[n++] = (struct pollfd){pin[1], POLLOUT, 0};
		if (pout[0] >= 0)
			fds[n++] = (struct pollfd){pout[0], POLLIN, 0};
		if (perr[0] >= 0)
			fds[n++] = (struct pollfd){perr[0], POLLIN, 0};
		if (poll(fds, (nfds_t)n, left) < 0 && errno != EINTR)
			break;
		for (int i = 0; i < n; i++) {
			if (!fds[i].revents)
				continue;
			if (fds[i].fd == pin[1]) {
				ssize_t w =
				        write(pin[1], in + sent, inlen - sent);

				if (w > 0)
					sent += (size_t)w;
				if ((w < 0 && errno != EINTR &&
				     errno != EAGAIN) ||
				    sent == inlen) {
					close(pin[1]);
					pin[1] = -1;
				}
			} else if (fds[i].fd == pout[0]) {
				drain(&pout[0], out);
			} else {
				drain(&perr[0], err);
			}
		}
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			goto out;
	}
	rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
out:
	for (int i = 0; i < 2; i++) {
		if (pin[i] >= 0)
			close(pin[i]);
		if (pout[i] >= 0)
			close(pout[i]);
		if (perr[i] >= 0)
			close(perr[i]);
	}
	signal(SIGPIPE, old);
	for (size_t i = 0; i < nargs; i++)
		free(args[i]);
	free(args);
	return rc;
}

/* --- login ---------------------------------------------------------- */

static const char *const profiles[] = {".bash_profile", ".bash_login",
                                       ".profile"};

/* The file a login shell reads: bash takes the first that exists. */
static char *
profile_target(const char *home)
{
	for (size_t i = 0; i < 2; i++) {
		char *p = path_join(home, profiles[i]);

		if (path_exists(p))
			return p;
		free(p);
	}
	return path_join(home, ".profile");
}

/*
 * Reads a file the person owns (following a symlink to where it really
 * is, so a managed dotfile stays a symlink).  *real gets the path to
 * write; *mode its permissions.  0, 1 absent, -1.
 */
static int
read_user_file(const char *path, char **real, char **data, size_t *len,
               mode_t *mode)
{
	struct stat st;
	char *r = realpath(path, NULL);

	*data = NULL;
	*len = 0;
	*mode = 0644;
	if (!r) {
		if (errno != ENOENT)
			return -1;
		*real = xstrdup(path);
		return 1;
	}
	*real = r;
	if (stat(r, &st) < 0)
		return -1;
	if (!S_ISREG(st.st_mode)) {
		errno = EINVAL;
		return -1;
	}
	*mode = st.st_mode & 07777;
	return file_read(r, PROFILE_MAX, 0, data, len);
}

static int
login_install(const char *home, const char *body, struct hook_result *res,
              const char **err)
{
	char *path = profile_target(home), *real = NULL, *data = NULL;
	struct buf out = BUF_INIT;
	size_t len;
	mode_t mode;
	int rc = -1, r;

	r = read_user_file(path, &real, &data, &len, &mode);
	if (r < 0) {
		*err = _("cannot read the shell profile");
		goto out;
	}
	r = hook_block_insert(data ? data : "", len, r == 0, body, &out);
	if (r < 0) {
		*err = _("the shell profile has a begin marker without an end "
		         "marker; fix it by hand");
		errno = EINVAL;
		goto out;
	}
	res->where = xstrdup(path);
	res->changed = r == 0;
	if (r == 0 && atomic_write(real, out.data, out.len, mode) < 0) {
		*err = _("cannot write the shell profile");
		goto out;
	}
	rc = 0;
out:
	buf_free(&out);
	free(data);
	free(real);
	free(path);
	return rc;
}

static int
login_uninstall(const char *home, struct hook_result *res, const char **err)
{
	int rc = 0;

	for (size_t i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++) {
		char *path = path_join(home, profiles[i]), *real = NULL;
		char *data = NULL;
		struct buf out = BUF_INIT;
		size_t len;
		mode_t mode;
		bool remove_file;
		int r = read_user_file(path, &real, &data, &len, &mode);

		if (r == 0) {
			r = hook_block_remove(data, len, &out, &remove_file);
			if (r < 0) {
				*err = _("the shell profile has a begin marker "
				         "without an end marker; fix it by "
				         "hand");
				errno = EINVAL;
				rc = -1;
			} else if (r == 0) {
				if (remove_file ? unlink(real)
				                : atomic_write(real, out.data,
				                               out.len, mode)) {
					*err = _("cannot write the shell "
					         "profile");
					rc = -1;
				} else {
					res->changed = true;
					free(res->where);
					res->where = xstrdup(path);
				}
			}
		} else if (r < 0) {
			*err = _("cannot read the shell profile");
			rc = -1;
		}
		buf_free(&out);
		free(data);
		free(real);
		free(path);
	}
	return rc;
}

/* --- cron ----------------------------------------------------------- */

/* The current crontab.  0 (with *existed), or -1 with *err. */
static int
crontab_read(struct buf *text, bool *existed, const char **err)
{
	const char *argv[] = {"crontab", "-l", NULL};
	struct buf e = BUF_INIT;
	int st = hook_run(argv, NULL, 0, text, &e);

	*existed = st == 0;
	if (st != 0) {
		bool none = e.data && (strcasestr(e.data, "no crontab") ||
		                       strcasestr(e.data, "no such file"));

		buf_free(&e);
		if (st == 127) {
			*err = _("crontab was not found (is cron installed?)");
			errno = ENOENT;
			return -1;
		}
		if (!none) {
			/* Never write over a crontab we could not read. */
			*err = _("crontab -l failed");
			errno = EIO;
			return -1;
		}
		buf_reset(text);
		return 0;
	}
	buf_free(&e);
	return 0;
}

static int
crontab_write(const struct buf *text, bool remove, const char **err)
{
	const char *put[] = {"crontab", "-", NULL};
	const char *rm[] = {"crontab", "-r", NULL};
	int st = remove ? hook_run(rm, NULL, 0, NULL, NULL)
	                : hook_run(put, text->data ? text->data : "", text->len,
	                           NULL, NULL);

	if (st != 0) {
		*err = _("crontab could not be updated");
		errno = EIO;
		return -1;
	}
	return 0;
}

static int
cron_change(const char *body, struct hook_result *res, const char **err)
{
	struct buf cur = BUF_INIT, out = BUF_INIT;
	bool existed, remove_file = false;
	int rc = -1, r;

	if (crontab_read(&cur, &existed, err) < 0)
		goto out;
	if (body)
		r = hook_block_insert(cur.data ? cur.data : "", cur.len,
		                      existed, body, &out);
	else
		r = hook_block_remove(cur.data ? cur.data : "", cur.len, &out,
		                      &remove_file);
	if (r < 0) {
		*err = _(
		        "the crontab has a begin marker without an end marker; "
		        "fix it with crontab -e");
		errno = EINVAL;
		goto out;
	}
	res->where = xstrdup("crontab");
	res->changed = r == 0;
	if (r == 0 && crontab_write(&out, remove_file, err) < 0)
		goto out;
	rc = 0;
out:
	buf_free(&cur);
	buf_free(&out);
	return rc;
}

/* --- systemd -------------------------------------------------------- */

#define UNIT_MARK "# Added by 'tend remind install systemd'; removed by"

static char *
unit_dir(const char *home)
{
	const char *x = getenv("XDG_CONFIG_HOME");

	if (x && x[0] == '/')
		return path_join(x, "systemd/user");
	return xasprintf("%s/.config/systemd/user", home);
}

/* Is path a unit file tend wrote?  1 yes, 0 absent, -1 someone else's. */
static int
our_unit(const char *path)
{
	char *data = NULL;
	size_t len;
	int r;

	if (file_read(path, 65536, 0, &data, &len) < 0)
		return errno == ENOENT ? 0 : -1;
	r = strncmp(data, UNIT_MARK, strlen(UNIT_MARK)) == 0 ? 1 : -1;
	free(data);
	return r;
}

static int
write_unit(const char *path, const char *text, bool *changed)
{
	char *data = NULL;
	size_t len;

	if (file_read(path, 65536, 0, &data, &len) == 0 &&
	    len == strlen(text) && memcmp(data, text, len) == 0) {
		free(data);
		return 0;
	}
	free(data);
	*changed = true;
	return atomic_write(path, text, strlen(text), 0644);
}

static int
systemctl(const char *a, const char *b, const char *c)
{
	const char *argv[] = {"systemctl", "--user", a, b, c, NULL};

	return hook_run(argv, NULL, 0, NULL, NULL);
}

static int
systemd_install(const char *home, const char *cmdline, struct hook_result *res,
                const char **err)
{
	char *dir = unit_dir(home);
	char *svc = path_join(dir, UNIT_SERVICE),
	     *tim = path_join(dir, UNIT_TIMER);
	char *service = NULL, *timer = NULL;
	int rc = -1;

	if (our_unit(svc) < 0 || our_unit(tim) < 0) {
		*err = _(
		        "a unit named tend-remind.service or tend-remind.timer "
		        "exists and was not written by tend");
		errno = EEXIST;
		goto out;
	}
	if (path_mkdirs(dir, 0755) < 0) {
		*err = _("cannot create the systemd user folder");
		goto out;
	}
	service = xasprintf(UNIT_MARK " 'tend remind uninstall systemd'.\n"
	                              "[Unit]\n"
	                              "Description=Scheduled reminder check\n"
	                              "\n"
	                              "[Service]\n"
	                              "Type=oneshot\n"
	                              "ExecStart=%s\n",
	                    cmdline);
	timer = xstrdup(UNIT_MARK " 'tend remind uninstall systemd'.\n"
	                          "[Unit]\n"
	                          "Description=Scheduled reminder check\n"
	                          "\n"
	                          "[Timer]\n"
	                          "OnCalendar=*-*-* *:00/30\n"
	                          "Persistent=true\n"
	                          "RandomizedDelaySec=120\n"
	                          "\n"
	                          "[Install]\n"
	                          "WantedBy=timers.target\n");
	if (write_unit(svc, service, &res->changed) < 0 ||
	    write_unit(tim, timer, &res->changed) < 0) {
		*err = _("cannot write the systemd units");
		goto out;
	}
	res->where = xstrdup(tim);
	if (systemctl("daemon-reload", NULL, NULL) != 0 ||
	    systemctl("enable", "--now", UNIT_TIMER) != 0)
		res->note = _("the units are written but systemctl could not "
		              "start them; run: systemctl --user enable "
		              "--now tend-remind.timer");
	rc = 0;
out:
	free(service);
	free(timer);
	free(svc);
	free(tim);
	free(dir);
	return rc;
}

static int
systemd_uninstall(const char *home, struct hook_result *res, const char **err)
{
	char *dir = unit_dir(home);
	char *svc = path_join(dir, UNIT_SERVICE),
	     *tim = path_join(dir, UNIT_TIMER);
	int a = our_unit(svc), b = our_unit(tim), rc = -1;

	if (a < 0 || b < 0) {
		*err = _(
		        "a unit named tend-remind.service or tend-remind.timer "
		        "was not written by tend; leaving it alone");
		errno = EEXIST;
		goto out;
	}
	if (a == 0 && b == 0) {
		rc = 0;
		goto out;
	}
	/* Stopping may fail when there is no user manager: removing the
	 * files is what matters. */
	(void)systemctl("disable", "--now", UNIT_TIMER);
	if ((b && unlink(tim) < 0) || (a && unlink(svc) < 0)) {
		*err = _("cannot remove the systemd units");
		goto out;
	}
	(void)systemctl("daemon-reload", NULL, NULL);
	res->changed = true;
	res->where = xstrdup(tim);
	rc = 0;
out:
	free(svc);
	free(tim);
	free(dir);
	return rc;
}

/* --- dispatch ------------------------------------------------------- */

int
hook_install(enum hook_kind kind, const struct hook_cmd *cmd,
             struct hook_result *res, const char **err)
{
	const char *home = getenv("HOME");
	char *line = NULL, *body = NULL;
	int rc = -1;

	memset(res, 0, sizeof(*res));
	if (!home || home[0] != '/') {
		*err = _("HOME is not set");
		errno = EINVAL;
		return -1;
	}
	line = hook_command(cmd, kind == HOOK_LOGIN
	                                 ? "remind --login"
	                                 : "remind --notify --quiet");
	if (!line) {
		*err = _("the path of tend holds characters that cannot be "
		         "quoted safely in a shell or unit file");
		errno = EINVAL;
		return -1;
	}
	switch (kind) {
	case HOOK_LOGIN:
		/* Only interactive shells with a terminal: never scp, sftp,
		 * rsync or a script. */
		body = xasprintf("# Added by 'tend remind install login'; "
		                 "'tend remind uninstall login' removes it.\n"
		                 "case $- in *i*) if [ -t 1 ] && [ -x '%s' ]; "
		                 "then %s; fi ;; esac\n",
		                 cmd->exe, line);
		rc = login_install(home, body, res, err);
		break;
	case HOOK_CRON:
		body = xasprintf("# Added by 'tend remind install cron'; "
		                 "'tend remind uninstall cron' removes it.\n"
		                 "*/30 * * * * %s\n",
		                 line);
		rc = cron_change(body, res, err);
		break;
	case HOOK_SYSTEMD:
		rc = systemd_install(home, line, res, err);
		break;
	}
	free(body);
	free(line);
	return rc;
}

int
hook_uninstall(enum hook_kind kind, struct hook_result *res, const char **err)
{
	const char *home = getenv("HOME");

	memset(res, 0, sizeof(*res));
	if (!home || home[0] != '/') {
		*err = _("HOME is not set");
		errno = EINVAL;
		return -1;
	}
	switch (kind) {
	case HOOK_LOGIN:
		return login_uninstall(home, res, err);
	case HOOK_CRON:
		return cron_change(NULL, res, err);
	case HOOK_SYSTEMD:
		return systemd_uninstall(home, res, err);
	}
	return -1;
}

bool
hook_installed(enum hook_kind kind)
{
	const char *home = getenv("HOME");
	bool found = false;

	if (!home || home[0] != '/')
		return false;
	if (kind == HOOK_LOGIN) {
		for (size_t i = 0; i < 3 && !found; i++) {
			char *p = path_join(home, profiles[i]), *data = NULL;
			size_t len;
			struct block b;

			if (file_read(p, PROFILE_MAX, 0, &data, &len) == 0)
				found = find_block(data, len, &b) == 0;
			free(data);
			free(p);
		}
	} else if (kind == HOOK_SYSTEMD) {
		char *dir = unit_dir(home), *tim = path_join(dir, UNIT_TIMER);

		found = our_unit(tim) == 1;
		free(tim);
		free(dir);
	} else {
		struct buf cur = BUF_INIT;
		bool existed;
		const char *err;
		struct block b;

		if (crontab_read(&cur, &existed, &err) == 0 && cur.data)
			found = find_block(cur.data, cur.len, &b) == 0;
		buf_free(&cur);
	}
	return found;
}

/* --- notify-send ---------------------------------------------------- */

static bool
is_socket(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISSOCK(st.st_mode);
}

int
hook_notify(const char *app, const char *title, const char *body)
{
	const char *addr = getenv("DBUS_SESSION_BUS_ADDRESS");
	const char *rt = getenv("XDG_RUNTIME_DIR");
	const char *argv[] = {"notify-send", "-a",  app,  "-u", "low",
	                      "-e",          title, body, NULL};
	char *bus = NULL;

	if (!addr || !*addr) {
		if (rt && rt[0] == '/')
			bus = path_join(rt, "bus");
		if (!bus || !is_socket(bus)) {
			free(bus);
			bus = xasprintf("/run/user/%u/bus", (unsigned)getuid());
		}
		if (!is_socket(bus)) {
			free(bus);
			return 1;
		}
		{
			char *v = xasprintf("unix:path=%s", bus);

			setenv("DBUS_SESSION_BUS_ADDRESS", v, 1);
			free(v);
		}
		free(bus);
	}
	return hook_run(argv, NULL, 0, NULL, NULL) == 0 ? 0 : -1;
}
