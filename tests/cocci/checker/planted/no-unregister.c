// SPDX-License-Identifier: GPL-2.0-only
/*
 * Checker fixture, planted bug (no-unregister): remove puts the device but never unregisters it
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>
#include <linux/mdev.h>

struct pr_state {
	struct vfio_device vdev;
	u8 *regs;
};

static void pr_release_dev(struct vfio_device *vdev)
{
	struct pr_state *st = container_of(vdev, struct pr_state, vdev);

	kfree(st->regs);
	vfio_free_device(vdev);
}

static const struct vfio_device_ops pr_ops = {
	.name = "pr",
	.release = pr_release_dev,
};

static int pr_probe(struct mdev_device *mdev)
{
	struct pr_state *st;
	int ret;

	st = vfio_alloc_device(pr_state, vdev, &mdev->dev, &pr_ops);
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

static void pr_remove(struct mdev_device *mdev)
{
	struct pr_state *st = dev_get_drvdata(&mdev->dev);

	vfio_put_device(&st->vdev);
}
