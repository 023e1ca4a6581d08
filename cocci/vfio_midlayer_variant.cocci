// SPDX-License-Identifier: GPL-2.0-only
/// A caller of a mid-layer library (cocci/vfio_midlayer_lib.cocci split
/// the library): rewrite it into the ordinary old form, so that the usual
/// stages convert it (cocci/vfio_alloc_device.cocci, then
/// cocci/vfio_init_release.cocci with the library's register/unregister
/// helpers named in LC_LIFT_REGISTER/LC_LIFT_UNREGISTER).  What the
/// library did inside its helpers is spelled out where it happened:
///
///   st = kzalloc(..);                    st = kzalloc(..);
///   FILL;                                FILL;
///   ret = M(st, dev);              ->    vfio_init_group_dev(&st->F, dev, &P_ops);
///   if (ret) FAIL                        ret = M_init_common(st);
///                                        if (ret) FAIL
///                                        ret = M(st, dev);
///                                        if (ret) { MR_release_common(st); FAIL }
///   MR(st); ...; kfree(st);        ->    MR(st); MR_release_common(st); ...;
///                                        vfio_uninit_group_dev(&st->F); kfree(st);
///
/// with a vfio_uninit_group_dev() before every free of the state that
/// follows the init, and the ops the library had (P_ops, named after the
/// probe function) defined here.  The names come from the library's
/// manifest: LC_MID_PROBE, LC_MID_REMOVE, LC_MID_INITC, LC_MID_RELC,
/// LC_MID_FLD, LC_MID_OPS (the ops entries, one per line).  This stage
/// alone is no conversion; the runner never keeps its output as is.
//
// Confidence: Moderate
// Copyright: (C) 2026 vfio-lifecycle contributors
// Comments: written for vfio-lifecycle; no driver is named in the rules
// Options: --no-includes --include-headers

virtual patch

@script:python names@
mprobe;
mremove;
initc;
relc;
fld;
@@
import os
NONE = "__lc_nothing_here__"
def env(n):
	return cocci.make_ident(os.environ.get(n) or NONE)
coccinelle.mprobe = env("LC_MID_PROBE")
coccinelle.mremove = env("LC_MID_REMOVE")
coccinelle.initc = env("LC_MID_INITC")
coccinelle.relc = env("LC_MID_RELC")
coccinelle.fld = env("LC_MID_FLD")

@vp depends on patch exists@
identifier names.mprobe;
identifier P;
idexpression st;
expression d, ret;
identifier allocfn =~ "^(kzalloc|kvzalloc|vzalloc|kmalloc|kvmalloc)$";
expression list args;
@@
P(...) {
  ...
  st = allocfn(args);
  ...
  ret = mprobe(st, d);
  ...
}

@script:python nm@
P << vp.P;
ops;
opsbody;
@@
import os, re
name = re.sub(r"_probe$", "", P) + "_ops"
entries = [e.strip() for e in os.environ.get("LC_MID_OPS", "").split("\n") if e.strip()]
# entries keep the library layout: name, tabs, "= value"
lines = ["\t" + e + "," for e in entries]
coccinelle.ops = cocci.make_ident(name)
coccinelle.opsbody = cocci.make_ident("\n".join(lines).lstrip("\t").rstrip(","))

// The library's initialisation, spelled out before the call.
@ex depends on vp@
identifier names.mprobe, names.initc, names.fld, nm.ops;
idexpression vp.st;
expression vp.d, vp.ret, E;
statement S;
@@
+ vfio_init_group_dev(&st->fld, d, &ops);
+ ret = initc(st);
+ if (ret)
+	S
  ret = mprobe(st, d);
  if (E) S

// A failed registration undoes what the library set up.
@depends on ex@
identifier names.mprobe, names.relc;
idexpression vp.st;
expression vp.d, vp.ret, E;
statement S;
@@
  ret = mprobe(st, d);
(
  if (E) {
+ relc(st);
  ...
  }
|
- if (E) S
+ if (E) {
+	relc(st);
+	S
+ }
)

// Every free of the state after the init now needs the uninit before it.
@depends on ex@
identifier names.fld, nm.ops;
idexpression vp.st;
expression vp.d;
identifier freefn =~ "^(kfree|kvfree|vfree)$";
@@
  vfio_init_group_dev(&st->fld, d, &ops);
  <...
+ vfio_uninit_group_dev(&st->fld);
  freefn(st);
  ...>

// remove(): the library's tear-down, then the uninit before the free.
@rm depends on ex exists@
identifier names.mremove, names.relc, names.fld;
expression X;
identifier freefn =~ "^(kfree|kvfree|vfree)$";
@@
  mremove(X);
+ relc(X);
  ...
+ vfio_uninit_group_dev(&X->fld);
  freefn(X);

// The ops the library had, now this driver's own.
@depends on ex@
identifier vp.P, nm.ops, nm.opsbody;
@@
+static const struct vfio_device_ops ops = {
+	opsbody,
+};
+
  P(...) {...}
