/*
 * Export formats.  JSON, CSV and FHIR are written as the store's cursors
 * read them (store/export.h), one row at a time, straight to the output:
 * an export of fifty thousand entries needs no more memory than one of
 * ten.  The Markdown and HTML reports are views of the labelled report
 * model (app/report.h), the same one the helper's summary uses.  Text
 * from the vault is escaped for the target format (JSON strings, HTML,
 * Markdown, CSV quoting); nothing from the vault is ever interpreted.
 */
#include "app/export.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/report.h"
#include "core/instrument.h"
#include "pack/instrument.h"
#include "store/export.h"
#include "store/guide.h"
#include "util/i18n.h"
#include "util/json.h"
#include "util/secret.h"
#include "util/utf8.h"
#include "util/xalloc.h"

int
export_format_parse(const char *name, enum export_format *out)
{
	static const char *const names[] = {"md", "html", "csv", "json",
	                                    "fhir"};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(name, names[i]) == 0) {
			*out = (enum export_format)i;
			return 0;
		}
	}
	if (strcmp(name, "markdown") == 0) {
		*out = EXPORT_MD;
		return 0;
	}
	return -1;
}

void
export_iso_time(time_t t, struct buf *out)
{
	struct tm tm;
	char s[32];
	long off;

	localtime_r(&t, &tm);
	strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%S", &tm);
	off = tm.tm_gmtoff / 60;
	buf_printf(out, "%s%c%02ld:%02ld", s, off < 0 ? '-' : '+',
	           labs(off) / 60, labs(off) % 60);
}

/* Writes b to o and empties it; -1 when o failed. */
static int
flush(FILE *o, struct buf *b)
{
	int rc = 0;

	if (b->len && fwrite(b->data, 1, b->len, o) != b->len)
		rc = -1;
	secret_wipe(b->data, b->len);
	buf_reset(b);
	return rc;
}

/* ---- JSON: every exported table, lossless, row by row ---- */

