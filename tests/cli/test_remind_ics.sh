#!/bin/sh
# tend remind ics: an RFC 5545 calendar.  Checked by tests/tools/ics_check.py
# (CRLF, 75-octet folding, component structure, required properties, TZID
# with its VTIMEZONE, DISPLAY alarms) and, when Debian's python3-icalendar
# is installed, parsed by it too.
. "$(dirname "$0")/../lib.sh"

export HOME="$T_TMP/home" TZ=Europe/London
mkdir -p "$HOME"
unset XDG_DATA_HOME XDG_STATE_HOME XDG_CONFIG_HOME
export TEND_SYSCONF_DIR="$T_TMP/etc"
UPDATE="$(dirname "$TEND")/tools/remind_update"
CHECK="$TOP/tests/tools/ics_check.py"
PY=python3
# Debian's python3 has Debian's python3-icalendar; a python3 earlier on
# PATH (pyenv) may not.
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
if "$PY" -c 'import icalendar' 2>/dev/null; then
	echo "# checking with python3-icalendar too"
else
	t_skip "calendars parsed by python3-icalendar" \
		"python3-icalendar not installed: RFC rule checks only"
fi
at() { TZ=${ATZ:-Europe/London} date -d "$1" +%s; }
DD="$T_TMP/dd"

# The checker must catch what it checks for.
printf 'BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n' >"$T_TMP/lf.ics"
t_run 1 "the checker rejects LF line ends" "$PY" "$CHECK" "$T_TMP/lf.ics"
{ printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\n'
  printf 'UID:a\r\nDTSTAMP:20261122T000000Z\r\nDTSTART:20261122T180000Z\r\n'
  printf 'SUMMARY:%s\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' "$(head -c 100 /dev/zero | tr '\0' x)"
} >"$T_TMP/long.ics"
t_run 1 "the checker rejects long lines and a missing alarm" "$PY" "$CHECK" "$T_TMP/long.ics"
t_has "... naming both" "$T_OUT" "octets"
t_has "... and the alarm" "$T_OUT" "VALARM"
printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20261122T000000Z\r\nDTSTART;TZID=Mars/Base:20261122T180000\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:PT0S\r\nDESCRIPTION:x\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' >"$T_TMP/tz.ics"
t_run 1 "the checker rejects a TZID without VTIMEZONE" "$PY" "$CHECK" "$T_TMP/tz.ics"

NOW=$(at "2026-11-22 12:00")
"$UPDATE" "$DD" "$NOW" daily "p:$(at '2026-11-24 07:15')" \
	"l:$(at '2026-11-27 00:00')" "c:$(at '2026-11-22 09:00')" \
	"c:$(at '2027-03-28 00:00')"
tend --data-dir "$DD" remind set --days mon,wed,fri >/dev/null
TEND_NOW=$NOW tend --data-dir "$DD" remind ics >"$T_TMP/a.ics" 2>"$T_TMP/err"
t_check "ics exits 0" test $? = 0
t_has "ics warns that some apps drop alarms" "$(cat "$T_TMP/err")" "drop imported"
t_run 0 "the calendar passes the checks" "$PY" "$CHECK" "$T_TMP/a.ics"
ics=$(tr -d '\r' <"$T_TMP/a.ics")
unfolded=$(tr -d '\r' <"$T_TMP/a.ics" | sed -e ':a' -e 'N' -e '$!ba' -e 's/\n //g')
t_check "every line ends in CRLF" test "$(grep -c "$(printf '\r')\$" "$T_TMP/a.ics")" = "$(wc -l <"$T_TMP/a.ics")"
t_has "a VTIMEZONE for the local zone" "$ics" "TZID:Europe/London"
t_has "summer time from the last Sunday of March" "$ics" "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"
t_has "the window recurs on the chosen days" "$ics" "RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR"
t_has "the window in local time" "$ics" "DTSTART;TZID=Europe/London:20261123T180000"
t_has "a planned time at its time (UTC)" "$ics" "DTSTART:20261124T071500Z"
t_has "a section opening in the window of a chosen day" "$ics" "DTSTART:20261127T180000Z"
t_has "a check-in due after the clocks change: 18:00 BST" "$ics" "DTSTART:20270329T170000Z"
t_has "alarms display" "$ics" "ACTION:DISPLAY"
t_has "a neutral title" "$unfolded" "SUMMARY:Daily practice"
t_lacks "nothing is set in the past" "$ics" "DTSTART:20261122T090000Z"
uids() { grep '^UID:' "$1" | tr -d '\r' | sort; }
TEND_NOW=$((NOW + 3600)) tend --data-dir "$DD" remind ics -o "$T_TMP/b.ics" 2>/dev/null
t_check "-o writes the file 0600" test "$(stat -c %a "$T_TMP/b.ics")" = 600
t_check "UIDs are stable from one export to the next" test "$(uids "$T_TMP/a.ics")" = "$(uids "$T_TMP/b.ics")"
t_check "UIDs differ between events" test "$(uids "$T_TMP/a.ics" | uniq -d | wc -l)" = 0
t_check "DTSTAMP is the export time" grep -q "DTSTAMP:20261122T130000Z" "$T_TMP/b.ics"

ATZ=America/New_York
NY=$(at "2026-11-22 12:00")
TZ=America/New_York TEND_NOW=$NY tend --data-dir "$DD" remind ics -o "$T_TMP/ny.ics" 2>/dev/null
t_run 0 "New York calendar passes the checks" "$PY" "$CHECK" "$T_TMP/ny.ics"
t_has "New York: daylight time offset" "$(cat "$T_TMP/ny.ics")" "TZOFFSETTO:-0400"
t_has "New York: second Sunday of March" "$(cat "$T_TMP/ny.ics")" "BYMONTH=3;BYDAY=2SU"
t_has "New York: first Sunday of November" "$(cat "$T_TMP/ny.ics")" "BYMONTH=11;BYDAY=1SU"
TZ=UTC TEND_NOW=$NOW tend --data-dir "$DD" remind ics -o "$T_TMP/utc.ics" 2>/dev/null
t_run 0 "a zone without DST passes the checks" "$PY" "$CHECK" "$T_TMP/utc.ics"
TZ=EST5EDT TEND_NOW=$NOW tend --data-dir "$DD" remind ics -o "$T_TMP/float.ics" 2>/dev/null
t_run 0 "a zone without a name: floating local times" "$PY" "$CHECK" "$T_TMP/float.ics"
t_lacks "... and no TZID" "$(cat "$T_TMP/float.ics")" "TZID"
t_has "... the window at 18:00 local" "$(cat "$T_TMP/float.ics")" "T180000"

tend --data-dir "$DD" remind set --wording discreet >/dev/null
TEND_NOW=$NOW tend --data-dir "$DD" remind ics -o "$T_TMP/d.ics" 2>/dev/null
t_run 0 "discreet calendar passes the checks" "$PY" "$CHECK" "$T_TMP/d.ics"
t_lacks "discreet: not the word practice" "$(cat "$T_TMP/d.ics")" "ractice"
t_lacks "calendar entries carry no kind names" "$(cat "$T_TMP/d.ics")" "checkin"
t_run 1 "ics without a schedule" tend --data-dir "$T_TMP/none" remind ics
t_run 2 "ics with a stray argument" tend --data-dir "$DD" remind ics --bogus
t_run 1 "ics into a folder that does not exist" tend --data-dir "$DD" remind ics -o "$T_TMP/no/such/x.ics"

t_done
