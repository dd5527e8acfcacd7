/*
 * The first run and the unlock screen.  A new person sees, in order: the
 * question of their country (so that every crisis screen after it shows
 * the right lines; the time zone and language settings suggest one), a
 * short, honest welcome (self-help, not therapy; nobody reads the answers;
 * the data stays on this device, encrypted; when tend is not the right
 * tool, with the crisis contacts), a passphrase asked twice with strength
 * feedback, the recovery code shown once, the choice of course when more
 * than one is installed, and the course's baseline check-in; then the
 * home screen.  Someone whose vault exists types the passphrase and goes
 * on from wherever they stopped.
 *
 * Three small screens do it all: a scrolling page of paragraphs that calls
 * back on Enter (or y), a masked passphrase field, and a numbered list.
 * Passphrases live in a buffer that is wiped on every change and on close.
 */
#include "ui/home.h"

#include <stdlib.h>
#include <string.h>

#include "app/assess.h"
#include "app/country.h"
#include "app/course.h"
#include "app/suitability.h"
#include "app/vault.h"
#include "ui/assess.h"
#include "ui/messages.h"
#include "ui/view.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/secret.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* ---- A page of paragraphs -------------------------------------------- */

struct para {
	unsigned style;
	char *text;
};

struct page_line {
	unsigned style;
	char *text;
};

struct page {
	struct home_flow *f;
	char *title;
	struct para *paras;
	size_t npara;
	struct page_line *lines; /* wrapped at the current width */
	size_t nlines;
	int rows, cols;
	size_t top;
	bool need_yes; /* only y goes on (the recovery code) */
	int (*next)(struct ui *ui, struct page *p);
	char *secret; /* wiped on free (the recovery code) */
};

static void
page_add(struct page *p, unsigned style, const char *text)
{
	p->paras = xreallocarray(p->paras, p->npara + 1, sizeof(*p->paras));
	p->paras[p->npara].style = style;
	p->paras[p->npara].text = xstrdup(text);
	p->npara++;
}

static void
lines_free(struct page *p)
{
	for (size_t i = 0; i < p->nlines; i++)
		free(p->lines[i].text);
	free(p->lines);
	p->lines = NULL;
	p->nlines = 0;
}

struct wrap_ctx {
	struct page *p;
	unsigned style;
};

static void
collect_line(const char *s, size_t n, void *arg)
{
	struct wrap_ctx *w = arg;
	struct page *p = w->p;

	p->lines = xreallocarray(p->lines, p->nlines + 1, sizeof(*p->lines));
	p->lines[p->nlines].style = w->style;
	p->lines[p->nlines].text = xstrndup(s, n);
	p->nlines++;
}

static void
page_resize(struct ui *ui, void *state, int rows, int cols)
{
	struct page *p = state;
	size_t width = cols > 6 ? (size_t)cols - 4 : 1;

	if (width > 76)
		width = 76;
	lines_free(p);
	p->rows = rows;
	p->cols = cols;
	for (size_t i = 0; i < p->npara; i++) {
		struct wrap_ctx w = {p, p->paras[i].style};

		if (p->paras[i].text[0] == '\0')
			collect_line("", 0, &w);
		else
			utf8_wrap(p->paras[i].text, strlen(p->paras[i].text),
			          width, collect_line, &w);
	}
	if (p->top + 1 > p->nlines)
		p->top = p->nlines ? p->nlines - 1 : 0;
}

static void
page_draw(const void *state, struct ui_canvas *c)
{
	const struct page *p = state;

	ui_put_trunc(c, 0, 2, c->cols - 4, UI_STYLE_H1, p->title, SIZE_MAX);
	for (int y = 2; y < c->rows; y++) {
		size_t i = p->top + (size_t)(y - 2);

		if (i >= p->nlines)
			break;
		ui_put(c, y, 2, c->cols - 2, p->lines[i].style,
		       p->lines[i].text, SIZE_MAX);
	}
}

static void
page_status(const void *state, struct buf *left, struct buf *right)
{
	const struct page *p = state;
	size_t view = p->rows > 2 ? (size_t)p->rows - 2 : 1;

	buf_adds(left, p->title);
	if (p->nlines > view) {
		size_t seen = p->top + view;

		buf_printf(right, "%zu%%",
		           seen >= p->nlines ? (size_t)100
		                             : seen * 100 / p->nlines);
	}
}

