/*
 * The helper's side of guidance by file (app/caseload.h).  The caseload
 * file is JSON sealed under the helper's own key (guide_box_seal):
 *   {"format":"tend-caseload","version":1,"people":[{"sign":HEX,
 *    "box":HEX,"seq":N,"reply_seq":N,"summary":{...}}, ...]}
 * It is written with atomic_write after every change, so a crash leaves
 * the old caseload or the new one.
 */
#include "app/caseload.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "app/chart.h"
#include "app/report.h"
#include "core/fingerprint.h"
#include "core/instrument.h"
#include "pack/instrument.h"
#include "store/guide.h"
#include "util/atomic.h"
#include "util/file.h"
#include "util/i18n.h"
#include "util/json.h"
#include "util/path.h"
#include "util/secret.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define KEY_FILE "helper.key"
#define PUB_FILE "helper.pub"
#define STATE_FILE "caseload"
#define MAX_STATE (256u * 1024 * 1024)

struct entry {
	struct guide_pub pub;
	uint8_t id[GUIDE_ID_BYTES];
	uint64_t seq; /* the latest summary taken */
	uint64_t reply_seq; /* the last reply written */
	struct jv *summary; /* owned; NULL until one is read */
	bool fresh, first;
};

struct caseload {
	char *dir;
	struct guide_keys *keys;
	char fp[200];
	struct entry *people;
	size_t n, cap;
};

char *
caseload_default_dir(void)
{
	return path_join(path_data_dir(), "helper");
}

static void
fp_of(const uint8_t id[GUIDE_ID_BYTES], char *out, size_t cap)
{
	struct buf b = BUF_INIT;

	fingerprint_words(id, &b);
	snprintf(out, cap, "%s", b.data);
	buf_free(&b);
}

int
caseload_keygen(const char *dir, const char *passphrase,
                enum vault_kdf_level level, char **fingerprint, char **msg)
{
	char *keyp = path_join(dir, KEY_FILE), *pubp = path_join(dir, PUB_FILE);
	struct guide_keys *k = NULL;
	struct buf sec = BUF_INIT, pub = BUF_INIT;
	struct vault_kdf kdf;
	uint8_t id[GUIDE_ID_BYTES];
	char fp[200];
	int st = EXIT_FAIL;

	*fingerprint = NULL;
	if (path_exists(keyp) || path_exists(pubp)) {
		*msg = xasprintf(_("%s already holds a helper key: choose "
		                   "another folder with -o"),
		                 dir);
		goto out;
	}
	if (path_mkdirs(dir, 0700) < 0) {
		*msg = xasprintf(_("cannot make the folder %s: %s"), dir,
		                 strerror(errno));
		goto out;
	}
	k = guide_keys_new();
	if (!k || vault_kdf_params(level, &kdf) != VAULT_OK ||
	    guide_secret_encode(k, passphrase, &kdf, &sec) != GUIDE_OK) {
		*msg = xstrdup(_("cannot make the key pair"));
		goto out;
	}
	guide_pub_encode(guide_keys_pub(k), &pub);
	if (atomic_write(keyp, sec.data, sec.len, 0600) < 0 ||
	    atomic_write(pubp, pub.data, pub.len, 0644) < 0) {
		*msg = xasprintf(_("cannot write the key files in %s: %s"), dir,
		                 strerror(errno));
		unlink(keyp);
		goto out;
	}
	guide_pub_id(guide_keys_pub(k), id);
	fp_of(id, fp, sizeof(fp));
	*fingerprint = xstrdup(fp);
	st = EXIT_OK;
out:
	guide_keys_free(k);
	buf_wipe(&sec);
	buf_free(&pub);
	free(keyp);
	free(pubp);
	return st;
}

/* ---- the caseload file ---- */

static struct entry *
add_entry(struct caseload *c, const struct guide_pub *pub)
{
	struct entry *e;

	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 8;
		c->people =
		        xreallocarray(c->people, c->cap, sizeof(*c->people));
	}
	e = &c->people[c->n++];
	memset(e, 0, sizeof(*e));
	e->pub = *pub;
	guide_pub_id(pub, e->id);
	return e;
}

static struct entry *
find_entry(struct caseload *c, const struct guide_pub *pub)
{
	for (size_t i = 0; i < c->n; i++)
		if (guide_pub_equal(&c->people[i].pub, pub))
			return &c->people[i];
	return NULL;
}

/* Copies a parsed value into a fresh tree (so that the caseload owns the
 * summary apart from the document it came in). */
