// SPDX-License-Identifier: GPL-2.0-only
/// Parent-owned structures, the header half of vfio_alloc_device.cocci:
/// the structure that embeds the vfio_device belongs to a parent, so its
/// @release signals a completion that every vfio_put_device() waits for.
/// When the structure is defined in a header rather than in the driver's
/// .c file, this adds the completion member there, next to the
/// vfio_device.  The converter runs it with the names that
/// vfio_alloc_device.cocci printed (PARENT-FIELD: tag fld cname):
///   spatch -D patch -D tag=T -D fld=F -D cname=C --sp-file ... header.h
/// Report mode lists the parent-owned vfio_device sites (vfio_init_device())
/// for a reviewer: their @release must complete what every put waits for.
//
// Confidence: High
// Copyright: (C) 2026 vfio-lifecycle contributors
// Comments: written for vfio-lifecycle; no driver is named in the rules
// Options: --no-includes --include-headers

virtual patch
virtual report

@depends on patch@
identifier virtual.tag, virtual.fld, virtual.cname;
@@
  struct tag {
  ...
  struct vfio_device fld;
+ struct completion cname;
  ...
  };

// report: the parent-owned vfio_device sites, for a reviewer to check
// that @release completes what every put waits for (no names needed)
@rp depends on report@
expression X, dv, ops;
identifier fld;
position p;
@@
  vfio_init_device@p(&X->fld, dv, ops)

@script:python depends on report@
p << rp.p;
@@
coccilib.report.print_report(p[0], "parent-owned vfio_device: @release must complete what every vfio_put_device() waits for before the parent reuses or frees the structure")
