#!/usr/bin/env python3
"""Readability of lesson files: Flesch-Kincaid grade and word count.

Lessons are read in a terminal, so what matters is the text a person sees,
not the Markdown source.  This script turns a lesson into that text itself:
it drops the YAML front matter and the fenced interactive blocks (their
questions are short labels drawn by the program, not prose), removes
Markdown syntax, and keeps headings and list items as sentences of their
own.  It needs nothing beyond the Python standard library, so the check
runs wherever the test suite runs, before `tend render` exists.

    readability.py [--max-grade G] [--min-words N] [--max-words N]
                   [--tend BIN] FILE...
    readability.py --text FILE...     print the text that is measured
    readability.py --selftest         check the syllable counter and formula

With --tend BIN the text is taken from `BIN render --plain` instead (the
lesson exactly as the reader lays it out, one paragraph a line); if that
command fails, the script says so and exits 2, so a caller can fall back.

Prints one line per file: "FILE grade G words N sentences S".  The exit
status is 1 when any file is above --max-grade or outside the word limits,
2 on a usage or read error, 0 otherwise.
"""

import re
import sys

# Words the vowel-group rule gets wrong often enough to matter in plain
# English lessons.  Keys are lower case; values are syllable counts.
EXCEPTIONS = {
    "anxious": 2, "anxiety": 4, "area": 3, "being": 2, "business": 2,
    "create": 2, "created": 3, "every": 2, "everyone": 3, "everything": 3,
    "everyday": 3, "evening": 2, "family": 3, "idea": 3, "ideas": 3,
    "people": 2, "quiet": 2, "real": 1, "really": 2, "science": 2,
    "area's": 3, "diary": 3, "different": 3, "interest": 3, "interested": 4,
    "naturally": 4, "usually": 4, "actually": 4, "situation": 4,
    "situations": 4, "poem": 2, "lion": 2, "science's": 2, "being's": 2,
    "whole": 1, "while": 1, "sometimes": 2, "someone": 2, "somewhere": 2,
    "something": 2, "maybe": 2, "themselves": 2, "yourself": 2,
    "yourselves": 2, "likely": 2, "lonely": 2, "safely": 2, "lately": 2,
    "surely": 2, "nurse": 1, "course": 1, "courses": 2, "before": 2,
    "because": 2, "become": 2, "there's": 1, "you're": 1, "we're": 1,
    "they're": 1, "fire": 1, "tired": 1, "hour": 1, "hours": 1,
    "our": 1, "worried": 2, "hurried": 2, "video": 3, "radio": 3,
    "cafe": 2, "homework": 2, "someday": 2, "sometime": 2,
    "lifetime": 2, "timeline": 2, "homesick": 2, "note": 1,
    "notebook": 2, "bedtime": 2, "daytime": 2, "lifestyle": 2,
    "whatever": 3, "wherever": 3, "however": 3, "forever": 3, "recipe": 3, "okay": 2, "ok": 2, "tv": 2,
}

def syllables(word):
    """Estimate the syllables in one English word (at least 1)."""
    w = word.lower().strip("'")
    w = re.sub(r"[^a-z']", "", w)
    if w.endswith("'s"):
        w = w[:-2]  # possessive or "it's": no extra syllable
    if not w:
        return 0
    if w in EXCEPTIONS:
        return EXCEPTIONS[w]
    w = w.replace("'", "")
    if len(w) <= 3:
        return 1
    # Endings that are usually silent: "-es" and "-ed" after most letters,
    # and a final "e" that is not part of "-le" after a consonant.
    if re.search(r"[^aeiouy]ed$", w) and not re.search(r"[td]ed$", w):
        w = w[:-2]
    elif re.search(r"[^aeiouy]les$", w):
        w = w[:-1]
    elif re.search(r"[^aeiouyszxhgc]es$", w) and not w.endswith("ies"):
        w = w[:-2]
    elif w.endswith("e") and not re.search(r"[^aeiouy]le$", w) \
            and not w.endswith("ee"):
        w = w[:-1]
    groups = re.findall(r"[aeiouy]+", w)
    n = len(groups)
    # A silent "e" left inside a word by a suffix or a compound:
    # "hopeful", "safety", "movement", "lonely", "someone".
    if re.search(r"[aeiouy][^aeiouy]e(?:ful|fully|ly|ment|ments|ness|less|"
                 r"ty|work|time|times|one|thing|where|day|days|book)$", w):
        n -= 1
    # Vowel pairs that are usually two syllables ("quiet", "create").
    n += len(re.findall(r"(?:ia|io|iu|eo|ua|uo)(?!u)", w)) \
        - len(re.findall(r"(?:cia|tia|sio|tio|cio|gio|qua|quo|gua)", w))
    return max(1, n)


