#!/bin/sh
# The vault commands: init, passwd, recover, backup, restore, doctor and
# wipe with --passphrase-fd; wrong secrets exit 3 and change nothing;
# damaged and truncated files exit 4 and are left as they were; a second
# process exits 5 naming the holder; no plaintext reaches any file.
. "$(dirname "$0")/../lib.sh"

TOOL=$(dirname "$TEND")/tools/vault_tool
D=$T_TMP/data
P="correct horse battery staple"
P2="a quite different passphrase"
P3="the third passphrase of this test"

# Secrets go in files that live outside the data folder.
printf '%s\n' "$P" >"$T_TMP/p"
printf 'wrong passphrase\n' >"$T_TMP/wrong"

t_run 0 "init with --passphrase-fd" \
	tend --data-dir "$D" init --kdf interactive --passphrase-fd 3 3<"$T_TMP/p"
CODE=$T_OUT
t_check "init prints the recovery code alone on stdout" \
	sh -c 'printf "%s\n" "$1" | grep -Eqx "[0-9A-Z]{4}(-[0-9A-Z]{4}){8}"' _ "$CODE"
t_check "vault is mode 600" test "$(stat -c %a "$D/vault")" = 600
t_check "data folder is mode 700" test "$(stat -c %a "$D")" = 700
t_run 1 "init refuses an existing vault" \
	tend --data-dir "$D" init --kdf interactive --passphrase-fd 3 3<"$T_TMP/p"
t_has "init says the vault exists" "$T_ERR" "already exists"
t_run 2 "init rejects an unknown --kdf" tend --data-dir "$T_TMP/x" init --kdf fast
t_run 1 "init refuses an empty passphrase" \
	tend --data-dir "$T_TMP/e" init --kdf interactive --passphrase-fd 3 3</dev/null

# Round trip through the real session code.
t_run 0 "an answer is saved" "$TOOL" put "$D" k1 "first answer" <"$T_TMP/p"
t_run 0 "and read back" "$TOOL" get "$D" k1 <"$T_TMP/p"
t_has "the answer survives" "$T_OUT" "first answer"

# Wrong passphrase: exit 3, nothing changed.
cp "$D/vault" "$T_TMP/before"
t_run 3 "wrong passphrase exits 3" \
	tend --data-dir "$D" backup -o "$T_TMP/bk0" --passphrase-fd 3 3<"$T_TMP/wrong"
t_has "wrong passphrase is named" "$T_ERR" "wrong passphrase"
t_check "vault unchanged after a wrong passphrase" cmp -s "$D/vault" "$T_TMP/before"
t_check "no backup written after a wrong passphrase" test ! -e "$T_TMP/bk0"

# passwd: old then new on one descriptor.
printf '%s\n%s\n' "$P" "$P2" >"$T_TMP/pp"
t_run 0 "passwd with --passphrase-fd" \
	tend --data-dir "$D" passwd --kdf interactive --passphrase-fd 3 3<"$T_TMP/pp"
printf '%s\n' "$P2" >"$T_TMP/p2"
t_run 0 "new passphrase opens" "$TOOL" get "$D" k1 <"$T_TMP/p2"
t_has "passwd keeps the data" "$T_OUT" "first answer"
t_run 3 "old passphrase no longer opens" "$TOOL" get "$D" k1 <"$T_TMP/p"
t_run 3 "passwd with a wrong old passphrase exits 3" \
	tend --data-dir "$D" passwd --kdf interactive --passphrase-fd 3 3<"$T_TMP/pp"

# recover: the code then the new passphrase.
printf '%s\n%s\n' "$CODE" "$P3" >"$T_TMP/rc"
t_run 0 "recover with the code" \
	tend --data-dir "$D" recover --kdf interactive --passphrase-fd 3 3<"$T_TMP/rc"
CODE2=$T_OUT
t_check "recover prints a new code" \
	sh -c 'printf "%s\n" "$1" | grep -Eqx "[0-9A-Z]{4}(-[0-9A-Z]{4}){8}" && [ "$1" != "$2" ]' _ "$CODE2" "$CODE"
printf '%s\n' "$P3" >"$T_TMP/p3"
t_run 0 "the new passphrase opens after recovery" "$TOOL" get "$D" k1 <"$T_TMP/p3"
t_has "recovery keeps the data" "$T_OUT" "first answer"
t_run 3 "the old code no longer works" \
	tend --data-dir "$D" recover --kdf interactive --passphrase-fd 3 3<"$T_TMP/rc"
printf 'ABCD-EFGH\n%s\n' "$P3" >"$T_TMP/typo"
t_run 3 "a malformed code exits 3" \
	tend --data-dir "$D" recover --passphrase-fd 3 3<"$T_TMP/typo"
t_has "a malformed code is called a typo" "$T_ERR" "typo"

