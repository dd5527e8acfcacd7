#!/bin/sh
# A full disk, on a small tmpfs (the sizes of the adversarial report: a
# 420 KiB filesystem, a vault of about 116 KiB).  A save needs room for the
# new file only: with less free space than one vault but backups to give
# up, the save succeeds, gives up the oldest backup and says so.  With no
# backup left to give up, a save fails with a message that says so, the
# vault is byte for byte what it was, no temporary file is left, and the
# moment there is room again the same data saves.  Needs root (to mount);
# the unit tests cover the same path with an injected ENOSPC everywhere.
. "$(dirname "$0")/../lib.sh"

TOOL=$(dirname "$TEND")/tools/vault_tool
FS=$T_TMP/fs
D=$FS/data
mkdir -p "$FS"
[ "$(id -u)" = 0 ] || t_skip_all "needs root to mount a small tmpfs (run as root, as CI does)"
if ! mount -t tmpfs -o size=420k,mode=0700 tmpfs "$FS" 2>"$T_TMP/mount.err"; then
	t_skip_all "cannot mount a tmpfs here: $(head -1 "$T_TMP/mount.err")"
fi
T_CLEANUP_HOOK='umount "$FS"'
printf 'full disk pass\n' >"$T_TMP/p"
printf 'wrong\n' >"$T_TMP/wrong"
free_kib() { df -k --output=avail "$FS" | tail -1 | tr -d ' '; }

t_run 0 "a vault on a small filesystem" \
	tend --data-dir "$D" init --kdf interactive --passphrase-fd 3 3<"$T_TMP/p"
t_run 0 "a first answer saves" "$TOOL" put "$D" k "first answer" <"$T_TMP/p"
t_run 0 "a second answer saves (two backups now)" \
	"$TOOL" put "$D" k "before the disk filled" <"$T_TMP/p"
t_check "vault.bak.1 is there" test -f "$D/vault.bak.1"
size_kib=$(( $(stat -c %s "$D/vault") / 1024 ))
free=$(free_kib)
t_check "less room than one vault ($free KiB free, vault $size_kib KiB)" \
	test "$free" -lt "$size_kib"

# 1. Short of room, but the oldest backup covers it.
cp "$D/vault" "$T_TMP/vault.before"
cp "$D/vault.bak" "$T_TMP/bak.before"
t_run 0 "a save with less room than the vault succeeds" \
	"$TOOL" put "$D" k "after the oldest backup went" <"$T_TMP/p"
t_has "and says the oldest backup was given up" "$T_ERR" "oldest backup was given up"
t_check "the oldest is gone: vault.bak.1 is the old vault.bak" \
	cmp -s "$D/vault.bak.1" "$T_TMP/bak.before"
t_check "the previous vault is now vault.bak" cmp -s "$D/vault.bak" "$T_TMP/vault.before"
t_run 0 "the new answer reads back" "$TOOL" get "$D" k <"$T_TMP/p"
t_has "... as saved" "$T_OUT" "after the oldest backup went"

# 2. No backup to give up and the disk full: the save fails, nothing is
# lost or left behind.
rm -f "$D/vault.bak" "$D/vault.bak.1"
dd if=/dev/zero of="$FS/filler" bs=4k 2>/dev/null
cp "$D/vault" "$T_TMP/vault.before"
t_run 1 "a save on a full disk with no backup fails" \
	"$TOOL" put "$D" k "after the disk filled" <"$T_TMP/p"
t_has "and says the disk is full" "$T_ERR" "disk is full"
t_has "and that the old vault is intact" "$T_ERR" "previous vault is intact"
t_check "the vault is unchanged" cmp -s "$D/vault" "$T_TMP/vault.before"
left=$(ls "$D" | grep -Ev '^(vault(\.lock)?|state)$')
t_check "no temporary file is left" test -z "$left"
t_run 0 "the old data still opens" "$TOOL" get "$D" k <"$T_TMP/p"
t_has "with the last saved answer" "$T_OUT" "after the oldest backup went"
t_run 3 "a wrong passphrase is still exit 3 on a full disk" \
	tend --data-dir "$D" backup -o "$FS/x" --passphrase-fd 3 3<"$T_TMP/wrong"

# 3. Space freed: saving works again at once.
rm -f "$FS/filler"
t_run 0 "with room again, the save works" "$TOOL" put "$D" k "after the disk filled" <"$T_TMP/p"
t_run 0 "and reads back" "$TOOL" get "$D" k <"$T_TMP/p"
t_has "the new answer" "$T_OUT" "after the disk filled"

# 4. Nothing typed is lost: with room for a small file but not for a
# vault, and no backup to give up, a check-in from the command line and
# writing in a running tend (vault_tool serve, which leaves as the full
# screen does) cannot be saved; both are sealed into vault.journal (no
# plaintext), and once space is freed the next open takes them back in.
rm -f "$D/vault.bak" "$D/vault.bak.1"
dd if=/dev/zero of="$FS/filler" bs=4k 2>/dev/null
truncate -s -24k "$FS/filler"
t_run 1 "a check-in on a nearly full disk is not saved" \
	tend --data-dir "$D" assess gad7 --answers 2,2,2,2,2,2,2 --passphrase-fd 3 3<"$T_TMP/p"
t_has "... and says it is sealed for the next open" "$T_ERR" "vault.journal"
t_check "the journal is there" test -f "$D/vault.journal"
printf 'full disk pass\nput canary canary-1f9e-typed-on-a-full-disk\n' >"$T_TMP/serve.in"
"$TOOL" serve "$D" <"$T_TMP/serve.in" >"$T_TMP/serve.out" 2>&1
t_has "writing in a running tend is not saved" "$(cat "$T_TMP/serve.out")" "not saved"
t_has "... and is kept on leaving" "$(cat "$T_TMP/serve.out")" "kept: "
t_check "no plaintext in the journal" sh -c "! grep -q canary-1f9e '$D/vault.journal'"
rm -f "$FS/filler"
t_run 0 "space freed: the next open" \
	tend --data-dir "$D" status --passphrase-fd 3 3<"$T_TMP/p"
t_has "... takes the unsaved writing back in" "$T_ERR" "taken back in"
t_check "... and the journal is gone" test ! -e "$D/vault.journal"
t_run 0 "export" tend --data-dir "$D" export --format json --passphrase-fd 3 3<"$T_TMP/p"
t_has "... has the canary" "$T_OUT" "canary-1f9e-typed-on-a-full-disk"
t_has "... and the check-in" "$T_OUT" "gad7"
t_done
