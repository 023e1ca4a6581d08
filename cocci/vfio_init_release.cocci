// SPDX-License-Identifier: GPL-2.0-only
/// Idiomatic level, second stage of the conversion (after
/// vfio_alloc_device.cocci): move the driver's private set-up from probe
/// into an @init callback and its tear-down from remove into @release.
///
///   st = vfio_alloc_device(tag, fld, dev, &ops);  if (IS_ERR(st)) ...;
///   SETUP;                        ->  tag_init_dev():    SETUP (own unwind)
///   ret = vfio_register_*(...);
///   ... remove:
///   vfio_unregister_group_dev();
///   TEARDOWN;                     ->  tag_release_dev(): TEARDOWN,
///   vfio_put_device();                vfio_free_device() last (6.1 API)
///
/// Only done when it is provably the same program:
///  - SETUP and TEARDOWN use nothing of probe/remove but the state, the
///    parent device (found again from core_vdev->dev through a bus helper)
///    and locals that are copied: assigned before read, or initialised
///    without side effects (or no longer needed by probe/remove);
///  - set-up returns only as an error exit after a put, and jumps only
///    into the unwind above vfio_put_device() (copied into @init);
///  - every statement the registration failure undoes is undone by remove
///    too; those, and remove's undoing of what SETUP set up (a lock, a
///    buffer), move to @release; the rest of remove stays;
///  - a reservation taken before the allocation moves only when probe
///    gives it back on the allocation's failure and remove gives it back
///    the same way (same call on the same object).
///  - a count the set-up takes (atomic_inc, atomic_add, x++ ...) is given
///    back in @release when remove gives it back the same way, also after
///    the put: a failed registration runs @release, never remove;
///  - a lock, wait queue or list head of the state that probe sets up
///    only after the registration (the ops may use it once registered)
///    moves into @init, unless the code between uses the state.
/// Publishing the state (*_set_drvdata) stays in probe; for a pci-core
/// registration (which reads it since 5.19) a set right after the
/// registration failure check moves before the registration
/// (LIFT-MOVED), any other set after it is reported (LIFT-ORDER: the
/// runner leaves the file NOT CONVERTED).
/// Otherwise the file keeps the minimal form and the reason is printed
/// ("LIFT-REFUSED: ...") for the runner's report.  Positions of the slices
/// come from spatch; their text is copied so comments move with the code;
/// cocci/vfio_tidy.cocci then simplifies the copied unwind ladders.
/// The planner is cocci/lclib/lift.py (PYTHONPATH=<repo>/cocci): each
/// check above is a predicate there, with a reason code and its text.
//
// Confidence: Moderate
// Copyright: (C) 2026 vfio-lifecycle contributors
// Comments: written for vfio-lifecycle; no driver is named in the rules
// Options: --no-includes --include-headers

virtual patch
virtual report
virtual core_frees

@initialize:python@
@@
# The planner and its checks live in cocci/lclib/lift.py (PYTHONPATH has
# cocci/); this rule feeds it what spatch finds and carries the plan out.
from lclib import bind, lift
from lclib.text import at, ext
LIFT = lift.Lift()

// ----------------------------------------------------------------------
// Anchors: the allocation and registration in probe, the unregister and
// put in remove.

// A mid-layer's variant (cocci/vfio_midlayer_variant.cocci wrote it) registers and
// unregisters through the library's helpers: the runner names them.
@script:python mid@
mreg; munreg;
@@
bind.set_idents(coccinelle, cocci, lift.registration_names())

@pr depends on patch@
identifier mid.mreg;
identifier P, tag, ops;
expression fld;
idexpression st;
expression dv, E;
position pa, pchk, preg;
@@
P(...) {
  ...
  st = vfio_alloc_device@pa(tag, fld, dv, &ops);
  if (IS_ERR@pchk(st)) { ... }
  ...
  E = \(vfio_register_group_dev@preg\|vfio_register_emulated_iommu_dev@preg\|
         vfio_pci_core_register_device@preg\|mreg@preg\)(...);
  ...
}

