#!/bin/sh
# make install and make uninstall, as a clinic's technician would use them:
# a build for PREFIX finds its course from there (and from a copy of the
# binary elsewhere, through the built-in folder), a staged install
# (DESTDIR) finds it relative to the binary, uninstall leaves nothing
# behind (empty folders included) but never a folder that was there
# before, and neither make nor make install ever calls apt-get or sudo.
# The build is its own (a folder under T_TMP), so the suite's binary is
# never rebuilt.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../locale.sh"

command -v make >/dev/null || t_skip_all "make is not installed"
unset MAKEFLAGS MAKELEVEL MFLAGS TEND_SHARE_DIR TEND_SYSCONF_DIR
export TEND_SYSCONF_DIR="$T_TMP/etc" # no clinic folder
B="$T_TMP/build"
OPT="$T_TMP/opt/tend"
P="$T_TMP/pass"
echo "a long test passphrase 4711" >"$P"

mk() { make -C "$TOP" --no-print-directory BUILD="$B" CFLAGS=-O0 "$@"; }

# A fake apt-get and sudo that leave a mark: make and make install must
# never reach them, not even with a library missing.
mkdir -p "$T_TMP/fakebin"
for c in apt-get sudo apt; do
	printf '#!/bin/sh\ntouch "%s/called-%s"\nexit 1\n' "$T_TMP" "$c" \
		>"$T_TMP/fakebin/$c"
	chmod +x "$T_TMP/fakebin/$c"
done
t_run 2 "make with a library missing fails" \
	env PATH="$T_TMP/fakebin:$PATH" make -C "$TOP" --no-print-directory \
	BUILD="$B" PKGS="tend-no-such-library" all
t_has "it names the missing library" "$T_OUT" "tend-no-such-library"
t_has "it says how to get it" "$T_OUT" "make deps"
t_run 2 "make install with a library missing fails too" \
	env PATH="$T_TMP/fakebin:$PATH" make -C "$TOP" --no-print-directory \
	BUILD="$B" PKGS="tend-no-such-library" PREFIX="$OPT" install
t_check "neither called apt-get, apt or sudo" \
	test ! -e "$T_TMP/called-apt-get" -a ! -e "$T_TMP/called-sudo" \
	-a ! -e "$T_TMP/called-apt"

# 1. PREFIX=/opt/tend, no DESTDIR.
t_run 0 "make install PREFIX=.../opt/tend" \
	env PATH="$T_TMP/fakebin:$PATH" sh -c \
	"make -C '$TOP' --no-print-directory BUILD='$B' CFLAGS=-O0 -j2 all >/dev/null &&
	 make -C '$TOP' --no-print-directory BUILD='$B' CFLAGS=-O0 PREFIX='$OPT' install"
t_check "still no apt-get or sudo" \
	test ! -e "$T_TMP/called-apt-get" -a ! -e "$T_TMP/called-sudo"
for f in bin/tend share/tend/content/steady/course.yaml \
	share/tend/data/instruments/phq9.yaml share/man/man1/tend.1 \
	share/man/man5/tend-content.5 share/man/man5/tend-config.5 \
	share/bash-completion/completions/tend share/zsh/site-functions/_tend \
	share/doc/tend/README.md share/doc/tend/LICENSE \
	share/doc/tend/examples/config; do
	t_check "installed: $f" test -f "$OPT/$f"
done
t_check "the binary is executable" test -x "$OPT/bin/tend"
t_run 0 "the built-in folder is PREFIX's" \
	grep -q "$OPT/share/tend" "$OPT/bin/tend"

H="$T_TMP/home"
fresh() { rm -rf "$H" && mkdir -p "$H"; }
inst() { # inst BINARY ARGS...: a person with a fresh HOME
	b=$1
	shift
	env -u XDG_DATA_HOME -u XDG_STATE_HOME -u XDG_CONFIG_HOME \
		HOME="$H" "$b" "$@"
}
fresh
t_run 0 "init on a fresh HOME" sh -c \
	"HOME='$H' '$OPT/bin/tend' init --kdf interactive --passphrase-fd 3 3<'$P'"
