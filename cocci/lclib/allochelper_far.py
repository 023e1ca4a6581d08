# SPDX-License-Identifier: GPL-2.0-only
"""The cross-file helper pre-stage (cocci/vfio_alloc_helper_far.cocci):
the plan of the rewrite, the checks of its results and the last step on
the converted file.

The converted file initialises a state that a function of another C file
of its directory returns: that function allocates it, or returns what one
function of its own file that allocates it returns.  The plan names the
functions and their roles (the allocating one, the ones passing the
result on, the destroy counterpart whose last statement frees the state,
the headers declaring them), or why the rewrite does not apply.  It is a
JSON object (python3 -m lclib.allochelper_far plan), read by
lifecycle/convert/helper_far.py.
"""

import json
import os
import re
import sys

from lclib import allochelper, shapes
from lclib.text import lines_of

INIT = re.compile(r"\bvfio_init_group_dev\s*\(\s*&\s*(\w+)\s*->\s*(\w+)\s*,")


def _read(path):
    with open(path, errors="replace") as fh:
        return fh.read()


def _dir_files(path, ext):
    d = os.path.dirname(path)
    return [os.path.join(d, n) for n in sorted(os.listdir(d or ".")) if n.endswith(ext)]


def _calls_in_dir(path, name):
    """[(file, line)] of every mention of name in the C files and headers
    of path's directory but its definition and prototypes."""
    out = []
    typed = re.compile(r"^\s*(?:(?:static|extern|inline|const)\s+)*(?:struct\s+\w+|unsigned\s+\w+|\w+)[\s*]+$")
    for f in _dir_files(path, ".c") + _dir_files(path, ".h"):
        code = shapes.blank_comments(_read(f))
        for m in re.finditer(r"(?<![\w.>])%s\b" % re.escape(name), code):
            line = code.count("\n", 0, m.start()) + 1
            before = code[code.rfind("\n", 0, m.start()) + 1:m.start()]
            if typed.match(before) and not re.match(r"\s*(?:return|else|case|do)\b", before):
                continue
            out.append((f, line))
    return out


def _destroy(far_src, tag, caller_src, state):
    """The destroy counterpart: a void function of the far file taking one
    struct tag * whose last statement frees it, called in the caller file
    on the state; its name, or None."""
    code = shapes.blank_comments(far_src)
    for name, first, _, body in shapes.functions(far_src):
        head = "\n".join(code.split("\n")[max(0, first - 3):first])
        m = re.search(r"\bvoid\s+%s\s*\(\s*struct\s+%s\s*\*\s*(\w+)\s*\)" % (re.escape(name), re.escape(tag)), head)
        if not m:
            continue
        if not re.search(shapes.FREE + r"\s*\(\s*%s\s*\)\s*;$" % re.escape(m.group(1)), body.strip()):
            continue
        if re.search(r"\b%s\s*\(\s*%s\s*\)\s*;" % (re.escape(name), re.escape(state)),
                     shapes.blank_comments(caller_src)):
            return name
    return None


