#!/bin/sh
# Reminders in the program (tmux, 80x24, frozen clock, the small course of
# tests/fixtures/packs/good): opening the home screen writes the schedule
# (times and kinds only); the reminder settings screen ('r' on the home
# screen) changes the wording and the window and saves them at once.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

GOOD="$TOP/tests/fixtures/packs/good"
SEED="$(dirname "$TEND")/tools/course_seed"
D="$T_TMP/data"
P="$T_TMP/pass"
PASS="a long test passphrase 4711"
echo "$PASS" >"$P"
export TEND_SYSCONF_DIR="$T_TMP/etc" TEND_SHARE_DIR="$GOOD"
mkdir -p "$TEND_SYSCONF_DIR"
T0=1793527200 # Sunday 1 November 2026, 10:00 UTC
S="$D/state/schedule"
# A fake HOME and a fake systemctl: the screen installs channels.
export HOME="$T_TMP/home" XDG_CONFIG_HOME="$T_TMP/home/.config"
mkdir -p "$HOME" "$T_TMP/bin"
printf '#!/bin/sh\necho "$*" >>"%s/systemctl.log"\n' "$T_TMP" >"$T_TMP/bin/systemctl"
chmod +x "$T_TMP/bin/systemctl"
# sched_has TEXT: the schedule file holds TEXT (it is written after the
# screen changes, so checks wait for it).
sched_has() { grep -qF -- "$1" "$S" 2>/dev/null; }
ENVS="HOME=$HOME XDG_CONFIG_HOME=$XDG_CONFIG_HOME PATH=$T_TMP/bin:$PATH"

t_run 0 "a vault" tend --data-dir "$D" init --kdf interactive --passphrase-fd 3 3<"$P"
TEND_NOW=$T0 "$SEED" --data-dir "$D" --passphrase-fd 3 start 3<"$P" >/dev/null
t_check "no schedule before the program runs" test ! -e "$S"

TEND_NOW=$T0 e2e_start 80 24 sh -c \
	"$ENVS TEND_SHARE_DIR=$GOOD TEND_SYSCONF_DIR=$TEND_SYSCONF_DIR '$TEND' --data-dir '$D'"
e2e_expect "unlock screen" "Welcome back"
e2e_keys "$PASS" Enter
e2e_expect "home" "Today" 10
e2e_until "the home screen wrote the schedule" test -f "$S"
e2e_until "... with today as the last active day" sched_has "last_active=2026-11-01"
e2e_until "... and the baseline check-in due" sched_has "checkin"
titles=$(sed -n 's/^title: *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$GOOD"/content/*/*.md 2>/dev/null)
leak=""
for w in $titles; do
	[ ${#w} -ge 5 ] && grep -qiF "$w" "$S" && leak="$leak $w"
done
t_check "... and no word of a lesson title" test -z "$leak"

e2e_keys r
e2e_expect "r opens the reminder settings" "Daily window"
e2e_expect "settings: the window" "18:00-20:00"
e2e_expect "settings: quiet hours" "21:00-08:00"
e2e_expect "settings: a sample line that says how to pause" "To pause: tend remind"
e2e_keys 5
e2e_expect "wording: very discreet" "very discreet"
e2e_until "saved at once" sched_has "wording=discreet"
e2e_expect "the sample follows the wording" "cheduled"
e2e_keys 1
e2e_expect "window: asks for the times" "like 18:00-20:00"
e2e_keys C-u "07:00-08:30" Enter
e2e_expect "window: changed" "07:00-08:30"
e2e_until "window saved" sched_has "window=07:00-08:30"
e2e_keys 1
e2e_expect "window: asks again" "like 18:00-20:00"
e2e_keys C-u "23:00-23:30" Enter
e2e_expect "a window inside quiet hours is refused" "quiet hours"
t_has "... and not saved" "$(cat "$S")" "window=07:00-08:30"
e2e_keys 6
e2e_expect "profile: shared" "shared machine or clinic"
e2e_until "shared: login only" sched_has "channels=login"
e2e_keys 8
e2e_expect "the login line installs from here" "installed in your shell profile"
t_has "... into the profile" "$(cat "$HOME/.profile" 2>&1)" "remind --login"
t_has "... carrying --data-dir" "$(cat "$HOME/.profile" 2>&1)" "--data-dir"
e2e_keys 8
e2e_expect "... and uninstalls" "Removed."
t_check "... leaving no profile, as before" test ! -e "$HOME/.profile"
e2e_keys 9
e2e_expect "the desktop timer installs from here" "installed (systemd user timer)"
t_check "... the timer unit" test -f "$XDG_CONFIG_HOME/systemd/user/tend-remind.timer"
t_has "... enabled" "$(cat "$T_TMP/systemctl.log")" "enable --now tend-remind.timer"
e2e_keys 9
e2e_expect "... and uninstalls" "Removed."
t_check "... the unit is gone" test ! -e "$XDG_CONFIG_HOME/systemd/user/tend-remind.timer"
e2e_keys q
e2e_expect "back home" "Today"
e2e_keys Q
e2e_exits "leaves"
t_has "settings kept after the program saved again" "$(cat "$S")" "window=07:00-08:30"

# Three days later: a welcome back, in the discreet wording chosen above,
# and no count of days.
e2e_stop
TEND_NOW=$((T0 + 3 * 86400)) e2e_start 80 24 sh -c \
	"$ENVS TEND_SHARE_DIR=$GOOD TEND_SYSCONF_DIR=$TEND_SYSCONF_DIR '$TEND' --data-dir '$D'"
e2e_expect "unlock again" "Welcome back"
e2e_keys "$PASS" Enter
e2e_expect "a welcome back after a break" "Hello again." 10
t_lacks "... without a count of days" "$(e2e_screen | grep 'Hello again')" "days"
e2e_until "the schedule moved on" sched_has "last_active=2026-11-04"
e2e_keys Q
e2e_exits "leaves again"

t_done
