#!/bin/sh
# One check-in, three front ends, the same words.  The same answers go
# through the full screen (tmux, tests/tools/assess_tui), `tend assess
# --answers` and plain mode, each with a vault of its own and the same
# frozen clock; the messages each shows are cut out (the crisis brief
# before a questionnaire with a risk item, the safety text with its crisis
# lines and safety plan part, the score line, the change, the pause) and
# compared line for line once the layout is undone (wrapping, indentation,
# blank lines: tests/tools/checkin_parity.py).  Cases: a PHQ-9 with a risk
# answer on item 9, a GAD-7, a reliable deterioration that pauses the
# course, a relapse after improvement (a reliable rise from the best
# score), and four weeks without reliable improvement (the advice about
# stepped-up care).  A front end that drops, adds or rewords a message
# fails here.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

command -v tmux >/dev/null || t_skip_all "tmux is not installed"
command -v python3 >/dev/null || t_skip_all "python3 is not installed"
TOOL="$TOP/${BUILD:-build}/tools/assess_tui"
[ -x "$TOOL" ] || TOOL="$(dirname "$TEND")/tools/assess_tui"
PARITY="python3 $TOP/tests/tools/checkin_parity.py"
P="$T_TMP/pass"
echo "a long test passphrase 4711" >"$P"
export TEND_SYSCONF_DIR="$T_TMP/etc"
mkdir -p "$TEND_SYSCONF_DIR"
echo "region = GB" >"$TEND_SYSCONF_DIR/config"
T0=1767261600 # 2026-01-01 10:00 UTC
NOW=$((T0 + 14 * 86400))
export COLUMNS=80

# vault NAME: a fresh vault in $T_TMP/NAME.
vault() {
	tend --data-dir "$T_TMP/$1" init --kdf interactive --passphrase-fd 3 \
		3<"$P" >/dev/null 2>&1
}

# cli NAME ID ANSWERS [NOW]: tend assess --answers; output in NAME.cli.
cli() {
	TEND_NOW=${4:-$NOW} tend --data-dir "$T_TMP/$1" assess "$2" \
		--answers "$3" --passphrase-fd 3 3<"$P" >"$T_TMP/$1.cli" 2>&1
}

# plain NAME LINE...: plain mode with those lines typed; output in
# NAME.plain.  A first run does the onboarding (Enter keeps the clinic's
# country), so that its crisis text is not mixed into the check-in's.
plain() {
	pn=$1
	shift
	printf '\n\nquit\n' | TEND_NOW=$NOW tend --plain --data-dir "$T_TMP/$pn" \
		--passphrase-fd 3 3<"$P" >/dev/null 2>&1
	printf '%s\n' "$@" quit | TEND_NOW=$NOW tend --plain \
		--data-dir "$T_TMP/$pn" --passphrase-fd 3 3<"$P" \
		>"$T_TMP/$pn.plain" 2>&1
}

# ui NAME ID: the questionnaire screen in a 200x60 terminal.
ui() {
	e2e_stop
	TEND_NOW=$NOW e2e_start 200 60 sh -c \
		"TEND_SYSCONF_DIR=$TEND_SYSCONF_DIR $TOOL $T_TMP/$1 $2 3<$P"
}

# safety_case CASE: the PHQ-9 with a risk answer in the three front ends
# (vaults CASEcli, CASEplain, CASEui made and set up before); the safety
# block compared.
safety_case() {
	cli "$1cli" phq9 1,1,1,1,1,1,1,1,1
	plain "$1plain" 'checkin phq9' 1 1 1 1 1 1 1 1 1 '' '' y
	ui "$1ui" phq9
	e2e_expect "$1: the intro" "Patient Health Questionnaire (PHQ-9)"
	keys Enter 1 1 1 1 1 1 1 1 1
	e2e_expect "$1: the safety screen" "Your safety comes first"
	e2e_screen >"$T_TMP/$1ui.ui"
	keys q
	e2e_expect "$1: back to the questions" "one more question"
	same "$1" safety
}

# keys KEY...: one key at a time (a digit answers and moves on).
keys() {
	for k in "$@"; do
		e2e_keys "$k"
	done
}

