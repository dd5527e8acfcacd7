/*
 * Course use cases: finding and loading courses, a snapshot of progress
 * evaluated with the unlock rules, the overview that the home screen and
 * `tend status` show, and lesson completion for the reader.  The snapshot
 * is rebuilt from the vault after every change, which keeps one source of
 * truth (the database) and costs a few small queries.
 */
#include "app/course.h"

#include <stdlib.h>
#include <string.h>

#include "app/assess.h"
#include "app/config.h"
#include "pack/instrument.h"
#include "pack/pack.h"
#include "store/progress.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/path.h"
#include "util/xalloc.h"

struct app_course {
	struct course *c;
	time_t now;
	bool started, onboarded;
	struct progress_course pc;
	struct progress_lesson *pl;
	size_t npl;
	struct progress_result *pr;
	size_t npr;
	struct progress_event *ev;
	size_t nev;
	struct progress_skip *pk;
	size_t npk;
	struct unlock_skip *uk;
	struct app_skip *sk;
	size_t nuk;
	struct inst_set *insts;
	/* per lesson */
	time_t *done_at;
	time_t *opened_at;
	enum unlock_choice *choice;
	struct unlock_status *st;
	/* facts in the form core/unlock wants */
	struct unlock_entry *ue;
	size_t nue;
	struct unlock_result *ur;
	int **values; /* per result: item values (from keys) */
	struct unlock_facts f;
	struct assess_pause pause;
	bool paused;
	struct app_overview ov;
	unsigned generation; /* refreshes so far */
};

/* --- Installed courses ------------------------------------------------ */

void
app_course_infos_free(struct app_course_info *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].dir);
		free(v[i].id);
		free(v[i].title);
	}
	free(v);
}

static void
add_infos(struct app_course_info **v, size_t *n, const char *root)
{
	char **dirs = NULL, *yaml = path_join(root, "course.yaml");
	size_t nd;

	if (path_exists(yaml)) {
		dirs = xcalloc(1, sizeof(*dirs));
		dirs[0] = xstrdup(root);
		nd = 1;
	} else {
		nd = pack_find_courses(root, &dirs);
	}
	free(yaml);
	for (size_t i = 0; i < nd; i++) {
		char *id, *title;
		bool dup = false;

		if (pack_course_title(dirs[i], &id, &title) < 0)
			continue;
		for (size_t k = 0; k < *n && !dup; k++)
			dup = strcmp((*v)[k].id, id) == 0;
		if (dup) {
			free(id);
			free(title);
			continue;
		}
		*v = xreallocarray(*v, *n + 1, sizeof(**v));
		(*v)[*n].dir = xstrdup(dirs[i]);
		(*v)[*n].id = id;
		(*v)[*n].title = title;
		(*n)++;
	}
	pack_strv_free(dirs, nd);
}

size_t
app_course_list(const struct opts *o, struct app_course_info **out)
{
	size_t n = 0;

	*out = NULL;
	if (o && o->content_dir) {
		add_infos(out, &n, o->content_dir);
	} else {
		char *clinic = path_join(path_sysconf_dir(), "content");
		char *bundled = path_join(path_share_dir(), "content");

		add_infos(out, &n, clinic);
		add_infos(out, &n, bundled);
		free(clinic);
		free(bundled);
	}
	return n;
}

char *
app_course_configured(const struct opts *o)
{
	struct app_config *cfg = app_config_load(NULL);
	const char *id = app_config_get(cfg, APP_CONFIG_COURSE);
	struct app_course_info *v;
	size_t n = id ? app_course_list(o, &v) : 0;
	char *out = NULL;

	for (size_t i = 0; i < n && !out; i++)
		if (strcmp(v[i].id, id) == 0)
			out = xstrdup(id);
	if (n)
		app_course_infos_free(v, n);
	app_config_free(cfg);
	return out;
}

char *
app_course_current(struct session *s)
{
	return progress_current_course(session_vault(s));
}

/* The folders app_course_list looks in, one per line, for a message that
 * lets a technician see what is missing where.  Fresh. */
static char *
looked_in(const struct opts *o)
{
	struct buf b = BUF_INIT;
	const char *const *share;
	size_t n;

	if (o && o->content_dir) {
		buf_printf(&b, "  %s", o->content_dir);
		return buf_detach(&b);
	}
	buf_printf(&b, "  %s/content", path_sysconf_dir());
	share = path_share_looked(&n);
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "\n  %s/content", share[i]);
	return buf_detach(&b);
}

struct course *
app_course_load(const struct opts *o, const char *id, struct diags *d)
{
	struct app_course_info *v;
	size_t n = app_course_list(o, &v), pick = n;
	struct course *c = NULL;

	for (size_t i = 0; i < n && pick == n; i++)
		if (!id || strcmp(v[i].id, id) == 0)
			pick = i;
	if (pick == n) {
		char *where = looked_in(o);

		if (id)
			diag_add(d, DIAG_ERROR, NULL, 0,
			         _("the course '%s' is not installed; looked "
			           "in:\n%s"),
			         id, where);
		else
			diag_add(d, DIAG_ERROR, NULL, 0,
			         _("no course is installed; looked in:\n%s"),
			         where);
		free(where);
	} else {
		const char *data[PATH_DATA_MAX];
		size_t nd;

		/* The folders the program reads instruments and worksheets
		 * from, so that what loads here also runs. */
		path_set_pack(o ? o->content_dir : NULL);
		nd = path_data_dirs(data);
		c = pack_load_course_in(v[pick].dir, data, nd, d);
	}
	app_course_infos_free(v, n);
	return c;
}

