#!/bin/sh
# No reminder file holds anything from the vault.  With a real vault that
# holds answers and scores, every reminder path is driven (the program's
# schedule update, settings, --login, --notify, snooze, pause, every hook,
# the calendar); then every file they wrote is searched for the lesson and
# course titles, the questionnaire names, clinical words and the
# passphrase, and every line of the two plaintext files must match their
# grammar.
. "$(dirname "$0")/../lib.sh"

export HOME="$T_TMP/home" TZ=Europe/London
mkdir -p "$HOME"
unset XDG_DATA_HOME XDG_STATE_HOME XDG_CONFIG_HOME DBUS_SESSION_BUS_ADDRESS
export XDG_CONFIG_HOME="$HOME/.config" XDG_RUNTIME_DIR="$T_TMP/run"
mkdir -p "$XDG_RUNTIME_DIR"
export TEND_SYSCONF_DIR="$T_TMP/etc"
UPDATE="$(dirname "$TEND")/tools/remind_update"
at() { TZ=Europe/London date -d "$1" +%s; }
pty() { script -qec "$*" /dev/null </dev/null | tr -d '\r'; }
D="$HOME/.local/share/tend" # the XDG data folder
STATE="$HOME/.local/state/tend"

# Fakes for everything outside: written with printf, into the test's own
# folder only.
FAKES="$T_TMP/bin"
mkdir -p "$FAKES"
CT="$T_TMP/crontab.txt"
printf '#!/bin/sh\ncase "$1" in\n-l) [ -f "%s" ] || { echo "no crontab for you" >&2; exit 1; }; cat "%s" ;;\n-r) rm -f "%s" ;;\n-) cat >"%s" ;;\nesac\n' \
	"$CT" "$CT" "$CT" "$CT" >"$FAKES/crontab"
printf '#!/bin/sh\nprintf "%%s\\n" "$@" >>"%s/notified"\n' "$T_TMP" >"$FAKES/notify-send"
printf '#!/bin/sh\nexit 0\n' >"$FAKES/systemctl"
chmod +x "$FAKES/crontab" "$FAKES/notify-send" "$FAKES/systemctl"
export PATH="$FAKES:$PATH"

# A vault with answers and scores in it.
P="$T_TMP/pass"
echo "canary passphrase Zanzibar-4711" >"$P"
t_run 0 "a vault" tend init --kdf interactive --passphrase-fd 3 3<"$P"
T0=$(at "2026-11-20 10:00")
TEND_NOW=$T0 tend assess phq9 --answers 2,2,2,1,1,1,1,1,0 --passphrase-fd 3 3<"$P" >/dev/null 2>&1
TEND_NOW=$T0 tend assess gad7 --answers 3,2,2,2,2,1,1 --passphrase-fd 3 3<"$P" >/dev/null 2>&1
t_check "the vault exists" test -s "$D/vault"

# Every reminder path.
"$UPDATE" "$D" "$T0" daily "p:$(at '2026-11-21 10:00')" \
	"l:$(at '2026-11-22 00:00')" "c:$(at '2026-11-20 09:00')"
mkdir -m 700 -p "$HOME/.local/state" "$STATE"
mv "$D/state/schedule" "$STATE/schedule"
tend remind set --window 17:00-19:30 --days all >/dev/null
out=$(TEND_NOW=$(at "2026-11-20 17:30") pty "$TEND" remind --login)
t_has "a login line was shown" "$out" "To pause"
TEND_NOW=$(at "2026-11-21 17:30") DBUS_SESSION_BUS_ADDRESS=unix:path=/x tend remind --notify
t_check "a notification was sent" test -s "$T_TMP/notified"
TEND_NOW=$(at "2026-11-22 17:30") tend remind --notify
TEND_NOW=$(at "2026-11-22 17:31") tend remind snooze 30m >/dev/null
TEND_NOW=$(at "2026-11-22 17:32") tend remind pause 2d >/dev/null
TEND_NOW=$(at "2026-12-20 17:32") tend remind resume >/dev/null
out=$(TEND_NOW=$(at "2026-12-20 17:40") pty "$TEND" remind --login)
t_has "a welcome line after a long gap" "$out" "Welcome back"
printf '# mine\n' >"$HOME/.profile"
tend remind install login >/dev/null
tend remind install cron >/dev/null
tend remind install systemd >/dev/null
TEND_NOW=$T0 tend remind ics -o "$T_TMP/cal.ics" 2>/dev/null
t_check "the calendar was written" test -s "$T_TMP/cal.ics"
TEND_NOW=$T0 tend remind status >"$T_TMP/status.txt"

