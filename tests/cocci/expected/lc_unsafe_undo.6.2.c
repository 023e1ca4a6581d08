// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: registration failure undoes something remove() never undoes
 * (remove forgets the buffer).  A release callback cannot serve both, so
 * only the minimal conversion is provably the same program.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>

struct lcu_state {
	struct vfio_device vdev;
	void *buf;
};

static const struct vfio_device_ops lcu_ops = {
	.name = "lcu",
};

static int lcu_probe(struct device *dev)
{
	struct lcu_state *st;
	int ret;

	st = vfio_alloc_device(lcu_state, vdev, dev, &lcu_ops);
	if (IS_ERR(st))
		return PTR_ERR(st);
	st->buf = kzalloc(64, GFP_KERNEL);
	if (!st->buf) {
		ret = -ENOMEM;
		goto err_uninit;
	}
	ret = vfio_register_group_dev(&st->vdev);
	if (ret)
		goto err_buf;
	dev_set_drvdata(dev, st);
	return 0;

err_buf:
	kfree(st->buf);
err_uninit:
	vfio_put_device(&st->vdev);
	return ret;
}

static void lcu_remove(struct device *dev)
{
	struct lcu_state *st = dev_get_drvdata(dev);

	vfio_unregister_group_dev(&st->vdev);
	vfio_put_device(&st->vdev);
}
