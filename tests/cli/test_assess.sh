#!/bin/sh
# tend assess: paper answers and the line-by-line mode, scores and change,
# the safety block printed before any score, pause and continue, charts
# and tables, regions, and bad input.
. "$(dirname "$0")/../lib.sh"

D="$T_TMP/data"
P="$T_TMP/pass"
echo "a long test passphrase 4711" >"$P"
export TEND_SYSCONF_DIR="$T_TMP/etc"
mkdir -p "$TEND_SYSCONF_DIR"
# A clinic's config names the region (the locale is C.UTF-8 here).
echo "region = GB" >"$TEND_SYSCONF_DIR/config"

ta() { # ta NOW ARGS...: tend assess with a frozen clock
	now=$1
	shift
	TEND_NOW=$now tend --data-dir "$D" assess "$@" --passphrase-fd 3 3<"$P"
}

DAY=86400
T0=1767261600 # 2026-01-01 10:00 UTC

t_run 0 "init a vault" tend --data-dir "$D" init --kdf interactive \
	--passphrase-fd 3 3<"$P"

# Bad input: exit 2 and a clear message, before any passphrase is read.
t_run 2 "unknown questionnaire" tend --data-dir "$D" assess nope --answers 1
t_has "unknown questionnaire: says so" "$T_ERR" "no questionnaire called 'nope'"
t_run 2 "too few answers" tend --data-dir "$D" assess phq9 --answers 1,2,3
t_has "too few answers: says how many" "$T_ERR" "PHQ-9 has 9 items"
t_run 2 "an answer out of range" tend --data-dir "$D" assess phq9 \
	--answers 0,0,4,0,0,0,0,0,0
t_has "out of range: names the item and the options" "$T_ERR" \
	"item 3: 4 is not one of 0, 1, 2, 3"
t_run 2 "not a number" tend --data-dir "$D" assess gad2 --answers 1,x
t_run 2 "too many answers" tend --data-dir "$D" assess gad2 --answers 1,1,1
t_run 2 "no questionnaire named" tend --data-dir "$D" assess
t_run 2 "a bad region" tend --data-dir "$D" assess phq9 --region GBR
t_run 0 "--list" tend --data-dir "$D" assess --list
t_has "--list shows the PHQ-9" "$T_OUT" "phq9     Patient Health Questionnaire (PHQ-9)"
t_has "--list shows CORE-10" "$T_OUT" "core10"
t_run 3 "wrong passphrase" sh -c "echo wrong | TEND_NOW=$T0 $TEND --data-dir $D assess gad2 --answers 0,0 --passphrase-fd 3 3<&0"

# Baselines.
t_run 0 "PHQ-9 baseline" ta $T0 phq9 --answers 1,1,2,1,1,1,1,1,0
t_has "score and band" "$T_OUT" "PHQ-9: 9 (range 0 to 27), Mild, below the clinical cut-off."
t_has "first score" "$T_OUT" "This is your first score"
t_lacks "no safety block without a risk answer" "$T_OUT" "safety comes first"
t_run 0 "GAD-7 baseline" ta $T0 gad7 --answers 2,2,1,1,1,1,1,3
t_has "GAD-7 with the extra question" "$T_OUT" "GAD-7: 9 (range 0 to 21), Mild, at or above the clinical cut-off."

# A risk answer: the contacts come first, before any score.
t_run 0 "PHQ-9 with item 9 answered 1" ta $((T0 + 7 * DAY)) phq9 \
	--answers 1,1,1,1,1,1,1,1,1
t_has "safety block" "$T_OUT" "Your safety comes first"
t_has "nobody is alerted" "$T_OUT" "tend cannot alert anyone"
t_has "GB contacts from the config" "$T_OUT" "Samaritans: call 116 123"
t_has "the emergency number" "$T_OUT" "United Kingdom: emergency 999"
t_lacks "only the region's contacts" "$T_OUT" "Lifeline"
safety_at=$(printf '%s\n' "$T_OUT" | grep -n 'safety comes first' | cut -d: -f1)
score_at=$(printf '%s\n' "$T_OUT" | grep -n '^PHQ-9: ' | cut -d: -f1)
t_check "the safety block is printed before the score" \
	test "${safety_at:-99}" -lt "${score_at:-0}"
t_has "change from baseline" "$T_OUT" "The same as when you started."
t_run 0 "--region NZ" ta $((T0 + 8 * DAY)) phq9 --region nz \
	--answers 0,0,0,0,0,0,0,0,2
t_has "NZ contacts" "$T_OUT" "Need to talk? 1737: call 1737, text 1737"
t_lacks "no UK contacts for NZ" "$T_OUT" "Samaritans"

