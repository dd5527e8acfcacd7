# End-to-end helpers: run the real tend binary inside tmux with a pinned
# size, TERM, locale and time zone; send keys; read the screen back.
# Source after tests/lib.sh.

E2E_SOCK="tend-e2e-$$"
T_CLEANUP_HOOK='tmux -L "$E2E_SOCK" kill-server 2>/dev/null'

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
}

# e2e_keys KEY...: tmux send-keys syntax (Enter, Escape, C-c, "text").
e2e_keys() {
	tmux -L "$E2E_SOCK" send-keys -t t "$@"
}

# e2e_screen: the visible screen as text.
e2e_screen() {
	tmux -L "$E2E_SOCK" capture-pane -p -t t
}

# e2e_wait TEXT [SECONDS]: waits until TEXT is on screen; 0 if it came.
e2e_wait() {
	i=0
	limit=$(( ${2:-5} * 20 ))
	while [ $i -lt $limit ]; do
		e2e_screen | grep -qF -- "$1" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# e2e_expect NAME TEXT: checks that TEXT shows up on screen.
e2e_expect() {
	if e2e_wait "$2" "${3:-15}"; then
		t_ok "$1"
	else
		t_fail "$1" "screen lacks: $2
$(e2e_screen)"
	fi
}

e2e_resize() {
	tmux -L "$E2E_SOCK" resize-window -t t -x "$1" -y "$2"
}

# e2e_dead: true once the program has exited; e2e_status: its exit code.
e2e_dead() {
	[ "$(tmux -L "$E2E_SOCK" display -p -t t '#{pane_dead}')" = 1 ]
}

e2e_status() {
	e2e_wait_exit
	i=0
	while [ $i -lt 100 ] && [ ! -s "$E2E_STATUS" ]; do
		sleep 0.05
		i=$((i + 1))
	done
	cat "$E2E_STATUS" 2>/dev/null
}

e2e_wait_exit() {
	i=0
	while [ $i -lt 400 ]; do
		e2e_dead && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

e2e_stop() {
	tmux -L "$E2E_SOCK" kill-server 2>/dev/null
	return 0
}
