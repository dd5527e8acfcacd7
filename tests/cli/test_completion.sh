#!/bin/sh
# Shell completion: completion/tend.bash sourced in a plain bash, asked as
# bash would ask (COMP_WORDS, COMP_CWORD), for commands, options, instrument
# ids (from the binary under test), formats and KDF levels; and both files
# parse (zsh -n when zsh is installed).
. "$(dirname "$0")/../lib.sh"

BASHC="$TOP/completion/tend.bash"
ZSHC="$TOP/completion/_tend"
command -v bash >/dev/null || t_skip_all "bash is not installed"

t_run 0 "the bash completion parses" bash -n "$BASHC"
if command -v zsh >/dev/null; then
	t_run 0 "the zsh completion parses" zsh -n "$ZSHC"
else
	t_skip "the zsh completion parses" "zsh is not installed"
fi

# comp WORD...: the completions bash offers for the last word (which may
# be empty), one per line, sorted.
comp() {
	bash -c '
		. "$1"
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_tend
		printf "%s\n" "${COMPREPLY[@]}" | sort
	' comp "$BASHC" "$TEND" "$@"
}

t_run 0 "it registers for tend" bash -c ". '$BASHC'; complete -p tend"
t_has "complete -F _tend tend" "$T_OUT" "-F _tend tend"

got=$(comp "")
t_has "commands: assess" "$got" "assess"
t_has "commands: check-content" "$got" "check-content"
t_has "commands: export" "$got" "export"
t_has "commands: remind" "$got" "remind"
t_has "commands: helper" "$got" "helper"
t_has "commands: merge" "$got" "merge"
got=$(comp merge --)
t_check "merge options: --help --keep-vault" \
	test "$(echo $got)" = "--help --keep-vault"
t_check "zsh: merge and --keep-vault" sh -c \
	"grep -q \"'merge:\" '$ZSHC' && grep -q -- '--keep-vault' '$ZSHC'"
got=$(comp "st")
t_check "a prefix: st gives status only" test "$got" = "status"
got=$(comp "--")
t_has "global options: --data-dir" "$got" "--data-dir"
t_has "global options: --plain" "$got" "--plain"

got=$(comp assess "")
for id in phq9 gad7 core10; do
	t_has "instrument ids: $id" "$got" "$id"
done
t_lacks "no titles, only ids" "$got" "Questionnaire"
got=$(comp assess ph)
t_check "ph gives phq2, phq9 and phqpanic" test "$(echo $got)" = "phq2 phq9 phqpanic"
got=$(comp --data-dir /tmp assess g)
t_check "after a global option with a value: gad2 gad7" \
	test "$(echo $got)" = "gad2 gad7"
got=$(comp assess --c)
t_check "assess options: --chart --continue" \
	test "$(echo $got)" = "--chart --continue"

got=$(comp assess --p)
t_check "assess options: --paper --plan" \
	test "$(echo $got)" = "--paper --plan"
got=$(comp assess phq9 --answers 0,0,0,0,0,0,0,0,2 --plan "")
t_check "the plan answers" test "$(echo $got)" = "no yes"

got=$(comp export --format "")
t_check "export formats" test "$(echo $got)" = "csv fhir html json md"
got=$(comp init --kdf "")
t_check "kdf levels" test "$(echo $got)" = "interactive moderate sensitive"
got=$(comp remind "")
t_has "remind commands: snooze" "$got" "snooze"
got=$(comp remind install "")
t_check "remind install channels" test "$(echo $got)" = "cron login systemd"
got=$(comp helper "")
t_has "helper commands: summary" "$got" "summary"
got=$(comp helper link --share "")
t_has "what a helper sees: worksheets" "$got" "worksheets"
got=$(comp remind set --w)
t_check "remind set options" test "$(echo $got)" = "--window --wording"

t_done
