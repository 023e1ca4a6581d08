// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: no goto ladder at all.  Each failure after init undoes what it
 * must inline and returns; the parent device comes in as a struct device.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>

struct lci_state {
	struct vfio_device vdev;
	void *ring;
	void *shadow;
};

static const struct vfio_device_ops lci_ops = {
	.name = "lci",
	.release = vfio_free_device,
};

static int lci_probe(struct device *dev)
{
	struct lci_state *st;
	int ret;

	st = vfio_alloc_device(lci_state, vdev, dev, &lci_ops);
	if (IS_ERR(st))
		return PTR_ERR(st);
	st->ring = kzalloc(256, GFP_KERNEL);
	if (!st->ring) {
		vfio_put_device(&st->vdev);
		return -ENOMEM;
	}
	st->shadow = vzalloc(1 << 20);
	if (!st->shadow) {
		kfree(st->ring);
		vfio_put_device(&st->vdev);
		return -ENOMEM;
	}
	ret = vfio_register_group_dev(&st->vdev);
	if (ret) {
		vfree(st->shadow);
		kfree(st->ring);
		vfio_put_device(&st->vdev);
		return ret;
	}
	dev_set_drvdata(dev, st);
	return 0;
}

static void lci_remove(struct device *dev)
{
	struct lci_state *st = dev_get_drvdata(dev);

	vfio_unregister_group_dev(&st->vdev);
	vfree(st->shadow);
	kfree(st->ring);
	vfio_put_device(&st->vdev);
}
