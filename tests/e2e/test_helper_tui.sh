#!/bin/sh
# Guidance by file in the full screen (tmux, 80x24, frozen clock): a reply
# dropped into the inbox folder is shown on the next open as "A message
# from your helper" and listed under Messages (m); the helper screen (h)
# links a helper through the key file and the compare-and-choose screen,
# and writes a summary on demand; on the summary's day the program asks
# for a note and writes it; the crisis screen shows the clinic's contact
# and that the helper does not read in real time; the helper's caseload
# opens full screen.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

GOOD="$TOP/tests/fixtures/packs/good"
SEED="$(dirname "$TEND")/tools/course_seed"
P="$T_TMP/pass"
HP="$T_TMP/hpass"
PASS="a long test passphrase 4711"
echo "$PASS" >"$P"
echo 'the helper has another passphrase' >"$HP"
export TEND_SYSCONF_DIR="$T_TMP/etc" TEND_SHARE_DIR="$GOOD"
mkdir -p "$TEND_SYSCONF_DIR"
cat >"$TEND_SYSCONF_DIR/config" <<'EOF'
clinic_name = "Riverside Clinic"
clinic_phone = 0161 555 0199
clinic_hours = "weekdays 9-17"
EOF
T0=1793527200 # Sunday 1 November 2026, 10:00 UTC
K="$T_TMP/hk"
D="$T_TMP/data"
pt() {
	d=$1
	shift
	tend --data-dir "$d" --passphrase-fd 3 "$@" 3<"$P"
}
export TEND_NOW=$T0

tend --passphrase-fd 3 helper keygen -o "$K" --kdf interactive 3<"$HP" >/dev/null 2>&1
FP=$(sed -n 's/^fingerprint: //p' "$K/helper.pub")
FIRST=$(echo "$FP" | cut -d' ' -f1)
tend --data-dir "$D" --passphrase-fd 3 init --kdf interactive 3<"$P" >/dev/null 2>&1
"$SEED" --data-dir "$D" --passphrase-fd 3 start 3<"$P" >/dev/null
tend --data-dir "$D" --passphrase-fd 3 helper link "$K/helper.pub" --name River --day sun --yes 3<"$P" >/dev/null 2>&1
tend --data-dir "$D" --passphrase-fd 3 helper summary -o "$T_TMP/s1.tend" 3<"$P" >/dev/null 2>&1
mkdir -p "$T_TMP/in" "$D/inbox"
cp "$T_TMP/s1.tend" "$T_TMP/in/"
tend --passphrase-fd 3 helper inbox "$T_TMP/in" --key "$K" --json 3<"$HP" >/dev/null 2>&1
printf '# Hello River\n\nYou are doing **well**. Keep the worry diary.\n' |
	tend --passphrase-fd 3 helper reply river --message-file - -o "$D/inbox/r1.tend" --key "$K" 3<"$HP" >/dev/null 2>&1
t_check "a reply waits in the inbox folder" test -s "$D/inbox/r1.tend"

run() { # the program on data folder $1
	e2e_start 80 24 sh -c "TEND_SYSCONF_DIR=$TEND_SYSCONF_DIR TEND_SHARE_DIR=$GOOD '$TEND' --data-dir '$1'"
	e2e_expect "unlock screen" "Welcome back"
	e2e_keys "$PASS" Enter
}

run "$D"
e2e_expect "on open: a message from the helper" "A message from your helper" 10
e2e_expect "its text, laid out" "Keep the worry diary"
e2e_expect "it says the helper is not real time" "not in real time"
e2e_until "the dropped file was taken in" test ! -e "$D/inbox/r1.tend"
e2e_keys q
e2e_expect "then home" "Today"
e2e_keys m
e2e_expect "m: the messages" "2026-11-01"
e2e_keys Enter
e2e_expect "Enter reads one" "Keep the worry diary"
e2e_keys q q
e2e_expect "back home" "Today"
e2e_keys '!'
e2e_expect "crisis: the clinic's contact" "Riverside Clinic"
e2e_expect "... its phone" "0161 555 0199"
e2e_still "crisis: the helper is not read in real time" "not in real time"
e2e_keys q
e2e_expect "home again" "Today"
e2e_keys h
e2e_expect "h: the helper screen" "Linked helper:"
e2e_expect "... with the helper's fingerprint" "$FIRST"
e2e_expect "... and the outbox folder" "Outbox"
e2e_keys 5
e2e_expect "a summary now: asks for a note" "A note for your helper"
e2e_keys "Good week" Enter
e2e_expect "the summary is written and shown" "A sealed summary for your helper"
e2e_until "... into the outbox" sh -c "ls '$D'/outbox/*.tend >/dev/null 2>&1"
e2e_keys Enter q Q
e2e_exits "quit"
e2e_stop

