// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: the driver's vfio part is optional, under a feature guard of
 * its own; probe sets up a buffer between the init call and the
 * registration.  Every old call is in the one branch: converted (the set-up
 * moves into @init, its undo into @release) and the guard stays.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>

struct lcg_state {
	struct vfio_device vdev;
	u8 *buf;
};

#ifdef CONFIG_LCG_VFIO
static const struct vfio_device_ops lcg_ops = {
	.name = "vfio-lcg",
};

static int lcg_probe(struct device *dev)
{
	struct lcg_state *st;
	int ret;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	vfio_init_group_dev(&st->vdev, dev, &lcg_ops);
	st->buf = kzalloc(128, GFP_KERNEL);
	if (!st->buf) {
		ret = -ENOMEM;
		goto err_uninit;
	}
	ret = vfio_register_group_dev(&st->vdev);
	if (ret)
		goto err_buf;
	dev_set_drvdata(dev, st);
	return 0;

err_buf:
	kfree(st->buf);
err_uninit:
	vfio_uninit_group_dev(&st->vdev);
	kfree(st);
	return ret;
}

static void lcg_remove(struct device *dev)
{
	struct lcg_state *st = dev_get_drvdata(dev);

	vfio_unregister_group_dev(&st->vdev);
	vfio_uninit_group_dev(&st->vdev);
	kfree(st->buf);
	kfree(st);
}
#else
static int lcg_probe(struct device *dev)
{
	return -ENODEV;
}

static void lcg_remove(struct device *dev)
{
}
#endif
