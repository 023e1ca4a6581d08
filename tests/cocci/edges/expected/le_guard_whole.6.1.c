// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: the whole vfio part of the driver is under one feature guard
 * (two blocks, the same condition).  Every old call is in the same
 * branch: converting them all is consistent, and the guards stay.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>

struct lew_state {
	struct vfio_device vdev;
};

#if IS_ENABLED(CONFIG_LEW_VFIO)
static const struct vfio_device_ops lew_ops = {
	.name = "vfio-lew",
	.release = vfio_free_device,
};

static int lew_probe(struct device *dev)
{
	struct lew_state *st;
	int ret;

	st = vfio_alloc_device(lew_state, vdev, dev, &lew_ops);
	if (IS_ERR(st))
		return PTR_ERR(st);
	ret = vfio_register_group_dev(&st->vdev);
	if (ret) {
		vfio_put_device(&st->vdev);
		return ret;
	}
	dev_set_drvdata(dev, st);
	return 0;
}
#endif

static int lew_count;

#if IS_ENABLED(CONFIG_LEW_VFIO)
static void lew_remove(struct device *dev)
{
	struct lew_state *st = dev_get_drvdata(dev);

	vfio_unregister_group_dev(&st->vdev);
	vfio_put_device(&st->vdev);
}
#endif
