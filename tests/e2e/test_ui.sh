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
# The attributes come before the text they colour, so once the
# placeholder is on screen its colour is too.
e2e_start 80 24 env TEND_LESSON="$L" "$TEND"
e2e_expect "opens" "[Question] Q?"
t_has "colour by default" "$(screen_esc)" "[35m[Question]"
stop
e2e_start 80 24 env TEND_LESSON="$L" NO_COLOR=1 "$TEND"
e2e_expect "opens with NO_COLOR" "[Question] Q?"
s=$(screen_esc)
t_has "NO_COLOR: the placeholder is drawn" "$s" "[Question]"
t_lacks "NO_COLOR: no colour" "$s" "[35m"
t_has "NO_COLOR: bold heading stays" "$s" "[1mColours"
stop
e2e_start 80 24 env TEND_LESSON="$L" "$TEND" --no-color
e2e_expect "opens with --no-color" "[Question] Q?"
s=$(screen_esc)
t_has "--no-color: the placeholder is drawn" "$s" "[Question]"
t_lacks "--no-color: no colour" "$s" "[35m"
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
e2e_gone "Esc cancels the search" "/Line 2"
e2e_still "Esc leaves the lesson where it was" "Colours"
# In a text field ! is a character; F2 still opens the crisis screen.
e2e_keys / "!"
e2e_expect "! is typed in a text field" "/!"
e2e_keys F2
e2e_expect "F2 opens crisis contacts from a text field" "If you are in danger now"
e2e_keys Escape
e2e_gone "Esc closes the crisis contacts" "If you are in danger now"
e2e_expect "back in the prompt" "/!"
e2e_keys Escape
e2e_gone "the prompt is gone" "/!"
e2e_keys / "Line 30" Enter
e2e_expect "search after a cancelled one" "Line 30 of filler"
e2e_keys n
e2e_expect "n with no further match says so" "Not found further down"
e2e_keys j
e2e_gone "a key clears the message" "Not found further"
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
#    dropped) must not change what the terminal shows: the same keys, sent
#    to one tend with it and one without, give the same screens, step by
#    step.  After each key both screens must change, agree, and show the
#    status line at the bottom (a whole frame, not tmux's own clipping
#    after a resize); a frame that differs never agrees and fails.
C=$T_TMP/long.md
for f in "$TOP"/content/*/0[1-3]*.md; do cat "$f"; echo; done >"$C"
SW="tend-e2e-$$-with"
SN="tend-e2e-$$-without"
both() { # both CMD ARGS...: a tmux command on both servers
	tmux -L "$SW" "$@" && tmux -L "$SN" "$@"
}
cap() { tmux -L "$1" capture-pane -p -t t; }
# The same with the attributes of every cell (bold, reverse...) as SGR.
capa() { tmux -L "$1" capture-pane -p -e -t t; }
# settled PREV ROWS: both screens agree, attributes too, differ from
# PREV, and end with the status line on row ROWS.
settled() {
	sw=$(cap "$SW")
	sn=$(cap "$SN")
	[ "$sw" = "$sn" ] && [ "$sw" != "$1" ] &&
		printf '%s\n' "$sw" | sed -n "${2}p" | grep -q '! crisis *$' &&
		[ "$(capa "$SW")" = "$(capa "$SN")" ]
}
# rewrite_same COLS ROWS RCOLS RROWS: the steps at one size, with a resize
# to RCOLS x RROWS on the way.
rewrite_same() {
	E2E_SOCK=$SW
	e2e_start "$1" "$2" env TEND_X=1 TEND_LESSON="$C" "$TEND"
	E2E_SOCK=$SN
	e2e_start "$1" "$2" env TEND_NO_LF_REWRITE=1 TEND_LESSON="$C" "$TEND"
	prev=""
	rows=$2
	bad=""
	n=0
	for k in start NPage NPage j j j j k NPage G PPage g j Space resize j NPage; do
		case $k in
		start) ;;
		resize)
			both resize-window -t t -x "$3" -y "$4"
			rows=$4
			;;
		*) both send-keys -t t "$k" ;;
		esac
		if ! t_wait_for 15 settled "$prev" "$rows"; then
			bad="step $n ($k):
$(printf '%s\n' "$(cap "$SW")" >"$T_TMP/with"
				printf '%s\n' "$(cap "$SN")" >"$T_TMP/without"
				capa "$SW" | cat -v >>"$T_TMP/with"
				capa "$SN" | cat -v >>"$T_TMP/without"
				diff "$T_TMP/with" "$T_TMP/without" | head -20)"
			break
		fi
		prev=$(cap "$SW")
		n=$((n + 1))
	done
	if [ -z "$bad" ]; then
		t_ok "frame rewrite shows the same screens at $1x$2 ($n steps)"
	else
		t_fail "frame rewrite shows the same screens at $1x$2" "$bad"
	fi
	both send-keys -t t Q
	# Each ends by itself before its server goes (a sanitizer build's
	# exit takes a while on a busy machine).
	E2E_SOCK=$SW
	e2e_wait_exit || t_fail "Q quits (with the rewrite, $1x$2)"
	stop
	E2E_SOCK=$SN
	e2e_wait_exit || t_fail "Q quits (without the rewrite, $1x$2)"
	stop
}
rewrite_same 80 24 60 20
rewrite_same 40 12 50 14
rewrite_same 200 60 120 40

# 6. The first screen's bytes (tests/tools/ptyrec), read with xterm's rules
#    by tests/tools/frame_check.py: one SGR sequence per change of
#    rendition between runs of text, one clear, none of what curses sends
#    for nothing (the default colours twice, smm, xterm's title push, the
#    autowrap switch at the corner).  Without the rewrite the same check
#    must find them, so the check itself can fail.
PTYREC="$(dirname "$TEND")/tools/ptyrec"
if ! command -v python3 >/dev/null || [ ! -x "$PTYREC" ]; then
	t_skip "first screen bytes" "needs python3 and $PTYREC"
else
	for size in 80x24 40x12 200x60; do
		for how in TEND_X=1 TEND_NO_LF_REWRITE=1; do
			"$PTYREC" -s $size -r "$T_TMP/first.raw" -k Q -- env $how \
				LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color \
				TEND_LESSON="$C" "$TEND" >"$T_TMP/first.steps" 2>&1
			n=$(awk '$2 == "start" { print $3 }' "$T_TMP/first.steps")
			got=$(head -c "${n:-0}" "$T_TMP/first.raw" |
				python3 "$TOP/tests/tools/frame_check.py" \
					'\033[39;49m' '\033[?1034h' '\033[22;0;0t' '\033[?7l')
			st=$?
			# shellcheck disable=SC2046
			set -- $(printf '%s\n' "$got" | tail -1)
			if [ $how = TEND_X=1 ]; then
				if [ "$st" = 0 ] && [ "${2:-x}" = "${4:-y}" ] &&
					[ "${6:-}" = 1 ]; then
					t_ok "first screen at $size: attributes once per run, one clear ($got)"
				else
					t_fail "first screen at $size: attributes once per run, one clear" "$got"
				fi
			elif [ "$st" = 1 ] && [ "${2:-0}" -gt "${4:-0}" ]; then
				t_ok "first screen at $size without the rewrite: the check sees the redundant bytes"
			else
				t_fail "first screen at $size without the rewrite: the check sees the redundant bytes" "$got"
			fi
		done
	done
fi

t_done
