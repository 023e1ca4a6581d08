// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: a driver with a .probe that registers and no .remove at all
 * (its device lives as long as the module).  There is no remove to fix:
 * the rule must not fire, not even on a function that frees the state
 * outside the driver's callbacks.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>
#include <linux/mdev.h>

struct lnr_state {
	struct vfio_device vdev;
};

static struct lnr_state *lnr_only;

static const struct vfio_device_ops lnr_ops = {
	.name = "vfio-lnr",
};

static int lnr_probe(struct mdev_device *mdev)
{
	struct lnr_state *st;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	vfio_init_group_dev(&st->vdev, &mdev->dev, &lnr_ops);
	dev_set_drvdata(&mdev->dev, st);
	lnr_only = st;
	return vfio_register_emulated_iommu_dev(&st->vdev);
}

static void lnr_drop(struct device *dev)
{
	struct lnr_state *st = dev_get_drvdata(dev);

	kfree(st);
}

static struct mdev_driver lnr_driver = {
	.probe	= lnr_probe,
};
