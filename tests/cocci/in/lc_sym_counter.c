// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: an instance counter taken before the allocation (incremented,
 * decremented again on every failure) and given back in remove after the
 * unregistration.  The increment moves into @init; its give-back must move
 * into @release, or a failed registration (whose put runs @release) would
 * leak the count.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>
#include <linux/mdev.h>

struct lcs_state {
	struct vfio_device vdev;
	u32 mode;
};

static atomic_t lcs_count = ATOMIC_INIT(0);

static const struct vfio_device_ops lcs_dev_ops = {
	.name = "vfio-lcs",
};

static int lcs_probe(struct mdev_device *mdev)
{
	struct lcs_state *st;
	int ret;

	atomic_inc(&lcs_count);
	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st) {
		ret = -ENOMEM;
		goto err_count;
	}
	vfio_init_group_dev(&st->vdev, &mdev->dev, &lcs_dev_ops);
	st->mode = 1;

	ret = vfio_register_emulated_iommu_dev(&st->vdev);
	if (ret)
		goto err_init;
	dev_set_drvdata(&mdev->dev, st);
	return 0;

err_init:
	vfio_uninit_group_dev(&st->vdev);
	kfree(st);
err_count:
	atomic_dec(&lcs_count);
	return ret;
}

static void lcs_remove(struct mdev_device *mdev)
{
	struct lcs_state *st = dev_get_drvdata(&mdev->dev);

	vfio_unregister_group_dev(&st->vdev);
	vfio_uninit_group_dev(&st->vdev);
	kfree(st);
	atomic_dec(&lcs_count);
}
