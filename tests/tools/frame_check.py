#!/usr/bin/env python3
"""frame_check.py < bytes: what a program sent its terminal, read with
xterm's rules for the graphic rendition (SGR), independently of the program.
Prints one line, "sgr N changes M clears C", where N counts the SGR
sequences, M the times the rendition in force at a use (a character shown or
an erase, which fills with the background) differs from the one at the use
before (the first use counts when an SGR came before it), and C the erases
of the display (ED).  A writer that sets attributes once per run of text
has N == M; every redundant reset, repeated colour or reset at the end of a
frame makes N larger.  Each further argument is a string (Python escapes,
"\\033[39;49m") that must not occur: one that does is listed and makes the
exit status 1."""
import re
import sys

data = sys.stdin.buffer.read().decode("utf-8", "replace")
CSI = re.compile(r"\x1b\[([0-?]*)([ -/]*)([@-~])")

bad = 0
for s in sys.argv[1:]:
    s = s.encode().decode("unicode_escape")
    if s in data:
        print("found %r" % s)
        bad = 1


def apply(st, params):
    """Rendition after an SGR: a frozenset of the parameters in force."""
    vals = [int(p) if p else 0 for p in params.split(";")] if params else [0]
    st = dict(st)
    i = 0
    while i < len(vals):
        v = vals[i]
        if v == 0:
            st = {}
        elif 1 <= v <= 9:
            st["a%d" % v] = True
        elif v == 22:
            st.pop("a1", None)
            st.pop("a2", None)
        elif 23 <= v <= 29:
            st.pop("a%d" % (v - 20), None)
        elif 30 <= v <= 37 or 90 <= v <= 97:
            st["fg"] = v
        elif 40 <= v <= 47 or 100 <= v <= 107:
            st["bg"] = v
        elif v == 39:
            st.pop("fg", None)
        elif v == 49:
            st.pop("bg", None)
        elif v in (38, 48) and i + 1 < len(vals):
            n = 3 if vals[i + 1] == 5 else 5
            st["fg" if v == 38 else "bg"] = tuple(vals[i:i + n])
            i += n - 1
        i += 1
    return st


sgr = changes = clears = 0
state = None  # unknown
last = "none"  # the rendition at the previous use
i = 0
while i < len(data):
    m = CSI.match(data, i)
    if m:
        params, inter, final = m.groups()
        i = m.end()
        if inter or (params[:1] in "<=>?" and params):
            continue
        if final == "m":
            sgr += 1
            state = apply(state or {}, params) if state is not None or \
                params in ("", "0") or params.startswith(("0;", ";")) \
                else None
            continue
        if final == "J":
            clears += 1
        if final in "JKX":
            use = state
        else:
            continue
    else:
        ch = data[i]
        i += 1
        if ch == "\x1b":  # ESC ( B and ESC ) 0 take one byte more
            i += 2 if data[i:i + 1] in ("(", ")") else 1
            continue
        if ch < " " or ch == "\x7f":
            continue
        use = state
    key = None if use is None else tuple(sorted(use.items()))
    if last == "none":
        changes += 1 if sgr > 0 else 0
    elif key != last:
        changes += 1
    last = key
print("sgr %d changes %d clears %d" % (sgr, changes, clears))
sys.exit(bad)
