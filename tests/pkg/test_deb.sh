#!/bin/sh
# make deb-check: the Debian package built by `make deb` (in DIR), as a
# clinic's technician would meet it.  lintian finds no error and no
# warning; dpkg -i installs it with the network cut off (a network
# namespace of its own); a new user (useradd) runs tend: version, a vault,
# the bundled course, doctor reading /etc/tend/config; dpkg --purge then
# leaves nothing of the package (files and the folders it made, the
# conffile included), only the user's own data.  Needs root; a machine
# where tend is already installed as a package is left alone (SKIP).
#   sh tests/pkg/test_deb.sh build-deb
DIR=${1:?usage: test_deb.sh DIR}
DIR=$(cd "$DIR" && pwd)
TEND=/usr/bin/tend
. "$(dirname "$0")/../lib.sh"
unset TEND_SHARE_DIR TEND_SYSCONF_DIR

[ "$(id -u)" = 0 ] || t_skip_all "needs root (dpkg -i, useradd)"
DEB=$(ls "$DIR"/tend_*_*.deb 2>/dev/null | head -1)
[ -n "$DEB" ] || t_skip_all "no package in $DIR (make deb)"
if dpkg-query -W -f='${Status}' tend 2>/dev/null | grep -q installed; then
	t_skip_all "tend is installed as a package here already"
fi
echo "# package: $(basename "$DEB"), $(stat -c %s "$DEB") bytes"
echo "# installed size: $(dpkg-deb -f "$DEB" Installed-Size) KiB"

# 1. lintian: no error, no warning (information tags are listed).
if command -v lintian >/dev/null; then
	lintian --pedantic -I "$DIR"/tend_*.changes >"$T_TMP/lintian" 2>&1
	sed 's/^/# lintian: /' "$T_TMP/lintian" | grep -v "root privileges"
	t_check "lintian: no errors" test -z "$(grep '^E: ' "$T_TMP/lintian")"
	t_check "lintian: no warnings" test -z "$(grep '^W: ' "$T_TMP/lintian")"
else
	t_skip "lintian" "lintian is not installed (make deb-deps)"
fi

# 2. What the package holds, and what of it was on the machine before.
dpkg-deb -c "$DEB" | awk '{print $6}' | sed 's|^\./|/|; s|/$||' |
	grep -v '^$' >"$T_TMP/paths"
: >"$T_TMP/before"
while read -r p; do
	[ -e "$p" ] && echo "$p" >>"$T_TMP/before"
done <"$T_TMP/paths"

# 3. dpkg -i without network.
NONET=
if unshare -n true 2>/dev/null; then
	NONET="unshare -n"
else
	t_skip "installed without network" "no network namespace here"
fi
t_run 0 "dpkg -i without network" $NONET dpkg -i "$DEB"
T_CLEANUP_HOOK='dpkg --purge tend >/dev/null 2>&1; userdel -r "$U" >/dev/null 2>&1'
for f in /usr/bin/tend /etc/tend/config /usr/share/doc/tend/copyright \
	/usr/share/doc/tend/changelog.gz /usr/share/doc/tend/README.md.gz \
	/usr/share/doc/tend/examples/config /usr/share/man/man1/tend.1.gz \
	/usr/share/man/man5/tend-config.5.gz \
	/usr/share/bash-completion/completions/tend \
	/usr/share/zsh/vendor-completions/_tend \
	/usr/share/tend/content/steady/course.yaml; do
	t_check "installed: $f" test -f "$f"
done
t_has "/etc/tend/config is a conffile" \
	"$(dpkg-query -W -f='${Conffiles}' tend)" "/etc/tend/config"
t_run 0 "the example config is all comments" \
	test -z "$(grep -v '^#' /etc/tend/config | grep -v '^$')"

# 4. A new user.
U="tendt$$"
t_run 0 "useradd" useradd -m -s /bin/sh "$U"
H=$(getent passwd "$U" | cut -d: -f6)
as_user() {
	runuser -u "$U" -- env -i HOME="$H" PATH=/usr/bin:/bin LANG=C.UTF-8 \
		TZ=UTC sh -c "$1"
}
t_run 0 "tend --version as the new user" as_user "tend --version"
t_has "the version" "$T_OUT" "tend 0."
t_run 0 "tend init as the new user" as_user \
	"printf 'a long test passphrase 4711\n' | tend init --kdf interactive --passphrase-fd 0"
t_run 0 "tend status finds the bundled course" as_user \
	"printf 'a long test passphrase 4711\n' | tend status --passphrase-fd 0"
t_has "the course" "$T_OUT" "Steady"
t_run 0 "tend doctor" as_user "tend doctor"
t_has "doctor reads /etc/tend/config" "$T_OUT" "Settings (/etc/tend/config"
t_run 0 "tend check-content of the installed course" as_user \
	"tend check-content --strict /usr/share/tend"
t_check "the vault is the user's" test -f "$H/.local/share/tend/vault"

# 5. dpkg --purge leaves only the user's data.
t_run 0 "dpkg --purge" dpkg --purge tend
left=""
while read -r p; do
	grep -qxF "$p" "$T_TMP/before" && continue
	[ -e "$p" ] && left="$left $p"
done <"$T_TMP/paths"
t_check "nothing of the package is left" test -z "$left"
[ -n "$left" ] && echo "# left:$left"
t_check "no /etc/tend" test ! -e /etc/tend
t_check "no /usr/share/tend" test ! -e /usr/share/tend
t_check "the user's vault stays" test -f "$H/.local/share/tend/vault"
t_run 0 "userdel" userdel -r "$U"
T_CLEANUP_HOOK=
t_done
