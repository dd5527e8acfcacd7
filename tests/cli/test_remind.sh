#!/bin/sh
# tend remind: the checkers (--login, --notify), the once-a-day rule across
# channels, snooze/pause/resume/off, settings, strict parsing of the
# plaintext files and their permissions.  A fake HOME, a frozen clock, and
# fakes of notify-send on PATH; never the real ones.
. "$(dirname "$0")/../lib.sh"

export HOME="$T_TMP/home" TZ=Europe/London
mkdir -p "$HOME"
unset XDG_DATA_HOME XDG_STATE_HOME XDG_CONFIG_HOME DBUS_SESSION_BUS_ADDRESS
export XDG_RUNTIME_DIR="$T_TMP/run"
mkdir -p "$XDG_RUNTIME_DIR"
export TEND_SYSCONF_DIR="$T_TMP/etc"
STATE="$HOME/.local/state/tend"
# The program's side: what the course engine calls when it saves.
UPDATE="$(dirname "$TEND")/tools/remind_update"

# at "2026-11-23 18:30": seconds since the epoch, London time.
at() { TZ=Europe/London date -d "$1" +%s; }
# pty CMD...: runs CMD with a terminal on stdout; prints what it printed.
pty() { script -qec "$*" /dev/null </dev/null | tr -d '\r'; }

# --- no schedule yet -----------------------------------------------------
t_run 0 "status without a schedule" tend remind status
t_has "status says there is none yet" "$T_OUT" "No reminder schedule yet"
out=$(TEND_NOW=$(at "2026-11-23 18:30") pty "$TEND" remind --login)
t_check "--login without a schedule says nothing" test -z "$out"
t_run 0 "--notify without a schedule is fine" tend remind --notify --quiet
t_check "nothing was written without a schedule" test ! -e "$STATE/remind.state"

# --- the program writes the schedule --------------------------------------
"$UPDATE" "$T_TMP/dd" "$(at '2026-11-22 12:00')" daily \
	"p:$(at '2026-11-24 10:00')" "l:$(at '2026-11-25 00:00')" \
	"c:$(at '2026-11-22 09:00')"
DD="$T_TMP/dd"
S="$DD/state/schedule"
t_check "schedule written" test -f "$S"
t_check "schedule is 0600" test "$(stat -c %a "$S")" = 600
t_check "state folder is 0700" test "$(stat -c %a "$DD/state")" = 700
t_has "schedule: daily practice" "$(cat "$S")" "practice=daily"
t_has "schedule: last active (local date)" "$(cat "$S")" "last_active=2026-11-22"
t_has "schedule: planned time in UTC" "$(cat "$S")" "due=2026-11-24T10:00:00Z practice"
t_has "schedule: section opening" "$(cat "$S")" "due=2026-11-25T00:00:00Z lesson"
t_has "schedule: check-in" "$(cat "$S")" "due=2026-11-22T09:00:00Z checkin"
id1=$(sed -n 's/^id=//p' "$S")
"$UPDATE" "$DD" "$(at '2026-11-22 12:05')" daily
t_check "the id survives a rewrite" test "$(sed -n 's/^id=//p' "$S")" = "$id1"
t_lacks "a rewrite drops what is no longer due" "$(cat "$S")" "lesson"
"$UPDATE" "$DD" "$(at '2026-11-22 12:00')" daily "p:$(at '2026-11-20 10:00')"
t_lacks "a planned time long gone is dropped" "$(cat "$S")" "due="

# --- --login -------------------------------------------------------------
R="tend --data-dir $DD remind"
RT="$TEND --data-dir $DD remind"
out=$(TEND_NOW=$(at "2026-11-23 18:30") $R --login)
t_check "--login is silent when stdout is not a terminal" test -z "$out"
t_check "... and records nothing" test ! -e "$DD/state/remind.state"
out=$(TEND_NOW=$(at "2026-11-23 12:00") pty "$RT" --login)
t_check "--login before the window: nothing" test -z "$out"
out=$(TEND_NOW=$(at "2026-11-23 18:30") pty "$RT" --login)
t_has "--login in the window: one line" "$out" "To pause: tend remind pause"
n=$(printf '%s\n' "$out" | grep -c .)
t_check "--login prints exactly one line" test "$n" = 1
t_check "state is 0600" test "$(stat -c %a "$DD/state/remind.state")" = 600
t_has "state records the login" "$(cat "$DD/state/remind.state")" "last_prompt=2026-11-23T18:30:00Z login"
out=$(TEND_NOW=$(at "2026-11-23 19:00") pty "$RT" --login)
t_check "--login again the same day: nothing" test -z "$out"
out=$(TEND_NOW=$(at "2026-11-23 22:30") pty "$RT" --login)
t_check "--login in quiet hours: nothing" test -z "$out"
out2=$(TEND_NOW=$(at "2026-11-24 18:30") pty "$RT" --login)
t_has "--login the next day: a line again" "$out2" "To pause"
t_check "the wording rotates" test "$out" != "$out2"