/* The recovery code waits for y; other pages go on with Enter. */
static const enum ui_action *
page_hints(const void *state)
{
	static const enum ui_action yes[] = {ACT_YES, ACT_NONE};
	static const enum ui_action go[] = {ACT_SELECT, ACT_BACK, ACT_NONE};

	return ((const struct page *)state)->need_yes ? yes : go;
}

static int
page_action(struct ui *ui, void *state, enum ui_action act,
            const struct ui_key *key)
{
	struct page *p = state;
	size_t view = p->rows > 3 ? (size_t)p->rows - 3 : 1;
	size_t max = p->nlines > view ? p->nlines - view : 0;

	switch (act) {
	case ACT_LINE_DOWN:
		p->top = p->top < max ? p->top + 1 : max;
		return UI_DRAW;
	case ACT_LINE_UP:
		p->top = p->top ? p->top - 1 : 0;
		return UI_DRAW;
	case ACT_PAGE_DOWN:
	case ACT_HALF_DOWN:
		p->top = p->top + view < max ? p->top + view : max;
		return UI_DRAW;
	case ACT_PAGE_UP:
	case ACT_HALF_UP:
		p->top = p->top > view ? p->top - view : 0;
		return UI_DRAW;
	case ACT_TOP:
		p->top = 0;
		return UI_DRAW;
	case ACT_BOTTOM:
		p->top = max;
		return UI_DRAW;
	case ACT_SELECT:
		if (p->need_yes) {
			ui_message(ui, "%s",
			           _("Press y once you have written the code "
			             "down."));
			return UI_DRAW;
		}
		return p->next(ui, p);
	case ACT_YES:
		return p->next(ui, p);
	default:
		return UI_PASS;
	}
}

static void
page_free(void *state)
{
	struct page *p = state;

	lines_free(p);
	for (size_t i = 0; i < p->npara; i++) {
		if (p->secret)
			secret_wipe(p->paras[i].text, strlen(p->paras[i].text));
		free(p->paras[i].text);
	}
	free(p->paras);
	free(p->title);
	if (p->secret) {
		secret_wipe(p->secret, strlen(p->secret));
		free(p->secret);
	}
	free(p);
}

static const struct screen_ops page_ops = {
        .name = "page",
        .title = N_("Welcome"),
        .keymaps = UI_MAP_SCROLL | UI_MAP_DIALOG,
        .draw = page_draw,
        .status = page_status,
        .hints = page_hints,
        .action = page_action,
        .resize = page_resize,
        .free = page_free,
};

static struct page *
page_new(struct home_flow *f, const char *title)
{
	struct page *p = xcalloc(1, sizeof(*p));

	p->f = f;
	p->title = xstrdup(title);
	return p;
}

/* ---- The welcome -------------------------------------------------------- */

static void pass_push(struct ui *ui, struct home_flow *f, bool create);

static int
welcome_next(struct ui *ui, struct page *p)
{
	struct home_flow *f = p->f;

	f->welcomed = true;
	if (!f->session) {
		pass_push(ui, f, true); /* replaces this page */
		return UI_DRAW;
	}
	return onboard_continue(ui, f);
}

