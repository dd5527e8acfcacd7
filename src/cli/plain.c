/*
 * The plain, line-oriented program (`tend --plain`, TERM=dumb, or when
 * standard input or output is not a terminal): the same course without a
 * full screen, for screen readers, braille displays, very slow links and
 * scripts.  It prints text and reads one line at a time; every change is
 * saved before the next question, as in the full-screen program.
 *
 * Commands are words or their first letter; a number acts on the
 * numbered "what now" list of the overview.  `!` shows crisis help at any
 * prompt, including in the middle of a check-in or a worksheet.
 */
#include "cli/plain.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "app/assess.h"
#include "app/checkin.h"
#include "app/config.h"
#include "app/content.h"
#include "app/country.h"
#include "app/course.h"
#include "app/lesson.h"
#include "app/risk.h"
#include "app/notes.h"
#include "app/safety.h"
#include "app/session.h"
#include "app/sheet.h"
#include "app/suitability.h"
#include "cli/checkin.h"
#include "cli/cli.h"
#include "cli/plain_helper.h"
#include "md/md.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/path.h"
#include "util/secret.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* The widest line, when the config's `measure` says nothing: the full
 * screen's column (UI_MEASURE). */
#define PLAIN_MEASURE 80

struct plain {
	struct opts *opts;
	struct session *s;
	struct app_course *ac;
	struct inst_set *inst;
	struct sheet_set sheets;
	int width;
	bool quit; /* end of input or "quit" */
	bool welcomed; /* the welcome and crisis help were shown this run */
};

/* Reads one line of input (without the newline), control characters
 * removed.  NULL at the end of input.  Free with secret_free: it may be
 * something private. */
static char *
ask(struct plain *p, const char *prompt)
{
	struct buf clean = BUF_INIT;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (p->quit)
		return NULL;
	fputs(prompt, stdout);
	fflush(stdout);
	n = getline(&line, &cap, stdin);
	if (n < 0) {
		free(line);
		p->quit = true;
		if (isatty(STDOUT_FILENO))
			putchar('\n');
		return NULL;
	}
	utf8_sanitize(&clean, line, (size_t)n, false);
	secret_wipe(line, cap);
	free(line);
	while (clean.len > 0 && clean.data[clean.len - 1] == '\n')
		clean.data[--clean.len] = '\0';
	if (!isatty(STDIN_FILENO)) /* echo scripted input for a readable log */
		printf("%s\n", clean.data);
	return buf_detach(&clean);
}

/* Prints text wrapped to the width, one paragraph per '\n'. */
static void
emit_line(const char *line, size_t n, void *arg)
{
	(void)arg;
	fwrite(line, 1, n, stdout);
	putchar('\n');
}

static void
say(struct plain *p, const char *text)
{
	struct buf clean = BUF_INIT;

	if (!*text) {
		putchar('\n');
		return;
	}
	utf8_sanitize(&clean, text, strlen(text), false);
	utf8_wrap(clean.data, clean.len, (size_t)p->width, emit_line, NULL);
	buf_free(&clean);
}

static bool
yes(struct plain *p, const char *question)
{
	for (;;) {
		char *a = ask(p, question);
		bool y;

		if (!a)
			return false;
		if (strcmp(a, "y") == 0 || strcmp(a, "yes") == 0)
			y = true;
		else if (strcmp(a, "n") == 0 || strcmp(a, "no") == 0 ||
		         *a == '\0')
			y = false;
		else {
			free(a);
			say(p, _("Please answer yes or no."));
			continue;
		}
		free(a);
		return y;
	}
}

static char *
io_ask(void *arg, const char *prompt)
{
	return ask(arg, prompt);
}

static void
io_say(void *arg, const char *text)
{
	say(arg, text);
}

static void show_crisis(struct plain *p);
static void choose_country(struct plain *p);
static void safety_plan_cmd(struct plain *p);

static void
io_crisis(void *arg)
{
	show_crisis(arg);
}

static void
io_country(void *arg)
{
	choose_country(arg);
}

static void
io_plan(void *arg)
{
	safety_plan_cmd(arg);
}

/* Plain mode's way of reading and printing lines, for cli/checkin.h. */
static void
lines_of(struct plain *p, struct cli_lines *io)
{
	*io = (struct cli_lines){io_ask, io_say,     io_crisis,
	                         p,      io_country, io_plan};
}

static void
save(struct plain *p)
{
	char *msg = NULL;

	/* The commit refreshes p->ac: it is the session's. */
	if (cli_commit(p->s, &msg) != EXIT_OK) {
		cli_error("%s", msg ? msg : _("could not save"));
		cli_error("%s",
		          _("It stays here in memory; tend tries again at "
		            "the next change and when you leave."));
		free(msg);
	}
}

/* Crisis help: the crisis screen's text (app/safety.h), with the
 * person's safety plan, and how to change the country or the plan. */
static void
show_crisis(struct plain *p)
{
	struct paras cp = PARAS_INIT;
	struct cli_lines io;

	safety_crisis(p->s, NULL, &cp);
	lines_of(p, &io);
	puts("");
	cli_paras(&io, &cp);
	puts("");
	say(p, _("Type country to change your country, or plan to see or "
	         "write your safety plan."));
	puts("");
	paras_free(&cp);
}

/* ---- the country ---- */

/*
 * Asks the person's country: the suggestion first, then the countries
 * tend has lines for, by number; any other country by its two-letter
 * code.  Enter alone takes the country shown ("Now:", else the
 * suggestion), or, with neither, leaves it unset.
 */
