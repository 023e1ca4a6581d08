// SPDX-License-Identifier: GPL-2.0-only
/*
 * Checker fixture, planted bug (kfree): remove frees the object after the put
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>
#include <linux/mdev.h>

struct pk_state {
	struct vfio_device vdev;
	u8 *regs;
};

static void pk_release_dev(struct vfio_device *vdev)
{
	struct pk_state *st = container_of(vdev, struct pk_state, vdev);

	kfree(st->regs);
	vfio_free_device(vdev);
}

static const struct vfio_device_ops pk_ops = {
	.name = "pk",
	.release = pk_release_dev,
};

static int pk_probe(struct mdev_device *mdev)
{
	struct pk_state *st;
	int ret;

	st = vfio_alloc_device(pk_state, vdev, &mdev->dev, &pk_ops);
	if (IS_ERR(st))
		return PTR_ERR(st);
	ret = vfio_register_emulated_iommu_dev(&st->vdev);
	if (ret)
		goto err_put;
	dev_set_drvdata(&mdev->dev, st);
	return 0;

err_put:
	vfio_put_device(&st->vdev);
	return ret;
}

static void pk_remove(struct mdev_device *mdev)
{
	struct pk_state *st = dev_get_drvdata(&mdev->dev);

	vfio_unregister_group_dev(&st->vdev);
	vfio_put_device(&st->vdev);
	kfree(st);
}
