#!/bin/sh
# Runs the test suites and adds up their results.
#   sh tests/run-all.sh BUILD [unit] [cli] [e2e] [content]
# With no suite named, runs all of them.  TEND_VALGRIND=1 runs the unit
# tests and the binary under valgrind.  The last line is the total, as
# "N passed, N failed, N skipped"; each suite's line ends with its time.  A check that cannot run here (shell
# suites: a "SKIP - NAME: REASON" line from t_skip; cmocka: skip()) is
# counted as skipped, never as passed, and every skip is printed with its
# reason, prefixed by its suite, even when the suite passed.  The vault
# suites (test_vault*) run three times: as they are; with
# TEND_TEST_VAULT_V1=1, where every vault starts in format 1 and is
# migrated by its first save (named NAME[v1]); and with
# TEND_TEST_VAULT_V2=1, where every full write is in format 2, the payload
# in one piece, as tend wrote it before format 3 (named NAME[v2]).
BUILD=${1:?usage: run-all.sh BUILD [suite...]}
shift
SUITES=${*:-content unit cli e2e}
TOP=$(cd "$(dirname "$0")/.." && pwd)
TEND="$TOP/$BUILD/tend"
export TEND TOP
pass=0
fail=0
skip=0
failed=""
skipped=""
log=$(mktemp "${TMPDIR:-/tmp}/tend-run.XXXXXX")
trap 'rm -f "$log"' EXIT

add() { # name status passed failed skipped
	pass=$((pass + $3))
	fail=$((fail + $4))
	skip=$((skip + $5))
	[ "$5" != 0 ] && skipped="$skipped $1"
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
		# unit/test_i18n's German cases need the de_DE.UTF-8 locale:
		# made here when it is missing and we may (tests/locale.sh).
		(. "$TOP/tests/locale.sh" && t_locale de_DE.UTF-8) || true
		for v1 in "" 1 2; do
		for t in "$TOP/$BUILD"/tests/test_*; do
			[ -x "$t" ] || continue
			if [ -n "$v1" ]; then
				case $(basename "$t") in test_vault*) ;; *) continue ;; esac
			fi
			name=unit/$(basename "$t")${v1:+[v$v1]}
			t0=$(date +%s)
			(cd "$TOP" && if [ -n "$v1" ]; then export TEND_TEST_VAULT_V$v1=1; fi &&
				TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8 \
				TEND_SHARE_DIR="$TOP" vg "$t") >"$log" 2>&1
			st=$?
			p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
			f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
			s=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
			[ "$st" != 0 ] || [ "$f" != 0 ] && cat "$log"
			# cmocka names each skipped test; the reason is in its source.
			sed -n "s|^\[  SKIPPED \] \([^0-9].*\)|SKIP - $name: \1 (cmocka skip())|p" "$log" | sort -u
			echo "$name: $p passed, $f failed, $s skipped ($(($(date +%s) - t0)) s)"
			add "$name" "$st" "$p" "$f" "$s"
		done
		done
		;;
	cli | e2e)
		for v1 in "" 1 2; do
		for t in "$TOP"/tests/$suite/test_*.sh; do
			[ -f "$t" ] || continue
			if [ -n "$v1" ]; then
				case $(basename "$t") in test_vault*) ;; *) continue ;; esac
			fi
			name=$suite/$(basename "$t")${v1:+[v$v1]}
			t0=$(date +%s)
			(if [ -n "$v1" ]; then export TEND_TEST_VAULT_V$v1=1; fi
				sh "$t") >"$log" 2>&1
			st=$?
			p=$(grep -c '^ok ' "$log")
			f=$(grep -c '^not ok ' "$log")
			s=$(grep -c '^SKIP ' "$log")
			if [ "$st" != 0 ] || [ "$f" != 0 ]; then
				cat "$log"
			else
				sed -n "s|^SKIP - |SKIP - $name: |p" "$log"
			fi
			echo "$name: $p passed, $f failed, $s skipped ($(($(date +%s) - t0)) s)"
			add "$name" "$st" "$p" "$f" "$s"
		done
		done
		;;
	content)
		if [ -d "$TOP/content" ] && ls "$TOP"/content/*/course.yaml >/dev/null 2>&1; then
			(cd "$TOP" && TEND_SHARE_DIR="$TOP" "$TEND" check-content content) >"$log" 2>&1
			st=$?
			cat "$log"
			if [ "$st" = 0 ]; then p=1; f=0; else p=0; f=1; fi
			echo "content/check-content: $p passed, $f failed, 0 skipped"
			add content/check-content "$st" "$p" "$f" 0
		else
			echo "SKIP - content/check-content: no content/*/course.yaml here"
			echo "content/check-content: 0 passed, 0 failed, 1 skipped"
			add content/check-content 0 0 0 1
		fi
		;;
	*)
		echo "run-all.sh: unknown suite '$suite'" >&2
		exit 2
		;;
	esac
done

[ -n "$skipped" ] && echo "SKIPPED:$skipped"
[ -n "$failed" ] && echo "FAILED:$failed"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
