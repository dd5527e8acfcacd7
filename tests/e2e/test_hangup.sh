#!/bin/sh
# When its terminal goes away, tend ends within seconds and never spins:
# the tmux server killed outright (no hang-up signal reaches the program
# first), the server ended in order, and a terminal whose output cannot
# be written (a non-blocking descriptor whose reader stopped) while tend
# is asked to end with SIGTERM.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

if ! command -v python3 >/dev/null 2>&1; then
	t_skip_all "python3 is needed to start tend with a non-blocking terminal"
fi

P="$T_TMP/pass"
PASS="a long test passphrase 4711"
echo "$PASS" >"$P"
D="$T_TMP/d"
tend --data-dir "$D" init --kdf interactive --passphrase-fd 3 3<"$P" \
	>/dev/null 2>&1 || t_fail "init" "exit $?"

N_SOCK=0
stop() {
	e2e_stop
	N_SOCK=$((N_SOCK + 1))
	E2E_SOCK="tend-e2e-$$-$N_SOCK"
}

# The pid of the tend this test started (the one on $D).
tend_pid() {
	pgrep -f -- "--data-dir $D" | while read -r p; do
		[ "$(ps -o comm= -p "$p")" = tend ] && echo "$p"
	done | head -1
}

# CPU seconds used so far by PID (0 when it is gone).
cpu_s() {
	ps -o times= -p "$1" 2>/dev/null | tr -d ' ' || echo 0
}

# open HOW: tend to its home screen; $PID is the program.
open() {
	e2e_start 80 24 "$@"
	e2e_expect "$how: the unlock screen" "Passphrase:"
	e2e_keys "$PASS" Enter
	e2e_expect "$how: opens" "Your country" 15
	e2e_keys q
	e2e_expect "$how: the welcome" "Welcome to tend"
	PID=$(tend_pid)
	[ -n "$PID" ] || t_fail "$how: tend runs" "no process on $D"
}

# ended HOW: the program is gone within 10 s and used little CPU doing so.
ended() {
	c0=$(cpu_s "$PID")
	if t_wait_for 10 e2e_gone_pid "$PID"; then
		t_ok "$1: tend ends"
	else
		c1=$(cpu_s "$PID")
		kill -9 "$PID" 2>/dev/null
		t_fail "$1: tend ends" \
			"still running after 10 s (CPU $c0, then $c1)"
	fi
}

how="server killed"
open "$TEND" --data-dir "$D"
tpid=$(tmux -L "$E2E_SOCK" display -p '#{pid}')
sock=$(tmux -L "$E2E_SOCK" display -p '#{socket_path}')
kill -9 "$tpid"
ended "$how"
rm -f "$sock"
stop

how="server ended"
open "$TEND" --data-dir "$D"
tmux -L "$E2E_SOCK" kill-server
ended "$how"
stop

# A terminal that takes no output: tmux stopped, standard output
# non-blocking.  SIGTERM still ends tend, and it does not spin meanwhile.
how="output blocked"
open python3 -c 'import os, sys
os.set_blocking(1, False)
os.execv(sys.argv[1], sys.argv[1:])' "$TEND" --data-dir "$D"
tpid=$(tmux -L "$E2E_SOCK" display -p '#{pid}')
tty=$(tmux -L "$E2E_SOCK" display -p '#{pane_tty}')
kill -STOP "$tpid"
# Fill the terminal's buffer: each new size is a full repaint that nobody
# reads.
python3 -c 'import fcntl, os, struct, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_NOCTTY)
for i in range(60):
    fcntl.ioctl(fd, 0x5414, struct.pack("HHHH", 24, 80 + i % 2, 0, 0))
    time.sleep(0.02)' "$tty"
c_busy=$(cpu_s "$PID")
kill -TERM "$PID"
ended "$how"
kill -CONT "$tpid" 2>/dev/null
stop

t_done
