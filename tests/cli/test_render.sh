#!/bin/sh
# `tend render`: golden layouts and the command's contract.
#
# Every tests/golden/NAME.md is rendered with --plain at widths 20, 40, 80
# and 132 and compared with tests/golden/NAME.W.txt.  After a deliberate
# layout change, regenerate them and review the diff:
#     UPDATE_GOLDEN=1 sh tests/cli/test_render.sh    (TEND=build/tend)
. "$(dirname "$0")/../lib.sh"

G="$TOP/tests/golden"
# UTF-8 of U+200E-200F, U+2028-202E, U+2066-2069, U+061C, U+FFF9-FFFB.
FMT_CONTROLS=$(printf '\342\200[\216\217\250-\256]|\342\201[\246-\251]|\330\234|\357\277[\271-\273]')
WIDTHS="20 40 80 132"

for md in "$G"/*.md; do
	name=$(basename "$md" .md)
	for w in $WIDTHS; do
		want="$G/$name.$w.txt"
		tend render --plain --width "$w" "$md" >"$T_TMP/got" 2>"$T_TMP/err"
		st=$?
		if [ "$st" != 0 ]; then
			t_fail "golden $name at $w" "exit $st: $(cat "$T_TMP/err")"
			continue
		fi
		if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
			cp "$T_TMP/got" "$want"
			t_skip "golden $name at $w" "UPDATE_GOLDEN=1: rewritten, not compared"
		elif [ ! -f "$want" ]; then
			t_fail "golden $name at $w" "missing $want (UPDATE_GOLDEN=1)"
		elif cmp -s "$T_TMP/got" "$want"; then
			t_ok "golden $name at $w"
		else
			t_fail "golden $name at $w" \
				"$(diff -u "$want" "$T_TMP/got" | head -40)"
		fi
		# No line is wider than the width (columns, not bytes): a
		# word or a URL longer than a line is broken at the width.
		if python3 "$TOP/tests/tools/cols.py" "$w" <"$T_TMP/got" >"$T_TMP/wide"; then
			t_ok "no line of $name wider than $w"
		else
			t_fail "no line of $name wider than $w" "$(cat "$T_TMP/wide")"
		fi
		# Nothing a terminal acts on may come out: no C0 controls but
		# newline, no DEL, no C1 controls (UTF-8 C2 80-9F).
		if LC_ALL=C grep -q "$(printf '[\001-\011\013-\037\177]')" "$T_TMP/got" ||
			LC_ALL=C grep -q "$(printf '\302[\200-\237]')" "$T_TMP/got"; then
			t_fail "no control characters in $name at $w"
		else
			t_ok "no control characters in $name at $w"
		fi
		# Nor an invisible format control (bidi overrides, embeddings,
		# isolates and marks, LS, PS, annotations).
		if LC_ALL=C grep -qE "$FMT_CONTROLS" "$T_TMP/got"; then
			t_fail "no format controls in $name at $w"
		else
			t_ok "no format controls in $name at $w"
		fi
	done
done

# The layout is the same however the file arrives.
tend render --plain --width 40 - <"$G/elements.md" >"$T_TMP/stdin"
t_check "FILE - reads standard input" cmp -s "$T_TMP/stdin" "$G/elements.40.txt"

# Width: the default is 80 when stdout is not a terminal; bad values are
# usage errors.
tend render --plain "$G/elements.md" >"$T_TMP/default"
t_check "default width is 80 off a terminal" cmp -s "$T_TMP/default" "$G/elements.80.txt"
t_run 0 "-w is --width" tend render --plain -w 20 "$G/elements.md"
printf '%s\n' "$T_OUT" >"$T_TMP/w20"
t_check "-w 20 matches the golden" cmp -s "$T_TMP/w20" "$G/elements.20.txt"
t_run 2 "--width 0 refused" tend render --width 0 "$G/elements.md"
t_has "--width names the range" "$T_ERR" "4 to 4000"
t_run 2 "--width abc refused" tend render --width abc "$G/elements.md"
t_run 2 "--width 99999 refused" tend render --width 99999 "$G/elements.md"
t_run 2 "no file is a usage error" tend render
t_has "no file says which" "$T_ERR" "which file"
t_run 2 "two files is a usage error" tend render a.md b.md
t_run 2 "unknown option" tend render --frob "$G/elements.md"
t_run 0 "-h" tend render -h
t_has "-h shows usage" "$T_OUT" "tend render FILE"
t_run 1 "missing file fails" tend render "$T_TMP/nope.md"
t_has "missing file is named" "$T_ERR" "nope.md"
t_run 1 "a directory fails" tend render "$T_TMP"
: >"$T_TMP/empty.md"
t_run 0 "empty file is fine" tend render "$T_TMP/empty.md"
t_check "empty file gives no output" test -z "$T_OUT"

# Front matter is the pack loader's, never shown.
t_run 0 "front matter" tend render --plain "$G/elements.md"
t_lacks "front matter is skipped" "$T_OUT" "golden-elements"
printf -- '---\nnot: closed\n\nBody\n' >"$T_TMP/open.md"
t_run 0 "unclosed front matter" tend render --plain "$T_TMP/open.md"
t_has "unclosed front matter is Markdown" "$T_OUT" "not: closed"

# Links are listed after the text.
t_has "links listed" "$(cat "$G/elements.80.txt")" "[1] https://example.org/one"

# Styling: none when piped; on a terminal ANSI attributes, and colour only
# when allowed.
t_lacks "no escapes when piped" "$(cat "$T_TMP/default")" "$(printf '\033')"
if command -v script >/dev/null; then
	printf '# Title\n\nSome *emphasis* and `code`.\n' >"$T_TMP/s.md"
	script -qec "$TEND render --width 40 $T_TMP/s.md" /dev/null >"$T_TMP/tty" 2>&1
	t_has "ANSI on a terminal" "$(cat "$T_TMP/tty")" "$(printf '\033[0;1;35m')Title"
	t_has "italic for emphasis" "$(cat "$T_TMP/tty")" "$(printf '\033[0;3m')emphasis"
	NO_COLOR=1 script -qec "$TEND render --width 40 $T_TMP/s.md" /dev/null >"$T_TMP/mono" 2>&1
	t_has "NO_COLOR keeps attributes" "$(cat "$T_TMP/mono")" "$(printf '\033[0;1m')Title"
	t_lacks "NO_COLOR has no colour" "$(cat "$T_TMP/mono")" ";35m"
	script -qec "$TEND render --plain --width 40 $T_TMP/s.md" /dev/null >"$T_TMP/plain" 2>&1
	t_lacks "--plain on a terminal has no escapes" "$(cat "$T_TMP/plain")" "$(printf '\033[')"
	script -qec "$TEND render --width 40 $T_TMP/nope.md" /dev/null >/dev/null 2>&1
	t_check "tty run reports a missing file" test $? != 0
else
	t_skip "styling on a terminal" "script(1) from util-linux is not installed"
fi

# ASCII glyphs in a locale that is not UTF-8.
LC_ALL=C tend render --plain --width 40 "$G/elements.md" >"$T_TMP/ascii" 2>&1
t_check "C locale: ASCII bullets" grep -q '^\* first item' "$T_TMP/ascii"
t_check "C locale: ASCII rule" grep -q '^----------------------------------------$' "$T_TMP/ascii"
t_check "C locale: ASCII quote bar" grep -q '^| A block quote' "$T_TMP/ascii"

t_done
