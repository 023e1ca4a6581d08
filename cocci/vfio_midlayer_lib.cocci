// SPDX-License-Identifier: GPL-2.0-only
/// Idiomatic level for a mid-layer library: a function that initialises a
/// vfio_device its callers allocated (they pass the state in), sets it up
/// and registers it, and its remove counterpart:
///
///   int M(T *st, struct device *dev)       void MR(T *st)
///   {                                      {
///     vfio_init_group_dev(&st->F, dev, &O);  vfio_unregister_group_dev(..);
///     SETUP;                                 TEARDOWN_B; TEARDOWN_A;
///     ret = vfio_register_group_dev(..);     vfio_uninit_group_dev(&st->F);
///     if (ret) goto undo;                  }
///     AFTER; return 0;
///   undo: UNDO_A; vfio_uninit_group_dev(&st->F); return ret;
///   }
///
/// becomes two exported helpers for the callers @init/@release,
///   M_init_common(st):  SETUP with its own unwind (UNDO_A), dev found
///                       again as st->F.dev
///   MR_release_common(st): TEARDOWN_A (what the registration failure
///                       undid, said the same way in MR)
/// while M keeps the registration and AFTER, MR the unregistration and
/// TEARDOWN_B.  The ops O move to the callers (each needs its own @init and
/// @release): O is removed here, its callbacks lose "static" and are
/// exported.  The runner gets a manifest on stdout (MIDLAYER:, MID-OPS:,
/// MID-PROTO: lines) to rewrite the header and the callers
/// (cocci/vfio_midlayer_variant.cocci).  Refused (MIDLAYER-REFUSED: why,
/// nothing written) unless the split is provably the same program.
/// The analysis is cocci/lclib/midlayer.py (PYTHONPATH=<repo>/cocci).
//
// Confidence: Moderate
// Copyright: (C) 2026 vfio-lifecycle contributors
// Comments: written for vfio-lifecycle; no driver is named in the rules
// Options: --no-includes --include-headers

virtual patch
virtual report

@initialize:python@
@@
# The analysis lives in cocci/lclib/midlayer.py (PYTHONPATH has cocci/).
from lclib.text import at
from lclib import midlayer
PLAN = {}

// ----------------------------------------------------------------------
// The mid-layer pair.

@mp depends on patch exists@
identifier M, st, dev, F, OPS;
type T;
expression E;
position pi, preg;
@@
M(T *st, struct device *dev) {
  ...
  vfio_init_group_dev@pi(&st->F, dev, &OPS);
  ...
  E = \(vfio_register_group_dev@preg\|vfio_register_emulated_iommu_dev@preg\)(&st->F);
  ...
}

@mr depends on mp exists@
identifier MR, st2;
type mp.T;
identifier mp.F;
position pun, pu;
@@
MR(T *st2) {
  ...
  vfio_unregister_group_dev@pun(&st2->F);
  ...
  vfio_uninit_group_dev@pu(&st2->F);
  ...
}

// The statements of M and MR come from the text (statement metavariables
// over every function of a big library take minutes in spatch 1.1.1).

// ----------------------------------------------------------------------
// The plan.

@script:python an@
M << mp.M;
MR << mr.MR;
st << mp.st;
st2 << mr.st2;
dev << mp.dev;
F << mp.F;
OPS << mp.OPS;
T << mp.T;
pi << mp.pi;
preg << mp.preg;
pun << mr.pun;
pu << mr.pu;
@@
p = midlayer.split(M, MR, st, st2, dev, F, OPS, T, pi[0].file, at(pi[0]), at(preg[0]),
		  at(pun[0]), at(pu[0]))
if p is None:
	cocci.include_match(False)
else:
	PLAN.update(p)

@script:python mk depends on an@
bi;
bm;
br;
brel;
initc;
relc;
ex;
noex;
@@
NONE = "__lc_nothing_here__"
coccinelle.bi = cocci.make_ident(PLAN["body_i"].lstrip("\t").rstrip(";"))
coccinelle.bm = cocci.make_ident(PLAN["body_m"].lstrip("\t").rstrip(";"))
coccinelle.br = cocci.make_ident(PLAN["body_r"].lstrip("\t").rstrip(";"))
coccinelle.brel = cocci.make_ident(PLAN["body_rel"].lstrip("\t").rstrip(";"))
coccinelle.initc = cocci.make_ident(PLAN["initc"])
coccinelle.relc = cocci.make_ident(PLAN["relc"])
coccinelle.ex = cocci.make_ident(PLAN["exp"] or NONE)
coccinelle.noex = cocci.make_ident(NONE if PLAN["exp"] else PLAN["M"])

// ----------------------------------------------------------------------
// Carry it out: new bodies first (positions are not needed any more),
// then the two helpers above M, exported the way M is.

@depends on an@
identifier mp.M, mk.bm;
@@
  M(...) {
- ...
+ bm;
  }

@depends on an@
identifier mr.MR, mk.br;
@@
  MR(...) {
- ...
+ br;
  }

@depends on an@
identifier mp.M, mk.bi, mk.brel, mk.initc, mk.relc, mk.ex;
type mp.T;
identifier mp.st;
@@
+int initc(T *st)
+{
+	bi;
+}
+ex(initc);
+
+void relc(T *st)
+{
+	brel;
+}
+ex(relc);
+
  M(...) {...}

@depends on an@
identifier mk.noex, mk.bi, mk.brel, mk.initc, mk.relc;
type mp.T;
identifier mp.st;
@@
+int initc(T *st)
+{
+	bi;
+}
+
+void relc(T *st)
+{
+	brel;
+}
+
  noex(...) {...}

// The ops go to the callers; the callbacks they name are exported.
@opsm depends on an@
identifier mp.OPS;
identifier fld, fn;
@@
struct vfio_device_ops OPS = { ..., .fld = fn, ...};

@depends on an@
identifier opsm.fn;
@@
- static
  fn(...) {...}

@depends on an@
identifier opsm.fn, mk.ex;
@@
  fn(...) {...}
+ ex(fn);

@depends on an@
identifier mp.OPS;
@@
(
- static const struct vfio_device_ops OPS = {...};
|
- const struct vfio_device_ops OPS = {...};
)

// ----------------------------------------------------------------------
// report: a mid-layer (its callers allocate the state).

@rp depends on report exists@
identifier M, st, dev, F, OPS;
type T;
position p;
@@
M(T *st, struct device *dev) {
  ...
  vfio_init_group_dev@p(&st->F, dev, &OPS);
  ...
}

@script:python depends on report@
p << rp.p;
M << rp.M;
@@
coccilib.report.print_report(p[0], "mid-layer %s(): its callers allocate the state; converted together with them" % M)
