#!/usr/bin/env python3
"""Finds user-visible string literals that are not marked for translation.

    i18n_scan.py [--allow FILE] ROOT

Reads the C files under ROOT/src and prints one line per string literal
that reaches the screen, stdout or stderr without going through _(), N_()
or ngettext(), as "file:line: unmarked: \"text\" (rule)".  Exit status 1
when there is one, 0 when there is none.

Two rules:

  call  a literal passed as the text argument of a known output function
        (printf, fprintf, fputs, puts, ui_put*, ui_message, ui_alert,
        ui_confirm, ui_input, ui_prompt, view_*, paras_add*, buf_adds and
        buf_printf in front-end files, cli_error, diag_add, the plain-mode
        and check-in helpers ...), unless it has no words: a format or
        punctuation only ("%s\\n", "  ", ": "), a key name, a file name.
  words a literal that reads as language (two words of letters, or one
        capitalised word of three letters or more followed by
        punctuation) anywhere in src/ui, src/cli and src/app, which is
        where the interface text lives, unless it is data: JSON keys, SQL,
        a file name, a command line, an environment variable, ...

The allow-list (tests/i18n-allow.txt) names literals that are not text
with "path: literal" lines (the literal without quotes, exactly as in the
source, escapes kept; a trailing * matches by prefix); "path: *" exempts a
whole file from the words rule only.  An entry that matches nothing is an
error too, so the list cannot go stale.  Keep it short: every line is a
promise that the text never reaches a person.
"""
import os
import re
import sys

MARKERS = {"_", "N_", "ngettext", "gettext", "dgettext", "dngettext",
           "pgettext", "C_"}

# function -> argument indexes (0-based) that are text a person reads.
OUTPUT = {
    "printf": [0], "fprintf": [1], "dprintf": [1], "puts": [0],
    "fputs": [0], "perror": [0], "err": [1], "errx": [1], "warn": [0],
    "warnx": [0],
    "ui_put": [5], "ui_put_trunc": [5], "ui_put_wrap": [6],
    "ui_message": [1], "ui_alert": [1, 2], "ui_confirm": [1, 2],
    "ui_input": [1, 2], "ui_prompt": [1],
    "view_new": [0], "view_add": [2], "view_add_key": [4],
    "view_push_help": [2], "view_push_safety": [1, 4],
    "paras_add": [2], "paras_addf": [2],
    "cli_error": [0], "cli_usage_error": [1],
    "diag_add": [4], "yml_error": [2], "yml_warning": [2],
    "problem": [2], "doc_line": [2],
    # cli/plain.c and the check-in front ends
    "say": [1], "ask": [1], "yes": [1],
}
# Calls whose string arguments are never text a person reads.
NOT_TEXT = {"strcmp", "strncmp", "strcasecmp", "strncasecmp", "strstr",
            "strchr", "strspn", "strcspn", "getenv", "setenv", "fopen",
            "open", "openat", "popen", "execlp", "execvp", "path_join",
            "sscanf", "strtok_r", "newlocale", "setlocale", "assert",
            "static_assert", "_Static_assert"}
# Output into a buffer counts where the buffer is what a person reads:
# the front ends and the app's text builders.
BUF_OUTPUT = {"buf_adds": [1], "buf_printf": [1], "snprintf": [2],
              "xasprintf": [0]}
BUF_FRONT = ("src/ui/", "src/cli/", "src/app/")
# Where the words rule looks: everything that builds text for a person.
FRONT = BUF_FRONT + ("src/core/", "src/pack/", "src/store/")

TOKEN = re.compile(r'''
    (?P<comment>/\*.*?\*/|//[^\n]*)
  | (?P<pre>^[ \t]*\#[ \t]*(include|pragma|error|warning)[^\n]*)
  | (?P<str>(?:u8|L|u|U)?"(?:[^"\\\n]|\\.)*")
  | (?P<chr>'(?:[^'\\\n]|\\.)*')
  | (?P<id>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punct>[(){}\[\],;])
  | (?P<nl>\n)
  | (?P<other>.)
''', re.S | re.M | re.X)


def literals(text):
    """Yields (line, value, call, argindex, marked) for each string
    literal (adjacent literals joined): call is the name of the innermost
    call it is an argument of (or None), marked is True when any enclosing
    call is a translation marker."""
    line = 1
    stack = []  # [name or None, argindex]
    last_id = None
    pending = None  # [line, parts, call, arg, marked]

    def flush():
        nonlocal pending
        if pending:
            out = (pending[0], "".join(pending[1]), pending[2], pending[3],
                   pending[4])
            pending = None
            return out
        return None

    for m in TOKEN.finditer(text):
        kind = m.lastgroup
        tok = m.group(kind)
        if kind in ("comment", "pre"):
            line += tok.count("\n")
            continue
        if kind == "nl":
            line += 1
            continue
        if kind == "other" and tok.isspace():
            continue
        if kind == "str":
            body = tok[tok.index('"') + 1:-1]
            if pending:
                pending[1].append(body)
            else:
                call, arg = (stack[-1] if stack else (None, 0))
                marked = any(c in MARKERS for c, _ in stack)
                pending = [line, [body], call, arg, marked]
            continue
        r = flush()
        if r:
            yield r
        if kind == "id":
            last_id = tok
            continue
        if tok == "(":
            stack.append([last_id, 0])
        elif tok == ")":
            if stack:
                stack.pop()
        elif tok == ",":
            if stack:
                stack[-1][1] += 1
        elif tok in "{}[;":
            if tok == ";" or tok == "{" or tok == "}":
                # A statement or block ends every call but the
                # enclosing initialiser's: keep parens balanced anyway.
                pass
        last_id = None
    r = flush()
    if r:
        yield r


