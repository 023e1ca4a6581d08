# SPDX-License-Identifier: GPL-2.0-only
"""Ops chosen at run time (cocci/vfio_runtime_ops.cocci): one probe
allocates the state, then calls the old init on two paths with two ops.
vfio_alloc_device() takes the ops, so the choice must come first:

- choice: "if (C) INIT(A); else INIT(B);" where C does not read the
  state: an ops variable set by the same condition, then one allocation;
- fallback: "[if (C) {] ret = setup(st, ...); if (!ret) { INIT(A); S }
  else { W; INIT(B); } [} else INIT(B);]": the set-up of the state
  decides.  It moves into a new @init of A (then S, on the state), and
  probe allocates with A; when that fails (the set-up failed, so the core
  freed the state) it warns (W) and allocates with B, as before.  The
  only other failure of the first allocation, the core's own (no
  memory), then fails the second one the same way, one warning more.

Every other variant is refused ("run-time-ops", naming the line); so is
one whose set-up reads anything @init cannot find again (a probe local
assigned other than once from probe's device, another parameter).
Works on the text: convert() gives the new file or raises Refused.
"""

import re
import textwrap

from lclib.bushelpers import find_again, file_helpers
from lclib.cscan import _Scanner, _block, tops_at
from lclib.lift import PURE, state_decl
from lclib.refusal import Refused, refusal, refuse
from lclib.text import (def_body, fn_bounds, fn_end, function_def, name_re, ops_base, ops_initialiser,
                        strip_comments, used_in, writes_first)

refusal("run-time-ops", "ops chosen at run time (line %(line)s): %(why)s")(lambda **kw: False)

INIT_RE = re.compile(r"^(vfio_init_group_dev|vfio_pci_core_init_device)\(\s*&\s*(\w+)->([\w.]+)\s*,"
                     r"\s*(.+?)\s*,\s*&\s*(\w+)\s*\)\s*;$", re.S)
PARAM_RE = re.compile(r"(struct\s+\w+\s*\*|const\s+struct\s+\w+\s*\*)\s*(\w+)\s*$")
CALLER = re.compile(r"\b([A-Za-z_]\w*)\b")


def parse(text):
    """An if statement as ("if", cond, then, else) (bodies: lists of
    statement texts, else None); any other statement as its text."""
    sc = _Scanner(text)
    if sc.word_at(0) != "if":
        return text.strip()
    o = text.index("(")
    c = sc.close_of(o, "(", ")")
    bodies, i = [], sc.skip_ws(c + 1)
    while True:
        if text[i] == "{":
            e = sc.close_of(i, "{", "}")
            bodies.append([parse(text[a:b + 1]) for a, b in _block(sc, i + 1)[0]])
        else:
            e = sc.stmt_end(i)
            bodies.append([parse(text[i:e + 1])])
        k = sc.skip_ws(e + 1)
        if len(bodies) == 2 or sc.word_at(k) != "else":
            break
        i = sc.skip_ws(k + 4)
    return ("if", " ".join(text[o + 1:c].split()), bodies[0], bodies[1] if len(bodies) > 1 else None)


def init_of(s, st):
    """(function, field, device, ops) of an old init statement on st."""
    m = isinstance(s, str) and INIT_RE.match(s)
    return m.groups()[:1] + m.groups()[2:] if m and m.group(2) == st else None


def fallback(stmts, st, line):
    """[ret = setup(...); if (!ret) {INIT A; S} else {W; INIT B}] ->
    (ret, setup call, S, W, init A, init B), or None."""
    if len(stmts) != 2 or not isinstance(stmts[0], str) or not isinstance(stmts[1], tuple):
        return None
    m = re.match(r"^(\w+)\s*=\s*(\w+\(.*\))\s*;$", stmts[0], re.S)
    _, cond, yes, no = stmts[1]
    if not m or no is None or not used_in(st, m.group(2)):
        return None
    if cond == "!" + m.group(1):
        good, bad = yes, no
    elif cond == m.group(1):
        good, bad = no, yes
    else:
        return None
    ia, ib = init_of(good[0], st), init_of(bad[-1], st)
    if not ia or not ib or any(not isinstance(s, str) for s in good + bad):
        return None
    if any(used_in(st, s) or used_in(m.group(1), s) for s in bad[:-1]):
        refuse("run-time-ops", line=line, why="the fall-back path uses the state before its init")
    return m.group(1), m.group(2), good[1:], bad[:-1], ia, ib


