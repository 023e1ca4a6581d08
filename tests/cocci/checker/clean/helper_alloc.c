// SPDX-License-Identifier: GPL-2.0-only
/*
 * Checker fixture, clean: shapes that are not bugs.  A helper allocates
 * and returns the object (returning it is not a leak), the caller's
 * failure puts it through a label, and a kfree() of a member (in
 * @release, before vfio_free_device()) is no kfree() of the object.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>
#include <linux/mdev.h>

struct ch_state {
	struct vfio_device vdev;
	u8 *regs;
};

static void ch_release_dev(struct vfio_device *vdev)
{
	struct ch_state *st = container_of(vdev, struct ch_state, vdev);

	kfree(st->regs);
	vfio_free_device(vdev);
}

static const struct vfio_device_ops ch_ops = {
	.name = "ch",
	.release = ch_release_dev,
};

static struct ch_state *ch_new(struct device *dev)
{
	struct ch_state *st;

	st = vfio_alloc_device(ch_state, vdev, dev, &ch_ops);
	if (IS_ERR(st))
		return st;
	st->regs = kzalloc(64, GFP_KERNEL);
	if (!st->regs) {
		vfio_put_device(&st->vdev);
		return ERR_PTR(-ENOMEM);
	}
	return st;
}

static int ch_probe(struct mdev_device *mdev)
{
	struct ch_state *st = ch_new(&mdev->dev);
	int ret;

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

static void ch_remove(struct mdev_device *mdev)
{
	struct ch_state *st = dev_get_drvdata(&mdev->dev);

	vfio_unregister_group_dev(&st->vdev);
	vfio_put_device(&st->vdev);
}
