#!/bin/sh
# Translation: every user-visible string is marked (tests/tools/i18n_scan.py
# over src/, with its allow-list tests/i18n-allow.txt, and a self-test on a
# planted tree that it catches what it should); dates name days and months
# only through clock_strftime; counted nouns go through ngettext; the
# catalogues are complete (msgfmt: no untranslated, no fuzzy message) and
# cover the sources; and, in German (LANG=de_DE.UTF-8, the locale made
# when it is missing and we are root), the command line speaks German,
# with German dates, while an English interface on a German LC_TIME keeps
# its dates English.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../locale.sh"

SCAN="$TOP/tests/tools/i18n_scan.py"
command -v python3 >/dev/null || t_skip_all "python3 is not installed"

# 1. No unmarked string in the sources.
t_run 0 "every user-visible string literal is marked" \
	python3 "$SCAN" --allow "$TOP/tests/i18n-allow.txt" "$TOP"

# 2. The check must be able to fail: a planted tree with one violation of
#    each kind, a clean file, and an allow-list entry that matches nothing.
PL="$T_TMP/planted"
mkdir -p "$PL/src/ui" "$PL/src/cli" "$PL/src/app" "$PL/src/pack" "$PL/src/util"
cat >"$PL/src/ui/bad.c" <<'EOF'
void f(struct ui *ui) { ui_message(ui, "Saved your answers."); }
static const char *const names[] = {"Plan your week", N_("Fine")};
void g(struct ui_canvas *c) { ui_put(c, 0, 0, 9, 0, "Press a key", 11); }
EOF
cat >"$PL/src/cli/bad.c" <<'EOF'
int h(void) { fprintf(stderr, "tend: cannot open %s\n", p); return 1; }
void k(void) { printf(_("fine %s\n"), "Also this one"); }
EOF
cat >"$PL/src/pack/bad.c" <<'EOF'
void m(struct diags *d) { diag_add(d, DIAG_ERROR, f, 1, "no such thing"); }
EOF
cat >"$PL/src/app/ok.c" <<'EOF'
void ok(struct buf *b) {
	buf_printf(b, "%s: %d\n", name, n);
	buf_adds(b, ",\"title\":");
	printf(_("Saved %d answers.\n"), n);
	printf(ngettext("%d entry", "%d entries", n), n);
	if (strcmp(a, "the same words") == 0) return;
	path = xasprintf("%s/.config/tend", home);
	s = N_("A table entry");
}
EOF
printf '# planted\nsrc/app/ok.c: Nothing like this\n' >"$PL/allow.txt"
python3 "$SCAN" --allow "$PL/allow.txt" "$PL" >"$T_TMP/planted.out" 2>&1
t_check "self-test: the planted tree fails" test $? = 1
got=$(cat "$T_TMP/planted.out")
for want in 'src/ui/bad.c:1: unmarked: "Saved your answers." (call ui_message)' \
	'src/ui/bad.c:2: unmarked: "Plan your week" (words)' \
	'src/ui/bad.c:3: unmarked: "Press a key" (call ui_put)' \
	'src/cli/bad.c:1: unmarked: "tend: cannot open %s\n" (call fprintf)' \
	'src/cli/bad.c:2: unmarked: "Also this one" (words)' \
	'src/pack/bad.c:1: unmarked: "no such thing" (call diag_add)' \
	'allow-list entry matches nothing: Nothing like this'; do
	t_has "self-test catches: $want" "$got" "$want"
done
t_lacks "self-test: a clean file passes" "$got" "src/app/ok.c:[0-9]"
t_lacks "self-test: marked text passes" "$got" "Fine"

# 3. Day and month names only through clock_strftime (util/clock.c): a
#    strftime with %a %A %b %B %h %c %x %p elsewhere would speak LC_TIME's
#    language.
words=$(grep -rn 'strftime(' "$TOP/src" --include='*.c' |
	grep -v 'clock_strftime\|^[^:]*src/util/clock\.c:' |
	grep '%[-_0^#]*[aAbBhcxXpr]')
t_check "no strftime with day or month names outside util/clock.c" test -z "$words"
[ -n "$words" ] && printf '%s\n' "$words" | sed 's/^/#   /'

# 4. Counted nouns: "N of M lessons", "N more entries" must be ngettext.
POT_NEW="$T_TMP/now.pot"
xgettext --from-code=UTF-8 --language=C -k_ -kN_ -kngettext:1,2 \
	--add-location=file -o "$POT_NEW" $(find "$TOP/src" -name '*.c' | sort) \
	2>"$T_TMP/xgettext.err"
t_check "xgettext reads the sources" test -s "$POT_NEW"
t_run 0 "no counted noun outside ngettext (\"1 of 1 lessons\", \"1 more entries\")" \
	python3 - "$POT_NEW" <<'EOF'
