#!/bin/sh
# The check-in screens in a real terminal (tmux, 80x24): one item at a time
# under the recall window; a PHQ-9 with item 9 answered 1 opens the safety
# screen at once, before any score; back changes an answer; review and
# confirm; a reliable deterioration pauses the course; the chart renders at
# 80x24 in UTF-8 and in ASCII.  Driven through tests/tools/assess_tui (the
# real screens in the real shell) until the home screen offers check-ins.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

TOOL="$TOP/${BUILD:-build}/tools/assess_tui"
[ -x "$TOOL" ] || TOOL="$(dirname "$TEND")/tools/assess_tui"
D="$T_TMP/data"
P="$T_TMP/pass"
echo "a long test passphrase 4711" >"$P"
export TEND_SYSCONF_DIR="$T_TMP/etc"
mkdir -p "$TEND_SYSCONF_DIR"
echo "region = US" >"$TEND_SYSCONF_DIR/config"
T0=1767261600

t_run 0 "init" tend --data-dir "$D" init --kdf interactive --passphrase-fd 3 3<"$P"
t_run 0 "a PHQ-9 baseline" sh -c "TEND_NOW=$T0 $TEND --data-dir $D assess phq9 --answers 1,1,1,1,1,0,0,0,0 --passphrase-fd 3 3<$P"

run_tool() { # run_tool NOW ARGS...
	now=$1
	shift
	e2e_stop
	TEND_NOW=$now e2e_start 80 24 sh -c \
		"TEND_SYSCONF_DIR=$TEND_SYSCONF_DIR $TOOL $D $* 3<$P"
}

run_tool $((T0 + 7 * 86400)) phq9
e2e_expect "intro: title" "Patient Health Questionnaire (PHQ-9)"
e2e_expect "intro: crisis line first" "If you are in crisis now: call 911, or 988 Suicide & Crisis Lifeline on 988."
e2e_expect "intro: crisis key named" "Press ! at any time for crisis contacts"
e2e_keys Enter
e2e_expect "item 1 of 9" "PHQ-9: question 1 of 9"
e2e_expect "the recall window is shown" "Over the last 2 weeks, how often"
e2e_keys Enter
e2e_expect "no skipping" "Every question needs an answer"
e2e_keys 3
e2e_expect "a number answers and moves on" "question 2 of 9"
e2e_keys b
e2e_expect "b goes back" "question 1 of 9"
e2e_keys 2 2 2 2 2 2 2 2
e2e_expect "item 9" "question 9 of 9"
e2e_still "recall window still visible on item 9" "Over the last 2 weeks"
e2e_keys 1
e2e_expect "item 9 = 1: the safety screen at once" "Your safety comes first"
e2e_expect "safety: nobody is alerted" "tend cannot alert anyone"
e2e_expect "safety: the region's contacts" "988 Suicide & Crisis Lifeline: call 988"
t_lacks "safety: no score before it" "$(e2e_screen)" "range 0 to 27"
e2e_keys q
e2e_expect "then the remaining question" "one more question"
e2e_keys 0
e2e_expect "review" "Check your answers"
e2e_keys s
e2e_expect "confirm before saving" "Save these answers?"
e2e_keys y
e2e_expect "the score after saving" "PHQ-9: 17 (range 0 to 27), Moderately severe"
e2e_expect "the change in words" "points higher than when you started: a reliable deterioration."
e2e_expect "deterioration pauses the course" "The next lesson will wait for now."
e2e_expect "advice to contact a GP" "talk to your GP or clinic"
e2e_keys q
e2e_wait_exit
t_check "the screen closes with q" e2e_dead
t_check "and exits 0" test "$(e2e_status)" = 0
t_run 0 "the pause is kept in the vault" sh -c "TEND_NOW=$T0 $TEND --data-dir $D assess --continue --passphrase-fd 3 3<$P"
t_has "the pause was there to lift" "$T_OUT" "The course goes on."

