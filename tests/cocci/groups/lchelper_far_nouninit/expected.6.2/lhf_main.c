// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: lhf_main.c of lchelper_far_msg, without any
 * vfio_uninit_group_dev() (a driver that forgot it): the cross-file
 * helper stage hands its copy to the no-uninit stage, which puts the
 * uninit before the frees the first one added after lhf_destroy();
 * converted as lchelper_far_msg is.
 */
#include <linux/module.h>
#include <linux/err.h>
#include <linux/mdev.h>
#include "lhf.h"

static const struct vfio_device_ops lhf_ops = {
	.name = "lhf",
};

static int lhf_probe(struct mdev_device *mdev)
{
	struct device *pdev = mdev->dev.parent;
	struct lhf_parent *parent = dev_get_drvdata(pdev);
	struct lhf_state *st;
	int ret;

	st = vfio_alloc_device(lhf_state, vdev, &mdev->dev, &lhf_ops);
	if (IS_ERR(st)) {
		dev_err(&mdev->dev, "cannot create the state: %ld\n", PTR_ERR(st));
		return PTR_ERR(st);
	}

	ret = lhf_create(st, parent, mdev->dev.id);
	if (ret) {
		dev_err(&mdev->dev, "cannot create the state: %ld\n", (long)ret);
		vfio_put_device(&st->vdev);
		return ret;
	}
	ret = vfio_register_emulated_iommu_dev(&st->vdev);
	if (ret) {
		lhf_destroy(st);
		vfio_put_device(&st->vdev);
		return ret;
	}
	dev_set_drvdata(&mdev->dev, st);
	return 0;
}

static void lhf_remove(struct mdev_device *mdev)
{
	struct lhf_state *st = dev_get_drvdata(&mdev->dev);

	vfio_unregister_group_dev(&st->vdev);
	lhf_destroy(st);
	vfio_put_device(&st->vdev);
}
