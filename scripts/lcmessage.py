#!/usr/bin/env python3
"""The paragraph a driver patch's message gives one converted file.

lcmessage.py FILE CONVERTED INIT RELEASE [LAYOUT]
lcmessage.py --verdict FILE VERDICT CONVERTED

FILE is the path the message names, CONVERTED the converted source,
INIT and RELEASE the names of its @init and @release (from the
conversion report), LAYOUT "idiomatic" (default) or "midlayer.caller".
The paragraph says which kinds of state @init now sets up and @release
undoes (scripts/messages/kinds.tsv maps call names to kinds), what the
failure path of @init gives back, and what is subtle (a reservation given
back in @release), in the words of scripts/messages/templates.txt.
Calls of kind "-" (getters, sizeof) are never named.

With --verdict: the paragraph of a file whose verdict (VERDICT, the text
in "converted (...)" of the conversion report) is not an idiomatic
conversion with its own @init/@release: a mid-layer library, its header,
a parent-owned structure, a driver with no set-up of its own, a minimal
one; the templates' sections are named in VERDICTS.  Stdlib only.
Exit 2, nothing printed: bad arguments, a function not found, or a
verdict no section is for.
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
KEYWORDS = {"if", "while", "for", "switch", "return", "do", "else", "case",
            "goto", "defined", "typeof", "__typeof__", "offsetof"}


def load_kinds(path):
    rules = []
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            kind, rx = line.split("\t", 1)
            rules.append((kind, re.compile(rx + r"\Z")))
    return rules


def load_templates(path):
    t, name = {}, None
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#") and name is None:
                continue
            m = re.match(r"\[([a-z.]+)\]\Z", line)
            if m:
                name = m.group(1)
                t[name] = ""
            elif name is not None and line:
                t[name] = (t[name] + " " + line).strip()
    return t


def body(src, name):
    """The lines of function NAME's body, or None."""
    lines = src.split("\n")
    for i, l in enumerate(lines):
        if (re.match(r"(static\s+)?[a-z_ ]+\b%s\(" % re.escape(name), l)
                and not l.rstrip().endswith(";")):
            out, inside = [], False
            for l2 in lines[i + 1:]:
                if not inside:
                    inside = l2 == "{"
                    continue
                if l2 == "}":
                    return out
                out.append(l2)
    return None


def args_of(line, start):
    """The top-level arguments of the call whose '(' is at START."""
    depth, cur, out = 0, "", []
    for ch in line[start:]:
        if ch == "(":
            depth += 1
            if depth == 1:
                continue
        elif ch == ")":
            depth -= 1
            if depth == 0:
                out.append(cur.strip())
                return out
        elif ch == "," and depth == 1:
            out.append(cur.strip())
            cur = ""
            continue
        cur += ch
    out.append(cur.strip())
    return out


def what(kind, name, line, m):
    args = args_of(line, m.end() - 1)
    if kind == "buffer":
        a = re.search(r"([\w>.-]+)\s*=\s*" + re.escape(name) + r"\(", line)
        return a.group(1) if a else None
    if kind in ("unbuffer", "lock", "unlock", "table"):
        return args[0].lstrip("&").strip() if args and args[0] else None
    if kind == "reservation":
        for a in args:
            g = re.match(r"&([\w>.-]+)\Z", a)
            if g:
                return g.group(1)
        return None
    return name + "()"


def classify(lines, rules, own):
    """[(kind, what)] of the calls in LINES, in order, each once."""
    seen, out = set(), []
    for line in lines:
        code = re.sub(r'/\*.*?\*/|//.*|"(\\.|[^"\\])*"', '""', line)
        for m in re.finditer(r"\b([A-Za-z_]\w*)\s*\(", code):
            name = m.group(1)
            if name in KEYWORDS or name in own:
                continue
            kind = next(k for k, rx in rules if rx.match(name))
            if kind == "-":
                continue
            w = what(kind, name, code, m)
            if (kind, w) not in seen:
                seen.add((kind, w))
                out.append((kind, w))
    return out


def join(items):
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def phrases(found, level, t):
    """One phrase a kind, in the order the kinds first appear."""
    order, by = [], {}
    for kind, w in found:
        if ("%s.%s" % (level, kind)) not in t:
            continue
        if kind not in by:
            order.append(kind)
            by[kind] = []
        if w and w not in by[kind]:
            by[kind].append(w)
    out = []
    for kind in order:
        w = join(by[kind]) or t.get("noun." + kind, "")
        out.append(t["%s.%s" % (level, kind)].format(what=w))
    return out


# (section, the verdict's form): the first that matches the start of the
# verdict gives the paragraph; its named groups fill the template
VERDICTS = [
    ("runtime.fallback", r"idiomatic, run-time ops.*: (?P<ini>\w+)\(\) \(@init of (?P<a>\w+)\) "
                         r"runs (?P<setup>\w+)\(\); when it fails, probe allocates with (?P<b>\w+)"),
    ("runtime.choice", r"(?:idiomatic|minimal), run-time ops.*: the ops \((?P<a>\w+) or (?P<b>\w+)\) "
                       r"are chosen(?:.*not idiomatic: (?P<why>.*))?"),
    ("library", r".*mid-layer; (?P<ini>\w+)\(\), (?P<rel>\w+)\(\)"),
    ("far.header", r"prototypes of the functions that set up the state they are given(?:, struct (?P<member>\w+))?"),
    ("far", r"(?P<fns>.*?) set up the state they are given and return an error code; the vfio core "
            r"allocates it \(for (?P<caller>[^)]*)\)(?:; (?P<destroy>\w+)\(\) undoes)?"),
    ("prototypes", r".*prototypes"),
    ("completion", r".*completion member"),
    ("parent.idiomatic", r"idiomatic, parent-owned.*vfio_init_device\(\); "
                         r"(?P<rel>\w+)\(\) signals (?P<cmp>\w+)"),
    ("parent.minimal", r"parent-owned, minimal.*vfio_init_device\(\); "
                       r"(?P<rel>\w+)\(\) signals (?P<cmp>\w+)(?:.*not idiomatic: (?P<why>.*))?"),
    ("nosetup", r"idiomatic.*: no set-up"),
    ("minimal", r"minimal(?:.*not idiomatic: (?P<why>.*))?"),
    ("parent", r"parent-owned"),
]