static void
choose_country(struct plain *p)
{
	struct country_entry *v;
	struct country cur;
	struct buf b = BUF_INIT;
	char sug[3] = "", **codes;
	size_t n, k = 0;

	if (country_locked()) {
		say(p, _("Your clinic has set the country for this copy of "
		         "tend."));
		return;
	}
	n = country_list(&v);
	codes = xcalloc(n + 1, sizeof(*codes));
	country_current(p->s, NULL, &cur);
	if (country_suggest(sug) < 0)
		sug[0] = '\0';
	puts("");
	say(p, _("Which country do you live in? tend shows the crisis lines "
	         "and the emergency number of that country."));
	if (cur.from != COUNTRY_UNSET) {
		char *name = country_display(cur.code);

		buf_printf(&b, _("Now: %s."), name);
		say(p, b.data);
		free(name);
	} else if (sug[0]) {
		char *name = country_display(sug);

		buf_printf(&b, _("This computer's settings suggest %s."), name);
		say(p, b.data);
		free(name);
	}
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n; i++) {
			bool is_sug = strcmp(v[i].code, sug) == 0;

			if (is_sug != (pass == 0))
				continue;
			codes[k] = v[i].code;
			buf_reset(&b);
			buf_printf(&b,
			           is_sug ? _("  %zu. %s (suggested)")
			                  : "  %zu. %s",
			           k + 1, v[i].name);
			say(p, b.data);
			k++;
		}
	}
	for (;;) {
		char *a = ask(p, _("Type a number, or the two-letter code of "
		                   "another country (such as JP): "));
		const char *code = NULL;
		char *end, *msg = NULL, *name;
		long num;
		int st;

		if (!a)
			break;
		num = strtol(a, &end, 10);
		/* Enter takes what is shown: the country now, else the
		 * suggestion. */
		if (*a == '\0')
			code = cur.from != COUNTRY_UNSET
			               ? cur.code
			               : (sug[0] ? sug : NULL);
		else if (*end == '\0' && num >= 1 && (size_t)num <= k)
			code = codes[num - 1];
		else
			code = a;
		if (!code) {
			free(a);
			break;
		}
		st = country_set(p->s, code, clock_now(), &msg);
		/* Chosen but not saved (a full disk): kept in memory and
		 * saved with the rest, not asked again. */
		if (st != EXIT_OK && st != EXIT_USAGE &&
		    session_unsaved(p->s)) {
			cli_error("%s", msg ? msg : _("could not save"));
			cli_error("%s",
			          _("It stays here in memory; tend tries again "
			            "at the next change and when you leave."));
		} else if (st != EXIT_OK) {
			say(p, msg ? msg : _("Could not keep the country."));
			free(msg);
			free(a);
			continue;
		}
		free(msg);
		msg = NULL;
		name = country_display(code);
		buf_reset(&b);
		buf_printf(&b, _("Your country: %s."), name);
		say(p, b.data);
		free(name);
		free(a);
		break;
	}
	free(codes);
	country_list_free(v, n);
	buf_free(&b);
}

/* ---- check-ins ---- */

static void
take_checkin(struct plain *p, const char *id)
{
	struct checkin *c = NULL;
	struct cli_lines io;

	if (checkin_new(p->inst, id, p->s, NULL, &c) < 0) {
		struct buf b = BUF_INIT;

		buf_printf(&b, _("There is no check-in called '%s'."), id);
		say(p, b.data);
		buf_free(&b);
		return;
	}
	lines_of(p, &io);
	(void)cli_checkin_run(&io, p->s, c, "self", NULL);
	checkin_free(c);
}

/* ---- worksheets ---- */

static void
field_prompt(struct plain *p, const struct sheet_field *f, const char *label)
{
	struct buf b = BUF_INIT;

	puts("");
	buf_printf(&b, "%s%s", label, f->required ? _(" (needed)") : "");
	say(p, b.data);
	if (f->help)
		say(p, f->help);
	buf_reset(&b);
	switch (f->type) {
	case SHEET_RATING10:
		buf_adds(&b, _("A number from 0 to 10."));
		break;
	case SHEET_RATING100:
		buf_adds(&b, _("A number from 0 to 100."));
		break;
	case SHEET_CHOICE:
	case SHEET_MULTICHOICE:
		for (size_t k = 0; k < f->nopts; k++)
			buf_printf(&b, "%s%zu %s", k ? ", " : "", k + 1,
			           f->opts[k].label);
		buf_adds(&b, f->type == SHEET_MULTICHOICE
		                     ? _(".  Several numbers with commas.")
		                     : ".");
		break;
	case SHEET_YESNO:
		buf_adds(&b, _("yes or no."));
		break;
	case SHEET_DATE:
		buf_adds(&b, _("A date: today, yesterday or YYYY-MM-DD."));
		break;
	case SHEET_TIME:
		buf_adds(&b, _("A time: HH:MM."));
		break;
	case SHEET_DATETIME:
		buf_adds(&b, _("now, today HH:MM, or YYYY-MM-DD HH:MM."));
		break;
	default:
		break;
	}
	if (b.len)
		say(p, b.data);
	buf_free(&b);
}

/* Multichoice typed as numbers "1,3" -> option ids "a,c". */
static char *
multi_ids(const struct sheet_field *f, const char *typed)
{
	struct buf b = BUF_INIT;
	char *copy = xstrdup(typed), *save = NULL;

	for (char *t = strtok_r(copy, ", ", &save); t;
	     t = strtok_r(NULL, ", ", &save)) {
		char *end;
		long k = strtol(t, &end, 10);
		const char *id = t;

		if (*end == '\0' && k >= 1 && (size_t)k <= f->nopts)
			id = f->opts[k - 1].id;
		buf_printf(&b, "%s%s", b.len ? "," : "", id);
	}
	free(copy);
	return buf_detach(&b);
}

/*
 * Asks one field until the answer is acceptable or skipped; stores it in a
 * and saves.  Returns false when the person stopped.
 */
static bool
fill_field(struct plain *p, const struct sheet *def, int64_t id,
           struct sheet_answers *a, const struct sheet_field *f,
           const char *key, const char *label)
{
	for (;;) {
		struct buf err = BUF_INIT;
		char *typed, *val, *msg = NULL;

		field_prompt(p, f, label);
		if (sheet_answers_get(a, key) && *sheet_answers_get(a, key)) {
			struct buf b = BUF_INIT;

			buf_printf(&b, _("Now: %s (Enter keeps it)"),
			           sheet_answers_get(a, key));
			say(p, b.data);
			buf_free(&b);
		}
		typed = ask(p, "> ");
		if (!typed || strcmp(typed, "q") == 0) {
			secret_free(typed);
			return false;
		}
		if (strcmp(typed, "!") == 0) {
			secret_free(typed);
			show_crisis(p);
			continue;
		}
		if (*typed == '\0') {
			secret_free(typed);
			return true;
		}
		if (f->type == SHEET_MULTICHOICE) {
			char *ids = multi_ids(f, typed);

			secret_free(typed);
			typed = ids;
		}
		val = sheet_value_normalize(f, typed, clock_now());
		if (!val)
			val = xstrdup(typed);
		secret_free(typed);
		if (sheet_value_check(f, val, &err) < 0) {
			say(p, err.data);
			buf_free(&err);
			secret_free(val);
			continue;
		}
		buf_free(&err);
		sheet_answers_set(a, key, val);
		secret_free(val);
		if (app_sheet_save_field(p->s, def, id, a, key, clock_now(),
		                         &msg) != EXIT_OK) {
			cli_error("%s", msg ? msg : _("could not save"));
			free(msg);
		}
		return true;
	}
}