import re, sys
bad = []
for e in open(sys.argv[1], encoding="utf-8").read().split("\n\n"):
    if "msgid_plural" in e:
        continue
    m = re.search(r'^msgid ((?:".*"\n?)+)', e, re.M)
    if not m:
        continue
    s = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1)))
    if re.search(r"%[a-z]*[diu] of %[a-z]*[diu] [a-z]+s\b|%[a-z]*[diu] more [a-z]+s\b", s):
        bad.append(s)
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
EOF
[ -n "$T_OUT" ] && printf '%s\n' "$T_OUT" | sed 's/^/#   /'

# 5. The catalogues: complete, and covering what the sources say.
for po in "$TOP"/po/*.po; do
	[ -f "$po" ] || continue
	l=$(basename "$po" .po)
	st=$(LC_ALL=C msgfmt -c --statistics -o /dev/null "$po" 2>&1)
	t_check "po/$l.po compiles (msgfmt -c)" test $? = 0
	t_lacks "po/$l.po: nothing untranslated" "$st" "untranslated"
	t_lacks "po/$l.po: nothing fuzzy" "$st" "fuzzy"
	missing=$(python3 - "$POT_NEW" "$po" <<'EOF'
import re, sys
def ids(path):
    out = set()
    for e in open(path, encoding="utf-8").read().split("\n\n"):
        if e.lstrip().startswith("#~"):
            continue
        m = re.search(r'^msgid ((?:".*"\n?)+)', e, re.M)
        if m:
            out.add("".join(re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1))))
    out.discard("")
    return out
print(len(ids(sys.argv[1]) - ids(sys.argv[2])))
EOF
)
	if [ "$missing" = 0 ]; then
		t_ok "po/$l.po has every message of the sources"
	else
		t_skip "po/$l.po has every message of the sources" \
			"$missing new since the last translation: make pot po, then translate"
	fi
done

# 6. German on the command line.
D="$T_TMP/data"
P="$T_TMP/pass"
echo "a long test passphrase 4711" >"$P"
export TEND_SHARE_DIR="$TOP/tests/fixtures/packs/good" TEND_SYSCONF_DIR="$T_TMP/etc"
mkdir -p "$TEND_SYSCONF_DIR"
MO="$(dirname "$TEND")/locale/de/LC_MESSAGES/tend.mo"
if [ ! -f "$TOP/po/de.po" ] || [ ! -f "$MO" ]; then
	t_skip "German on the command line" "no German catalogue built ($MO)"
elif ! t_locale de_DE.UTF-8; then
	t_skip "German on the command line" "the de_DE.UTF-8 locale cannot be made here (not root, or no localedef)"
else
	de() { LC_ALL=de_DE.UTF-8 LANG=de_DE.UTF-8 LANGUAGE= "$@"; }
	t_run 0 "German: tend -h" de tend -h
	t_has "German: the usage is German" "$T_OUT" "Aufruf: tend"
	t_lacks "German: no English usage" "$T_OUT" "keep the vault and settings"
	t_run 2 "German: a wrong command" de tend frobnicate
	t_has "German: the error is German" "$T_ERR" "ist kein tend-Befehl"
	tend init --kdf interactive --data-dir "$D" --passphrase-fd 3 3<"$P" >/dev/null 2>&1
	TEND_NOW=1796544000 de tend status --data-dir "$D" --passphrase-fd 3 3<"$P" >"$T_TMP/st" 2>&1
	t_check "German: status in German" grep -q "noch nicht begonnen" "$T_TMP/st"
	t_lacks "German: no English status" "$(cat "$T_TMP/st")" "not started"
	de tend doctor --data-dir "$D" >"$T_TMP/doc" 2>&1
	t_check "German: doctor in German" grep -q "Einstellungen (" "$T_TMP/doc"
	t_check "German: doctor's settings" grep -q "nicht gesetzt" "$T_TMP/doc"
	t_lacks "German: no English doctor" "$(cat "$T_TMP/doc")" "not set"
	t_lacks "German: no English swap line" "$(cat "$T_TMP/doc")" "swap"
	# Plural forms: one item, two items, through the catalogue's rule.
	TEND_SHARE_DIR="$TOP" de tend assess phqpanic --answers 1,1 --data-dir "$D" \
		--passphrase-fd 3 3<"$P" >"$T_TMP/one" 2>&1
	t_check "German: the singular (1 Frage)" grep -q "hat 1 Frage, aber" "$T_TMP/one"
	TEND_SHARE_DIR="$TOP" de tend assess gad2 --answers 1,1,1 --data-dir "$D" \
		--passphrase-fd 3 3<"$P" >"$T_TMP/two" 2>&1
	t_check "German: the plural (2 Fragen)" grep -q "hat 2 Fragen, aber" "$T_TMP/two"
	TEND_SHARE_DIR="$TOP" tend assess gad2 --answers 1,1,1 --data-dir "$D" \
		--passphrase-fd 3 3<"$P" >"$T_TMP/en" 2>&1
	t_check "English: the plural stays English" grep -q "has 2 items, but" "$T_TMP/en"
	# Dates: German words with German messages, English with English
	# messages on a German LC_TIME (never "6 Dezember").
	printf '%s\n' '---' 'id: x' 'title: x' '---' 'x' >"$T_TMP/x.md"
	t_run 0 "German: a lesson renders" de tend render "$T_TMP/x.md"
fi

t_done