@rm depends on pr@
identifier mid.munreg;
identifier R;
expression X, Y;
position pun, pput;
@@
R(...) {
  ...
  \(vfio_unregister_group_dev@pun\|vfio_pci_core_unregister_device@pun\|munreg@pun\)(X);
  ...
  vfio_put_device@pput(Y);
  ...
}

@script:python@
R << rm.R; Y << rm.Y; pun << rm.pun; pput << rm.pput;
@@
LIFT.add_remove(R, Y, at(pun[0]), at(pput[0]))

// Every statement of probe and remove, with its extent.
@cand exists@
identifier f = {pr.P, rm.R};
statement S;
position ps;
@@
f(...) { ... S@ps ... }

@script:python@
f << cand.f; ps << cand.ps;
@@
LIFT.add_stmt(f, ext(ps[0]))

@loc@
identifier f = {pr.P, rm.R};
type T;
identifier x;
expression I;
position pl;
@@
f(...) { ... when any
(
 T x@pl;
|
 T x@pl = I;
)
 ... when any
}

@script:python@
f << loc.f; x << loc.x; T << loc.T; pl << loc.pl;
@@
LIFT.add_local(f, x, T, pl[0].file, int(pl[0].line))

@par@
identifier f = {pr.P, rm.R};
type T;
identifier x;
@@
f(..., T x, ...) {...}

@script:python@
f << par.f; x << par.x; T << par.T;
@@
LIFT.add_param(f, x, T)

@script:python depends on core_frees@
@@
LIFT.core_frees = True

// ----------------------------------------------------------------------
// The plan: what moves, and whether moving it is provably safe.

@script:python an@
P << pr.P; tag << pr.tag; ops << pr.ops; fld << pr.fld; st << pr.st; dv << pr.dv;
pa << pr.pa; pchk << pr.pchk; preg << pr.preg;
@@
cocci.include_match(LIFT.plan(P, tag, ops, fld, st, dv, pa[0].file, at(pa[0]), at(pchk[0]), at(preg[0])))

// ----------------------------------------------------------------------
// Carry the plan out.  The callbacks' bodies are the source text of the
// slices (comments included), handed to spatch as opaque identifiers:
// printed as they are, not parsed again until the tidy stage.

// Where each piece goes is said by naming its anchor; a piece that is not
// wanted gets an anchor that names nothing.  (A script rule that drops its
// match would drop the whole environment, and with it the other pieces.)
@script:python mk@
P << pr.P;
initfn; initbody; relfn; relbody;
ip; io; ipo; rp; ro; rpo; oi; orl;
@@
bind.set_idents(coccinelle, cocci, LIFT.anchors(P))

// Delete what moved (whole top-level statements, chosen by position), and
// rewrite the allocation check of a probe whose reservation moved into
// the init callback: nothing to undo any more, and the callback's error
// is the one to return.  One rule: positions do not survive a rewrite.
@del depends on an@
idexpression pr.st;
statement S, S1;
position ps : script:python() { LIFT.moved(ps) };
position pc : script:python() { LIFT.check_to_rewrite(pc) };
@@
(
- if (IS_ERR@pc(st)) S1
+ if (IS_ERR(st))
+	return PTR_ERR(st);
|
- S@ps
)

@depends on an@
identifier mk.ip, mk.initfn, mk.initbody;
@@
+static int initfn(struct vfio_device *core_vdev)
+{
+	initbody;
+}
+
 ip(...) {...}

@depends on an@
identifier mk.rp, mk.relfn, mk.relbody;
@@
+static void relfn(struct vfio_device *core_vdev)
+{
+	relbody;
+}
+
 rp(...) {...}

@depends on an@
identifier mk.io, mk.initfn, mk.initbody;
@@
+static int initfn(struct vfio_device *core_vdev)
+{
+	initbody;
+}
+
 struct vfio_device_ops io = {...};

@depends on an@
identifier mk.ro, mk.relfn, mk.relbody;
@@
+static void relfn(struct vfio_device *core_vdev)
+{
+	relbody;
+}
+
 struct vfio_device_ops ro = {...};

@depends on an@
identifier mk.ipo, mk.initfn;
@@
+static int initfn(struct vfio_device *core_vdev);
 struct vfio_device_ops ipo = {...};

