/*
 * Tests of the self-assessment use cases (app/assess.c) over a real vault
 * (store/assess.c): answers parsed from text, administrations saved with
 * their items, the critical flag raised at once with the exact response
 * and linked to its administration, the pause rule (deterioration from the
 * baseline, entering a severe band), continuing deliberately, a later
 * score lifting the pause, what is due, and the sentences (the safety
 * text is tested in test_safety.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "app/assess.h"
#include "store/assess.h"
#include "store/db.h"
#include "util/xalloc.h"

static char dir[64];
static struct opts opts = {dir, NULL, -1, false, false, false};
static struct session *s;
static struct vault *v;
static struct inst_set *set;

static int
setup(void **state)
{
	struct diags d = DIAGS_INIT;
	char code[VAULT_CODE_LEN];
	char *msg = NULL;

	strcpy(dir, "/tmp/tend-assess.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	if (session_create(&opts, "pass phrase for tests", VAULT_KDF_TEST, code,
	                   &s, &msg) != EXIT_OK) {
		free(msg);
		return -1;
	}
	v = session_vault(s);
	set = pack_load_instrument_dir("data/instruments", &d);
	diag_free(&d);
	return inst_set_count(set) == 9 ? 0 : -1;
}

static int
teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	int rc;

	session_close(s);
	inst_set_free(set);
	rc = system(cmd);
	free(cmd);
	return rc == 0 ? 0 : -1;
}

static const struct instrument *
inst(const char *id)
{
	const struct instrument *in = inst_set_find(set, id);

	assert_non_null(in);
	return in;
}

static void
test_parse_answers(void **state)
{
	const struct instrument *phq = inst("phq9"), *pswq = inst("pswq");
	int keys[16], extra;
	char *msg;

	assert_int_equal(assess_parse_answers(phq, "1,2,3,0,0,0,0,0,1", keys,
	                                      &extra, &msg),
	                 0);
	assert_int_equal(keys[2], 3);
	assert_int_equal(keys[8], 1);
	assert_int_equal(extra, -1);
	assert_int_equal(assess_parse_answers(phq, " 1 , 2,3,0,0,0,0,0,1, 2",
	                                      keys, &extra, &msg),
	                 0);
	assert_int_equal(extra, 2);
	assert_int_equal(assess_parse_answers(phq, "1,2,3", keys, &extra, &msg),
	                 -1);
	assert_non_null(strstr(msg, "PHQ-9 has 9 items"));
	free(msg);
	assert_int_equal(assess_parse_answers(phq, "1,2,3,0,0,0,0,0,1,2,0",
	                                      keys, &extra, &msg),
	                 -1);
	assert_non_null(strstr(msg, "more answers were given"));
	free(msg);
	assert_int_equal(assess_parse_answers(phq, "1,,3", keys, &extra, &msg),
	                 -1);
	free(msg);
	assert_int_equal(assess_parse_answers(phq, "", keys, &extra, &msg), -1);
	free(msg);
	assert_int_equal(assess_parse_answers(phq, "-1,0,0,0,0,0,0,0,0", keys,
	                                      &extra, &msg),
	                 -1);
	free(msg);
	assert_int_equal(assess_parse_answers(phq, "10,0,0,0,0,0,0,0,0", keys,
	                                      &extra, &msg),
	                 -1);
	free(msg);
	assert_int_equal(assess_parse_answers(phq, "1;2", keys, &extra, &msg),
	                 -1);
	assert_non_null(strstr(msg, "separated by commas"));
	free(msg);
	/* PSWQ keys are ratings 1-5 on every item, reversed or not. */
	assert_int_equal(assess_parse_answers(pswq,
	                                      "1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,0",
	                                      keys, &extra, &msg),
	                 -1);
	assert_non_null(strstr(msg, "item 16: 0 is not one of 1, 2, 3, 4, 5"));
	free(msg);
}

