/*
 * The person's side of guidance by file (app/helper.h): the link kept in
 * the vault (store/guidedb.h), summaries built from the report model
 * (app/report.h) and sealed with store/guide.h, replies checked and kept.
 */
#include "app/helper.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app/config.h"
#include "app/paras.h"
#include "app/report.h"
#include "core/fingerprint.h"
#include "store/db.h"
#include "store/guide.h"
#include "store/guidedb.h"
#include "util/atomic.h"
#include "util/clock.h"
#include "util/file.h"
#include "util/i18n.h"
#include "util/json.h"
#include "util/jv.h"
#include "util/path.h"
#include "util/secret.h"
#include "util/xalloc.h"

const char *
helper_not_realtime(void)
{
	return N_("Your helper reads your summaries when they can, not in "
	          "real time. If you are in crisis, do not wait for them: "
	          "use the crisis contacts now (the ! key in tend).");
}

void
helper_link_note(struct session *s, struct paras *out)
{
	struct guidedb_link l;

	memset(&l, 0, sizeof(l));
	if (s && guidedb_link_get(session_vault(s), &l) == 1) {
		paras_gap(out);
		paras_add(out, PARA_NOTE,
		          _("Your helper sees your answers only in your next "
		            "summary, when they read it: not now, and not in "
		            "real time. Do not wait for them: use the contacts "
		            "above."));
	}
	guidedb_link_clear(&l);
}

/* ---- key files ---- */

struct helper_key {
	struct guide_pub pub;
	char fp[200];
};

static void
fp_of(const struct guide_pub *p, char *out, size_t cap)
{
	uint8_t id[GUIDE_ID_BYTES];
	struct buf b = BUF_INIT;

	guide_pub_id(p, id);
	fingerprint_words(id, &b);
	snprintf(out, cap, "%s", b.data);
	buf_free(&b);
}

int
helper_key_load(const char *path, struct helper_key **out, char **msg)
{
	char *data = NULL;
	size_t len;
	struct helper_key *k;
	enum guide_err e;

	*out = NULL;
	if (file_read(path, 64 * 1024, FILE_STREAM, &data, &len) < 0) {
		*msg = xasprintf(_("cannot read the key file %s: %s"), path,
		                 file_strerror(errno));
		return EXIT_FAIL;
	}
	k = xcalloc(1, sizeof(*k));
	e = guide_pub_decode(data, len, &k->pub);
	free(data);
	if (e != GUIDE_OK) {
		*msg = xasprintf(
		        e == GUIDE_ERR_DAMAGED
		                ? _("%s: its fingerprint line does not belong "
		                    "to its key (the file was changed); ask "
		                    "your helper for a new copy")
		                : _("%s is not a helper's public key file (it "
		                    "starts with \"tend-helper-key 1\")"),
		        path);
		free(k);
		return EXIT_DATA;
	}
	fp_of(&k->pub, k->fp, sizeof(k->fp));
	*out = k;
	return EXIT_OK;
}

void
helper_key_free(struct helper_key *k)
{
	free(k);
}

const char *
helper_key_fingerprint(const struct helper_key *k)
{
	return k->fp;
}

char *
helper_clinic_key(void)
{
	struct app_config *c = app_config_load(NULL);
	const char *v = app_config_get(c, APP_CONFIG_HELPER_KEY);
	char *p = v ? xstrdup(v) : path_join(path_sysconf_dir(), "helper.pub");

	app_config_free(c);
	if (!path_exists(p)) {
		free(p);
		return NULL;
	}
	return p;
}

/* ---- the link ---- */

