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
// vfio_alloc_device() takes the structure's tag, not its type: a python
// rule strips "struct ".

@f1 depends on patch exists@
type T;
idexpression T *st;
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

@script:python t1@
t << f1.T;
tag;
@@
import re
m = re.match(r"^struct\s+(\w+)$", t.strip())
if m:
	coccinelle.tag = cocci.make_ident(m.group(1))
else:
	cocci.include_match(False)

@a1 depends on patch@
type f1.T;
idexpression T *f1.st;
identifier f1.fld, f1.ops_name, f1.allocfn, t1.tag;
expression f1.dv, sz;
expression list args;
position f1.pa, f1.pi;
@@
- st = allocfn@pa(sz, args);
+ st = vfio_alloc_device(tag, fld, dv, &ops_name);
  ...
- vfio_init_group_dev@pi(&st->fld, dv, &ops_name);

@f2 depends on patch exists@
type T;
idexpression T *st;
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

@script:python t2@
t << f2.T;
tag;
@@
import re
m = re.match(r"^struct\s+(\w+)$", t.strip())
if m:
	coccinelle.tag = cocci.make_ident(m.group(1))
else:
	cocci.include_match(False)

@a2 depends on patch@
type f2.T;
idexpression T *f2.st;
identifier f2.fld, f2.ops_name, f2.allocfn, t2.tag;
expression f2.dv, sz;
expression list args;
position f2.pa, f2.pi;
@@
- st = allocfn@pa(sz, args);
+ st = vfio_alloc_device(tag, fld.vdev, &dv->dev, &ops_name);
  ...
- vfio_pci_core_init_device@pi(&st->fld, dv, &ops_name);

@f3 depends on patch exists@
type T;
idexpression T *st;
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

@script:python t3@
t << f3.T;
tag;
@@
import re
m = re.match(r"^struct\s+(\w+)$", t.strip())
if m:
	coccinelle.tag = cocci.make_ident(m.group(1))
else:
	cocci.include_match(False)

@a3 depends on patch@
type f3.T;
idexpression T *f3.st;
identifier f3.ops_name, f3.allocfn, t3.tag;
expression f3.dv, sz;
expression list args;
position f3.pa, f3.pi;
@@
- st = allocfn@pa(sz, args);
+ st = vfio_alloc_device(tag, vdev, &dv->dev, &ops_name);
  ...
- vfio_pci_core_init_device@pi(st, dv, &ops_name);

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
// The ops: who frees the object.

@r1 depends on patch && !core_frees@
identifier f1.ops_name;
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
identifier t1.tag, f1.fld;
@@
  struct tag {
+ struct vfio_device fld;
  ...
- struct vfio_device fld;
  ...
  };

@m2 depends on patch@
identifier t2.tag, f2.fld;
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

@script:python depends on report@
p << old.p;
@@
coccilib.report.print_report(p[0], "old vfio life cycle: convert to vfio_alloc_device()/vfio_put_device()")

@script:python depends on org@
p << old.p;
@@
coccilib.org.print_todo(p[0], "old vfio life cycle")
