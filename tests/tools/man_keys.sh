#!/bin/sh
# Rewrites the KEYS table of man/tend.1 (between the KEYS-BEGIN and
# KEYS-END marks) from the action table in src/ui/action.h, through
# build/tools/ui_keys.  Run after adding or changing a key:
#   make && sh tests/tools/man_keys.sh [BUILD]
# tests/e2e/test_ui.sh fails while the page and the table disagree.
TOP=$(cd "$(dirname "$0")/../.." && pwd)
KEYS=$TOP/${1:-build}/tools/ui_keys
MAN=$TOP/man/tend.1
[ -x "$KEYS" ] || { echo "man_keys: build first ($KEYS)" >&2; exit 1; }
tmp=$(mktemp "${TMPDIR:-/tmp}/tend-man.XXXXXX") || exit 1
"$KEYS" >"$tmp.keys" || exit 1
awk -v keys="$tmp.keys" '
	/^\.\\" KEYS-END/ { skip = 0 }
	!skip { print }
	/^\.\\" KEYS-BEGIN/ {
		while ((getline l < keys) > 0) print l
		skip = 1
	}' "$MAN" >"$tmp" && mv "$tmp" "$MAN"
rm -f "$tmp.keys"
chmod 644 "$MAN"
