#!/usr/bin/env python3
"""Strict checks of an iCalendar file against RFC 5545's syntax rules, then
(when python3-icalendar is installed) a parse with it.  Exit 0 when clean;
otherwise one line per problem on stdout and exit 1.

    ics_check.py FILE [--no-library]
"""
import re
import sys

problems = []


def bad(msg):
    problems.append(msg)


def check(path, use_library):
    raw = open(path, "rb").read()
    if not raw:
        bad("empty file")
        return
    if not raw.endswith(b"\r\n"):
        bad("does not end with CRLF")
    phys = raw.split(b"\r\n")[:-1]
    for i, line in enumerate(phys, 1):
        if b"\n" in line or b"\r" in line:
            bad(f"line {i}: bare LF or CR (lines must end with CRLF)")
        if len(line) > 75:
            bad(f"line {i}: {len(line)} octets (more than 75)")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad(f"line {i}: not UTF-8 (a fold split a character?)")
        if any(c < 0x20 and c != 0x09 for c in line) or 0x7F in line:
            bad(f"line {i}: control character")
    # Unfold: CRLF followed by one space or tab.
    logical = []
    for line in phys:
        line = line.decode("utf-8", "replace")
        if line[:1] in (" ", "\t"):
            if not logical:
                bad("file starts with a continuation line")
                continue
            logical[-1] += line[1:]
        else:
            logical.append(line)
    name_re = re.compile(r"^[A-Za-z0-9-]+(;[A-Za-z0-9-]+=(\"[^\"]*\"|[^;:,\"]*)(,(\"[^\"]*\"|[^;:,\"]*))*)*:")
    stack = []
    comps = []  # (name, {prop: [values]}, children)
    for n, line in enumerate(logical, 1):
        if not name_re.match(line):
            bad(f"content line {n}: not NAME[;PARAM=V]:VALUE: {line!r}")
            continue
        head, value = line.split(":", 1)
        name = head.split(";")[0].upper()
        params = head.split(";")[1:]
        if name == "BEGIN":
            stack.append((value.upper(), {}, []))
            continue
        if name == "END":
            if not stack or stack[-1][0] != value.upper():
                bad(f"content line {n}: END:{value} does not close "
                    f"{stack[-1][0] if stack else 'anything'}")
                return
            c = stack.pop()
            if stack:
                stack[-1][2].append(c)
            else:
                comps.append(c)
            continue
        if not stack:
            bad(f"content line {n}: property outside a component")
            continue
        stack[-1][1].setdefault(name, []).append((params, value))
    if stack:
        bad(f"unclosed component {stack[-1][0]}")
    if len(comps) != 1 or comps[0][0] != "VCALENDAR":
        bad("the file must be exactly one VCALENDAR")
        return
    cal = comps[0]
    for p in ("PRODID", "VERSION"):
        if len(cal[1].get(p, [])) != 1:
            bad(f"VCALENDAR needs exactly one {p}")
    if cal[1].get("VERSION", [([], "")])[0][1] != "2.0":
        bad("VERSION must be 2.0")
    dt = re.compile(r"^\d{8}T\d{6}Z?$")
    tzids = {c[1]["TZID"][0][1] for c in cal[2] if c[0] == "VTIMEZONE"}
    uids = set()
    events = 0
    for c in cal[2]:
        if c[0] == "VTIMEZONE":
            if not c[2]:
                bad("VTIMEZONE without STANDARD or DAYLIGHT")
            for o in c[2]:
                for p in ("DTSTART", "TZOFFSETFROM", "TZOFFSETTO"):
                    if len(o[1].get(p, [])) != 1:
                        bad(f"{o[0]} needs exactly one {p}")
                for p in ("TZOFFSETFROM", "TZOFFSETTO"):
                    v = o[1].get(p, [([], "")])[0][1]
                    if not re.match(r"^[+-]\d{4}(\d{2})?$", v):
                        bad(f"{o[0]} {p} is not an offset: {v}")
            continue
        if c[0] != "VEVENT":
            bad(f"unexpected component {c[0]}")
            continue
        events += 1
        props = c[1]
        for p in ("UID", "DTSTAMP", "DTSTART"):
            if len(props.get(p, [])) != 1:
                bad(f"VEVENT needs exactly one {p}")
        if "DTEND" in props and "DURATION" in props:
            bad("VEVENT with both DTEND and DURATION")
        uid = props.get("UID", [([], "")])[0][1]
        if uid in uids:
            bad(f"duplicate UID {uid}")
        uids.add(uid)
        stamp = props.get("DTSTAMP", [([], "")])[0][1]
        if not re.match(r"^\d{8}T\d{6}Z$", stamp):
            bad(f"DTSTAMP must be UTC: {stamp}")
        for p in ("DTSTART", "DTEND"):
            for params, v in props.get(p, []):
                if not dt.match(v):
                    bad(f"{p} is not a DATE-TIME: {v}")
                for prm in params:
                    k, _, val = prm.partition("=")
                    if k.upper() == "TZID":
                        if val not in tzids:
                            bad(f"{p} names TZID {val} without a VTIMEZONE")
                        if v.endswith("Z"):
                            bad(f"{p} has both TZID and Z")
        alarms = [a for a in c[2] if a[0] == "VALARM"]
        if not alarms:
            bad(f"VEVENT {uid} has no VALARM")
        for a in alarms:
            for p in ("ACTION", "TRIGGER", "DESCRIPTION"):
                if len(a[1].get(p, [])) != 1:
                    bad(f"VALARM needs exactly one {p} (a DISPLAY alarm)")
            if a[1].get("ACTION", [([], "")])[0][1] != "DISPLAY":
                bad("VALARM ACTION must be DISPLAY")
            trig = a[1].get("TRIGGER", [([], "")])[0][1]
            if not re.match(r"^[+-]?P(\d+W|(\d+D)?(T(\d+H)?(\d+M)?(\d+S)?)?)$", trig):
                bad(f"TRIGGER is not a duration: {trig}")
        for params, v in props.get("RRULE", []):
            if not re.match(r"^FREQ=(WEEKLY|DAILY|YEARLY|MONTHLY)(;[A-Z]+=[A-Z0-9,+-]+)*$", v):
                bad(f"RRULE looks wrong: {v}")
        for p in ("SUMMARY", "DESCRIPTION"):
            for params, v in props.get(p, []):
                if re.search(r"(?<!\\)[;,]", v.replace("\\\\", "")):
                    bad(f"{p} has an unescaped , or ;: {v}")
    if events == 0:
        bad("no VEVENT")
    if use_library:
        try:
            import icalendar  # python3-icalendar from Debian
        except ImportError:
            return
        try:
            cal = icalendar.Calendar.from_ical(raw)
        except Exception as e:  # noqa: BLE001 - any parse error is a failure
            bad(f"icalendar could not parse it: {e}")
            return
        for ev in cal.walk("VEVENT"):
            try:
                ev.decoded("DTSTART")
                ev.decoded("DTSTAMP")
            except Exception as e:  # noqa: BLE001
                bad(f"icalendar could not decode a date: {e}")
        for err in getattr(cal, "errors", []) or []:
            bad(f"icalendar: {err}")


if __name__ == "__main__":
    check(sys.argv[1], "--no-library" not in sys.argv)
    for p in problems:
        print(p)
    sys.exit(1 if problems else 0)
