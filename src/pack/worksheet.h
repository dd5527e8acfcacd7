/*
 * Loading worksheet definitions (data/worksheets/<id>.yaml) into core
 * sheet structs, with compiler-style diagnostics.  The format is in
 * docs/pack-format.md and tend-content(5).  Every label and help text is
 * sanitised on load, so nothing from a pack can reach the terminal as a
 * control sequence.
 */
#ifndef TEND_PACK_WORKSHEET_H
#define TEND_PACK_WORKSHEET_H

#include "core/sheet.h"
#include "util/diag.h"

/*
 * Loads and checks one worksheet file.  Returns the definition (free with
 * sheet_free), or NULL after adding at least one error to d.  Warnings
 * (unknown keys, a file name that does not match the id) do not stop the
 * load.
 */
struct sheet *pack_load_worksheet(const char *path, struct diags *d);

/*
 * Loads every *.yaml file in dir (in name order) into set, which the
 * caller initialised with SHEET_SET_INIT and frees with sheet_set_free.
 * Files with errors are left out; a second file with an id already loaded
 * is an error.  Returns the number of files that failed (0 when all
 * loaded), or -1 after adding an error when dir cannot be read.
 */
int
pack_load_worksheets(const char *dir, struct sheet_set *set, struct diags *d);

/*
 * The worksheets tend offers: worksheets/ in each of path_data_dirs(), a
 * clinic's or a pack's file replacing the bundled one of the same id.
 * Loads into set as pack_load_worksheets does; returns the number of files
 * that failed.
 */
int pack_load_installed_worksheets(struct sheet_set *set, struct diags *d);

#endif
