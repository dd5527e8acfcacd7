#!/bin/sh
# The shell around every screen: the key table in tend(1) is the program's
# own, colour follows NO_COLOR / --no-color, the status line, dialogs (the
# search prompt's editing and cancelling), too small at start.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

# e2e_stop, and a fresh tmux socket for the next session: a server that is
# still shutting down would otherwise remove the new server's socket.
N_SOCK=0
stop() {
	e2e_stop
	N_SOCK=$((N_SOCK + 1))
	E2E_SOCK="tend-e2e-$$-$N_SOCK"
}

BUILD_DIR=$(dirname "$TEND")
KEYS=$BUILD_DIR/tools/ui_keys

# 1. man/tend.1's KEYS section is exactly what the action table prints.
if [ -x "$KEYS" ]; then
	sed -n '/^\.\\" KEYS-BEGIN/,/^\.\\" KEYS-END/p' "$TOP/man/tend.1" |
		sed '1d;$d' >"$T_TMP/man-keys"
	"$KEYS" >"$T_TMP/table-keys"
	if cmp -s "$T_TMP/man-keys" "$T_TMP/table-keys"; then
		t_ok "tend(1) key table matches the action table"
	else
		t_fail "tend(1) key table matches the action table" \
			"$(diff "$T_TMP/man-keys" "$T_TMP/table-keys" | head -20)
regenerate: $KEYS, between the KEYS-BEGIN/END marks of man/tend.1"
	fi
else
	t_fail "tools/ui_keys is built" "$KEYS missing"
fi

L=$T_TMP/lesson.md
{
	printf '# Colours\n\nSome text.\n\n'
	printf '```tend-prompt\nid: p\nquestion: "Q?"\n```\n\n'
	i=1
	while [ $i -le 40 ]; do
		printf 'Line %02d of filler text.\n\n' $i
		i=$((i + 1))
	done
} >"$L"

screen_esc() {
	tmux -L "$E2E_SOCK" capture-pane -e -p -t t
}

# 2. Colour: the exercise placeholder is coloured by default, and not
#    with NO_COLOR or --no-color (attributes stay).
e2e_start 80 24 env TEND_LESSON="$L" "$TEND"
e2e_expect "opens" "Colours"
t_has "colour by default" "$(screen_esc)" "[35m"
stop
e2e_start 80 24 env TEND_LESSON="$L" NO_COLOR=1 "$TEND"
e2e_expect "opens with NO_COLOR" "Colours"
s=$(screen_esc)
t_lacks "NO_COLOR: no colour" "$s" "[35m"
t_has "NO_COLOR: bold heading stays" "$s" "[1m"
stop
e2e_start 80 24 env TEND_LESSON="$L" "$TEND" --no-color
e2e_expect "opens with --no-color" "Colours"
t_lacks "--no-color: no colour" "$(screen_esc)" "[35m"
stop

# 3. The search prompt: typing, Backspace, Ctrl-U, Esc cancels.
e2e_start 80 24 env TEND_LESSON="$L" "$TEND"
e2e_expect "opens for the prompt" "Colours"
e2e_keys / "Lime"
e2e_expect "prompt shows what is typed" "/Lime"
e2e_keys BSpace BSpace "ne 3"
e2e_expect "Backspace edits" "/Line 3"
e2e_keys C-u "Line 2"
e2e_expect "Ctrl-U clears" "/Line 2"
e2e_keys Escape
sleep 0.3
t_lacks "Esc cancels the search" "$(e2e_screen)" "/Line 2"
t_has "Esc leaves the lesson where it was" "$(e2e_screen)" "Colours"
# In a text field ! is a character; F2 still opens the crisis screen.
e2e_keys / "!"
e2e_expect "! is typed in a text field" "/!"
e2e_keys F2
e2e_expect "F2 opens crisis contacts from a text field" "If you are in danger now"
e2e_keys Escape
sleep 0.3
e2e_keys Escape
sleep 0.3
t_lacks "the prompt is gone" "$(e2e_screen)" "/!"
e2e_keys / "Line 30" Enter
e2e_expect "search after a cancelled one" "Line 30 of filler"
e2e_keys n
e2e_expect "n with no further match says so" "Not found further down"
e2e_keys j
sleep 0.3
t_lacks "a key clears the message" "$(e2e_screen)" "Not found further"
e2e_keys Q
e2e_wait_exit
stop

# 4. Started too small, then made big enough.
e2e_start 30 8 env TEND_LESSON="$L" "$TEND"
e2e_expect "too small at start" "Terminal too small"
e2e_keys j
e2e_resize 80 24
e2e_expect "grows into the lesson" "Colours"
e2e_keys Q
if e2e_wait_exit; then t_ok "Q quits"; else t_fail "Q quits"; fi
stop

# Q works while too small.
e2e_start 30 8 env TEND_LESSON="$L" "$TEND"
e2e_expect "too small again" "Terminal too small"
e2e_keys Q
if e2e_wait_exit; then t_ok "Q quits while too small"; else t_fail "Q quits while too small"; fi
stop

# 5. The frame rewrite (line feeds for moves to the next row, G0 resets
#    dropped) must not change what the terminal shows: the same keys with
#    and without it give the same screens, step by step.
C=$T_TMP/long.md
for f in "$TOP"/content/*/0[1-3]*.md; do cat "$f"; echo; done >"$C"
shots() { # DIR ENV...: screens after each key into DIR/N
	dir=$1
	shift
	mkdir -p "$dir"
	e2e_start 80 24 env "$@" TEND_LESSON="$C" "$TEND"
	e2e_wait "? help" >/dev/null
	n=0
	for k in NPage NPage j j j j k NPage G PPage g j Space; do
		e2e_keys "$k"
		sleep 0.3
		e2e_screen >"$dir/$n"
		n=$((n + 1))
	done
	e2e_resize 60 20
	sleep 0.3
	e2e_screen >"$dir/resized"
	e2e_keys j NPage
	sleep 0.3
	e2e_screen >"$dir/after"
	e2e_keys Q
	stop
}
shots "$T_TMP/with" TEND_X=1
shots "$T_TMP/without" TEND_NO_LF_REWRITE=1
if diff -r "$T_TMP/with" "$T_TMP/without" >"$T_TMP/diff"; then
	t_ok "frame rewrite shows the same screens"
else
	t_fail "frame rewrite shows the same screens" "$(head -20 "$T_TMP/diff")"
fi
t_check "the screens were captured" test -s "$T_TMP/with/after"

t_done