FENCE = re.compile(r"^(`{3,}|~{3,})")


def lesson_text(src):
    """Return the visible prose of a lesson as a list of sentence chunks.

    Headings, list items and table rows end a sentence even without a
    full stop, the way a reader takes them in."""
    lines = src.split("\n")
    i = 0
    if lines and lines[0].strip() == "---":
        i = 1
        while i < len(lines) and lines[i].strip() not in ("---", "..."):
            i += 1
        i += 1
    chunks = []
    para = []
    fence = None

    def flush():
        if para:
            chunks.append(" ".join(para))
            para.clear()

    for line in lines[i:]:
        s = line.strip()
        if fence:
            if s.startswith(fence):
                fence = None
            continue
        m = FENCE.match(s)
        if m:
            flush()
            fence = m.group(1)
            continue
        if not s or re.match(r"^([-*_]\s*){3,}$", s):
            flush()
            continue
        if re.match(r"^\|?\s*:?-{3,}", s):
            continue
        quoted = re.match(r"^>\s?(.*)$", s)
        if quoted:
            # Inside a block quote, lines are read like any other line, but
            # a bare ">" only ends the paragraph.
            s = quoted.group(1).strip()
            if not s:
                flush()
                continue
        heading = re.match(r"^#{1,6}\s+(.*?)\s*#*$", s)
        item = re.match(r"^(?:[-*+]|\d+[.)])\s+(.*)$", s)
        if heading:
            flush()
            chunks.append(heading.group(1))
        elif item:
            flush()
            para.append(item.group(1))
        elif s.startswith("|"):
            flush()
            for cell in s.strip("|").split("|"):
                if cell.strip():
                    chunks.append(cell.strip())
        else:
            para.append(s)
    flush()
    out = []
    for c in chunks:
        c = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", c)   # images
        c = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", c)    # links
        c = re.sub(r"`([^`]*)`", r"\1", c)                # code spans
        c = re.sub(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1", r"\2", c)
        c = c.replace("\\", "")
        c = c.strip()
        if c:
            out.append(c)
    return out


RULE_LINE = re.compile("^[\u2550\u2500=~_-]+$")
PLACEHOLDER = re.compile(r"^\[[A-Za-z][A-Za-z ]*\]$")
PREFIX = re.compile("^(?:[\u2502|>]\\s*|[\u2022*+-]\\s+|\\d+[.)]\\s+)")


def rendered_text(out):
    """Chunks from `tend render --plain` output laid out very wide, so that
    each paragraph, item or heading is one line.  Heading underlines and the
    one-line placeholders of interactive blocks are dropped; quote bars and
    list markers are taken off."""
    chunks = []
    for line in out.split("\n"):
        s = line.strip()
        if not s or RULE_LINE.match(s):
            continue
        while True:
            t = PREFIX.sub("", s, count=1).strip()
            if t == s:
                break
            s = t
        if not s or PLACEHOLDER.match(s):
            continue
        chunks.append(s)
    return chunks


def render_with(tend, path):
    """Runs `tend render --plain --width 4000 path`; None if it fails."""
    import subprocess
    try:
        r = subprocess.run([tend, "render", "--plain", "--width", "4000", path],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    if r.returncode != 0:
        return None
    try:
        return r.stdout.decode("utf-8")
    except UnicodeDecodeError:
        return None


WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019-][A-Za-z0-9]+)*")


def measure(chunks):
    """Return (grade, words, sentences, syllables) for the chunks."""
    words = sents = syl = 0
    for c in chunks:
        ws = WORD.findall(c)
        if not ws:
            continue
        words += len(ws)
        for w in ws:
            for part in re.split(r"[-\u2019']", w) if "-" in w else [w]:
                if re.fullmatch(r"\d+", part):
                    syl += 1  # numbers: read as short words here
                elif part:
                    syl += syllables(part.replace("\u2019", "'"))
        # Sentence ends inside the chunk, and the chunk's own end.
        inner = len(re.findall(r"[.!?]+(?=[\s\"')\u201d]|$)", c))
        if not re.search(r"[.!?][\"')\u201d]*\s*$", c):
            inner += 1
        sents += max(1, inner)
    if words == 0 or sents == 0:
        return (0.0, 0, 0, 0)
    grade = 0.39 * words / sents + 11.8 * syl / words - 15.59
    return (grade, words, sents, syl)