int
helper_share_parse(const char *s, unsigned *out)
{
	const char *p = s;

	*out = 0;
	if (strcmp(s, "none") == 0)
		return 0;
	while (*p) {
		size_t n = strcspn(p, ",");

		if (n == 7 && strncmp(p, "lessons", 7) == 0)
			*out |= HELPER_SHARE_LESSONS;
		else if (n == 10 && strncmp(p, "worksheets", 10) == 0)
			*out |= HELPER_SHARE_WORKSHEETS;
		else if (n)
			return -1;
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

static void
share_word(unsigned share, char *out, size_t cap)
{
	snprintf(out, cap, "%s%s%s",
	         share & HELPER_SHARE_LESSONS ? "lessons" : "",
	         (share & HELPER_SHARE_LESSONS) &&
	                         (share & HELPER_SHARE_WORKSHEETS)
	                 ? ","
	                 : "",
	         share & HELPER_SHARE_WORKSHEETS ? "worksheets" : "");
}

static int
db_fail(struct session *s, char **msg)
{
	*msg = xasprintf(_("cannot read or change the vault: %s"),
	                 db_errmsg(session_vault(s)));
	return EXIT_FAIL;
}

int
helper_link_get(struct session *s, struct helper_link *out, char **msg)
{
	struct guidedb_link l;
	struct guide_keys *own;
	int rc = guidedb_link_get(session_vault(s), &l);

	memset(out, 0, sizeof(*out));
	out->set.weekday = -1;
	if (rc < 0)
		return db_fail(s, msg);
	if (rc == 0)
		return EXIT_OK;
	out->linked = true;
	fp_of(&l.helper, out->helper_fp, sizeof(out->helper_fp));
	own = guide_keys_from_seed(l.seed);
	if (own) {
		fp_of(guide_keys_pub(own), out->own_fp, sizeof(out->own_fp));
		guide_keys_free(own);
	}
	snprintf(out->set.pseudonym, sizeof(out->set.pseudonym), "%s",
	         l.pseudonym);
	(void)helper_share_parse(l.share, &out->set.share);
	out->set.weekday = l.weekday;
	out->linked_at = (time_t)l.linked_at;
	out->last_summary_at = (time_t)l.last_summary_at;
	out->summaries = (long)l.out_seq;
	guidedb_link_clear(&l);
	return EXIT_OK;
}

void
helper_share_text(unsigned share, struct buf *out)
{
	buf_printf(out, "%s\n",
	           _("your check-in scores, with their change and recovery "
	             "figures"));
	buf_printf(out, "%s\n",
	           _("risk answers (such as thoughts of self-harm), with "
	             "their dates"));
	buf_printf(out, "%s\n",
	           _("pauses of the course, and whether you chose to go "
	             "on"));
	buf_printf(out, "%s\n",
	           _("how many lessons and homework entries are done, "
	             "homework you skipped, and the days you were active"));
	buf_printf(out, "%s\n", _("when you last used tend"));
	buf_printf(out, "%s\n", _("your note, if you write one"));
	if (share & HELPER_SHARE_LESSONS)
		buf_printf(out, "%s\n",
		           _("the text of your answers in lessons"));
	if (share & HELPER_SHARE_WORKSHEETS)
		buf_printf(out, "%s\n",
		           _("the text of your worksheet entries, and your "
		             "reasons for skipping homework"));
	if (!(share & (HELPER_SHARE_LESSONS | HELPER_SHARE_WORKSHEETS)))
		buf_printf(out, "%s\n",
		           _("not the text of your answers or worksheets"));
}

static bool
pseudonym_ok(const char *p)
{
	size_t n = strlen(p);

	if (n == 0 || n >= 64)
		return false;
	for (const char *c = p; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			return false;
	return true;
}

int
helper_link(struct session *s, const struct helper_key *k,
            const struct helper_settings *set, time_t now, char **msg)
{
	struct vault *v = session_vault(s);
	struct guidedb_link l;
	struct guide_keys *own = NULL;
	int rc = guidedb_link_get(v, &l);

	if (rc < 0)
		return db_fail(s, msg);
	guidedb_link_clear(&l);
	if (rc == 1) {
		*msg = xstrdup(_("a helper is already linked: unlink first "
		                 "(tend helper unlink)"));
		return EXIT_FAIL;
	}
	if (!pseudonym_ok(set->pseudonym)) {
		*msg = xstrdup(_("choose a name for your helper to see you "
		                 "by (up to 63 bytes)"));
		return EXIT_USAGE;
	}
	own = guide_keys_new();
	if (!own) {
		*msg = xstrdup(_("cannot make a key pair"));
		return EXIT_FAIL;
	}
	memset(&l, 0, sizeof(l));
	l.helper = k->pub;
	memcpy(l.seed, guide_keys_seed(own), GUIDE_SEED_BYTES);
	guide_keys_free(own);
	snprintf(l.pseudonym, sizeof(l.pseudonym), "%s", set->pseudonym);
	share_word(set->share, l.share, sizeof(l.share));
	l.weekday = set->weekday;
	l.linked_at = (int64_t)now;
	rc = guidedb_link_add(v, &l) < 0 || db_event(v, "guide.link", NULL) < 0
	             ? -1
	             : 0;
	guidedb_link_clear(&l);
	if (rc < 0)
		return db_fail(s, msg);
	return session_commit(s, now, msg);
}

int
helper_settings_set(struct session *s, const struct helper_settings *set,
                    time_t now, char **msg)
{
	struct vault *v = session_vault(s);
	struct guidedb_link l;
	int rc = guidedb_link_get(v, &l);

	if (rc < 0)
		return db_fail(s, msg);
	if (rc == 0) {
		*msg = xstrdup(_("no helper is linked"));
		return EXIT_FAIL;
	}
	if (!pseudonym_ok(set->pseudonym)) {
		guidedb_link_clear(&l);
		*msg = xstrdup(_("choose a name for your helper to see you "
		                 "by (up to 63 bytes)"));
		return EXIT_USAGE;
	}
	snprintf(l.pseudonym, sizeof(l.pseudonym), "%s", set->pseudonym);
	share_word(set->share, l.share, sizeof(l.share));
	l.weekday = set->weekday;
	rc = guidedb_link_update(v, &l, (int64_t)now);
	guidedb_link_clear(&l);
	if (rc < 0)
		return db_fail(s, msg);
	return session_commit(s, now, msg);
}

int
helper_unlink(struct session *s, time_t now, char **msg)
{
	struct vault *v = session_vault(s);
	struct guidedb_link l;
	int rc = guidedb_link_get(v, &l);
	int64_t id = l.id;

	guidedb_link_clear(&l);
	if (rc < 0)
		return db_fail(s, msg);
	if (rc == 0) {
		*msg = xstrdup(_("no helper is linked"));
		return EXIT_FAIL;
	}
	if (guidedb_unlink(v, id, (int64_t)now) < 0 ||
	    db_event(v, "guide.unlink", NULL) < 0)
		return db_fail(s, msg);
	return session_commit(s, now, msg);
}

/* ---- the summary ---- */

char *
helper_outbox_dir(struct session *s)
{
	return path_join(session_dir(s), "outbox");
}

char *
helper_inbox_dir(struct session *s)
{
	return path_join(session_dir(s), "inbox");
}

static void
jkey(struct buf *o, bool *first, const char *key)
{
	buf_adds(o, *first ? "" : ",");
	*first = false;
	json_str(o, key);
	buf_addc(o, ':');
}

static void
jtime(struct buf *o, bool *first, const char *key, time_t t)
{
	jkey(o, first, key);
	if (t > 0)
		buf_printf(o, "%lld", (long long)t);
	else
		buf_adds(o, "null");
}

static void
summary_measures(const struct report *r, struct buf *o)
{
	buf_adds(o, "[");
	for (size_t i = 0; i < r->nmeasures; i++) {
		const struct report_measure *m = &r->measures[i];
		const struct report_score *last =
		        m->n ? &m->scores[m->n - 1] : NULL;
		bool f = true;

		buf_adds(o, i ? ",{" : "{");
		jkey(o, &f, "id");
		json_str(o, m->id);
		jkey(o, &f, "name");
		json_str(o, m->name);
		jkey(o, &f, "title");
		json_str(o, m->title);
		jkey(o, &f, "min");
		buf_printf(o, "%d", m->min);
		jkey(o, &f, "max");
		buf_printf(o, "%d", m->max);
		jkey(o, &f, "lower_better");
		buf_adds(o, m->lower_better ? "true" : "false");
		if (m->has_caseness) {
			jkey(o, &f, "caseness");
			buf_printf(o, "%d", m->caseness);
		}
		if (m->has_reliable_change) {
			jkey(o, &f, "reliable_change");
			buf_printf(o, "%d", m->reliable_change);
		}
		jkey(o, &f, "scores");
		buf_adds(o, "[");
		for (size_t k = 0; k < m->n; k++) {
			buf_printf(o, "%s{\"at\":%lld,\"total\":%d,\"band\":",
			           k ? "," : "", (long long)m->scores[k].at,
			           m->scores[k].total);
			json_str(o, m->scores[k].band);
			buf_adds(o, "}");
		}
		buf_adds(o, "]");
		if (m->has_change) {
			const struct change_single *c = &m->change;

			jkey(o, &f, "change");
			buf_printf(o,
			           "{\"from\":%d,\"to\":%d,\"gain\":%d,"
			           "\"kind\":",
			           m->scores[0].total, last->total, c->gain);
			json_str(o, report_change_word(c->kind));
			buf_printf(
			        o,
			        ",\"case_at_start\":%s,\"case_now\":%s,"
			        "\"recovered\":%s,\"reliably_recovered\":%s}",
			        c->case_at_start ? "true" : "false",
			        c->case_now ? "true" : "false",
			        c->recovered ? "true" : "false",
			        c->reliably_recovered ? "true" : "false");
		}
		if (last && last->nitems) {
			jkey(o, &f, "latest_items");
			buf_adds(o, "[");
			for (size_t k = 0; k < last->nitems; k++) {
				const struct report_answer *a = &last->items[k];

				buf_printf(o, "%s{\"n\":%d,\"text\":",
				           k ? "," : "", a->n);
				json_str(o, a->text);
				buf_adds(o, ",\"answer\":");
				json_str(o, a->answer);
				buf_printf(o, ",\"value\":%d,\"critical\":%s}",
				           a->value,
				           a->critical ? "true" : "false");
			}
			buf_adds(o, "]");
		}
		buf_adds(o, "}");
	}
	buf_adds(o, "]");
}

static void
summary_flags(const struct report *r, struct buf *o)
{
	buf_adds(o, "[");
	for (size_t i = 0; i < r->nflags; i++) {
		const struct report_flag *fl = &r->flags[i];
		bool f = true;

		buf_adds(o, i ? ",{" : "{");
		jkey(o, &f, "kind");
		json_str(o, fl->kind);
		jtime(o, &f, "at", fl->raised_at);
		jkey(o, &f, "measure");
		json_str(o, fl->measure);
		jkey(o, &f, "item");
		json_str(o, fl->item);
		jkey(o, &f, "answer");
		json_str(o, fl->answer);
		jtime(o, &f, "resolved_at", fl->resolved_at);
		jtime(o, &f, "override_at", fl->override_at);
		buf_adds(o, "}");
	}
	buf_adds(o, "]");
}

static void
summary_text(const struct report *r, unsigned share, struct buf *o)
{
	bool f = true;

	buf_adds(o, "{");
	if (share & HELPER_SHARE_LESSONS) {
		jkey(o, &f, "lessons");
		buf_adds(o, "[");
		for (size_t i = 0; i < r->nprompts; i++) {
			buf_adds(o, i ? ",{\"lesson\":" : "{\"lesson\":");
			json_str(o, r->prompts[i].lesson);
			buf_adds(o, ",\"question\":");
			json_str(o, r->prompts[i].question);
			buf_adds(o, ",\"text\":");
			json_str(o, r->prompts[i].text);
			buf_printf(o, ",\"at\":%lld}",
			           (long long)r->prompts[i].at);
		}
		buf_adds(o, "]");
	}
	if (share & HELPER_SHARE_WORKSHEETS) {
		jkey(o, &f, "worksheets");
		buf_adds(o, "[");
		for (size_t i = 0; i < r->nentries; i++) {
			const struct report_entry *e = &r->entries[i];

			buf_adds(o, i ? ",{\"worksheet\":" : "{\"worksheet\":");
			json_str(o, e->sheet);
			buf_printf(o, ",\"at\":%lld,\"fields\":[",
			           (long long)e->created_at);
			for (size_t k = 0; k < e->nfields; k++) {
				buf_adds(o, k ? ",{\"label\":" : "{\"label\":");
				json_str(o, e->fields[k].label);
				buf_adds(o, ",\"value\":");
				json_str(o, e->fields[k].value);
				buf_adds(o, "}");
			}
			buf_adds(o, "]}");
		}
		buf_adds(o, "]");
	}
	buf_adds(o, "}");
}

/* The body of a summary on link l. */
static int
summary_body(struct session *s, const struct guidedb_link *l, const char *note,
             time_t now, struct buf *o, char **msg)
{
	struct report *r;
	unsigned share = 0, what = REPORT_ITEMS;
	time_t since = l->last_summary_at ? (time_t)l->last_summary_at
	                                  : (time_t)l->linked_at;
	bool f = true;

	(void)helper_share_parse(l->share, &share);
	if (share & HELPER_SHARE_LESSONS)
		what |= REPORT_PROMPTS;
	if (share & HELPER_SHARE_WORKSHEETS)
		what |= REPORT_ENTRIES;
	if (report_build(s, now, what, since, &r) < 0)
		return db_fail(s, msg);
	buf_adds(o, "{");
	jkey(o, &f, "format");
	json_str(o, "tend-summary");
	jkey(o, &f, "version");
	buf_adds(o, "1");
	jkey(o, &f, "pseudonym");
	json_str(o, l->pseudonym);
	jtime(o, &f, "created", now);
	jtime(o, &f, "since", since);
	jtime(o, &f, "last_active", r->last_active);
	jkey(o, &f, "note");
	json_str(o, note && *note ? note : NULL);
	jkey(o, &f, "course");
	{
		bool g = true;

		buf_adds(o, "{");
		jkey(o, &g, "title");
		json_str(o, r->course);
		jkey(o, &g, "lessons_done");
		buf_printf(o, "%zu", r->lessons_done);
		jkey(o, &g, "lessons_total");
		buf_printf(o, "%zu", r->lessons_total);
		jkey(o, &g, "current");
		json_str(o, r->current);
		jkey(o, &g, "paused");
		buf_adds(o, r->paused ? "true" : "false");
		jtime(o, &g, "paused_at", r->paused ? r->paused_at : 0);
		jkey(o, &g, "pause_kind");
		json_str(o, r->paused ? r->pause_kind : NULL);
		buf_adds(o, "}");
	}
	jkey(o, &f, "measures");
	summary_measures(r, o);
	jkey(o, &f, "flags");
	summary_flags(r, o);
	jkey(o, &f, "adherence");
	buf_printf(o,
	           "{\"active_days_7\":%d,\"active_days_28\":%d,"
	           "\"entries_7\":%ld,\"homework\":[",
	           r->active_days_7, r->active_days_28, r->entries_7);
	for (size_t i = 0; i < r->nhomework; i++) {
		buf_adds(o, i ? ",{\"worksheet\":" : "{\"worksheet\":");
		json_str(o, r->homework[i].sheet);
		buf_printf(o, ",\"have\":%d,\"need\":%d}", r->homework[i].have,
		           r->homework[i].need);
	}
	buf_adds(o, "],\"skipped\":[");
	for (size_t i = 0; i < r->nskips; i++) {
		buf_adds(o, i ? ",{\"worksheet\":" : "{\"worksheet\":");
		json_str(o, r->skips[i].sheet);
		buf_adds(o, ",\"lesson\":");
		json_str(o, r->skips[i].lesson);
		buf_printf(o, ",\"at\":%lld", (long long)r->skips[i].at);
		if (share & HELPER_SHARE_WORKSHEETS) {
			buf_adds(o, ",\"reason\":");
			json_str(o, r->skips[i].reason);
		}
		buf_adds(o, "}");
	}
	buf_adds(o, "]}");
	jkey(o, &f, "shared");
	summary_text(r, share, o);
	buf_adds(o, "}\n");
	report_free(r);
	return EXIT_OK;
}

static int
need_link(struct session *s, struct guidedb_link *l, char **msg)
{
	int rc = guidedb_link_get(session_vault(s), l);

	if (rc < 0)
		return db_fail(s, msg);
	if (rc == 0) {
		*msg = xstrdup(_("no helper is linked (tend helper link "
		                 "KEYFILE)"));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

int
helper_summary_json(struct session *s, const char *note, time_t now,
                    struct buf *out, char **msg)
{
	struct guidedb_link l;
	int st = need_link(s, &l, msg);

	if (st == EXIT_OK)
		st = summary_body(s, &l, note, now, out, msg);
	guidedb_link_clear(&l);
	return st;
}

/* A neutral name: the date and a random part, nothing about content. */
static char *
neutral_name(const char *dir, time_t now)
{
	struct tm tm;
	char day[32];
	uint8_t rnd[4];
	struct buf b = BUF_INIT;
	char *path;

	localtime_r(&now, &tm);
	strftime(day, sizeof(day), "%Y%m%d-%H%M%S", &tm);
	guide_random(rnd, sizeof(rnd));
	buf_printf(&b, "%s-", day);
	guide_hex(rnd, sizeof(rnd), &b);
	buf_adds(&b, ".tend");
	path = path_join(dir, b.data);
	buf_free(&b);
	return path;
}

int
helper_summary_write(struct session *s, const char *note, const char *path,
                     time_t now, char **written, char **msg)
{
	struct vault *v = session_vault(s);
	struct guidedb_link l;
	struct guide_keys *own = NULL;
	struct buf body = BUF_INIT, sealed = BUF_INIT;
	char *dir = NULL, *target = NULL;
	int st = need_link(s, &l, msg);

	if (written)
		*written = NULL;
	if (st != EXIT_OK)
		goto out;
	st = summary_body(s, &l, note, now, &body, msg);
	if (st != EXIT_OK)
		goto out;
	own = guide_keys_from_seed(l.seed);
	if (!own || guide_seal(own, &l.helper, GUIDE_SUMMARY,
	                       (uint64_t)l.out_seq + 1, (int64_t)now, body.data,
	                       body.len, &sealed) != GUIDE_OK) {
		*msg = xstrdup(_("cannot seal the summary"));
		st = EXIT_FAIL;
		goto out;
	}
	if (path) {
		target = xstrdup(path);
	} else {
		dir = helper_outbox_dir(s);
		if (path_mkdirs(dir, 0700) < 0) {
			*msg = xasprintf(_("cannot make the folder %s: %s"),
			                 dir, strerror(errno));
			st = EXIT_FAIL;
			goto out;
		}
		target = neutral_name(dir, now);
	}
	if (atomic_write(target, sealed.data, sealed.len, 0600) < 0) {
		*msg = xasprintf(_("cannot write %s: %s"), target,
		                 strerror(errno));
		st = EXIT_FAIL;
		goto out;
	}
	if (guidedb_summary_sent(v, l.id, l.out_seq + 1, (int64_t)now) < 0 ||
	    db_event(v, "guide.summary", NULL) < 0) {
		st = db_fail(s, msg);
		goto out;
	}
	st = session_commit(s, now, msg);
	if (st == EXIT_OK && written) {
		*written = target;
		target = NULL;
	}
out:
	guidedb_link_clear(&l);
	guide_keys_free(own);
	buf_wipe(&body);
	buf_free(&sealed);
	free(dir);
	free(target);
	return st;
}

bool
helper_summary_due(struct session *s, time_t now)
{
	struct guidedb_link l;
	long day, wd, occ;
	bool due = false;

	if (guidedb_link_get(session_vault(s), &l) != 1)
		return false;
	if (l.weekday >= 0) {
		day = clock_local_day(now);
		/* 1970-01-01 was a Thursday (3, counting Monday as 0). */
		wd = ((day % 7) + 7 + 3) % 7;
		occ = day - (wd - l.weekday + 7) % 7;
		due = l.last_summary_at < (int64_t)clock_day_start(occ);
	}
	guidedb_link_clear(&l);
	return due;
}

int
helper_outbox_run(const char *file, bool quiet, char **msg)
{
	struct app_config *c = app_config_load(NULL);
	const char *v = app_config_get(c, APP_CONFIG_OUTBOX_COMMAND);
	char *cmd = v ? xstrdup(v) : NULL, *arg = xstrdup(file);
	int64_t deadline;
	int status = 0, rc = -1;
	pid_t pid, w;

	app_config_free(c);
	*msg = NULL;
	if (!cmd) {
		free(arg);
		return 0;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		*msg = xasprintf(_("cannot run %s: %s"), cmd, strerror(errno));
		free(cmd);
		free(arg);
		return -1;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		char *argv[] = {cmd, arg, NULL};

		if (null >= 0) {
			dup2(null, 0);
			if (quiet) {
				dup2(null, 1);
				dup2(null, 2);
			}
		}
		execv(cmd, argv);
		_exit(127);
	}
	deadline = clock_mono_ms() + 120000;
	for (;;) {
		w = waitpid(pid, &status, WNOHANG);
		if (w == pid || (w < 0 && errno != EINTR))
			break;
		if (clock_mono_ms() > deadline) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			*msg = xasprintf(_("%s did not finish within two "
			                   "minutes and was stopped"),
			                 cmd);
			goto out;
		}
		usleep(20000);
	}
	if (w == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0)
		rc = 1;
	else if (w == pid && WIFEXITED(status) && WEXITSTATUS(status) == 127)
		*msg = xasprintf(_("cannot run %s"), cmd);
	else if (w == pid && WIFEXITED(status))
		*msg = xasprintf(_("%s failed (exit status %d)"), cmd,
		                 WEXITSTATUS(status));
	else
		*msg = xasprintf(_("%s failed"), cmd);
out:
	free(cmd);
	free(arg);
	return rc;
}

/* ---- replies ---- */

int
helper_import(struct session *s, const void *data, size_t len, time_t now,
              char **msg)
{
	struct vault *v = session_vault(s);
	struct guidedb_link l;
	struct guide_keys *own = NULL;
	struct guide_header h;
	struct buf body = BUF_INIT;
	struct jv *doc = NULL;
	const char *text;
	enum guide_err e;
	int st;
	int rc = guidedb_link_get(v, &l);

	if (rc < 0)
		return db_fail(s, msg);
	if (rc == 0) {
		guidedb_link_clear(&l);
		*msg = xstrdup(_("no helper is linked, so there is no key to "
		                 "check this message against: link your "
		                 "helper first (tend helper link KEYFILE)"));
		return EXIT_DATA;
	}
	own = guide_keys_from_seed(l.seed);
	if (!own) {
		st = EXIT_FAIL;
		*msg = xstrdup(_("cannot read your key pair"));
		goto out;
	}
	st = EXIT_DATA;
	e = guide_open(own, data, len, &h, &body);
	switch (e) {
	case GUIDE_OK:
		break;
	case GUIDE_ERR_FORMAT:
		*msg = xstrdup(_("this is not a message from a helper"));
		goto out;
	case GUIDE_ERR_RECIPIENT:
		*msg = xstrdup(_("this message was sealed for someone else "
		                 "(another person, or an earlier link), not "
		                 "for you"));
		goto out;
	case GUIDE_ERR_CRYPTO:
		st = EXIT_FAIL;
		*msg = xstrdup(_("cannot start the cryptography library"));
		goto out;
	default:
		*msg = xstrdup(_("this message was changed after it was "
		                 "written, or damaged on the way: it cannot "
		                 "be trusted"));
		goto out;
	}
	if (h.kind != GUIDE_REPLY) {
		*msg = xstrdup(_("this is a summary, not a reply from your "
		                 "helper"));
		goto out;
	}
	if (!guide_pub_equal(&h.sender, &l.helper)) {
		char fp[200];

		fp_of(&h.sender, fp, sizeof(fp));
		*msg = xasprintf(_("this message is signed by someone who is "
		                   "not your linked helper (fingerprint: %s)"),
		                 fp);
		goto out;
	}
	if ((int64_t)h.seq <= l.in_seq) {
		*msg = xasprintf(_("this is an old or replayed message "
		                   "(number %llu; messages up to %lld were "
		                   "already taken in)"),
		                 (unsigned long long)h.seq,
		                 (long long)l.in_seq);
		goto out;
	}
	doc = jv_parse(body.data, body.len, NULL);
	text = jv_str(doc, "text");
	if (!doc || !jv_str(doc, "format") ||
	    strcmp(jv_str(doc, "format"), "tend-reply") != 0 || !text) {
		*msg = xstrdup(_("this message is signed by your helper but "
		                 "its contents cannot be read (a newer "
		                 "tend?)"));
		goto out;
	}
	if (guidedb_message_add(v, l.id, (int64_t)h.seq, h.created,
	                        (int64_t)now, text) < 0 ||
	    db_event(v, "guide.reply", NULL) < 0) {
		st = db_fail(s, msg);
		goto out;
	}
	st = session_commit(s, now, msg);
out:
	jv_free(doc);
	buf_wipe(&body);
	guide_keys_free(own);
	guidedb_link_clear(&l);
	return st;
}

int
helper_import_file(struct session *s, const char *path, time_t now, char **msg)
{
	char *data = NULL;
	size_t len;
	int st;

	if (file_read(path, GUIDE_MAX_MESSAGE, FILE_STREAM, &data, &len) < 0) {
		*msg = xasprintf(_("cannot read %s: %s"), path,
		                 file_strerror(errno));
		return errno == EFBIG ? EXIT_DATA : EXIT_FAIL;
	}
	st = helper_import(s, data, len, now, msg);
	free(data);
	return st;
}

int
helper_inbox_scan(struct session *s, time_t now, size_t *taken,
                  struct buf *refused, char **msg)
{
	char *dir = helper_inbox_dir(s);
	char **names = NULL;
	size_t n = 0;
	int st = EXIT_OK;

	*taken = 0;
	if (path_list(dir, ".tend", &names, &n) < 0) {
		free(dir);
		return EXIT_OK; /* no folder: nothing dropped */
	}
	for (size_t i = 0; i < n && st == EXIT_OK; i++) {
		char *p = path_join(dir, names[i]), *m = NULL, *data = NULL;
		size_t len;
		int r;

		if (file_read(p, GUIDE_MAX_MESSAGE, FILE_NOFOLLOW, &data,
		              &len) < 0) {
			if (refused)
				buf_printf(refused, "%s: %s\n", names[i],
				           file_strerror(errno));
			free(p);
			continue;
		}
		r = helper_import(s, data, len, now, &m);
		free(data);
		if (r == EXIT_OK) {
			(*taken)++;
			unlink(p);
		} else if (r == EXIT_DATA) {
			if (refused)
				buf_printf(refused, "%s: %s\n", names[i], m);
		} else {
			st = r;
			*msg = m;
			m = NULL;
		}
		free(m);
		free(p);
	}
	path_list_free(names, n);
	free(dir);
	return st;
}

int
helper_messages(struct session *s, struct helper_msg **out, size_t *n)
{
	struct guidedb_msg *m = NULL;
	size_t k = 0;

	*out = NULL;
	*n = 0;
	if (guidedb_messages(session_vault(s), &m, &k) < 0)
		return -1;
	*out = xcalloc(k + 1, sizeof(**out));
	for (size_t i = 0; i < k; i++) {
		(*out)[i].sent_at = (time_t)m[i].sent_at;
		(*out)[i].received_at = (time_t)m[i].received_at;
		(*out)[i].unread = m[i].read_at == 0;
		(*out)[i].text = m[i].body;
		m[i].body = NULL;
	}
	*n = k;
	guidedb_msgs_free(m, k);
	return 0;
}

void
helper_msgs_free(struct helper_msg *m, size_t n)
{
	for (size_t i = 0; m && i < n; i++)
		secret_free(m[i].text);
	free(m);
}

size_t
helper_unread(struct session *s)
{
	struct helper_msg *m;
	size_t n, u = 0;

	if (helper_messages(s, &m, &n) < 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		u += m[i].unread;
	helper_msgs_free(m, n);
	return u;
}

int
helper_mark_read(struct session *s, time_t now, char **msg)
{
	if (guidedb_messages_read(session_vault(s), (int64_t)now) < 0)
		return db_fail(s, msg);
	return session_commit(s, now, msg);
}
