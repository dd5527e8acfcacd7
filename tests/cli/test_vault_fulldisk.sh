#!/bin/sh
# A full disk, on a small tmpfs (the sizes of the adversarial report: a
# 420 KiB filesystem, a vault of about 116 KiB).  A save appends what
# changed to the journal, so it needs room for that only; a full write of
# the vault (a new passphrase, a compaction) needs room for the new file
# only: with less free space than one vault but backups to give up, it
# succeeds, gives up the oldest backup and says so.  With no backup left to
# give up, it fails with a message that says so, the vault is byte for
# byte what it was, no temporary file is left, and the moment there is
# room again it works.  With no room at all, a save fails the same way.
# A format-1 vault, whose first save must write it whole, keeps writing
# that cannot be saved in a small sealed record, taken back in at the next
# open.  Needs root (to mount); the unit tests cover the same paths with
# an injected ENOSPC everywhere.
. "$(dirname "$0")/../lib.sh"

TOOL=$(dirname "$TEND")/tools/vault_tool
FS=$T_TMP/fs
D=$FS/data
mkdir -p "$FS"
[ "$(id -u)" = 0 ] || t_skip_all "needs root to mount a small tmpfs (run as root, as CI does)"
# Room for a vault and its two backups, not for a fourth copy: the size
# follows the vault's (it grows with the schema), measured on a probe.
printf 'full disk pass\n' >"$T_TMP/p"
tend --data-dir "$T_TMP/probe" init --kdf interactive --passphrase-fd 3 \
	3<"$T_TMP/p" >/dev/null 2>&1
"$TOOL" put "$T_TMP/probe" k "before the disk filled" <"$T_TMP/p" >/dev/null 2>&1
vkib=$(( $(stat -c %s "$T_TMP/probe/vault") / 1024 + 1 ))
if ! mount -t tmpfs -o size=$((vkib * 7 / 2 + 8))k,mode=0700 tmpfs "$FS" 2>"$T_TMP/mount.err"; then
	t_skip_all "cannot mount a tmpfs here: $(head -1 "$T_TMP/mount.err")"
fi
T_CLEANUP_HOOK='umount "$FS"'
printf 'full disk pass\n' >"$T_TMP/p"
printf 'full disk pass\nfull disk pass\nfull disk pass\n' >"$T_TMP/ppp"
printf 'wrong\n' >"$T_TMP/wrong"
free_kib() { df -k --output=avail "$FS" | tail -1 | tr -d ' '; }
snap() { for f in "$D"/vault "$D"/vault.journal; do [ -e "$f" ] && cat "$f"; done | md5sum; }

t_run 0 "a vault on a small filesystem" \
	tend --data-dir "$D" init --kdf interactive --passphrase-fd 3 3<"$T_TMP/p"
t_run 0 "a first answer saves" "$TOOL" put "$D" k "first answer" <"$T_TMP/p"
t_run 0 "a full write (vault.bak now)" "$TOOL" compact "$D" <"$T_TMP/p"
t_run 0 "another (two backups now)" "$TOOL" compact "$D" <"$T_TMP/p"
t_run 0 "a second answer saves" \
	"$TOOL" put "$D" k "before the disk filled" <"$T_TMP/p"
t_check "vault.bak.1 is there" test -f "$D/vault.bak.1"
size_kib=$(( $(stat -c %s "$D/vault") / 1024 ))
free=$(free_kib)
t_check "less room than one vault ($free KiB free, vault $size_kib KiB)" \
	test "$free" -lt "$size_kib"

# 1. A save needs room for what changed only.
t_run 0 "a save with less room than the vault succeeds" \
	"$TOOL" put "$D" k "a small change" <"$T_TMP/p"
t_lacks "... and gives up no backup" "$T_ERR" "backup"

# 2. A full write short of room, but the oldest backup covers it.
cp "$D/vault" "$T_TMP/vault.before"
cp "$D/vault.bak" "$T_TMP/bak.before"
t_run 0 "a full write with less room than the vault" \
	"$TOOL" compact "$D" <"$T_TMP/p"
t_has "and says the oldest backup was given up" "$T_ERR" "1 backups given up"
t_check "the oldest is gone: vault.bak.1 is the old vault.bak" \
	cmp -s "$D/vault.bak.1" "$T_TMP/bak.before"
t_check "the previous vault is now vault.bak" cmp -s "$D/vault.bak" "$T_TMP/vault.before"
t_run 0 "the answer reads back" "$TOOL" get "$D" k <"$T_TMP/p"
t_has "... as saved" "$T_OUT" "a small change"