/* Appends v in decimal (faster than printf for a column of numbers). */
static void
add_int(struct buf *b, int64_t v)
{
	char d[24];
	size_t n = sizeof(d);
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	do {
		d[--n] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		d[--n] = '-';
	buf_add(b, d + n, sizeof(d) - n);
}

static int
write_json(struct vault *v, time_t now, FILE *o)
{
	struct buf b = BUF_INIT, keys = BUF_INIT;
	size_t key_at[16], key_len[16];
	int rc = 0;

	buf_adds(&b, "{\n  \"format\": \"tend-export\",\n  \"version\": 1,\n"
	             "  \"exported_at\": \"");
	export_iso_time(now, &b);
	buf_adds(&b, "\",\n  \"tables\": {");
	for (int q = 0; q < EXQ__TABLES && rc == 0; q++) {
		struct export_cursor *c;
		size_t nc = store_export_ncols(q), rows = 0;
		int st;

		/* Each cell's key, written once: `"name": ` and `, "name": `. */
		buf_reset(&keys);
		for (size_t k = 0; k < nc && k < 16; k++) {
			key_at[k] = keys.len;
			buf_printf(&keys, "%s\"%s\": ", k ? ", " : "",
			           store_export_col(q, k));
			key_len[k] = keys.len - key_at[k];
		}
		buf_printf(&b, "%s\n    \"%s\": [", q ? "," : "",
		           store_export_name(q));
		if (store_export_open(v, q, &c) < 0) {
			rc = -1;
			break;
		}
		while ((st = store_export_step(c)) == 1) {
			buf_adds(&b, rows++ ? ",\n      {" : "\n      {");
			for (size_t k = 0; k < nc && k < 16; k++) {
				buf_add(&b, keys.data + key_at[k], key_len[k]);
				if (store_export_is_int(c, k))
					add_int(&b, store_export_int(c, k));
				else
					json_str(&b, store_export_text(c, k));
			}
			buf_addc(&b, '}');
			if (b.len > 65536 && flush(o, &b) < 0) {
				st = -2;
				break;
			}
		}
		store_export_close(c);
		if (st < 0) {
			rc = st == -2 ? -2 : -1;
			break;
		}
		buf_adds(&b, rows ? "\n    ]" : "]");
	}
	if (rc == 0) {
		buf_adds(&b, "\n  }\n}\n");
		if (flush(o, &b) < 0)
			rc = -2;
	}
	buf_wipe(&b);
	buf_free(&keys);
	return rc;
}

/* ---- CSV: one value per row ---- */

static bool
is_number(const char *s)
{
	if (!s || !*s)
		return false;
	if (*s == '-')
		s++;
	if (!*s || strlen(s) > 18)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

static void
csv_cell(struct buf *o, const char *s)
{
	bool quote;

	if (!s)
		return;
	/* A leading = + - @ (or tab/CR) makes spreadsheets run a formula. */
	quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		buf_addc(o, '"');
	if (s[0] && strchr("=+-@\t\r", s[0]) && !is_number(s))
		buf_addc(o, '\'');
	while (*s) {
		size_t n = strcspn(s, "\"");

		buf_add(o, s, n);
		s += n;
		if (*s == '"') {
			buf_adds(o, "\"\"");
			s++;
		}
	}
	if (quote)
		buf_addc(o, '"');
}

static void
csv_row(struct buf *o, const char *const *cells, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addc(o, ',');
		csv_cell(o, cells[i]);
	}
	buf_adds(o, "\r\n");
}

/* An epoch column as ISO 8601 text.  The last conversion is kept (the
 * rows of one entry or check-in share their time), so a long export does
 * not convert the same second over and over. */
struct iso {
	struct buf text;
	char epoch[24]; /* what text was made from; "" for none */
};

#define ISO_INIT                                                               \
	{                                                                      \
		BUF_INIT, ""                                                   \
	}

static const char *
iso_of(const char *epoch, struct iso *c)
{
	if (!epoch || !*epoch) {
		c->epoch[0] = '\0';
		buf_reset(&c->text);
		buf_adds(&c->text, "");
		return c->text.data;
	}
	if (strcmp(epoch, c->epoch) != 0) {
		buf_reset(&c->text);
		export_iso_time((time_t)strtoll(epoch, NULL, 10), &c->text);
		snprintf(c->epoch, sizeof(c->epoch), "%s", epoch);
	}
	return c->text.data;
}

/* The items of one check-in, kept while its rows are read: at most the
 * largest questionnaire, whatever the vault holds. */
struct item {
	char key[16];
	char value[24];
	bool null;
};

#define MAX_GROUP (INST_MAX_ITEMS + 2)

struct group {
	int64_t id;
	char instrument[64];
	char taken_at[24];
	char total[24];
	char band[64];
	bool has_total, has_band;
	struct item items[MAX_GROUP];
	size_t n;
};

static int
item_cmp(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	bool nx = is_number(x->key), ny = is_number(y->key);

	if (nx && ny)
		return atoi(x->key) - atoi(y->key);
	if (nx != ny)
		return nx ? -1 : 1;
	return strcmp(x->key, y->key);
}

static void
copy_cell(char *dst, size_t cap, const char *s)
{
	snprintf(dst, cap, "%s", s ? s : "");
}

/*
 * Reads check-ins with their items from c, calling emit(group, arg) once
 * per check-in with its items in item order.  Returns 0, -1 (database) or
 * what emit returned when it was not 0.
 */
static int
each_checkin(struct export_cursor *c,
             int (*emit)(const struct group *g, void *arg), void *arg)
{
	struct group *g = xcalloc(1, sizeof(*g));
	bool open = false;
	int st, rc = 0;

	while ((st = store_export_step(c)) == 1) {
		int64_t id = store_export_int(c, 0);

		if (!open || id != g->id) {
			if (open) {
				qsort(g->items, g->n, sizeof(g->items[0]),
				      item_cmp);
				if ((rc = emit(g, arg)) != 0)
					break;
			}
			memset(g, 0, sizeof(*g));
			open = true;
			g->id = id;
			copy_cell(g->instrument, sizeof(g->instrument),
			          store_export_text(c, 1));
			copy_cell(g->taken_at, sizeof(g->taken_at),
			          store_export_text(c, 2));
			g->has_total = store_export_text(c, 3) != NULL;
			copy_cell(g->total, sizeof(g->total),
			          store_export_text(c, 3));
			g->has_band = store_export_text(c, 4) != NULL;
			copy_cell(g->band, sizeof(g->band),
			          store_export_text(c, 4));
		}
		if (store_export_text(c, 5) && g->n < MAX_GROUP) {
			struct item *it = &g->items[g->n++];

			copy_cell(it->key, sizeof(it->key),
			          store_export_text(c, 5));
			it->null = store_export_text(c, 6) == NULL;
			copy_cell(it->value, sizeof(it->value),
			          store_export_text(c, 6));
		}
	}
	if (st < 0)
		rc = -1;
	else if (open && rc == 0) {
		qsort(g->items, g->n, sizeof(g->items[0]), item_cmp);
		rc = emit(g, arg);
	}
	secret_wipe(g, sizeof(*g));
	free(g);
	return rc;
}

struct csv_ctx {
	FILE *o;
	struct buf b;
	struct iso when;
};

static int
csv_checkin(const struct group *g, void *arg)
{
	struct csv_ctx *x = arg;
	char id[24];
	const char *row[7];

	snprintf(id, sizeof(id), "%lld", (long long)g->id);
	row[0] = "assessment";
	row[1] = id;
	row[2] = iso_of(g->taken_at, &x->when);
	row[3] = g->instrument;
	row[4] = "total";
	row[5] = "0";
	row[6] = g->has_total ? g->total : NULL;
	csv_row(&x->b, row, 7);
	row[4] = "band";
	row[6] = g->has_band ? g->band : NULL;
	csv_row(&x->b, row, 7);
	for (size_t i = 0; i < g->n; i++) {
		row[4] = "item";
		row[5] = g->items[i].key;
		row[6] = g->items[i].null ? NULL : g->items[i].value;
		csv_row(&x->b, row, 7);
	}
	return x->b.len > 16384 && flush(x->o, &x->b) < 0 ? -2 : 0;
}

static int
write_csv(struct vault *v, FILE *o)
{
	static const char *const head[] = {"kind",  "id",  "time", "name",
	                                   "field", "row", "value"};
	struct csv_ctx x = {o, BUF_INIT, ISO_INIT};
	struct export_cursor *c = NULL;
	int rc, st;

	csv_row(&x.b, head, 7);
	if (store_export_open(v, EXQ_CHECKIN_ITEMS, &c) < 0) {
		rc = -1;
		goto out;
	}
	rc = each_checkin(c, csv_checkin, &x);
	store_export_close(c);
	c = NULL;
	if (rc != 0)
		goto out;
	if (store_export_open(v, EXQ_ENTRY_VALUES, &c) < 0) {
		rc = -1;
		goto out;
	}
	while ((st = store_export_step(c)) == 1) {
		const char *row[7] = {"entry",
		                      store_export_text(c, 0),
		                      NULL,
		                      store_export_text(c, 1),
		                      store_export_text(c, 3),
		                      store_export_text(c, 4),
		                      store_export_text(c, 5)};

		row[2] = iso_of(store_export_text(c, 2), &x.when);
		csv_row(&x.b, row, 7);
		if (x.b.len > 16384 && flush(o, &x.b) < 0) {
			rc = -2;
			goto out;
		}
	}
	store_export_close(c);
	c = NULL;
	if (st < 0 || store_export_open(v, EXQ_PROMPT_ANSWERS, &c) < 0) {
		rc = -1;
		goto out;
	}
	while ((st = store_export_step(c)) == 1) {
		const char *row[7] = {"prompt",
		                      store_export_text(c, 2),
		                      NULL,
		                      store_export_text(c, 1),
		                      store_export_text(c, 2),
		                      "0",
		                      store_export_text(c, 3)};

		row[2] = iso_of(store_export_text(c, 4), &x.when);
		csv_row(&x.b, row, 7);
	}
	if (st < 0)
		rc = -1;
	else if (flush(o, &x.b) < 0)
		rc = -2;
out:
	store_export_close(c);
	buf_wipe(&x.b);
	buf_free(&x.when.text);
	return rc;
}

/* ---- FHIR R4: a collection Bundle, row by row ---- */

/* A fresh random (version 4) UUID, lower case, into out (37 bytes). */
static void
uuid4(char out[37])
{
	uint8_t r[16];
	static const char d[] = "0123456789abcdef";
	size_t k = 0;

	guide_random(r, sizeof(r));
	r[6] = (uint8_t)((r[6] & 0x0f) | 0x40);
	r[8] = (uint8_t)((r[8] & 0x3f) | 0x80);
	for (size_t i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[k++] = '-';
		out[k++] = d[r[i] >> 4];
		out[k++] = d[r[i] & 15];
	}
	out[k] = '\0';
}

struct fhir_ctx {
	FILE *o;
	struct buf b;
	struct iso when;
	const struct inst_set *inst;
	char patient[37];
	bool first;
};

/* The questionnaire's canonical URL: the LOINC panel where there is one,
 * else tend's own name for it (a URN: nothing to resolve). */
static void
canonical(const struct instrument *in, const char *id, struct buf *b)
{
	if (in && in->loinc)
		buf_printf(b, "http://loinc.org/q/%s", in->loinc);
	else
		buf_printf(b, "urn:tend:questionnaire:%s", id);
}

static int
fhir_checkin(const struct group *g, void *arg)
{
	struct fhir_ctx *x = arg;
	struct buf *b = &x->b;
	const struct instrument *in =
	        x->inst ? inst_set_find(x->inst, g->instrument) : NULL;
	char qr[37], obs[37];
	struct buf canon = BUF_INIT;
	size_t nitem = 0;

	uuid4(qr);
	(void)iso_of(g->taken_at, &x->when);
	canonical(in, g->instrument, &canon);
	buf_printf(b,
	           ",\n    {\"fullUrl\": \"urn:uuid:%s\", \"resource\": {\n"
	           "      \"resourceType\": \"QuestionnaireResponse\","
	           " \"questionnaire\": ",
	           qr);
	json_str(b, canon.data);
	buf_printf(b,
	           ", \"status\": \"completed\",\n"
	           "      \"subject\": {\"reference\": \"urn:uuid:%s\"},"
	           " \"authored\": ",
	           x->patient);
	json_str(b, x->when.text.data);
	for (size_t i = 0; i < g->n; i++) {
		const struct item *it = &g->items[i];
		long idx = is_number(it->key) ? atol(it->key) - 1 : -1;
		const struct inst_item *def =
		        in && idx >= 0 && (size_t)idx < in->nitems
		                ? &in->items[idx]
		        : in && !is_number(it->key) ? in->extra
		                                    : NULL;
		const struct inst_option *opt =
		        def && !it->null
		                ? inst_option_by_key(def, atoi(it->value))
		                : NULL;

		buf_adds(b, nitem++ ? ",\n        "
		                    : ",\n      \"item\": [\n        ");
		buf_adds(b, "{\"linkId\": ");
		json_str(b, def && def->loinc ? def->loinc : it->key);
		if (def && def->text) {
			buf_adds(b, ", \"text\": ");
			json_str(b, def->text);
		}
		if (!it->null && is_number(it->value))
			buf_printf(b, ", \"answer\": [{\"valueInteger\": %d}]",
			           opt ? opt->value : atoi(it->value));
		buf_adds(b, "}");
	}
	buf_adds(b, nitem ? "]}}" : "}}");
	if (g->has_total && is_number(g->total)) {
		const struct inst_band *band =
		        in ? inst_band_for(in, atoi(g->total)) : NULL;

		uuid4(obs);
		buf_printf(b,
		           ",\n    {\"fullUrl\": \"urn:uuid:%s\", "
		           "\"resource\": {\n"
		           "      \"resourceType\": \"Observation\","
		           " \"status\": \"final\",\n"
		           "      \"category\": [{\"coding\": [{\"system\":"
		           " \"http://terminology.hl7.org/CodeSystem/"
		           "observation-category\", \"code\": \"survey\","
		           " \"display\": \"Survey\"}]}],\n"
		           "      \"code\": {",
		           obs);
		if (in && in->loinc_total) {
			buf_adds(b, "\"coding\": [{\"system\": "
			            "\"http://loinc.org\", \"code\": ");
			json_str(b, in->loinc_total);
			buf_adds(b, "}], ");
		}
		buf_adds(b, "\"text\": ");
		json_str(b, in && in->title ? in->title : g->instrument);
		buf_printf(b,
		           "},\n      \"subject\": {\"reference\":"
		           " \"urn:uuid:%s\"},\n      \"effectiveDateTime\": ",
		           x->patient);
		json_str(b, x->when.text.data);
		buf_printf(b, ", \"valueInteger\": %d", atoi(g->total));
		if (band && band->label) {
			buf_adds(b,
			         ",\n      \"interpretation\": [{\"text\": ");
			json_str(b, band->label);
			buf_adds(b, "}]");
		} else if (g->has_band && g->band[0]) {
			buf_adds(b,
			         ",\n      \"interpretation\": [{\"text\": ");
			json_str(b, g->band);
			buf_adds(b, "}]");
		}
		buf_printf(b,
		           ",\n      \"derivedFrom\": [{\"reference\":"
		           " \"urn:uuid:%s\"}]}}",
		           qr);
	}
	buf_free(&canon);
	return b->len > 16384 && flush(x->o, b) < 0 ? -2 : 0;
}

static int
write_fhir(struct vault *v, time_t now, FILE *o)
{
	struct fhir_ctx x = {o, BUF_INIT, ISO_INIT, NULL, "", true};
	struct diags d = DIAGS_INIT;
	struct inst_set *inst = pack_load_instruments(&d);
	struct export_cursor *c = NULL;
	char bundle[37], subject[33];
	int rc;

	diag_free(&d);
	x.inst = inst;
	uuid4(bundle);
	uuid4(x.patient);
	store_export_subject(v, subject);
	buf_printf(&x.b,
	           "{\n  \"resourceType\": \"Bundle\", \"id\": \"%s\",\n"
	           "  \"identifier\": {\"system\": \"urn:ietf:rfc:3986\","
	           " \"value\": \"urn:uuid:%s\"},\n"
	           "  \"type\": \"collection\",\n  \"timestamp\": \"",
	           bundle, bundle);
	export_iso_time(now, &x.b);
	/* The person, pseudonymous: an identifier derived from the vault,
	 * no name, no date of birth. */
	buf_printf(&x.b,
	           "\",\n  \"entry\": [\n"
	           "    {\"fullUrl\": \"urn:uuid:%s\", \"resource\": {"
	           "\"resourceType\": \"Patient\", \"identifier\": [{"
	           "\"system\": \"urn:tend:subject\", \"value\": \"%s\"}]}}",
	           x.patient, subject);
	if (store_export_open(v, EXQ_CHECKIN_ITEMS, &c) < 0) {
		rc = -1;
		goto out;
	}
	rc = each_checkin(c, fhir_checkin, &x);
	if (rc == 0) {
		buf_adds(&x.b, "\n  ]\n}\n");
		if (flush(o, &x.b) < 0)
			rc = -2;
	}
out:
	store_export_close(c);
	inst_set_free(inst);
	buf_wipe(&x.b);
	buf_free(&x.when.text);
	return rc;
}

/* ---- Markdown and HTML reports ---- */

/*
 * The report is one series of calls on a "writer" that turns them into
 * Markdown or HTML, so both always say the same thing.
 */
struct writer {
	struct buf *o;
	bool html;
	bool in_cell; /* Markdown table cells: no line breaks, no pipes */
};

static void
w_text(struct writer *w, const char *s)
{
	struct buf clean = BUF_INIT;

	utf8_sanitize(&clean, s ? s : "", s ? strlen(s) : 0, false);
	for (size_t i = 0; i < clean.len; i++) {
		char ch = clean.data[i];

		if (w->html) {
			switch (ch) {
			case '&':
				buf_adds(w->o, "&amp;");
				continue;
			case '<':
				buf_adds(w->o, "&lt;");
				continue;
			case '>':
				buf_adds(w->o, "&gt;");
				continue;
			case '"':
				buf_adds(w->o, "&quot;");
				continue;
			case '\n':
				buf_adds(w->o, "<br>");
				continue;
			}
		} else if (ch == '\n') {
			buf_adds(w->o, w->in_cell ? "; " : "  \n");
			continue;
		} else if (strchr("\\`*_[]<>#|", ch)) {
			buf_addc(w->o, '\\');
		}
		buf_addc(w->o, ch);
	}
	buf_wipe(&clean);
}

static void
w_heading(struct writer *w, int level, const char *s)
{
	if (w->html) {
		buf_printf(w->o, "<h%d>", level);
		w_text(w, s);
		buf_printf(w->o, "</h%d>\n", level);
	} else {
		buf_addrep(w->o, '#', (size_t)level);
		buf_addc(w->o, ' ');
		w_text(w, s);
		buf_adds(w->o, "\n\n");
	}
}

static void
w_para(struct writer *w, const char *cls, const char *s)
{
	if (w->html) {
		if (cls)
			buf_printf(w->o, "<p class=\"%s\">", cls);
		else
			buf_adds(w->o, "<p>");
		w_text(w, s);
		buf_adds(w->o, "</p>\n");
	} else {
		w_text(w, s);
		buf_adds(w->o, "\n\n");
	}
}

static void
w_list_start(struct writer *w)
{
	if (w->html)
		buf_adds(w->o, "<dl>\n");
}

static void
w_list_end(struct writer *w)
{
	buf_adds(w->o, w->html ? "</dl>\n" : "\n");
}

/* A list item; cls marks it in HTML (Markdown: in bold). */
static void
w_item_cls(struct writer *w, const char *cls, const char *label,
           const char *value)
{
	if (w->html) {
		if (cls)
			buf_printf(w->o, "<dt class=\"%s\">", cls);
		else
			buf_adds(w->o, "<dt>");
		w_text(w, label);
		buf_adds(w->o, cls ? "</dt><dd class=\"" : "</dt><dd>");
		if (cls)
			buf_printf(w->o, "%s\">", cls);
		w_text(w, value && *value ? value : "-");
		buf_adds(w->o, "</dd>\n");
	} else {
		buf_adds(w->o, "- **");
		w_text(w, label);
		buf_adds(w->o, cls ? ": " : ":** ");
		w_text(w, value && *value ? value : "-");
		buf_adds(w->o, cls ? "**\n" : "\n");
	}
}

static void
w_item(struct writer *w, const char *label, const char *value)
{
	if (w->html) {
		buf_adds(w->o, "<dt>");
		w_text(w, label);
		buf_adds(w->o, "</dt><dd>");
		w_text(w, value && *value ? value : "-");
		buf_adds(w->o, "</dd>\n");
	} else {
		buf_adds(w->o, "- **");
		w_text(w, label);
		buf_adds(w->o, ":** ");
		w_text(w, value && *value ? value : "-");
		buf_addc(w->o, '\n');
	}
}

/* A table: the header cells, then rows of the same number of cells. */
static void
w_table(struct writer *w, const char *const *head, size_t n)
{
	if (w->html) {
		buf_adds(w->o, "<table>\n<thead><tr>");
		for (size_t i = 0; i < n; i++) {
			buf_adds(w->o, "<th>");
			w_text(w, head[i]);
			buf_adds(w->o, "</th>");
		}
		buf_adds(w->o, "</tr></thead>\n<tbody>\n");
		return;
	}
	w->in_cell = true;
	for (size_t i = 0; i < n; i++) {
		buf_adds(w->o, "| ");
		w_text(w, head[i]);
		buf_adds(w->o, " ");
	}
	buf_adds(w->o, "|\n");
	for (size_t i = 0; i < n; i++)
		buf_adds(w->o, "|---");
	buf_adds(w->o, "|\n");
	w->in_cell = false;
}

static void
w_row(struct writer *w, const char *const *head, const char *const *cells,
      size_t n, const char *cls)
{
	if (w->html) {
		if (cls)
			buf_printf(w->o, "<tr class=\"%s\">", cls);
		else
			buf_adds(w->o, "<tr>");
		for (size_t i = 0; i < n; i++) {
			/* The label repeats each cell's heading on a phone,
			 * where a row is shown as a block. */
			buf_adds(w->o, "<td data-label=\"");
			w_text(w, head[i]);
			buf_adds(w->o, "\">");
			w_text(w, cells[i] && *cells[i] ? cells[i] : "-");
			buf_adds(w->o, "</td>");
		}
		buf_adds(w->o, "</tr>\n");
		return;
	}
	w->in_cell = true;
	for (size_t i = 0; i < n; i++) {
		buf_adds(w->o, "| ");
		w_text(w, cells[i] && *cells[i] ? cells[i] : "-");
		buf_adds(w->o, " ");
	}
	buf_adds(w->o, "|\n");
	w->in_cell = false;
}

static void
w_table_end(struct writer *w)
{
	buf_adds(w->o, w->html ? "</tbody>\n</table>\n" : "\n");
}

static void
day(time_t t, char *out, size_t n)
{
	struct tm tm;

	if (t <= 0) {
		snprintf(out, n, "-");
		return;
	}
	localtime_r(&t, &tm);
	strftime(out, n, "%Y-%m-%d %H:%M", &tm);
}

/*
 * Risk answers (a PHQ-9 item 9 answered above "not at all", or any
 * instrument's critical item) come first in every report, marked, so that
 * nobody has to read down to the table to see one: how many, and the
 * latest with its date, question and answer.
 */
static void
report_risk_line(const struct report *r, struct writer *w)
{
	const struct report_flag *last = NULL;
	size_t n = 0;
	char when[32];
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < r->nflags; i++) {
		if (strcmp(r->flags[i].kind, "critical_item") != 0)
			continue;
		n++;
		if (!last || r->flags[i].raised_at >= last->raised_at)
			last = &r->flags[i];
	}
	if (!last) {
		w_item(w, _("Risk answers"), _("none"));
		return;
	}
	day(last->raised_at, when, sizeof(when));
	buf_printf(&b, ngettext("%zu, on %s", "%zu, the latest on %s", n), n,
	           when);
	if (last->measure)
		buf_printf(&b, " (%s", last->measure);
	if (last->item)
		buf_printf(&b, "%s%s", last->measure ? ": " : " (", last->item);
	if (last->answer)
		buf_printf(&b, "%s%s",
		           last->measure || last->item ? ": " : " (",
		           last->answer);
	if (last->measure || last->item || last->answer)
		buf_addc(&b, ')');
	w_item_cls(w, "flag", _("Risk answers"), b.data);
	buf_free(&b);
}

