/*
 * A lesson as the front ends show it.  The course loader reads each lesson
 * file once at start-up and parses its interactive tend-* blocks once into
 * parts; the reader lays out that same text (md_layout), and opening the
 * block at index k of the layout gives part k.  Nothing is read from disk
 * or parsed again when a lesson or an exercise is opened.  Progress
 * (opened, read, answered) is in app/course.h.
 */
#ifndef TEND_APP_LESSON_H
#define TEND_APP_LESSON_H

#include <stddef.h>

#include "app/course.h"
#include "core/course.h"

/*
 * The text of lesson i (< the course's nlessons) as loaded: the whole
 * file, front matter included, which is what md_layout() takes; its length
 * in *len.  Never NULL.  Borrowed from the course: valid until
 * app_course_free().
 */
const char *app_lesson_text(const struct app_course *ac, size_t i, size_t *len);

/*
 * The interactive part shown by block `index` of a layout of lesson i's
 * text, whose opening fence is on line `line` (md_block.src_line), parsed
 * at load.  Borrowed like the text.  NULL when there is no such part (the
 * layout is of some other text).
 */
const struct course_part *app_lesson_part(const struct app_course *ac, size_t i,
                                          size_t index, unsigned line);

#endif
