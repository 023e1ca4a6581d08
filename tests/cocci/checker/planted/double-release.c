// SPDX-License-Identifier: GPL-2.0-only
/*
 * Checker fixture, planted bug (double-release): the driver's own @release, plus a second .release = vfio_free_device
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>
#include <linux/mdev.h>

struct pd_state {
	struct vfio_device vdev;
	u8 *regs;
};

static void pd_release_dev(struct vfio_device *vdev)
{
	struct pd_state *st = container_of(vdev, struct pd_state, vdev);

	kfree(st->regs);
}

static const struct vfio_device_ops pd_ops = {
	.name = "pd",
	.release = pd_release_dev,
	.release = vfio_free_device,
};

static int pd_probe(struct mdev_device *mdev)
{
	struct pd_state *st;
	int ret;

	st = vfio_alloc_device(pd_state, vdev, &mdev->dev, &pd_ops);
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

static void pd_remove(struct mdev_device *mdev)
{
	struct pd_state *st = dev_get_drvdata(&mdev->dev);

	vfio_unregister_group_dev(&st->vdev);
	vfio_put_device(&st->vdev);
}