static void
report_overview(const struct report *r, struct writer *w)
{
	char when[32], *v;

	w_heading(w, 2, _("Overview"));
	w_list_start(w);
	report_risk_line(r, w);
	w_item(w, _("Course"), r->course ? r->course : _("not started"));
	v = xasprintf(_("%zu of %zu done"), r->lessons_done, r->lessons_total);
	w_item(w, _("Lessons"), v);
	free(v);
	if (r->current)
		w_item(w, _("Working on"), r->current);
	if (r->paused) {
		day(r->paused_at, when, sizeof(when));
		v = xasprintf(_("paused since %s: %s"), when,
		              _(report_flag_word(r->pause_kind)));
		w_item(w, _("Progression"), v);
		free(v);
	} else {
		w_item(w, _("Progression"), _("not paused"));
	}
	day(r->last_active, when, sizeof(when));
	w_item(w, _("Last active"), when);
	v = xasprintf(_("%d of the last 7 days, %d of the last 28"),
	              r->active_days_7, r->active_days_28);
	w_item(w, _("Active"), v);
	free(v);
	v = xasprintf("%ld", r->entries_7);
	w_item(w, _("Worksheet entries finished in the last 7 days"), v);
	free(v);
	for (size_t i = 0; i < r->nhomework; i++) {
		v = xasprintf(_("%s: %d of %d done"), r->homework[i].sheet,
		              r->homework[i].have, r->homework[i].need);
		w_item(w, _("Homework due"), v);
		free(v);
	}
	w_list_end(w);
}

