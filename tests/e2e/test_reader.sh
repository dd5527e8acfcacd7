#!/bin/sh
# The lesson reader in a real terminal (tmux): open a lesson, page, search,
# links, exercises, position, resize smaller and larger, too small, help,
# crisis, quit.  The screen is checked after every step.
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

L=$T_TMP/lesson.md
{
	printf -- '---\nid: fixture\ntitle: "Fixture"\n---\n'
	printf '# Fixture lesson\n\n'
	printf 'Opening words come first. See [the guide](https://example.org/guide).\n\n'
	i=1
	while [ $i -le 60 ]; do
		printf 'Paragraph %02d says something calm and ordinary about the day.\n\n' $i
		[ $i = 30 ] && printf '```tend-prompt\nid: p1\nquestion: "How are you?"\n```\n\n'
		[ $i = 40 ] && printf 'A rare marmalade word lives here.\n\n'
		[ $i = 50 ] && printf 'The marmalade comes back once more.\n\n'
		i=$((i + 1))
	done
	printf 'Closing words end it.\n'
} >"$L"

# The status the wrapping shell wrote to $T_TMP/status, once it is there.
file_status() {
	t_wait_for 5 test -s "$T_TMP/status"
	cat "$T_TMP/status" 2>/dev/null
}
row1_is() { [ "$(row 1)" = "$1" ]; }
row1_not() { [ "$(row 1)" != "$1" ]; }

row() { # row N: line N (1-based) of the screen
	e2e_screen | sed -n "${1}p"
}

# A shell around tend records its exit status (tmux does not always reap
# a pane's process at once, so #{pane_dead_status} can stay empty).
e2e_start 80 24 sh -c "TEND_LESSON='$L' '$TEND'; echo \$? >'$T_TMP/status'"
e2e_expect "lesson opens" "Fixture lesson"
e2e_expect "status line names the file" "lesson.md"
e2e_expect "at the top" "top"
t_lacks "front matter is not shown" "$(e2e_screen)" 'id: fixture'

e2e_keys Space
e2e_expect "space pages down" "Paragraph 11"
e2e_gone "first line scrolled away" "Fixture lesson"
e2e_keys PageDown
e2e_expect "PgDn pages down" "Paragraph 22"
e2e_keys b
e2e_expect "b pages up" "Paragraph 11"
first=$(row 1)
e2e_keys j
e2e_until "j scrolls one line" row1_not "$first"
e2e_keys k
e2e_until "then k comes back" row1_is "$first"
e2e_keys G
e2e_expect "G goes to the end" "Closing words end it."
e2e_expect "status says end" "end  Tab next exercise"
e2e_keys g
e2e_expect "g goes to the top" "Fixture lesson"

e2e_keys %
e2e_expect "% tells the position" "Lines 1-23 of"

e2e_keys / marmalade Enter
e2e_expect "search finds the word" "A rare marmalade word"
e2e_until "the match is at the top" e2e_row_has 1 "A rare marmalade"
e2e_keys n
e2e_until "n brings the next match to the top" e2e_row_has 1 "comes back"
e2e_keys n
e2e_expect "no more matches is said" "Not found further down"
e2e_keys N
e2e_expect "N goes back up" "A rare marmalade word"
e2e_keys / zzzqqq Enter
e2e_expect "a missing word is reported" "Not found further down: zzzqqq"

e2e_keys g l
e2e_expect "links list" "https://example.org/guide"
e2e_expect "links are numbered" "[1]"
e2e_keys q
e2e_expect "q closes the links" "Fixture lesson"

e2e_keys Tab
e2e_expect "Tab brings the exercise into view" "[Question]"
e2e_keys Enter
e2e_expect "an exercise opened alone explains itself" \
	"Exercises open from the course"
e2e_keys Enter
e2e_gone "Enter closes the message" "Exercises open from"

e2e_keys g
e2e_expect "g: the top again" "Fixture lesson"
e2e_resize 50 16
e2e_until "narrower: text rewrapped" e2e_has_line " about the day."
e2e_still "narrower: still at the same place" "Fixture lesson"
long=$(e2e_screen | awk 'length($0) > 50' | head -1)
t_check "narrower: no line wider than the terminal" test -z "$long"
e2e_keys Space
e2e_expect "pages at the new size" "Paragraph 06"
e2e_resize 30 10
e2e_expect "too small is said" "Terminal too small"
e2e_expect "too small says the minimum" "needs 40x12"
e2e_keys Space
e2e_resize 100 30
e2e_expect "larger again: the lesson is back" "Paragraph 06"
e2e_gone "no too-small message left" "too small"

e2e_keys '?'
e2e_expect "help screen" "Keys: Lesson"
e2e_expect "help lists reader keys" "search for text"
e2e_expect "help lists global keys" "crisis contacts"
e2e_keys q
e2e_expect "q closes help" "Paragraph 06"
e2e_keys '!'
e2e_expect "crisis key works" "If you are in danger now"
e2e_expect "crisis says where to go" "emergency department"
e2e_keys '?'
e2e_expect "help from the crisis screen" "Keys"
e2e_keys q q
e2e_expect "back to the lesson" "Paragraph 06"

e2e_keys Q
if e2e_wait_exit; then t_ok "Q quits"; else t_fail "Q quits" "$(e2e_screen)"; fi
t_check "exit status 0" test "$(file_status)" = 0
t_lacks "the screen is given back" "$(e2e_screen)" "Paragraph"
stop

# q on the only screen also leaves.
e2e_start 80 24 env TEND_LESSON="$L" "$TEND"
e2e_expect "opens again" "Fixture lesson"
e2e_keys q
if e2e_wait_exit; then t_ok "q on the last screen quits"; else t_fail "q quits"; fi
stop

# SIGTERM, SIGHUP and SIGINT end the program cleanly: exit 0, terminal
# restored.  A shell around tend records the status (tmux does not always
# reap a pane's process at once).
for sig in TERM HUP INT; do
	rm -f "$T_TMP/status"
	e2e_start 80 24 sh -c "TEND_LESSON='$L' '$TEND'; echo \$? >'$T_TMP/status'"
	e2e_expect "opens for SIG$sig" "Fixture lesson"
	shpid=$(tmux -L "$E2E_SOCK" display -p -t t '#{pane_pid}')
	pid=$shpid # the deepest process under the pane is tend
	while c=$(pgrep -P "$pid" | head -1) && [ -n "$c" ]; do pid=$c; done
	kill -$sig "$pid"
	st=$(file_status)
	if [ "$st" = 0 ]; then
		t_ok "SIG$sig ends it with status 0"
	else
		t_fail "SIG$sig ends it with status 0" "status '$st'"
	fi
	t_lacks "SIG$sig: the screen is given back" "$(e2e_screen)" "Paragraph"
	stop
done

# Without a UTF-8 locale: ASCII glyphs only.
E2E_LANG=C e2e_start 80 24 env TEND_LESSON="$L" "$TEND"
e2e_expect "C locale: lesson opens" "Fixture lesson"
scr=$(e2e_screen)
t_check "C locale: only ASCII on screen" \
	sh -c 'printf "%s" "$1" | LC_ALL=C grep -q "[^ -~]" && exit 1 || exit 0' \
	sh "$scr"
stop

# A file that cannot be read: a message and status 1, no full screen.  The
# shell then waits for a line, so that the pane (and its last output)
# stays until the test ends it.
e2e_start 80 24 sh -c "TEND_LESSON='$T_TMP/nope.md' '$TEND'; echo status=\$?; read x"
e2e_expect "missing lesson says which file" "nope.md"
e2e_expect "missing lesson: status 1" "status=1"
stop

t_done
