/*
 * Export formats over the store's snapshot.  Every format is built from the
 * same tables, so none can show something another leaves out.  Text from
 * the vault is escaped for the target format (JSON strings, HTML, CSV
 * quoting); nothing from the vault is ever interpreted.
 */
#include "app/export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/sheet.h"
#include "pack/instrument.h"
#include "store/export.h"
#include "util/i18n.h"
#include "util/json.h"
#include "util/secret.h"
#include "util/utf8.h"
#include "util/xalloc.h"

struct ctx {
	struct export_table *t;
	size_t n;
	const struct inst_set *inst;
	const struct sheet_set *sheets;
	time_t now;
	struct buf *out;
};

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

static void
day_text(const char *epoch, struct buf *out)
{
	time_t t;
	struct tm tm;
	char s[32];

	if (!epoch) {
		buf_adds(out, "-");
		return;
	}
	t = (time_t)strtoll(epoch, NULL, 10);
	localtime_r(&t, &tm);
	strftime(s, sizeof(s), "%Y-%m-%d %H:%M", &tm);
	buf_adds(out, s);
}

static const struct export_table *
table(const struct ctx *c, const char *name)
{
	return store_export_find(c->t, c->n, name);
}

static const char *
cell(const struct export_table *t, size_t row, const char *col)
{
	int i = store_export_col(t, col);

	return i < 0 ? NULL : store_export_cell(t, row, (size_t)i);
}

static const char *
inst_name(const struct ctx *c, const char *id)
{
	const struct instrument *in =
	        c->inst && id ? inst_set_find(c->inst, id) : NULL;

	return in && in->short_name ? in->short_name : id ? id : "?";
}

static const char *
sheet_name(const struct ctx *c, const char *id)
{
	const struct sheet *s =
	        c->sheets && id ? sheet_set_find(c->sheets, id) : NULL;

	return s && s->title ? s->title : id ? id : "?";
}

/* A human label for an entry field key: "Feelings 2: How strong". */
static void
field_label(const struct ctx *c, const char *sheet, const char *key,
            struct buf *out)
{
	const struct sheet *s =
	        c->sheets && sheet ? sheet_set_find(c->sheets, sheet) : NULL;
	const struct sheet_field *parent = NULL, *f = NULL;
	size_t row = 0;

	if (s)
		f = sheet_key_field(s, key, &row, &parent);
	if (!f) {
		buf_adds(out, key);
		return;
	}
	if (parent)
		buf_printf(out, "%s %zu: %s", parent->label, row, f->label);
	else
		buf_adds(out, f->label);
}

/* ---- JSON ---- */

/* Integer columns are written as JSON numbers, the rest as strings. */
static bool
is_int(const char *s)
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
render_json(struct ctx *c)
{
	struct buf *o = c->out;

	buf_adds(o, "{\n  \"format\": \"tend-export\",\n  \"version\": 1,\n"
	            "  \"exported_at\": \"");
	export_iso_time(c->now, o);
	buf_adds(o, "\",\n  \"tables\": {");
	for (size_t i = 0; i < c->n; i++) {
		const struct export_table *t = &c->t[i];

		buf_printf(o, "%s\n    \"%s\": [", i ? "," : "", t->name);
		for (size_t r = 0; r < t->nrows; r++) {
			buf_adds(o, r ? ",\n      {" : "\n      {");
			for (size_t k = 0; k < t->ncols; k++) {
				const char *v = store_export_cell(t, r, k);
				bool text = strcmp(t->cols[k], "text") == 0 ||
				            strcmp(t->cols[k], "value") == 0 ||
				            strcmp(t->cols[k], "what") == 0 ||
				            strcmp(t->cols[k], "note") == 0;

				buf_printf(o, "%s\"%s\": ", k ? ", " : "",
				           t->cols[k]);
				if (v && !text && is_int(v))
					buf_adds(o, v);
				else
					json_str(o, v);
			}
			buf_addc(o, '}');
		}
		buf_adds(o, t->nrows ? "\n    ]" : "]");
	}
	buf_adds(o, "\n  }\n}\n");
}

