// SPDX-License-Identifier: GPL-2.0-only
/*
 * Checker fixture, planted bug (null-test): the allocation is tested against NULL
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>
#include <linux/mdev.h>

struct pn_state {
	struct vfio_device vdev;
	u8 *regs;
};

static void pn_release_dev(struct vfio_device *vdev)
{
	struct pn_state *st = container_of(vdev, struct pn_state, vdev);

	kfree(st->regs);
	vfio_free_device(vdev);
}

static const struct vfio_device_ops pn_ops = {
	.name = "pn",
	.release = pn_release_dev,
};

static int pn_probe(struct mdev_device *mdev)
{
	struct pn_state *st;
	int ret;

	st = vfio_alloc_device(pn_state, vdev, &mdev->dev, &pn_ops);
	if (!st)
		return -ENOMEM;
	ret = vfio_register_emulated_iommu_dev(&st->vdev);
	if (ret)
		goto err_put;
	dev_set_drvdata(&mdev->dev, st);
	return 0;

err_put:
	vfio_put_device(&st->vdev);
	return ret;
}

static void pn_remove(struct mdev_device *mdev)
{
	struct pn_state *st = dev_get_drvdata(&mdev->dev);

	vfio_unregister_group_dev(&st->vdev);
	vfio_put_device(&st->vdev);
}
