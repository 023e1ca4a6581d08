// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: the plainest old form, for the edge cases of
 * tests/63-convert-edges.t (line endings, encodings, failing tools).
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>

struct les_state {
	struct vfio_device vdev;
	int id;
};

static const struct vfio_device_ops les_ops = {
	.name = "vfio-les",
};

static int les_probe(struct device *dev)
{
	struct les_state *st;
	int ret;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	vfio_init_group_dev(&st->vdev, dev, &les_ops);
	ret = vfio_register_group_dev(&st->vdev);
	if (ret) {
		vfio_uninit_group_dev(&st->vdev);
		kfree(st);
		return ret;
	}
	dev_set_drvdata(dev, st);
	return 0;
}

static void les_remove(struct device *dev)
{
	struct les_state *st = dev_get_drvdata(dev);

	vfio_unregister_group_dev(&st->vdev);
	vfio_uninit_group_dev(&st->vdev);
	kfree(st);
}