static void
report_skips(const struct report *r, struct writer *w)
{
	const char *head[] = {_("Date"), _("Homework"), _("Before lesson"),
	                      _("Reason")};

	if (r->nskips == 0)
		return;
	w_heading(w, 2, _("Homework skipped"));
	w_table(w, head, 4);
	for (size_t i = 0; i < r->nskips; i++) {
		char when[32];
		const char *cells[4];

		day(r->skips[i].at, when, sizeof(when));
		cells[0] = when;
		cells[1] = r->skips[i].sheet;
		cells[2] = r->skips[i].lesson;
		cells[3] = r->skips[i].reason;
		w_row(w, head, cells, 4, NULL);
	}
	w_table_end(w);
}

static void
change_sentence(const struct report_measure *m, struct buf *b)
{
	const struct change_single *c = &m->change;

	buf_printf(b, _("From %d to %d: %s"), m->scores[0].total,
	           m->scores[m->n - 1].total, _(report_change_word(c->kind)));
	if (m->has_caseness) {
		buf_printf(b, _("; %s at the start, %s now"),
		           c->case_at_start ? _("above the clinical cut-off")
		                            : _("below the clinical cut-off"),
		           c->case_now ? _("above") : _("below"));
		if (c->reliably_recovered)
			buf_printf(b, "; %s", _("reliable recovery"));
		else if (c->recovered)
			buf_printf(b, "; %s", _("recovery"));
	}
	buf_addc(b, '.');
}