static void
jv_copy(struct jv *dst, const struct jv *src)
{
	*dst = *src;
	dst->str = src->str ? xstrdup(src->str) : NULL;
	dst->items = NULL;
	dst->keys = NULL;
	if (src->n) {
		dst->items = xcalloc(src->n, sizeof(*dst->items));
		for (size_t i = 0; i < src->n; i++)
			jv_copy(&dst->items[i], &src->items[i]);
		if (src->keys) {
			dst->keys = xcalloc(src->n, sizeof(*dst->keys));
			for (size_t i = 0; i < src->n; i++)
				dst->keys[i] = xstrdup(src->keys[i]);
		}
	}
}

static struct jv *
jv_dup(const struct jv *src)
{
	struct jv *v = xcalloc(1, sizeof(*v));

	jv_copy(v, src);
	return v;
}

/* Writes a value back as JSON (the summaries we keep). */
static void
jv_write(const struct jv *v, struct buf *o)
{
	switch (v->type) {
	case JV_NULL:
		buf_adds(o, "null");
		break;
	case JV_BOOL:
		buf_adds(o, v->b ? "true" : "false");
		break;
	case JV_NUM:
		if (v->is_int)
			buf_printf(o, "%lld", (long long)v->i);
		else
			buf_printf(o, "%.17g", v->num);
		break;
	case JV_STR:
		json_str(o, v->str);
		break;
	case JV_ARR:
	case JV_OBJ:
		buf_addc(o, v->type == JV_ARR ? '[' : '{');
		for (size_t i = 0; i < v->n; i++) {
			if (i)
				buf_addc(o, ',');
			if (v->type == JV_OBJ) {
				json_str(o, v->keys[i]);
				buf_addc(o, ':');
			}
			jv_write(&v->items[i], o);
		}
		buf_addc(o, v->type == JV_ARR ? ']' : '}');
		break;
	}
}

static int
state_load(struct caseload *c, char **msg)
{
	char *path = path_join(c->dir, STATE_FILE), *data = NULL;
	struct buf plain = BUF_INIT;
	struct jv *doc = NULL;
	const struct jv *people;
	size_t len;
	int st = EXIT_DATA;

	if (file_read(path, MAX_STATE, FILE_NOFOLLOW, &data, &len) < 0) {
		st = errno == ENOENT ? EXIT_OK : EXIT_FAIL;
		if (st != EXIT_OK)
			*msg = xasprintf(_("cannot read %s: %s"), path,
			                 file_strerror(errno));
		goto out;
	}
	if (guide_box_open(c->keys, data, len, &plain) != GUIDE_OK ||
	    !(doc = jv_parse(plain.data, plain.len, NULL)) ||
	    !jv_str(doc, "format") ||
	    strcmp(jv_str(doc, "format"), "tend-caseload") != 0) {
		*msg = xasprintf(_("%s is damaged or was changed: it does not "
		                   "open with your key"),
		                 path);
		goto out;
	}
	people = jv_get(doc, "people");
	for (size_t i = 0; i < jv_len(people); i++) {
		const struct jv *p = jv_at(people, i), *sum;
		struct guide_pub pub;
		struct entry *e;

		if (!jv_str(p, "sign") || !jv_str(p, "box") ||
		    guide_unhex(jv_str(p, "sign"), pub.sign, 32) < 0 ||
		    guide_unhex(jv_str(p, "box"), pub.box, 32) < 0) {
			*msg = xasprintf(_("%s is damaged"), path);
			goto out;
		}
		e = add_entry(c, &pub);
		e->seq = (uint64_t)jv_int(p, "seq", 0);
		e->reply_seq = (uint64_t)jv_int(p, "reply_seq", 0);
		sum = jv_get(p, "summary");
		if (sum && sum->type == JV_OBJ)
			e->summary = jv_dup(sum);
	}
	st = EXIT_OK;
out:
	jv_free(doc);
	buf_wipe(&plain);
	free(data);
	free(path);
	return st;
}

static int
state_save(struct caseload *c, char **msg)
{
	char *path = path_join(c->dir, STATE_FILE);
	struct buf plain = BUF_INIT, sealed = BUF_INIT;
	int st = EXIT_OK;

	buf_adds(&plain, "{\"format\":\"tend-caseload\",\"version\":1,"
	                 "\"people\":[");
	for (size_t i = 0; i < c->n; i++) {
		const struct entry *e = &c->people[i];

		buf_adds(&plain, i ? ",{\"sign\":\"" : "{\"sign\":\"");
		guide_hex(e->pub.sign, 32, &plain);
		buf_adds(&plain, "\",\"box\":\"");
		guide_hex(e->pub.box, 32, &plain);
		buf_printf(&plain, "\",\"seq\":%llu,\"reply_seq\":%llu",
		           (unsigned long long)e->seq,
		           (unsigned long long)e->reply_seq);
		if (e->summary) {
			buf_adds(&plain, ",\"summary\":");
			jv_write(e->summary, &plain);
		}
		buf_adds(&plain, "}");
	}
	buf_adds(&plain, "]}\n");
	guide_box_seal(c->keys, plain.data, plain.len, &sealed);
	if (atomic_write(path, sealed.data, sealed.len, 0600) < 0) {
		*msg = xasprintf(_("cannot write %s: %s"), path,
		                 strerror(errno));
		st = EXIT_FAIL;
	}
	buf_wipe(&plain);
	buf_free(&sealed);
	free(path);
	return st;
}

