#!/bin/sh
# The worksheet form in a real terminal (tmux, 80x24, UTF-8): fill a
# thought record with non-ASCII text (German, CJK, emoji, a combining
# mark); ratings by digits and arrows; a rows field grows a new row; an
# unreadable date is refused with a message; the terminal is killed
# mid-field (tmux kill-server: SIGHUP) and, reopened, the form resumes at
# the same question with the cursor where it was and every word there;
# kill -HUP does the same; closing with answers missing asks first; the
# vault folder holds none of the text in plaintext.  Driven through
# tests/tools/sheet_tui (the real screens in the real shell) until the
# home screen offers worksheets.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

TOOL="$TOP/${BUILD:-build}/tools/sheet_tui"
[ -x "$TOOL" ] || TOOL="$(dirname "$TEND")/tools/sheet_tui"
D="$T_TMP/data"
P="$T_TMP/pass"
echo "a long test passphrase 4711" >"$P"
export TEND_NOW=1795357800 # 2026-11-22 14:30 UTC

t_run 0 "init" tend --data-dir "$D" init --kdf interactive --passphrase-fd 3 3<"$P"

# run ARGS...: the tool in a fresh 80x24 terminal, once the vault is free
# (a killed tool may still be saving what it had).
run() {
	e2e_stop
	t_wait_for 5 flock -n "$D/vault.lock" true 2>/dev/null
	e2e_start 80 24 sh -c "exec $TOOL $D $* 3<$P"
}

cursor() { e2e_cursor; }
cursor_is() { [ "$(e2e_cursor)" = "$1" ]; }
cursor_moved() { [ "$(e2e_cursor)" != "$1" ]; }
# cursor_on TEXT: the cursor's row holds TEXT.
cursor_on() {
	e2e_screen | sed -n "$(($(e2e_cursor | cut -d, -f2) + 1))p" | grep -qF -- "$1"
}

run new thought-record
e2e_expect "title" "Thought record"
e2e_expect "first question, filled with now" "2026-11-22 14:30"
e2e_expect "position in the status line" "1/15"

# A date that cannot be read stays, with a message, until it is fixed.
e2e_keys C-u "soon" Tab
e2e_expect "bad date refused" "Please enter a date and time"
e2e_keys C-u "yesterday 21:05" Tab
e2e_expect "relaxed date read" "2026-11-21 21:05"

e2e_keys "Im Bus nach Hause, 東京 😀 café"
e2e_expect "non-ASCII typed" "Im Bus nach Hause, 東京 😀 café"
e2e_expect "character count" "28/2000"
e2e_keys Enter "zweite Zeile"
e2e_expect "a second line in a long answer" "zweite Zeile"
e2e_keys Tab "traurig"
e2e_expect "a feeling typed" "traurig"
e2e_keys Tab
e2e_expect "leaving a filled row: a new empty row appears" "2. Feeling"
e2e_expect "... and the rows count in the position" "4/17"
e2e_keys 7 5 Right Right
e2e_expect "rating by digits and arrows" " 85"
e2e_keys Tab Tab Tab "Alle finden mich seltsam 変"
e2e_expect "typing mid-field" "Alle finden mich seltsam 変"
e2e_expect "on the seventh question" "7/17"
before=$(cursor)
e2e_keys M-b
e2e_until "Alt-b moves the cursor" cursor_moved "$before"
moved=$(cursor)
t_check "... back, within the line" \
	[ "${moved#*,}" = "${before#*,}" -a "${moved%,*}" -lt "${before%,*}" ]

# A smaller and a larger terminal re-wrap the answer; too small says so.
e2e_resize 44 14
e2e_expect "narrow: the form is laid out again" \
	"before or with the feeling, as they were."
e2e_still "narrow: the answer is there" "Alle finden mich seltsam 変"
e2e_resize 30 10
e2e_expect "too small" "Terminal too small"
e2e_resize 80 24
e2e_expect "back to 80x24" "Alle finden mich seltsam 変"
e2e_until "the cursor is on the answer's line" cursor_on "Alle finden mich"

# The terminal goes away mid-field: SIGHUP.
tmux -L "$E2E_SOCK" kill-server
run resume
e2e_expect "resumed" "Back where you left off."
e2e_expect "text typed mid-field is back" "Alle finden mich seltsam 変"
e2e_expect "earlier answers are back" "Im Bus nach Hause, 東京 😀 café"
e2e_expect "the rating is back" " 85"
e2e_expect "on the same question" "7/17"
e2e_until "the cursor is where it was ($moved)" cursor_is "$moved"

# Typing goes on from there; kill -HUP this time.
e2e_keys "wirklich "
e2e_expect "typed at the cursor" "seltsam wirklich 変"
pid=$(tmux -L "$E2E_SOCK" display -p -t t '#{pane_pid}')
while c=$(pgrep -P "$pid" | head -1) && [ -n "$c" ]; do pid=$c; done
kill -HUP "$pid"
e2e_wait_exit
run resume
e2e_expect "kill -HUP: text kept" "Alle finden mich seltsam wirklich 変"

# Closing with required answers missing asks; "no" stays; "yes" closes.
e2e_keys Escape
e2e_expect "asks before closing unfinished" "Not finished yet"
e2e_expect "names what is missing" "Which thought hit hardest? (not answered yet)"
e2e_keys n
e2e_gone "no: the question closes" "Not finished yet"
e2e_expect "no: back at the first missing answer" "8/17"
e2e_still "... which is the hot thought" "Which thought hit hardest? *"
e2e_keys "Ich bin seltsam" Tab Tab Tab Tab Tab "Die meisten sind beschäftigt."
e2e_expect "the balanced thought" "Die meisten sind beschäftigt."
e2e_keys Escape
t_check "complete: closes without asking" e2e_wait_exit
t_check "and exits 0" [ "$(e2e_status)" = 0 ]
t_lacks "no question when complete" "$(e2e_screen)" "Not finished yet"

# Nothing to resume after a deliberate close.
run resume
e2e_expect "nothing to resume" "nothing to resume"
e2e_keys q
e2e_wait_exit

# No plaintext anywhere in the data folder.
t_check "no plaintext in the data folder" \
	sh -c "! grep -rqa -e 'seltsam' -e 'Bus nach' '$D'"
t_done