static void
report_measures(const struct report *r, struct writer *w)
{
	const char *head[] = {_("Date"), _("Score"), _("Band"),
	                      _("Change from the first")};
	struct buf b = BUF_INIT;

	w_heading(w, 2, _("Questionnaires"));
	if (r->nmeasures == 0)
		w_para(w, NULL, _("No check-ins yet."));
	for (size_t i = 0; i < r->nmeasures; i++) {
		const struct report_measure *m = &r->measures[i];

		buf_reset(&b);
		buf_printf(&b, "%s: %s", m->name, m->title);
		w_heading(w, 3, b.data);
		buf_reset(&b);
		buf_printf(&b, _("Range %d to %d, %s is better"), m->min,
		           m->max, m->lower_better ? _("lower") : _("higher"));
		if (m->has_caseness)
			buf_printf(&b, _("; clinical cut-off %d"), m->caseness);
		if (m->has_reliable_change)
			buf_printf(&b, _("; reliable change %d points"),
			           m->reliable_change);
		buf_addc(&b, '.');
		w_para(w, "note", b.data);
		w_table(w, head, 4);
		for (size_t k = 0; k < m->n; k++) {
			char when[32], total[16], diff[16];
			const char *cells[4];

			day(m->scores[k].at, when, sizeof(when));
			snprintf(total, sizeof(total), "%d",
			         m->scores[k].total);
			snprintf(diff, sizeof(diff), k ? "%+d" : "-",
			         m->scores[k].total - m->scores[0].total);
			cells[0] = when;
			cells[1] = total;
			cells[2] = m->scores[k].band;
			cells[3] = diff;
			w_row(w, head, cells, 4, NULL);
		}
		w_table_end(w);
		if (m->has_change) {
			buf_reset(&b);
			change_sentence(m, &b);
			w_para(w, NULL, b.data);
		}
	}
	buf_free(&b);
}

