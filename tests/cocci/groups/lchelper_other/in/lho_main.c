// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: probe gets its state from lho_create_state() (lho_state.c),
 * initialises the vfio_device and registers it; remove destroys the
 * state there.  The cross-file helper stage rewrites lho_create_state()
 * and __lho_create() to set up a state they are given, lho_destroy_state()
 * to stop freeing it, and lho.h with them (prototype, vfio_device first):
 * converted, the three files in one group.
 */
#include <linux/module.h>
#include <linux/err.h>
#include <linux/mdev.h>
#include "lho.h"

static const struct vfio_device_ops lho_ops = {
	.name = "lho",
};

static int lho_probe(struct mdev_device *mdev)
{
	struct lho_state *st;
	int ret;

	st = lho_create_state(mdev->dev.id);
	if (IS_ERR(st))
		return PTR_ERR(st);
	vfio_init_group_dev(&st->vdev, &mdev->dev, &lho_ops);
	ret = vfio_register_emulated_iommu_dev(&st->vdev);
	if (ret) {
		vfio_uninit_group_dev(&st->vdev);
		lho_destroy_state(st);
		return ret;
	}
	dev_set_drvdata(&mdev->dev, st);
	return 0;
}

static void lho_remove(struct mdev_device *mdev)
{
	struct lho_state *st = dev_get_drvdata(&mdev->dev);

	vfio_unregister_group_dev(&st->vdev);
	vfio_uninit_group_dev(&st->vdev);
	lho_destroy_state(st);
}
