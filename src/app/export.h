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

/*
 * export_render with the names of the installed instruments and the
 * session's worksheets (app_sheets), for `tend export`.  Returns 0, or -1
 * when the vault could not be read.  out holds plaintext: wipe it.
 */
int export_session(struct session *s, enum export_format f, time_t now,
                   struct buf *out);

/* --- Sealed exports (--to): only the holder of the secret key opens one */

/* Length of a public or secret key, in bytes (64 hex digits in a file). */
#define EXPORT_KEY_BYTES 32

/*
 * Seals data[0..len) to the public key pk (an anonymous sealed box) and
 * appends the result, prefixed by the line "tend-sealed-export 1\n", to
 * out.  Returns 0 or -1.
 */
int export_seal(const unsigned char pk[EXPORT_KEY_BYTES], const void *data,
                size_t len, struct buf *out);
/*
 * Opens what export_seal made, with the secret key sk.  Appends the
 * plaintext to out (wipe it).  Returns 0, or -1 when the data is not a
 * sealed export or sk does not match.
 */
int export_unseal(const unsigned char sk[EXPORT_KEY_BYTES], const void *data,
                  size_t len, struct buf *out);
/* A fresh key pair.  Returns 0 or -1; the caller wipes sk. */
int export_keypair(unsigned char pk[EXPORT_KEY_BYTES],
                   unsigned char sk[EXPORT_KEY_BYTES]);

#endif
