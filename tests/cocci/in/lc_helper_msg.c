// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: the state is allocated by a helper of this file that returns
 * an ERR_PTR and frees the state on its own failure path, but the caller
 * does more than return when the helper fails (it logs the error): the
 * helper rewrite would lose that message for a failing allocation, so the
 * file is refused, naming the helper and the check.
 */
#include <linux/module.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/vfio.h>

struct lhm_state {
	struct vfio_device vdev;
	u8 *buf;
};

static const struct vfio_device_ops lhm_ops = {
	.name = "lhm",
};

static struct lhm_state *lhm_alloc(void)
{
	struct lhm_state *st;

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

static int lhm_probe(struct device *dev)
{
	struct lhm_state *st;
	int ret;

	st = lhm_alloc();
	if (IS_ERR(st)) {
		dev_err(dev, "no state: %ld\n", PTR_ERR(st));
		return PTR_ERR(st);
	}
	vfio_init_group_dev(&st->vdev, dev, &lhm_ops);
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

static void lhm_remove(struct device *dev)
{
	struct lhm_state *st = dev_get_drvdata(dev);

	vfio_unregister_group_dev(&st->vdev);
	vfio_uninit_group_dev(&st->vdev);
	kfree(st->buf);
	kfree(st);
}
