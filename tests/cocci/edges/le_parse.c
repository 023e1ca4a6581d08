// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: a syntax error (a missing ";") in probe: spatch
 * cannot parse probe, so only remove would be converted: refused.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>

struct lep_state {
	struct vfio_device vdev;
	int id;
};

static const struct vfio_device_ops lep_ops = {
	.name = "vfio-lep",
};

static int lep_probe(struct device *dev)
{
	struct lep_state *st;
	int ret;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	vfio_init_group_dev(&st->vdev, dev, &lep_ops);
	ret = vfio_register_group_dev(&st->vdev)
	if (ret) {
		vfio_uninit_group_dev(&st->vdev);
		kfree(st);
		return ret;
	}
	dev_set_drvdata(dev, st);
	return 0;
}

static void lep_remove(struct device *dev)
{
	struct lep_state *st = dev_get_drvdata(dev);

	vfio_unregister_group_dev(&st->vdev);
	vfio_uninit_group_dev(&st->vdev);
	kfree(st);
}