/* --- The snapshot ------------------------------------------------------ */

static void
snapshot_clear(struct app_course *ac)
{
	progress_course_clear(&ac->pc);
	progress_lessons_free(ac->pl, ac->npl);
	for (size_t i = 0; ac->values && i < ac->npr; i++)
		free(ac->values[i]);
	free(ac->values);
	progress_results_free(ac->pr, ac->npr);
	progress_events_free(ac->ev, ac->nev);
	progress_skips_free(ac->pk, ac->npk);
	free(ac->uk);
	free(ac->sk);
	free(ac->opened_at);
	ac->pk = NULL;
	ac->uk = NULL;
	ac->sk = NULL;
	ac->opened_at = NULL;
	ac->npk = ac->nuk = 0;
	for (size_t i = 0; ac->st && i < ac->c->nlessons; i++)
		unlock_status_free(&ac->st[i]);
	free(ac->st);
	free(ac->done_at);
	free(ac->choice);
	free(ac->ue);
	free(ac->ur);
	for (size_t i = 0; i < ac->ov.ndue; i++) {
		free(ac->ov.due[i].text);
		free(ac->ov.due[i].why);
	}
	free(ac->ov.due);
	free(ac->ov.next_why);
	for (size_t i = 0; i < ac->ov.nrecent; i++)
		free(ac->ov.recent[i].text);
	free(ac->ov.recent);
	free(ac->ov.scores);
	ac->pl = NULL;
	ac->pr = NULL;
	ac->ev = NULL;
	ac->values = NULL;
	ac->st = NULL;
	ac->done_at = NULL;
	ac->choice = NULL;
	ac->ue = NULL;
	ac->ur = NULL;
	ac->npl = ac->nue = ac->npr = ac->nev = 0;
	memset(&ac->ov, 0, sizeof(ac->ov));
}

static const struct progress_lesson *
lesson_row(const struct app_course *ac, size_t i)
{
	const char *id = ac->c->lessons[i].id;

	for (size_t k = 0; k < ac->npl; k++)
		if (strcmp(ac->pl[k].lesson, id) == 0)
			return &ac->pl[k];
	return NULL;
}

static void
add_step(struct app_overview *ov, enum app_step_kind kind, long lesson,
         const char *id, char *text)
{
	struct app_step *s;

	ov->due = xreallocarray(ov->due, ov->ndue + 1, sizeof(*ov->due));
	s = &ov->due[ov->ndue++];
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	s->lesson = lesson;
	s->id = id;
	s->text = text;
}

/* The instrument's short name: from the loaded set, else the course. */
static const char *
inst_name(const struct app_course *ac, const char *id)
{
	const struct instrument *in =
	        ac->insts ? inst_set_find(ac->insts, id) : NULL;

	if (in && in->short_name)
		return in->short_name;
	return course_instrument_name(ac->c, id);
}

/* Check-ins of list not taken since `since`, as steps.  Returns how many
 * were added. */
static size_t
add_checkins(struct app_course *ac, char *const *ids, size_t n, time_t since,
             const char *label)
{
	size_t added = 0;

	for (size_t k = 0; k < n; k++) {
		bool taken = false;

		for (size_t r = 0; r < ac->f.nresults && !taken; r++)
			taken = strcmp(ac->f.results[r].instrument, ids[k]) ==
			                0 &&
			        ac->f.results[r].at >= since;
		if (!taken) {
			add_step(&ac->ov, STEP_CHECKIN, -1, ids[k],
			         xasprintf("%s: %s", label,
			                   inst_name(ac, ids[k])));
			added++;
		}
	}
	return added;
}

static const char *
lesson_title(const struct course *c, const char *id)
{
	long i = id ? course_find_lesson(c, id) : -1;

	return i >= 0 ? c->lessons[i].title : NULL;
}

