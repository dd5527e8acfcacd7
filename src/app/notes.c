/*
 * "My notes": the person's writing from every table, as one list.  See
 * app/notes.h.
 *
 * Each kind is a source below: a function that appends its notes, and one
 * that fetches a note by the number in its id.  A new kind of writing is
 * one more line in that table (and in APP_NOTE_KINDS); nothing else
 * changes.
 */
#include "app/notes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/lesson.h"
#include "app/mood.h"
#include "app/sheet.h"
#include "store/guidedb.h"
#include "store/notes.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/secret.h"
#include "util/xalloc.h"

static const struct {
	char letter;
	const char *title, *word;
} kinds[NOTE_KINDS] = {
#define APP_NOTE_DEF(id, c, plural, one) [NOTE_##id] = {c, plural, one},
        APP_NOTE_KINDS(APP_NOTE_DEF)
#undef APP_NOTE_DEF
};

const char *
app_note_kind_title(enum app_note_kind k)
{
	return k < NOTE_KINDS ? _(kinds[k].title) : "";
}

const char *
app_note_kind_word(enum app_note_kind k)
{
	return k < NOTE_KINDS ? _(kinds[k].word) : "";
}

int
app_note_kind_parse(const char *word, enum app_note_kind *k)
{
	static const struct {
		const char *w;
		enum app_note_kind k;
	} words[] = {
	        {"answer", NOTE_ANSWER},   {"answers", NOTE_ANSWER},
	        {"lesson", NOTE_ANSWER},   {"lessons", NOTE_ANSWER},
	        {"worksheet", NOTE_ENTRY}, {"worksheets", NOTE_ENTRY},
	        {"entry", NOTE_ENTRY},     {"entries", NOTE_ENTRY},
	        {"plan", NOTE_PLAN},       {"plans", NOTE_PLAN},
	        {"mood", NOTE_MOOD},       {"moods", NOTE_MOOD},
	        {"message", NOTE_MESSAGE}, {"messages", NOTE_MESSAGE},
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (strcasecmp(word, words[i].w) == 0) {
			*k = words[i].k;
			return 0;
		}
	}
	return -1;
}

/* ---- the list ---- */

static struct app_note *
add(struct app_notes *l, size_t *cap)
{
	if (l->n == *cap) {
		*cap = *cap ? *cap * 2 : 32;
		l->v = xreallocarray(l->v, *cap, sizeof(*l->v));
	}
	memset(&l->v[l->n], 0, sizeof(l->v[0]));
	l->v[l->n].lesson = -1;
	return &l->v[l->n++];
}

static void
set_id(struct app_note *n, enum app_note_kind k, int64_t num)
{
	n->kind = k;
	snprintf(n->id, sizeof(n->id), "%c%lld", kinds[k].letter,
	         (long long)num);
}

/* The course the person follows, if it can be loaded. */
static const struct app_course *
course(struct session *s)
{
	struct app_course *ac = session_course_loaded(s);
	char *msg = NULL;

	if (!ac && session_course(s, clock_now(), &ac, &msg) != EXIT_OK)
		ac = NULL;
	free(msg);
	return ac;
}

/* Lesson index of (course id, lesson id) in the loaded course, or -1. */
static long
lesson_index(const struct app_course *ac, const char *cid, const char *lid)
{
	const struct course *c = ac ? app_course_def(ac) : NULL;

	if (!c || !cid || !lid || strcmp(c->id, cid) != 0)
		return -1;
	for (size_t i = 0; i < c->nlessons; i++)
		if (strcmp(c->lessons[i].id, lid) == 0)
			return (long)i;
	return -1;
}

/* The part with kind and id in lesson i, or NULL. */
static const struct course_part *
part_of(const struct app_course *ac, long i, enum course_part_kind kind,
        const char *id)
{
	const struct course_lesson *l;

	if (!ac || i < 0)
		return NULL;
	l = &app_course_def(ac)->lessons[i];
	for (size_t k = 0; k < l->nparts; k++)
		if (l->parts[k].kind == kind && l->parts[k].id &&
		    strcmp(l->parts[k].id, id) == 0)
			return &l->parts[k];
	return NULL;
}

/* A lesson answer or plan row as a note. */
static void
from_row(struct app_note *n, const struct app_course *ac, struct note_row *r,
         enum app_note_kind k)
{
	long i = lesson_index(ac, r->course, r->lesson);
	const struct course_part *p = part_of(
	        ac, i, k == NOTE_PLAN ? PART_PLAN : PART_PROMPT, r->key);
	struct buf t = BUF_INIT;

	set_id(n, k, r->id);
	n->at = r->updated;
	n->lesson = i;
	n->key = xstrdup(r->key);
	buf_adds(&t, i >= 0 ? app_course_def(ac)->lessons[i].title : r->lesson);
	buf_adds(&t, ": ");
	buf_adds(&t, p && p->text ? p->text : r->key);
	n->title = buf_detach(&t);
	n->text = r->text; /* taken */
	r->text = NULL;
}

