/*
 * The plaintext reminder files: a strict line parser shared by `schedule`
 * and `remind.state`, their formatters, loading and atomic saving, and the
 * use cases the program calls (update the schedule when it saves, load and
 * save the settings).  The parser treats the files as hostile: anyone who
 * can write them can at worst cause a missing or an extra reminder.
 */
#include "app/remind.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "app/config.h"
#include "util/atomic.h"
#include "util/file.h"
#include "util/i18n.h"
#include "util/path.h"
#include "util/xalloc.h"

void
remind_settings_default(struct remind_settings *s, enum remind_profile profile)
{
	memset(s, 0, sizeof(*s));
	s->profile = profile;
	sched_policy_default(&s->policy);
	if (profile == REMIND_SHARED) {
		s->channels = REMIND_CH_LOGIN;
		s->wording = WORDING_DISCREET;
	} else {
		s->channels = REMIND_CH_ALL;
		s->wording = WORDING_NEUTRAL;
	}
}

void
remind_schedule_init(struct remind_schedule *s,
                     const struct remind_settings *set)
{
	memset(s, 0, sizeof(*s));
	s->set = *set;
	s->last_active = SCHED_NO_DAY;
}

void
remind_schedule_input(const struct remind_schedule *s, struct sched_input *in)
{
	in->policy = s->set.policy;
	in->practice_daily = s->practice_daily;
	in->last_active = s->last_active;
	in->items = s->items;
	in->nitems = s->nitems;
}

void
remind_format_channels(unsigned ch, char *out, size_t n)
{
	if ((ch & REMIND_CH_ALL) == REMIND_CH_ALL)
		snprintf(out, n, "login,desktop");
	else if (ch & REMIND_CH_LOGIN)
		snprintf(out, n, "login");
	else if (ch & REMIND_CH_DESKTOP)
		snprintf(out, n, "desktop");
	else
		snprintf(out, n, "none");
}

int
remind_parse_channels(const char *s, unsigned *ch)
{
	unsigned out = 0;
	const char *p = s;

	if (strcmp(s, "none") == 0) {
		*ch = 0;
		return 0;
	}
	for (;;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (len == 5 && memcmp(p, "login", 5) == 0)
			out |= REMIND_CH_LOGIN;
		else if (len == 7 && memcmp(p, "desktop", 7) == 0)
			out |= REMIND_CH_DESKTOP;
		else
			return -1;
		if (!e)
			break;
		p = e + 1;
	}
	*ch = out;
	return 0;
}

/* --- the line reader ------------------------------------------------ */

/*
 * Splits text into "key=value" lines.  Calls fn for each (key and value
 * NUL-terminated in a scratch copy); fn returns 0 or -1 with *why set.
 * Comments ('#') and blank lines are skipped.  Returns 0 or -1 with *line
 * and *why.
 */
typedef int
line_fn(const char *key, const char *val, void *arg, const char **why);

static int
each_line(const char *text, size_t len, line_fn *fn, void *arg, int *line,
          const char **why)
{
	char scratch[REMIND_LINE_MAX + 1];
	size_t pos = 0;
	int no = 0;
	bool first = true;

	*line = 0;
	if (len > REMIND_FILE_MAX) {
		*why = _("the file is too large");
		return -1;
	}
	if (len > 0 && text[len - 1] != '\n') {
		*why = _("the file is cut short (no final newline)");
		return -1;
	}
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = (size_t)(nl - (text + pos));
		char *eq;

		no++;
		*line = no;
		if (n > REMIND_LINE_MAX) {
			*why = _("line too long");
			return -1;
		}
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)text[pos + i];

			if (c < 0x20 || c > 0x7e) {
				*why = _("unexpected character");
				return -1;
			}
		}
		memcpy(scratch, text + pos, n);
		scratch[n] = '\0';
		pos += n + 1;
		if (n == 0 || scratch[0] == '#')
			continue;
		eq = strchr(scratch, '=');
		if (!eq || eq == scratch) {
			*why = _("expected key=value");
			return -1;
		}
		*eq = '\0';
		for (const char *k = scratch; *k; k++) {
			if (!((*k >= 'a' && *k <= 'z') || *k == '_')) {
				*why = _("bad key");
				return -1;
			}
		}
		if (first) {
			if (strcmp(scratch, "format") != 0 ||
			    strcmp(eq + 1, "1") != 0) {
				*why = _("not a version 1 file (format=1 "
				         "first)");
				return -1;
			}
			first = false;
			continue;
		}
		if (fn(scratch, eq + 1, arg, why) < 0)
			return -1;
	}
	if (first) {
		*line = 0;
		*why = _("empty file");
		return -1;
	}
	*line = 0;
	return 0;
}