static int
record(const char *id, const char *answers, time_t now,
       struct assess_outcome *o)
{
	const struct instrument *in = inst(id);
	int keys[INST_MAX_ITEMS], extra;
	char *msg = NULL;
	int rc;

	assert_int_equal(assess_parse_answers(in, answers, keys, &extra, &msg),
	                 0);
	rc = assess_record(s, set, in, keys, extra, "cli", 0, now, o, &msg);
	if (rc < 0)
		fprintf(stderr, "%s\n", msg);
	free(msg);
	return rc;
}

#define T0 ((time_t)1793527200) /* 1 November 2026, 10:00 UTC */
#define DAY ((time_t)86400)

static void
test_record_pause_continue(void **state)
{
	struct assess_outcome o;
	struct assess_pause p;
	struct store_score *sc;
	struct store_flag *fl;
	size_t n;
	int keys[9], extra;
	struct buf b = BUF_INIT;

	assert_int_equal(assess_paused(s, &p), 0);
	assert_int_equal(record("phq9", "1,1,1,1,1,0,0,0,0,1", T0, &o), 0);
	assert_true(o.id > 0);
	assert_int_equal(o.res.total, 5);
	assert_false(o.has_baseline);
	assert_int_equal(o.pause, PAUSE_NONE);
	assert_false(o.critical);
	assess_change_text(inst("phq9"), &o, &b);
	assert_string_equal(b.data, "This is your first score: later "
	                            "check-ins will be compared with it.");
	/* The items and the extra answer are kept. */
	assert_int_equal(store_assess_items(v, o.id, keys, 9, &extra), 0);
	assert_int_equal(keys[0], 1);
	assert_int_equal(keys[8], 0);
	assert_int_equal(extra, 1);

	/* 7 points higher: reliable deterioration, paused. */
	assert_int_equal(record("phq9", "2,2,2,2,1,1,1,1,0", T0 + DAY, &o), 0);
	assert_int_equal(o.res.total, 12);
	assert_true(o.has_baseline);
	assert_int_equal(o.baseline, 5);
	assert_int_equal(o.rep.kind_start, CHANGE_DETERIORATED);
	assert_int_equal(o.pause, PAUSE_DETERIORATION);
	assert_true(o.pause_flag > 0);
	buf_reset(&b);
	assess_change_text(inst("phq9"), &o, &b);
	assert_string_equal(b.data, "7 points higher than when you started: "
	                            "a reliable deterioration.");
	assert_int_equal(assess_paused(s, &p), 1);
	assert_true(p.deterioration);
	assert_string_equal(p.instrument, "phq9");
	assert_int_equal(p.flag, o.pause_flag);
	assert_int_equal(p.since, T0 + DAY);
	buf_reset(&b);
	assess_pause_text(&p, inst("phq9"), &b);
	assert_non_null(strstr(b.data, "talk to your GP or clinic"));
	assert_non_null(strstr(b.data, "choose to continue"));

	/* Continuing deliberately keeps the flag, marked overridden. */
	assert_int_equal(assess_continue(s, T0 + DAY + 60), 0);
	assert_int_equal(assess_paused(s, &p), 0);
	assert_int_equal(store_flags(v, "deterioration", false, &fl, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(fl[0].override_at, T0 + DAY + 60);
	assert_int_equal(fl[0].resolved_at, 0);
	assert_string_equal(fl[0].instrument, "phq9");
	assert_string_equal(fl[0].note, "phq9 12 (baseline 5)");
	store_flags_free(fl, n);

	/* Still 7 above the baseline a week later: paused again; then 1
	 * point lower than last time, and a score back near the baseline
	 * lifts the pause. */
	assert_int_equal(record("phq9", "2,2,2,2,1,1,1,1,0", T0 + 7 * DAY, &o),
	                 0);
	assert_int_equal(o.pause, PAUSE_DETERIORATION);
	assert_int_equal(record("phq9", "1,1,1,1,1,1,0,0,0", T0 + 14 * DAY, &o),
	                 0);
	assert_int_equal(o.pause, PAUSE_NONE);
	assert_true(o.resumed);
	assert_int_equal(assess_paused(s, &p), 0);
	buf_reset(&b);
	assess_change_text(inst("phq9"), &o, &b);
	assert_string_equal(b.data, "1 point higher than when you started: "
	                            "not a reliable change yet. 6 points "
	                            "lower than last time.");
	assert_false(o.rep.msgs &
	             CHANGE_MSG_STEP_UP); /* not a case at the start */
	assert_int_equal(store_assess_scores(v, "phq9", &sc, &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(sc[0].total, 5);
	assert_string_equal(sc[1].band, "moderate");
	assert_int_equal(sc[3].taken_at, T0 + 14 * DAY);
	free(sc);
	buf_free(&b);
}

static void
test_critical_flag(void **state)
{
	const struct instrument *phq = inst("phq9");
	struct assess_outcome o;
	struct store_flag *fl;
	size_t n;
	int64_t flag;
	int keys[9] = {0, 0, 0, 0, 0, 0, 0, 0, 2};
	char *msg = NULL;

	/* Raised at once, before the questionnaire is finished... */
	flag = assess_flag_critical(s, phq, 8, 2, T0 + 20 * DAY);
	assert_true(flag > 0);
	assert_int_equal(store_flags(v, "critical_item", false, &fl, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(fl[0].note, "phq9 item 9: 2 (More than half the "
	                                "days)");
	assert_int_equal(fl[0].assessment_id, 0);
	assert_int_equal(fl[0].raised_at, T0 + 20 * DAY);
	store_flags_free(fl, n);
	/* ...then linked to the saved administration, not raised twice. */
	assert_int_equal(assess_record(s, set, phq, keys, -1, "self", flag,
	                               T0 + 20 * DAY, &o, &msg),
	                 0);
	assert_true(o.critical);
	assert_int_equal(o.critical_flag, flag);
	assert_int_equal(store_flags(v, "critical_item", false, &fl, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(fl[0].assessment_id, o.id);
	store_flags_free(fl, n);
	/* Without an earlier flag (a paper form), one is raised. */
	keys[8] = 1;
	assert_int_equal(assess_record(s, set, phq, keys, -1, "paper", 0,
	                               T0 + 21 * DAY, &o, &msg),
	                 0);
	assert_true(o.critical_flag > 0);
	assert_int_equal(store_flags(v, "critical_item", false, &fl, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(fl[0].note, "phq9 item 9: 1 (Several days)");
	store_flags_free(fl, n);
	/* An invalid key is refused with a message. */
	keys[0] = 7;
	assert_int_equal(assess_record(s, set, phq, keys, -1, "cli", 0,
	                               T0 + 21 * DAY, &o, &msg),
	                 -1);
	assert_string_equal(msg, "item 1 has no valid answer");
	free(msg);
}

static void
test_severe_and_pair(void **state)
{
	struct assess_outcome o;
	struct assess_pause p;
	struct buf b = BUF_INIT;

	/* GAD-7: 12 at baseline, 15 is severe without reliable change. */
	assert_int_equal(record("gad7", "2,2,2,2,2,1,1", T0, &o), 0);
	assert_int_equal(o.pause, PAUSE_NONE);
	assert_int_equal(record("gad7", "3,2,2,2,2,2,2", T0 + 7 * DAY, &o), 0);
	assert_int_equal(o.res.total, 15);
	assert_int_equal(o.rep.kind_start, CHANGE_NO_RELIABLE);
	assert_int_equal(o.pause, PAUSE_SEVERE);
	assert_int_equal(assess_paused(s, &p), 1);
	assert_false(p.deterioration);
	assess_pause_text(&p, inst("gad7"), &b);
	assert_non_null(strstr(b.data, "Your GAD-7 score is in the severe "
	                               "range."));
	assert_false(o.rep.msgs & CHANGE_MSG_STEP_UP); /* a week in */
	/* Staying severe does not raise a second flag. */
	assert_int_equal(record("gad7", "2,3,2,2,2,2,2", T0 + 8 * DAY, &o), 0);
	assert_int_equal(o.pause, PAUSE_NONE);
	assert_false(o.resumed);
	assert_int_equal(assess_paused(s, &p), 1);
	/* Better: GAD-7 5 (reliably better, below 8); PHQ-9's latest is 1,
	 * below 10, and its baseline 5: a case at the start on GAD-7 only,
	 * so the pair reliably recovered. */
	assert_int_equal(
	        record("gad7", "2,2,2,2,1,1,1", T0 + 28 * DAY - 60, &o), 0);
	assert_false(o.rep.msgs & CHANGE_MSG_STEP_UP); /* 27 days */
	assert_true(o.resumed); /* 11: neither severe nor reliably worse */
	assert_int_equal(record("gad7", "2,2,2,2,1,1,1", T0 + 28 * DAY, &o), 0);
	assert_true(
	        o.rep.msgs &
	        CHANGE_MSG_STEP_UP); /* 28 days, 11 vs 12: no reliable change */
	buf_reset(&b);
	assess_change_text(inst("gad7"), &o, &b);
	assert_non_null(strstr(b.data, "guided or stepped-up care"));
	assert_int_equal(record("gad7", "1,1,1,1,1,0,0", T0 + 29 * DAY, &o), 0);
	assert_false(o.rep.msgs & CHANGE_MSG_STEP_UP); /* reliably better */
	assert_false(o.resumed); /* nothing left to lift */
	assert_true(o.rep.has_pair);
	assert_ptr_equal(o.pair_in, inst("phq9"));
	assert_int_equal(o.rep.pair.kind, CHANGE_IMPROVED);
	assert_true(o.rep.pair.case_at_start);
	assert_true(o.rep.pair.reliably_recovered);
	buf_reset(&b);
	assess_change_text(inst("gad7"), &o, &b);
	assert_non_null(strstr(b.data, "7 points lower than when you started: "
	                               "a reliable improvement."));
	assert_non_null(strstr(b.data, "With PHQ-9, both scores are now below "
	                               "the clinical cut-off, and this one is "
	                               "reliably better: reliable recovery."));
	buf_reset(&b);
	assess_score_text(inst("gad7"), &o.res, &b);
	assert_string_equal(b.data, "GAD-7: 5 (range 0 to 21), Mild, below "
	                            "the clinical cut-off.");
	buf_free(&b);
}

/*
 * A relapse after improvement, in a vault of its own: PHQ-9 8, then 4,
 * then 12 (4 above the baseline, 8 above the best): a deterioration
 * flag that names the best score, and a pause; 9 later is not reliably
 * worse than 4 and lifts it.
 */
static void
test_relapse(void **state)
{
	static char d2[64];
	struct opts o2 = {d2, NULL, -1, false, false, false};
	struct session *s2 = NULL;
	const struct instrument *phq = inst("phq9");
	struct assess_outcome o;
	struct assess_pause p;
	struct store_flag *fl;
	char code[VAULT_CODE_LEN];
	char *msg = NULL, *cmd;
	size_t n;
	int keys[9];
	struct buf b = BUF_INIT;
	static const char *const answers[] = {
	        "1,1,1,1,1,1,1,1,0", /* 8 */
	        "1,1,1,1,0,0,0,0,0", /* 4 */
	        "2,2,1,1,1,1,1,1,2", /* 12 */
	        "1,1,1,1,1,1,1,1,1", /* 9 */
	};
	const time_t at[] = {T0, T0 + 7 * DAY, T0 + 14 * DAY, T0 + 21 * DAY};

	strcpy(d2, "/tmp/tend-relapse.XXXXXX");
	assert_non_null(mkdtemp(d2));
	assert_int_equal(session_create(&o2, "pass phrase for tests",
	                                VAULT_KDF_TEST, code, &s2, &msg),
	                 EXIT_OK);
	for (size_t i = 0; i < 4; i++) {
		int extra;

		assert_int_equal(assess_parse_answers(phq, answers[i], keys,
		                                      &extra, &msg),
		                 0);
		assert_int_equal(assess_record(s2, set, phq, keys, extra, "cli",
		                               0, at[i], &o, &msg),
		                 0);
		if (i == 1)
			assert_int_equal(o.pause, PAUSE_NONE);
		if (i == 2) {
			assert_int_equal(o.res.total, 12);
			assert_int_equal(o.best, 4);
			assert_int_equal(o.best_at, T0 + 7 * DAY);
			assert_int_equal(o.rep.kind_start, CHANGE_NO_RELIABLE);
			assert_int_equal(o.pause, PAUSE_DETERIORATION);
			assess_change_text(phq, &o, &b);
			assert_non_null(strstr(b.data,
			                       "8 points higher than your best "
			                       "score so far (4): a reliable "
			                       "deterioration."));
			assert_null(strstr(b.data, "not a reliable change"));
			assert_int_equal(assess_paused(s2, &p), 1);
			assert_true(p.deterioration);
			buf_reset(&b);
			assess_pause_text(&p, phq, &b);
			assert_non_null(strstr(b.data,
			                       "clearly worse than your best "
			                       "score so far"));
		}
	}
	/* 9: 5 above the best, not reliable: the pause is lifted. */
	assert_int_equal(o.pause, PAUSE_NONE);
	assert_true(o.resumed);
	assert_int_equal(assess_paused(s2, &p), 0);
	assert_int_equal(
	        store_flags(session_vault(s2), "deterioration", false, &fl, &n),
	        0);
	assert_int_equal(n, 1);
	assert_string_equal(fl[0].note, "phq9 12 (baseline 8, best 4)");
	assert_int_equal(fl[0].resolved_at, T0 + 21 * DAY);
	store_flags_free(fl, n);
	buf_free(&b);
	session_close(s2);
	cmd = xasprintf("rm -rf '%s'", d2);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

static void
test_due(void **state)
{
	const char *ids[] = {"phq9", "gad7", "core10"};
	bool due[3];
	time_t at;

	assert_int_equal(assess_last_taken(s, "core10", &at), 0);
	assert_int_equal(assess_last_taken(s, "gad7", &at), 1);
	assert_int_equal(at, T0 + 29 * DAY);
	/* phq9 last at T0+21d, gad7 at T0+29d. */
	assert_int_equal(assess_due(s, ids, 3, 0, 6, T0 + 34 * DAY, due), 0);
	assert_true(due[0]); /* 13 local days */
	assert_false(due[1]); /* 5 */
	assert_true(due[2]); /* never */
	assert_int_equal(assess_due(s, ids, 3, 0, 6, T0 + 35 * DAY, due), 0);
	assert_true(due[1]); /* 6 */
	assert_int_equal(assess_due(s, ids, 3, 0, 0, T0 + 34 * DAY, due), 0);
	assert_false(due[0]);
	assert_true(due[2]);
	/* Not taken since the lesson window began. */
	assert_int_equal(
	        assess_due(s, ids, 2, T0 + 22 * DAY, 0, T0 + 30 * DAY, due), 0);
	assert_true(due[0]);
	assert_false(due[1]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_parse_answers),
	        cmocka_unit_test(test_record_pause_continue),
	        cmocka_unit_test(test_critical_flag),
	        cmocka_unit_test(test_severe_and_pair),
	        cmocka_unit_test(test_due),
	        cmocka_unit_test(test_relapse),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
