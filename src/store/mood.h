/*
 * The daily mood rating in the vault: at most one per local day, 0 (the
 * worst) to 10 (the best), with an optional note in the person's own
 * words.  Table mood (store/schema.c): day (the local day number of
 * clock_local_day, the key), rating, note, updated_at (when it was given or
 * last changed).  A rating's id is its day.
 *
 * Functions return 0 on success and -1 on a database error (db_errmsg());
 * "get" functions 1 when found, 0 when not.  None of them saves the vault:
 * the caller (app/mood) commits.
 */
#ifndef TEND_STORE_MOOD_H
#define TEND_STORE_MOOD_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "store/vault.h"

struct mood_row {
	int64_t id; /* the day */
	long day; /* local day number */
	int rating; /* 0-10 */
	char *note; /* owned; NULL when none */
	time_t at;
};

/* Sets the rating of day (replacing that day's), with note (NULL or
 * blank: none), at now. */
int
mood_set(struct vault *v, long day, int rating, const char *note, time_t now);
/* The rating of day: 1 and *out (free with mood_row_clear), 0 when none. */
int mood_get(struct vault *v, long day, struct mood_row *out);
/* The rating with id: as mood_get. */
int mood_get_id(struct vault *v, int64_t id, struct mood_row *out);
/* Every rating, oldest day first: *out a fresh array of *n (free with
 * mood_rows_free). */
int mood_list(struct vault *v, struct mood_row **out, size_t *n);
void mood_row_clear(struct mood_row *m); /* wipes the note; NULL is fine */
void mood_rows_free(struct mood_row *m, size_t n);

#endif