static int
src_rows(struct session *s, struct app_notes *l, size_t *cap,
         enum app_note_kind k)
{
	const struct app_course *ac = course(s);
	struct note_row *rows = NULL;
	size_t n = 0;
	int rc = k == NOTE_PLAN ? notes_plans(session_vault(s), &rows, &n)
	                        : notes_answers(session_vault(s), &rows, &n);

	for (size_t i = 0; i < n; i++)
		from_row(add(l, cap), ac, &rows[i], k);
	note_rows_free(rows, n);
	return rc;
}

static int
src_answers(struct session *s, struct app_notes *l, size_t *cap, size_t max)
{
	return src_rows(s, l, cap, NOTE_ANSWER);
}

static int
src_plans(struct session *s, struct app_notes *l, size_t *cap, size_t max)
{
	return src_rows(s, l, cap, NOTE_PLAN);
}

static int
get_row(struct session *s, int64_t id, struct app_note *out,
        enum app_note_kind k)
{
	struct note_row r;
	int rc = k == NOTE_PLAN ? notes_plan_get(session_vault(s), id, &r)
	                        : notes_answer_get(session_vault(s), id, &r);

	if (rc == 1)
		from_row(out, course(s), &r, k);
	note_row_clear(&r);
	return rc;
}

static int
get_answer(struct session *s, int64_t id, struct app_note *out)
{
	return get_row(s, id, out, NOTE_ANSWER);
}

static int
get_plan(struct session *s, int64_t id, struct app_note *out)
{
	return get_row(s, id, out, NOTE_PLAN);
}

static void
from_entry(struct session *s, struct app_note *n, const struct entry *e)
{
	const struct sheet *def = sheet_set_find(app_sheets(s), e->sheet);
	struct buf t = BUF_INIT;

	set_id(n, NOTE_ENTRY, e->id);
	n->at = e->updated;
	n->key = xstrdup(e->sheet);
	n->ref = e->id;
	buf_adds(&t, def ? def->title : e->sheet);
	if (def) {
		size_t at = t.len;

		buf_adds(&t, ": ");
		sheet_summary(def, e->answers, 120, &t);
		if (t.len == at + 2)
			t.len = at, t.data[at] = '\0';
	}
	n->title = buf_detach(&t);
	if (def) {
		sheet_format_text(def, e->answers, &t);
	} else {
		for (size_t i = 0; i < sheet_answers_count(e->answers); i++)
			buf_printf(&t, "%s\n",
			           sheet_answers_value(e->answers, i));
	}
	n->text = t.data ? buf_detach(&t) : xstrdup("");
}

static int
src_entries(struct session *s, struct app_notes *l, size_t *cap, size_t max)
{
	struct entry_list el = ENTRY_LIST_INIT;
	int rc = max ? app_sheet_recent(s, max, &el)
	             : app_sheet_list(s, NULL, ENTRIES_LIVE, clock_now(), &el);

	for (size_t i = 0; i < el.n; i++)
		from_entry(s, add(l, cap), el.v[i]);
	entry_list_free(&el);
	return rc;
}

static int
get_entry(struct session *s, int64_t id, struct app_note *out)
{
	struct entry *e = NULL;
	int rc = app_sheet_get(s, id, &e);

	if (rc == 1 && e->deleted)
		rc = 0;
	if (rc == 1)
		from_entry(s, out, e);
	entry_free(e);
	return rc;
}

static void
from_mood(struct app_note *n, struct app_mood *m)
{
	set_id(n, NOTE_MOOD, m->id);
	n->at = m->at;
	n->ref = m->id;
	n->title = xasprintf(_("Mood %d out of %d: %s"), m->rating, MOOD_MAX,
	                     m->note ? m->note : "");
	n->text = xasprintf(_("%d out of %d\n%s"), m->rating, MOOD_MAX,
	                    m->note ? m->note : "");
}

/* Only ratings with a note: a number alone is on the chart. */
static int
src_mood(struct session *s, struct app_notes *l, size_t *cap, size_t max)
{
	struct app_mood *m = NULL;
	size_t n = 0;
	int rc = app_mood_list(s, &m, &n);

	for (size_t i = 0; i < n; i++)
		if (m[i].note)
			from_mood(add(l, cap), &m[i]);
	app_moods_free(m, n);
	return rc;
}

static int
get_mood(struct session *s, int64_t id, struct app_note *out)
{
	struct app_mood m;
	int rc = app_mood_get(s, id, &m);

	if (rc == 1)
		from_mood(out, &m);
	app_mood_clear(&m);
	return rc;
}

/* A message from a helper (guidance by file): its first line as the
 * title, the whole as the text. */
static void
from_msg(struct app_note *n, struct guidedb_msg *m)
{
	const char *t = m->body ? m->body : "";
	size_t len;

	while (*t == '#' || *t == ' ' || *t == '\n')
		t++;
	len = strcspn(t, "\n");
	set_id(n, NOTE_MESSAGE, m->id);
	n->at = (time_t)m->received_at;
	n->ref = m->id;
	n->title = xasprintf(_("From your helper: %.*s"), (int)len, t);
	n->text = m->body ? m->body : xstrdup("");
	m->body = NULL;
}