int
caseload_open(const char *dir, const char *passphrase, struct caseload **out,
              char **msg)
{
	char *keyp = path_join(dir, KEY_FILE), *data = NULL;
	struct caseload *c = NULL;
	uint8_t id[GUIDE_ID_BYTES];
	size_t len;
	enum guide_err e;
	int st = EXIT_FAIL;

	*out = NULL;
	if (file_read(keyp, 64 * 1024, FILE_NOFOLLOW, &data, &len) < 0) {
		*msg = errno == ENOENT
		               ? xasprintf(_("there is no helper key in %s: "
		                             "make one with tend helper "
		                             "keygen"),
		                           dir)
		               : xasprintf(_("cannot read %s: %s"), keyp,
		                           file_strerror(errno));
		goto out;
	}
	c = xcalloc(1, sizeof(*c));
	c->dir = xstrdup(dir);
	e = guide_secret_decode(data, len, passphrase, NULL, &c->keys);
	switch (e) {
	case GUIDE_OK:
		break;
	case GUIDE_ERR_AUTH:
		*msg = xstrdup(_("wrong passphrase for the helper key"));
		st = EXIT_AUTH;
		goto out;
	case GUIDE_ERR_NOMEM:
		*msg = xstrdup(_("not enough memory to unlock the key"));
		goto out;
	default:
		*msg = xasprintf(_("%s is not a helper's secret key, or it is "
		                   "damaged"),
		                 keyp);
		st = EXIT_DATA;
		goto out;
	}
	guide_pub_id(guide_keys_pub(c->keys), id);
	fp_of(id, c->fp, sizeof(c->fp));
	st = state_load(c, msg);
	if (st == EXIT_OK) {
		*out = c;
		c = NULL;
	}
out:
	caseload_close(c);
	if (data)
		secret_wipe(data, len);
	free(data);
	free(keyp);
	return st;
}

void
caseload_close(struct caseload *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		jv_free(c->people[i].summary);
	free(c->people);
	guide_keys_free(c->keys);
	free(c->dir);
	free(c);
}

const char *
caseload_fingerprint(const struct caseload *c)
{
	return c->fp;
}

/* ---- the inbox ---- */

static const char *
refusal(enum guide_err e)
{
	switch (e) {
	case GUIDE_ERR_RECIPIENT:
		return _("sealed to another helper's key, not to yours");
	case GUIDE_ERR_FORMAT:
		return _("not a tend message");
	case GUIDE_ERR_CRYPTO:
		return _("the cryptography library could not start");
	default:
		return _("changed after it was written, or damaged on the "
		         "way: it cannot be trusted");
	}
}

/* Takes in one file's bytes.  Returns 0, or -1 with *why (static). */
static int
take(struct caseload *c, const char *data, size_t len, const char **why)
{
	struct guide_header h;
	struct buf body = BUF_INIT;
	struct jv *doc = NULL;
	struct entry *e;
	enum guide_err ge = guide_open(c->keys, data, len, &h, &body);
	int rc = -1;

	if (ge != GUIDE_OK) {
		*why = refusal(ge);
		goto out;
	}
	if (h.kind != GUIDE_SUMMARY) {
		*why = _("a reply, not a summary");
		goto out;
	}
	doc = jv_parse(body.data, body.len, NULL);
	if (!doc || !jv_str(doc, "format") ||
	    strcmp(jv_str(doc, "format"), "tend-summary") != 0 ||
	    !jv_str(doc, "pseudonym")) {
		*why = _("signed, but not a summary this version of tend can "
		         "read");
		goto out;
	}
	e = find_entry(c, &h.sender);
	if (!e) {
		e = add_entry(c, &h.sender);
		e->first = true;
	}
	rc = 0;
	if (h.seq <= e->seq)
		goto out; /* older than one already taken: history */
	e->seq = h.seq;
	e->fresh = true;
	jv_free(e->summary);
	e->summary = doc;
	doc = NULL;
out:
	jv_free(doc);
	buf_wipe(&body);
	return rc;
}

static bool
has_risk_since(const struct jv *s, time_t *when)
{
	const struct jv *flags = jv_get(s, "flags");
	int64_t since = jv_int(s, "since", 0);
	bool risk = false;

	for (size_t i = 0; i < jv_len(flags); i++) {
		const struct jv *f = jv_at(flags, i);
		const char *kind = jv_str(f, "kind");
		int64_t at = jv_int(f, "at", 0);

		if (kind && strcmp(kind, "critical_item") == 0 && at >= since) {
			risk = true;
			if ((time_t)at > *when)
				*when = (time_t)at;
		}
	}
	return risk;
}

