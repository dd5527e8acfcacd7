#!/bin/sh
# The full screen in other locales (tmux, 80x24, frozen clock), from the
# first run to the home screen and into the first lesson:
#  - LANG=C: typographic characters, in the interface and in the course's
#    own text (a lesson title with a dash, curly quotes and an ellipsis, a
#    bullet and a check mark in the lesson), are shown in their ASCII
#    forms, never as '?';
#  - LANG=de_DE.UTF-8: no English interface text on any screen of the way
#    (every English msgid of three words or more is looked for), while the
#    course's own text stays as the course wrote it.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../locale.sh"

SEED="$(dirname "$TEND")/tools/course_seed"
PK="$T_TMP/pack"
D="$T_TMP/data"
PASS="a long test passphrase 4711"
export TEND_SYSCONF_DIR="$T_TMP/etc"
mkdir -p "$TEND_SYSCONF_DIR"
T0=1793527200 # Sunday 1 November 2026, 10:00 UTC

# The small course, with typography in a title and in a lesson.
cp -R "$TOP/tests/fixtures/packs/good" "$PK"
sed -i 's/^title: "Getting started"$/title: "Getting started — “small” steps…"/' \
	"$PK/content/demo/01-start.md"
sed -i 's/^Welcome\. Each lesson is short/Welcome • each lesson ✓ is short/' \
	"$PK/content/demo/01-start.md"

run() { # run LANG: a first run on the typographic course
	e2e_stop
	rm -rf "$D"
	E2E_LANG=$1 TEND_NOW=$T0 e2e_start 80 24 sh -c \
		"TEND_SHARE_DIR='$PK' TEND_SYSCONF_DIR='$TEND_SYSCONF_DIR' '$TEND' --data-dir '$D'"
}

# The first run, by keys only (they are the same in every language):
# country, welcome, passphrase twice, recovery code, the suitability
# check, the baseline
# check-in (two items, save, confirm, close), to the home screen.
# SCREENS collects every screen on the way.
SCREENS="$T_TMP/screens"
snap() { e2e_screen >>"$SCREENS"; }
step() { # step KEYS...: send, then wait until the screen changes
	st_before=$(e2e_screen)
	e2e_keys "$@"
	t_wait_for 15 sh -c '[ "$(tmux -L "$1" capture-pane -p -t t)" != "$2" ]' \
		sh "$E2E_SOCK" "$st_before" || true
	# The screen settles: two captures in a row agree.
	t_wait_for 5 sh -c 'a=$(tmux -L "$1" capture-pane -p -t t); sleep 0.1;
		[ "$a" = "$(tmux -L "$1" capture-pane -p -t t)" ]' sh "$E2E_SOCK"
	snap
}
code_shown() { e2e_screen | grep -Eq '[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}'; }
first_run() {
	: >"$SCREENS"
	t_wait_for 15 e2e_has "1  " && snap
	step 1
	step Enter
	step "$PASS" Enter
	step "$PASS" Enter
	t_wait_for 20 code_shown && snap
	step y
	step Enter # the suitability check: none
	step Enter
	step 1
	step 2
	step s
	step y
	step q
	t_wait_for 10 e2e_has "3" && snap
}

# --- LANG=C ---------------------------------------------------------
run C
first_run
e2e_expect "LANG=C: the home screen" '"Getting started - "small" steps..."'
e2e_still "LANG=C: the next step names the lesson in ASCII quotes" \
	'Read "Getting started - "small" steps..." (about 10 min)'
t_check "LANG=C: no '?' where a character was on any screen of the way" \
	sh -c "! grep -n '[?][?]\\|[?]Getting\\|steps[?]\\|[?] is short' '$SCREENS'"
t_check "LANG=C: every screen is ASCII" \
	sh -c "! LC_ALL=C grep -q '[^ -~]' '$SCREENS'"
e2e_keys Enter
e2e_expect "LANG=C: the lesson's own text, in ASCII" \
	"Welcome * each lesson [x] is short"
e2e_stop

# --- LANG=de_DE.UTF-8 -----------------------------------------------
MO="$(dirname "$TEND")/locale/de/LC_MESSAGES/tend.mo"
if [ ! -f "$MO" ]; then
	t_skip "German" "no German catalogue built ($MO)"
	t_done
fi
if ! t_locale de_DE.UTF-8; then
	t_skip "German" "the de_DE.UTF-8 locale cannot be made here (not root, or no localedef)"
	t_done
fi
run de_DE.UTF-8
first_run
e2e_expect "German: the home screen" "0 von 3 Lektionen abgeschlossen"
e2e_still "German: the home screen's keys" "Enter los  f Stimmung"
e2e_still "German: help and crisis in the footer" "? Hilfe  ! Krise"
e2e_still "German: the next step" "„Getting started — “small” steps…“ lesen"
e2e_keys '?'
e2e_expect "German: the keys" "Listen und Menüs"
snap
e2e_keys q
e2e_keys '!'
e2e_expect "German: the crisis screen" "Hilfe jetzt"
snap
e2e_keys q
e2e_stop
for de in "Ihr Land" "Willkommen bei tend" "Wählen Sie eine Passphrase" \
	"Ihr Wiederherstellungscode" "Prüfen Sie Ihre Antworten" "Demnächst" \
	"Lektionen" "Bevor Sie beginnen" "Ich bin jünger als 18"; do
	t_check "German: '$de' on the way" grep -q "$de" "$SCREENS"
done
# No English interface text on any screen: every literal run of three
# words or more of every message in po/tend.pot (the screens joined into
# one line, so that a wrapped sentence is found too), except the course's
# own text and a message po/de.po does not translate yet (cli/test_i18n.sh
# reports those), and a short list of the shorter ones.
t_check "German: no English message on any screen of the way" \
	python3 "$TOP/tests/tools/english_left.py" "$TOP/po/tend.pot" "$PK" "$SCREENS" "$TOP/po/de.po"
for en in "Welcome" "passphrase" "Check your answers" "lessons done" \
	"Enter: go" "Coming up" "Recent" "keys" "Help now" "Lessons"; do
	t_lacks "German: no '$en'" "$(cat "$SCREENS")" "$en"
done

t_done
