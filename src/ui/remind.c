/*
 * The reminder settings screen, with the one other setting a person
 * changes here: their country, whose crisis lines every crisis screen
 * shows (the chooser of ui/view.h).  One row per setting; Enter (or the
 * row's number) changes it: times and days through a one-line input, the
 * rest by stepping through the choices.  Each change is checked by the same
 * rules as `tend remind set` and saved at once; what the reminders would
 * say is shown below, so the person sees the wording they chose.
 */
#include "ui/remind.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/country.h"
#include "app/remind.h"
#include "app/remindhook.h"
#include "ui/view.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/path.h"
#include "util/xalloc.h"

/* A window, a list of days or quiet hours: a few words at most. */
#define REMIND_INPUT_MAX 64

enum row {
	ROW_WINDOW,
	ROW_DAYS,
	ROW_QUIET,
	ROW_CHANNELS,
	ROW_WORDING,
	ROW_PROFILE,
	ROW_ONOFF,
	ROW_LOGIN_HOOK,
	ROW_TIMER,
	ROW_COUNTRY,
	ROW_COUNT,
};

struct remind_ui {
	struct remind_settings set;
	struct sched_state st;
	bool have_schedule;
	bool hooked[2]; /* the login line and the desktop timer installed */
	char *country; /* the country's name, or NULL: not set */
	size_t sel;
	enum row editing; /* the row a ui_input is open for */
};

static void
reload_country(struct remind_ui *r, struct session *s)
{
	struct country c;

	free(r->country);
	country_current(s, NULL, &c);
	r->country = c.from == COUNTRY_UNSET ? NULL : country_display(c.code);
}

static void
reload(struct remind_ui *r)
{
	struct remind_schedule s;

	(void)remind_state_load(&r->st, NULL);
	r->have_schedule = remind_schedule_load(&s, NULL) == 0;
	r->set = s.set;
	r->hooked[0] = hook_installed(HOOK_LOGIN);
	r->hooked[1] = hook_installed(HOOK_SYSTEMD);
}

static void
hm_range(char *out, size_t n, int a, int b)
{
	snprintf(out, n, "%02d:%02d-%02d:%02d", a / 60, a % 60, b / 60, b % 60);
}

/* The value shown for a row, into out. */
static void
row_value(const struct remind_ui *r, enum row row, char *out, size_t n)
{
	const struct sched_policy *p = &r->set.policy;

	switch (row) {
	case ROW_WINDOW:
		hm_range(out, n, p->win_start, p->win_end);
		break;
	case ROW_DAYS:
		sched_format_days(p->days, out, n);
		break;
	case ROW_QUIET:
		if (p->quiet_start == p->quiet_end)
			snprintf(out, n, "%s", _("none"));
		else
			hm_range(out, n, p->quiet_start, p->quiet_end);
		break;
	case ROW_CHANNELS:
		snprintf(out, n, "%s",
		         r->set.channels == REMIND_CH_ALL
		                 ? _("at login and on the desktop")
		         : r->set.channels == REMIND_CH_LOGIN
		                 ? _("at login only")
		         : r->set.channels == REMIND_CH_DESKTOP
		                 ? _("on the desktop only")
		                 : _("none"));
		break;
	case ROW_WORDING:
		snprintf(out, n, "%s",
		         r->set.wording == WORDING_DISCREET ? _("very discreet")
		                                            : _("neutral"));
		break;
	case ROW_PROFILE:
		snprintf(out, n, "%s",
		         r->set.profile == REMIND_SHARED
		                 ? _("shared machine or clinic")
		                 : _("personal"));
		break;
	case ROW_ONOFF:
		if (r->st.off) {
			snprintf(out, n, "%s", _("off"));
		} else if (r->st.pause_until > clock_now()) {
			struct tm tm;
			char when[32];

			localtime_r(&r->st.pause_until, &tm);
			/* TRANSLATORS: strftime-style: weekday,
			 * day, month, time ("Mon 02 Nov 18:00"). */
			clock_strftime(when, sizeof(when), _("%a %d %b %H:%M"),
			               &tm);
			snprintf(out, n, _("paused until %s"), when);
		} else {
			snprintf(out, n, "%s", _("on"));
		}
		break;
	case ROW_LOGIN_HOOK:
		snprintf(out, n, "%s",
		         r->hooked[0] ? _("installed in your shell profile")
		                      : _("not installed"));
		break;
	case ROW_TIMER:
		snprintf(out, n, "%s",
		         r->hooked[1] ? _("installed (systemd user timer)")
		                      : _("not installed"));
		break;
	case ROW_COUNTRY:
		if (r->country)
			snprintf(out, n, _("%s (whose crisis lines are shown)"),
			         r->country);
		else
			snprintf(out, n, "%s", _("not set"));
		break;
	default:
		out[0] = '\0';
	}
}

