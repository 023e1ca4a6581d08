#!/usr/bin/env python3
"""report.txt and report.html of make check, rendered from the records
make check (lifecycle/check/main.py) wrote (drivers-out/<name>/check/records.json, see
lifecycle/check/records.py); the words are in check/templates/report.tmpl.

  report.py OUT          write OUT/report.txt and OUT/report.html
  report.py --txt OUT    print what report.txt would hold (the test compares)
"""
import html
import os
import string
import sys

from lifecycle.check import records as lcrecords  # noqa: E402

# the report templates are make check's data: check/templates/
HERE = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "check")
ARCH_COLUMNS = ("x86_64", "arm64", "s390")
ROW = "%-4s %-7s %-9s %-9s %-9s %-6s %-10s %-8s %s\n"


def templates(path=os.path.join(HERE, "templates", "report.tmpl")):
    """The sections of the template file: {name: string.Template}."""
    secs, cur = {}, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("@@ "):
                cur = line[3:].strip()
                secs[cur] = ""
            elif cur is not None:
                secs[cur] += line
    return {k: string.Template(v) for k, v in secs.items()}


def esc(s):
    return html.escape(s, quote=False)


class Patch:
    """What the records say about one patch."""

    def __init__(self, number, subject):
        self.number, self.subject = number, subject
        self.by = {}  # (check, arch) -> record, in the order written
        self.verdict = None

    def get(self, check, arch=None):
        return self.by.get((check, arch))

    def builds(self):
        return [r for (c, _), r in self.by.items() if c == "build"]

    def cell(self, arch):
        r = self.get("build", arch)
        if r is None:
            return "-"
        word = "ok" if r["status"] == "ok" else "FAIL"
        return "%s %ss" % (word, r["figures"]["seconds"])

    def sparse_new(self):
        return sum(r["figures"]["new"] for (c, _), r in self.by.items() if c == "sparse")

    def checkpatch(self):
        f = self.get("checkpatch")["figures"]
        return "%d/%d/%d" % (f["errors"], f["warnings"], f["checks"])

    def lines(self):
        f = self.get("lines-compiled")["figures"]
        return f["compiled"], f["total"]


class Run:
    def __init__(self, records, cdir):
        self.cdir = cdir
        self.patches = []
        self.run = self.qemu = self.timings = None
        index = {}
        for r in records:
            c = r["check"]
            if c == "run":
                self.run = r
            elif c == "qemu":
                self.qemu = r
            elif c == "timings":
                self.timings = r
            elif r["patch"] is not None:
                p = index.get(r["patch"])
                if p is None:
                    p = index[r["patch"]] = Patch(r["patch"], r["subject"])
                    self.patches.append(p)
                if c == "verdict":
                    p.verdict = r
                else:
                    p.by[(c, r["arch"])] = r

    def details(self, p):
        if p.verdict is None or not p.verdict.get("log"):
            return ""
        path = os.path.join(self.cdir, p.verdict["log"])
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""


def status_text(t, p):
    """The verdict column: PASS, FAIL, or why the patch was not checked."""
    a = p.get("apply")
    if a is not None and a["status"] == "fail":
        return t["apply-failed"].substitute(message=a.get("message") or "").rstrip("\n")
    if a is not None and a["status"] == "skip":
        return t["not-run"].substitute().rstrip("\n")
    return "PASS" if p.verdict["status"] == "pass" else "FAIL"


