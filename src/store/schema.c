/*
 * The vault's database schema and its migrations.  PRAGMA user_version is
 * the number of migrations applied; each migration runs in its own
 * transaction, so a failure leaves the database at the previous version.
 * Later work appends migrations to the table below; a migration that has
 * shipped is never edited.
 *
 * Conventions (see store/db.h): times are INTEGER seconds since the epoch;
 * ids from content packs (course, lesson, worksheet, instrument, field,
 * prompt, item) are TEXT as written in the pack; "deleted_at" marks a soft
 * delete that the person can undo until the next purge.
 */
#include "store/db.h"

#include <sqlite3.h>
#include <stddef.h>
#include <stdio.h>

/*
 * Migration 1: the first schema, designed for the whole product.
 *
 * settings          key/value preferences kept secret (reminder wording,
 *                   chosen course, safety-plan consent, ...)
 * course            one row per course the person started
 * lesson_progress   per lesson: when unlocked, opened, finished, where the
 *                   reader was
 * prompt_answers    free-text answers to tend-prompt blocks in lessons
 * entries           worksheet entries (homework and free use), with
 * entry_fields        their field values; a list field has rows 0, 1, ...
 * assessments       a completed (or paper-entered) questionnaire, scored,
 * assessment_items    with its item responses
 * flags             safety and progress flags raised from assessments
 * plans             practice planned with tend-plan blocks
 * practice          a planned (or unplanned) practice done
 * reminders         reminder preferences per kind (the plaintext schedule
 *                   file is derived from these)
 * events            an activity log: what happened when, never user text
 */
static const char migration1[] =
        "CREATE TABLE settings("
        "  key TEXT PRIMARY KEY,"
        "  value TEXT NOT NULL"
        ");"
        "CREATE TABLE course("
        "  id TEXT PRIMARY KEY," /* course id from course.yaml */
        "  started_at INTEGER NOT NULL,"
        "  finished_at INTEGER,"
        "  current_lesson TEXT,"
        "  pack_version TEXT," /* version of the pack when started */
        "  onboarded_at INTEGER," /* intro, suitability, crisis read */
        "  paused_at INTEGER," /* progression paused by a flag */
        "  pause_flag INTEGER REFERENCES flags(id) ON DELETE SET NULL"
        ");"
        "CREATE TABLE lesson_progress("
        "  course TEXT NOT NULL REFERENCES course(id) ON DELETE CASCADE,"
        "  lesson TEXT NOT NULL,"
        "  unlocked_at INTEGER,"
        "  opened_at INTEGER," /* first opened */
        "  last_opened_at INTEGER,"
        "  completed_at INTEGER,"
        "  read_pos INTEGER NOT NULL DEFAULT 0," /* reader position */
        "  read_max INTEGER NOT NULL DEFAULT 0," /* furthest position */
        "  PRIMARY KEY(course, lesson)"
        ");"
        "CREATE TABLE prompt_answers("
        "  course TEXT NOT NULL,"
        "  lesson TEXT NOT NULL,"
        "  prompt_id TEXT NOT NULL,"
        "  text TEXT NOT NULL,"
        "  created_at INTEGER NOT NULL,"
        "  updated_at INTEGER NOT NULL,"
        "  PRIMARY KEY(course, lesson, prompt_id)"
        ");"
        "CREATE TABLE entries("
        "  id INTEGER PRIMARY KEY,"
        "  worksheet TEXT NOT NULL,"
        "  course TEXT," /* homework context; NULL for free use */
        "  lesson TEXT,"
        "  created_at INTEGER NOT NULL,"
        "  updated_at INTEGER NOT NULL,"
        "  completed_at INTEGER," /* all required fields filled */
        "  deleted_at INTEGER"
        ");"
        "CREATE INDEX entries_by_sheet ON entries(worksheet, created_at);"
        "CREATE INDEX entries_by_lesson ON entries(course, lesson);"
        "CREATE TABLE entry_fields("
        "  entry_id INTEGER NOT NULL REFERENCES entries(id)"
        "    ON DELETE CASCADE,"
        "  field TEXT NOT NULL,"
        "  row INTEGER NOT NULL DEFAULT 0,"
        "  value TEXT NOT NULL,"
        "  PRIMARY KEY(entry_id, field, row)"
        ");"
        "CREATE TABLE assessments("
        "  id INTEGER PRIMARY KEY,"
        "  instrument TEXT NOT NULL,"
        "  taken_at INTEGER NOT NULL,"
        "  total INTEGER," /* NULL when too many items were skipped */
        "  band TEXT," /* band id from the instrument file */
        "  source TEXT NOT NULL DEFAULT 'self'," /* self | paper | cli */
        "  course TEXT,"
        "  due_key TEXT" /* which scheduled check-in it answered */
        ");"
        "CREATE INDEX assessments_by_instrument"
        "  ON assessments(instrument, taken_at);"
        "CREATE TABLE assessment_items("
        "  assessment_id INTEGER NOT NULL REFERENCES assessments(id)"
        "    ON DELETE CASCADE,"
        "  item TEXT NOT NULL,"
        "  value INTEGER," /* NULL: skipped */
        "  PRIMARY KEY(assessment_id, item)"
        ");"
        "CREATE TABLE flags("
        "  id INTEGER PRIMARY KEY,"
        "  kind TEXT NOT NULL," /* critical_item | deterioration | severe */
        "  raised_at INTEGER NOT NULL,"
        "  assessment_id INTEGER REFERENCES assessments(id)"
        "    ON DELETE SET NULL,"
        "  resolved_at INTEGER,"
        "  override_at INTEGER," /* the person chose to continue */
        "  note TEXT"
        ");"
        "CREATE INDEX flags_open ON flags(kind, resolved_at);"
        "CREATE TABLE plans("
        "  id INTEGER PRIMARY KEY,"
        "  course TEXT,"
        "  lesson TEXT,"
        "  plan_key TEXT," /* id of the tend-plan block */
        "  what TEXT NOT NULL," /* the person's own words */
        "  days INTEGER NOT NULL DEFAULT 127," /* bit 0 = Monday */
        "  minute INTEGER," /* local minute of the day, NULL: any time */
        "  starts_on INTEGER," /* local day number (clock_local_day) */
        "  ends_on INTEGER,"
        "  created_at INTEGER NOT NULL,"
        "  updated_at INTEGER NOT NULL,"
        "  deleted_at INTEGER"
        ");"
        "CREATE TABLE practice("
        "  id INTEGER PRIMARY KEY,"
        "  plan_id INTEGER REFERENCES plans(id) ON DELETE SET NULL,"
        "  done_at INTEGER NOT NULL,"
        "  entry_id INTEGER REFERENCES entries(id) ON DELETE SET NULL,"
        "  note TEXT"
        ");"
        "CREATE INDEX practice_by_time ON practice(done_at);"
        "CREATE TABLE reminders("
        "  kind TEXT PRIMARY KEY," /* practice | lesson | checkin */
        "  enabled INTEGER NOT NULL DEFAULT 1,"
        "  minute INTEGER," /* preferred local minute of the day */
        "  snoozed_until INTEGER,"
        "  paused_until INTEGER,"
        "  updated_at INTEGER NOT NULL"
        ");"
        "CREATE TABLE events("
        "  id INTEGER PRIMARY KEY,"
        "  at INTEGER NOT NULL,"
        "  kind TEXT NOT NULL,"
        "  ref TEXT"
        ");"
        "CREATE INDEX events_by_kind ON events(kind, at);";