/* Rejects a second occurrence of a single-valued key. */
static bool
once(unsigned *seen, unsigned bit, const char **why)
{
	if (*seen & bit) {
		*why = _("key given twice");
		return false;
	}
	*seen |= bit;
	return true;
}

/* --- schedule ------------------------------------------------------- */

struct sched_parse {
	struct remind_schedule *s;
	unsigned seen;
};

enum {
	K_ID = 1 << 0,
	K_PROFILE = 1 << 1,
	K_WINDOW = 1 << 2,
	K_DAYS = 1 << 3,
	K_QUIET = 1 << 4,
	K_CHANNELS = 1 << 5,
	K_WORDING = 1 << 6,
	K_PRACTICE = 1 << 7,
	K_LAST = 1 << 8,
};

static int
sched_line(const char *key, const char *val, void *arg, const char **why)
{
	struct sched_parse *p = arg;
	struct remind_schedule *s = p->s;
	size_t vlen = strlen(val);

	if (strcmp(key, "due") == 0) {
		const char *sp = strchr(val, ' ');
		struct sched_item *it;
		enum sched_kind k;

		if (s->nitems >= REMIND_MAX_ITEMS) {
			*why = _("too many due times");
			return -1;
		}
		it = &s->items[s->nitems];
		if (!sp ||
		    sched_parse_utc(val, (size_t)(sp - val), &it->at) < 0) {
			*why = _("expected due=YYYY-MM-DDTHH:MM:SSZ KIND");
			return -1;
		}
		k = sched_kind_from_name(sp + 1, strlen(sp + 1));
		if (k != SCHED_PRACTICE && k != SCHED_LESSON &&
		    k != SCHED_CHECKIN) {
			*why = _("unknown kind (practice, lesson or checkin)");
			return -1;
		}
		it->kind = k;
		s->nitems++;
		return 0;
	}
	if (strcmp(key, "id") == 0) {
		if (!once(&p->seen, K_ID, why))
			return -1;
		if (vlen != 16 || strspn(val, "0123456789abcdef") != 16) {
			*why = _("id must be 16 hex digits");
			return -1;
		}
		memcpy(s->id, val, 17);
		return 0;
	}
	if (strcmp(key, "profile") == 0) {
		if (!once(&p->seen, K_PROFILE, why))
			return -1;
		if (strcmp(val, "personal") == 0)
			s->set.profile = REMIND_PERSONAL;
		else if (strcmp(val, "shared") == 0)
			s->set.profile = REMIND_SHARED;
		else {
			*why = _("profile must be personal or shared");
			return -1;
		}
		return 0;
	}
	if (strcmp(key, "window") == 0) {
		if (!once(&p->seen, K_WINDOW, why))
			return -1;
		if (sched_parse_range(val, &s->set.policy.win_start,
		                      &s->set.policy.win_end) < 0) {
			*why = _("window must be HH:MM-HH:MM");
			return -1;
		}
		return 0;
	}
	if (strcmp(key, "days") == 0) {
		if (!once(&p->seen, K_DAYS, why))
			return -1;
		if (sched_parse_days(val, &s->set.policy.days) < 0) {
			*why = _("days must be like mon,tue,wed or none");
			return -1;
		}
		return 0;
	}
	if (strcmp(key, "quiet") == 0) {
		struct sched_policy *po = &s->set.policy;

		if (!once(&p->seen, K_QUIET, why))
			return -1;
		if (strcmp(val, "none") == 0) {
			po->quiet_start = po->quiet_end = 0;
			return 0;
		}
		if (sched_parse_range(val, &po->quiet_start, &po->quiet_end) <
		    0) {
			*why = _("quiet must be HH:MM-HH:MM or none");
			return -1;
		}
		po->quiet_start %= SCHED_MINUTES_PER_DAY;
		po->quiet_end %= SCHED_MINUTES_PER_DAY;
		return 0;
	}
	if (strcmp(key, "channels") == 0) {
		if (!once(&p->seen, K_CHANNELS, why))
			return -1;
		if (remind_parse_channels(val, &s->set.channels) < 0) {
			*why = _("channels must be login, desktop or none");
			return -1;
		}
		return 0;
	}
	if (strcmp(key, "wording") == 0) {
		if (!once(&p->seen, K_WORDING, why))
			return -1;
		if (wording_set_from_name(val, &s->set.wording) < 0) {
			*why = _("wording must be neutral or discreet");
			return -1;
		}
		return 0;
	}
	if (strcmp(key, "practice") == 0) {
		if (!once(&p->seen, K_PRACTICE, why))
			return -1;
		if (strcmp(val, "daily") == 0)
			s->practice_daily = true;
		else if (strcmp(val, "none") == 0)
			s->practice_daily = false;
		else {
			*why = _("practice must be daily or none");
			return -1;
		}
		return 0;
	}
	if (strcmp(key, "last_active") == 0) {
		if (!once(&p->seen, K_LAST, why))
			return -1;
		if (strcmp(val, "none") == 0) {
			s->last_active = SCHED_NO_DAY;
			return 0;
		}
		if (sched_parse_date(val, vlen, &s->last_active) < 0) {
			*why = _("last_active must be YYYY-MM-DD");
			return -1;
		}
		return 0;
	}
	/* Unknown keys are ignored: a newer tend may add some. */
	return 0;
}