static bool
is_worse(const struct jv *s, time_t *when, char **reason)
{
	const struct jv *course = jv_get(s, "course"),
	                *measures = jv_get(s, "measures");

	if (jv_bool(course, "paused", false)) {
		*when = (time_t)jv_int(course, "paused_at", 0);
		*reason = xstrdup(_("course paused after a check-in"));
		return true;
	}
	for (size_t i = 0; i < jv_len(measures); i++) {
		const struct jv *m = jv_at(measures, i),
		                *ch = jv_get(m, "change");
		const char *kind = jv_str(ch, "kind");
		const struct jv *sc = jv_get(m, "scores");

		if (kind && strcmp(kind, "reliable deterioration") == 0) {
			*when = (time_t)jv_int(jv_at(sc, jv_len(sc) - 1), "at",
			                       0);
			*reason = xasprintf(
			        _("%s: reliable deterioration"),
			        jv_str(m, "name") ? jv_str(m, "name") : "?");
			return true;
		}
	}
	return false;
}

static void
day_of(time_t t, char *out, size_t cap)
{
	struct tm tm;

	if (t <= 0) {
		snprintf(out, cap, "-");
		return;
	}
	localtime_r(&t, &tm);
	strftime(out, cap, "%Y-%m-%d", &tm);
}

static void
classify(struct caseload_person *p, time_t now)
{
	const struct jv *s = p->summary;
	time_t when = 0, active;
	char day[32];

	if (has_risk_since(s, &when)) {
		p->tier = CASE_RISK;
		p->when = when;
		day_of(when, day, sizeof(day));
		p->reason = xasprintf(_("risk answer on %s"), day);
		return;
	}
	if (is_worse(s, &p->when, &p->reason)) {
		p->tier = CASE_WORSE;
		return;
	}
	active = (time_t)jv_int(s, "last_active", 0);
	if (!active)
		active = p->summary_at;
	if (now - active >= (time_t)CASELOAD_IDLE_DAYS * 86400) {
		long days = (long)((now - active) / 86400);

		p->tier = CASE_IDLE;
		p->when = active;
		p->reason = xasprintf(ngettext("no activity for %ld day",
		                               "no activity for %ld days",
		                               (unsigned long)days),
		                      days);
		return;
	}
	p->tier = CASE_OK;
	p->when = active;
}

static int
person_cmp(const void *a, const void *b)
{
	const struct caseload_person *x = a, *y = b;

	if (x->tier != y->tier)
		return (int)x->tier - (int)y->tier;
	switch (x->tier) {
	case CASE_RISK: /* the newest risk answer first */
		if (x->when != y->when)
			return x->when > y->when ? -1 : 1;
		break;
	case CASE_IDLE: /* the longest silence first */
		if (x->when != y->when)
			return x->when < y->when ? -1 : 1;
		break;
	default:
		break;
	}
	return strcasecmp(x->pseudonym, y->pseudonym);
}

int
caseload_inbox(struct caseload *c, const char *dir, time_t now,
               struct caseload_person **out, size_t *n, struct buf *refused,
               char **msg)
{
	char **names = NULL;
	size_t nn = 0, k = 0;
	bool any_refused = false;
	int st;

	*out = NULL;
	*n = 0;
	if (path_list(dir, "", &names, &nn) < 0) {
		*msg = xasprintf(_("cannot read the folder %s: %s"), dir,
		                 strerror(errno));
		return EXIT_FAIL;
	}
	for (size_t i = 0; i < c->n; i++)
		c->people[i].fresh = c->people[i].first = false;
	for (size_t i = 0; i < nn; i++) {
		char *p = path_join(dir, names[i]), *data = NULL;
		const char *why = NULL;
		size_t len;

		if (file_read(p, GUIDE_MAX_MESSAGE, FILE_NOFOLLOW, &data,
		              &len) < 0) {
			/* Folders and other things that are not files. */
			if (errno != EISDIR && errno != ENODEV) {
				buf_printf(refused, "%s: %s\n", names[i],
				           file_strerror(errno));
				any_refused = true;
			}
		} else if (guide_is_message(data, len) &&
		           take(c, data, len, &why) < 0) {
			buf_printf(refused, "%s: %s\n", names[i], why);
			any_refused = true;
		}
		free(data);
		free(p);
	}
	path_list_free(names, nn);
	for (size_t i = 0; i < c->n; i++)
		if (c->people[i].fresh) {
			st = state_save(c, msg);
			if (st != EXIT_OK)
				return st;
			break;
		}
	*out = xcalloc(c->n + 1, sizeof(**out));
	for (size_t i = 0; i < c->n; i++) {
		const struct entry *e = &c->people[i];
		struct caseload_person *p;

		if (!e->summary)
			continue;
		p = &(*out)[k++];
		for (size_t b = 0; b < 8; b++)
			snprintf(p->id + 2 * b, 3, "%02x", e->id[b]);
		fp_of(e->id, p->fp, sizeof(p->fp));
		p->pseudonym = xstrdup(jv_str(e->summary, "pseudonym"));
		p->summary_at = (time_t)jv_int(e->summary, "created", 0);
		p->fresh = e->fresh;
		p->first = e->first;
		p->summary = e->summary;
		classify(p, now);
	}
	qsort(*out, k, sizeof(**out), person_cmp);
	*n = k;
	return any_refused ? EXIT_DATA : EXIT_OK;
}

