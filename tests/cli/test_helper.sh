#!/bin/sh
# Guidance by file across two data folders, a person's and a helper's:
# keygen, link, summary, inbox, reply, import, the message shown; each
# refusal (another signer, a tampered byte, a replay, a summary sealed to
# another helper) with its own message, exit 4 and nothing changed; and
# the caseload's order with six people.
. "$(dirname "$0")/../lib.sh"

FORGE="$(dirname "$TEND")/tools/guide_forge"
P="$T_TMP/pass"
HP="$T_TMP/hpass"
echo 'a long and careful passphrase' >"$P"
echo 'the helper has another passphrase' >"$HP"
K="$T_TMP/helper-a"
K2="$T_TMP/helper-b"
export TEND_NOW=1790000000 # Monday 2026-09-21 14:13 UTC
DAY=86400

pt() { # DATADIR ARGS...: the person's tend
	d=$1
	shift
	tend --data-dir "$d" --passphrase-fd 3 "$@" 3<"$P"
}
ht() { # ARGS...: the helper's tend
	tend --data-dir "$T_TMP/hdata" --passphrase-fd 3 "$@" 3<"$HP"
}
sum_of() { md5sum "$1" | cut -d' ' -f1; }

# --- keys ---
t_run 0 "helper keygen" ht helper keygen -o "$K" --kdf interactive
t_has "keygen shows a fingerprint" "$T_OUT" "Its fingerprint"
FP=$(sed -n 's/^fingerprint: //p' "$K/helper.pub")
t_check "eight words in the fingerprint" test "$(echo "$FP" | wc -w)" = 8
t_has "keygen prints the same words" "$T_OUT" "$FP"
t_check "secret key is private" test "$(stat -c %a "$K/helper.key")" = 600
t_check "public key is one short file" test "$(wc -c <"$K/helper.pub")" -lt 300
t_run 1 "keygen refuses to replace a key" ht helper keygen -o "$K" --kdf interactive
ht helper keygen -o "$K2" --kdf interactive >/dev/null 2>&1

# --- link ---
A="$T_TMP/alice"
pt "$A" init --kdf interactive >/dev/null 2>&1
t_run 0 "no helper yet" pt "$A" helper status
t_has "status says none is linked" "$T_OUT" "No helper is linked"
# Without --yes the question goes to the terminal; with none (setsid),
# nothing is linked.
t_run 1 "link needs a confirmation" setsid -w sh -c "'$TEND' --data-dir '$A' --passphrase-fd 3 helper link '$K/helper.pub' --name Alice 3<'$P' </dev/null"
t_has "link shows the fingerprint to compare" "$T_OUT" "$FP"
t_has "link says what is shared" "$T_OUT" "risk answers"
t_has "link says answer text is not shared unless ticked" "$T_OUT" "not the text of your answers"
t_has "link says the helper is not real time" "$T_OUT" "not in real time"
t_run 0 "link with --yes" pt "$A" helper link "$K/helper.pub" --name Alice --share lessons --day mon --yes
t_has "linking shows the person's own fingerprint" "$T_OUT" "Your own fingerprint"
t_run 1 "a second link is refused" pt "$A" helper link "$K2/helper.pub" --name Alice --yes
printf 'tend-helper-key 1\nzz\n' >"$T_TMP/bad.pub"
t_run 4 "a file that is not a key is refused" pt "$A" helper link "$T_TMP/bad.pub" --name X --yes
sed 's/^fingerprint: [a-z]*/fingerprint: zebra/' "$K/helper.pub" >"$T_TMP/tampered.pub"
t_run 4 "a key whose fingerprint line was changed is refused" pt "$A" helper link "$T_TMP/tampered.pub" --name X --yes
t_has "it says the fingerprint does not belong" "$T_ERR" "does not belong"

