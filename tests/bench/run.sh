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
	# plus the longest lesson of the bundled course, a real one
	real=$(ls -S "$TOP"/content/*/*.md 2>/dev/null | head -1)
	"$TOP/$BUILD/bench/bench_layout" "$TOP/$BUILD/tend" \
		"$TOP/$BUILD/bench/lessons" "$RUNS" $real || st=1
	echo
fi

# Lessons: loading the course at start-up (every lesson read and parsed
# once), opening a lesson (its layout) and opening an exercise.
if want lesson; then
	echo "== lessons (tests/bench/bench_lesson.c)"
	"$TOP/$BUILD/bench/bench_lesson" "$TOP" $((RUNS * 20)) || st=1
	echo
fi

# Vault: unlock time at the calibrated and interactive KDF cost; save
# latency at 100 KB, 1 MB and 20 MB.  On the disk ($TMPDIR), then on tmpfs
# (/dev/shm), where fsync costs nothing: that run is the save cost apart
# from fsync (target: 1 MB under 15 ms).
if want vault; then
	echo "== vault, disk (tests/bench/bench_vault.c)"
	"$TOP/$BUILD/bench/bench_vault" || st=1
	if [ -d /dev/shm ] && [ -w /dev/shm ]; then
		echo "== vault, tmpfs: apart from fsync"
		"$TOP/$BUILD/bench/bench_vault" /dev/shm || st=1
	fi
	echo
fi

# Reminders: `tend remind --login` runs from ~/.profile at every login and
# must cost milliseconds: not a terminal, already reminded today, and the
# day's line (which saves remind.state), beside /bin/true.
if want remind; then
	echo "== remind --login latency (tests/bench/bench_remind.c)"
	"$TOP/$BUILD/bench/bench_remind" "$TOP/$BUILD/tend" $((RUNS * 5)) || st=1
	echo
fi

# Pastes: 1 MB into a 2,000-character field, the editor alone and the
# worksheet form on a pty (CPU time of the whole program, beside one word).
if want paste; then
	echo "== paste (tests/bench/bench_paste.c)"
	TEND_SHARE_DIR="$TOP" "$TOP/$BUILD/bench/bench_paste" "$TOP/$BUILD" 1 || st=1
	echo
fi

# B4, B5, B8, B11: terminal output of the lesson reader beside less -R:
# bytes per page-down and line-down at 80x24 and 200x60 through a pty,
# bytes per visible byte, write() calls per update, and five page-downs
# typed at once on a 9600-baud link against one.
if want term; then
	echo "== terminal output (tests/bench/bench_term.sh)"
	TOP="$TOP" BUILD="$BUILD" sh "$TOP/tests/bench/bench_term.sh" || st=1
	echo
fi

# Exports: `tend export` (JSON, CSV, FHIR, written as they are read) at
# 5,000 and 50,000 worksheet entries, beside `sqlite3 -json` on the same
# tables and beside opening the vault alone: time and peak memory.
if want export; then
	echo "== export (tests/bench/bench_export.sh)"
	for n in 5000 50000; do
		sh "$TOP/tests/bench/bench_export.sh" "$BUILD" $n 3 || st=1
	done
	echo
fi

exit $st