/*
 * Migration 2 (course engine): when the reader reached the end of a lesson,
 * one of the conditions for completing it (read_max is a position and
 * cannot say "the end" once the layout width changes).
 */
static const char migration2[] =
        "ALTER TABLE lesson_progress ADD COLUMN read_end_at INTEGER;";

/*
 * Migration 3 (guidance by file, store/guidedb.h): the person's link to a
 * helper and the messages taken in from them.
 *
 * guide_links      one row per link ever made; the open one has
 *                  unlinked_at NULL.  The helper's public keys and the
 *                  seed of the person's own key pairs for this link (hex),
 *                  the pseudonym the helper sees, which kinds of answer
 *                  text are shared, the weekday of the summary, and the
 *                  sequence numbers each way (replays are refused)
 * guide_messages   replies taken in, with the helper's date and ours
 */
static const char migration3[] =
        "CREATE TABLE guide_links("
        "  id INTEGER PRIMARY KEY,"
        "  helper_sign TEXT NOT NULL,"
        "  helper_box TEXT NOT NULL,"
        "  own_seed TEXT NOT NULL,"
        "  pseudonym TEXT NOT NULL,"
        "  share TEXT NOT NULL DEFAULT '',"
        "  weekday INTEGER," /* 0 = Monday; NULL: on demand only */
        "  linked_at INTEGER NOT NULL,"
        "  unlinked_at INTEGER,"
        "  out_seq INTEGER NOT NULL DEFAULT 0," /* last summary sent */
        "  in_seq INTEGER NOT NULL DEFAULT 0," /* last reply taken */
        "  last_summary_at INTEGER"
        ");"
        "CREATE TABLE guide_messages("
        "  id INTEGER PRIMARY KEY,"
        "  link_id INTEGER NOT NULL REFERENCES guide_links(id),"
        "  seq INTEGER NOT NULL,"
        "  sent_at INTEGER NOT NULL," /* the helper's clock */
        "  received_at INTEGER NOT NULL,"
        "  body TEXT NOT NULL," /* Markdown */
        "  read_at INTEGER"
        ");";

