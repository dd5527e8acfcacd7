#!/bin/sh
# One passphrase rule for every front end: at most 1024 bytes (after NFC),
# never cut.  A 600-byte passphrase set with `init --passphrase-fd` opens;
# an 1100-byte one is refused at set-up with a message and no vault is
# made; passwd refuses one too and keeps the old passphrase; a passphrase
# typed in decomposed Unicode opens a vault set up with the composed form.
# (The full screen's field is tested in e2e/test_passphrase_tui.sh; vaults
# made before the rule in unit/test_vault_session.)
. "$(dirname "$0")/../lib.sh"

D=$T_TMP/data
python3 -c "print(''.join(chr(97 + i % 26) for i in range(600)))" >"$T_TMP/p600"
python3 -c "print('x' * 1100)" >"$T_TMP/p1100"
python3 -c "print('y' * 1024)" >"$T_TMP/p1024"

t_run 1 "an 1100-byte passphrase: refused at init" \
	tend --data-dir "$D" init --kdf interactive --passphrase-fd 3 3<"$T_TMP/p1100"
t_has "... saying the limit" "$T_ERR" "1024 bytes"
t_check "... and no vault was made" test ! -e "$D/vault"

t_run 0 "a 600-byte passphrase: init" \
	tend --data-dir "$D" init --kdf interactive --passphrase-fd 3 3<"$T_TMP/p600"
t_run 0 "... opens from the command line" \
	tend --data-dir "$D" status --passphrase-fd 3 3<"$T_TMP/p600"
head -c 599 "$T_TMP/p600" >"$T_TMP/p599"
echo >>"$T_TMP/p599"
t_run 3 "... and its first 599 bytes do not" \
	tend --data-dir "$D" status --passphrase-fd 3 3<"$T_TMP/p599"

cat "$T_TMP/p600" "$T_TMP/p1100" >"$T_TMP/pw"
t_run 1 "passwd refuses an 1100-byte passphrase" \
	tend --data-dir "$D" passwd --kdf interactive --passphrase-fd 3 3<"$T_TMP/pw"
t_has "... saying the limit" "$T_ERR" "1024 bytes"
t_run 0 "... and the old one still opens" \
	tend --data-dir "$D" status --passphrase-fd 3 3<"$T_TMP/p600"
cat "$T_TMP/p600" "$T_TMP/p1024" >"$T_TMP/pw"
t_run 0 "passwd takes exactly 1024 bytes" \
	tend --data-dir "$D" passwd --kdf interactive --passphrase-fd 3 3<"$T_TMP/pw"
t_run 0 "... which opens" \
	tend --data-dir "$D" status --passphrase-fd 3 3<"$T_TMP/p1024"

# The same words from two keyboards.
E=$T_TMP/nfc
printf 'caf\303\251 cr\303\250me br\303\273l\303\251e\n' >"$T_TMP/composed"
printf 'cafe\314\201 cre\314\200me bru\314\202le\314\201e\n' >"$T_TMP/decomposed"
t_run 0 "init with a composed (NFC) passphrase" \
	tend --data-dir "$E" init --kdf interactive --passphrase-fd 3 3<"$T_TMP/composed"
t_run 0 "... opens when typed decomposed" \
	tend --data-dir "$E" status --passphrase-fd 3 3<"$T_TMP/decomposed"
t_done