void
caseload_people_free(struct caseload_person *p, size_t n)
{
	for (size_t i = 0; p && i < n; i++) {
		free(p[i].pseudonym);
		free(p[i].reason);
	}
	free(p);
}

static const char *
tier_name(enum caseload_tier t)
{
	switch (t) {
	case CASE_RISK:
		return "risk";
	case CASE_WORSE:
		return "worse";
	case CASE_IDLE:
		return "idle";
	case CASE_OK:
		break;
	}
	return "ok";
}

void
caseload_json(const struct caseload_person *p, size_t n, struct buf *out)
{
	buf_adds(out, "[");
	for (size_t i = 0; i < n; i++) {
		buf_adds(out, i ? ",\n {\"id\":" : "\n {\"id\":");
		json_str(out, p[i].id);
		buf_adds(out, ",\"pseudonym\":");
		json_str(out, p[i].pseudonym);
		buf_adds(out, ",\"fingerprint\":");
		json_str(out, p[i].fp);
		buf_adds(out, ",\"tier\":");
		json_str(out, tier_name(p[i].tier));
		buf_adds(out, ",\"reason\":");
		json_str(out, p[i].reason);
		buf_printf(out, ",\"when\":%lld,\"new\":%s,\"first\":%s",
		           (long long)p[i].when, p[i].fresh ? "true" : "false",
		           p[i].first ? "true" : "false");
		buf_adds(out, ",\"summary\":");
		jv_write(p[i].summary, out);
		buf_adds(out, "}");
	}
	buf_adds(out, n ? "\n]\n" : "]\n");
}

static const char *
tier_label(enum caseload_tier t)
{
	switch (t) {
	case CASE_RISK:
		return _("RISK");
	case CASE_WORSE:
		return _("WORSE");
	case CASE_IDLE:
		return _("IDLE");
	case CASE_OK:
		break;
	}
	return _("ok");
}

/* Appends s cut or padded to exactly w columns. */
static void
col(struct buf *o, const char *s, size_t w)
{
	size_t used = 0, len = strlen(s);
	size_t fit = utf8_fit(s, len, w, &used);

	buf_add(o, s, fit);
	buf_addrep(o, ' ', w - used);
}

void
caseload_table(const struct caseload_person *p, size_t n, int cols,
               struct buf *out)
{
	size_t w = cols < 40 ? 40 : (size_t)cols;

	for (size_t i = 0; i < n; i++) {
		struct buf line = BUF_INIT;
		char day[32];

		day_of(p[i].summary_at, day, sizeof(day));
		col(&line, tier_label(p[i].tier), 6);
		col(&line, p[i].pseudonym, 16);
		buf_adds(&line, " ");
		col(&line, p[i].id, 9);
		buf_printf(&line, "%s %s%s%s", day,
		           p[i].fresh ? _("new") : "   ",
		           p[i].reason ? "  " : "",
		           p[i].reason ? p[i].reason : "");
		utf8_truncate(out, line.data, line.len, w);
		buf_addc(out, '\n');
		buf_free(&line);
	}
}

/* An instrument for the chart: the installed one, else one made from
 * what the summary says (no bands). */
static struct instrument *
chart_def(const struct jv *m, const struct inst_set *set,
          const struct instrument **installed)
{
	const char *id = jv_str(m, "id");
	struct instrument *in;

	*installed = set && id ? inst_set_find(set, id) : NULL;
	if (*installed)
		return NULL;
	in = inst_new();
	in->id = xstrdup(id ? id : "?");
	in->short_name = xstrdup(jv_str(m, "name") ? jv_str(m, "name") : "?");
	in->title = xstrdup(jv_str(m, "title") ? jv_str(m, "title")
	                                       : in->short_name);
	in->min = (int)jv_int(m, "min", 0);
	in->max = (int)jv_int(m, "max", 0);
	in->direction = jv_bool(m, "lower_better", true) ? INST_LOWER_BETTER
	                                                 : INST_HIGHER_BETTER;
	in->has_caseness = jv_get(m, "caseness") != NULL;
	in->caseness = (int)jv_int(m, "caseness", 0);
	in->has_reliable_change = jv_get(m, "reliable_change") != NULL;
	in->reliable_change = (int)jv_int(m, "reliable_change", 0);
	if (in->max <= in->min)
		in->max = in->min + 1;
	return in;
}

