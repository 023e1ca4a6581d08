// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: a mid-layer library.  lcmid_probe_common() initialises the
 * vfio_device its callers allocated, sets up a table and a lock, and
 * registers; lcmid_remove_common() undoes it.  Written here in the old
 * style; converted together with lcmid_a.c, lcmid_b.c and lcmid.h.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/pm_runtime.h>
#include "lcmid.h"

static int lcmid_open_device(struct vfio_device *core_vdev)
{
	return 0;
}

static void lcmid_close_device(struct vfio_device *core_vdev)
{
}

static ssize_t lcmid_read(struct vfio_device *core_vdev, char __user *buf,
			  size_t count, loff_t *ppos)
{
	return -EINVAL;
}

static const struct vfio_device_ops lcmid_ops = {
	.name		= "vfio-lcmid",
	.open_device	= lcmid_open_device,
	.close_device	= lcmid_close_device,
	.read		= lcmid_read,
};

static int lcmid_get_table(struct lcmid_state *st)
{
	st->table = kzalloc(64, GFP_KERNEL);
	return st->table ? 0 : -ENOMEM;
}

static void lcmid_put_table(struct lcmid_state *st)
{
	kfree(st->table);
}

int lcmid_probe_common(struct lcmid_state *st, struct device *dev)
{
	int ret;

	vfio_init_group_dev(&st->vdev, dev, &lcmid_ops);

	st->parent = dev;
	if (st->get_irq(st, 0) < 0) {
		ret = -ENXIO;
		goto out_uninit;
	}

	ret = lcmid_get_table(st);
	if (ret && st->need_table) {
		dev_err(dev, "no table for %s\n", st->label);
		goto out_uninit;
	}

	ret = vfio_register_group_dev(&st->vdev);
	if (ret)
		goto out_table;

	mutex_init(&st->lock);
	pm_runtime_enable(dev);
	return 0;

out_table:
	lcmid_put_table(st);
out_uninit:
	vfio_uninit_group_dev(&st->vdev);
	return ret;
}
EXPORT_SYMBOL_GPL(lcmid_probe_common);

void lcmid_remove_common(struct lcmid_state *st)
{
	vfio_unregister_group_dev(&st->vdev);
	pm_runtime_disable(st->parent);
	lcmid_put_table(st);
	vfio_uninit_group_dev(&st->vdev);
}
EXPORT_SYMBOL_GPL(lcmid_remove_common);

MODULE_LICENSE("GPL");
