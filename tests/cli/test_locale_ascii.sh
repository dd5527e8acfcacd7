#!/bin/sh
# The command line in a locale that is not UTF-8 (LANG=C, and a Latin-1
# German locale when it can be made): on a terminal, typographic
# characters from the interface and from the course (a lesson title with a
# dash, curly quotes and an ellipsis) come out in their ASCII forms, never
# as '?' or raw UTF-8; into a pipe, data stays UTF-8 byte for byte; tend
# render is ASCII even into a pipe.  The terminal is script(1)'s.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../locale.sh"

command -v script >/dev/null || t_skip_all "script(1) from util-linux is not installed"

PK="$T_TMP/pack"
D="$T_TMP/data"
P="$T_TMP/pass"
echo "a long test passphrase 4711" >"$P"
export TEND_SHARE_DIR="$PK" TEND_SYSCONF_DIR="$T_TMP/etc" TEND_NOW=1793527200 COLUMNS=80
mkdir -p "$TEND_SYSCONF_DIR"
TITLE='Getting started — “small” steps…'
ATITLE='Getting started - "small" steps...'
cp -R "$TOP/tests/fixtures/packs/good" "$PK"
sed -i "s/^title: \"Getting started\"\$/title: \"$(printf '%s' "$TITLE" | sed 's/"/\\\\"/g')\"/" \
	"$PK/content/demo/01-start.md"
t_run 0 "the typographic course is valid" tend check-content "$PK/content"

# tty CMD...: runs CMD on a terminal (script(1)) in the C locale; the
# output without the terminal's carriage returns.
tty() {
	LC_ALL=C LANG=C script -qec "$*" /dev/null </dev/null | tr -d '\r'
}
ascii_only() { ! printf '%s' "$1" | LC_ALL=C grep -q '[^ -~]'; }

tend init --kdf interactive --data-dir "$D" --passphrase-fd 3 3<"$P" >/dev/null 2>&1
printf '%s\n' GB '' 1 1 2 y '' lessons quit >"$T_TMP/in"
out=$(LC_ALL=C LANG=C script -qec \
	"'$TEND' --plain --data-dir '$D' --passphrase-fd 3 3<'$P'" /dev/null \
	<"$T_TMP/in" | tr -d '\r')
t_has "plain mode: the course starts" "$out" 'Your course has started.'
t_has "plain mode: the lesson title in ASCII" "$out" "$ATITLE"
t_check "plain mode: nothing but ASCII on the terminal" ascii_only "$out"
t_lacks "plain mode: no '?' for a quote" "$out" '?small?'

out=$(tty "'$TEND' status --data-dir '$D' --passphrase-fd 3 3<'$P'")
t_has "status on a terminal: the title in ASCII" "$out" "$ATITLE"
t_check "status on a terminal: ASCII only" ascii_only "$out"
LC_ALL=C LANG=C tend status --data-dir "$D" --passphrase-fd 3 3<"$P" >"$T_TMP/st" 2>&1
t_check "status into a pipe: the title as the course wrote it" \
	grep -qF "$TITLE" "$T_TMP/st"
LC_ALL=C LANG=C tend status --json --data-dir "$D" --passphrase-fd 3 3<"$P" >"$T_TMP/st.json"
t_check "status --json into a pipe: UTF-8 JSON, byte for byte" python3 -c "
import json,sys
j=json.load(open('$T_TMP/st.json', encoding='utf-8'))
assert any(l['title']=='''$TITLE''' for l in j['lessons']), j['lessons']"

# An error on stderr, on a terminal, naming a file with quotes in its name.
out=$(tty "'$TEND' render '$T_TMP/“nothing”.md'")
t_has "stderr on a terminal: in ASCII" "$out" '"nothing".md'
t_check "stderr on a terminal: ASCII only" ascii_only "$out"

# render: ASCII for reading, even into a pipe.
printf -- '# Worry — “what if” thoughts…\n\n- first • item ✓ done\n- it’s fine\n' >"$T_TMP/t.md"
LC_ALL=C tend render --width 40 "$T_TMP/t.md" >"$T_TMP/r" 2>&1
r=$(cat "$T_TMP/r")
t_has "render: dash, quotes and ellipsis" "$r" 'Worry - "what if" thoughts...'
t_has "render: bullet and check mark" "$r" '* first * item [x] done'
t_has "render: apostrophe" "$r" "it's fine"
t_check "render: ASCII only" ascii_only "$r"
t_has "render: the heading's rule as wide as the ASCII heading" "$r" \
	"$(printf '%s\n%s' 'Worry - "what if" thoughts...' '=============================')"

# A Latin-1 German locale: German messages where the catalogue is built,
# in ASCII (umlauts as ae, oe, ue); never UTF-8 bytes on that terminal.
if t_locale de_DE.ISO-8859-1; then
	out=$(LC_ALL=de_DE.ISO-8859-1 LANG=de_DE.ISO-8859-1 script -qec \
		"'$TEND' status --data-dir '$D' --passphrase-fd 3 3<'$P'" /dev/null \
		</dev/null | tr -d '\r')
	t_check "Latin-1 locale: ASCII only on the terminal" ascii_only "$out"
	t_has "Latin-1 locale: the title in ASCII" "$out" "$ATITLE"
else
	t_skip "a Latin-1 locale" "de_DE.ISO-8859-1 cannot be made here (not root, or no localedef)"
fi

t_done