def far_plan(path, init_line):
    """The rewrite's plan for the state initialised at init_line of path
    (a dict), None when no function of another file of the directory
    allocates it; a plan with 'why' set when the rewrite does not apply."""
    src = _read(path)
    ls = src.split("\n")
    m = INIT.search(ls[init_line - 1]) if 0 < init_line <= len(ls) else None
    if not m:
        return None
    state, fld = m.group(1), m.group(2)
    code = shapes.blank_comments(src)
    cl = code.split("\n")
    callee = call_line = None
    for ln in range(init_line - 1, 0, -1):
        c = re.search(r"(?<![\w.>])%s\s*=\s*(\w+)\s*\(" % re.escape(state), cl[ln - 1])
        if c:
            callee, call_line = c.group(1), ln
            break
    if not callee:
        return None
    o = allochelper.other_file(path, callee)
    if not o:
        return None
    name, chain, alloc_line = o
    far = os.path.join(os.path.dirname(path), name)
    far_src = _read(far)
    p = {"caller": path, "state": state, "field": fld, "init_line": init_line,
         "call_line": call_line, "callee": callee, "far": far,
         "chain": [fn for fn, _ in chain], "alloc_fn": chain[-1][0], "alloc_line": alloc_line,
         "headers": [], "destroy": None, "why": []}
    why = p["why"]
    fdef = shapes.function(far_src, p["alloc_fn"])
    head = "\n".join(shapes.blank_comments(far_src).split("\n")[
        allochelper.def_line(far_src, p["alloc_fn"]) - 3:fdef[1]])
    tag = re.search(r"\bstruct\s+(\w+)\s*\*\s*%s\s*\(" % re.escape(p["alloc_fn"]), head)
    if not tag:
        why.append("%s() (%s line %d) does not return a struct pointer" % (p["alloc_fn"], name, alloc_line))
        return p
    p["tag"] = tag.group(1)
    local = re.search(r"\b(\w+)\s*=\s*" + shapes.ALLOC + r"\s*\(", fdef[2])
    p["st"] = local.group(1) if local else state
    # the chain is called once: the caller's call, each next from the one before
    calls = _calls_in_dir(path, callee)
    if [(os.path.abspath(f), ln) for f, ln in calls] != [(os.path.abspath(path), call_line)]:
        why.append("%s() is called %d times in the directory (%s); the rewrite changes its signature for one"
                   % (callee, len(calls), ", ".join("%s line %d" % (os.path.basename(f), ln) for f, ln in calls)))
    for a, b in zip(p["chain"], p["chain"][1:]):
        calls = _calls_in_dir(path, b)
        if len(calls) != 1 or os.path.abspath(calls[0][0]) != os.path.abspath(far):
            why.append("%s() is called %d times in the directory; the rewrite changes its signature for %s()'s call"
                       % (b, len(calls), a))
    # the caller: state = callee(...); a check; the init call
    between = "\n".join(cl[call_line - 1:init_line - 1])
    between = between[between.find(";") + 1:].strip()
    st = re.escape(state)
    bare_null = r"if\s*\(\s*(?:!\s*%s|%s\s*==\s*NULL)\s*\)\s*return\s+-ENOMEM\s*;" % (st, st)
    errptr = r"if\s*\(\s*IS_ERR\s*\(\s*%s\s*\)\s*\)\s*(\{.*\breturn\s+PTR_ERR\s*\(\s*%s\s*\)\s*;\s*\}|return\s+PTR_ERR\s*\(\s*%s\s*\)\s*;)" % (st, st, st)
    em = re.fullmatch(errptr, between, re.S)
    if re.fullmatch(bare_null, between) or (em and not em.group(1).startswith("{")):
        # a bare return of the error: what the conversion writes anyway
        p["check"] = None
    elif em and not re.search(r"\b(?:return|goto)\b", em.group(1)[:em.group(1).rfind("return")]):
        # the original check block, restored on the allocation's result
        lines = src.split("\n")
        first = next(i for i in range(call_line, init_line) if re.search(r"\bIS_ERR\b", cl[i]))
        last = first
        while last < init_line - 1 and not re.search(r"\breturn\s+PTR_ERR\b[^;]*;", cl[last]):
            last += 1
        if em.group(1).startswith("{"):
            last += 1
        p["check"] = "\n".join(lines[first:last + 1])
    else:
        why.append("the caller checks the result of %s() (line %d) with more than a return of the error "
                   "(if (!%s) return -ENOMEM; or if (IS_ERR(%s)) {...; return PTR_ERR(%s);})"
                   % (callee, call_line + 1, state, state, state))
    if not re.search(r"\b\w+\s*=\s*vfio_register_(?:group|emulated_iommu)_dev\s*\(", code):
        why.append("the caller keeps no result of the registration for the helper's")
    p["destroy"] = _destroy(far_src, p["tag"], src, state)
    if p["destroy"]:
        calls = _calls_in_dir(path, p["destroy"])
        others = [c for c in calls if os.path.abspath(c[0]) != os.path.abspath(path)]
        if others:
            why.append("%s() (the free of the state) is also called in %s; the rewrite moves its free to the "
                       "callers of %s only" % (p["destroy"], ", ".join("%s line %d" % (os.path.basename(f), ln)
                                                                        for f, ln in others),
                                           os.path.basename(path)))
    for h in _dir_files(path, ".h"):
        hs = shapes.blank_comments(_read(h))
        if any(re.search(r"\b%s\s*\([^;{]*\)\s*;" % re.escape(fn), hs) for fn in p["chain"]):
            p["headers"].append(h)
        # the structure, when a header holds it: its vfio_device goes first
        sm = re.search(r"^struct\s+%s\s*\{(.*?)^\};" % re.escape(p["tag"]), hs, re.S | re.M)
        if sm:
            first = re.search(r"^\s*([^;]*);", sm.group(1), re.M)
            if not re.match(r"struct\s+vfio_device\s+%s$" % re.escape(fld), first.group(1).strip() if first else ""):
                p["member_header"] = h
                if h not in p["headers"]:
                    p["headers"].append(h)
    return p