static void
report_flags(const struct report *r, struct writer *w)
{
	const char *head[] = {_("Date"), _("What"), _("Questionnaire"),
	                      _("Answer"), _("Then")};

	w_heading(w, 2, _("Risk answers, pauses and overrides"));
	if (r->nflags == 0) {
		w_para(w, NULL, _("None."));
		return;
	}
	w_table(w, head, 5);
	for (size_t i = 0; i < r->nflags; i++) {
		const struct report_flag *f = &r->flags[i];
		char when[32], then[64], d2[32];
		struct buf ans = BUF_INIT;
		const char *cells[5];

		day(f->raised_at, when, sizeof(when));
		if (f->item)
			buf_printf(&ans, "%s: ", f->item);
		if (f->answer)
			buf_adds(&ans, f->answer);
		if (f->override_at) {
			day(f->override_at, d2, sizeof(d2));
			snprintf(then, sizeof(then), _("chose to continue %s"),
			         d2);
		} else if (f->resolved_at) {
			day(f->resolved_at, d2, sizeof(d2));
			snprintf(then, sizeof(then), _("resolved %s"), d2);
		} else {
			snprintf(then, sizeof(then), "%s",
			         strcmp(f->kind, "critical_item") == 0
			                 ? "-"
			                 : _("still open"));
		}
		cells[0] = when;
		cells[1] = _(report_flag_word(f->kind));
		cells[2] = f->measure;
		cells[3] = ans.data;
		cells[4] = then;
		w_row(w, head, cells, 5,
		      strcmp(f->kind, "critical_item") == 0 ? "flag" : NULL);
		buf_free(&ans);
	}
	w_table_end(w);
}

