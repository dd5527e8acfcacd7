#!/bin/sh
# A full disk: the data folder sits on a small tmpfs that is filled up.
# A save then fails with a message that says so, the vault and its backup
# are byte for byte what they were, no temporary file is left, and once
# there is room again the same data saves.  Needs root (to mount); the
# unit tests cover the same path with an injected ENOSPC everywhere.
. "$(dirname "$0")/../lib.sh"

TOOL=$(dirname "$TEND")/tools/vault_tool
FS=$T_TMP/fs
D=$FS/data
mkdir -p "$FS"
[ "$(id -u)" = 0 ] || t_skip_all "needs root to mount a small tmpfs (run as root, as CI does)"
if ! mount -t tmpfs -o size=600k,mode=0700 tmpfs "$FS" 2>"$T_TMP/mount.err"; then
	t_skip_all "cannot mount a tmpfs here: $(head -1 "$T_TMP/mount.err")"
fi
T_CLEANUP_HOOK='umount "$FS"'
printf 'full disk pass\n' >"$T_TMP/p"
printf 'wrong\n' >"$T_TMP/wrong"

t_run 0 "a vault on a small filesystem" \
	tend --data-dir "$D" init --kdf interactive --passphrase-fd 3 3<"$T_TMP/p"
t_run 0 "a first answer saves" "$TOOL" put "$D" k "before the disk filled" <"$T_TMP/p"
# Fill the filesystem, then free a little: less than one vault.
dd if=/dev/zero of="$FS/filler" bs=4k 2>/dev/null
truncate -s -40k "$FS/filler"
cp "$D/vault" "$T_TMP/vault.before"
cp "$D/vault.bak" "$T_TMP/bak.before"
t_run 1 "a save on a full disk fails" "$TOOL" put "$D" k "after the disk filled" <"$T_TMP/p"
t_has "and says the disk is full" "$T_ERR" "disk is full"
t_has "and that the old vault is intact" "$T_ERR" "previous vault is intact"
t_check "the vault is unchanged" cmp -s "$D/vault" "$T_TMP/vault.before"
t_check "the backup is unchanged" cmp -s "$D/vault.bak" "$T_TMP/bak.before"
left=$(ls "$D" | grep -Ev '^vault(\.bak|\.bak\.1|\.lock)?$')
t_check "no temporary file is left" test -z "$left"
t_run 0 "the old data still opens" "$TOOL" get "$D" k <"$T_TMP/p"
t_has "with the last saved answer" "$T_OUT" "before the disk filled"
t_run 3 "a wrong passphrase is still exit 3 on a full disk" \
	tend --data-dir "$D" backup -o "$FS/x" --passphrase-fd 3 3<"$T_TMP/wrong"
rm -f "$FS/filler"
t_run 0 "with room again, the save works" "$TOOL" put "$D" k "after the disk filled" <"$T_TMP/p"
t_run 0 "and reads back" "$TOOL" get "$D" k <"$T_TMP/p"
t_has "the new answer" "$T_OUT" "after the disk filled"
t_done
