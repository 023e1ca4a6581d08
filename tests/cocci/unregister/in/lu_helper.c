// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: remove unregisters through a helper of the same file, two
 * calls deep (lhp_remove -> lhp_stop -> lhp_unplug).  The rule must not
 * fire: the device is unregistered before it is freed.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>
#include <linux/mdev.h>

struct lhp_state {
	struct vfio_device vdev;
	u8 *regs;
};

static const struct vfio_device_ops lhp_ops = {
	.name = "vfio-lhp",
};

static void lhp_unplug(struct lhp_state *st)
{
	vfio_unregister_group_dev(&st->vdev);
}

static void lhp_stop(struct lhp_state *st)
{
	lhp_unplug(st);
	kfree(st->regs);
}

static int lhp_probe(struct mdev_device *mdev)
{
	struct lhp_state *st;
	int ret;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	vfio_init_group_dev(&st->vdev, &mdev->dev, &lhp_ops);
	ret = vfio_register_group_dev(&st->vdev);
	if (ret)
		goto err_uninit;
	dev_set_drvdata(&mdev->dev, st);
	return 0;

err_uninit:
	vfio_uninit_group_dev(&st->vdev);
	kfree(st);
	return ret;
}

static void lhp_remove(struct mdev_device *mdev)
{
	struct lhp_state *st = dev_get_drvdata(&mdev->dev);

	lhp_stop(st);
	vfio_uninit_group_dev(&st->vdev);
	kfree(st);
}

static struct mdev_driver lhp_driver = {
	.probe	= lhp_probe,
	.remove	= lhp_remove,
};
