// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: a mid-layer library whose remove undoes one step after
 * vfio_uninit_group_dev(): lctail_probe_common() initialises the
 * vfio_device its callers allocated, sets up a table, takes the parent's
 * domain last, and registers; lctail_remove_common() unregisters, puts
 * the table, uninitialises and only then puts the domain.  The domain
 * stays with probe and remove; the table moves to @init/@release.
 * Written here in the old style; converted together with lctail_a.c,
 * lctail_b.c and lctail.h.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/pm_runtime.h>
#include "lctail.h"

int lctail_open_device(struct vfio_device *core_vdev)
{
	return 0;
}
EXPORT_SYMBOL_GPL(lctail_open_device);

void lctail_close_device(struct vfio_device *core_vdev)
{
}
EXPORT_SYMBOL_GPL(lctail_close_device);

ssize_t lctail_read(struct vfio_device *core_vdev, char __user *buf,
		    size_t count, loff_t *ppos)
{
	return -EINVAL;
}
EXPORT_SYMBOL_GPL(lctail_read);

static int lctail_get_table(struct lctail_state *st)
{
	st->table = kzalloc(64, GFP_KERNEL);
	return st->table ? 0 : -ENOMEM;
}

static void lctail_put_table(struct lctail_state *st)
{
	kfree(st->table);
}

int lctail_init_common(struct lctail_state *st)
{
	struct device *dev = st->vdev.dev;
	int ret;

	st->parent = dev;
	if (st->get_irq(st, 0) < 0)
		return -ENXIO;

	ret = lctail_get_table(st);
	if (ret && st->need_table) {
		dev_err(dev, "no table for %s\n", st->label);
		return ret;
	}

	return 0;
}
EXPORT_SYMBOL_GPL(lctail_init_common);

void lctail_release_common(struct lctail_state *st)
{
	lctail_put_table(st);
}
EXPORT_SYMBOL_GPL(lctail_release_common);

int lctail_probe_common(struct lctail_state *st, struct device *dev)
{
	struct lctail_domain *dom;
	int ret;

	dom = lctail_domain_get(dev);
	if (!dom) {
		dev_err(dev, "no domain for %s\n", st->label);
		ret = -ENODEV;
		return ret;
	}

	ret = vfio_register_group_dev(&st->vdev);
	if (ret)
		goto out_domain;

	mutex_init(&st->lock);
	pm_runtime_enable(dev);
	return 0;

out_domain:
	lctail_domain_put(dom, dev);
	return ret;
}
EXPORT_SYMBOL_GPL(lctail_probe_common);

void lctail_remove_common(struct lctail_state *st)
{
	vfio_unregister_group_dev(&st->vdev);
	pm_runtime_disable(st->parent);
	lctail_domain_put(lctail_domain_of(st->parent), st->parent);
}
EXPORT_SYMBOL_GPL(lctail_remove_common);

MODULE_LICENSE("GPL");
