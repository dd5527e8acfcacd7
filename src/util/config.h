/*
 * Configuration files: the one reader of "key = value" files
 * (/etc/tend/config, ~/.config/tend/config).  It knows the syntax only;
 * the caller gives the table of keys it knows and judges the values.
 * Every problem is a warning in a struct diags with the file and the line,
 * and the rest of the file still counts: a typo in one line never costs a
 * clinic its other settings.
 *
 * The format, line by line:
 *   # a comment            blank lines and lines starting with '#' are
 *                          skipped
 *   key = value            blanks around the key and the value are dropped
 *   key = "two  words"     double or single quotes keep blanks and '#'
 *   key = value  # note    an unquoted value ends at a '#' after a blank
 *   key: value             the same ("key: value" is read too)
 * Keys are ASCII letters, digits, '_' and '-'.  A value is valid UTF-8
 * without control characters (bidirectional controls included).  A key
 * set twice in one file is warned; both lines are handed over, in order,
 * so that a later bad value leaves the earlier good one standing.
 */
#ifndef TEND_UTIL_CONFIG_H
#define TEND_UTIL_CONFIG_H

#include <stddef.h>

#include "util/diag.h"

/* The largest config file read; a larger one is a warning and ignored. */
#define CONFIG_MAX_BYTES 65536

/* One known key.  Two names with the same id are aliases. */
struct config_key {
	const char *name;
	int id;
};

struct config_item {
	int id; /* the config_key id */
	const char *name; /* the name as written (borrowed from the table) */
	char *value; /* owned: quotes and surrounding blanks removed */
	int line; /* 1-based */
};

struct config_file {
	char *path; /* owned: the name used in messages */
	struct config_item *items; /* in file order */
	size_t n;
};

/*
 * Parses text[0..len) as the file named path (for messages) against the
 * nkeys keys.  Fills *out (free with config_file_free) with the lines that
 * set a known key, in file order; every problem (a line that is not
 * "key = value", an unknown key, an empty or unclosed value, invalid
 * UTF-8, a control character, a key set again) is a warning in d at
 * path:line, and a line with a problem other than the last is left out.
 */
void config_parse(const char *text, size_t len, const char *path,
                  const struct config_key *keys, size_t nkeys,
                  struct config_file *out, struct diags *d);

/*
 * Reads the file at path (through file_read: a regular file of at most
 * CONFIG_MAX_BYTES; links are followed, a FIFO is refused at once) and
 * parses it as above.  Returns 0 when read (*out filled), 1 when the file
 * does not exist (*out empty, no warning), or -1 when it cannot be read
 * (*out empty, a warning in d that says why).
 */
int config_read(const char *path, const struct config_key *keys, size_t nkeys,
                struct config_file *out, struct diags *d);

void config_file_free(struct config_file *f);

#endif
