#!/bin/sh
# A deterioration pauses the next lesson of the bundled course: after a
# baseline the first lesson is open; a PHQ-9 7 points higher closes it
# again with the explanation; continuing deliberately opens it; a later
# GAD-7 deterioration pauses again, and a better score lifts that pause.
# A relapse after improvement counts too: PHQ-9 8, then 4, then 12 (a
# rise of 8 from the best, 4 from the start) three months on, as at the
# follow-up, flags a deterioration and pauses.
. "$(dirname "$0")/../lib.sh"

D="$T_TMP/data"
P="$T_TMP/pass"
SEED="$TOP/${BUILD:-build}/tools/course_seed"
[ -x "$SEED" ] || SEED="$(dirname "$TEND")/tools/course_seed"
echo "a long test passphrase 4711" >"$P"
export TEND_SYSCONF_DIR="$T_TMP/etc"
T0=1793527200 # Sunday 1 November 2026, 10:00 UTC
DAY=86400

st() {
	TEND_NOW=$1 tend --data-dir "$D" status --passphrase-fd 3 3<"$P"
}
ta() {
	now=$1
	shift
	TEND_NOW=$now tend --data-dir "$D" assess "$@" --passphrase-fd 3 3<"$P"
}

t_run 0 "init" tend --data-dir "$D" init --kdf interactive \
	--passphrase-fd 3 3<"$P"
TEND_NOW=$T0 "$SEED" --data-dir "$D" --passphrase-fd 3 start 3<"$P" >/dev/null
t_run 0 "PHQ-9 baseline" ta $T0 phq9 --answers 1,1,1,1,1,0,0,0,0
t_run 0 "GAD-7 baseline" ta $T0 gad7 --answers 1,1,1,1,0,0,0
t_run 0 "PHQ panic question" ta $T0 phqpanic --answers 0
t_run 0 "status after the baseline" st $((T0 + 60))
t_has "the first lesson is open" "$T_OUT" "[>] Welcome - open"
t_lacks "not paused" "$T_OUT" "will wait for now"

t_run 0 "PHQ-9 7 points higher" ta $((T0 + 3600)) phq9 \
	--answers 2,2,2,2,1,1,1,1,0
t_has "the check-in says the course pauses" "$T_OUT" "The next lesson will wait for now."
t_run 0 "status when paused" st $((T0 + 3700))
t_has "status explains the pause" "$T_OUT" \
	"Your PHQ-9 score is clearly worse than your best score so far."
t_has "status advises a GP" "$T_OUT" "talk to your GP or clinic"
t_lacks "the next lesson is not open" "$T_OUT" "[>] Welcome - open"
t_run 0 "status --json when paused" sh -c "TEND_NOW=$((T0 + 3700)) $TEND --data-dir $D status --json --passphrase-fd 3 3<$P"
t_has "json: paused" "$T_OUT" '"paused":true'

t_run 0 "continue deliberately" ta $((T0 + 3800)) --continue
t_run 0 "status after continuing" st $((T0 + 3900))
t_has "the lesson opens again" "$T_OUT" "[>] Welcome - open"
t_lacks "no pause any more" "$T_OUT" "will wait for now"

t_run 0 "GAD-7 into the severe band, 13 points higher" ta $((T0 + 7 * DAY)) \
	gad7 --answers 3,3,3,2,2,2,2
t_has "paused again after continuing" "$T_OUT" "The next lesson will wait for now."
t_run 0 "status when paused by GAD-7" st $((T0 + 7 * DAY + 60))
t_has "status names the GAD-7" "$T_OUT" \
	"Your GAD-7 score is clearly worse than your best score so far."
t_run 0 "GAD-7 better" ta $((T0 + 14 * DAY)) gad7 --answers 1,1,1,1,0,0,0
t_has "a later score lifts the pause" "$T_OUT" "The pause is lifted"
t_run 0 "status after it lifted" st $((T0 + 14 * DAY + 60))
t_lacks "not paused after it lifted" "$T_OUT" "will wait for now"

# A relapse: 8 -> 4 -> 12 in a vault of its own.
D="$T_TMP/relapse"
t_run 0 "init (relapse)" tend --data-dir "$D" init --kdf interactive \
	--passphrase-fd 3 3<"$P"
TEND_NOW=$T0 "$SEED" --data-dir "$D" --passphrase-fd 3 start 3<"$P" >/dev/null
t_run 0 "PHQ-9 8 at the start" ta $T0 phq9 --answers 1,1,1,1,1,1,1,1,0
t_run 0 "PHQ-9 4 a week later" ta $((T0 + 7 * DAY)) phq9 \
	--answers 1,1,1,1,0,0,0,0,0
t_lacks "4: no pause" "$T_OUT" "will wait for now"
t_run 0 "PHQ-9 12 three months on" ta $((T0 + 97 * DAY)) phq9 \
	--answers 2,2,1,1,1,1,1,1,2
t_has "12: the rise from the best is named" "$T_OUT" \
	"8 points higher than your best score so far (4): a reliable deterioration."
t_lacks "12: no 'not a reliable change' beside it" "$T_OUT" \
	"not a reliable change yet"
t_has "12: the course pauses" "$T_OUT" "The next lesson will wait for now."
t_run 0 "status after the relapse" st $((T0 + 97 * DAY + 60))
t_has "status explains the pause" "$T_OUT" \
	"Your PHQ-9 score is clearly worse than your best score so far."
t_has "status: the GP advice" "$T_OUT" "talk to your GP or clinic"
t_run 0 "continue anyway" ta $((T0 + 97 * DAY + 120)) --continue
t_run 0 "status after continuing" st $((T0 + 97 * DAY + 180))
t_lacks "no pause after the override" "$T_OUT" "will wait for now"

t_done