static void
fill_sheet(struct plain *p, const char *sheet_id, const char *lesson)
{
	const struct sheet *def = sheet_set_find(&p->sheets, sheet_id);
	const struct course *c = app_course_def(p->ac);
	struct sheet_answers *a = NULL;
	struct sheet_problems probs = SHEET_PROBLEMS_INIT;
	int64_t id;
	char *msg = NULL;

	if (!def) {
		struct buf b = BUF_INIT;

		buf_printf(&b, _("There is no worksheet called '%s'."),
		           sheet_id);
		say(p, b.data);
		buf_free(&b);
		return;
	}
	/* A failed save (a full disk) still gives the entry: it stays in
	 * memory and is saved with the next change or on leaving. */
	if (app_sheet_begin(p->s, def, c->id, lesson, clock_now(), &id, &a,
	                    &msg) != EXIT_OK) {
		cli_error("%s", msg ? msg : _("could not start the worksheet"));
		free(msg);
		if (!a)
			return;
	}
	puts("");
	say(p, def->title);
	if (def->summary)
		say(p, def->summary);
	say(p, _("Each answer is saved as soon as you type it.  Enter skips, "
	         "q stops (what you wrote stays), ! shows crisis help."));
	for (size_t i = 0; i < def->nfields; i++) {
		const struct sheet_field *f = &def->fields[i];

		if (f->type != SHEET_ROWS) {
			if (!fill_field(p, def, id, a, f, f->id, f->label))
				goto done;
			continue;
		}
		for (size_t row = 1; row <= f->max_rows; row++) {
			if (row > f->min_rows && row > 1) {
				struct buf q = BUF_INIT;

				buf_printf(&q,
				           _("Add another to \"%s\"? "
				             "(yes/no) "),
				           f->label);
				if (!yes(p, q.data)) {
					buf_free(&q);
					break;
				}
				buf_free(&q);
			}
			for (size_t k = 0; k < f->nsub; k++) {
				char *key =
				        sheet_row_key(f->id, row, f->sub[k].id);
				char *label = xasprintf("%s %zu: %s", f->label,
				                        row, f->sub[k].label);
				bool go = fill_field(p, def, id, a, &f->sub[k],
				                     key, label);

				free(key);
				free(label);
				if (!go)
					goto done;
			}
		}
	}
done:
	sheet_validate(def, a, true, &probs);
	puts("");
	if (probs.n == 0) {
		say(p, session_unsaved(p->s)
		               ? _("Well done for doing this.  It is not saved "
		                   "yet: tend tries again at the next change "
		                   "and when you leave.")
		               : _("Saved.  Well done for doing this."));
	} else {
		say(p, session_unsaved(p->s)
		               ? _("Not saved yet (tend tries again).  Still "
		                   "to fill in to finish this entry:")
		               : _("Saved.  Still to fill in to finish this "
		                   "entry:"));
		for (size_t i = 0; i < probs.n; i++) {
			struct buf b = BUF_INIT;

			buf_printf(&b, "- %s", probs.items[i].msg);
			say(p, b.data);
			buf_free(&b);
		}
	}
	sheet_problems_free(&probs);
	sheet_answers_free(a);
	app_course_refresh(p->ac, p->s, clock_now());
}

/* The person's safety plan: shown, then a new version offered (the
 * newest is the one every crisis screen shows). */
static void
safety_plan_cmd(struct plain *p)
{
	struct paras pp = PARAS_INIT;
	struct cli_lines io;
	int has = safety_plan(p->s, &pp);

	lines_of(p, &io);
	puts("");
	if (has == 1) {
		cli_paras(&io, &pp);
		puts("");
	} else {
		say(p,
		    _("You have not written a safety plan yet. It is a short "
		      "list, made at a calm time, of what helps and who to "
		      "turn to if things get very hard."));
	}
	paras_free(&pp);
	if (yes(p, has == 1 ? _("Write a new version of it now? (yes/no) ")
	                    : _("Write it now? (yes/no) ")))
		fill_sheet(p, SAFETY_PLAN_SHEET, NULL);
}

/* ---- lessons ---- */

/* True when display line k only underlines a heading (a rule glyph
 * repeated): plain mode leaves such lines out, a screen reader would read
 * every glyph. */
static bool
underline_only(const struct md_doc *doc, size_t k, struct buf *tmp)
{
	const struct md_line *ml = md_doc_line(doc, k);
	const char *t;

	if (!(ml->flags & MD_LINE_HEADING) || (ml->flags & MD_LINE_START))
		return false;
	buf_reset(tmp);
	md_doc_line_text(doc, k, tmp);
	for (t = tmp->data ? tmp->data : ""; *t; t++)
		if (*t != '=' && *t != '-' && *t != ' ' &&
		    strncmp(t, "\u2550", 3) != 0 &&
		    strncmp(t, "\u2500", 3) != 0)
			return false;
		else if ((unsigned char)*t == 0xE2)
			t += 2;
	return true;
}

/* Heading numbers: level 2 sections "1.", level 3 "1.2". */
struct sections {
	int h2, h3;
};

/* The number to put before display line k when it starts a heading of
 * level 2 or 3, into num (empty otherwise). */
static void
section_number(const struct md_doc *doc, size_t k, struct sections *sec,
               char *num, size_t n)
{
	const struct md_line *ml = md_doc_line(doc, k);
	const struct md_span *sp;

	num[0] = '\0';
	if (!(ml->flags & MD_LINE_HEADING) || !(ml->flags & MD_LINE_START) ||
	    ml->nspans == 0)
		return;
	sp = md_doc_spans(doc, ml);
	switch (MD_SPAN_KIND(sp[0].style)) {
	case MD_H2:
		sec->h2++;
		sec->h3 = 0;
		snprintf(num, n, "%d. ", sec->h2);
		break;
	case MD_H3:
		sec->h3++;
		snprintf(num, n, "%d.%d ", sec->h2, sec->h3);
		break;
	default:
		break;
	}
}

