#!/bin/sh
# The vault at 1k, 10k and 50k entries (tests/bench/bench_vault.c gen:
# thought records of about 1.3 KB of text each), each figure beside a
# peer measured in the same run:
#   - a save after one field changed: bytes written and time, against
#     `dd conv=fsync` writing the same number of bytes (the cost of the
#     disk itself);
#   - Tab to the first byte drawn, leaving a field of a worksheet in the
#     real form (tests/tools/sheet_tui through tests/tools/ptyrec), against
#     the same dd;
#   - unlock in process and unlock to the home screen in the full screen,
#     against Argon2id alone at the vault's cost; peak RSS of an unlock
#     against the vault's size;
#   - tend export --format json against sqlite3 -json of the same tables
#     in a plaintext copy of the same database.
# Prints details, and the table's rows as "ROW|what|tend|peer name|peer|
# unit|target" lines for tests/bench/run.sh.
#   TOP=... BUILD=build sh tests/bench/bench_vault.sh
#   BENCH_SIZES="1000 10000" to choose the sizes; BENCH_RUNS=N repeats
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-build}
RUNS=${BENCH_RUNS:-10}
SIZES=${BENCH_SIZES:-1000 10000 50000}
TEND=$TOP/$BUILD/tend
BV=$TOP/$BUILD/bench/bench_vault
PTYREC=$TOP/$BUILD/tools/ptyrec
SHEET=$TOP/$BUILD/tools/sheet_tui
for need in "$BV" "$PTYREC" "$SHEET" "$TEND"; do
	[ -x "$need" ] || { echo "bench_vault: build first ($need)"; exit 1; }
done
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tend-bench-vault.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color TZ=UTC
export TEND_SHARE_DIR="$TOP" TEND_NOW=1795357800
unset NO_COLOR
P=$TMP/pass
echo benchpassphrase1 >"$P"
st=0

# med: the median of the numbers on stdin, one a line.
med() {
	sort -n | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "nan"; exit }
		print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# run CMD...: "wall_ms maxrss_kb status" of one run.
run() { "$BV" run "$@"; }

# free_lock DIR: waits until no process holds DIR's vault (a killed form
# may still be saving).
free_lock() {
	fl=0
	while ! flock -n "$1/vault.lock" true 2>/dev/null; do
		fl=$((fl + 1))
		[ $fl -gt 200 ] && return 1
		sleep 0.05
	done
}

# home_ms DIR: the median of three runs of the full screen, from the
# passphrase's Enter to the last byte of the home screen, in ms; fails
# (after printing it) when a run's vault was still held by another, or
# when the home screen never came (something else on top of it: ptyrec
# gives up after 60 s).  The unlock says "Opening the vault..." first:
# the step lasts until the home screen's "lessons done" has come (ptyrec
# -U), however long the key derivation takes.
home_ms() {
	: >"$TMP/home"
	hs=0
	for i in 1 2 3; do
		free_lock "$1" || hs=1
		"$PTYREC" -F -U "2:lessons done" -s 80x24 -S 400 \
			-k "'benchpassphrase1' ENTER q" -- \
			"$TEND" --data-dir "$1" >"$TMP/home.rec" 2>/dev/null
		awk '$1 == 2 && $2 == "ENTER" { print $4 }' "$TMP/home.rec" >>"$TMP/home"
		if awk '$1 == 2 && $2 == "ENTER" { exit !($4 >= 30000) }' \
			"$TMP/home.rec"; then
			echo "bench_vault: the home screen did not come in $1" >&2
			hs=1
		fi
	done
	med <"$TMP/home"
	return $hs
}

ddrun() { # BYTES DIR: one dd conv=fsync of BYTES bytes in DIR, wall ms
	run dd if=/dev/zero of="$2/dd.out" bs="$1" count=1 conv=fsync \
		status=none | awk '{ print $1 }'
	rm -f "$2/dd.out"
}

