#!/bin/sh
# No plaintext on disk: a canary answer is saved through the real session
# code under strace, then the data folder, $TMPDIR and every file any of
# the processes opened for writing are searched for it (and for the
# passphrase).  Nothing outside the data folder may be opened for writing.
. "$(dirname "$0")/../lib.sh"

TOOL=$(dirname "$TEND")/tools/vault_tool
D=$T_TMP/data
# The queue of key derivations in a folder of its own (checked below).
export TEND_KDF_DIR="$T_TMP/kdfq"
TMPD=$T_TMP/tmp
mkdir -p "$TMPD"
# Made at run time so that no file holds it before the test.
CANARY="canary-$(od -An -tx8 -N8 /dev/urandom | tr -d ' ')-secret"
PASS="pass-$(od -An -tx8 -N8 /dev/urandom | tr -d ' ')"

command -v strace >/dev/null || t_skip_all "strace is not installed (Debian package strace)"
if ! strace -f -o /dev/null true 2>"$T_TMP/strace.err"; then
	t_skip_all "strace cannot trace here: $(head -1 "$T_TMP/strace.err")"
fi

trace() { # log cmd...: runs with the secret on fd 0, TMPDIR pointing at TMPD
	log=$1
	shift
	printf '%s\n' "$PASS" | TMPDIR=$TMPD SQLITE_TMPDIR=$TMPD \
		strace -f -qq -e trace=openat,open,creat,rename,renameat,renameat2,link,linkat \
		-o "$log" "$@" >/dev/null 2>&1
}

trace "$T_TMP/s1" "$TEND" --data-dir "$D" init --kdf interactive --passphrase-fd 0
t_check "init under strace" test -e "$D/vault"
trace "$T_TMP/s2" "$TOOL" put "$D" answer "$CANARY"
trace "$T_TMP/s3" "$TOOL" put "$D" other "second $CANARY"
trace "$T_TMP/s4" "$TOOL" get "$D" answer
trace "$T_TMP/s5" "$TEND" --data-dir "$D" backup -o "$D/copy" --passphrase-fd 0
printf '%s\n' "$PASS" >"$T_TMP/p"
t_run 0 "the canary was saved" "$TOOL" get "$D" answer <"$T_TMP/p"
t_has "and reads back" "$T_OUT" "$CANARY"

# Files opened for writing or creation, and targets of renames and links.
written=$(cat "$T_TMP"/s[1-5] |
	grep -E 'O_WRONLY|O_RDWR|O_CREAT|creat\(|rename|link' |
	grep -v ' = -1 ' |
	sed -n 's/.*"\([^"]*\)".*/\1/p' | sort -u)
# The one exception: the queue of key derivations (tend-security(7)),
# files opened in its folder by name (openat) that hold nothing.
outside=""
for f in $written; do
	case $f in
	"$D"/* | "$D" | /dev/null | /dev/tty) ;;
	k.[0-9]*.[0-9]*.[0-9]* | queue.lock | "$TEND_KDF_DIR") ;;
	*) outside="$outside $f" ;;
	esac
done
t_check "nothing outside the data folder was opened for writing" test -z "$outside"
[ -n "$outside" ] && echo "# outside:$outside"
t_check "the key derivations' queue holds nothing but names" \
	test -z "$(find "$TEND_KDF_DIR" -type f -size +0c)"
n=$(printf '%s\n' "$written" | grep -c .)
t_check "the trace saw the writes ($n files)" test "$n" -ge 3

hits=$(grep -rlaF -e "$CANARY" -e "$PASS" "$D" "$TMPD" 2>/dev/null)
for f in $written; do
	[ -f "$f" ] && grep -qaF -e "$CANARY" -e "$PASS" "$f" && hits="$hits $f"
done
t_check "no canary or passphrase in any file" test -z "$hits"
[ -n "$hits" ] && echo "# found in:$hits"
t_check "TMPDIR stayed empty" test -z "$(ls -A "$TMPD")"
t_done
