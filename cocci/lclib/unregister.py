# SPDX-License-Identifier: GPL-2.0-only
"""A vfio_device registered in probe and never unregistered in remove
(cocci/vfio_missing_unregister.cocci).

Remove then destroys or frees the state while the vfio group still
lists its vfio_device: the next lookup by name walks freed memory, and
nothing waits for the device's users.  The fix is one call,
vfio_unregister_group_dev(&x->m), in remove before the first statement
that hands the state to a tear-down call, after remove's early returns.

The rule hands over what spatch found: registrations (function, state
expression, member), driver initialisers (.probe/.remove), function
definitions and the functions that unregister.  fixes() pairs each
registration with its remove and says where the call goes, or nothing.
"""

import re

from lclib.bind import NOTHING
from lclib.cscan import tops_of
from lclib.text import function_def, idents, lines_of, name_re, strip_comments

# a call that tears the state down: its name says so
TEARDOWN = re.compile(r"(^|_)(k?v?free|destroy|release|uninit|put|remove|"
                      r"cleanup|del|delete|fini|teardown|exit)(_|$)")
_DRVDATA = re.compile(r"\b([A-Za-z_]\w*)\s*=\s*\w*get_drvdata\s*\(")

_REGS, _PROBES, _PAIRS, _FNS, _UNREGS = [], set(), [], {}, set()
_TOLD = set()


def forget_file():
    """A new file (spatch runs the rules per file; tests too)."""
    del _REGS[:]
    _PROBES.clear()
    del _PAIRS[:]
    _FNS.clear()
    _UNREGS.clear()
    _TOLD.clear()


def registration(fname, fn, call, state, member, line):
    """fn calls call(&state->member) at line."""
    _REGS.append((fname, fn, call, state, member, int(line)))


def driver_fns(probe, remove=None):
    """An initialiser with .probe = probe (and .remove = remove)."""
    _PROBES.add(probe)
    if remove:
        _PAIRS.append((probe, remove))


def defined(name, line):
    """name is defined (its name on line)."""
    _FNS.setdefault(name, int(line))


def unregisters_in(fn):
    """fn calls vfio_unregister_group_dev()."""
    _UNREGS.add(fn)


def _def(ls, name):
    """name's definition, the one spatch found (its name on _FNS[name])."""
    return function_def(ls, name, _FNS[name]) or function_def(ls, name)


def _open(ls, name):
    """The line of name's opening brace."""
    return _def(ls, name).open[0]


def _body(ls, name):
    d = _def(ls, name)
    return "\n".join(ls[d.open[0]:d.close[0] - 1])


def _whole(ls, name):
    """name's definition, parameters included."""
    d = _def(ls, name)
    return "\n".join(ls[d.line - 1:d.close[0] - 1])


def _reaches_unregister(ls, name, seen):
    """name unregisters, itself or through a function of the file."""
    if name in _UNREGS:
        return True
    seen.add(name)
    calls = set(re.findall(r"\b([A-Za-z_]\w*)\s*\(", strip_comments(_body(ls, name))))
    return any(_reaches_unregister(ls, c, seen)
               for c in calls if c in _FNS and c not in seen)


def _struct_of(text, var):
    """The structure tag var is declared with in text ("struct x *var")."""
    m = re.search(r"\bstruct\s+(\w+)\s*\*\s*%s\b" % re.escape(var), text)
    return m.group(1) if m else None


def _removes(ls, fn, tag):
    """The removes of probe fn: the .remove beside it; a function that is
    no driver's .probe falls back to the functions that get a struct tag
    from the driver data and tear it down."""
    if fn in _PROBES:
        return sorted({r for p, r in _PAIRS if p == fn and r in _FNS})
    out = []
    for name in sorted(_FNS):
        b = _body(ls, name)
        for v in _DRVDATA.findall(b):
            if name != fn and tag and _struct_of(b, v) == tag and _target(ls, name, v):
                out.append(name)
    return out


def _target(ls, name, x):
    """(statement, callee) of the first top-level statement of name that
    hands x to a tear-down call, or None."""
    for s in tops_of(ls, _open(ls, name)):
        t = "\n".join(ls[s[0] - 1:s[2]])[s[1]:].strip()
        m = re.match(r"([A-Za-z_]\w*)\s*\((.*)\)\s*;$", strip_comments(t), re.S)
        if m and TEARDOWN.search(m.group(1)) and re.search(name_re(x), m.group(2)):
            return s, m.group(1)
    return None


def fixes(fname):
    """The fixes for fname: dicts with the remove, the probe, the state
    variable in remove (x), the member, the tear-down call before which the
    unregistration goes, its line, and whether a blank line goes first."""
    ls = lines_of(fname)
    found = []
    for f, fn, call, state, member, line in _REGS:
        if f != fname or fn not in _FNS:
            continue
        var = state if re.match(r"^[A-Za-z_]\w*$", state) else None
        tag = _struct_of(_whole(ls, fn), var) if var else None
        for rm in _removes(ls, fn, tag):
            if _reaches_unregister(ls, rm, set()):
                continue
            b = _body(ls, rm)
            w = _whole(ls, rm)
            cands = [v for v in idents(w) if tag and _struct_of(w, v) == tag] or \
                _DRVDATA.findall(b) or ([var] if var else [])
            for x in cands:
                hit = _target(ls, rm, x)
                if not hit:
                    continue
                s, callee = hit
                # the rule's anchor is the first call of callee in remove
                first = re.search(r"\b%s\s*\(" % re.escape(callee), strip_comments(b))
                o = _open(ls, rm)
                if first is None or o + b[:first.start()].count("\n") + 1 != s[0]:
                    break
                prev = ls[s[0] - 2].strip()
                found.append({"remove": rm, "probe": fn, "call": call, "x": x,
                              "state": state, "member": member, "teardown": callee,
                              "line": s[0], "reg_line": line,
                              "blank": prev != "" and not prev.endswith("{")})
                break
    # one fix per remove
    seen, out = set(), []
    for fx in found:
        if fx["remove"] not in seen:
            seen.add(fx["remove"])
            out.append(fx)
    return out


def fixes_once(fname, what):
    """fixes(fname) the first time what asks for it, then []: a script
    rule runs once per registration."""
    if (fname, what) in _TOLD:
        return []
    _TOLD.add((fname, what))
    return fixes(fname)


def fix_names(fname, blank):
    """The identifiers of the patch rule (with or without the blank line
    first): the first fix of fname, or identifiers that name nothing."""
    fx = [f for f in fixes(fname) if f["blank"] == blank][:1]
    if not fx:
        return {"R": NOTHING, "F": NOTHING, "x": NOTHING, "m": NOTHING}
    f = fx[0]
    return {"R": f["remove"], "F": f["teardown"], "x": f["x"], "m": f["member"]}


def fix_line(f):
    """The line the rule prints for a fix: what the runners read."""
    return ("MISSING-UNREGISTER: %(remove)s %(probe)s %(call)s %(x)s %(member)s "
            "%(teardown)s %(line)d %(reg_line)d %(state)s" % f)


def fix_report(f):
    """The human text of report mode."""
    return ("%(probe)s() registers &%(state)s->%(member)s (%(call)s(), line "
            "%(reg_line)d) but %(remove)s() hands it to %(teardown)s() without "
            "vfio_unregister_group_dev()" % f)