static void
report_answers(const struct report *r, struct writer *w)
{
	struct buf b = BUF_INIT, v = BUF_INIT;
	bool any = false;

	for (size_t i = 0; i < r->nmeasures && !any; i++)
		any = r->measures[i].n > 0;
	if (!any)
		return;
	w_heading(w, 2, _("Check-in answers"));
	for (size_t i = 0; i < r->nmeasures; i++) {
		const struct report_measure *m = &r->measures[i];

		for (size_t k = 0; k < m->n; k++) {
			const struct report_score *sc = &m->scores[k];
			char when[32];

			day(sc->at, when, sizeof(when));
			buf_reset(&b);
			buf_printf(&b, "%s, %s: %d", m->name, when, sc->total);
			if (sc->band)
				buf_printf(&b, " (%s)", sc->band);
			w_heading(w, 3, b.data);
			if (sc->nitems == 0) {
				w_para(w, "note",
				       _("The item answers are not "
				         "known (the questionnaire "
				         "is not installed)."));
				continue;
			}
			w_list_start(w);
			for (size_t j = 0; j < sc->nitems; j++) {
				const struct report_answer *a = &sc->items[j];

				buf_reset(&b);
				if (a->n)
					buf_printf(&b, "%d. %s", a->n, a->text);
				else
					buf_adds(&b, a->text);
				buf_reset(&v);
				buf_printf(&v, "%s (%d)%s", a->answer, a->value,
				           a->critical ? _(" - risk answer")
				                       : "");
				w_item(w, b.data, v.data);
			}
			w_list_end(w);
		}
	}
	buf_free(&b);
	buf_free(&v);
}

static void
report_lessons(const struct report *r, struct writer *w)
{
	const char *head[] = {_("Lesson"), _("Opened"), _("Finished")};

	if (r->nlessons == 0)
		return;
	w_heading(w, 2, _("Lessons"));
	w_table(w, head, 3);
	for (size_t i = 0; i < r->nlessons; i++) {
		char a[32], b[32];
		const char *cells[3];

		day(r->lessons[i].opened_at, a, sizeof(a));
		day(r->lessons[i].completed_at, b, sizeof(b));
		cells[0] = r->lessons[i].title;
		cells[1] = a;
		cells[2] = b;
		w_row(w, head, cells, 3, NULL);
	}
	w_table_end(w);
}

static void
report_prompts(const struct report *r, struct writer *w)
{
	const char *lesson = NULL;

	if (r->nprompts == 0)
		return;
	w_heading(w, 2, _("Answers in lessons"));
	for (size_t i = 0; i < r->nprompts; i++) {
		const struct report_prompt *p = &r->prompts[i];

		if (!lesson || strcmp(lesson, p->lesson) != 0) {
			if (lesson)
				w_list_end(w);
			lesson = p->lesson;
			w_heading(w, 3, lesson);
			w_list_start(w);
		}
		w_item(w, p->question, p->text);
	}
	w_list_end(w);
}

static void
report_entries(const struct report *r, struct writer *w)
{
	struct buf b = BUF_INIT;

	w_heading(w, 2, _("Worksheets"));
	if (r->nentries == 0)
		w_para(w, NULL, _("No worksheet entries yet."));
	/* Newest first, as a clinician reads them. */
	for (size_t i = r->nentries; i-- > 0;) {
		const struct report_entry *e = &r->entries[i];
		char when[32];

		day(e->created_at, when, sizeof(when));
		buf_reset(&b);
		buf_printf(&b, "%s, %s", e->sheet, when);
		w_heading(w, 3, b.data);
		if (e->lesson || !e->completed_at) {
			buf_reset(&b);
			if (e->lesson)
				buf_printf(&b,
				           _("Homework for \u201c%s\u201d."),
				           e->lesson);
			if (!e->completed_at)
				buf_printf(&b, "%s%s", b.len ? " " : "",
				           _("Not finished."));
			w_para(w, "note", b.data);
		}
		w_list_start(w);
		for (size_t k = 0; k < e->nfields; k++)
			w_item(w, e->fields[k].label, e->fields[k].value);
		w_list_end(w);
	}
	buf_free(&b);
}