/* Shows what is there already and asks for a new text; NULL keeps it. */
static char *
ask_text(struct plain *p, const char *old, const char *prompt)
{
	char *a;

	if (old && *old) {
		struct buf b = BUF_INIT;

		buf_printf(&b, _("What you wrote: %s"), old);
		say(p, b.data);
		buf_wipe(&b);
	}
	for (;;) {
		a = ask(p, prompt);
		if (!a || !*a || strcmp(a, "!") != 0)
			break;
		secret_free(a);
		show_crisis(p);
	}
	if (a && !*a) {
		secret_free(a);
		return NULL;
	}
	if (a && strlen(a) > COURSE_ANSWER_MAX) {
		say(p, _("That is longer than an answer can be; it was not "
		         "kept."));
		secret_free(a);
		return NULL;
	}
	return a;
}

/* Asks part cp of lesson i where the lesson puts it. */
static void
ask_part(struct plain *p, size_t i, const struct course_part *cp)
{
	const struct course_lesson *l = &app_course_def(p->ac)->lessons[i];
	char *old = NULL, *a;

	puts("");
	switch (cp->kind) {
	case PART_PROMPT:
		say(p, cp->text ? cp->text : "");
		(void)app_lesson_answer_get(p->ac, p->s, i, cp->id, &old);
		a = ask_text(p, old,
		             old && *old ? _("Your answer (Enter keeps it): ")
		             : cp->required ? _("Your answer: ")
		                            : _("Your answer (Enter skips): "));
		if (a) {
			app_lesson_answer(p->ac, p->s, i, cp->id, a,
			                  clock_now());
			save(p);
		}
		secret_free(a);
		secret_free(old);
		break;
	case PART_ASSESS:
		if (yes(p, _("There is a check-in here.  Take it now? "
		             "(yes/no) ")))
			take_checkin(p, cp->id);
		break;
	case PART_WORKSHEET: {
		const struct sheet *def = sheet_set_find(&p->sheets, cp->id);
		struct buf q = BUF_INIT;

		if (cp->text)
			say(p, cp->text);
		buf_printf(&q, _("Fill in a %s now? (yes/no) "),
		           def ? def->title : cp->id);
		if (yes(p, q.data))
			fill_sheet(p, cp->id, l->id);
		buf_free(&q);
		break;
	}
	case PART_PLAN: {
		struct buf q = BUF_INIT;

		buf_printf(&q, _("Practice to plan: %s"),
		           cp->text ? cp->text : "");
		say(p, q.data);
		buf_free(&q);
		say(p, _("When, where and how often will you practise?"));
		(void)app_plan_get(p->ac, p->s, i, cp->id, &old);
		a = ask_text(p, old,
		             old && *old ? _("Your plan (Enter keeps it): ")
		                         : _("Your plan (Enter skips): "));
		if (a) {
			app_plan_set(p->ac, p->s, i, cp->id, a, clock_now());
			save(p);
		}
		secret_free(a);
		secret_free(old);
		break;
	}
	}
}

/*
 * Reads lesson i: its text line by line as the full screen lays it out
 * (at the plain width), headings as plain numbered lines without rule
 * glyphs, each exercise asked exactly where its block is (the same
 * md_doc_block order the reader opens), the link targets at the end.
 */
static void
read_lesson(struct plain *p, size_t i)
{
	struct buf line = BUF_INIT, tmp = BUF_INIT;
	struct sections sec = {0, 0};
	struct md_doc *doc = NULL;
	const char *text;
	char *missing, num[32];
	size_t part = 0, len;
	int done;

	if (app_course_state(p->ac, i) == LESSON_LOCKED) {
		char *why = app_course_why(p->ac, i);

		say(p, why ? why : _("This lesson is not open yet."));
		free(why);
		return;
	}
	text = app_lesson_text(p->ac, i, &len);
	app_lesson_opened(p->ac, p->s, i, clock_now());
	save(p);
	doc = md_layout(text, len, p->width);
	puts("");
	for (size_t k = 0; k < md_doc_nlines(doc); k++) {
		const struct md_line *ml = md_doc_line(doc, k);
		const struct md_block *b = md_doc_block(doc, part);

		if (!(ml->flags & MD_LINE_PLACEHOLDER)) {
			if (ml->flags & MD_LINE_RULE) {
				puts("");
				continue;
			}
			if (underline_only(doc, k, &tmp))
				continue;
			section_number(doc, k, &sec, num, sizeof(num));
			buf_reset(&line);
			buf_adds(&line, num);
			md_doc_line_text(doc, k, &line);
			puts(line.data ? line.data : "");
			continue;
		}
		/* A placeholder is asked where it starts; the rest of its
		 * wrapped lines are not shown. */
		if (!b || b->line != k)
			continue;
		const struct course_part *cp =
		        app_lesson_part(p->ac, i, part++, b->src_line);

		if (!cp)
			continue;
		ask_part(p, i, cp);
		if (p->quit)
			goto out;
		puts("");
	}
	if (md_doc_nlinks(doc) > 0) {
		buf_reset(&line);
		md_doc_links_text(doc, &line);
		puts("");
		say(p, _("Links in this lesson:"));
		fputs(line.data, stdout);
	}
	done = app_lesson_read(p->ac, p->s, i, (int)md_doc_nlines(doc), true,
	                       clock_now());
	save(p);
	puts("");
	if (done == 1) {
		say(p, _("You finished this lesson.  Well done."));
	} else if ((missing = app_lesson_missing(p->ac, p->s, i))) {
		say(p, missing);
		free(missing);
	}
out:
	md_doc_free(doc);
	buf_free(&line);
	buf_free(&tmp);
}

/* ---- notes ---- */

static void
fmt_day(char *out, size_t n, time_t t)
{
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, n, "%Y-%m-%d", &tm);
}

