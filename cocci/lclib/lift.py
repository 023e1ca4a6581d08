# SPDX-License-Identifier: GPL-2.0-only
"""The lift planner of cocci/vfio_init_release.cocci (idiomatic level).

Probe's set-up between vfio_alloc_device() and the registration moves
into an @init callback, remove's tear-down between the unregistration and
vfio_put_device() into @release; only when the result is the same
program.  Each condition is a predicate registered with a reason code
(lclib.refusal); the human text is what the runner has always printed
after "LIFT-REFUSED:".

The rule feeds a Lift object what spatch found (statement extents,
locals, parameters, remove paths; see vfio_init_release.cocci) and asks
plan() for each probe; plan() prints LIFTED:/LIFT-REFUSED:/LIFT-NOTHING:/
LIFT-UNUSED: lines and records what the rule's later steps delete (delete,
chk) and insert (plans).  Positions are (line, col) pairs, extents
(line, col, line_end, col_end), as lclib.text and lclib.cscan use them.
"""

import os
import re

from lclib import bushelpers
from lclib.bind import anchor
from lclib.cscan import containing, outermost
from lclib.linemap import LineMap
from lclib.refusal import Refused, refusal
from lclib.text import (LABEL, base_type, def_body, fn_end, function_def, idents,
                        lines_of, name_re, norm, ops_base, ops_initialiser,
                        strip_comments, text_between, used_in, writes, writes_first)

# calls that only compute a value (copying them into a callback is safe)
# (and the bus helpers of cocci/bus-helpers.tsv, lclib.bushelpers)
PURE = set("""sizeof ARRAY_SIZE container_of mdev_dev dev_name
mdev_get_type_group_id pci_get_drvdata dev_get_drvdata atomic_read
min max min_t max_t BIT GENMASK""".split()) | bushelpers.helper_names()

# What undoes a set-up statement, when remove() says it the same way.
UNDO = [
    (r"^mutex_init\((.+)\);$", "mutex_destroy(%s);"),
    (r"^(.+?)=(?:kzalloc|kmalloc|kcalloc|kmalloc_array)\(.*\);$", "kfree(%s);"),
    (r"^(.+?)=(?:vzalloc|vmalloc)\(.*\);$", "vfree(%s);"),
    (r"^(.+?)=(?:kvzalloc|kvmalloc|kvcalloc)\(.*\);$", "kvfree(%s);"),
]

# Set-up of state the ops may use (a lock, a wait queue, a list head) of
# the member of the state: once registered, userspace may open the device
# and call them, so it belongs in @init, never after the registration.
LATE_INIT = re.compile(r"^\s*(mutex_init|spin_lock_init|raw_spin_lock_init|rwlock_init|"
                       r"init_rwsem|init_waitqueue_head|init_completion|INIT_LIST_HEAD)"
                       r"\s*\(\s*&\s*(\w+)\s*->\s*([\w.]+)\s*\)\s*;\s*$")

# A count taken in the set-up and what gives it back, said the same way.
# When @init takes it, @release gives it back (also where remove gave it
# back after the put): else a failed registration, whose put runs
# @release only, would leave it taken.
COUNT_UNDO = [
    (r"^atomic_inc\((.+)\);$", "atomic_dec(%s);"),
    (r"^atomic_long_inc\((.+)\);$", "atomic_long_dec(%s);"),
    (r"^atomic_add\((.+)\);$", "atomic_sub(%s);"),
    (r"^atomic_long_add\((.+)\);$", "atomic_long_sub(%s);"),
    (r"^refcount_inc\((.+)\);$", "refcount_dec(%s);"),
    (r"^([\w.>-]+)\+\+;$", "%s--;"),
    (r"^\+\+([\w.>-]+);$", "--%s;"),
]


def count_undo_of(t):
    """The normalised statements that give back the count the normalised
    statement t takes."""
    out = set()
    for pat, undo in COUNT_UNDO:
        m = re.match(pat, t)
        if m:
            out.add(undo % m.group(1))
    return out


# "return <variable>;" at the start of a line
RETURN_VAR = re.compile(r"^\s*return\s+(\w+)\s*;")

CORE = "core_vdev"


def put_re(st):
    """A vfio_put_device() of the state st."""
    return r"vfio_put_device\s*\(\s*&\s*%s\s*->" % re.escape(st)


def undo_of(t):
    """The normalised statements that undo the normalised statement t."""
    out = set()
    for pat, undo in UNDO:
        m = re.match(pat, t)
        if m:
            out.add(undo % m.group(1))
    return out


def callee(t):
    """(function, last argument) of a normalised call statement, or None."""
    m = re.match(r"^(\w+)\((.*)\);$", t)
    return (m.group(1), m.group(2).split(",")[-1]) if m else None


def state_decl(tag, name, core, fld):
    """First line of a callback: the state, wrapped the kernel way when long."""
    one = "\tstruct %s *%s = container_of(%s, struct %s, %s);" % (tag, name, core, tag, fld)
    if len(one.expandtabs(8)) <= 80:
        return one
    return "\tstruct %s *%s =\n\t\tcontainer_of(%s, struct %s, %s);" % (tag, name, core, tag, fld)


def block(ls, s, prev_end):
    """Lines of statement s with the comment lines right above it."""
    start = s[0]
    while start - 1 > prev_end and ls[start - 2].strip() and \
            re.match(r"^\s*(/\*|\*|//)", ls[start - 2]):
        start -= 1
    return "\n".join(ls[start - 1:s[2]])


