#!/bin/sh
# Your own words in sight, in a real terminal, on the bundled course: a
# three-line answer under its question after leaving and reopening the
# lesson, the focused exercise visible in a text capture (UTF-8 and C
# locale), a 20 KB answer kept whole, My notes (search, filter, read,
# change), the daily mood and its chart, progress and a check-in from the
# Today screen, one footer per screen, the reading measure at 200x60, the
# crisis screen at 40x12, dialogs that show their question, "Coming up"
# said whole, and the mouse (wheel, click; off with mouse = no).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

D="$T_TMP/data"
P="$T_TMP/pass"
PASS="a long test passphrase 4711"
echo "$PASS" >"$P"
ETC="$T_TMP/etc"
mkdir -p "$ETC"
printf 'country = GB\n' >"$ETC/config"
T0=1793527200 # Sunday 1 November 2026, 10:00 UTC
export TEND_NOW=$T0 TEND_SYSCONF_DIR="$ETC"
COLS="$TOP/tests/tools/cols.py"

tend init --kdf interactive --data-dir "$D" --passphrase-fd 3 3<"$P" \
	>/dev/null 2>&1
tend assess phq9 --answers 1,1,1,1,1,1,1,1,0,0 --data-dir "$D" \
	--passphrase-fd 3 3<"$P" >/dev/null
tend assess gad7 --answers 1,1,0,0,0,0,0,0 --data-dir "$D" \
	--passphrase-fd 3 3<"$P" >/dev/null
tend assess phqpanic --answers 0 --data-dir "$D" \
	--passphrase-fd 3 3<"$P" >/dev/null

# run COLS ROWS [DATA]: tend, unlocked, on the first screen after that.
run() {
	e2e_stop
	e2e_start "$1" "$2" sh -c "TEND_SYSCONF_DIR='$ETC' \
		'$TEND' --data-dir '${3:-$D}'"
	e2e_wait "Passphrase" 30
	e2e_keys "$PASS" Enter
}
# narrow WIDTH: no line of the screen is wider than WIDTH columns.
narrow() { e2e_screen | sed 's/ *$//' | python3 "$COLS" "$1" >/dev/null; }
# footer_once TEXT: the status line says TEXT exactly once.
footer_once() { test "$(e2e_screen | tail -1 | grep -o -- "$1" | wc -l)" = 1; }

# ---- 80x24: a three-line answer, kept and shown under its question ----
run 80 24
e2e_expect "the country first, the clinic's offered" "Now: United Kingdom." 30
e2e_keys Enter
e2e_expect "the welcome, once" "What tend is, and is not" 30
e2e_keys Enter
e2e_expect "the suitability check" "Before you start"
e2e_until "its status line names crisis help once" footer_once "crisis"
e2e_keys Enter
e2e_expect "home" "0 of 8 lessons done" 20
e2e_keys Enter
e2e_expect "lesson 1 opens" "Hello, and welcome"
e2e_keys Tab
e2e_expect "Tab: the focus is marked in the margin" "▶[Worksheet]"
e2e_still "and said in the status line" "Exercise 1 of 5: Enter opens it"
e2e_keys Tab
e2e_expect "Tab again: the next exercise" "▶[Question] What would you like"
e2e_expect "not answered yet, under it" "Not answered yet (needed to finish"
e2e_keys Enter
e2e_expect "the answer box" "0/32768"
e2e_still "with its question" "What would you like to be different in two"
e2e_still "a text field's footer" "Esc done  F1 help  F2 crisis"
e2e_keys "Walk every day" Enter "Call my sister" Enter \
	"Sleep before midnight"
e2e_expect "three lines typed" "Sleep before midnight"
e2e_still "wrapping the question, three lines of answer" "Call my sister"
e2e_keys Escape
e2e_expect "kept" "Answer kept."
e2e_still "the answer shows under the question" "Your answer:"
e2e_keys q
e2e_expect "back home" "Recent notes"
e2e_keys Enter
e2e_expect "the lesson again, where it was left" "Tab next exercise"
e2e_still "reopened: the answer under its question" "  Call my sister"
e2e_still "its first line" "  Walk every day"
e2e_still "its third line" "  Sleep before midnight"
e2e_still "the question above it" "[Question] What would you like"

# ---- A 20 KB answer, kept whole ----
python3 -c "
words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot']
out, n, i = [], 0, 0
while n < 20480:
    w = words[i % 6] + str(i); out.append(w); n += len(w) + 1; i += 1
