// SPDX-License-Identifier: GPL-2.0-only
/// Convert a vfio driver from the driver-allocated life cycle to the
/// core-allocated one (minimal level):
///
///   st = kzalloc(...); vfio_init_group_dev(&st->vdev, dev, &ops);
///   ... vfio_uninit_group_dev(&st->vdev); kfree(st);
/// becomes
///   st = vfio_alloc_device(tag, vdev, dev, &ops);
///   ... vfio_put_device(&st->vdev);
///
/// and the ops structure gains the @release that frees the object
/// (vfio_free_device) where the target core does not free it itself
/// (virtual rule core_frees, Linux 6.2 and later).  vfio-pci-core variant
/// drivers (vfio_pci_core_init_device/vfio_pci_core_uninit_device) get
/// .init = vfio_pci_core_init_dev, .release = vfio_pci_core_release_dev.
///
/// The allocation takes the ops and the parent device of the old init call,
/// so they must already be known where the state was allocated: the rule
/// only fires when neither is assigned in between.  Everything else the
/// driver did between allocation and registration stays where it was; the
/// idiomatic level (state set up in @init, torn down in @release) is a
/// separate step.  A file where an old call remains after this rule (a
/// mid-layer, a structure owned by a parent, ops chosen at run time) is not
/// half-converted: the runner reports it and keeps the original.
//
// Confidence: High
// Copyright: (C) 2026 vfio-lifecycle contributors
// Comments: written for vfio-lifecycle; no driver is named in the rules
// Options: --no-includes --include-headers

virtual patch
virtual context
virtual org
virtual report
virtual core_frees

// ----------------------------------------------------------------------
// Allocation + init -> vfio_alloc_device().  Three forms, each found,
// named and rewritten in turn (positions cannot cross a rewrite):
//   F1 vfio_init_group_dev(&st->fld, dev, &ops)
//   F2 vfio_pci_core_init_device(&st->fld, pdev, &ops)   (fld embeds the
//      struct vfio_pci_core_device whose .vdev is the vfio_device)
//   F3 vfio_pci_core_init_device(st, pdev, &ops)          (st is the core
//      device itself; fld is unused)
// vfio_alloc_device() takes the structure's tag, not its type: the rules
// match "struct tag *" (a python rule strips "struct " where the type is
// a declaration's).

@initialize:python@
@@
from lclib import bind, opsvar, parent
from lclib.report import Why
WHY = Why(coccilib.report.print_report)

@f1 depends on patch exists@
identifier tag;
idexpression struct tag *st;
identifier fld, ops_name;
identifier allocfn =~ "^(kzalloc|kvzalloc|vzalloc|kmalloc|kvmalloc)$";
expression dv, sz, E;
expression list args;
position pa, pi;
@@
  st = allocfn@pa(sz, args);
  ... when != dv = E
      when != ops_name = E
  vfio_init_group_dev@pi(&st->fld, dv, &ops_name);

@a1 depends on patch@
identifier f1.tag;
idexpression struct tag *f1.st;
identifier f1.fld, f1.ops_name, f1.allocfn;
expression f1.dv, sz;
expression list args;
position f1.pa, f1.pi;
identifier freefn =~ "^(kfree|kvfree|vfree)$";
@@
- st = allocfn@pa(sz, args);
+ st = vfio_alloc_device(tag, fld, dv, &ops_name);
  <...
- freefn(st);
+ vfio_put_device(&st->fld);
  ...>
- vfio_init_group_dev@pi(&st->fld, dv, &ops_name);

// F1V: the ops in a local variable of probe that every assignment sets to
// the address of an ops structure of the file (ops chosen at run time):
// vfio_alloc_device() takes the variable, and every ops it may hold gets
// the @release below.  A variable set otherwise (a parameter, a call) is
// left to the other stages.
@f1v depends on patch && !f1 exists@
identifier tag;
idexpression struct tag *st;
identifier fld, fn, opsv;
identifier allocfn =~ "^(kzalloc|kvzalloc|vzalloc|kmalloc|kvmalloc)$";
expression dv, sz, E;
expression list args;
position pa, pi, pf;
@@
  fn@pf(...) {
  ... when any
  const struct vfio_device_ops *opsv;
  ... when any
  st = allocfn@pa(sz, args);
  ... when != dv = E
      when != opsv = E
  vfio_init_group_dev@pi(&st->fld, dv, opsv);
  ... when any
  }

