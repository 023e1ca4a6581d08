// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: the ops are chosen at run time by a condition on the device
 * alone (not on the allocated state), with plain vfio_init_group_dev().
 * Converted: the same condition sets an ops variable before the
 * allocation, which takes it.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>

struct lcs_state {
	struct vfio_device vdev;
	int mode;
};

static const struct vfio_device_ops lcs_ro_ops = {
	.name = "lcs-ro",
};

static const struct vfio_device_ops lcs_rw_ops = {
	.name = "lcs-rw",
};

static int lcs_probe(struct device *dev)
{
	struct lcs_state *st;
	int ret;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;

	if (device_property_read_bool(dev, "read-only"))
		vfio_init_group_dev(&st->vdev, dev, &lcs_ro_ops);
	else
		vfio_init_group_dev(&st->vdev, dev, &lcs_rw_ops);
	st->mode = 1;
	ret = vfio_register_group_dev(&st->vdev);
	if (ret)
		goto err_uninit;
	dev_set_drvdata(dev, st);
	return 0;

err_uninit:
	vfio_uninit_group_dev(&st->vdev);
	kfree(st);
	return ret;
}

static void lcs_remove(struct device *dev)
{
	struct lcs_state *st = dev_get_drvdata(dev);

	vfio_unregister_group_dev(&st->vdev);
	vfio_uninit_group_dev(&st->vdev);
	kfree(st);
}

static struct device_driver lcs_driver = {
	.name = "lcs",
	.probe = lcs_probe,
	.remove = lcs_remove,
};

MODULE_LICENSE("GPL");
