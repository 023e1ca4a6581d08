// SPDX-License-Identifier: GPL-2.0-only
/// Pre-stage of the conversion: a file that calls vfio_init_group_dev()
/// and never vfio_uninit_group_dev() (the API generation before 5.15, or
/// a driver that forgot the uninit) is rewritten into the ordinary old
/// form that the later stages convert:
///
///   vfio_init_group_dev(&st->fld, dev, &ops);   ...  kfree(st);
///   vfio_unregister_group_dev(&st->fld);        ...  kfree(st);
///
/// gain vfio_uninit_group_dev(&st->fld) right before each free of the
/// state that follows the init in its function (its failure paths) or an
/// unregister in any function (remove); the minimal stage then turns
/// uninit + free into vfio_put_device().  The ops the init calls use get
/// the 5.15 names of their callbacks: .open becomes .open_device and
/// .release (the close of the device file, not the life cycle's
/// @release) becomes .close_device, so that no .release is left for the
/// minimal stage to collide with.  The uninit is what the old core
/// expected anyway: before 5.15 it had none, and it freed nothing.
/// lclib/preuninit.py checks the result (every free of the state got its
/// uninit, the state has no alias freed instead, no ops holds both names)
/// and the runner keeps the input otherwise (reason pre-uninit).
//
// Confidence: Moderate
// Copyright: (C) 2026 vfio-lifecycle contributors
// Comments: written for vfio-lifecycle; no driver is named in the rules
// Options: --no-includes --include-headers

virtual patch

// the init calls: the state's vfio_device member and the ops
@init depends on patch@
identifier fld, ops_name;
expression x, dv;
@@
  vfio_init_group_dev(&x->fld, dv, &ops_name);

// a free that has its uninit already (a copy another pre-stage wrote)
@done depends on init@
identifier init.fld;
expression y;
identifier freefn =~ "^(kfree|kvfree|vfree)$";
position p;
@@
  vfio_uninit_group_dev(&y->fld);
  freefn@p(y);

// the failure paths after the init in its function
@fail depends on init@
identifier init.fld, init.ops_name;
expression init.x, dv;
identifier freefn =~ "^(kfree|kvfree|vfree)$";
position q != done.p;
@@
  vfio_init_group_dev(&x->fld, dv, &ops_name);
  <...
+ vfio_uninit_group_dev(&x->fld);
  freefn@q(x);
  ...>

// after an unregister, in any function (not a free the rule above took)
@depends on init@
identifier init.fld;
expression y;
identifier freefn =~ "^(kfree|kvfree|vfree)$";
position q != {done.p, fail.q};
@@
  vfio_unregister_group_dev(&y->fld);
  <...
+ vfio_uninit_group_dev(&y->fld);
  freefn@q(y);
  ...>

// the ops of the init calls: the open/close callbacks of the device file
// take the names they have since 5.15
@depends on init@
identifier init.ops_name, fn;
@@
  struct vfio_device_ops ops_name = {
  ...,
- .open = fn,
+ .open_device = fn,
  ...
  };

@depends on init@
identifier init.ops_name, fn;
@@
  struct vfio_device_ops ops_name = {
  ...,
- .release = fn,
+ .close_device = fn,
  ...
  };