def slice_text(ls, stmts, prev_end, tops=None):
    """Text of the statements, with the comments above each; runs of
    statements next to each other keep the blank lines between them."""
    out = []
    for i, s in enumerate(stmts):
        adjacent = i > 0 and tops is not None and not [
            t for t in tops if stmts[i - 1] < t < s]
        if adjacent:
            out.append("\n".join(ls[prev_end:s[2]]))
        else:
            b = block(ls, s, prev_end)
            if out:
                b = b.lstrip("\n")
            out.append(b)
        prev_end = s[2]
    return "\n".join(out)


def stmt_norm(ls, s, rename=None):
    """Normalised text of statement s, a variable renamed (old, new)."""
    t = norm(text_between(ls, (s[0], s[1]), (s[2], s[3])))
    if rename:
        t = re.sub(name_re(rename[0]), rename[1], t)
    return t


# ----------------------------------------------------------------------
# The predicates.  Each returns something true when the code must stay;
# called through @refusal they raise Refused instead.

@refusal("anchors-not-top",
         "%(P)s(): allocation, its check or registration (line %(line)d) not at the top of the function")
def anchors_not_top(P, anchors, line=0):
    """The rewrite works on whole top-level statements of probe."""
    return any(a is None for a in anchors)


@refusal("label-in-setup", "%(P)s(): a label inside the set-up code (line %(line)d)")
def label_in_setup(P, labels_inside, line=0):
    """A label between allocation and registration is a jump target the
    callback would not have."""
    return bool(labels_inside)


@refusal("regfail-shape",
         "%(P)s(): registration failure (line %(line)d) is not 'if (ret) goto label' nor an inline put")
def regfail_shape(P, match, st, line=0):
    """The registration failure must jump to a label (without touching
    the state on the way) when it does not put inline."""
    return not match or re.search(name_re(st), match.group(1) or "") is not None


@refusal("no-single-put", "%(P)s(): no single vfio_put_device() in an unwind ladder (line %(line)d)")
def no_single_put(P, puts, line=0):
    return len(puts) != 1


@refusal("ladder-no-return",
         "%(P)s(): the unwind ladder (line %(line)d) does not end in 'return <variable>'")
def ladder_no_return(P, rets, line=0):
    return not rets


@refusal("regfail-misses-put",
         "%(P)s(): registration failure (line %(line)d) does not reach vfio_put_device()")
def regfail_misses_put(P, labels, label, put, line=0):
    return label not in labels or labels[label] > put[0]


@refusal("allocfail-jumps-inline",
         "%(P)s(): allocation failure jumps (line %(line)d), registration failure unwinds inline")
def allocfail_jumps_inline(P, jumps, inline, line=0):
    return bool(jumps and inline)


@refusal("allocfail-target",
         "%(P)s(): allocation failure jumps to '%(label)s' (line %(line)d), not below vfio_put_device()")
def allocfail_target(P, label, labels, put, line=0):
    """The allocation's failure may only undo what came before it."""
    return label not in labels or labels[label] < put[2]


@refusal("reserve-jumps",
         "%(P)s(): code before the allocation jumps or returns a variable (line %(line)d)")
def reserve_jumps(P, pre_text, line=0):
    pt = strip_comments(pre_text)
    return re.search(r"\bgoto\b", pt) is not None or \
        re.search(r"\breturn\b(?!\s*-?\s*[A-Z]\w*\s*;)", pt) is not None


@refusal("setup-returns", "%(P)s(): the set-up code returns from the middle (line %(line)d)")
def setup_returns(P, setup_text, st, line=0):
    """Returns in the set-up are error exits only when they follow a put."""
    sl = [l for l in strip_comments(setup_text).split("\n") if l.strip()]
    for i, l in enumerate(sl):
        if re.search(r"\breturn\b", l) and not (i and re.search(put_re(st), sl[i - 1])):
            return True
    return False


@refusal("setup-jumps-inline",
         "%(P)s(): set-up jumps to labels (line %(line)d), registration failure unwinds inline")
def setup_jumps_inline(P, gotos, inline, line=0):
    return bool(gotos and inline)


@refusal("setup-jumps-past-put",
         "%(P)s(): set-up jumps to '%(label)s' (line %(line)d), past vfio_put_device()")
def setup_jumps_past_put(P, gotos, labels, put, line=0):
    for g in gotos:
        if g not in labels or labels[g] > put[0]:
            return {"label": g}
    return False


@refusal("goto-into-release",
         "%(P)s(): goto %(label)s (line %(line)d) lands in the unwind that moves to @release")
def goto_into_release(P, remaining, labels, lreg, put, line=0):
    """Gotos that stay in probe must not land inside the part of the
    ladder that the release callback takes over."""
    for g in re.findall(r"\bgoto\s+(\w+)", strip_comments(remaining)):
        if g != lreg and g in labels and labels[lreg] < labels[g] < put[0]:
            return {"label": g}
    return False


@refusal("no-remove", "no remove path (unregister + vfio_put_device) for struct %(tag)s "
         "(allocated line %(line)d)")
def no_remove(tag, rmv, line=0):
    return rmv is None


@refusal("late-init-used",
         "%(P)s(): %(call)s() after the registration (line %(line)s), and the code between "
         "uses the state: the ops may use it once registered; set it up before the registration")
def late_init_used(P, call, line, between):
    return bool(between)


@refusal("remove-not-top", "%(R)s(): unregister or put (line %(line)d) not at the top of the function")
def remove_not_top(R, un, rput, line=0):
    return un is None or rput is None


@refusal("remove-misses-undo",
         "%(P)s() undoes '%(stmt)s' (line %(line)d) when registration fails, %(R)s() does not")
