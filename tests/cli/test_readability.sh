#!/bin/sh
# Readability of the bundled course: every lesson's visible text must stay at
# Flesch-Kincaid grade 8 or below (the course is written for about a
# 12-year-old's reading level), and every core lesson must be 1,200-2,500
# words.  The measuring is done by tests/tools/readability.py, which strips
# the front matter, the interactive blocks and the Markdown syntax first.
# Each lesson is also measured as the reader lays it out (`tend render
# --plain`), and both measures must pass.
. "$(dirname "$0")/../lib.sh"

COURSE=$TOP/content/steady
TOOL=$TOP/tests/tools/readability.py

if ! command -v python3 >/dev/null 2>&1; then
	t_fail "readability: python3 is needed to measure lessons"
	t_done
	exit
fi

t_run 0 "readability: tool self-test" python3 "$TOOL" --selftest

# The tool must fail hard text, so a pass below means something.
cat >"$T_TMP/hard.md" <<'HARD'
---
id: hard
---
# Considerations

Notwithstanding considerable methodological heterogeneity, investigators
characterised the intervention's effectiveness as substantially dependent upon
participants' organisational capabilities and motivational predispositions.
HARD
t_run 1 "readability: a hard text is above grade 8" \
	python3 "$TOOL" --max-grade 8 "$T_TMP/hard.md"

# Core lessons are the entries of the "lessons:" list in course.yaml.
core=$(sed -n '/^lessons:/,/^[a-z]/s/^  *- *\([A-Za-z0-9._-]*\.md\).*/\1/p' \
	"$COURSE/course.yaml" 2>/dev/null)
t_check "readability: course.yaml lists core lessons" test -n "$core"

# The rendered measure needs a renderer that works: if it fails, that is
# a failure here, not a quiet fallback to the source text alone.
use_render=no
first=$(ls "$COURSE"/*.md 2>/dev/null | head -n 1)
t_run 0 "readability: tend render --plain works" \
	tend render --plain --width 80 "$first"
[ -n "$first" ] && [ -n "$T_OUT" ] && use_render=yes

n=0
for f in "$COURSE"/*.md; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	base=$(basename "$f")
	limits=""
	for c in $core; do
		[ "$c" = "$base" ] && limits="--min-words 1200 --max-words 2500"
	done
	# shellcheck disable=SC2086
	out=$(python3 "$TOOL" --max-grade 8 $limits "$f" 2>&1)
	st=$?
	line=$(printf '%s\n' "$out" | sed "s|^$COURSE/||")
	if [ "$use_render" = yes ]; then
		# shellcheck disable=SC2086
		rout=$(python3 "$TOOL" --tend "$TEND" --max-grade 8 $limits "$f" 2>&1)
		rst=$?
		[ "$rst" = 0 ] || st=$rst
		line="$line; rendered: $(printf '%s\n' "$rout" | sed "s|^$COURSE/[^ ]* ||")"
	fi
	if [ "$st" = 0 ]; then
		t_ok "readability: $line"
	else
		t_fail "readability: $line"
	fi
done
t_check "readability: the course has lessons" test "$n" -gt 0

# What a score means and the next step (the instruments' advice, shown
# after a check-in) is read by the same people: grade 8 or below too.
python3 - "$TOP/data/instruments" >"$T_TMP/advice.md" <<'PY'
import glob, re, sys
print("---\nid: advice\n---\n")
for f in sorted(glob.glob(sys.argv[1] + "/*.yaml")):
    text = open(f, encoding="utf-8").read()
    for m in re.finditer(r'^(\s*)advice:\s*$', text, re.M):
        block = text[m.end():]
        for t in re.finditer(r'^\s+text: "((?:[^"\\]|\\.)*)"', block, re.M):
            if re.search(r'^\S|^\s{0,%d}\S' % len(m.group(1)),
                         block[:t.start()], re.M):
                break
            print(t.group(1).replace("\\n", "\n\n").replace('\\"', '"') + "\n")
PY
t_check "readability: the advice texts are found" grep -q "safety point" \
	"$T_TMP/advice.md"
t_run 0 "readability: the instruments' advice is grade 8 or below" \
	python3 "$TOOL" --max-grade 8 "$T_TMP/advice.md"

t_done