static struct page *
welcome_page(struct home_flow *f)
{
	struct page *p = page_new(f, _("Welcome to tend"));
	struct buf crisis = BUF_INIT;
	const char *s, *nl;

	page_add(p, UI_STYLE_NORMAL,
	         _("tend is a self-help course. In short lessons, a few days "
	           "apart, it teaches skills from cognitive behavioural "
	           "therapy (CBT) for worry, stress and low mood, with "
	           "practice in between and short check-ins on how you "
	           "are."));
	page_add(p, UI_STYLE_NORMAL, "");
	page_add(p, UI_STYLE_H2, _("What tend is, and is not"));
	page_add(p, UI_STYLE_NORMAL,
	         _("- It is self-help, not therapy. No therapist is "
	           "involved."));
	page_add(p, UI_STYLE_NORMAL,
	         _("- Nobody reads your answers. Nobody is told how you are "
	           "doing, and nobody is alerted if things get hard."));
	page_add(p, UI_STYLE_NORMAL,
	         _("- Your data stays on this device, in one file encrypted "
	           "with a passphrase that only you know. There is no "
	           "account and nothing is sent anywhere."));
	page_add(p, UI_STYLE_NORMAL, "");
	page_add(p, UI_STYLE_H2, _("When tend is not the right tool"));
	page_add(p, UI_STYLE_NORMAL,
	         _("If you are in crisis or thinking about ending your life, "
	           "if you have a severe mental illness, or if you feel "
	           "much worse over a couple of weeks, please talk to a "
	           "doctor or a crisis line. tend can be used alongside "
	           "treatment, not instead of it."));
	page_add(p, UI_STYLE_NORMAL, "");
	ui_crisis_text(f->session, &crisis);
	for (s = crisis.data ? crisis.data : ""; *s; s = *nl ? nl + 1 : nl) {
		char *para;

		nl = strchr(s, '\n');
		if (!nl)
			nl = s + strlen(s);
		para = xstrndup(s, (size_t)(nl - s));
		if (strncmp(para, "# ", 2) == 0)
			page_add(p, UI_STYLE_CRISIS, para + 2);
		else if (*para)
			page_add(p, UI_STYLE_NORMAL, para);
		free(para);
	}
	buf_free(&crisis);
	page_add(p, UI_STYLE_NORMAL, "");
	page_add(p, UI_STYLE_DIM,
	         _("Press ! on any screen to see these contacts again."));
	page_add(p, UI_STYLE_NORMAL, "");
	page_add(p, UI_STYLE_TITLE, _("Press Enter to go on."));
	p->next = welcome_next;
	return p;
}

/* ---- Passphrase --------------------------------------------------------- */

struct pass {
	struct home_flow *f;
	bool create;
	int step; /* create: 0 first entry, 1 again */
	/* Unlocking reads as much as session_open would (a passphrase set
	 * before the rule may be longer); a new one follows the rule. */
	char field[SESSION_SECRET_MAX + 1];
	size_t len;
	char first[SESSION_PASSPHRASE_MAX + 1];
	char *error; /* last problem, shown under the field */
	int tries;
	bool timed; /* the read-ahead timer is set */
};

static void
pass_wipe(struct pass *p)
{
	secret_wipe(p->field, sizeof(p->field));
	p->len = 0;
}

static void
pass_draw(const void *state, struct ui_canvas *c)
{
	const struct pass *p = state;
	int y = 0, w = c->cols - 4;
	char stars[64];
	size_t n = p->len < sizeof(stars) - 1 ? p->len : sizeof(stars) - 1;

	ui_put(c, y, 2, w, UI_STYLE_H1,
	       p->create ? _("Choose a passphrase") : _("Welcome back"),
	       SIZE_MAX);
	y += 2;
	if (p->create) {
		y += ui_put_wrap(c, y, 2, w, 6, UI_STYLE_NORMAL,
		                 _("Your passphrase encrypts everything you "
		                   "write. Choose a few unusual words that "
		                   "you will remember; nobody can reset it for "
		                   "you. Next you get a recovery code in case "
		                   "you forget it."));
		y++;
	}
	y += ui_put_wrap(c, y, 2, w, 2, UI_STYLE_TITLE,
	                 p->create ? (p->step == 0 ? _("Passphrase:")
	                                           : _("The same again:"))
	                           : _("Passphrase:"));
	memset(stars, '*', n);
	stars[n] = '\0';
	ui_fill(c, y, 2, w > 40 ? 40 : w, UI_STYLE_INPUT);
	ui_put(c, y, 2, w > 40 ? 40 : w, UI_STYLE_INPUT, stars, SIZE_MAX);
	c->cur_y = y;
	c->cur_x = 2 + (int)(n < 39 ? n : 39);
	y += 2;
	if (p->error)
		y += ui_put_wrap(c, y, 2, w, 4, UI_STYLE_WARNING, p->error);
	else if (p->create && p->step == 0 && p->len > 0) {
		const char *hint = NULL;
		static const char *const words[] = {N_("very weak"), N_("weak"),
		                                    N_("fair"), N_("good"),
		                                    N_("strong")};
		int score = session_passphrase_strength(p->field, &hint);
		struct buf b = BUF_INIT;

		buf_printf(&b, _("Strength: %s. %s"), _(words[score]),
		           hint ? hint : "");
		y += ui_put_wrap(c, y, 2, w, 3,
		                 score >= 3 ? UI_STYLE_GOOD : UI_STYLE_DIM,
		                 b.data);
		buf_free(&b);
	}
}

