/*
 * `tend export`: everything the person made, in a form they (or a
 * clinician they choose to share with) can read or import.
 *
 *   md    a readable report in Markdown
 *   html  the same report as one self-contained HTML page (no scripts, no
 *         links out)
 *   csv   one row per value, long format (RFC 4180, CRLF; cells that a
 *         spreadsheet would run as a formula are prefixed with ')
 *   json  every exported table, lossless
 *   fhir  a FHIR R4 Bundle: a QuestionnaireResponse and a total-score
 *         Observation (LOINC-coded where the instrument has codes) per
 *         check-in
 */
#ifndef TEND_APP_EXPORT_H
#define TEND_APP_EXPORT_H

#include <time.h>

#include "app/session.h"
#include "core/sheet.h"
#include "pack/instrument.h"
#include "util/buf.h"

enum export_format {
	EXPORT_MD,
	EXPORT_HTML,
	EXPORT_CSV,
	EXPORT_JSON,
	EXPORT_FHIR
};

/* Parses "md", "html", "csv", "json" or "fhir".  0, or -1 if unknown. */
int export_format_parse(const char *name, enum export_format *out);

/*
 * Appends the export of the session's vault in format f to out.  instruments and sheets give
 * names, labels and codes (either may be NULL: ids are shown instead).  now
 * is the time stamped on the export.  Returns 0, or -1 when the vault could
 * not be read.  out holds plaintext: wipe it (buf_wipe) when done.
 */
int export_render(struct session *s, const struct inst_set *instruments,
                  const struct sheet_set *sheets, enum export_format f,
                  time_t now, struct buf *out);

/* Local time as ISO 8601 with the UTC offset: 2026-11-22T09:30:00+00:00. */
void export_iso_time(time_t t, struct buf *out);

#endif
