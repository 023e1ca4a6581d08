// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: a driver that supports both life cycles behind the preprocessor.
 * It already handles the new API: nothing to convert, and the old branch
 * must stay as it is for the kernels that need it.  HAVE_VFIO_ALLOC_DEVICE
 * comes from the driver's own configure step, as in many out-of-tree
 * drivers.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>

struct lcv_state {
	struct vfio_device vdev;
};

static const struct vfio_device_ops lcv_ops = {
	.name = "lcv",
#ifdef HAVE_VFIO_ALLOC_DEVICE
	.release = vfio_free_device,
#endif
};

static int lcv_probe(struct device *dev)
{
	struct lcv_state *st;
	int ret;

#ifdef HAVE_VFIO_ALLOC_DEVICE
	st = vfio_alloc_device(lcv_state, vdev, dev, &lcv_ops);
	if (IS_ERR(st))
		return PTR_ERR(st);
#else
	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	vfio_init_group_dev(&st->vdev, dev, &lcv_ops);
#endif
	ret = vfio_register_group_dev(&st->vdev);
	if (ret) {
#ifdef HAVE_VFIO_ALLOC_DEVICE
		vfio_put_device(&st->vdev);
#else
		vfio_uninit_group_dev(&st->vdev);
		kfree(st);
#endif
	}
	return ret;
}