# 3. No backup to give up and less room than a vault: a full write fails,
# nothing is lost or left behind; a save still works.
rm -f "$D/vault.bak" "$D/vault.bak.1"
dd if=/dev/zero of="$FS/filler" bs=4k 2>/dev/null
truncate -s -24k "$FS/filler"
before=$(snap)
t_run 1 "a full write on a nearly full disk with no backup fails" \
	tend --data-dir "$D" passwd --kdf interactive --passphrase-fd 3 3<"$T_TMP/ppp"
t_has "and says the disk is full" "$T_ERR" "disk is full"
t_has "and that the old vault is intact" "$T_ERR" "previous vault is intact"
t_check "the vault and its journal are unchanged" test "$(snap)" = "$before"
left=$(ls "$D" | grep -Ev '^(vault(\.lock|\.journal)?|state)$')
t_check "no temporary file is left" test -z "$left"
t_run 0 "a save still works on the nearly full disk" \
	"$TOOL" put "$D" k "after the disk filled" <"$T_TMP/p"

# 4. No room at all: a save fails too, and changes nothing.  (The change
# is larger than a page, which the journal's last page cannot absorb.)
dd if=/dev/zero of="$FS/filler2" bs=1k 2>/dev/null
dd if=/dev/zero of="$FS/filler3" bs=64 2>/dev/null
big=$(head -c 9000 /dev/urandom | od -An -tx1 | tr -d ' \n' | head -c 9000)
before=$(snap)
t_run 1 "a save on a full disk fails" \
	"$TOOL" put "$D" k "lost for room $big" <"$T_TMP/p"
t_has "and says the disk is full" "$T_ERR" "disk is full"
t_check "the vault and its journal are unchanged" test "$(snap)" = "$before"
left=$(ls "$D" | grep -Ev '^(vault(\.lock|\.journal)?|state)$')
t_check "no temporary file is left" test -z "$left"
t_run 0 "the old data still opens" "$TOOL" get "$D" k <"$T_TMP/p"
t_has "with the last saved answer" "$T_OUT" "after the disk filled"
t_run 3 "a wrong passphrase is still exit 3 on a full disk" \
	tend --data-dir "$D" backup -o "$FS/x" --passphrase-fd 3 3<"$T_TMP/wrong"

# 5. Space freed: saving and full writes work again at once.
rm -f "$FS/filler" "$FS/filler2" "$FS/filler3"
t_run 0 "with room again, the save works" "$TOOL" put "$D" k "room again" <"$T_TMP/p"
t_run 0 "and a full write" "$TOOL" compact "$D" <"$T_TMP/p"
t_run 0 "and reads back" "$TOOL" get "$D" k <"$T_TMP/p"
t_has "the new answer" "$T_OUT" "room again"

# 6. Nothing typed is lost: a format-1 vault's first save must write it
# whole; with room for a small file but not for a vault, a check-in from
# the command line and writing in a running tend (vault_tool serve, which
# leaves as the full screen does) cannot be saved; both are sealed into
# vault.journal (no plaintext), and once space is freed the next open
# takes them back in.
D1=$FS/old
rm -rf "$D"
t_run 0 "a format-1 vault" env TEND_TEST_VAULT_V1=1 \
	"$TOOL" init "$D1" "full disk pass"
t_check "... is format 1" test "$(od -An -tu1 -j8 -N1 "$D1/vault" | tr -d ' ')" = 1
dd if=/dev/zero of="$FS/filler" bs=4k 2>/dev/null
truncate -s -24k "$FS/filler"
t_run 1 "a check-in on a nearly full disk is not saved" \
	tend --data-dir "$D1" assess gad7 --answers 2,2,2,2,2,2,2 --passphrase-fd 3 3<"$T_TMP/p"
t_has "... and says it is sealed for the next open" "$T_ERR" "vault.journal"
t_check "the journal is there" test -f "$D1/vault.journal"
printf 'full disk pass\nput canary canary-1f9e-typed-on-a-full-disk\n' >"$T_TMP/serve.in"
"$TOOL" serve "$D1" <"$T_TMP/serve.in" >"$T_TMP/serve.out" 2>&1
t_has "writing in a running tend is not saved" "$(cat "$T_TMP/serve.out")" "not saved"
t_has "... and is kept on leaving" "$(cat "$T_TMP/serve.out")" "kept: "
t_check "no plaintext in the journal" sh -c "! grep -q canary-1f9e '$D1/vault.journal'"
rm -f "$FS/filler"
t_run 0 "space freed: the next open" \
	tend --data-dir "$D1" status --passphrase-fd 3 3<"$T_TMP/p"