# same CASE BLOCK: BLOCK as the CLI shows it is what plain mode and the
# full screen show, line for line (the CLI does not wrap: its lines are
# the reference paragraphs).
same() {
	for fe in cli plain ui; do
		if ! $PARITY extract "$2" $fe "$T_TMP/$1$fe.$fe" \
			>"$T_TMP/$1.$2.$fe"; then
			t_fail "$1: the $fe front end shows the $2" \
				"$(cat "$T_TMP/$1$fe.$fe")"
			return 0
		fi
	done
	for fe in plain ui; do
		t_check "$1: $fe shows the $2 as the CLI does" \
			$PARITY compare "$1 $2 ($fe)" "$T_TMP/$1.$2.cli" \
			"$T_TMP/$1.$2.$fe"
	done
}

# 1. PHQ-9 with a risk answer on item 9: the safety text, then the result.
vault c1cli
vault c1plain
vault c1ui
cli c1cli phq9 1,1,1,1,1,1,1,1,1
plain c1plain 'checkin phq9' 1 1 1 1 1 1 1 1 1 '' '' y
ui c1ui phq9
e2e_expect "phq9: the intro" "Patient Health Questionnaire (PHQ-9)"
e2e_screen >"$T_TMP/c1.brief.screen"
keys Enter
e2e_expect "phq9: the first item" "question 1 of 9"
keys 1 1 1 1 1 1 1 1 1
e2e_expect "phq9: the safety screen at once" "Your safety comes first"
e2e_screen >"$T_TMP/c1ui.ui"
keys q
e2e_expect "phq9: then the last question" "one more question"
keys Enter
e2e_expect "phq9: the review" "Check your answers"
keys s
e2e_expect "phq9: confirm" "Save these answers?"
keys y
e2e_expect "phq9: the result" "over time"
e2e_screen >>"$T_TMP/c1ui.ui"
same c1 safety
same c1 result
# The brief: the CLI's line-by-line intro, plain mode and the screen.
printf '' | TEND_NOW=$NOW tend --data-dir "$T_TMP/c1cli" assess phq9 \
	--passphrase-fd 3 3<"$P" >"$T_TMP/c1.brief.cli" 2>&1
cp "$T_TMP/c1plain.plain" "$T_TMP/c1.brief.plain"
for fe in cli plain; do
	$PARITY extract brief $fe "$T_TMP/c1.brief.$fe" >"$T_TMP/c1.b.$fe"
done
$PARITY extract brief ui "$T_TMP/c1.brief.screen" >"$T_TMP/c1.b.ui"
t_check "phq9: the CLI shows the crisis brief" test -s "$T_TMP/c1.b.cli"
for fe in plain ui; do
	t_check "phq9: $fe shows the crisis brief as the CLI does" \
		$PARITY compare "phq9 brief ($fe)" "$T_TMP/c1.b.cli" \
		"$T_TMP/c1.b.$fe"
done
# The words themselves, once (the comparisons above prove the rest).
t_has "phq9: the GB lines in the one format" "$(cat "$T_TMP/c1.safety.cli")" \
	"Samaritans: call 116 123"
t_has "phq9: nobody is alerted" "$(cat "$T_TMP/c1.safety.cli")" \
	"tend cannot alert anyone"
t_has "phq9: the score line" "$(cat "$T_TMP/c1.result.cli")" \
	"PHQ-9: 9 (range 0 to 27), Mild, below the clinical cut-off."

# 2. GAD-7: no risk item, no safety text anywhere; the same result.
vault c2cli
vault c2plain
vault c2ui
cli c2cli gad7 2,2,1,1,1,1,1
plain c2plain 'checkin gad7' 2 2 1 1 1 1 1 '' y
ui c2ui gad7
e2e_expect "gad7: the intro" "Generalized Anxiety"
keys Enter 2 2 1 1 1 1 1
e2e_expect "gad7: the last question" "one more question"
keys Enter
e2e_expect "gad7: the review" "Check your answers"
keys s
e2e_expect "gad7: confirm" "Save these answers?"
keys y
e2e_expect "gad7: the result" "over time"
e2e_screen >"$T_TMP/c2ui.ui"
same c2 result
for fe in cli plain ui; do
	t_lacks "gad7: no safety text ($fe)" "$(cat "$T_TMP/c2$fe.$fe")" \
		"safety comes first"
	t_lacks "gad7: no crisis brief ($fe)" "$(cat "$T_TMP/c2$fe.$fe")" \
		"If you are in crisis now"