FILES="$STATE/schedule $STATE/remind.state $HOME/.profile $CT
$XDG_CONFIG_HOME/systemd/user/tend-remind.service
$XDG_CONFIG_HOME/systemd/user/tend-remind.timer $T_TMP/cal.ics
$T_TMP/notified $T_TMP/status.txt"
for f in $FILES; do
	t_check "written: $(basename "$f")" test -s "$f"
done

# What the vault knows about: titles from the course, questionnaire names
# and ids, clinical words, the passphrase.
{
	sed -n 's/^title: *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$TOP"/content/*/*.md \
		"$TOP"/content/*/course.yaml "$TOP"/data/instruments/*.yaml
	sed -n 's/^id: *\([a-z0-9]*\)$/\1/p' "$TOP"/data/instruments/*.yaml
	for w in Zanzibar therap CBT cognitive depress anxi worry mood panic \
		mental clinic symptom score questionnaire PHQ GAD suicid crisis \
		missed; do
		echo "$w"
	done
} | grep -v '^$' | sort -u >"$T_TMP/needles"
t_check "there are titles to look for" test "$(wc -l <"$T_TMP/needles")" -gt 20
# The files name tend's binary and the test's folders: those paths are
# the checkout's, not the vault's, and are taken out before looking (a
# checkout under ~/crisis-work must not fail the test).
strip_paths() {
	sed -e "s|$TEND||g" -e "s|$TOP||g" -e "s|$T_TMP||g" -e "s|$HOME||g" "$1"
}
leaks=""
while IFS= read -r needle; do
	for f in $FILES; do
		if strip_paths "$f" | grep -qiF -- "$needle"; then
			leaks="$leaks
$needle in $f"
		fi
	done
done <"$T_TMP/needles"
t_check "no file holds a title, a name or a clinical word" test -z "$leaks"
[ -n "$leaks" ] && echo "# leaks:$leaks"

# The grammar: every line of the plaintext files is one of these.
DATE='[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]'
UTC="${DATE}T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z"
HM='[0-2][0-9]:[0-5][0-9]'
DAY='\(mon\|tue\|wed\|thu\|fri\|sat\|sun\)'
bad=$(grep -v \
	-e '^format=1$' -e '^# Reminder times for tend remind: times and kinds only\.$' \
	-e '^id=[0-9a-f]\{16\}$' -e '^profile=\(personal\|shared\)$' \
	-e "^window=$HM-$HM\$" -e "^quiet=\\($HM-$HM\\|none\\)\$" \
	-e "^days=\\(none\\|$DAY\\(,$DAY\\)*\\)\$" \
	-e '^channels=\(login\|desktop\|login,desktop\|none\)$' \
	-e '^wording=\(neutral\|discreet\)$' -e '^practice=\(daily\|none\)$' \
	-e "^last_active=\\($DATE\\|none\\)\$" \
	-e "^due=$UTC \\(practice\\|lesson\\|checkin\\)\$" \
	"$STATE/schedule")
t_check "every schedule line is times, days or kind codes" test -z "$bad"
[ -n "$bad" ] && echo "# unexpected: $bad"
bad=$(grep -v -e '^format=1$' -e '^off=[01]$' \
	-e "^last_prompt=$UTC \\(login\\|desktop\\)\$" -e "^pending=$DATE\$" \
	-e "^snooze_until=$UTC\$" -e "^pause_until=$UTC\$" \
	-e "^nudge=$DATE [0-9]\$" -e "^greeted=$DATE\$" -e '^rotation=[0-9]\{1,6\}$' \
	"$STATE/remind.state")
t_check "every state line is times and counters" test -z "$bad"
[ -n "$bad" ] && echo "# unexpected: $bad"
t_check "the schedule is 0600" test "$(stat -c %a "$STATE/schedule")" = 600
t_check "the state is 0600" test "$(stat -c %a "$STATE/remind.state")" = 600
t_check "the state folder is 0700" test "$(stat -c %a "$STATE")" = 700

t_done
