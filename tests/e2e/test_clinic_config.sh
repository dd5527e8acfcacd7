#!/bin/sh
# A clinic's /etc/tend (TEND_SYSCONF_DIR) whose config sets the course, the
# country, the kdf and the clinic's phone, with a second course installed:
# the first run skips the choice of course and starts the clinic's (its
# baseline check-in comes first), the crisis screen shows the clinic's
# phone and the clinic's own lines for the country, and tend doctor shows
# the kdf the vault was made with and where that setting came from.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

ETC="$T_TMP/etc"
D="$T_TMP/data"
PASS="a long test passphrase 4711"
cp -R "$TOP/tests/fixtures/clinic" "$ETC"
cat >"$ETC/config" <<'CONF'
course = riverside
country = GB
kdf = moderate
clinic_name = "Riverside Wellbeing Service"
clinic_phone = "020 7946 0000"
minimum_age = 16
CONF
T0=1793527200

TEND_NOW=$T0 e2e_start 80 30 sh -c \
	"TEND_SYSCONF_DIR=$ETC '$TEND' --data-dir '$D'"
e2e_expect "the country asked first, the clinic's as the default" \
	"Now: United Kingdom."
e2e_keys Enter
e2e_expect "welcome" "Welcome to tend"
e2e_still "the welcome's crisis part names the clinic" \
	"Your clinic, Riverside Wellbeing Service: call 020 7946 0000."
e2e_keys Enter
e2e_expect "passphrase" "Choose a passphrase"
e2e_keys "$PASS" Enter
e2e_expect "again" "The same again:"
e2e_keys "$PASS" Enter
e2e_expect "recovery code" "Your recovery code" 30
e2e_keys y
e2e_expect "the suitability check" "A few questions to check that tend suits you"
e2e_still "with the clinic's minimum age" "I am younger than 16."
e2e_keys Enter
e2e_expect "no choice of course: the clinic's baseline check-in" \
	"Wellbeing-3"
t_lacks "the chooser did not show" "$(e2e_screen)" "Choose a course"
e2e_keys '!'
e2e_expect "the crisis screen shows the clinic's phone" \
	"call 020 7946 0000"
e2e_still "with the clinic's name" "Riverside Wellbeing Service"
e2e_still "and the clinic's own lines for GB" "Riverside night line"
e2e_keys Q
e2e_exits "leaves"
e2e_stop

t_run 0 "status: the configured course is the person's" sh -c \
	"printf '%s\n' '$PASS' | TEND_NOW=$T0 \
	 TEND_SYSCONF_DIR=$ETC $TEND --data-dir $D status --passphrase-fd 0"
t_has "Riverside Steps" "$T_OUT" "Riverside Steps"
t_run 0 "doctor" env TEND_SYSCONF_DIR="$ETC" \
	"$TEND" --data-dir "$D" doctor
t_has "doctor: the vault's passphrase cost is moderate's" "$T_OUT" \
	"passphrase key cost 3 passes x 256 MiB"
t_has "doctor: the kdf setting and its line" "$T_OUT" \
	"kdf                moderate                 $ETC/config:3"
t_done