static void
build_recent(struct app_course *ac)
{
	struct app_overview *ov = &ac->ov;

	for (size_t i = 0; i < ac->nev && ov->nrecent < 5; i++) {
		const struct progress_event *e = &ac->ev[i];
		const char *t = lesson_title(ac->c, e->ref);
		char *text = NULL;

		if (strcmp(e->kind, "lesson.done") == 0 && t)
			text = xasprintf(_("Completed \u201c%s\u201d"), t);
		else if (strcmp(e->kind, "lesson.open") == 0 && t)
			text = xasprintf(_("Read \u201c%s\u201d"), t);
		else if (strcmp(e->kind, "lesson.take") == 0 && t)
			text = xasprintf(_("Added \u201c%s\u201d"), t);
		else if (strcmp(e->kind, "assess.done") == 0 && e->ref)
			text = xasprintf(_("Check-in: %s"),
			                 inst_name(ac, e->ref));
		else if (strcmp(e->kind, "entry.save") == 0 && e->ref)
			text = xasprintf(_("Entry: %s"),
			                 course_worksheet_title(ac->c, e->ref));
		else if (strcmp(e->kind, "course.start") == 0)
			text = xstrdup(_("Started the course"));
		else if (strcmp(e->kind, "homework.skip") == 0 && e->ref)
			text = xasprintf(_("Skipped homework: %s"),
			                 course_worksheet_title(ac->c, e->ref));
		if (!text)
			continue;
		/* Repeated opening of the same lesson says nothing new. */
		if (ov->nrecent > 0 &&
		    strcmp(ov->recent[ov->nrecent - 1].text, text) == 0) {
			free(text);
			continue;
		}
		ov->recent = xreallocarray(ov->recent, ov->nrecent + 1,
		                           sizeof(*ov->recent));
		ov->recent[ov->nrecent].at = e->at;
		ov->recent[ov->nrecent].text = text;
		ov->nrecent++;
	}
}

static void
build_scores(struct app_course *ac)
{
	struct app_overview *ov = &ac->ov;

	for (size_t r = 0; r < ac->npr; r++) {
		const struct progress_result *x = &ac->pr[r];
		size_t k;

		if (x->total < 0)
			continue;
		for (k = 0; k < ov->nscores; k++)
			if (strcmp(ov->scores[k].instrument, x->instrument) ==
			    0)
				break;
		if (k == ov->nscores) {
			ov->scores = xreallocarray(ov->scores, ov->nscores + 1,
			                           sizeof(*ov->scores));
			ov->nscores++;
		}
		/* Results are oldest first: the last one wins. */
		ov->scores[k].instrument = x->instrument;
		ov->scores[k].name = inst_name(ac, x->instrument);
		ov->scores[k].at = x->at;
		ov->scores[k].total = x->total;
		ov->scores[k].band = x->band;
	}
}

