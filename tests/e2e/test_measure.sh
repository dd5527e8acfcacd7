#!/bin/sh
# The text measure (tend-config(5), `measure`): a lesson's lines are laid
# out no wider than the configured number of columns, in the reader (tmux,
# 80x24) and in `tend render` without --width; without the setting, the
# reader uses the width of the terminal.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

export TEND_SYSCONF_DIR="$T_TMP/etc"
mkdir -p "$TEND_SYSCONF_DIR"
L=$T_TMP/lesson.md
{
	printf -- '---\nid: fixture\ntitle: "Fixture"\n---\n'
	printf '# Measure\n\n'
	i=1
	while [ $i -le 4 ]; do
		printf 'Paragraph %d is long enough to wrap more than once on any terminal that is eighty columns wide, and it says nothing else at all.\n\n' $i
		i=$((i + 1))
	done
} >"$L"

# The widest line of the screen that holds lesson text (the status line
# and the empty rows left out).
widest() {
	e2e_screen | grep -v 'lesson.md' | awk '{ sub(/ +$/, ""); if (length > w) w = length } END { print w + 0 }'
}

open_reader() {
	e2e_stop
	e2e_start 80 24 sh -c \
		"TEND_SYSCONF_DIR='$TEND_SYSCONF_DIR' TEND_LESSON='$L' '$TEND'"
	e2e_expect "$1: the lesson opens" "Paragraph 1 is long"
}

# Without the setting: the terminal's width (one column of margin).
: >"$TEND_SYSCONF_DIR/config"
open_reader "no measure"
w=$(widest)
t_check "no measure: lines use the terminal's width ($w > 60)" [ "$w" -gt 60 ]

# measure = 40: no line of text wider than 40 columns after the margin.
printf 'measure = 40\n' >"$TEND_SYSCONF_DIR/config"
open_reader "measure 40"
w=$(widest)
t_check "measure 40: no line wider than 41 columns ($w)" [ "$w" -le 41 ]
t_check "measure 40: the lines are filled ($w >= 30)" [ "$w" -ge 30 ]
e2e_keys q
e2e_stop

# tend render, without --width, at the measure; --width still wins.
t_run 0 "render at the measure" tend render "$L"
w=$(printf '%s\n' "$T_OUT" | awk '{ if (length > w) w = length } END { print w + 0 }')
t_check "render: no line wider than 40 ($w)" [ "$w" -le 40 ]
t_run 0 "render --width 70" tend render --width 70 "$L"
w=$(printf '%s\n' "$T_OUT" | awk '{ if (length > w) w = length } END { print w + 0 }')
t_check "render --width 70 wins over the measure ($w > 40)" [ "$w" -gt 40 ]
: >"$TEND_SYSCONF_DIR/config"
t_run 0 "render without a measure" tend render "$L"
w=$(printf '%s\n' "$T_OUT" | awk '{ if (length > w) w = length } END { print w + 0 }')
t_check "render without a measure: 80 columns ($w > 60)" [ "$w" -gt 60 ]

t_done
