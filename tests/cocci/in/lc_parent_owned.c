// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: the structure that embeds the vfio_device belongs to the
 * parent (it is found, not allocated, in probe, and never freed here).
 * On a 6.1 target: vfio_init_device(), a put where the uninit was, a new
 * label so that a failing vfio_init_device() skips the put, and an
 * @release that frees nothing but completes a new member that every put
 * waits for: the parent reuses the structure on the next probe.  Nothing
 * is set up between init and registration, so this is the idiomatic
 * form.  On 6.2+ (the core frees every device) it cannot be converted
 * mechanically: reported.
 */
#include <linux/module.h>
#include <linux/vfio.h>
#include <linux/mdev.h>

struct lco_channel {
	struct vfio_device vdev;
	atomic_t avail;
};

static const struct vfio_device_ops lco_ops = {
	.name = "lco",
};

static int lco_probe(struct mdev_device *mdev)
{
	struct lco_channel *ch = dev_get_drvdata(mdev->dev.parent);
	int ret;

	if (atomic_dec_if_positive(&ch->avail) < 0)
		return -EPERM;

	vfio_init_group_dev(&ch->vdev, &mdev->dev, &lco_ops);
	ret = vfio_register_emulated_iommu_dev(&ch->vdev);
	if (ret)
		goto err_uninit;
	dev_set_drvdata(&mdev->dev, ch);
	return 0;

err_uninit:
	vfio_uninit_group_dev(&ch->vdev);
	atomic_inc(&ch->avail);
	return ret;
}

static void lco_remove(struct mdev_device *mdev)
{
	struct lco_channel *ch = dev_get_drvdata(mdev->dev.parent);

	vfio_unregister_group_dev(&ch->vdev);
	vfio_uninit_group_dev(&ch->vdev);
	atomic_inc(&ch->avail);
}
