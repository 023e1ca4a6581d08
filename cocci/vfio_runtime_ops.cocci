// SPDX-License-Identifier: GPL-2.0-only
/// Ops chosen at run time: one function allocates the state, then calls
/// the old init (vfio_init_group_dev() or vfio_pci_core_init_device())
/// on two paths with two different ops.  vfio_alloc_device() takes the
/// ops, so the choice must come before the allocation:
///
///   if (C) INIT(&st->f, d, &a); else INIT(&st->f, d, &b);
/// (C does not read the state) becomes an ops variable set by C and one
/// vfio_alloc_device(..., ops);
///
///   ret = setup(st, ...); if (!ret) { INIT(&st->f, d, &a); S }
///   else { W; INIT(&st->f, d, &b); }     (maybe under "if (C) {...}
///   else INIT(&st->f, d, &b);")
/// becomes an @init of a that runs setup() and S (chaining to
/// vfio_pci_core_init_dev() for pci-core), and a probe that allocates
/// with a and, when that fails, runs W and allocates with b.
///
/// Both ops get their @init/@release, uninit + kfree become
/// vfio_put_device().  The whole file is converted here (stages 1-3 do
/// not apply); any other variant prints RTOPS-REFUSED with the line.
/// Logic: lclib/rtops.py.  The converted file goes to $LC_RTOPS_OUT;
/// $LC_RTOPS_CORE_FREES=1 for a 6.2+ target.
//
// Confidence: Moderate
// Copyright: (C) 2026 vfio-lifecycle contributors
// Comments: written for vfio-lifecycle; no driver is named in the rules
// Options: --no-includes --include-headers

virtual report

@initialize:python@
@@
from lclib import rtops
SITES = {}

@r@
identifier fn;
identifier initfn =~ "^(vfio_init_group_dev|vfio_pci_core_init_device)$";
expression E, D, O;
position p;
@@
fn(...) {
  <+...
  initfn@p(E, D, O)
  ...+>
}

@script:python@
fn << r.fn;
O << r.O;
p << r.p;
@@
SITES.setdefault((p[0].file, fn), []).append((int(p[0].line), O))

@finalize:python@
@@
for line in rtops.run(SITES):
    print(line)
