/*
 * Fuzz target for md_layout(): any bytes, at a width taken from the first
 * byte, must lay out without a crash, a leak or undefined behaviour, and the
 * display list must keep its promises (no line wider than the width, spans
 * in column order with the width they claim, text that is valid UTF-8 with
 * nothing a terminal would act on).  Search, positions and plain text are
 * exercised on the result.  `make fuzz` builds it with libFuzzer; built
 * with -DFUZZ_MAIN it reads files named on the command line instead (for
 * AFL, or to replay a crash without libFuzzer).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "md/md.h"
#include "util/buf.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(const struct md_doc *d, int width)
{
	size_t n = md_doc_nlines(d);
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < n; i++) {
		const struct md_line *ln = md_doc_line(d, i);
		const struct md_span *sp = md_doc_spans(d, ln);
		size_t end = 0;

		if (ln->cols > width)
			abort();
		if (i > 0 && md_doc_line(d, i - 1)->pos > ln->pos)
			abort();
		for (uint32_t k = 0; k < ln->nspans; k++) {
			const char *t = md_span_text(d, &sp[k]);

			if (sp[k].col < end ||
			    utf8_width(t, sp[k].len) != sp[k].cols ||
			    !utf8_valid(t, sp[k].len))
				abort();
			for (size_t c = 0; c < sp[k].len; c++) {
				unsigned char u = (unsigned char)t[c];

				if (u < 0x20 || u == 0x7F ||
				    (u == 0xC2 && c + 1 < sp[k].len &&
				     (unsigned char)t[c + 1] < 0xA0))
					abort();
			}
			end = (size_t)sp[k].col + sp[k].cols;
		}
		if (ln->cols != end)
			abort();
		buf_reset(&b);
		md_doc_line_text(d, i, &b);
		if (utf8_width(b.data ? b.data : "", b.len) != ln->cols)
			abort();
		if (md_doc_line_at_pos(d, ln->pos) > i)
			abort();
	}
	for (size_t k = 1; k <= md_doc_nlinks(d); k++)
		if (md_doc_link(d, k)->line >= n)
			abort();
	for (size_t k = 0; k < md_doc_nblocks(d); k++)
		if (!(md_doc_line(d, md_doc_block(d, k)->line)->flags &
		      MD_LINE_PLACEHOLDER))
			abort();
	if (n > 0) {
		long f = md_doc_find(d, "e", 0, true);
		long r = md_doc_find(d, "E", n - 1, false);
		size_t col, cols;

		if ((f < 0) != (r < 0))
			abort();
		if (f >= 0 && !md_doc_match(d, (size_t)f, "e", &col, &cols))
			abort();
	}
	buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int width = 80;
	struct md_doc *d;

	if (size > 0) {
		width = 4 + data[0] % 160;
		data++;
		size--;
	}
	utf8_set_ascii(width % 7 == 0);
	d = md_layout((const char *)data, size, width);
	check(d, md_doc_width(d));
	md_doc_free(d);
	return 0;
}

#ifdef FUZZ_MAIN
int
main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		struct buf b = BUF_INIT;
		char chunk[65536];
		size_t n;

		if (!f) {
			perror(argv[i]);
			return 1;
		}
		while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			buf_add(&b, chunk, n);
		fclose(f);
		LLVMFuzzerTestOneInput((const uint8_t *)(b.data ? b.data : ""),
		                       b.len);
		buf_free(&b);
	}
	return 0;
}
#endif
