#!/bin/sh
# Runs the test suites and adds up their results.
#   sh tests/run-all.sh BUILD [unit] [cli] [e2e] [content]
# With no suite named, runs all of them.  TEND_VALGRIND=1 runs the unit
# tests and the binary under valgrind.  The last line is the total, as
# "N passed, N failed".
BUILD=${1:?usage: run-all.sh BUILD [suite...]}
shift
SUITES=${*:-content unit cli e2e}
TOP=$(cd "$(dirname "$0")/.." && pwd)
TEND="$TOP/$BUILD/tend"
export TEND TOP
pass=0
fail=0
failed=""
log=$(mktemp "${TMPDIR:-/tmp}/tend-run.XXXXXX")
trap 'rm -f "$log"' EXIT

add() { # name status passed failed
	pass=$((pass + $3))
	fail=$((fail + $4))
	if [ "$2" != 0 ] && [ "$4" = 0 ]; then
		fail=$((fail + 1))
	fi
	if [ "$2" != 0 ] || [ "$4" != 0 ]; then
		failed="$failed $1"
	fi
}

vg() {
	if [ "${TEND_VALGRIND:-}" = 1 ]; then
		valgrind -q --error-exitcode=99 --leak-check=full \
			--errors-for-leak-kinds=definite,indirect \
			--suppressions="$TOP/tests/valgrind.supp" "$@"
	else
		"$@"
	fi
}

for suite in $SUITES; do
	case $suite in
	unit)
		for t in "$TOP/$BUILD"/tests/test_*; do
			[ -x "$t" ] || continue
			name=unit/$(basename "$t")
			(cd "$TOP" && TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8 \
				TEND_SHARE_DIR="$TOP" vg "$t") >"$log" 2>&1
			st=$?
			p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
			f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
			[ "$st" != 0 ] || [ "$f" != 0 ] && cat "$log"
			echo "$name: $p passed, $f failed"
			add "$name" "$st" "$p" "$f"
		done
		;;
	cli | e2e)
		for t in "$TOP"/tests/$suite/test_*.sh; do
			[ -f "$t" ] || continue
			name=$suite/$(basename "$t")
			sh "$t" >"$log" 2>&1
			st=$?
			p=$(grep -c '^ok ' "$log")
			f=$(grep -c '^not ok ' "$log")
			[ "$st" != 0 ] || [ "$f" != 0 ] && cat "$log"
			echo "$name: $p passed, $f failed"
			add "$name" "$st" "$p" "$f"
		done
		;;
	content)
		if [ -d "$TOP/content" ] && ls "$TOP"/content/*/course.yaml >/dev/null 2>&1; then
			(cd "$TOP" && TEND_SHARE_DIR="$TOP" "$TEND" check-content content) >"$log" 2>&1
			st=$?
			cat "$log"
			if [ "$st" = 0 ]; then p=1; f=0; else p=0; f=1; fi
			echo "content/check-content: $p passed, $f failed"
			add content/check-content "$st" "$p" "$f"
		fi
		;;
	*)
		echo "run-all.sh: unknown suite '$suite'" >&2
		exit 2
		;;
	esac
done

[ -n "$failed" ] && echo "FAILED:$failed"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
