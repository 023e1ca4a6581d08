// SPDX-License-Identifier: GPL-2.0-only
/*
 * Checker fixture, planted bug (kfree): remove frees the bare vfio_device after the put
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>
#include <linux/mdev.h>

static const struct vfio_device_ops pb_ops = {
	.name = "pb",
	.release = vfio_free_device,
};

static int pb_probe(struct mdev_device *mdev)
{
	struct vfio_device *v;
	int ret;

	v = _vfio_alloc_device(sizeof(*v), &mdev->dev, &pb_ops);
	if (IS_ERR(v))
		return PTR_ERR(v);
	ret = vfio_register_emulated_iommu_dev(v);
	if (ret)
		goto err_put;
	dev_set_drvdata(&mdev->dev, v);
	return 0;

err_put:
	vfio_put_device(v);
	return ret;
}

static void pb_remove(struct mdev_device *mdev)
{
	struct vfio_device *v = dev_get_drvdata(&mdev->dev);

	vfio_unregister_group_dev(v);
	vfio_put_device(v);
	kfree(v);
}
