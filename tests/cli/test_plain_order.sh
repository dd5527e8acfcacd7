#!/bin/sh
# Plain mode is the same course as the full screen: walking lessons 1 to 8
# of the bundled course, every exercise is asked exactly where the lesson
# puts it.  The full screen's order is the layout's (`tend render` at the
# same width: the same display list the reader shows); for each lesson the
# lines of text and the exercises between them must come in the same order
# in the plain transcript.  The course is brought to its end first (as
# tests/cli/test_steady_course.sh does, with tests/tools/course_seed), so
# every lesson can be read again.
. "$(dirname "$0")/../lib.sh"

export TEND_SHARE_DIR="$TOP" TEND_SYSCONF_DIR="$T_TMP/etc" COLUMNS=80
C="$TOP/content/steady"
D="$T_TMP/data"
P="$T_TMP/pass"
SEED="$TOP/${BUILD:-build}/tools/course_seed"
[ -x "$SEED" ] || SEED="$(dirname "$TEND")/tools/course_seed"
echo "a long test passphrase 4711" >"$P"
DAY=86400
T0=1793527200 # Sunday 1 November 2026, 10:00 UTC

if [ ! -x "$SEED" ]; then
	t_fail "plain order: tests/tools/course_seed is built"
	t_done
	exit
fi

seed() { # seed NOW ACTION...
	now=$1
	shift
	TEND_NOW=$now "$SEED" --data-dir "$D" --content "$C" \
		--passphrase-fd 3 "$@" 3<"$P" >/dev/null
}
assess() { # assess NOW ID ANSWERS
	TEND_NOW=$1 tend --data-dir "$D" --content "$C" assess "$2" \
		--answers "$3" --passphrase-fd 3 3<"$P" >/dev/null
}

t_run 0 "init" tend --data-dir "$D" init --kdf interactive \
	--passphrase-fd 3 3<"$P"
seed $T0 start
assess $((T0 + 60)) phq9 1,1,1,1,1,1,1,1,0
assess $((T0 + 90)) gad7 1,1,1,1,1,1,1
assess $((T0 + 95)) phqpanic 0
seed $((T0 + 200)) open welcome end welcome \
	answer welcome goals "Go to the shop on my own."
done_at=$((T0 + 400))
for step in \
	"understanding:" \
	"doing-what-matters:activity-log activity-log activity-log" \
	"noticing-thoughts:activity-plan activity-plan activity-plan" \
	"balancing-thoughts:thought-record thought-record" \
	"facing-fears:thought-record behavioural-experiment thought-record" \
	"worry-and-problems:exposure-ladder exposure-log exposure-log exposure-log" \
	"staying-well:worry-log worry-log problem-solving worry-log"; do
	l=${step%%:*}
	t=$((done_at + 6 * DAY))
	set --
	for w in ${step#*:}; do set -- "$@" entry "$w"; done
	[ $# -gt 0 ] && seed $((done_at + DAY)) "$@"
	assess $((t + 40)) phq9 1,1,1,1,1,1,1,1,0
	assess $((t + 50)) gad7 1,1,1,1,1,1,1
	seed $((t + 70)) open "$l" end "$l"
	case $l in
	worry-and-problems)
		assess $((t + 90)) pswq 3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3
		seed $((t + 100)) end "$l"
		;;
	staying-well)
		seed $((t + 100)) answer "$l" setback-plan "Call Joe."
		;;
	esac
	done_at=$((t + 100))
done
TEND_NOW=$((done_at + 60)) tend --data-dir "$D" --content "$C" status \
	--json --passphrase-fd 3 3<"$P" >"$T_TMP/status.json"
t_check "the course is done: every lesson can be read again" python3 -c "
import json
d = json.load(open('$T_TMP/status.json'))
assert d['course']['lessons_done'] == 8, d['course']"

# Every lesson in plain mode; Enter answers every exercise (it skips a
# question, keeps an answer, says no to a worksheet or a check-in).
{
	for n in 1 2 3 4 5 6 7 8; do
		echo "read $n"
		i=0
		while [ $i -lt 30 ]; do
			echo
			i=$((i + 1))
		done
	done
	echo quit
} >"$T_TMP/in"
TEND_NOW=$((done_at + 60)) "$TEND" --plain --data-dir "$D" --content "$C" \
	--passphrase-fd 3 3<"$P" <"$T_TMP/in" >"$T_TMP/plain" 2>&1
t_check "plain mode read all eight lessons" \
	test "$(grep -c '^> read [1-8]$' "$T_TMP/plain")" = 8

n=0
for f in "$C"/0[1-8]-*.md; do
	n=$((n + 1))
	tend render --plain --width 80 "$f" >"$T_TMP/render.$n"
	t_check "lesson $n: exercises where the full screen has them" \
		python3 - "$T_TMP/render.$n" "$T_TMP/plain" "$n" <<'PY'
import re, sys

render = open(sys.argv[1]).read().split("\n")
plain = open(sys.argv[2]).read().split("\n")
n = sys.argv[3]

LABELS = ("[Question]", "[Worksheet]", "[Questionnaire]", "[Practice plan]",
          "[Exercise]")
MARKS = ("Your answer", "There is a check-in here", "Fill in a ",
         "Your plan (")
RULE = re.compile(r"^[\u2550\u2500=\-]+$")

# The full screen's order: lines of text ('T', line) and exercises ('X',).
want, k = [], 0
while k < len(render):
    line = render[k]
    body = line.lstrip(" \u2502|\u2022*")
    if body.startswith(LABELS):
        want.append(("X",))
        while k < len(render) and render[k].strip():
            k += 1  # the placeholder's wrapped lines
        continue
    nxt = render[k + 1] if k + 1 < len(render) else ""
    if line.strip() and not RULE.match(line.strip()) and \
            not RULE.match(nxt.strip() or "x") and not line.startswith("["):
        want.append(("T", line))
    k += 1
    if line == "" and k < len(render) and render[k].startswith("[1] "):
        break  # the link targets

# The plain transcript of this lesson: from "> read n" to the next prompt
# that reads another lesson or quits.
start = plain.index("> read " + n)
end = next(i for i in range(start + 1, len(plain))
           if plain[i].startswith("> read ") or plain[i] == "> quit")
got, texts = [], [w[1] for w in want if w[0] == "T"]
j = 0
for line in plain[start + 1:end]:
    if line.startswith(MARKS):
        got.append(("X",))
    elif j < len(texts) and (line == texts[j] or
                             re.sub(r"^\d+(\.\d+)?\.? ", "", line) == texts[j]):
        # (a heading is a numbered line in plain mode)
        got.append(("T", texts[j]))
        j += 1
if got != want:
    for a, b in zip(got, want):
        if a != b:
            print("#   first difference: plain %r, full screen %r" % (a, b))
            break
    print("#   plain has %d items, the full screen %d" % (len(got), len(want)))
    sys.exit(1)
if not any(w[0] == "X" for w in want):
    print("#   lesson %s has no exercises: the test proves nothing" % n)
    sys.exit(1)
PY
done
t_done
