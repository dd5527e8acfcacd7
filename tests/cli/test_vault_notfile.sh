#!/bin/sh
# A vault that is not a regular file: a FIFO, a symbolic link or a folder in
# its place is refused at once with exit 4 and a sentence that says so;
# nothing waits on the FIFO (while holding the lock), nothing is written
# through the link.  A FIFO named as a backup to restore is refused the same
# way and the vault is left alone.
. "$(dirname "$0")/../lib.sh"

D=$T_TMP/data
printf 'correct horse battery staple\n' >"$T_TMP/p"
t_run 0 "init" \
	tend --data-dir "$D" init --kdf interactive --passphrase-fd 3 3<"$T_TMP/p"
mv "$D/vault" "$T_TMP/real"

ms() { echo $(($(date +%s%N) / 1000000)); }

# A FIFO: `timeout` turns a hang into a failure instead of a stuck suite.
mkfifo "$D/vault"
t0=$(ms)
t_run 4 "a FIFO as the vault: status exits 4" \
	timeout 20 "$TEND" --data-dir "$D" status --passphrase-fd 3 3<"$T_TMP/p"
el=$(($(ms) - t0))
t_check "... within a second (took ${el} ms)" test "$el" -lt 1000
t_has "... saying it is not a regular file" "$T_ERR" "not a regular file"
t_has "... naming the vault" "$T_ERR" "$D/vault"
t_run 4 "a FIFO as the vault: export exits 4 too" \
	timeout 20 "$TEND" --data-dir "$D" export --format json \
	--passphrase-fd 3 3<"$T_TMP/p"
t_check "the FIFO is left in place" test -p "$D/vault"
rm -f "$D/vault"

# A symbolic link to a real vault: refused before any passphrase is asked,
# and the file behind it is not touched.
ln -s "$T_TMP/real" "$D/vault"
cp "$T_TMP/real" "$T_TMP/before"
t_run 4 "a symlinked vault: status exits 4" \
	timeout 20 "$TEND" --data-dir "$D" status --passphrase-fd 3 3<"$T_TMP/p"
t_has "... saying it is not a regular file" "$T_ERR" "not a regular file"
t_check "... the link is left as it was" test -L "$D/vault"
t_check "... the file behind it is unchanged" cmp -s "$T_TMP/real" "$T_TMP/before"
rm -f "$D/vault"

# A folder in the vault's place.
mkdir "$D/vault"
t_run 4 "a folder as the vault: status exits 4" \
	timeout 20 "$TEND" --data-dir "$D" status --passphrase-fd 3 3<"$T_TMP/p"
rmdir "$D/vault"

# The real vault back: it opens; a FIFO given to restore is refused fast.
mv "$T_TMP/real" "$D/vault"
t_run 0 "the regular vault opens again" \
	tend --data-dir "$D" status --passphrase-fd 3 3<"$T_TMP/p"
mkfifo "$T_TMP/fifo"
cp "$D/vault" "$T_TMP/before"
t_run 4 "restore from a FIFO exits 4" \
	timeout 20 "$TEND" --data-dir "$D" restore "$T_TMP/fifo" \
	--passphrase-fd 3 3<"$T_TMP/p"
t_has "... naming the FIFO" "$T_ERR" "$T_TMP/fifo"
t_check "... and the vault is unchanged" cmp -s "$D/vault" "$T_TMP/before"

t_done
