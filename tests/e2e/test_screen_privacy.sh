#!/bin/sh
# A shoulder surfer (tend-security(7)): the passphrase typed in the full
# screen shows as stars, never as itself; tend draws on the terminal's
# alternate screen, so once it ends, what it showed is gone and the
# terminal shows what was there before.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

D=$T_TMP/data
PASS="shoulder-7c1d-passphrase"
printf '%s\n' "$PASS" >"$T_TMP/p"
t_run 0 "a vault" \
	tend --data-dir "$D" init --kdf interactive --passphrase-fd 3 3<"$T_TMP/p"

# The line before tend waits for Enter: once it is on screen, the pane is
# settled.  The shell stays after tend, since tmux redraws a dead pane
# from scratch.
e2e_start 80 24 sh -c 'echo "before-tend-9e2f"; read x; "$0" --data-dir "$1"; echo "after-tend-$?"; read x' \
	"$TEND" "$D"
e2e_expect "the line before tend" "before-tend-9e2f"
e2e_keys Enter
e2e_expect "the unlock screen" "Passphrase:"
e2e_still "... drawn over it" "Passphrase:"
t_check "... which is hidden" sh -c "! tmux -L '$E2E_SOCK' capture-pane -p -t t | grep -q before-tend-9e2f"
e2e_keys -l "$PASS"
e2e_expect "the typed passphrase shows as stars" "************************"
e2e_still "... and never as itself" "Passphrase:"
t_check "... not a word of it on screen" sh -c "! tmux -L '$E2E_SOCK' capture-pane -p -t t | grep -q 7c1d"
e2e_keys Enter
e2e_expect "it opens" "Your country"
e2e_keys q
e2e_expect "the welcome" "Welcome to tend"
e2e_keys q
e2e_expect "tend leaves" "after-tend-0"
e2e_still "the terminal shows what it showed before tend" "before-tend-9e2f"
t_check "... and nothing tend showed" sh -c "! tmux -L '$E2E_SOCK' capture-pane -p -S - -t t | grep -q 'Welcome to tend\|Passphrase\|\*\*\*'"
t_done
