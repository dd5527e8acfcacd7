#!/usr/bin/env python3
"""The messages a check-in shows, taken from one front end's output, for
tests/e2e/test_checkin_parity.sh.

Each front end (the full screen captured from tmux, `tend assess
--answers`, plain mode) shows the same messages with its own layout: its
own width and wrapping, indentation, blank lines, and its own key hints
around them.  This script cuts out one kind of message block by the text
that starts and ends it in that front end, and undoes the layout only:
blank lines go, runs of spaces become one, and lines that one front end
wrapped are joined back into the paragraphs of a reference.

    checkin_parity.py extract BLOCK FRONTEND FILE
        prints BLOCK (brief, safety, urgent, ask, result) as FRONTEND
        (cli, plain, ui)
        showed it in FILE, one line per line shown, layout normalised;
        exit 1 when the block is not there.
    checkin_parity.py compare NAME REF OTHER
        joins OTHER's lines into REF's paragraphs where OTHER wrapped one,
        then compares line for line; exit 0 when equal, else 1 with the
        difference.

Nothing in the block is skipped or rewritten, except a front end's own
key hint where it falls inside a block (SKIP): a message one front end
drops, adds, rewords or splits differently is a difference.
"""

import difflib
import re
import sys

# The score line opens the result in every front end.
SCORE = re.compile(r"^[A-Z][A-Za-z0-9-]*: \d+ \(range \d+ to \d+\)")

# BLOCK -> FRONTEND -> (is_start(line), is_end(line)).  The end line is the
# front end's own hint or the next thing it shows, never part of the block.
BLOCKS = {
    "brief": {
        "*": (lambda l: l.startswith("If you are in crisis now"),
              lambda l: l == "" or l.startswith("Press ")),
    },
    "safety": {
        # tend assess --answers shows the safety plan part after saving,
        # as a step of its own: the block runs to the score, and the
        # hint printed after each step is not part of it (SKIP).
        "cli": (lambda l: l == "Your safety comes first",
                lambda l: bool(SCORE.match(l))),
        "plain": (lambda l: l == "Your safety comes first",
                  lambda l: l.startswith("Type country to change")),
        "ui": (lambda l: l == "Your safety comes first",
               lambda l: l.startswith("c: change your country")),
    },
    # The urgent text after a yes to the plan question: it opens with the
    # call to the emergency number, and ends where the safety text ends.
    "urgent": {
        "cli": (lambda l: l.startswith("Please call"),
                lambda l: bool(SCORE.match(l))
                or l.startswith("Over the last 2 weeks")),
        "plain": (lambda l: l.startswith("Please call"),
                  lambda l: l.startswith("Type plan to write")),
        "ui": (lambda l: l.startswith("Please call"),
               lambda l: l.startswith("c: change your country")),
    },
    # The plan question: its title, lead, question and answers.
    "ask": {
        "cli": (lambda l: l == "About your safety",
                lambda l: l.startswith("> ")),
        "plain": (lambda l: l == "About your safety",
                  lambda l: l.startswith("> ")),
        "ui": (lambda l: l == "About your safety",
               lambda l: l.startswith("Press 1-2 to answer")),
    },
    "result": {
        "cli": (lambda l: bool(SCORE.match(l)),
                lambda l: l.startswith("(To continue:")),
        "plain": (lambda l: bool(SCORE.match(l)),
                  lambda l: l.startswith("> ")),
        "ui": (lambda l: bool(SCORE.match(l)),
               lambda l: " over time" in l),
    },
}


# BLOCK -> FRONTEND -> is_hint(line): a front end's own key hint inside a
# block, left out before comparing.
SKIP = {
    "safety": {
        "cli": lambda l: l.startswith("To change your country: tend assess"),
    },
    "urgent": {
        "cli": lambda l: l.startswith("To change your country: tend assess")
        or l.startswith("To write your safety plan: tend"),
    },
}


def norm(line):
    return " ".join(line.split())


def extract(block, frontend, path):
    rules = BLOCKS[block]
    start, end = rules.get(frontend) or rules["*"]
    skip = SKIP.get(block, {}).get(frontend, lambda l: False)
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = [norm(l) for l in f.read().split("\n")]
    out = None
    for line in lines:
        if out is None:
            if start(line):
                out = [line]
            continue
        # The brief ends at its paragraph's end; other blocks span
        # blank lines.
        if end(line) and (line != "" or block == "brief"):
            break
        if line and not skip(line):
            out.append(line)
    if not out:
        print("checkin_parity: no %s block in the %s output %s"
              % (block, frontend, path), file=sys.stderr)
        return 1
    print("\n".join(out))
    return 0


def unwrap(ref, lines):
    """OTHER's lines as paragraphs: a line is joined to the one before
    while together they are still the start of the reference paragraph at
    that place (a wrapped paragraph); anything else starts a new one."""
    paras = []
    for line in lines:
        i = len(paras) - 1
        if paras and i < len(ref) and paras[-1] != ref[i]:
            joined = paras[-1] + " " + line
            if ref[i] == joined or ref[i].startswith(joined + " "):
                paras[-1] = joined
                continue
        paras.append(line)
    return paras


def compare(name, ref_path, other_path):
    with open(ref_path, encoding="utf-8") as f:
        ref = [l for l in f.read().split("\n") if l]
    with open(other_path, encoding="utf-8") as f:
        other = unwrap(ref, [l for l in f.read().split("\n") if l])
    if not ref:
        print("checkin_parity: %s: the reference is empty" % name)
        return 1
    if ref == other:
        return 0
    print("checkin_parity: %s differs, line for line:" % name)
    for d in difflib.unified_diff(ref, other, ref_path, other_path,
                                  lineterm="", n=1):
        print(d)
    return 1


def main(argv):
    if len(argv) == 5 and argv[1] == "extract" and argv[2] in BLOCKS:
        return extract(argv[2], argv[3], argv[4])
    if len(argv) == 5 and argv[1] == "compare":
        return compare(argv[2], argv[3], argv[4])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