t_has "... takes the unsaved writing back in" "$T_ERR" "taken back in"
# format 3, or 2 where the suite runs as the tend before format 3
want=3
[ -n "${TEND_TEST_VAULT_V2:-}" ] && want=2
t_check "... and writes the vault in format $want" \
	test "$(od -An -tu1 -j8 -N1 "$D1/vault" | tr -d ' ')" = $want
t_run 0 "export" tend --data-dir "$D1" export --format json --passphrase-fd 3 3<"$T_TMP/p"
t_has "... has the canary" "$T_OUT" "canary-1f9e-typed-on-a-full-disk"
t_has "... and the check-in" "$T_OUT" "gad7"

# 7. Plain mode: with room for a journal record, writing saves (only what
# changed is written), and leaving does not ask.
rm -rf "$D"
P=$T_TMP/pplain
printf 'plain full disk pass\n' >"$P"
export TEND_SHARE_DIR="$TOP/tests/fixtures/packs/good"
t_run 0 "plain: a fresh vault (format 3, or 2 in the [v2] run)" env -u TEND_TEST_VAULT_V1 "$TEND" \
	--data-dir "$D" init --kdf interactive --passphrase-fd 3 3<"$P"
fill() { # fill KIB: the disk full but for KIB KiB, no backup to give up
	rm -f "$D/vault.bak" "$D/vault.bak.1"
	dd if=/dev/zero of="$FS/filler" bs=4k 2>/dev/null
	[ "$1" -gt 0 ] && truncate -s "-${1}k" "$FS/filler"
	return 0
}
# work ANSWER [first]: at the first run the country and the suitability
# check, then a worksheet whose answer is ANSWER, and quit.
work() {
	[ "${2:-}" = first ] && printf '1\n\n'
	printf 'worksheet mood-note\n\n%s\n50\nquit\n' "$1"
}
fill 24
work canary-77d2-plain-saved first >"$T_TMP/plain.in"
t_run 0 "plain: a worksheet on a nearly full disk saves" \
	tend --data-dir "$D" --plain --passphrase-fd 3 3<"$P" <"$T_TMP/plain.in"
t_lacks "plain: ... and leaving does not ask" "$T_OUT" "Your latest writing is not saved"
t_check "plain: ... without the plaintext" sh -c "! grep -rqa canary-77d2 '$D'"
rm -f "$FS/filler"
t_run 0 "plain: export" \
	tend --data-dir "$D" export --format json --passphrase-fd 3 3<"$P"
t_has "plain: the first canary is there" "$T_OUT" canary-77d2-plain-saved

# 8. Plain mode with no room even for the sealed record: the save fails,
# leaving asks, keeping it sealed fails too and says so, and once space is
# freed "y" saves it: the writing is in the export.  Input comes through a
# FIFO so that the disk can be freed while tend waits for the answer.
rm -rf "$D"
t_run 0 "plain, disk full: a fresh vault" env -u TEND_TEST_VAULT_V1 "$TEND" \
	--data-dir "$D" init --kdf interactive --passphrase-fd 3 3<"$P"
mkfifo "$T_TMP/plain.fifo"
(
	tend --data-dir "$D" --plain --passphrase-fd 3 3<"$P" \
		<"$T_TMP/plain.fifo" >"$T_TMP/p8.out" 2>&1
	echo $? >"$T_TMP/p8.st"
) &
exec 7>"$T_TMP/plain.fifo"
said() { grep -qF -- "$1" "$T_TMP/p8.out"; }
printf '1\n\n' >&7
t_check "plain, disk full: the course opens" t_wait_for 30 said "Your country:"
fill 0
big=$(head -c 3900 /dev/zero | tr '\0' 'x')
printf 'worksheet mood-note\n\ncanary-5e1b-%s\n50\nquit\n' "$big" >&7
t_check "plain, disk full: leaving asks" \
	t_wait_for 30 said "Try again (y), or keep it sealed"
t_check "plain, disk full: ... after saying the save failed" \
	said "could not save: the disk is full"
printf 'n\n' >&7
t_check "plain, disk full: not even the sealed copy fits, and it says so" \
	t_wait_for 30 said "could not be kept either"
rm -f "$FS/filler"
printf 'y\n' >&7
exec 7>&-
t_check "plain, disk full: space freed, y saves and leaves" \
	t_wait_for 30 test -s "$T_TMP/p8.st"
t_check "plain, disk full: ... with status 0" test "$(cat "$T_TMP/p8.st")" = 0
t_check "plain, disk full: ... without the plaintext" \
	sh -c "! grep -rqa canary-5e1b '$D'"
t_run 0 "plain, disk full: export" \
	tend --data-dir "$D" export --format json --passphrase-fd 3 3<"$P"
t_has "plain, disk full: the writing is there" "$T_OUT" canary-5e1b-xxxx
t_done