# --- safety stays honest: the clinic's contact, the helper not real time ---
ETC="$T_TMP/etc"
mkdir -p "$ETC"
printf 'clinic_name = "Riverside Clinic"\nclinic_phone = 0161 555 0199\nclinic_hours = "weekdays 9-17"\n' >"$ETC/config"
S0="$T_TMP/safety"
pt "$S0" init --kdf interactive >/dev/null 2>&1
TEND_SYSCONF_DIR="$ETC" pt "$S0" helper link "$K/helper.pub" --name S --yes >/dev/null 2>&1
t_run 0 "a risk answer while linked" env TEND_SYSCONF_DIR="$ETC" "$TEND" --data-dir "$S0" --passphrase-fd 3 assess phq9 --answers 0,0,0,0,0,0,0,0,1 3<"$P"
t_has "the safety text gives the clinic's contact" "$T_OUT" "Riverside Clinic"
t_has "... and its number" "$T_OUT" "0161 555 0199"
t_has "... and says the helper does not read now" "$T_OUT" "only in your next summary"
t_run 0 "a reliable deterioration pauses" env TEND_SYSCONF_DIR="$ETC" TEND_NOW=$((TEND_NOW + DAY)) "$TEND" --data-dir "$S0" --passphrase-fd 3 assess phq9 --answers 3,3,3,3,3,3,2,2,0 3<"$P"
t_has "the pause text names the clinic" "$T_OUT" "Riverside Clinic"
t_run 0 "no clinic, no clinic line" pt "$S0" assess phq9 --answers 0,0,0,0,0,0,0,0,1
t_lacks "... without a config" "$T_OUT" "Your clinic"