FORMAT = re.compile(r'%[-+ #0]*(\*|\d+)?(\.(\*|\d+))?(hh|h|ll|l|j|z|t|L)?'
                    r'[diouxXeEfgGcspn%]|\\.')


def words_of(s):
    """The literal with formats and escapes taken out."""
    return FORMAT.sub(" ", s)


def has_letters(s):
    return re.search(r"[A-Za-z]{2,}", words_of(s)) is not None


DATA = [
    re.compile(r"^[a-z0-9_.\-/]+$"),             # ids, keys, file names
    re.compile(r"^[A-Z0-9_]+(=.*)?$"),           # ENV names, constants
    re.compile(r"^--?[a-z]"),                    # options
    re.compile(r"^\s*[<{\[]"),                   # markup, JSON
    re.compile(r"^\.?/|^~/|\$\{?[A-Z]"),          # paths, shell
    re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|CREATE|PRAGMA)\b"),
    re.compile(r"^[a-z][a-z0-9_]*(\s*[:=,]\s*%[a-z]*)+"),  # key: %s
    re.compile(r"^[a-z][a-z-]* (\[|[A-Z]{2,}\b|--)"),  # a command's synopsis
]


# Literals that are data in any position: JSON, markup, calendar lines,
# key=value files, mdoc requests, the program's own name.
DATA_ANY = [
    re.compile(r'\\"[A-Za-z_]+\\"\s*:'),          # "key": (escaped)
    re.compile(r'^[,{\[\]}]*\\"'),                 # ,"... JSON
    re.compile(r'^[A-Z][A-Z-]*[:;]'),               # DTSTART: RRULE;
    re.compile(r'^[a-z_]+=.*$'),                    # key=value
    re.compile(r'^\.[A-Z][a-z]( |\\n|$)'),           # .Ss .It (mdoc)
    re.compile(r'\b(SELECT|FROM|WHERE|ORDER BY|IS (NOT )?NULL|ROLLBACK|'
               r'RELEASE|DROP TABLE|ALTER TABLE|PRAGMA|INSERT|UPDATE)\b'),
    re.compile(r'^[a-z_]+(, ?[a-z_]+)+,? ?$'),       # column lists
    re.compile(r'^# |\\n\[Unit\]'),                # files tend writes
    re.compile(r'^(\\n)?\s*(%[a-z]+)?(/[A-Za-z0-9_.%-]*)+$'),  # paths
]


def is_data(s):
    if any(d.search(s) for d in DATA_ANY):
        return True
    bare = re.sub(r"<[^>]*>|&[a-z]+;", " ", s)
    bare = re.sub(r"\btend\b", " ", bare)
    return not has_letters(bare)


def reads_as_words(s):
    w = words_of(s).strip()
    if not w:
        return False
    for d in DATA:
        if d.search(w):
            return False
    words = re.findall(r"[A-Za-z][a-z]+(?:'[a-z]+)?", w)
    if len(words) >= 2 and re.search(r"[A-Za-z][ ,]+[A-Za-z]", w):
        return True
    return bool(re.match(r"^[A-Z][a-z]{2,}[.:!?]?$", w))


def load_allow(path):
    allow, files = set(), set()
    if not path or not os.path.exists(path):
        return allow, files
    with open(path, encoding="utf-8") as f:
        for raw in f:
            raw = raw.rstrip("\n")
            if not raw.strip() or raw.lstrip().startswith("#"):
                continue
            p, _, lit = raw.partition(": ")
            if lit == "*":
                files.add(p.strip())
            else:
                allow.add((p.strip(), lit))
    return allow, files


def scan(root, allow_path):
    allow, files_ok = load_allow(allow_path)
    bad = []
    used = set()
    for dirpath, _, names in os.walk(os.path.join(root, "src")):
        for n in sorted(names):
            if not n.endswith(".c"):
                continue
            full = os.path.join(dirpath, n)
            rel = os.path.relpath(full, root)
            with open(full, encoding="utf-8", errors="replace") as f:
                text = f.read()
            front = rel.startswith(FRONT)
            for line, s, call, arg, marked in literals(text):
                if marked:
                    continue
                key = (rel, s)
                rule = None
                idx = OUTPUT.get(call)
                if idx is None and rel.startswith(BUF_FRONT):
                    idx = BUF_OUTPUT.get(call)
                text_arg = idx is not None and arg in idx
                if text_arg and not is_data(s) \
                        and not re.fullmatch(r"[a-z0-9_./\-]+", s):
                    rule = "call %s" % call
                elif front and rel not in files_ok and not text_arg \
                        and (idx is None or call in BUF_OUTPUT
                             or arg > max(idx)) \
                        and call not in NOT_TEXT \
                        and not is_data(s) and reads_as_words(s):
                    rule = "words"
                if not rule:
                    continue
                hit = key if key in allow else next(
                    (a for a in allow if a[0] == rel and a[1].endswith("*")
                     and s.startswith(a[1][:-1])), None)
                if hit:
                    used.add(hit)
                    continue
                bad.append('%s:%d: unmarked: "%s" (%s)' % (rel, line, s,
                                                           rule))
    stale = sorted(allow - used)
    return bad, stale


def main(argv):
    allow = None
    if len(argv) > 2 and argv[1] == "--allow":
        allow = argv[2]
        argv = [argv[0]] + argv[3:]
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    bad, stale = scan(argv[1], allow)
    for b in bad:
        print(b)
    for p, lit in stale:
        print("%s: allow-list entry matches nothing: %s" % (p, lit))
    return 1 if bad or stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
