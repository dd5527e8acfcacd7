#!/bin/sh
# The HTML report in a real browser: headless Chromium (Debian's chromium
# package, driven through tests/tools/browser_probe.py on a pipe: no
# network, a fresh profile) prints it to PDF and renders it at a phone's
# width.  The PDF is A4 and holds the report's text (pdftotext, from
# poppler-utils); at 375 CSS pixels and at the printed width nothing runs
# off the side, even a 300-character word.  Without chromium or poppler
# the suite is skipped with its reason.
. "$(dirname "$0")/../lib.sh"

CHROMIUM=${TEND_CHROMIUM:-}
if [ -z "$CHROMIUM" ]; then
	# The real binary: Debian's /usr/bin/chromium is a shell wrapper.
	for c in /usr/lib/chromium/chromium /usr/lib/chromium-browser/chromium-browser; do
		[ -x "$c" ] && CHROMIUM=$c && break
	done
fi
[ -n "$CHROMIUM" ] || t_skip_all "chromium is not installed (apt-get install chromium)"
command -v pdftotext >/dev/null && command -v pdfinfo >/dev/null ||
	t_skip_all "pdftotext and pdfinfo are not installed (apt-get install poppler-utils)"

SEED="$(dirname "$TEND")/tools/course_seed"
PROBE="$TOP/tests/tools/browser_probe.py"
D="$T_TMP/data"
P="$T_TMP/pass"
echo 'a long and careful passphrase' >"$P"
pt() { tend --data-dir "$D" --passphrase-fd 3 "$@" 3<"$P"; }
LONG=$(python3 -c "print('x' * 300)")

export TEND_NOW=1790000000
pt init --kdf interactive >/dev/null 2>&1
"$SEED" --data-dir "$D" --passphrase-fd 3 start 3<"$P" >/dev/null
pt assess phq9 --answers 2,2,2,2,1,2,1,1,1 >/dev/null 2>&1
pt assess gad7 --answers 2,2,2,1,1,1,2 >/dev/null 2>&1
pt assess phqpanic --answers 0 >/dev/null 2>&1
"$SEED" --data-dir "$D" --passphrase-fd 3 open welcome \
	answer welcome goals "Walk every day. $LONG" entry thought-record 3<"$P" >/dev/null
export TEND_NOW=$((TEND_NOW + 14 * 86400))
pt assess phq9 --answers 1,1,1,1,0,1,0,0,0 >/dev/null 2>&1
pt assess gad7 --answers 1,1,0,1,0,0,1 >/dev/null 2>&1

t_run 0 "html export" pt export --format html -o "$T_TMP/report.html"
OUT="$T_TMP/browser"
t_run 0 "chromium renders the report" timeout 120 python3 "$PROBE" "$CHROMIUM" "$T_TMP/report.html" "$OUT"
printf '%s\n' "$T_OUT" >"$T_TMP/probe.json"
t_check "at a phone's width (375 px) nothing runs off the side" python3 -c "
import json
p=json.load(open('$T_TMP/probe.json'))
assert p['viewport']==375 and p['innerWidth']==375, p
assert p['scrollWidth']<=p['viewport'], p
"
t_check "at the printed width nothing runs off the side" python3 -c "
import json
p=json.load(open('$T_TMP/probe.json'))
assert p['print_scrollWidth']<=p['print_width'], p
"
# The probe can see an overflow: a page with a fixed 900 px box.
printf '<!DOCTYPE html><meta name="viewport" content="width=device-width"><div style="width:900px">wide</div>\n' >"$T_TMP/wide.html"
t_run 0 "chromium renders a page that is too wide" timeout 120 python3 "$PROBE" "$CHROMIUM" "$T_TMP/wide.html" "$T_TMP/wide"
printf '%s\n' "$T_OUT" >"$T_TMP/wide.json"
t_check "... and the probe sees it run off the side" python3 -c "
import json
p=json.load(open('$T_TMP/wide.json'))
assert p['scrollWidth']>p['viewport'] and p['print_scrollWidth']>p['print_width'], p
"
t_check "a phone screenshot was made" test -s "$OUT/phone.png"
t_run 0 "the PDF is a PDF" pdfinfo "$OUT/a4.pdf"
size=$(printf '%s\n' "$T_OUT" | sed -n 's/^Page size: *//p')
pages=$(printf '%s\n' "$T_OUT" | sed -n 's/^Pages: *//p')
t_has "the PDF is A4" "$size" "(A4)"
t_check "on a few pages (1-8): $pages" test "$pages" -ge 1 -a "$pages" -le 8
pdftotext -layout "$OUT/a4.pdf" "$T_TMP/a4.txt"
TXT=$(cat "$T_TMP/a4.txt")
t_has "the printed text: the title" "$TXT" "Progress report"
t_has "... the questionnaires by name" "$TXT" "PHQ-9: Patient Health Questionnaire"
t_has "... reliable change and recovery" "$TXT" "reliable improvement"
t_has "... the risk answer with its date" "$TXT" "Risk answer"
t_has "... the item answers" "$TXT" "Thoughts that you would be better off dead"
t_has "... lesson titles, not ids" "$TXT" "Welcome"
t_has "... the answers in lessons" "$TXT" "Walk every day."
t_lacks "... no ids for lessons and prompts" "$TXT" "welcome / goals"

t_done
