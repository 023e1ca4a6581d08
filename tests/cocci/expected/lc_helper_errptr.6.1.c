// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: the state is allocated by a helper of this file that returns
 * an ERR_PTR, sets up a buffer of the state as well and frees the state
 * on its own failure path; the caller initialises the vfio_device.
 */
#include <linux/module.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/vfio.h>

struct lhe_state {
	struct vfio_device vdev;
	u8 *buf;
};

static int lhe_init_dev(struct vfio_device *core_vdev);
static void lhe_release_dev(struct vfio_device *core_vdev);
static const struct vfio_device_ops lhe_ops = {
	.name = "lhe",
	.init = lhe_init_dev,
	.release = lhe_release_dev,
};

static int lhe_alloc(struct lhe_state *st)
{
	st->buf = kzalloc(64, GFP_KERNEL);
	if (!st->buf)
		return -ENOMEM;
	return 0;
}

static int lhe_init_dev(struct vfio_device *core_vdev)
{
	struct lhe_state *st = container_of(core_vdev, struct lhe_state, vdev);

	return lhe_alloc(st);
}

static void lhe_release_dev(struct vfio_device *core_vdev)
{
	struct lhe_state *st = container_of(core_vdev, struct lhe_state, vdev);

	kfree(st->buf);
	vfio_free_device(core_vdev);
}

static int lhe_probe(struct device *dev)
{
	struct lhe_state *st;
	int ret;

	st = vfio_alloc_device(lhe_state, vdev, dev, &lhe_ops);
	if (IS_ERR(st))
		return PTR_ERR(st);
	ret = vfio_register_group_dev(&st->vdev);
	if (ret) {
		vfio_put_device(&st->vdev);
		return ret;
	}
	dev_set_drvdata(dev, st);
	return 0;
}

static void lhe_remove(struct device *dev)
{
	struct lhe_state *st = dev_get_drvdata(dev);

	vfio_unregister_group_dev(&st->vdev);
	vfio_put_device(&st->vdev);
}
