// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: a driver of the 5.15+ API (its ops have .open_device and
 * .close_device) that forgot vfio_uninit_group_dev(): probe's failure
 * path and remove free the state right after the init's failure and the
 * unregister.  The frees become the put; the ops keep their names.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>
#include <linux/mdev.h>

struct lcf_state {
	struct vfio_device vdev;
	struct mutex lock;
	unsigned int opens;
};

static int lcf_open_device(struct vfio_device *vdev)
{
	struct lcf_state *st = container_of(vdev, struct lcf_state, vdev);

	mutex_lock(&st->lock);
	st->opens++;
	mutex_unlock(&st->lock);
	return 0;
}

static void lcf_close_device(struct vfio_device *vdev)
{
	struct lcf_state *st = container_of(vdev, struct lcf_state, vdev);

	mutex_lock(&st->lock);
	st->opens--;
	mutex_unlock(&st->lock);
}

static int lcf_init_dev(struct vfio_device *core_vdev)
{
	struct lcf_state *st = container_of(core_vdev, struct lcf_state, vdev);

	mutex_init(&st->lock);
	return 0;
}

static const struct vfio_device_ops lcf_ops = {
	.name = "lcf",
	.open_device = lcf_open_device,
	.close_device = lcf_close_device,
	.init = lcf_init_dev,
};

static int lcf_probe(struct mdev_device *mdev)
{
	struct lcf_state *st;
	int ret;

	st = vfio_alloc_device(lcf_state, vdev, &mdev->dev, &lcf_ops);
	if (IS_ERR(st))
		return PTR_ERR(st);
	ret = vfio_register_emulated_iommu_dev(&st->vdev);
	if (ret) {
		vfio_put_device(&st->vdev);
		return ret;
	}
	dev_set_drvdata(&mdev->dev, st);
	return 0;
}

static void lcf_remove(struct mdev_device *mdev)
{
	struct lcf_state *st = dev_get_drvdata(&mdev->dev);

	vfio_unregister_group_dev(&st->vdev);
	vfio_put_device(&st->vdev);
}
