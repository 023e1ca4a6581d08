// SPDX-License-Identifier: GPL-2.0-only
/* Fixture: the mdev side of lcph.h (see there). */
#include <linux/mdev.h>
#include "lcph.h"

static const struct vfio_device_ops lcph_dev_ops = {
	.name = "lcph",
};

static int lcph_mdev_probe(struct mdev_device *mdev)
{
	struct lcph_chan *ch = dev_get_drvdata(mdev->dev.parent);
	int ret;

	if (atomic_dec_if_positive(&ch->avail) < 0)
		return -EPERM;

	vfio_init_group_dev(&ch->vdev, &mdev->dev, &lcph_dev_ops);
	ret = vfio_register_emulated_iommu_dev(&ch->vdev);
	if (ret)
		goto err_avail;
	dev_set_drvdata(&mdev->dev, ch);
	return 0;

err_avail:
	vfio_uninit_group_dev(&ch->vdev);
	atomic_inc(&ch->avail);
	return ret;
}

static void lcph_mdev_remove(struct mdev_device *mdev)
{
	struct lcph_chan *ch = dev_get_drvdata(mdev->dev.parent);

	vfio_unregister_group_dev(&ch->vdev);
	vfio_uninit_group_dev(&ch->vdev);
	atomic_inc(&ch->avail);
}

struct mdev_driver lcph_mdev_driver = {
	.probe = lcph_mdev_probe,
	.remove = lcph_mdev_remove,
};