static const char *
row_label(enum row row)
{
	static const char *const labels[ROW_COUNT] = {
	        N_("Daily window"), N_("Days"),       N_("Quiet hours"),
	        N_("Channels"),     N_("Wording"),    N_("Profile"),
	        N_("Reminders"),    N_("Login line"), N_("Desktop timer"),
	        N_("Country"),
	};

	return _(labels[row]);
}

static void
remind_draw(const void *state, struct ui_canvas *c)
{
	const struct remind_ui *r = state;
	int y = 2, label_w = 14;
	char val[96];

	ui_put_trunc(c, 0, 0, c->cols, UI_STYLE_H1, _("Reminders"), SIZE_MAX);
	for (int i = 0; i < ROW_COUNT && y < c->rows; i++, y++) {
		unsigned st = (size_t)i == r->sel ? UI_STYLE_SELECTED
		                                  : UI_STYLE_NORMAL;
		char num[16];

		if ((size_t)i == r->sel)
			ui_fill(c, y, 0, c->cols, UI_STYLE_SELECTED);
		snprintf(num, sizeof(num), "%2d ", i + 1);
		ui_put(c, y, 0, 4, st, num, SIZE_MAX);
		ui_put_trunc(c, y, 4, label_w, st | UI_STRONG,
		             row_label((enum row)i), SIZE_MAX);
		row_value(r, (enum row)i, val, sizeof(val));
		ui_put_trunc(c, y, 4 + label_w + 1, c->cols - label_w - 6, st,
		             val, SIZE_MAX);
	}
	y++;
	if (y < c->rows) {
		/* What a reminder would say with these settings. */
		ui_put_trunc(c, y++, 0, c->cols, UI_STYLE_DIM,
		             _("A reminder reads like this:"), SIZE_MAX);
		y += ui_put_wrap(c, y, 2, c->cols - 2, c->rows - y,
		                 UI_STYLE_NORMAL,
		                 _(wording_line(r->set.wording, SCHED_PRACTICE,
		                                r->st.rotation)));
	}
	y++;
	if (y < c->rows)
		y += ui_put_wrap(
		        c, y, 0, c->cols, c->rows - y, UI_STYLE_DIM,
		        _("Reminders never show what you write, your scores or "
		          "the name of the course. At most one comes a day. To "
		          "get them at login or on the desktop, run: tend "
		          "remind "
		          "install login (or systemd, or cron)."));
	if (!r->have_schedule && !r->st.off && y + 1 < c->rows)
		ui_put_wrap(c, y + 1, 0, c->cols, c->rows - y - 1, UI_STYLE_DIM,
		            _("The times are set when you next use the "
		              "program."));
}

static void
remind_status(const void *state, struct buf *left, struct buf *right)
{
	buf_adds(left, _("Reminders"));
}

static const enum ui_action *
remind_hints(const void *state)
{
	static const enum ui_action h[] = {ACT_SELECT, ACT_NONE};

	return h;
}

/* Saves r->set; shows why when it cannot. */
static int
save(struct ui *ui, struct remind_ui *r)
{
	const char *problem = sched_policy_problem(&r->set.policy);
	int rc;

	if (problem) {
		ui_message(ui, "%s", _(problem));
		reload(r);
		return UI_DRAW;
	}
	rc = remind_settings_save(&r->set);
	if (rc < 0)
		ui_message(ui, _("Could not save the reminder settings: %s"),
		           strerror(errno));
	else if (rc == 1)
		ui_message(ui, "%s",
		           _("Reminders are off: turn them on first."));
	else
		ui_message(ui, "%s", _("Saved."));
	reload(r);
	return UI_DRAW;
}