/* Lists the notes holding needle (NULL: all), newest first. */
static void
list_notes(struct plain *p, const char *needle)
{
	struct app_notes l = APP_NOTES_INIT;
	struct buf b = BUF_INIT;
	size_t shown = 0;

	(void)app_notes_list(p->s, APP_NOTES_ALL, &l);
	puts("");
	for (size_t i = 0; i < l.n; i++) {
		char day[32];

		if (!app_note_matches(&l.v[i], needle))
			continue;
		fmt_day(day, sizeof(day), l.v[i].at);
		buf_reset(&b);
		buf_printf(&b, "%s  %s  %s: %s", l.v[i].id, day,
		           app_note_kind_word(l.v[i].kind), l.v[i].title);
		say(p, b.data);
		shown++;
	}
	if (shown == 0)
		say(p, needle ? _("Nothing you wrote holds that.")
		              : _("Nothing written yet."));
	else
		say(p, _("Type note and an id to read one, e.g. note a1."));
	buf_wipe(&b);
	app_notes_free(&l);
}

static void
show_note(struct plain *p, const char *id)
{
	struct app_note n;
	char day[32];
	struct buf b = BUF_INIT;

	if (app_note_get(p->s, id, &n) != 1) {
		say(p, _("There is no note with that id: notes lists them."));
		app_note_clear(&n);
		return;
	}
	fmt_day(day, sizeof(day), n.at);
	puts("");
	say(p, n.title);
	buf_printf(&b, "%s, %s", app_note_kind_word(n.kind), day);
	say(p, b.data);
	puts("");
	for (const char *t = n.text, *nl; t && *t; t = nl ? nl + 1 : NULL) {
		nl = strchr(t, '\n');
		buf_reset(&b);
		buf_add(&b, t, nl ? (size_t)(nl - t) : strlen(t));
		say(p, b.len ? b.data : "");
	}
	buf_wipe(&b);
	app_note_clear(&n);
}

static const char *
state_word(enum lesson_state st)
{
	switch (st) {
	case LESSON_LOCKED:
		return _("locked");
	case LESSON_OPEN:
		return _("open");
	case LESSON_DONE:
		return _("done");
	default:
		return "";
	}
}

static void
list_lessons(struct plain *p)
{
	const struct course *c = app_course_def(p->ac);
	struct buf b = BUF_INIT;

	puts("");
	for (size_t i = 0; i < c->nlessons; i++) {
		enum lesson_state st = app_course_state(p->ac, i);

		buf_reset(&b);
		buf_printf(&b, "%zu. %s%s (%s)", i + 1, c->lessons[i].title,
		           c->lessons[i].optional ? _(", extra") : "",
		           state_word(st));
		if (st == LESSON_LOCKED) {
			char *why = app_course_why(p->ac, i);

			if (why)
				buf_printf(&b, ": %s", why);
			free(why);
		}
		say(p, b.data);
	}
	say(p, _("Type read and a number to read a lesson."));
	buf_free(&b);
}

static void
list_sheets(struct plain *p)
{
	struct buf b = BUF_INIT;

	puts("");
	for (size_t i = 0; i < p->sheets.n; i++) {
		buf_reset(&b);
		buf_printf(&b, _("%s  (worksheet %s)"), p->sheets.v[i]->title,
		           p->sheets.v[i]->id);
		say(p, b.data);
	}
	say(p, _("Type worksheet and a name to fill one in."));
	buf_free(&b);
}

static void
overview(struct plain *p)
{
	const struct app_overview *ov = app_course_overview(p->ac);
	const struct course *c = app_course_def(p->ac);
	struct buf b = BUF_INIT;

	puts("");
	buf_printf(&b, "%s: ", c->title);
	buf_printf(&b,
	           ngettext("%zu of %zu lesson done.",
	                    "%zu of %zu lessons done.", ov->core_total),
	           ov->core_done, ov->core_total);
	say(p, b.data);
	if (ov->ndue) {
		bool hw = false;

		say(p, _("What now:"));
		for (size_t i = 0; i < ov->ndue; i++) {
			buf_reset(&b);
			buf_printf(&b, "  %zu. %s", i + 1, ov->due[i].text);
			say(p, b.data);
			hw |= ov->due[i].kind == STEP_HOMEWORK;
		}
		if (hw)
			say(p, _("(To skip a homework item, type skip and its "
			         "number; you will be asked why.)"));
	}
	if (ov->next_why) {
		buf_reset(&b);
		buf_printf(&b, _("Next: %s"), ov->next_why);
		say(p, b.data);
	}
	for (size_t i = 0; i < ov->nscores; i++) {
		buf_reset(&b);
		buf_printf(&b, _("Latest %s: %d%s%s"), ov->scores[i].name,
		           ov->scores[i].total, ov->scores[i].band ? ", " : "",
		           ov->scores[i].band ? ov->scores[i].band : "");
		say(p, b.data);
	}
	/* The safety plan, from the first day, as on the home screen. */
	{
		struct paras plan = PARAS_INIT;

		say(p, safety_plan(p->s, &plan) == 1
		               ? _("Your safety plan: type plan to see it.")
		               : _("Your safety plan: type plan to write it "
		                   "(what helps, and who to turn to, if things "
		                   "get very hard)."));
		paras_free(&plan);
	}
	say(p, _("Type a number, or help.  ! shows crisis help."));
	buf_free(&b);
}

static void
act_on_step(struct plain *p, const struct app_step *st)
{
	const struct course *c = app_course_def(p->ac);
	struct session *v = p->s;

	switch (st->kind) {
	case STEP_START:
		app_course_start(p->ac, v, clock_now());
		save(p);
		say(p, _("Your course has started."));
		break;
	case STEP_PAUSED: {
		struct assess_pause pz;
		struct buf b = BUF_INIT;

		if (assess_paused(v, &pz) == 1) {
			assess_pause_text(
			        &pz, inst_set_find(p->inst, pz.instrument), &b);
			say(p, b.data);
		}
		buf_free(&b);
		if (yes(p, _("Carry on with the course anyway? (yes/no) "))) {
			assess_continue(v, clock_now());
			save(p);
		}
		break;
	}
	case STEP_CHECKIN:
		take_checkin(p, st->id);
		break;
	case STEP_LESSON:
	case STEP_CONTINUE:
		if (st->lesson >= 0)
			read_lesson(p, (size_t)st->lesson);
		break;
	case STEP_HOMEWORK:
		fill_sheet(p, st->id,
		           st->lesson >= 0 ? c->lessons[st->lesson].id : NULL);
		break;
	case STEP_SUGGESTION:
		if (st->why)
			say(p, st->why);
		if (st->lesson < 0)
			break;
		if (yes(p, _("Add this lesson to your course? (yes/no) ")))
			app_course_take(p->ac, v, (size_t)st->lesson,
			                clock_now());
		else
			app_course_decline(p->ac, v, (size_t)st->lesson,
			                   clock_now());
		save(p);
		break;
	case STEP_DONE:
		say(p, st->text);
		break;
	}
}

