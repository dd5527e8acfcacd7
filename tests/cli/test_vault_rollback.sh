#!/bin/sh
# Rollback noticed: an older vault (image and journal) copied over the
# newer one is reported when it opens and by doctor (exit 1); its next save
# moves past the generation seen; a restore the person asked for resets
# what was seen.  An older image beside the newer one's journal does not
# open at all (exit 4).
. "$(dirname "$0")/../lib.sh"

TOOL=$(dirname "$TEND")/tools/vault_tool
D=$T_TMP/data
printf 'rollback pass\n' >"$T_TMP/p"

t_run 0 "init" tend --data-dir "$D" init --kdf interactive --passphrase-fd 3 3<"$T_TMP/p"
t_run 0 "an answer" "$TOOL" put "$D" k "first" <"$T_TMP/p"
cp "$D/vault" "$T_TMP/old"
cp "$D/vault.journal" "$T_TMP/old.journal"
t_run 0 "two more saves" "$TOOL" put "$D" k "second" <"$T_TMP/p"
t_run 0 "..." "$TOOL" put "$D" k "third" <"$T_TMP/p"
t_run 0 "doctor before: all is well" tend --data-dir "$D" doctor
t_has "... comparing the generations" "$T_OUT" "the highest seen here"

cp "$T_TMP/old" "$D/vault"
cp "$T_TMP/old.journal" "$D/vault.journal"
t_run 1 "an older vault in place: doctor says so" tend --data-dir "$D" doctor
t_has "... plainly" "$T_OUT" "older than one seen here before"
t_run 0 "opening it works" tend --data-dir "$D" status --passphrase-fd 3 3<"$T_TMP/p"
t_has "... and says it is older" "$T_ERR" "older than one tend opened here before"
t_run 0 "a save" "$TOOL" put "$D" k "after the rollback" <"$T_TMP/p"
t_run 0 "moves past what was seen: doctor is content" tend --data-dir "$D" doctor
t_run 0 "and the next open is quiet" tend --data-dir "$D" status --passphrase-fd 3 3<"$T_TMP/p"
t_lacks "... about age" "$T_ERR" "older than"

# A restore the person asked for resets it.
t_run 0 "restore an old copy on purpose" \
	tend --data-dir "$D" restore "$T_TMP/old" --passphrase-fd 3 3<"$T_TMP/p"
t_run 0 "doctor accepts it" tend --data-dir "$D" doctor
t_run 0 "and opening it says nothing about age" \
	tend --data-dir "$D" status --passphrase-fd 3 3<"$T_TMP/p"
t_lacks "..." "$T_ERR" "older than"

# Swapped with vault.bak (an image the last full write replaced): its
# journal is not the backup's, so nothing opens until it is moved away;
# then the older vault is noticed.
t_run 0 "two saves" "$TOOL" put "$D" k "x" <"$T_TMP/p"
t_run 0 "a full write" "$TOOL" compact "$D" <"$T_TMP/p"
t_run 0 "a save" "$TOOL" put "$D" k "y" <"$T_TMP/p"
mv "$D/vault" "$T_TMP/newest"
mv "$D/vault.bak" "$D/vault"
mv "$T_TMP/newest" "$D/vault.bak"
t_run 4 "vault and vault.bak swapped: the journal does not fit" \
	tend --data-dir "$D" doctor
t_has "... doctor says so" "$T_OUT" "not the journal of vault"
t_run 4 "... and it does not open" \
	tend --data-dir "$D" status --passphrase-fd 3 3<"$T_TMP/p"
mv "$D/vault.journal" "$T_TMP/journal.aside"
t_run 1 "the journal moved away: doctor says it is older" tend --data-dir "$D" doctor
t_has "..." "$T_OUT" "older than one seen here before"
t_done
