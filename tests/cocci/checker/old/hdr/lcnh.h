/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Checker fixture (with lcnh_ops.c): a parent-owned structure defined in
 * a header.  The conversion of lcnh_ops.c adds a completion member here;
 * when the checker refuses lcnh_ops.c, this header must come back as it
 * was.
 */
#ifndef LCNH_H
#define LCNH_H

#include <linux/completion.h>
#include <linux/vfio.h>

/**
 * struct lcnh_port - one port of the parent device
 * @vdev: the vfio device of the port's mdev
 * @free: mdevs that may still be created on the port
 */
struct lcnh_port {
	struct vfio_device vdev;
	atomic_t free;
};

#endif
