#!/bin/sh
# Crash safety: a process saving in a loop (a journal record per save, the
# whole image every fifth save) is killed with SIGKILL at random moments,
# a few hundred times.  After every kill the vault and both backups open,
# every change whose save had returned is there, and a torn last record
# is never one that was reported saved.
. "$(dirname "$0")/../lib.sh"

TOOL=$(dirname "$TEND")/tools/vault_tool
D=$T_TMP/data
rounds=300
[ "${TEND_VALGRIND:-}" = 1 ] && rounds=20

t_run 0 "a test vault is made" "$TOOL" init "$D" "crash pass"
t_run 0 "$rounds kill -9 rounds during saves" "$TOOL" crash "$D" "crash pass" "$rounds"
printf '%s\n' "$T_OUT" "$T_ERR" | sed 's/^/# /'
left=$(ls "$D" | grep -Ev '^(vault(\.bak|\.bak\.1|\.lock|\.journal)?|state)$')
t_check "no temporary files are left behind" test -z "$left"
t_done
