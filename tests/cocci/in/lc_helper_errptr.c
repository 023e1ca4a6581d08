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

static const struct vfio_device_ops lhe_ops = {
	.name = "lhe",
};

static struct lhe_state *lhe_alloc(void)
{
	struct lhe_state *st;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return ERR_PTR(-ENOMEM);
	st->buf = kzalloc(64, GFP_KERNEL);
	if (!st->buf) {
		kfree(st);
		return ERR_PTR(-ENOMEM);
	}
	return st;
}

static int lhe_probe(struct device *dev)
{
	struct lhe_state *st;
	int ret;

	st = lhe_alloc();
	if (IS_ERR(st))
		return PTR_ERR(st);
	vfio_init_group_dev(&st->vdev, dev, &lhe_ops);
	ret = vfio_register_group_dev(&st->vdev);
	if (ret) {
		vfio_uninit_group_dev(&st->vdev);
		kfree(st->buf);
		kfree(st);
		return ret;
	}
	dev_set_drvdata(dev, st);
	return 0;
}

static void lhe_remove(struct device *dev)
{
	struct lhe_state *st = dev_get_drvdata(dev);

	vfio_unregister_group_dev(&st->vdev);
	vfio_uninit_group_dev(&st->vdev);
	kfree(st->buf);
	kfree(st);
}
