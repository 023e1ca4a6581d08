// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: an instance count taken in the set-up (after init, before the
 * registration) and given back by remove after the free.  Once the count
 * is taken in @init, its give-back must be in @release: a failed
 * registration runs @release, never remove, and would leave it taken.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>
#include <linux/mdev.h>

struct lcn_state {
	struct vfio_device vdev;
	u32 mode;
};

static atomic_t lcn_open_count = ATOMIC_INIT(0);

static const struct vfio_device_ops lcn_dev_ops = {
	.name = "vfio-lcn",
};

static int lcn_probe(struct mdev_device *mdev)
{
	struct lcn_state *st;
	int ret;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	vfio_init_group_dev(&st->vdev, &mdev->dev, &lcn_dev_ops);
	st->mode = 1;
	atomic_inc(&lcn_open_count);

	ret = vfio_register_emulated_iommu_dev(&st->vdev);
	if (ret)
		goto err_init;
	dev_set_drvdata(&mdev->dev, st);
	return 0;

err_init:
	vfio_uninit_group_dev(&st->vdev);
	kfree(st);
	return ret;
}

static void lcn_remove(struct mdev_device *mdev)
{
	struct lcn_state *st = dev_get_drvdata(&mdev->dev);

	vfio_unregister_group_dev(&st->vdev);
	vfio_uninit_group_dev(&st->vdev);
	kfree(st);
	atomic_dec(&lcn_open_count);
}