def render_txt(run, t):
    rr = run.run
    tf = run.timings["figures"]
    checked = [p for p in run.patches if status_text(t, p) in ("PASS", "FAIL")]
    nbuild = sum(len(p.builds()) for p in run.patches)
    v = dict(name=rr["name"], np=len(run.patches), bsubj=rr["base_subject"],
             arches=rr["arches"], broken=rr.get("broken") or "",
             passed=0, cycles=rr["figures"]["cycles"])
    v["pass"] = sum(1 for p in checked if status_text(t, p) == "PASS")
    o = [t["txt-head"].substitute(v)]
    if v["broken"]:
        o.append(t["txt-broken"].substitute(v))
    o.append("\n")
    o.append(ROW % ("#", "verdict", "x86_64", "arm64", "s390", "sparse",
                    "checkpatch", "lines", "subject"))
    for p in run.patches:
        s = status_text(t, p)
        if s in ("PASS", "FAIL"):
            c, n = p.lines()
            o.append(ROW % ((p.number, s) + tuple(p.cell(a) for a in ARCH_COLUMNS)
                            + ("+%d" % p.sparse_new(), p.checkpatch(),
                               "%d/%d" % (c, n), p.subject)))
        else:
            o.append("%-4s %s: %s\n" % (p.number, s, p.subject))
    o.append("\n")
    o.append(t["txt-legend"].substitute(v))
    o.append("\n")
    o.append("Details\n")
    for p in run.patches:
        d = run.details(p)
        if d:
            o.append("%s %s\n" % (p.number, p.subject))
            o.append(d)
    o.append("\n")
    res = (run.qemu or {}).get("results") or []
    if res:
        o.append(t["txt-qemu"].substitute(v))
        for x in res:
            line = x["label"] if x["text"] is None else x["label"] + ": " + x["text"]
            o.append("  " + line + "\n")
    else:
        o.append(t["txt-no-qemu"].substitute(v))
    o.append("\n")
    o.append(t["txt-time"].substitute(tf))
    naive = run.timings.get("naive")
    if naive:
        bis = tf["base"] + tf["patches"]
        est = naive["seconds"] * nbuild
        o.append(t["txt-naive"].substitute(
            ns=naive["seconds"], nd=naive["date"], nbuild=nbuild, est=est, bis=bis,
            ratio="%.0f" % (est / bis if bis else 0)))
    return "".join(o), v


def td(text):
    """A cell: green when TEXT says so ("ok ...", PASS, +0), grey for "-",
    red otherwise."""
    if text.startswith(("ok", "PASS")) or text == "+0":
        c = "ok"
    elif text == "-":
        c = "na"
    else:
        c = "bad"
    return '<td class="%s">%s</td>' % (c, esc(text))


def render_html(run, t, txt, v):
    res = (run.qemu or {}).get("results") or []
    qres = next((x["text"] for x in res if x["label"] == "life cycle"), None)
    h = dict(v, name_html=esc(v["name"]), bsubj_html=esc(v["bsubj"]),
             qres_html=esc(qres or "not run"))
    o = [t["html-head"].substitute(h)]
    for p in run.patches:
        s = status_text(t, p)
        o.append("<tr><td>%s</td>" % p.number)
        if s in ("PASS", "FAIL"):
            o.append(td(s))
            o.extend(td(p.cell(a)) for a in ARCH_COLUMNS)
            o.append(td("+%d" % p.sparse_new()))
            cp = p.checkpatch()
            o.append(td("ok " + cp if cp.startswith("0/") else cp))
            c, n = p.lines()
            o.append(td(("ok %d/%d" if c == n else "%d/%d") % (c, n)))
        else:
            o.append('<td class="bad" colspan="7">%s</td>' % esc(s))
        o.append("<td>%s</td></tr>\n" % esc(p.subject))
    tail = txt[txt.index("\nDetails\n") + 1:]
    o.append(t["html-foot"].substitute(details_html=esc(tail)))
    return "".join(o)


def render(out):
    """(report.txt, report.html) for the make check output directory OUT."""
    cdir = os.path.join(out, "check")
    run = Run(lcrecords.load(os.path.join(cdir, "records.json")), cdir)
    t = templates()
    txt, v = render_txt(run, t)
    return txt, render_html(run, t, txt, v)


def main(argv):
    if len(argv) == 3 and argv[1] == "--txt":
        sys.stdout.write(render(argv[2])[0])
        return 0
    if len(argv) != 2 or argv[1].startswith("-"):
        sys.stderr.write(__doc__)
        return 1
    txt, page = render(argv[1])
    for name, text in (("report.txt", txt), ("report.html", page)):
        with open(os.path.join(argv[1], name), "w", encoding="utf-8") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