/* Print on A4, read on a phone: one page, no scripts, nothing loaded. */
static const char html_head[] =
        "<style>\n"
        "@page{size:A4;margin:16mm 14mm}\n"
        "html{-webkit-text-size-adjust:100%}\n"
        "body{font-family:\"DejaVu Sans\",Arial,sans-serif;font-size:11pt;"
        "line-height:1.45;max-width:46em;margin:1.5em auto;padding:0 1em;"
        "color:#111;overflow-wrap:anywhere;word-wrap:break-word}\n"
        "h1{font-size:1.6em;margin:.2em 0}\n"
        "h2{font-size:1.25em;border-bottom:1px solid #999;margin-top:1.6em;"
        "break-after:avoid;page-break-after:avoid}\n"
        "h3{font-size:1.05em;margin:1.1em 0 .3em;break-after:avoid;"
        "page-break-after:avoid}\n"
        "table{border-collapse:collapse;width:100%;margin:.4em 0 1em;"
        "font-size:.95em}\n"
        "th,td{border:1px solid #bbb;padding:.25em .4em;text-align:left;"
        "vertical-align:top}\n"
        "th{background:#eee}\n"
        "tr{break-inside:avoid;page-break-inside:avoid}\n"
        "dl{margin:.3em 0 1em}dt{font-weight:bold}dd{margin:0 0 .5em 1.2em}\n"
        ".flag td,dt.flag,dd.flag{color:#a00;font-weight:bold}\n"
        ".note{color:#444;font-size:.9em}\n"
        "@media (max-width:600px){body{font-size:15px;margin:.5em auto;"
        "padding:0 .6em}table,thead,tbody,tr,th,td{display:block}"
        "thead{display:none}tr{border:1px solid #bbb;margin:0 0 .6em}"
        "td{border:none;border-bottom:1px solid #ddd}"
        "td::before{content:attr(data-label);display:block;"
        "font-weight:bold;font-size:.85em;color:#444}}\n"
        "@media print{body{max-width:none;margin:0;padding:0}}\n"
        "</style>\n</head>\n<body>\n";

static void
render_report(const struct report *r, bool html, time_t now, struct buf *o)
{
	struct writer w = {o, html, false};
	struct buf when = BUF_INIT, b = BUF_INIT;

	export_iso_time(now, &when);
	if (html)
		buf_printf(
		        o,
		        "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
		        "<meta charset=\"utf-8\">\n"
		        "<meta name=\"viewport\" content=\"width=device-width, "
		        "initial-scale=1\">\n<title>%s</title>\n%s",
		        /* TRANSLATORS: the code of this translation's
		            * language (BCP 47, as in <html lang="de">). */
		        _("en"), _("Progress report"), html_head);
	w_heading(&w, 1, _("Progress report"));
	buf_printf(&b,
	           _("From tend, a self-guided course; exported %s.  This file "
	             "is not encrypted: keep it somewhere safe."),
	           when.data);
	w_para(&w, "note", b.data);
	report_overview(r, &w);
	report_skips(r, &w);
	report_measures(r, &w);
	report_flags(r, &w);
	report_answers(r, &w);
	report_lessons(r, &w);
	report_prompts(r, &w);
	report_entries(r, &w);
	if (html)
		buf_adds(o, "</body>\n</html>\n");
	buf_free(&when);
	buf_free(&b);
}

/* ---- writing ---- */

int
export_write(struct session *s, enum export_format f, time_t now, FILE *out)
{
	struct vault *v = session_vault(s);
	struct report *r = NULL;
	struct buf b = BUF_INIT;
	int rc;

	switch (f) {
	case EXPORT_JSON:
		rc = write_json(v, now, out);
		break;
	case EXPORT_CSV:
		rc = write_csv(v, out);
		break;
	case EXPORT_FHIR:
		rc = write_fhir(v, now, out);
		break;
	default:
		if (report_build(s, now, REPORT_ALL, 0, &r) < 0)
			return -1;
		render_report(r, f == EXPORT_HTML, now, &b);
		report_free(r);
		rc = flush(out, &b) < 0 ? -2 : 0;
		buf_wipe(&b);
		break;
	}
	if (rc == 0 && fflush(out) != 0)
		rc = -2;
	return rc;
}

/* A FILE that appends to a struct buf (fopencookie), so that a sealed
 * export is rendered by the same writers. */
static ssize_t
buf_cookie_write(void *cookie, const char *p, size_t n)
{
	buf_add(cookie, p, n);
	return (ssize_t)n;
}

int
export_render(struct session *s, enum export_format f, time_t now,
              struct buf *out)
{
	cookie_io_functions_t io = {NULL, buf_cookie_write, NULL, NULL};
	FILE *fp = fopencookie(out, "w", io);
	int rc;

	if (!fp)
		return -2;
	/* No stdio buffer: no copy of the plaintext outside out. */
	setvbuf(fp, NULL, _IONBF, 0);
	rc = export_write(s, f, now, fp);
	fclose(fp);
	return rc;
}

_Static_assert(EXPORT_KEY_BYTES == SEAL_KEY_BYTES, "one key length");

int
export_seal(const unsigned char pk[EXPORT_KEY_BYTES], const void *data,
            size_t len, struct buf *out)
{
	return store_seal(pk, data, len, out);
}

int
export_unseal(const unsigned char sk[EXPORT_KEY_BYTES], const void *data,
              size_t len, struct buf *out)
{
	unsigned char pk[EXPORT_KEY_BYTES];
	int rc = -1;

	if (store_seal_public(sk, pk) == 0)
		rc = store_unseal(pk, sk, data, len, out);
	secret_wipe(pk, sizeof(pk));
	return rc;
}

int
export_keypair(unsigned char pk[EXPORT_KEY_BYTES],
               unsigned char sk[EXPORT_KEY_BYTES])
{
	return store_seal_keypair(pk, sk);
}