def convert(text, line, core_frees, fname=""):
    """The file text with the probe around line (an old init call) and
    its ops converted, and what was done ("choice A B" or "fallback
    INIT SETUP A B"); raises Refused."""
    ls = text.split("\n")
    ob, cb = fn_bounds(ls, line)
    tops = tops_at(ls, line)
    body = lambda s: ls[s[0] - 1][s[1]:s[3]] if s[0] == s[2] else \
        "\n".join([ls[s[0] - 1][s[1]:]] + ls[s[0]:s[2] - 1] + [ls[s[2] - 1][:s[3]]])
    sel = [s for s in tops if s[0] <= line <= s[2]]
    alloc = [i for i, s in enumerate(tops) if re.match(r"^\w+\s*=\s*(kzalloc|kvzalloc|kmalloc|kvmalloc)\(", body(s))]
    if len(sel) != 1 or len(alloc) != 1:
        refuse("run-time-ops", line=line, why="no single allocation and choice statement in one function")
    ia, isel = alloc[0], tops.index(sel[0])
    st = body(tops[ia]).split("=")[0].strip()
    if not re.match(r"^%s\s*=\s*\w+\(\s*sizeof\s*\(\s*\*\s*%s\s*\)\s*," % (st, st), body(tops[ia])):
        refuse("run-time-ops", line=tops[ia][0], why="the state is not allocated with its own size")
    nullchk = body(tops[ia + 1]) if ia + 1 < len(tops) else ""
    if not re.match(r"^if\s*\(\s*!\s*%s\s*\)\s*return\s+[-\w]+\s*;$" % st, nullchk):
        refuse("run-time-ops", line=tops[ia][0], why="the allocation is not followed by its NULL check and return")
    decls = [body(s) for s in tops]
    tag = [m.group(1) for d in decls for m in [re.match(r"^struct\s+(\w+)\s*\*\s*%s\s*;$" % st, d)] if m]
    head = " ".join(ls[ob - 3:ob - 1]).split("(", 1)[-1].rsplit(")", 1)[0]
    params = dict((m.group(2), re.sub(r"^const\s+", "", m.group(1)).rstrip(" *")) for p in head.split(",")
                  for m in [PARAM_RE.search(p.strip())] if m)
    if not tag:
        refuse("run-time-ops", line=tops[ia][0], why="the state is not a local struct pointer")
    tag = tag[0]
    node = parse(body(sel[0]))
    first = isel
    if isinstance(node, tuple) and node[3] is not None and not used_in(st, node[1]) and \
            len(node[2]) == 1 and len(node[3]) == 1 and init_of(node[2][0], st) and init_of(node[3][0], st):
        kind, cond, a, b = "choice", node[1], init_of(node[2][0], st), init_of(node[3][0], st)
        plan = None
    else:
        outer = isinstance(node, tuple) and node[3] is not None and len(node[3]) == 1 and \
            not used_in(st, node[1]) and init_of(node[3][0], st) and fallback(node[2], st, line)
        if outer:
            plan, cond = outer, node[1]
            if init_of(node[3][0], st) != plan[5]:
                refuse("run-time-ops", line=sel[0][0], why="the two plain paths use different ops")
        else:
            plan = isel > 0 and fallback([body(tops[isel - 1]), node], st, line)
            if not plan:
                refuse("run-time-ops", line=sel[0][0], why="neither a choice that does not read the state nor a set-up whose failure selects the other ops")
            cond, first = None, isel - 1
        kind, a, b = "fallback", plan[4], plan[5]
    for s in tops[ia + 2:first]:
        if used_in(st, body(s)) or re.search(r"\b(return|goto)\b", body(s)):
            refuse("run-time-ops", line=s[0], why="code between the allocation and the choice of ops uses the state or leaves")
    if a[0] != b[0] or a[1] != b[1] or a[2] != b[2] or a[3] == b[3]:
        refuse("run-time-ops", line=sel[0][0], why="the two init calls differ in more than their ops")
    # set-up of the state before the registration: with two ops and no
    # @init of their own, it stays in probe (the minimal level)
    setup = []
    for s in tops[isel + 1:]:
        if re.search(r"_register\w*\(", body(s)):
            break
        setup += [s[0]] if used_in(st, body(s)) else []
    return edit(ls, dict(st=st, tag=tag, params=params, kind=kind, cond=cond, a=a, b=b, plan=plan,
                         ia=tops[ia], inull=tops[ia + 1], first=tops[first], last=sel[0], ob=ob, cb=cb,
                         line=line, core_frees=core_frees, fname=fname, tops=tops, body=body,
                         setup=setup))


