/*
 * Loading questionnaires: data/instruments/<id>.yaml into core instrument
 * definitions (docs/pack-format.md, "Instruments"), with every problem
 * reported as a "file:line: error|warning: message" diagnostic.  A file
 * that loads has passed inst_validate(): every possible total maps to
 * exactly one band, options and values agree with the declared range, and
 * critical items can be triggered.
 *
 * A clinic may add instruments (for example licensed scales for which it
 * holds the text) in /etc/tend/instruments/; a file there replaces the
 * bundled one with the same id.
 */
#ifndef TEND_PACK_INSTRUMENT_H
#define TEND_PACK_INSTRUMENT_H

#include <stddef.h>

#include "core/instrument.h"
#include "util/diag.h"

/*
 * Loads one instrument file.  Returns a new definition (free with
 * inst_free) or NULL after adding at least one error to d.  Warnings (an
 * unknown key, control characters removed from text) may be added either
 * way.  The file name must be the id plus ".yaml".
 */
struct instrument *pack_load_instrument(const char *path, struct diags *d);

/* A set of loaded instruments.  Owns its definitions. */
struct inst_set;

/*
 * Loads every *.yaml in dir (sorted by name).  Files with errors are left
 * out, their diagnostics added to d; a missing folder is an error.  Returns
 * a set (possibly empty; free with inst_set_free), never NULL.
 */
struct inst_set *pack_load_instrument_dir(const char *dir, struct diags *d);

/*
 * The instruments tend offers: instruments/ in each of path_data_dirs()
 * (the bundled ones, replaced by a pack's and then the clinic's of the
 * same id).  Never NULL.
 */
struct inst_set *pack_load_instruments(struct diags *d);

void inst_set_free(struct inst_set *s);
size_t inst_set_count(const struct inst_set *s);
/* Borrowed; lives until inst_set_free. */
const struct instrument *inst_set_at(const struct inst_set *s, size_t i);
const struct instrument *
inst_set_find(const struct inst_set *s, const char *id);

#endif