# Reliable deterioration pauses, with a kind explanation; continue lifts it.
t_run 0 "PHQ-9 much worse" ta $((T0 + 14 * DAY)) phq9 --answers 2,2,2,2,2,2,2,2,0
t_has "16 is moderately severe" "$T_OUT" "PHQ-9: 16 (range 0 to 27), Moderately severe"
t_has "7 points higher: a reliable deterioration" "$T_OUT" \
	"7 points higher than when you started: a reliable deterioration."
t_has "change from last time" "$T_OUT" "points higher than last time."
t_has "the pause is explained" "$T_OUT" "The next lesson will wait for now."
t_has "advice to see a GP" "$T_OUT" "talk to your GP or clinic"
t_has "how to continue" "$T_OUT" "tend assess --continue"
t_run 0 "continue deliberately" ta $((T0 + 14 * DAY)) --continue
t_has "continue: confirmed" "$T_OUT" "The course goes on."
t_run 0 "continue again" ta $((T0 + 14 * DAY)) --continue
t_has "nothing is paused after continuing" "$T_OUT" "Nothing is paused."

# Reliable improvement and recovery on the pair (PHQ-9 + GAD-7).
t_run 0 "GAD-7 better" ta $((T0 + 21 * DAY)) gad7 --answers 0,1,1,0,0,1,0
t_has "GAD-7: 6 points lower, reliable" "$T_OUT" \
	"6 points lower than when you started: a reliable improvement."
t_run 0 "PHQ-9 better" ta $((T0 + 21 * DAY)) phq9 --answers 0,1,0,1,0,0,0,0,0
t_has "PHQ-9 7 points lower" "$T_OUT" \
	"7 points lower than when you started: a reliable improvement."
t_has "recovery on both" "$T_OUT" "reliable recovery"

# The table and the chart.
t_run 0 "--table" ta $((T0 + 22 * DAY)) phq9 --table
t_has "table header" "$T_OUT" "Date"
t_has "table: the first row" "$T_OUT" "2026-01-01      9  Mild"
t_has "table: reliable change marked" "$T_OUT" "+7 reliably worse"
rows=$(printf '%s\n' "$T_OUT" | wc -l)
t_check "table: one line per score and a header" test "$rows" = 6
t_run 0 "--chart at 80x24" env COLUMNS=80 LINES=24 sh -c \
	"TEND_NOW=$T0 $TEND --data-dir $D assess phq9 --chart --passphrase-fd 3 3<$P"
lines=$(printf '%s\n' "$T_OUT" | wc -l)
t_check "chart: 23 lines at 24 rows" test "$lines" = 23
wide=$(printf '%s\n' "$T_OUT" | python3 -c 'import sys; print(sum(len(l.rstrip("\n")) > 80 for l in sys.stdin))')
t_check "chart: no line wider than 80 columns" test "$wide" = 0
t_has "chart: bands labelled" "$T_OUT" "Moderately severe"
t_has "chart: the cut-off" "$T_OUT" "cut-off 10"
t_has "chart: dates" "$T_OUT" "01 Jan"
t_has "chart: the latest date" "$T_OUT" "22 Jan"
t_has "chart: UTF-8 points" "$T_OUT" "●"
t_run 0 "--chart in ASCII" env COLUMNS=80 LINES=24 LC_ALL=C sh -c \
	"TEND_NOW=$T0 $TEND --data-dir $D assess phq9 --chart --passphrase-fd 3 3<$P"
nonascii=$(printf '%s\n' "$T_OUT" | LC_ALL=C grep -c '[^ -~]')
t_check "ASCII chart: only ASCII" test "$nonascii" = 0
t_has "ASCII chart: points" "$T_OUT" "*"

# Entering the severe band pauses even without reliable deterioration.
D2="$T_TMP/data2"
t_run 0 "second vault" tend --data-dir "$D2" init --kdf interactive \
	--passphrase-fd 3 3<"$P"
t_run 0 "GAD-7 at 12" sh -c "TEND_NOW=$T0 $TEND --data-dir $D2 assess gad7 --answers 2,2,2,2,2,1,1 --passphrase-fd 3 3<$P"
t_run 0 "GAD-7 at 15" sh -c "TEND_NOW=$((T0 + 7 * DAY)) $TEND --data-dir $D2 assess gad7 --answers 3,2,2,2,2,2,2 --passphrase-fd 3 3<$P"
t_has "severe: 3 points is not reliable" "$T_OUT" "not a reliable change yet"
t_has "severe: paused" "$T_OUT" "is in the severe range"
t_run 0 "GAD-7 back at 10" sh -c "TEND_NOW=$((T0 + 14 * DAY)) $TEND --data-dir $D2 assess gad7 --answers 2,2,2,1,1,1,1 --passphrase-fd 3 3<$P"
t_has "a later score lifts the pause" "$T_OUT" "The pause is lifted"