static int
src_messages(struct session *s, struct app_notes *l, size_t *cap, size_t max)
{
	struct guidedb_msg *m = NULL;
	size_t n = 0;
	int rc = guidedb_messages(session_vault(s), &m, &n);

	for (size_t i = 0; i < n; i++)
		from_msg(add(l, cap), &m[i]);
	guidedb_msgs_free(m, n);
	return rc;
}

static int
get_message(struct session *s, int64_t id, struct app_note *out)
{
	struct guidedb_msg *m = NULL;
	size_t n = 0;
	int rc = guidedb_messages(session_vault(s), &m, &n) < 0 ? -1 : 0;

	for (size_t i = 0; i < n && rc == 0; i++) {
		if (m[i].id == id) {
			from_msg(out, &m[i]);
			rc = 1;
		}
	}
	guidedb_msgs_free(m, n);
	return rc;
}

/* Where notes come from, one line per kind that has any. */
static const struct source {
	enum app_note_kind kind;
	/* max: the newest that many are enough (0: all) */
	int (*list)(struct session *s, struct app_notes *l, size_t *cap,
	            size_t max);
	int (*get)(struct session *s, int64_t id, struct app_note *out);
} sources[] = {
        {NOTE_ANSWER, src_answers, get_answer},
        {NOTE_ENTRY, src_entries, get_entry},
        {NOTE_PLAN, src_plans, get_plan},
        {NOTE_MOOD, src_mood, get_mood},
        {NOTE_MESSAGE, src_messages, get_message},
};

static int
newest_first(const void *a, const void *b)
{
	const struct app_note *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? 1 : -1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return strcmp(y->id, x->id);
}

/* app_notes_list and app_notes_recent: max 0 keeps every note. */
static int
collect(struct session *s, unsigned mask, size_t max, struct app_notes *out)
{
	size_t cap = 0;
	int rc = 0;

	out->v = NULL;
	out->n = 0;
	for (size_t i = 0; i < sizeof(sources) / sizeof(sources[0]); i++)
		if (mask & (1u << sources[i].kind))
			if (sources[i].list(s, out, &cap, max) < 0)
				rc = -1;
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(out->v[0]), newest_first);
	while (max && out->n > max)
		app_note_clear(&out->v[--out->n]);
	return rc;
}

int
app_notes_list(struct session *s, unsigned mask, struct app_notes *out)
{
	return collect(s, mask, 0, out);
}

int
app_notes_recent(struct session *s, unsigned mask, size_t max,
                 struct app_notes *out)
{
	return collect(s, mask, max ? max : 1, out);
}

int
app_note_get(struct session *s, const char *id, struct app_note *out)
{
	char *end;
	long long num;

	memset(out, 0, sizeof(*out));
	out->lesson = -1;
	if (!id || !id[0] || !id[1])
		return 0;
	num = strtoll(id + 1, &end, 10);
	if (*end || num <= 0)
		return 0;
	for (size_t i = 0; i < sizeof(sources) / sizeof(sources[0]); i++)
		if (kinds[sources[i].kind].letter == id[0])
			return sources[i].get(s, (int64_t)num, out);
	return 0;
}

void
app_note_clear(struct app_note *n)
{
	if (!n)
		return;
	secret_free(n->title);
	secret_free(n->text);
	free(n->key);
	memset(n, 0, sizeof(*n));
	n->lesson = -1;
}

void
app_notes_free(struct app_notes *l)
{
	for (size_t i = 0; i < l->n; i++)
		app_note_clear(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static bool
has(const char *hay, const char *needle)
{
	size_t m = strlen(needle);

	for (; hay && *hay; hay++) {
		size_t k = 0;

		while (k < m && lower((unsigned char)hay[k]) ==
		                        lower((unsigned char)needle[k]))
			k++;
		if (k == m)
			return true;
	}
	return false;
}

bool
app_note_matches(const struct app_note *n, const char *needle)
{
	if (!needle || !*needle)
		return true;
	return has(n->title, needle) || has(n->text, needle);
}

/* ---- plans ---- */

int
app_plan_get(const struct app_course *ac, struct session *s, size_t i,
             const char *key, char **text)
{
	const struct course *c = app_course_def(ac);

	*text = NULL;
	if (i >= c->nlessons)
		return 0;
	return notes_plan_find(session_vault(s), c->id, c->lessons[i].id, key,
	                       text);
}

int
app_plan_set(struct app_course *ac, struct session *s, size_t i,
             const char *key, const char *text, time_t now)
{
	const struct course *c = app_course_def(ac);

	if (i >= c->nlessons)
		return -1;
	return notes_plan_set(session_vault(s), c->id, c->lessons[i].id, key,
	                      text, now);
}
