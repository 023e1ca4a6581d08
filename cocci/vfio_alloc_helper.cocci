// SPDX-License-Identifier: GPL-2.0-only
/// Pre-stage of the conversion: a static helper of the file allocates the
/// state it returns (NULL or ERR_PTR() on failure, freeing the state on
/// its own failure paths), and its one caller initialises the vfio_device
/// right after checking the result:
///
///   st = helper(args); if (!st) return -ENOMEM;       (or IS_ERR/PTR_ERR)
///   vfio_init_group_dev(&st->fld, dev, &ops);
///
/// is rewritten into the ordinary old form that the later stages convert
/// (the helper standing for set-up done between init and registration):
///
///   st = kzalloc(sizeof(*st), GFP_KERNEL); if (!st) return -ENOMEM;
///   vfio_init_group_dev(&st->fld, dev, &ops);
///   ret = helper(st, args);
///   if (ret) { vfio_uninit_group_dev(&st->fld); kfree(st); return ret; }
///
/// The helper sets up the state it is given and returns 0 or -errno: its
/// allocation, the check of it and its frees of the state go; NULL becomes
/// the caller's -ENOMEM, ERR_PTR(e) becomes e, the state becomes 0.  A
/// destroy counterpart (a function of the file whose last statement frees
/// its parameter of the state's type) stops freeing; each of its calls is
/// followed by the free instead.  The program is the same: the state is
/// allocated a few statements earlier, before anything of the helper ran,
/// and freed at the same points.  lclib/allochelper.py checks the result
/// (every use of the state in the helper went with the rewrite); otherwise
/// the runner keeps the input and reports why (HELPER-REFUSED).
//
// Confidence: Moderate
// Copyright: (C) 2026 vfio-lifecycle contributors
// Comments: written for vfio-lifecycle; no driver is named in the rules
// Options: --no-includes --include-headers

virtual patch

@initialize:python@
@@
from lclib import allochelper

// the helper: a local of the returned type, allocated with its own size
@hdef depends on patch@
identifier H, st, tag;
identifier allocfn =~ "^(kzalloc|kvzalloc|vzalloc|kmalloc|kvmalloc)$";
expression list args;
@@
static struct tag *H(...) {
  ... when any
  struct tag *st;
  ... when any
  st = allocfn(\(sizeof(*st)\|sizeof(struct tag)\), args);
  ... when any
}

// its caller: the check right after the call, the init right after that;
// the registration's result variable takes the helper's result (nothing
// between reads it: it was not set there before)
@call depends on patch exists@
identifier hdef.H, hdef.tag, fld, ops_name;
idexpression struct tag *x;
expression dv, ret;
expression list hargs;
position pc;
@@
(
  x = H@pc(hargs);
  if (!x) return -ENOMEM;
  vfio_init_group_dev(&x->fld, dv, &ops_name);
|
  x = H@pc(hargs);
  if (IS_ERR(x)) return PTR_ERR(x);
  vfio_init_group_dev(&x->fld, dv, &ops_name);
)
  ... when != ret
  ret = \(vfio_register_group_dev\|vfio_register_emulated_iommu_dev\)(&x->fld);

// any other use of the helper (another call, its address): left alone
@other depends on call@
identifier hdef.H;
position p != call.pc;
@@
  H@p

@script:python depends on call && !other@
H << hdef.H; st << hdef.st; pc << call.pc; fld << call.fld;
@@
print("HELPER: %s %s %s %s" % (H, st, pc[0].line, fld))

