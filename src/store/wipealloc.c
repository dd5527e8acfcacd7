/*
 * The SQLite allocator of the process: every block SQLite frees is wiped
 * first, so the plaintext database image, its pages and its statements'
 * text leave nothing behind in freed heap memory.  Each block carries its
 * size in front (malloc cannot be asked), and realloc never uses libc's,
 * which could leave the old block unwiped.
 */
#include "store/wipealloc.h"

#include <sodium.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

/* Each block carries its size in front, so that free can wipe it all.  16
 * bytes keep the 8-byte alignment SQLite needs (and 16 for long double). */
#define HDR 16

static void *
wipe_malloc(int n)
{
	unsigned char *p;

	if (n <= 0)
		return NULL;
	p = malloc((size_t)n + HDR);
	if (!p)
		return NULL;
	memcpy(p, &(size_t){(size_t)n}, sizeof(size_t));
	return p + HDR;
}

static size_t
block_size(void *p)
{
	size_t n;

	memcpy(&n, (unsigned char *)p - HDR, sizeof(n));
	return n;
}

static void
wipe_free(void *p)
{
	unsigned char *b;

	if (!p)
		return;
	b = (unsigned char *)p - HDR;
	sodium_memzero(b, block_size(p) + HDR);
	free(b);
}

/* Never libc realloc: it could leave a copy of the old block behind. */
static void *
wipe_realloc(void *p, int n)
{
	void *q;
	size_t old;

	if (!p)
		return wipe_malloc(n);
	q = wipe_malloc(n);
	if (!q)
		return NULL;
	old = block_size(p);
	memcpy(q, p, old < (size_t)n ? old : (size_t)n);
	wipe_free(p);
	return q;
}

static int
wipe_size(void *p)
{
	return p ? (int)block_size(p) : 0;
}

static int
wipe_roundup(int n)
{
	return (n + 7) & ~7;
}

static int
wipe_init(void *arg)
{
	return SQLITE_OK;
}

static void
wipe_shutdown(void *arg)
{
}

static const sqlite3_mem_methods wipe_methods = {
        wipe_malloc,  wipe_free, wipe_realloc,  wipe_size,
        wipe_roundup, wipe_init, wipe_shutdown, NULL,
};

int
wipealloc_install(void)
{
	if (sqlite3_config(SQLITE_CONFIG_MALLOC, &wipe_methods) != SQLITE_OK) {
		/* Someone initialised SQLite first: restart it our way. */
		sqlite3_shutdown();
		if (sqlite3_config(SQLITE_CONFIG_MALLOC, &wipe_methods) !=
		    SQLITE_OK)
			return -1;
	}
	return 0;
}
