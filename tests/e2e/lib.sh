# End-to-end helpers: run the real tend binary inside tmux with a pinned
# size, TERM, locale and time zone; send keys; read the screen back.
# Source after tests/lib.sh.
#
# Checks wait for what a key should bring, never for a fixed time, and
# they must be able to fail: e2e_expect refuses text that was already on
# the screen before the keys (or resize) sent since the previous check,
# since such a check would pass without the key doing anything.  Text that
# should stay is checked with e2e_still, after a check that proved the
# screen changed; text that should go, with e2e_gone.

E2E_SOCK="tend-e2e-$$"
T_CLEANUP_HOOK='e2e_stop'
E2E_BEFORE=""
E2E_ARMED=0

# e2e_start COLS ROWS CMD...: starts CMD in a fresh tmux server whose only
# pane is COLS x ROWS (no status line).  The pane stays after the program
# exits so the last screen and the exit status can be read.
e2e_start() {
	cols=$1
	rows=$2
	shift 2
	# tmux does not always learn a fast exit's status, so the command
	# writes its own.
	E2E_STATUS="$T_TMP/e2e-status.$$.$(date +%s%N)"
	export E2E_STATUS
	E2E_BEFORE=""
	E2E_ARMED=0
	cat >"$T_TMP/tmux.conf" <<CONF
set -g remain-on-exit on
set -g default-terminal tmux-256color
set -g status off
set -g escape-time 10
set -g history-limit 0
CONF
	tmux -L "$E2E_SOCK" -f "$T_TMP/tmux.conf" new-session -d -s t \
		-x "$cols" -y "$rows" \
		-e LANG="${E2E_LANG:-C.UTF-8}" -e LC_ALL="${E2E_LANG:-C.UTF-8}" \
		-e TZ=UTC -e TEND_SHARE_DIR="$TOP" -e TEND_NOW="${TEND_NOW:-}" \
		-e E2E_STATUS="$E2E_STATUS" \
		sh -c '"$@"; echo $? >"$E2E_STATUS"' sh "$@"
	E2E_ARMED=1
}

# Keeps the screen as it is before the first keys after a check, for
# e2e_expect and e2e_gone.
e2e_before() {
	if [ "$E2E_ARMED" = 1 ]; then
		E2E_BEFORE=$(e2e_screen)
		E2E_ARMED=0
	fi
}

# e2e_keys KEY...: tmux send-keys syntax (Enter, Escape, C-c, "text").
e2e_keys() {
	e2e_before
	tmux -L "$E2E_SOCK" send-keys -t t "$@"
}

# e2e_screen: the visible screen as text.
e2e_screen() {
	tmux -L "$E2E_SOCK" capture-pane -p -t t
}

e2e_has() { e2e_screen | grep -qF -- "$1"; }
e2e_lacks() { ! e2e_screen | grep -qF -- "$1"; }
# e2e_has_line LINE: a whole screen row is LINE (trailing blanks aside).
e2e_has_line() { e2e_screen | sed 's/ *$//' | grep -qxF -- "$1"; }
# e2e_row_has N TEXT: screen row N (1-based) holds TEXT.
e2e_row_has() { e2e_screen | sed -n "${1}p" | grep -qF -- "$2"; }

# e2e_cursor: the cursor as "x,y" (0-based).
e2e_cursor() {
	tmux -L "$E2E_SOCK" display -p -t t '#{cursor_x},#{cursor_y}'
}

# e2e_wait TEXT [SECONDS]: waits until TEXT is on screen; 0 if it came.
e2e_wait() {
	t_wait_for "${2:-5}" e2e_has "$1"
}

# e2e_expect NAME TEXT [SECONDS]: TEXT, which was not on the screen before
# the keys sent since the last check, shows up.
e2e_expect() {
	E2E_ARMED=1
	case $E2E_BEFORE in
	*"$2"*)
		t_fail "$1" "already on screen before the key, so this proves nothing: $2
$E2E_BEFORE"
		return 0
		;;
	esac
	if e2e_wait "$2" "${3:-15}"; then
		t_ok "$1"
	else
		t_fail "$1" "screen lacks: $2
$(e2e_screen)"
	fi
}

# e2e_still NAME TEXT: TEXT is on screen, and may have been before the
# keys.  Use after a check that proved the keys changed the screen.
e2e_still() {
	E2E_ARMED=1
	if e2e_has "$2"; then
		t_ok "$1"
	else
		t_fail "$1" "screen lacks: $2
$(e2e_screen)"
	fi
}

