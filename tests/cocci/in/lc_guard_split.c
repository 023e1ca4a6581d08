// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: a driver built for several kernels, the uninit call only under
 * a "has uninit" guard of its own configure step (kernels before it had
 * none) while the other old calls are not guarded.  Converting one branch would leave the other wrong:
 * refused, naming the guard and its line; never half converted.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>

struct lcv_state {
	struct vfio_device vdev;
};

static const struct vfio_device_ops lcv_ops = {
	.name = "vfio-lcv",
};

static int lcv_probe(struct device *dev)
{
	struct lcv_state *st;
	int ret;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	vfio_init_group_dev(&st->vdev, dev, &lcv_ops);
	ret = vfio_register_group_dev(&st->vdev);
	if (ret) {
#ifdef HAVE_VFIO_UNINIT_GROUP_DEV
		vfio_uninit_group_dev(&st->vdev);
#endif
		kfree(st);
		return ret;
	}
	dev_set_drvdata(dev, st);
	return 0;
}

static void lcv_remove(struct device *dev)
{
	struct lcv_state *st = dev_get_drvdata(dev);

	vfio_unregister_group_dev(&st->vdev);
#ifdef HAVE_VFIO_UNINIT_GROUP_DEV
	vfio_uninit_group_dev(&st->vdev);
#endif
	kfree(st);
}