def remove_misses_undo(P, R, seg_norms, moved_norms, line=0):
    """Everything the registration failure undoes moves to @release: remove
    must undo it too, said the same way."""
    for t in seg_norms:
        if t not in moved_norms:
            return {"stmt": t}
    return False


@refusal("reserve-undo-unmatched",
         "%(P)s(): the undo of the reservation, '%(stmt)s' (line %(line)d), has no single match in %(R)s()")
def reserve_undo_unmatched(P, R, stmt, hits, line=0):
    return len(hits) != 1


@refusal("teardown-jumps", "%(R)s(): the tear-down code jumps or returns (line %(line)d)")
def teardown_jumps(R, text, line=0):
    return re.search(r"\b(return|goto)\b", strip_comments(text)) is not None


@refusal("teardown-without-setup",
         "%(R)s() tears down state (line %(line)d) that %(P)s() does not set up after allocation")
def teardown_without_setup(P, R, moved_t, line=0):
    return bool(moved_t)


@refusal("ops-elsewhere", "ops '%(ops)s' (used line %(line)d) not defined in this file")
def ops_elsewhere(ops, opsdef, line=0):
    return opsdef is None


@refusal("chain-cannot-fail",
         "%(P)s(): set-up can fail (line %(line)d) after vfio_pci_core_init_dev(), which has no undo short of release")
def chain_cannot_fail(P, chain, can_fail, line=0):
    """A pci-core variant's @init starts with vfio_pci_core_init_dev()."""
    return bool(chain and can_fail)


@refusal("name-taken", "name %(name)s() already taken (line %(line)d)")
def name_taken(names, whole, line=0):
    for n in names:
        if re.search(r"\b%s\b" % n, whole):
            return {"name": n}
    return False


# needed_decls(): what the moved code needs from probe/remove

@refusal("param-not-derivable",
         "uses parameter '%(name)s' of %(fn)s() (line %(line)d), which the callback cannot find again")
def param_not_derivable(name, fn, decl, line=0):
    return decl is None


@refusal("bus-device-not-found",
         "uses parameter '%(name)s' of %(fn)s(), a %(type)s, which the callback cannot find again: "
         "the device passed (line %(line)d) is %(dv)s, not &%(name)s-><member>, so no bus helper "
         "(cocci/bus-helpers.tsv, a to_*() of the file) nor container_of() leads back to it")
def bus_not_found(name, fn, type, dv, line):
    """The bus device is found again from the vfio_device's ->dev only
    when that is a member of it (lclib.bushelpers)."""
    return True


@refusal("init-from-local", "local '%(name)s' of %(fn)s() (line %(line)d) is initialised from another local")
def init_from_local(name, fn, other, locals_, skip, line=0):
    """The copy of the initialiser could not see that other local."""
    return other in locals_ and other not in skip


@refusal("init-needs-param", "local '%(name)s' of %(fn)s() (line %(line)d) needs parameter '%(param)s'")
def init_needs_param(name, fn, param, decl, line=0):
    return decl is None


@refusal("init-runs-twice",
         "local '%(name)s' of %(fn)s() is initialised by %(call)s() (line %(line)d) and still used there: "
         "the call would run twice")
def init_runs_twice(name, fn, rhs, after, line=0):
    """The copy runs the initialiser again: only when it has no side
    effects, or the original goes (nothing else uses it)."""
    calls = [c for c in re.findall(r"(\w+)\s*\(", strip_comments(rhs)) if c not in PURE]
    if calls and used_in(name, after):
        return {"call": calls[0]}
    return False


@refusal("local-changes-before",
         "local '%(name)s' of %(fn)s() (line %(line)d) changes before the moved code reads it")
def local_changes_before(name, fn, before, line=0):
    return writes(name, before)


@refusal("local-set-before",
         "local '%(name)s' of %(fn)s() (line %(line)d) is set before the moved code reads it")
def local_set_before(name, fn, code, before, line=0):
    return used_in(name, before) and not writes_first(name, code)


@refusal("local-read-after",
         "local '%(name)s' of %(fn)s() (line %(line)d) is set by the moved code and read after it")
def local_read_after(name, fn, code, after, line=0):
    return used_in(name, after) and writes(name, code) and not writes_first(name, after)


@refusal("decl-several-names",
         "declaration of '%(name)s' in %(fn)s() (line %(line)d) declares several names")
def decl_several_names(name, fn, dtext, line=0):
    return "," in re.sub(r"\([^)]*\)", "", dtext)


# not a refusal: nothing to move, the minimal form is the idiomatic one
NOTHING = "nothing"


