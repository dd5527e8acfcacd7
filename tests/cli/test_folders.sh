#!/bin/sh
# Shared servers: the data and state folders must belong to the person and
# be writable by nobody else, or tend refuses, naming the folder and the
# fix.  A folder made by tend itself is 0700.
. "$(dirname "$0")/../lib.sh"

D=$T_TMP/data
printf 'correct horse battery staple\n' >"$T_TMP/p"

mkdir -m 777 "$D"
t_run 1 "init into a folder that others can write: refused" \
	tend --data-dir "$D" init --kdf interactive --passphrase-fd 3 3<"$T_TMP/p"
t_has "... naming the folder" "$T_ERR" "$D"
t_has "... and the fix" "$T_ERR" "chmod 700 $D"
t_check "... with no vault made" test ! -e "$D/vault"
chmod 700 "$D"
t_run 0 "init once it is private" \
	tend --data-dir "$D" init --kdf interactive --passphrase-fd 3 3<"$T_TMP/p"
t_check "the state folder tend made is 0700" \
	test "$(stat -c %a "$D/state" 2>/dev/null || echo 700)" = 700

chmod 775 "$D"
t_run 1 "group-writable data folder: status refused" \
	tend --data-dir "$D" status --passphrase-fd 3 3<"$T_TMP/p"
t_has "... naming it and the fix" "$T_ERR" "chmod 700 $D"
chmod 700 "$D"
t_run 0 "private again: status works" \
	tend --data-dir "$D" status --passphrase-fd 3 3<"$T_TMP/p"

mkdir -p "$D/state"
chmod 757 "$D/state"
t_run 1 "world-writable state folder: refused" \
	tend --data-dir "$D" status --passphrase-fd 3 3<"$T_TMP/p"
t_has "... naming the state folder" "$T_ERR" "state folder $D/state"
chmod 700 "$D/state"

if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
	chown nobody "$D"
	t_run 1 "a data folder owned by another user: refused" \
		tend --data-dir "$D" status --passphrase-fd 3 3<"$T_TMP/p"
	t_has "... saying whose it is" "$T_ERR" "belongs to another user"
	chown root "$D"
else
	t_skip "a folder owned by another user" "needs root to chown"
fi
t_done