static void
build_overview(struct app_course *ac)
{
	const struct course *c = ac->c;
	struct app_overview *ov = &ac->ov;
	struct unlock_suggestion sug;
	long first_todo = -1;
	time_t last_core = 0;

	ov->started = ac->started;
	ov->started_at = ac->f.start;
	ov->paused = ac->paused;
	ov->core_total = c->ncore;
	ov->current = ov->next = -1;
	for (size_t i = 0; i < c->ncore; i++) {
		if (ac->done_at[i]) {
			ov->core_done++;
			if (ac->done_at[i] > last_core)
				last_core = ac->done_at[i];
		} else if (first_todo < 0) {
			first_todo = (long)i;
		}
	}
	build_recent(ac);
	build_scores(ac);

	if (!ac->started) {
		add_step(ov, STEP_START, 0, NULL,
		         xasprintf(_("Start \u201c%s\u201d"), c->title));
		return;
	}
	if (ac->paused) {
		struct buf b = BUF_INIT;
		const struct instrument *in =
		        ac->insts
		                ? inst_set_find(ac->insts, ac->pause.instrument)
		                : NULL;

		assess_pause_text(&ac->pause, in, &b);
		add_step(ov, STEP_PAUSED, -1, NULL, buf_detach(&b));
	}

	/* A check-in that is all that stands before the next lesson. */
	if (first_todo >= 0) {
		const struct unlock_status *s = &ac->st[first_todo];

		if (s->state == LESSON_LOCKED && s->after_ok && s->time_ok &&
		    s->homework_ok) {
			for (size_t k = 0; k < s->nmissing_assess; k++)
				add_step(
				        ov, STEP_CHECKIN, first_todo,
				        s->missing_assess[k],
				        xasprintf(
				                _("Check-in: %s"),
				                inst_name(
				                        ac,
				                        s->missing_assess[k])));
		}
	} else if (c->ncore > 0) {
		add_checkins(ac, c->checkins.end, c->checkins.nend, last_core,
		             _("Final check-in"));
		if (c->checkins.followup_days > 0 && c->checkins.nfollowup) {
			time_t due =
			        clock_day_start(clock_local_day(last_core) +
			                        c->checkins.followup_days);

			/* Before its day it is a date for the reminders;
			 * from then on a step until it is taken. */
			if (ac->now < due)
				ov->followup_at = due;
			else if (add_checkins(ac, c->checkins.followup,
			                      c->checkins.nfollowup, due,
			                      _("Follow-up check-in")) > 0)
				ov->followup_at = due;
		}
	}

	/* Open lessons: core in order, then optional lessons taken up. */
	for (size_t i = 0; i < c->nlessons; i++) {
		const struct progress_lesson *pl;
		const struct course_lesson *l = &c->lessons[i];

		if (ac->st[i].state != LESSON_OPEN)
			continue;
		pl = lesson_row(ac, i);
		if (ov->current < 0)
			ov->current = (long)i;
		if (pl && pl->opened_at)
			add_step(ov, STEP_CONTINUE, (long)i, NULL,
			         xasprintf(_("Continue \u201c%s\u201d"),
			                   l->title));
		else if (l->minutes > 0)
			add_step(ov, STEP_LESSON, (long)i, NULL,
			         xasprintf(_("Read \u201c%s\u201d (about %d "
			                     "min)"),
			                   l->title, l->minutes));
		else
			add_step(ov, STEP_LESSON, (long)i, NULL,
			         xasprintf(_("Read \u201c%s\u201d"), l->title));
	}

	/* Homework for the next lesson, and when it opens. */
	if (first_todo >= 0 && ac->st[first_todo].state == LESSON_LOCKED) {
		const struct unlock_status *s = &ac->st[first_todo];

		for (size_t k = 0; k < s->nmissing_hw; k++) {
			const struct unlock_missing_hw *h = &s->missing_hw[k];
			struct buf b = BUF_INIT;
			size_t n;

			buf_printf(&b,
			           ngettext("%s: %d of %d entry",
			                    "%s: %d of %d entries",
			                    (unsigned long)h->need),
			           course_worksheet_title(c, h->worksheet),
			           h->have, h->need);
			/* Alternatives: "(or Activity plan)". */
			n = 0;
			for (size_t m = 0; h->group && m < s->nmissing_hw; m++)
				if (m != k &&
				    s->missing_hw[m].group == h->group)
					buf_printf(
					        &b, "%s%s",
					        n++ ? _(" or ") : _(" (or "),
					        course_worksheet_title(
					                c, s->missing_hw[m]
					                           .worksheet));
			if (n)
				buf_adds(&b, ")");
			add_step(ov, STEP_HOMEWORK, first_todo, h->worksheet,
			         buf_detach(&b));
			ov->due[ov->ndue - 1].have = h->have;
			ov->due[ov->ndue - 1].need = h->need;
			ov->due[ov->ndue - 1].group = h->group;
		}
	}
	/* What opens next: the first core lesson still locked. */
	for (size_t i = 0; i < c->ncore && ov->next < 0; i++) {
		const struct unlock_status *s = &ac->st[i];
		struct buf b = BUF_INIT;

		if (s->state != LESSON_LOCKED)
			continue;
		ov->next = (long)i;
		ov->next_at = s->time_ok ? 0 : s->opens_at;
		unlock_explain(c, s, ac->now, &b);
		if (b.len == 0 && ac->paused)
			buf_adds(&b, _("Paused after your last check-in."));
		ov->next_why = buf_detach(&b);
	}

	/* One extra lesson at a time. */
	if (unlock_suggest_one(c, &ac->f, &sug)) {
		add_step(ov, STEP_SUGGESTION, (long)sug.lesson, NULL,
		         xasprintf(_("Suggested: \u201c%s\u201d"),
		                   c->lessons[sug.lesson].title));
		ov->due[ov->ndue - 1].why = xstrdup(sug.rule->because);
	}
	if (first_todo < 0 && c->ncore > 0)
		add_step(ov, STEP_DONE, -1, NULL,
		         xstrdup(_("You have completed every lesson.")));
}

static int
cmp_time(const void *x, const void *y)
{
	time_t a = *(const time_t *)x, b = *(const time_t *)y;

	return (a > b) - (a < b);
}

/*
 * The homework entries the unlock rules count, as stand-ins (ac->ue),
 * without reading every entry the vault holds.  The rules count the
 * finished entries of a worksheet made from a lesson's hw_since to now,
 * and hw_since is always the course start or a time a lesson was opened
 * or completed (core/unlock.h).  Those times, sorted, cut time into
 * spans; the entries of each worksheet a rule names are counted per span
 * in SQL, up to the most any rule asks of that worksheet, and stand in as
 * that many entries at the start of their span.  Every count the rules
 * make from such a time is then the true one, or at least what the rule
 * asks when the true one is higher (only a count that falls short is
 * shown).  Needs ac->done_at and ac->opened_at.
 */
