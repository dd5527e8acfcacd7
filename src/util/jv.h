/*
 * Reading JSON (RFC 8259) into a small tree, for the documents tend writes
 * itself and reads back (a helper's summaries, replies and caseload
 * state).  The one JSON reader; util/json.h is the one writer.  Strict:
 * no trailing commas, no comments, no NUL in strings (\u0000 is refused),
 * unpaired surrogates refused, nesting limited, so that a hostile document
 * costs a clear error and never a deep recursion.
 */
#ifndef TEND_UTIL_JV_H
#define TEND_UTIL_JV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum jv_type { JV_NULL, JV_BOOL, JV_NUM, JV_STR, JV_ARR, JV_OBJ };

struct jv {
	enum jv_type type;
	bool b; /* JV_BOOL */
	bool is_int; /* JV_NUM written without fraction or exponent, and
	                within int64_t */
	int64_t i; /* JV_NUM when is_int */
	double num; /* JV_NUM */
	char *str; /* JV_STR: owned, valid UTF-8, NUL-terminated */
	size_t n; /* JV_ARR, JV_OBJ: members */
	struct jv *items; /* owned: array elements or object values */
	char **keys; /* JV_OBJ: owned keys, same order as items */
};

/* Deepest nesting accepted. */
#define JV_MAX_DEPTH 32

/*
 * Parses text[0..len) (one JSON value, blanks around it allowed).  Returns
 * a fresh tree (free with jv_free), or NULL when it is not valid JSON;
 * then *err_at (may be NULL) is the byte offset where reading stopped.
 */
struct jv *jv_parse(const char *text, size_t len, size_t *err_at);

/* Frees a tree; strings are wiped first (they may be a person's words).
 * NULL is fine. */
void jv_free(struct jv *v);

/* The member key of object v, or NULL (v NULL or not an object). */
const struct jv *jv_get(const struct jv *v, const char *key);
/* Element i of array v, or NULL. */
const struct jv *jv_at(const struct jv *v, size_t i);
/* Members of an array or object (0 for anything else, and for NULL). */
size_t jv_len(const struct jv *v);

/* Member key of v as a string (borrowed), or NULL when absent or not a
 * string. */
const char *jv_str(const struct jv *v, const char *key);
/* Member key of v as an integer, or def when absent or not an integer. */
int64_t jv_int(const struct jv *v, const char *key, int64_t def);
/* Member key of v as a boolean, or def. */
bool jv_bool(const struct jv *v, const char *key, bool def);

#endif