@depends on an@
identifier mk.rpo, mk.relfn;
@@
+static void relfn(struct vfio_device *core_vdev);
 struct vfio_device_ops rpo = {...};

// The ops point at the new callbacks.
@opi1 depends on an@
identifier mk.oi, mk.initfn;
symbol vfio_pci_core_init_dev;
@@
 struct vfio_device_ops oi = {
  ...,
- .init = vfio_pci_core_init_dev,
+ .init = initfn,
  ...
 };

@opi2 depends on an && !opi1@
identifier mk.oi, mk.initfn;
expression E;
@@
 struct vfio_device_ops oi = {
  ...,
+ .init = initfn,
  .release = E,
  ...
 };

@depends on an && !opi1 && !opi2@
identifier mk.oi, mk.initfn;
@@
 struct vfio_device_ops oi = {
  ...,
+ .init = initfn,
 };

@opr1 depends on an@
identifier mk.orl, mk.relfn;
expression old;
@@
 struct vfio_device_ops orl = {
  ...,
- .release = old,
+ .release = relfn,
  ...
 };

@depends on an && !opr1@
identifier mk.orl, mk.relfn;
@@
 struct vfio_device_ops orl = {
  ...,
+ .release = relfn,
 };

// ----------------------------------------------------------------------
// The pci-core registration reads the driver data (since 5.19): a set
// right after the registration failure check moves before the
// registration (nothing between can use it); any other set after the
// registration is reported (LIFT-ORDER, the runner refuses the file).
// After the lift: the set-up it deleted is no longer in between.

@drvmv depends on patch@
identifier P;
expression E, D, V;
idexpression ret;
statement S;
position pd;
@@
P(...) {
  ...
+ dev_set_drvdata(D, V);
  ret = vfio_pci_core_register_device(E);
  if (\(ret\|ret < 0\)) S
- dev_set_drvdata@pd(D, V);
  ...
}

@script:python@
P << drvmv.P; pd << drvmv.pd;
@@
print(lift.drvdata_at("moved", P, pd))

@pdrvmv depends on patch@
identifier P;
expression E, D, V;
idexpression ret;
statement S;
position pd;
@@
P(...) {
  ...
+ pci_set_drvdata(D, V);
  ret = vfio_pci_core_register_device(E);
  if (\(ret\|ret < 0\)) S
- pci_set_drvdata@pd(D, V);
  ...
}

@script:python@
P << pdrvmv.P; pd << pdrvmv.pd;
@@
print(lift.drvdata_at("moved", P, pd))

@drvlate depends on patch exists@
identifier P;
expression E, D, V;
position pd;
@@
P(...) {
  ... when != dev_set_drvdata(...)
      when != pci_set_drvdata(...)
  vfio_pci_core_register_device(E);
  ... when any
  \(dev_set_drvdata@pd(D, V);\|pci_set_drvdata@pd(D, V);\)
  ... when any
}

@drvlate2 depends on patch exists@
identifier P;
expression E, D, V;
expression ret;
position pd;
@@
P(...) {
  ... when != dev_set_drvdata(...)
      when != pci_set_drvdata(...)
  ret = vfio_pci_core_register_device(E);
  ... when any
  \(dev_set_drvdata@pd(D, V);\|pci_set_drvdata@pd(D, V);\)
  ... when any
}

@script:python@
P << drvlate.P; pd << drvlate.pd;
@@
print(lift.drvdata_at("late", P, pd))

@script:python@
P << drvlate2.P; pd << drvlate2.pd;
@@
print(lift.drvdata_at("late", P, pd))

// ----------------------------------------------------------------------
// report: functions that set state up after vfio_alloc_device(), the code
// an @init callback is for.

@rp depends on report exists@
identifier f2;
expression list args;
expression E;
idexpression st;
position p;
@@
  st = vfio_alloc_device@p(args);
  ...
  st->f2 = E;

@script:python depends on report@
p << rp.p;
@@
coccilib.report.print_report(p[0], "state set up after vfio_alloc_device(): an @init callback could own it")
