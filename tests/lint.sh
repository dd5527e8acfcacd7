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

# 2b. app/ is the only way in.  ui/ and cli/ include no store/ or pack/
#     header (the layer table below) and call no vault_* function and no
#     session_vault(); SQLite stays in store/: no <sqlite3.h> and no SQL
#     text anywhere else.  facade ROOT prints one line per violation, so
#     that the self-test can run it on a planted tree.  No file is exempt.
SQL_WORDS='SELECT|INSERT INTO|INSERT OR|UPDATE [a-z_]+ SET|DELETE FROM|CREATE TABLE|CREATE INDEX|DROP TABLE|ALTER TABLE|PRAGMA'
facade() {
	(
	cd "$1" || exit 1
	for f in $(find src -mindepth 2 -name '*.[ch]' | sort); do
		case $f in
		src/ui/* | src/cli/*)
			sed -n 's/^#include "\(store\|pack\)\/.*/\1/p' "$f" |
				sort -u | sed "s|^|lint: $f includes |; s|\$|/: go through app/|"
			grep -nE '(\bsession_vault|(^|[^a-z_])vault_[a-z_]+)\(' "$f" |
				sed "s|^|lint: $f:|; s|\$| (use an app/ function)|"
			;;
		esac
		case $f in
		src/store/*) ;;
		*)
			grep -n '#include <sqlite3.h>' "$f" |
				sed "s|^|lint: <sqlite3.h> outside src/store/: $f:|"
			grep -nE "\"[^\"]*\\b($SQL_WORDS)\\b" "$f" |
				sed "s|^|lint: SQL outside src/store/: $f:|"
			;;
		esac
	done
	)
}
out=$(facade "$TOP")
if [ -n "$out" ]; then
	echo "$out"
	st=1
fi
# The rule must be able to fail: plant one violation of each kind in a
# copy of a clean file and expect every one to be named.
selftest=$(mktemp -d "${TMPDIR:-/tmp}/tend-lint.XXXXXX")
mkdir -p "$selftest/src/ui" "$selftest/src/cli" "$selftest/src/app" \
	"$selftest/src/store"
printf '#include "app/session.h"\n#include "store/db.h"\n' >"$selftest/src/ui/a.c"
printf 'int f(void) { return session_vault(s) != 0; }\n' >"$selftest/src/ui/b.c"
printf '#include "pack/pack.h"\nvoid g(void) { vault_save(v); }\n' >"$selftest/src/cli/c.c"
printf '#include <sqlite3.h>\n' >"$selftest/src/app/d.c"
printf 'const char *q = "SELECT id FROM entries";\n' >"$selftest/src/app/e.c"
printf '#include <sqlite3.h>\nconst char *q = "SELECT 1";\n' >"$selftest/src/store/ok.c"
printf 'bool y = session_vault_exists(o);\n' >"$selftest/src/cli/ok.c"
got=$(facade "$selftest")
rm -rf "$selftest"
for want in "ui/a.c includes store/" "ui/b.c:1:" "cli/c.c includes pack/" \
	"cli/c.c:2:" "outside src/store/: src/app/d.c" "SQL outside src/store/: src/app/e.c"; do
	case $got in
	*"$want"*) ;;
	*) echo "lint: self-test: the app/-only rule missed: $want"; st=1 ;;
	esac
done
case $got in
*ok.c*) echo "lint: self-test: the app/-only rule flagged a clean file: $got"; st=1 ;;
esac

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
	ui) echo "util core md app ui" ;;
	cli) echo "util core md app cli" ;;
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
	owner yaml.h pack; owner sodium.h store; owner uninorm.h util) )
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
	for m in man/*.[157]; do
		[ -f "$m" ] || continue
		out=$(mandoc -Tlint -W warning "$m" 2>&1)
		if [ -n "$out" ]; then
			echo "$out"
			st=1
		fi
	done
fi

# 3b. Every user-visible string is marked for translation (_(), N_(),
#     ngettext); tests/cli/test_i18n.sh holds the check's self-test and
#     tests/i18n-allow.txt the literals that are not text.
if command -v python3 >/dev/null; then
	out=$(python3 tests/tools/i18n_scan.py --allow tests/i18n-allow.txt .)
	if [ -n "$out" ]; then
		echo "$out" | sed 's/^/lint: /'
		st=1
	fi
fi

# 4. Whitespace errors in tracked files.
if git rev-parse --git-dir >/dev/null 2>&1; then
	empty=$(git hash-object -t tree /dev/null)
	git diff --check "$empty" HEAD -- . ':!tests/golden' ':!tests/fixtures' ':!tests/fuzz/corpus' >/dev/null 2>&1 ||
		{ git diff --check "$empty" HEAD -- . ':!tests/golden' ':!tests/fixtures' ':!tests/fuzz/corpus' | head -20; st=1; }
fi

[ $st = 0 ] && echo "lint: clean"
exit $st
