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
	int id;
	u8 *buf;
	struct vfio_device vdev;
};

static const struct vfio_device_ops lhn_ops = {
	.name = "lhn",
};

static struct lhn_state *lhn_create(int id)
{
	struct lhn_state *st;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return NULL;
	st->id = id;
	st->buf = kzalloc(64, GFP_KERNEL);
	if (!st->buf)
		goto out_free;
	return st;

out_free:
	kfree(st);
	return NULL;
}

static void lhn_destroy(struct lhn_state *st)
{
	kfree(st->buf);
	kfree(st);
}

static int lhn_probe(struct mdev_device *mdev)
{
	struct lhn_state *st;
	int ret;

	st = lhn_create(7);
	if (!st)
		return -ENOMEM;
	vfio_init_group_dev(&st->vdev, &mdev->dev, &lhn_ops);
	ret = vfio_register_emulated_iommu_dev(&st->vdev);
	if (ret) {
		vfio_uninit_group_dev(&st->vdev);
		lhn_destroy(st);
		return ret;
	}
	dev_set_drvdata(&mdev->dev, st);
	return 0;
}

static void lhn_remove(struct mdev_device *mdev)
{
	struct lhn_state *st = dev_get_drvdata(&mdev->dev);

	vfio_unregister_group_dev(&st->vdev);
	vfio_uninit_group_dev(&st->vdev);
	lhn_destroy(st);
}
