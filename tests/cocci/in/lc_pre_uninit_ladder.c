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

static const struct vfio_device_ops lcl_ops = {
	.name = "lcl",
	.open = lcl_open,
	.release = lcl_release,
};

static int lcl_probe(struct mdev_device *mdev)
{
	struct lcl_state *st;
	int ret;

	st = kvzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	if (!mdev->type) {
		kvfree(st);
		return -ENODEV;
	}
	vfio_init_group_dev(&st->vdev, &mdev->dev, &lcl_ops);
	st->ring = vzalloc(4096);
	if (!st->ring) {
		ret = -ENOMEM;
		goto err_free;
	}
	ret = vfio_register_group_dev(&st->vdev);
	if (ret)
		goto err_ring;
	dev_set_drvdata(&mdev->dev, st);
	return 0;

err_ring:
	vfree(st->ring);
err_free:
	kvfree(st);
	return ret;
}

static void lcl_remove(struct mdev_device *mdev)
{
	struct lcl_state *st = dev_get_drvdata(&mdev->dev);

	vfio_unregister_group_dev(&st->vdev);
	vfree(st->ring);
	kvfree(st);
}
