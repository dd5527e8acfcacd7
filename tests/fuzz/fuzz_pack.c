/*
 * libFuzzer target for the content loader: the input is split at the first
 * NUL byte into a course.yaml and one lesson file.  Each part goes through
 * the YAML model directly (with small limits, so deep and wide inputs hit
 * them), the lesson's front matter and every interactive block kind, and
 * then both are written to a scratch course folder and loaded as a course
 * with pack_load_course.  Nothing may crash, leak or hang; every failure
 * must come back as at least one error diagnostic.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/course.h"
#include "md/md.h"
#include "pack/pack.h"
#include "pack/yml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];

static void
put_file(const char *name, const char *p, size_t n)
{
	char path[128];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		abort();
	if (n && write(fd, p, n) != (ssize_t)n)
		abort();
	close(fd);
}

static void
check(struct diags *d, bool ok)
{
	if (!ok && d->nerrors == 0)
		abort(); /* a failure without a reason */
	diag_free(d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const kinds[] = {"tend-prompt", "tend-worksheet",
	                                    "tend-assess", "tend-plan"};
	const char *p = (const char *)data, *nul;
	size_t n1, n2;
	struct yml_limits lim = {0, 500, 8};
	struct diags d = DIAGS_INIT;
	struct yml_doc *doc;
	struct course *c;
	struct md_lesson ls;

	if (size > 65536)
		return 0;
	if (!dir[0]) {
		strcpy(dir, "/tmp/fuzz_pack.XXXXXX");
		if (!mkdtemp(dir))
			abort();
	}
	nul = memchr(p, '\0', size);
	n1 = nul ? (size_t)(nul - p) : size;
	n2 = nul ? size - n1 - 1 : 0;

	doc = yml_parse(p, n1, "course.yaml", 1, &lim, &d);
	check(&d, doc != NULL);
	yml_free(doc);

	if (nul) {
		const char *lesson = nul + 1;

		md_lesson_scan(lesson, n2, &ls);
		if (ls.fm) {
			doc = yml_parse(ls.fm, ls.fm_len, "l.md", 2, NULL, &d);
			check(&d, doc != NULL);
			yml_free(doc);
		}
		md_lesson_clear(&ls);
		for (size_t k = 0; k < 4; k++) {
			struct course_part part;
			int r = pack_parse_block(kinds[k], lesson, n2, "l.md",
			                         3, &part, &d);

			check(&d, r == 0);
			if (r == 0)
				pack_part_clear(&part);
		}
	}

	put_file("course.yaml", p, n1);
	put_file("01-a.md", nul ? nul + 1 : "", n2);
	c = pack_load_course(dir, NULL, &d);
	check(&d, c != NULL);
	course_free(c);
	return 0;
}