struct wrap_ctx {
	struct buf *out;
	const char *indent;
	bool first;
};

static void
wrap_line(const char *line, size_t n, void *arg)
{
	struct wrap_ctx *w = arg;

	buf_adds(w->out, w->indent);
	if (!w->first)
		buf_adds(w->out, "  ");
	w->first = false;
	utf8_sanitize(w->out, line, n, false);
	buf_addc(w->out, '\n');
}

/* Appends text word-wrapped to cols, each line indented (the lines after
 * the first two columns more), sanitised for a terminal. */
static void
wrapped(struct buf *out, const char *indent, const char *text, int cols)
{
	struct wrap_ctx w = {out, indent, true};
	size_t ind = strlen(indent) + 2;
	size_t width = cols > (int)ind + 20 ? (size_t)cols - ind : 20;

	if (!text || !*text)
		text = "-";
	utf8_wrap(text, strlen(text), width, wrap_line, &w);
}

void
caseload_person_text(const struct caseload_person *p, int cols, bool ascii,
                     struct buf *out)
{
	const struct jv *s = p->summary, *course = jv_get(s, "course"),
	                *measures = jv_get(s, "measures"),
	                *flags = jv_get(s, "flags"),
	                *adh = jv_get(s, "adherence"),
	                *shared = jv_get(s, "shared");
	struct diags d = DIAGS_INIT;
	struct inst_set *set = pack_load_instruments(&d);
	char day[32], day2[32];
	struct buf b = BUF_INIT;

	diag_free(&d);
	day_of(p->summary_at, day, sizeof(day));
	buf_printf(out, "%s  (%s %s)\n", p->pseudonym, _("ID"), p->id);
	buf_printf(out, _("Summary of %s.  Fingerprint: %s\n"), day, p->fp);
	if (p->reason)
		buf_printf(out, "%s: %s\n", tier_label(p->tier), p->reason);
	if (jv_str(s, "note")) {
		buf_printf(out, "\n%s\n", _("Their note:"));
		wrapped(out, "  ", jv_str(s, "note"), cols);
	}
	buf_printf(out, "\n%s\n", _("Progress"));
	if (jv_str(course, "title"))
		buf_printf(out,
		           ngettext("  %s: %lld of %lld lesson done",
		                    "  %s: %lld of %lld lessons done",
		                    (unsigned long)jv_int(course,
		                                          "lessons_total", 0)),
		           jv_str(course, "title"),
		           (long long)jv_int(course, "lessons_done", 0),
		           (long long)jv_int(course, "lessons_total", 0));
	else
		buf_adds(out, _("  no course started"));
	if (jv_str(course, "current"))
		buf_printf(out, _("; working on %s"),
		           jv_str(course, "current"));
	buf_addc(out, '\n');
	if (jv_bool(course, "paused", false)) {
		day_of((time_t)jv_int(course, "paused_at", 0), day2,
		       sizeof(day2));
		buf_printf(out, _("  PAUSED since %s (%s)\n"), day2,
		           jv_str(course, "pause_kind")
		                   ? jv_str(course, "pause_kind")
		                   : "?");
	}
	day_of((time_t)jv_int(s, "last_active", 0), day2, sizeof(day2));
	buf_printf(out,
	           _("  last active %s; active on %lld of the last 7 "
	             "days, %lld of the last 28\n"),
	           day2, (long long)jv_int(adh, "active_days_7", 0),
	           (long long)jv_int(adh, "active_days_28", 0));
	buf_printf(out,
	           _("  worksheet entries finished in the last 7 days: "
	             "%lld\n"),
	           (long long)jv_int(adh, "entries_7", 0));
	for (size_t i = 0; i < jv_len(jv_get(adh, "homework")); i++) {
		const struct jv *h = jv_at(jv_get(adh, "homework"), i);

		buf_printf(out, _("  homework: %s, %lld of %lld done\n"),
		           jv_str(h, "worksheet") ? jv_str(h, "worksheet")
		                                  : "?",
		           (long long)jv_int(h, "have", 0),
		           (long long)jv_int(h, "need", 0));
	}

