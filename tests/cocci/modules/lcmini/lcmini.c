// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture of tests/64-convert-paths.t: the smallest mdev driver of the
 * old life cycle, for make convert's paths, names, locks and exit codes.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/mdev.h>
#include <linux/vfio.h>

struct lcmini_state {
	struct vfio_device vdev;
};

static const struct vfio_device_ops lcmini_ops = {
	.name = "vfio-lcmini",
};

static int lcmini_probe(struct mdev_device *mdev)
{
	struct lcmini_state *st;
	int ret;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	vfio_init_group_dev(&st->vdev, &mdev->dev, &lcmini_ops);
	ret = vfio_register_emulated_iommu_dev(&st->vdev);
	if (ret) {
		vfio_uninit_group_dev(&st->vdev);
		kfree(st);
		return ret;
	}
	dev_set_drvdata(&mdev->dev, st);
	return 0;
}

static void lcmini_remove(struct mdev_device *mdev)
{
	struct lcmini_state *st = dev_get_drvdata(&mdev->dev);

	vfio_unregister_group_dev(&st->vdev);
	vfio_uninit_group_dev(&st->vdev);
	kfree(st);
}

static struct mdev_driver lcmini_driver = {
	.driver = {
		.name = "lcmini",
		.owner = THIS_MODULE,
		.mod_name = KBUILD_MODNAME,
	},
	.probe = lcmini_probe,
	.remove = lcmini_remove,
};
module_driver(lcmini_driver, mdev_register_driver, mdev_unregister_driver);
MODULE_DESCRIPTION("vfio-lifecycle test fixture: smallest old-form mdev driver");
MODULE_LICENSE("GPL");
