/*
 * Worksheets: their definitions (fields, types, options, repeated rows) as
 * loaded from data/worksheets/<id>.yaml, the answers a person gives (a map
 * of field keys to text values), and the rules that check both.  Pure
 * logic: no I/O, and "now" is always a parameter.
 *
 * Answers are stored as text, one value per key.  A key is a field id
 * ("situation"), or for repeated rows "field.ROW.sub" with ROW counted from
 * 1 ("feelings.2.strength").  Value formats by type:
 *   text, longtext   UTF-8 without control characters ('\n' allowed in
 *                    longtext), at most `max` characters
 *   rating10/100     a whole number 0..10 / 0..100, no sign, no leading zero
 *   number           a whole number in min..max
 *   choice           one option id
 *   multichoice      option ids joined by ',' (each once)
 *   yesno            "yes" or "no"
 *   date             "YYYY-MM-DD"       time   "HH:MM"
 *   datetime         "YYYY-MM-DD HH:MM" (local time)
 * An empty value is the same as no value.
 */
#ifndef TEND_CORE_SHEET_H
#define TEND_CORE_SHEET_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "util/buf.h"
#include "util/diag.h"

enum sheet_type {
	SHEET_TEXT,
	SHEET_LONGTEXT,
	SHEET_RATING10,
	SHEET_RATING100,
	SHEET_NUMBER,
	SHEET_CHOICE,
	SHEET_MULTICHOICE,
	SHEET_YESNO,
	SHEET_DATE,
	SHEET_TIME,
	SHEET_DATETIME,
	SHEET_ROWS,
};

/* Default character limits of text fields without a `max`. */
#define SHEET_TEXT_MAX 200
#define SHEET_LONGTEXT_MAX 4000
/* Hard ceilings a worksheet file may not exceed. */
#define SHEET_CHARS_CEILING 20000
#define SHEET_MAX_FIELDS 64
#define SHEET_MAX_OPTIONS 40
#define SHEET_MAX_ROWS 50

struct sheet_option {
	char *id; /* owned */
	char *label; /* owned */
};

struct sheet_field {
	char *id; /* owned */
	enum sheet_type type;
	char *label; /* owned */
	char *help; /* owned; may be NULL */
	bool required; /* rows: at least one row (and min_rows) */
	bool default_now; /* date/time/datetime: filled with now on creation */
	bool planned; /* datetime: a planned time (reminders may use it) */
	bool marks_done; /* yesno: "yes" means the planned thing is done */
	long min, max; /* number: range; rating10/100: 0..10/100;
	                  text/longtext: max = character limit */
	struct sheet_option *opts; /* choice, multichoice; owned */
	size_t nopts;
	struct sheet_field *sub; /* rows: the fields of one row; owned */
	size_t nsub;
	size_t min_rows, max_rows; /* rows */
	char *sort_by; /* rows: sub-field id to order rows by; may be NULL */
	int line; /* source line, for diagnostics; 0 if unknown */
};

struct sheet {
	char *id; /* owned */
	char *title; /* owned */
	char *summary; /* owned; may be NULL */
	char *help; /* owned; may be NULL */
	bool practice; /* a planned time for it counts as practice */
	struct sheet_field *fields; /* owned */
	size_t nfields;
	char *file; /* owned; where it was loaded from; may be NULL */
};

/* A fresh, empty definition (fill it, then sheet_check).  Never NULL. */
struct sheet *sheet_new(void);
/* Frees a definition and everything it owns; NULL is fine. */
void sheet_free(struct sheet *s);
/* Frees what a field owns (not the field itself). */
void sheet_field_clear(struct sheet_field *f);

/* "text", "rating10", ... for a type. */
const char *sheet_type_name(enum sheet_type t);
/* Parses a type name.  Returns 0, or -1 when unknown. */
int sheet_type_parse(const char *name, enum sheet_type *t);
/* True when s is a valid identifier: [a-z0-9-], 1-40 characters. */
bool sheet_id_valid(const char *s);
/* Sets min/max to the type's defaults (ratings, text limits). */
void sheet_field_defaults(struct sheet_field *f);

/*
 * Checks a definition for mistakes a content author can make: ids, types,
 * duplicate ids, choices without options, rows without sub-fields, limits,
 * a sort_by that names no rating or number sub-field, flags on the wrong
 * type.  Adds "file:line" findings to d (file is s->file).  Returns the
 * number of errors added.
 */
size_t sheet_check(const struct sheet *s, struct diags *d);

/* The top-level field with that id, or NULL.  Borrowed from s. */
const struct sheet_field *
sheet_field_find(const struct sheet *s, const char *id);
/* The option with that id, or NULL. */
const struct sheet_option *
sheet_option_find(const struct sheet_field *f, const char *id);
/*
 * The field that a key names, or NULL for a key that names none (a field
 * removed from a later version of the worksheet).  For row keys *row gets
 * the 1-based row and *parent the rows field; otherwise *row is 0 and
 * *parent NULL.  row and parent may be NULL.
 */
const struct sheet_field *
sheet_key_field(const struct sheet *s, const char *key, size_t *row,
                const struct sheet_field **parent);

/* A set of worksheets (those of a pack), each with a distinct id. */
struct sheet_set {
	struct sheet **v; /* owned */
	size_t n, cap;
};

#define SHEET_SET_INIT                                                         \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