/* ---- CSV ---- */

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
	if (strchr("=+-@\t\r", s[0]) && s[0] && !is_int(s))
		buf_addc(o, '\'');
	for (; *s; s++) {
		if (*s == '"')
			buf_addc(o, '"');
		buf_addc(o, *s);
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

static void
render_csv(struct ctx *c)
{
	static const char *const head[] = {"kind",  "id",  "time", "name",
	                                   "field", "row", "value"};
	const struct export_table *a = table(c, "assessments"),
	                          *ai = table(c, "assessment_items"),
	                          *e = table(c, "entries"),
	                          *ef = table(c, "entry_fields"),
	                          *p = table(c, "prompt_answers");
	struct buf when = BUF_INIT;

	csv_row(c->out, head, 7);
	for (size_t r = 0; a && r < a->nrows; r++) {
		const char *id = cell(a, r, "id");
		const char *row[7] = {"assessment",
		                      id,
		                      NULL,
		                      cell(a, r, "instrument"),
		                      "total",
		                      "0",
		                      cell(a, r, "total")};

		buf_reset(&when);
		export_iso_time(
		        (time_t)strtoll(cell(a, r, "taken_at"), NULL, 10),
		        &when);
		row[2] = when.data;
		csv_row(c->out, row, 7);
		row[4] = "band";
		row[6] = cell(a, r, "band");
		csv_row(c->out, row, 7);
		for (size_t k = 0; ai && k < ai->nrows; k++) {
			if (strcmp(cell(ai, k, "assessment_id"), id) != 0)
				continue;
			row[4] = "item";
			row[5] = cell(ai, k, "item");
			row[6] = cell(ai, k, "value");
			csv_row(c->out, row, 7);
		}
	}
	for (size_t r = 0; e && r < e->nrows; r++) {
		const char *id = cell(e, r, "id");
		const char *row[7] = {"entry", id, NULL,
		                      cell(e, r, "worksheet")};

		buf_reset(&when);
		export_iso_time(
		        (time_t)strtoll(cell(e, r, "created_at"), NULL, 10),
		        &when);
		row[2] = when.data;
		for (size_t k = 0; ef && k < ef->nrows; k++) {
			if (strcmp(cell(ef, k, "entry_id"), id) != 0)
				continue;
			row[4] = cell(ef, k, "field");
			row[5] = cell(ef, k, "row");
			row[6] = cell(ef, k, "value");
			csv_row(c->out, row, 7);
		}
	}
	for (size_t r = 0; p && r < p->nrows; r++) {
		const char *row[7] = {"prompt",
		                      cell(p, r, "prompt_id"),
		                      NULL,
		                      cell(p, r, "lesson"),
		                      cell(p, r, "prompt_id"),
		                      "0",
		                      cell(p, r, "text")};

		buf_reset(&when);
		export_iso_time(
		        (time_t)strtoll(cell(p, r, "updated_at"), NULL, 10),
		        &when);
		row[2] = when.data;
		csv_row(c->out, row, 7);
	}
	buf_free(&when);
}

/* ---- Markdown and HTML reports ---- */

/*
 * The report is built once as a small tree of calls that a "writer" turns
 * into Markdown or HTML, so both always say the same thing.
 */
struct writer {
	struct buf *o;
	bool html;
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
		} else if (strchr("\\`*_[]<>#|", ch)) {
			buf_addc(w->o, '\\');
		} else if (ch == '\n') {
			buf_adds(w->o, "  \n");
			continue;
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
w_para_start(struct writer *w)
{
	if (w->html)
		buf_adds(w->o, "<p>");
}

static void
w_para_end(struct writer *w)
{
	buf_adds(w->o, w->html ? "</p>\n" : "\n\n");
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

static void
report_checkins(struct ctx *c, struct writer *w)
{
	const struct export_table *a = table(c, "assessments");
	struct buf b = BUF_INIT;

	w_heading(w, 2, "Check-ins");
	if (!a || a->nrows == 0) {
		w_para_start(w);
		w_text(w, _("No check-ins yet."));
		w_para_end(w);
		return;
	}
	w_list_start(w);
	for (size_t r = 0; r < a->nrows; r++) {
		const char *band = cell(a, r, "band");
		const char *total = cell(a, r, "total");
		const struct instrument *in =
		        c->inst ? inst_set_find(c->inst,
		                                cell(a, r, "instrument"))
		                : NULL;

		buf_reset(&b);
		day_text(cell(a, r, "taken_at"), &b);
		buf_printf(&b, " %s", inst_name(c, cell(a, r, "instrument")));
		if (in && band) {
			for (size_t k = 0; k < in->nbands; k++)
				if (strcmp(in->bands[k].id, band) == 0)
					band = in->bands[k].label;
		}
		{
			char *v =
			        xasprintf("%s%s%s", total ? total : "-",
			                  band ? " - " : "", band ? band : "");

			w_item(w, b.data, v);
			free(v);
		}
	}
	w_list_end(w);
	buf_free(&b);
}

static void
report_entries(struct ctx *c, struct writer *w)
{
	const struct export_table *e = table(c, "entries"),
	                          *f = table(c, "entry_fields");
	struct buf b = BUF_INIT, label = BUF_INIT;

	w_heading(w, 2, _("Worksheets"));
	if (!e || e->nrows == 0) {
		w_para_start(w);
		w_text(w, _("No worksheet entries yet."));
		w_para_end(w);
		return;
	}
	for (size_t r = e->nrows; r-- > 0;) {
		const char *id = cell(e, r, "id");
		const char *sheet = cell(e, r, "worksheet");

		buf_reset(&b);
		buf_printf(&b, "%s, ", sheet_name(c, sheet));
		day_text(cell(e, r, "created_at"), &b);
		w_heading(w, 3, b.data);
		w_list_start(w);
		for (size_t k = 0; f && k < f->nrows; k++) {
			if (strcmp(cell(f, k, "entry_id"), id) != 0)
				continue;
			buf_reset(&label);
			field_label(c, sheet, cell(f, k, "field"), &label);
			w_item(w, label.data, cell(f, k, "value"));
		}
		w_list_end(w);
	}
	buf_free(&b);
	buf_free(&label);
}

static void
report_prompts(struct ctx *c, struct writer *w)
{
	const struct export_table *p = table(c, "prompt_answers");

	if (!p || p->nrows == 0)
		return;
	w_heading(w, 2, _("Answers in lessons"));
	w_list_start(w);
	for (size_t r = 0; r < p->nrows; r++) {
		char *label = xasprintf("%s / %s", cell(p, r, "lesson"),
		                        cell(p, r, "prompt_id"));

		w_item(w, label, cell(p, r, "text"));
		free(label);
	}
	w_list_end(w);
}

static void
report_lessons(struct ctx *c, struct writer *w)
{
	const struct export_table *l = table(c, "lesson_progress");
	struct buf b = BUF_INIT;

	if (!l || l->nrows == 0)
		return;
	w_heading(w, 2, _("Lessons"));
	w_list_start(w);
	for (size_t r = 0; r < l->nrows; r++) {
		buf_reset(&b);
		if (cell(l, r, "completed_at")) {
			buf_adds(&b, _("finished "));
			day_text(cell(l, r, "completed_at"), &b);
		} else {
			buf_adds(&b, _("opened "));
			day_text(cell(l, r, "opened_at"), &b);
		}
		w_item(w, cell(l, r, "lesson"), b.data);
	}
	w_list_end(w);
	buf_free(&b);
}

static void
render_report(struct ctx *c, bool html)
{
	struct writer w = {c->out, html};
	struct buf when = BUF_INIT;

	export_iso_time(c->now, &when);
	if (html)
		buf_printf(
		        c->out,
		        "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
		        "<meta charset=\"utf-8\">\n"
		        "<meta name=\"viewport\" "
		        "content=\"width=device-width\">\n"
		        "<title>%s</title>\n"
		        "<style>body{font-family:sans-serif;max-width:42em;"
		        "margin:2em auto;padding:0 1em;line-height:1.5}"
		        "dt{font-weight:bold}dd{margin:0 0 .5em 1em}</style>\n"
		        "</head>\n<body>\n",
		        /* TRANSLATORS: the code of this translation's
		            * language (BCP 47, as in <html lang="de">). */
		        _("en"), _("My notes"));
	w_heading(&w, 1, _("My notes"));
	w_para_start(&w);
	w_text(&w, _("Exported on "));
	w_text(&w, when.data);
	w_text(&w, _(". This file is not encrypted: keep it somewhere safe."));
	w_para_end(&w);
	report_checkins(c, &w);
	report_lessons(c, &w);
	report_prompts(c, &w);
	report_entries(c, &w);
	if (html)
		buf_adds(c->out, "</body>\n</html>\n");
	buf_free(&when);
}

/* ---- FHIR R4 ---- */

static void
render_fhir(struct ctx *c)
{
	const struct export_table *a = table(c, "assessments"),
	                          *ai = table(c, "assessment_items");
	struct buf *o = c->out, when = BUF_INIT;
	bool first = true;

	buf_adds(o, "{\n  \"resourceType\": \"Bundle\",\n"
	            "  \"type\": \"collection\",\n  \"timestamp\": \"");
	export_iso_time(c->now, o);
	buf_adds(o, "\",\n  \"entry\": [");
	for (size_t r = 0; a && r < a->nrows; r++) {
		const char *id = cell(a, r, "id");
		const char *iid = cell(a, r, "instrument");
		const char *total = cell(a, r, "total");
		const struct instrument *in =
		        c->inst ? inst_set_find(c->inst, iid) : NULL;
		long long idn = strtoll(id, NULL, 10);
		size_t nitem = 0;

		buf_reset(&when);
		export_iso_time(
		        (time_t)strtoll(cell(a, r, "taken_at"), NULL, 10),
		        &when);
		buf_printf(o,
		           "%s\n    {\"fullUrl\": "
		           "\"urn:uuid:7e4d0000-0000-4000-8000-%012lld\","
		           " \"resource\": {\n"
		           "      \"resourceType\": \"QuestionnaireResponse\","
		           " \"status\": \"completed\",",
		           first ? "" : ",", idn);
		first = false;
		if (in && in->loinc)
			buf_printf(o,
			           " \"questionnaire\": "
			           "\"http://loinc.org/q/%s\",",
			           in->loinc);
		buf_adds(o, "\n      \"authored\": ");
		json_str(o, when.data);
		buf_adds(o, ",\n      \"item\": [");
		for (size_t k = 0; ai && k < ai->nrows; k++) {
			const char *item = cell(ai, k, "item");
			const char *val = cell(ai, k, "value");
			long idx = strtol(item, NULL, 10) - 1;
			const struct inst_item *it =
			        in && idx >= 0 && (size_t)idx < in->nitems
			                ? &in->items[idx]
			                : NULL;

			if (strcmp(cell(ai, k, "assessment_id"), id) != 0 ||
			    !val)
				continue;
			buf_adds(o, nitem++ ? ",\n        " : "\n        ");
			buf_adds(o, "{\"linkId\": ");
			json_str(o, it && it->loinc ? it->loinc : item);
			if (it) {
				buf_adds(o, ", \"text\": ");
				json_str(o, it->text);
			}
			buf_printf(o, ", \"answer\": [{\"valueInteger\": %s}]}",
			           is_int(val) ? val : "0");
		}
		buf_adds(o, nitem ? "\n      ]}}" : "]}}");
		if (!total || !is_int(total))
			continue;
		buf_printf(o,
		           ",\n    {\"fullUrl\": "
		           "\"urn:uuid:7e4d0001-0000-4000-8000-%012lld\","
		           " \"resource\": {\n"
		           "      \"resourceType\": \"Observation\","
		           " \"status\": \"final\",\n"
		           "      \"code\": {",
		           idn);
		if (in && in->loinc_total)
			buf_printf(o,
			           "\"coding\": [{\"system\": "
			           "\"http://loinc.org\", \"code\": \"%s\"}], ",
			           in->loinc_total);
		buf_adds(o, "\"text\": ");
		json_str(o, in && in->title ? in->title : iid);
		buf_adds(o, "},\n      \"effectiveDateTime\": ");
		json_str(o, when.data);
		buf_printf(o, ",\n      \"valueInteger\": %s", total);
		if (cell(a, r, "band")) {
			buf_adds(o,
			         ",\n      \"interpretation\": [{\"text\": ");
			json_str(o, cell(a, r, "band"));
			buf_adds(o, "}]");
		}
		buf_printf(o,
		           ",\n      \"derivedFrom\": [{\"reference\": "
		           "\"urn:uuid:7e4d0000-0000-4000-8000-%012lld\"}]}}",
		           idn);
	}
	buf_adds(o, first ? "]\n}\n" : "\n  ]\n}\n");
	buf_free(&when);
}

int
export_render(struct session *s, const struct inst_set *instruments,
              const struct sheet_set *sheets, enum export_format f, time_t now,
              struct buf *out)
{
	struct ctx c = {NULL, 0, instruments, sheets, now, out};

	if (store_export_tables(session_vault(s), &c.t, &c.n) < 0)
		return -1;
	switch (f) {
	case EXPORT_MD:
		render_report(&c, false);
		break;
	case EXPORT_HTML:
		render_report(&c, true);
		break;
	case EXPORT_CSV:
		render_csv(&c);
		break;
	case EXPORT_JSON:
		render_json(&c);
		break;
	case EXPORT_FHIR:
		render_fhir(&c);
		break;
	}
	store_export_free(c.t, c.n);
	return 0;
}

int
export_session(struct session *s, enum export_format f, time_t now,
               struct buf *out)
{
	struct diags d = DIAGS_INIT;
	/* Names only: a broken instrument file costs its labels, not the
	 * export (check-content reports it). */
	struct inst_set *inst = pack_load_instruments(&d);
	int rc = export_render(s, inst, app_sheets(s), f, now, out);

	inst_set_free(inst);
	diag_free(&d);
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