@a_call depends on call && !other@
identifier hdef.H, hdef.tag, hdef.allocfn, call.fld, call.ops_name;
idexpression struct tag *call.x;
expression call.dv, call.ret;
expression list call.hargs, hdef.args;
position call.pc;
@@
(
- x = H@pc(hargs);
+ x = allocfn(sizeof(*x), args);
  if (!x) return -ENOMEM;
  vfio_init_group_dev(&x->fld, dv, &ops_name);
+ ret = H(x, hargs);
+ if (ret) {
+	vfio_uninit_group_dev(&x->fld);
+	kfree(x);
+	return ret;
+ }
|
- x = H@pc(hargs);
- if (IS_ERR(x)) return PTR_ERR(x);
+ x = allocfn(sizeof(*x), args);
+ if (!x)
+	return -ENOMEM;
  vfio_init_group_dev(&x->fld, dv, &ops_name);
+ ret = H(x, hargs);
+ if (ret) {
+	vfio_uninit_group_dev(&x->fld);
+	kfree(x);
+	return ret;
+ }
)

@a_sig0 depends on a_call@
identifier hdef.H, hdef.tag, hdef.st;
@@
- struct tag *
+ int
  H(
- void
+ struct tag *st
  ) {...}

@a_sig depends on a_call && !a_sig0@
identifier hdef.H, hdef.tag, hdef.st;
parameter list ps;
@@
- struct tag *
+ int
  H(
+ struct tag *st,
  ps) {...}

@a_body depends on a_call@
identifier hdef.H, hdef.tag, hdef.st, hdef.allocfn;
expression list hdef.args;
expression sz;
@@
  H(...) {
  ...
- struct tag *st;
  ...
- st = allocfn(sz, args);
- if (\(!st\|st == NULL\)) \(return NULL;\|return ERR_PTR(-ENOMEM);\)
  ...
  }

@a_free depends on a_call@
identifier hdef.H, hdef.st;
identifier freefn =~ "^(kfree|kvfree|vfree)$";
@@
  H(...) {
  <...
  freefn(st);
- return NULL;
+ return -ENOMEM;
  ...>
  }

@a_free2 depends on a_call@
identifier hdef.H, hdef.st;
identifier freefn =~ "^(kfree|kvfree|vfree)$";
@@
  H(...) {
  <...
- freefn(st);
  return ...;
  ...>
  }

@a_ret depends on a_call@
identifier hdef.H, hdef.st;
expression E;
@@
  H(...) {
  <...
(
- return st;
+ return 0;
|
- return NULL;
+ return -ENOMEM;
|
- return ERR_PTR(E);
+ return E;
)
  ...>
  }

// a label left with a constant return alone: its gotos return, and the
// label goes when nothing jumps to it and the statement before it returns
// (nothing falls through into it)
@lab depends on a_call exists@
identifier hdef.H, L;
@@
  H(...) {
  <+...
  goto L;
  ...+>
  }

@a_goto depends on lab exists@
identifier lab.L;
identifier C =~ "^E[A-Z0-9]+$";
@@
- goto L;
+ return -C;
  ...
  L:
  return -C;

@left depends on a_goto@
identifier lab.L;
@@
  goto L;

@lpos depends on a_goto && !left@
identifier lab.L, a_goto.C;
position p;
@@
  L@p:
  return -C;

@script:python lok@
p << lpos.p;
@@
if not allochelper.after_return(p[0].file, int(p[0].line)):
	cocci.include_match(False)

@depends on lok@
identifier lab.L, a_goto.C;
position lpos.p;
@@
- L@p:
- return -C;

// the destroy counterpart: its last statement frees its parameter of the
// state's type, and it is only called, as a statement (not taken as a
// callback); the callers free after it instead
@dfind depends on a_call@
identifier D, p, hdef.tag;
identifier freefn =~ "^(kfree|kvfree|vfree)$";
@@
  static void D(struct tag *p) {
  ...
  freefn(p);
  }

@dcalls depends on dfind@
identifier dfind.D;
expression a;
position q;
@@
  D@q(a);

@dbad depends on dfind@
identifier dfind.D;
position q != dcalls.q;
@@
  D@q

@dfn depends on dfind && !dbad@
identifier dfind.D, dfind.p, hdef.tag, dfind.freefn;
@@
  static void D(struct tag *p) {
  ...
- freefn(p);
  }

@depends on dfn@
identifier dfind.D, dfind.freefn;
expression a;
@@
  D(a);
+ freefn(a);
