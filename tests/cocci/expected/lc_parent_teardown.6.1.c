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
	struct completion vdev_released;
	struct delayed_work poll;
	bool up;
};

static void lcpt_release_dev(struct vfio_device *vdev)
{
	struct lcpt_port *port = container_of(vdev, struct lcpt_port, vdev);

	/*
	 * The structure belongs to the parent, which frees or reuses it once
	 * the put in remove returns; the put waits for this.
	 */
	complete(&port->vdev_released);
}

static const struct vfio_device_ops lcpt_ops = {
	.name = "lcpt",
	.release = lcpt_release_dev,
};

static int lcpt_probe(struct mdev_device *mdev)
{
	struct lcpt_port *port = dev_get_drvdata(mdev->dev.parent);
	int ret;

	if (!port->up)
		return -ENODEV;

	init_completion(&port->vdev_released);
	ret = vfio_init_device(&port->vdev, &mdev->dev, &lcpt_ops);
	if (ret)
		goto err_uninit_init;
	ret = vfio_register_emulated_iommu_dev(&port->vdev);
	if (ret)
		goto err_uninit;
	dev_set_drvdata(&mdev->dev, port);
	return 0;

err_uninit:
	vfio_put_device(&port->vdev);
	wait_for_completion(&port->vdev_released);
err_uninit_init:
	return ret;
}

static void lcpt_remove(struct mdev_device *mdev)
{
	struct lcpt_port *port = dev_get_drvdata(mdev->dev.parent);

	vfio_unregister_group_dev(&port->vdev);
	/* the guest may have started the poller through an ioctl */
	cancel_delayed_work_sync(&port->poll);
	vfio_put_device(&port->vdev);
	wait_for_completion(&port->vdev_released);
}

static struct mdev_driver lcpt_driver = {
	.probe = lcpt_probe,
	.remove = lcpt_remove,
};

MODULE_LICENSE("GPL");
