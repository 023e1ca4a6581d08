// SPDX-License-Identifier: GPL-2.0-only
/*
 * Checker fixture, planted bug (parent-no-wait): the parent's structure
 * is initialised as a vfio_device, and remove puts it without waiting
 * for @release: the parent may free it while a reference is left.
 */
#include <linux/module.h>
#include <linux/vfio.h>
#include <linux/mdev.h>

struct pw_channel {
	struct vfio_device vdev;
	struct completion vdev_released;
};

static void pw_release_dev(struct vfio_device *vdev)
{
	struct pw_channel *ch = container_of(vdev, struct pw_channel, vdev);

	complete(&ch->vdev_released);
}

static const struct vfio_device_ops pw_ops = {
	.name = "pw",
	.release = pw_release_dev,
};

static int pw_probe(struct mdev_device *mdev)
{
	struct pw_channel *ch = dev_get_drvdata(mdev->dev.parent);
	int ret;

	init_completion(&ch->vdev_released);
	ret = vfio_init_device(&ch->vdev, &mdev->dev, &pw_ops);
	if (ret)
		return ret;
	ret = vfio_register_emulated_iommu_dev(&ch->vdev);
	if (ret)
		goto err_put;
	dev_set_drvdata(&mdev->dev, ch);
	return 0;

err_put:
	vfio_put_device(&ch->vdev);
	wait_for_completion(&ch->vdev_released);
	return ret;
}

static void pw_remove(struct mdev_device *mdev)
{
	struct pw_channel *ch = dev_get_drvdata(mdev->dev.parent);

	vfio_unregister_group_dev(&ch->vdev);
	vfio_put_device(&ch->vdev);
}
