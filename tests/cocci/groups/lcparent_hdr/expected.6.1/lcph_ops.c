// SPDX-License-Identifier: GPL-2.0-only
/* Fixture: the mdev side of lcph.h (see there). */
#include <linux/mdev.h>
#include "lcph.h"

static void lcph_release_dev(struct vfio_device *vdev)
{
	struct lcph_chan *ch = container_of(vdev, struct lcph_chan, vdev);

	/*
	 * The structure belongs to the parent, which frees or reuses it once
	 * the put in remove returns; the put waits for this.
	 */
	complete(&ch->vdev_released);
}

static const struct vfio_device_ops lcph_dev_ops = {
	.name = "lcph",
	.release = lcph_release_dev,
};

static int lcph_mdev_probe(struct mdev_device *mdev)
{
	struct lcph_chan *ch = dev_get_drvdata(mdev->dev.parent);
	int ret;

	if (atomic_dec_if_positive(&ch->avail) < 0)
		return -EPERM;

	init_completion(&ch->vdev_released);
	ret = vfio_init_device(&ch->vdev, &mdev->dev, &lcph_dev_ops);
	if (ret)
		goto err_avail_init;
	ret = vfio_register_emulated_iommu_dev(&ch->vdev);
	if (ret)
		goto err_avail;
	dev_set_drvdata(&mdev->dev, ch);
	return 0;

err_avail:
	vfio_put_device(&ch->vdev);
	wait_for_completion(&ch->vdev_released);
err_avail_init:
	atomic_inc(&ch->avail);
	return ret;
}

static void lcph_mdev_remove(struct mdev_device *mdev)
{
	struct lcph_chan *ch = dev_get_drvdata(mdev->dev.parent);

	vfio_unregister_group_dev(&ch->vdev);
	vfio_put_device(&ch->vdev);
	wait_for_completion(&ch->vdev_released);
	atomic_inc(&ch->avail);
}

struct mdev_driver lcph_mdev_driver = {
	.probe = lcph_mdev_probe,
	.remove = lcph_mdev_remove,
};
