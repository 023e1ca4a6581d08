// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: still the old life cycle.  This comment names the new API,
 * vfio_alloc_device() and vfio_put_device(), and a string does too; the
 * file has an #ifdef (power management) that has nothing to do with the
 * life cycle.  Neither makes it a file that "supports both APIs": it must
 * be converted.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>

struct lec_state {
	struct vfio_device vdev;
	u8 *regs;
};

static const struct vfio_device_ops lec_ops = {
	.name = "vfio-lec (not yet vfio_alloc_device)",
};

static int lec_probe(struct device *dev)
{
	struct lec_state *st;
	int ret;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	vfio_init_group_dev(&st->vdev, dev, &lec_ops);
	ret = vfio_register_group_dev(&st->vdev);
	if (ret)
		goto err_uninit;
	dev_set_drvdata(dev, st);
	return 0;

err_uninit:
	vfio_uninit_group_dev(&st->vdev);
	kfree(st);
	return ret;
}

static void lec_remove(struct device *dev)
{
	struct lec_state *st = dev_get_drvdata(dev);

	vfio_unregister_group_dev(&st->vdev);
	vfio_uninit_group_dev(&st->vdev);
	kfree(st);
}

#ifdef CONFIG_PM
static int lec_suspend(struct device *dev)
{
	return 0;
}
#endif
