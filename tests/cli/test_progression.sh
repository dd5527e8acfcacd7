#!/bin/sh
# Flexible progression in plain mode, on the small course of
# tests/fixtures/packs/good with a frozen clock: a mood note made while the
# first lesson is open counts toward the homework it sets; the rest of the
# homework is skipped with a reason (plain mode's `skip N`), which is kept
# in the vault with its date; an empty reason skips nothing; the next
# lesson then opens on its day.
. "$(dirname "$0")/../lib.sh"

GOOD="$TOP/tests/fixtures/packs/good"
export TEND_SHARE_DIR="$GOOD" TEND_SYSCONF_DIR="$T_TMP/etc"
D="$T_TMP/data"
P="$T_TMP/pass"
SEED="$(dirname "$TEND")/tools/course_seed"
echo "a long test passphrase 4711" >"$P"
DAY=86400
T0=1793527200 # Sunday 1 November 2026, 10:00 UTC

seed() { # seed NOW ACTION...
	now=$1
	shift
	TEND_NOW=$now "$SEED" --data-dir "$D" --passphrase-fd 3 "$@" 3<"$P" \
		>/dev/null
}
plain() { # plain NOW LINE...: plain mode with those lines typed
	now=$1
	shift
	printf '%s\n' "$@" quit | TEND_NOW=$now tend --plain --data-dir "$D" \
		--passphrase-fd 3 3<"$P"
}
# hw NOW: the number of the homework step in the What now list.
hw() {
	TEND_NOW=$1 tend --data-dir "$D" status --json --passphrase-fd 3 \
		3<"$P" | python3 -c '
import json, sys
due = json.load(sys.stdin)["due"]
print(next(i + 1 for i, s in enumerate(due) if s["kind"] == "homework"))'
}

t_run 0 "init" tend --data-dir "$D" init --kdf interactive \
	--passphrase-fd 3 3<"$P"
seed $T0 start
t_run 0 "baseline" sh -c "TEND_NOW=$((T0 + 60)) '$TEND' --data-dir '$D' \
	assess mood2 --answers 1,1 --passphrase-fd 3 3<'$P'"
# Lesson 1 is opened, a mood note made while it is open, then finished.
seed $((T0 + 100)) open start
seed $((T0 + 200)) entry mood-note
seed $((T0 + 300)) end start answer start goal "Feel calmer"
t_run 0 "status after lesson 1" sh -c "TEND_NOW=$((T0 + 400)) '$TEND' \
	--data-dir '$D' status --passphrase-fd 3 3<'$P'"
t_has "the note made during the lesson counts" "$T_OUT" \
	"Mood note: 1 of 2 entries"

n=$(hw $((T0 + 400)))
t_check "the homework is in the list" test -n "$n"
t_run 0 "plain: an empty reason skips nothing" plain $((T0 + 500)) \
	"skip $n" ""
t_has "says how to skip" "$T_OUT" "type skip and its number"
t_has "asks why" "$T_OUT" "Why are you skipping it?"
t_has "nothing skipped" "$T_OUT" "Nothing skipped."
t_run 0 "plain: skip a step that is not homework" plain $((T0 + 500)) \
	"skip 99"
t_has "explained" "$T_OUT" "Type skip and the number of a homework item"
t_run 0 "plain: skip with a reason" plain $((T0 + 600)) "skip $n" \
	"Away with work all week"
t_has "skipped" "$T_OUT" "Skipped. Your reason is kept with the date."
t_lacks "no homework due any more" "$(printf '%s\n' "$T_OUT" | sed -n '/^Skipped/,$p')" \
	"Mood note: 1 of 2"

t_run 0 "status after the skip" sh -c "TEND_NOW=$((T0 + 700)) '$TEND' \
	--data-dir '$D' status --passphrase-fd 3 3<'$P'"
t_has "the next lesson waits only for its day" "$T_OUT" \
	"Opens on Wednesday."
t_has "the skip is in recent activity" "$T_OUT" "Skipped homework: Mood note"
t_run 0 "status on Wednesday" sh -c "TEND_NOW=$((T0 + 3 * DAY - 36000 + 60)) \
	'$TEND' --data-dir '$D' status --passphrase-fd 3 3<'$P'"
t_has "lesson 2 is open" "$T_OUT" "Noticing - open"
t_done
