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
assert kinds==['QuestionnaireResponse','Observation'], kinds
for e in b['entry']:
    assert re.fullmatch(r'urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}', e['fullUrl'])
o=b['entry'][1]['resource']
assert o['valueInteger']==9
assert o['code']['coding'][0]['system']=='http://loinc.org'
assert len(b['entry'][0]['resource']['item'])==7
"

t_run 0 "markdown export" ex --format md
t_has "markdown names the questionnaire" "$T_OUT" "GAD-7"
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

t_done
