#!/bin/sh
# The plain, line-oriented program (tend --plain, TERM=dumb, or input that
# is not a terminal): first run, the baseline check-ins with a risk answer,
# the first lesson with its questions, a worksheet in non-ASCII text, the
# crisis key, and everything kept in the vault afterwards.
. "$(dirname "$0")/../lib.sh"

D="$T_TMP/data"
P="$T_TMP/pass"
echo 'a long and careful passphrase' >"$P"
export TEND_NOW=1790000000 COLUMNS=80
plain() { tend --plain --data-dir "$D" --passphrase-fd 3 3<"$P"; }

# No vault and no way to ask for a passphrase (no terminal, no
# --passphrase-fd): the welcome still comes first, then how to go on.
t_run 1 "no vault, no passphrase: says how to make one" sh -c "echo q | '$TEND' --plain --data-dir '$D'"
t_has "the welcome comes first" "$T_OUT" "It is not
therapy"
t_has "points to tend init" "$T_ERR" "tend init"
t_check "nothing was made" test ! -e "$D/vault"

# First run in plain mode: the whole onboarding (welcome, what tend is and
# is not, the country (an en_US machine in the UK), crisis contacts, the
# passphrase, the recovery code kept on y, the suitability check: none),
# then the PHQ-9 with a risk answer on item 9 (Enter after the safety
# text), the GAD-7 and the panic question.
printf '%s\n' GB no y '' \
	1 1 1 1 1 1 1 1 1 1 '' '' yes \
	1 1 0 0 0 0 0 0 '' yes \
	1 0 yes \
	'!' frobnicate quit >"$T_TMP/in1"
t_run 0 "first session runs and exits 0" sh -c "LC_ALL= LANG=en_US.UTF-8 '$TEND' --plain --data-dir '$D' --passphrase-fd 3 3<'$P' <'$T_TMP/in1'"
t_has "says it is self-help, not therapy" "$T_OUT" "It is not
therapy"
t_has "the country is asked first" "$T_OUT" "Which country do you live in?"
t_has "the language suggests one" "$T_OUT" "settings suggest United States"
t_has "the choice is confirmed" "$T_OUT" "Your country: United Kingdom."
t_has "onboarding shows crisis contacts" "$T_OUT" "Samaritans"
t_lacks "and only the UK's" "$T_OUT" "988"
t_has "with how to change the country" "$T_OUT" "Type country to change your country"
t_has "course starts" "$T_OUT" "Your course has started."
t_has "a passphrase is asked for" "$T_OUT" "First, a passphrase."
t_has "the recovery code is shown" "$T_OUT" "Your recovery code."
t_has "kept only when written down" "$T_OUT" "Type y once you have written it down: no
Type y once you have written it down: y"
t_check "the vault is made" test -f "$D/vault"
crisis_n=$(printf '%s\n' "$T_OUT" | grep -c "If you are in danger now")
t_check "the crisis block: once at the start, once for !" test "$crisis_n" = 2
t_has "the PHQ-9 is due first" "$T_OUT" "1/9. Little interest"
t_has "recall window shown" "$T_OUT" "Over the last 2 weeks"
# The safety message comes right after item 9, before the score line.
safety=$(printf '%s\n' "$T_OUT" | grep -n "nobody has been told" | head -1 | cut -d: -f1)
score=$(printf '%s\n' "$T_OUT" | grep -n "^PHQ-9: " | head -1 | cut -d: -f1)
t_check "risk answer: safety before the score" test -n "$safety" -a -n "$score" -a "${safety:-0}" -lt "${score:-0}"
t_has "the GAD-7 follows" "$T_OUT" "GAD-7"
t_has "then the panic question" "$T_OUT" "have you had an anxiety attack"
t_has "unknown command explained" "$T_OUT" "I did not understand that"

t_run 0 "export after the first session" tend export --format json --data-dir "$D" --passphrase-fd 3 3<"$P"
printf '%s' "$T_OUT" >"$T_TMP/e.json"
t_check "both check-ins and the risk flag are in the vault" python3 -c "
import json
t=json.load(open('$T_TMP/e.json'))['tables']
ids=sorted(a['instrument'] for a in t['assessments'])
assert ids==['gad7','phq9','phqpanic'], ids
assert any(f['kind']=='critical_item' for f in t['flags']), t['flags']
"

# The first lesson: decline its optional safety plan, answer its questions
# and plan the practice; then a worksheet in Unicode, and the notes.
printf '%s\n' 'read 1' no 'Walk every day, call my sister' 'For my kids' \
	'I froze at work and went home early' 'Evenings, after the walk' \
	'worksheet thought-record' 'now' 'Réunion à 9h, 会议' q \
	lessons notes 'notes sister' 'note a1' quit >"$T_TMP/in2"
