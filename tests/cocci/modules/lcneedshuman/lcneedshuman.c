// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture of tests/64-convert-paths.t: probe takes its state from
 * elsewhere (no allocation next to the old init call), so the converter
 * cannot tell who owns it and leaves the file to a human (make convert
 * exits 3).
 */
#include <linux/module.h>
#include <linux/mdev.h>
#include <linux/vfio.h>

struct lcnh_state {
	struct vfio_device vdev;
};

static struct lcnh_state *lcnh_spare;

static const struct vfio_device_ops lcnh_ops = {
	.name = "vfio-lcnh",
};

static struct lcnh_state *lcnh_take(void)
{
	return lcnh_spare;
}

static int lcnh_probe(struct mdev_device *mdev)
{
	struct lcnh_state *st = lcnh_take();
	int ret;

	vfio_init_group_dev(&st->vdev, &mdev->dev, &lcnh_ops);
	ret = vfio_register_emulated_iommu_dev(&st->vdev);
	if (ret) {
		vfio_uninit_group_dev(&st->vdev);
		return ret;
	}
	dev_set_drvdata(&mdev->dev, st);
	return 0;
}

static void lcnh_remove(struct mdev_device *mdev)
{
	struct lcnh_state *st = dev_get_drvdata(&mdev->dev);

	vfio_unregister_group_dev(&st->vdev);
	vfio_uninit_group_dev(&st->vdev);
}

static struct mdev_driver lcnh_driver = {
	.driver = {
		.name = "lcneedshuman",
		.owner = THIS_MODULE,
		.mod_name = KBUILD_MODNAME,
	},
	.probe = lcnh_probe,
	.remove = lcnh_remove,
};
module_driver(lcnh_driver, mdev_register_driver, mdev_unregister_driver);
MODULE_DESCRIPTION("vfio-lifecycle test fixture: old form the converter leaves alone");
MODULE_LICENSE("GPL");
