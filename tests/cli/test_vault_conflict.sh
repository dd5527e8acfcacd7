#!/bin/sh
# The issue's conflict scenario, end to end: the lock file is removed under
# a running tend (vault_tool serve stands in for the full screen: it keeps
# the vault open and commits what it is given), and a check-in is taken
# with the command line meanwhile.  The running tend notices the lock went,
# takes it anew, and saves apart into one conflict copy (not one per save);
# the next open announces it, doctor reports it (exit 1), and `tend merge`
# ends with both sides' writing in one vault; `merge --keep-vault` is the
# other choice.
. "$(dirname "$0")/../lib.sh"

TOOL=$(dirname "$TEND")/tools/vault_tool
D=$T_TMP/data
printf 'conflict pass\n' >"$T_TMP/p"
conflicts() { ls "$D" | grep -c '^vault\.conflict-[0-9]*$'; }

t_run 0 "init" tend --data-dir "$D" init --kdf interactive --passphrase-fd 3 3<"$T_TMP/p"
mkfifo "$T_TMP/in"
"$TOOL" serve "$D" <"$T_TMP/in" >"$T_TMP/serve.out" 2>&1 &
SERVE=$!
exec 4>"$T_TMP/in"
printf 'conflict pass\n' >&4
t_check "the running tend holds the vault" t_wait_for 10 grep -q ready "$T_TMP/serve.out"
printf 'put early written-before-the-lock-went\n' >&4
t_check "... and saves" t_wait_for 10 grep -q '^saved' "$T_TMP/serve.out"

rm -f "$D/vault.lock"
t_run 0 "with the lock file gone, a check-in from the command line" \
	tend --data-dir "$D" assess gad7 --answers 1,1,1,1,1,1,1 --passphrase-fd 3 3<"$T_TMP/p"
printf 'put late full-screen-side-canary\n' >&4
t_check "the running tend's next save goes apart" \
	t_wait_for 10 grep -q 'not saved: .*conflict-' "$T_TMP/serve.out"
printf 'put later still-the-full-screen\n' >&4
t_wait_for 10 sh -c "[ \$(grep -c 'not saved' '$T_TMP/serve.out') -ge 2 ]"
t_check "... into one conflict copy for every later save" test "$(conflicts)" = 1
t_run 5 "... and it holds the lock again: another tend is refused" \
	tend --data-dir "$D" status --passphrase-fd 3 3<"$T_TMP/p"
exec 4>&-
wait "$SERVE"

t_run 1 "doctor reports the conflict copy" tend --data-dir "$D" doctor
t_has "... naming it" "$T_OUT" "vault.conflict-"
t_has "... and the way out" "$T_OUT" "tend merge"
t_lacks "... not 'everything looks right'" "$T_OUT" "Everything looks right"
t_run 0 "the next open announces it" \
	tend --data-dir "$D" status --passphrase-fd 3 3<"$T_TMP/p"
t_has "... offering the merge" "$T_ERR" "tend merge"

cp -a "$D" "$T_TMP/before-merge"
t_run 0 "tend merge" tend --data-dir "$D" merge --passphrase-fd 3 3<"$T_TMP/p"
t_has "... says what it combined" "$T_ERR" "Merged 1 conflict copy"
t_check "... and the copy is gone" test "$(conflicts)" = 0
t_run 0 "export after the merge" \
	tend --data-dir "$D" export --format json --passphrase-fd 3 3<"$T_TMP/p"
t_has "... has the full screen's writing" "$T_OUT" "full-screen-side-canary"
t_has "... and its later writing" "$T_OUT" "still-the-full-screen"
t_has "... and what came before" "$T_OUT" "written-before-the-lock-went"
t_has "... and the command line's check-in" "$T_OUT" "gad7"
t_run 0 "doctor is content again" tend --data-dir "$D" doctor
t_lacks "... no conflict copy" "$T_OUT" "conflict copy"

# The other choice: keep the vault as it is.
rm -rf "$D"
cp -a "$T_TMP/before-merge" "$D"
t_run 0 "merge --keep-vault" \
	tend --data-dir "$D" merge --keep-vault --passphrase-fd 3 3<"$T_TMP/p"
t_check "... removes the copy" test "$(conflicts)" = 0
t_run 0 "export" tend --data-dir "$D" export --format json --passphrase-fd 3 3<"$T_TMP/p"
t_lacks "... without the copy's writing" "$T_OUT" "full-screen-side-canary"
t_has "... with the vault's check-in" "$T_OUT" "gad7"

# Plain mode offers the same choices when it opens (as the full screen
# does: tests/e2e/test_conflict_tui.sh).
plain() { # plain NAME INPUT [PASSPHRASE-LINES]: plain mode on a fresh copy
	rm -rf "$D"
	cp -a "$T_TMP/before-merge" "$D"
	yes 'conflict pass' | head -"${3:-1}" >"$T_TMP/pp"
	printf "$2" >"$T_TMP/plain.in"
	t_run 0 "plain, $1" tend --data-dir "$D" --plain --passphrase-fd 3 \
		3<"$T_TMP/pp" <"$T_TMP/plain.in"
}
exported() { tend --data-dir "$D" export --format json --passphrase-fd 3 3<"$T_TMP/p"; }

plain "merge both" 'm\nquit\n'
t_has "... offers the choices" "$T_OUT" "m: merge both"
t_has "... and merges" "$T_OUT" "Merged 1 conflict copy"
t_check "... the copy is gone" test "$(conflicts)" = 0
t_has "... both sides are there" "$(exported)" "full-screen-side-canary"
t_has "... both sides are there (the check-in)" "$(exported)" "gad7"

plain "keep this vault" 'v\nyes\nquit\n'
t_has "... asks again, then keeps the vault" "$T_OUT" "Kept your vault as it is"
t_check "... the copy is gone" test "$(conflicts)" = 0
t_lacks "... without the copy's writing" "$(exported)" "full-screen-side-canary"

plain "keep the copy" 'c\nyes\nquit\n' 2
t_has "... asks again, then keeps the copy" "$T_OUT" "The conflict copy is your vault now"
t_check "... the copy is gone" test "$(conflicts)" = 0
t_has "... with its writing" "$(exported)" "full-screen-side-canary"
t_lacks "... not the other side's check-in" "$(exported)" "gad7"

plain "later" 'l\nquit\n'
t_has "... says it is offered again" "$T_OUT" "offered again next time"
t_check "... the copy stays" test "$(conflicts)" = 1
t_done
