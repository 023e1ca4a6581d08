// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: the driver has no structure of its own: a bare struct
 * vfio_device is allocated with kzalloc(sizeof(*vdev)), initialised and
 * freed directly.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>

static const struct vfio_device_ops lcb_ops = {
	.name = "lcb",
};

static int lcb_probe(struct device *dev)
{
	struct vfio_device *vdev;
	int ret;

	vdev = kzalloc(sizeof(*vdev), GFP_KERNEL);
	if (!vdev)
		return -ENOMEM;
	vfio_init_group_dev(vdev, dev, &lcb_ops);
	ret = vfio_register_group_dev(vdev);
	if (ret) {
		vfio_uninit_group_dev(vdev);
		kfree(vdev);
		return ret;
	}
	dev_set_drvdata(dev, vdev);
	return 0;
}

static void lcb_remove(struct device *dev)
{
	struct vfio_device *vdev = dev_get_drvdata(dev);

	vfio_unregister_group_dev(vdev);
	vfio_uninit_group_dev(vdev);
	kfree(vdev);
}
