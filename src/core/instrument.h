/*
 * Questionnaires as data: the definition of an instrument (items, options
 * and their scored values, severity bands, caseness and reliable-change
 * thresholds, critical items, licence text) and its scoring.  Nothing here
 * knows a particular questionnaire: every number comes from the definition,
 * which pack/instrument.c loads from data/instruments/<id>.yaml.
 *
 * The definition is a plain struct on purpose: pack/ fills it, ui/ and cli/
 * show it, and it is read-only once inst_validate() has accepted it.  All
 * strings and arrays are owned by the instrument and freed by inst_free().
 */
#ifndef TEND_CORE_INSTRUMENT_H
#define TEND_CORE_INSTRUMENT_H

#include <stdbool.h>
#include <stddef.h>

/* The highest number of items and of options per item we accept. */
#define INST_MAX_ITEMS 100
#define INST_MAX_OPTIONS 10

struct inst_option {
	int key; /* what the person types (0-9), as printed on paper */
	int value; /* what it adds to the total */
	char *label; /* may be NULL: the key alone is shown (PSWQ 2-4) */
};

struct inst_item {
	char *text;
	char *loinc; /* may be NULL */
	struct inst_option *opts;
	size_t nopts;
	bool scored; /* counts toward the total (scoring.items) */
	bool critical; /* a risk item: see critical_at */
	int critical_at; /* a value >= this opens the safety screen */
	int line; /* where it was defined, for diagnostics; 0 if unknown */
};

struct inst_band {
	int min, max; /* inclusive */
	char *id;
	char *label;
	bool severe; /* entering it pauses the course (docs/clinical.md 4.3) */
	int line;
};

enum inst_direction { INST_LOWER_BETTER, INST_HIGHER_BETTER };

/*
 * What a total means for the person and what to do next, shown after the
 * score ("advice" in the file).  Ranges do not overlap; a total may have
 * none.  text may hold several paragraphs separated by "\n": a safety
 * point comes first (docs/clinical.md 2.7).
 */
struct inst_advice {
	int min, max; /* inclusive */
	char *text;
	int line;
};

struct instrument;

/* A version of the questionnaire for some countries ("variants"). */
struct inst_variant {
	char **countries; /* two upper-case letters each */
	size_t ncountries;
	struct instrument *in; /* the whole definition, as for them */
};

struct instrument {
	char *id;
	char *title;
	char *short_name; /* "PHQ-9" */
	char *measures; /* may be NULL */
	char *loinc; /* the panel; may be NULL */
	char *loinc_total; /* the total score; may be NULL */
	char *recall; /* "the last 2 weeks"; NULL for trait measures */
	char *window; /* the stem shown above every item; may be NULL */
	char *instructions; /* shown once before the first item; may be NULL */
	char *licence;
	char *attribution;
	char *paired_with; /* NHS Talking Therapies partner (phq9 <-> gad7) */

	struct inst_item *items;
	size_t nitems;
	struct inst_item *extra; /* unscored question after the items; NULL */

	int min, max; /* possible totals */
	struct inst_band *bands; /* sorted by min; may be empty */
	size_t nbands;
	bool has_caseness;
	int caseness; /* a total >= this is above the clinical cut-off */
	bool has_reliable_change;
	int reliable_change; /* a change of at least this many points */
	enum inst_direction direction;
	struct inst_advice *advice; /* sorted by min; may be empty */
	size_t nadvice;
	/* A screening question: the result names its band, not a total, and
	 * is not compared with earlier ones ("show_total: false"). */
	bool hide_total;
	struct inst_variant *variants; /* versions for some countries */
	size_t nvariants;
	char *file; /* the file it came from; may be NULL */
	int line;
};

/* An empty definition (all zero); free with inst_free. */
struct instrument *inst_new(void);
void inst_free(struct instrument *in);

/*
 * Checks that a definition is usable and reports each problem through
 * report(arg, line, message) (line: the item's or band's, else the
 * instrument's): at least one item; every item has 1..INST_MAX_OPTIONS
 * options with distinct keys 0-9; min and max equal the lowest and highest
 * possible totals; the bands, if any, cover every possible total exactly
 * once; caseness and reliable-change thresholds are within range; a
 * critical item's threshold can be reached; advice ranges lie within the
 * possible totals and do not overlap; a questionnaire that hides its
 * total has bands.  Variants are not checked here (each is an instrument
 * of its own: validate it too).  Returns the number of problems (0:
 * valid).
 */
size_t
inst_validate(const struct instrument *in,
              void (*report)(void *arg, int line, const char *msg), void *arg);

/*
 * The version of in for country (two letters, either case; NULL or ""
 * for none): the first variant that lists it, else in itself.  Borrowed
 * from in.
 */
const struct instrument *
inst_for_country(const struct instrument *in, const char *country);

/* The advice for total, or NULL. */
const struct inst_advice *
inst_advice_for(const struct instrument *in, int total);

/* The option of item with the given key, or NULL. */
const struct inst_option *
inst_option_by_key(const struct inst_item *item, int key);

/* The band holding total, or NULL (no bands, or total out of range). */
const struct inst_band *inst_band_for(const struct instrument *in, int total);

/* True when the instrument has a cut-off and total is at or above it. */
bool inst_is_case(const struct instrument *in, int total);

/* True when value on a critical item calls for the safety screen. */
bool inst_item_is_critical(const struct inst_item *item, int value);

struct inst_result {
	int total;
	const struct inst_band *band; /* NULL when the instrument has none */
	bool is_case;
	size_t ncritical; /* critical items at or above their threshold */
	int first_critical; /* 0-based item index, or -1 */
	int bad_item; /* on error: the first item whose key is invalid */
};

/*
 * Scores one administration.  keys[i] is the key chosen for item i; n must
 * equal in->nitems (no item may be missing).  Returns 0 and fills *res, or
 * -1 when n is wrong (bad_item = -1) or a key is not an option of its item
 * (bad_item = that item).
 */
int inst_score(const struct instrument *in, const int *keys, size_t n,
               struct inst_result *res);

#endif
