#!/bin/sh
# A walk through the bundled course (content/steady) over simulated weeks,
# with a frozen clock: the baseline check-in opens lesson 1, its required
# goals prompt completes it, and every later core lesson opens only after
# about six days, its homework from the lesson before and a fresh check-in;
# lesson 7 needs its worry questionnaire and lesson 8 its setback plan; the
# end and 90-day follow-up check-ins fall due; the optional lessons are
# suggested by the check-in answers they are meant for and can be done.
# Progress is made with tests/tools/course_seed (as the screens would) and
# read back from `tend status --json`.
. "$(dirname "$0")/../lib.sh"

export TEND_SHARE_DIR="$TOP" TEND_SYSCONF_DIR="$T_TMP/etc"
D="$T_TMP/data"
P="$T_TMP/pass"
J="$T_TMP/status.json"
SEED="$TOP/${BUILD:-build}/tools/course_seed"
[ -x "$SEED" ] || SEED="$(dirname "$TEND")/tools/course_seed"
echo "a long test passphrase 4711" >"$P"

DAY=86400
T0=1793527200 # Sunday 1 November 2026, 10:00 UTC

if [ ! -x "$SEED" ]; then
	t_fail "steady: tests/tools/course_seed is built"
	t_done
	exit
fi

seed() { # seed NOW ACTION...
	now=$1
	shift
	TEND_NOW=$now "$SEED" --data-dir "$D" --content "$TOP/content/steady" \
		--passphrase-fd 3 "$@" 3<"$P" >/dev/null
}
assess() { # assess NOW ID ANSWERS
	TEND_NOW=$1 tend --data-dir "$D" --content "$TOP/content/steady" \
		assess "$2" --answers "$3" --passphrase-fd 3 3<"$P" >/dev/null
}
status() { # status NOW: the JSON overview in $J
	TEND_NOW=$1 tend --data-dir "$D" --content "$TOP/content/steady" \
		status --json --passphrase-fd 3 3<"$P" >"$J" 2>"$T_TMP/status.err"
}
# q NAME PYTHON-EXPRESSION: a check over the last status.  In scope: d (the
# JSON), state(id), due(kind) (the list of due steps of that kind), ids(kind)
# (their lesson or instrument or worksheet ids).
q() {
	t_check "steady: $1" python3 - "$J" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
L = {l["id"]: l for l in d["lessons"]}
def state(i): return L[i]["state"] if i in L else None
def due(k): return [s for s in d["due"] if s["kind"] == k]
KEY = {"checkin": "instrument", "homework": "worksheet"}
def ids(k): return [s.get(KEY.get(k, "lesson")) for s in due(k)]
ok = eval(sys.argv[2])
if not ok:
    print("#   status: " + json.dumps(d)[:1500])
sys.exit(0 if ok else 1)
PY
}

t_run 0 "steady: init" tend --data-dir "$D" init --kdf interactive \
	--passphrase-fd 3 3<"$P"
seed $T0 start
status $T0
q "the course is steady" "d['course']['id'] == 'steady' and d['course']['lessons_total'] == 8"
q "lesson 1 waits for the baseline" "state('welcome') == 'locked' and set(ids('checkin')) == {'phq9', 'gad7', 'phqpanic'}"

# Baseline: sleep (PHQ-9 item 3) and self-criticism (item 6) more than half
# the days, GAD-7 total 11 (no panic screen), and a yes to the PHQ panic
# question.  Three extra lessons would fit; one is suggested at a time.
assess $((T0 + 60)) phq9 2,2,2,1,1,2,1,1,0
assess $((T0 + 90)) gad7 2,2,2,1,1,1,2
status $((T0 + 95))
q "the panic question is part of the baseline" \
	"state('welcome') == 'locked' and ids('checkin') == ['phqpanic']"
assess $((T0 + 98)) phqpanic 1
status $((T0 + 100))
q "baseline opens lesson 1" "state('welcome') == 'open'"
q "one extra lesson is suggested at a time: sleep first" \
	"ids('suggestion') == ['better-sleep']"

seed $((T0 + 200)) open welcome end welcome
status $((T0 + 300))
q "lesson 1 needs its goals prompt" "state('welcome') == 'open'"
seed $((T0 + 400)) answer welcome goals "Go to the shop on my own."
status $((T0 + 500))
q "lesson 1 complete" "state('welcome') == 'done'"
status $((T0 + 5 * DAY))
q "lesson 2 is closed on day 5" "state('understanding') == 'locked'"

