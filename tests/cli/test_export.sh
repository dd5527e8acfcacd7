#!/bin/sh
# tend export: every format is well formed, holds what was recorded, and a
# sealed export opens only with the matching key.
. "$(dirname "$0")/../lib.sh"

D="$T_TMP/data"
P="$T_TMP/pass"
echo 'a long and careful passphrase' >"$P"
tend init --kdf interactive --data-dir "$D" --passphrase-fd 3 3<"$P" >/dev/null 2>&1
export TEND_NOW=1790000000
tend assess gad7 --answers 2,2,1,1,0,1,2 --data-dir "$D" --passphrase-fd 3 3<"$P" >/dev/null 2>&1
ex() { tend export --data-dir "$D" --passphrase-fd 3 "$@" 3<"$P"; }

t_run 2 "--format is required" ex
t_run 2 "unknown format refused" ex --format docx
t_has "the formats are named" "$T_ERR" "md, html, csv, json or fhir"

t_run 0 "json export" ex --format json
printf '%s' "$T_OUT" >"$T_TMP/e.json"
t_check "json is valid" python3 -c "
import json,sys
d=json.load(open('$T_TMP/e.json'))
a=d['tables']['assessments']
assert len(a)==1 and a[0]['instrument']=='gad7' and a[0]['total']==9, a
assert len(d['tables']['assessment_items'])==7
"

t_run 0 "csv export" ex --format csv
printf '%s' "$T_OUT" >"$T_TMP/e.csv"
t_check "csv parses, CRLF, total row" python3 -c "
import csv
raw=open('$T_TMP/e.csv','rb').read()
assert b'\r\n' in raw
rows=list(csv.reader(open('$T_TMP/e.csv', newline='')))
assert rows[0]==['kind','id','time','name','field','row','value'], rows[0]
assert ['assessment','1'] == rows[1][:2] and rows[1][4:]==['total','0','9'], rows[1]
"

t_run 0 "fhir export" ex --format fhir
printf '%s' "$T_OUT" >"$T_TMP/e.fhir"
t_check "fhir bundle: response and coded observation" python3 -c "
import json,re
b=json.load(open('$T_TMP/e.fhir'))
assert b['resourceType']=='Bundle' and b['type']=='collection'
kinds=[e['resource']['resourceType'] for e in b['entry']]
assert kinds==['Patient','QuestionnaireResponse','Observation'], kinds
for e in b['entry']:
    assert re.fullmatch(r'urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}', e['fullUrl'])
o=b['entry'][2]['resource']
assert o['valueInteger']==9
assert o['code']['coding'][0]['system']=='http://loinc.org'
assert len(b['entry'][1]['resource']['item'])==7
"

