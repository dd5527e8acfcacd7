/*
 * Guidance by file in plain mode: cli/plain_helper.h.  Every change goes
 * through app/helper.h, which commits it.
 */
#include "cli/plain_helper.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/helper.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/secret.h"
#include "util/xalloc.h"

static bool
yes(const struct cli_lines *io, const char *question)
{
	for (;;) {
		char *a = io->ask(io->arg, question);
		bool y;

		if (!a)
			return false;
		if (strcmp(a, "y") == 0 || strcmp(a, "yes") == 0) {
			y = true;
		} else if (strcmp(a, "n") == 0 || strcmp(a, "no") == 0 ||
		           *a == '\0') {
			y = false;
		} else {
			secret_free(a);
			io->say(io->arg, _("Please answer yes or no."));
			continue;
		}
		secret_free(a);
		return y;
	}
}

static void
say_each_line(const struct cli_lines *io, const char *text)
{
	const char *p = text;

	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xasprintf("  - %.*s", (int)n, p);

		io->say(io->arg, line);
		free(line);
		p = nl ? nl + 1 : p + n;
	}
}

static void
show_msgs(const struct cli_lines *io, const struct helper_msg *m, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct tm tm;
		char when[32], *head;

		localtime_r(&m[i].sent_at, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
		head = xasprintf(_("A message from your helper, written %s:"),
		                 when);
		io->say(io->arg, "");
		io->say(io->arg, head);
		io->say(io->arg, m[i].text);
		free(head);
	}
	io->say(io->arg, "");
	io->say(io->arg, _(helper_not_realtime()));
}

void
plain_helper_open(const struct cli_lines *io, struct session *s)
{
	struct helper_msg *m = NULL;
	struct buf refused = BUF_INIT;
	size_t n = 0, taken = 0, unread = 0;
	char *msg = NULL;

	if (helper_inbox_scan(s, clock_now(), &taken, &refused, &msg) !=
	    EXIT_OK)
		io->say(io->arg, msg ? msg : "");
	else if (refused.len)
		io->say(io->arg, _("A file in your inbox folder was not "
		                   "taken in; type messages to see why."));
	free(msg);
	msg = NULL;
	buf_free(&refused);
	if (helper_messages(s, &m, &n) < 0)
		return;
	while (unread < n && m[unread].unread)
		unread++;
	if (unread) {
		show_msgs(io, m, unread);
		if (helper_mark_read(s, clock_now(), &msg) != EXIT_OK)
			io->say(io->arg, msg ? msg : "");
		free(msg);
	}
	helper_msgs_free(m, n);
}

void
plain_messages(const struct cli_lines *io, struct session *s)
{
	struct helper_msg *m = NULL;
	struct buf refused = BUF_INIT;
	size_t n = 0, taken = 0;
	char *msg = NULL;

	if (helper_inbox_scan(s, clock_now(), &taken, &refused, &msg) ==
	            EXIT_OK &&
	    refused.len) {
		io->say(io->arg, _("Not taken in from your inbox folder:"));
		io->say(io->arg, refused.data);
	}
	free(msg);
	msg = NULL;
	buf_free(&refused);
	if (helper_messages(s, &m, &n) < 0) {
		io->say(io->arg, _("The messages cannot be read."));
		return;
	}
	if (n == 0)
		io->say(io->arg, _("No messages from your helper yet."));
	show_msgs(io, m, n);
	if (n && helper_mark_read(s, clock_now(), &msg) != EXIT_OK)
		io->say(io->arg, msg ? msg : "");
	free(msg);
	helper_msgs_free(m, n);
}

static void
status(const struct cli_lines *io, struct session *s)
{
	struct helper_link l;
	struct buf b = BUF_INIT;
	char *msg = NULL, *line;

	if (helper_link_get(s, &l, &msg) != EXIT_OK) {
		io->say(io->arg, msg ? msg : "");
		free(msg);
		return;
	}
	if (!l.linked) {
		io->say(io->arg, _("No helper is linked.  A helper (a "
		                   "clinician, or someone you trust) can read "
		                   "a weekly summary that you send them as a "
		                   "file.  Type: helper link KEYFILE"));
		return;
	}
	line = xasprintf(_("Linked helper: %s"), l.helper_fp);
	io->say(io->arg, line);
	free(line);
	line = xasprintf(_("They see you as %s.  Type helper summary to "
	                   "write one now, helper unlink to end the link."),
	                 l.set.pseudonym);
	io->say(io->arg, line);
	free(line);
	io->say(io->arg, _("A summary shares:"));
	helper_share_text(l.set.share, &b);
	say_each_line(io, b.data);
	buf_free(&b);
	io->say(io->arg, _(helper_not_realtime()));
}

