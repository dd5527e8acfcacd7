#!/bin/sh
# The graded risk pathway and the safety keys, in a real terminal (tmux,
# 80x24) and in plain mode, on the bundled course with a frozen clock:
#   - a PHQ-9 item 9 answer of 2 asks, in plain words, about a plan; a yes
#     shows the emergency number before anything else (plain mode here;
#     the full screen and tend assess in test_checkin_parity.sh);
#   - the next opening (a later run) asks how the person has been since,
#     once; "worse" opens the safety screen; the next check-in in a later
#     run asks too;
#   - the home screen offers the safety plan from the first day (p), the
#     crisis screen names the country and changes it (c), an unlisted
#     country is said to be unlisted, with 112 in the EU.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

command -v tmux >/dev/null || t_skip_all "tmux is not installed"
SEED="$(dirname "$TEND")/tools/course_seed"
P="$T_TMP/pass"
PASS="a long test passphrase 4711"
echo "$PASS" >"$P"
export TEND_SYSCONF_DIR="$T_TMP/etc" COLUMNS=80
mkdir -p "$TEND_SYSCONF_DIR"
DAY=86400
T0=1793527200 # Sunday 1 November 2026, 10:00 UTC

vault() {
	tend --data-dir "$1" init --kdf interactive --passphrase-fd 3 3<"$P" \
		>/dev/null 2>&1
}
# plainrun DIR NOW LINE...: plain mode with those lines; output in $T_OUT.
plainrun() {
	pd=$1
	pn=$2
	shift 2
	printf '%s\n' "$@" quit >"$T_TMP/in"
	t_run 0 "plain at $pn" sh -c "TEND_NOW=$pn '$TEND' --plain \
		--data-dir '$pd' --passphrase-fd 3 3<'$P' <'$T_TMP/in'"
}
# line_of TEXT: the first line of $T_OUT holding TEXT (0: none).
line_of() {
	printf '%s\n' "$T_OUT" | grep -nF -- "$1" | head -1 | cut -d: -f1 |
		grep . || echo 0
}

# 1. Plain mode: the country at the first run, then item 9 at 2: the plan
# question; yes: the emergency number first.
V="$T_TMP/plain"
vault "$V"
plainrun "$V" $T0 GB '' 'checkin phq9' 0 0 0 0 0 0 0 0 2 1 '' '' y
t_has "plain: the plan question, in plain words" "$(printf '%s\n' "$T_OUT" |
	tr '\n' ' ')" "Have you made a plan to end your life or to harm yourself, or \
have you started to act on these thoughts?"
ask=$(line_of "  2  No")
call=$(line_of "Please call 999 now")
lines=$(printf '%s\n' "$T_OUT" | sed -n "${call},\$p" | grep -n "Samaritans: call" |
	head -1 | cut -d: -f1)
t_check "plain: a yes brings the call to 999 right after the question" \
	test "$call" -gt "$ask"
t_check "plain: nothing between the answer and the call but a blank line" \
	test "$(printf '%s\n' "$T_OUT" | sed -n "$((ask + 1)),$((call - 1))p" |
		grep -cv '^\(  [12]  .*\|> .*\|\)$')" = 0
t_check "plain: the lines come after it" test -n "$lines"
t_has "plain: the safety plan is offered" "$T_OUT" \
	"Type plan to write your safety plan now"
t_check "plain: the yes is kept with its date" sh -c "'$TEND' --data-dir \
	'$V' export --format json --passphrase-fd 3 3<'$P' | python3 -c '