def wrap_call(lhs, call, args, ind):
    """"lhs = call(args);" at indent ind, the arguments wrapped under the
    parenthesis when the line is longer than 80 columns."""
    one = "%s%s = %s(%s);" % (ind, lhs, call, ", ".join(args))
    if len(one.expandtabs(8)) <= 80:
        return [one]
    col = len(("%s%s = %s(" % (ind, lhs, call)).expandtabs(8))
    lines, cur = [], "%s%s = %s(%s," % (ind, lhs, call, args[0])
    for x in args[1:]:
        nxt = "%s %s," % (cur, x)
        if len(nxt.expandtabs(8)) > 80:
            lines.append(cur)
            cur = "\t" * (col // 8) + " " * (col % 8) + x + ","
        else:
            cur = nxt
    lines.append(cur[:-1] + ");")
    return lines


def reindent(stmt, ind):
    """A statement text (its first line unindented) at indent ind."""
    return [ind + l if i == 0 else l for i, l in enumerate(stmt.split("\n"))]


def ops_span(ls, name):
    """(first, last) 0-based lines of the definition of ops name, or None."""
    d = ops_initialiser(ls, name)
    return (d.head - 1, d.close[0] - 1) if d else None


def device_of(P):
    """(param, struct type, member) of probe's device as @init finds it."""
    pci = P["a"][0] == "vfio_pci_core_init_device"
    dv = P["a"][2]
    m = re.match(r"^&\s*(\w+)->(\w+)$", dv)
    p, mem = (dv, "dev") if pci else (m.group(1), m.group(2)) if m else (dv, None)
    t = P["params"].get(p)
    if not t:
        refuse("run-time-ops", line=P["line"], why="the device %s is not a parameter of probe" % dv)
    return p, t, mem


KEYWORDS = set("if for while switch return sizeof typeof defined".split())
VALUES = PURE | set("IS_ERR PTR_ERR ERR_PTR IS_ERR_OR_NULL likely unlikely".split())


def reads_only(ls, name, depth=0):
    """Calling name again gives the same value and changes nothing: a
    value helper (lclib.lift.PURE), a getter named *_get_<thing>() (the
    kernel names the getters that take a reference *_get() or get_*()), or
    a function of this file that writes only its locals and calls only
    such functions."""
    d = function_def(ls, name)
    if d is None or name in VALUES:
        return name in VALUES or re.search(r"._get_[a-z]", name) is not None
    if depth > 3:
        return False
    code = re.sub(r'"([^"\\\n]|\\.)*"', '""', strip_comments(def_body(ls, d)))
    for m in re.finditer(r"(?<![=!<>+*/%&|^-])=(?!=)|\+\+|--|[-+*/%&|^]=", code):
        if m.group(0) != "=" or re.search(r"(->|\.|\]|^\s*\*)\s*\w*\s*$", code[:m.start()].split(";")[-1].split("{")[-1]):
            return False
    return all(c in KEYWORDS or c == name or reads_only(ls, c, depth + 1)
               for c in set(re.findall(r"\b([A-Za-z_]\w*)\s*\(", code)))


def init_fn(ls, P, name):
    """The lines of the new @init of the preferred ops."""
    ret, setup, good = P["plan"][0], P["plan"][1], P["plan"][2]
    pci = P["a"][0] == "vfio_pci_core_init_device"
    st, vfld = P["st"], P["a"][1] + (".vdev" if pci else "")
    p, t, mem = device_of(P)
    before = "\n".join(ls[P["ob"]:P["first"][0] - 1])
    code = [" ".join(setup.split())] + list(good)
    for v in sorted(set(x for c in code for x in CALLER.findall(c))):
        if v == st or v in P["params"] and v == p:
            continue
        if v in P["params"] or v == ret and any(used_in(ret, c) for c in good):
            refuse("run-time-ops", line=P["line"], why="the set-up reads %s, which @init cannot have" % v)
        if any(re.match(r"^(const\s+)?(struct\s+)?\w+[\s*]+%s\s*;$" % v, d) for d in P["decls"]):
            sets = re.findall(r"^\s*%s\s*=\s*([^;]*);\s*$" % v, before, re.M)
            rhs = sets[0].strip() if len(sets) == 1 else ""
            if not rhs or set(CALLER.findall(rhs)) & (set(P["params"]) - {p}) or used_in(st, rhs) \
                    or len(re.findall(name_re(v), before)) != 2:
                refuse("run-time-ops", line=P["line"], why="the set-up reads the local %s, "
                       "which is not set once from probe's device before the choice" % v)
            at = [P["ob"] + 1 + i for i, l in enumerate(before.split("\n")) if re.match(r"^\s*%s\s*=" % v, l)]
            if not all(c in KEYWORDS or reads_only(ls, c) for c in re.findall(r"\b(\w+)\s*\(", rhs)):
                refuse("run-time-ops", line=at[0], why="the set-up reads the local %s, whose value "
                       "(%s) @init cannot compute again without side effects" % (v, rhs))
            code = [re.sub(name_re(v), rhs, c) for c in code]
            P["computed"].append(v)
    out = ["static int %s(struct vfio_device *core_vdev)" % name, "{",
           state_decl(P["tag"], st, "core_vdev", vfld)]
    if any(used_in(p, c) for c in code):
        get = "core_vdev->dev" if t == "struct device" else \
            find_again(t, mem, "core_vdev", file_helpers(P["fname"])) if mem else None
        if not get:
            refuse("run-time-ops", line=P["line"], why="no way back from core_vdev to %s" % p)
        out.append("\t%s *%s = %s;" % (t, p, get))
    m = re.match(r"^(\w+)\((.*)\)$", code[0], re.S)
    args, d, cur = [], 0, ""
    for ch in m.group(2):
        d += (ch in "([{") - (ch in ")]}")
        if ch == "," and d == 0:
            args, cur = args + [cur.strip()], ""
        else:
            cur += ch
    out += ["\tint %s;" % ret, ""] + wrap_call(ret, m.group(1), args + [cur.strip()], "\t") + \
        ["\tif (%s)" % ret, "\t\treturn %s;" % ret, ""]
    if pci and not good:
        out.append("\treturn vfio_pci_core_init_dev(core_vdev);")
    else:
        if pci:
            out += ["\t%s = vfio_pci_core_init_dev(core_vdev);" % ret, "\tif (%s)" % ret,
                    "\t\treturn %s;" % ret, ""]
        out += [l for s in code[1:] for l in reindent(s, "\t")] + ["\treturn 0;"]
    return out + ["}", ""]


def edit(ls, P):
    """Apply the plan P of convert(): the new probe text, the @init, the
    ops' callbacks, the puts."""
    a, b, st, ind = P["a"], P["b"], P["st"], re.match(r"^\s*", ls[P["first"][0] - 1]).group(0)
    P["header"], P["computed"] = ls[P["ob"] - 2], []
    pci = a[0] == "vfio_pci_core_init_device"
    P["decls"] = [P["body"](s) for s in P["tops"]]
    after = "\n".join(ls[P["last"][2]:P["cb"]])
    if P["plan"] and not writes_first(P["plan"][0], after):
        refuse("run-time-ops", line=P["line"], why="%s, the set-up result, is read after the choice" % P["plan"][0])
    vfld = a[1] + (".vdev" if pci else "")
    dev = "&%s->dev" % a[2] if pci else a[2]
    alloc = lambda ops, i: wrap_call(st, "vfio_alloc_device", [P["tag"], vfld, dev, ops], i)
    text = "\n".join(ls)
    edits = []          # (first, last, lines): 0-based lines replaced
    fail = ["%sif (IS_ERR(%s))" % (ind, st), "%s\treturn PTR_ERR(%s);" % (ind, st)]
    if P["kind"] == "choice":
        if used_in("ops", "\n".join(ls[P["ob"]:P["cb"]])):
            refuse("run-time-ops", line=P["line"], why="probe already has an ops variable")
        new = ["%sif (%s)" % (ind, P["cond"]), "%s\tops = &%s;" % (ind, a[3]), "%selse" % ind,
               "%s\tops = &%s;" % (ind, b[3])] + alloc("ops", ind) + fail
        edits.append((P["ob"], P["ob"] - 1, ["\tconst struct vfio_device_ops *ops;"]))
        init_a = None
    else:
        init_a = ops_base(a[3]) + "_init_dev"
        if re.search(name_re(init_a), text):
            refuse("run-time-ops", line=P["line"], why="%s() exists already" % init_a)
        setup = P["plan"][1].split("(")[0]
        i2 = ind + ("\t" if P["cond"] else "")
        core = alloc("&" + a[3], i2) + ["%sif (IS_ERR(%s)) {" % (i2, st)] + \
            [l for w in P["plan"][3] for l in reindent(w, i2 + "\t")] + alloc("&" + b[3], i2 + "\t") + ["%s}" % i2]
        note = "%s() runs %s(); when that fails, the allocation fails and %s is used" % (
            init_a, setup, b[3])
        width = 80 - len(i2.expandtabs(8)) - 3
        note = ["%s/* %s */" % (i2, note)] if len(note) <= width - 3 else \
            ["%s/*" % i2] + ["%s * %s" % (i2, l) for l in textwrap.wrap(note, width)] + ["%s */" % i2]
        core = note + core
        if P["cond"]:
            core = ["%sif (%s) {" % (ind, P["cond"])] + core + ["%s} else {" % ind] + \
                alloc("&" + b[3], i2) + ["%s}" % ind]
        new = core + fail
    edits.append((P["first"][0] - 1, P["last"][2] - 1, new))
    # the allocation and its NULL check go (and a blank line after them)
    e = P["inull"][2] - 1
    e += 1 if e + 1 < len(ls) and not ls[e + 1].strip() else 0
    edits.append((P["ia"][0] - 1, e, []))
    for ops, init in ((a[3], init_a), (b[3], None)):
        span = ops_span(ls, ops)
        if not span or re.search(r"^\s*\.(init|release)\s*=", "\n".join(ls[span[0]:span[1]]), re.M):
            refuse("run-time-ops", line=P["line"], why="ops %s not defined here, or with an @init/@release already" % ops)
        cb = ["\t.init = %s," % (init or "vfio_pci_core_init_dev")] if pci or init else []
        rel = "vfio_pci_core_release_dev" if pci else None if P["core_frees"] else "vfio_free_device"
        cb += ["\t.release = %s," % rel] if rel else []
        edits.append((span[1], span[1] - 1, cb))
    if init_a:
        at = ops_span(ls, a[3])[0]
        fn = init_fn(ls, P, init_a)
        sname = P["plan"][1].split("(")[0]
        sd = function_def(ls, sname)
        s0 = sd.head - 1 if sd else None
        if s0 is not None and s0 > at:
            s1 = sd.close[0] - 1
            s1 += 1 if s1 + 1 < len(ls) and not ls[s1 + 1].strip() else 0
            if s0 >= P["ob"] - 2:
                refuse("run-time-ops", line=P["line"], why="the set-up %s() is defined after probe" % sname)
            fn = ls[s0:s1 + 1] + fn
            edits.append((s0, s1, []))
        for c in set(CALLER.findall("\n".join(fn))):
            d = function_def(ls, c)
            if d is not None and d.head - 1 > at and c != sname:
                refuse("run-time-ops", line=P["line"], why="%s() is defined after the ops it would serve" % c)
        edits.append((at, at - 1, fn))
    for first, last, new in sorted(edits, key=lambda x: -x[0]):
        ls = ls[:first] + new + ls[last + 1:]
    text = "\n".join(ls)
    # a local only the set-up read goes (W=1 warns of one set, never used)
    head = ls.index(P["header"])
    end = fn_end(ls, head + 3)
    for v in P.get("computed", []):
        uses = [i for i in range(head, end) if re.search(name_re(v), ls[i])]
        if len(uses) == 2 and all(re.match(r"^\t[^\t].*;$", ls[i]) for i in uses):
            ls = [l for i, l in enumerate(ls) if i not in uses]
    text = "\n".join(ls)
    if pci:
        text = re.sub(r"vfio_pci_core_uninit_device\(\s*&\s*(\w+)->%s\s*\);\n\s*kv?free\(\1\);" % re.escape(a[1]),
                      r"vfio_put_device(&\1->%s.vdev);" % a[1], text)
    else:
        text = re.sub(r"vfio_uninit_group_dev\(\s*&\s*(\w+)->%s\s*\);\n\s*kv?free\(\1\);" % re.escape(a[1]),
                      r"vfio_put_device(&\1->%s);" % a[1], text)
    left = re.search(r"\b(vfio_init_group_dev|vfio_uninit_group_dev|vfio_pci_core_init_device|"
                     r"vfio_pci_core_uninit_device)\b", strip_comments(text))
    if left:
        refuse("run-time-ops", line=P["line"], why="an uninit is not followed by the free of the state")
    if init_a:
        return text, "fallback %s %s %s %s" % (init_a, P["plan"][1].split("(")[0], a[3], b[3])
    if P["setup"]:
        return text, "choice-minimal %s %s %d" % (a[3], b[3], P["setup"][0])
    return text, "choice %s %s" % (a[3], b[3])


def run(sites, env=None):
    """What vfio_runtime_ops.cocci prints for the init calls it found
    (sites: (file, function) -> [(line, ops argument)]): "RTOPS: ..."
    with the result written to $LC_RTOPS_OUT, or "RTOPS-REFUSED: code
    line: text", or nothing when no function chooses its ops at run time."""
    import os
    env = os.environ if env is None else env
    runtime = sorted((k, sorted(v)) for k, v in sites.items()
                     if len(set(o for _, o in v)) > 1 or any(not o.startswith("&") for _, o in v))
    if not runtime:
        return []
    (fname, fn), calls = runtime[0]
    try:
        var = [(l, o) for l, o in calls if not re.match(r"^&\s*\w+$", o)]
        if var:
            refuse("run-time-ops", line=var[0][0], why="the ops are the value %s, known only when probe runs" % var[0][1])
        if len(runtime) > 1:
            refuse("run-time-ops", line=runtime[1][1][0][0], why="a second function chooses its ops too")
        with open(fname) as fh:
            text = fh.read()
        new = convert(text, calls[0][0], env.get("LC_RTOPS_CORE_FREES") == "1", fname)
    except Refused as e:
        return ["RTOPS-REFUSED: %s %d: %s" % (e.code, calls[0][0], e.text)]
    with open(env["LC_RTOPS_OUT"], "w") as fh:
        fh.write(new[0])
    return ["RTOPS: " + new[1]]