int
remind_schedule_parse(const char *text, size_t len, struct remind_schedule *s,
                      int *line, const char **why)
{
	struct remind_settings def;
	struct sched_parse p;
	const char *problem;
	int dummy_line;
	const char *dummy_why;

	if (!line)
		line = &dummy_line;
	if (!why)
		why = &dummy_why;
	remind_settings_default(&def, REMIND_PERSONAL);
	remind_schedule_init(s, &def);
	p.s = s;
	p.seen = 0;
	if (each_line(text, len, sched_line, &p, line, why) < 0)
		return -1;
	/* A profile given without channels or wording gets its defaults. */
	if (s->set.profile == REMIND_SHARED) {
		remind_settings_default(&def, REMIND_SHARED);
		if (!(p.seen & K_CHANNELS))
			s->set.channels = def.channels;
		if (!(p.seen & K_WORDING))
			s->set.wording = def.wording;
	}
	problem = sched_policy_problem(&s->set.policy);
	if (problem) {
		*line = 0;
		*why = problem;
		return -1;
	}
	return 0;
}

void
remind_schedule_format(const struct remind_schedule *s, struct buf *out)
{
	const struct sched_policy *po = &s->set.policy;
	char days[40], ch[16], date[16], utc[24];

	sched_format_days(po->days, days, sizeof(days));
	remind_format_channels(s->set.channels, ch, sizeof(ch));
	buf_adds(out, "format=1\n"
	              "# Reminder times for tend remind: times and kinds "
	              "only.\n");
	if (s->id[0])
		buf_printf(out, "id=%s\n", s->id);
	buf_printf(out, "profile=%s\n",
	           s->set.profile == REMIND_SHARED ? "shared" : "personal");
	buf_printf(out, "window=%02d:%02d-%02d:%02d\n", po->win_start / 60,
	           po->win_start % 60, po->win_end / 60, po->win_end % 60);
	buf_printf(out, "days=%s\n", days);
	if (po->quiet_start == po->quiet_end)
		buf_adds(out, "quiet=none\n");
	else
		buf_printf(out, "quiet=%02d:%02d-%02d:%02d\n",
		           po->quiet_start / 60, po->quiet_start % 60,
		           po->quiet_end / 60, po->quiet_end % 60);
	buf_printf(out, "channels=%s\n", ch);
	buf_printf(out, "wording=%s\n", wording_set_name(s->set.wording));
	buf_printf(out, "practice=%s\n", s->practice_daily ? "daily" : "none");
	if (s->last_active == SCHED_NO_DAY) {
		buf_adds(out, "last_active=none\n");
	} else {
		sched_format_date(s->last_active, date, sizeof(date));
		buf_printf(out, "last_active=%s\n", date);
	}
	for (size_t i = 0; i < s->nitems; i++) {
		sched_format_utc(s->items[i].at, utc, sizeof(utc));
		buf_printf(out, "due=%s %s\n", utc,
		           sched_kind_name(s->items[i].kind));
	}
}

