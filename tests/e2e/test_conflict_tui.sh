#!/bin/sh
# The offered merge in the full screen.  The issue's conflict scenario is
# made once (tests/cli/test_vault_conflict.sh does the same: the lock file
# removed under a running tend, vault_tool serve, and a check-in from the
# command line meanwhile, so the running tend saves apart), then the full
# screen opens a copy of that folder for each choice: the dialog comes
# first; merging both ends with both sides' writing in one vault; keeping
# this vault (asked twice) drops the copy's writing; keeping the copy
# (asked twice) puts it in the vault's place with the vault kept as
# vault.bak; later leaves the copy for the next open, which asks again.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

TOOL=$(dirname "$TEND")/tools/vault_tool
S=$T_TMP/scenario
P=$T_TMP/p
PASS="conflict pass phrase"
printf '%s\n' "$PASS" >"$P"
conflicts() { ls "$1" | grep -c '^vault\.conflict-[0-9]*$'; }

t_run 0 "init" tend --data-dir "$S" init --kdf interactive --passphrase-fd 3 3<"$P"
mkfifo "$T_TMP/in"
"$TOOL" serve "$S" <"$T_TMP/in" >"$T_TMP/serve.out" 2>&1 &
SERVE=$!
exec 4>"$T_TMP/in"
printf '%s\n' "$PASS" >&4
t_check "a running tend holds the vault" t_wait_for 10 grep -q ready "$T_TMP/serve.out"
rm -f "$S/vault.lock"
t_run 0 "with the lock file gone, a check-in from the command line" \
	tend --data-dir "$S" assess gad7 --answers 1,1,1,1,1,1,1 --passphrase-fd 3 3<"$P"
printf 'put late copy-side-canary\n' >&4
t_check "the running tend saves apart" \
	t_wait_for 10 grep -q 'not saved: .*conflict-' "$T_TMP/serve.out"
exec 4>&-
wait "$SERVE"
t_check "one conflict copy" test "$(conflicts "$S")" = 1

# open NAME: the full screen on a fresh copy of the scenario, unlocked.
open() {
	e2e_stop
	E2E_SOCK="tend-e2e-$$-$1"
	D="$T_TMP/$1"
	rm -rf "$D"
	cp -a "$S" "$D"
	e2e_start 80 24 "$TEND" --data-dir "$D"
	e2e_expect "$1: unlock" "Passphrase:"
	e2e_keys -l "$PASS"
	e2e_keys Enter
	e2e_expect "$1: the merge is offered first" "Writing saved apart"
	e2e_still "$1: ... merging both first" "1  Merge both"
}
# go_on NAME: after the dialog the program goes on (the country first on
# this first run, then the welcome), and q leaves.
go_on() {
	e2e_still "$1: then the program goes on" "Your country"
	e2e_keys q
	e2e_expect "$1: ... to the welcome" "Welcome to tend"
	e2e_keys q
}
export_has() { tend --data-dir "$D" export --format json --passphrase-fd 3 3<"$P"; }

open merge
e2e_keys Enter
e2e_expect "merge: done, and said" "Merged 1 conflict copy"
go_on merge
e2e_exits "merge: tend leaves"
t_check "merge: the copy is gone" test "$(conflicts "$D")" = 0
out=$(export_has)
t_has "merge: the vault has the copy's writing" "$out" "copy-side-canary"
t_has "merge: ... and the command line's check-in" "$out" "gad7"

open keepvault
e2e_keys 2
e2e_expect "keep this vault: asked again" "Delete the writing that was saved apart?"
e2e_keys y
e2e_expect "keep this vault: done, and said" "Kept your vault as it is"
go_on "keep this vault"
e2e_exits "keep this vault: tend leaves"
t_check "keep this vault: the copy is gone" test "$(conflicts "$D")" = 0
out=$(export_has)
t_lacks "keep this vault: without the copy's writing" "$out" "copy-side-canary"
t_has "keep this vault: with the vault's check-in" "$out" "gad7"

open keepcopy
e2e_keys 3
e2e_expect "keep the copy: asked again" "Put the copy in the vault's place?"
e2e_keys n
e2e_gone "keep the copy: no goes back to the choices" "Put the copy"
e2e_still "... which are still there" "3  Keep the copy"
e2e_keys 3
e2e_expect "keep the copy: asked again" "Put the copy in the vault's place?"
e2e_keys y
e2e_expect "keep the copy: done, and said" "The conflict copy is your vault now"
go_on "keep the copy"
e2e_exits "keep the copy: tend leaves"
t_check "keep the copy: the copy is gone" test "$(conflicts "$D")" = 0
out=$(export_has)
t_has "keep the copy: the vault has the copy's writing" "$out" "copy-side-canary"
t_lacks "keep the copy: ... not the other side's check-in" "$out" "gad7"
# The vault it replaced is the newest backup (the save at leaving may
# have shifted it to vault.bak.1): restored, it has the check-in.
found=no
for b in vault.bak vault.bak.1; do
	[ -f "$D/$b" ] || continue
	rm -rf "$T_TMP/r"
	mkdir -m 700 "$T_TMP/r"
	cp "$D/vault" "$T_TMP/r/vault"
	tend --data-dir "$T_TMP/r" restore "$D/$b" --passphrase-fd 3 3<"$P" 2>/dev/null &&
		tend --data-dir "$T_TMP/r" export --format json --passphrase-fd 3 3<"$P" |
		grep -q gad7 && found=$b
done
t_check "keep the copy: the other side's vault is a backup ($found)" [ "$found" != no ]

open later
e2e_keys q
e2e_expect "later: the program goes on, the country first" "Your country"
e2e_keys q
e2e_expect "later: ... then the welcome" "Welcome to tend"
e2e_keys q
e2e_exits "later: tend leaves"
t_check "later: the copy is still there" test "$(conflicts "$D")" = 1
e2e_stop
E2E_SOCK="tend-e2e-$$-again"
e2e_start 80 24 "$TEND" --data-dir "$D"
e2e_expect "later: the next open" "Passphrase:"
e2e_keys -l "$PASS"
e2e_keys Enter
e2e_expect "later: ... asks again" "Writing saved apart"
e2e_keys Q
e2e_exits "later: Q leaves from the question"
t_done