	for (size_t i = 0; i < jv_len(jv_get(adh, "skipped")); i++) {
		const struct jv *k = jv_at(jv_get(adh, "skipped"), i);

		day_of((time_t)jv_int(k, "at", 0), day2, sizeof(day2));
		buf_reset(&b);
		buf_printf(&b, _("homework skipped on %s: %s"), day2,
		           jv_str(k, "worksheet") ? jv_str(k, "worksheet")
		                                  : "?");
		if (jv_str(k, "reason"))
			buf_printf(&b, " (%s)", jv_str(k, "reason"));
		wrapped(out, "  ", b.data, cols);
	}

	buf_printf(out, "\n%s\n", _("Risk and pauses"));
	if (jv_len(flags) == 0)
		buf_printf(out, "  %s\n", _("none"));
	for (size_t i = 0; i < jv_len(flags); i++) {
		const struct jv *f = jv_at(flags, i);
		const char *kind = jv_str(f, "kind");

		day_of((time_t)jv_int(f, "at", 0), day2, sizeof(day2));
		buf_reset(&b);
		buf_printf(&b, "%s %s", day2,
		           _(report_flag_word(kind ? kind : "?")));
		if (jv_str(f, "measure"))
			buf_printf(&b, " (%s)", jv_str(f, "measure"));
		if (jv_str(f, "item"))
			buf_printf(&b, ": %s", jv_str(f, "item"));
		if (jv_str(f, "answer"))
			buf_printf(&b, " - %s", jv_str(f, "answer"));
		if (jv_int(f, "override_at", 0)) {
			day_of((time_t)jv_int(f, "override_at", 0), day2,
			       sizeof(day2));
			buf_printf(&b, _("; chose to continue on %s"), day2);
		} else if (jv_int(f, "resolved_at", 0)) {
			day_of((time_t)jv_int(f, "resolved_at", 0), day2,
			       sizeof(day2));
			buf_printf(&b, _("; resolved on %s"), day2);
		}
		wrapped(out, "  ", b.data, cols);
	}

	for (size_t i = 0; i < jv_len(measures); i++) {
		const struct jv *m = jv_at(measures, i),
		                *sc = jv_get(m, "scores"),
		                *ch = jv_get(m, "change");
		const struct instrument *installed;
		struct instrument *made = chart_def(m, set, &installed);
		const struct instrument *in = installed ? installed : made;
		struct chart_point *pts = xcalloc(jv_len(sc) + 1, sizeof(*pts));

		for (size_t k = 0; k < jv_len(sc); k++) {
			pts[k].at = (time_t)jv_int(jv_at(sc, k), "at", 0);
			pts[k].total = (int)jv_int(jv_at(sc, k), "total", 0);
		}
		buf_addc(out, '\n');
		chart_render(in, pts, jv_len(sc), cols < 40 ? 40 : cols, 10,
		             ascii, out);
		if (ch) {
			buf_printf(out, _("  %s from %lld to %lld: %s"),
			           jv_str(m, "name") ? jv_str(m, "name") : "?",
			           (long long)jv_int(ch, "from", 0),
			           (long long)jv_int(ch, "to", 0),
			           jv_str(ch, "kind") ? _(jv_str(ch, "kind"))
			                              : "?");
			if (jv_bool(ch, "reliably_recovered", false))
				buf_printf(out, "; %s", _("reliable recovery"));
			else if (jv_bool(ch, "recovered", false))
				buf_printf(out, "; %s", _("recovery"));
			else if (jv_bool(ch, "case_now", false))
				buf_printf(out, "; %s",
				           _("above the clinical cut-off"));
			buf_addc(out, '\n');
		}
		if (jv_len(jv_get(m, "latest_items"))) {
			buf_printf(out, "  %s\n", _("Latest answers:"));
			for (size_t k = 0;
			     k < jv_len(jv_get(m, "latest_items")); k++) {
				const struct jv *it =
				        jv_at(jv_get(m, "latest_items"), k);

				buf_reset(&b);
				buf_printf(&b, "%s%lld. %s: %s",
				           jv_bool(it, "critical", false) ? "!"
				                                          : " ",
				           (long long)jv_int(it, "n", 0),
				           jv_str(it, "text")
				                   ? jv_str(it, "text")
				                   : "?",
				           jv_str(it, "answer")
				                   ? jv_str(it, "answer")
				                   : "?");
				wrapped(out, "   ", b.data, cols);
			}
		}
		free(pts);
		inst_free(made);
	}

