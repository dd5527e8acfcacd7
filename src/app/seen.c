/*
 * The generations file (see app/seen.h), read with the one safe reader and
 * replaced atomically.
 */
#include "app/seen.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/atomic.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/path.h"
#include "util/xalloc.h"

#define SEEN_FILE "generations"
#define SEEN_MAX 65536

void
seen_hex(const uint8_t id[16], char hex[33])
{
	for (int i = 0; i < 16; i++)
		snprintf(hex + 2 * i, 3, "%02x", id[i]);
}

static char *
seen_path(void)
{
	return path_state_dir() ? path_join(path_state_dir(), SEEN_FILE) : NULL;
}

/* The file's text ("" when missing) in *text; -1 on a read error. */
static int
load(char **text)
{
	char *path = seen_path();
	size_t len;
	int rc = 0;

	*text = NULL;
	if (!path)
		return 0;
	if (file_read(path, SEEN_MAX, FILE_NOFOLLOW, text, &len) < 0) {
		if (errno != ENOENT)
			rc = -1;
		*text = NULL;
	}
	free(path);
	return rc;
}

/* Finds hex's line in text: its generation, and where the line starts
 * and ends.  1 found, 0 not. */
static int
find(const char *text, const char *hex, uint64_t *gen, const char **from,
     const char **to)
{
	const char *p = text;

	while (p && *p) {
		const char *nl = strchr(p, '\n');
		const char *end = nl ? nl + 1 : p + strlen(p);
		unsigned long long g;

		if (strncmp(p, hex, 32) == 0 && p[32] == ' ' &&
		    sscanf(p + 33, "%llu", &g) == 1) {
			*gen = g;
			*from = p;
			*to = end;
			return 1;
		}
		p = end;
	}
	return 0;
}

int
seen_get(const char *hex, uint64_t *gen)
{
	char *text;
	const char *a, *b;
	int found;

	*gen = 0;
	if (load(&text) < 0)
		return -1;
	found = text ? find(text, hex, gen, &a, &b) : 0;
	free(text);
	return found;
}

int
seen_put(const char *hex, uint64_t gen, bool reset)
{
	char *text, *path;
	const char *a = NULL, *b = NULL;
	uint64_t old = 0;
	struct buf out = BUF_INIT;
	int rc;

	if (load(&text) < 0)
		return -1;
	if (text && find(text, hex, &old, &a, &b) && !reset && old >= gen) {
		free(text);
		return 0;
	}
	if (text && a) {
		buf_add(&out, text, (size_t)(a - text));
		buf_adds(&out, b);
	} else if (text) {
		buf_adds(&out, text);
	}
	buf_printf(&out, "%s %" PRIu64 "\n", hex, gen);
	free(text);
	path = seen_path();
	if (!path || path_mkdirs(path_state_dir(), 0700) < 0) {
		free(path);
		buf_free(&out);
		return -1;
	}
	rc = atomic_write(path, out.data, out.len, 0600);
	free(path);
	buf_free(&out);
	return rc;
}
