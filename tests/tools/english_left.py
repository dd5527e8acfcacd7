#!/usr/bin/env python3
"""Finds English interface text left on translated screens.

    english_left.py POT PACK SCREENS

Prints every run of three or more words of a message in POT (the text
between its printf conversions and line breaks) that is found in the
SCREENS file (tmux captures), and exits 1 when there is one.  The screens
are joined into one line with single blanks, so that a sentence wrapped
over two lines is found too.  A run that also occurs in a file of PACK
(the course: lessons, instruments, crisis lines, worksheets) is the
course's own text, which stays as the course wrote it, and is passed.
"""
import os
import re
import sys


def unquote(s):
    return (s.replace('\\n', '\n').replace('\\t', '\t')
            .replace('\\"', '"').replace('\\\\', '\\'))


def msgids(path):
    out, cur, key = [], [], None
    for line in open(path, encoding='utf-8'):
        m = re.match(r'^(msgid|msgid_plural|msgstr\S*) "(.*)"$', line)
        if m:
            if cur:
                out.append(''.join(cur))
            cur = []
            key = m.group(1)
            if key.startswith('msgid'):
                cur.append(m.group(2))
            continue
        m = re.match(r'^"(.*)"$', line)
        if m and key and key.startswith('msgid'):
            cur.append(m.group(1))
    if cur:
        out.append(''.join(cur))
    return [unquote(x) for x in out if x]


def flat(text):
    return ' '.join(text.split())


def main():
    pot, pack, screens = sys.argv[1:4]
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
    for m in msgids(pot):
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