class Lift:
    """What spatch found in one file (or several, one spatch run), and the
    plans made from it."""

    def __init__(self):
        # statement extents per function
        self.stmts = {}
        # locals per function: name -> (type, line, has_init, decl text)
        self.locals = {}
        # parameters per function: name -> (type,)
        self.params = {}
        # remove functions: (name, put argument, unregister pos, put pos)
        self.removes = []
        # outermost statements to delete, (file, line, col)
        self.delete = set()
        # allocation checks to rewrite, (file, line, col)
        self.chk = set()
        # locals left unused, "function:name" (the tidy stage drops them)
        self.decls = set()
        # probe -> what to insert (see plan())
        self.plans = {}
        self.core_frees = False
        # the file being planned (its helpers find bus devices again)
        self.fname = None
        # probe -> reason code of the last plan() (tests read it)
        self.codes = {}
        # (lift input, converter's input) -> LineMap (see input_line())
        self._maps = {}

    # -- what spatch found ------------------------------------------------

    def add_stmt(self, fn, extent):
        self.stmts.setdefault(fn, set()).add(extent)

    def add_local(self, fn, name, typ, fname, line):
        """A local of fn declared at line; the declaration's text runs from
        the start of its line to its semicolon."""
        ls = lines_of(fname)
        l = line
        d = ls[l - 1]
        while ";" not in d:
            d += "\n" + ls[l]
            l += 1
        d = d[:d.index(";") + 1].strip()
        self.locals.setdefault(fn, {})[name] = (typ, line, "=" in d.split(name, 1)[1], d)

    def add_param(self, fn, name, typ):
        self.params.setdefault(fn, {})[name] = (typ,)

    def add_remove(self, fn, put_arg, unreg, put):
        self.removes.append((fn, put_arg.replace(" ", ""), unreg, put))

    # -- helpers over what was found -------------------------------------

    def top_level(self, fn):
        """Top-level statements of fn (labels, in column 0, left out)."""
        s = [x for x in self.stmts.get(fn, ()) if x[1] > 0]
        return outermost(s, (0, 0), (10 ** 9, 0))

    def labelled_inside(self, fn, lo, hi):
        return [s for s in self.stmts.get(fn, ()) if s[1] == 0 and lo < (s[0], s[1]) < hi]

    def late_inits(self, P, ls, nxt, labels, fe, st):
        """Statements of probe's success path after the registration's
        failure check that set up a member of the state the ops may use
        (LATE_INIT): they move into @init.  Refused when the code between
        the registration and one of them uses the state (but for
        publishing it: *_set_drvdata())."""
        end = min(labels.values()) if labels else fe
        late, between = [], []
        for s in nxt[1:]:
            if s[0] >= end:
                break
            t = strip_comments(text_between(ls, (s[0], s[1]), (s[2], s[3]))).strip()
            m = LATE_INIT.match(t)
            if m and m.group(2) == st:
                late_init_used(P=P, call=m.group(1), line=self.input_line(s[0]), between=between)
                late.append(s)
            elif used_in(st, t) and not re.match(r"^\w*_set_drvdata\s*\(", t):
                between.append(s)
        return late

    def derive(self, name, ptype, dv, core, fn=None):
        """Declaration that finds a probe/remove parameter again in a
        callback, or None."""
        bt = base_type(ptype)
        dvn = self.device_passed(dv, fn)
        m = re.match(r"^&%s->([\w.]+)$" % re.escape(name), dvn)
        if m:
            found = bushelpers.file_helpers(self.fname, self.orig_dirs()) if self.fname else {}
            return "\t%s *%s = %s;" % (bt, name, bushelpers.find_again(bt, m.group(1), core, found))
        if dvn == name and bt == "struct device":
            return "\tstruct device *%s = %s->dev;" % (name, core)
        return None

    def device_passed(self, dv, fn):
        """The device probe passed, without blanks; through a local
        (struct device *dev = &p->dev;) when it names one."""
        dvn = dv.replace(" ", "")
        loc = self.locals.get(fn, {}).get(dvn) if fn else None
        if loc and loc[2]:
            dvn = loc[3].split("=", 1)[1].strip().rstrip(";").replace(" ", "")
        return dvn

    def orig_dirs(self):
        """Where the converter's input lives (its local headers are there)."""
        orig = os.environ.get("LC_LIFT_ORIG")
        return (os.path.dirname(orig),) if orig else ()

    def param_refused(self, name, fn, dv):
        """Refuse a parameter that cannot be found again, naming the bus
        device's type and the line that passed the device when the
        device passed is reached through it."""
        dvn = self.device_passed(dv, fn)
        typ = self.params.get(fn, {}).get(name, ("?",))[0]
        if name in idents(dvn) and base_type(typ).startswith("struct "):
            bus_not_found(name=name, fn=fn, type=base_type(typ), dv=dvn,
                          line=self.orig_line_of(fn, dvn))
        param_not_derivable(name=name, fn=fn, decl=None, line=self.orig_line_of(fn, None))

    def input_line(self, line):
        """The line of the converter's input (LC_LIFT_ORIG) that line of
        the lift stage's input (self.fname, the minimal conversion) comes
        from, or the nearest one: a refusal names the line the user has."""
        orig = os.environ.get("LC_LIFT_ORIG")
        if not orig or not self.fname:
            return line
        key = (self.fname, orig)
        if key not in self._maps:
            try:
                self._maps[key] = LineMap("\n".join(lines_of(orig)),
                                          "\n".join(lines_of(self.fname)))
            except (OSError, TypeError):
                return line
        return self._maps[key].get(line)[0]

    def first(self, ls, stmts, pat, default=None):
        """The input line (input_line()) of the first line of stmts (extents)
        that matches pat outside comments; of default (a lift-input line),
        else of the first statement, when none does."""
        for s in sorted(stmts):
            for i in range(s[0], s[2] + 1):
                if re.search(pat, strip_comments(ls[i - 1])):
                    return self.input_line(i)
        if default is not None:
            return self.input_line(default)
        return self.input_line(min(stmts)[0]) if stmts else 0

    def orig_line_of(self, fn, text):
        """The line of fn in the converter's input (LC_LIFT_ORIG, else the
        lift stage's input) that first holds text (blanks ignored); the
        line of fn's name (its parameters) when none does or text is None."""
        fname = os.environ.get("LC_LIFT_ORIG") or self.fname
        try:
            ls = lines_of(fname)
        except (OSError, TypeError):
            return 0
        d = function_def(ls, fn)
        if not d:
            return 0
        for i in range(d.line - 1, d.close[0] - 1 if text is not None else 0):
            if text in ls[i].replace(" ", "").replace("\t", ""):
                return i + 1
        return d.line

    def needed_decls(self, code, fn, skip, dv, core, before, after):
        """Declarations the lifted code needs: derived parameters and copied
        locals, as lines; raises Refused when one cannot be had."""
        decls = []
        derived = []
        locs = self.locals.get(fn, {})
        pars = self.params.get(fn, {})
        order = lambda n: (locs.get(n, (0, 0))[1], n)
        for name in sorted(set(idents(code)), key=order):
            if name in skip:
                continue
            if name in pars:
                d = self.derive(name, pars[name][0], dv, core, fn)
                if d is None:
                    self.param_refused(name, fn, dv)
                derived.append(d)
                continue
            if name not in locs:
                continue
            ltype, line, has_init, dtext = locs[name]
            # copy an initialiser only when it needs nothing but derivable
            # parameters
            rhs = dtext.split("=", 1)[1] if has_init else ""
            dl = self.input_line(line)
            if has_init:
                for n2 in idents(rhs):
                    init_from_local(name=name, fn=fn, other=n2, locals_=locs, skip=skip, line=dl)
                    if n2 in pars:
                        d = self.derive(n2, pars[n2][0], dv, core, fn)
                        init_needs_param(name=name, fn=fn, param=n2, decl=d, line=dl)
                        if d not in derived:
                            derived.append(d)
                init_runs_twice(name=name, fn=fn, rhs=rhs, after=after, line=dl)
                local_changes_before(name=name, fn=fn, before=before, line=dl)
            else:
                local_set_before(name=name, fn=fn, code=code, before=before, line=dl)
            local_read_after(name=name, fn=fn, code=code, after=after, line=dl)
            decl_several_names(name=name, fn=fn, dtext=dtext, line=dl)
            decls.append("\t" + dtext.strip())
        return derived + decls

    # -- the plan ---------------------------------------------------------

    def plan(self, P, tag, ops, fld, st, dv, fname, pa, pchk, preg):
        """Plan the lift of probe P (anchors at the positions pa, pchk,
        preg in fname); prints the verdict line and returns True when P
        is lifted.  self.codes[P] says why not (a reason code, NOTHING)."""
        try:
            ok = self._plan(P, tag, ops, fld, st, dv, fname, pa, pchk, preg)
        except Refused as r:
            print("LIFT-REFUSED: " + r.text)
            # the reason code, for the converter's record of the file
            print("LIFT-REASON: " + r.code)
            self.codes[P] = r.code
            return False
        if not ok:
            print("LIFT-NOTHING: %s(): no set-up between allocation and registration" % P)
            self.codes[P] = NOTHING
            return False
        self.codes[P] = "lifted"
        return True

    def moved(self, p):
        """Whether the statement at spatch position p moved (rule del
        deletes it)."""
        return (p[0].file, int(p[0].line), int(p[0].column)) in self.delete

    def check_to_rewrite(self, p):
        """Whether the allocation check at spatch position p is rewritten
        (rule del): its probe's reservation moved into the init callback."""
        return (p[0].file, int(p[0].line), int(p[0].column)) in self.chk

    def anchors(self, P):
        """The fresh identifiers of rule mk for the plan of probe P: the
        callbacks' names and bodies (opaque identifiers, printed as they
        are), and where each piece goes, said by naming its anchor (the
        probe P or the ops); a piece that is not wanted gets an anchor
        that names nothing."""
        pl = self.plans[P]
        rel = pl["rel"]
        ops = pl["ops"]
        return {"initfn": pl["initfn"],
                "initbody": pl["init"].lstrip("\t").rstrip(";"),
                "relfn": pl["relfn"],
                "relbody": (rel or "").lstrip("\t").rstrip(";"),
                "ip": anchor(pl["where"] == "probe", P),
                "io": anchor(pl["where"] == "ops", ops),
                "ipo": anchor(pl["proto"], ops),
                "rp": anchor(rel and pl["where"] == "probe", P),
                "ro": anchor(rel and pl["where"] == "ops", ops),
                "rpo": anchor(rel and pl["proto"], ops),
                "oi": ops,
                "orl": anchor(rel, ops)}

    def _plan(self, P, tag, ops, fld, st, dv, fname, pa, pchk, preg):
        self.fname = fname
        ls = lines_of(fname)
        whole = "\n".join(ls)
        fldn = fld.replace(" ", "")
        tops = self.top_level(P)
        chk = containing(tops, pchk)
        reg = containing(tops, preg)
        alloc = containing(tops, pa)
        anchors_not_top(P=P, anchors=(chk, reg, alloc), line=self.input_line(
            [p for a, p in ((chk, pchk), (reg, preg), (alloc, pa)) if a is None][0][0]
            if None in (chk, reg, alloc) else 0))
        inside = self.labelled_inside(P, (alloc[0], alloc[1]), (reg[0], reg[1]))
        label_in_setup(P=P, labels_inside=inside,
                       line=self.input_line(min(inside)[0]) if inside else 0)
        fe = fn_end(ls, reg[0])
        locs = self.locals.get(P, {})
        decl_end = max((v[1] + v[3].count("\n") for v in locs.values()), default=alloc[0] - 1)
        fstart = min((v[1] for v in locs.values()), default=alloc[0])

        # the unwind below the registration: a ladder or inline
        putre = put_re(st)
        nxt = [s for s in tops if (s[0], s[1]) > (reg[2], reg[3])]
        regfail = strip_comments("\n".join(ls[nxt[0][0] - 1:nxt[0][2]])) if nxt else ""
        m = re.search(r"^\s*if\s*\(.*?\)\s*(\{.*)?goto\s+(\w+)\s*;\s*\}?\s*$", regfail, re.S)
        inline = None
        if not m and re.search(putre, regfail):
            # inline unwind: if (ret) { UNDO; vfio_put_device(); return ret; }
            inner = outermost([x for x in self.stmts.get(P, ()) if x != nxt[0] and x[1] > 0],
                              (nxt[0][0], nxt[0][1] + 1), (nxt[0][2], nxt[0][3]))
            ip = [x for x in inner if re.search(putre, ls[x[0] - 1])]
            if len(ip) == 1 and inner[-1] != ip[0]:
                mr = RETURN_VAR.match(ls[inner[-1][0] - 1])
                if mr and inner.index(ip[0]) == len(inner) - 2:
                    inline = (ip[0], inner[:inner.index(ip[0])], mr.group(1))
        if inline:
            put, segment, retvar = inline
            labels, lreg, final = {}, None, None
        else:
            # the registration's failure check (the registration when none)
            lfail = self.input_line(nxt[0][0] if nxt else reg[0])
            regfail_shape(P=P, match=m, st=st, line=lfail)
            labels = {}
            for i in range(reg[2], fe):
                ml = LABEL.match(ls[i])
                if ml:
                    labels[ml.group(1)] = i + 1
            puts = [x for x in tops if x[0] > reg[2] and re.search(putre, ls[x[0] - 1])]
            no_single_put(P=P, puts=puts, line=self.input_line(puts[1][0]) if len(puts) > 1 else lfail)
            put = puts[0]
            rets = [x for x in tops if x[0] > put[2] and RETURN_VAR.match(ls[x[0] - 1])]
            ladder_no_return(P=P, rets=rets, line=self.input_line(put[0]))
            final = rets[0]
            retvar = RETURN_VAR.match(ls[final[0] - 1]).group(1)
            lreg = m.group(2)
            regfail_misses_put(P=P, labels=labels, label=lreg, put=put, line=lfail)
            segment = [x for x in tops if labels[lreg] < x[0] < put[0]]

        # resources reserved before the allocation: undone on its failure
        pre = [s for s in tops if s[0] > decl_end and (s[2], s[3]) < (alloc[0], alloc[1])]
        mchk = re.search(r"\bgoto\s+(\w+)\s*;", strip_comments(
            text_between(ls, (chk[0], chk[1]), (chk[2], chk[3]))))
        undo_pre = []
        lchk = self.first(ls, [chk], r"\bgoto\b")
        allocfail_jumps_inline(P=P, jumps=mchk, inline=inline, line=lchk)
        if mchk:
            lpre = mchk.group(1)
            allocfail_target(P=P, label=lpre, labels=labels, put=put, line=lchk)
            undo_pre = [s for s in tops if labels[lpre] < s[0] and (s[2], s[3]) < (final[0], final[1])]
        lift_pre = bool(undo_pre)
        pre_text = slice_text(ls, pre, decl_end, tops) if lift_pre else ""
        if lift_pre:
            reserve_jumps(P=P, pre_text=pre_text,
                          line=self.first(ls, pre, r"\b(goto|return)\b"))

        # set-up: everything between the check and the registration, but
        # for publishing the state (drvdata), which stays in probe
        setup_all = [s for s in tops if (s[0], s[1]) > (chk[2], chk[3]) and (s[2], s[3]) < (reg[0], reg[1])]
        setup = [s for s in setup_all if not re.match(r"^\s*\w*_set_drvdata\s*\(", ls[s[0] - 1])]
        setup = sorted(setup + self.late_inits(P, ls, nxt, labels, fe, st))
        setup_text = slice_text(ls, setup, chk[2], tops)
        setup_returns(P=P, setup_text=setup_text, st=st,
                      line=self.first(ls, setup, r"\breturn\b", chk[0]))
        gotos = set(re.findall(r"\bgoto\s+(\w+)", strip_comments(setup_text)))
        setup_jumps_inline(P=P, gotos=gotos, inline=inline,
                           line=self.first(ls, setup, r"\bgoto\b", chk[0]))
        # an inline unwind in the set-up: the core frees the object when
        # the init callback fails, so the put goes
        setup_text = "\n".join(l for l in setup_text.split("\n")
                               if not re.match(r"^\s*" + putre + r".*\);\s*$", l))
        past = setup_jumps_past_put.holds(P=P, gotos=gotos, labels=labels, put=put)
        if past:
            setup_jumps_past_put(P=P, gotos=gotos, labels=labels, put=put, line=self.first(
                ls, setup, r"\bgoto\s+%s\b" % past["label"], chk[0]))

        moved_p = set(setup) | set(segment) | (set(pre) | set(undo_pre) if lift_pre else set())
        # what stays in probe
        remaining = "\n".join(text_between(ls, (s[0], s[1]), (s[2], s[3]))
                              for s in tops if s not in moved_p)
        if not inline:
            into = goto_into_release.holds(P=P, remaining=remaining, labels=labels, lreg=lreg, put=put)
            if into:
                goto_into_release(P=P, remaining=remaining, labels=labels, lreg=lreg, put=put,
                                  line=self.first(ls, [s for s in tops if s not in moved_p],
                                                  r"\bgoto\s+%s\b" % into["label"]))

        # remove(): unregister, TEARDOWN, put, AFTER on the same structure
        rmv = None
        for (R, X, pun, pput) in self.removes:
            mx = re.match(r"&(\w+)->(.+)$", X)
            if not mx or mx.group(2) != fldn:
                continue
            xn = mx.group(1)
            xt = (self.locals.get(R, {}).get(xn) or self.params.get(R, {}).get(xn) or ("",))[0]
            if base_type(xt) != "struct " + tag:
                continue
            rmv = (R, xn, pun, pput)
        no_remove(tag=tag, rmv=rmv, line=self.input_line(alloc[0]))
        R, xn, pun, pput = rmv
        rtops = self.top_level(R)
        un = containing(rtops, pun)
        rput = containing(rtops, pput)
        remove_not_top(R=R, un=un, rput=rput, line=self.input_line((pun if un is None else pput)[0]))
        teardown = [s for s in rtops if (s[0], s[1]) > (un[2], un[3]) and (s[2], s[3]) < (rput[0], rput[1])]
        r_after = [s for s in rtops if (s[0], s[1]) > (rput[2], rput[3])]
        rn = lambda s: stmt_norm(ls, s, (xn, st))

        # what the release callback takes from remove(): the unwind that
        # registration failure did, undoes of the set-up, and (when the
        # reservation moves too) the undo of the reservation
        undos, cundos = set(), set()
        for t in [stmt_norm(ls, s) for s in setup]:
            undos |= undo_of(t)
            cundos |= count_undo_of(t)
        undos |= cundos
        seg_norms = [stmt_norm(ls, s) for s in segment]
        moved_t = []
        for s in teardown:
            t = rn(s)
            if t in seg_norms or t in undos:
                moved_t.append(s)
        miss = remove_misses_undo.holds(P=P, R=R, seg_norms=seg_norms,
                                        moved_norms=[rn(s) for s in moved_t])
        if miss:
            remove_misses_undo(P=P, R=R, seg_norms=seg_norms,
                               moved_norms=[rn(s) for s in moved_t],
                               line=self.input_line(segment[seg_norms.index(miss["stmt"])][0]))
        # a count the set-up takes, given back after the put
        for s in r_after:
            if rn(s) in cundos and not used_in(st, rn(s)):
                moved_t.append(s)
                cundos.discard(rn(s))
        if lift_pre:
            for u in undo_pre:
                tu = stmt_norm(ls, u)
                hit = [s for s in teardown + r_after if rn(s) == tu] or \
                      [s for s in teardown + r_after if callee(rn(s)) and callee(rn(s)) == callee(tu)]
                reserve_undo_unmatched(P=P, R=R, stmt=tu, hits=hit, line=self.input_line(u[0]))
                if hit[0] not in moved_t:
                    moved_t.append(hit[0])
        moved_t.sort()
        teardown_jumps(R=R, text=slice_text(ls, moved_t, un[2]),
                       line=self.first(ls, moved_t, r"\b(return|goto)\b"))
        if not setup and not lift_pre:
            teardown_without_setup(P=P, R=R, moved_t=moved_t,
                                   line=self.input_line(moved_t[0][0]) if moved_t else 0)
            return False

        # pci-core variants chain to the callbacks of the core
        opsdef = ops_initialiser(ls, ops)
        ops_elsewhere(ops=ops, opsdef=opsdef, line=self.input_line(alloc[0]))
        chain = re.search(r"\.init\s*=\s*vfio_pci_core_init_dev\b", def_body(ls, opsdef)) is not None
        chain_cannot_fail(P=P, chain=chain, can_fail=bool(gotos or lift_pre), line=self.first(
            ls, setup, r"\bgoto\b", pre[0][0] if lift_pre and pre else chk[0]))

        base = ops_base(ops)
        initfn, relfn = base + "_init_dev", base + "_release_dev"
        taken = name_taken.holds(names=(initfn, relfn), whole=whole)
        if taken:
            name_taken(names=(initfn, relfn), whole=whole, line=self.input_line(next(
                i + 1 for i, l in enumerate(ls) if re.search(r"\b%s\b" % taken["name"], l))))

        core = CORE
        # the init callback: reservation, set-up, its own unwind
        ladder = ""
        undo_text = slice_text(ls, undo_pre, put[2], tops) if lift_pre else ""
        if gotos:
            first = min(labels[g] for g in gotos)
            lad = []
            for l in ls[first - 1:put[0] - 1]:
                m2 = LABEL.match(l)
                if m2 and m2.group(1) not in gotos:
                    continue
                lad.append(l)
            if undo_text:
                lad += undo_text.split("\n")
            # labels with nothing under them but the final return: their
            # gotos become that return
            while lad and (not lad[-1].strip() or LABEL.match(lad[-1])):
                l = lad.pop()
                m2 = LABEL.match(l)
                if m2:
                    setup_text = re.sub(r"\bgoto\s+%s\s*;" % m2.group(1),
                                        "return %s;" % retvar, setup_text)
            ladder = "\n".join(lad).strip("\n")
        code = pre_text + "\n" + setup_text + "\n" + ladder
        if ladder:
            code += "\n\treturn %s;" % retvar
        first_moved = (pre[0] if lift_pre and pre else setup[0] if setup else reg)[0]
        before = "\n".join(ls[decl_end:first_moved - 1])
        d = self.needed_decls(code, P, {st}, dv, core, before, remaining)
        # the state, when the moved code uses it (an unused local warns)
        body = [state_decl(tag, st, core, fldn)] if used_in(st, code + "\n" + "\n".join(d)) else []
        body += d
        if chain and "\tint ret;" not in d:
            body.append("\tint ret;")
        if body:
            body.append("")
        if chain:
            body += ["\tret = vfio_pci_core_init_dev(%s);" % core,
                     "\tif (ret)", "\t\treturn ret;", ""]
        if pre_text:
            body += [pre_text.strip("\n"), ""]
        if setup_text.strip():
            body.append(setup_text.strip("\n"))
        body.append("\treturn 0;")
        if ladder:
            body += ["", ladder, "\treturn %s;" % retvar]

        # the release callback
        rel = None
        if moved_t:
            td_text = slice_text(ls, moved_t, un[2], rtops).strip("\n")
            r_rest = "\n".join(text_between(ls, (s[0], s[1]), (s[2], s[3]))
                               for s in rtops if s not in moved_t)
            r_decl_end = max((v[1] + v[3].count("\n") for v in self.locals.get(R, {}).values()),
                             default=un[0] - 1)
            r_before = "\n".join(ls[r_decl_end:un[0] - 1])
            rd = self.needed_decls(td_text, R, {xn}, dv, core, r_before, r_rest)
            rel = [state_decl(tag, xn, core, fldn)] if used_in(xn, td_text + "\n" + "\n".join(rd)) else []
            rel += rd
            rel += ([""] if rel else []) + [td_text]
            if chain:
                rel.append("\tvfio_pci_core_release_dev(%s);" % core)
            elif not self.core_frees:
                rel.append("\tvfio_free_device(%s);" % core)

        for s in setup + segment + moved_t + (pre + undo_pre if lift_pre else []):
            self.delete.add((fname, s[0], s[1]))
        if lift_pre:
            # the allocation can no longer fail with the reservation held
            self.chk.add((fname, pchk[0], pchk[1]))
        # locals only the moved code used
        for fn, keep in ((P, remaining), (R, r_rest if moved_t else None)):
            if keep is None:
                continue
            for name, v in self.locals.get(fn, {}).items():
                if fn == P and name == st or fn == R and name == xn:
                    continue
                # the initialisers of the other locals stay too
                inits = "\n".join(w[3].split("=", 1)[1] for n2, w in self.locals[fn].items()
                                  if n2 != name and w[2])
                if not used_in(name, keep + "\n" + inits):
                    self.decls.add("%s:%s" % (fn, name))

        ops_line = opsdef.head
        # The callbacks go right above the ops that name them, unless they
        # use something defined further down: then above probe, with
        # prototypes above the ops.
        where, proto = "probe", False
        if ops_line < fstart:
            proto = True
            alltext = "\n".join(body) + "\n" + "\n".join(rel or [])
            # top-level names and where each is first declared
            defs = {}
            for i, l in enumerate(ls):
                if not l or l[0] in " \t#/*}{" or LABEL.match(l):
                    continue
                mdef = re.match(r"^[^=(;]*?\b(\w+)\s*(\(|=|;|\[)", l)
                if mdef:
                    defs.setdefault(mdef.group(1), i + 1)
            late = any(defs.get(n, 0) > ops_line for n in set(idents(alltext)))
            if not late:
                where, proto = "ops", False
        self.plans[P] = dict(initfn=initfn, relfn=relfn, init="\n".join(body),
                             rel="\n".join(rel) if rel else None,
                             proto=proto, where=where, ops=ops)
        print("LIFTED: %s %s %s %s" % (P, R, initfn, relfn if rel else "-"))
        if self.decls:
            print("LIFT-UNUSED: " + ",".join(sorted(self.decls)))
        return True


