// SPDX-License-Identifier: GPL-2.0-only
/*
 * Checker fixture, planted bug (error-leak): the registration failure returns without a put
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>
#include <linux/mdev.h>

struct pe_state {
	struct vfio_device vdev;
	u8 *regs;
};

static void pe_release_dev(struct vfio_device *vdev)
{
	struct pe_state *st = container_of(vdev, struct pe_state, vdev);

	kfree(st->regs);
	vfio_free_device(vdev);
}

static const struct vfio_device_ops pe_ops = {
	.name = "pe",
	.release = pe_release_dev,
};

static int pe_probe(struct mdev_device *mdev)
{
	struct pe_state *st;
	int ret;

	st = vfio_alloc_device(pe_state, vdev, &mdev->dev, &pe_ops);
	if (IS_ERR(st))
		return PTR_ERR(st);
	ret = vfio_register_emulated_iommu_dev(&st->vdev);
	if (ret)
		return ret;
	dev_set_drvdata(&mdev->dev, st);
	return 0;
}

static void pe_remove(struct mdev_device *mdev)
{
	struct pe_state *st = dev_get_drvdata(&mdev->dev);

	vfio_unregister_group_dev(&st->vdev);
	vfio_put_device(&st->vdev);
}
