// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit-test input written for lclib (minimal level already; the buffer is
 * not checked: only the planner reads this): probe sets up a lock and a
 * buffer and nothing in the set-up can fail, so the registration
 * failure only puts; remove undoes both (mutex_destroy, kfree): the
 * undoes move to @release because they undo the set-up, not because the
 * registration failure says them.  remove's own counter stays.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>
#include <linux/mdev.h>

struct lcx_state {
	struct vfio_device vdev;
	struct mutex lock;
	u8 *buf;
};

static int lcx_users;

static const struct vfio_device_ops lcx_ops = {
	.name = "vfio-lcx",
	.release = vfio_free_device,
};

static int lcx_probe(struct mdev_device *mdev)
{
	struct lcx_state *st;
	int ret;

	st = vfio_alloc_device(lcx_state, vdev, &mdev->dev, &lcx_ops);
	if (IS_ERR(st))
		return PTR_ERR(st);

	mutex_init(&st->lock);
	st->buf = kzalloc(32, GFP_KERNEL);
	ret = vfio_register_emulated_iommu_dev(&st->vdev);
	if (ret)
		goto err_put;
	dev_set_drvdata(&mdev->dev, st);
	lcx_users++;
	return 0;

err_put:
	vfio_put_device(&st->vdev);
	return ret;
}

static void lcx_remove(struct mdev_device *mdev)
{
	struct lcx_state *st = dev_get_drvdata(&mdev->dev);

	vfio_unregister_group_dev(&st->vdev);
	mutex_destroy(&st->lock);
	kfree(st->buf);
	lcx_users--;
	vfio_put_device(&st->vdev);
}