static void
pass_status(const void *state, struct buf *left, struct buf *right)
{
	buf_adds(left, _("Passphrase"));
}

static const enum ui_action *
pass_hints(const void *state)
{
	static const enum ui_action h[] = {ACT_SELECT, ACT_BACK, ACT_NONE};

	return h;
}

static void
set_error(struct pass *p, char *msg)
{
	free(p->error);
	p->error = msg;
}

static void code_push(struct ui *ui, struct home_flow *f, const char *code);

/* The unlock waits its turn for memory on a shared computer: say so on
 * the status line while it waits. */
static void
kdf_wait(int others, unsigned long long mib, void *ctx)
{
	struct ui *ui = ctx;

	if (others <= 0)
		return;
	ui_message(ui,
	           ngettext("Waiting for memory: %d other unlock on this "
	                    "computer comes first...",
	                    "Waiting for memory: %d other unlocks on this "
	                    "computer come first...",
	                    (unsigned long)others),
	           others);
	ui_paint_now(ui);
	(void)mib;
}

static int settle(struct ui *ui, struct home_flow *f);

static int
pass_submit(struct ui *ui, struct pass *p)
{
	struct home_flow *f = p->f;
	char *msg = NULL;
	int st;

	p->field[p->len] = '\0';
	if (!p->create) {
		/* The key derivation takes about half a second: say so. */
		ui_message(ui, "%s", _("Opening the vault..."));
		ui_paint_now(ui);
		app_vault_wait_hook(kdf_wait, ui);
		st = session_open_lazily(f->opts, p->field, &f->session, &msg);
		app_vault_wait_hook(NULL, NULL);
		ui_message_clear(ui);
		if (st == EXIT_OK && session_conflicts(f->session) > 0) {
			/* Writing saved apart: the merge is offered first (it
			 * may need the passphrase again; p goes with this
			 * screen). */
			char *pass = xstrdup(p->field);
			int r;

			pass_wipe(p);
			free(msg);
			ui_set_session(ui, f->session);
			r = conflict_offer(ui, f, pass);
			secret_free(pass);
			return r | settle(ui, f);
		}
		pass_wipe(p);
		if (st != EXIT_OK) {
			set_error(p, msg ? msg : xstrdup(_("Cannot open.")));
			if (st == EXIT_AUTH && ++p->tries < 5)
				return UI_DRAW;
			if (st == EXIT_AUTH)
				return UI_QUIT;
			return UI_DRAW;
		}
		free(msg);
		ui_set_session(ui, f->session);
		/* The rest of the vault is opened once what follows is on
		 * the screen, before another key is read. */
		st = onboard_continue(ui, f);
		return st | settle(ui, f);
	}
	if (p->step == 0) {
		const char *hint;

		if (utf8_width(p->field, p->len) < 8) {
			set_error(p, xstrdup(_("Please use at least 8 "
			                       "characters.")));
			pass_wipe(p);
			return UI_DRAW;
		}
		if (session_passphrase_problem(p->field)) {
			set_error(p, xstrdup(session_passphrase_problem(
			                     p->field)));
			pass_wipe(p);
			return UI_DRAW;
		}
		if (session_passphrase_strength(p->field, &hint) < 2) {
			set_error(p, xasprintf(_("That is easy to guess. %s"),
			                       hint ? hint : ""));
			pass_wipe(p);
			return UI_DRAW;
		}
		memcpy(p->first, p->field, p->len + 1);
		pass_wipe(p);
		set_error(p, NULL);
		p->step = 1;
		return UI_DRAW;
	}
	if (strcmp(p->first, p->field) != 0) {
		secret_wipe(p->first, sizeof(p->first));
		pass_wipe(p);
		p->step = 0;
		set_error(p, xstrdup(_("The two did not match. Please choose "
		                       "it again.")));
		return UI_DRAW;
	}
	{
		char code[VAULT_CODE_LEN];

		/* No "please wait" here: one thread paints only after this
		 * handler returns, and the key derivation takes about half a
		 * second. */
		st = session_create(f->opts, p->field, VAULT_KDF_CALIBRATED,
		                    code, &f->session, &msg);
		secret_wipe(p->first, sizeof(p->first));
		pass_wipe(p);
		if (st != EXIT_OK) {
			p->step = 0;
			set_error(p, msg ? msg : xstrdup(_("Cannot create.")));
			return UI_DRAW;
		}
		free(msg);
		ui_set_session(ui, f->session);
		/* The country chosen before the vault existed goes into it. */
		if (country_adopt(f->session, clock_now(), &msg) != EXIT_OK)
			ui_message(ui, "%s", msg ? msg : _("Could not save."));
		free(msg);
		code_push(ui, f, code); /* replaces this screen */
		secret_wipe(code, sizeof(code));
	}
	return UI_DRAW;
}

