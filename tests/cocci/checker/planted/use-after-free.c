// SPDX-License-Identifier: GPL-2.0-only
/*
 * Checker fixture, planted bug (use-after-free): @release frees its buffer after vfio_free_device()
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>
#include <linux/mdev.h>

struct pu_state {
	struct vfio_device vdev;
	u8 *regs;
};

static void pu_release_dev(struct vfio_device *vdev)
{
	struct pu_state *st = container_of(vdev, struct pu_state, vdev);

	vfio_free_device(vdev);
	kfree(st->regs);
}

static const struct vfio_device_ops pu_ops = {
	.name = "pu",
	.release = pu_release_dev,
};

static int pu_probe(struct mdev_device *mdev)
{
	struct pu_state *st;
	int ret;

	st = vfio_alloc_device(pu_state, vdev, &mdev->dev, &pu_ops);
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

static void pu_remove(struct mdev_device *mdev)
{
	struct pu_state *st = dev_get_drvdata(&mdev->dev);

	vfio_unregister_group_dev(&st->vdev);
	vfio_put_device(&st->vdev);
}