# --- --notify and the once-a-day rule across channels ---------------------
mkdir -p "$T_TMP/bin"
cat >"$T_TMP/bin/notify-send" <<EOF
#!/bin/sh
printf '%s\n' "\$@" >>"$T_TMP/notified"
exit \${FAKE_NOTIFY_STATUS:-0}
EOF
chmod +x "$T_TMP/bin/notify-send"
OPATH=$PATH
export PATH="$T_TMP/bin:$PATH"
rm -f "$DD/state/remind.state"
TEND_NOW=$(at "2026-11-23 18:10") tend --data-dir "$DD" remind --notify
t_check "--notify without a session bus: no notify-send" test ! -e "$T_TMP/notified"
t_has "--notify without a bus: pending for the next login" "$(cat "$DD/state/remind.state")" "pending=2026-11-23"
out=$(TEND_NOW=$(at "2026-11-23 20:40") pty "$RT" --login)
t_has "the pending reminder comes at the next login" "$out" "To pause"
TEND_NOW=$(at "2026-11-24 18:10") DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent \
	tend --data-dir "$DD" remind --notify
t_check "--notify with a bus calls notify-send" test -s "$T_TMP/notified"
t_has "notify-send gets a neutral title" "$(cat "$T_TMP/notified")" "Daily practice"
t_has "notify-send is low urgency" "$(cat "$T_TMP/notified")" "low"
t_has "state records the desktop prompt" "$(cat "$DD/state/remind.state")" "desktop"
out=$(TEND_NOW=$(at "2026-11-24 19:00") pty "$RT" --login)
t_check "after a desktop prompt, no login line that day" test -z "$out"
rm -f "$T_TMP/notified"
TEND_NOW=$(at "2026-11-24 19:30") DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent \
	tend --data-dir "$DD" remind --notify
t_check "... and no second notification" test ! -e "$T_TMP/notified"
# The person uses the program every day from here on.
"$UPDATE" "$DD" "$(at '2026-11-25 09:00')" daily
TEND_NOW=$(at "2026-11-25 20:30") DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent \
	tend --data-dir "$DD" remind --notify
t_check "--notify after the window: nothing" test ! -e "$T_TMP/notified"
TEND_NOW=$(at "2026-11-25 18:30") DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent \
	FAKE_NOTIFY_STATUS=1 tend --data-dir "$DD" remind --notify
t_has "a failing notify-send leaves it pending" "$(cat "$DD/state/remind.state")" "pending=2026-11-25"
export PATH="$OPATH"

# --- snooze, pause, resume, off -------------------------------------------
rm -f "$DD/state/remind.state"
out=$(TEND_NOW=$(at "2026-11-26 18:05") pty "$RT" --login)
t_has "a prompt before snoozing" "$out" "To pause"
TEND_NOW=$(at "2026-11-26 18:06") t_run 0 "snooze 1h" tend --data-dir "$DD" remind snooze 1h
t_has "snooze says until when" "$T_OUT" "Snoozed until"
out=$(TEND_NOW=$(at "2026-11-26 18:30") pty "$RT" --login)
t_check "snoozed: nothing" test -z "$out"
out=$(TEND_NOW=$(at "2026-11-26 19:10") pty "$RT" --login)
t_has "after the snooze: one more" "$out" "To pause"
out=$(TEND_NOW=$(at "2026-11-26 19:20") pty "$RT" --login)
t_check "... and only one" test -z "$out"
t_run 2 "snooze with a bad duration" tend --data-dir "$DD" remind snooze 5x
t_run 2 "snooze longer than a week" tend --data-dir "$DD" remind snooze 3w
TEND_NOW=$(at "2026-11-26 20:00") t_run 0 "pause (default a week)" tend --data-dir "$DD" remind pause
t_has "pause says until when" "$T_OUT" "2026-12-03"
out=$(TEND_NOW=$(at "2026-11-28 18:30") pty "$RT" --login)
t_check "paused: nothing" test -z "$out"
TEND_NOW=$(at "2026-11-28 18:31") t_run 0 "status while paused" tend --data-dir "$DD" remind status
t_has "status shows the pause" "$T_OUT" "Paused until"
TEND_NOW=$(at "2026-11-28 18:31") t_run 0 "resume" tend --data-dir "$DD" remind resume
out=$(TEND_NOW=$(at "2026-11-28 18:32") pty "$RT" --login)
t_has "after resume: reminders again" "$out" "To pause"
t_run 0 "off" tend --data-dir "$DD" remind off
t_check "off removes the schedule" test ! -e "$S"
t_check "off keeps nothing but the word off" \
	test "$(cat "$DD/state/remind.state")" = "format=1
off=1"
"$UPDATE" "$DD" "$(at '2026-11-29 12:00')" daily
t_check "while off, the program writes no schedule" test ! -e "$S"
t_run 1 "set while off is refused" tend --data-dir "$DD" remind set --window 17:00-18:00
t_run 0 "status while off" tend --data-dir "$DD" remind status
t_has "status says off" "$T_OUT" "off"
t_run 0 "resume after off" tend --data-dir "$DD" remind resume
"$UPDATE" "$DD" "$(at '2026-11-29 12:00')" daily
t_check "after resume the program writes it again" test -f "$S"