import json, sys
f = json.load(sys.stdin)[\"tables\"][\"flags\"]
assert any(x[\"kind\"] == \"risk_plan_yes\" and x[\"raised_at\"] == $T0 for x in f), f
'"
t_has "plain: the safety plan offered from the start" "$T_OUT" \
	"Your safety plan: type plan to write it"
# The safety plan in plain mode: written with the plan command, then shown
# with the crisis help, under the worksheet's labels.
plainrun "$V" $T0 plan yes 'Not sleeping' 'Walk the dog' q '!'
t_has "plain plan: offered when there is none" "$T_OUT" \
	"You have not written a safety plan yet."
t_has "plain plan: the form" "$T_OUT" "Signs that a crisis may be building"
crisis=$(line_of "If you are in danger now")
t_has "plain plan: shown with crisis help" \
	"$(printf '%s\n' "$T_OUT" | sed -n "${crisis},\$p")" "Your safety plan
Signs that a crisis may be building
  Not sleeping
Things I can do on my own to get through it
  Walk the dog"
t_lacks "plain plan: no field names" "$T_OUT" "warning-signs"
# The same run: no "since" at a second check-in.
plainrun "$V" $T0 'checkin gad7' 0 0 0 0 0 0 0 '' y
t_has "plain: the plan in the overview" "$T_OUT" \
	"Your safety plan: type plan to see it."
t_lacks "plain: not asked again in the same run's time" "$T_OUT" \
	"How have you been since then?"

# 2. A week later, plain mode opens: how have you been since?  Worse: the
# safety text.  Asked once: not at the next opening.
plainrun "$V" $((T0 + 7 * DAY)) 3
t_has "plain next open: asks how since" "$T_OUT" "How have you been since then?"
t_has "plain next open: says why" "$(printf '%s\n' "$T_OUT" | tr '\n' ' ')" \
	"Last time, one of your answers said you were having thoughts of \
harming yourself."
since=$(line_of "How have you been since then?")
safety=$(printf '%s\n' "$T_OUT" | sed -n "${since},\$p" |
	grep -n "Your safety comes first" | head -1 | cut -d: -f1)
t_check "plain next open: worse brings the safety text" test -n "$safety"
plainrun "$V" $((T0 + 7 * DAY + 60))
t_lacks "plain: asked once" "$T_OUT" "How have you been since then?"
# The next check-in (tend assess, a later run) asks too, before item 1.
printf '%s\n' 1 0 0 0 0 0 0 0 0 0 '' y >"$T_TMP/in"
t_run 0 "tend assess: the next check-in" sh -c "TEND_NOW=$((T0 + 8 * DAY)) \
	'$TEND' --data-dir '$V' assess phq9 --passphrase-fd 3 3<'$P' <'$T_TMP/in'"
since=$(line_of "How have you been since then?")
item1=$(line_of "1/9.")
t_check "tend assess: how since, before the first item" \
	test "$since" -gt 0 -a "$since" -lt "$item1"
t_check "the two answers are kept" sh -c "'$TEND' --data-dir '$V' export \
	--format json --passphrase-fd 3 3<'$P' | python3 -c '
import json, sys
f = json.load(sys.stdin)[\"tables\"][\"flags\"]
kinds = [x[\"kind\"] for x in f if x[\"kind\"].startswith(\"risk_since\")]
assert kinds == [\"risk_since_worse\", \"risk_since_better\"], kinds
'"

# Plain mode, "about the same": the kind reply, in full.
V2="$T_TMP/plain2"
vault "$V2"
plainrun "$V2" $T0 GB '' 'checkin phq9' 0 0 0 0 0 0 0 0 1 '' y
t_lacks "plain: item 9 at 1, no plan question" "$T_OUT" "Have you made a plan"
plainrun "$V2" $((T0 + 7 * DAY)) 2
since=$(line_of "How have you been since then?")
reply=$(line_of "Thank you for saying.")
t_check "plain next open: about the same, a kind reply after the question" \
	test "$since" -gt 0 -a "$reply" -gt "$since"
t_has "plain: the whole reply" "$(printf '%s\n' "$T_OUT" | tr '\n' ' ')" \
	"please talk to someone today"
t_lacks "plain: about the same is not worse" "$T_OUT" "Your safety comes first"

# 3. The full screen: a risk answer in an earlier run, then the next
# opening asks how since; the home screen's safety plan; the crisis
# screen's country.
D="$T_TMP/tui"
vault "$D"
TEND_NOW=$T0 "$SEED" --data-dir "$D" --passphrase-fd 3 start 3<"$P" >/dev/null
plainrun "$D" $T0 country GB 'checkin phq9' 1 1 1 1 1 1 1 1 1 '' '' y
t_has "plain: the country command" "$T_OUT" "Your country: United Kingdom."
t_lacks "a risk answer at 1: no plan question" "$T_OUT" "Have you made a plan"
t_has "... the safety text" "$T_OUT" "Your safety comes first"

run() {
	e2e_stop
	TEND_NOW=$1 e2e_start 80 24 sh -c \
		"TEND_SYSCONF_DIR=$TEND_SYSCONF_DIR '$TEND' --data-dir '$D'"
}
run $((T0 + 7 * DAY))
e2e_expect "unlock" "Welcome back"
e2e_keys "$PASS" Enter
e2e_expect "next open: how since" "How have you been since then?" 15
e2e_still "next open: why it asks" "Last time, one of your answers said"
e2e_still "next open: the choices" "3  Worse"
e2e_keys 2
e2e_expect "about the same: a kind reply" "Thank you for saying."
e2e_still "... all of it" "talk to someone today"
e2e_keys Enter
e2e_gone "Enter closes the reply" "Thank you for saying."
e2e_still "then home" "0 of 8 lessons done"
e2e_still "home: the safety plan from the first day" \
	"p  Write your safety plan"
e2e_keys p
e2e_expect "p opens the safety plan" "My safety plan"
e2e_keys "Not sleeping"
e2e_expect "a first answer" "Not sleeping"
e2e_keys Escape
e2e_expect "closing early asks" "Not finished yet"
e2e_keys y
e2e_expect "back home: the plan is there" "p  Your safety plan"
e2e_keys '!'
e2e_expect "the crisis screen names the country" "Your country: United Kingdom."
e2e_still "with the UK's lines" "Samaritans: call 116 123"
e2e_still "and the key to change it" "c: change your country"
t_lacks "no other country's line" "$(e2e_screen)" "988"
e2e_still "the crisis screen shows the plan" "Not sleeping"
e2e_still "under the worksheet's own label" "Signs that a crisis may be building"
t_lacks "no field names" "$(e2e_screen)" "warning-signs"
e2e_keys p
e2e_expect "p on the crisis screen opens the plan" "My safety plan"
e2e_keys Escape
e2e_expect "closing early asks again" "Not finished yet"
e2e_keys y
e2e_expect "back to the crisis screen" "c: change your country"
e2e_keys c
e2e_expect "c: the country chooser" "Now: United Kingdom."
e2e_keys G Enter
e2e_expect "another country by its code" "Its two-letter code"
e2e_keys d k Enter
e2e_expect "Denmark: not listed" "Denmark is not in tend's list of countries"
e2e_still "Denmark: 112" "In an emergency, call 112."
t_lacks "Denmark: no UK line" "$(e2e_screen)" "Samaritans"
e2e_keys q
e2e_expect "back home again" "0 of 8 lessons done"
e2e_keys Q
e2e_exits "leaves"

# Asked once: the next opening goes straight home.
run $((T0 + 7 * DAY + 600))
e2e_expect "unlock again" "Welcome back"
e2e_keys "$PASS" Enter
e2e_expect "home" "0 of 8 lessons done" 15
t_lacks "not asked twice" "$(e2e_screen)" "How have you been since then?"
e2e_keys Q
e2e_exits "leaves again"
e2e_stop

# 4. The suitability check at the first run, in the full screen: marks
# by number, a plan brings the emergency number first, then the advice;
# never a block: Enter goes on to the course.
S="$T_TMP/suit"
vault "$S"
TEND_NOW=$T0 e2e_start 80 24 sh -c \
	"TEND_SYSCONF_DIR=$TEND_SYSCONF_DIR '$TEND' --data-dir '$S'"
e2e_expect "suit: unlock" "Welcome back"
e2e_keys "$PASS" Enter
e2e_expect "suit: the country" "Another country: type its code" 15
e2e_keys G Enter
e2e_expect "suit: by its code" "Its two-letter code"
e2e_keys g b Enter
e2e_expect "suit: the welcome" "Welcome to tend"
e2e_keys Enter
e2e_expect "suit: the check" "A few questions to check that tend suits you"
e2e_still "suit: the age" "[ ]  I am younger than 18."
e2e_still "suit: a plan to end one's life" "I have a plan to end my life"
e2e_keys '!'
e2e_expect "suit: crisis help is one key away here too" "Samaritans: call 116 123"
e2e_keys q
e2e_expect "suit: back to the check" "A few questions to check that tend suits you"
e2e_keys 3
e2e_expect "suit: a number marks" "3  [x]"
e2e_keys 3
e2e_gone "suit: again unmarks" "3  [x]"
e2e_keys 2 4
e2e_expect "suit: two marked" "4  [x]"
e2e_keys Enter
e2e_expect "suit: a plan: the emergency number first" "Please call 999 now"
t_check "suit: ... on the first line under the title" sh -c \
	"tmux -L '$E2E_SOCK' capture-pane -p -t t | sed -n 3p | grep -q 'Please call 999 now'"
e2e_keys G
e2e_expect "suit: the advice for the marks" "bipolar disorder or psychosis"
e2e_still "suit: never a block" "This is advice, not a rule"
e2e_keys Enter
e2e_expect "suit: Enter goes on to the course" "Patient Health Questionnaire (PHQ-9)" 15
e2e_keys Q
e2e_exits "suit: leaves"
t_check "suit: the marks are kept with their date" sh -c "'$TEND' --data-dir \
	'$S' export --format json --passphrase-fd 3 3<'$P' | python3 -c '
import json, sys
f = json.load(sys.stdin)[\"tables\"][\"flags\"]
k = sorted(x[\"kind\"] for x in f if x[\"raised_at\"] == $T0)
assert k == [\"suit_mania\", \"suit_plan\"], k
'"
e2e_stop
TEND_NOW=$((T0 + 600)) e2e_start 80 24 sh -c \
	"TEND_SYSCONF_DIR=$TEND_SYSCONF_DIR '$TEND' --data-dir '$S'"
e2e_expect "suit: asked once" "Welcome back"
e2e_keys "$PASS" Enter
e2e_expect "suit: not again" "0 of 8 lessons done" 15
e2e_keys Q
e2e_exits "suit: leaves again"
e2e_stop

# Plain mode: the numbers on one line; none marked: no advice.
plainrun "$V2" $((T0 + 7 * DAY + 60))
t_lacks "plain suit: asked once" "$T_OUT" "Before you start: is any of these"
S2="$T_TMP/suit2"
vault "$S2"
plainrun "$S2" $T0 GB 'x' '1,3'
t_has "plain suit: the check" "$T_OUT" "Before you start: is any of these true for you now?"
t_has "plain suit: a wrong answer is asked again" "$T_OUT" \
	"Please type only the numbers shown."
t_has "plain suit: the age" "$T_OUT" "tend is made for adults (18 or older)"
t_has "plain suit: psychosis" "$T_OUT" "bipolar disorder or psychosis"
t_lacks "plain suit: no plan, no emergency call" "$T_OUT" "Please call 999 now"
t_has "plain suit: then the course" "$T_OUT" "What now:"

t_done
