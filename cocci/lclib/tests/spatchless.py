# SPDX-License-Identifier: GPL-2.0-only
"""What the rules' SmPL finds, found without spatch, for the unit tests.

vfio_init_release.cocci hands lclib.lift the anchors of probe
(vfio_alloc_device(), its IS_ERR() check, the registration), the remove
paths, every statement of probe and remove (lclib.cscan.all_stmts() stands
in for "f(...) { ... S@ps ... }"), their locals and parameters.  This
module finds the same in a kernel-style C file with regular expressions:
good enough for the small fixtures of tests/cocci/, not a C parser.
"""

import re

from lclib import text
from lclib.cscan import all_stmts, tops_at
from lclib.lift import Lift

REG = r"(vfio_register_group_dev|vfio_register_emulated_iommu_dev|vfio_pci_core_register_device)"
UNREG = r"(vfio_unregister_group_dev|vfio_pci_core_unregister_device)"


def functions(ls):
    """name -> (first line of the header, line of the opening brace,
    parameter text) of each function definition (kernel style: the
    braces in column 0)."""
    out = {}
    for i, l in enumerate(ls):
        if l != "{":
            continue
        # the header: the lines above, back to one that starts a declaration
        j = i - 1
        head = ls[j]
        while "(" not in head and j > 0:
            j -= 1
            head = ls[j] + "\n" + head
        while not re.match(r"^[A-Za-z_]", ls[j]) and j > 0:
            j -= 1
            head = ls[j] + "\n" + head
        m = re.search(r"\b(\w+)\s*\((.*)\)\s*$", head, re.S)
        if m:
            out[m.group(1)] = (j + 1, i + 1, m.group(2))
    return out


def body_of(ls, fns, name):
    """The lines (1-based, inclusive) of the body of name."""
    o = fns[name][1]
    return o, text.fn_end(ls, o)


def find_in(ls, lo, hi, regex):
    """(line, col, match) of the first match of regex in lines lo..hi
    (a match may span lines)."""
    body = "\n".join(ls[lo - 1:hi])
    m = re.search(regex, body, re.M | re.S)
    if not m:
        return None
    before = body[:m.start()]
    return lo + before.count("\n"), len(before) - (before.rfind("\n") + 1), m


def is_declaration(stmt):
    """stmt (its text) declares locals: type words, then a name."""
    return re.match(r"^(?:(?:const|static|unsigned|signed|struct|enum|union)\s+)*\w+"
                    r"(?:\s*\*+\s*|\s+)\w+\s*(\[[^]]*\]\s*)*(=|;|,)", stmt) is not None \
        and not re.match(r"^(return|goto)\b", stmt)


def declarators(decl):
    """(type, name) of each name a declaration statement declares."""
    d = decl.strip().rstrip(";")
    # split at commas outside parentheses
    parts, depth, cur = [], 0, ""
    for c in d:
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        if c == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += c
    parts.append(cur)
    m = re.match(r"^(.*?)(\**)\s*([A-Za-z_]\w*)\s*(\[[^]]*\]\s*)*(=.*)?$", parts[0], re.S)
    base = m.group(1).strip()
    out = [(base + (" " + m.group(2) if m.group(2) else ""), m.group(3))]
    for p in parts[1:]:
        m2 = re.match(r"^\s*(\**)\s*([A-Za-z_]\w*)", p)
        out.append((base + (" " + m2.group(1) if m2.group(1) else ""), m2.group(2)))
    return out


def params(ptext):
    """(type, name) of each parameter."""
    out = []
    for p in ptext.split(","):
        m = re.match(r"^\s*(.*?)(\**)\s*([A-Za-z_]\w*)\s*$", p, re.S)
        if m and m.group(1).strip():
            out.append((m.group(1).strip() + (" " + m.group(2) if m.group(2) else ""),
                        m.group(3)))
    return out


def plan_file(fname, core_frees=False):
    """Feed lclib.lift what the rule would for fname, plan every probe;
    returns (the Lift, {probe: reason code})."""
    text.forget(fname)
    ls = text.lines_of(fname)
    fns = functions(ls)
    lift = Lift()
    lift.core_frees = core_frees
    probes = []
    for name in fns:
        lo, hi = body_of(ls, fns, name)
        a = find_in(ls, lo, hi, r"^[ \t]*(\w+)\s*=\s*vfio_alloc_device\(\s*(\w+),\s*([^,]+),\s*([^;]+?),\s*&(\w+)\);")
        if a:
            ma = a[2]
            pa = find_in(ls, a[0], hi, r"\bvfio_alloc_device\(")[:2]
            c = find_in(ls, a[0], hi, r"\bIS_ERR\(")
            r = find_in(ls, a[0], hi, r"\b" + REG + r"\(")
            if c and r:
                probes.append((name, ma.group(2), ma.group(5), ma.group(3), ma.group(1),
                               ma.group(4), pa, (c[0], c[1]), (r[0], r[1])))
        u = find_in(ls, lo, hi, r"\b" + UNREG + r"\(")
        p = find_in(ls, lo, hi, r"\bvfio_put_device\(([^;]*)\);")
        if u and p and (u[0], u[1]) < (p[0], p[1]):
            lift.add_remove(name, p[2].group(1), (u[0], u[1]), (p[0], p[1]))
    wanted = set(n for n, *_ in probes) | set(r[0] for r in lift.removes)
    for name in wanted:
        lo, hi = body_of(ls, fns, name)
        for s in all_stmts(ls, lo + 1):
            lift.add_stmt(name, s)
        for s in tops_at(ls, lo + 1):
            stmt = text.text_between(ls, (s[0], s[1]), (s[2], s[3]))
            if is_declaration(stmt):
                for typ, var in declarators(stmt):
                    lift.add_local(name, var, typ, fname, s[0])
                # spatch does not take declarations for statements
                lift.stmts[name].discard(s)
        for typ, var in params(fns[name][2]):
            lift.add_param(name, var, typ)
    for P, tag, ops, fld, st, dv, pa, pchk, preg in probes:
        lift.plan(P, tag, ops, fld, st, dv, fname, pa, pchk, preg)
    return lift, dict(lift.codes)
