#!/bin/sh
# make dist-offline: puts the static binary, the course and its data, the
# man pages, shell completion, the documentation, terminal descriptions
# for the common terminals and a UTF-8 character set into one folder and
# one tarball, for machines that are not Debian 12 and have no network.
#   sh dist/make-bundle.sh OUTDIR NAME BINARY "TERMINALS"
# The bundle runs where it is unpacked (NAME/bin/tend finds NAME/share/tend
# beside it) or after NAME/install.sh copies it under a prefix.  Needs tic
# and infocmp (ncurses-bin) and the terminals' descriptions on this machine.
set -eu
OUT=$1
NAME=$2
BIN=$3
TERMS=$4
TOP=$(cd "$(dirname "$0")/.." && pwd)
R="$OUT/$NAME"
S="$R/share"

rm -rf "$R" "$OUT/$NAME.tar.gz"
mkdir -p "$R/bin" "$S/tend" "$S/man/man1" "$S/man/man5" "$S/man/man7" \
	"$S/bash-completion/completions" "$S/zsh/site-functions" \
	"$S/doc/tend/examples"
install -m 0755 "$BIN" "$R/bin/tend"
cp -R "$TOP/content" "$TOP/data" "$S/tend/"
install -m 0644 "$TOP"/man/*.1 "$S/man/man1/"
install -m 0644 "$TOP"/man/*.5 "$S/man/man5/"
install -m 0644 "$TOP"/man/*.7 "$S/man/man7/"
install -m 0644 "$TOP/completion/tend.bash" "$S/bash-completion/completions/tend"
install -m 0644 "$TOP/completion/_tend" "$S/zsh/site-functions/_tend"
install -m 0644 "$TOP/README.md" "$TOP/LICENSE" "$TOP"/LICENSES/*.txt \
	"$S/doc/tend/"
install -m 0644 "$TOP/dist/config" "$S/doc/tend/examples/config"
install -m 0755 "$TOP/dist/install.sh" "$R/install.sh"

# Terminal descriptions, compiled from this machine's: the program adds
# share/tend/terminfo to the end of TERMINFO_DIRS when it is there.
for t in $TERMS; do
	infocmp -x "$t" >"$OUT/$t.src"
	tic -x -o "$S/tend/terminfo" "$OUT/$t.src" 2>/dev/null
	rm -f "$OUT/$t.src"
done
# A UTF-8 character set, used only when the machine lacks the person's
# locale (LOCPATH, see path_bundle_locale).
if [ -d /usr/lib/locale/C.utf8 ]; then
	mkdir -p "$S/tend/locale"
	cp -R /usr/lib/locale/C.utf8 "$S/tend/locale/"
fi
# Message catalogues, when there are translations.
if [ -d "$(dirname "$BIN")/locale" ]; then
	cp -R "$(dirname "$BIN")/locale" "$S/locale"
fi
chmod -R u=rwX,go=rX "$R"
tar --sort=name --owner=0 --group=0 --numeric-owner -czf \
	"$OUT/$NAME.tar.gz" -C "$OUT" "$NAME"