// every assignment of the variable in its function: &NAME, or the
// variable is left to the other stages (okv names nothing)
@f1v_asg depends on f1v@
identifier f1v.fn, f1v.opsv;
expression E;
position f1v.pf;
@@
  fn@pf(...) {
  <...
  opsv = E
  ...>
  }

@script:python@
E << f1v_asg.E; fn << f1v.fn; pf << f1v.pf;
@@
opsvar.saw(pf, fn, E)

@script:python f1v_ok@
opsv << f1v.opsv; fn << f1v.fn; pf << f1v.pf; okv;
@@
coccinelle.okv = cocci.make_ident(opsvar.usable(pf, fn, opsv))

@f1v_set depends on f1v@
identifier f1v.fn, f1v_ok.okv, N;
position f1v.pf;
@@
  fn@pf(...) {
  <...
  okv = &N;
  ...>
  }

@a1v depends on f1v_set@
identifier f1v.tag;
idexpression struct tag *f1v.st;
identifier f1v.fld, f1v_ok.okv, f1v.allocfn;
expression f1v.dv, sz;
expression list args;
position f1v.pa, f1v.pi;
identifier freefn =~ "^(kfree|kvfree|vfree)$";
@@
- st = allocfn@pa(sz, args);
+ st = vfio_alloc_device(tag, fld, dv, okv);
  <...
- freefn(st);
+ vfio_put_device(&st->fld);
  ...>
- vfio_init_group_dev@pi(&st->fld, dv, okv);

@f2 depends on patch exists@
identifier tag;
idexpression struct tag *st;
identifier fld, ops_name;
identifier allocfn =~ "^(kzalloc|kvzalloc|vzalloc|kmalloc|kvmalloc)$";
expression dv, sz, E;
expression list args;
position pa, pi;
@@
  st = allocfn@pa(sz, args);
  ... when != dv = E
      when != ops_name = E
  vfio_pci_core_init_device@pi(&st->fld, dv, &ops_name);

@a2 depends on patch@
identifier f2.tag;
idexpression struct tag *f2.st;
identifier f2.fld, f2.ops_name, f2.allocfn;
expression f2.dv, sz;
expression list args;
position f2.pa, f2.pi;
identifier freefn =~ "^(kfree|kvfree|vfree)$";
@@
- st = allocfn@pa(sz, args);
+ st = vfio_alloc_device(tag, fld.vdev, &dv->dev, &ops_name);
  <...
- freefn(st);
+ vfio_put_device(&st->fld.vdev);
  ...>
- vfio_pci_core_init_device@pi(&st->fld, dv, &ops_name);

@f3 depends on patch exists@
identifier tag;
idexpression struct tag *st;
identifier ops_name;
identifier allocfn =~ "^(kzalloc|kvzalloc|vzalloc|kmalloc|kvmalloc)$";
expression dv, sz, E;
expression list args;
position pa, pi;
@@
  st = allocfn@pa(sz, args);
  ... when != dv = E
      when != ops_name = E
  vfio_pci_core_init_device@pi(st, dv, &ops_name);

@a3 depends on patch@
identifier f3.tag;
idexpression struct tag *f3.st;
identifier f3.ops_name, f3.allocfn;
expression f3.dv, sz;
expression list args;
position f3.pa, f3.pi;
identifier freefn =~ "^(kfree|kvfree|vfree)$";
@@
- st = allocfn@pa(sz, args);
+ st = vfio_alloc_device(tag, vdev, &dv->dev, &ops_name);
  <...
- freefn(st);
+ vfio_put_device(&st->vdev);
  ...>
- vfio_pci_core_init_device@pi(st, dv, &ops_name);

// F7: a bare struct vfio_device (no container structure) allocated with
// its own size: _vfio_alloc_device() takes the size (6.1 and 6.2 export
// it); the uninit + free become the put.

@f7 depends on patch exists@
idexpression struct vfio_device *v;
identifier ops_name;
identifier allocfn =~ "^(kzalloc|kvzalloc|vzalloc|kmalloc|kvmalloc)$";
expression dv, E;
expression list args;
position pa, pi;
@@
  v = allocfn@pa(\(sizeof(*v)\|sizeof(struct vfio_device)\), args);
  ... when != dv = E
      when != ops_name = E
  vfio_init_group_dev@pi(v, dv, &ops_name);

