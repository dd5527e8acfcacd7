#!/bin/sh
# First run with two courses installed (a clinic's course in
# TEND_SYSCONF_DIR/content beside the bundled one): after the recovery code
# the person chooses, by number, and the chosen course starts; the choice
# is kept for the next run and for tend status.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

GOOD="$TOP/tests/fixtures/packs/good"
D="$T_TMP/data"
P="$T_TMP/pass"
PASS="a long test passphrase 4711"
echo "$PASS" >"$P"
export TEND_SYSCONF_DIR="$T_TMP/etc" TEND_SHARE_DIR="$GOOD"
mkdir -p "$TEND_SYSCONF_DIR/content"
cp -R "$GOOD/content/demo" "$TEND_SYSCONF_DIR/content/clinic"
sed -i 's/^id: demo/id: clinic/; s/^title: "Small Steps"/title: "Clinic Course"/' \
	"$TEND_SYSCONF_DIR/content/clinic/course.yaml"
sed -i '/^checkins:/,$d' "$TEND_SYSCONF_DIR/content/clinic/course.yaml"
T0=1793527200

TEND_NOW=$T0 e2e_start 80 24 sh -c \
	"TEND_SHARE_DIR=$GOOD TEND_SYSCONF_DIR=$TEND_SYSCONF_DIR '$TEND' --data-dir '$D'"
e2e_expect "the country" "Your country"
e2e_keys 1
e2e_expect "welcome" "Welcome to tend"
e2e_keys Enter
e2e_expect "passphrase" "Choose a passphrase"
e2e_keys "$PASS" Enter
e2e_expect "again" "The same again:"
e2e_keys "$PASS" Enter
e2e_expect "recovery code" "Your recovery code" 15
e2e_keys y
e2e_expect "choice of course" "Choose a course"
e2e_expect "the clinic's course is listed" "1   Clinic Course"
e2e_expect "the bundled course is listed" "2   Small Steps"
e2e_keys 1
e2e_expect "the suitability check" "A few questions to check that tend suits you"
e2e_keys Enter
e2e_expect "the chosen course starts: home, its first lesson" \
	"1  Read “Getting started”"
e2e_still "under the chosen course's name" "Clinic Course"
t_lacks "no check-in first (the course has none)" "$(e2e_screen)" "mood questions"
e2e_keys Q
e2e_exits "leaves"
e2e_stop

t_run 0 "status follows the choice" sh -c "TEND_NOW=$T0 $TEND --data-dir $D \
	status --passphrase-fd 3 3<$P"
t_has "status: the clinic course" "$T_OUT" "Clinic Course: 0 of 3 lessons done"
t_done
