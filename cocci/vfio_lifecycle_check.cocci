// SPDX-License-Identifier: GPL-2.0-only
/// Life-cycle bugs in vfio drivers of the vfio_device life cycle
/// (vfio_alloc_device()/vfio_init_device(), @init/@release,
/// vfio_put_device()), old or new, converted by hand or by a tool:
///
///  - kfree()/kvfree() of an object that vfio_alloc_device() returned
///    (or of its vfio_device, or its container): it is refcounted and
///    freed by the last vfio_put_device();
///  - a NULL test of vfio_alloc_device()'s result (it returns ERR_PTR);
///  - the device touched after vfio_free_device() in @release, or
///    vfio_free_device() not the last call of @release (6.1 target), or
///    vfio_free_device() at all on a 6.2+ target (-D core_frees);
///  - two .release initialisers in one vfio_device_ops, or ops of the
///    generation before open_device (.open: .release is then close);
///  - an error path after the allocation that returns without
///    vfio_put_device();
///  - a registration with no vfio_unregister_group_dev() in the file;
///  - a put of a parent-owned device (vfio_init_device() on a structure
///    the driver does not allocate) with no wait for @release after it.
///
/// The logic lives in cocci/lclib/checker.py: run with <repo>/cocci on
/// PYTHONPATH.  Modes report and context print file:line:col-col: lines,
/// org prints org-mode TODO items.
//
// Confidence: Moderate
// Copyright: (C) 2026 vfio-lifecycle contributors
// Comments: written for vfio-lifecycle; no driver is named in the rules
// Options: --no-includes --include-headers

virtual report
virtual context
virtual org
virtual core_frees

@initialize:python@
@@
# needs <repo>/cocci on PYTHONPATH (cocci/README.md: make coccicheck)
from lclib import checker
from lclib.checker import pos as P

@script:python depends on core_frees@
@@
checker.set_target("6.2")

@script:python depends on org@
@@
checker.set_mode("org")

// Facts: allocations, with the structure's tag.  A bare struct
// vfio_device from _vfio_alloc_device() binds no tag: it is vfio_device.
@alloc_e@
identifier T, m;
expression E;
position p;
@@
E = \(vfio_alloc_device@p(T, m, ...)\|_vfio_alloc_device@p(...)\)

@script:python@
p << alloc_e.p; T << alloc_e.T = "vfio_device";
@@
checker.alloc(P(p), T)

@alloc_d@
identifier T, m, x;
type TY;
position p;
@@
TY *x = \(vfio_alloc_device@p(T, m, ...)\|_vfio_alloc_device@p(...)\);

@script:python@
p << alloc_d.p; T << alloc_d.T = "vfio_device";
@@
checker.alloc(P(p), T)

// kfree()/kvfree() of the object, of its vfio_device or of its container.
@kf@
identifier T, m2;
identifier fr =~ "^(kfree|kvfree|vfree|kfree_sensitive|kvfree_sensitive)$";
struct T *E;
expression E2, E3;
position p;
@@
(
fr@p(E)
|
fr@p(&E->m2)
|
fr@p(container_of(E2, struct T, E3))
)

@script:python@
p << kf.p; fr << kf.fr; T << kf.T;
@@
checker.free_of_object(P(p), fr, T)

// A NULL test of the result.
@nul_e@
expression E;
identifier T, m;
statement S1, S2;
position p;
@@
E = \(vfio_alloc_device(T, m, ...)\|_vfio_alloc_device(...)\);
(
if (\(!E@p\|E@p == NULL\|NULL == E@p\)) S1 else S2
|
if (\(!E@p\|E@p == NULL\|NULL == E@p\)) S1
)

@script:python@
p << nul_e.p;
@@
checker.null_test(P(p))