@a7 depends on patch@
idexpression struct vfio_device *f7.v;
identifier f7.ops_name, f7.allocfn;
expression f7.dv, sz;
expression list args;
position f7.pa, f7.pi;
identifier freefn =~ "^(kfree|kvfree|vfree)$";
@@
- v = allocfn@pa(sz, args);
+ v = _vfio_alloc_device(sizeof(*v), dv, &ops_name);
  <...
- freefn(v);
+ vfio_put_device(v);
  ...>
- vfio_init_group_dev@pi(v, dv, &ops_name);

@u7 depends on a7@
idexpression struct vfio_device *X;
expression E;
identifier freefn =~ "^(kfree|kvfree|vfree)$";
@@
- vfio_uninit_group_dev(X);
  ... when != X = E
- freefn(X);
+ vfio_put_device(X);

@nullcheck7 depends on a7@
idexpression v;
expression list args;
statement S1;
@@
  v = _vfio_alloc_device(args);
  if (
- \(!v\|v == NULL\|NULL == v\)
+ IS_ERR(v)
  ) S1

// for the verdict: the state is the bare vfio_device (nothing to lift)
@script:python depends on a7@
v << f7.v; pa << f7.pa;
@@
print("ALLOC-BARE: %s %s" % (v, pa[0].line))

@errno7 depends on a7@
idexpression v;
expression list args;
@@
  v = _vfio_alloc_device(args);
  if (IS_ERR(v)) {
  <...
- -ENOMEM
+ PTR_ERR(v)
  ...>
  }

@errno7s depends on a7@
idexpression v;
expression list args;
@@
  v = _vfio_alloc_device(args);
  if (IS_ERR(v))
- return -ENOMEM;
+ return PTR_ERR(v);

// F5: the state comes from a helper of this file that only allocates
// (return kzalloc/vzalloc/...(size);), in the declaration of the state.
// The allocation moves to the declaration; the helper, now unused, goes.

@h1 depends on patch@
identifier H;
identifier allocfn =~ "^(kzalloc|kvzalloc|vzalloc|kmalloc|kvmalloc)$";
expression E;
type T;
@@
T H(...) { return allocfn(E); }

@f5 depends on patch exists@
identifier h1.H, fld, ops_name, st;
type T;
expression dv, E;
expression list args;
position pa, pi;
@@
  T st@pa = H(args);
  ... when != dv = E
      when != ops_name = E
  vfio_init_group_dev@pi(&st->fld, dv, &ops_name);

@script:python t5@
t << f5.T; tag;
@@
bind.tag_or_drop(coccinelle, cocci, t, r"\s*\*")

@a5 depends on patch@
identifier h1.H, f5.fld, f5.ops_name, f5.st, t5.tag;
type f5.T;
expression f5.dv;
expression list args;
position f5.pa, f5.pi;
identifier freefn =~ "^(kfree|kvfree|vfree)$";
@@
- T st@pa = H(args);
+ T st = vfio_alloc_device(tag, fld, dv, &ops_name);
  <...
- freefn(st);
+ vfio_put_device(&st->fld);
  ...>
- vfio_init_group_dev@pi(&st->fld, dv, &ops_name);

// F6: the same helper, assigned: st = helper(...);
@f6 depends on patch exists@
identifier h1.H, fld, ops_name;
identifier tag;
idexpression struct tag *st;
expression dv, E;
expression list args;
position pa, pi;
@@
  st = H@pa(args);
  ... when != dv = E
      when != ops_name = E
  vfio_init_group_dev@pi(&st->fld, dv, &ops_name);

@a6 depends on patch@
identifier h1.H, f6.fld, f6.ops_name;
identifier f6.tag;
idexpression struct tag *f6.st;
expression f6.dv;
expression list args;
position f6.pa, f6.pi;
identifier freefn =~ "^(kfree|kvfree|vfree)$";
@@
- st = H@pa(args);
+ st = vfio_alloc_device(tag, fld, dv, &ops_name);
  <...
- freefn(st);
+ vfio_put_device(&st->fld);
  ...>
- vfio_init_group_dev@pi(&st->fld, dv, &ops_name);

@hused depends on a5 || a6@
identifier h1.H;
@@
  H(...)

@depends on (a5 || a6) && !hused@
identifier h1.H, h1.allocfn;
expression E;
type T;
@@
- T H(...) { return allocfn(E); }

@nullcheck2 depends on a5@
type T;
identifier st;
expression list args;
statement S1;
@@
  T st = vfio_alloc_device(args);
  ... when != st
  if (
- \(!st\|st == NULL\|NULL == st\)
+ IS_ERR(st)
  ) S1