def selftest():
    cases = {
        "cat": 1, "the": 1, "happy": 2, "table": 2, "water": 2,
        "worried": 2, "started": 2, "walked": 1, "places": 2,
        "makes": 1, "beautiful": 3, "family": 3, "anxiety": 4,
        "everyone": 3, "thinking": 2, "quiet": 2, "create": 2,
        "situation": 4, "practice": 2, "homework": 2, "lesson": 2,
        "feelings": 2, "body": 2, "you": 1, "yes": 1, "little": 2,
        "sometimes": 2, "behaviour": 3, "hopeful": 2, "safety": 2,
        "movement": 2, "lonely": 2, "careful": 2, "lessons": 2,
        "names": 1, "times": 1, "breathing": 2, "worries": 2,
        "cycles": 2, "exercises": 4, "people's": 2, "experiment": 4, "imagine": 3,
    }
    bad = 0
    for w, want in cases.items():
        got = syllables(w)
        if got != want:
            print("selftest: syllables(%r) = %d, want %d" % (w, got, want))
            bad += 1
    easy = ["The cat sat on the mat. It was a warm day. The dog ran to the park."]
    hard = ["Notwithstanding considerable methodological heterogeneity, "
            "investigators characterised the intervention's effectiveness as "
            "substantially dependent upon participants' organisational "
            "capabilities and motivational predispositions."]
    g_easy = measure(easy)[0]
    g_hard = measure(hard)[0]
    if not g_easy < 2:
        print("selftest: easy text grade %.1f, want < 2" % g_easy)
        bad += 1
    if not g_hard > 14:
        print("selftest: hard text grade %.1f, want > 14" % g_hard)
        bad += 1
    md = "---\nid: x\n---\n# Title here\n\nOne **two** three.\n\n```tend-prompt\n" \
         "id: a\nquestion: \"Long question words here?\"\n```\n\n- list item\n" \
         "> 1. Quoted item\n>\n> quoted text\n"
    t = lesson_text(md)
    if t != ["Title here", "One two three.", "list item", "Quoted item",
             "quoted text"]:
        print("selftest: lesson_text gave %r" % t)
        bad += 1
    if measure(t)[1:3] != (11, 5):
        print("selftest: measure gave %r" % (measure(t),))
        bad += 1
    r = rendered_text("Title here\n\u2550\u2550\u2550\n\nOne two three.\n\n"
                      "[Question]\n\n\u2022 list item\n\u2502  1. Quoted item\n"
                      "\u2502 quoted text\n")
    if r != ["Title here", "One two three.", "list item", "Quoted item",
             "quoted text"]:
        print("selftest: rendered_text gave %r" % r)
        bad += 1
    print("selftest: %s" % ("ok" if bad == 0 else "%d failed" % bad))
    return 1 if bad else 0


def main(argv):
    max_grade = None
    min_words = max_words = None
    show_text = False
    tend = None
    files = []
    args = list(argv)
    while args:
        a = args.pop(0)
        try:
            if a == "--selftest":
                return selftest()
            elif a == "--text":
                show_text = True
            elif a == "--tend":
                tend = args.pop(0)
            elif a == "--max-grade":
                max_grade = float(args.pop(0))
            elif a == "--min-words":
                min_words = int(args.pop(0))
            elif a == "--max-words":
                max_words = int(args.pop(0))
            elif a.startswith("-") and a != "-":
                raise ValueError(a)
            else:
                files.append(a)
        except (ValueError, IndexError):
            sys.stderr.write("usage: readability.py [--max-grade G] "
                             "[--min-words N] [--max-words N] [--text] "
                             "[--tend BIN] FILE...\n"
                             "       readability.py --selftest\n")
            return 2
    if not files:
        sys.stderr.write("readability.py: no files given\n")
        return 2
    status = 0
    for f in files:
        try:
            with open(f, encoding="utf-8") as fh:
                src = fh.read()
        except (OSError, UnicodeDecodeError) as e:
            sys.stderr.write("readability.py: %s: %s\n" % (f, e))
            return 2
        if tend:
            out = render_with(tend, f)
            if out is None:
                sys.stderr.write("readability.py: %s render failed for %s\n"
                                 % (tend, f))
                return 2
            chunks = rendered_text(out)
        else:
            chunks = lesson_text(src)
        if show_text:
            print("\n".join(chunks))
            continue
        grade, words, sents, _ = measure(chunks)
        problems = []
        if max_grade is not None and grade > max_grade:
            problems.append("grade above %g" % max_grade)
        if min_words is not None and words < min_words:
            problems.append("fewer than %d words" % min_words)
        if max_words is not None and words > max_words:
            problems.append("more than %d words" % max_words)
        print("%s grade %.1f words %d sentences %d%s" % (
            f, grade, words, sents,
            "" if not problems else " (" + "; ".join(problems) + ")"))
        if problems:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
