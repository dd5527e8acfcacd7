/*
 * The lesson reader: a pager over md_layout()'s display list, re-laid out
 * on every resize, that keeps the reader's place by source position (not
 * by line, so a resize or a later visit at another width lands on the same
 * words).  Scrolling by line, half page and page, top and bottom, search,
 * a position indicator, the list of the lesson's links, and the lesson's
 * interactive `tend-*` blocks shown as placeholders that the course engine
 * and later screens open through a callback, each with the person's own
 * words (or "not answered yet") under it.  Tab and Shift-Tab move the
 * focus between them; the focused one is marked in the margin with a
 * glyph and in reverse video, so it shows in colour, in monochrome and
 * in a text capture alike.
 */
#ifndef TEND_UI_READER_H
#define TEND_UI_READER_H

#include <stddef.h>
#include <stdint.h>

#include "md/md.h"
#include "ui/screen.h"

/*
 * What the reader tells its owner (the course engine).  Every member may
 * be NULL.  Callbacks run inside the event loop, never from a signal.
 */
struct reader_cb {
	/* The reading position changed for good: called when the reader
	 * closes (including when the program ends or the terminal hangs
	 * up).  pos is the source position of the top line, for
	 * initial_pos next time; percent 0-100 how far the person got. */
	void (*position)(void *arg, const char *lesson_id, uint32_t pos,
	                 int percent);
	/* The end of the lesson came into view (once per reader). */
	void (*finished)(void *arg, const char *lesson_id);
	/*
	 * The person opened interactive block `index` (md_doc_block(doc,
	 * index) of the displayed document; app_lesson_part() has it
	 * parsed).  Push a screen and return reaction flags.  When NULL, the reader says that
	 * exercises cannot be opened here.
	 */
	int (*open_block)(struct ui *ui, void *arg, const char *lesson_id,
	                  const struct md_doc *doc, size_t index);
	/*
	 * What to show under block `index` (as open_block's): returns 1
	 * with the person's own words in text (an answer, a plan) and a
	 * short label for them ("Your answer:"), 0 with label alone when
	 * there are none yet ("Not answered yet"), or -1 for nothing under
	 * this block.  Called at every layout: after a resize, and when a
	 * screen on top returns UI_RELAYOUT for the reader (the answer box
	 * does, through its asker's flags).
	 */
	int (*block_note)(void *arg, const char *lesson_id,
	                  const struct md_doc *doc, size_t index,
	                  struct buf *label, struct buf *text);
	/* The reader is going away: free arg here if it is owned. */
	void (*release)(void *arg);
	void *arg;
};

/*
 * Pushes a reader on the stack.  The lesson is text[0..len) when text is
 * not NULL (borrowed: it must outlive the reader, as the loaded course's
 * lesson text does; see app_lesson_text), else the file at path (read now;
 * at most 16 MiB).  path also names the lesson in a message.
 * lesson_id (copied; may be NULL) is passed back to the callbacks; title
 * (copied; NULL: the file name) goes in the status line.  initial_pos is a
 * position from an earlier reader_cb.position (0: the top).  cb is copied;
 * NULL for none.  Returns 0, or -1 with a message on the status line when
 * the file cannot be read (nothing is pushed then; cb->release is called).
 */
int reader_push(struct ui *ui, const char *path, const char *text, size_t len,
                const char *lesson_id, const char *title, uint32_t initial_pos,
                const struct reader_cb *cb);

/* Runs the shell with only a reader on the file at path (the
 * TEND_LESSON=FILE development entry and tests).  Returns an exit
 * status; a file that cannot be read is EXIT_FAIL with a message. */
int reader_run(const struct opts *opts, const char *path);

#endif
