# SPDX-License-Identifier: GPL-2.0-only
"""The mid-layer analysis of cocci/vfio_midlayer_lib.cocci.

A library helper M(st, dev) initialises a vfio_device its callers
allocated, sets it up and registers it; its remove counterpart MR(st)
unregisters, tears down and uninitialises.  split() splits them: the
set-up becomes M_init_common(st) (with its own unwind), what MR undid the
way the registration failure did becomes MR_release_common(st), and the
library's ops move to the callers.  It prints the manifest the runner
reads (MIDLAYER:, MID-OPS:, MID-CB:, MID-PROTO:) or
"MIDLAYER-REFUSED: <why>"; each refusal is a predicate with a reason
code (lclib.refusal).

The statements of M and MR come from lclib.cscan (scanning the text):
statement metavariables over a big library take minutes in spatch 1.1.1.
"""

import re

from lclib.cscan import containing, tops_of
from lclib.refusal import Refused, refusal, refuse
from lclib.text import (LABEL, def_body, fn_bounds, function_def, lines_of, name_re, norm,
                        ops_initialiser, strip_comments, trim, used_in)


def simple_stmts(lines):
    """Statements of a ladder, one string each (labels and blank lines
    dropped; a statement may span lines)."""
    out, cur = [], ""
    for l in lines:
        if LABEL.match(l) or not l.strip():
            continue
        cur += " " + l.strip()
        if cur.rstrip().endswith(";") and cur.count("(") == cur.count(")"):
            out.append(cur.strip())
            cur = ""
    return out


