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
static int lcg_init_dev(struct vfio_device *core_vdev)
{
	struct lcg_state *st = container_of(core_vdev, struct lcg_state, vdev);

	st->buf = kzalloc(128, GFP_KERNEL);
	if (!st->buf)
		return -ENOMEM;
	return 0;
}

static void lcg_release_dev(struct vfio_device *core_vdev)
{
	struct lcg_state *st = container_of(core_vdev, struct lcg_state, vdev);

	kfree(st->buf);
}

static const struct vfio_device_ops lcg_ops = {
	.name = "vfio-lcg",
	.init = lcg_init_dev,
	.release = lcg_release_dev,
};

static int lcg_probe(struct device *dev)
{
	struct lcg_state *st;
	int ret;

	st = vfio_alloc_device(lcg_state, vdev, dev, &lcg_ops);
	if (IS_ERR(st))
		return PTR_ERR(st);
	ret = vfio_register_group_dev(&st->vdev);
	if (ret)
		goto err_buf;
	dev_set_drvdata(dev, st);
	return 0;

err_buf:
	vfio_put_device(&st->vdev);
	return ret;
}

static void lcg_remove(struct device *dev)
{
	struct lcg_state *st = dev_get_drvdata(dev);

	vfio_unregister_group_dev(&st->vdev);
	vfio_put_device(&st->vdev);
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
