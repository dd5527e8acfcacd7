/*
 * Diagnostics: a list of "file:line: level: message" findings that lower
 * layers fill and ui/ or cli/ print.  Messages are plain text with control
 * characters already removed.
 */
#ifndef TEND_UTIL_DIAG_H
#define TEND_UTIL_DIAG_H

#include <stddef.h>

enum diag_level { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR };

struct diag_item {
	enum diag_level level;
	char *file; /* owned; may be NULL */
	int line; /* 1-based; 0 when unknown */
	char *msg; /* owned */
};

struct diags {
	struct diag_item *items;
	size_t n, cap;
	size_t nerrors, nwarnings;
};

#define DIAGS_INIT                                                             \
	{                                                                      \
		NULL, 0, 0, 0, 0                                               \
	}

void
diag_add(struct diags *d, enum diag_level level, const char *file, int line,
         const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Formats item i as "file:line: level: message" into a fresh string. */
char *diag_format(const struct diag_item *it);
/* Sorts by file, then line, keeping insertion order otherwise. */
void diag_sort(struct diags *d);
void diag_free(struct diags *d);

#endif
