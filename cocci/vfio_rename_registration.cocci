// SPDX-License-Identifier: GPL-2.0-only
/// Patch 14 of the series: vfio_device_put() and vfio_device_try_get()
/// count registrations, not references to the object (the object has
/// vfio_put_device() now); name them for what they do:
///   vfio_device_put()     -> vfio_device_put_registration()
///   vfio_device_try_get() -> vfio_device_try_get_registration()
/// Definitions, prototypes, exports and calls alike.
//
// Confidence: High
// Copyright: (C) 2026 vfio-lifecycle contributors
// Comments: written for vfio-lifecycle
// Options: --no-includes --include-headers

virtual patch
virtual report

@def depends on patch@
@@
(
- vfio_device_put
+ vfio_device_put_registration
|
- vfio_device_try_get
+ vfio_device_try_get_registration
)
  (...) {...}

@proto depends on patch@
type T;
@@
(
 T
- vfio_device_put
+ vfio_device_put_registration
 (...);
|
 T
- vfio_device_try_get
+ vfio_device_try_get_registration
 (...);
)

@call depends on patch@
@@
(
- vfio_device_put
+ vfio_device_put_registration
|
- vfio_device_try_get
+ vfio_device_try_get_registration
)
  (...)

// exported in the 5.15-5.19 families (vfio.c), with callers outside
// drivers/vfio (i915's kvmgt)
@exp_put depends on patch@
declarer name EXPORT_SYMBOL_GPL;
identifier f = vfio_device_put;
@@
 EXPORT_SYMBOL_GPL(
- f
+ vfio_device_put_registration
 );

@exp_get depends on patch@
declarer name EXPORT_SYMBOL_GPL;
identifier f = vfio_device_try_get;
@@
 EXPORT_SYMBOL_GPL(
- f
+ vfio_device_try_get_registration
 );

@rp depends on report@
position p;
@@
\(vfio_device_put@p\|vfio_device_try_get@p\)(...)

@script:python depends on report@
p << rp.p;
@@
coccilib.report.print_report(p[0], "registration count: rename to *_registration()")
