// SPDX-License-Identifier: GPL-2.0-only
/*
 * Checker fixture, planted bug (core-frees): a 6.2+ target, but @release still calls vfio_free_device() (checked with -D core_frees)
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>
#include <linux/mdev.h>

struct pc_state {
	struct vfio_device vdev;
	u8 *regs;
};

static void pc_release_dev(struct vfio_device *vdev)
{
	struct pc_state *st = container_of(vdev, struct pc_state, vdev);

	kfree(st->regs);
	vfio_free_device(vdev);
}

static const struct vfio_device_ops pc_ops = {
	.name = "pc",
	.release = pc_release_dev,
};

static int pc_probe(struct mdev_device *mdev)
{
	struct pc_state *st;
	int ret;

	st = vfio_alloc_device(pc_state, vdev, &mdev->dev, &pc_ops);
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

static void pc_remove(struct mdev_device *mdev)
{
	struct pc_state *st = dev_get_drvdata(&mdev->dev);

	vfio_unregister_group_dev(&st->vdev);
	vfio_put_device(&st->vdev);
}
