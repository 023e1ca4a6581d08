// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: a platform front end of the lcmid mid-layer.  Its label is
 * allocated before the library is called and freed after it.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include "lcmid.h"

static int lcmid_a_irq(struct lcmid_state *st, int i)
{
	return platform_get_irq_optional(to_platform_device(st->parent), i);
}

static int lcmid_a_init_dev(struct vfio_device *core_vdev)
{
	struct lcmid_state *st =
		container_of(core_vdev, struct lcmid_state, vdev);
	struct platform_device *pdev = to_platform_device(core_vdev->dev);
	int ret;

	st->label = kasprintf(GFP_KERNEL, "lcmid-a-%d", pdev->id);
	if (!st->label)
		return -ENOMEM;
	st->need_table = true;
	st->get_irq = lcmid_a_irq;

	ret = lcmid_init_common(st);
	if (ret) {
		kfree(st->label);
		return ret;
	}
	return 0;
}

static void lcmid_a_release_dev(struct vfio_device *core_vdev)
{
	struct lcmid_state *st =
		container_of(core_vdev, struct lcmid_state, vdev);

	lcmid_release_common(st);
	kfree(st->label);
	vfio_free_device(core_vdev);
}

static const struct vfio_device_ops lcmid_a_ops = {
	.name		= "vfio-lcmid",
	.open_device	= lcmid_open_device,
	.close_device	= lcmid_close_device,
	.read		= lcmid_read,
	.init = lcmid_a_init_dev,
	.release = lcmid_a_release_dev,
};

static int lcmid_a_probe(struct platform_device *pdev)
{
	struct lcmid_state *st;
	int ret;

	st = vfio_alloc_device(lcmid_state, vdev, &pdev->dev, &lcmid_a_ops);
	if (IS_ERR(st))
		return PTR_ERR(st);

	ret = lcmid_probe_common(st, &pdev->dev);
	if (ret) {
		vfio_put_device(&st->vdev);
		return ret;
	}

	platform_set_drvdata(pdev, st);
	return 0;
}

static int lcmid_a_remove(struct platform_device *pdev)
{
	struct lcmid_state *st = platform_get_drvdata(pdev);

	lcmid_remove_common(st);
	vfio_put_device(&st->vdev);
	return 0;
}

static struct platform_driver lcmid_a_driver = {
	.probe = lcmid_a_probe,
	.remove = lcmid_a_remove,
	.driver = {
		.name = "lcmid-a",
	},
};
module_platform_driver(lcmid_a_driver);
MODULE_LICENSE("GPL");
