#!/bin/sh
# One commit, whichever front end: the same check-in taken on the full
# screen (tmux), with `tend assess ID --answers` and in plain mode moves
# the reminder schedule (`schedule` in the state folder) to exactly the
# same text; a worksheet entry made in plain mode moves it too.  With a
# frozen clock (TEND_NOW), the end-of-course check-in is scheduled when
# the last lesson is done and the follow-up at its date, 30 days later
# for the small course of tests/fixtures/packs/good.
. "$(dirname "$0")/../lib.sh"

GOOD="$TOP/tests/fixtures/packs/good"
export TEND_SHARE_DIR="$GOOD" TEND_SYSCONF_DIR="$T_TMP/etc"
mkdir -p "$TEND_SYSCONF_DIR"
SEED="$(dirname "$TEND")/tools/course_seed"
P="$T_TMP/pass"
PASS="a long test passphrase 4711"
echo "$PASS" >"$P"
DAY=86400
T0=1793527200 # Sunday 1 November 2026, 10:00 UTC
T1=$((T0 + 3600))

seed() { # seed DIR NOW ACTION...
	d=$1 now=$2
	shift 2
	TEND_NOW=$now "$SEED" --data-dir "$d" --passphrase-fd 3 "$@" 3<"$P" \
		>/dev/null
}
# The schedule without its random id (calendar UIDs), which differs per
# install by design.
sched() { grep -v '^id=' "$1/state/schedule"; }
fresh() { # fresh DIR: a vault with the course started at T0
	tend --data-dir "$1" init --kdf interactive --passphrase-fd 3 \
		3<"$P" >/dev/null 2>&1
	seed "$1" $T0 start
}

# --- the same check-in, three ways -------------------------------------
A="$T_TMP/screen" B="$T_TMP/cli" C="$T_TMP/plain"
for d in "$A" "$B" "$C"; do fresh "$d"; done
t_check "no schedule before anything is committed" test ! -e "$B/state/schedule"

t_run 0 "the check-in with --answers" sh -c "TEND_NOW=$T1 '$TEND' \
	--data-dir '$B' assess mood2 --answers 1,2 --passphrase-fd 3 3<'$P'"
t_check "... wrote the schedule" test -f "$B/state/schedule"
t_lacks "... says nothing about it" "$T_ERR" "warning"
t_lacks "... no check-in is due any more" "$(sched "$B")" "checkin"
t_has "... the first lesson is due now" "$(sched "$B")" \
	"due=2026-11-01T11:00:00Z lesson"

printf '%s\n' 1 1 2 yes quit >"$T_TMP/in"
t_run 0 "the check-in in plain mode" sh -c "TEND_NOW=$T1 '$TEND' --plain \
	--data-dir '$C' --passphrase-fd 3 3<'$P' <'$T_TMP/in'"
t_has "... was saved" "$T_OUT" "Mood-2: 3"
t_check "plain mode moved the schedule as the CLI did" \
	test "$(sched "$C")" = "$(sched "$B")"

if command -v tmux >/dev/null 2>&1; then
	. "$TOP/tests/e2e/lib.sh"
	TEND_NOW=$T1 e2e_start 80 24 sh -c "TEND_SHARE_DIR=$GOOD \
TEND_SYSCONF_DIR=$TEND_SYSCONF_DIR '$TEND' --data-dir '$A'"
	e2e_expect "screen: unlock" "Welcome back"
	e2e_keys "$PASS" Enter
	e2e_expect "screen: the check-in is the first step" "1  Check-in: Mood-2" 10
	e2e_keys Enter
	e2e_expect "screen: the questionnaire" "Two mood questions"
	e2e_keys Enter
	e2e_expect "screen: item 1" "question 1 of 2"
	e2e_keys 1
	e2e_expect "screen: item 2" "question 2 of 2"
	e2e_keys 2
	e2e_expect "screen: review" "Check your answers"
	e2e_keys s
	e2e_expect "screen: confirm" "Save these answers?"
	e2e_keys y
	e2e_expect "screen: score" "Mood-2: 3"
	e2e_keys q
	e2e_expect "screen: home again" "1  Read “Getting started”"
	e2e_keys Q
	e2e_exits "screen: leaves"
	e2e_stop
	t_check "the full screen moved the schedule as the CLI did" \
		test "$(sched "$A")" = "$(sched "$B")"
else
	t_skip "the full screen moved the schedule as the CLI did" \
		"tmux is not installed"
fi

