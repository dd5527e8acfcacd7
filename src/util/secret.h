/*
 * Secrets: wiping, and reading a passphrase without echo, from the terminal
 * or from a descriptor given with --passphrase-fd.
 */
#ifndef TEND_UTIL_SECRET_H
#define TEND_UTIL_SECRET_H

#include <stddef.h>

/* Zeroes n bytes in a way the compiler cannot elide. */
void secret_wipe(void *p, size_t n);
/* Wipes and frees a NUL-terminated string; NULL is fine. */
void secret_free(char *s);

/*
 * Reads one line as a secret.  With fd >= 0 it reads from that descriptor
 * (no prompt; the trailing newline is removed).  With fd < 0 it opens
 * /dev/tty, prints prompt there, turns echo off, reads, and restores the
 * terminal even on SIGINT.  A line of more than max-1 bytes is never cut:
 * it is read to its end, wiped, and refused.  Returns a fresh string (free
 * with secret_free), or NULL with errno set (ENXIO: no terminal; ENODATA:
 * end of input before any byte; E2BIG: longer than max-1 bytes).
 */
char *secret_read(const char *prompt, int fd, size_t max);

#endif
