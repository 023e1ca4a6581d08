// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: the state is allocated by a helper of this file that returns
 * NULL on failure, but one failure path frees the state and then jumps
 * to a shared exit instead of returning: the rewrite (which drops a free
 * of the state right before a return) would leave that free, so the file
 * is refused, naming the helper and the free.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>

struct lhk_state {
	struct vfio_device vdev;
	u8 *buf;
};

static int lhk_fails;

static const struct vfio_device_ops lhk_ops = {
	.name = "lhk",
};

static struct lhk_state *lhk_new(void)
{
	struct lhk_state *st;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return NULL;
	st->buf = kzalloc(64, GFP_KERNEL);
	if (!st->buf) {
		kfree(st);
		st = NULL;
		goto out;
	}
out:
	if (!st)
		lhk_fails++;
	return st;
}

static int lhk_probe(struct device *dev)
{
	struct lhk_state *st;
	int ret;

	st = lhk_new();
	if (!st)
		return -ENOMEM;
	vfio_init_group_dev(&st->vdev, dev, &lhk_ops);
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

static void lhk_remove(struct device *dev)
{
	struct lhk_state *st = dev_get_drvdata(dev);

	vfio_unregister_group_dev(&st->vdev);
	vfio_uninit_group_dev(&st->vdev);
	kfree(st->buf);
	kfree(st);
}