@nul_d@
identifier T, m, x;
type TY;
statement S1, S2;
position p;
@@
TY *x = \(vfio_alloc_device(T, m, ...)\|_vfio_alloc_device(...)\);
(
if (\(!x@p\|x@p == NULL\|NULL == x@p\)) S1 else S2
|
if (\(!x@p\|x@p == NULL\|NULL == x@p\)) S1
)

@script:python@
p << nul_d.p;
@@
checker.null_test(P(p))

// The ops' .release initialisers.
@rel@
identifier ops, f;
position p;
@@
struct vfio_device_ops ops = { ..., .release = f@p, ... };

@script:python@
p << rel.p; ops << rel.ops; f << rel.f;
@@
checker.release_init(P(p), ops, f)

// Ops of the generation before open_device (5.13/5.14): .open/.release
// are the device file's open and close, not the life cycle.
@oldops@
identifier ops, f;
position p;
@@
struct vfio_device_ops ops = { ..., .open = f@p, ... };

@script:python@
p << oldops.p; ops << oldops.ops;
@@
checker.old_ops(P(p), ops)

// What follows vfio_free_device() in @release.
@after depends on !core_frees@
identifier rel.f;
expression V;
statement S;
position pf, p1, p2;
@@
f@pf(...) { ... vfio_free_device@p1(V); S@p2 ... }

@script:python@
pf << after.pf; p1 << after.p1; p2 << after.p2; f << rel.f; V << after.V; S << after.S;
@@
checker.after_free(P(pf), P(p1), P(p2), f, V, S)

// Any call of vfio_free_device() (a double free on 6.2+).
@call_free depends on core_frees@
position p;
@@
vfio_free_device@p(...)

@script:python@
p << call_free.p;
@@
checker.free_call(P(p))

// An error path after the allocation that returns without a put.
@errpath_e exists@
expression X, E1;
identifier T, m;
identifier set =~ "_set_drvdata$";
statement S;
position pa, p;
@@
X = \(vfio_alloc_device@pa(T, m, ...)\|_vfio_alloc_device@pa(...)\);
if (\(IS_ERR(X)\|IS_ERR_OR_NULL(X)\|!X\|X == NULL\)) S
... when != vfio_put_device(...)
    when != set(..., X)
    when != E1 = X
(
return 0;
|
return X;
|
return@p ...;
)

@script:python@
pa << errpath_e.pa; p << errpath_e.p;
@@
checker.error_return(P(pa), P(p))

@errpath_d exists@
expression E1;
identifier T, m, X;
identifier set =~ "_set_drvdata$";
type TY;
statement S;
position pa, p;
@@
TY *X = \(vfio_alloc_device@pa(T, m, ...)\|_vfio_alloc_device@pa(...)\);
if (\(IS_ERR(X)\|IS_ERR_OR_NULL(X)\|!X\|X == NULL\)) S
... when != vfio_put_device(...)
    when != set(..., X)
    when != E1 = X
(
return 0;
|
return X;
|
return@p ...;
)

@script:python@
pa << errpath_d.pa; p << errpath_d.p;
@@
checker.error_return(P(pa), P(p))

// Registrations and unregistrations.
@reg@
identifier r =~ "^vfio_register_(group|emulated_iommu)_dev$";
position p;
@@
r@p(...)

@script:python@
p << reg.p; r << reg.r;
@@
checker.register(P(p), r)

@unreg@
position p;
@@
vfio_unregister_group_dev@p(...)

@script:python@
p << unreg.p;
@@
checker.unregister(P(p))

// Parent-owned devices: a put with no wait for @release after it.
@po@
identifier T, m;
struct T *X;
@@
vfio_init_device(&X->m, ...)

@nowait exists@
identifier po.T, po.m;
identifier w =~ "^wait_for_completion";
struct T *Y;
position p;
@@
vfio_put_device@p(&Y->m);
... when != w(...)

@script:python@
p << nowait.p; T << po.T;
@@
checker.put_without_wait(P(p), T)

// Once per file, after every rule: the findings of the file.
@script:python@
@@
checker.end_of_file()
