#!/bin/sh
# No invisible control reaches the terminal.  The course of
# tests/fixtures/packs/bidi holds the bidirectional controls (U+202A-202E,
# U+2066-2069), the marks U+200E, U+200F and U+061C in every text: course
# and lesson titles and bodies, the questions in lessons, questionnaire
# titles, items and options, worksheet labels, help and choices, crisis
# names and numbers.  The full screen, plain mode and the commands
# (render, check-content on it and on the hostile pack, assess, status) run
# in a real terminal with its raw output captured (tmux pipe-pane: the
# bytes the program wrote, before any terminal read them), and the capture
# must hold none of their UTF-8 byte sequences, while holding the texts
# around them (so the capture saw the content).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

BIDI="$TOP/tests/fixtures/packs/bidi"
D="$T_TMP/data"
P="$T_TMP/pass"
PASS="a long test passphrase 4711"
echo "$PASS" >"$P"
mkdir -p "$T_TMP/etc"
export TEND_SHARE_DIR="$BIDI" TEND_SYSCONF_DIR="$T_TMP/etc"
# UTF-8 of U+200E-200F, U+2028-202E, U+2066-2069, U+061C, U+FFF9-FFFB.
FMT=$(printf '\342\200[\216\217\250-\256]|\342\201[\246-\251]|\330\234|\357\277[\271-\273]')

t_run 0 "init" tend --data-dir "$D" init --kdf interactive --passphrase-fd 3 3<"$P"

# capture NAME CMD...: CMD in a fresh 100x30 terminal whose raw output
# goes to $T_TMP/NAME.raw from its first byte (the command waits for a
# line on its input until the capture runs).
capture() {
	cap_name=$1
	shift
	e2e_stop
	E2E_SOCK="tend-e2e-$$-$cap_name"
	RAW="$T_TMP/$cap_name.raw"
	: >"$RAW"
	# e2e_start sets TEND_SHARE_DIR to the source tree: the pack's
	# folder is set again inside.
	e2e_start 100 30 sh -c 'read go; "$@"' sh env \
		TEND_SHARE_DIR="$BIDI" TEND_SYSCONF_DIR="$T_TMP/etc" "$@"
	tmux -L "$E2E_SOCK" pipe-pane -t t -o "cat >>'$RAW'"
	e2e_keys Enter
}

# clean NAME: the capture holds no invisible control, and holds TEXT...
clean() {
	cl_name=$1
	shift
	for want in "$@"; do
		if ! t_wait_for 5 grep -qF -- "$want" "$RAW"; then
			t_fail "$cl_name: the capture has the text \"$want\""
			return 0
		fi
	done
	if LC_ALL=C grep -qE "$FMT" "$RAW"; then
		t_fail "$cl_name: no invisible control reached the terminal" \
			"$(LC_ALL=C grep -aoE ".{0,30}($FMT).{0,10}" "$RAW" | head -5 | od -c | head -20)"
	else
		t_ok "$cl_name: no invisible control reached the terminal ($(wc -c <"$RAW") bytes)"
	fi
}