# The line-by-line mode: back to change an answer, review, confirm.
t_run 0 "line by line" sh -c "printf '1\nb\n2\n3\ny\n' | TEND_NOW=$T0 $TEND --data-dir $D2 assess gad2 --passphrase-fd 3 3<$P"
t_has "line: the recall window" "$T_OUT" "Over the last 2 weeks, how often"
t_has "line: the review" "$T_OUT" "Your answers:"
t_has "line: back changed the first answer" "$T_OUT" "GAD-2: 5 (range 0 to 6)"
t_run 1 "line: end of input saves nothing" sh -c "printf '1\n' | TEND_NOW=$T0 $TEND --data-dir $D2 assess gad2 --passphrase-fd 3 3<$P"
t_has "line: nothing saved" "$T_OUT" "Nothing was saved."
t_run 0 "line: a risk answer shows the contacts at once" sh -c "printf '0\n0\n0\n0\n0\n0\n0\n0\n1\n\n0\ny\n' | TEND_NOW=$T0 $TEND --data-dir $D2 assess phq9 --region US --passphrase-fd 3 3<$P"
safety_at=$(printf '%s\n' "$T_OUT" | grep -n 'safety comes first' | cut -d: -f1)
extra_at=$(printf '%s\n' "$T_OUT" | grep -n 'If you checked off any problems' | cut -d: -f1)
t_check "line: the contacts come before the next question" \
	test "${safety_at:-99}" -lt "${extra_at:-0}"
t_has "line: US contacts" "$T_OUT" "988 Suicide & Crisis Lifeline: call 988"
brief_at=$(printf '%s\n' "$T_OUT" | grep -n 'If you are in crisis now: call 911, or 988' | cut -d: -f1)
item1_at=$(printf '%s\n' "$T_OUT" | grep -n "^1/9\\. " | cut -d: -f1)
t_check "line: crisis information before a questionnaire with a risk item" \
	test "${brief_at:-99}" -lt "${item1_at:-0}"
t_run 0 "line: no crisis line before GAD-2" sh -c "printf '0\n0\ny\n' | TEND_NOW=$T0 $TEND --data-dir $D2 assess gad2 --passphrase-fd 3 3<$P"
t_lacks "line: GAD-2 has no risk item" "$T_OUT" "If you are in crisis now"

# The AUDIT-C as the person's country asks it: the clinic's GB gives the
# UK form in units (cut-off 5); --region US the US form in drinks (3 for
# women, 4 for men).  A score of 9 is named and gets a next step, with the
# withdrawal warning first.
t_run 0 "AUDIT-C in GB" ta $((T0 + 40 * DAY)) auditc --answers 3,3,3
t_has "GB: the UK band" "$T_OUT" \
	"AUDIT-C: 9 (range 0 to 12), Increasing or higher risk (5 or more)."
t_has "GB: the withdrawal warning" "$T_OUT" "do not stop all at once"
t_has "GB: a next step" "$T_OUT" "talk with your GP about your drinking"
warn=$(printf '%s\n' "$T_OUT" | grep -n "do not stop all at once" | cut -d: -f1)
cut=$(printf '%s\n' "$T_OUT" | grep -n "cut down" | head -1 | cut -d: -f1)
t_check "GB: the warning before any advice to cut down" \
	test -n "$warn" -a -n "$cut" -a "${warn:-9}" -le "${cut:-0}"
t_run 0 "AUDIT-C in the US" ta $((T0 + 41 * DAY)) auditc --region US \
	--answers 1,1,1
t_has "US: the women's cut-off named" "$T_OUT" \
	"At the screening cut-off for women (3), below the one for men (4)"
t_lacks "US: no units" "$T_OUT" "units"
t_run 0 "the PHQ panic question" ta $((T0 + 42 * DAY)) phqpanic --answers 1
t_has "panic: the answer, not a score" "$T_OUT" \
	"PHQ panic question: Sudden attacks of fear or panic in the last 4 weeks."
t_lacks "panic: no range" "$T_OUT" "range 0 to 1"
t_run 0 "PCL-5 of 33" ta $((T0 + 43 * DAY)) pcl5 \
	--answers 2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,1,1,1,1,0
t_has "PCL-5: trauma-focused treatment" "$T_OUT" "trauma-focused treatment"
t_run 0 "PSWQ of 65" ta $((T0 + 44 * DAY)) pswq \
	--answers 1,5,1,5,5,5,5,1,4,1,1,4,4,4,4,1
t_has "PSWQ: worry-focused treatment" "$T_OUT" "worry-focused treatment"

t_done
