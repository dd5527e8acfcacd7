/*
 * A growable byte buffer.  The contents are always NUL-terminated, so
 * buf.data can be used as a C string when no NUL was appended.  Memory comes
 * from the x* wrappers: running out of memory ends the program cleanly.
 */
#ifndef TEND_UTIL_BUF_H
#define TEND_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data; /* NULL until the first append; then owned, NUL-terminated */
	size_t len;
	size_t cap;
};

#define BUF_INIT                                                               \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

/* Makes room for at least n more bytes. */
void buf_grow(struct buf *b, size_t n);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
/* Repeats c n times. */
void buf_addrep(struct buf *b, char c, size_t n);
void buf_printf(struct buf *b, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Empties the buffer, keeping its memory. */
void buf_reset(struct buf *b);
/* Hands the contents to the caller (free with free(); never NULL). */
char *buf_detach(struct buf *b);
/* Frees the memory.  buf_wipe zeroes it first: use it for secrets. */
void buf_free(struct buf *b);
void buf_wipe(struct buf *b);

#endif