# --- settings --------------------------------------------------------------
t_run 0 "set window, days, quiet" tend --data-dir "$DD" remind set \
	--window 07:30-09:00 --days mon-fri --quiet 22:00-07:00
t_has "window saved" "$(cat "$S")" "window=07:30-09:00"
t_has "days saved" "$(cat "$S")" "days=mon,tue,wed,thu,fri"
t_has "set keeps what is due" "$(cat "$S")" "practice=daily"
t_run 2 "set: a window inside quiet hours is refused" tend --data-dir "$DD" remind set --window 23:00-23:30
t_has "... with the reason" "$T_ERR" "quiet hours"
t_run 2 "set: bad days" tend --data-dir "$DD" remind set --days funday
t_run 2 "set: nothing to set" tend --data-dir "$DD" remind set
t_run 0 "set the shared profile" tend --data-dir "$DD" remind set --profile shared
t_has "shared: login only" "$(cat "$S")" "channels=login"
t_has "shared: discreet wording" "$(cat "$S")" "wording=discreet"
rm -f "$DD/state/remind.state"
out=$(TEND_NOW=$(at "2026-11-30 08:00") pty "$RT" --login)
t_has "discreet wording at login" "$out" "cheduled"
t_lacks "discreet: not the word practice" "$out" "practice"
t_run 1 "no calendar in the shared profile" tend --data-dir "$DD" remind ics
mkdir -p "$T_TMP/etc"
echo "profile=shared" >"$T_TMP/etc/config"
"$UPDATE" "$T_TMP/clinic" "$(at '2026-11-29 12:00')" daily
t_has "a clinic config makes new schedules shared" "$(cat "$T_TMP/clinic/state/schedule")" "profile=shared"
rm -f "$T_TMP/etc/config"

# --- strict parsing ----------------------------------------------------------
B="$T_TMP/bad"
mkdir -p "$B/state"
bad() { # NAME CONTENT
	printf '%b' "$2" >"$B/state/schedule"
	t_run 4 "damaged schedule: $1" tend --data-dir "$B" remind status
	t_has "damaged schedule: $1 names the file" "$T_ERR" "schedule"
	out=$(TEND_NOW=$(at "2026-11-23 18:30") pty "$TEND" --data-dir "$B" remind --login)
	t_check "damaged schedule: $1: --login stays silent" test -z "$out"
}
bad "no format line" 'window=18:00-20:00\n'
bad "future format" 'format=2\n'
bad "no final newline" 'format=1\nwindow=18:00-20:00'
bad "bad window" 'format=1\nwindow=18:00-17:00\n'
bad "bad time" 'format=1\nwindow=18:00-25:00\n'
bad "control character" 'format=1\nwindow=18:00-20:00\033[2J\n'
bad "unknown kind" 'format=1\ndue=2026-11-23T18:00:00Z therapy\n'
bad "bad date" 'format=1\nlast_active=2026-02-30\n'
bad "twice the same key" 'format=1\ndays=mon\ndays=tue\n'
bad "not key=value" 'format=1\nhello\n'
bad "a long line" "format=1\n#$(head -c 300 /dev/zero | tr '\0' x)\n"
head -c 9000 /dev/zero | tr '\0' '#' >"$B/state/schedule"
t_run 4 "a schedule over 8 KiB is refused" tend --data-dir "$B" remind status
t_has "... as too large" "$T_ERR" "too large"
printf 'format=1\ncolour=blue\nwindow=18:00-20:00\n' >"$B/state/schedule"
t_run 0 "unknown keys are ignored" tend --data-dir "$B" remind status
i=0
while [ $i -lt 70 ]; do echo "due=2026-11-23T18:00:00Z practice"; i=$((i + 1)); done |
	{ echo format=1; cat; } >"$B/state/schedule"
t_run 4 "too many due lines are refused" tend --data-dir "$B" remind status
printf 'format=1\n' >"$B/state/schedule"
printf 'format=1\noff=maybe\n' >"$B/state/remind.state"
t_run 4 "a damaged state is reported" tend --data-dir "$B" remind status
t_run 0 "pause replaces a damaged state" tend --data-dir "$B" remind pause 1d
t_has "... with a good one" "$(cat "$B/state/remind.state")" "pause_until="
rm -f "$B/state/schedule"
mkfifo "$B/state/schedule"
t_run 4 "a FIFO in place of the schedule does not block" tend --data-dir "$B" remind status
rm -f "$B/state/schedule"
ln -s /etc/passwd "$B/state/schedule"
t_run 4 "a symlink in place of the schedule is not followed" tend --data-dir "$B" remind status

# --- usage --------------------------------------------------------------------
t_run 0 "remind -h" tend remind -h
t_has "help lists install" "$T_OUT" "install login|systemd|cron"
t_run 2 "unknown remind command" tend remind frobnicate
t_run 2 "install what?" tend remind install
t_run 2 "install an unknown channel" tend remind install pigeon

t_done
