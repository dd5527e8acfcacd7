#!/usr/bin/env python3
"""Renders an HTML file in headless Chromium through the DevTools protocol
on a pipe (no network port, no extra packages), for tests/render:

    browser_probe.py CHROMIUM HTML OUTDIR

Writes OUTDIR/a4.pdf (printed with the page's own CSS page size, A4 for
tend's report) and OUTDIR/phone.png (375 x 812 CSS pixels, a phone), and
prints one JSON line: the page's scrollWidth and the viewport's width at
the phone's size (375, and innerWidth, which grows past it when the page
is too wide), the length of its text, and the scrollWidth with the
print style sheet at the width of an A4 page less its margins (688).  A fresh profile in OUTDIR,
and every flag that keeps Chromium off the network.
"""
import base64
import json
import os
import subprocess
import sys

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-extensions",
         "--disable-default-apps", "--mute-audio",
         "--remote-debugging-pipe"]


class Pipe:
    def __init__(self, chromium, profile):
        to_r, self.to_w = os.pipe()
        self.from_r, from_w = os.pipe()

        def fds():
            # Chromium reads fd 3 and writes fd 4.  Through high numbers
            # first, so neither end overwrites the other; dup2 makes them
            # inheritable (os.pipe's are not).
            a, b = os.dup(to_r), os.dup(from_w)
            hi_a, hi_b = os.dup2(a, 100), os.dup2(b, 101)
            os.dup2(hi_a, 3)
            os.dup2(hi_b, 4)

        self.p = subprocess.Popen(
            [chromium] + FLAGS + [f"--user-data-dir={profile}",
                                  "about:blank"],
            preexec_fn=fds, close_fds=False, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(profile + ".log"), "w"))
        os.close(to_r)
        os.close(from_w)
        self.buf = b""
        self.next_id = 0
        self.events = []

    def read(self):
        while b"\0" not in self.buf:
            chunk = os.read(self.from_r, 65536)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, params=None, session=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.to_w, json.dumps(msg).encode() + b"\0")
        while True:
            m = self.read()
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
            self.events.append(m)

    def wait_event(self, name):
        for i, m in enumerate(self.events):
            if m.get("method") == name:
                del self.events[: i + 1]
                return m
        while True:
            m = self.read()
            if m.get("method") == name:
                return m

    def close(self):
        try:
            self.call("Browser.close")
        except RuntimeError:
            pass
        self.p.wait(timeout=30)


def main(argv):
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    chromium, html, out = argv[1], os.path.abspath(argv[2]), argv[3]
    os.makedirs(out, exist_ok=True)
    b = Pipe(chromium, os.path.join(out, "profile"))
    try:
        target = b.call("Target.createTarget", {"url": "about:blank"})
        sid = b.call("Target.attachToTarget",
                     {"targetId": target["targetId"], "flatten": True}
                     )["sessionId"]
        b.call("Page.enable", session=sid)
        b.call("Emulation.setDeviceMetricsOverride",
               {"width": 375, "height": 812, "deviceScaleFactor": 2,
                "mobile": True}, session=sid)
        b.call("Page.navigate", {"url": "file://" + html}, session=sid)
        b.wait_event("Page.loadEventFired")
        probe = b.call("Runtime.evaluate", {
            "expression": "JSON.stringify({scrollWidth:"
            " document.documentElement.scrollWidth, innerWidth:"
            " window.innerWidth, text: document.body.innerText.length})",
            "returnByValue": True}, session=sid)
        shot = b.call("Page.captureScreenshot", {"format": "png"},
                      session=sid)
        with open(os.path.join(out, "phone.png"), "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        # The printed width: A4 less the page's margins (182 mm, 688 CSS
        # pixels), with the print style sheet.
        b.call("Emulation.setDeviceMetricsOverride",
               {"width": 688, "height": 1000, "deviceScaleFactor": 1,
                "mobile": False}, session=sid)
        b.call("Emulation.setEmulatedMedia", {"media": "print"},
               session=sid)
        printed = b.call("Runtime.evaluate", {
            "expression": "document.documentElement.scrollWidth",
            "returnByValue": True}, session=sid)
        b.call("Emulation.clearDeviceMetricsOverride", session=sid)
        pdf = b.call("Page.printToPDF", {"preferCSSPageSize": True,
                                         "printBackground": False,
                                         "displayHeaderFooter": False},
                     session=sid)
        with open(os.path.join(out, "a4.pdf"), "wb") as f:
            f.write(base64.b64decode(pdf["data"]))
        result = json.loads(probe["result"]["value"])
        # The width set, not innerWidth: a mobile layout viewport grows
        # to fit content that is too wide, hiding the overflow.
        result["viewport"] = 375
        result["print_scrollWidth"] = printed["result"]["value"]
        result["print_width"] = 688
        print(json.dumps(result))
    finally:
        b.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
