/*
 * The course model: construction, lookup and freeing.  The loader in
 * pack/pack.c builds it; everything else only reads it.
 */
#include "core/course.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

struct course *
course_new(void)
{
	struct course *c = xcalloc(1, sizeof(*c));

	c->reminders.window_start = c->reminders.window_end = -1;
	c->reminders.quiet_start = c->reminders.quiet_end = -1;
	c->reminders.days = 0x7f;
	return c;
}

void
course_strv_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void
lesson_free(struct course_lesson *l)
{
	free(l->id);
	free(l->file);
	free(l->title);
	free(l->summary);
	free(l->text);
	free(l->rule.after);
	for (size_t i = 0; i < l->rule.nhomework; i++)
		free(l->rule.homework[i].worksheet);
	free(l->rule.homework);
	course_strv_free(l->rule.assess_first, l->rule.nassess_first);
	for (size_t i = 0; i < l->nparts; i++) {
		free(l->parts[i].id);
		free(l->parts[i].text);
	}
	free(l->parts);
	for (size_t i = 0; i < l->nsuggest; i++) {
		free(l->suggest[i].instrument);
		course_strv_free(l->suggest[i].bands, l->suggest[i].nbands);
		free(l->suggest[i].because);
	}
	free(l->suggest);
}

static void
names_free(struct course_name *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].id);
		free(v[i].title);
	}
	free(v);
}

void
course_free(struct course *c)
{
	if (!c)
		return;
	free(c->id);
	free(c->title);
	free(c->locale);
	free(c->summary);
	free(c->dir);
	for (size_t i = 0; i < c->nlessons; i++)
		lesson_free(&c->lessons[i]);
	free(c->lessons);
	course_strv_free(c->checkins.baseline, c->checkins.nbaseline);
	course_strv_free(c->checkins.before_lesson, c->checkins.nbefore_lesson);
	course_strv_free(c->checkins.end, c->checkins.nend);
	course_strv_free(c->checkins.followup, c->checkins.nfollowup);
	names_free(c->worksheets, c->nworksheets);
	names_free(c->instruments, c->ninstruments);
	free(c);
}

long
course_find_lesson(const struct course *c, const char *id)
{
	for (size_t i = 0; i < c->nlessons; i++)
		if (c->lessons[i].id && strcmp(c->lessons[i].id, id) == 0)
			return (long)i;
	return -1;
}

static const char *
name_find(const struct course_name *v, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].id, id) == 0)
			return v[i].title;
	return id;
}

const char *
course_worksheet_title(const struct course *c, const char *id)
{
	return name_find(c->worksheets, c->nworksheets, id);
}

const char *
course_instrument_name(const struct course *c, const char *id)
{
	return name_find(c->instruments, c->ninstruments, id);
}

static void
name_set(struct course_name **v, size_t *n, const char *id, const char *title)
{
	for (size_t i = 0; i < *n; i++) {
		if (strcmp((*v)[i].id, id) == 0) {
			free((*v)[i].title);
			(*v)[i].title = xstrdup(title);
			return;
		}
	}
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	(*v)[*n].id = xstrdup(id);
	(*v)[*n].title = xstrdup(title);
	(*n)++;
}

void
course_set_worksheet_title(struct course *c, const char *id, const char *title)
{
	name_set(&c->worksheets, &c->nworksheets, id, title);
}

void
course_set_instrument_name(struct course *c, const char *id, const char *name)
{
	name_set(&c->instruments, &c->ninstruments, id, name);
}
