// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture (style): a driver whose ops align their '=' with tabs and whose
 * probe has an error ladder: the initialisers the conversion adds must
 * take the same column, and the label whose target becomes the put must
 * be named for it.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/mutex.h>
#include <linux/vfio.h>
#include <linux/mdev.h>

struct lca_state {
	struct vfio_device	vdev;
	struct mutex		lock;
	u8			*regs;
};

static ssize_t lca_read(struct vfio_device *vdev, char __user *buf,
			size_t count, loff_t *ppos)
{
	return -EINVAL;
}

static const struct vfio_device_ops lca_dev_ops = {
	.name		= "vfio-lca",
	.read		= lca_read,
};

static int lca_probe(struct mdev_device *mdev)
{
	struct lca_state *st;
	int ret;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	vfio_init_group_dev(&st->vdev, &mdev->dev, &lca_dev_ops);

	mutex_init(&st->lock);
	st->regs = kzalloc(PAGE_SIZE, GFP_KERNEL);
	if (!st->regs) {
		ret = -ENOMEM;
		goto err_init;
	}

	ret = vfio_register_emulated_iommu_dev(&st->vdev);
	if (ret)
		goto err_regs;
	dev_set_drvdata(&mdev->dev, st);
	return 0;

err_regs:
	kfree(st->regs);
err_init:
	vfio_uninit_group_dev(&st->vdev);
	kfree(st);
	return ret;
}

static void lca_remove(struct mdev_device *mdev)
{
	struct lca_state *st = dev_get_drvdata(&mdev->dev);

	vfio_unregister_group_dev(&st->vdev);
	kfree(st->regs);
	vfio_uninit_group_dev(&st->vdev);
	kfree(st);
}