@errno2 depends on a5@
type T;
identifier st;
expression list args;
@@
  T st = vfio_alloc_device(args);
  ...
  if (IS_ERR(st)) {
  <...
- -ENOMEM
+ PTR_ERR(st)
  ...>
  }

// The allocation now fails with an ERR_PTR, never NULL.
@nullcheck depends on patch@
idexpression st;
expression list args;
statement S1;
@@
  st = vfio_alloc_device(args);
  if (
- \(!st\|st == NULL\|NULL == st\)
+ IS_ERR(st)
  ) S1

@errno depends on patch@
idexpression st;
expression list args;
@@
  st = vfio_alloc_device(args);
  if (IS_ERR(st)) {
  <...
- -ENOMEM
+ PTR_ERR(st)
  ...>
  }

// ----------------------------------------------------------------------
// uninit + free -> vfio_put_device().  The put takes the free's place, so
// whatever the driver still did with the state in between stays valid.

@u1 depends on patch@
expression X, E;
identifier fld;
identifier freefn =~ "^(kfree|kvfree|vfree)$";
@@
- vfio_uninit_group_dev(&X->fld);
  ... when != X = E
- freefn(X);
+ vfio_put_device(&X->fld);

@u2 depends on patch@
expression X, E;
identifier fld;
identifier freefn =~ "^(kfree|kvfree|vfree)$";
@@
- vfio_pci_core_uninit_device(&X->fld);
  ... when != X = E
- freefn(X);
+ vfio_put_device(&X->fld.vdev);

@u3 depends on patch@
expression X, E;
identifier freefn =~ "^(kfree|kvfree|vfree)$";
@@
- vfio_pci_core_uninit_device(X);
  ... when != X = E
- freefn(X);
+ vfio_put_device(&X->vdev);

// ----------------------------------------------------------------------
// A structure the driver does not allocate (it belongs to a parent, which
// frees it): vfio_init_device() instead, a put where the uninit was, and
// an @release that frees nothing.  Only on a 6.1 target: from 6.2 the core
// frees every vfio_device itself, so such a driver must be restructured.
// vfio_init_device() can fail; its failure skips the put (there is no
// device to put yet) but runs the rest of the unwind, from a new label.
//
// Once the vfio_device has a struct device, the last reference can outlive
// vfio_put_device() (a sysfs reader, DEBUG_KOBJECT_RELEASE), while the
// parent may reuse the structure (the next probe) or free it as soon as
// remove returns.  So @release signals a completion in the structure and
// every put waits for it: after the wait nothing refers to the structure.
// The completion is a new member next to the vfio_device; when the
// structure is defined in a header the runner adds it there
// (cocci/vfio_parent_field.cocci, from the PARENT-FIELD line).
// The python rule also says whether anything is left for @init/@release
// to own (PARENT-LEVEL): the registration failure undoes nothing but the
// put, and remove tears nothing down between unregister and put.

@f4 depends on patch && !core_frees exists@
identifier fn, fld, ops_name;
expression X, dv, E, E1;
identifier allocfn =~ "^(kzalloc|kvzalloc|vzalloc|kmalloc|kvmalloc)$";
identifier L;
position pi;
@@
fn(...) {
  ... when != X = allocfn(...)
  vfio_init_group_dev@pi(&X->fld, dv, &ops_name);
  ...
  E = \(vfio_register_group_dev\|vfio_register_emulated_iommu_dev\)(&X->fld);
  if (E1)
    goto L;
  ...
}

// the structure's type names it in @release and in its definition
@t4t depends on f4@
identifier f4.fld, f4.ops_name, tag;
struct tag *X4;
expression dv;
@@
  vfio_init_group_dev(&X4->fld, dv, &ops_name);

// The names of the rules below, which add the new label first: a goto to
// a label that does not exist yet would leave the function without a
// control-flow graph for later rules.
@script:python t4@
ops << f4.ops_name; fn << f4.fn; L << f4.L; X << f4.X; fld << f4.fld; pi << f4.pi;
tag << t4t.tag;
lbl; relfn; cname; var;
@@
bind.set_idents(coccinelle, cocci, parent.names(ops, L, X, fld))
print(parent.lines(tag, fld, fn, L, pi[0].file))

@a4b depends on f4@
identifier f4.fld, f4.L, t4.lbl, t4.cname;
expression f4.X;
@@
  L:
