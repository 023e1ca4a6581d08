// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: a version guard around one old call only.  Kernels without
 * vfio_uninit_group_dev() (LEG_HAS_UNINIT unset) just free the state.
 * Converting the unguarded calls and not the guarded one (or the other
 * way round) would leave one of the two builds half converted: the file
 * is refused, naming the guard.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>

struct leg_state {
	struct vfio_device vdev;
};

static const struct vfio_device_ops leg_ops = {
	.name = "vfio-leg",
};

static int leg_probe(struct device *dev)
{
	struct leg_state *st;
	int ret;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	vfio_init_group_dev(&st->vdev, dev, &leg_ops);
	ret = vfio_register_group_dev(&st->vdev);
	if (ret) {
		kfree(st);
		return ret;
	}
	dev_set_drvdata(dev, st);
	return 0;
}

static void leg_remove(struct device *dev)
{
	struct leg_state *st = dev_get_drvdata(dev);

	vfio_unregister_group_dev(&st->vdev);
#ifdef LEG_HAS_UNINIT
	vfio_uninit_group_dev(&st->vdev);
#endif
	kfree(st);
}
