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

static int lho_init_dev(struct vfio_device *core_vdev)
{
	struct lho_state *st = container_of(core_vdev, struct lho_state, vdev);
	struct mdev_device *mdev = to_mdev_device(core_vdev->dev);

	return lho_create_state(st, mdev->dev.id);
}

static void lho_release_dev(struct vfio_device *core_vdev)
{
	struct lho_state *st = container_of(core_vdev, struct lho_state, vdev);

	lho_destroy_state(st);
}

static const struct vfio_device_ops lho_ops = {
	.name = "lho",
	.init = lho_init_dev,
	.release = lho_release_dev,
};

static int lho_probe(struct mdev_device *mdev)
{
	struct lho_state *st;
	int ret;

	st = vfio_alloc_device(lho_state, vdev, &mdev->dev, &lho_ops);
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

static void lho_remove(struct mdev_device *mdev)
{
	struct lho_state *st = dev_get_drvdata(&mdev->dev);

	vfio_unregister_group_dev(&st->vdev);
	vfio_put_device(&st->vdev);
}