# backup and restore.
t_run 0 "backup -o" \
	tend --data-dir "$D" backup -o "$T_TMP/copy" --passphrase-fd 3 3<"$T_TMP/p3"
t_check "backup is mode 600" test "$(stat -c %a "$T_TMP/copy")" = 600
t_run 2 "backup needs -o" tend --data-dir "$D" backup --passphrase-fd 3 3<"$T_TMP/p3"
"$TOOL" put "$D" k1 "changed later" <"$T_TMP/p3" >/dev/null 2>&1
cp "$D/vault" "$T_TMP/before"
t_run 3 "restore with a wrong passphrase exits 3" \
	tend --data-dir "$D" restore "$T_TMP/copy" --passphrase-fd 3 3<"$T_TMP/wrong"
t_check "failed restore leaves the vault" cmp -s "$D/vault" "$T_TMP/before"
head -c 300 /dev/urandom >"$T_TMP/junk"
t_run 4 "restore of a file that is not a vault exits 4" \
	tend --data-dir "$D" restore "$T_TMP/junk" --passphrase-fd 3 3<"$T_TMP/p3"
t_check "restore of junk leaves the vault" cmp -s "$D/vault" "$T_TMP/before"
t_run 0 "restore" \
	tend --data-dir "$D" restore "$T_TMP/copy" --passphrase-fd 3 3<"$T_TMP/p3"
t_run 0 "restored vault opens" "$TOOL" get "$D" k1 <"$T_TMP/p3"
t_has "restored data is the backup's" "$T_OUT" "first answer"
t_check "the replaced vault became vault.bak" cmp -s "$D/vault.bak" "$T_TMP/before"

# Damage: every header byte changed, a sample of payload bytes, and
# truncations; each exits 4 and leaves the file as it was.
SIZE=$(stat -c %s "$D/vault")
HLEN=$(od -An -tu2 -j12 -N2 "$D/vault" | tr -d ' ')
cp "$D/vault" "$T_TMP/good"
step=1
[ "${TEND_VALGRIND:-}" = 1 ] && step=29
bad=""
flip() { # offset
	cp "$T_TMP/good" "$D/vault"
	b=$(od -An -tu1 -j"$1" -N1 "$T_TMP/good" | tr -d ' ')
	printf "$(printf '\\%03o' $(((b + 1) % 256)))" |
		dd of="$D/vault" bs=1 seek="$1" conv=notrunc 2>/dev/null
	cp "$D/vault" "$T_TMP/damaged"
	tend --data-dir "$D" backup -o "$T_TMP/never" --passphrase-fd 3 \
		3<"$T_TMP/p3" >/dev/null 2>"$T_TMP/err"
	st=$?
	if [ "$st" != 4 ] || ! cmp -s "$D/vault" "$T_TMP/damaged" || [ -e "$T_TMP/never" ]; then
		bad="$bad $1:$st"
	fi
}
i=0
while [ "$i" -lt "$HLEN" ]; do
	flip "$i"
	i=$((i + step))
done
t_check "every header byte changed: exit 4, file unchanged" test -z "$bad"
[ -n "$bad" ] && echo "# bad offsets:$bad"
bad=""
for off in "$HLEN" $((HLEN + 100)) $((SIZE / 2)) $((SIZE - 17)) $((SIZE - 1)); do
	flip "$off"
done
t_check "payload bytes changed: exit 4, file unchanged" test -z "$bad"
[ -n "$bad" ] && echo "# bad offsets:$bad"
flip 100
t_has "damage names the backup to restore" "$(cat "$T_TMP/err")" "tend restore"
t_has "damage says nothing was changed" "$(cat "$T_TMP/err")" "Nothing was changed"
bad=""
for n in 0 1 7 8 47 48 100 $((HLEN - 1)) "$HLEN" $((HLEN + 1)) $((SIZE / 2)) $((SIZE - 16)) $((SIZE - 1)); do
	head -c "$n" "$T_TMP/good" >"$D/vault"
	cp "$D/vault" "$T_TMP/damaged"
	tend --data-dir "$D" backup -o "$T_TMP/never" --passphrase-fd 3 \
		3<"$T_TMP/p3" >/dev/null 2>&1
	st=$?
	if [ "$st" != 4 ] || ! cmp -s "$D/vault" "$T_TMP/damaged"; then
		bad="$bad $n:$st"
	fi
done
t_check "truncations: exit 4, file unchanged" test -z "$bad"
[ -n "$bad" ] && echo "# bad lengths:$bad"
t_run 4 "doctor reports a damaged vault with exit 4" tend --data-dir "$D" doctor
cp "$T_TMP/good" "$D/vault"