static int
input_done(struct ui *ui, void *arg, const char *text)
{
	struct remind_ui *r = arg;
	enum row row = r->editing;
	struct sched_policy *p;
	bool ok = false;

	if (!text)
		return UI_DRAW;
	p = &r->set.policy;
	switch (row) {
	case ROW_WINDOW:
		ok = sched_parse_range(text, &p->win_start, &p->win_end) == 0;
		break;
	case ROW_DAYS:
		ok = sched_parse_days(text, &p->days) == 0;
		break;
	case ROW_QUIET:
		if (strcmp(text, "none") == 0 || strcmp(text, _("none")) == 0) {
			p->quiet_start = p->quiet_end = 0;
			ok = true;
		} else if (sched_parse_range(text, &p->quiet_start,
		                             &p->quiet_end) == 0) {
			p->quiet_start %= SCHED_MINUTES_PER_DAY;
			p->quiet_end %= SCHED_MINUTES_PER_DAY;
			ok = true;
		}
		break;
	default:
		break;
	}
	if (!ok) {
		ui_message(ui, "%s",
		           row == ROW_DAYS
		                   ? _("Days are like mon,wed,fri or mon-fri.")
		                   : _("Times are like 18:00-20:00."));
		reload(r);
		return UI_DRAW;
	}
	return save(ui, r);
}

static int
off_done(struct ui *ui, void *arg, bool yes)
{
	struct remind_ui *r = arg;

	if (!yes)
		return UI_DRAW;
	sched_state_init(&r->st);
	r->st.off = true;
	if (remind_state_save(&r->st) < 0 || remind_schedule_remove() < 0)
		ui_message(ui, _("Could not turn reminders off: %s"),
		           strerror(errno));
	else
		ui_message(ui, "%s", _("Reminders are off."));
	reload(r);
	return UI_DRAW;
}

/* Installs or removes a channel outside the program. */
static int
toggle_hook(struct ui *ui, struct remind_ui *r, enum hook_kind kind,
            bool installed)
{
	struct hook_result res;
	const char *err = NULL;
	char exe[PATH_MAX], *data_dir = NULL;
	const struct opts *o = ui_opts(ui);
	ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	int rc;

	if (len <= 0) {
		ui_message(ui, "%s", _("Cannot tell where the program is."));
		return UI_DRAW;
	}
	exe[len] = '\0';
	if (o && o->data_dir)
		data_dir = realpath(o->data_dir, NULL);
	{
		struct hook_cmd cmd = {exe, data_dir};

		rc = installed ? hook_uninstall(kind, &res, &err)
		               : hook_install(kind, &cmd, &res, &err);
	}
	if (rc < 0)
		ui_message(ui, "%s", err ? _(err) : strerror(errno));
	else if (res.note)
		ui_message(ui, "%s", _(res.note));
	else
		ui_message(ui, "%s",
		           installed ? _("Removed.") : _("Installed."));
	free(res.where);
	free(data_dir);
	reload(r);
	return UI_DRAW;
}

static int
country_done(struct ui *ui, void *arg, bool changed)
{
	reload_country(arg, ui_session(ui));
	return UI_DRAW;
}