/* Homework skipped with the person's reason, kept with the date. */
static void
skip_homework(struct plain *p, const struct app_step *st)
{
	char *why;
	int r;

	say(p, st->text);
	why = ask(p, _("Why are you skipping it? A few words are enough "
	               "(Enter: keep it): "));
	r = why && *why ? app_homework_skip(p->ac, p->s, (size_t)st->lesson,
	                                    st->id, why, clock_now())
	                : 2;
	secret_free(why);
	if (r == 0) {
		save(p);
		say(p, _("Skipped. Your reason is kept with the date."));
	} else if (r < 0) {
		say(p, _("Could not keep that in the vault."));
	} else {
		say(p, _("Nothing skipped."));
	}
	overview(p);
}

static void
help(struct plain *p)
{
	say(p, _("Commands:\n"
	         "  a number    do that item of the What now list\n"
	         "  status      where you are and what is due (s)\n"
	         "  lessons     every lesson, and why a locked one is locked "
	         "(l)\n"
	         "  read N      read lesson N (r N)\n"
	         "  checkin ID  take a check-in, e.g. checkin phq9 (c ID)\n"
	         "  worksheets  the worksheets (w)\n"
	         "  worksheet ID  fill one in, e.g. worksheet thought-record\n"
	         "  skip N      skip homework item N, and say why\n"
	         "  helper      your helper: helper link FILE, helper summary, "
	         "helper unlink\n"
	         "  messages    messages from your helper (m)\n"
	         "  notes       everything you wrote (n); notes WORD searches "
	         "it\n"
	         "  note ID     read one of them, e.g. note a1\n"
	         "  !           crisis help\n"
	         "  country     choose your country (whose crisis lines)\n"
	         "  plan        see or write your safety plan\n"
	         "  quit        save and leave (q)"));
}

/*
 * The suitability check (app/suitability.h): the statements by number;
 * the person types the numbers of those true for them, or Enter for none.
 * A mark gets tend's advice, never a block.
 */
static void
suitability(struct plain *p)
{
	struct suit_list l;
	struct paras adv = PARAS_INIT;
	struct cli_lines io;
	unsigned marks = 0;

	suit_list(&l);
	say(p, _("Before you start: is any of these true for you now?"));
	for (size_t i = 0; i < l.n; i++) {
		struct buf b = BUF_INIT;

		buf_printf(&b, "  %zu  %s", i + 1, l.text[i]);
		say(p, b.data);
		buf_free(&b);
	}
	for (;;) {
		char *a = ask(p, _("Type the numbers of those that are true "
		                   "(for example 1 3), or press Enter for "
		                   "none: "));
		bool ok = true;

		marks = 0;
		for (char *c = a; c && *c && ok; c++) {
			if (*c == ' ' || *c == ',')
				continue;
			if (*c >= '1' && (size_t)(*c - '0') <= l.n)
				marks |= SUIT_BIT(l.q[*c - '1']);
			else
				ok = false;
		}
		secret_free(a);
		if (ok)
			break;
		say(p, _("Please type only the numbers shown."));
	}
	if (suit_record(p->s, marks, clock_now()) < 0)
		say(p, _("Could not keep that in the vault."));
	save(p);
	suit_advice(p->s, marks, &adv);
	if (adv.n) {
		lines_of(p, &io);
		puts("");
		cli_paras(&io, &adv);
		puts("");
	}
	paras_free(&adv);
	suit_list_free(&l);
}

/* What tend is and is not, and crisis help: once, before anything. */
static void
welcome(struct plain *p)
{
	say(p, _("Welcome to tend."));
	say(p, _("This is a self-help course based on cognitive behaviour "
	         "therapy.  It is not therapy, and nobody reads your "
	         "answers: they stay on this device, encrypted."));
	say(p, _("It is not the right tool if you are in crisis or very "
	         "unwell.  Then please talk to a doctor, or use the crisis "
	         "contacts below."));
	if (!country_chosen(p->s) && !country_locked())
		choose_country(p);
	show_crisis(p);
	say(p, _("Type ! at any prompt to see these contacts again."));
	p->welcomed = true;
}

/* The welcome, then the course starts and that it was read is kept:
 * the crisis block is not printed again at the next start (! shows it
 * whenever asked). */
static void
onboard(struct plain *p)
{
	bool started = app_course_overview(p->ac)->started;

	if (!p->welcomed)
		welcome(p);
	/* Once per vault, with a vault to keep the answer in. */
	if (suit_due(p->s) == 1)
		suitability(p);
	{
		struct cli_lines io;

		lines_of(p, &io);
		plain_helper_first_run(&io, p->s);
	}
	app_course_start(p->ac, p->s, clock_now());
	if (!started)
		say(p, _("Your course has started."));
	app_course_onboarded(p->ac, p->s, clock_now());
	save(p);
}

/*
 * After a risk answer in an earlier run: how have you been since then?
 * (app/risk.h).  The answer is kept; "worse" shows the safety text, the
 * other answers a short reply.
 */
static void
followup(struct plain *p)
{
	struct paras reply = PARAS_INIT;
	struct cli_lines io;
	struct inst_item *it;
	const char *lead;
	char *a, *msg = NULL;
	int key = -1;

	if (risk_followup_due(p->s, RISK_AT_OPEN, clock_now(),
	                      session_opened_at(p->s)) != 1)
		return;
	it = risk_since_item(&lead);
	puts("");
	say(p, _("Since last time"));
	say(p, lead);
	say(p, it->text);
	for (size_t k = 0; k < it->nopts; k++) {
		struct buf b = BUF_INIT;

		buf_printf(&b, "  %d  %s", it->opts[k].key, it->opts[k].label);
		say(p, b.data);
		buf_free(&b);
	}
	for (;;) {
		a = ask(p, _("> (Enter to skip) "));
		if (!a || !*a)
			break;
		if (a[1] == '\0' && inst_option_by_key(it, a[0] - '0')) {
			key = a[0] - '0';
			break;
		}
		say(p, _("Please type one of the numbers shown."));
		secret_free(a);
	}
	secret_free(a);
	if (risk_followup_record(p->s, RISK_AT_OPEN, key, clock_now()) < 0 ||
	    cli_commit(p->s, &msg) != EXIT_OK) {
		cli_error("%s",
		          msg ? msg
		              : _("Could not keep the answer in the vault."));
		free(msg);
	}
	(void)risk_followup_reply(p->s, key, &reply);
	lines_of(p, &io);
	puts("");
	cli_paras(&io, &reply);
	paras_free(&reply);
	risk_item_free(it);
}