- vfio_uninit_group_dev(&X->fld);
+ vfio_put_device(&X->fld);
+ wait_for_completion(&X->cname);
+ lbl:

@a4 depends on a4b@
identifier f4.fld, f4.ops_name, t4.lbl, t4.cname;
expression f4.X, f4.dv, f4.E;
@@
- vfio_init_group_dev(&X->fld, dv, &ops_name);
+ init_completion(&X->cname);
+ E = vfio_init_device(&X->fld, dv, &ops_name);
+ if (E)
+	goto lbl;

@u4 depends on a4@
expression X;
identifier f4.fld, t4.cname;
@@
- vfio_uninit_group_dev(&X->fld);
+ vfio_put_device(&X->fld);
+ wait_for_completion(&X->cname);

@depends on a4@
identifier f4.ops_name, f4.fld, t4.relfn, t4.cname, t4.var, t4t.tag;
@@
+static void relfn(struct vfio_device *vdev)
+{
+	struct tag *var = container_of(vdev, struct tag, fld);
+
+	/*
+	 * The structure belongs to the parent, which frees or reuses it once
+	 * the put in remove returns; the put waits for this.
+	 */
+	complete(&var->cname);
+}
+
  struct vfio_device_ops ops_name = {
  ...,
+ .release = relfn,
  };

// the completion lives next to the vfio_device (when the structure is
// defined in this file; otherwise the runner adds it to the header)
@depends on a4@
identifier t4t.tag, f4.fld, t4.cname;
@@
  struct tag {
  ...
  struct vfio_device fld;
+ struct completion cname;
  ...
  };

// A block left with the put alone loses its braces (kernel style).
@depends on patch@
expression C, X;
@@
- if (C) {
- vfio_put_device(X);
- }
+ if (C)
+	vfio_put_device(X);

// ----------------------------------------------------------------------
// The ops: who frees the object.

@r1 depends on patch && !core_frees@
identifier ops_name = {f1.ops_name, f5.ops_name, f6.ops_name, f7.ops_name};
@@
  struct vfio_device_ops ops_name = {
  ...,
+ .release = vfio_free_device,
  };

@r1v depends on a1v && !core_frees@
identifier ops_name = f1v_set.N;
@@
  struct vfio_device_ops ops_name = {
  ...,
+ .release = vfio_free_device,
  };

@r2 depends on patch@
identifier ops_name = {f2.ops_name, f3.ops_name};
@@
  struct vfio_device_ops ops_name = {
  ...,
+ .init = vfio_pci_core_init_dev,
+ .release = vfio_pci_core_release_dev,
  };

// ----------------------------------------------------------------------
// vfio_alloc_device() needs the vfio_device (or the core device that embeds
// it) at offset 0 of the driver's structure.

@m1 depends on patch@
identifier f1.tag, f1.fld;
@@
  struct tag {
+ struct vfio_device fld;
  ...
- struct vfio_device fld;
  ...
  };

@m1v depends on a1v@
identifier f1v.tag, f1v.fld;
@@
  struct tag {
+ struct vfio_device fld;
  ...
- struct vfio_device fld;
  ...
  };

@m5 depends on patch@
identifier tag = {t5.tag, f6.tag};
identifier fld = {f5.fld, f6.fld};
@@
  struct tag {
+ struct vfio_device fld;
  ...
- struct vfio_device fld;
  ...
  };

@m2 depends on patch@
identifier f2.tag, f2.fld;
@@
  struct tag {
+ struct vfio_pci_core_device fld;
  ...
- struct vfio_pci_core_device fld;
  ...
  };

// ----------------------------------------------------------------------
// report / context / org: list the old-form sites.

@depends on context@
expression list args;
@@
(
* vfio_init_group_dev(args)
|
* vfio_uninit_group_dev(args)
|
* vfio_pci_core_init_device(args)
|
* vfio_pci_core_uninit_device(args)
)

@old depends on report || org@
expression list args;
position p;
@@
(
  vfio_init_group_dev@p(args)
|
  vfio_uninit_group_dev@p(args)
|
  vfio_pci_core_init_device@p(args)
|
  vfio_pci_core_uninit_device@p(args)
)

// report: why a site was left in the old form (lclib/report.py says which
// reasons a shape claims).

@script:python depends on report@
p << old.p;
@@
coccilib.report.print_report(p[0], "old vfio life cycle: convert to vfio_alloc_device()/vfio_put_device()")

