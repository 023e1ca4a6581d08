// SPDX-License-Identifier: GPL-2.0-only
/*
 * Checker fixture, planted bug (old-ops): ops of the generation before
 * open_device (.open, and .release the close callback) in a file of the
 * new life cycle
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>
#include <linux/mdev.h>

struct po_state {
	struct vfio_device vdev;
	u8 *regs;
};

static int po_open(struct vfio_device *vdev)
{
	return 0;
}

static void po_close(struct vfio_device *vdev)
{
}

static const struct vfio_device_ops po_ops = {
	.name = "po",
	.open = po_open,
	.release = po_close,
};

static int po_probe(struct mdev_device *mdev)
{
	struct po_state *st;
	int ret;

	st = vfio_alloc_device(po_state, vdev, &mdev->dev, &po_ops);
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

static void po_remove(struct mdev_device *mdev)
{
	struct po_state *st = dev_get_drvdata(&mdev->dev);

	vfio_unregister_group_dev(&st->vdev);
	vfio_put_device(&st->vdev);
}
