// SPDX-License-Identifier: GPL-2.0-only
/*
 * Checker fixture, old form with a bug of its own that the conversion
 * keeps: remove frees a buffer and the state but never unregisters.
 * The conversion joins the two-line allocation into one and drops the
 * init call (and adds a .release on 6.1), so the register call is not
 * on the same line of the conversion as of this file: the refusal must
 * name this file's line.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>
#include <linux/mdev.h>

struct onl_state {
	struct vfio_device vdev;
	void *buf;
};

static const struct vfio_device_ops onl_ops = {
	.name = "onl",
};

static int onl_probe(struct mdev_device *mdev)
{
	struct onl_state *st;
	int ret;

	st = kzalloc(sizeof(*st),
		     GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	vfio_init_group_dev(&st->vdev, &mdev->dev, &onl_ops);
	st->buf = kzalloc(64, GFP_KERNEL);
	if (!st->buf) {
		ret = -ENOMEM;
		goto err_uninit;
	}
	ret = vfio_register_emulated_iommu_dev(&st->vdev);
	if (ret)
		goto err_buf;
	dev_set_drvdata(&mdev->dev, st);
	return 0;

err_buf:
	kfree(st->buf);
err_uninit:
	vfio_uninit_group_dev(&st->vdev);
	kfree(st);
	return ret;
}

static void onl_remove(struct mdev_device *mdev)
{
	struct onl_state *st = dev_get_drvdata(&mdev->dev);

	kfree(st->buf);
	vfio_uninit_group_dev(&st->vdev);
	kfree(st);
}