t_run 0 "second session" sh -c "'$TEND' --plain --data-dir '$D' --passphrase-fd 3 3<'$P' <'$T_TMP/in2'"
t_lacks "no crisis block at the next start (! shows it)" "$T_OUT" "If you are in danger now"
t_has "the lesson text is shown" "$T_OUT" "How the course works"
t_has "sections are numbered lines" "$T_OUT" "
1. How the course works
"
t_lacks "no rule glyphs under headings" "$T_OUT" "───"
t_lacks "no double rule glyphs either" "$T_OUT" "═══"
t_has "the lesson's question is asked" "$T_OUT" "What would you like to be different"
t_has "the plan is asked where the lesson puts it" "$T_OUT" "Your plan (Enter skips): Evenings, after the walk"
t_has "lesson finished" "$T_OUT" "You finished this lesson."
t_has "worksheet opens" "$T_OUT" "Thought record"
t_has "locked lessons explain themselves" "$T_OUT" "(locked): "
t_has "notes lists the answers" "$T_OUT" "a1  2026-09-21  answer: Welcome: What would you like"
t_has "notes lists the plan" "$T_OUT" "plan: Welcome: Notice one moment"
t_has "notes lists the worksheet entry" "$T_OUT" "worksheet: Thought record"
t_has "a search finds only what holds it" "$T_OUT" "> notes sister

a1  "
t_has "note ID shows one whole" "$T_OUT" "> note a1

Welcome: What would you like to be different"

t_run 0 "export after the second session" tend export --format json --data-dir "$D" --passphrase-fd 3 3<"$P"
t_has "the prompt answer is kept" "$T_OUT" "Walk every day, call my sister"
t_has "the Unicode worksheet answer is kept" "$T_OUT" "Réunion à 9h, 会议"
t_has "the lesson is completed" "$T_OUT" '"completed_at": 17900'

# The same notes from the command line: tend notes, a kind, a search, one
# note whole; a pipe gets the person's words byte for byte.
t_run 0 "tend notes" tend notes --data-dir "$D" --passphrase-fd 3 3<"$P"
t_has "lists the answers with their ids" "$T_OUT" "a1     2026-09-21  answer    Welcome: What would you like"
t_has "and the worksheet entry" "$T_OUT" "worksheet Thought record"
t_has "and the plan" "$T_OUT" "plan      Welcome: Notice one moment"
printf '%s\n' "$T_OUT" >"$T_TMP/notes"
t_check "newest first" python3 -c "
days = [l.split()[1] for l in open('$T_TMP/notes') if l.strip()]
assert days == sorted(days, reverse=True), days"
t_run 0 "tend notes --kind worksheets" tend notes --kind worksheets \
	--data-dir "$D" --passphrase-fd 3 3<"$P"
t_has "the worksheet" "$T_OUT" "Thought record"
t_lacks "and no answer" "$T_OUT" "answer "
w=$(printf '%s\n' "$T_OUT" | head -1 | cut -d' ' -f1)
t_run 0 "tend notes --search" tend notes --search SISTER \
	--data-dir "$D" --passphrase-fd 3 3<"$P"
t_has "finds the answer that holds it, in any case" "$T_OUT" "a1 "
t_check "and only that one" test "$(printf '%s\n' "$T_OUT" | grep -c .)" = 1
t_run 0 "tend notes show a1" tend notes show a1 --data-dir "$D" \
	--passphrase-fd 3 3<"$P"
t_has "the question, the kind and the day" "$T_OUT" "Welcome: What would you like to be different"
t_has "the answer whole" "$T_OUT" "Walk every day, call my sister"
t_run 0 "tend notes show $w" tend notes show "$w" --data-dir "$D" \
	--passphrase-fd 3 3<"$P"
t_has "the worksheet entry, Unicode whole" "$T_OUT" "Réunion à 9h, 会议"
t_run 1 "an id that is not there" tend notes show a999 --data-dir "$D" \
	--passphrase-fd 3 3<"$P"
t_has "says how to find one" "$T_ERR" "'tend notes' lists them"
t_run 2 "show without an id is a usage error" tend notes show \
	--data-dir "$D" --passphrase-fd 3 3<"$P"
t_run 2 "an unknown kind is a usage error" tend notes --kind diary \
	--data-dir "$D" --passphrase-fd 3 3<"$P"
t_has "naming the kinds" "$T_ERR" "answers, worksheets"
t_run 0 "a search that finds nothing" tend notes --search zebra \
	--data-dir "$D" --passphrase-fd 3 3<"$P"
t_has "says so" "$T_ERR" "No notes match."

t_run 3 "wrong passphrase: exit 3" sh -c "echo nope | '$TEND' --plain --data-dir '$D' --passphrase-fd 0"
t_done