static int
change(struct ui *ui, struct remind_ui *r)
{
	char val[96];
	struct remind_settings def;

	row_value(r, (enum row)r->sel, val, sizeof(val));
	r->editing = (enum row)r->sel;
	switch ((enum row)r->sel) {
	case ROW_WINDOW:
		ui_input(ui, _("Daily window"),
		         _("From and to, like 18:00-20:00:"), val,
		         REMIND_INPUT_MAX, input_done, r);
		return UI_DRAW;
	case ROW_DAYS:
		ui_input(ui, _("Days"),
		         _("Like mon,wed,fri or mon-fri or all:"), val,
		         REMIND_INPUT_MAX, input_done, r);
		return UI_DRAW;
	case ROW_QUIET:
		ui_input(ui, _("Quiet hours"),
		         _("No reminders between, like 21:00-08:00 (or none):"),
		         val, REMIND_INPUT_MAX, input_done, r);
		return UI_DRAW;
	case ROW_CHANNELS:
		/* login+desktop -> login -> desktop -> none -> both */
		r->set.channels =
		        r->set.channels == REMIND_CH_ALL     ? REMIND_CH_LOGIN
		        : r->set.channels == REMIND_CH_LOGIN ? REMIND_CH_DESKTOP
		        : r->set.channels == REMIND_CH_DESKTOP ? 0
		                                               : REMIND_CH_ALL;
		return save(ui, r);
	case ROW_WORDING:
		r->set.wording = r->set.wording == WORDING_DISCREET
		                         ? WORDING_NEUTRAL
		                         : WORDING_DISCREET;
		return save(ui, r);
	case ROW_PROFILE:
		/* A profile brings its channels and wording; times stay. */
		remind_settings_default(&def, r->set.profile == REMIND_SHARED
		                                      ? REMIND_PERSONAL
		                                      : REMIND_SHARED);
		r->set.profile = def.profile;
		r->set.channels = def.channels;
		r->set.wording = def.wording;
		return save(ui, r);
	case ROW_ONOFF:
		if (r->st.off || r->st.pause_until > clock_now()) {
			r->st.off = false;
			r->st.pause_until = 0;
			r->st.snooze_until = 0;
			if (remind_state_save(&r->st) < 0)
				ui_message(ui, _("Could not save: %s"),
				           strerror(errno));
			else
				ui_message(ui, "%s", _("Reminders are on."));
			reload(r);
			return UI_DRAW;
		}
		ui_confirm(ui, _("Reminders"),
		           _("Turn reminders off? Nothing about them is kept "
		             "outside the vault then."),
		           false, off_done, r);
		return UI_DRAW;
	case ROW_LOGIN_HOOK:
		return toggle_hook(ui, r, HOOK_LOGIN, r->hooked[0]);
	case ROW_TIMER:
		return toggle_hook(ui, r, HOOK_SYSTEMD, r->hooked[1]);
	case ROW_COUNTRY:
		ui_country_push(ui, country_done, r);
		return UI_DRAW;
	default:
		return UI_OK;
	}
}

static int
remind_action(struct ui *ui, void *state, enum ui_action act,
              const struct ui_key *k)
{
	struct remind_ui *r = state;

	switch (act) {
	case ACT_UP:
		r->sel = r->sel ? r->sel - 1 : 0;
		return UI_DRAW;
	case ACT_DOWN:
		r->sel = r->sel + 1 < ROW_COUNT ? r->sel + 1 : r->sel;
		return UI_DRAW;
	case ACT_FIRST:
		r->sel = 0;
		return UI_DRAW;
	case ACT_LAST:
		r->sel = ROW_COUNT - 1;
		return UI_DRAW;
	case ACT_PICK: {
		int n = k->code == '0' ? 10 : k->code - '0';

		if (n < 1 || n > ROW_COUNT)
			return UI_OK;
		r->sel = (size_t)n - 1;
		return change(ui, r);
	}
	case ACT_SELECT:
		return change(ui, r);
	case ACT_BACK:
		return UI_CLOSE;
	default:
		return UI_PASS;
	}
}

static void
remind_free(void *state)
{
	struct remind_ui *r = state;

	free(r->country);
	free(r);
}

static const struct screen_ops remind_ops = {
        .name = "reminders",
        .title = N_("Reminders"),
        .keymaps = UI_MAP_LIST,
        .draw = remind_draw,
        .status = remind_status,
        .hints = remind_hints,
        .action = remind_action,
        .free = remind_free,
};

int
remind_screen_push(struct ui *ui)
{
	struct remind_ui *r = xcalloc(1, sizeof(*r));
	const struct opts *o = ui_opts(ui);

	if (!path_state_dir())
		(void)paths_init(o ? o->data_dir : NULL);
	reload(r);
	reload_country(r, ui_session(ui));
	ui_push(ui, &remind_ops, r);
	return 0;
}
