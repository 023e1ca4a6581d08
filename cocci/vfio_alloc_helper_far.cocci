// SPDX-License-Identifier: GPL-2.0-only
/// Pre-stage of the conversion, across files: the state is allocated by a
/// function of another file of the driver (directly, or one call deeper),
/// which returns it (NULL or ERR_PTR() on failure); the converted file
/// initialises its vfio_device right after checking the result, and frees
/// it through a destroy function of that other file.  Run once per role,
/// the functions named by the runner (lifecycle/convert/helper_far.py, from
/// the plan of lclib/allochelper_far.py) with -D:
///
///   -D far_alloc -D fn=F -D st=S   F allocates S: it sets up the S it is
///        given and returns 0 or -errno (NULL -> -ENOMEM, ERR_PTR(e) -> e,
///        S -> 0; its allocation, the check of it and its frees go)
///   -D far_pass -D fn=F -D next=N -D st=S   F returns what N returns: it
///        passes its new S on to N and returns N's error code
///   -D far_proto -D fn=F -D st=S   the prototype of F (a header) follows
///   -D far_destroy -D fn=D         D's last statement, the free of its
///        parameter, goes
///   -D far_member -D tag=T -D fld=F   struct T (a header) gets its
///        vfio_device F first: vfio_alloc_device() needs it at offset 0
///   -D far_caller -D fn=C [-D dfn=D]   the converted file: the ordinary
///        old form (kzalloc, init, ret = C(st, ...); a free after each
///        call of D), which the later stages convert
///
/// The program is the same: the state is allocated a few statements
/// earlier, before anything of the chain runs, and freed at the same
/// points.  lclib/allochelper_far.py checks each result; the runner keeps
/// the inputs and reports why when a check fails.
//
// Confidence: Moderate
// Copyright: (C) 2026 vfio-lifecycle contributors
// Comments: written for vfio-lifecycle; no driver is named in the rules
// Options: --no-includes --include-headers

virtual far_alloc
virtual far_pass
virtual far_proto
virtual far_destroy
virtual far_member
virtual far_caller

// ------------------------------------------------ the allocating function
@a_find depends on far_alloc@
identifier virtual.fn, st, tag;
identifier allocfn =~ "^(kzalloc|kvzalloc|vzalloc|kmalloc|kvmalloc)$";
expression list args;
@@
  struct tag *fn(...) {
  ... when any
  struct tag *st;
  ... when any
  st = allocfn(args);
  ... when any
  }

@a_sig0 depends on a_find@
identifier virtual.fn, a_find.st, a_find.tag;
@@
- struct tag *
+ int
  fn(
- void
+ struct tag *st
  ) {...}

@a_sig depends on a_find && !a_sig0@
identifier virtual.fn, a_find.st, a_find.tag;
parameter list ps;
@@
- struct tag *
+ int
  fn(
+ struct tag *st,
  ps) {...}

@a_body depends on a_find@
identifier virtual.fn, a_find.st, a_find.tag, a_find.allocfn;
expression list a_find.args;
@@
  fn(...) {
  ...
- struct tag *st;
  ...
- st = allocfn(args);
- if (\(!st\|st == NULL\)) \(return NULL;\|return ERR_PTR(-ENOMEM);\)
  ...
  }

@a_free depends on a_find@
identifier virtual.fn, a_find.st;
identifier freefn =~ "^(kfree|kvfree|vfree)$";
@@
  fn(...) {
  <...
- freefn(st);
  return ...;
  ...>
  }

