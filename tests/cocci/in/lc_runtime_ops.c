// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: the ops are chosen after the allocation, from state the driver
 * computes into the allocated structure.  vfio_alloc_device() would need
 * the ops before that: not provably safe, so the file must be reported and
 * left as it is.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>

struct lcr_state {
	struct vfio_device vdev;
	bool fast;
};

static const struct vfio_device_ops lcr_slow_ops = {
	.name = "lcr-slow",
};

static const struct vfio_device_ops lcr_fast_ops = {
	.name = "lcr-fast",
};

static bool lcr_probe_hw(struct lcr_state *st, struct device *dev)
{
	st->fast = dev_to_node(dev) == 0;
	return st->fast;
}

static int lcr_probe(struct device *dev)
{
	struct lcr_state *st;
	int ret;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	if (lcr_probe_hw(st, dev))
		vfio_init_group_dev(&st->vdev, dev, &lcr_fast_ops);
	else
		vfio_init_group_dev(&st->vdev, dev, &lcr_slow_ops);
	ret = vfio_register_group_dev(&st->vdev);
	if (ret) {
		vfio_uninit_group_dev(&st->vdev);
		kfree(st);
	}
	return ret;
}