done

# 3. A baseline of 5, then 12 (7 points higher, a reliable
# deterioration): the course pauses, with the same explanation.
for fe in cli plain ui; do
	vault "c3$fe"
	cli "c3$fe" phq9 1,1,1,1,1,0,0,0,0 $T0
done
cli c3cli phq9 2,2,2,2,1,1,1,1,0
plain c3plain 'checkin phq9' 2 2 2 2 1 1 1 1 0 '' y
ui c3ui phq9
e2e_expect "pause: the intro" "Patient Health Questionnaire (PHQ-9)"
keys Enter 2 2 2 2 1 1 1 1 0
e2e_expect "pause: the last question" "one more question"
keys Enter
e2e_expect "pause: the review" "Check your answers"
keys s
e2e_expect "pause: confirm" "Save these answers?"
keys y
e2e_expect "pause: the result" "over time"
e2e_screen >"$T_TMP/c3ui.ui"
same c3 result
t_has "pause: the change" "$(cat "$T_TMP/c3.result.cli")" \
	"7 points higher than when you started: a reliable deterioration."
t_has "pause: the pause" "$(cat "$T_TMP/c3.result.cli")" \
	"The next lesson will wait for now."

# checkin CASE ANSWER...: the same PHQ-9 answers in plain mode and on the
# screen (the CLI is run by the caller), up to the result.
checkin() {
	cn=$1
	shift
	plain "${cn}plain" 'checkin phq9' "$@" '' y
	ui "${cn}ui" phq9
	e2e_expect "$cn: the intro" "Patient Health Questionnaire (PHQ-9)"
	keys Enter "$@"
	e2e_expect "$cn: the last question" "one more question"
	keys Enter
	e2e_expect "$cn: the review" "Check your answers"
	keys s
	e2e_expect "$cn: confirm" "Save these answers?"
	keys y
	e2e_expect "$cn: the result" "over time"
	e2e_screen >"$T_TMP/${cn}ui.ui"
}

# 4. A relapse: 8, then 4, then 12 (8 above the best, 4 above the
# start): the rise from the best, and the pause.
for fe in cli plain ui; do
	vault "c4$fe"
	cli "c4$fe" phq9 1,1,1,1,1,1,1,1,0 $((T0 - 14 * 86400))
	cli "c4$fe" phq9 1,1,1,1,0,0,0,0,0 $((T0 - 7 * 86400))
done
cli c4cli phq9 2,2,2,1,1,1,1,2,0
checkin c4 2 2 2 1 1 1 1 2 0
same c4 result
t_has "relapse: the rise from the best" "$(cat "$T_TMP/c4.result.cli")" \
	"8 points higher than your best score so far (4): a reliable deterioration."
t_has "relapse: the pause" "$(cat "$T_TMP/c4.result.cli")" \
	"Your PHQ-9 score is clearly worse than your best score so far."

# 5. Four weeks without reliable improvement, still a case: 12, then 11
# 28 days later: the advice about stepped-up care, and no recovery.
for fe in cli plain ui; do
	vault "c5$fe"
	cli "c5$fe" phq9 2,2,2,2,1,1,1,1,0 $((T0 - 14 * 86400))
done
cli c5cli phq9 2,2,2,1,1,1,1,1,0
checkin c5 2 2 2 1 1 1 1 1 0
same c5 result
t_has "step-up: the advice" "$(cat "$T_TMP/c5.result.cli")" \
	"please ask your GP or clinic about guided or stepped-up care."
t_lacks "step-up: no recovery beside it" "$(cat "$T_TMP/c5.result.cli")" \
	"recovery"
e2e_stop

# 6. The person's country, chosen at the first run: an en_US machine in
# the UK.  No config names a country here; only the person's choice does.
# Every front end lists the UK's lines only, says whose they are, and how
# to change the country.
TEND_SYSCONF_DIR="$T_TMP/etc6"
mkdir -p "$TEND_SYSCONF_DIR"
export LC_ALL= LANG=en_US.UTF-8
for fe in cli plain ui; do
	vault "c6$fe"
	printf 'GB\n\nquit\n' | TEND_NOW=$NOW tend --plain --data-dir \
		"$T_TMP/c6$fe" --passphrase-fd 3 3<"$P" >/dev/null 2>&1
