#!/bin/sh
# make lint: formatting, the layer rule, man pages, whitespace.
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 1
st=0

# 1. clang-format, against the committed .clang-format.
files=$(find src tests -name '*.[ch]' | sort)
if command -v clang-format >/dev/null; then
	for f in $files; do
		if ! clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then
			echo "lint: $f is not formatted (clang-format -i $f)"
			st=1
		fi
	done
fi

# 2. One owner per library, and layers include only layers to their left:
#    util <- core <- {md <- pack, store} <- app <- {ui, cli} <- main.c
allowed() { # layer -> layers it may include
	case $1 in
	util) echo "util" ;;
	core) echo "util core" ;;
	md) echo "util core md" ;;
	pack) echo "util core md pack" ;;
	store) echo "util core store" ;;
	app) echo "util core md pack store app" ;;
	ui) echo "util core md pack store app ui" ;;
	cli) echo "util core md pack store app cli" ;;
	esac
}
for f in $(find src -mindepth 2 -name '*.[ch]'); do
	layer=$(echo "$f" | cut -d/ -f2)
	ok=$(allowed "$layer")
	for inc in $(sed -n 's/^#include "\([a-z]*\)\/.*/\1/p' "$f" | sort -u); do
		case " $ok " in
		*" $inc "*) ;;
		*) echo "lint: $f ($layer) includes $inc/"; st=1 ;;
		esac
	done
done
owner() { # header -> the one layer allowed to include it
	grep -l "#include <$1>" $(find src -name '*.[ch]') 2>/dev/null |
		grep -v "^src/$2/" | sed "s|^|lint: <$1> outside src/$2/: |"
}
out=$( (owner curses.h ui; owner ncurses.h ui; owner cmark.h md
	owner yaml.h pack; owner sqlite3.h store; owner sodium.h store) )
if [ -n "$out" ]; then
	echo "$out"
	st=1
fi
# Nothing below ui/ and cli/ prints.
out=$(grep -nE '\b(printf|fprintf|puts|fputs|perror|putchar)\s*\(' \
	$(find src/util src/core src/md src/pack src/store src/app -name '*.c' 2>/dev/null) 2>/dev/null |
	grep -v 'snprintf\|vsnprintf\|TEND_LINT_OK')
if [ -n "$out" ]; then
	echo "$out" | sed 's/^/lint: prints below ui\/cli: /'
	st=1
fi

# 3. Man pages.
if command -v mandoc >/dev/null; then
	for m in man/*.[15]; do
		[ -f "$m" ] || continue
		out=$(mandoc -Tlint -W warning "$m" 2>&1)
		if [ -n "$out" ]; then
			echo "$out"
			st=1
		fi
	done
fi

# 4. Whitespace errors in tracked files.
if git rev-parse --git-dir >/dev/null 2>&1; then
	empty=$(git hash-object -t tree /dev/null)
	git diff --check "$empty" HEAD -- . ':!tests/golden' ':!tests/fixtures' ':!tests/fuzz/corpus' >/dev/null 2>&1 ||
		{ git diff --check "$empty" HEAD -- . ':!tests/golden' ':!tests/fixtures' ':!tests/fuzz/corpus' | head -20; st=1; }
fi

[ $st = 0 ] && echo "lint: clean"
exit $st