/* --- state ---------------------------------------------------------- */

struct state_parse {
	struct sched_state *st;
	unsigned seen;
};

enum {
	S_OFF = 1 << 0,
	S_LAST = 1 << 1,
	S_PENDING = 1 << 2,
	S_SNOOZE = 1 << 3,
	S_PAUSE = 1 << 4,
	S_NUDGE = 1 << 5,
	S_WELCOME = 1 << 6,
	S_ROT = 1 << 7,
};

static int
parse_uint(const char *s, unsigned max, unsigned *v)
{
	unsigned long n = 0;

	if (*s == '\0' || strlen(s) > 9)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		n = n * 10 + (unsigned long)(*s - '0');
	}
	if (n > max)
		return -1;
	*v = (unsigned)n;
	return 0;
}

static int
state_line(const char *key, const char *val, void *arg, const char **why)
{
	struct state_parse *p = arg;
	struct sched_state *st = p->st;
	size_t vlen = strlen(val);
	unsigned u;

	if (strcmp(key, "off") == 0) {
		if (!once(&p->seen, S_OFF, why))
			return -1;
		if (strcmp(val, "0") != 0 && strcmp(val, "1") != 0) {
			*why = _("off must be 0 or 1");
			return -1;
		}
		st->off = val[0] == '1';
		return 0;
	}
	if (strcmp(key, "last_prompt") == 0) {
		const char *sp = strchr(val, ' ');

		if (!once(&p->seen, S_LAST, why))
			return -1;
		if (!sp ||
		    sched_parse_utc(val, (size_t)(sp - val), &st->last_prompt) <
		            0 ||
		    (strcmp(sp + 1, "login") != 0 &&
		     strcmp(sp + 1, "desktop") != 0)) {
			*why = _("expected last_prompt=YYYY-MM-DDTHH:MM:SSZ "
			         "login|desktop");
			return -1;
		}
		st->last_channel = strcmp(sp + 1, "login") == 0
		                           ? SCHED_CH_LOGIN
		                           : SCHED_CH_NOTIFY;
		return 0;
	}
	if (strcmp(key, "pending") == 0) {
		if (!once(&p->seen, S_PENDING, why))
			return -1;
		if (sched_parse_date(val, vlen, &st->pending_day) < 0) {
			*why = _("pending must be YYYY-MM-DD");
			return -1;
		}
		return 0;
	}
	if (strcmp(key, "snooze_until") == 0 ||
	    strcmp(key, "pause_until") == 0) {
		bool snooze = key[0] == 's';

		if (!once(&p->seen, snooze ? S_SNOOZE : S_PAUSE, why))
			return -1;
		if (sched_parse_utc(val, vlen,
		                    snooze ? &st->snooze_until
		                           : &st->pause_until) < 0) {
			*why = "expected YYYY-MM-DDTHH:MM:SSZ";
			return -1;
		}
		return 0;
	}
	if (strcmp(key, "nudge") == 0) {
		const char *sp = strchr(val, ' ');

		if (!once(&p->seen, S_NUDGE, why))
			return -1;
		if (!sp ||
		    sched_parse_date(val, (size_t)(sp - val), &st->nudge_for) <
		            0 ||
		    parse_uint(sp + 1, 9, &u) < 0) {
			*why = _("expected nudge=YYYY-MM-DD STEP");
			return -1;
		}
		st->nudge_step = (int)u;
		return 0;
	}
	if (strcmp(key, "greeted") == 0) {
		if (!once(&p->seen, S_WELCOME, why))
			return -1;
		if (sched_parse_date(val, vlen, &st->welcome_for) < 0) {
			*why = _("greeted must be YYYY-MM-DD");
			return -1;
		}
		return 0;
	}
	if (strcmp(key, "rotation") == 0) {
		if (!once(&p->seen, S_ROT, why))
			return -1;
		if (parse_uint(val, 999999, &st->rotation) < 0) {
			*why = _("rotation must be a small number");
			return -1;
		}
		return 0;
	}
	return 0;
}

