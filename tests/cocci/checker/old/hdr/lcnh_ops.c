// SPDX-License-Identifier: GPL-2.0-only
/*
 * Checker fixture: the mdev side of lcnh.h, with a bug of its own that
 * the conversion keeps: remove never unregisters the device.
 */
#include <linux/mdev.h>
#include "lcnh.h"

static const struct vfio_device_ops lcnh_dev_ops = {
	.name = "lcnh",
};

static int lcnh_probe(struct mdev_device *mdev)
{
	struct lcnh_port *port = dev_get_drvdata(mdev->dev.parent);
	int ret;

	if (atomic_dec_if_positive(&port->free) < 0)
		return -EPERM;

	vfio_init_group_dev(&port->vdev, &mdev->dev, &lcnh_dev_ops);
	ret = vfio_register_emulated_iommu_dev(&port->vdev);
	if (ret)
		goto err_free;
	dev_set_drvdata(&mdev->dev, port);
	return 0;

err_free:
	vfio_uninit_group_dev(&port->vdev);
	atomic_inc(&port->free);
	return ret;
}

static void lcnh_remove(struct mdev_device *mdev)
{
	struct lcnh_port *port = dev_get_drvdata(mdev->dev.parent);

	vfio_uninit_group_dev(&port->vdev);
	atomic_inc(&port->free);
}
