// SPDX-License-Identifier: GPL-2.0-only
/*
 * Checker fixture, old form with a bug of its own that the conversion
 * keeps: remove uninitialises and frees, but never unregisters.  The
 * converter's rules convert it; the life-cycle checker must refuse the
 * result (no-unregister) and the original must be kept.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>
#include <linux/mdev.h>

struct onu_state {
	struct vfio_device vdev;
	int id;
};

static const struct vfio_device_ops onu_ops = {
	.name = "onu",
};

static int onu_probe(struct mdev_device *mdev)
{
	struct onu_state *st;
	int ret;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	vfio_init_group_dev(&st->vdev, &mdev->dev, &onu_ops);
	ret = vfio_register_emulated_iommu_dev(&st->vdev);
	if (ret)
		goto err_free;
	dev_set_drvdata(&mdev->dev, st);
	return 0;

err_free:
	vfio_uninit_group_dev(&st->vdev);
	kfree(st);
	return ret;
}

static void onu_remove(struct mdev_device *mdev)
{
	struct onu_state *st = dev_get_drvdata(&mdev->dev);

	vfio_uninit_group_dev(&st->vdev);
	kfree(st);
}
