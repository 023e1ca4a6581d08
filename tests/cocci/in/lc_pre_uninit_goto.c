// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: a 5.13/5.14-era driver (no vfio_uninit_group_dev()) whose
 * probe jumps to the same free from before the init and after it: an
 * uninit there would uninitialise a device never initialised on the
 * first path, so the file is refused, naming the free and the goto.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>
#include <linux/mdev.h>

struct lcg_state {
	struct vfio_device vdev;
	int users;
};

static int lcg_open(struct vfio_device *vdev)
{
	struct lcg_state *st = container_of(vdev, struct lcg_state, vdev);

	st->users++;
	return 0;
}

static void lcg_close(struct vfio_device *vdev)
{
	struct lcg_state *st = container_of(vdev, struct lcg_state, vdev);

	st->users--;
}

static const struct vfio_device_ops lcg_ops = {
	.name = "lcg",
	.open = lcg_open,
	.release = lcg_close,
};

static int lcg_probe(struct mdev_device *mdev)
{
	struct lcg_state *st;
	int ret;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	if (!mdev->type) {
		ret = -ENODEV;
		goto err;
	}
	vfio_init_group_dev(&st->vdev, &mdev->dev, &lcg_ops);
	ret = vfio_register_group_dev(&st->vdev);
	if (ret)
		goto err;
	dev_set_drvdata(&mdev->dev, st);
	return 0;
err:
	kfree(st);
	return ret;
}

static void lcg_remove(struct mdev_device *mdev)
{
	struct lcg_state *st = dev_get_drvdata(&mdev->dev);

	vfio_unregister_group_dev(&st->vdev);
	kfree(st);
}
