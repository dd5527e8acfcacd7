#!/bin/sh
# Skipping homework with a reason from the home screen (tmux, 80x24), on
# the small course of tests/fixtures/packs/good with a frozen clock: Enter
# on the homework row asks whether to add an entry now; no asks why; Esc
# keeps the homework; a reason skips it, the row goes, and the next lesson
# waits only for its day.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

command -v tmux >/dev/null || t_skip_all "tmux is not installed"
GOOD="$TOP/tests/fixtures/packs/good"
SEED="$(dirname "$TEND")/tools/course_seed"
D="$T_TMP/data"
P="$T_TMP/pass"
PASS="a long test passphrase 4711"
echo "$PASS" >"$P"
export TEND_SYSCONF_DIR="$T_TMP/etc" TEND_SHARE_DIR="$GOOD"
mkdir -p "$TEND_SYSCONF_DIR"
T0=1793527200 # Sunday 1 November 2026, 10:00 UTC

seed() { # seed NOW ACTION...
	now=$1
	shift
	TEND_NOW=$now "$SEED" --data-dir "$D" --passphrase-fd 3 "$@" 3<"$P" \
		>/dev/null
}
run() { # run NOW: tend on the demo course at a frozen time
	e2e_stop
	TEND_NOW=$1 e2e_start 80 24 sh -c \
		"TEND_SHARE_DIR=$GOOD TEND_SYSCONF_DIR=$TEND_SYSCONF_DIR '$TEND' --data-dir '$D'; echo EXIT=\$?"
}

t_run 0 "init" tend --data-dir "$D" init --kdf interactive \
	--passphrase-fd 3 3<"$P"
seed $T0 start
TEND_NOW=$((T0 + 60)) tend --data-dir "$D" assess mood2 --answers 1,1 \
	--passphrase-fd 3 3<"$P" >/dev/null
seed $((T0 + 100)) open start end start answer start goal "Feel calmer"

run $((T0 + 3600))
e2e_expect "unlock" "Welcome back"
e2e_keys "$PASS" Enter
e2e_expect "home: the homework row" "Mood note: 0 of 2 entries" 10
e2e_keys 1
e2e_expect "Enter asks: an entry now?" "Add an entry now?"
e2e_keys n
e2e_expect "no: asks why" "Why are you skipping it?"
e2e_keys Escape
e2e_still "Esc keeps the homework" "Mood note: 0 of 2 entries"
e2e_keys 1
e2e_expect "asked again" "Add an entry now?"
e2e_keys n
e2e_expect "asks why again" "Why are you skipping it?"
e2e_keys "Ill this week" Enter
e2e_expect "skipped, and said so" "Your reason is kept with the date"
e2e_gone "the homework row goes" "Mood note: 0 of 2 entries"
e2e_expect "the next lesson waits only for its day" \
	"“Noticing”: Opens on Wednesday."
e2e_keys Q
e2e_exits "leaves"
e2e_stop
t_run 0 "status knows the skip" sh -c "TEND_NOW=$((T0 + 7200)) '$TEND' \
	--data-dir '$D' status --passphrase-fd 3 3<'$P'"
t_has "recent activity names it" "$T_OUT" "Skipped homework: Mood note"
t_done