# ---- the full screen ----
capture screen "$TEND" --data-dir "$D"
e2e_expect "unlock" "Passphrase:"
e2e_keys -l "$PASS"
e2e_keys Enter
e2e_expect "the country: the crisis region's name" "1  RegionName"
e2e_keys 1
e2e_expect "welcome: crisis region and emergency number" "RegionName: emergency 999"
e2e_expect "welcome: a crisis contact" "ContactName: call 116 123 (ContactHours)"
e2e_keys Enter
e2e_expect "the suitability check" "check that tend suits you"
e2e_keys Enter
e2e_expect "the baseline check-in: its title" "InstrumentTitle"
e2e_expect "... its instructions" "InstrumentInstructions"
e2e_keys Enter
e2e_expect "an item" "ItemFirst"
e2e_expect "its options" "OptionZero"
e2e_expect "the time window" "WindowText"
e2e_keys 1
e2e_expect "the second item" "ItemSecond"
e2e_keys 1
e2e_expect "review" "Check your answers"
e2e_keys s
e2e_expect "confirm" "Save these answers?"
e2e_keys y
e2e_expect "a band label" "BandMedium"
e2e_keys q
e2e_expect "home: the course title" "BidiCourse"
e2e_expect "home: a lesson title" "LessonOne"
e2e_expect "home: a suggestion and its reason" "BecauseReason"
e2e_expect "home: the questionnaire's short name" "Check-in: ShortName"
e2e_keys Enter
e2e_expect "the lesson: its heading" "Heading with controls"
e2e_expect "its body" "Body text with every kind of control in it."
e2e_expect "the question, in the lesson" "PromptQuestion"
e2e_expect "the worksheet note" "WorksheetNote"
e2e_keys Tab Enter
e2e_expect "the question opens" "Your answer"
e2e_keys Escape
e2e_gone "... and closes" "Your answer"
e2e_keys q
e2e_expect "home again" "Extra lessons you can add"
e2e_keys n
e2e_expect "the worksheets: a summary" "WorksheetSummary"
e2e_still "... and a title" "1  WorksheetTitle"
e2e_keys Enter
e2e_expect "the form: a label" "FieldLabel"
e2e_expect "... its help" "FieldHelp"
e2e_keys "an answer" Tab
e2e_expect "a choice" "ChoiceAlpha"
e2e_keys F2
e2e_expect "crisis contacts from the form" "ContactHours"
e2e_keys q
e2e_expect "back in the form" "ChoiceBeta"
e2e_keys F10
e2e_expect "the form closes, saved: home once more" "Extra lessons you can add"
e2e_keys Q
e2e_exits "the full screen ends"
clean "full screen" BidiCourse LessonOne ItemFirst OptionZero FieldLabel \
	ContactName RegionName PromptQuestion

# ---- plain mode ----
capture plain sh -c "exec '$TEND' --data-dir '$D' --plain --passphrase-fd 3 3<'$P'"
e2e_expect "plain: the course" "BidiCourse"
e2e_keys "lessons" Enter
e2e_expect "plain: the lessons" "1. LessonOne"
e2e_keys "read 1" Enter
e2e_expect "plain: the lesson" "Body text with every kind"
e2e_expect "plain: its question" "Your answer (Enter skips)"
e2e_keys Enter
e2e_expect "plain: the worksheet offered" "Fill in a WorksheetTitle now?"
e2e_keys "no" Enter
e2e_keys "worksheet mood-note" Enter
e2e_expect "plain: a worksheet label" "FieldLabel (needed)"
e2e_keys "text" Enter
e2e_expect "plain: the choices" "1 ChoiceAlpha, 2 ChoiceBeta."
e2e_keys 1 Enter
e2e_expect "plain: saved" "Well done for doing this."
e2e_keys "!" Enter
e2e_expect "plain: crisis help" "ContactHours"
e2e_keys "checkin mood2" Enter
e2e_expect "plain: an item" "ItemFirst"
e2e_keys 1 Enter
e2e_expect "plain: the next item" "ItemSecond"
e2e_keys 1 Enter
e2e_expect "plain: the answers to confirm" "Save these answers?"
e2e_keys y Enter
e2e_expect "plain: the score and band" "BandMedium"
e2e_keys quit Enter
e2e_exits "plain mode ends"
clean "plain mode" BidiCourse LessonTwo FieldLabel ChoiceBeta ContactHours \
	ItemSecond

# ---- the commands ----
L="$BIDI/content/demo/01-start.md"
capture cli sh -c "
'$TEND' render '$L'
'$TEND' render --plain --width 30 '$L'
cd '$TOP/tests/fixtures/packs' && '$TEND' check-content bidi
'$TEND' check-content hostile
'$TEND' --data-dir '$D' assess mood2 --answers 2,1 --passphrase-fd 3 3<'$P'
'$TEND' --data-dir '$D' assess mood2 --table --passphrase-fd 3 3<'$P'
'$TEND' --data-dir '$D' assess --list
'$TEND' --data-dir '$D' status --passphrase-fd 3 3<'$P'
echo commands-done"
e2e_expect "the commands ran" "commands-done"
clean "render, check-content, assess, status" "Heading with controls" \
	"control characters removed" "05-lmth.exe.md" BandMedium InstrumentTitle \
	ShortName BidiCourse
t_done