# --- homework from plain mode ------------------------------------------
seed "$C" $((T1 + 60)) open start end start answer start goal "sleep better"
t_run 0 "a commit after lesson 1" sh -c "echo quit | TEND_NOW=$((T1 + 120)) \
	'$TEND' --plain --data-dir '$C' --passphrase-fd 3 3<'$P'"
t_has "homework means daily practice" "$(sched "$C")" "practice=daily"
printf '%s\n' 'worksheet mood-note' now 'Tired but fine' q quit >"$T_TMP/in"
TEND_NOW=$((T0 + DAY)) tend --plain --data-dir "$C" --passphrase-fd 3 \
	3<"$P" <"$T_TMP/in" >"$T_TMP/plain.log" 2>&1
TEND_NOW=$((T0 + 2 * DAY)) tend --plain --data-dir "$C" --passphrase-fd 3 \
	3<"$P" <"$T_TMP/in" >>"$T_TMP/plain.log" 2>&1
t_has "the second entry in plain mode ends daily practice" "$(sched "$C")" \
	"practice=none"
t_has "... and the schedule names the day lesson 2 opens" "$(sched "$C")" \
	"due=2026-11-04T00:00:00Z lesson"
t_has "... seen on the day of the last entry" "$(sched "$C")" \
	"last_active=2026-11-03"

# --- the end of the course and the follow-up ------------------------------
# Lesson 1 on Sunday 1 November, lesson 2 on Wednesday, lesson 3 (after a
# check-in, with one inside it) on Monday 9 November.
assess() { # assess NOW ANSWERS
	TEND_NOW=$1 tend --data-dir "$B" assess mood2 --answers "$2" \
		--passphrase-fd 3 3<"$P" >/dev/null 2>&1
}
T2=$((T0 + 8 * DAY))
seed "$B" $((T1 + 60)) open start end start answer start goal "sleep better" \
	entry mood-note entry mood-note
seed "$B" $((T0 + 3 * DAY)) open notice end notice
seed "$B" $((T0 + 4 * DAY)) entry mood-note
assess $T2 0,1
seed "$B" $((T2 + 60)) open next
assess $((T2 + 120)) 0,1
seed "$B" $((T2 + 180)) end next
t_run 0 "status: every lesson done" sh -c "TEND_NOW=$((T2 + 240)) '$TEND' \
	--data-dir '$B' status --passphrase-fd 3 3<'$P'"
t_has "... 3 of 3" "$T_OUT" "3 of 3 lessons done"
t_has "... the final check-in is due" "$T_OUT" "Final check-in: Mood-2"
t_lacks "seeding alone did not schedule it" "$(sched "$B")" "checkin"
t_run 0 "plain mode opens and closes" sh -c "echo quit | \
	TEND_NOW=$((T2 + 240)) '$TEND' --plain --data-dir '$B' \
	--passphrase-fd 3 3<'$P'"
t_has "the final check-in is in the schedule, due now" "$(sched "$B")" \
	"due=2026-11-09T10:04:00Z checkin"
t_has "the follow-up too, 30 days after the last lesson's day" \
	"$(sched "$B")" "due=2026-12-09T00:00:00Z checkin"
assess $((T2 + 300)) 0,0
t_lacks "the final check-in taken: not due any more" "$(sched "$B")" \
	"2026-11-09T10:05:00Z checkin"
t_has "... the follow-up stays" "$(sched "$B")" \
	"due=2026-12-09T00:00:00Z checkin"
T3=$((T0 - 36000 + 38 * DAY)) # Wednesday 9 December, 00:00
t_run 0 "the follow-up day" sh -c "TEND_NOW=$((T3 + 3600)) '$TEND' \
	--data-dir '$B' status --passphrase-fd 3 3<'$P'"
t_has "... status lists it" "$T_OUT" "Follow-up check-in: Mood-2"
assess $((T3 + 7200)) 0,0
t_lacks "taken: no check-in is left in the schedule" "$(sched "$B")" \
	"checkin"

# --- a schedule that cannot be written ---------------------------------
rm -rf "$B/state"
echo x >"$B/state"
t_run 0 "a check-in while the state folder is broken is still saved" \
	sh -c "TEND_NOW=$((T3 + DAY)) '$TEND' --data-dir '$B' assess \
	mood2 --answers 0,0 --passphrase-fd 3 3<'$P'"
t_has "... and says the schedule was not updated" "$T_ERR" \
	"warning: the reminder schedule was not updated"
rm -f "$B/state"
t_run 0 "export" sh -c "'$TEND' --data-dir '$B' export --format json \
	--passphrase-fd 3 3<'$P'"
t_check "... holds that check-in" test "$(printf '%s\n' "$T_OUT" |
	grep -c '"instrument": "mood2"')" = 6
t_done