int
remind_state_parse(const char *text, size_t len, struct sched_state *st,
                   int *line, const char **why)
{
	struct state_parse p;
	int dummy_line;
	const char *dummy_why;

	if (!line)
		line = &dummy_line;
	if (!why)
		why = &dummy_why;
	sched_state_init(st);
	p.st = st;
	p.seen = 0;
	return each_line(text, len, state_line, &p, line, why);
}

void
remind_state_format(const struct sched_state *st, struct buf *out)
{
	char d[16], t[24];

	buf_adds(out, "format=1\n");
	buf_printf(out, "off=%d\n", st->off ? 1 : 0);
	/* Off means nothing about use is kept outside the vault. */
	if (st->off)
		return;
	if (st->last_prompt) {
		sched_format_utc(st->last_prompt, t, sizeof(t));
		buf_printf(out, "last_prompt=%s %s\n", t,
		           st->last_channel == SCHED_CH_LOGIN ? "login"
		                                              : "desktop");
	}
	if (st->pending_day != SCHED_NO_DAY) {
		sched_format_date(st->pending_day, d, sizeof(d));
		buf_printf(out, "pending=%s\n", d);
	}
	if (st->snooze_until) {
		sched_format_utc(st->snooze_until, t, sizeof(t));
		buf_printf(out, "snooze_until=%s\n", t);
	}
	if (st->pause_until) {
		sched_format_utc(st->pause_until, t, sizeof(t));
		buf_printf(out, "pause_until=%s\n", t);
	}
	if (st->nudge_for != SCHED_NO_DAY) {
		sched_format_date(st->nudge_for, d, sizeof(d));
		buf_printf(out, "nudge=%s %d\n", d, st->nudge_step);
	}
	if (st->welcome_for != SCHED_NO_DAY) {
		sched_format_date(st->welcome_for, d, sizeof(d));
		buf_printf(out, "greeted=%s\n", d);
	}
	buf_printf(out, "rotation=%u\n", st->rotation % 1000000u);
}

/* --- files ---------------------------------------------------------- */

/* Before paths_init there is no folder: the paths then lead nowhere
 * (an empty name, which every open refuses) rather than crash. */
char *
remind_schedule_path(void)
{
	return path_state_dir() ? path_join(path_state_dir(), "schedule")
	                        : xstrdup("");
}

char *
remind_state_path(void)
{
	return path_state_dir() ? path_join(path_state_dir(), "remind.state")
	                        : xstrdup("");
}

/*
 * The reminder files are tend's own: never a link, never a FIFO someone
 * put in their place.  0, 1 when absent, -1 (errno).
 */
static int
read_small(const char *path, size_t max, char **data, size_t *len)
{
	if (file_read(path, max, FILE_NOFOLLOW, data, len) == 0)
		return 0;
	return errno == ENOENT ? 1 : -1;
}

static char *
problem(const char *path, int line, const char *why)
{
	if (line > 0)
		return xasprintf("%s:%d: %s", path, line, why);
	return xasprintf("%s: %s", path, why);
}

int
remind_schedule_load(struct remind_schedule *s, char **msg)
{
	struct remind_settings def;
	char *path = remind_schedule_path(), *data = NULL;
	size_t len;
	int rc, line;
	const char *why;

	if (msg)
		*msg = NULL;
	remind_settings_configured(&def);
	remind_schedule_init(s, &def);
	rc = read_small(path, REMIND_FILE_MAX, &data, &len);
	if (rc < 0 && msg)
		*msg = problem(path, 0, file_strerror(errno));
	if (rc != 0)
		goto out;
	if (remind_schedule_parse(data, len, s, &line, &why) < 0) {
		if (msg)
			*msg = problem(path, line, why);
		remind_schedule_init(s, &def);
		errno = EINVAL;
		rc = -1;
	}
out:
	free(data);
	free(path);
	return rc;
}

static int
save(const char *name, const struct buf *b)
{
	char *path;
	int rc, saved;

	if (!path_state_dir()) {
		errno = ENOENT;
		return -1;
	}
	if (path_mkdirs(path_state_dir(), 0700) < 0)
		return -1;
	path = path_join(path_state_dir(), name);
	rc = atomic_write(path, b->data, b->len, 0600);
	saved = errno;
	free(path);
	errno = saved;
	return rc;
}