# e2e_gone NAME TEXT [SECONDS]: TEXT, which was on the screen before the
# keys sent since the last check, goes away.
e2e_gone() {
	E2E_ARMED=1
	case $E2E_BEFORE in
	*"$2"*) ;;
	*)
		t_fail "$1" "not on screen before the key, so this proves nothing: $2
$E2E_BEFORE"
		return 0
		;;
	esac
	if t_wait_for "${3:-15}" e2e_lacks "$2"; then
		t_ok "$1"
	else
		t_fail "$1" "screen still has: $2
$(e2e_screen)"
	fi
}

# e2e_until NAME CMD...: CMD comes true within 15 s (a state that is not
# plain text on screen: the cursor, a file, a row).
e2e_until() {
	eu_name=$1
	shift
	E2E_ARMED=1
	if t_wait_for 15 "$@"; then
		t_ok "$eu_name"
	else
		t_fail "$eu_name" "not so within 15 s: $*
$(e2e_screen)"
	fi
}

e2e_resize() {
	e2e_before
	tmux -L "$E2E_SOCK" resize-window -t t -x "$1" -y "$2"
}

# e2e_dead: true once the program has exited; e2e_status: its exit code.
e2e_dead() {
	[ "$(tmux -L "$E2E_SOCK" display -p -t t '#{pane_dead}')" = 1 ]
}

e2e_status() {
	e2e_wait_exit
	t_wait_for 5 test -s "$E2E_STATUS"
	cat "$E2E_STATUS" 2>/dev/null
}

# e2e_exits NAME [STATUS]: the program ends, with STATUS (0 if not given).
# The status comes from the file the wrapping shell writes: text printed
# just before a pane dies may never reach the screen.
e2e_exits() {
	E2E_ARMED=1
	ee_st=$(e2e_status)
	if [ "$ee_st" = "${2:-0}" ]; then
		t_ok "$1"
	else
		t_fail "$1" "exit status '$ee_st', wanted ${2:-0}
$(e2e_screen)"
	fi
}

e2e_wait_exit() {
	t_wait_for 20 e2e_dead
}

# e2e_gone_pid PID: the process has ended (a zombie counts: where PID 1
# does not reap, an ended server stays one).
e2e_gone_pid() {
	eg_st=$(ps -o stat= -p "$1" 2>/dev/null)
	[ -z "$eg_st" ] || [ "${eg_st#Z}" != "$eg_st" ]
}

# e2e_stop: ends the tmux server and waits until it is gone, so that the
# next e2e_start on the same socket cannot reach a server that is still
# shutting down.
#
# Nothing the test started may outlive it: a program still on the pane's
# terminal 10 s after the server ended is killed (and named), so that a
# hung process (a sanitizer's exit-time leak check, say) cannot keep a
# core of the test machine busy for hours.  tests/e2e/test_hangup.sh is
# where tend's own ending is checked.
e2e_stop() {
	es_pid=$(tmux -L "$E2E_SOCK" display -p '#{pid}' 2>/dev/null)
	es_path=$(tmux -L "$E2E_SOCK" display -p '#{socket_path}' 2>/dev/null)
	es_tty=$(tmux -L "$E2E_SOCK" display -p '#{pane_tty}' 2>/dev/null)
	tmux -L "$E2E_SOCK" kill-server 2>/dev/null
	[ -n "$es_pid" ] && t_wait_for 10 e2e_gone_pid "$es_pid"
	[ -n "$es_path" ] && rm -f "$es_path"
	if [ -n "$es_tty" ] && ! t_wait_for 10 e2e_tty_free "$es_tty"; then
		for es_p in $(e2e_on_tty "$es_tty"); do
			echo "# still running after its terminal went:" \
				"$(ps -o args= -p "$es_p" 2>/dev/null) (killed)"
			kill -9 "$es_p" 2>/dev/null
		done
	fi
	return 0
}

# e2e_on_tty TTY: the live processes whose standard input is TTY (a
# pane's /dev/pts/N), now that its terminal is gone.
e2e_on_tty() {
	ls -l /proc/[0-9]*/fd/0 2>/dev/null |
		grep -F -- "-> $1 (deleted)" |
		sed 's|.*/proc/\([0-9]*\)/fd/0 .*|\1|' |
		while read -r eo_p; do
			e2e_gone_pid "$eo_p" || echo "$eo_p"
		done
}

# e2e_tty_free TTY: no live process is left on TTY.
e2e_tty_free() {
	[ -z "$(e2e_on_tty "$1")" ]
}
