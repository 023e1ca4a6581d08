// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: the state is allocated by a helper of this file that returns
 * NULL on failure, sets up a buffer of the state as well and frees the
 * state on its own failure path; a destroy counterpart tears the buffer
 * down and frees the state.  The caller initialises the vfio_device.
 * The helper becomes the set-up of a state it is given (called from
 * @init), the destroy counterpart stops freeing (called from @release).
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>
#include <linux/mdev.h>

struct lhn_state {
	struct vfio_device vdev;
	int id;
	u8 *buf;
};

static int lhn_init_dev(struct vfio_device *core_vdev);
static void lhn_release_dev(struct vfio_device *core_vdev);
static const struct vfio_device_ops lhn_ops = {
	.name = "lhn",
	.init = lhn_init_dev,
	.release = lhn_release_dev,
};

static int lhn_create(struct lhn_state *st, int id)
{
	st->id = id;
	st->buf = kzalloc(64, GFP_KERNEL);
	if (!st->buf)
		return -ENOMEM;
	return 0;
}

static void lhn_destroy(struct lhn_state *st)
{
	kfree(st->buf);
}

static int lhn_init_dev(struct vfio_device *core_vdev)
{
	struct lhn_state *st = container_of(core_vdev, struct lhn_state, vdev);

	return lhn_create(st, 7);
}

static void lhn_release_dev(struct vfio_device *core_vdev)
{
	struct lhn_state *st = container_of(core_vdev, struct lhn_state, vdev);

	lhn_destroy(st);
}

static int lhn_probe(struct mdev_device *mdev)
{
	struct lhn_state *st;
	int ret;

	st = vfio_alloc_device(lhn_state, vdev, &mdev->dev, &lhn_ops);
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

static void lhn_remove(struct mdev_device *mdev)
{
	struct lhn_state *st = dev_get_drvdata(&mdev->dev);

	vfio_unregister_group_dev(&st->vdev);
	vfio_put_device(&st->vdev);
}
