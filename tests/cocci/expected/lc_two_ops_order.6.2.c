// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: two ops structures in one file, each with its own probe; the
 * vfio_device is not the first member (vfio_alloc_device() needs it at
 * offset 0); early returns with uninit + kfree inline instead of a ladder.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>

struct lct_state {
	struct vfio_device vdev;
	unsigned long flags;
	/* embedded vfio device */
	void *buf;
};

static const struct vfio_device_ops lct_basic_ops = {
	.name = "lct-basic",
};

static const struct vfio_device_ops lct_full_ops = {
	.name = "lct-full",
};

static const struct vfio_device_ops lct_unused_ops = {
	.name = "lct-unused",
};

static int lct_probe_basic(struct device *dev)
{
	struct lct_state *st;
	int ret;

	st = vfio_alloc_device(lct_state, vdev, dev, &lct_basic_ops);
	if (IS_ERR(st))
		return PTR_ERR(st);
	ret = vfio_register_group_dev(&st->vdev);
	if (ret) {
		vfio_put_device(&st->vdev);
		return ret;
	}
	return 0;
}

static int lct_probe_full(struct device *dev, unsigned long flags)
{
	struct lct_state *st;
	int ret;

	st = vfio_alloc_device(lct_state, vdev, dev, &lct_full_ops);
	if (IS_ERR(st))
		return PTR_ERR(st);
	st->flags = flags;
	if (flags & 1) {
		st->buf = kmalloc(4096, GFP_KERNEL);
		if (!st->buf) {
			vfio_put_device(&st->vdev);
			return -ENOMEM;
		}
	}
	ret = vfio_register_group_dev(&st->vdev);
	if (ret) {
		kfree(st->buf);
		vfio_put_device(&st->vdev);
		return ret;
	}
	return 0;
}

static void lct_remove(struct lct_state *st)
{
	vfio_unregister_group_dev(&st->vdev);
	kfree(st->buf);
	vfio_put_device(&st->vdev);
}
