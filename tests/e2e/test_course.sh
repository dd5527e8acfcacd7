#!/bin/sh
# The course in a real terminal (tmux, 80x24), on the small course of
# tests/fixtures/packs/good with a frozen clock: first run (welcome,
# passphrase, recovery code, baseline check-in) to the home screen and the
# first lesson; a locked lesson explains itself; after the homework and the
# days pass (TEND_NOW), it opens.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

GOOD="$TOP/tests/fixtures/packs/good"
SEED="$(dirname "$TEND")/tools/course_seed"
D="$T_TMP/data"
P="$T_TMP/pass"
PASS="a long test passphrase 4711"
echo "$PASS" >"$P"
export TEND_SYSCONF_DIR="$T_TMP/etc" TEND_SHARE_DIR="$GOOD"
mkdir -p "$TEND_SYSCONF_DIR"
DAY=86400
T0=1793527200 # Sunday 1 November 2026, 10:00 UTC

run() { # run NOW: tend on the demo course at a frozen time
	e2e_stop
	TEND_NOW=$1 e2e_start 80 24 sh -c \
		"TEND_SHARE_DIR=$GOOD TEND_SYSCONF_DIR=$TEND_SYSCONF_DIR '$TEND' --data-dir '$D'; echo EXIT=\$?"
}

# First run: the country first (this pack has crisis lines for the UK
# only), then the welcome with that country's lines.
run $T0
e2e_expect "the country is asked first" "Your country"
e2e_expect "the countries with lines are listed" "1  United Kingdom"
e2e_expect "and any other by its code" "Another country: type its code"
e2e_keys 1
e2e_expect "welcome" "Welcome to tend"
e2e_expect "the chosen country is named" "Your country: United Kingdom."
e2e_expect "welcome: self-help, not therapy" "It is self-help, not therapy"
e2e_expect "welcome: nobody reads the answers" "Nobody reads your answers"
e2e_expect "welcome: data stays here, encrypted" \
	"Your data stays on this device, in one file encrypted"
e2e_expect "welcome: when it is not the right tool" \
	"When tend is not the right tool"
e2e_expect "welcome: crisis contacts" "If you are in danger now"
e2e_keys Enter
e2e_expect "passphrase asked" "Choose a passphrase"
e2e_keys "short" Enter
e2e_expect "a short passphrase is refused" "at least 8 characters"
e2e_keys "$PASS" Enter
e2e_expect "asked again" "The same again:"
e2e_keys "$PASS" Enter
e2e_expect "recovery code shown" "Your recovery code" 15
code_shown() { e2e_screen | grep -Eq '[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}'; }
e2e_until "code in groups" code_shown
e2e_keys Enter
e2e_expect "Enter alone does not skip the code" "Press y once you have written"
e2e_keys y
e2e_expect "the suitability check" "A few questions to check that tend suits you"
e2e_still "the age, by default 18" "I am younger than 18."
e2e_keys Enter
e2e_expect "baseline check-in" "Two mood questions" 15
e2e_keys Enter
e2e_expect "item 1" "question 1 of 2"
e2e_keys 1
e2e_expect "item 2" "question 2 of 2"
e2e_keys 2
e2e_expect "review" "Check your answers"
e2e_keys s
e2e_expect "confirm" "Save these answers?"
e2e_keys y
e2e_expect "score" "Mood-2: 3"
e2e_keys q
e2e_expect "home screen" "0 of 3 lessons done" 10
e2e_expect "home: refreshed after the check-in" "1  Read “Getting started”"
e2e_expect "home: the first lesson is the next step" \
	"1  Read “Getting started” (about 10 min)"
e2e_expect "home: a suggestion with its reason" \
	"You said sleep has been hard lately."
e2e_expect "home: what opens next" \
	"“Noticing”: Opens after you complete “Getting started”."
e2e_expect "home: recent activity" "Check-in: Mood-2"

e2e_keys Enter
e2e_expect "the first lesson opens" "Welcome. Each lesson is short"
e2e_keys Tab Enter
e2e_expect "the prompt opens" "Your answer"
e2e_expect "the prompt's keys" "Esc done  F1 help  F2 crisis"
e2e_still "with its question" "What would you like to be different"
e2e_still "the count of characters near the box" "0/32768"
e2e_keys "Sleep better" Enter "Walk daily"
e2e_expect "Enter is a new line, and counted" "23/32768"
e2e_keys Escape
e2e_expect "answer kept" "Answer kept."
e2e_expect "the answer under its question" "Your answer:"
e2e_still "its first line" "  Sleep better"
e2e_still "its second line" "  Walk daily"
e2e_keys q
e2e_expect "back home, lesson done" "1 of 3 lessons done"
e2e_expect "completion announced" "Lesson complete"
e2e_expect "homework is due now" "Mood note: 0 of 2 entries"
e2e_expect "the locked lesson explains itself" \
	"“Noticing”: Opens on Wednesday, after 2 more Mood note entries."

# Enter on the locked lesson: the reason in a box.
e2e_keys j j j Enter
e2e_expect "locked lesson: explained on Enter" \
	"│ Opens on Wednesday, after 2 more Mood note entries."
e2e_keys Enter
e2e_gone "Enter closes the box" "│ Opens on Wednesday"

# The answer is the newest note under "Recent notes": it opens to read.
e2e_still "recent notes on the home screen" "Recent notes"
e2e_keys G Enter
e2e_expect "a recent note opens to read" "answer, 2026-11-01"
e2e_still "with the words" "Walk daily"
e2e_keys q
e2e_expect "back home from the note" "Recent notes"

# Extra lessons picked from the list (the row above the recent notes).
e2e_keys G k Enter
e2e_expect "the list of extra lessons" "1  Sleeping better"
e2e_expect "with its summary" "A few habits that help sleep."
e2e_keys 1
e2e_expect "added" "Added to your lessons."
e2e_expect "listed with the lessons" "Sleeping better (extra)"
scr=$(e2e_screen)
t_lacks "no longer suggested" "$scr" "Suggested:"
e2e_keys Q
e2e_exits "leaves cleanly"

# Homework (as the worksheet screens would save it) and days pass.
TEND_NOW=$((T0 + DAY)) "$SEED" --data-dir "$D" --passphrase-fd 3 \
	entry mood-note 3<"$P" >/dev/null
TEND_NOW=$((T0 + 2 * DAY)) "$SEED" --data-dir "$D" --passphrase-fd 3 \
	entry mood-note 3<"$P" >/dev/null

run $((T0 + 2 * DAY + 3600))
e2e_expect "unlock screen" "Welcome back"
e2e_keys "wrong passphrase" Enter
e2e_expect "wrong passphrase: says so" "rong passphrase" 10
e2e_keys "$PASS" Enter
e2e_expect "home after unlock" "1 of 3 lessons done" 10
e2e_expect "homework done, one day to go" \
	"“Noticing”: Opens tomorrow."
e2e_keys Q
e2e_exits "leaves"

run $((T0 + 3 * DAY - 36000 + 60)) # Wednesday 00:01
e2e_expect "unlock on Wednesday" "Welcome back"
e2e_keys "$PASS" Enter
e2e_expect "Wednesday: the lesson is open" "1  Read “Noticing” (about 15 min)" 10
e2e_keys Enter
e2e_expect "and it reads" "Look back at your notes."
e2e_keys q Q
e2e_exits "leaves"

e2e_stop
t_done