	if (jv_len(jv_get(shared, "lessons")) ||
	    jv_len(jv_get(shared, "worksheets")))
		buf_printf(out, "\n%s\n", _("What they chose to share"));
	for (size_t i = 0; i < jv_len(jv_get(shared, "lessons")); i++) {
		const struct jv *a = jv_at(jv_get(shared, "lessons"), i);

		buf_reset(&b);
		buf_printf(&b, "%s / %s",
		           jv_str(a, "lesson") ? jv_str(a, "lesson") : "?",
		           jv_str(a, "question") ? jv_str(a, "question") : "?");
		wrapped(out, "  ", b.data, cols);
		wrapped(out, "    ", jv_str(a, "text"), cols);
	}
	for (size_t i = 0; i < jv_len(jv_get(shared, "worksheets")); i++) {
		const struct jv *e = jv_at(jv_get(shared, "worksheets"), i);

		day_of((time_t)jv_int(e, "at", 0), day2, sizeof(day2));
		buf_reset(&b);
		buf_printf(&b, "%s, %s",
		           jv_str(e, "worksheet") ? jv_str(e, "worksheet")
		                                  : "?",
		           day2);
		wrapped(out, "  ", b.data, cols);
		for (size_t k = 0; k < jv_len(jv_get(e, "fields")); k++) {
			const struct jv *f = jv_at(jv_get(e, "fields"), k);

			buf_reset(&b);
			buf_printf(
			        &b, "%s: %s",
			        jv_str(f, "label") ? jv_str(f, "label") : "?",
			        jv_str(f, "value") ? jv_str(f, "value") : "");
			wrapped(out, "    ", b.data, cols);
		}
	}
	buf_free(&b);
	inst_set_free(set);
}

/* ---- replies ---- */

static int
find_person(struct caseload *c, const char *who, struct entry **out, char **msg)
{
	size_t wl = strlen(who), hits = 0;
	bool hex = wl >= 4 && wl <= 64 && strspn(who, "0123456789abcdef") == wl;

	*out = NULL;
	for (size_t i = 0; i < c->n; i++) {
		struct entry *e = &c->people[i];
		const char *ps =
		        e->summary ? jv_str(e->summary, "pseudonym") : NULL;
		bool match = ps && strcasecmp(ps, who) == 0;

		if (!match && hex) {
			struct buf h = BUF_INIT;

			guide_hex(e->id, GUIDE_ID_BYTES, &h);
			match = strncmp(h.data, who, wl) == 0;
			buf_free(&h);
		}
		if (match) {
			*out = e;
			hits++;
		}
	}
	if (hits == 1)
		return EXIT_OK;
	*msg = hits ? xasprintf(_("more than one person matches '%s': use "
	                          "more of their ID"),
	                        who)
	            : xasprintf(_("nobody in your caseload is '%s' (see "
	                          "tend helper inbox)"),
	                        who);
	return EXIT_USAGE;
}

int
caseload_reply(struct caseload *c, const char *who, const char *text,
               const char *path, time_t now, char **written, char **msg)
{
	struct entry *e;
	struct buf body = BUF_INIT, sealed = BUF_INIT;
	char *target = NULL, *dir = NULL;
	int st = find_person(c, who, &e, msg);

	*written = NULL;
	if (st != EXIT_OK)
		return st;
	st = EXIT_FAIL;
	if (!text || !*text) {
		*msg = xstrdup(_("the reply is empty: nothing was written"));
		st = EXIT_USAGE;
		goto out;
	}
	buf_adds(&body, "{\"format\":\"tend-reply\",\"version\":1,\"text\":");
	json_str(&body, text);
	buf_adds(&body, "}\n");
	if (guide_seal(c->keys, &e->pub, GUIDE_REPLY, e->reply_seq + 1,
	               (int64_t)now, body.data, body.len,
	               &sealed) != GUIDE_OK) {
		*msg = xstrdup(_("cannot seal the reply"));
		goto out;
	}
	if (path) {
		target = xstrdup(path);
	} else {
		struct tm tm;
		char day[32];
		uint8_t rnd[4];
		struct buf name = BUF_INIT;

		dir = path_join(c->dir, "outbox");
		if (path_mkdirs(dir, 0700) < 0) {
			*msg = xasprintf(_("cannot make the folder %s: %s"),
			                 dir, strerror(errno));
			goto out;
		}
		localtime_r(&now, &tm);
		strftime(day, sizeof(day), "%Y%m%d-%H%M%S", &tm);
		guide_random(rnd, sizeof(rnd));
		buf_printf(&name, "%s-", day);
		guide_hex(rnd, sizeof(rnd), &name);
		buf_adds(&name, ".tend");
		target = path_join(dir, name.data);
		buf_free(&name);
	}
	if (atomic_write(target, sealed.data, sealed.len, 0600) < 0) {
		*msg = xasprintf(_("cannot write %s: %s"), target,
		                 strerror(errno));
		goto out;
	}
	e->reply_seq++;
	st = state_save(c, msg);
	if (st != EXIT_OK) {
		unlink(target);
		goto out;
	}
	*written = target;
	target = NULL;
out:
	buf_wipe(&body);
	buf_free(&sealed);
	free(target);
	free(dir);
	return st;
}
