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
	.release = vfio_free_device,
};

static const struct vfio_device_ops lcs_rw_ops = {
	.name = "lcs-rw",
	.release = vfio_free_device,
};

static int lcs_probe(struct device *dev)
{
	const struct vfio_device_ops *ops;
	struct lcs_state *st;
	int ret;

	if (device_property_read_bool(dev, "read-only"))
		ops = &lcs_ro_ops;
	else
		ops = &lcs_rw_ops;
	st = vfio_alloc_device(lcs_state, vdev, dev, ops);
	if (IS_ERR(st))
		return PTR_ERR(st);
	st->mode = 1;
	ret = vfio_register_group_dev(&st->vdev);
	if (ret)
		goto err_uninit;
	dev_set_drvdata(dev, st);
	return 0;

err_uninit:
	vfio_put_device(&st->vdev);
	return ret;
}

static void lcs_remove(struct device *dev)
{
	struct lcs_state *st = dev_get_drvdata(dev);

	vfio_unregister_group_dev(&st->vdev);
	vfio_put_device(&st->vdev);
}

static struct device_driver lcs_driver = {
	.name = "lcs",
	.probe = lcs_probe,
	.remove = lcs_remove,
};

MODULE_LICENSE("GPL");
