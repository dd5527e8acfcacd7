/*
 * A multi-line UTF-8 text editor: the buffer, the cursor, word and line
 * movement, kills and yanks, soft wrapping at a width, and scrolling.
 * This is the pure logic behind the worksheet text fields; it never
 * touches the terminal (ui/sheet_form.c paints it), so it is unit-tested
 * and fuzzed on its own.
 *
 * Invariants, after every call: the text is valid UTF-8 without control
 * characters ('\n' is allowed in multi-line editors only); the cursor is a
 * byte offset on a character boundary, where a character is a base code
 * point with the zero-width marks after it (a zero-width joiner glues the
 * next code point on too); the character count (as sheet_chars counts)
 * never exceeds the limit.  Text is private: the memory is wiped before it
 * is freed or moved.
 *
 * Layout: the text is cut into visual lines of at most `width` columns.  A
 * line breaks after the last space that fits, or between characters when a
 * word is longer than the line; spaces never start a wrapped line (they
 * hang past the edge instead, and are not drawn there).  A cursor offset
 * that ends one visual line and starts the next belongs to the next; a
 * line that fills the width exactly gets an empty line after it, so the
 * cursor always has a column inside the window.
 */
#ifndef TEND_UI_EDITOR_H
#define TEND_UI_EDITOR_H

#include <stdbool.h>
#include <stddef.h>

struct editor;

enum editor_op {
	ED_LEFT, /* C-b, Left: one character back */
	ED_RIGHT, /* C-f, Right */
	ED_WORD_LEFT, /* M-b: to the start of this or the previous word */
	ED_WORD_RIGHT, /* M-f: to the end of this or the next word */
	ED_HOME, /* C-a, Home: start of the line (up to the '\n') */
	ED_END, /* C-e, End: end of the line */
	ED_UP, /* Up: the visual line above, same column */
	ED_DOWN, /* Down */
	ED_TOP, /* M-<: start of the text */
	ED_BOTTOM, /* M->: end of the text */
	ED_BACKSPACE, /* Backspace, C-h: delete the character before */
	ED_DELETE, /* C-d, Delete: delete the character under the cursor */
	ED_KILL_END, /* C-k: kill to the end of the line (or the '\n') */
	ED_KILL_START, /* C-u: kill to the start of the line */
	ED_KILL_WORD_BACK, /* C-w: kill back to the previous whitespace */
	ED_KILL_WORD_FWD, /* M-d: kill to the end of the next word */
	ED_KILL_WORD_BACK_PUNCT, /* M-Backspace: back to the word start */
	ED_YANK, /* C-y: insert the last kill */
	ED_NEWLINE, /* Enter in a multi-line editor */
	ED_TRANSPOSE, /* C-t: swap the characters around the cursor */
	ED__COUNT
};

/* What editor_do did, as bit flags. */
enum {
	ED_MOVED = 1, /* the cursor moved */
	ED_CHANGED = 2, /* the text changed */
	ED_EDGE = 4, /* nothing to do: at the start/end/top/bottom */
	ED_FULL = 8, /* the character limit stopped an insertion */
};

/*
 * A new, empty editor.  multiline allows '\n' (pasted newlines become
 * spaces otherwise).  max_chars is the character limit (0: none).  The
 * width starts at 80.  Never NULL; free with editor_free.
 */
struct editor *editor_new(bool multiline, size_t max_chars);
/* Wipes and frees.  NULL is fine. */
void editor_free(struct editor *e);

/*
 * Replaces the text (sanitised as editor_insert does, and cut at the
 * limit) and puts the cursor at its end.  Clears the kill and the dirty
 * flag.
 */
void editor_set_text(struct editor *e, const char *s, size_t len);
/* The text, NUL-terminated, and its length in bytes when len is not NULL.
 * Borrowed: valid until the next change. */
const char *editor_text(const struct editor *e, size_t *len);
/* Characters in the text, and the limit (0: none). */
size_t editor_chars(const struct editor *e);
size_t editor_limit(const struct editor *e);
/* True when the text changed since the last editor_set_text or
 * editor_clean. */
bool editor_dirty(const struct editor *e);
void editor_clean(struct editor *e);

/* The cursor as a byte offset. */
size_t editor_cursor(const struct editor *e);
/* Moves the cursor to off, clamped to the text and moved back to the
 * start of the character it falls in. */
void editor_set_cursor(struct editor *e, size_t off);

/*
 * Inserts typed or pasted text at the cursor and moves the cursor after
 * it.  Tabs become spaces, "\r\n" and '\r' become '\n' (a space in a
 * single-line editor), escape sequences and other control characters are
 * dropped, invalid bytes become U+FFFD.  When the limit would be passed,
 * only the characters that fit go in.  Returns ED_* flags (ED_FULL when
 * something was dropped for the limit).
 */
int editor_insert(struct editor *e, const char *s, size_t len);
/* Performs one editing operation.  Returns ED_* flags. */
int editor_do(struct editor *e, enum editor_op op);

/*
 * Maps a key to an operation: control characters (1-31, 127) and, with
 * meta (the key came after ESC), letters.  Returns 0 and sets *op, or -1
 * when the key is not an editing key (the caller handles it).  Arrows and
 * other function keys are the caller's to map (they are curses codes).
 */
int editor_key_op(int ch, bool meta, enum editor_op *op);

/* ---- Layout ---- */

/* Sets the wrapping width in columns (at least 1). */
void editor_set_width(struct editor *e, size_t width);
size_t editor_width(const struct editor *e);
/* Number of visual lines (at least 1). */
size_t editor_nlines(struct editor *e);
/*
 * Visual line i: its bytes are text[*off .. *off + *len) (no '\n'), and
 * *cols their width (hanging spaces included).  i must be < nlines.
 */
void
editor_line(struct editor *e, size_t i, size_t *off, size_t *len, size_t *cols);
/* The cursor's visual line and column (the column may be >= width only
 * inside hanging spaces; draw it at width - 1). */
void editor_cursor_rc(struct editor *e, size_t *row, size_t *col);
/*
 * The first visual line to show in a window of height lines so that the
 * cursor is visible, moving as little as possible from the last call.
 */
size_t editor_scroll(struct editor *e, size_t height);

#endif
