/*
 * Styled paragraphs.  See app/paras.h.
 */
#include "app/paras.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/secret.h"
#include "util/xalloc.h"

static void
add_one(struct paras *p, enum para_style style, const char *s, size_t n)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		p->v = xreallocarray(p->v, p->cap, sizeof(*p->v));
	}
	p->v[p->n++] = (struct paragraph){style, xstrndup(s, n)};
}

void
paras_add(struct paras *p, enum para_style style, const char *text)
{
	const char *nl;

	if (!text)
		return;
	while ((nl = strchr(text, '\n')) != NULL) {
		add_one(p, style, text, (size_t)(nl - text));
		text = nl + 1;
	}
	add_one(p, style, text, strlen(text));
}

void
paras_addf(struct paras *p, enum para_style style, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	paras_add(p, style, b.data ? b.data : "");
	buf_free(&b);
}

void
paras_gap(struct paras *p)
{
	if (p->n > 0 && p->v[p->n - 1].text[0] != '\0')
		add_one(p, PARA_TEXT, "", 0);
}

void
paras_cat(struct paras *p, const struct paras *src)
{
	for (size_t i = 0; i < src->n; i++)
		add_one(p, src->v[i].style, src->v[i].text,
		        strlen(src->v[i].text));
}

void
paras_free(struct paras *p)
{
	/* A paragraph may hold the person's own words (their safety
	 * plan): wiped like any plaintext scratch. */
	for (size_t i = 0; i < p->n; i++)
		secret_free(p->v[i].text);
	free(p->v);
	p->v = NULL;
	p->n = p->cap = 0;
}

void
paras_text(const struct paras *p, struct buf *out)
{
	for (size_t i = 0; i < p->n; i++) {
		buf_adds(out, p->v[i].text);
		buf_addc(out, '\n');
	}
}