# Two instances: the second exits 5 and names the holder.
"$TOOL" hold "$D" <"$T_TMP/p3" >"$T_TMP/hold" 2>&1 &
HOLD=$!
t_wait_for 5 grep -q ready "$T_TMP/hold"
t_run 5 "a second process exits 5" \
	tend --data-dir "$D" backup -o "$T_TMP/bk5" --passphrase-fd 3 3<"$T_TMP/p3"
t_has "and names the holder's pid" "$T_ERR" "pid $HOLD"
t_run 5 "wipe refuses while the vault is open" \
	tend --data-dir "$D" wipe --passphrase-fd 3 3<<EOF
delete
EOF
tend --data-dir "$D" doctor >"$T_TMP/doc" 2>&1
t_has "doctor names the holder" "$(cat "$T_TMP/doc")" "open in tend pid $HOLD"
kill "$HOLD"
wait "$HOLD" 2>/dev/null
t_run 0 "after the holder ends, the vault opens" "$TOOL" get "$D" k1 <"$T_TMP/p3"

# doctor: exit 0, or 1 when the machine has unencrypted swap.
tend --data-dir "$D" doctor >"$T_TMP/doc" 2>&1
st=$?
t_check "doctor exits 0 or 1 on a good vault" test "$st" = 0 -o "$st" = 1
t_has "doctor checks the folder" "$(cat "$T_TMP/doc")" "mode 700"
fmt=3
[ -n "${TEND_TEST_VAULT_V2:-}" ] && fmt=2
t_has "doctor reads the header" "$(cat "$T_TMP/doc")" "format v$fmt"

# A vault gone missing while its backup is there: point to the backup.
mv "$D/vault" "$T_TMP/moved"
t_run 1 "a missing vault with a backup exits 1" \
	tend --data-dir "$D" backup -o "$T_TMP/x" --passphrase-fd 3 3<"$T_TMP/p3"
t_has "and says how to restore the backup" "$T_ERR" "tend restore $D/vault.bak"
mv "$T_TMP/moved" "$D/vault"
t_run 1 "no vault, no folder: exit 1" \
	tend --data-dir "$T_TMP/none" backup -o "$T_TMP/x" --passphrase-fd 3 3<"$T_TMP/p3"
t_check "and nothing is created there" test ! -e "$T_TMP/none"

# wipe needs the typed word.
t_run 1 "wipe without confirmation does nothing" \
	tend --data-dir "$D" wipe --passphrase-fd 3 3<"$T_TMP/p3"
t_check "vault still there" test -e "$D/vault"
t_run 0 "wipe with confirmation" tend --data-dir "$D" wipe --passphrase-fd 3 3<<EOF
delete
EOF
t_check "vault and backups gone" test ! -e "$D/vault" -a ! -e "$D/vault.bak" -a ! -e "$D/vault.bak.1"
t_run 1 "a command without a vault says so" \
	tend --data-dir "$D" backup -o "$T_TMP/x" --passphrase-fd 3 3<"$T_TMP/p3"
t_has "and points to init" "$T_ERR" "tend init"

# The clinic's cap on a key derivation's memory (kdf_max_memory): a key
# made with more is re-wrapped within it at the next unlock, with more
# passes, and says so; derivations take turns in a shared folder, made
# sticky and open to all, that keeps no file of a derivation that ended.
K=$T_TMP/kdfcap
mkdir -p "$K/etc"
printf 'kdf cap pass\n' >"$K/p"
export TEND_KDF_DIR="$T_TMP/kdfq"
t_run 0 "init at 64 MiB" tend --data-dir "$K/d" init --kdf interactive --passphrase-fd 3 3<"$K/p"
tend --data-dir "$K/d" doctor >"$T_TMP/doc" 2>&1
t_has "the key takes 64 MiB" "$(cat "$T_TMP/doc")" "2 passes x 64 MiB"
printf 'kdf_max_memory = 16\n' >"$K/etc/config"
TEND_SYSCONF_DIR=$K/etc t_run 0 "an unlock under a 16 MiB cap" \
	tend --data-dir "$K/d" export --format csv --passphrase-fd 3 3<"$K/p"
t_has "says the key was re-wrapped" "$T_ERR" "at most 16 MiB"
TEND_SYSCONF_DIR=$K/etc tend --data-dir "$K/d" doctor >"$T_TMP/doc" 2>&1
t_has "the same work in 16 MiB" "$(cat "$T_TMP/doc")" "8 passes x 16 MiB"
TEND_SYSCONF_DIR=$K/etc t_run 0 "and it opens" \
	tend --data-dir "$K/d" export --format csv --passphrase-fd 3 3<"$K/p"
t_lacks "quietly" "$T_ERR" "MiB"
t_check "the queue folder is sticky and everyone's" \
	test "$(stat -c %a "$TEND_KDF_DIR")" = 1777
t_check "and keeps no derivation that ended" \
	test -z "$(ls "$TEND_KDF_DIR" | grep '^k\.')"
unset TEND_KDF_DIR

t_done