static int
pass_action(struct ui *ui, void *state, enum ui_action act,
            const struct ui_key *k)
{
	struct pass *p = state;

	if (act == ACT_SELECT)
		return pass_submit(ui, p);
	if (!k->fn && k->code >= 32 && k->code != 127 && act == ACT_NONE) {
		struct buf enc = BUF_INIT;

		size_t room = p->create ? SESSION_PASSPHRASE_MAX
		                        : sizeof(p->field) - 1;

		utf8_encode(&enc, (uint32_t)k->code);
		if (p->len + enc.len <= room) {
			memcpy(p->field + p->len, enc.data, enc.len);
			p->len += enc.len;
			p->field[p->len] = '\0';
			set_error(p, NULL);
		} else {
			/* Said, never a silent cut. */
			set_error(p,
			          xasprintf(_("A passphrase can be at most "
			                      "%d bytes long; that is as "
			                      "far as it goes."),
			                    p->create ? SESSION_PASSPHRASE_MAX
			                              : SESSION_SECRET_MAX));
		}
		buf_wipe(&enc);
		return UI_DRAW;
	}
	if ((k->fn && k->code == KEY_BACKSPACE) ||
	    (!k->fn && (k->code == 127 || k->code == 8))) {
		while (p->len > 0) {
			p->len--;
			if (((unsigned char)p->field[p->len] & 0xC0) != 0x80)
				break;
		}
		secret_wipe(p->field + p->len, sizeof(p->field) - p->len);
		return UI_DRAW;
	}
	if (!k->fn && k->code == UI_CTRL('U')) {
		pass_wipe(p);
		return UI_DRAW;
	}
	if (act == ACT_BACK || act == ACT_QUIT)
		return UI_QUIT;
	return UI_PASS;
}

static void
pass_free(void *state)
{
	struct pass *p = state;

	secret_wipe(p->field, sizeof(p->field));
	secret_wipe(p->first, sizeof(p->first));
	free(p->error);
	free(p);
}

/* Unlocking: once the screen is up, the course is read while the
 * passphrase is typed, so that the home screen follows the unlock
 * sooner (nobody types a passphrase in PASS_AHEAD_MS). */
#define PASS_AHEAD_MS 50

static void
pass_resize(struct ui *ui, void *state, int rows, int cols)
{
	struct pass *p = state;

	(void)rows;
	(void)cols;
	if (!p->create && !p->timed) {
		p->timed = true;
		ui_screen_timer(ui, p, clock_mono_ms() + PASS_AHEAD_MS);
	}
}

static int
pass_timer(struct ui *ui, void *state, int64_t now_ms)
{
	struct pass *p = state;

	(void)ui;
	(void)now_ms;
	app_course_read_ahead(p->f->opts);
	return UI_OK;
}

static const struct screen_ops pass_ops = {
        .name = "passphrase",
        .title = N_("Passphrase"),
        .flags = UI_SCREEN_TEXT,
        .keymaps = UI_MAP_DIALOG,
        .draw = pass_draw,
        .status = pass_status,
        .hints = pass_hints,
        .action = pass_action,
        .resize = pass_resize,
        .timer = pass_timer,
        .free = pass_free,
};

static void
pass_push(struct ui *ui, struct home_flow *f, bool create)
{
	struct pass *p = xcalloc(1, sizeof(*p));

	p->f = f;
	p->create = create;
	ui_replace(ui, &pass_ops, p);
}

/* The country is asked before the welcome, whose crisis lines follow it;
 * "not now" goes on to the welcome all the same. */
static int
country_done(struct ui *ui, void *arg, bool changed)
{
	struct home_flow *f = arg;

	if (f->session)
		return onboard_continue(ui, f);
	ui_push(ui, &page_ops, welcome_page(f));
	return UI_DRAW;
}

/* True when the first run should ask the country now. */
static bool
ask_country(struct home_flow *f)
{
	return !f->country_asked && !country_chosen(f->session) &&
	       !country_locked();
}

