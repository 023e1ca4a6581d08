// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: a lock that the device's ops take is initialised only after
 * the registration, when userspace may already open the device and call
 * them.  Its set-up belongs in @init, before the registration.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/mutex.h>
#include <linux/vfio.h>
#include <linux/mdev.h>

struct lcl_state {
	struct vfio_device vdev;
	struct mutex lock;
	u32 regs;
};

static int lcl_open(struct vfio_device *vdev)
{
	struct lcl_state *st = container_of(vdev, struct lcl_state, vdev);

	mutex_lock(&st->lock);
	st->regs = 0;
	mutex_unlock(&st->lock);
	return 0;
}

static const struct vfio_device_ops lcl_dev_ops = {
	.name = "vfio-lcl",
	.open_device = lcl_open,
};

static int lcl_probe(struct mdev_device *mdev)
{
	struct lcl_state *st;
	int ret;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	vfio_init_group_dev(&st->vdev, &mdev->dev, &lcl_dev_ops);

	ret = vfio_register_emulated_iommu_dev(&st->vdev);
	if (ret)
		goto err_init;
	mutex_init(&st->lock);
	dev_set_drvdata(&mdev->dev, st);
	return 0;

err_init:
	vfio_uninit_group_dev(&st->vdev);
	kfree(st);
	return ret;
}

static void lcl_remove(struct mdev_device *mdev)
{
	struct lcl_state *st = dev_get_drvdata(&mdev->dev);

	vfio_unregister_group_dev(&st->vdev);
	mutex_destroy(&st->lock);
	vfio_uninit_group_dev(&st->vdev);
	kfree(st);
}
