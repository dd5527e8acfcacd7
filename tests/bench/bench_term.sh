#!/bin/sh
# Terminal output of the lesson reader, side by side with less -R on the
# same text (docs/performance.md, B4, B5, B8 and B11):
#   - bytes per page-down and per line-down at 80x24 and 200x60, recorded
#     through a pty (tests/tools/ptyrec), and page-down bytes per byte of
#     text visible on the resulting screen (the screen read back from tmux
#     after the same keys);
#   - write() calls per screen update (strace);
#   - five page-downs typed at once on a 9600-baud link (960 B/s, ptyrec
#     -b) against one page-down.
# The lesson is the bundled course's lessons joined (about 100 KB), front
# matter removed; less gets `tend render --plain` of it at the reader's
# width, so both show the same words.
#   sh tests/bench/bench_term.sh    (or BENCH_ONLY=term make bench)
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-build}
TEND=$TOP/$BUILD/tend
PTYREC=$TOP/$BUILD/tools/ptyrec
for need in tmux less strace awk; do
	command -v $need >/dev/null || { echo "bench_term: needs $need"; exit 1; }
done
[ -x "$PTYREC" ] || { echo "bench_term: build first ($PTYREC)"; exit 1; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tend-bench.XXXXXX")
SOCK=tend-bench-$$
trap 'tmux -L $SOCK kill-server 2>/dev/null; rm -rf "$TMP"' EXIT
export LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color TZ=UTC
export TEND_SHARE_DIR="$TOP"
unset NO_COLOR

LESSON=$TMP/lesson.md
for f in "$TOP"/content/*/[0-9]*.md; do
	awk 'NR == 1 && $0 == "---" { fm = 1; next }
	     fm && ($0 == "---" || $0 == "...") { fm = 0; next }
	     !fm { print }' "$f"
	echo
done >"$LESSON"
NPG=10

# run_tmux COLS ROWS OUT CMD...: the visible text (bytes, rows
# right-stripped, newlines not counted) after each page-down, one a line.
visible() {
	cols=$1 rows=$2 out=$3
	shift 3
	tmux -L $SOCK -f /dev/null new-session -d -s v -x "$cols" -y "$rows" \
		-e LANG=C.UTF-8 -e LC_ALL=C.UTF-8 -e TEND_SHARE_DIR="$TOP" "$@"
	sleep 0.5
	: >"$out"
	i=0
	while [ $i -lt $NPG ]; do
		tmux -L $SOCK send-keys -t v NPage
		sleep 0.3
		tmux -L $SOCK capture-pane -p -t v |
			awk '{ sub(/[ ]+$/, ""); n += length($0) } END { print n }' >>"$out"
		i=$((i + 1))
	done
	tmux -L $SOCK kill-session -t v 2>/dev/null
}

# rec NAME COLS ROWS CMD...: bytes and writes per step.
rec() {
	name=$1 cols=$2 rows=$3
	shift 3
	keys="PGDN*$NPG DOWN*$NPG Q"
	"$PTYREC" -s "${cols}x$rows" -k "$keys" -w "$TMP/$name.st" -- \
		strace -qq -ttt -e trace=write -o "$TMP/$name.st" "$@" \
		>"$TMP/$name.rec" 2>/dev/null
}

# summary NAME VISFILE: page-down mean/median bytes, bytes per visible
# byte, line-down mean/max bytes, writes per update (mean, max).
summary() {
	awk -v vis="$2" -v name="$1" -v n="$NPG" '
	BEGIN { while ((getline v < vis) > 0) { vs += v; nv++ } }
	/^[0-9]/ && $2 == "PGDN" { pb[++np] = $3; ps += $3; pw += $5; if ($5 > pwm) pwm = $5 }
	/^[0-9]/ && $2 == "DOWN" { lb[++nl] = $3; ls += $3; if ($3 > lm) lm = $3; lw += $5; if ($5 > lwm) lwm = $5 }
	/^[0-9]/ && $2 == "start" { start = $3; sw = $5 }
	function median(a, k,   i, j, t) {
		for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++)
			if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
		return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
	}
	END {
		printf "%-22s start %5d B (%d writes) | page-down %5.0f B mean, %5.0f median, %.2f B per visible B, %.1f writes (max %d) | line-down %4.0f B mean, %4d max, %.1f writes (max %d)\n",
			name, start, sw, ps / np, median(pb, np), (ps / np) / (vs / nv),
			pw / np, pwm, ls / nl, lm, lw / nl, lwm
		printf "%s %d %.0f %.0f %.2f\n", name, start, ps / np, ls / nl,
			(ps / np) / (vs / nv) >> sums
	}' sums="$TMP/sums" "$TMP/$1.rec"
}

# row SIZE: make bench's table rows (tests/bench/run.sh), tend beside
# less -R at one size.
row() {
	awk -v size="$1" '
	{ v[$1, "start"] = $2; v[$1, "pg"] = $3; v[$1, "line"] = $4; v[$1, "vis"] = $5 }
	END {
		t = "tend-" size; l = "less-" size
		printf "ROW|first screen of a lesson at %s: bytes|%d|less -R|%d|B|<= 1x\n", size, v[t, "start"], v[l, "start"]
		printf "ROW|page-down at %s: bytes|%d|less -R|%d|B|\n", size, v[t, "pg"], v[l, "pg"]
		printf "ROW|page-down at %s: bytes per visible byte|%.2f|less -R|%.2f||\n", size, v[t, "vis"], v[l, "vis"]
		printf "ROW|line-down at %s: bytes|%d|less -R|%d|B|\n", size, v[t, "line"], v[l, "line"]
	}' "$TMP/sums"
}

for size in 80x24 200x60; do
	cols=${size%x*}
	rows=${size#*x}
	width=$((cols - 2))
	[ $width -gt 100 ] && width=100
	"$TEND" render --plain --width $width "$LESSON" >"$TMP/lesson.txt"
	rec tend-$size "$cols" "$rows" env TEND_LESSON="$LESSON" "$TEND"
	rec tend-mono-$size "$cols" "$rows" env TEND_LESSON="$LESSON" \
		"$TEND" --no-color
	rec less-$size "$cols" "$rows" less -R "$TMP/lesson.txt"
	visible "$cols" "$rows" "$TMP/vis-tend-$size" env TEND_LESSON="$LESSON" "$TEND"
	visible "$cols" "$rows" "$TMP/vis-less-$size" less -R "$TMP/lesson.txt"
	echo "# $size, TERM=$TERM, $(wc -c <"$LESSON") byte lesson"
	summary tend-$size "$TMP/vis-tend-$size"
	summary tend-mono-$size "$TMP/vis-tend-$size"
	summary less-$size "$TMP/vis-less-$size"
	row "$size"
done

# Slow link: 960 B/s.  One page-down, then five typed at once; the time
# is until the last byte of the step has crossed the link.
echo "# 9600 baud (960 B/s), 80x24: time until the screen is complete"
for prog in tend less; do
	if [ $prog = tend ]; then
		set -- env TEND_LESSON="$LESSON" "$TEND"
	else
		"$TEND" render --plain --width 78 "$LESSON" >"$TMP/lesson.txt"
		set -- less -R "$TMP/lesson.txt"
	fi
	"$PTYREC" -s 80x24 -b 960 -S 300 -k 'PGDN' -- "$@" >"$TMP/one.rec"
	"$PTYREC" -s 80x24 -b 960 -S 300 -k 'PGDN^5' -- "$@" >"$TMP/five.rec"
	one=$(awk '$1 == 1 { print $4 " ms, " $3 " B" }' "$TMP/one.rec")
	five=$(awk '$1 == 1 { print $4 " ms, " $3 " B" }' "$TMP/five.rec")
	ratio=$(awk -v a="$one" -v b="$five" 'BEGIN { split(a, x, " "); split(b, y, " "); printf "%.2f", y[1] / x[1] }')
	printf '%-6s one page-down %s | five at once %s | ratio %s\n' \
		$prog "$one" "$five" "$ratio"
done