# Each later core lesson, with the homework the lesson before asks for:
# LESSON:ENTRIES MADE THE DAY AFTER:THE ONE LEFT FOR DAY 5.
done_at=$((T0 + 400))
prev=welcome
for step in \
	"understanding::" \
	"doing-what-matters:activity-log activity-log:activity-log" \
	"noticing-thoughts:activity-plan activity-plan:activity-plan" \
	"balancing-thoughts:thought-record:thought-record" \
	"facing-fears:thought-record behavioural-experiment:thought-record" \
	"worry-and-problems:exposure-ladder exposure-log exposure-log:exposure-log" \
	"staying-well:worry-log worry-log problem-solving:worry-log"; do
	l=${step%%:*}
	rest=${step#*:}
	before=${rest%%:*}
	last=${rest#*:}
	t=$((done_at + 6 * DAY))
	if [ -n "$last" ]; then
		set --
		for w in $before; do set -- "$@" entry "$w"; done
		[ $# -gt 0 ] && seed $((done_at + DAY)) "$@"
		status $((t - DAY))
		# Lesson 7 takes the exposure log or, on the low-mood
		# path of lesson 6, the activity plan.
		want="['$last']"
		[ "$l" = worry-and-problems ] && want="['$last', 'activity-plan']"
		q "$l: closed until the homework is done" \
			"state('$l') == 'locked' and ids('homework') == $want"
		seed $((t - DAY + 10)) entry "$last"
	fi
	case $l in
	understanding | facing-fears)
		status $((t - DAY + 20))
		q "$l: closed on day 5, homework or not" \
			"state('$l') == 'locked' and ids('homework') == []"
		;;
	esac
	status $((t + 30))
	q "$l: a check-in comes first" \
		"state('$l') == 'locked' and set(ids('checkin')) == {'phq9', 'gad7'}"
	assess $((t + 40)) phq9 1,1,1,1,1,1,1,1,0
	assess $((t + 50)) gad7 1,1,1,1,1,1,1
	status $((t + 60))
	q "$l: opens after the check-in" "state('$l') == 'open' and state('$prev') == 'done'"
	seed $((t + 70)) open "$l" end "$l"
	case $l in
	worry-and-problems)
		status $((t + 80))
		q "$l: needs the worry questionnaire" "state('$l') == 'open'"
		assess $((t + 90)) pswq 3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3
		seed $((t + 100)) end "$l"
		;;
	staying-well)
		status $((t + 80))
		q "$l: needs the setback plan" "state('$l') == 'open'"
		seed $((t + 100)) answer "$l" setback-plan "Signs: I stay in. Plan: call Joe."
		;;
	esac
	status $((t + 110))
	q "$l: complete" "state('$l') == 'done'"
	done_at=$((t + 100))
	prev=$l
done

status $((done_at + 60))
q "all eight lessons done" "d['course']['lessons_done'] == 8"
q "the end check-in is due, with the PSWQ of lesson 7 again" \
	"set(ids('checkin')) == {'phq9', 'gad7', 'pswq'}"
assess $((done_at + 120)) phq9 1,0,1,1,0,1,0,0,0
assess $((done_at + 180)) gad7 1,0,1,0,0,1,0
assess $((done_at + 240)) pswq 3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3
status $((done_at + 89 * DAY))
q "no check-in due on day 89" "ids('checkin') == []"
status $((done_at + 90 * DAY + 3600))
q "the follow-up check-in is due at 90 days" "set(ids('checkin')) == {'phq9', 'gad7'}"

# Optional lessons: taken up and completed, one suggestion at a time; the
# panic lesson comes from the panic question; the alcohol lesson needs its
# AUDIT-C, and an AUDIT-C total of 5 suggests it.
t=$((done_at + 3600))
seed $t take better-sleep open better-sleep
status $((t + 5))
q "no other suggestion while an extra lesson is open" "ids('suggestion') == []"
seed $((t + 6)) end better-sleep
status $((t + 10))
q "the sleep lesson can be done" "state('better-sleep') == 'done'"
q "then the panic lesson, from the panic question" \
	"ids('suggestion') == ['body-sensations']"
seed $((t + 12)) decline body-sensations
status $((t + 14))
# Kindness no longer fits: the latest PHQ-9 has item 6 at 1.
q "declined, and nothing else fits now" "ids('suggestion') == []"
q "the alcohol lesson is not suggested without an AUDIT-C" \
	"'alcohol-and-mood' not in ids('suggestion')"
assess $((t + 20)) auditc 2,2,1
status $((t + 30))
q "an AUDIT-C of 5 suggests the alcohol lesson" "ids('suggestion') == ['alcohol-and-mood']"
seed $((t + 40)) take alcohol-and-mood open alcohol-and-mood end alcohol-and-mood
status $((t + 50))
q "the alcohol lesson waits for its AUDIT-C" "state('alcohol-and-mood') == 'open'"
assess $((t + 60)) auditc 2,2,1
seed $((t + 70)) end alcohol-and-mood
status $((t + 80))
q "the alcohol lesson is done with its AUDIT-C" "state('alcohol-and-mood') == 'done'"

t_done