static int
homework_entries(struct app_course *ac, struct vault *v, time_t start,
                 time_t now)
{
	const struct course *c = ac->c;
	struct progress_count *q = NULL;
	time_t *cut = xcalloc(2 * c->nlessons + 1, sizeof(*cut));
	size_t ncut = 0, nq = 0, nw = 0, total = 0;
	const char **ws = NULL;
	int *cap = NULL, rc = -1;

	/* The worksheets the rules name, each with its largest count. */
	for (size_t i = 0; i < c->nlessons; i++)
		for (size_t k = 0; k < c->lessons[i].rule.nhomework; k++) {
			const struct course_homework *h =
			        &c->lessons[i].rule.homework[k];
			size_t w = 0;

			while (w < nw && strcmp(ws[w], h->worksheet) != 0)
				w++;
			if (w == nw) {
				ws = xreallocarray(ws, nw + 1, sizeof(*ws));
				cap = xreallocarray(cap, nw + 1, sizeof(*cap));
				ws[nw] = h->worksheet;
				cap[nw++] = 0;
			}
			if (h->count > cap[w])
				cap[w] = h->count;
		}
	/* The times a count can start from, up to now. */
	if (start <= now)
		cut[ncut++] = start;
	for (size_t i = 0; i < c->nlessons; i++) {
		if (ac->done_at[i] > 0 && ac->done_at[i] <= now)
			cut[ncut++] = ac->done_at[i];
		if (ac->opened_at[i] > 0 && ac->opened_at[i] <= now)
			cut[ncut++] = ac->opened_at[i];
	}
	qsort(cut, ncut, sizeof(*cut), cmp_time);
	if (nw > 0 && ncut > 0) {
		q = xcalloc(nw * ncut, sizeof(*q));
		for (size_t w = 0; w < nw; w++)
			for (size_t k = 0; k < ncut; k++) {
				if (k + 1 < ncut && cut[k + 1] == cut[k])
					continue; /* the same time twice */
				q[nq].worksheet = ws[w];
				q[nq].from = cut[k];
				q[nq].to = k + 1 < ncut ? cut[k + 1] : now + 1;
				q[nq++].cap = cap[w];
			}
		if (progress_count_entries(v, q, nq) < 0)
			goto out;
	}
	for (size_t i = 0; i < nq; i++)
		total += (size_t)q[i].n;
	ac->ue = xcalloc(total + 1, sizeof(*ac->ue));
	ac->nue = 0;
	for (size_t i = 0; i < nq; i++)
		for (int k = 0; k < q[i].n; k++)
			ac->ue[ac->nue++] = (struct unlock_entry){
			        q[i].worksheet, q[i].from};
	rc = 0;
out:
	free(q);
	free(cut);
	free(ws);
	free(cap);
	return rc;
}

int
app_course_refresh(struct app_course *ac, struct session *s, time_t now)
{
	struct vault *v = session_vault(s);
	const struct course *c = ac->c;
	int r;

	snapshot_clear(ac);
	ac->generation++;
	ac->now = now;
	r = progress_course_get(v, c->id, &ac->pc);
	if (r < 0)
		return -1;
	ac->started = r == 1;
	ac->onboarded = ac->started && ac->pc.onboarded_at != 0;
	if (progress_lessons(v, c->id, &ac->pl, &ac->npl) < 0 ||
	    progress_results(v, &ac->pr, &ac->npr) < 0 ||
	    progress_events(v, 30, &ac->ev, &ac->nev) < 0 ||
	    progress_skips(v, c->id, &ac->pk, &ac->npk) < 0)
		return -1;
	r = assess_paused(s, &ac->pause);
	if (r < 0)
		return -1;
	ac->paused = r == 1;

	ac->done_at = xcalloc(c->nlessons + 1, sizeof(*ac->done_at));
	ac->opened_at = xcalloc(c->nlessons + 1, sizeof(*ac->opened_at));
	ac->choice = xcalloc(c->nlessons + 1, sizeof(*ac->choice));
	for (size_t i = 0; i < c->nlessons; i++) {
		const struct progress_lesson *pl = lesson_row(ac, i);

		ac->done_at[i] = pl ? pl->completed_at : 0;
		ac->opened_at[i] = pl ? pl->opened_at : 0;
		if (c->lessons[i].optional) {
			int ch =
			        progress_choice_get(v, c->id, c->lessons[i].id);

			ac->choice[i] = ch == 't'   ? CHOICE_TAKEN
			                : ch == 'd' ? CHOICE_DECLINED
			                            : CHOICE_NONE;
		}
	}
	ac->f.start = ac->started ? ac->pc.started_at : now;
	if (homework_entries(ac, v, ac->f.start, now) < 0)
		return -1;
	/* Item keys become values through the instrument (reverse-scored
	 * items have keys that differ from their values). */
	ac->ur = xcalloc(ac->npr + 1, sizeof(*ac->ur));
	ac->values = xcalloc(ac->npr + 1, sizeof(*ac->values));
	for (size_t i = 0; i < ac->npr; i++) {
		const struct progress_result *x = &ac->pr[i];
		const struct instrument *in =
		        ac->insts ? inst_set_find(ac->insts, x->instrument)
		                  : NULL;

		ac->values[i] = xcalloc(x->nitems + 1, sizeof(int));
		for (size_t k = 0; k < x->nitems; k++) {
			const struct inst_option *op =
			        in && k < in->nitems && x->items[k] >= 0
			                ? inst_option_by_key(&in->items[k],
			                                     x->items[k])
			                : NULL;

			ac->values[i][k] = op ? op->value : x->items[k];
		}
		ac->ur[i].instrument = x->instrument;
		ac->ur[i].at = x->at;
		ac->ur[i].total = x->total;
		ac->ur[i].band = x->band;
		ac->ur[i].items = ac->values[i];
		ac->ur[i].nitems = x->nitems;
	}
	/* Skips of lessons the course still has count; all are listed. */
	ac->uk = xcalloc(ac->npk + 1, sizeof(*ac->uk));
	ac->sk = xcalloc(ac->npk + 1, sizeof(*ac->sk));
	for (size_t i = 0; i < ac->npk; i++) {
		long l = course_find_lesson(c, ac->pk[i].lesson);

		ac->sk[i].lesson = l;
		ac->sk[i].lesson_id = ac->pk[i].lesson;
		ac->sk[i].worksheet = ac->pk[i].worksheet;
		ac->sk[i].reason = ac->pk[i].reason;
		ac->sk[i].at = ac->pk[i].at;
		if (l < 0)
			continue;
		ac->uk[ac->nuk].lesson = (size_t)l;
		ac->uk[ac->nuk].worksheet = ac->pk[i].worksheet;
		ac->uk[ac->nuk].at = ac->pk[i].at;
		ac->nuk++;
	}
	ac->f.done_at = ac->done_at;
	ac->f.opened_at = ac->opened_at;
	ac->f.skips = ac->uk;
	ac->f.nskips = ac->nuk;
	ac->f.choice = ac->choice;
	ac->f.entries = ac->ue;
	ac->f.nentries = ac->nue;
	ac->f.results = ac->ur;
	ac->f.nresults = ac->npr;

	ac->st = xcalloc(c->nlessons + 1, sizeof(*ac->st));
	for (size_t i = 0; i < c->nlessons; i++) {
		unlock_eval(c, i, &ac->f, now, &ac->st[i]);
		/* A pause keeps lessons that were never opened closed. */
		if (ac->paused && ac->st[i].state == LESSON_OPEN &&
		    !(lesson_row(ac, i) && lesson_row(ac, i)->opened_at))
			ac->st[i].state = LESSON_LOCKED;
		if (!ac->started && ac->st[i].state == LESSON_OPEN)
			ac->st[i].state = LESSON_LOCKED;
	}
	build_overview(ac);
	return 0;
}

