/*
 * Lesson text and parts for the front ends, straight from the course that
 * was loaded: the loader (pack/pack.c) keeps each lesson's text and its
 * parts in the order md/ finds the blocks, so block k of any layout of the
 * text is part k.  The fence line is checked all the same, so a mismatch
 * can only ever refuse to open an exercise, never open the wrong one.
 */
#include "app/lesson.h"

#include <assert.h>

const char *
app_lesson_text(const struct app_course *ac, size_t i, size_t *len)
{
	const struct course *c = app_course_def(ac);

	assert(i < c->nlessons);
	*len = c->lessons[i].text_len;
	return c->lessons[i].text ? c->lessons[i].text : "";
}

const struct course_part *
app_lesson_part(const struct app_course *ac, size_t i, size_t index,
                unsigned line)
{
	const struct course *c = app_course_def(ac);
	const struct course_lesson *l;

	if (i >= c->nlessons)
		return NULL;
	l = &c->lessons[i];
	if (index >= l->nparts || l->parts[index].line != (int)line)
		return NULL;
	return &l->parts[index];
}