int
remind_schedule_save(const struct remind_schedule *s)
{
	struct buf b = BUF_INIT;
	int rc, saved;

	remind_schedule_format(s, &b);
	if (b.len > REMIND_FILE_MAX) {
		buf_free(&b);
		errno = EFBIG;
		return -1;
	}
	/* The program calls this after every save: when nothing changed,
	 * spare the disk a write and two fsyncs. */
	{
		char *path = remind_schedule_path(), *old = NULL;
		size_t len;
		bool same =
		        read_small(path, REMIND_FILE_MAX, &old, &len) == 0 &&
		        len == b.len && memcmp(old, b.data, len) == 0;

		free(old);
		free(path);
		if (same) {
			buf_free(&b);
			return 0;
		}
	}
	rc = save("schedule", &b);
	saved = errno;
	buf_free(&b);
	errno = saved;
	return rc;
}

int
remind_schedule_remove(void)
{
	char *path = remind_schedule_path();
	int rc = unlink(path);

	if (rc < 0 && errno == ENOENT)
		rc = 0;
	free(path);
	return rc;
}

int
remind_state_load(struct sched_state *st, char **msg)
{
	char *path = remind_state_path(), *data = NULL;
	size_t len;
	int rc, line;
	const char *why;

	if (msg)
		*msg = NULL;
	sched_state_init(st);
	rc = read_small(path, REMIND_FILE_MAX, &data, &len);
	if (rc < 0 && msg)
		*msg = problem(path, 0, file_strerror(errno));
	if (rc != 0)
		goto out;
	if (remind_state_parse(data, len, st, &line, &why) < 0) {
		if (msg)
			*msg = problem(path, line, why);
		sched_state_init(st);
		errno = EINVAL;
		rc = -1;
	}
out:
	free(data);
	free(path);
	return rc;
}

int
remind_state_save(const struct sched_state *st)
{
	struct buf b = BUF_INIT;
	int rc, saved;

	remind_state_format(st, &b);
	rc = save("remind.state", &b);
	saved = errno;
	buf_free(&b);
	errno = saved;
	return rc;
}

/* --- profile -------------------------------------------------------- */

void
remind_settings_configured(struct remind_settings *s)
{
	struct app_config *c = app_config_load(NULL);
	const char *v;
	int a, z;
	unsigned days, ch;

	remind_settings_default(s, remind_profile_detect());
	/* app_config checked every value; a failed parse here would be a
	 * disagreement between the two, and keeps the default. */
	v = app_config_get(c, APP_CONFIG_REMINDER_WINDOW);
	if (v && sched_parse_range(v, &a, &z) == 0 && a < z) {
		s->policy.win_start = a;
		s->policy.win_end = z;
	}
	v = app_config_get(c, APP_CONFIG_REMINDER_QUIET);
	if (v && strcmp(v, "none") == 0)
		s->policy.quiet_start = s->policy.quiet_end = 0;
	else if (v && sched_parse_range(v, &a, &z) == 0) {
		s->policy.quiet_start = a;
		s->policy.quiet_end = z;
	}
	v = app_config_get(c, APP_CONFIG_REMINDER_DAYS);
	if (v && sched_parse_days(v, &days) == 0)
		s->policy.days = days;
	v = app_config_get(c, APP_CONFIG_REMINDER_CHANNELS);
	if (v && remind_parse_channels(v, &ch) == 0)
		s->channels = ch;
	app_config_free(c);
}

/* The config's profile: "shared" and "clinic" are both discreet. */
enum remind_profile
remind_profile_detect(void)
{
	struct app_config *c = app_config_load(NULL);
	const char *p = app_config_get(c, APP_CONFIG_PROFILE);
	enum remind_profile r = p && strcmp(p, "personal") != 0
	                                ? REMIND_SHARED
	                                : REMIND_PERSONAL;

	app_config_free(c);
	return r;
}

/* --- use cases ------------------------------------------------------ */

