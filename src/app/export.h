/*
 * `tend export`: everything the person made, in a form they (or a
 * clinician they choose to share with) can read or import.
 *
 *   md    a report a clinician can use, in Markdown: labels, not ids;
 *         scores with change and recovery; risk answers, pauses and
 *         overrides with their dates; every check-in's answers; lessons,
 *         answers in lessons and worksheet entries
 *   html  the same report as one self-contained HTML page (no scripts, no
 *         links out) that prints on A4 and reads on a phone
 *   csv   one row per value, long format (RFC 4180, CRLF; cells that a
 *         spreadsheet would run as a formula are prefixed with ')
 *   json  every exported table, lossless (integers as numbers)
 *   fhir  a FHIR R4 collection Bundle: a pseudonymous Patient, and per
 *         check-in a QuestionnaireResponse (with its questionnaire's
 *         canonical URL) and a survey Observation of the total
 *         (LOINC-coded where the instrument has codes); every bundle and
 *         resource has a fresh random UUID
 */
#ifndef TEND_APP_EXPORT_H
#define TEND_APP_EXPORT_H

#include <stdio.h>
#include <time.h>

#include "app/session.h"
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
 * Writes the export of the session's vault in format f to out, stamped
 * with now.  JSON, CSV and FHIR are written as they are read, one row at a
 * time, so memory does not grow with the vault; the Markdown and HTML
 * reports are built from the labelled report model (app/report.h) first.
 * Returns 0, -1 when the vault could not be read, or -2 when writing to
 * out failed (errno says why).  What is written is plaintext.
 */
int
export_write(struct session *s, enum export_format f, time_t now, FILE *out);

/*
 * The same into out (appended), for a sealed export and for tests.
 * Returns as export_write.  out holds plaintext: wipe it (buf_wipe).
 */
int export_render(struct session *s, enum export_format f, time_t now,
                  struct buf *out);

/* Local time as ISO 8601 with the UTC offset: 2026-11-22T09:30:00+00:00. */
void export_iso_time(time_t t, struct buf *out);

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
