#!/bin/sh
# A clinic's folder (TEND_SYSCONF_DIR standing in for /etc/tend) with its
# own course, questionnaire and crisis lines, and a config file: check-content
# reads the folder as the program does (and warns about a data/ folder the
# program would not read); the configured course starts without asking, its
# baseline check-in uses the clinic's questionnaire; country, kdf, reminder
# defaults, clinic contact, instruments and lock are obeyed; bad lines are
# warnings with file and line; doctor shows each setting and its origin.
. "$(dirname "$0")/../lib.sh"

ETC="$T_TMP/etc"
D="$T_TMP/data"
P="$T_TMP/pass"
echo "a long test passphrase 4711" >"$P"
cp -R "$TOP/tests/fixtures/clinic" "$ETC"
rm -f "$ETC/README"
export TEND_SYSCONF_DIR="$ETC"
T0=1793527200 # Sunday 1 November 2026, 10:00 UTC

tnd() { TEND_NOW=$T0 tend --data-dir "$D" "$@"; }
withpass() { TEND_NOW=$T0 tend --data-dir "$D" "$@" --passphrase-fd 3 3<"$P"; }

# 1. check-content and the program read the same folders.
t_run 0 "check-content of the clinic's folder" tend check-content "$ETC"
t_has "its course, and its data files" "$T_OUT" \
	"courses 1, lessons 1, data files 2, crisis lines 2; errors 0, warnings 0"
mkdir -p "$ETC/data/instruments"
cp "$ETC/instruments/wellbeing3.yaml" "$ETC/data/instruments/"
t_run 0 "a data/ folder in the clinic's folder" tend check-content "$ETC"
t_has "is warned about: the program does not read it" "$T_ERR" \
	"$ETC/data: warning: not read"
mv "$ETC/instruments" "$T_TMP/instruments.away"
t_run 4 "with the questionnaire only in data/, check-content fails" \
	tend check-content "$ETC"
t_has "as the program would: unknown instrument" "$T_ERR" \
	"unknown instrument 'wellbeing3'"
mv "$T_TMP/instruments.away" "$ETC/instruments"
rm -rf "$ETC/data"

# 2. The configuration.
cat >"$ETC/config" <<'CONF'
# Riverside's laptops
course = riverside
country = gb
kdf = moderate
reminder_window = 17:00-19:30
reminder_days = mon-fri
clinic_name = "Riverside Wellbeing Service"
clinic_phone = "020 7946 0000"
clinic_hours = "Monday to Friday, 9:00 to 17:00"
instruments = phq9, gad7
lock = kdf
colour = blue
minimum_age = 200
CONF
(umask 077 && mkdir -p "$D/config")
printf 'kdf = interactive\ncountry = IE\nclinic_phone = 123\n' >"$D/config/config"

t_run 0 "init" withpass init
t_has "an unknown key: file and line" "$T_ERR" \
	"$ETC/config:12: warning: unknown key 'colour'"
t_has "a bad value: file and line" "$T_ERR" \
	"$ETC/config:13: warning: 'minimum_age' must be a whole number from 0-120"
t_has "a locked key in the person's file" "$T_ERR" \
	"$D/config/config:1: warning: 'kdf' is set by the clinic"
t_has "a clinic-only key in the person's file" "$T_ERR" \
	"$D/config/config:3: warning: 'clinic_phone' can only be set in $ETC/config"

t_run 1 "doctor (exit 1: the config has warnings)" tnd doctor
t_has "the vault has the clinic's kdf (moderate: 3 passes, 256 MiB)" \
	"$T_OUT" "passphrase key cost 3 passes x 256 MiB"
t_has "doctor: kdf and where it came from" "$T_OUT" \
	"kdf                moderate                 $ETC/config:4"
t_has "doctor: the person's country wins" "$T_OUT" \
	"country            IE                       $D/config/config:2"
t_has "doctor: a default" "$T_OUT" "profile            personal                 default"
t_has "doctor: not set" "$T_OUT" "measure            -                        not set"
t_has "doctor: the warnings too" "$T_OUT" "unknown key 'colour'"

SEED="$(dirname "$TEND")/tools/course_seed"
t_run 0 "status: the configured course, without choosing" withpass status
t_has "the clinic's course, not started" "$T_OUT" "Riverside Steps: not started yet."
t_run 0 "the course starts" sh -c \
	"TEND_NOW=$T0 '$SEED' --data-dir '$D' --passphrase-fd 3 start 3<'$P'"
t_run 0 "status after starting" withpass status
t_has "the clinic's course" "$T_OUT" "Riverside Steps"
t_has "its baseline check-in: the clinic's questionnaire" "$T_OUT" \
	"Check-in: Wellbeing-3"
t_run 0 "the clinic's questionnaire can be taken (the program reads its folder)" \
	withpass assess wellbeing3 --answers 1,0,1
t_run 0 "status after the check-in" withpass status
t_has "the lesson opens" "$T_OUT" "Hello from Riverside"

# instruments: only these offered, plus what the course uses.
t_run 0 "assess --list" tnd assess --list
t_has "listed: phq9" "$T_OUT" "phq9"
t_has "listed: the course's own questionnaire" "$T_OUT" "wellbeing3"
t_lacks "not listed: pcl5" "$T_OUT" "pcl5"
t_run 1 "a questionnaire the clinic left out is refused" \
	withpass assess pcl5 --answers 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0
t_has "it says so" "$T_ERR" "'pcl5' is not offered here"

# Reminder defaults from the config.
t_run 0 "remind status" tnd remind status
t_has "the clinic's window" "$T_OUT" "17:00-19:30"
t_lacks "remind stays silent about the config" "$T_ERR" "warning"

# The clinic's contact and the country: the crisis brief and the safety text.
t_run 0 "phq9 with a risk answer" \
	withpass assess phq9 --answers 1,1,1,1,1,1,1,1,1
t_has "the safety text names the clinic" "$T_OUT$T_ERR" \
	"Your clinic, Riverside Wellbeing Service: call 020 7946 0000 (Monday to Friday, 9:00 to 17:00)."
t_has "the crisis lines are the person's country's (IE)" "$T_OUT$T_ERR" "Ireland"

# The clinic's crisis file replaces the bundled one for GB.
printf 'country = GB\n' >"$D/config/config"
t_run 0 "phq9 again, country GB" \
	withpass assess phq9 --answers 1,1,1,1,1,1,1,1,1
t_has "the clinic's own GB lines" "$T_OUT$T_ERR" "Riverside night line"
t_lacks "not the bundled GB file" "$T_OUT$T_ERR" "Samaritans"

# A much worse score pauses the course: the pause names the clinic too.
t_run 0 "phq9, much worse, three weeks on (no risk answer)" sh -c \
	"TEND_NOW=$((T0 + 21 * 86400)) $TEND --data-dir $D assess phq9 \
	 --answers 3,3,3,3,3,3,3,3,0 --passphrase-fd 3 3<$P"
t_has "the course waits" "$T_OUT" "The next lesson will wait for now."
t_has "the pause names the clinic" "$T_OUT" \
	"Your clinic, Riverside Wellbeing Service: call 020 7946 0000 (Monday to Friday, 9:00 to 17:00)."

# Without the course installed: a warning, and doctor says so.
sed -i 's/^course = riverside/course = elsewhere/' "$ETC/config"
t_run 1 "doctor with a course that is not installed" tnd doctor
t_has "doctor: the course is not installed" "$T_OUT" \
	"$ETC/config:2: warning: the course 'elsewhere' is not installed"

t_done