@script:python depends on org@
p << old.p;
@@
coccilib.org.print_todo(p[0], "old vfio life cycle")

@why_helper depends on report exists@
identifier H, fld;
idexpression st;
expression list args;
position ph, p;
@@
  st = H@ph(args);
  ...
  vfio_init_group_dev@p(&st->fld, ...);

@script:python depends on report@
p << why_helper.p; H << why_helper.H;
@@
WHY.helper(p, H)

@why_helper_decl depends on report exists@
identifier H, fld, st;
type T;
expression list args;
position p;
@@
  T st = H(args);
  ...
  vfio_init_group_dev@p(&st->fld, ...);

@script:python depends on report@
p << why_helper_decl.p; H << why_helper_decl.H;
@@
WHY.helper(p, H)

@why_devm depends on report exists@
identifier fld;
expression st, dv;
identifier devmfn =~ "^devm_(kzalloc|kmalloc|kcalloc)$";
expression list args;
position pa, p;
@@
  st = devmfn@pa(args);
  ...
  vfio_init_group_dev@p(&st->fld, dv, ...);

@script:python depends on report && core_frees@
p << why_devm.p; pa << why_devm.pa;
@@
WHY.devm(p, pa, True)

@script:python depends on report && !core_frees@
p << why_devm.p; pa << why_devm.pa;
@@
WHY.devm(p, pa, False)

@why_bare depends on report exists@
struct vfio_device *v;
identifier allocfn =~ "^(kzalloc|kvzalloc|vzalloc|kmalloc|kvmalloc)$";
expression list args;
position pa, p;
@@
  v = allocfn@pa(args);
  ...
  vfio_init_group_dev@p(v, ...);

@script:python depends on report@
p << why_bare.p; pa << why_bare.pa; v << why_bare.v;
@@
WHY.bare(p, pa, v)

@why_wrap depends on report@
identifier W;
position p;
@@
W(...) {
  <+...
  \(vfio_init_group_dev@p(...)\|vfio_uninit_group_dev@p(...)\|vfio_pci_core_init_device@p(...)\|vfio_pci_core_uninit_device@p(...)\)
  ...+>
}

@script:python depends on report@
p << why_wrap.p; W << why_wrap.W;
@@
WHY.wrapper(p, W)

@why_param depends on report@
identifier fn, X, fld;
type T;
expression list args;
position p;
@@
fn(..., T *X, ...) {
  <...
  vfio_init_group_dev@p(&X->fld, args);
  ...>
}

@script:python depends on report@
p << why_param.p; X << why_param.X;
@@
WHY.param(p, X)

@why_ops depends on report@
expression X, dv;
identifier o;
position p;
@@
\(vfio_pci_core_init_device@p(X, dv, &o)\|vfio_init_group_dev@p(X, dv, &o)\)

@script:python depends on report@
p << why_ops.p; o << why_ops.o;
@@
WHY.ops_chosen(p, o)

@why_free depends on report@
expression X, E;
identifier fld;
position p;
@@
  vfio_init_group_dev@p(&X->fld, E, ...);
  ... when != vfio_uninit_group_dev(&X->fld)

@script:python depends on report@
p << why_free.p;
@@
WHY.no_uninit(p)

@why_owned depends on report && core_frees exists@
identifier fn, fld;
expression X, dv, E;
identifier allocfn =~ "^(kzalloc|kvzalloc|vzalloc|kmalloc|kvmalloc)$";
position p;
@@
fn(...) {
  ... when != X = allocfn(...)
  vfio_init_group_dev@p(&X->fld, dv, ...);
  ...
  E = \(vfio_register_group_dev\|vfio_register_emulated_iommu_dev\)(&X->fld);
  ...
}

// After this one: a vfio-pci-core device the function does not allocate
// (a parent owns the structure that embeds it): the core helpers of
// @release free the object, and there is no pci-core form of
// vfio_init_device() to keep it.
@script:python depends on report@
p << why_owned.p;
@@
WHY.owned(p)

@why_pci_owned depends on report exists@
identifier fn, fld;
expression X, dv, ops;
identifier allocfn =~ "^(kzalloc|kvzalloc|vzalloc|kmalloc|kvmalloc|devm_kzalloc)$";
position p;
@@
fn(...) {
  ... when != X = allocfn(...)
  vfio_pci_core_init_device@p(&X->fld, dv, ops);
  ...
}

@script:python depends on report@
p << why_pci_owned.p;
@@
WHY.pci_owned(p)
