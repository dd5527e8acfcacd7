#!/bin/sh
# A vault file damaged where the unlock does not look (the middle of a
# large vault).  The full screen unlocks lazily (vault_open_lazily): what
# follows the unlock is painted from the chunks it needs, then the rest
# is opened before another key is read, and the damage found there
# replaces every screen with the advice the command line gives; the file
# is left as it was, and nothing more is shown from the vault.  Plain
# mode and the command line, which open the whole vault before anything,
# refuse it at once with exit status 4.  At 80x24 and 40x12, and in
# German (the vault's own error messages are translated too).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../locale.sh"

TOOL=$(dirname "$TEND")/tools/vault_tool
D=$T_TMP/data
PASS='damaged middle passphrase'
printf '%s\n' "$PASS" >"$T_TMP/pass"

t_run 0 "init" \
	tend --data-dir "$D" init --kdf interactive --passphrase-fd 3 3<"$T_TMP/pass"
t_check "an 8 MiB vault (128 chunks)" \
	sh -c "'$TOOL' fill '$D' 8 <'$T_TMP/pass'"

run() {
	e2e_stop
	E2E_SOCK="tend-e2e-$$-$1"
	shift
	e2e_start "$@"
}

# Sound, it opens lazily and the screen after the unlock comes.
run 1 80 24 "$TEND" --data-dir "$D"
e2e_expect "the unlock screen" "Passphrase:"
e2e_keys -l "$PASS"
e2e_keys Enter
e2e_expect "sound, the vault opens" "Your country"
e2e_keys q
e2e_expect "and the welcome follows" "Welcome to tend"
e2e_keys q
e2e_exits "and tend leaves"

# One byte in the middle of the file: chunk 64 of 131, a random value's.
python3 - "$D/vault" <<'PY'
import sys
with open(sys.argv[1], "r+b") as f:
    f.seek(4 * 1024 * 1024 + 777)
    b = f.read(1)
    f.seek(4 * 1024 * 1024 + 777)
    f.write(bytes([b[0] ^ 4]))
PY
cp "$D/vault" "$T_TMP/damaged"

for size in "80 24" "40 12"; do
	set -- $size
	run "2-$1" "$1" "$2" "$TEND" --data-dir "$D"
	e2e_expect "the unlock screen at $1x$2" "Passphrase:"
	e2e_keys -l "$PASS"
	e2e_keys Enter
	e2e_expect "the damage is found at $1x$2" "The vault cannot be opened"
	e2e_expect "and said as the command line says it at $1x$2" "damaged"
	t_check "nothing from the vault stays on screen at $1x$2" \
		e2e_lacks "Your country"
	e2e_keys q
	e2e_exits "tend leaves at $1x$2, with the command line's status" 4
	t_check "the file is as it was at $1x$2" cmp -s "$D/vault" "$T_TMP/damaged"
done
e2e_stop

t_run 4 "the command line refuses it" \
	tend --data-dir "$D" status --passphrase-fd 3 3<"$T_TMP/pass"
t_has "with the way back" "$T_ERR" "tend restore $D/vault.bak"
t_lacks "and no dangling fallback" "$T_ERR" "fails too"
t_run 4 "plain mode refuses it" \
	sh -c "echo q | '$TEND' --plain --data-dir '$D' --passphrase-fd 3 3<'$T_TMP/pass'"
t_has "with the same advice" "$T_ERR" "tend restore $D/vault.bak"
t_check "the file is still as it was" cmp -s "$D/vault" "$T_TMP/damaged"

if ! t_locale de_DE.UTF-8; then
	t_skip "German" "the de_DE.UTF-8 locale cannot be made here (not root, or no localedef)"
else
	de() { LC_ALL=de_DE.UTF-8 LANG=de_DE.UTF-8 LANGUAGE= "$@"; }
	run de 80 24 env LC_ALL=de_DE.UTF-8 LANG=de_DE.UTF-8 LANGUAGE= \
		"$TEND" --data-dir "$D"
	e2e_expect "German: the unlock screen" "Passphrase:"
	e2e_keys -l "$PASS"
	e2e_keys Enter
	e2e_expect "German: the damage is found" "Der Tresor kann nicht geöffnet werden"
	e2e_expect "German: and said in German" "beschädigt"
	e2e_keys q
	e2e_exits "German: tend leaves" 4
	e2e_stop
	t_run 4 "German: the command line refuses it" \
		de tend --data-dir "$D" status --passphrase-fd 3 3<"$T_TMP/pass"
	t_has "German: in German" "$T_ERR" "beschädigt"
fi
t_done
