#!/usr/bin/env python3
"""Finds English interface text left on translated screens.

    english_left.py POT PACK SCREENS [PO]

Prints every run of three or more words of a message in POT (the text
between its printf conversions and line breaks) that is found in the
SCREENS file (tmux captures), and exits 1 when there is one.  The screens
are joined into one line with single blanks, so that a sentence wrapped
over two lines is found too.  A run that also occurs in a file of PACK
(the course: lessons, instruments, crisis lines, worksheets) is the
course's own text, which stays as the course wrote it, and is passed.
With PO (the catalogue of the screens' language), a message that has no
translation there yet is left out and named on stderr: a new message is
the catalogue's gap (cli/test_i18n.sh reports it), not the screen's.
"""
import os
import re
import sys


def unquote(s):
    return (s.replace('\\n', '\n').replace('\\t', '\t')
            .replace('\\"', '"').replace('\\\\', '\\'))


def entries(path):
    """Each message of a .po or .pot file as a dict: msgid, msgid_plural,
    msgstr... (still quoted) and fuzzy."""
    out, cur, key = [], None, None
    for line in open(path, encoding='utf-8'):
        line = line.rstrip('\n')
        if not line.strip():
            cur, key = None, None
            continue
        if line.startswith('#~'):
            continue
        if line.startswith('#'):
            if cur is None:
                cur = {'fuzzy': False}
                out.append(cur)
            if line.startswith('#,') and 'fuzzy' in line:
                cur['fuzzy'] = True
            continue
        m = re.match(r'^(msgid|msgid_plural|msgstr\S*) "(.*)"$', line)
        if m:
            if cur is None or (m.group(1) == 'msgid' and 'msgid' in cur):
                cur = {'fuzzy': False}
                out.append(cur)
            key = m.group(1)
            cur[key] = m.group(2)
            continue
        m = re.match(r'^"(.*)"$', line)
        if m and cur is not None and key:
            cur[key] += m.group(1)
    return [e for e in out if e.get('msgid')]


def msgids(pot, po=None):
    done = None
    if po:
        done = set(unquote(e['msgid']) for e in entries(po)
                   if not e['fuzzy'] and
                   all(v for k, v in e.items() if k.startswith('msgstr')) and
                   any(k.startswith('msgstr') for k in e))
    out = []
    for e in entries(pot):
        mid = unquote(e['msgid'])
        if done is not None and mid not in done:
            sys.stderr.write('not translated yet: %s\n' % mid[:70])
            continue
        out.append(mid)
        if e.get('msgid_plural'):
            out.append(unquote(e['msgid_plural']))
    return out


def flat(text):
    return ' '.join(text.split())


def main():
    pot, pack, screens = sys.argv[1:4]
    po = sys.argv[4] if len(sys.argv) > 4 else None
    course = []
    for root, _, files in os.walk(pack):
        for f in files:
            try:
                with open(os.path.join(root, f), encoding='utf-8') as fh:
                    course.append(flat(fh.read()))
            except (OSError, UnicodeDecodeError):
                pass
    course = '\n'.join(course)
    with open(screens, encoding='utf-8') as fh:
        seen = flat(fh.read())
    found = set()
    for m in msgids(pot, po):
        for part in re.split(r'%[-#0 +\'.*\d]*(?:hh|h|ll|l|z|j|t|L)?[a-zA-Z%]'
                             r'|\n', m):
            part = flat(part).strip(' .,:;()')
            if len(re.findall(r'[A-Za-z]+', part)) < 3:
                continue
            if part in seen and part not in course:
                found.add(part)
    for f in sorted(found):
        print('English on screen: %s' % f)
    return 1 if found else 0


if __name__ == '__main__':
    sys.exit(main())