/* Adds s (the set takes ownership). */
void sheet_set_add(struct sheet_set *set, struct sheet *s);
/* The worksheet with that id, or NULL.  Borrowed from the set. */
const struct sheet *sheet_set_find(const struct sheet_set *set, const char *id);
/* Frees every worksheet and the array; the set is empty afterwards. */
void sheet_set_free(struct sheet_set *set);

/* ---- Answers ---- */

struct sheet_answers;

/* An empty answer set.  Never NULL. */
struct sheet_answers *sheet_answers_new(void);
/* Wipes the values (they are private) and frees; NULL is fine. */
void sheet_answers_free(struct sheet_answers *a);
/* A deep copy. */
struct sheet_answers *sheet_answers_dup(const struct sheet_answers *a);
/* The value of key, or NULL.  Borrowed: valid until a is changed. */
const char *sheet_answers_get(const struct sheet_answers *a, const char *key);
/* Sets key to value (copied); NULL or "" removes the key. */
void
sheet_answers_set(struct sheet_answers *a, const char *key, const char *value);
/* Number of keys, and the i-th key/value, in key order (stable). */
size_t sheet_answers_count(const struct sheet_answers *a);
const char *sheet_answers_key(const struct sheet_answers *a, size_t i);
const char *sheet_answers_value(const struct sheet_answers *a, size_t i);

/* The key of a row sub-field: "field.row.sub".  Free with free(). */
char *sheet_row_key(const char *field, size_t row, const char *sub);
/* The number of rows of a rows field: the highest row with any value. */
size_t
sheet_rows_count(const struct sheet_answers *a, const struct sheet_field *rows);
/* Removes row (1-based) and moves the rows after it up by one. */
void sheet_rows_delete(struct sheet_answers *a, const struct sheet_field *rows,
                       size_t row);
/* Orders the rows by the rows field's sort_by sub-field, lowest first
 * (rows without a value last, ties keep their order).  No-op without
 * sort_by. */
void sheet_rows_sort(struct sheet_answers *a, const struct sheet_field *rows);

/* ---- Values and validation ---- */

/* Characters as a person counts them: code points that take columns
 * (combining marks and other zero-width characters are not counted). */
size_t sheet_chars(const char *s, size_t len);

/*
 * Checks one value for one field (not rows).  Returns 0 when value is
 * acceptable (NULL and "" always are: requiredness is checked by
 * sheet_validate), or -1 and appends a sentence for the person to msg.
 */
int sheet_value_check(const struct sheet_field *f, const char *value,
                      struct buf *msg);

/*
 * Turns what a person typed into the stored form, where the type allows
 * shortcuts: ratings and numbers lose spaces and leading zeros; choice
 * accepts a 1-based option number or a label; yesno accepts y/n/yes/no in
 * any case; dates and times accept "today", "yesterday", "tomorrow", "now",
 * "HH:MM" (today at), "H:MM", "HHMM", "YYYY-MM-DD", "YYYY-MM-DD HH:MM",
 * "DD/MM" is not accepted (ambiguous).  now gives "today".  Returns a fresh
 * string to store (free with free()), or NULL when it cannot be read (then
 * sheet_value_check on the raw text gives the message).
 */
char *sheet_value_normalize(const struct sheet_field *f, const char *typed,
                            time_t now);

/* What a date/time/datetime field holds when created with default: now. */
char *sheet_value_now(const struct sheet_field *f, time_t now);

/*
 * Reads a stored datetime "YYYY-MM-DD HH:MM" (or a date, as its 00:00) as
 * local time.  Returns 0, or -1 when it is not one.
 */
int sheet_datetime_parse(const char *value, time_t *out);

struct sheet_problem {
	char *key; /* owned: the answer key, or the field id for a missing
	              required field or too few rows */
	char *msg; /* owned: a sentence for the person */
};

struct sheet_problems {
	struct sheet_problem *items;
	size_t n, cap;
};

#define SHEET_PROBLEMS_INIT                                                    \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

void sheet_problems_free(struct sheet_problems *p);

/*
 * Checks answers against a definition.  Every present value is checked;
 * with complete, required fields, required row sub-fields and min_rows are
 * checked too (an entry is complete when this finds nothing).  Keys that
 * name no field are ignored (they may come from an older version of the
 * worksheet).  Problems are appended in field order.  Returns how many
 * were added.
 */
size_t sheet_validate(const struct sheet *s, const struct sheet_answers *a,
                      bool complete, struct sheet_problems *out);

/*
 * A one-line summary of an entry for lists: the first non-empty text or
 * longtext value in field order, with newlines as spaces, at most maxchars
 * characters with "..." if cut.  Appended to out; nothing when there is
 * no text.
 */
void sheet_summary(const struct sheet *s, const struct sheet_answers *a,
                   size_t maxchars, struct buf *out);

/*
 * An entry as plain text for reading elsewhere (the safety screen, an
 * export): each answered question's label, then its answer indented by
 * two spaces (choices by their labels, ratings as "70 (0-100)", rows
 * numbered with their sub-field labels).  Unanswered questions and keys
 * that name no field are left out.  Appended to out.
 */
void sheet_format_text(const struct sheet *s, const struct sheet_answers *a,
                       struct buf *out);

/*
 * The planned time of an entry: the value of the first datetime field
 * marked planned, when it is set and no marks_done field says "yes".
 * Returns 0 and sets *when, or -1 when the entry plans nothing open.
 */
int sheet_planned_time(const struct sheet *s, const struct sheet_answers *a,
                       time_t *when);

#endif