void
onboard_first(struct home_flow *f, const struct screen_ops **ops, void **state)
{
	if (!session_vault_exists(f->opts)) {
		if (ask_country(f)) {
			f->country_asked = true;
			*ops = ui_country_first(NULL, country_done, f, state);
			return;
		}
		*ops = &page_ops;
		*state = welcome_page(f);
	} else {
		struct pass *p = xcalloc(1, sizeof(*p));

		p->f = f;
		*ops = &pass_ops;
		*state = p;
	}
}

/* ---- The recovery code --------------------------------------------------- */

static int
code_next(struct ui *ui, struct page *p)
{
	return onboard_continue(ui, p->f);
}

static void
code_push(struct ui *ui, struct home_flow *f, const char *code)
{
	struct page *p = page_new(f, _("Your recovery code"));

	page_add(p, UI_STYLE_NORMAL,
	         _("If you ever forget your passphrase, this code is the only "
	           "way back in. Write it on paper and keep it somewhere "
	           "safe and private. It is shown only this once."));
	page_add(p, UI_STYLE_NORMAL, "");
	page_add(p, UI_STYLE_TITLE, code);
	page_add(p, UI_STYLE_NORMAL, "");
	page_add(p, UI_STYLE_DIM,
	         _("To use it: tend recover. Anyone with the code and this "
	           "device can read your answers, so keep it as safe as the "
	           "passphrase."));
	page_add(p, UI_STYLE_NORMAL, "");
	page_add(p, UI_STYLE_TITLE,
	         _("Press y when you have written it down."));
	p->need_yes = true;
	p->secret = xstrdup(code);
	p->next = code_next;
	ui_replace(ui, &page_ops, p);
}

/* ---- Choosing a course --------------------------------------------------- */

struct chooser {
	struct home_flow *f;
	struct app_course_info *v;
	size_t n, sel;
};

static void
chooser_draw(const void *state, struct ui_canvas *c)
{
	const struct chooser *ch = state;

	ui_put(c, 0, 2, c->cols - 4, UI_STYLE_H1, _("Choose a course"),
	       SIZE_MAX);
	for (size_t i = 0; i < ch->n && (int)i + 2 < c->rows; i++) {
		char num[24];
		unsigned st =
		        i == ch->sel ? UI_STYLE_SELECTED : UI_STYLE_NORMAL;

		snprintf(num, sizeof(num), "%zu ", i + 1);
		ui_fill(c, (int)i + 2, 2, c->cols - 4, st);
		ui_put(c, (int)i + 2, 2, 4, st, num, SIZE_MAX);
		ui_put_trunc(c, (int)i + 2, 6, c->cols - 8, st, ch->v[i].title,
		             SIZE_MAX);
	}
}

static int
chooser_pick(struct ui *ui, struct chooser *ch)
{
	char *msg = NULL;

	if (session_course_choose(ch->f->session, ch->v[ch->sel].id,
	                          clock_now(), &msg) != EXIT_OK) {
		ui_message(ui, "%s", msg ? msg : _("Could not save."));
		free(msg);
		return UI_DRAW;
	}
	return onboard_continue(ui, ch->f);
}

static int
chooser_action(struct ui *ui, void *state, enum ui_action act,
               const struct ui_key *k)
{
	struct chooser *ch = state;

	switch (act) {
	case ACT_UP:
		ch->sel = ch->sel ? ch->sel - 1 : 0;
		return UI_DRAW;
	case ACT_DOWN:
		ch->sel = ch->sel + 1 < ch->n ? ch->sel + 1 : ch->sel;
		return UI_DRAW;
	case ACT_PICK:
		if (k->code >= '1' && (size_t)(k->code - '1') < ch->n) {
			ch->sel = (size_t)(k->code - '1');
			return chooser_pick(ui, ch);
		}
		return UI_OK;
	case ACT_SELECT:
		return chooser_pick(ui, ch);
	default:
		return UI_PASS;
	}
}

static void
chooser_free(void *state)
{
	struct chooser *ch = state;

	app_course_infos_free(ch->v, ch->n);
	free(ch);
}

static const struct screen_ops chooser_ops = {
        .name = "choose-course",
        .title = N_("Choose a course"),
        .keymaps = UI_MAP_LIST,
        .draw = chooser_draw,
        .action = chooser_action,
        .free = chooser_free,
};

/* ---- The sequence after unlocking ----------------------------------- */

