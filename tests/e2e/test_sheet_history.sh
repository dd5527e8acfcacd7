#!/bin/sh
# Worksheet widgets and the history in a real terminal (tmux, 80x24): a
# choice by number key, a rating by digits, yes/no by y, a time typed
# loosely; a multichoice toggled by number keys; the history lists every
# entry newest first with unfinished ones marked; delete asks first (No
# keeps it), the bin shows what can be restored and until when, restore
# brings it back; an entry opens again to read and change; after 30 days
# a deleted entry is gone for good.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

TOOL="$TOP/${BUILD:-build}/tools/sheet_tui"
[ -x "$TOOL" ] || TOOL="$(dirname "$TEND")/tools/sheet_tui"
D="$T_TMP/data"
P="$T_TMP/pass"
echo "a long test passphrase 4711" >"$P"
T0=1795357800 # 2026-11-22 14:30 UTC
export TEND_NOW=$T0

t_run 0 "init" tend --data-dir "$D" init --kdf interactive --passphrase-fd 3 3<"$P"

# run ARGS...: the tool in a fresh 80x24 terminal, once the vault is free.
run() {
	e2e_stop
	t_wait_for 5 flock -n "$D/vault.lock" true 2>/dev/null
	e2e_start 80 24 sh -c "exec $TOOL $D $* 3<$P"
}

# A worry log: choice, rating, yes/no, time.
run new worry-log
e2e_expect "worry log opens" "Worry log"
e2e_keys Tab "Was, wenn ich es nicht schaffe? 失敗" Tab
e2e_expect "choices listed with numbers" " 2 ( ) What if"
e2e_keys 2
e2e_expect "number key picks a choice" " 2 (●) What if"
e2e_keys Tab 6 0 Tab
e2e_expect "rating by digits" " 60"
e2e_keys y
e2e_expect "yes by y" "(x) Yes"
e2e_keys Tab "1730" Tab
e2e_expect "loose time read" "17:30"
e2e_keys Escape
t_check "complete worry log closes at once" e2e_wait_exit

# A thought record left unfinished, with a multichoice.
run new thought-record
e2e_expect "thought record opens" "Thought record"
e2e_keys Tab "Beim Einkaufen" Tab Tab Tab Tab Tab Tab
e2e_expect "multichoice listed" " 3 [ ] Mind reading"
e2e_keys 3 8 1
e2e_expect "toggled on by number" " 3 [x] Mind reading"
e2e_expect "another on" " 8 [x] Shoulds"
e2e_expect "and a third" " 1 [x] All or nothing"
e2e_keys 1
e2e_expect "toggled twice is off" " 1 [ ] All or nothing"
e2e_still "the others stay on" " 8 [x] Shoulds"
e2e_keys Escape
e2e_expect "unfinished: asks" "Not finished yet"
e2e_keys y
t_check "kept as a draft" e2e_wait_exit

# The history.
run history
e2e_expect "history opens" "Your worksheet entries"
e2e_expect "the draft is marked" "(unfinished) Beim Einkaufen"
scr=$(e2e_screen)
l1=$(printf '%s\n' "$scr" | grep -n "Thought record" | cut -d: -f1)
l2=$(printf '%s\n' "$scr" | grep -n "Worry log" | cut -d: -f1)
t_check "newest first" [ "${l1:-99}" -lt "${l2:-0}" ]
e2e_keys Down d
e2e_expect "delete asks" "Delete the Worry log entry"
e2e_keys n
e2e_gone "No closes the question" "Delete the Worry log entry"
e2e_still "No keeps it" "Was, wenn ich"
e2e_keys d y
e2e_expect "deleted after yes" "Deleted. Press b"
e2e_gone "gone from the list" "Was, wenn ich"
e2e_keys b
e2e_expect "the bin shows it" "restorable until 2026-12-22"
e2e_keys r
e2e_expect "restored" "Restored."
e2e_keys b
e2e_expect "back in the list" "Was, wenn ich"

# Open an entry again: it opens to read (q there goes back, and types
# nothing); e changes it.
e2e_keys g Enter
e2e_expect "the entry opens to read" "worksheet, 2026-11-22"
e2e_still "with its answer" "Beim Einkaufen"
e2e_still "the footer says how to change it" "e edit"
e2e_keys q
e2e_expect "q goes back to the list" "Your worksheet entries"
e2e_keys Enter
e2e_expect "opens to read again" "worksheet, 2026-11-22"
e2e_keys e
e2e_expect "e opens it to change" "What was happening? *"
e2e_still "the form's footer: F1 and F2 in a text field" "F1 help  F2 crisis"
e2e_keys Tab " im Laden" Escape
e2e_expect "asks again (still unfinished)" "Not finished yet"
e2e_still "the question is shown with its buttons" "Close it for now and finish later?"
e2e_keys y
e2e_expect "back in the note, changed" "Beim Einkaufen im Laden"
e2e_keys q
e2e_expect "back in the history" "Your worksheet entries"
e2e_still "the list shows the change" "Beim Einkaufen im Lad"

# Delete, then 31 days pass: no longer restorable, and erased.
e2e_keys g d y
e2e_expect "deleted" "Deleted."
e2e_keys q
e2e_wait_exit
export TEND_NOW=$((T0 + 31 * 86400))
run history
e2e_expect "history after a month" "Your worksheet entries"
e2e_keys b
e2e_expect "nothing restorable after 30 days" "Nothing deleted"
e2e_keys q q
e2e_wait_exit
t_done