# ----------------------------------------------------------------------
# The pci-core registration reads the driver data (since 5.19): it has to
# be set before vfio_pci_core_register_device().  The rule moves a set
# that follows the registration failure check right away (nothing between
# can use it), and reports any other set after the registration.

PCI_REGISTER = re.compile(r"\bvfio_pci_core_register_device\s*\(")
DRVDATA_SET = re.compile(r"^\s*(?:dev|pci)_set_drvdata\s*\(")


def orig_line(orig, fn, line, ls):
    """The line in the converter's input orig (the file before the
    minimal stage) of the driver-data set at line of the lift stage's
    input (lines ls), in function fn: the same count of sets after the
    registration in fn.  line itself when orig is not known."""
    if not orig:
        return line
    d = function_def(ls, fn)
    if not d or d.line > line:
        return line
    k = sum(1 for i in range(d.line - 1, line) if DRVDATA_SET.match(ls[i]))
    try:
        ols = lines_of(orig)
    except OSError:
        return line
    od = function_def(ols, fn)
    if not od:
        return line
    seen = 0
    for i in range(od.line - 1, od.close[0] - 1):
        if DRVDATA_SET.match(ols[i]):
            seen += 1
            if seen == k:
                return i + 1
    return line


def drvdata_line(what, fn, fname, line, orig=None):
    """The LIFT-MOVED / LIFT-ORDER line for the driver-data set of fn at
    line of fname (what: moved, late)."""
    n = orig_line(orig, fn, line, lines_of(fname))
    if what == "moved":
        return ("LIFT-MOVED: %s(): drvdata set before vfio_pci_core_register_device() "
                "(was after it, line %d): a 6.1 core needs it before" % (fn, n))
    return ("LIFT-ORDER: drvdata set after vfio_pci_core_register_device() (line %d): "
            "a 6.1 core needs it before" % n)


def drvdata_at(what, fn, p, env=os.environ):
    """drvdata_line() for the spatch position p; the runner names the
    converter's input in LC_LIFT_ORIG."""
    return drvdata_line(what, fn, p[0].file, int(p[0].line), env.get("LC_LIFT_ORIG"))


def registration_names(env=os.environ):
    """The fresh identifiers of rule mid: a mid-layer's variant
    (cocci/vfio_midlayer_variant.cocci wrote it) registers and unregisters
    through the library's helpers, which the runner names in
    LC_LIFT_REGISTER and LC_LIFT_UNREGISTER; else names that name nothing."""
    return {"mreg": anchor(env.get("LC_LIFT_REGISTER"), env.get("LC_LIFT_REGISTER")),
            "munreg": anchor(env.get("LC_LIFT_UNREGISTER"), env.get("LC_LIFT_UNREGISTER"))}
