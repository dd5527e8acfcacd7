/*
 * A small, strict YAML document model over libyaml: the one place in tend
 * that parses YAML.  Every content loader (course, lessons' front matter and
 * interactive blocks, instruments, worksheets, crisis files) reads its file
 * into a yml_doc, walks the tree and pulls typed values out with the getters
 * below, which add "file:line: error: ..." diagnostics to a struct diags when
 * a value is missing or has the wrong type.
 *
 * What the parser accepts is deliberately smaller than YAML: one document;
 * mappings, sequences and scalars only; scalar keys; no anchors, aliases or
 * tags (an alias bomb therefore cannot expand); no duplicate keys; no NUL in
 * a scalar.  The input must be valid UTF-8.  Size, nesting depth and node
 * count are capped (struct yml_limits), so a hostile pack costs at most a
 * bounded amount of memory and time and never crashes the program.
 *
 * Ownership: a yml_doc owns every node and string in it.  Node and string
 * pointers stay valid until yml_free() of their document.  Nodes are
 * read-only.  Functions that take a node accept NULL where it says so, which
 * lets callers chain lookups without checking every step.
 *
 * Scalars keep their text and whether they were quoted: only a plain
 * (unquoted) scalar can be null ("", "~", "null"), a boolean or a number, so
 * `version: "1"` is a string and `title: 1` can still be read as a string.
 */
#ifndef TEND_PACK_YML_H
#define TEND_PACK_YML_H

#include <stdbool.h>
#include <stddef.h>

#include "util/diag.h"

struct yml_doc;
struct yml_node;

enum yml_kind { YML_SCALAR, YML_SEQ, YML_MAP };

/* Hard limits on one parse.  Zero fields take the defaults. */
struct yml_limits {
	size_t max_bytes; /* input size [YML_MAX_BYTES] */
	size_t max_nodes; /* scalars + sequences + mappings [YML_MAX_NODES] */
	int max_depth; /* nesting of sequences and mappings [YML_MAX_DEPTH] */
};

#define YML_MAX_BYTES ((size_t)1 << 20) /* 1 MiB */
#define YML_MAX_NODES ((size_t)100000)
#define YML_MAX_DEPTH 32

/* Whether a key is required (missing -> error) or optional. */
enum yml_need { YML_OPTIONAL, YML_REQUIRED };

/*
 * Parses buf[0..len) as one YAML document.  file names the source in
 * diagnostics (copied; may be NULL); first_line is the line number in that
 * file of the buffer's first line (1 for a whole file; more for front matter
 * or a fenced block inside a lesson), so every node's line is a line of the
 * real file.  lim may be NULL for the defaults.
 *
 * Returns a new document (free with yml_free), or NULL after adding at least
 * one error to d.  An empty document (nothing but comments or blanks) is not
 * an error: its root is NULL.
 */
struct yml_doc *
yml_parse(const char *buf, size_t len, const char *file, int first_line,
          const struct yml_limits *lim, struct diags *d);

/*
 * A pack's file is what it says: true when path resolves inside the folder
 * that holds it (a link to a file elsewhere, such as one of the person's
 * own files, is refused), or when it cannot be resolved (missing: the
 * reader says so).  False after an error naming display_name (or path) in
 * d.
 */
bool
yml_file_inside(const char *path, const char *display_name, struct diags *d);

/*
 * Reads and parses the file at path (a regular file of at most
 * lim->max_bytes, inside its folder as yml_file_inside checks).
 * Diagnostics name the file as display_name, or as path when display_name
 * is NULL.  Returns NULL after adding an error to d (missing, unreadable,
 * outside its folder, too big, bad YAML).
 */
struct yml_doc *yml_load_file(const char *path, const char *display_name,
                              const struct yml_limits *lim, struct diags *d);

/* Frees the document and every node in it.  NULL is fine. */
void yml_free(struct yml_doc *doc);

/* Calls each(path, arg) for every NAME.yaml in dir, in name order: the
 * one walk over a folder of YAML files (instruments, worksheets, crisis
 * contacts).  -1 with errno set when dir cannot be read. */
int yml_each_file(const char *dir, void (*each)(const char *path, void *arg),
                  void *arg);

/* The top node, or NULL for an empty document or doc == NULL. */
const struct yml_node *yml_root(const struct yml_doc *doc);
/*
 * The top node when it is a mapping.  Otherwise adds an error ("expected a
 * mapping of keys to values" or "the file is empty") naming what (e.g.
 * "course.yaml") and returns NULL.
 */
const struct yml_node *
yml_root_map(const struct yml_doc *doc, const char *what, struct diags *d);
/* The file name given at parse time (borrowed; may be NULL). */
const char *yml_doc_file(const struct yml_doc *doc);

/* --- Nodes ------------------------------------------------------------ */

