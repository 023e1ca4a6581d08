# SPDX-License-Identifier: GPL-2.0-only
"""The helper-allocation pre-stage (cocci/vfio_alloc_helper.cocci): the
questions its rules ask of the text, and the check of its result.

A helper of the file that allocates the state it returns becomes the
set-up of a state it is given; this module says whether what the SmPL
left is that (nothing of the helper still allocates, frees or returns the
state), and, for a helper the file does not define, where it is.
"""

import os
import sys
import re

from lclib import linemap, shapes
from lclib.text import function_def, lines_of


def after_return(path, line):
    """The last statement before line (1-based) of path ends in a return
    (or goto): nothing falls through into a label there."""
    lines = lines_of(path)[:line - 1]
    code = shapes.blank_comments("\n".join(lines)).rstrip()
    m = re.search(r"(?:^|[;{}])\s*((?:return|goto)\b[^;{}]*;)$", code)
    return m is not None


def check_rewrite(src, helper, state, orig=None, fld=None):
    """[why the rewritten helper is not the set-up of a state it is given]
    (empty when it is): the SmPL rewrote the helper's allocation, its
    returns and its frees of the state before a return; anything of the
    state it left (another free, an assignment, a pointer returned) means
    the helper does more than the rewrite understood.  With orig (the
    input of the rewrite), the lines named are the input's.  With fld (the
    state's vfio_device member), the helper must not touch it: the caller
    initialises it before the helper runs now, after it before."""
    f = shapes.function(src, helper)
    if not f:
        return ["helper %s() not found after the rewrite" % helper]
    first, _, body = f
    why = []
    st = re.escape(state)

    lmap = linemap.LineMap(orig, src) if orig is not None else None

    def _at_input(m):
        line = first + body.count("\n", 0, m.start())
        return lmap.get(line)[0] if lmap else line
    for m in re.finditer(shapes.FREE + r"\s*\(\s*%s\s*\)" % st, body):
        why.append("it frees %s other than right before a return (line %d)" % (state, _at_input(m)))
    for m in re.finditer(r"(?<![>.\w])%s\s*=[^=]" % st, body):
        why.append("it assigns %s again (line %d)" % (state, _at_input(m)))
    if fld:
        for m in re.finditer(r"\b%s\s*->\s*%s\b" % (st, re.escape(fld)), body):
            why.append("it uses %s->%s (line %d), the vfio_device initialised after it until now"
                       % (state, fld, _at_input(m)))
    ints = set(re.findall(r"\bint\s+(\w+)\s*[;=,]", body))
    for m in re.finditer(r"\breturn\b\s*([^;]*);", body):
        e = m.group(1).strip()
        if not (e == "0" or re.fullmatch(r"-E[A-Z0-9]+", e) or e in ints):
            why.append("it returns '%s' (line %d), not the state, NULL or ERR_PTR()" % (e, _at_input(m)))
    return why


def _blockers(src, helper, init_line):
    """Why the rewrite leaves helper, whose result is initialised at
    init_line: [text naming the line]."""
    code = shapes.blank_comments(src)
    out = []
    if not re.search(r"^static\b[^;{}]*\b%s\s*\(" % re.escape(helper), code, re.M):
        out.append("it is not static (another file may call it)")
    calls = shapes.callers_of(src, helper)
    if len(calls) != 1:
        out.append("it has %d calls (%s); the rewrite changes its signature for one"
                   % (len(calls), ", ".join("line %d" % c[1] for c in calls) or "none"))
    before = [c[1] for c in calls if c[1] < init_line]
    if before:
        lines = code.split("\n")
        call = max(before)
        # from the end of the call statement to the init call
        between = "\n".join(lines[call - 1:init_line - 1])
        between = between[between.find(";") + 1:].strip()
        bare = r"if\s*\(\s*(?:!\s*(\w+)\s*\)\s*return\s+-ENOMEM|IS_ERR\s*\(\s*(\w+)\s*\)\s*\)\s*return\s+PTR_ERR\s*\(\s*\2\s*\))\s*;"
        if re.search(r"\b(?:struct\s+)?\w+\s*\*\s*\w+\s*=\s*%s\s*\(" % re.escape(helper), lines[call - 1]):
            out.append("its result initialises a declaration (line %d); the rewrite takes "
                       "an assignment (st = %s(...);)" % (call, helper))
        elif not re.fullmatch(bare, between):
            out.append("its caller checks the result (line %d) with more than a bare return of the error "
                       "(if (!st) return -ENOMEM; or if (IS_ERR(st)) return PTR_ERR(st);) right before "
                       "the init call; the rewrite has no place for the rest" % (call + 1))
    f = shapes.function(src, helper)
    m = f and re.search(r"\b(\w+)\s*=\s*" + shapes.ALLOC + r"\s*\(([^;]*)\)\s*;\s*([^;]*;)", f[2])
    if m:
        line = f[0] + f[2].count("\n", 0, m.start())
        st = re.escape(m.group(1))
        if re.search(r"\*\s*%s\s*=\s*$" % st, f[2][:m.end(1) + f[2][m.end(1):].find("=") + 1].split("\n")[-1]):
            out.append("its allocation (line %d) initialises the declaration of %s; the rewrite "
                       "takes an assignment after the declaration" % (line, m.group(1)))
        if not re.match(r"\s*sizeof\s*\(\s*(?:\*\s*%s|struct\s+\w+)\s*\)" % st, m.group(2)):
            out.append("its allocation (line %d) is not of sizeof(*%s)" % (line, m.group(1)))
        if not re.fullmatch(r"if\s*\(\s*(?:!\s*%s|%s\s*==\s*NULL)\s*\)\s*return\s+(?:NULL|ERR_PTR\s*\(\s*-ENOMEM\s*\))\s*;"
                            % (st, st), m.group(3).strip()):
            out.append("the check of its allocation (line %d) does more than return NULL or "
                       "ERR_PTR(-ENOMEM)" % line)
    if not out and not re.search(r"\b\w+\s*=\s*vfio_register_(?:group|emulated_iommu)_dev\s*\(", code):
        out.append("the caller keeps no result of the registration for the helper's")
    return out


