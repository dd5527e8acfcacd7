#!/bin/sh
# tend status over a small course (tests/fixtures/packs/good) with a frozen
# clock: not started, the baseline check-in first, a lesson completed, a
# locked lesson that explains itself, homework and days that open it, a
# tailoring suggestion taken up or declined, JSON output, and failures.
. "$(dirname "$0")/../lib.sh"

GOOD="$TOP/tests/fixtures/packs/good"
export TEND_SHARE_DIR="$GOOD" TEND_SYSCONF_DIR="$T_TMP/etc"
D="$T_TMP/data"
P="$T_TMP/pass"
SEED="$(dirname "$TEND")/tools/course_seed"
echo "a long test passphrase 4711" >"$P"

DAY=86400
T0=1793527200 # Sunday 1 November 2026, 10:00 UTC

st() { # st NOW [ARGS]: tend status with a frozen clock
	now=$1
	shift
	TEND_NOW=$now tend --data-dir "$D" status "$@" --passphrase-fd 3 3<"$P"
}
seed() { # seed NOW ACTION...
	now=$1
	shift
	TEND_NOW=$now "$SEED" --data-dir "$D" --passphrase-fd 3 "$@" 3<"$P" \
		>/dev/null
}

t_run 1 "no vault yet" st $T0
t_has "no vault: says what to do" "$T_ERR" "tend init"
t_run 2 "unknown option" tend status --bogus
t_run 2 "stray argument" tend status extra

t_run 0 "init" tend --data-dir "$D" init --kdf interactive \
	--passphrase-fd 3 3<"$P"
t_run 0 "status before starting" st $T0
t_has "not started" "$T_OUT" "Small Steps: not started yet."

seed $T0 start
t_run 0 "status after starting" st $T0
t_has "position" "$T_OUT" "0 of 3 lessons done (started 1 November 2026)"
t_has "baseline check-in is the first step" "$T_OUT" "1. Check-in: Mood-2"
t_has "first lesson waits for it" "$T_OUT" \
	"Getting started - Opens after a check-in (Mood-2)."
t_has "second lesson names its prerequisite" "$T_OUT" \
	"Noticing - Opens after you complete “Getting started”."
t_lacks "optional lesson hidden" "$T_OUT" "Sleeping better"

t_run 0 "baseline check-in" sh -c "TEND_NOW=$((T0 + 60)) $TEND --data-dir $D \
	assess mood2 --answers 1,2 --passphrase-fd 3 3<$P"
t_run 0 "lesson 1 open" st $((T0 + 90))
t_has "lesson 1 is the next step" "$T_OUT" \
	"1. Read “Getting started” (about 10 min)"
t_has "suggested by item 2" "$T_OUT" \
	"Suggested: “Sleeping better” - You said sleep has been hard lately."

seed $((T0 + 120)) open start end start
t_run 0 "not complete without the required prompt" st $((T0 + 130))
t_has "continue lesson 1" "$T_OUT" "1. Continue “Getting started”"
seed $((T0 + 180)) answer start goal "sleep better"
t_run 0 "lesson 1 complete" st $((T0 + 200))
t_has "one lesson done" "$T_OUT" "1 of 3 lessons done"
t_has "homework is due" "$T_OUT" "Mood note: 0 of 2 entries"
t_has "the locked lesson explains itself" "$T_OUT" \
	"Next: “Noticing”. Opens on Wednesday, after 2 more Mood note entries."

seed $((T0 + DAY)) entry mood-note
seed $((T0 + 2 * DAY)) entry mood-note
t_run 0 "homework done, days not yet" st $((T0 + 2 * DAY + 3600))
t_has "opens tomorrow" "$T_OUT" "Next: “Noticing”. Opens tomorrow."
t_run 0 "days passed" st $((T0 + 3 * DAY - 36000))
t_has "opens at local midnight" "$T_OUT" "1. Read “Noticing”"
t_has "the lesson after says what it waits for" "$T_OUT" \
	"Next steps - Opens after you complete “Noticing”."

t_run 0 "json" st $((T0 + 3 * DAY)) --json
printf '%s' "$T_OUT" >"$T_TMP/status.json"
t_check "json parses" python3 -c "import json,sys; json.load(open('$T_TMP/status.json'))"
t_has "json: lesson state" "$T_OUT" '"id":"notice","title":"Noticing","optional":false,"state":"open"'
t_has "json: suggestion with reason" "$T_OUT" '"kind":"suggestion"'
t_has "json: scores" "$T_OUT" '"instrument":"mood2","name":"Mood-2","total":3,"band":"medium"'

seed $((T0 + 3 * DAY)) take sleep
t_run 0 "optional lesson taken up" st $((T0 + 3 * DAY))
t_has "it is listed as open" "$T_OUT" "Sleeping better (extra) - open"
t_lacks "no longer suggested" "$T_OUT" "Suggested:"

# The third lesson: release day 7 and one more entry since lesson 2.
seed $((T0 + 3 * DAY)) open notice end notice
t_run 0 "lesson 3 locked" st $((T0 + 3 * DAY + 60))
t_has "release day and homework" "$T_OUT" \
	"Next: “Next steps”. Opens on Sunday, after 1 more Mood note entry."
seed $((T0 + 4 * DAY)) entry mood-note
t_run 0 "day 7: a check-in first" st $((T0 + 7 * DAY - 36000))
t_has "the weekly check-in is due" "$T_OUT" "1. Check-in: Mood-2"
t_has "lesson 3 waits for it" "$T_OUT" \
	"Next steps - Opens after a check-in (Mood-2)."
t_run 0 "weekly check-in" sh -c "TEND_NOW=$((T0 + 7 * DAY - 30000)) $TEND \
	--data-dir $D assess mood2 --answers 0,1 --passphrase-fd 3 3<$P"
t_run 0 "lesson 3 opens" st $((T0 + 7 * DAY - 29000))
t_has "lesson 3 open" "$T_OUT" "1. Read “Next steps”"
t_has "latest score shown" "$T_OUT" "Mood-2: 1 (low), 8 November 2026"

# Failures: a wrong passphrase, a broken course.
echo "wrong passphrase" >"$T_TMP/wrong"
t_run 3 "wrong passphrase" sh -c "TEND_NOW=$T0 $TEND --data-dir $D status \
	--passphrase-fd 3 3<$T_TMP/wrong"
mkdir -p "$T_TMP/broken"
cp -R "$GOOD/content/demo" "$T_TMP/broken/"
printf -- '---\nid: notice\ntitle: [broken\n---\n' >"$T_TMP/broken/demo/02-notice.md"
t_run 4 "broken course" st $T0 --content "$T_TMP/broken"
t_has "broken course: points to check-content" "$T_ERR" "tend check-content"

t_done
