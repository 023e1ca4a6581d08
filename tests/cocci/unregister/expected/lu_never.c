// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: probe registers the vfio_device, remove never unregisters it.
 * Remove returns early while the device is in use, then hands the state
 * to a tear-down helper that uninitialises and frees it: the vfio group
 * still lists the freed device.  The rule must add the unregistration
 * before the tear-down helper, after the early return, a blank line first.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>
#include <linux/mdev.h>

struct lun_state {
	struct mdev_device *mdev;
	bool busy;
	struct vfio_device vdev;
};

static const struct vfio_device_ops lun_ops = {
	.name = "vfio-lun",
};

static void lun_destroy_state(struct lun_state *st)
{
	vfio_uninit_group_dev(&st->vdev);
	kfree(st);
}

static int lun_probe(struct mdev_device *mdev)
{
	struct lun_state *st;
	int ret;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	st->mdev = mdev;
	vfio_init_group_dev(&st->vdev, &mdev->dev, &lun_ops);

	dev_set_drvdata(&mdev->dev, st);
	ret = vfio_register_emulated_iommu_dev(&st->vdev);
	if (ret) {
		lun_destroy_state(st);
		return ret;
	}
	return 0;
}

static void lun_remove(struct mdev_device *mdev)
{
	struct lun_state *st = dev_get_drvdata(&mdev->dev);

	if (WARN_ON_ONCE(st->busy))
		return;

	vfio_unregister_group_dev(&st->vdev);
	lun_destroy_state(st);
}

static struct mdev_driver lun_driver = {
	.driver = {
		.name	= "vfio_lun",
		.owner	= THIS_MODULE,
	},
	.remove	= lun_remove,
	.probe	= lun_probe,
};
