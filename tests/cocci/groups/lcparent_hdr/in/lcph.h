/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fixture (with lcph_core.c and lcph_ops.c): a parent-owned structure
 * defined in a header.  The parent (lcph_core.c) allocates a channel per
 * port and frees it on unbind; the mdev side (lcph_ops.c) initialises the
 * vfio_device embedded in it.  Converting lcph_ops.c must add the
 * completion its @release signals here, with its kernel-doc line.
 */
#ifndef LCPH_H
#define LCPH_H

#include <linux/completion.h>
#include <linux/vfio.h>

/**
 * struct lcph_chan - one channel of the parent device
 * @vdev: the vfio device of the channel's mdev
 * @avail: mdevs that may still be created on the channel
 * @regs: the channel's registers
 */
struct lcph_chan {
	struct vfio_device vdev;
	atomic_t avail;
	void __iomem *regs;
};

extern struct mdev_driver lcph_mdev_driver;

#endif
