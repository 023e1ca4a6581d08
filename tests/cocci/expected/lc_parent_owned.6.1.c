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
	struct completion vdev_released;
	atomic_t avail;
};

static void lco_release_dev(struct vfio_device *vdev)
{
	struct lco_channel *ch = container_of(vdev, struct lco_channel, vdev);

	/*
	 * The structure belongs to the parent, which frees or reuses it once
	 * the put in remove returns; the put waits for this.
	 */
	complete(&ch->vdev_released);
}

static const struct vfio_device_ops lco_ops = {
	.name = "lco",
	.release = lco_release_dev,
};

static int lco_probe(struct mdev_device *mdev)
{
	struct lco_channel *ch = dev_get_drvdata(mdev->dev.parent);
	int ret;

	if (atomic_dec_if_positive(&ch->avail) < 0)
		return -EPERM;

	init_completion(&ch->vdev_released);
	ret = vfio_init_device(&ch->vdev, &mdev->dev, &lco_ops);
	if (ret)
		goto err_uninit_init;
	ret = vfio_register_emulated_iommu_dev(&ch->vdev);
	if (ret)
		goto err_uninit;
	dev_set_drvdata(&mdev->dev, ch);
	return 0;

err_uninit:
	vfio_put_device(&ch->vdev);
	wait_for_completion(&ch->vdev_released);
err_uninit_init:
	atomic_inc(&ch->avail);
	return ret;
}

static void lco_remove(struct mdev_device *mdev)
{
	struct lco_channel *ch = dev_get_drvdata(mdev->dev.parent);

	vfio_unregister_group_dev(&ch->vdev);
	vfio_put_device(&ch->vdev);
	wait_for_completion(&ch->vdev_released);
	atomic_inc(&ch->avail);
}
