/*
 * libcmark makes a few hundred thousand small allocations for a 1 MB lesson
 * and frees them one by one; with malloc that is a third of the layout time
 * (and a malloc_consolidate storm on the next large free).  The tree only
 * lives during md_layout(), so cmark gets a bump allocator instead: blocks
 * of growing size, realloc in place for the newest allocation, free a no-op,
 * everything released at once.  cmark_mem has no context pointer, so the
 * arena is static: md_layout() is not reentrant (tend has one thread).
 */
#include "md/cmem.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

struct cblock {
	struct cblock *next;
	max_align_t data[];
};

#define CM_CLASSES 33 /* free lists for sizes 16, 32, ... 512 */

static struct {
	void *free[CM_CLASSES]; /* freed small allocations by size class */
	struct cblock *blocks;
	char *cur; /* next free byte */
	size_t left; /* bytes free after cur */
	char *last; /* the newest allocation */
	size_t next_size;
} cm;

#define CM_HDR 16u /* room for the size, keeping 16-byte alignment */
#define CM_ALIGN(n) (((n) + 15u) & ~(size_t)15u)

static void cm_free(void *p);

static void *
cm_alloc(size_t n)
{
	size_t need = CM_HDR + CM_ALIGN(n);
	char *p;

	if (n > SIZE_MAX / 2)
		xfatal("out of memory");
	if (CM_ALIGN(n) / 16 < CM_CLASSES && cm.free[CM_ALIGN(n) / 16]) {
		p = cm.free[CM_ALIGN(n) / 16];
		memcpy(&cm.free[CM_ALIGN(n) / 16], p, sizeof(void *));
		memcpy(p - CM_HDR, &n, sizeof(n));
		return p;
	}
	if (need > cm.left) {
		size_t size = cm.next_size ? cm.next_size : 64u << 10;
		struct cblock *b;

		if (size < 4u << 20)
			cm.next_size = size * 2;
		if (size < need)
			size = need;
		b = xmalloc(sizeof(*b) + size);
		b->next = cm.blocks;
		cm.blocks = b;
		cm.cur = (char *)b->data;
		cm.left = size;
	}
	p = cm.cur + CM_HDR;
	memcpy(cm.cur, &n, sizeof(n));
	cm.cur += need;
	cm.left -= need;
	cm.last = p;
	return p;
}

static void *
cm_calloc(size_t n, size_t size)
{
	void *p;

	if (size && n > SIZE_MAX / size)
		xfatal("out of memory");
	p = cm_alloc(n * size);
	memset(p, 0, n * size);
	return p;
}

static void *
cm_realloc(void *p, size_t n)
{
	size_t old;
	void *q;

	if (!p)
		return cm_alloc(n);
	memcpy(&old, (char *)p - CM_HDR, sizeof(old));
	if (p == cm.last && CM_ALIGN(n) <= CM_ALIGN(old) + cm.left) {
		cm.left = cm.left + CM_ALIGN(old) - CM_ALIGN(n);
		cm.cur = (char *)p + CM_ALIGN(n);
		memcpy((char *)p - CM_HDR, &n, sizeof(n));
		return p;
	}
	q = cm_alloc(n);
	memcpy(q, p, old < n ? old : n);
	cm_free(p);
	return q;
}

/* The newest allocation is given back to the block, small ones go on a
 * free list by size; anything else waits for cmem_release(). */
static void
cm_free(void *p)
{
	size_t n, c;

	if (!p)
		return;
	memcpy(&n, (char *)p - CM_HDR, sizeof(n));
	if (p == cm.last) {
		cm.cur = (char *)p - CM_HDR;
		cm.left += CM_HDR + CM_ALIGN(n);
		cm.last = NULL;
		return;
	}
	c = CM_ALIGN(n) / 16;
	if (c > 0 && c < CM_CLASSES) {
		memcpy(p, &cm.free[c], sizeof(void *));
		cm.free[c] = p;
	}
}

void
cmem_release(void)
{
	while (cm.blocks) {
		struct cblock *b = cm.blocks;

		cm.blocks = b->next;
		free(b);
	}
	memset(&cm, 0, sizeof(cm));
}

cmark_mem *
cmem_allocator(void)
{
	static cmark_mem mem = {cm_calloc, cm_realloc, cm_free};

	return &mem;
}