static void
new_id(char id[17])
{
	unsigned char r[8];
	static const char hex[] = "0123456789abcdef";

	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r)) {
		/* No randomness: an id from time and pid is still unique
		 * enough for calendar UIDs, which is all it is for. */
		uint64_t v = (uint64_t)time(NULL) * 2654435761u ^
		             (uint64_t)getpid() << 32;

		memcpy(r, &v, sizeof(r));
	}
	for (int i = 0; i < 8; i++) {
		id[2 * i] = hex[r[i] >> 4];
		id[2 * i + 1] = hex[r[i] & 15];
	}
	id[16] = '\0';
}

static int
cmp_item(const void *a, const void *b)
{
	const struct sched_item *x = a, *y = b;

	if (x->at != y->at)
		return (x->at > y->at) - (x->at < y->at);
	return (int)x->kind - (int)y->kind;
}

/* When a section or check-in that is due now (at <= now) first was due:
 * its time in the schedule before (old), so that a schedule with nothing
 * new is the same file (not written again, with the same calendar
 * events) however often the program saves. */
static time_t
first_due(const struct remind_schedule *old, enum sched_kind kind, time_t at,
          time_t now)
{
	if (kind == SCHED_PRACTICE || at > now)
		return at;
	for (size_t i = 0; i < old->nitems; i++)
		if (old->items[i].kind == kind && old->items[i].at > 0 &&
		    old->items[i].at < at)
			return old->items[i].at;
	return at;
}

static void
add_item(struct sched_item *items, size_t *n, size_t cap,
         const struct remind_schedule *old, time_t at, enum sched_kind kind,
         time_t now)
{
	/* Older than a day: a planned time has passed; a check-in or a
	 * section that is still due keeps its first time, so it stays. */
	if (at <= 0 || (kind == SCHED_PRACTICE && at < now - 86400))
		return;
	at = first_due(old, kind, at, now);
	if (*n < cap) {
		items[*n].at = at;
		items[*n].kind = kind;
		(*n)++;
	}
}

int
remind_update_schedule(const struct remind_due *due, time_t now)
{
	struct remind_schedule s;
	struct sched_state st;
	struct sched_item *all;
	size_t n = 0, cap;
	int rc;

	if (!path_state_dir()) {
		errno = ENOENT;
		return -1;
	}
	/* Off: nothing outside the vault.  A damaged state is not "off". */
	if (remind_state_load(&st, NULL) == 0 && st.off)
		return remind_schedule_remove();
	/* Settings and id survive; a damaged file falls back to defaults. */
	(void)remind_schedule_load(&s, NULL);
	if (!s.id[0])
		new_id(s.id);
	s.practice_daily = due->practice_daily;
	s.last_active = sched_local_day(now);
	cap = due->nplanned + due->ncheckins + 1;
	all = xcalloc(cap, sizeof(*all));
	for (size_t i = 0; i < due->nplanned; i++)
		add_item(all, &n, cap, &s, due->planned[i], SCHED_PRACTICE,
		         now);
	add_item(all, &n, cap, &s, due->lesson_at, SCHED_LESSON, now);
	for (size_t i = 0; i < due->ncheckins; i++)
		add_item(all, &n, cap, &s, due->checkins[i], SCHED_CHECKIN,
		         now);
	qsort(all, n, sizeof(*all), cmp_item);
	s.nitems = 0;
	for (size_t i = 0; i < n && s.nitems < REMIND_MAX_ITEMS; i++) {
		if (i > 0 && cmp_item(&all[i], &all[i - 1]) == 0)
			continue;
		s.items[s.nitems++] = all[i];
	}
	free(all);
	rc = remind_schedule_save(&s);
	return rc;
}

int
remind_settings_load(struct remind_settings *set)
{
	struct remind_schedule s;
	int rc = remind_schedule_load(&s, NULL);

	*set = s.set;
	return rc < 0 ? -1 : 0;
}

int
remind_settings_save(const struct remind_settings *set)
{
	struct remind_schedule s;
	struct sched_state st;

	if (sched_policy_problem(&set->policy)) {
		errno = EINVAL;
		return -1;
	}
	(void)remind_schedule_load(&s, NULL);
	s.set = *set;
	if (!s.id[0])
		new_id(s.id);
	/* While off, nothing is written outside the vault. */
	if (remind_state_load(&st, NULL) == 0 && st.off)
		return 1;
	return remind_schedule_save(&s);
}
