#!/bin/sh
# make dist-check: the offline bundle (make dist-offline) on a machine that
# has nothing: an empty root holding only the unpacked bundle (as /tend),
# a few device nodes in /dev and an empty /home.  In it, `tend render`
# lays out a lesson, `tend check-content` checks the bundled course, and a
# first run in a terminal (tmux, outside the root, running chroot ROOT
# /tend/bin/tend) reaches the home screen: the terminal description and a
# UTF-8 character set come from the bundle.  Then install.sh installs the
# bundle under a prefix and removes it again without a trace.  Needs root
# (chroot, mknod) and tmux for the first run.
#   sh tests/pkg/test_bundle.sh build-dist/tend-VERSION-ARCH.tar.gz
TAR=${1:?usage: test_bundle.sh TARBALL}
TAR=$(cd "$(dirname "$TAR")" && pwd)/$(basename "$TAR")
TEND=/nonexistent # lib.sh wants one; every run here names its binary
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../e2e/lib.sh"
unset TEND_SHARE_DIR TEND_SYSCONF_DIR

[ "$(id -u)" = 0 ] || t_skip_all "needs root (chroot, mknod)"
[ -f "$TAR" ] || t_skip_all "no bundle $TAR (make dist-offline)"
echo "# bundle: $(basename "$TAR"), $(stat -c %s "$TAR") bytes"

ROOT="$T_TMP/root"
CHROOT=$(command -v chroot)
mkdir -p "$ROOT/dev" "$ROOT/home" "$T_TMP/x"
t_run 0 "the bundle unpacks" tar -xzf "$TAR" -C "$T_TMP/x"
mv "$T_TMP/x"/tend-* "$ROOT/tend"
echo "# binary: $(stat -c %s "$ROOT/tend/bin/tend") bytes"
# Device nodes, not a bind mount: removing the test folder can then
# never reach the machine's /dev.
mknod -m 666 "$ROOT/dev/null" c 1 3
mknod -m 666 "$ROOT/dev/zero" c 1 5
mknod -m 666 "$ROOT/dev/random" c 1 8
mknod -m 666 "$ROOT/dev/urandom" c 1 9
mknod -m 666 "$ROOT/dev/tty" c 5 0
chmod 1777 "$ROOT/home"
t_run 0 "the root holds only the bundle, /dev and /home" \
	test "$(ls "$ROOT" | tr '\n' ' ')" = "dev home tend "
t_check "nothing else: no libc, no loader, no shell" \
	test ! -e "$ROOT/lib" -a ! -e "$ROOT/usr" -a ! -e "$ROOT/bin"

# export_env CMD...: a bare environment, as on a machine with nothing.
export_env() {
	env -i HOME=/home LANG=C.UTF-8 TZ=UTC "$@"
}
t_run 0 "tend --version in the empty root" export_env "$CHROOT" "$ROOT" \
	/tend/bin/tend --version
t_has "the version" "$T_OUT" "tend 0."
t_run 0 "tend render in the empty root" export_env "$CHROOT" "$ROOT" \
	/tend/bin/tend render --width 60 \
	/tend/share/tend/content/steady/01-welcome.md
t_has "render: the lesson's heading" "$T_OUT" "Welcome"
t_run 0 "tend check-content in the empty root" export_env "$CHROOT" "$ROOT" \
	/tend/bin/tend check-content --strict
t_has "check-content: the bundled course, no errors" "$T_OUT" \
	"courses 1, lessons 12"
t_has "check-content: no errors" "$T_OUT" "errors 0, warnings 0"

if command -v tmux >/dev/null; then
	PASS="a long test passphrase 4711"
	# tmux runs outside; only tend runs inside, with the bundle's
	# terminal description (tmux-256color) and character set.
	e2e_start 80 24 env -i HOME=/home LANG=C.UTF-8 TZ=UTC \
		TERM=tmux-256color "$CHROOT" "$ROOT" /tend/bin/tend
	e2e_expect "first run in the empty root: the country" "Your country"
	e2e_keys 1
	e2e_expect "welcome" "Welcome to tend"
	e2e_keys Enter
	e2e_expect "passphrase" "Choose a passphrase"
	e2e_keys "$PASS" Enter
	e2e_expect "again" "The same again:"
	e2e_keys "$PASS" Enter
	e2e_expect "recovery code" "Your recovery code" 30
	e2e_keys y
	e2e_expect "the suitability check" "A few questions to check"
	e2e_keys Enter
	e2e_expect "the baseline check-in, drawn with the bundle's terminfo" \
		"Patient Health Questionnaire (PHQ-9)"
	e2e_still "curly quotes and dashes: a UTF-8 screen" "Press ! at any time"
	e2e_keys q
	e2e_expect "leave it for now: a box drawn in UTF-8" "┌"
	e2e_keys y
	e2e_expect "the second baseline check-in" "GAD-7"
	e2e_keys q
	e2e_expect "leave that too" "Leave without saving"
	e2e_keys y
	e2e_expect "the third: the panic question" "panic question"
	e2e_keys q
	e2e_expect "leave the third" "Leave without saving"
	e2e_keys y
	e2e_expect "the home screen" "lessons done"
	e2e_still "under the course's name" "Steady Ground"
	e2e_keys Q
	e2e_exits "leaves"
	e2e_stop
	t_check "the vault was made in the root's /home" \
		test -f "$ROOT/home/.local/share/tend/vault"
else
	t_skip "a first run in the empty root" "tmux is not installed"
fi

# install.sh: into a prefix that does not exist, and out again.
P="$T_TMP/opt/tend"
t_run 0 "install.sh PREFIX" sh "$ROOT/tend/install.sh" "$P"
t_run 0 "the installed binary checks its course" env -i HOME="$T_TMP" \
	LANG=C.UTF-8 "$P/bin/tend" check-content
t_has "installed: the bundled course" "$T_OUT" "errors 0"
t_check "installed: man page" test -f "$P/share/man/man5/tend-config.5"
t_run 0 "install.sh --uninstall PREFIX" sh "$ROOT/tend/install.sh" \
	--uninstall "$P"
t_check "uninstall leaves no $P and no folder it made" test ! -e "$T_TMP/opt"
t_done
