// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: a platform front end of the lctail mid-layer.  Its label is
 * allocated before the library is called and freed after it.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include "lctail.h"

static int lctail_a_irq(struct lctail_state *st, int i)
{
	return platform_get_irq_optional(to_platform_device(st->parent), i);
}

static int lctail_a_init_dev(struct vfio_device *core_vdev)
{
	struct lctail_state *st =
		container_of(core_vdev, struct lctail_state, vdev);
	struct platform_device *pdev = to_platform_device(core_vdev->dev);
	int ret;

	st->label = kasprintf(GFP_KERNEL, "lctail-a-%d", pdev->id);
	if (!st->label)
		return -ENOMEM;
	st->need_table = true;
	st->get_irq = lctail_a_irq;

	ret = lctail_init_common(st);
	if (ret) {
		kfree(st->label);
		return ret;
	}
	return 0;
}

static void lctail_a_release_dev(struct vfio_device *core_vdev)
{
	struct lctail_state *st =
		container_of(core_vdev, struct lctail_state, vdev);

	lctail_release_common(st);
	kfree(st->label);
}

static const struct vfio_device_ops lctail_a_ops = {
	.name		= "vfio-lctail",
	.open_device	= lctail_open_device,
	.close_device	= lctail_close_device,
	.read		= lctail_read,
	.init = lctail_a_init_dev,
	.release = lctail_a_release_dev,
};

static int lctail_a_probe(struct platform_device *pdev)
{
	struct lctail_state *st;
	int ret;

	st = vfio_alloc_device(lctail_state, vdev, &pdev->dev, &lctail_a_ops);
	if (IS_ERR(st))
		return PTR_ERR(st);

	ret = lctail_probe_common(st, &pdev->dev);
	if (ret) {
		vfio_put_device(&st->vdev);
		return ret;
	}

	platform_set_drvdata(pdev, st);
	return 0;
}

static int lctail_a_remove(struct platform_device *pdev)
{
	struct lctail_state *st = platform_get_drvdata(pdev);

	lctail_remove_common(st);
	vfio_put_device(&st->vdev);
	return 0;
}

static struct platform_driver lctail_a_driver = {
	.probe = lctail_a_probe,
	.remove = lctail_a_remove,
	.driver = {
		.name = "lctail-a",
	},
};
module_platform_driver(lctail_a_driver);
MODULE_LICENSE("GPL");
