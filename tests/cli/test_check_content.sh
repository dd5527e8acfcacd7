#!/bin/sh
# tend check-content over the fixture packs: each broken pack gives exactly
# its expected diagnostics and exit status; hostile input (huge files,
# alias bombs, deep nesting, invalid UTF-8, escapes) never crashes.
. "$(dirname "$0")/../lib.sh"

PACKS="$TOP/tests/fixtures/packs"
cd "$PACKS" || exit 1
for dir in */; do
	pk=${dir%/}
	[ -f "$pk/expected" ] || continue
	want=$(cat "$pk/expected-status")
	t_run "$want" "$pk: exit status $want" tend check-content "$pk"
	if [ "$T_ERR" = "$(cat "$pk/expected")" ]; then
		t_ok "$pk: expected diagnostics"
	else
		t_fail "$pk: expected diagnostics" "$(printf '%s\n' "$T_ERR" |
			diff "$pk/expected" - | head -40)"
	fi
	t_has "$pk: summary" "$T_OUT" "check-content: courses"
done

# No escape sequence from content ever reaches the output.
t_run 4 "hostile: status" tend check-content hostile
esc=$(printf '\033')
t_lacks "hostile: no ESC in diagnostics" "$T_ERR$T_OUT" "$esc"
# Nor an invisible format control, from a quoted key or value or a file's
# name (hostile/content/deep/05-<U+202E>lmth.exe.md).
fmt=$(printf '\342\200[\216\217\250-\256]|\342\201[\246-\251]|\330\234|\357\277[\271-\273]')
t_check "hostile: no format control in diagnostics" \
	sh -c "! printf '%s' \"\$1\" | LC_ALL=C grep -qE \"\$2\"" sh "$T_ERR$T_OUT" "$fmt"
t_has "hostile: the file is named, without its control" "$T_ERR" \
	"hostile/content/deep/05-lmth.exe.md: warning: not listed"

# A pack whose every text holds those controls (tests/fixtures/packs/bidi)
# is valid: each is removed at load, with a warning where it is removed.
t_run 0 "bidi: valid" tend check-content bidi
t_check "bidi: no format control in its diagnostics" \
	sh -c "! printf '%s' \"\$1\" | LC_ALL=C grep -qE \"\$2\"" sh "$T_ERR$T_OUT" "$fmt"
t_has "bidi: a course title's control is removed, and said" "$T_ERR" \
	"bidi/content/demo/course.yaml:6: warning: control characters removed from the text"
t_has "... a lesson title's" "$T_ERR" \
	"bidi/content/demo/01-start.md:3: warning: control characters removed"

# The same course checked as a course folder and as a content folder.
t_run 0 "a course folder" tend check-content good/content/demo
t_has "course folder: counts lessons" "$T_OUT" "lessons 4"
t_run 0 "a folder of courses" tend check-content good/content
t_run 0 "--strict passes a clean pack" tend check-content --strict good
t_run 4 "--strict fails on warnings" tend check-content --strict unreachable
t_run 0 "warnings alone pass" tend check-content unreachable

