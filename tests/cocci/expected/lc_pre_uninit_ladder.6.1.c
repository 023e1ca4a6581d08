// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: a 5.13/5.14-era driver (no vfio_uninit_group_dev() in the
 * API yet) with a goto ladder: a buffer is set up between the init and
 * the registration, a failure before the init frees the state without
 * one, and remove tears the buffer down between the unregister and the
 * free.  .open/.release are the open/close of the device file.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/vfio.h>
#include <linux/mdev.h>

struct lcl_state {
	struct vfio_device vdev;
	void *ring;
	int opened;
};

static int lcl_open(struct vfio_device *vdev)
{
	struct lcl_state *st = container_of(vdev, struct lcl_state, vdev);

	st->opened = 1;
	return 0;
}

static void lcl_release(struct vfio_device *vdev)
{
	struct lcl_state *st = container_of(vdev, struct lcl_state, vdev);

	st->opened = 0;
}

static int lcl_init_dev(struct vfio_device *core_vdev)
{
	struct lcl_state *st = container_of(core_vdev, struct lcl_state, vdev);
	struct mdev_device *mdev = to_mdev_device(core_vdev->dev);

	if (!mdev->type)
		return -ENODEV;
	st->ring = vzalloc(4096);
	if (!st->ring)
		return -ENOMEM;
	return 0;
}

static void lcl_release_dev(struct vfio_device *core_vdev)
{
	struct lcl_state *st = container_of(core_vdev, struct lcl_state, vdev);

	vfree(st->ring);
	vfio_free_device(core_vdev);
}

static const struct vfio_device_ops lcl_ops = {
	.name = "lcl",
	.open_device = lcl_open,
	.close_device = lcl_release,
	.init = lcl_init_dev,
	.release = lcl_release_dev,
};

static int lcl_probe(struct mdev_device *mdev)
{
	struct lcl_state *st;
	int ret;

	st = vfio_alloc_device(lcl_state, vdev, &mdev->dev, &lcl_ops);
	if (IS_ERR(st))
		return PTR_ERR(st);
	ret = vfio_register_group_dev(&st->vdev);
	if (ret)
		goto err_ring;
	dev_set_drvdata(&mdev->dev, st);
	return 0;

err_ring:
	vfio_put_device(&st->vdev);
	return ret;
}

static void lcl_remove(struct mdev_device *mdev)
{
	struct lcl_state *st = dev_get_drvdata(&mdev->dev);

	vfio_unregister_group_dev(&st->vdev);
	vfio_put_device(&st->vdev);
}
