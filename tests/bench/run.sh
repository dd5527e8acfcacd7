#!/bin/sh
# make bench: every benchmark in tests/bench in one run, and one table at
# the end where each figure stands beside its peer, measured in the same
# run on the same input, with the ratio tend / peer:
#   layout            tend render vs lowdown and cmark (bench_layout.c)
#   lesson            loading the course (bench_lesson.c; no peer: details)
#   term              first screen, page-down, line-down bytes vs less -R
#                     (bench_term.sh)
#   vault             saves and Tab vs dd conv=fsync of the same bytes,
#                     unlock vs Argon2id alone, peak RSS vs the vault's
#                     size, export vs sqlite3 -json, at 1k, 10k and 50k
#                     entries (bench_vault.sh, generator in bench_vault.c)
#   remind            remind --login vs /bin/true (bench_remind.c)
#   paste             1 MB pasted into a 2,000-character field in the
#                     full screen vs one word typed (bench_paste.c)
# The details of every section go to BUILD/bench/details.txt (and to the
# terminal); the table comes last.  It takes a while (the 50k-entry vault
# is about 130 MB); it is not part of make check.
#   sh tests/bench/run.sh BUILD          BENCH_RUNS=N (default 10)
#   BENCH_ONLY=vault BENCH_SIZES=10000 sh tests/bench/run.sh build
BUILD=${1:-build}
TOP=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${BENCH_RUNS:-10}
export LANG=C.UTF-8 LC_ALL=C.UTF-8 TOP BUILD BENCH_RUNS=$RUNS
unset NO_COLOR
DETAILS=$TOP/$BUILD/bench/details.txt
ROWS=$(mktemp "${TMPDIR:-/tmp}/tend-bench-rows.XXXXXX")
trap 'rm -f "$ROWS"' EXIT
mkdir -p "$TOP/$BUILD/bench"
: >"$DETAILS"
st=0

want() { [ -z "${BENCH_ONLY:-}" ] || [ "$BENCH_ONLY" = "$1" ]; }

# section TITLE CMD...: runs one benchmark; its ROW lines go to the table,
# everything else to the details.
section() {
	echo "== $1" | tee -a "$DETAILS"
	shift
	"$@" >"$ROWS.out" 2>&1 || st=1
	grep '^ROW|' "$ROWS.out" >>"$ROWS"
	grep -v '^ROW|' "$ROWS.out" | tee -a "$DETAILS"
	echo | tee -a "$DETAILS"
	rm -f "$ROWS.out"
}

if want layout; then
	for tool in lowdown cmark; do
		command -v $tool >/dev/null || echo "note: $tool is not installed (make deps)"
	done
	# plus the longest lesson of the bundled course, a real one
	real=$(ls -S "$TOP"/content/*/*.md 2>/dev/null | head -1)
	section "layout (tests/bench/bench_layout.c)" \
		"$TOP/$BUILD/bench/bench_layout" "$TOP/$BUILD/tend" \
		"$TOP/$BUILD/bench/lessons" "$RUNS" $real
fi
if want lesson; then
	section "lessons (tests/bench/bench_lesson.c)" \
		"$TOP/$BUILD/bench/bench_lesson" "$TOP" $((RUNS * 20))
fi
if want term; then
	section "terminal output (tests/bench/bench_term.sh)" \
		sh "$TOP/tests/bench/bench_term.sh"
fi
if want vault; then
	section "vault (tests/bench/bench_vault.sh)" \
		sh "$TOP/tests/bench/bench_vault.sh"
fi
if want remind; then
	section "remind --login latency (tests/bench/bench_remind.c)" \
		"$TOP/$BUILD/bench/bench_remind" "$TOP/$BUILD/tend" $((RUNS * 5))
fi

# Exports (tests/bench/bench_export.sh): each streamed format at 5,000
# and 50,000 entries beside sqlite3 -json and opening the vault alone,
# time and peak memory (details only; the table's export row is
# bench_vault.sh's).
if want export; then
	for n in 5000 50000; do
		section "export at $n entries (tests/bench/bench_export.sh)" \
			sh "$TOP/tests/bench/bench_export.sh" "$BUILD" $n 3
	done
fi

if want paste; then
	section "paste (tests/bench/bench_paste.c)" \
		env TEND_SHARE_DIR="$TOP" "$TOP/$BUILD/bench/bench_paste" "$TOP/$BUILD" 1
fi

# The one table: tend's figure, the peer's, and the ratio.
echo "== tend beside its peers, $(date -u +%Y-%m-%d), $(nproc) cores, BENCH_RUNS=$RUNS"
awk -F'|' '
function human(v, unit) {
	if (unit == "B" && v >= 1048576) return sprintf("%.1f MiB", v / 1048576)
	if (unit == "B" && v >= 10240) return sprintf("%.0f KiB", v / 1024)
	if (unit == "B") return sprintf("%d B", v)
	if (unit == "ms") return sprintf("%.1f ms", v)
	return sprintf("%.2f", v)
}
BEGIN {
	print "| measure | tend | peer | peer figure | tend / peer | target |"
	print "|---|---|---|---|---|---|"
}
{
	r = ($5 + 0 > 0) ? sprintf("%.2fx", $3 / $5) : "-"
	printf "| %s | %s | %s | %s | %s | %s |\n", $2, human($3, $6), $4,
		human($5, $6), r, $7
}' "$ROWS"
exit $st
