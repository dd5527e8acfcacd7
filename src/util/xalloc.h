/*
 * Allocation that cannot fail.  When memory runs out the registered fatal
 * hook runs (the UI uses it to restore the terminal), then the program
 * prints one line and aborts.
 */
#ifndef TEND_UTIL_XALLOC_H
#define TEND_UTIL_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Like reallocarray: n * size, checked for overflow. */
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a fresh string; free with free(). */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Called once, before abort(), on out of memory or xfatal(). */
void xalloc_set_fatal_hook(void (*hook)(void));
/* Restores what the hook restores, prints "tend: MSG" and aborts. */
_Noreturn void xfatal(const char *msg);

#endif