/*
 * The first run without a vault: the welcome first (what tend is and is
 * not, crisis help), then a passphrase (twice on a terminal; one line from
 * --passphrase-fd), the vault, and its recovery code, kept only when the
 * person says they wrote it down.  Returns EXIT_OK with p->s open.
 */
static int
first_run(struct plain *p)
{
	char code[VAULT_CODE_LEN];
	char *pass = NULL, *again = NULL, *msg = NULL, *y;
	int rc = EXIT_FAIL;

	welcome(p);
	puts("");
	say(p, _("First, a passphrase.  It locks everything you write here; "
	         "only you know it.  Choose at least 8 characters; a few "
	         "words you will remember are best."));
	for (int tries = 0; tries < 3 && !pass; tries++) {
		pass = session_read_secret(p->opts, _("New passphrase: "));
		if (!pass)
			break;
		if (strlen(pass) < 8) {
			say(p, _("That is too short: at least 8 characters."));
			secret_free(pass);
			pass = NULL;
			if (p->opts->passphrase_fd >= 0)
				break;
			continue;
		}
		if (p->opts->passphrase_fd >= 0)
			break;
		again = session_read_secret(p->opts, _("The same again: "));
		if (!again || strcmp(again, pass) != 0) {
			say(p, _("The two were not the same.  Once more."));
			secret_free(pass);
			pass = NULL;
		}
		secret_free(again);
		again = NULL;
	}
	if (!pass) {
		cli_error("%s", _("no passphrase: nothing was made.  On a "
		                  "terminal tend asks for one; from a script "
		                  "use --passphrase-fd N, or run 'tend init'"));
		return EXIT_FAIL;
	}
	rc = session_create(p->opts, pass, VAULT_KDF_CALIBRATED, code, &p->s,
	                    &msg);
	secret_free(pass);
	if (rc != EXIT_OK) {
		cli_error("%s", msg ? msg : _("could not make the vault"));
		free(msg);
		return rc;
	}
	{
		/* The country chosen in the welcome, before there was a
		 * vault, is kept in it now. */
		struct country cur;

		country_current(NULL, NULL, &cur);
		if (cur.from == COUNTRY_PERSON &&
		    country_set(p->s, cur.code, clock_now(), &msg) != EXIT_OK) {
			cli_error("%s",
			          msg ? msg : _("could not keep the country"));
			free(msg);
			msg = NULL;
		}
	}
	puts("");
	say(p, _("Your recovery code.  If you ever forget your passphrase, "
	         "this code is the only way back in.  Write it down and keep "
	         "it somewhere safe and private: it is shown only now."));
	puts("");
	printf("    %s\n\n", code);
	secret_wipe(code, sizeof(code));
	while ((y = ask(p, _("Type y once you have written it down: "))) &&
	       strcmp(y, "y") != 0 && strcmp(y, "yes") != 0)
		secret_free(y);
	secret_free(y);
	return EXIT_OK;
}

/*
 * The offered merge, as the full screen offers it (ui/conflict.c): when
 * conflict copies wait beside the vault, merge both, keep this vault, keep
 * the copy (when there is one: the passphrase is asked again to restore
 * it) or later.
 */
static void
offer_merge(struct plain *p)
{
	size_t n = session_conflicts(p->s);
	char *a, *msg = NULL, *pass;
	int st = EXIT_OK;

	if (n == 0)
		return;
	say(p, "");
	say(p, n == 1 ? _("While tend was open twice, some writing was saved "
	                  "apart in a conflict copy.")
	              : _("While tend was open twice, some writing was saved "
	                  "apart in conflict copies."));
	for (;;) {
		a = ask(p, n == 1 ? _("m: merge both (nothing is dropped), v: "
		                      "keep this vault, c: keep the copy, l: "
		                      "later? ")
		                  : _("m: merge both (nothing is dropped), v: "
		                      "keep this vault, l: later? "));
		if (!a || !*a || !strcmp(a, "l") || !strcmp(a, "later")) {
			say(p, _("It is offered again next time; 'tend merge' "
			         "does it too."));
			secret_free(a);
			return;
		}
		if (!strcmp(a, "m") || !strcmp(a, "v") ||
		    (n == 1 && !strcmp(a, "c")))
			break;
		secret_free(a);
		say(p, _("Please type m, v, c or l."));
	}
	if (!strcmp(a, "m")) {
		st = session_merge_conflicts(p->s, clock_now(), &msg);
	} else if (!strcmp(a, "v")) {
		if (yes(p, _("Delete the writing that was saved apart? It is "
		             "not merged anywhere. (yes/no) "))) {
			st = session_drop_conflicts(p->s, &msg);
			if (st == EXIT_OK)
				msg = xstrdup(_("Kept your vault as it is; "
				                "what was saved apart is "
				                "deleted."));
		}
	} else if (yes(p, _("Put the copy in the vault's place? The vault "
	                    "as it is now becomes the newest backup. "
	                    "(yes/no) "))) {
		pass = session_read_secret(p->opts,
		                           _("Passphrase, to open the copy: "));
		if (!pass) {
			msg = xstrdup(_("No passphrase: nothing was changed."));
			st = EXIT_FAIL;
		} else {
			st = session_keep_conflict_copy(&p->s, pass, &msg);
			secret_free(pass);
		}
	}
	secret_free(a);
	if (msg && st == EXIT_OK)
		say(p, msg);
	else if (msg)
		cli_error("%s", msg);
	free(msg);
}

static int
terminal_width(void)
{
	struct winsize ws;
	const char *cols = getenv("COLUMNS");

	if (cols && atoi(cols) >= 20)
		return atoi(cols) > 200 ? 200 : atoi(cols);
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col > 200 ? 200 : ws.ws_col;
	return 80;
}