# A small terminal, resizing, Left to go back, changing an answer from
# the review; leaving without saving saves nothing.
e2e_stop
TEND_NOW=$((T0 + 7 * 86400)) e2e_start 40 12 sh -c \
	"TEND_SYSCONF_DIR=$TEND_SYSCONF_DIR $TOOL $D gad2 3<$P"
e2e_expect "40x12: intro" "Generalized Anxiety"
e2e_keys Enter
e2e_expect "40x12: the recall window" "Over the last 2 weeks"
e2e_expect "40x12: the options" "Nearly every day"
e2e_resize 100 30
# Wider than the reading measure (80): laid out again at the measure, not
# at the terminal's width.
e2e_expect "100x30: re-laid out" \
	"Over the last 2 weeks, how often have you been bothered by any of the following"
e2e_still "100x30: the same question" "GAD-2: question 1 of 2"
e2e_keys 1
e2e_expect "second item" "question 2 of 2"
e2e_keys Left
e2e_expect "Left goes back" "question 1 of 2"
e2e_resize 80 24
# first_row_says TEXT: the review's first row shows the answer TEXT.
first_row_says() { e2e_screen | grep -F "on edge" | grep -qF -- "$1"; }
e2e_keys 2 3
e2e_expect "review" "Check your answers"
e2e_until "the first answer as given" first_row_says "2 More than half"
e2e_keys Enter
e2e_expect "Enter on the first answer changes it" "question 1 of 2"
e2e_keys 0
e2e_expect "back to the review after changing" "Check your answers"
e2e_until "review shows the changed answer" first_row_says "0 Not at all"
e2e_keys q
e2e_expect "leaving asks first" "Leave without saving these answers?"
e2e_keys y
e2e_wait_exit
t_check "left without saving" e2e_dead
t_run 0 "nothing saved for GAD-2" sh -c "TEND_NOW=$T0 $TEND --data-dir $D assess gad2 --table --passphrase-fd 3 3<$P"
rows=$(printf '%s\n' "$T_OUT" | wc -l)
t_check "the GAD-2 table has only its header" test "$rows" = 1

# The longest item at the smallest size: all of it and every option.
e2e_stop
TEND_NOW=$((T0 + 7 * 86400)) e2e_start 40 12 sh -c \
	"TEND_SYSCONF_DIR=$TEND_SYSCONF_DIR $TOOL $D pcl5 3<$P"
e2e_expect "PCL-5 intro" "PTSD Checklist"
e2e_keys Enter 1 1 1 1 1 1 1 1
e2e_expect "40x12: PCL-5 item 9" "question 9 of 20"
e2e_expect "40x12: the whole item" "the world is completely dangerous)?"
e2e_still "40x12: the recall window" "In the past month"
e2e_still "40x12: the first option" "0  Not at all"
e2e_still "40x12: the last option" "4  Extremely"

# The chart at 80x24, UTF-8 and ASCII.
run_tool $((T0 + 8 * 86400)) phq9 --chart
e2e_expect "chart: title" "PHQ-9 over time (lower is better)"
e2e_expect "chart: UTF-8 axis" "└"
e2e_expect "chart: band label" "Moderately severe"
e2e_expect "chart: dates on the axis" "08 Jan"
e2e_expect "chart: the cut-off" "cut-off 10"
e2e_keys t
e2e_expect "t: the table view" "From the start"
e2e_stop
E2E_LANG=C run_tool $((T0 + 8 * 86400)) phq9 --chart
e2e_expect "ASCII chart: title" "PHQ-9 over time"
e2e_expect "ASCII chart: axis" "+---"
e2e_expect "ASCII chart: dates on the axis" "08 Jan"
scr=$(e2e_screen)
nonascii=$(printf '%s\n' "$scr" | LC_ALL=C grep -c '[^ -~]')
t_check "ASCII chart: no UTF-8 glyphs" test "$nonascii" = 0
e2e_stop

t_done