# Crisis lines: every shipped line listed with its source and date; a file
# without them refused (the bad-crisis pack above), and only the good file
# of that pack listed.
t_run 0 "shipped data: --crisis" tend check-content --crisis "$TOP"
lines=$(printf '%s\n' "$T_OUT" | grep -c ' | source .* | checked 20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]$')
want=$(cat "$TOP"/data/crisis/*.yaml | grep -c '^ *checked:')
# Each file has a top-level date too, which is not a line.
want=$((want - $(ls "$TOP"/data/crisis/*.yaml | wc -l)))
t_check "every shipped line and emergency number is listed ($lines of $want)" \
	test "$lines" -eq "$want"
t_has "a line with its source and date" "$T_OUT" \
	"GB   Samaritans: call 116 123 | source https://samaritans.org/"
t_has "an emergency number with its source" "$T_OUT" \
	"GB United Kingdom: emergency 999 | source https://www.swast.nhs.uk/when-to-call-999 | checked 2026-12-03"
t_has "an emergency-only country" "$T_OUT" "IT Italy: emergency 112 | source"
t_has "the summary counts them" "$T_OUT" "crisis lines $want;"
t_run 4 "a pack with bad crisis files: --crisis" tend check-content --crisis bad-crisis
t_has "the good file is listed" "$T_OUT" "GB   Samaritans: call 116 123 | source"
t_lacks "a file without sources is not" "$T_OUT" "IE "
t_lacks "nor one without dates" "$T_OUT" "NZ "
t_run 0 "without --crisis, no listing" tend check-content "$TOP"
t_lacks "no listing" "$T_OUT" " | source "

# Missing and empty folders.
t_run 4 "missing folder" tend check-content "$T_TMP/nope"
t_has "missing folder: says so" "$T_ERR" "no such folder"
mkdir "$T_TMP/empty"
t_run 4 "empty folder" tend check-content "$T_TMP/empty"
t_has "empty folder: says so" "$T_ERR" "no course here"
t_run 2 "two folders is a usage error" tend check-content a b
t_run 2 "unknown option" tend check-content --bogus
t_run 0 "help" tend check-content -h

# A huge lesson, a huge course.yaml and a lesson that is a folder.
mkdir -p "$T_TMP/huge/content/h" "$T_TMP/huge/data"
printf 'id: h\ntitle: "Huge"\nlessons: [01-a.md, 02-b.md, 03-c.md]\n' \
	>"$T_TMP/huge/content/h/course.yaml"
{ printf -- '---\nid: a\ntitle: "A"\n---\n'
  head -c 3000000 /dev/zero | tr '\0' 'x'; } >"$T_TMP/huge/content/h/01-a.md"
mkdir "$T_TMP/huge/content/h/02-b.md"
{ printf -- '---\nid: c\ntitle: "C"\nx: "'
  head -c 2000000 /dev/zero | tr '\0' 'y'; printf '"\n---\n\nText.\n'; } \
	>"$T_TMP/huge/content/h/03-c.md"
t_run 4 "huge files: status" tend check-content "$T_TMP/huge"
t_has "huge lesson refused" "$T_ERR" "01-a.md: error: too big"
t_has "folder as lesson refused" "$T_ERR" "02-b.md: error: not a regular file"
t_has "huge front matter refused" "$T_ERR" "03-c.md:2: error: too big"

# A lesson that is a link to a file outside the pack is refused and said;
# nothing of the file outside is shown.
cp -R good "$T_TMP/linked"
lesson=$(ls "$T_TMP/linked/content/demo" | grep '\.md$' | head -1)
printf -- '---\ntitle: outside-secret-title\n---\n# outside-secret\n' >"$T_TMP/outside.md"
rm "$T_TMP/linked/content/demo/$lesson"
ln -s "$T_TMP/outside.md" "$T_TMP/linked/content/demo/$lesson"
t_run 4 "a lesson linked to a file outside the pack: refused" \
	tend check-content "$T_TMP/linked"
t_has "... and said" "$T_ERR" "resolves outside the pack"
t_lacks "... without showing the file" "$T_ERR$T_OUT" "outside-secret"

# The same for every file a pack holds or a course names: course.yaml, an
# instrument, a worksheet (which a lesson uses) and a crisis file linked
# to a file outside are each refused and said, and nothing of the file
# outside is shown; the copy with them in place passes.
printf 'id: outside-secret-id\ntitle: outside-secret-title\n' >"$T_TMP/outside.yaml"
for f in content/demo/course.yaml data/instruments/mood2.yaml \
	data/worksheets/mood-note.yaml data/crisis/GB.yaml; do
	rm -rf "$T_TMP/linked"
	cp -R good "$T_TMP/linked"
	t_run 0 "$f in place: passes" tend check-content "$T_TMP/linked"
	rm "$T_TMP/linked/$f"
	ln -s "$T_TMP/outside.yaml" "$T_TMP/linked/$f"
	t_run 4 "$f linked to a file outside the pack: refused" \
		tend check-content "$T_TMP/linked"
	t_has "... and said, naming it" "$T_ERR" "$f: error: the file resolves outside its folder"
	t_lacks "... without showing the file" "$T_ERR$T_OUT" "outside-secret"
done
# A link inside the folder is the pack's own file: fine.
rm -rf "$T_TMP/linked"
cp -R good "$T_TMP/linked"
mv "$T_TMP/linked/data/crisis/GB.yaml" "$T_TMP/linked/data/crisis/.gb-real.yaml"
ln -s .gb-real.yaml "$T_TMP/linked/data/crisis/GB.yaml"
t_run 0 "a link to a file in the same folder: passes" tend check-content "$T_TMP/linked"
t_done