def wrap_proto(p):
    """A prototype on one line, wrapped the kernel way past 80 columns."""
    p = re.sub(r"\s+", " ", p).replace("( ", "(").replace(" )", ")")
    if len(p) <= 80:
        return p
    open_at = p.index("(") + 1
    out, line = [], p[:open_at]
    for arg in re.split(r"(?<=,) ", p[open_at:]):
        if len(line) + len(arg) > 80 and line.strip():
            out.append(line.rstrip())
            line = " " * open_at
        line += arg + " "
    out.append(line.rstrip())
    res = "\n".join(out)
    # indent with tabs, then spaces, as the kernel does
    return re.sub(r"(?m)^( +)", lambda m: "\t" * (len(m.group(1)) // 8) +
                  " " * (len(m.group(1)) % 8), res)


def stmt_callee(stmt):
    """The function a call statement calls ("f(...);", "x = f(...);")."""
    m = re.match(r"^(?:[\w\->.\[\]*]+\s*=\s*)?(\w+)\s*\(", stmt.strip())
    return m.group(1) if m else None


def decls_for(decls, code):
    """The declaration lines of decls whose names code uses (one name a
    line, as kernel style has them; others are kept)."""
    out = []
    for d in decls:
        names = re.findall(r"([A-Za-z_]\w*)\s*(?:\[[^]]*\]\s*)*(?:=[^,;]*)?[,;]", d)
        if not names or any(used_in(n, code) for n in names):
            out.append(d)
    return out


# ----------------------------------------------------------------------
# The predicates (true: the library stays as it is).

@refusal("mid-static", "%(M)s() is static: no caller outside this file allocates for it")
def helper_is_static(M, whole):
    return re.search(r"^static\b[^;{]*\b%s\s*\(" % re.escape(M), whole, re.M) is not None


@refusal("mid-not-struct", "%(M)s(): the state is not a struct")
def state_not_struct(M, T):
    return not re.match(r"^struct\s+(\w+)$", T.strip())


@refusal("mid-init-not-first", "%(M)s(): vfio_init_group_dev() is not its first statement")
def init_not_first(M, tops, ini, reg):
    return ini is None or reg is None or tops[0] != ini


@refusal("mid-unchecked-reg", "%(M)s(): nothing checks the registration")
def registration_unchecked(M, tops, reg):
    return tops.index(reg) + 1 >= len(tops)


@refusal("mid-setup-returns", "%(M)s(): a return inside the set-up")
def setup_returns_early(M, stext):
    return re.search(r"\breturn\b", strip_comments(stext)) is not None


@refusal("mid-setup-vfio", "%(M)s(): another vfio call inside the set-up")
def setup_calls_vfio(M, stext):
    return re.search(r"\bvfio_\w*(init|register)\w*\s*\(", strip_comments(stext)) is not None


@refusal("mid-regfail-shape",
         "%(M)s(): registration failure is not 'if (...) goto label' nor 'return'")
def regfail_not_goto_or_return(M, mg, mret):
    return not mg and not mret


@refusal("mid-goto-after-reg", "%(M)s(): a goto after the registration")
def goto_after_registration(M, after):
    return re.search(r"\bgoto\b", strip_comments("\n".join(after))) is not None


@refusal("mid-labels-above", "%(M)s(): labels above the registration failure label")
def labels_above_regfail(M, mg, start, first_label):
    return bool(mg) and start != first_label


@refusal("mid-setup-jumps-out", "%(M)s(): set-up jumps to '%(label)s' outside the unwind")
def setup_jumps_out(M, stext, labels):
    for g in re.findall(r"\bgoto\s+(\w+)", strip_comments(stext)):
        if g not in labels:
            return {"label": g}
    return False


@refusal("mid-unwind-uninit", "%(M)s(): the unwind does not end in one vfio_uninit_group_dev()")
def unwind_not_one_uninit(M, ladder, un_lines):
    return bool(ladder) and len(un_lines) != 1


@refusal("mid-unwind-goes-on", "%(M)s(): the unwind goes on after vfio_uninit_group_dev()")
def unwind_goes_on(M, tail):
    return not (len(tail) == 1 and re.match(r"^return\s+(\w+)\s*;$", tail[0]))


@refusal("mid-remove-shape",
         "%(MR)s(): unregister first and uninit last, nothing around them, is expected")
def remove_shape(MR, rtops, un, ui):
    return not rtops or un is None or ui is None or un != rtops[0]


@refusal("mid-remove-tail",
         "%(MR)s(): what it undoes after vfio_uninit_group_dev() is not what the "
         "registration failure of %(M)s() undoes first")
def remove_tail_unmatched(M, MR, tail_calls, ladder_calls):
    """Statements of MR after the uninit outlive the vfio_device: each
    must undo, in the same order, one of the first steps the registration
    failure undoes (the same function called), so that those steps and
    their set-up stay in M and MR around the registration."""
    return not tail_calls or None in tail_calls or tail_calls != ladder_calls[:len(tail_calls)]


@refusal("mid-kept-setup",
         "%(M)s(): no set-up of its own before the registration for what "
         "%(MR)s() undoes after vfio_uninit_group_dev()")
def kept_setup_missing(M, MR, kept):
    return not kept


@refusal("mid-teardown-order",
         "%(MR)s(): its own tear-down comes after what the registration failure undoes")
def teardown_order(MR, moved):
    """moved says, for each statement between the unregistration and the
    uninit, whether it undoes what the registration failure undid (those
    go to the release helper, after MR's own tear-down): none of MR's own
    may follow one of them."""
    seen = False
    for m in moved:
        if m:
            seen = True
        elif seen:
            return True
    return False


@refusal("mid-remove-misses-undo",
         "%(M)s(): the registration failure undoes something %(MR)s() does not")
def remove_misses_regfail_undo(M, MR, found, want):
    return len(found) != len(want)


@refusal("mid-name-taken", "the name %(name)s() is taken")
def helper_name_taken(new, names):
    for n in new:
        if n in names:
            return {"name": n}
    return False


@refusal("mid-ops-not-const", "%(OPS)s: not a constant ops structure of this file")
def ops_not_const(OPS, mo):
    return mo is None


@refusal("mid-ops-have-init", "%(OPS)s already has init/release callbacks")
def ops_have_init(OPS, entries):
    return any(re.match(r"^\.(init|release)\s*=", e) for e in entries)


def ladder_labels(ladder):
    """The label each undo statement of a ladder sits under, in order."""
    out, cur, acc = [], None, ""
    for l in ladder:
        ml = LABEL.match(l)
        if ml:
            cur = ml.group(1)
            continue
        if not l.strip():
            continue
        acc += " " + l.strip()
        if acc.rstrip().endswith(";") and acc.count("(") == acc.count(")"):
            if not acc.strip().startswith("return"):
                out.append(cur)
            acc = ""
    return out


def keep_setup(M, MR, ls, stops, ladder, labels, k, retvar, ini):
    """(kept set-up lines, kept ladder lines, the set-up that moves): the
    last set-up statements, which the first k undo steps of the ladder
    undo, stay in M with that part of the ladder; a jump of theirs to the
    next undo step becomes a return (the caller's put undoes the rest)."""
    under = ladder_labels(ladder)
    if len(under) <= k or under[k] is None or under[k] == under[k - 1]:
        refuse("mid-remove-tail", M=M, MR=MR)
    lk = labels[under[k]]
    gotos = lambda st: re.findall(r"\bgoto\s+(\w+)", strip_comments(
        "\n".join(ls[st[0] - 1:st[2]])))
    below = [i for i, st in enumerate(stops) if any(labels.get(g, 0) > lk for g in gotos(st))]
    keep = stops[below[-1] + 1:] if below else stops[:]
    kept_setup_missing(M=M, MR=MR, kept=keep)
    moved = stops[:len(stops) - len(keep)]
    if any(labels.get(g, lk) < lk for st in keep + moved for g in gotos(st)):
        refuse("mid-remove-tail", M=M, MR=MR)
    kept = [re.sub(r"\bgoto\s+%s\s*;" % re.escape(under[k]), "return %s;" % retvar, l)
            for l in ls[keep[0][0] - 1:keep[-1][2]]]
    cut = ladder.index(under[k] + ":")
    setup = trim(ls[ini[2]:keep[0][0] - 1])
    return kept, trim(ladder[:cut]), setup


def split(M, MR, st, st2, dev, F, OPS, T, fname, pi, preg, pun, pu):
    """Plan the split of M/MR (anchors at (line, col) pi, preg in M, pun,
    pu in MR); prints the manifest or the refusal and returns the plan (a
    dict) or None."""
    try:
        return _split(M, MR, st, st2, dev, F, OPS, T, fname, pi, preg, pun, pu)
    except Refused as r:
        # the line of the function the reason speaks of (issue 16 item
        # 12: every refusal names its line)
        line = pun[0] if r.text.startswith(MR + "()") else pi[0]
        print("MIDLAYER-REFUSED: %s (line %d)" % (r.text, line))
        return None


def _split(M, MR, st, st2, dev, F, OPS, T, fname, pi, preg, pun, pu):
    ls = lines_of(fname)
    whole = "\n".join(ls)
    helper_is_static(M=M, whole=whole)
    state_not_struct(M=M, T=T)
    tag = re.match(r"^struct\s+(\w+)$", T.strip())
    tops = tops_of(ls, pi[0])
    ini = containing(tops, pi)
    reg = containing(tops, preg)
    init_not_first(M=M, tops=tops, ini=ini, reg=reg)
    registration_unchecked(M=M, tops=tops, reg=reg)
    ir = tops.index(reg)
    fo, fc = fn_bounds(ls, ini[0])
    decls = trim(ls[fo:ini[0] - 1])
    labels = {}
    for i in range(reg[2], fc - 1):
        ml = LABEL.match(ls[i])
        if ml:
            labels[ml.group(1)] = i + 1
    first_label = min(labels.values()) if labels else fc
    setup = trim(ls[ini[2]:reg[0] - 1])
    stext = "\n".join(setup)
    setup_returns_early(M=M, stext=stext)
    setup_calls_vfio(M=M, stext=stext)
    fail = tops[ir + 1]
    ftext = strip_comments("\n".join(ls[fail[0] - 1:fail[2]]))
    mg = re.match(r"^\s*if\s*\((.*)\)\s*goto\s+(\w+)\s*;\s*$", ftext, re.S)
    mret = re.match(r"^\s*if\s*\((.*)\)\s*return\s+\w+\s*;\s*$", ftext, re.S)
    regfail_not_goto_or_return(M=M, mg=mg, mret=mret)
    after = ls[fail[2]:first_label - 1]
    while after and not after[-1].strip():
        after = after[:-1]
    goto_after_registration(M=M, after=after)
    ladder = []
    if labels:
        start = labels[mg.group(2)] if mg else first_label
        labels_above_regfail(M=M, mg=mg, start=start, first_label=first_label)
        ladder = ls[start - 1:fc - 1]
    setup_jumps_out(M=M, stext=stext, labels=labels)
    uninit = re.compile(r"^\s*vfio_uninit_group_dev\s*\(\s*&\s*%s\s*->\s*%s\s*\)\s*;\s*$"
                        % (re.escape(st), re.escape(F)))
    un_lines = [i for i, l in enumerate(ladder) if uninit.match(l)]
    unwind_not_one_uninit(M=M, ladder=ladder, un_lines=un_lines)
    retvar = None
    if ladder:
        tail = simple_stmts(ladder[un_lines[0] + 1:])
        unwind_goes_on(M=M, tail=tail)
        retvar = re.match(r"^return\s+(\w+)\s*;$", tail[0]).group(1)
        ladder = ladder[:un_lines[0]] + ladder[un_lines[0] + 1:]
    undo = [s for s in simple_stmts(ladder) if not s.startswith("return")]
    # what the registration failure undoes must be undone by MR too
    rtops = tops_of(ls, pun[0])
    un = containing(rtops, pun)
    ui = containing(rtops, pu)
    remove_shape(MR=MR, rtops=rtops, un=un, ui=ui)
    ro, rc = fn_bounds(ls, un[0])
    # MR's statements after the uninit outlive the vfio_device (5.15's
    # IOMMU group): they undo the first steps of the ladder, whose set-up
    # (the last statements before the registration) stays in M
    tail = rtops[rtops.index(ui) + 1:]
    kept, kept_ladder = [], []
    if tail:
        text_of = lambda s: " ".join(l.strip() for l in ls[s[0] - 1:s[2]])
        remove_tail_unmatched(M=M, MR=MR, tail_calls=[stmt_callee(text_of(t)) for t in tail],
                              ladder_calls=[stmt_callee(u) for u in undo])
        kept, kept_ladder, setup = keep_setup(M, MR, ls, tops[tops.index(ini) + 1:ir],
                                             ladder, labels, len(tail), retvar, ini)
        stext = "\n".join(setup)
        undo = undo[len(tail):]
    rename = lambda t: re.sub(name_re(st2), st, t)
    want = [norm(u) for u in undo]
    between = rtops[1:rtops.index(ui)]
    moved = [norm(rename("\n".join(ls[s[0] - 1:s[2]]))) in want for s in between]
    teardown_order(MR=MR, moved=moved)
    teardown_a = [s for s, m in zip(between, moved) if m]
    remove_misses_regfail_undo(M=M, MR=MR, found=teardown_a, want=want)
    names = set(re.findall(r"\b\w+\b", whole))
    initc = M.replace("probe", "init") if "probe" in M else M + "_init"
    relc = MR.replace("remove", "release") if "remove" in MR else MR + "_release"
    helper_name_taken(new=(initc, relc), names=names)
    mo = ops_initialiser(ls, OPS, const=True)
    ops_not_const(OPS=OPS, mo=mo)
    entries = [e.strip() for e in strip_comments(def_body(ls, mo)).split(",") if e.strip()]
    ops_have_init(OPS=OPS, entries=entries)
    exp = re.search(r"^(EXPORT_SYMBOL(?:_GPL)?)\s*\(\s*%s\s*\)" % re.escape(M), whole, re.M)
    protos = []
    cbs = []
    for e in entries:
        me = re.match(r"^\.(\w+)\s*=\s*(\w+)$", e)
        if not me:
            continue
        mdef = function_def(ls, me.group(2))
        if mdef and re.match(r"static\s", mdef.decl):
            cbs.append(me.group(2))
            protos.append(wrap_proto(mdef.decl[6:].strip()) + ";")
    body_i = decls[:]
    if kept:
        own = [l for l in ladder if l not in kept_ladder]
        body_i = decls_for(decls, stext + "\n".join(own))
    if used_in(dev, stext + "\n".join(ladder)):
        body_i = ["\tstruct device *%s = %s->%s.dev;" % (dev, st, F)] + body_i
    body_i += [""] if decls else []
    body_i += setup + ["", "\treturn 0;"]
    # the part of the ladder above the first label the set-up jumps to
    # undid a failed registration only: unreachable in the helper
    targets = re.findall(r"\bgoto\s+(\w+)", strip_comments(stext))
    if targets:
        first = min(labels[t] for t in targets)
        skip = first - (labels[mg.group(2)] if mg else first_label)
        rest = trim(ladder[skip:])
        if [x for x in simple_stmts(rest)] == ["return %s;" % retvar]:
            # nothing left to undo: the jumps become returns
            for i, l in enumerate(body_i):
                body_i[i] = re.sub(r"\bgoto\s+\w+\s*;", "return %s;" % retvar, l)
        else:
            body_i += [""] + rest
    regtext = ls[reg[0] - 1:reg[2]]
    failtext = ls[fail[0] - 1:fail[2]]
    if mg:
        failtext = [re.sub(r"\bgoto\s+%s\s*;" % re.escape(mg.group(2)), "return %s;" % retvar, l)
                    for l in failtext]
    if kept:
        # the registration failure still undoes the kept steps first
        failtext = ls[fail[0] - 1:fail[2]]
        after = after + [""] + kept_ladder + ["\treturn %s;" % retvar]
    body_m = kept + ([""] if kept else []) + regtext + failtext + after
    mdecls = decls_for(decls, "\n".join(body_m)) if kept else decls
    body_m = mdecls + ([""] if mdecls else []) + body_m
    # remove keeps its own lines but those of the moved tear-down
    gone = set(i for s in teardown_a + [ui] for i in range(s[0], s[2] + 1))
    body_r = trim([ls[i - 1] for i in range(ro + 1, rc) if i not in gone])
    body_rel = [l for s in teardown_a for l in ls[s[0] - 1:s[2]]]
    body_rel = [rename(l) for l in body_rel]
    plan = dict(M=M, MR=MR, initc=initc, relc=relc, exp=exp.group(1) if exp else None,
                body_i="\n".join(body_i), body_m="\n".join(body_m),
                body_r="\n".join(body_r), body_rel="\n".join(body_rel),
                cbs=cbs, OPS=OPS)
    print("MIDLAYER: %s %s %s %s %s %s %s" % (M, MR, initc, relc, tag.group(1), F, OPS))
    for e in entries:
        print("MID-OPS: " + e)
    for c in cbs:
        print("MID-CB: " + c)
    sig = "int %s(%s *%s)" % (initc, T.strip(), st)
    protos = [sig + ";", "void %s(%s *%s);" % (relc, T.strip(), st)] + protos
    for p in protos:
        for l in p.split("\n"):
            print("MID-PROTO: " + l)
    return plan
