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
	.release = vfio_free_device,
};

static int lec_probe(struct device *dev)
{
	struct lec_state *st;
	int ret;

	st = vfio_alloc_device(lec_state, vdev, dev, &lec_ops);
	if (IS_ERR(st))
		return PTR_ERR(st);
	ret = vfio_register_group_dev(&st->vdev);
	if (ret)
		goto err_uninit;
	dev_set_drvdata(dev, st);
	return 0;

err_uninit:
	vfio_put_device(&st->vdev);
	return ret;
}

static void lec_remove(struct device *dev)
{
	struct lec_state *st = dev_get_drvdata(dev);

	vfio_unregister_group_dev(&st->vdev);
	vfio_put_device(&st->vdev);
}

#ifdef CONFIG_PM
static int lec_suspend(struct device *dev)
{
	return 0;
}
#endif
