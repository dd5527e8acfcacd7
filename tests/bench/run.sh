#!/bin/sh
# make bench: every benchmark in tests/bench, one section each, numbers on
# stdout (PERFORMANCE.md section 5 gives the definitions and targets).
#   sh tests/bench/run.sh BUILD          BENCH_RUNS=N (default 10)
#   BENCH_ONLY=layout sh tests/bench/run.sh build
BUILD=${1:-build}
TOP=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${BENCH_RUNS:-10}
export LANG=C.UTF-8 LC_ALL=C.UTF-8
unset NO_COLOR
st=0

want() { [ -z "${BENCH_ONLY:-}" ] || [ "$BENCH_ONLY" = "$1" ]; }

# B1/B2: layout time and peak memory for 2 KB, 50 KB and 1 MB lessons at
# 80 columns, beside lowdown and cmark on the same generated files.
if want layout; then
	echo "== layout (tests/bench/bench_layout.c)"
	for tool in lowdown cmark; do
		command -v $tool >/dev/null || echo "note: $tool is not installed (make deps)"
	done
	"$TOP/$BUILD/bench/bench_layout" "$TOP/$BUILD/tend" \
		"$TOP/$BUILD/bench/lessons" "$RUNS" || st=1
	echo
fi

exit $st