enum yml_kind yml_kind(const struct yml_node *n);
/* Line in the source file (see first_line above); 0 for NULL. */
int yml_line(const struct yml_node *n);
/* The source file name of the node's document (borrowed; may be NULL). */
const char *yml_file(const struct yml_node *n);
/* Number of items of a sequence or pairs of a mapping; 0 otherwise/NULL. */
size_t yml_len(const struct yml_node *n);
/* Item i of a sequence (NULL when out of range or not a sequence). */
const struct yml_node *yml_item(const struct yml_node *seq, size_t i);
/* Key i of a mapping, its line, and its value (NULL when out of range). */
const char *yml_key(const struct yml_node *map, size_t i);
int yml_key_line(const struct yml_node *map, size_t i);
const struct yml_node *yml_value(const struct yml_node *map, size_t i);
/* The value for key in a mapping, or NULL (absent, or map not a mapping). */
const struct yml_node *yml_get(const struct yml_node *map, const char *key);

/* A scalar's text (never NULL for a scalar; "" for null), else NULL. */
const char *yml_text(const struct yml_node *n);
/* True for a scalar that was quoted ('x' or "x") or a block scalar. */
bool yml_quoted(const struct yml_node *n);
/* True for NULL, and for a plain scalar "", "~", "null", "Null", "NULL". */
bool yml_is_null(const struct yml_node *n);

/* --- Diagnostics at a node ------------------------------------------- */

/* Adds an error / warning at the node's file and line (n may be NULL). */
void yml_error(struct diags *d, const struct yml_node *n, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
void yml_warning(struct diags *d, const struct yml_node *n, const char *fmt,
                 ...) __attribute__((format(printf, 3, 4)));

/*
 * Warns about every key of map that is not in the NULL-terminated list
 * allowed ("unknown key 'tittle' in lesson front matter"), which catches
 * typos that would otherwise be silently ignored.  where names the context.
 * Returns the number of unknown keys.
 */
size_t yml_check_keys(const struct yml_node *map, const char *const *allowed,
                      const char *where, struct diags *d);

/* --- Typed values of a node ------------------------------------------ */
/*
 * Each returns 0 and sets *out on success, or -1 after adding an error at
 * the node that names it as what ("'minutes'", "item 3").  Borrowed strings
 * live as long as the document.
 */

/* Any non-null scalar (a number is fine: `title: 1984` reads "1984"). */
int yml_as_str(const struct yml_node *n, const char *what, const char **out,
               struct diags *d);
/* A plain decimal integer in [min, max]. */
int yml_as_int(const struct yml_node *n, const char *what, long min, long max,
               long *out, struct diags *d);
/* A plain decimal number (integer or fraction) in [min, max]. */
int yml_as_num(const struct yml_node *n, const char *what, double min,
               double max, double *out, struct diags *d);
/* A plain true / false (yes / no are accepted too). */
int yml_as_bool(const struct yml_node *n, const char *what, bool *out,
                struct diags *d);
/* A scalar equal to one of the NULL-terminated names; *out is its index. */
int yml_as_enum(const struct yml_node *n, const char *what,
                const char *const *names, int *out, struct diags *d);
/* A pack identifier (see yml_is_id). */
int yml_as_id(const struct yml_node *n, const char *what, const char **out,
              struct diags *d);

/* True for 1-40 characters of a-z, 0-9 and '-' (the pack id rule). */
bool yml_is_id(const char *s);

/* --- Typed values by key ---------------------------------------------- */
/*
 * Look key up in map and read it as above.  Return 0 when found and valid,
 * 1 when absent or null and need is YML_OPTIONAL (*out untouched, so set the
 * default first), -1 after adding an error (missing but required, or wrong
 * type).  map may be NULL (then the key is absent).
 */
int yml_map_str(const struct yml_node *map, const char *key, enum yml_need need,
                const char **out, struct diags *d);
/*
 * Text meant for the screen, as yml_map_str, but a fresh copy (free with
 * free()) with whatever a terminal would act on removed (utf8_sanitize:
 * controls, escape sequences and the invisible bidirectional controls), and
 * a warning at the value when something was.  Content is clean from the
 * moment it is loaded, whichever front end shows it.
 */
int yml_map_text(const struct yml_node *map, const char *key,
                 enum yml_need need, char **out, struct diags *d);
/* The same for a scalar already in hand; NULL when n is not a string. */
char *yml_text_clean(const struct yml_node *n, struct diags *d);
int yml_map_int(const struct yml_node *map, const char *key, enum yml_need need,
                long min, long max, long *out, struct diags *d);
int yml_map_num(const struct yml_node *map, const char *key, enum yml_need need,
                double min, double max, double *out, struct diags *d);
int yml_map_bool(const struct yml_node *map, const char *key,
                 enum yml_need need, bool *out, struct diags *d);
int
yml_map_enum(const struct yml_node *map, const char *key, enum yml_need need,
             const char *const *names, int *out, struct diags *d);
int yml_map_id(const struct yml_node *map, const char *key, enum yml_need need,
               const char **out, struct diags *d);
/* The value when it is a sequence / mapping (borrowed node). */
int yml_map_seq(const struct yml_node *map, const char *key, enum yml_need need,
                const struct yml_node **out, struct diags *d);
int yml_map_map(const struct yml_node *map, const char *key, enum yml_need need,
                const struct yml_node **out, struct diags *d);

#endif