/*
 * The course and instruments read while the passphrase is typed
 * (app_course_read_ahead), with what they were read for: the course asked
 * for (NULL: the first installed) and the content folder.
 */
static struct {
	struct course *c;
	struct inst_set *insts;
	char *id;
	char *content_dir;
	bool done;
} ahead;

static bool
same_text(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

void
app_course_read_ahead(const struct opts *o)
{
	struct diags d = DIAGS_INIT;

	if (ahead.done)
		return;
	ahead.done = true;
	ahead.id = app_course_configured(o);
	ahead.content_dir =
	        o && o->content_dir ? xstrdup(o->content_dir) : NULL;
	/* Any problem is found again, and said, when the course is opened. */
	ahead.c = app_course_load(o, ahead.id, &d);
	diag_free(&d);
	ahead.insts = pack_load_instruments(&d);
	diag_free(&d);
}

void
app_course_read_ahead_drop(void)
{
	course_free(ahead.c);
	inst_set_free(ahead.insts);
	free(ahead.id);
	free(ahead.content_dir);
	memset(&ahead, 0, sizeof(ahead));
}

/* The course read ahead when it is the one id names for o (NULL when
 * not), which the caller then owns with *insts. */
static struct course *
take_ahead(const struct opts *o, const char *id, struct inst_set **insts)
{
	struct course *c = ahead.c;

	*insts = NULL;
	if (!c || !same_text(o ? o->content_dir : NULL, ahead.content_dir) ||
	    !(id ? strcmp(c->id, id) == 0 : ahead.id == NULL))
		return NULL;
	*insts = ahead.insts;
	ahead.c = NULL;
	ahead.insts = NULL;
	return c;
}

int
app_course_open(struct session *s, time_t now, struct app_course **out,
                char **msg)
{
	struct diags d = DIAGS_INIT, quiet = DIAGS_INIT;
	char *id = app_course_current(s);
	struct app_course *ac;
	struct inst_set *insts;

	/* Not chosen yet: the course the clinic (or the person) set. */
	if (!id)
		id = app_course_configured(session_opts(s));
	struct course *c;

	*out = NULL;
	*msg = NULL;
	c = take_ahead(session_opts(s), id, &insts);
	if (!c)
		c = app_course_load(session_opts(s), id, &d);
	if (!c) {
		bool invalid = false;
		char *first = NULL;

		diag_sort(&d);
		for (size_t i = 0; i < d.n && !first; i++)
			if (d.items[i].level == DIAG_ERROR)
				first = diag_format(&d.items[i]);
		invalid = d.n > 0 && d.items[0].file != NULL;
		if (invalid)
			*msg = xasprintf(_("The course files have %zu "
			                   "problem(s); the first is:\n  %s\n"
			                   "Run 'tend check-content' to see "
			                   "them all."),
			                 d.nerrors, first ? first : "");
		else
			*msg = xasprintf("%s",
			                 d.n ? d.items[0].msg
			                     : _("no course is installed"));
		free(first);
		free(id);
		diag_free(&d);
		return invalid ? EXIT_DATA : EXIT_FAIL;
	}
	free(id);
	diag_free(&d);
	ac = xcalloc(1, sizeof(*ac));
	ac->c = c;
	/* Instruments give short names and item values; a missing or broken
	 * instrument folder only costs those. */
	ac->insts = insts ? insts : pack_load_instruments(&quiet);
	diag_free(&quiet);
	if (app_course_refresh(ac, s, now) < 0) {
		*msg = xstrdup(
		        _("could not read your progress from the vault"));
		app_course_free(ac);
		return EXIT_FAIL;
	}
	*out = ac;
	return EXIT_OK;
}

void
app_course_free(struct app_course *ac)
{
	if (!ac)
		return;
	snapshot_clear(ac);
	inst_set_free(ac->insts);
	course_free(ac->c);
	free(ac);
}

unsigned
app_course_generation(const struct app_course *ac)
{
	return ac->generation;
}

const struct course *
app_course_def(const struct app_course *ac)
{
	return ac->c;
}

const struct app_overview *
app_course_overview(const struct app_course *ac)
{
	return &ac->ov;
}

enum lesson_state
app_course_state(const struct app_course *ac, size_t i)
{
	return ac->st[i].state;
}

char *
app_course_why(const struct app_course *ac, size_t i)
{
	struct buf b = BUF_INIT;

	if (ac->st[i].state != LESSON_LOCKED)
		return NULL;
	if (!ac->started)
		return xstrdup(_("Opens when you start the course."));
	unlock_explain(ac->c, &ac->st[i], ac->now, &b);
	if (b.len == 0 && ac->paused)
		buf_adds(&b, _("Paused after your last check-in."));
	return buf_detach(&b);
}

time_t
app_course_done_at(const struct app_course *ac, size_t i)
{
	return ac->done_at[i];
}

int
app_course_start(struct app_course *ac, struct session *s, time_t now)
{
	struct vault *v = session_vault(s);

	if (progress_course_start(v, ac->c->id, ac->c->version, now) < 0 ||
	    progress_set_current_course(v, ac->c->id) < 0)
		return -1;
	return app_course_refresh(ac, s, now);
}

int
app_course_onboarded(struct app_course *ac, struct session *s, time_t now)
{
	struct vault *v = session_vault(s);

	if (progress_course_onboarded(v, ac->c->id, now) < 0)
		return -1;
	return app_course_refresh(ac, s, now);
}

bool
app_course_is_onboarded(const struct app_course *ac)
{
	return ac->onboarded;
}

int
app_homework_skip(struct app_course *ac, struct session *s, size_t i,
                  const char *worksheet, const char *reason, time_t now)
{
	const struct course_rule *r;
	bool asked = false, words = false;

	if (i >= ac->c->nlessons || !worksheet || !reason)
		return 1;
	r = &ac->c->lessons[i].rule;
	for (size_t k = 0; k < r->nhomework; k++)
		asked |= strcmp(r->homework[k].worksheet, worksheet) == 0;
	for (const char *p = reason; *p && !words; p++)
		words = *p != ' ' && *p != '\t' && *p != '\n';
	if (!asked || !words)
		return 1;
	if (progress_skip_add(session_vault(s), ac->c->id, ac->c->lessons[i].id,
	                      worksheet, reason, now) < 0)
		return -1;
	return app_course_refresh(ac, s, now);
}

size_t
app_course_skips(const struct app_course *ac, const struct app_skip **out)
{
	*out = ac->sk;
	return ac->npk;
}

int
app_course_take(struct app_course *ac, struct session *s, size_t i, time_t now)
{
	struct vault *v = session_vault(s);

	if (i < ac->c->ncore || i >= ac->c->nlessons)
		return -1;
	if (progress_choice_set(v, ac->c->id, ac->c->lessons[i].id, 't') < 0)
		return -1;
	return app_course_refresh(ac, s, now);
}

int
app_course_decline(struct app_course *ac, struct session *s, size_t i,
                   time_t now)
{
	struct vault *v = session_vault(s);

	if (i < ac->c->ncore || i >= ac->c->nlessons)
		return -1;
	if (progress_choice_set(v, ac->c->id, ac->c->lessons[i].id, 'd') < 0)
		return -1;
	return app_course_refresh(ac, s, now);
}

/* --- Lesson completion -------------------------------------------------- */

struct missing {
	bool unread;
	int prompts;
	const char *assess[8];
	size_t nassess;
};

static int
find_missing(struct app_course *ac, struct vault *v, size_t i,
             struct missing *m)
{
	const struct course_lesson *l = &ac->c->lessons[i];
	const struct progress_lesson *pl = lesson_row(ac, i);
	time_t since = pl ? pl->opened_at : ac->now;

	memset(m, 0, sizeof(*m));
	m->unread = !pl || !pl->read_end_at;
	for (size_t k = 0; k < l->nparts; k++) {
		const struct course_part *p = &l->parts[k];

		if (p->kind == PART_PROMPT && p->required) {
			char *text = NULL;
			int r = progress_prompt_get(v, ac->c->id, l->id, p->id,
			                            &text);

			free(text);
			if (r < 0)
				return -1;
			if (r == 0)
				m->prompts++;
		} else if (p->kind == PART_ASSESS) {
			bool taken = false;

			for (size_t r = 0; r < ac->npr && !taken; r++)
				taken = strcmp(ac->pr[r].instrument, p->id) ==
				                0 &&
				        ac->pr[r].at >= since;
			if (!taken && m->nassess < 8)
				m->assess[m->nassess++] = p->id;
		}
	}
	return 0;
}

char *
app_lesson_missing(struct app_course *ac, struct session *s, size_t i)
{
	struct vault *v = session_vault(s);
	struct missing m;
	struct buf b = BUF_INIT;
	const char *parts[3];
	char *owned[3] = {NULL, NULL, NULL};
	size_t n = 0;

	if (ac->done_at[i] || find_missing(ac, v, i, &m) < 0)
		return NULL;
	if (m.unread)
		parts[n++] = _("read to the end");
	if (m.prompts) {
		owned[n] = xasprintf(ngettext("answer %d more question",
		                              "answer %d more questions",
		                              (unsigned long)m.prompts),
		                     m.prompts);
		parts[n] = owned[n];
		n++;
	}
	if (m.nassess) {
		struct buf a = BUF_INIT;

		buf_adds(&a, _("take the check-in ("));
		for (size_t k = 0; k < m.nassess; k++)
			buf_printf(&a, "%s%s", k ? ", " : "",
			           inst_name(ac, m.assess[k]));
		buf_adds(&a, ")");
		owned[n] = buf_detach(&a);
		parts[n] = owned[n];
		n++;
	}
	if (n == 0)
		return NULL;
	buf_adds(&b, _("To complete this lesson, "));
	for (size_t k = 0; k < n; k++) {
		if (k)
			buf_adds(&b, k + 1 == n ? _(" and ") : ", ");
		buf_adds(&b, parts[k]);
	}
	buf_adds(&b, ".");
	for (size_t k = 0; k < 3; k++)
		free(owned[k]);
	return buf_detach(&b);
}

int
app_lesson_try_complete(struct app_course *ac, struct session *s, size_t i,
                        time_t now)
{
	struct vault *v = session_vault(s);
	const struct course_lesson *l = &ac->c->lessons[i];
	struct missing m;

	if (ac->done_at[i])
		return 0;
	if (find_missing(ac, v, i, &m) < 0)
		return -1;
	if (m.unread || m.prompts || m.nassess)
		return 0;
	if (progress_lesson_completed(v, ac->c->id, l->id, now) < 0)
		return -1;
	/* The course is finished with its last core lesson. */
	if (i < ac->c->ncore) {
		bool all = true;

		for (size_t k = 0; k < ac->c->ncore; k++)
			all &= k == i || ac->done_at[k] != 0;
		if (all && progress_course_finished(v, ac->c->id, now) < 0)
			return -1;
	}
	if (app_course_refresh(ac, s, now) < 0)
		return -1;
	return 1;
}

/* Lessons that may be read: open, done, or opened before (a pause does
 * not take away a lesson already begun). */
static bool
readable(const struct app_course *ac, size_t i)
{
	return ac->started && (ac->st[i].state == LESSON_OPEN ||
	                       ac->st[i].state == LESSON_DONE);
}

int
app_lesson_opened(struct app_course *ac, struct session *s, size_t i,
                  time_t now)
{
	struct vault *v = session_vault(s);

	if (i >= ac->c->nlessons || !readable(ac, i))
		return 0;
	if (progress_lesson_opened(v, ac->c->id, ac->c->lessons[i].id, now) < 0)
		return -1;
	if (app_course_refresh(ac, s, now) < 0)
		return -1;
	return app_lesson_try_complete(ac, s, i, now);
}

int
app_lesson_read(struct app_course *ac, struct session *s, size_t i, int pos,
                bool at_end, time_t now)
{
	struct vault *v = session_vault(s);

	if (i >= ac->c->nlessons || !readable(ac, i))
		return 0;
	if (progress_lesson_read(v, ac->c->id, ac->c->lessons[i].id, pos,
	                         at_end, now) < 0)
		return -1;
	if (app_course_refresh(ac, s, now) < 0)
		return -1;
	return app_lesson_try_complete(ac, s, i, now);
}

int
app_lesson_answer(struct app_course *ac, struct session *s, size_t i,
                  const char *prompt, const char *text, time_t now)
{
	struct vault *v = session_vault(s);

	if (i >= ac->c->nlessons || !readable(ac, i))
		return 0;
	if (progress_prompt_save(v, ac->c->id, ac->c->lessons[i].id, prompt,
	                         text, now) < 0)
		return -1;
	return app_lesson_try_complete(ac, s, i, now);
}

int
app_lesson_read_pos(const struct app_course *ac, size_t i)
{
	const struct progress_lesson *pl = lesson_row(ac, i);

	return pl ? pl->read_pos : 0;
}

int
app_lesson_answer_get(const struct app_course *ac, struct session *s, size_t i,
                      const char *prompt, char **text)
{
	*text = NULL;
	if (i >= ac->c->nlessons)
		return 0;
	return progress_prompt_get(session_vault(s), ac->c->id,
	                           ac->c->lessons[i].id, prompt, text);
}

char *
app_lesson_path(const struct app_course *ac, size_t i)
{
	return pack_lesson_path(ac->c, i);
}