def ops_callback(src, member):
    """The function the ops of SRC name for MEMBER (.init, .release)."""
    m = re.search(r"^\s*\.%s\s*=\s*(\w+)\s*," % member, src, re.M)
    return m.group(1) if m else None


# notes a pre-stage appends to a verdict: (section, form); each is taken
# out of the verdict before the paragraph is chosen, and its section's
# sentence follows the paragraph
NOTES = [
    ("note.far", r"; (?P<chain>\w+\(\)(?: -> \w+\(\))*) of (?P<far>\S+) set up the state they are given, "
                 r"the caller allocates it \(line \d+\)(?:; (?P<fdestroy>\w+)\(\) no longer frees it)?"),
    ("note.preuninit", r"; no vfio_uninit_group_dev\(\) in the input: the frees after the unregister and on "
                       r"the failure paths become the put(?:; (?P<renamed>[\w, ]+): \.open/\.release "
                       r"\(5\.13/5\.14 open/close\) renamed \.open_device/\.close_device)?"),
]


def by_verdict(fname, verdict, conv, t):
    """The paragraph for FNAME from its VERDICT, or None."""
    notes = []
    for name, rx in NOTES:
        m = re.search(rx, verdict)
        if m:
            verdict = verdict[:m.start()] + verdict[m.end():]
            f = {k: v for k, v in m.groupdict().items() if v}
            f.update(file=fname, base=os.path.basename(fname))
            for opt in ("renamed",):
                if opt in f and name + "." + opt in t:
                    name += "." + opt
            notes.append(t[name].format(**f))
    p = _by_verdict(fname, verdict, conv, t)
    return p and " ".join([p] + notes)


def _by_verdict(fname, verdict, conv, t):
    for name, rx in VERDICTS:
        m = re.match(rx, verdict)
        if m:
            break
    else:
        return None
    f = {k: v for k, v in m.groupdict().items() if v}
    f.update(file=fname, base=os.path.basename(fname))
    if "member" in f:
        f["tag"] = f["member"]
    if name == "nosetup":
        try:
            with open(conv) as fh:
                src = fh.read()
        except OSError:
            return None
        f["ini"], f["rel"] = ops_callback(src, "init"), ops_callback(src, "release")
        if not f["ini"]:
            name = "nosetup.noops"
        elif not f["rel"]:
            name = "nosetup.init"
    if "why" in f and name + ".why" in t:
        name += ".why"
    for opt in ("destroy", "member"):
        if opt in f and name + "." + opt in t:
            name += "." + opt
    return t[name].format(**f) if name in t else None


def main(argv):
    if len(argv) == 5 and argv[1] == "--verdict":
        t = load_templates(os.path.join(HERE, "messages", "templates.txt"))
        p = by_verdict(argv[2], argv[3], argv[4], t)
        if p is None:
            sys.stderr.write("lcmessage.py: %s: no paragraph for the verdict '%s'\n" % (argv[2], argv[3]))
            return 2
        print(p)
        return 0
    if len(argv) not in (5, 6):
        sys.stderr.write(__doc__)
        return 2
    fname, conv, ini, rel = argv[1:5]
    layout = argv[5] if len(argv) == 6 else "idiomatic"
    rules = load_kinds(os.path.join(HERE, "messages", "kinds.tsv"))
    t = load_templates(os.path.join(HERE, "messages", "templates.txt"))
    try:
        with open(conv) as f:
            src = f.read()
    except OSError as e:
        sys.stderr.write("lcmessage.py: %s\n" % e)
        return 2
    ib, rb = body(src, ini), body(src, rel)
    if ib is None or rb is None or layout not in t:
        sys.stderr.write("lcmessage.py: %s: no %s() or %s()\n" % (conv, ini, rel))
        return 2
    own = {ini, rel}
    # the failure path of @init: from its first label on
    cut = next((i for i, l in enumerate(ib) if re.match(r"\w+:\s*$", l)), len(ib))
    setup = classify(ib[:cut], rules, own)
    fail = classify(ib[cut:], rules, own)
    # @release ends with vfio_free_device(), or hands the structure to a
    # library's release that does (vfio_pci_core_release_dev())
    end = max((i for i, l in enumerate(rb) if l.strip()), default=-1)
    last = re.match(r"\s*(\w+)\s*\(", rb[end]) if end >= 0 else None
    last = last.group(1) if last and last.group(1) != "vfio_free_device" else None
    undo = classify(rb[:end] if last else rb, rules, own)
    sset = phrases(setup, "set", t)
    sundo = phrases(undo, "undo", t)
    name = layout
    if layout == "idiomatic" and last:
        name = "idiomatic.chain"
    if layout == "idiomatic" and not sundo:
        name += ".noundo"
    paras = [t[name].format(file=fname, ini=ini, rel=rel, last=last,
                            set=join(sset) or "sets up nothing",
                            undo=join(sundo))]
    sfail = phrases(fail, "undo", t)
    if sfail:
        paras.append(t["fail"].format(ini=ini, fail=join(sfail)))
    res = [w for k, w in undo if k == "reservation" and w]
    if res:
        paras.append(t["reservation"].format(what=join(res), rel=rel))
    print("\n\n".join(paras))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
