/*
 * The check-in, line by line.  See cli/checkin.h.  Nothing is decided
 * here: what comes next and every message are the flow's (app/checkin.c);
 * this file only prints steps and reads answers.
 */
#include "cli/checkin.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/secret.h"

static void sayf(const struct cli_lines *io, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

static void
sayf(const struct cli_lines *io, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	io->say(io->arg, b.data ? b.data : "");
	buf_free(&b);
}

void
cli_paras(const struct cli_lines *io, const struct paras *p)
{
	for (size_t i = 0; i < p->n; i++) {
		if (p->v[i].style == PARA_ITEM)
			sayf(io, "  %s", p->v[i].text);
		else
			io->say(io->arg, p->v[i].text);
	}
}

/* The safety text and, after it, how to change the country here. */
static void
show_safety(const struct cli_lines *io, const struct checkin_step *st)
{
	io->say(io->arg, "");
	cli_paras(io, st->text);
	io->say(io->arg, "");
	if (io->country) {
		if (st->offer_plan)
			io->say(io->arg,
			        _("Type plan to write your safety plan "
			          "now, or country to change your "
			          "country."));
		else
			io->say(io->arg, _("Type country to change your "
			                   "country, or plan to see or write "
			                   "your safety plan."));
	} else {
		io->say(io->arg, _("To change your country: tend assess "
		                   "--region CC, or in tend press ! and then "
		                   "c."));
		if (st->offer_plan)
			io->say(io->arg, _("To write your safety plan: tend, "
			                   "then p (or tend --plain, then "
			                   "plan)."));
	}
}

void
cli_checkin_show(const struct cli_lines *io, struct checkin *c,
                 const char *pause_hint)
{
	const struct checkin_step *st = checkin_step(c);

	while (st->kind == CHECKIN_SAFETY) {
		show_safety(io, st);
		checkin_go_on(c);
		st = checkin_step(c);
	}
	if (st->kind == CHECKIN_RESULT) {
		io->say(io->arg, "");
		cli_paras(io, st->text);
		if (st->paused && pause_hint)
			io->say(io->arg, pause_hint);
	}
}

static void
intro(const struct cli_lines *io, const struct checkin_step *st)
{
	io->say(io->arg, "");
	io->say(io->arg, st->title);
	if (st->instructions)
		io->say(io->arg, st->instructions);
	if (st->recall)
		io->say(io->arg, st->recall);
	sayf(io, "(%s)", st->attribution);
	if (st->brief) {
		io->say(io->arg, "");
		io->say(io->arg, st->brief);
	}
	io->say(io->arg, "");
	io->say(io->arg, io->crisis ? _("Type the number of your answer.  b "
	                                "goes back, q stops without saving, "
	                                "! shows crisis help.")
	                            : _("Type the number of your answer.  b "
	                                "goes back, q stops without saving."));
}

static void
question(const struct cli_lines *io, const struct checkin_step *st)
{
	const struct inst_item *it = st->question;

	io->say(io->arg, "");
	if (st->heading)
		io->say(io->arg, st->heading);
	if (st->window)
		io->say(io->arg, st->window);
	if (st->number)
		sayf(io, "%zu/%zu. %s", st->number, st->count, it->text);
	else
		io->say(io->arg, it->text);
	for (size_t k = 0; k < it->nopts; k++)
		sayf(io, "  %d  %s", it->opts[k].key,
		     it->opts[k].label ? it->opts[k].label : "");
}

static void
review(const struct cli_lines *io, struct checkin *c)
{
	io->say(io->arg, "");
	io->say(io->arg, _("Your answers:"));
	for (size_t i = 0; i < checkin_rows(c); i++) {
		size_t num;
		int key;
		const struct inst_item *it = checkin_row(c, i, &num, &key);
		const struct inst_option *o = inst_option_by_key(it, key);

		if (o)
			sayf(io, "%zu. %d %s", i + 1, key,
			     o->label ? o->label : "");
		else
			sayf(io, "%zu. %s", i + 1, _("(no answer)"));
	}
}

/* A number typed alone: 0 and *n, or -1. */
static int
number(const char *s, long *n)
{
	char *end;

	if (!*s || *s < '0' || *s > '9')
		return -1;
	*n = strtol(s, &end, 10);
	return *end == '\0' ? 0 : -1;
}

/* One line at a question: 1 go on, 0 stop. */
static int
at_question(const struct cli_lines *io, struct session *s, struct checkin *c,
            const char *a)
{
	char *msg = NULL;
	long k;

	if (strcmp(a, "q") == 0)
		return 0;
	if (strcmp(a, "!") == 0 && io->crisis) {
		io->crisis(io->arg);
	} else if (strcmp(a, "b") == 0) {
		checkin_back(c);
	} else if (*a == '\0') {
		if (checkin_next(c, s, clock_now(), &msg) ==
		    CHECKIN_NEEDS_ANSWER)
			io->say(io->arg,
			        _("Please type one of the numbers shown."));
		else if (msg)
			cli_error("%s", msg);
	} else if (number(a, &k) < 0 || k > 9 ||
	           checkin_answer(c, s, (int)k, clock_now(), &msg) ==
	                   CHECKIN_NOT_AN_OPTION) {
		io->say(io->arg, _("Please type one of the numbers shown."));
	} else if (msg) {
		cli_error("%s", msg);
	}
	free(msg);
	return 1;
}

/*
 * One line at the review: 1 go on, 0 stop, -1 the answers could not be
 * recorded.  *saved: the save's exit status once it was tried.
 */
static int
at_review(const struct cli_lines *io, struct session *s, struct checkin *c,
          const char *a, const char *source, int *saved)
{
	char *msg = NULL;
	long k;

	if (strcmp(a, "y") == 0 || strcmp(a, "yes") == 0) {
		*saved = checkin_save(c, s, source, clock_now(), &msg);
		if (msg)
			cli_error("%s", msg);
		else if (session_warning(s))
			cli_error(_("warning: %s"), session_warning(s));
		free(msg);
		return checkin_step(c)->kind != CHECKIN_REVIEW ? 1 : -1;
	}
	if (strcmp(a, "n") == 0 || strcmp(a, "no") == 0 || strcmp(a, "q") == 0)
		return 0;
	if (strcmp(a, "!") == 0 && io->crisis)
		io->crisis(io->arg);
	else if (strcmp(a, "b") == 0)
		checkin_back(c);
	else if (number(a, &k) == 0 && k >= 1 && (size_t)k <= checkin_rows(c))
		checkin_change(c, (size_t)k - 1);
	else
		io->say(io->arg, _("Please type y, n or the number of an "
		                   "answer."));
	return 1;
}

int
cli_checkin_run(const struct cli_lines *io, struct session *s,
                struct checkin *c, const char *source, const char *pause_hint)
{
	int go = 1, saved = EXIT_FAIL;
	bool done = false;

	intro(io, checkin_step(c));
	checkin_start(c);
	while (go == 1) {
		const struct checkin_step *st = checkin_step(c);
		char *a = NULL;

		switch (st->kind) {
		case CHECKIN_INTRO: /* started above */
			break;
		case CHECKIN_QUESTION:
			question(io, st);
			a = io->ask(io->arg, st->optional
			                             ? _("> (Enter to skip) ")
			                             : "> ");
			go = a ? at_question(io, s, c, a) : 0;
			break;
		case CHECKIN_SAFETY:
			show_safety(io, st);
			a = io->ask(
			        io->arg,
			        _("Press Enter to go on with the questions. "));
			go = a ? 1 : 0;
			if (a && io->country && strcmp(a, "country") == 0) {
				io->country(io->arg);
				checkin_refresh(c, s);
			} else if (a && io->plan && strcmp(a, "plan") == 0) {
				io->plan(io->arg);
				checkin_refresh(c, s);
			} else {
				checkin_go_on(c);
			}
			break;
		case CHECKIN_REVIEW:
			review(io, c);
			a = io->ask(
			        io->arg,
			        _("Save these answers? (y: save, n: discard, "
			          "or a number to change that answer) "));
			go = a ? at_review(io, s, c, a, source, &saved) : 0;
			break;
		case CHECKIN_RESULT:
			cli_checkin_show(io, c, pause_hint);
			done = true;
			go = 0;
			break;
		}
		secret_free(a);
	}
	if (done)
		return saved;
	if (go == 0)
		io->say(io->arg, _("Nothing was saved."));
	return saved == EXIT_OK ? EXIT_FAIL : saved;
}