for n in $SIZES; do
	D=$TMP/v$n
	k=$((n / 1000))k
	echo "# $n entries"
	t0=$(date +%s)
	if ! "$BV" gen "$D" "$n" "$TMP/plain$n.db"; then
		echo "bench_vault: could not make the $n-entry vault"
		st=1
		continue
	fi
	size=$(stat -c %s "$D/vault")
	echo "vault $size bytes (made in $(($(date +%s) - t0)) s)"
	# What was just written goes to disk now, not while a measure runs.
	sync

	# Saves: the vault's own code in process.
	"$BV" save "$D" "$RUNS" >"$TMP/save" || st=1
	set -- $(awk '$1 == "median" { print $2, $3 }' "$TMP/save")
	sbytes=${1:-0} sms=${2:-nan}
	[ "$sbytes" -ge 1 ] 2>/dev/null || sbytes=1
	i=0
	while [ $i -lt "$RUNS" ]; do ddrun "$sbytes" "$D"; i=$((i + 1)); done |
		med >"$TMP/dd"
	ddms=$(cat "$TMP/dd")
	echo "save after one field: $sbytes bytes, $sms ms; dd conv=fsync of as many bytes: $ddms ms"
	echo "ROW|save after one field at $k: bytes written|$sbytes|vault file|$size|B|< 64 KB at 10k"
	echo "ROW|save after one field at $k: time|$sms|dd conv=fsync, same bytes|$ddms|ms|< 10 ms + one fsync at 10k"

	# Tab to the first byte drawn: leave a field of a new thought record.
	# On a copy of the vault: each run ends with the record open, which
	# the next full screen would bring back on top of the home screen.
	: >"$TMP/tab"
	free_lock "$D" || st=1
	rm -rf "$D.tab" && cp -a "$D" "$D.tab" && rm -f "$D.tab/vault.lock"
	i=0
	while [ $i -lt 3 ]; do
		free_lock "$D.tab" || st=1
		"$PTYREC" -F -s 80x24 -S 400 -k "TAB 'words' TAB" -- \
			sh -c "exec '$SHEET' '$D.tab' new thought-record 3<'$P'" \
			>"$TMP/tab.rec" 2>/dev/null
		awk '$1 == 3 && $2 == "TAB" { print $6 }' "$TMP/tab.rec" >>"$TMP/tab"
		i=$((i + 1))
	done
	rm -rf "$D.tab"
	tab=$(med <"$TMP/tab")
	echo "Tab to first byte: $tab ms (runs: $(tr '\n' ' ' <"$TMP/tab"))"
	echo "ROW|Tab to first byte drawn at $k|$tab|dd conv=fsync, same bytes|$ddms|ms|< 20 ms at 50k"

	# Unlock.
	free_lock "$D" || st=1
	for i in 1 2 3; do "$BV" unlock "$D"; done | med >"$TMP/u"
	for i in 1 2 3; do "$BV" argon "$D"; done | med >"$TMP/a"
	u=$(cat "$TMP/u") a=$(cat "$TMP/a")
	home=$(home_ms "$D") || st=1
	free_lock "$D" || st=1
	rss=$(run "$BV" unlock "$D" | awk '{ print $2 * 1024 }')
	echo "unlock in process $u ms, to the home screen $home ms, Argon2id alone $a ms; peak RSS $rss B"
	echo "ROW|unlock in process at $k|$u|Argon2id alone|$a|ms|"
	echo "ROW|unlock to the home screen at $k|$home|Argon2id alone|$a|ms|< 2x at 50k"
	echo "ROW|peak RSS of an unlock at $k|$rss|vault file|$size|B|< 1.3x at 50k"

	# The same vault at the cost tend init chooses on this machine (about
	# half a second of Argon2id): the cost a person's vault has.  The
	# rows above use libsodium's interactive cost (64 MiB, 2 passes).
	rm -rf "$D.cal"
	cp -a "$D" "$D.cal"
	free_lock "$D.cal" || st=1
	if "$BV" kdf "$D.cal" calibrated; then
		for i in 1 2 3; do "$BV" argon "$D.cal"; done | med >"$TMP/ac"
		ac=$(cat "$TMP/ac")
		homec=$(home_ms "$D.cal") || st=1
		echo "at the cost tend init chooses: to the home screen $homec ms, Argon2id alone $ac ms"
		echo "ROW|unlock to the home screen at $k, KDF of tend init|$homec|Argon2id alone|$ac|ms|< 2x at 50k"
	else
		st=1
	fi
	rm -rf "$D.cal"

	# Export against sqlite3 -json of the same tables.
	if command -v sqlite3 >/dev/null; then
		q="SELECT id, worksheet, course, lesson, created_at, updated_at, completed_at FROM entries WHERE deleted_at IS NULL ORDER BY created_at, id; SELECT f.entry_id, f.field, f.row, f.value FROM entry_fields f JOIN entries e ON e.id = f.entry_id WHERE e.deleted_at IS NULL ORDER BY f.entry_id, f.rowid; SELECT * FROM assessments; SELECT * FROM assessment_items;"
		: >"$TMP/ex"
		: >"$TMP/sq"
		for i in 1 2 3; do
			free_lock "$D" || st=1
			BENCH_STDIN=$P run "$TEND" --data-dir "$D" --passphrase-fd 0 \
				export --format json -o "$TMP/out.json" >>"$TMP/ex" 2>/dev/null
			run sqlite3 -json "$TMP/plain$n.db" "$q" >>"$TMP/sq"
		done
		awk '$3 != 0 { bad = 1 } END { exit bad }' "$TMP/ex" || {
			echo "bench_vault: tend export failed"
			st=1
		}
		ex=$(awk '{ print $1 }' "$TMP/ex" | med)
		sq=$(awk '{ print $1 }' "$TMP/sq" | med)
		exr=$(awk '{ print $2 * 1024 }' "$TMP/ex" | med)
		sqr=$(awk '{ print $2 * 1024 }' "$TMP/sq" | med)
		echo "export --format json $ex ms, peak RSS $exr B; sqlite3 -json $sq ms, $sqr B"
		echo "ROW|export --format json at $k|$ex|sqlite3 -json|$sq|ms|< 1.5x at 50k"
		echo "ROW|export --format json at $k: peak RSS|$exr|sqlite3 -json|$sqr|B|"
		# The peak above includes the key derivation's memory (64 MiB,
		# freed before the database is read).  The export's own memory:
		# the same vault re-wrapped under the least Argon2id memory.
		rm -rf "$D.light"
		cp -a "$D" "$D.light"
		free_lock "$D.light" || st=1
		if "$BV" kdf "$D.light" least; then
			: >"$TMP/exl"
			for i in 1 2 3; do
				free_lock "$D.light" || st=1
				BENCH_STDIN=$P run "$TEND" --data-dir "$D.light" \
					--passphrase-fd 0 export --format json \
					-o "$TMP/out.json" >>"$TMP/exl" 2>/dev/null
			done
			exl=$(awk '{ print $2 * 1024 }' "$TMP/exl" | med)
			echo "export --format json without the key derivation's memory: peak RSS $exl B"
			echo "ROW|export --format json at $k: peak RSS, KDF memory aside|$exl|sqlite3 -json|$sqr|B|< 64 MiB at 50k"
		else
			st=1
		fi
		rm -rf "$D.light"
		rm -f "$TMP/out.json"
	else
		echo "note: sqlite3 is not installed: no export peer"
	fi
	rm -rf "$D" "$TMP/plain$n.db"
	echo
done
exit $st