static void
command(struct plain *p, char *line)
{
	const struct app_overview *ov = app_course_overview(p->ac);
	const struct course *c = app_course_def(p->ac);
	char *arg = strchr(line, ' ');
	char *end;
	long n;

	if (arg) {
		*arg++ = '\0';
		while (*arg == ' ')
			arg++;
	}
	n = strtol(line, &end, 10);
	if (*line && *end == '\0') {
		if (n >= 1 && (size_t)n <= ov->ndue) {
			act_on_step(p, &ov->due[n - 1]);
			if (!p->quit)
				overview(p);
		} else
			say(p, _("There is no such item in the list."));
		return;
	}
	if (!*line || !strcmp(line, "s") || !strcmp(line, "status")) {
		overview(p);
	} else if (!strcmp(line, "!") || !strcmp(line, "crisis")) {
		show_crisis(p);
	} else if (!strcmp(line, "country")) {
		choose_country(p);
	} else if (!strcmp(line, "plan")) {
		safety_plan_cmd(p);
	} else if (!strcmp(line, "h") || !strcmp(line, "help") ||
	           !strcmp(line, "?")) {
		help(p);
	} else if (!strcmp(line, "q") || !strcmp(line, "quit")) {
		p->quit = true;
	} else if (!strcmp(line, "l") || !strcmp(line, "lessons")) {
		list_lessons(p);
	} else if (!strcmp(line, "w") || !strcmp(line, "worksheets")) {
		list_sheets(p);
	} else if ((!strcmp(line, "r") || !strcmp(line, "read")) && arg) {
		n = strtol(arg, &end, 10);
		if (*end || n < 1 || (size_t)n > c->nlessons)
			say(p, _("Type read and a lesson number from the "
			         "lessons list."));
		else
			read_lesson(p, (size_t)n - 1);
	} else if ((!strcmp(line, "c") || !strcmp(line, "checkin")) && arg) {
		take_checkin(p, arg);
	} else if (!strcmp(line, "worksheet") && arg) {
		fill_sheet(p, arg, NULL);
	} else if (!strcmp(line, "skip") && arg) {
		n = strtol(arg, &end, 10);
		if (*end || n < 1 || (size_t)n > ov->ndue ||
		    ov->due[n - 1].kind != STEP_HOMEWORK)
			say(p, _("Type skip and the number of a homework item "
			         "in the What now list."));
		else
			skip_homework(p, &ov->due[n - 1]);
	} else if (!strcmp(line, "helper")) {
		struct cli_lines io;

		lines_of(p, &io);
		plain_helper(&io, p->s, arg);
	} else if (!strcmp(line, "m") || !strcmp(line, "messages")) {
		struct cli_lines io;

		lines_of(p, &io);
		plain_messages(&io, p->s);
	} else if (!strcmp(line, "n") || !strcmp(line, "notes")) {
		list_notes(p, arg && *arg ? arg : NULL);
	} else if (!strcmp(line, "note") && arg) {
		show_note(p, arg);
	} else {
		say(p, _("I did not understand that.  Type help for the "
		         "commands."));
	}
}

int
plain_main(int argc, char **argv, struct opts *opts)
{
	struct plain p = {opts,           NULL, NULL,  NULL,
	                  SHEET_SET_INIT, 80,   false, false};
	struct diags d = DIAGS_INIT;
	char *msg = NULL;
	int rc;

	(void)argc;
	(void)argv;
	p.width = terminal_width();
	{
		/* No wider than the reading measure, as the full screen. */
		struct app_config *cfg;
		const char *m;

		if (!path_config_dir())
			(void)paths_init(opts->data_dir);
		cfg = app_config_load(NULL);
		m = app_config_get(cfg, APP_CONFIG_MEASURE);

		if (m && atoi(m) >= 20 && atoi(m) < p.width)
			p.width = atoi(m);
		else if (!m && p.width > PLAIN_MEASURE)
			p.width = PLAIN_MEASURE;
		app_config_free(cfg);
	}
	if (!session_vault_exists(opts))
		rc = first_run(&p);
	else
		rc = session_open(opts, &p.s, &msg);
	if (rc != EXIT_OK) {
		cli_error("%s", msg ? msg : _("cannot open the vault"));
		free(msg);
		return rc;
	}
	cli_notices(p.s);
	offer_merge(&p);
	if (!p.s) {
		/* Keeping the copy failed so that not even the vault as it
		 * was opens again (said above). */
		rc = EXIT_FAIL;
		goto out;
	}
	rc = session_course(p.s, clock_now(), &p.ac, &msg);
	if (rc != EXIT_OK) {
		cli_error("%s", msg ? msg : _("cannot load the course"));
		free(msg);
		goto out;
	}
	p.inst = app_instruments_load(&d);
	app_sheets_load(&p.sheets, &d);
	if (!app_course_is_onboarded(p.ac))
		onboard(&p);
	followup(&p);
	{
		struct cli_lines io;

		lines_of(&p, &io);
		plain_helper_open(&io, p.s);
	}
	overview(&p);
	while (!p.quit) {
		char *line = ask(&p, "> ");

		if (!line)
			break;
		command(&p, line);
		secret_free(line);
	}
	rc = cli_commit(p.s, &msg);
	/* Leaving with unsaved work: ask, offer to retry, and otherwise
	 * seal it for the next open. */
	while (rc != EXIT_OK && session_dirty(p.s)) {
		char *yes;

		cli_error("%s", msg ? msg : _("could not save"));
		free(msg);
		msg = NULL;
		p.quit = false; /* 'quit' brought us here: ask all the same */
		yes = ask(&p, _("Your latest writing is not saved. Try again "
		                "(y), or keep it sealed for next time and "
		                "leave (n)? "));
		if (yes && (yes[0] == 'y' || yes[0] == 'Y')) {
			secret_free(yes);
			rc = cli_commit(p.s, &msg);
			continue;
		}
		rc = EXIT_FAIL;
		/* Not even the journal fits: asked again, unless input
		 * has ended (nobody to ask). */
		if (cli_keep_unsaved(p.s) != EXIT_OK && yes) {
			secret_free(yes);
			continue;
		}
		secret_free(yes);
		break;
	}
	if (rc != EXIT_OK && msg) {
		cli_error("%s", msg);
		free(msg);
		msg = NULL;
	}
out:
	inst_set_free(p.inst);
	sheet_set_free(&p.sheets);
	diag_free(&d);
	session_close(p.s);
	return rc;
}
