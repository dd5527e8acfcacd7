/*
 * Diagnostics list: compiler-style findings collected by the loaders and
 * printed by the CLI or shown by the UI.
 */
#include "util/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

void
diag_add(struct diags *d, enum diag_level level, const char *file, int line,
         const char *fmt, ...)
{
	struct buf raw = BUF_INIT, clean = BUF_INIT;
	struct diag_item *it;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&raw, fmt, ap);
	va_end(ap);
	/* Messages often quote content: never let it reach a terminal raw. */
	utf8_sanitize(&clean, raw.data ? raw.data : "", raw.len, false);
	buf_free(&raw);

	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->items = xreallocarray(d->items, d->cap, sizeof(*d->items));
	}
	it = &d->items[d->n++];
	it->level = level;
	/* So do file names: a pack's file may be named to fool a reader. */
	it->file = NULL;
	if (file) {
		struct buf name = BUF_INIT;

		utf8_sanitize(&name, file, strlen(file), false);
		it->file = buf_detach(&name);
	}
	it->line = line;
	it->msg = buf_detach(&clean);
	if (level == DIAG_ERROR)
		d->nerrors++;
	else if (level == DIAG_WARNING)
		d->nwarnings++;
}

char *
diag_format(const struct diag_item *it)
{
	static const char *const names[] = {"note", "warning", "error"};
	struct buf b = BUF_INIT;

	if (it->file) {
		buf_adds(&b, it->file);
		if (it->line > 0)
			buf_printf(&b, ":%d", it->line);
		buf_adds(&b, ": ");
	}
	buf_printf(&b, "%s: %s", names[it->level], it->msg);
	return buf_detach(&b);
}

static int
cmp_item(const struct diag_item *x, const struct diag_item *y)
{
	int c = strcmp(x->file ? x->file : "", y->file ? y->file : "");

	if (c)
		return c;
	return (x->line > y->line) - (x->line < y->line);
}

/* Insertion sort: stable, and diagnostic lists are short. */
void
diag_sort(struct diags *d)
{
	for (size_t i = 1; i < d->n; i++) {
		struct diag_item t = d->items[i];
		size_t j = i;

		while (j > 0 && cmp_item(&d->items[j - 1], &t) > 0) {
			d->items[j] = d->items[j - 1];
			j--;
		}
		d->items[j] = t;
	}
}

void
diag_free(struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->items[i].file);
		free(d->items[i].msg);
	}
	free(d->items);
	memset(d, 0, sizeof(*d));
}