/*
 * Migration 4 (flexible progression, store/progress.h): homework the
 * person chose to skip, with their reason and the date.  lesson is the
 * lesson the homework stands before (its unlock rule names the
 * worksheet).
 */
static const char migration4[] = "CREATE TABLE homework_skips("
                                 "  id INTEGER PRIMARY KEY,"
                                 "  course TEXT NOT NULL,"
                                 "  lesson TEXT NOT NULL,"
                                 "  worksheet TEXT NOT NULL,"
                                 "  reason TEXT NOT NULL,"
                                 "  at INTEGER NOT NULL"
                                 ");";

/*
 * Migration 5 (guidance by file): the conventions store/merge.c reads
 * from the schema.  A link and a message are identified by their id and
 * creation time (created_at), and a link's sequence numbers, which refuse
 * replayed replies, are taken from the side that changed them last
 * (updated_at) when a conflict copy is merged.
 */
static const char migration5[] =
        "ALTER TABLE guide_links RENAME COLUMN linked_at TO created_at;"
        "ALTER TABLE guide_links ADD COLUMN updated_at INTEGER;"
        "UPDATE guide_links SET updated_at = created_at;"
        "ALTER TABLE guide_messages RENAME COLUMN received_at TO created_at;";

/*
 * Migration 6 (a daily mood rating, store/mood.h): one row per local day,
 * 0-10, with an optional note in the person's own words.  The key is the
 * day itself, declared INT and not INTEGER so that store/merge.c takes it
 * as a key and not as an id it may renumber: two copies that both rated
 * a day keep the rating changed last (updated_at), never two rows.
 */
static const char migration6[] =
        "CREATE TABLE mood("
        "  day INT PRIMARY KEY NOT NULL," /* clock_local_day */
        "  rating INTEGER NOT NULL CHECK(rating BETWEEN 0 AND 10),"
        "  note TEXT,"
        "  updated_at INTEGER NOT NULL"
        ");";

/*
 * Migration 7 (saves that cost what changed): an index for the homework
 * counts the unlock rules make after every save (progress_count_entries:
 * finished, live entries of a worksheet within a span of time), so that
 * each count reads one short range of it instead of every entry.  Partial:
 * only entries that count are in it.  A query uses it only when it repeats
 * the two conditions word for word.
 */
static const char migration7[] =
        "CREATE INDEX entries_done ON entries(worksheet, completed_at)"
        "  WHERE completed_at IS NOT NULL AND deleted_at IS NULL;";

/*
 * Migration 8 (saves that cost what changed): an index of the answers
 * that are dates or date-times ("YYYY-MM-DD", "YYYY-MM-DD HH:MM") outside
 * any row, by field and value, for the planned times the reminder
 * schedule reads after every save (entries_dated): only the plans within
 * its window are read, not every plan with its answers.  Partial, so
 * free text is not copied into it; a query uses it only when it repeats
 * the row and GLOB conditions word for word.
 */
static const char migration8[] =
        "CREATE INDEX entry_fields_dates ON entry_fields(field, value)"
        "  WHERE row = 0 AND"
        "  value GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*';";

/*
 * Migration 9 (a vault that stays instant): an index of live entries by
 * when they changed, for the newest few the home screen shows at every
 * opening (entries_recent), which read and sorted every entry without
 * it.  Partial, like the query's condition, word for word.
 */
static const char migration9[] =
        "CREATE INDEX entries_recent ON entries(updated_at, id)"
        "  WHERE deleted_at IS NULL;";

/* Append new migrations here; never edit one that has shipped. */
static const char *const migrations[] = {
        migration1, migration2, migration3, migration4, migration5,
        migration6, migration7, migration8, migration9,
};

#define NMIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

int
schema_latest(void)
{
	return NMIGRATIONS;
}

static int
user_version(sqlite3 *db, int *out)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) !=
	    SQLITE_OK)
		goto out;
	if (sqlite3_step(st) != SQLITE_ROW)
		goto out;
	*out = sqlite3_column_int(st, 0);
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

enum vault_err
schema_migrate(sqlite3 *db)
{
	int have;

	if (user_version(db, &have) < 0)
		return VAULT_ERR_SQL;
	if (have > NMIGRATIONS)
		return VAULT_ERR_VERSION;
	if (have < 0)
		return VAULT_ERR_DAMAGED;
	for (int i = have; i < NMIGRATIONS; i++) {
		char pragma[48];

		if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
		    SQLITE_OK)
			return VAULT_ERR_SQL;
		/* user_version cannot be a bound parameter. */
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version=%d",
		         i + 1);
		if (sqlite3_exec(db, migrations[i], NULL, NULL, NULL) !=
		            SQLITE_OK ||
		    sqlite3_exec(db, pragma, NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			return VAULT_ERR_SQL;
		}
	}
	return VAULT_OK;
}