t_run 0 "status finds the course" sh -c \
	"HOME='$H' '$OPT/bin/tend' status --passphrase-fd 3 3<'$P'"
t_has "the bundled course" "$T_OUT" "Steady"
t_lacks "no complaint about a missing course" "$T_ERR$T_OUT" "no course"

# The German catalogue goes to PREFIX's share/locale, where the installed
# program finds it.
t_check "installed: share/locale/de/LC_MESSAGES/tend.mo" \
	test -f "$OPT/share/locale/de/LC_MESSAGES/tend.mo"
if t_locale de_DE.UTF-8; then
	t_run 0 "the installed program in German" sh -c \
		"HOME='$H' LC_ALL=de_DE.UTF-8 LANGUAGE= '$OPT/bin/tend' status --passphrase-fd 3 3<'$P'"
	t_has "German from the installed catalogue" "$T_OUT" "noch nicht begonnen"
else
	t_skip "the installed program in German" "the de_DE.UTF-8 locale cannot be made here (not root, or no localedef)"
fi

# A copy of the binary elsewhere still finds PREFIX's folder (built in).
mkdir -p "$T_TMP/elsewhere"
cp "$OPT/bin/tend" "$T_TMP/elsewhere/tend"
t_run 0 "a copy of the binary finds the course through the built-in folder" \
	sh -c "HOME='$H' '$T_TMP/elsewhere/tend' status --passphrase-fd 3 3<'$P'"
t_has "the same course" "$T_OUT" "Steady"

# A missing course says every place it looked.
mv "$OPT/share/tend/content" "$T_TMP/content.away"
t_run 1 "without content, status fails" sh -c \
	"HOME='$H' '$OPT/bin/tend' status --passphrase-fd 3 3<'$P'"
t_has "it says no course is installed" "$T_ERR" "no course is installed"
t_has "it names the clinic's folder" "$T_ERR" "$T_TMP/etc/content"
t_has "it names PREFIX's folder" "$T_ERR" "$OPT/share/tend/content"
mv "$T_TMP/content.away" "$OPT/share/tend/content"

t_run 0 "make uninstall PREFIX=.../opt/tend" mk PREFIX="$OPT" uninstall
t_check "nothing is left: $OPT is gone" test ! -e "$OPT"
t_check "nor its parent, which install made" test ! -e "$T_TMP/opt"

# 2. A staged install (DESTDIR): the binary finds share/tend beside it.
S="$T_TMP/stage"
t_run 0 "make install DESTDIR=stage" mk PREFIX="$OPT" DESTDIR="$S" install
t_check "staged: the binary" test -x "$S$OPT/bin/tend"
t_check "no manifest outside the staged tree" test ! -e "$OPT"
fresh
t_run 0 "the staged binary finds its course beside it" sh -c \
	"HOME='$H' '$S$OPT/bin/tend' init --kdf interactive --passphrase-fd 3 3<'$P' &&
	 HOME='$H' '$S$OPT/bin/tend' status --passphrase-fd 3 3<'$P'"
t_has "staged: the bundled course" "$T_OUT" "Steady"
t_run 0 "make uninstall DESTDIR=stage" mk PREFIX="$OPT" DESTDIR="$S" uninstall
t_run 0 "the staged tree is empty" test -z "$(find "$S" -mindepth 1)"

# 3. Folders that were there before install stay, and so do other files.
PRE="$T_TMP/pre"
mkdir -p "$PRE/bin" "$PRE/share/man/man1"
echo mine >"$PRE/share/man/man1/other.1"
t_run 0 "install into a prefix that has folders" mk PREFIX="$PRE" install
t_run 0 "uninstall it" mk PREFIX="$PRE" uninstall
t_check "the folder that was there stays" test -d "$PRE/bin"
t_check "another program's file stays" test -f "$PRE/share/man/man1/other.1"
t_check "tend's folders go" test ! -e "$PRE/share/tend" -a ! -e "$PRE/share/doc"
t_check "and its man5 folder, which install made" test ! -e "$PRE/share/man/man5"

t_done