# A week later, on the summary's day, the program asks for a note.
n_before=$(ls "$D"/outbox/*.tend | wc -l)
export TEND_NOW=$((T0 + 7 * 86400))
run "$D"
e2e_expect "the summary's day: asks for a note" "day of your summary" 10
e2e_keys Enter
e2e_expect "the weekly summary is written" "A sealed summary for your helper"
e2e_until "... as a new file" sh -c "test \$(ls '$D'/outbox/*.tend | wc -l) -gt $n_before"
e2e_keys Enter Q
e2e_exits "quit after the summary"
e2e_stop

# Linking in the full screen.
export TEND_NOW=$T0
D2="$T_TMP/data2"
tend --data-dir "$D2" --passphrase-fd 3 init --kdf interactive 3<"$P" >/dev/null 2>&1
"$SEED" --data-dir "$D2" --passphrase-fd 3 start 3<"$P" >/dev/null
run "$D2"
e2e_expect "home" "Today" 10
e2e_keys h
e2e_expect "not linked: the helper screen explains" "can read a weekly summary"
e2e_keys 1
e2e_expect "asks for the key file" "key file"
e2e_keys C-u "$K/helper.pub" Enter
e2e_expect "the link screen shows the fingerprint" "$FIRST"
e2e_expect "... says to compare it aloud" "word for word"
e2e_expect "... lists what is shared" "risk answers"
e2e_expect "... with answer text not shared" "[ ] share the text of my answers"
e2e_keys 1
e2e_expect "1 ticks the answers in lessons" "[x] share the text of my answers"
e2e_keys y
e2e_expect "a name is asked for first" "The name they see you by"
e2e_keys "Willow" Enter
e2e_expect "the name is shown" "Willow"
e2e_keys y
e2e_expect "linked" "Linked helper:"
e2e_keys Q
e2e_exits "quit after linking"
e2e_stop
t_run 0 "the link is in the vault" pt "$D2" helper status
t_has "... under the chosen name" "$T_OUT" "Willow"
t_has "... sharing the lessons' text" "$T_OUT" "the text of your answers in lessons"

# The helper's caseload, full screen.
cp "$D"/outbox/*.tend "$T_TMP/in/"
e2e_start 80 24 sh -c "'$TEND' --passphrase-fd 3 helper inbox '$T_TMP/in' --key '$K' 3<'$HP'"
e2e_expect "the caseload" "River"
e2e_expect "... says it is not live" "not a live"
e2e_keys Enter
e2e_expect "Enter opens the person" "Progress"
e2e_expect "... with risk and pauses" "Risk and pauses"
e2e_still "... says r replies" "r: reply"
# A reply written in the program, then taken in by the person.
e2e_keys r
e2e_expect "r asks for a reply to the person" "Reply to River"
e2e_keys "See you next week, **River**." Enter
e2e_expect "the reply is signed and sealed" "Reply written"
e2e_still "... says tend sends nothing" "tend sends nothing"
e2e_keys Enter
e2e_expect "back on the person's page" "Risk and pauses"
e2e_keys r
e2e_expect "asked again" "Reply to River"
e2e_keys Escape
e2e_expect "Esc: no reply" "Risk and pauses"
e2e_keys q
e2e_expect "back to the list" "Caseload"
e2e_keys q
e2e_exits "q leaves the caseload"
e2e_stop
t_check "one reply in the helper's outbox" test "$(ls "$K"/outbox/*.tend | wc -l)" = 1
t_run 0 "the person takes it in" pt "$D" import "$K"/outbox/*.tend
t_has "... and reads it" "$T_OUT" "See you next week, **River**."

# The first run with the clinic's helper key installed: after the baseline
# check-in, the helper screen offers them; Enter links with the clinic's
# key file already filled in.
ETC3="$T_TMP/etc3"
mkdir -p "$ETC3"
cp "$K/helper.pub" "$ETC3/helper.pub"
printf 'kdf = interactive\n' >"$ETC3/config"
D3="$T_TMP/data3"
e2e_start 80 24 sh -c "TEND_SYSCONF_DIR=$ETC3 TEND_SHARE_DIR=$GOOD '$TEND' --data-dir '$D3'"
e2e_expect "first run: the country" "Your country"
e2e_keys 1
e2e_expect "welcome" "Welcome to tend"
e2e_keys Enter
e2e_expect "passphrase" "Choose a passphrase"
e2e_keys "$PASS" Enter
e2e_expect "again" "The same again:"
e2e_keys "$PASS" Enter
e2e_expect "recovery code" "Your recovery code" 15
e2e_keys y
e2e_expect "the suitability check" "A few questions to check that tend suits you"
e2e_keys Enter
e2e_expect "baseline check-in" "Two mood questions" 15
e2e_keys Enter
e2e_expect "item 1" "question 1 of 2"
e2e_keys 1
e2e_expect "item 2" "question 2 of 2"
e2e_keys 1
e2e_expect "review" "Check your answers"
e2e_keys s
e2e_expect "confirm" "Save these answers?"
e2e_keys y
e2e_expect "score" "Mood-2: 2"
e2e_keys q
e2e_expect "then the clinic's helper is offered" "Your clinic offers a helper."
e2e_still "... says how to say not now" "q: not now"
e2e_keys 1
e2e_expect "Enter asks for the key file" "key file"
e2e_still "... with the clinic's filled in" "etc3/helper.pub"
e2e_keys Enter
e2e_expect "the link screen shows the fingerprint" "$FIRST"
e2e_keys y
e2e_expect "a name is asked for" "The name they see you by"
e2e_keys "Birch" Enter
e2e_expect "the name is shown" "Birch"
e2e_keys y
e2e_expect "linked at the first run" "Linked helper:"
e2e_keys q
e2e_expect "then home" "Today"
e2e_keys Q
e2e_exits "quit after the first run"
e2e_stop
t_run 0 "the first run's link is in the vault" pt "$D3" helper status
t_has "... under the chosen name" "$T_OUT" "Birch"

t_done