static int
quit_next(struct ui *ui, struct page *p)
{
	return UI_QUIT;
}

/* A page that says why the run cannot go on (msg, which it frees), then
 * ends the run. */
static struct page *
quit_page(struct home_flow *f, const char *title, char *msg)
{
	struct page *p = page_new(f, title);

	page_add(p, UI_STYLE_NORMAL, msg ? msg : "");
	p->next = quit_next;
	free(msg);
	return p;
}

static int
load_failed(struct ui *ui, struct home_flow *f, char *msg)
{
	ui_replace(ui, &page_ops,
	           quit_page(f, _("The course cannot be loaded"), msg));
	return UI_DRAW;
}

/*
 * Right after the unlock: the screen that follows it is painted, then the
 * rest of the vault is opened.  A part of the vault file that is not as
 * written ends the session: its screens go, nothing more is shown from
 * the vault or written to it (nobody could type a thing yet), and the
 * person is told what to do, as the command line tells it; the run ends
 * with the command line's exit status.
 */
static int
settle(struct ui *ui, struct home_flow *f)
{
	char *msg = NULL;

	if (!f->session)
		return UI_OK;
	ui_paint_now(ui);
	f->status = session_settle(f->session, &msg);
	if (f->status == EXIT_OK)
		return UI_OK;
	while (ui_depth(ui) > 0)
		ui_pop(ui);
	ui_set_session(ui, NULL);
	session_close(f->session); /* the course with it */
	f->session = NULL;
	f->course = NULL;
	ui_push(ui, &page_ops,
	        quit_page(f, _("The vault cannot be opened"), msg));
	return UI_DRAW;
}

/* After the suitability check (ui/assess.h): on to the course. */
static int
suited(struct ui *ui, void *arg)
{
	return onboard_continue(ui, arg);
}

int
onboard_continue(struct ui *ui, struct home_flow *f)
{
	struct session *s = f->session;
	time_t now = clock_now();
	char *msg = NULL, *cur;
	int st;

	if (!f->course) {
		cur = app_course_current(s);
		if (!cur) {
			/* A configured course is taken without asking. */
			char *conf = app_course_configured(f->opts);
			struct chooser *ch = xcalloc(1, sizeof(*ch));

			ch->f = f;
			ch->n = conf ? 0 : app_course_list(f->opts, &ch->v);
			if (ch->n > 1) {
				ui_replace(ui, &chooser_ops, ch);
				return UI_DRAW;
			}
			chooser_free(ch);
			st = conf ? session_course_choose(s, conf, now, &msg)
			          : EXIT_OK;
			free(conf);
			if (st != EXIT_OK)
				return load_failed(ui, f, msg);
		}
		free(cur);
		st = session_course(s, now, &f->course, &msg);
		if (st != EXIT_OK)
			return load_failed(ui, f, msg);
	}
	if (!app_course_overview(f->course)->started) {
		const struct course *c = app_course_def(f->course);

		if (ask_country(f)) {
			void *state;
			const struct screen_ops *ops;

			f->country_asked = true;
			ops = ui_country_first(s, country_done, f, &state);
			ui_replace(ui, ops, state);
			return UI_DRAW;
		}
		if (!f->welcomed) {
			struct page *p = welcome_page(f);

			ui_replace(ui, &page_ops, p);
			return UI_DRAW;
		}
		if (!f->suited && suit_due(s) == 1) {
			f->suited = true;
			ui_suitability_replace(ui, suited, f);
			return UI_DRAW;
		}
		if (app_course_start(f->course, s, now) < 0 ||
		    app_course_onboarded(f->course, s, now) < 0) {
			ui_message(ui, "%s", _("Could not start the course."));
			return UI_DRAW;
		}
		home_save(ui, f);
		home_replace(ui, f);
		/* The clinic's helper, offered after the check-ins. */
		(void)helper_offer_push(ui);
		/* The baseline check-ins go on top, the first one last. */
		for (size_t k = c->checkins.nbaseline; k-- > 0;) {
			bool due = false;
			const char *id = c->checkins.baseline[k];

			if (assess_due(
			            s, &id, 1,
			            app_course_overview(f->course)->started_at,
			            0, now, &due) == 0 &&
			    due)
				ui_assess_push(ui, id);
		}
		return UI_DRAW;
	}
	home_replace(ui, f);
	return UI_DRAW;
}