static void
link_helper(const struct cli_lines *io, struct session *s, const char *path)
{
	struct helper_key *k = NULL;
	struct helper_settings set = {"", 0, -1};
	struct buf b = BUF_INIT;
	char *msg = NULL, *line, *name;
	char *clinic = path && *path ? NULL : helper_clinic_key();

	if (!path || !*path)
		path = clinic;
	if (!path) {
		io->say(io->arg, _("Type helper link and the path of your "
		                   "helper's key file."));
		return;
	}
	if (helper_key_load(path, &k, &msg) != EXIT_OK) {
		io->say(io->arg, msg);
		goto out;
	}
	line = xasprintf(_("The fingerprint of this key: %s"),
	                 helper_key_fingerprint(k));
	io->say(io->arg, line);
	free(line);
	io->say(io->arg, _("Read these words to your helper, or have them "
	                   "read theirs to you: they must be the same, word "
	                   "for word.  If they differ, do not link."));
	if (!yes(io, _("Do the words match? (yes or no) "))) {
		io->say(io->arg, _("Not linked."));
		goto out;
	}
	if (yes(io, _("Share the text of your answers in lessons? (yes or "
	              "no) ")))
		set.share |= HELPER_SHARE_LESSONS;
	if (yes(io, _("Share the text of your worksheet entries? (yes or "
	              "no) ")))
		set.share |= HELPER_SHARE_WORKSHEETS;
	io->say(io->arg, _("Each summary will share:"));
	helper_share_text(set.share, &b);
	say_each_line(io, b.data);
	io->say(io->arg, _(helper_not_realtime()));
	name = io->ask(io->arg, _("The name your helper will see you by: "));
	if (!name)
		goto out;
	snprintf(set.pseudonym, sizeof(set.pseudonym), "%s", name);
	secret_free(name);
	if (helper_link(s, k, &set, clock_now(), &msg) != EXIT_OK) {
		io->say(io->arg, msg ? msg : _("Not linked."));
		goto out;
	}
	io->say(io->arg, _("Linked.  You can unlink at any time (helper "
	                   "unlink)."));
out:
	free(msg);
	free(clinic);
	buf_free(&b);
	helper_key_free(k);
}

void
plain_helper_first_run(const struct cli_lines *io, struct session *s)
{
	struct helper_link l;
	char *clinic = helper_clinic_key(), *msg = NULL;

	if (!clinic || helper_link_get(s, &l, &msg) != EXIT_OK || l.linked)
		goto out;
	io->say(io->arg, _("Your clinic offers a helper: someone who reads a "
	                   "short summary of how you are doing once a week, "
	                   "and can write back.  Nothing is sent by itself: "
	                   "tend writes the summary to a file, and you send "
	                   "it."));
	io->say(io->arg, _(helper_not_realtime()));
	if (yes(io, _("Link your clinic's helper now? (yes or no) ")))
		link_helper(io, s, NULL);
	else
		io->say(io->arg, _("Not linked.  You can link later: helper "
		                   "link."));
out:
	free(msg);
	free(clinic);
}

static void
summary(const struct cli_lines *io, struct session *s)
{
	char *note = io->ask(io->arg, _("A note for your helper (optional, "
	                                "Enter for none): "));
	char *msg = NULL, *path = NULL, *line;
	int rc;

	if (!note)
		return;
	if (helper_summary_write(s, note, NULL, clock_now(), &path, &msg) !=
	    EXIT_OK) {
		io->say(io->arg, msg ? msg : "");
		goto out;
	}
	line = xasprintf(_("A sealed summary for your helper is in %s.  "
	                   "Only they can open it; send it to them as you "
	                   "like: tend sends nothing by itself."),
	                 path);
	io->say(io->arg, line);
	free(line);
	rc = helper_outbox_run(path, true, &msg);
	if (rc == 1)
		io->say(io->arg, _("Your clinic's outbox command took it."));
	else if (rc < 0)
		io->say(io->arg, msg);
out:
	secret_free(note);
	free(msg);
	free(path);
}

void
plain_helper(const struct cli_lines *io, struct session *s, const char *arg)
{
	char *msg = NULL;

	if (!arg || !*arg) {
		status(io, s);
	} else if (strncmp(arg, "link", 4) == 0 && (arg[4] == ' ' || !arg[4])) {
		const char *path = arg + 4;

		while (*path == ' ')
			path++;
		link_helper(io, s, path);
	} else if (strcmp(arg, "unlink") == 0) {
		if (!yes(io, _("Unlink your helper? (yes or no) ")))
			return;
		if (helper_unlink(s, clock_now(), &msg) != EXIT_OK)
			io->say(io->arg, msg ? msg : "");
		else
			io->say(io->arg, _("Unlinked.  Your messages stay."));
		free(msg);
	} else if (strcmp(arg, "summary") == 0) {
		summary(io, s);
	} else {
		io->say(io->arg, _("helper, helper link FILE, helper unlink "
		                   "or helper summary."));
	}
}