CHECK="$TOP/tests/tools/fhir_r4_check.py"
t_run 0 "the bundle keeps the R4 rules it uses" python3 "$CHECK" "$T_TMP/e.fhir"
t_check "every response names its questionnaire and subject" python3 -c "
import json
b=json.load(open('$T_TMP/e.fhir'))
qr=[e['resource'] for e in b['entry'] if e['resource']['resourceType']=='QuestionnaireResponse']
assert qr and all(r['questionnaire'] and r['subject']['reference'].startswith('urn:uuid:') for r in qr)
obs=[e['resource'] for e in b['entry'] if e['resource']['resourceType']=='Observation']
assert all(o['category'][0]['coding'][0]['code']=='survey' for o in obs)
"
# A second vault: its bundle shares no fullUrl with the first.
D2="$T_TMP/data2"
tend init --kdf interactive --data-dir "$D2" --passphrase-fd 3 3<"$P" >/dev/null 2>&1
tend assess gad7 --answers 2,2,1,1,0,1,2 --data-dir "$D2" --passphrase-fd 3 3<"$P" >/dev/null 2>&1
tend export --format fhir --data-dir "$D2" --passphrase-fd 3 3<"$P" >"$T_TMP/e2.fhir"
t_run 0 "two vaults' bundles share no fullUrl" python3 "$CHECK" "$T_TMP/e.fhir" "$T_TMP/e2.fhir"
ex --format fhir >"$T_TMP/e3.fhir"
t_run 0 "two exports of one vault share no fullUrl" python3 "$CHECK" "$T_TMP/e.fhir" "$T_TMP/e3.fhir"
t_check "... but name the same pseudonymous subject" python3 -c "
import json
s=lambda p: [e['resource']['identifier'][0]['value'] for e in json.load(open(p))['entry'] if e['resource']['resourceType']=='Patient']
assert s('$T_TMP/e.fhir')==s('$T_TMP/e3.fhir') and s('$T_TMP/e.fhir')!=s('$T_TMP/e2.fhir')
"
# The checker can fail: a repeated fullUrl, a response without status.
python3 -c "
import json
b=json.load(open('$T_TMP/e.fhir'))
b['entry'][2]['fullUrl']=b['entry'][1]['fullUrl']
del b['entry'][1]['resource']['status']
json.dump(b, open('$T_TMP/bad.fhir','w'))
"
t_run 1 "the checker refuses a broken bundle" python3 "$CHECK" "$T_TMP/bad.fhir"
t_has "... a repeated fullUrl" "$T_OUT" "bdl-7"
t_has "... a response without status" "$T_OUT" "status is required"

t_run 0 "markdown export" ex --format md
t_has "markdown names the questionnaire" "$T_OUT" "GAD-7"
t_has "markdown shows item answers" "$T_OUT" "1. Feeling nervous, anxious or on edge:** More than half the days (2)"
t_has "markdown has the scores as a table" "$T_OUT" "| Date | Score | Band |"
t_has "markdown warns it is not encrypted" "$T_OUT" "not encrypted"
t_run 0 "html export" ex --format html
t_has "html is a page" "$T_OUT" "<!DOCTYPE html>"
t_lacks "html loads nothing from outside" "$T_OUT" "src="

# Sealed to a key: only the secret key opens it.
t_run 0 "keygen" tend export --keygen "$T_TMP/clinic.key"
printf '%s\n' "$T_OUT" >"$T_TMP/clinic.pub"
t_check "secret key file is private" test "$(stat -c %a "$T_TMP/clinic.key")" = 600
t_run 1 "keygen refuses to overwrite" tend export --keygen "$T_TMP/clinic.key"
t_run 0 "sealed export" ex --format json --to "$T_TMP/clinic.pub" -o "$T_TMP/sealed"
t_check "sealed file holds no plaintext" sh -c "! grep -q gad7 '$T_TMP/sealed'"
t_run 0 "open with the secret key" tend export --open "$T_TMP/clinic.key" "$T_TMP/sealed"
t_has "opened export is the json" "$T_OUT" '"instrument": "gad7"'
tend export --keygen "$T_TMP/other.key" >/dev/null 2>&1
t_run 4 "another key cannot open it" tend export --open "$T_TMP/other.key" "$T_TMP/sealed"
printf 'zz\n' >"$T_TMP/bad.pub"
t_run 1 "a bad key file is refused" ex --format json --to "$T_TMP/bad.pub" -o "$T_TMP/x"
t_check "nothing written with a bad key" test ! -e "$T_TMP/x"

t_run 0 "export to a file" ex --format csv -o "$T_TMP/out.csv"
t_check "export file is private" test "$(stat -c %a "$T_TMP/out.csv")" = 600
t_has "warned that the file is not encrypted" "$T_ERR" "not encrypted"
t_run 3 "wrong passphrase: exit 3" sh -c "echo wrong | '$TEND' export --format json --data-dir '$D' --passphrase-fd 0"

