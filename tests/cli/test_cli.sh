#!/bin/sh
# The command-line contract: help, version, global options before or after
# the subcommand, and the exit status of usage errors.
. "$(dirname "$0")/../lib.sh"

t_run 0 "-h exits 0" tend -h
t_has "-h lists commands" "$T_OUT" "check-content"
t_has "-h names the crisis key" "$T_OUT" "crisis"
t_run 0 "--help exits 0" tend --help
t_run 0 "-V exits 0" tend -V
t_has "-V prints the version" "$T_OUT" "tend 0."
t_run 2 "unknown command exits 2" tend frobnicate
t_has "unknown command says so" "$T_ERR" "'frobnicate' is not a tend command"
t_run 2 "unknown global option exits 2" tend --bogus
t_has "unknown option is named" "$T_ERR" "--bogus"
t_run 2 "--data-dir without value exits 2" tend status --data-dir
t_run 2 "--passphrase-fd must be a number" tend --passphrase-fd x status
t_run 2 "--passphrase-fd=-1 refused" tend --passphrase-fd=-1 status
t_run 2 "empty --data-dir= refused" tend --data-dir= status
lines=$(printf '%s\n' "$T_ERR" | wc -l)
t_check "usage errors are short" test "$lines" -le 2

# Global options are accepted before and after the subcommand: render does
# not need a vault, so it shows both forms behave the same.
printf '# Title\n\nSome text.\n' >"$T_TMP/l.md"
tend --no-color render "$T_TMP/l.md" --width 40 >"$T_TMP/a" 2>&1
a=$?
tend render --no-color "$T_TMP/l.md" --width 40 >"$T_TMP/b" 2>&1
b=$?
t_check "global option before or after: same status" test "$a" = "$b"
t_check "global option before or after: same output" cmp -s "$T_TMP/a" "$T_TMP/b"

# A passphrase is never taken from the command line.
t_run 2 "--passphrase is not an option" tend --passphrase secret status

t_done
