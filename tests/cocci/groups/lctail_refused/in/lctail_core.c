// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: a mid-layer library whose remove undoes one step after
 * vfio_uninit_group_dev(): lctail_probe_common() initialises the
 * vfio_device its callers allocated, sets up a table, takes the parent's
 * domain last, and registers; lctail_remove_common() unregisters, puts
 * the table, uninitialises and only then puts the domain.  The domain
 * stays with probe and remove; the table moves to @init/@release.
 * Refused variant: what remove does after the uninit (forgetting the
 * domain) is not what the registration failure undoes first (putting
 * it), so which set-up stays with probe cannot be told.
 * Written here in the old style; converted together with lctail_a.c,
 * lctail_b.c and lctail.h.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/pm_runtime.h>
#include "lctail.h"

static int lctail_open_device(struct vfio_device *core_vdev)
{
	return 0;
}

static void lctail_close_device(struct vfio_device *core_vdev)
{
}

static ssize_t lctail_read(struct vfio_device *core_vdev, char __user *buf,
			  size_t count, loff_t *ppos)
{
	return -EINVAL;
}

static const struct vfio_device_ops lctail_ops = {
	.name		= "vfio-lctail",
	.open_device	= lctail_open_device,
	.close_device	= lctail_close_device,
	.read		= lctail_read,
};

static int lctail_get_table(struct lctail_state *st)
{
	st->table = kzalloc(64, GFP_KERNEL);
	return st->table ? 0 : -ENOMEM;
}

static void lctail_put_table(struct lctail_state *st)
{
	kfree(st->table);
}

int lctail_probe_common(struct lctail_state *st, struct device *dev)
{
	struct lctail_domain *dom;
	int ret;

	vfio_init_group_dev(&st->vdev, dev, &lctail_ops);

	st->parent = dev;
	if (st->get_irq(st, 0) < 0) {
		ret = -ENXIO;
		goto out_uninit;
	}

	ret = lctail_get_table(st);
	if (ret && st->need_table) {
		dev_err(dev, "no table for %s\n", st->label);
		goto out_uninit;
	}

	dom = lctail_domain_get(dev);
	if (!dom) {
		dev_err(dev, "no domain for %s\n", st->label);
		ret = -ENODEV;
		goto out_table;
	}

	ret = vfio_register_group_dev(&st->vdev);
	if (ret)
		goto out_domain;

	mutex_init(&st->lock);
	pm_runtime_enable(dev);
	return 0;

out_domain:
	lctail_domain_put(dom, dev);
out_table:
	lctail_put_table(st);
out_uninit:
	vfio_uninit_group_dev(&st->vdev);
	return ret;
}
EXPORT_SYMBOL_GPL(lctail_probe_common);

void lctail_remove_common(struct lctail_state *st)
{
	vfio_unregister_group_dev(&st->vdev);
	pm_runtime_disable(st->parent);
	lctail_put_table(st);
	vfio_uninit_group_dev(&st->vdev);
	lctail_domain_forget(st->parent);
}
EXPORT_SYMBOL_GPL(lctail_remove_common);

MODULE_LICENSE("GPL");
