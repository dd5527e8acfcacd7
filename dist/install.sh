#!/bin/sh
# Installs this tend bundle.  It needs nothing but a POSIX shell: the
# program is linked statically, and the bundle carries its course, its
# data, terminal descriptions and a UTF-8 character set.
#
#   ./install.sh                     into /usr/local (as root)
#   ./install.sh PREFIX              into PREFIX: ~/.local, /opt/tend, ...
#   ./install.sh --uninstall PREFIX  removes what it installed there
#
# It copies bin/ and share/ under PREFIX and records every file and every
# folder it made (PREFIX itself too) in PREFIX/share/tend/installed, which
# --uninstall reads: install then --uninstall leaves the machine as it
# was.  The program also runs from the unpacked folder without installing
# (bin/tend finds share/tend beside it).  A clinic's settings go in
# /etc/tend/config: see share/doc/tend/examples/config and tend-config(5).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)

absolute() {
	case $1 in
	/*) echo "$1" ;;
	*) echo "$(pwd)/$1" ;;
	esac
}

if [ "${1:-}" = --uninstall ]; then
	PREFIX=$(absolute "${2:-/usr/local}")
	LIST="$PREFIX/share/tend/installed"
	if [ ! -f "$LIST" ]; then
		echo "install.sh: tend was not installed in $PREFIX" >&2
		exit 1
	fi
	DIRS=$(mktemp)
	trap 'rm -f "$DIRS"' EXIT
	sed -n 's/^f //p' "$LIST" | while IFS= read -r f; do rm -f "$f"; done
	# Folders deepest first: a folder sorts after its parent.
	sed -n 's/^d //p' "$LIST" | sort -r >"$DIRS"
	rm -f "$LIST"
	while IFS= read -r d; do
		rmdir "$d" 2>/dev/null || true
	done <"$DIRS"
	rmdir "$PREFIX/share/tend" 2>/dev/null || true
	echo "tend removed from $PREFIX"
	exit 0
fi

PREFIX=$(absolute "${1:-/usr/local}")
REC=$(mktemp)
trap 'rm -f "$REC"' EXIT
# PREFIX and the folders above it that do not exist yet.
p=$PREFIX
while [ "$p" != / ] && [ ! -d "$p" ]; do
	echo "d $p" >>"$REC"
	p=$(dirname "$p")
done
mkdir -p "$PREFIX"
cd "$HERE"
for d in $(find bin share -type d | sort); do
	if [ ! -d "$PREFIX/$d" ]; then
		mkdir "$PREFIX/$d"
		echo "d $PREFIX/$d" >>"$REC"
	fi
done
for f in $(find bin share -type f | sort); do
	cp "$f" "$PREFIX/$f"
	echo "f $PREFIX/$f" >>"$REC"
done
chmod 0755 "$PREFIX/bin/tend"
cp "$REC" "$PREFIX/share/tend/installed"
echo "tend is in $PREFIX: run $PREFIX/bin/tend (man pages in $PREFIX/share/man)"