@a_ret depends on a_find@
identifier virtual.fn, a_find.st;
expression E;
@@
  fn(...) {
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

// ------------------------------------- a function returning the next one's
@p_find depends on far_pass@
identifier virtual.fn, virtual.next, st, tag;
expression list args;
@@
  struct tag *fn(...) {
  ... when any
  struct tag *st;
  ... when any
  st = next(args);
  ... when any
  }

@p_sig depends on p_find@
identifier virtual.fn, p_find.st, p_find.tag;
parameter list ps;
@@
- struct tag *
+ int
  fn(
+ struct tag *st,
  ps) {...}

@p_body depends on p_find@
identifier virtual.fn, virtual.next, p_find.st, p_find.tag;
expression list p_find.args;
@@
  fn(...) {
  ...
- struct tag *st;
+ int ret;
  ...
- st = next(args);
+ ret = next(st, args);
  ...
  }

@p_uses depends on p_body@
identifier virtual.fn, p_find.st;
@@
  fn(...) {
  <...
(
- !IS_ERR(st)
+ !ret
|
- IS_ERR(st)
+ ret
|
- PTR_ERR(st)
+ ret
|
- IS_ERR_OR_NULL(st)
+ ret
|
- st == NULL
+ ret
|
- st != NULL
+ !ret
)
  ...>
  }

@p_ret depends on p_body@
identifier virtual.fn, p_find.st;
@@
  fn(...) {
  <...
- return st;
+ return ret;
  ...>
  }

// the same, returning the next one's call (no local: the state takes the
// allocating function's name, -D st=S)
@p_find2 depends on far_pass && !p_find@
identifier virtual.fn, virtual.next, tag;
expression list args;
@@
  struct tag *fn(...) {
  <+...
  return next(args);
  ...+>
  }

@p_sig2 depends on p_find2@
identifier virtual.fn, virtual.st, p_find2.tag;
parameter list ps;
@@
- struct tag *
+ int
  fn(
+ struct tag *st,
  ps) {...}

@p_call2 depends on p_find2@
identifier virtual.fn, virtual.next, virtual.st;
expression list args;
@@
  fn(...) {
  <...
  return next(
+ st,
  args);
  ...>
  }

// a failure of its own: the error code itself
@p_err depends on p_find || p_find2@
identifier virtual.fn;
expression E;
@@
  fn(...) {
  <...
(
- return ERR_PTR(E);
+ return E;
|
- return NULL;
+ return -ENOMEM;
)
  ...>
  }

// ------------------------------------------------------------ prototypes
@r_proto depends on far_proto@
identifier virtual.fn, virtual.st, tag;
parameter list ps;
@@
- struct tag *fn(ps);
+ int fn(struct tag *st, ps);

// --------------------------------------------------- the destroy function
@d_fn depends on far_destroy@
identifier virtual.fn, p, tag;
identifier freefn =~ "^(kfree|kvfree|vfree)$";
@@
  void fn(struct tag *p) {
  ...
- freefn(p);
  }

// ------------------------------------------- the structure (in a header)
@depends on far_member@
identifier virtual.tag, virtual.fld;
@@
  struct tag {
+ struct vfio_device fld;
  ...
- struct vfio_device fld;
  ...
  };

// -------------------------------------------------------- the caller file
@has_uninit depends on far_caller@
expression e;
@@
  vfio_uninit_group_dev(e)

@c_call depends on far_caller exists@
identifier virtual.fn, fld, ops_name;
expression x, dv, ret;
expression list hargs;
statement S;
@@
  x = fn(hargs);
  if (\(!x\|x == NULL\|IS_ERR(x)\)) S
  vfio_init_group_dev(&x->fld, dv, &ops_name);
  ... when != ret
  ret = \(vfio_register_group_dev\|vfio_register_emulated_iommu_dev\)(&x->fld);

@c_new depends on c_call && has_uninit@
identifier virtual.fn, c_call.fld, c_call.ops_name;
expression c_call.x, c_call.dv, c_call.ret;
expression list c_call.hargs;
statement c_call.S;
@@
- x = fn(hargs);
- if (\(!x\|x == NULL\|IS_ERR(x)\)) S
+ x = kzalloc(sizeof(*x), GFP_KERNEL);
+ if (!x)
+	return -ENOMEM;
  vfio_init_group_dev(&x->fld, dv, &ops_name);
+ ret = fn(x, hargs);
+ if (ret) {
+	vfio_uninit_group_dev(&x->fld);
+	kfree(x);
+	return ret;
+ }

// no uninit anywhere: the file's frees stand for it (the pre-uninit
// stage of the conversion places it)
@c_new0 depends on c_call && !has_uninit@
identifier virtual.fn, c_call.fld, c_call.ops_name;
expression c_call.x, c_call.dv, c_call.ret;
expression list c_call.hargs;
statement c_call.S;
@@
- x = fn(hargs);
- if (\(!x\|x == NULL\|IS_ERR(x)\)) S
+ x = kzalloc(sizeof(*x), GFP_KERNEL);
+ if (!x)
+	return -ENOMEM;
  vfio_init_group_dev(&x->fld, dv, &ops_name);
+ ret = fn(x, hargs);
+ if (ret) {
+	kfree(x);
+	return ret;
+ }

@c_destroy depends on far_caller && c_call@
identifier virtual.dfn;
expression a;
@@
  dfn(a);
+ kfree(a);
