// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: probe gives up between the allocation and the old init call
 * (a name that could not be allocated) and frees the state there.  Once
 * the core allocates, that free must become a put too.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/mdev.h>
#include <linux/vfio.h>

struct lcef_state {
	struct vfio_device vdev;
	char *name;
};

static const struct vfio_device_ops lcef_ops = {
	.name = "vfio-lcef",
	.release = vfio_free_device,
};

static int lcef_probe(struct mdev_device *mdev)
{
	struct lcef_state *st;
	int ret;

	st = vfio_alloc_device(lcef_state, vdev, &mdev->dev, &lcef_ops);
	if (IS_ERR(st))
		return PTR_ERR(st);

	st->name = kasprintf(GFP_KERNEL, "lcef-%s", dev_name(&mdev->dev));
	if (!st->name) {
		vfio_put_device(&st->vdev);
		return -ENOMEM;
	}

	ret = vfio_register_emulated_iommu_dev(&st->vdev);
	if (ret) {
		kfree(st->name);
		vfio_put_device(&st->vdev);
		return ret;
	}
	dev_set_drvdata(&mdev->dev, st);
	return 0;
}

static void lcef_remove(struct mdev_device *mdev)
{
	struct lcef_state *st = dev_get_drvdata(&mdev->dev);

	vfio_unregister_group_dev(&st->vdev);
	kfree(st->name);
	vfio_put_device(&st->vdev);
}

static struct mdev_driver lcef_driver = {
	.probe = lcef_probe,
	.remove = lcef_remove,
};
MODULE_LICENSE("GPL");
