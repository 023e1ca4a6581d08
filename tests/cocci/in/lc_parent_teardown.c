// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: a parent-owned structure (found through the parent, never
 * freed here) whose remove stops a poller between unregistering and
 * uninitialising the device.  On a 6.1 target the life cycle converts
 * (vfio_init_device(), a completion that @release signals and every put
 * waits for), but the poller stays where it is: remove tears it down,
 * yet probe never started it, so it is no state of the vfio device's
 * own.  The level is "parent-owned, minimal", with that reason.
 */
#include <linux/module.h>
#include <linux/vfio.h>
#include <linux/mdev.h>
#include <linux/workqueue.h>

struct lcpt_port {
	struct vfio_device vdev;
	struct delayed_work poll;
	bool up;
};

static const struct vfio_device_ops lcpt_ops = {
	.name = "lcpt",
};

static int lcpt_probe(struct mdev_device *mdev)
{
	struct lcpt_port *port = dev_get_drvdata(mdev->dev.parent);
	int ret;

	if (!port->up)
		return -ENODEV;

	vfio_init_group_dev(&port->vdev, &mdev->dev, &lcpt_ops);
	ret = vfio_register_emulated_iommu_dev(&port->vdev);
	if (ret)
		goto err_uninit;
	dev_set_drvdata(&mdev->dev, port);
	return 0;

err_uninit:
	vfio_uninit_group_dev(&port->vdev);
	return ret;
}

static void lcpt_remove(struct mdev_device *mdev)
{
	struct lcpt_port *port = dev_get_drvdata(mdev->dev.parent);

	vfio_unregister_group_dev(&port->vdev);
	/* the guest may have started the poller through an ioctl */
	cancel_delayed_work_sync(&port->poll);
	vfio_uninit_group_dev(&port->vdev);
}

static struct mdev_driver lcpt_driver = {
	.probe = lcpt_probe,
	.remove = lcpt_remove,
};

MODULE_LICENSE("GPL");
