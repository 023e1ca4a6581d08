// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: the init call sits in a function that only wraps
 * vfio_init_group_dev(); probe allocates the state and calls the wrapper.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>

struct lcw_state {
	struct vfio_device vdev;
	int id;
};

static const struct vfio_device_ops lcw_ops = {
	.name = "lcw",
};

static void lcw_init_vdev(struct lcw_state *st, struct device *dev)
{
	vfio_init_group_dev(&st->vdev, dev, &lcw_ops);
}

static int lcw_probe(struct device *dev)
{
	struct lcw_state *st;
	int ret;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	lcw_init_vdev(st, dev);
	ret = vfio_register_group_dev(&st->vdev);
	if (ret) {
		vfio_uninit_group_dev(&st->vdev);
		kfree(st);
		return ret;
	}
	dev_set_drvdata(dev, st);
	return 0;
}

static void lcw_remove(struct device *dev)
{
	struct lcw_state *st = dev_get_drvdata(dev);

	vfio_unregister_group_dev(&st->vdev);
	vfio_uninit_group_dev(&st->vdev);
	kfree(st);
}
