// SPDX-License-Identifier: GPL-2.0-only
/// A vfio_device that probe registers (vfio_register_group_dev() or
/// vfio_register_emulated_iommu_dev() on &S->member) and that remove never
/// unregisters: remove destroys or frees the state while the vfio group
/// still lists the device, so the next lookup by name walks freed memory
/// and nothing waits for the device's users to close it.
///
/// Remove is the .remove of the initialiser whose .probe registers; a
/// registering function that is no .probe falls back to the functions
/// that get the same structure from the driver data and tear it down.
/// No fix when remove unregisters, itself or through a function of the
/// file; none for vfio-pci-core (its own register/unregister pair), none
/// when there is no remove.
///
/// Patch mode adds vfio_unregister_group_dev(&x->member) in remove before
/// the first top-level statement that hands the state to a tear-down call
/// (after remove's early returns), a blank line first when a statement
/// precedes it.  Every mode prints "MISSING-UNREGISTER: remove probe
/// call x member teardown line reg_line state" for the runners (x: the
/// state's name in remove, state: the expression probe registers, last
/// as it may hold blanks; line: the tear-down call's); report mode
/// also prints file:line:col-col: lines.  The logic is in
/// cocci/lclib/unregister.py: run with <repo>/cocci on PYTHONPATH.
//
// Confidence: Moderate
// Copyright: (C) 2026 vfio-lifecycle contributors
// Comments: written for vfio-lifecycle; no driver is named in the rules
// Options: --no-includes --include-headers

virtual patch
virtual report

@initialize:python@
@@
from lclib import unregister as U
from lclib.bind import set_idents

// Facts: the registrations, with the function that makes them.
@reg@
identifier fn, m, call =~ "^(vfio_register_group_dev|vfio_register_emulated_iommu_dev)$";
expression S;
position p;
@@
fn(...) {
<+...
call@p(&S->m)
...+>
}

@script:python@
fn << reg.fn; call << reg.call; S << reg.S; m << reg.m; p << reg.p;
@@
U.registration(p[0].file, fn, call, S, m, p[0].line)

// .probe and .remove of one initialiser (any order)
@drv@
identifier I, P, R;
type T;
@@
T I = { ..., .probe = P, ..., .remove = R, ...};

@script:python@
P << drv.P; R << drv.R;
@@
U.driver_fns(P, R)

@prb@
identifier I, P;
type T;
@@
T I = { ..., .probe = P, ...};

@script:python@
P << prb.P;
@@
U.driver_fns(P)

// every function of the file, and those that unregister
@fns@
identifier f;
position p;
@@
f@p(...) {...}

@script:python@
f << fns.f; p << fns.p;
@@
U.defined(f, p[0].line)

@unr@
identifier f;
@@
f(...) {
<+...
vfio_unregister_group_dev(...)
...+>
}

@script:python@
f << unr.f;
@@
U.unregisters_in(f)

// the plan, once per file: the fixes found, then the patch rules' names
@script:python depends on reg@
p << reg.p;
@@
for fx in U.fixes_once(p[0].file, "print"):
    print(U.fix_line(fx))

@script:python rep depends on report && reg@
p << reg.p;
@@
for fx in U.fixes_once(p[0].file, "report"):
    coccilib.report.print_report(p[0], U.fix_report(fx))

@script:python nb depends on patch && reg@
p << reg.p;
R; F; x; m;
@@
set_idents(coccinelle, cocci, U.fix_names(p[0].file, True))

@script:python nn depends on patch && reg@
p << reg.p;
R; F; x; m;
@@
set_idents(coccinelle, cocci, U.fix_names(p[0].file, False))

@depends on patch exists@
identifier nb.R, nb.F, nb.x, nb.m;
@@
R(...) {
  ...
+
+ vfio_unregister_group_dev(&x->m);
  F(...);
  ...
}

@depends on patch exists@
identifier nn.R, nn.F, nn.x, nn.m;
@@
R(...) {
  ...
+ vfio_unregister_group_dev(&x->m);
  F(...);
  ...
}

@finalize:python@
@@
U.forget_file()
