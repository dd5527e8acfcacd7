#!/bin/sh
# One passphrase rule in the full screen too (tend(1), PASSPHRASES): a
# 600-byte passphrase (non-ASCII in it) set with `tend init
# --passphrase-fd` is pasted into the full screen's unlock field and opens
# the vault, and the same paste short of its last character does not; a
# passphrase set composed (NFC) opens when typed decomposed; at set-up the
# field refuses past 1024 bytes with a message, never a silent cut, and a
# 600-byte passphrase chosen in the full screen opens from the command
# line; while the key is derived the status line says the vault is being
# opened.  Pastes go through tmux send-keys -l, one key at a time, as a
# terminal delivers them.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

D=$T_TMP/data
# 600 bytes: 100 x "é" (two bytes each) and 400 ASCII letters.
P600=$(python3 -c "import sys; sys.stdout.write('\u00e9' * 100 + ''.join(chr(97 + i % 26) for i in range(400)))")
t_check "the passphrase is 600 bytes" [ "$(printf %s "$P600" | wc -c)" = 600 ]
printf '%s\n' "$P600" >"$T_TMP/p600"

t_run 0 "init with a 600-byte passphrase" \
	tend --data-dir "$D" init --kdf interactive --passphrase-fd 3 3<"$T_TMP/p600"

# A new terminal each time, on a socket of its own.
run() {
	e2e_stop
	E2E_SOCK="tend-e2e-$$-$1"
	shift
	e2e_start 80 24 "$@"
}

run 1 "$TEND" --data-dir "$D"
e2e_expect "the unlock screen" "Passphrase:"
e2e_keys -l "${P600%?}"
e2e_keys Enter
e2e_expect "the paste short of its last character does not open" \
	"wrong passphrase"
e2e_keys -l "$P600"
e2e_keys Enter
e2e_expect "the whole 600-byte paste opens the vault" "Your country"
e2e_keys q
e2e_expect "the country can wait: the welcome" "Welcome to tend"
e2e_keys q
e2e_exits "and tend leaves"

# Composed at set-up, decomposed at the keyboard.
E=$T_TMP/nfc
printf 'caf\303\251 cr\303\250me br\303\273l\303\251e\n' >"$T_TMP/composed"
t_run 0 "init with a composed passphrase" \
	tend --data-dir "$E" init --kdf interactive --passphrase-fd 3 3<"$T_TMP/composed"
run 2 "$TEND" --data-dir "$E"
e2e_expect "the unlock screen (NFC)" "Passphrase:"
e2e_keys -l "$(printf 'cafe\314\201 cre\314\200me bru\314\202le\314\201e')"
e2e_keys Enter
e2e_expect "typed decomposed, it opens" "Your country"
e2e_keys q
e2e_expect "the welcome (NFC)" "Welcome to tend"
e2e_keys q
e2e_exits "and tend leaves (NFC)"

# Set-up in the full screen: past the rule is refused and said; 600
# bytes are taken whole.
N=$T_TMP/new
run 3 "$TEND" --data-dir "$N"
e2e_expect "first run: the country" "Your country"
e2e_keys q
e2e_expect "first run" "Welcome to tend"
e2e_keys Enter
e2e_expect "choose a passphrase" "Choose a passphrase"
e2e_keys -l "$(python3 -c "print('x' * 1100)")"
e2e_expect "an 1100-byte paste is stopped, and said" "at most 1024 bytes"
e2e_keys C-u
e2e_keys -l "$P600"
e2e_expect "600 bytes are taken" "Strength:"
e2e_keys Enter
e2e_expect "asked again" "The same again:"
e2e_keys -l "$P600"
e2e_keys Enter
e2e_expect "the vault is made: the recovery code" "recovery code"
e2e_keys Q
e2e_wait_exit
t_wait_for 5 flock -n "$N/vault.lock" true 2>/dev/null
t_run 0 "the passphrase chosen in the full screen opens from the command line" \
	tend --data-dir "$N" status --passphrase-fd 3 3<"$T_TMP/p600"

# The key derivation takes a while (here libsodium's moderate cost, about
# half a second): the status line says the vault is being opened, and
# no more once it is.
M=$T_TMP/moderate
t_run 0 "init with libsodium's moderate cost" \
	tend --data-dir "$M" init --kdf moderate --passphrase-fd 3 3<"$T_TMP/composed"
run 4 "$TEND" --data-dir "$M"
e2e_expect "the unlock screen (moderate)" "Passphrase:"
e2e_keys -l "$(printf 'caf\303\251 cr\303\250me br\303\273l\303\251e')"
e2e_keys Enter
e2e_expect "while the key is derived, it says so" "Opening the vault..."
e2e_expect "then the vault opens" "Your country"
t_check "and the message is gone" e2e_lacks "Opening the vault"
e2e_keys q
e2e_expect "the welcome (moderate)" "Welcome to tend"
e2e_keys q
e2e_exits "and tend leaves (moderate)"
t_done