s = ' '.join(out)[:20480 - 3] + 'END'
open('$T_TMP/20k.txt', 'w').write(s)"
e2e_keys G BTab BTab
e2e_expect "the hard-moment question" "▶[Question] Think of a recent hard"
e2e_keys Enter
e2e_expect "its box" "0/32768"
tmux -L "$E2E_SOCK" load-buffer "$T_TMP/20k.txt"
e2e_before
tmux -L "$E2E_SOCK" paste-buffer -t t
e2e_expect "20 KB pasted, counted" "20480/32768" 30
e2e_keys Escape
e2e_expect "a 20 KB answer kept" "Answer kept."
e2e_keys q
e2e_expect "home again" "Recent notes"
e2e_keys Q
e2e_exits "leaves"
tend export --format json --data-dir "$D" --passphrase-fd 3 3<"$P" \
	>"$T_TMP/export.json"
t_check "the 20 KB answer is whole in the vault" python3 -c "
import json
t = json.load(open('$T_TMP/export.json'))['tables']
a = {x['prompt_id']: x['text'] for x in t['prompt_answers']}
want = open('$T_TMP/20k.txt').read()
assert a['my-cycle'] == want, (len(a['my-cycle']), len(want))
assert a['goals'] == 'Walk every day\nCall my sister\nSleep before midnight'"

run 80 24
e2e_expect "home after unlock" "lessons done" 30
e2e_keys Enter
e2e_expect "the lesson" "Tab next exercise"
e2e_keys / "2055END" Enter
e2e_expect "reopened: the end of the 20 KB answer" "delta2055END"

# ---- Another locale: the focus mark in ASCII ----
e2e_stop
E2E_LANG=C e2e_start 80 24 sh -c "TEND_SYSCONF_DIR='$ETC' \
	'$TEND' --data-dir '$D'"
e2e_wait "Passphrase" 30
e2e_keys "$PASS" Enter
e2e_expect "C locale: home" "lessons done" 30
e2e_keys Enter
e2e_expect "C locale: the lesson" "Tab next exercise"
e2e_keys g
e2e_expect "C locale: its top" "Hello, and welcome"
e2e_keys Tab
e2e_expect "C locale: the focus mark in ASCII" ">[Worksheet]"
e2e_keys Q
e2e_wait_exit
E2E_LANG=

# ---- My notes, the mood, progress and a check-in from Today ----
run 80 24
e2e_expect "home" "lessons done" 30
e2e_keys ?
e2e_expect "help" "Keys: Today"
e2e_keys G
e2e_expect "help: the Today screen's keys, at its end" "The Today screen"
e2e_still "help: my notes" "my notes: everything you wrote"
e2e_still "help: a check-in now" "take a check-in now"
e2e_still "help: the mood" "rate your mood today"
e2e_keys q
e2e_expect "home from help" "Recent notes"
e2e_keys y
e2e_expect "My notes" "My notes"
e2e_still "the answers are listed" "Welcome: What would you like"
e2e_still "newest first" "Welcome: Think of a recent hard"
e2e_keys / "sister" Enter
e2e_expect "a search selects the note that holds it" "/sister"
e2e_keys Enter
e2e_expect "the note opens to read" "answer, 2026-11-01"
e2e_still "with the person's words" "Call my sister"
e2e_still "its footer" "e edit"
e2e_keys e
e2e_expect "e changes it" "51/32768"
e2e_keys Escape
e2e_gone "the box closes" "51/32768"
e2e_still "back in the note" "answer, 2026-11-01"
e2e_keys q
e2e_expect "back in the list" "My notes"
e2e_keys t
e2e_expect "t shows one type" "Showing: Lesson answers"
e2e_keys q
e2e_expect "home from the notes" "Recent notes"

e2e_keys f
e2e_expect "the mood box" "How is your mood today"
e2e_keys 7 Tab "a bit tired" Enter
e2e_expect "mood kept" "Mood kept: 7 out of 10."
e2e_expect "and shown on Today" "Mood today: 7/10"
e2e_keys s
e2e_expect "progress from Today" "Your progress"
e2e_still "every check-in taken" "PHQ-9: latest"
e2e_still "and the mood" "Mood: 1 day rated"
e2e_keys 4
e2e_expect "the mood's chart, after the three check-ins" "Mood over time"
e2e_keys t
e2e_expect "its table" "From the start"
e2e_keys q q
e2e_expect "home from progress" "Mood today: 7/10"
e2e_keys i
e2e_expect "a check-in now" "Take a check-in now"
e2e_keys Enter
e2e_expect "it starts" "Press Enter to start"
e2e_keys q
e2e_expect "leaving it is asked" "Leave?"
e2e_keys y
e2e_expect "home from the check-in" "Mood today: 7/10"

