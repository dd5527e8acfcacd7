#!/bin/sh
# Export at N entries (tests/bench/vault_gen.c: about 1.3 KB each, a
# PHQ-9 and a GAD-7 every tenth entry): `tend export` in each streamed
# format beside `sqlite3 -json` on the same tables of the same database
# (the plain image vault_gen writes), and beside opening the vault alone
# (`tend helper status`: unlock, decrypt, load, nothing read), so the
# export's own share shows.  Wall time and peak RSS, the median of RUNS.
# Not a timed test: it prints numbers.
#   sh tests/bench/bench_export.sh BUILD [N] [RUNS]
BUILD=${1:-build}
N=${2:-50000}
RUNS=${3:-3}
TOP=$(cd "$(dirname "$0")/../.." && pwd)
TEND=$TOP/$BUILD/tend
GEN=$TOP/$BUILD/bench/vault_gen
export TEND_SHARE_DIR=$TOP LANG=C.UTF-8 LC_ALL=C.UTF-8
command -v sqlite3 >/dev/null || { echo "note: sqlite3 is not installed: no peer"; }
[ -x /usr/bin/time ] || { echo "bench_export: needs /usr/bin/time (GNU time)"; exit 1; }
D=$(mktemp -d "${TMPDIR:-/tmp}/tend-bexp.XXXXXX")
trap 'rm -rf "$D"' EXIT
echo 'bench passphrase' >"$D/pass"
"$GEN" "$D/v" "$N" "$D/image.db" <"$D/pass" || exit 1
printf '%d entries: vault %s bytes (with its journal)\n' "$N" "$(cat "$D"/v/vault* | wc -c)"

# The export's queries (store/export.c), for the peer.
Q="SELECT id, started_at, finished_at, current_lesson FROM course ORDER BY id;
SELECT course, lesson, opened_at, completed_at FROM lesson_progress ORDER BY course, lesson;
SELECT course, lesson, prompt_id, text, updated_at FROM prompt_answers ORDER BY course, lesson, prompt_id;
SELECT id, worksheet, course, lesson, created_at, updated_at, completed_at FROM entries WHERE deleted_at IS NULL ORDER BY id;
SELECT f.entry_id, f.field, f.row, f.value FROM entry_fields f JOIN entries e ON e.id = f.entry_id WHERE e.deleted_at IS NULL ORDER BY f.entry_id, f.field, f.row;
SELECT id, instrument, taken_at, total, band, source FROM assessments ORDER BY id;
SELECT assessment_id, item, value FROM assessment_items ORDER BY assessment_id, item;
SELECT id, kind, raised_at, assessment_id, resolved_at, override_at FROM flags ORDER BY id;
SELECT id, what, days, minute, created_at FROM plans WHERE deleted_at IS NULL ORDER BY id;
SELECT id, plan_id, done_at, entry_id, note FROM practice ORDER BY id;"

# run NAME CMD...: RUNS runs, prints the median seconds and peak RSS.
run() {
	name=$1
	shift
	: >"$D/times"
	i=0
	while [ $i -lt "$RUNS" ]; do
		/usr/bin/time -f '%e %M' -o "$D/t" "$@" >"$D/out" 2>/dev/null 3<"$D/pass"
		cat "$D/t" >>"$D/times"
		i=$((i + 1))
	done
	sort -n "$D/times" | awk -v n="$name" -v bytes="$(stat -c %s "$D/out")" '
		{ t[NR] = $1; m[NR] = $2 }
		END { k = int((NR + 1) / 2);
		      printf "  %-28s %7.3f s  %7.1f MiB  (%d bytes out)\n", n, t[k], m[k] / 1024, bytes }'
}

run "open only (helper status)" "$TEND" --data-dir "$D/v" --passphrase-fd 3 helper status
for f in json csv fhir; do
	run "tend export --format $f" "$TEND" --data-dir "$D/v" --passphrase-fd 3 export --format "$f"
done
command -v sqlite3 >/dev/null && run "sqlite3 -json (same tables)" sqlite3 -json "$D/image.db" "$Q"
exit 0