done
safety_case c6
for fe in cli plain ui; do
	out=$(cat "$T_TMP/c6.safety.$fe")
	t_has "GB chosen: $fe names the country" "$out" \
		"Your country: United Kingdom."
	t_has "GB chosen: $fe lists GB's lines" "$out" \
		"Samaritans: call 116 123"
	t_lacks "GB chosen: $fe shows no US line" "$out" "988"
	t_lacks "GB chosen: $fe shows no US number" "$out" "911"
done
t_has "GB chosen: the CLI says how to change the country" \
	"$(cat "$T_TMP/c6cli.cli")" "To change your country: tend assess --region"
t_has "GB chosen: plain says how to change the country" \
	"$(cat "$T_TMP/c6plain.plain")" "Type country to change your country"
t_has "GB chosen: the screen has the key" "$(cat "$T_TMP/c6ui.ui")" \
	"c: change your country"

# 7. A country tend has no lines for (Japan): said so, with the local
# emergency number and how to find a line, never another country's lines.
for fe in cli plain ui; do
	vault "c7$fe"
	printf 'JP\n\nquit\n' | TEND_NOW=$NOW tend --plain --data-dir \
		"$T_TMP/c7$fe" --passphrase-fd 3 3<"$P" >/dev/null 2>&1
done
safety_case c7
for fe in cli plain ui; do
	out=$(cat "$T_TMP/c7.safety.$fe")
	t_has "JP: $fe says it is not listed" "$out" \
		"Japan is not in tend's list of countries with crisis lines."
	t_has "JP: $fe says how to find a line" "$out" \
		"To find a crisis line where you live"
	t_lacks "JP: $fe shows no other country's lines" "$out" "Samaritans"
	t_lacks "JP: $fe says no lines are below" "$out" "lines below"
done
e2e_stop

# 8. The graded pathway: item 9 at 2 asks about a plan in plain words; a
# yes gives the urgent text, whose first line is the call to the emergency
# number.  tend assess takes the answer with --plan.
TEND_SYSCONF_DIR="$T_TMP/etc"
for fe in cli plain ui; do
	vault "c8$fe"
done
TEND_NOW=$NOW tend --data-dir "$T_TMP/c8cli" assess phq9 \
	--answers 0,0,0,0,0,0,0,0,2 --plan yes --passphrase-fd 3 3<"$P" \
	>"$T_TMP/c8cli.cli" 2>&1
plain c8plain 'checkin phq9' 0 0 0 0 0 0 0 0 2 1 '' '' y
ui c8ui phq9
e2e_expect "plan: the intro" "Patient Health Questionnaire (PHQ-9)"
keys Enter 0 0 0 0 0 0 0 0 2
e2e_expect "plan: the question about a plan" "Have you made a plan"
e2e_screen >"$T_TMP/c8ui.ui"
keys 1
e2e_expect "plan: yes, the urgent text" "Please call 999 now"
e2e_screen >>"$T_TMP/c8ui.ui"
t_check "plan: the emergency number is the screen's first line" \
	test "$(e2e_screen | grep -v '^ *$' | head -1 | sed 's/^ *//')" = \
	"Please call 999 now"
keys q
e2e_expect "plan: back to the questions" "one more question"
e2e_stop
same c8 ask
same c8 urgent
for fe in cli plain ui; do
	out=$(cat "$T_TMP/c8.urgent.$fe")
	first=$(printf '%s\n' "$out" | grep -n "Please call 999 now" | head -1 |
		cut -d: -f1)
	lines=$(printf '%s\n' "$out" | grep -n "Samaritans: call" | head -1 |
		cut -d: -f1)
	t_check "plan ($fe): the emergency number before the lines" \
		test -n "$first" -a -n "$lines" -a "${first:-0}" -lt "${lines:-0}"
done
t_has "plan: the CLI took --plan" "$(cat "$T_TMP/c8cli.cli")" "(--plan yes)"
t_check "plan: the yes is kept with its date" sh -c "'$TEND' --data-dir \
	'$T_TMP/c8cli' export --format json --passphrase-fd 3 3<'$P' |
	grep -q risk_plan_yes"

t_done