def check_far(src, plan_, orig):
    """[why the rewritten far file is not what the plan asked] (empty when
    it is)."""
    why = []
    for fn in plan_["chain"]:
        f = shapes.function(src, fn)
        if not f or not re.search(r"\bint\s+%s\s*\(\s*struct\s+%s\s*\*" % (re.escape(fn), re.escape(plan_["tag"])),
                                  shapes.blank_comments(src)):
            why.append("%s() was not rewritten to set up a state it is given" % fn)
    if why:
        return why
    afn = plan_["alloc_fn"]
    st = re.search(r"\bint\s+%s\s*\(\s*struct\s+%s\s*\*\s*(\w+)" % (re.escape(afn), re.escape(plan_["tag"])),
                   shapes.blank_comments(src)).group(1)
    why += allochelper.check_rewrite(src, afn, st, orig)
    for fn in plan_["chain"][:-1]:
        body = shapes.function(src, fn)[2]
        s = re.search(r"\bint\s+%s\s*\(\s*struct\s+%s\s*\*\s*(\w+)" % (re.escape(fn), re.escape(plan_["tag"])),
                      shapes.blank_comments(src)).group(1)
        if re.search(r"\b(?:IS_ERR|PTR_ERR|IS_ERR_OR_NULL)\s*\(\s*%s\s*\)|(?<![>.\w])%s\s*=[^=]|\breturn\s+%s\s*;"
                     % ((re.escape(s),) * 3), body):
            why.append("%s() still treats %s as the result of %s()" % (fn, s, plan_["chain"][plan_["chain"].index(fn) + 1]))
        if re.search(r"\bret\s*=", body) and len(re.findall(r"\bint\s+ret\b", body)) != 1:
            why.append("%s() has a local 'ret' of its own; the rewrite needs that name" % fn)
    if plan_["destroy"]:
        body = shapes.function(src, plan_["destroy"])[2]
        if re.search(shapes.FREE + r"\s*\(\s*\w+\s*\)\s*;$", body.strip()):
            why.append("%s() still frees the state" % plan_["destroy"])
    return why


def document(path, plan_):
    """The kernel-doc of the rewritten functions of the far file: the new
    parameter is described, and a return paragraph that spoke of the
    pointer speaks of the error code; in place."""
    src = _read(path)
    lines = src.split("\n")
    for fn in plan_["chain"]:
        f = shapes.function(src, fn)
        if not f:
            continue
        dl = allochelper.def_line(src, fn)
        m = re.search(r"\bint\s+%s\s*\(\s*struct\s+\w+\s*\*\s*(\w+)" % re.escape(fn),
                      "\n".join(lines[dl - 1:f[0]]))
        end = dl - 2
        if not m or end < 0 or lines[end].strip() != "*/":
            continue
        start = end
        while start > 0 and not lines[start].lstrip().startswith("/**"):
            start -= 1
        doc = lines[start:end + 1]
        if not lines[start].lstrip().startswith("/**") or any(
                re.match(r"\s*\*\s*@%s:" % re.escape(m.group(1)), x) for x in doc):
            continue
        params = [i for i, x in enumerate(doc) if re.match(r"\s*\*\s*@\w+:", x)]
        if params:
            doc.insert(params[0], " * @%s: the zeroed state to set up (the vfio core allocates it)" % m.group(1))
        ret = [i for i, x in enumerate(doc) if re.match(r"\s*\*\s*Returns?:?\s*$", x)]
        if ret and ret[0] + 1 < len(doc) and re.search(r"\bpointer\b|ERR_PTR|\bNULL\b", doc[ret[0] + 1]):
            doc[ret[0] + 1] = " * zero on success, negative error code if failed."
        lines[start:end + 1] = doc
        src = "\n".join(lines)
    with open(path, "w") as fh:
        fh.write(src)