# ---- The mouse: the wheel scrolls, a click chooses ----
t_check "button presses are reported" \
	test "$(tmux -L "$E2E_SOCK" display -p -t t '#{mouse_standard_flag}')" = 1
t_check "no motion is reported" \
	test "$(tmux -L "$E2E_SOCK" display -p -t t \
		'#{mouse_button_flag}#{mouse_all_flag}')" = 00
e2e_keys y
e2e_expect "notes for the mouse" "My notes"
# X10 mouse: ESC [ M, button + 32, column + 33, row + 33.  A press on the
# list's second row (screen row 3) selects that note.
e2e_keys -l "$(printf '\033[M #$')"
e2e_expect "a click selects the second note" "2/3"
e2e_keys -l "$(printf '\033[Ma!!')"
e2e_expect "the wheel moves down the list" "3/3"
e2e_keys q Q
e2e_exits "leaves after the mouse"
# The person's config (with --data-dir: DIR/config/config).
mkdir -p "$D/config"
printf 'mouse = no\n' >"$D/config/config"
run 80 24
e2e_expect "home with mouse = no" "lessons done" 30
t_check "mouse = no: nothing is reported" \
	test "$(tmux -L "$E2E_SOCK" display -p -t t '#{mouse_standard_flag}')" = 0
e2e_keys Q
e2e_wait_exit
rm -f "$D/config/config"

# ---- 200x60: every text screen keeps the measure (80 with margins) ----
run 200 60
e2e_expect "200x60: home" "lessons done" 30
e2e_until "200x60: home within the measure" narrow 80
e2e_until "200x60: the footer says each hint once" footer_once "? help"
e2e_keys Enter
e2e_expect "200x60: the lesson" "Tab next exercise"
e2e_until "200x60: the lesson within the measure" narrow 80
e2e_keys !
e2e_expect "200x60: the crisis screen" "If you are in danger now"
e2e_until "200x60: crisis within the measure" narrow 80
e2e_keys q q n
e2e_expect "200x60: the worksheet picker" "Start a worksheet"
e2e_keys 1
e2e_expect "200x60: a form" "Esc done"
e2e_until "200x60: the form within the measure" narrow 80
e2e_keys Escape
e2e_expect "200x60: a dialog" "Not finished yet"
e2e_until "200x60: the dialog within the measure" narrow 80
e2e_keys y Q
e2e_wait_exit
e2e_stop
e2e_start 200 60 sh -c "TEND_SYSCONF_DIR='$ETC' '$TEND' \
	--data-dir '$T_TMP/fresh'"
e2e_expect "200x60: the country" "Now: United Kingdom." 20
e2e_until "200x60: the country within the measure" narrow 80
e2e_keys Enter
e2e_expect "200x60: the welcome" "What tend is, and is not" 20
e2e_until "200x60: the welcome within the measure" narrow 80
e2e_keys Q
e2e_wait_exit

# ---- 40x12: "Coming up" whole, the crisis screen, a dialog's question ----
tend status --data-dir "$D" --passphrase-fd 3 3<"$P" >"$T_TMP/status"
run 40 12
e2e_expect "40x12: home" "Today" 30
e2e_screen >"$T_TMP/home40"
t_check "40x12: Coming up says what tend status says, wrapped, not cut" \
	python3 - "$T_TMP/home40" "$T_TMP/status" <<'PY'
import sys
home = open(sys.argv[1]).read().split("\n")
status = open(sys.argv[2]).read()
i = [k for k, l in enumerate(home) if l.strip() == "Coming up"][0]
said = []
for l in home[i + 1:]:
    if not l.strip():
        break
    said.append(l.strip())
text = " ".join(said)
want = [l for l in status.split("\n") if l.startswith("Next: ")][0]
why = want.split("\u201d. ", 1)[1]
assert "\u2026" not in text, text
assert text.endswith(why), (text, why)
PY
e2e_keys !
e2e_expect "40x12: crisis at once" "danger"
e2e_still "40x12: the emergency number on its first screen" "999"
e2e_keys q n
e2e_expect "40x12: the picker" "Start a worksheet"
e2e_keys 1
e2e_expect "40x12: the form" "1/7"
e2e_keys Escape
e2e_expect "40x12: the dialog shows its question" "finish later?"
e2e_still "40x12: with its buttons" "Yes"
e2e_keys y Q
e2e_wait_exit
t_done
