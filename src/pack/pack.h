/*
 * Loading a course from a content pack: course.yaml, the lessons' front
 * matter and their interactive `tend-*` blocks, into a struct course
 * (core/course.h), with every problem reported as a "file:line: level:
 * message" diagnostic.  The format is docs/pack-format.md and
 * tend-content(5).  pack/check.h builds `tend check-content` on top.
 *
 * A course refers to worksheets and instruments in a data folder
 * (data/worksheets/<id>.yaml, data/instruments/<id>.yaml).  When a data
 * folder is given, every reference is checked against it and the course
 * learns the worksheets' titles and instruments' short names (for "after 2
 * more Thought record entries"); this reads only the few keys it needs, so
 * it does not depend on the full worksheet and instrument loaders.
 *
 * Each lesson file is read and parsed once, here: its text is kept in the
 * course (course_lesson.text) for the reader, and its tend-* blocks, found
 * by md/ (md_lesson_scan) exactly as the reader lays them out, are parsed
 * into course_lesson.parts in the same order.
 */
#ifndef TEND_PACK_PACK_H
#define TEND_PACK_PACK_H

#include <stdbool.h>
#include <stddef.h>

#include "core/course.h"
#include "util/diag.h"

/* Size limits: a lesson file, and course.yaml / data files. */
#define PACK_MAX_LESSON_BYTES ((size_t)2 << 20)
#define PACK_MAX_LESSONS 200
#define PACK_MAX_BLOCKS 200 /* interactive blocks per lesson */

/*
 * Loads the course in the folder dir (which holds course.yaml).  data_dir
 * is the folder with worksheets/ and instruments/, or NULL to skip the
 * cross-reference checks.  Diagnostics name files as dir + "/" + name.
 *
 * Returns the course (free with course_free), or NULL when there was at
 * least one error; warnings alone do not fail.  All problems found are in
 * d either way: the loader carries on after an error to report as many as
 * it can.
 */
struct course *
pack_load_course(const char *dir, const char *data_dir, struct diags *d);

/*
 * The same with several data folders, most important first (as
 * path_data_dirs gives them): a reference is resolved in the first that
 * has the file, as the program reads it.  data is borrowed for the call.
 */
struct course *pack_load_course_in(const char *dir, const char *const *data,
                                   size_t ndata, struct diags *d);

/*
 * Parses one interactive block: info is the fence's info string (its first
 * word must be tend-prompt, tend-worksheet, tend-assess or tend-plan), body
 * its YAML, file and line where the body starts (for diagnostics).  Fills
 * *out (free its strings with pack_part_clear).  Returns 0, or -1 after
 * adding an error.  The loader parses every lesson's blocks with it.
 */
int pack_parse_block(const char *info, const char *body, size_t len,
                     const char *file, int line, struct course_part *out,
                     struct diags *d);
void pack_part_clear(struct course_part *p);

/* The path of lesson i's file (fresh string, free with free()). */
char *pack_lesson_path(const struct course *c, size_t i);

/*
 * The course folders under root (each a folder holding course.yaml), sorted
 * by name.  Returns how many; *out receives fresh paths (free each and the
 * array with pack_strv_free).  0 with *out NULL when there are none.
 */
size_t pack_find_courses(const char *root, char ***out);
void pack_strv_free(char **v, size_t n);

/*
 * Reads just the id and title of the course in dir, for a chooser.  Returns
 * 0 and fresh strings, or -1 (then nothing to free).
 */
int pack_course_title(const char *dir, char **id, char **title);

#endif