def restore(path, plan_):
    """The converted caller: the original check of the state (its message)
    goes back on the allocation's result, and, when the helper call stayed
    in the caller (minimal), its failure path logs the same message with
    the error code; True when the file holds what was asked."""
    if not plan_.get("check"):
        return True
    src = _read(path)
    st = re.escape(plan_["state"])
    m = re.search(r"(\n(\s*)%s\s*=\s*vfio_alloc_device\s*\([^;]*\);\n)\s*if\s*\(\s*IS_ERR\s*\(\s*%s\s*\)\s*\)\s*\n\s*return\s+PTR_ERR\s*\(\s*%s\s*\)\s*;\n"
                  % (st, st, st), src)
    if not m:
        return False
    check = plan_["check"]
    src = src[:m.end(1)] + check + "\n" + src[m.end():]
    body = re.search(r"\{\n(.*)\n\s*return\s+PTR_ERR", check, re.S)
    if body:
        msg = re.sub(r"\bPTR_ERR\s*\(\s*%s\s*\)" % st, "(long)ret", body.group(1))
        c = re.search(r"\n(\s*)ret\s*=\s*%s\s*\(\s*%s\s*[,)][^;]*;\n\s*if\s*\(\s*ret\s*\)\s*\{\n" % (re.escape(plan_["callee"]), st), src)
        if c:
            src = src[:c.end()] + msg + "\n" + src[c.end():]
    with open(path, "w") as fh:
        fh.write(src)
    return True


def plan_field(plan_, key):
    """The plan's KEY, one value a line (a list), nothing for null."""
    v = plan_.get(key)
    if v is None:
        return ""
    return "\n".join(v) if isinstance(v, list) else str(v)


def _far_cli(argv):
    """get PLAN KEY: a field of the plan, one value a line;
    plan FILE INITLINE: the plan as JSON (exit 0), nothing (exit 3);
    check FAR PLAN ORIG: the reasons, exit 1 when there are some;
    restore FILE PLAN: exit 1 when the converted file is not as expected;
    document FAR PLAN: the kernel-doc of the rewritten functions."""
    if len(argv) == 4 and argv[1] == "plan":
        p = far_plan(argv[2], int(argv[3]))
        if not p:
            return 3
        print(json.dumps(p, indent=1))
        return 0
    if len(argv) == 4 and argv[1] == "get":
        with open(argv[2]) as fh:
            out = plan_field(json.load(fh), argv[3])
        if out:
            print(out)
        return 0
    if len(argv) == 5 and argv[1] == "check":
        with open(argv[3]) as fh:
            p = json.load(fh)
        why = check_far(_read(argv[2]), p, _read(argv[4]))
        for w in why:
            print(w)
        return 1 if why else 0
    if len(argv) == 4 and argv[1] == "document":
        with open(argv[3]) as fh:
            document(argv[2], json.load(fh))
        return 0
    if len(argv) == 4 and argv[1] == "restore":
        with open(argv[3]) as fh:
            p = json.load(fh)
        return 0 if restore(argv[2], p) else 1
    print("usage: python3 -m lclib.allochelper_far plan FILE LINE | check FAR PLAN ORIG | restore FILE PLAN",
          file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(_far_cli(sys.argv))
