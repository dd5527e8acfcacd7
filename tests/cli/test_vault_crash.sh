#!/bin/sh
# Crash safety: a process saving in a loop (a journal record per save, the
# whole image every fifth save) is killed with SIGKILL until CRASH_KILLS
# kills (300 by default; `make crash-loop` runs more) have landed during
# journal appends and compactions, a quarter at least in each; every
# third kill falls at a random moment from the start instead.  After
# every kill the vault and both backups open, every change whose save had
# returned is there, and a torn last record is never one that was
# reported saved.  The tool prints where the kills landed.
#
# Then the journal it left, with two more saves, has bytes changed one at
# a time (each of the first 48, then every TAMPER_STRIDE-th byte, by
# default a stride that makes about 150 more wherever the crashes left the
# journal; `make crash-loop` changes every byte): tend refuses each with
# exit 4 and leaves the vault and the journal as they were.
. "$(dirname "$0")/../lib.sh"

TOOL=$(dirname "$TEND")/tools/vault_tool
D=$T_TMP/data
kills=${CRASH_KILLS:-300}
[ "${TEND_VALGRIND:-}" = 1 ] && kills=20

t_run 0 "a test vault is made" "$TOOL" init "$D" "crash pass"
t_run 0 "$kills kill -9 during journal appends and compactions" \
	"$TOOL" crash "$D" "crash pass" "$kills"
printf '%s\n' "$T_OUT" "$T_ERR" | sed 's/^/# /'
left=$(ls "$D" | grep -Ev '^(vault(\.bak|\.bak\.1|\.lock|\.journal)?|state)$')
t_check "no temporary files are left behind" test -z "$left"

printf 'crash pass\n' >"$T_TMP/p"
t_run 0 "a save after the crashes" "$TOOL" put "$D" k1 "one" <"$T_TMP/p"
t_run 0 "and another" "$TOOL" put "$D" k2 "two" <"$T_TMP/p"
t_run 0 "the vault opens" tend --data-dir "$D" status --passphrase-fd 3 3<"$T_TMP/p"
J=$D/vault.journal
cp "$J" "$T_TMP/journal"
cp "$D/vault" "$T_TMP/image"
len=$(wc -c <"$J")
head=48 stride=${TAMPER_STRIDE:-$((len / 150 + 1))}
# Under valgrind each open takes seconds: a dozen places.
[ "${TEND_VALGRIND:-}" = 1 ] && head=4 stride=$((len / 8 + 1))
# flip OFFSET: changes one bit of the journal's byte at OFFSET.
flip() {
	b=$(od -An -tu1 -j "$1" -N1 "$J" | tr -d ' ')
	# shellcheck disable=SC2059
	printf "$(printf '\\%03o' $((b ^ 1)))" |
		dd of="$J" bs=1 seek="$1" conv=notrunc 2>/dev/null
}
bad="" i=0 n=0
while [ "$i" -lt "$len" ]; do
	flip "$i"
	if cmp -s "$J" "$T_TMP/journal"; then
		bad="$bad $i(not-changed)"
	else
		tend --data-dir "$D" status --passphrase-fd 3 3<"$T_TMP/p" \
			>/dev/null 2>&1
		st=$?
		[ "$st" = 4 ] || bad="$bad $i(exit-$st)"
		flip "$i"
		cmp -s "$J" "$T_TMP/journal" || bad="$bad $i(journal-touched)"
		cmp -s "$D/vault" "$T_TMP/image" || bad="$bad $i(vault-touched)"
		cp "$T_TMP/journal" "$J"
	fi
	n=$((n + 1))
	if [ "$i" -lt "$head" ]; then i=$((i + 1)); else i=$((i + stride)); fi
done
echo "# $n of the journal's $len bytes changed in turn"
t_check "each refused with exit 4, vault and journal untouched" test -z "$bad"
[ -z "$bad" ] || echo "# failed at:$bad"
t_run 0 "the vault still opens" tend --data-dir "$D" status --passphrase-fd 3 3<"$T_TMP/p"
t_done