# Labels, not ids, and the risk answer at the top of every human report.
t_has "no risk answers: said so" "$(ex --format md)" "**Risk answers:** none"
D3="$T_TMP/data3"
SEED="$(dirname "$TEND")/tools/course_seed"
tend init --kdf interactive --data-dir "$D3" --passphrase-fd 3 3<"$P" >/dev/null 2>&1
"$SEED" --data-dir "$D3" --passphrase-fd 3 start 3<"$P" >/dev/null
# (the first check-in opens the lessons)
tend assess phq9 --answers 2,2,2,2,1,2,1,1,2 --data-dir "$D3" --passphrase-fd 3 3<"$P" >/dev/null 2>&1
tend assess gad7 --answers 1,1,1,1,1,1,1 --data-dir "$D3" --passphrase-fd 3 3<"$P" >/dev/null 2>&1
tend assess phqpanic --answers 0 --data-dir "$D3" --passphrase-fd 3 3<"$P" >/dev/null 2>&1
"$SEED" --data-dir "$D3" --passphrase-fd 3 open welcome \
	answer welcome goals "Walk every day." entry thought-record 3<"$P" >/dev/null
ex3() { tend export --data-dir "$D3" --passphrase-fd 3 "$@" 3<"$P"; }
t_run 0 "markdown export with a risk answer" ex3 --format md
t_has "the risk answer comes first, with its date and answer" "$(printf '%s\n' "$T_OUT" | sed -n '/^## Overview/,/^- \*\*Course/p')" \
	"**Risk answers: 1, on 2026-09-21"
t_has "... the question and the answer" "$T_OUT" "Thoughts that you would be better off dead or of hurting yourself in some way: More than half the days)**"
t_has "... and the item marked in the answers" "$T_OUT" "More than half the days (2) - risk answer"
t_has "lesson titles, not ids" "$T_OUT" "### Welcome"
t_has "... with the question asked and the answer" "$T_OUT" ":** Walk every day."
t_lacks "... no lesson/prompt ids" "$T_OUT" "welcome / goals"
t_has "worksheet titles, not ids" "$T_OUT" "### Thought record, "
t_has "the course by its title" "$T_OUT" "**Course:** Steady Ground"
t_run 0 "html export with a risk answer" ex3 --format html
t_has "the risk answer is marked in the html overview" "$T_OUT" '<dt class="flag">Risk answers</dt><dd class="flag">1, on 2026-09-21'
t_has "... and its row in the table" "$T_OUT" '<tr class="flag">'

# Skipped homework, with its reason and date, in both reports (the small
# course of tests/fixtures/packs/good: lesson "notice" waits for two mood
# notes).
GOOD="$TOP/tests/fixtures/packs/good"
D4="$T_TMP/data4"
tend init --kdf interactive --data-dir "$D4" --passphrase-fd 3 3<"$P" >/dev/null 2>&1
seed4() { TEND_SHARE_DIR="$GOOD" "$SEED" --data-dir "$D4" --passphrase-fd 3 "$@" 3<"$P" >/dev/null; }
seed4 start
TEND_SHARE_DIR="$GOOD" tend assess mood2 --answers 1,1 --data-dir "$D4" --passphrase-fd 3 3<"$P" >/dev/null 2>&1
seed4 open start end start answer start goal "Feel calmer"
t_run 0 "a homework skip is seeded" seed4 skip notice mood-note "Ill this week"
t_run 0 "markdown export with a skip" env TEND_SHARE_DIR="$GOOD" "$TEND" export --format md --data-dir "$D4" --passphrase-fd 3 3<"$P"
t_has "skipped homework has its section" "$T_OUT" "## Homework skipped"
t_has "... the worksheet's title, the lesson's and the reason" "$T_OUT" "| Mood note | Noticing | Ill this week |"
t_run 0 "html export with a skip" env TEND_SHARE_DIR="$GOOD" "$TEND" export --format html --data-dir "$D4" --passphrase-fd 3 3<"$P"
t_has "... in the html too" "$T_OUT" '<td data-label="Reason">Ill this week</td>'

t_done