def why_line(path, helper, init_line):
    """The why text for a state from helper (a call before the init call at
    init_line of path): what of the helper's shape the helper rewrite
    (cocci/vfio_alloc_helper.cocci) did not take, or where a helper of
    another file of the directory allocates it; None when helper
    allocates nothing."""
    src = "\n".join(lines_of(path))
    h = shapes.helper_alloc(src, helper)
    if h:
        why = _blockers(src, helper, init_line) or [
            "the helper rewrite did not keep it: the registration's result variable is read "
            "between the init call and the registration, or its rewritten copy was refused "
            "or not converted (the helper's why: lines below)"]
        return "allocation in helper %s() (line %d): %s; not rewritten: %s" % (helper, h[0], "; ".join(h[1]), "; ".join(why))
    if shapes.function(src, helper):
        return None
    return other_file_line(path, helper, init_line)


def def_line(src, name):
    """The line of name's definition that names it (its declarator may
    span lines before the opening brace), or None."""
    d = function_def(src.split("\n"), name)
    return d.line if d else None


def other_file(path, helper):
    """(file, [(function, line)...], allocation line) when a C file of
    path's directory defines helper and it, or a function of that file it
    calls, allocates (one more level); else None."""
    d = os.path.dirname(path) or "."
    for name in sorted(os.listdir(d)):
        o = os.path.join(d, name)
        if not name.endswith(".c") or os.path.abspath(o) == os.path.abspath(path):
            continue
        with open(o, errors="replace") as fh:
            osrc = fh.read()
        f = shapes.function(osrc, helper)
        if not f:
            continue
        h = shapes.helper_alloc(osrc, helper)
        if h:
            return name, [(helper, def_line(osrc, helper))], h[0]
        for g in sorted(set(re.findall(r"\b(\w+)\s*\(", f[2]))):
            gf = shapes.function(osrc, g)
            gh = gf and g != helper and shapes.helper_alloc(osrc, g)
            if gh:
                return name, [(helper, def_line(osrc, helper)), (g, def_line(osrc, g))], gh[0]
    return None


def other_file_line(path, helper, init_line):
    """The why text for a state allocated in another file's helper, or
    None when the directory has none."""
    o = other_file(path, helper)
    if not o:
        return None
    name, chain, line = o
    via = " calls ".join("%s() (%s line %d)" % (fn, name, ln) for fn, ln in chain)
    return ("allocation in a helper of another file (alloc-helper-other-file): %s, which allocates "
            "the state (%s line %d) that the init call (line %d) initialises; the cross-file helper "
            "rewrite did not apply" % (via, name, line, init_line))


def _main(argv):
    """python3 -m lclib.allochelper check FILE HELPER STATE ORIG FIELD: the
    reasons, one a line, naming lines of ORIG (the rewrite's input); exit
    0 when there is none, 1 otherwise."""
    if len(argv) != 7 or argv[1] != "check":
        print("usage: python3 -m lclib.allochelper check FILE HELPER STATE ORIG FIELD", file=sys.stderr)
        return 2
    with open(argv[2]) as fh, open(argv[5]) as oh:
        why = check_rewrite(fh.read(), argv[3], argv[4], oh.read(), argv[6])
    for w in why:
        print(w)
    return 1 if why else 0


if __name__ == "__main__":

    sys.exit(_main(sys.argv))
