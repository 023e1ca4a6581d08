// SPDX-License-Identifier: GPL-2.0-only
/*
 * Checker fixture, planted bug (free-not-last): @release drops a global count after vfio_free_device()
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>
#include <linux/mdev.h>

struct pl_state {
	struct vfio_device vdev;
	u8 *regs;
};

static atomic_t pl_count;

static void pl_release_dev(struct vfio_device *vdev)
{
	struct pl_state *st = container_of(vdev, struct pl_state, vdev);

	kfree(st->regs);
	vfio_free_device(vdev);
	atomic_dec(&pl_count);
}

static const struct vfio_device_ops pl_ops = {
	.name = "pl",
	.release = pl_release_dev,
};

static int pl_probe(struct mdev_device *mdev)
{
	struct pl_state *st;
	int ret;

	st = vfio_alloc_device(pl_state, vdev, &mdev->dev, &pl_ops);
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

static void pl_remove(struct mdev_device *mdev)
{
	struct pl_state *st = dev_get_drvdata(&mdev->dev);

	vfio_unregister_group_dev(&st->vdev);
	vfio_put_device(&st->vdev);
}
