# Shared helpers for the shell test suites (cli/ and e2e/).  Source it; it
# expects TEND (the binary) and prints one line per check, "ok - NAME",
# "not ok - NAME" or "SKIP - NAME: REASON", and a summary from t_done,
# which run-all.sh adds up.  A check that cannot run here (no root, a tool
# missing) is a SKIP with its reason, never an "ok".

: "${TEND:?TEND must name the tend binary}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
T_PASS=0
T_FAIL=0
T_SKIP=0
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/tend-test.XXXXXX")
trap 't_cleanup' EXIT
export TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8 TEND_SHARE_DIR="$TOP"
unset NO_COLOR TEND_NOW

# Run the binary, under valgrind when TEND_VALGRIND=1.
tend() {
	if [ "${TEND_VALGRIND:-}" = 1 ]; then
		valgrind -q --error-exitcode=99 --leak-check=full \
			--errors-for-leak-kinds=definite,indirect \
			--suppressions="$TOP/tests/valgrind.supp" "$TEND" "$@"
	else
		"$TEND" "$@"
	fi
}

t_cleanup() {
	[ -n "${T_CLEANUP_HOOK:-}" ] && eval "$T_CLEANUP_HOOK"
	rm -rf "$T_TMP"
}

t_ok() {
	T_PASS=$((T_PASS + 1))
	echo "ok - $1"
}

t_fail() {
	T_FAIL=$((T_FAIL + 1))
	echo "not ok - $1"
	[ $# -gt 1 ] && printf '%s\n' "$2" | sed 's/^/#   /'
	return 0
}

# t_skip NAME REASON: a check that cannot run here.  Counted apart from
# passes and failures; run-all.sh shows the line and adds it up.
t_skip() {
	T_SKIP=$((T_SKIP + 1))
	echo "SKIP - $1: $2"
	return 0
}

# t_skip_all REASON: nothing in this suite can run here: one SKIP line for
# the whole file, then the summary, and the suite ends.
t_skip_all() {
	t_skip "every check" "$1"
	t_done
	exit $?
}

# t_wait_for SECONDS CMD...: runs CMD every 50 ms until it succeeds; 0 if
# it did within SECONDS.  The way to wait for a state (a file, a line, a
# process): never a fixed sleep.
t_wait_for() {
	tw_n=$(($1 * 20))
	shift
	while ! "$@"; do
		[ "$tw_n" -gt 0 ] || return 1
		tw_n=$((tw_n - 1))
		sleep 0.05
	done
	return 0
}

# t_check NAME CONDITION-COMMAND...
t_check() {
	name=$1
	shift
	if "$@"; then t_ok "$name"; else t_fail "$name"; fi
}

# t_run EXPECTED-STATUS NAME CMD...: runs CMD, keeping stdout and stderr in
# $T_OUT and $T_ERR, and checks the exit status.
t_run() {
	want=$1
	name=$2
	shift 2
	"$@" >"$T_TMP/out" 2>"$T_TMP/err"
	got=$?
	T_OUT=$(cat "$T_TMP/out")
	T_ERR=$(cat "$T_TMP/err")
	if [ "$got" = "$want" ]; then
		t_ok "$name"
	else
		t_fail "$name" "exit $got, wanted $want
stdout: $T_OUT
stderr: $T_ERR"
	fi
}

# t_has NAME HAYSTACK NEEDLE
t_has() {
	case $2 in
	*"$3"*) t_ok "$1" ;;
	*) t_fail "$1" "expected to find: $3
in: $2" ;;
	esac
}

t_lacks() {
	case $2 in
	*"$3"*) t_fail "$1" "did not expect: $3
in: $2" ;;
	*) t_ok "$1" ;;
	esac
}

t_done() {
	echo "# $(basename "$0"): $T_PASS passed, $T_FAIL failed, $T_SKIP skipped"
	[ "$T_FAIL" = 0 ]
}
