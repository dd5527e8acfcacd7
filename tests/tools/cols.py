#!/usr/bin/env python3
"""cols.py WIDTH < text: exit 1 and list every line wider than WIDTH terminal
columns (wide characters 2, combining and zero-width ones 0), else exit 0.
A measure that does not depend on the program under test."""
import sys
import unicodedata


def cols(line):
    n = 0
    for ch in line:
        cat = unicodedata.category(ch)
        if cat in ("Mn", "Me", "Cf") or ch in "\u200b\u200d":
            continue
        n += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return n


width = int(sys.argv[1])
bad = 0
for i, line in enumerate(sys.stdin.read().split("\n"), 1):
    c = cols(line)
    if c > width:
        print("line %d: %d columns: %s" % (i, c, line))
        bad += 1
sys.exit(1 if bad else 0)
