// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: the pre-uninit API generation (Linux 5.13/5.14).  The driver
 * allocates its state and calls vfio_init_group_dev(), but there is no
 * vfio_uninit_group_dev() yet: remove unregisters and frees.  The ops'
 * .open and .release are the open and close callbacks of the device
 * file, not the life cycle's @release: they become .open_device and
 * .close_device, the frees after the init and after the unregister
 * become the put, and no second .release is ever added beside a close.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>
#include <linux/mdev.h>

struct lcp_state {
	struct vfio_device vdev;
	int users;
};

static int lcp_open(struct vfio_device *vdev)
{
	struct lcp_state *st = container_of(vdev, struct lcp_state, vdev);

	st->users++;
	return 0;
}

static void lcp_close(struct vfio_device *vdev)
{
	struct lcp_state *st = container_of(vdev, struct lcp_state, vdev);

	st->users--;
}

static const struct vfio_device_ops lcp_ops = {
	.name = "lcp",
	.open_device = lcp_open,
	.close_device = lcp_close,
};

static int lcp_probe(struct mdev_device *mdev)
{
	struct lcp_state *st;
	int ret;

	st = vfio_alloc_device(lcp_state, vdev, &mdev->dev, &lcp_ops);
	if (IS_ERR(st))
		return PTR_ERR(st);
	ret = vfio_register_group_dev(&st->vdev);
	if (ret) {
		vfio_put_device(&st->vdev);
		return ret;
	}
	dev_set_drvdata(&mdev->dev, st);
	return 0;
}

static void lcp_remove(struct mdev_device *mdev)
{
	struct lcp_state *st = dev_get_drvdata(&mdev->dev);

	vfio_unregister_group_dev(&st->vdev);
	vfio_put_device(&st->vdev);
}
