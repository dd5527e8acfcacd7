#!/bin/sh
# Proves the end-to-end harness on the real binary: start it in a terminal
# of a fixed size, send keys, read the screen, see it exit.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

e2e_start 80 24 sh -c "'$TEND' -h; printf 'type: '; read x; echo \"got:\$x\""
e2e_expect "help shows in a terminal" "See tend(1) for details."
e2e_expect "commands listed" "check-content [DIR]"
e2e_keys "héllo 中文" Enter
e2e_expect "keys reach the program, UTF-8 intact" "got:héllo 中文"
if e2e_wait_exit; then t_ok "program exits"; else t_fail "program exits"; fi
t_check "exit status seen" test "$(e2e_status)" = 0
e2e_stop

# A terminal of another size and a non-UTF-8 locale still work.
E2E_LANG=C e2e_start 40 12 sh -c "'$TEND' -V; read x"
e2e_expect "runs at 40x12 in the C locale" "tend 0."
e2e_stop

# tests/tools/ptyrec (the benchmarks' terminal): a step ends after the
# settle time, unless -U names it and a text it waits for (the bench's
# unlock says "Opening the vault..." before the home screen comes).
PTYREC="$(dirname "$TEND")/tools/ptyrec"
slow="printf a; sleep 0.8; printf 'bc done'"
t_check "ptyrec: a step ends after the settle time" \
	sh -c "'$PTYREC' -S 200 -- sh -c \"$slow\" | awk '\$2 == \"start\" { exit \$3 != 1 }'"
t_check "ptyrec -U: the step waits for its text" \
	sh -c "'$PTYREC' -S 200 -U 0:done -- sh -c \"$slow\" | awk '\$2 == \"start\" { exit \$3 != 8 }'"
t_check "ptyrec -U: a text cut between two reads is found" \
	sh -c "'$PTYREC' -S 200 -U 0:cdo -- sh -c \"printf abc; sleep 0.5; printf done; sleep 1.5; printf X\" | awk '\$2 == \"start\" { exit \$3 != 7 }'"

t_done