# --- summary ---
pt "$A" assess phq9 --answers 1,1,1,1,0,1,1,0,0 >/dev/null 2>&1
export TEND_NOW=$((1790000000 + 2 * DAY))
printf 'A hard week, but I kept going.\n' >"$T_TMP/note"
t_run 0 "summary" pt "$A" helper summary --note-file "$T_TMP/note"
t_has "summary says where the file is" "$T_OUT" "$A/outbox/"
t_has "summary says nothing is sent by itself" "$T_OUT" "sends nothing by itself"
S1=$(ls "$A/outbox"/*.tend)
t_check "one summary file in the outbox" test "$(echo "$S1" | wc -l)" = 1
t_check "summary file is private" test "$(stat -c %a "$S1")" = 600
t_check "the summary shows no plaintext" sh -c "! grep -aq -e Alice -e PHQ -e 'hard week' '$S1'"
t_check "its name says nothing about its content" sh -c "basename '$S1' | grep -Eq '^[0-9]{8}-[0-9]{6}-[0-9a-f]{8}\\.tend\$'"

# --- inbox ---
IN="$T_TMP/inbox"
mkdir -p "$IN"
cp "$S1" "$IN/"
echo "not a message" >"$IN/readme.txt"
export TEND_NOW=$((1790000000 + 3 * DAY))
t_run 0 "helper inbox (plain)" ht helper inbox "$IN" --key "$K" --plain
t_has "the caseload names the person" "$T_OUT" "Alice"
t_has "the caseload shows the note" "$T_OUT" "A hard week"
t_has "the caseload shows the person's fingerprint" "$T_OUT" "Fingerprint:"
t_has "a first summary asks to compare fingerprints" "$T_OUT" "First summary from them"
t_has "the caseload shows item answers" "$T_OUT" "Little interest or pleasure"
t_has "the caseload says summaries are not live" "$T_OUT" "not live"
t_run 0 "helper inbox (json)" ht helper inbox "$IN" --key "$K" --json
printf '%s' "$T_OUT" >"$T_TMP/case.json"
t_check "json caseload: one person, pseudonym, scores" python3 -c "
import json
c=json.load(open('$T_TMP/case.json'))
assert len(c)==1 and c[0]['pseudonym']=='Alice', c
s=c[0]['summary']
assert s['measures'][0]['name']=='PHQ-9' and s['measures'][0]['scores'][0]['total']==6
assert s['note'].startswith('A hard week')
assert c[0]['tier']=='ok', c[0]['tier']
"
t_run 3 "a wrong helper passphrase is exit 3" sh -c "echo wrong | '$TEND' --data-dir '$T_TMP/hdata' --passphrase-fd 0 helper inbox '$IN' --key '$K' --plain"

# Sealed to another helper: refused, and B's caseload is untouched.
IN2="$T_TMP/inbox-b"
mkdir -p "$IN2"
cp "$S1" "$IN2/"
t_run 4 "a summary sealed to another helper is refused" ht helper inbox "$IN2" --key "$K2" --plain
t_has "it says it was sealed to another helper" "$T_ERR" "sealed to another helper's key"
t_check "nothing was stored for the other helper" test ! -e "$K2/caseload"
# A tampered summary: refused, the caseload unchanged.
cp "$S1" "$IN2/tampered.tend"
rm "$IN2/$(basename "$S1")"
printf 'X' | dd of="$IN2/tampered.tend" bs=1 seek=300 conv=notrunc 2>/dev/null
before=$(sum_of "$K/caseload")
t_run 4 "a tampered summary is refused" ht helper inbox "$IN2" --key "$K" --plain
t_has "it says the summary was changed" "$T_ERR" "changed after it was written"
t_check "the caseload did not change" test "$(sum_of "$K/caseload")" = "$before"

# --- reply and import ---
export TEND_NOW=$((1790000000 + 4 * DAY))
ID=$(python3 -c "import json; print(json.load(open('$T_TMP/case.json'))[0]['id'])")
printf 'Well done this week.\n\nTry the **worry time** exercise.\n' >"$T_TMP/msg.md"
t_run 0 "reply by ID" ht helper reply "$ID" --message-file "$T_TMP/msg.md" -o "$T_TMP/r1.tend" --key "$K"
t_run 2 "reply to nobody" ht helper reply nobody --message-file "$T_TMP/msg.md" -o "$T_TMP/rx.tend" --key "$K"
t_check "reply holds no plaintext" sh -c "! grep -aq worry '$T_TMP/r1.tend'"
export TEND_NOW=$((1790000000 + 5 * DAY))
printf 'Second note.\n' | ht helper reply alice --message-file - -o "$T_TMP/r2.tend" --key "$K" >/dev/null 2>&1
t_check "reply by name, message on stdin" test -s "$T_TMP/r2.tend"

V="$A/vault"
cp "$T_TMP/r1.tend" "$T_TMP/r1-tampered.tend"
printf 'X' | dd of="$T_TMP/r1-tampered.tend" bs=1 seek=200 conv=notrunc 2>/dev/null
before=$(sum_of "$V")
t_run 4 "a tampered reply is refused" pt "$A" import "$T_TMP/r1-tampered.tend"
t_has "it says the reply was changed" "$T_ERR" "changed after it was written"
t_check "the vault did not change (tampered)" test "$(sum_of "$V")" = "$before"

"$FORGE" "$K" "$S1" "$T_TMP/forged.tend" <"$HP"
t_check "forged reply made" test -s "$T_TMP/forged.tend"
t_run 4 "a reply from another signer is refused" pt "$A" import "$T_TMP/forged.tend"
t_has "it says the signer is not the linked helper" "$T_ERR" "not your linked helper"
t_check "the vault did not change (signer)" test "$(sum_of "$V")" = "$before"

t_run 0 "import the second reply" pt "$A" import "$T_TMP/r2.tend"
t_has "import shows the message" "$T_OUT" "A message from your helper"
t_has "import shows the text" "$T_OUT" "Second note."
before=$(sum_of "$V")
t_run 4 "an older reply after a newer one is refused" pt "$A" import "$T_TMP/r1.tend"
t_has "it says old or replayed" "$T_ERR" "old or replayed"
t_run 4 "the same reply again is refused" pt "$A" import "$T_TMP/r2.tend"
t_has "it says replayed again" "$T_ERR" "old or replayed"
t_check "the vault did not change (replay)" test "$(sum_of "$V")" = "$before"
t_run 4 "a summary is not a reply" pt "$A" import "$S1"
t_has "a summary for the helper is not for the person" "$T_ERR" "sealed for someone else"

# A reply dropped into the inbox folder is taken in and removed.
export TEND_NOW=$((1790000000 + 6 * DAY))
mkdir -p "$A/inbox"
printf 'Dropped in.\n' | ht helper reply alice --message-file - -o "$A/inbox/r3.tend" --key "$K" >/dev/null 2>&1
t_run 0 "messages lists every message" pt "$A" helper messages
t_has "the dropped reply was taken in" "$T_OUT" "Dropped in."
t_has "the earlier one is still there" "$T_OUT" "Second note."
t_check "the dropped file is gone" test ! -e "$A/inbox/r3.tend"

# Unlinked: replies are refused, messages stay.
t_run 0 "unlink" pt "$A" helper unlink --yes
t_run 4 "after unlinking, a reply is refused" pt "$A" import "$T_TMP/r1.tend"
t_has "it says no helper is linked" "$T_ERR" "no helper is linked"
t_run 0 "messages stay after unlinking" pt "$A" helper messages
t_has "the old message is kept" "$T_OUT" "Second note."

# --- plain mode: link, a summary, the messages on open ---
PL="$T_TMP/plain"
pt "$PL" init --kdf interactive >/dev/null 2>&1
# (helper B's key: A's caseload is counted below)
FP2=$(sed -n 's/^fingerprint: //p' "$K2/helper.pub")
printf 'GB\n\nhelper link %s\nyes\nyes\nno\nPlainName\nhelper\nhelper summary\nAll fine.\nq\n' "$K2/helper.pub" >"$T_TMP/plain.in"
t_run 0 "plain mode links a helper" sh -c "'$TEND' --plain --data-dir '$PL' --passphrase-fd 3 3<'$P' <'$T_TMP/plain.in'"
t_has "plain: the fingerprint to compare" "$T_OUT" "$FP2"
t_has "plain: linked" "$T_OUT" "Linked."
t_has "plain: what is shared, lessons ticked" "$T_OUT" "the text of your answers in lessons"
t_has "plain: the helper command shows the name" "$T_OUT" "They see you as PlainName"
t_has "plain: the summary is written" "$T_OUT" "A sealed summary for your helper is in"
t_check "plain: ... into the outbox" sh -c "ls '$PL'/outbox/*.tend >/dev/null"
cp "$PL"/outbox/*.tend "$T_TMP/plain-sum.tend"
mkdir -p "$T_TMP/pin" && cp "$T_TMP/plain-sum.tend" "$T_TMP/pin/"
ht helper inbox "$T_TMP/pin" --key "$K2" --json >/dev/null 2>&1
mkdir -p "$PL/inbox"
printf 'Hello from your helper.\n' | ht helper reply PlainName --message-file - -o "$PL/inbox/x.tend" --key "$K2" >/dev/null 2>&1
t_run 0 "plain mode opens" sh -c "printf 'q\n' | '$TEND' --plain --data-dir '$PL' --passphrase-fd 3 3<'$P'"
t_has "plain: a message from the helper on open" "$T_OUT" "A message from your helper"
t_has "plain: its text" "$T_OUT" "Hello from your helper."

# --- plain mode's first run offers the clinic's helper ---
ETC2="$T_TMP/etc2"
mkdir -p "$ETC2"
cp "$K2/helper.pub" "$ETC2/helper.pub"
PF="$T_TMP/plain-first"
pt "$PF" init --kdf interactive >/dev/null 2>&1
printf 'GB\n\nyes\nyes\nno\nno\nFirstName\nhelper\nq\n' >"$T_TMP/first.in"
t_run 0 "plain first run with a clinic key" sh -c "TEND_SYSCONF_DIR='$ETC2' '$TEND' --plain --data-dir '$PF' --passphrase-fd 3 3<'$P' <'$T_TMP/first.in'"
t_has "it offers the clinic's helper" "$T_OUT" "Your clinic offers a helper"
t_has "... says the helper is not real time" "$T_OUT" "not in real time"
t_has "... shows the fingerprint to compare" "$T_OUT" "$FP2"
t_has "... and links" "$T_OUT" "They see you as FirstName"
PF2="$T_TMP/plain-first2"
pt "$PF2" init --kdf interactive >/dev/null 2>&1
printf 'GB\n\nno\nhelper\nq\n' >"$T_TMP/first2.in"
t_run 0 "plain first run, declined" sh -c "TEND_SYSCONF_DIR='$ETC2' '$TEND' --plain --data-dir '$PF2' --passphrase-fd 3 3<'$P' <'$T_TMP/first2.in'"
t_has "declined: says how to link later" "$T_OUT" "You can link later: helper link."
t_run 0 "declined: nothing linked" pt "$PF2" helper status
t_lacks "... no helper" "$T_OUT" "They see you as"
pt "$T_TMP/plain-first3" init --kdf interactive >/dev/null 2>&1
t_run 0 "without a clinic key the first run does not ask" sh -c "printf 'GB\n\nq\n' | '$TEND' --plain --data-dir '$T_TMP/plain-first3' --passphrase-fd 3 3<'$P'"
t_lacks "... no offer" "$T_OUT" "Your clinic offers a helper"

# --- caseload order: six new people, and Alice ---
export TEND_NOW=1790000000
CIN="$T_TMP/caseload"
mkdir -p "$CIN"
person() { # NAME
	d="$T_TMP/p-$1"
	pt "$d" init --kdf interactive >/dev/null 2>&1
	pt "$d" helper link "$K/helper.pub" --name "$1" --yes >/dev/null 2>&1
}
summary() { # NAME
	pt "$T_TMP/p-$1" helper summary -o "$CIN/$1-$TEND_NOW.tend" >/dev/null 2>&1
}
for n in Risky Worse Idle Calm Bright Earlier; do person "$n"; done
# Earlier: a risk answer before their previous summary (not "since").
pt "$T_TMP/p-Earlier" assess phq9 --answers 1,1,1,1,1,1,1,1,1 >/dev/null 2>&1
export TEND_NOW=$((1790000000 + DAY))
summary Earlier
# Idle: last active 20 days before the summary.
pt "$T_TMP/p-Idle" assess gad7 --answers 1,1,1,1,1,1,1 >/dev/null 2>&1
# Worse: a reliable deterioration (PHQ-9 4 -> 16).
pt "$T_TMP/p-Worse" assess phq9 --answers 0,1,1,1,1,0,0,0,0 >/dev/null 2>&1
for n in Calm Bright; do
	pt "$T_TMP/p-$n" assess gad7 --answers 1,0,1,0,1,0,1 >/dev/null 2>&1
done
export TEND_NOW=$((1790000000 + 20 * DAY))
pt "$T_TMP/p-Worse" assess phq9 --answers 2,2,2,2,2,2,2,2,0 >/dev/null 2>&1
pt "$T_TMP/p-Risky" assess phq9 --answers 1,1,1,1,0,0,0,0,2 >/dev/null 2>&1
for n in Calm Bright Earlier; do
	pt "$T_TMP/p-$n" assess gad7 --answers 1,0,1,0,1,0,1 >/dev/null 2>&1
done
export TEND_NOW=$((1790000000 + 21 * DAY))
for n in Bright Worse Idle Calm Risky Earlier; do summary "$n"; done
t_run 0 "caseload of six" ht helper inbox "$CIN" --key "$K" --json
printf '%s' "$T_OUT" >"$T_TMP/six.json"
t_check "risk, then worse, then idle, then the rest" python3 -c "
import json
c=json.load(open('$T_TMP/six.json'))
names=[p['pseudonym'] for p in c]
tiers=[p['tier'] for p in c]
# Alice (from above) is in this helper's caseload too, silent since day 0.
assert names[:2]==['Risky','Worse'], names
assert tiers==['risk','worse','idle','idle','ok','ok','ok'], (names, tiers)
assert set(names[2:4])=={'Alice','Idle'}, names
assert names[4:]==['Bright','Calm','Earlier'], names
"
t_run 0 "caseload as text" ht helper inbox "$CIN" --key "$K" --plain
first=$(printf '%s\n' "$T_OUT" | grep -m1 -E '^(RISK|WORSE|IDLE|ok) ')
t_has "the first row is the risk answer" "$first" "Risky"

# Skipped homework reaches the helper with its date; the reason only when
# worksheets are shared (the small course of tests/fixtures/packs/good).
GOOD="$TOP/tests/fixtures/packs/good"
SEED="$(dirname "$TEND")/tools/course_seed"
SK="$T_TMP/caseload-skip"
mkdir -p "$SK"
for n in Skipper Sharer; do
	d="$T_TMP/p-$n"
	pt "$d" init --kdf interactive >/dev/null 2>&1
	TEND_SHARE_DIR="$GOOD" "$SEED" --data-dir "$d" --passphrase-fd 3 start 3<"$P" >/dev/null
	TEND_SHARE_DIR="$GOOD" pt "$d" assess mood2 --answers 1,1 >/dev/null 2>&1
	TEND_SHARE_DIR="$GOOD" "$SEED" --data-dir "$d" --passphrase-fd 3 open start end start \
		skip notice mood-note "Away at my sister's" 3<"$P" >/dev/null
done
TEND_SHARE_DIR="$GOOD" pt "$T_TMP/p-Skipper" helper link "$K/helper.pub" --name Skipper --yes >/dev/null 2>&1
TEND_SHARE_DIR="$GOOD" pt "$T_TMP/p-Sharer" helper link "$K/helper.pub" --name Sharer --share worksheets --yes >/dev/null 2>&1
for n in Skipper Sharer; do
	TEND_SHARE_DIR="$GOOD" pt "$T_TMP/p-$n" helper summary -o "$SK/$n.tend" >/dev/null 2>&1
done
t_run 0 "caseload with skipped homework" ht helper inbox "$SK" --key "$K" --plain
t_has "the skip, with its date and the worksheet's title" "$T_OUT" "homework skipped on 2026-10-12: Mood note"
t_has "the reason, from the person who shares worksheets" "$T_OUT" "Mood note (Away at my sister's)"
t_check "... and only from them" test "$(printf '%s\n' "$T_OUT" | grep -c "Away at my sister's")" = 1

t_done
